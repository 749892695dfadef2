//! Accuracy of the embedded tagger on the validation slice of PerDT dev (sentence i of
//! perdt-dev.conllu with i % 10 == 9, never trained on), with gold words, scored with the UD
//! metrics. Skips, saying why, when `../shared/data` is absent.

use sokhan::tag::{Part, Tagger, TrainSentence};
use sokhan::{conllu, eval, Normalizer};
use std::path::PathBuf;
use std::time::Instant;

fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("SOKHAN_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    dir.join("perdt-dev.conllu").is_file().then_some(dir)
}

fn validation() -> Option<Vec<conllu::Sentence>> {
    let Some(dir) = shared_data() else {
        eprintln!("SKIPPED: ../shared/data/perdt-dev.conllu not found (set SOKHAN_SHARED_DATA to run)");
        return None;
    };
    let text = std::fs::read_to_string(dir.join("perdt-dev.conllu")).expect("readable");
    let all = conllu::parse(&text).expect("valid CoNLL-U");
    Some(all.into_iter().enumerate().filter(|(i, _)| i % 10 == 9).map(|(_, s)| s).collect())
}

#[test]
fn embedded_tagger_on_validation_slice() {
    let Some(gold) = validation() else { return };
    // Through the pipeline users run: normalize each gold word, tag, lemmatize with the tags.
    let pipeline = sokhan::Pipeline::default();
    let mut system = gold.clone();
    for s in &mut system {
        let (mut d, _) = s.to_doc_sentence(0);
        pipeline.annotate(&mut d);
        s.fill_from_doc(&d).expect("same words");
    }
    let sc = eval::score(&gold, &system).expect("same text");
    let (upos, xpos, feats, lemmas) = (sc.upos.f1 * 100.0, sc.xpos.f1 * 100.0, sc.ufeats.f1 * 100.0, sc.lemmas.f1 * 100.0);
    eprintln!("validation slice, gold words: UPOS {upos:.2}  XPOS {xpos:.2}  UFeats {feats:.2}  Lemmas (UPOS hint) {lemmas:.2}");
    // Floors slightly below what the shipped model achieves (see models/README.md).
    assert!(upos >= 94.6, "UPOS {upos:.2}");
    assert!(xpos >= 93.3, "XPOS {xpos:.2}");
    assert!(feats >= 94.0, "UFeats {feats:.2}");
}

/// Prints the time to decode the shipped model file (meaningful with `--release`).
#[test]
fn model_load_time() {
    let bytes = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/tagger.skm")).expect("model file");
    let t = Instant::now();
    let tagger = Tagger::from_model_bytes(&bytes).expect("the model decodes");
    eprintln!("tagger load: {:.1} ms ({:.2} MB file)", t.elapsed().as_secs_f64() * 1e3, bytes.len() as f64 / 1e6);
    assert!(tagger.label_count() > 50);
}

/// Prints the tagging speed (meaningful with `--release`).
#[test]
fn tagging_speed() {
    let Some(gold) = validation() else { return };
    let norm = Normalizer::default();
    let sents: Vec<TrainSentence> = gold.iter().map(|s| TrainSentence::from_conllu(s, &norm)).collect();
    let input: Vec<(Vec<&str>, Vec<Part>)> =
        sents.iter().map(|s| (s.words.iter().map(|w| w.form.as_str()).collect(), s.words.iter().map(|w| w.part).collect())).collect();
    let tagger = Tagger::embedded();
    let t = Instant::now();
    let mut n = 0;
    let secs: f64 = std::env::var("SOKHAN_SPEED_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(0.3);
    while t.elapsed().as_secs_f64() < secs {
        for (w, p) in &input {
            n += tagger.tag_parts(w, p).len();
        }
    }
    eprintln!("tagging speed: {:.0} words/s (single thread)", n as f64 / t.elapsed().as_secs_f64());
}
