//! Accuracy on the validation slice of PerDT dev and on Seraji dev, scored with the UD metrics.
//!
//! Needs `../shared/data` (beside the repository, or `SOKHAN_SHARED_DATA`); each test prints why
//! it skips when the data is absent. The validation slice is sentence i of perdt-dev.conllu with
//! i % 10 == 9: no model is ever trained on it (see scripts/splits.py and the model card).

use sokhan::{conllu, eval, Pipeline};
use std::path::PathBuf;

fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("SOKHAN_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    dir.join("perdt-dev.conllu").is_file().then_some(dir)
}

macro_rules! data_or_skip {
    () => {
        match shared_data() {
            Some(d) => d,
            None => {
                eprintln!("SKIPPED: ../shared/data/perdt-dev.conllu not found (set SOKHAN_SHARED_DATA to run)");
                return;
            }
        }
    };
}

fn validation_slice(all: Vec<conllu::Sentence>) -> Vec<conllu::Sentence> {
    all.into_iter().enumerate().filter(|(i, _)| i % 10 == 9).map(|(_, s)| s).collect()
}

/// The raw text of a treebank as `ud_eval`'s companion `raw_text.py` makes it: `# text` of
/// `per_paragraph` sentences joined by spaces, paragraphs separated by a blank line.
fn raw_text(sentences: &[conllu::Sentence], per_paragraph: usize) -> String {
    sentences
        .chunks(per_paragraph)
        .map(|p| p.iter().map(|s| s.text().unwrap_or("").trim()).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn score_raw(gold: &[conllu::Sentence]) -> eval::Scores {
    let text = raw_text(gold, 8);
    let doc = Pipeline::default().analyze(&text);
    let system = conllu::parse(&conllu::write_document(&doc, None)).expect("own CoNLL-U parses");
    eval::score(gold, &system).expect("same text")
}

fn score_gold_words(gold: &[conllu::Sentence]) -> eval::Scores {
    score_gold_words_with(&Pipeline::default(), gold)
}

fn score_gold_words_with(pipeline: &Pipeline, gold: &[conllu::Sentence]) -> eval::Scores {
    let mut system = gold.to_vec();
    for s in &mut system {
        let (mut analysed, _) = s.to_doc_sentence(0);
        for w in analysed.tokens.iter_mut().flat_map(|t| t.words.iter_mut()) {
            w.lemma.clear();
        }
        pipeline.annotate(&mut analysed);
        s.fill_from_doc(&analysed).expect("same words");
    }
    eval::score(gold, &system).expect("same text")
}

fn load(dir: &std::path::Path, name: &str) -> Vec<conllu::Sentence> {
    let text = std::fs::read_to_string(dir.join(name)).expect("readable");
    conllu::parse(&text).expect("well-formed treebank")
}

#[test]
fn perdt_validation_segmentation_from_raw_text() {
    let dir = data_or_skip!();
    let gold = validation_slice(load(&dir, "perdt-dev.conllu"));
    let s = score_raw(&gold);
    eprintln!("PerDT validation, raw text:\n{s}");
    assert!(s.tokens.f1 >= 0.995, "Tokens F1 {}", s.tokens.f1);
    assert!(s.words.f1 >= 0.990, "Words F1 {}", s.words.f1);
    assert!(s.sentences.f1 >= 0.97, "Sentences F1 {}", s.sentences.f1);
}

#[test]
fn perdt_validation_lemmas_on_gold_words() {
    let dir = data_or_skip!();
    let gold = validation_slice(load(&dir, "perdt-dev.conllu"));
    let s = score_gold_words(&gold);
    let untagged = score_gold_words_with(&Pipeline::default().without_tagger(), &gold);
    eprintln!(
        "PerDT validation, gold words: UPOS {:.2} XPOS {:.2} UFeats {:.2} Lemmas {:.2} (without the tagger's hint: {:.2})",
        s.upos.f1 * 100.0,
        s.xpos.f1 * 100.0,
        s.ufeats.f1 * 100.0,
        s.lemmas.f1 * 100.0,
        untagged.lemmas.f1 * 100.0
    );
    assert!(s.lemmas.f1 >= 0.95, "Lemmas {}", s.lemmas.f1);
}

#[test]
fn seraji_dev_segmentation_from_raw_text() {
    let dir = data_or_skip!();
    if !dir.join("seraji-dev.conllu").is_file() {
        eprintln!("SKIPPED: seraji-dev.conllu not found");
        return;
    }
    let gold = load(&dir, "seraji-dev.conllu");
    let s = score_raw(&gold);
    eprintln!("Seraji dev (other conventions; never trained on for segmentation), raw text:\n{s}");
    // Seraji ends sentences at ':' and never glues punctuation into split tokens; reported, with floors.
    assert!(s.tokens.f1 >= 0.99, "Tokens F1 {}", s.tokens.f1);
    assert!(s.words.f1 >= 0.98, "Words F1 {}", s.words.f1);
    assert!(s.sentences.f1 >= 0.90, "Sentences F1 {}", s.sentences.f1);
}
