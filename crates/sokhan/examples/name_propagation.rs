//! Validation of "one name, one reading" ([`Tagger::tag_document`]) on held-out Bijankhan text,
//! which keeps its sentences in running order (PerDT's are shuffled, so they cannot show it).
//!
//! A tagger trained without the last 500 Bijankhan sentences tags them sentence by sentence and
//! as documents of N consecutive sentences; the script prints, for each N, proper-noun precision,
//! recall and F1, UPOS accuracy against the mapped Bijankhan tags and ezafe F1.
//!
//! ```text
//! SOKHAN_TAGGER_AUX_HOLDOUT=500 SOKHAN_TAGGER_OUT=target/tagger-ho500.skm \
//!     cargo run --release -p sokhan --example tagger_train
//! cargo run --release -p sokhan --example name_propagation -- target/tagger-ho500.skm
//! ```
//!
//! `SOKHAN_SHOW_CHANGES=1` lists every word whose UPOS or ezafe the document changes.

use sokhan::morph::Lexicon;
use sokhan::pipeline::LexiconOracle;
use sokhan::segment::Lexical;
use sokhan::tag::{bijankhan, Part, Tagger};
use sokhan::Normalizer;

#[derive(Default)]
struct Counts {
    words: usize,
    upos: usize,
    name_tp: usize,
    name_pred: usize,
    name_gold: usize,
    ez_tp: usize,
    ez_pred: usize,
    ez_gold: usize,
    changed: usize,
}

fn f1(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    (100.0 * p, 100.0 * r, if p + r > 0.0 { 200.0 * p * r / (p + r) } else { 0.0 })
}

fn main() {
    let mut args = std::env::args().skip(1);
    let model = args.next().unwrap_or_else(|| "target/tagger-ho500.skm".into());
    let show = std::env::var_os("SOKHAN_SHOW_CHANGES").is_some();
    let held_out: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(500);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tsv = root.join("../shared/data/bijankhan-train.tsv");
    let (Ok(bytes), Ok(text)) = (std::fs::read(&model), std::fs::read_to_string(&tsv)) else {
        eprintln!("SKIPPED: needs {model} (see the header of this file) and {}", tsv.display());
        return;
    };
    let tagger = Tagger::from_model_bytes(&bytes).expect("tagger model");
    let bj = bijankhan::parse(&text, &Normalizer::default());
    let test = &bj[bj.len().saturating_sub(held_out)..];
    let oracle = LexiconOracle(Lexicon::embedded());
    let unknown = |w: &str| !oracle.is_word(w);
    let words: Vec<Vec<&str>> = test.iter().map(|s| s.words.iter().map(|(w, _)| w.as_str()).collect()).collect();
    let parts: Vec<Vec<Part>> = words.iter().map(|w| vec![Part::Whole; w.len()]).collect();
    let base: Vec<Vec<(String, bool)>> =
        words.iter().zip(&parts).map(|(w, p)| tagger.tag_parts(w, p).into_iter().map(|t| (t.upos.to_string(), t.ezafe)).collect()).collect();
    println!("{} held-out Bijankhan sentences, {} words", test.len(), words.iter().map(Vec::len).sum::<usize>());
    println!("{:>9} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8}", "doc size", "UPOS", "name P", "name R", "name F1", "ezafe", "changed");
    for size in [1usize, 10, 25, 50, 100, 500] {
        let mut c = Counts::default();
        for (k0, chunk) in test.chunks(size).enumerate() {
            let k0 = k0 * size;
            let doc: Vec<(&[&str], &[Part])> = (k0..k0 + chunk.len()).map(|k| (words[k].as_slice(), parts[k].as_slice())).collect();
            let tagged = if size == 1 { base[k0..k0 + 1].to_vec() } else {
                tagger.tag_document(&doc, &unknown).into_iter().map(|s| s.into_iter().map(|t| (t.upos.to_string(), t.ezafe)).collect()).collect()
            };
            for (k, (sent, tags)) in chunk.iter().zip(&tagged).enumerate() {
                for (((_w, gold), (upos, ezafe)), was) in sent.words.iter().zip(tags).zip(&base[k0 + k]) {
                    let gold_upos = bijankhan::upos(gold);
                    let (gn, pn) = (gold_upos == "PROPN", upos == "PROPN");
                    let ge = bijankhan::has_ezafe(gold);
                    c.words += 1;
                    c.upos += usize::from(gold_upos == upos);
                    c.name_gold += usize::from(gn);
                    c.name_pred += usize::from(pn);
                    c.name_tp += usize::from(gn && pn);
                    c.ez_gold += usize::from(ge);
                    c.ez_pred += usize::from(*ezafe);
                    c.ez_tp += usize::from(ge && *ezafe);
                    if was.0 != *upos || was.1 != *ezafe {
                        c.changed += 1;
                        if show {
                            println!("  {size}: {} gold {gold}: {} {} -> {upos} {ezafe}", _w, was.0, was.1);
                        }
                    }
                }
            }
        }
        let (p, r, f) = f1(c.name_tp, c.name_pred, c.name_gold);
        let (_, _, ef) = f1(c.ez_tp, c.ez_pred, c.ez_gold);
        println!("{size:>9} {:>7.2} {p:>7.2} {r:>7.2} {f:>7.2} {ef:>7.2} {:>8}", 100.0 * c.upos as f64 / c.words as f64, c.changed);
    }
}
