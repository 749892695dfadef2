//! NER scoring (`eval::ner`) cross-checked on the real NER files of `../shared/data`.
//!
//! Needs `../shared/data` (beside the repository, or `SOKHAN_SHARED_DATA`); each test prints why
//! it skips when a file is absent.

use sokhan::conllu::{self, Row};
use sokhan::eval::ner::{self, NerOptions, NerSentence, NerToken};
use std::path::PathBuf;

fn shared_file(rel: &str) -> Option<String> {
    let dir = std::env::var_os("SOKHAN_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    std::fs::read_to_string(dir.join(rel)).ok()
}

macro_rules! file_or_skip {
    ($rel:expr) => {
        match shared_file($rel) {
            Some(t) => t,
            None => {
                eprintln!(
                    "SKIPPED: ../shared/data/{} not found (set SOKHAN_SHARED_DATA to run)",
                    $rel
                );
                return;
            }
        }
    };
}

const PARSTWINER_DEV: &str = "ner/parstwiner-dev.txt";
const PERDT_NER: &str = "perdt-extra/perdt-dev-ner.txt";

fn with_overlap() -> NerOptions {
    NerOptions {
        overlap: true,
        ..Default::default()
    }
}

#[test]
fn parstwiner_dev_against_itself_is_100() {
    let text = file_or_skip!(PARSTWINER_DEV);
    let gold = ner::read(&text).expect("ParsTwiNER dev reads");
    assert!(gold.len() > 400, "{} sentences", gold.len());
    let s = ner::score(&gold, &gold, &with_overlap()).expect("scores");
    assert!(s.exact.micro.gold > 900, "{}", s.exact.micro.gold);
    assert_eq!(s.exact.micro.f1, 100.0);
    assert_eq!(s.overlap.as_ref().unwrap().micro.f1, 100.0);
    for t in ["PER", "ORG", "LOC", "EVE", "POG", "NAT"] {
        assert_eq!(s.exact.per_type[t].f1, 100.0, "{t}");
    }
}

#[test]
fn perdt_dev_ner_against_itself_is_100() {
    let text = file_or_skip!(PERDT_NER);
    let gold = ner::read(&text).expect("PerDT NER reads");
    let s = ner::score(&gold, &gold, &NerOptions::default()).expect("scores");
    assert!(s.exact.micro.gold > 300);
    assert_eq!(s.exact.micro.f1, 100.0);
    assert_eq!(
        s.exact.per_type.keys().collect::<Vec<_>>(),
        ["DAT", "LOC", "MON", "ORG", "PCT", "PER", "TIM"]
    );
}

#[test]
fn parstwiner_dev_retokenized_and_as_conllu_is_still_100() {
    let text = file_or_skip!(PARSTWINER_DEV);
    let gold = ner::read(&text).expect("reads");
    // System: two gold sentences a sentence, and every outside token with a ZWNJ split there
    // (the ZWNJ starting the second part).
    let mut system: Vec<NerSentence> = Vec::new();
    for pair in gold.chunks(2) {
        let mut s = NerSentence::default();
        for t in pair.iter().flat_map(|s| &s.tokens) {
            match t.form.split_once('\u{200c}') {
                Some((a, b)) if t.label.tag == ner::Tag::O && !a.is_empty() => {
                    for form in [a.to_string(), format!("\u{200c}{b}")] {
                        s.tokens.push(NerToken {
                            form,
                            label: t.label.clone(),
                            line: None,
                        });
                    }
                }
                _ => s.tokens.push(t.clone()),
            }
        }
        system.push(s);
    }
    let sc = ner::score(&gold, &system, &NerOptions::default()).expect("same text");
    assert!(sc.system_tokens > sc.gold_tokens);
    assert_eq!(sc.exact.micro.f1, 100.0);

    // The same gold written as CoNLL-U with NER= in MISC, read back through the CoNLL-U path.
    let sentences: Vec<conllu::Sentence> = gold
        .iter()
        .enumerate()
        .map(|(i, s)| conllu::Sentence {
            comments: vec![format!("# sent_id = tw-{}", i + 1)],
            rows: s
                .tokens
                .iter()
                .enumerate()
                .map(|(k, t)| Row {
                    misc: format!("NER={}", t.label),
                    ..Row::word(k + 1, &t.form)
                })
                .collect(),
        })
        .collect();
    let written = conllu::write(&sentences);
    assert_eq!(ner::detect(&written), ner::Format::Conllu);
    let back = ner::read(&written).expect("CoNLL-U reads");
    let sc = ner::score(&gold, &back, &NerOptions::default()).expect("same text");
    assert_eq!(sc.exact.micro.f1, 100.0);
}

#[test]
fn parstwiner_dev_with_every_inside_label_made_a_begin() {
    let text = file_or_skip!(PARSTWINER_DEV);
    let gold = ner::read(&text).expect("reads");
    // Expected, counted independently: only one-token entities stay exact; every gold entity
    // still overlaps a system one of its type and every system piece overlaps its gold entity.
    let entities: Vec<_> = gold.iter().flat_map(|s| s.entities()).collect();
    let single = entities.iter().filter(|e| e.end - e.start == 1).count();
    let pieces: usize = entities.iter().map(|e| e.end - e.start).sum();
    let mut system = gold.clone();
    for t in system.iter_mut().flat_map(|s| s.tokens.iter_mut()) {
        if t.label.tag == ner::Tag::I {
            t.label.tag = ner::Tag::B;
        }
    }
    let s = ner::score(&gold, &system, &with_overlap()).expect("scores");
    let m = s.exact.micro;
    assert_eq!(
        (m.gold, m.system, m.correct),
        (entities.len(), pieces, single)
    );
    let o = s.overlap.unwrap().micro;
    assert_eq!((o.correct, o.gold_matched), (pieces, entities.len()));
    assert_eq!((o.precision, o.recall), (100.0, 100.0));
}
