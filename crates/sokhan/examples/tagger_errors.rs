//! Error analysis of the tagger by jack-knifing on the train split (never the validation
//! slice): each train sentence is tagged by a model trained on the other folds, and the most
//! frequent UPOS, XPOS and FEATS confusions are printed (about a minute).
//!
//! ```text
//! python3 scripts/splits.py
//! cargo run --release -p sokhan --example tagger_errors
//! ```

use sokhan::tag::{bijankhan, Part, Tagger, TrainData, TrainOptions, TrainSentence};
use sokhan::{conllu, Normalizer};
use std::collections::HashMap;
use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/data");
    let split = root.join("target/splits/perdt-train.conllu");
    if !shared.join("bijankhan-train.tsv").is_file() || !split.is_file() {
        eprintln!("SKIPPED: needs ../shared/data and target/splits (run scripts/splits.py)");
        return;
    }
    let norm = Normalizer::default();
    let read = |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let train: Vec<TrainSentence> = conllu::parse(&read(split)).unwrap().iter().map(|s| TrainSentence::from_conllu(s, &norm)).collect();
    let secondary: Vec<TrainSentence> =
        conllu::parse(&read(shared.join("seraji-dev.conllu"))).unwrap().iter().map(|s| TrainSentence::from_conllu(s, &norm)).collect();
    let raw: Vec<Vec<String>> = read(shared.join("perdt-train-tokens.txt"))
        .split("\n\n")
        .map(|s| norm.normalize(&s.replace('\n', " ")).as_str().split_whitespace().map(str::to_string).collect())
        .collect();
    let bj = bijankhan::parse(&read(shared.join("bijankhan-train.tsv")), &norm);
    let data = TrainData { sentences: &train, bijankhan: &bj, secondary: &secondary, raw: &raw, ..TrainData::default() };
    const FOLDS: usize = 5;
    let taggers = Tagger::jackknife(data, &TrainOptions::default(), FOLDS, &mut |_| {});
    let mut upos: HashMap<(String, String), usize> = HashMap::new();
    let mut xpos: HashMap<(String, String), usize> = HashMap::new();
    // Forms behind each confusion.
    let mut forms: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
    let mut feats: HashMap<(String, String), usize> = HashMap::new();
    let (mut n, mut upos_err, mut xpos_err, mut feats_err) = (0usize, 0usize, 0usize, 0usize);
    for (i, s) in train.iter().enumerate() {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let parts: Vec<Part> = s.words.iter().map(|w| w.part).collect();
        for (p, g) in taggers[i % FOLDS].tag_parts(&words, &parts).iter().zip(&s.words) {
            n += 1;
            if p.upos != g.upos {
                upos_err += 1;
                *upos.entry((g.upos.clone(), p.upos.to_string())).or_default() += 1;
                *forms.entry((g.upos.clone(), p.upos.to_string())).or_default().entry(g.form.clone()).or_default() += 1;
            }
            if p.xpos != g.xpos {
                xpos_err += 1;
                *xpos.entry((g.xpos.clone(), p.xpos.to_string())).or_default() += 1;
                *forms.entry((g.xpos.clone(), p.xpos.to_string())).or_default().entry(g.form.clone()).or_default() += 1;
            }
            // FEATS errors of words whose UPOS and XPOS are right, keyed by UPOS.
            if p.feats != g.feats && p.upos == g.upos && p.xpos == g.xpos {
                feats_err += 1;
                let key = (format!("{} {}", g.upos, g.feats), format!("{} {}", p.upos, p.feats));
                *forms.entry(key.clone()).or_default().entry(g.form.clone()).or_default() += 1;
                *feats.entry(key).or_default() += 1;
            }
        }
    }
    assert!(n > 0);
    let show = |name: &str, m: &HashMap<(String, String), usize>, errs: usize| {
        let mut v: Vec<_> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        println!("{name}: {errs} errors in {n} words ({:.2}% accuracy); gold -> predicted:", 100.0 * (1.0 - errs as f64 / n as f64));
        for (k, ((g, p), c)) in v.iter().take(20).enumerate() {
            let mut f: Vec<_> = forms[&(g.clone(), p.clone())].iter().collect();
            f.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            let top: Vec<String> = f.iter().take(if k < 4 { 12 } else { 0 }).map(|(w, c)| format!("{w}:{c}")).collect();
            println!("  {c:>5}  {:>5.1}%  {g} -> {p}  {}", 100.0 * **c as f64 / errs as f64, top.join(" "));
        }
    };
    show("UPOS", &upos, upos_err);
    show("XPOS", &xpos, xpos_err);
    show("FEATS (UPOS and XPOS right)", &feats, feats_err);
}
