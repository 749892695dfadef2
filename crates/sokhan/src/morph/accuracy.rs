//! Lemma accuracy on held-out gold data (skipped when `../shared` or the splits are absent).
//!
//! Run with `cargo test -p sokhan --release morph::accuracy -- --nocapture`.

use super::{lemmatize, Lexicon};
use std::collections::HashMap;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(form, lemma, upos)` of every syntactic word.
fn gold_words(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c.len() == 10 && c[0].bytes().all(|b| b.is_ascii_digit()))
                .then(|| (c[1].to_string(), c[2].to_string(), c[3].to_string()))
        })
        .collect()
}

/// Accuracy without and with the gold UPOS hint, printing the top confusions.
fn score(name: &str, text: &str) -> (f64, f64) {
    let lex = Lexicon::embedded();
    let words = gold_words(text);
    let (mut plain, mut hinted) = (0usize, 0usize);
    let mut errors: HashMap<(String, String, String, String), usize> = HashMap::new();
    for (form, gold, upos) in &words {
        let p = lemmatize(lex, form, None);
        if &p == gold {
            plain += 1;
        } else {
            *errors.entry((form.clone(), p, gold.clone(), upos.clone())).or_default() += 1;
        }
        if &lemmatize(lex, form, Some(upos)) == gold {
            hinted += 1;
        }
    }
    let n = words.len().max(1) as f64;
    let (a, b) = (100.0 * plain as f64 / n, 100.0 * hinted as f64 / n);
    eprintln!("{name}: {} words, lemma accuracy {a:.2}% without hint, {b:.2}% with gold UPOS", words.len());
    let mut errs: Vec<_> = errors.into_iter().collect();
    errs.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    let top = std::env::var("SOKHAN_LEMMA_ERRORS").ok().and_then(|v| v.parse().ok()).unwrap_or(25);
    for ((form, got, gold, upos), c) in errs.iter().take(top) {
        eprintln!("  {c:>3}  {form}  → {got}  (gold {gold}, {upos})");
    }
    (a, b)
}

#[test]
fn perdt_validation_lemma_accuracy() {
    let path = root().join("target/splits/perdt-val.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent (run `python3 scripts/splits.py` with ../shared present)", path.display());
        return;
    };
    let (plain, hinted) = score("PerDT validation", &text);
    assert!(plain >= 96.0, "lemma accuracy without hint fell to {plain:.2}%");
    assert!(hinted >= 96.5, "lemma accuracy with UPOS hint fell to {hinted:.2}%");
}

#[test]
fn seraji_dev_lemma_accuracy() {
    let path = root().join("../shared/data/seraji-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    // Seraji's lemma conventions differ (e.g. passive `شد` → `کرد`); informative only.
    let (plain, _) = score("Seraji dev", &text);
    assert!(plain >= 93.0, "Seraji lemma accuracy fell to {plain:.2}%");
}
