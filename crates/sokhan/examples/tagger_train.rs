//! Trains the tagger from the shared data and scores it on the validation slice (it takes a
//! while). The model is written where `SOKHAN_TAGGER_OUT` says, if set.
//!
//! ```text
//! python3 scripts/splits.py
//! SOKHAN_TAGGER_OUT=crates/sokhan/models/tagger.skm \
//!   cargo run --release -p sokhan --example tagger_train
//! ```
//! The supported way to retrain is `sokhan train tagger`; this example is the same training
//! without the command line, for experiments (epochs via `SOKHAN_TAGGER_EPOCHS` and
//! `SOKHAN_TAGGER_AUX_EPOCHS`).

use sokhan::tag::{bijankhan, Tagger, TrainData, TrainOptions, TrainSentence};
use sokhan::{conllu, eval, morph, Normalizer};
use std::path::PathBuf;
use std::time::Instant;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let shared = root().join("../shared/data");
    let splits = root().join("target/splits");
    if !shared.join("bijankhan-train.tsv").is_file() || !splits.join("perdt-train.conllu").is_file() {
        eprintln!("SKIPPED: needs ../shared/data and target/splits (run scripts/splits.py)");
        return;
    }
    let norm = Normalizer::default();
    let read = |p: PathBuf| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let train_c = conllu::parse(&read(splits.join("perdt-train.conllu"))).unwrap();
    let val_c = conllu::parse(&read(splits.join("perdt-val.conllu"))).unwrap();
    let train: Vec<TrainSentence> = train_c.iter().map(|s| TrainSentence::from_conllu(s, &norm)).collect();
    let dev: Vec<TrainSentence> = val_c.iter().map(|s| TrainSentence::from_conllu(s, &norm)).collect();
    let secondary: Vec<TrainSentence> = if std::env::var_os("SOKHAN_TAGGER_NO_SERAJI").is_some() {
        Vec::new()
    } else {
        conllu::parse(&read(shared.join("seraji-dev.conllu"))).unwrap().iter().map(|s| TrainSentence::from_conllu(s, &norm)).collect()
    };
    let raw: Vec<Vec<String>> = if std::env::var_os("SOKHAN_TAGGER_NO_RAW").is_some() {
        Vec::new()
    } else {
        read(shared.join("perdt-train-tokens.txt"))
            .split("\n\n")
            .map(|s| norm.normalize(&s.replace('\n', " ")).as_str().split_whitespace().map(str::to_string).collect())
            .collect()
    };
    let mut bj = bijankhan::parse(&read(shared.join("bijankhan-train.tsv")), &norm);
    // `SOKHAN_TAGGER_AUX_DROP=N`: the last N Bijankhan sentences are left out entirely, so that
    // `SOKHAN_TAGGER_AUX_HOLDOUT` scores the sentences before them, a development slice for
    // choosing ezafe features without touching the reported test slice (the last 500).
    bj.truncate(bj.len().saturating_sub(env_usize("SOKHAN_TAGGER_AUX_DROP", 0)));
    let opts = TrainOptions {
        epochs: env_usize("SOKHAN_TAGGER_EPOCHS", TrainOptions::default().epochs),
        aux_epochs: env_usize("SOKHAN_TAGGER_AUX_EPOCHS", TrainOptions::default().aux_epochs),
        aux_holdout: env_usize("SOKHAN_TAGGER_AUX_HOLDOUT", 0),
        ezafe_epochs: env_usize("SOKHAN_TAGGER_EZAFE_EPOCHS", TrainOptions::default().ezafe_epochs),
        seed: 1,
        features: std::env::var("SOKHAN_TAGGER_FEATURES").ok().and_then(|v| v.parse().ok()).unwrap_or(TrainOptions::default().features),
        prune: std::env::var("SOKHAN_TAGGER_PRUNE").ok().and_then(|v| v.parse().ok()).unwrap_or(TrainOptions::default().prune),
        aux_prune: std::env::var("SOKHAN_TAGGER_AUX_PRUNE").ok().and_then(|v| v.parse().ok()).unwrap_or(TrainOptions::default().aux_prune),
        ..TrainOptions::default()
    };
    let t0 = Instant::now();
    let folds = env_usize("SOKHAN_TAGGER_CV", 0);
    if folds > 1 {
        // Model selection on the training split only: k-fold cross-validation of the main pass.
        let cv = Tagger::cross_validate(
            TrainData { sentences: &train, bijankhan: &bj, secondary: &secondary, raw: &raw, dev: &[], unlabeled: &[] },
            &opts,
            folds,
            &mut |p| if p.stage != "cv" { eprintln!("{:>9} {:>2}/{} [{:.1}s]", p.stage, p.epoch, p.epochs, t0.elapsed().as_secs_f64()) },
        );
        for (e, (u, x, f, a)) in cv.iter().enumerate() {
            eprintln!("CV{folds} features {} epoch {:>2}: UPOS {:.2} XPOS {:.2} FEATS {:.2} all {:.2}", opts.features, e + 1, u * 100.0, x * 100.0, f * 100.0, a * 100.0);
        }
        return;
    }
    let (tagger, report) = Tagger::train_with_progress(
        TrainData { sentences: &train, bijankhan: &bj, secondary: &secondary, raw: &raw, dev: &dev, unlabeled: &[] },
        &opts,
        &mut |p| eprintln!("{:>9} {:>2}/{}: train {:.4} dev {:?}  [{:.1}s]", p.stage, p.epoch, p.epochs, p.train_accuracy, p.dev, t0.elapsed().as_secs_f64()),
    );
    eprintln!("{report:?}\ntrained in {:.1}s", t0.elapsed().as_secs_f64());
    let bytes = tagger.to_model_bytes().unwrap();
    eprintln!("model: {:.2} MB", bytes.len() as f64 / 1e6);
    let t1 = Instant::now();
    let tagger = Tagger::from_model_bytes(&bytes).unwrap();
    eprintln!("load: {:.1} ms", t1.elapsed().as_secs_f64() * 1e3);
    if let Ok(out) = std::env::var("SOKHAN_TAGGER_OUT") {
        std::fs::write(&out, &bytes).unwrap();
        eprintln!("wrote {out}");
    }
    // Score with the UD metrics, lemmas from the lemmatizer with the predicted UPOS as hint.
    let lex = morph::Lexicon::embedded();
    let mut system = val_c.clone();
    for s in &mut system {
        let (mut d, _) = s.to_doc_sentence(0);
        for w in d.tokens.iter_mut().flat_map(|t| t.words.iter_mut()) {
            w.norm = norm.normalize(&w.form).as_str().to_string();
        }
        tagger.tag_sentence(&mut d);
        for w in d.tokens.iter_mut().flat_map(|t| t.words.iter_mut()) {
            w.lemma = morph::lemmatize(lex, &w.norm, Some(&w.upos));
        }
        s.fill_from_doc(&d).unwrap();
    }
    if std::env::var_os("SOKHAN_TAGGER_ERRORS").is_some() {
        let mut conf: std::collections::BTreeMap<String, usize> = Default::default();
        for (g, s) in val_c.iter().zip(&system) {
            for (a, b) in g.words().zip(s.words()) {
                if a.upos != b.upos || a.xpos != b.xpos || a.feats != b.feats {
                    *conf.entry(format!("{}|{}|{} -> {}|{}|{}", a.upos, a.xpos, a.feats, b.upos, b.xpos, b.feats)).or_default() += 1;
                    eprintln!("ERR {}\t{}|{}|{}\t{}|{}|{}", a.form, a.upos, a.xpos, a.feats, b.upos, b.xpos, b.feats);
                }
            }
        }
        let mut v: Vec<_> = conf.into_iter().collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.1));
        for (k, n) in v.iter().take(40) {
            eprintln!("{n:4} {k}");
        }
    }
    // Speed: tag the validation words (normalized beforehand) repeatedly, single-threaded.
    let sents: Vec<(Vec<String>, Vec<sokhan::tag::Part>)> =
        dev.iter().map(|s| (s.words.iter().map(|w| w.form.clone()).collect(), s.words.iter().map(|w| w.part).collect())).collect();
    let refs: Vec<(Vec<&str>, &[sokhan::tag::Part])> = sents.iter().map(|(w, p)| (w.iter().map(String::as_str).collect(), p.as_slice())).collect();
    let t2 = Instant::now();
    let mut n = 0usize;
    while t2.elapsed().as_secs_f64() < 2.0 {
        for (w, p) in &refs {
            n += tagger.tag_parts(w, p).len();
        }
    }
    eprintln!("speed: {:.0} words/s", n as f64 / t2.elapsed().as_secs_f64());
    let sc = eval::score(&val_c, &system).unwrap();
    for (name, v) in sc.f1_percent() {
        eprintln!("{name:>9} {v:6.2}");
    }
}
