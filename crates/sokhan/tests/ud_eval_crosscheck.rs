//! `sokhan::eval::score` agrees with the reference scorer `../shared/tools/ud_eval.py`.
//!
//! Gold is a treebank from `../shared/data`; the system file is a deterministic perturbation of
//! it (labels changed, tokens split and merged, multiword tokens undone or re-split, sentence
//! boundaries moved). Both scorers must print the same numbers. Skips, with a message, when
//! `python3` or the shared files are missing.

use sokhan::conllu::{self, Row, RowId, Sentence};
use sokhan::eval;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Deterministic pseudo-random numbers (64-bit LCG).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// A word with a corpus-wide identity so heads survive re-segmentation.
#[derive(Clone)]
struct W {
    key: usize,
    head: Option<usize>, // key of the head word; None = root
    bad_head: bool,      // HEAD was `_` or pointed nowhere
    row: Row,
}

#[derive(Clone)]
struct T {
    form: String,
    no_space: bool,
    words: Vec<W>,
}

/// Flattens the treebank to tokens with sentence-start flags.
fn flatten(sents: &[Sentence]) -> Vec<(bool, T)> {
    let mut out = Vec::new();
    let mut next_key = 0;
    for s in sents {
        let base = next_key;
        next_key += s.word_count();
        for (i, t) in s.tokens().iter().enumerate() {
            let words = t
                .words
                .iter()
                .map(|r| {
                    let RowId::Word(id) = r.id else {
                        unreachable!()
                    };
                    let (head, bad_head) = match r.head_index() {
                        Some(0) => (None, false),
                        Some(h) if h <= s.word_count() => (Some(base + h - 1), false),
                        _ => (None, true),
                    };
                    W {
                        key: base + id - 1,
                        head,
                        bad_head,
                        row: (*r).clone(),
                    }
                })
                .collect();
            out.push((
                i == 0,
                T {
                    form: t.form().to_string(),
                    no_space: !t.space_after(),
                    words,
                },
            ));
        }
    }
    out
}

/// Splits a string after `k` characters.
fn split_chars(s: &str, k: usize) -> (String, String) {
    let at = s.char_indices().nth(k).map_or(s.len(), |(i, _)| i);
    (s[..at].to_string(), s[at..].to_string())
}

fn perturb(gold: &[Sentence], seed: u64) -> Vec<Sentence> {
    let mut rng = Lcg(seed);
    let flat = flatten(gold);
    let mut fresh = flat.iter().map(|(_, t)| t.words.len()).sum::<usize>();
    let mut alias: HashMap<usize, usize> = HashMap::new();
    let mut out: Vec<(bool, T)> = Vec::new();
    let mut i = 0;
    while i < flat.len() {
        let (mut start, mut t) = flat[i].clone();
        i += 1;
        // Sentence boundaries: drop some, add some.
        if start && rng.chance(12) {
            start = false;
        } else if !start && rng.chance(40) {
            start = true;
        }
        // Column changes.
        for w in &mut t.words {
            let r = &mut w.row;
            if rng.chance(7) {
                r.lemma = format!("{}ی", r.lemma);
            }
            if rng.chance(11) {
                r.upos = if r.upos == "NOUN" {
                    "ADJ".into()
                } else {
                    "NOUN".into()
                };
            }
            if rng.chance(13) {
                r.xpos = "_".into();
            }
            if rng.chance(9) {
                r.feats = if r.feats == "_" {
                    "Number=Sing".into()
                } else {
                    "_".into()
                };
            }
            if rng.chance(15) {
                r.deprel = ["nmod", "obl", "nmod:poss", "amod", "dep"][rng.below(5)].into();
            }
            if rng.chance(17) {
                w.head = if rng.chance(3) {
                    None
                } else {
                    Some(w.key.saturating_sub(1 + rng.below(3)))
                };
            }
        }
        let chars = t.form.chars().count();
        if t.words.len() == 1 && chars >= 4 && !t.form.contains(' ') && rng.chance(25) {
            // Split a token in two.
            let (a, b) = split_chars(&t.form, 1 + rng.below(chars - 1));
            let mut w1 = t.words[0].clone();
            w1.row.form = a.clone();
            let mut w2 = W {
                key: fresh,
                head: Some(w1.key),
                bad_head: false,
                row: Row::word(0, &b),
            };
            fresh += 1;
            w2.row.deprel = "dep".into();
            out.push((
                start,
                T {
                    form: a,
                    no_space: true,
                    words: vec![w1],
                },
            ));
            out.push((
                false,
                T {
                    form: b,
                    no_space: t.no_space,
                    words: vec![w2],
                },
            ));
            continue;
        }
        if t.words.len() == 1
            && i < flat.len()
            && !flat[i].0
            && flat[i].1.words.len() == 1
            && rng.chance(30)
        {
            // Merge with the next token into one word.
            let (_, next) = &flat[i];
            i += 1;
            let mut w = t.words[0].clone();
            alias.insert(next.words[0].key, w.key);
            w.row.form = format!("{}{}", t.form, next.form);
            out.push((
                start,
                T {
                    form: w.row.form.clone(),
                    no_space: next.no_space,
                    words: vec![w],
                },
            ));
            continue;
        }
        if t.words.len() > 1 && rng.chance(4) {
            // Undo a multiword token: one word with the token's form.
            let mut w = t.words[0].clone();
            for other in &t.words[1..] {
                alias.insert(other.key, w.key);
            }
            w.row.form = t.form.clone();
            out.push((
                start,
                T {
                    words: vec![w],
                    ..t
                },
            ));
            continue;
        }
        if t.words.len() > 1 && rng.chance(4) {
            // Re-spell the words of a multiword token (same count: aligned by position).
            for w in &mut t.words {
                w.row.form = format!("{}ـ", w.row.form);
            }
        }
        out.push((start, t));
    }
    // Build sentences, renumbering words and heads.
    let mut sents: Vec<Vec<T>> = Vec::new();
    for (start, t) in out {
        if start || sents.is_empty() {
            sents.push(Vec::new());
        }
        sents.last_mut().unwrap().push(t);
    }
    let resolve = |k: usize| {
        let mut k = k;
        while let Some(&a) = alias.get(&k) {
            k = a;
        }
        k
    };
    sents
        .into_iter()
        .map(|toks| {
            let mut ids = HashMap::new();
            let mut n = 0;
            for t in &toks {
                for w in &t.words {
                    n += 1;
                    ids.insert(w.key, n);
                }
            }
            let mut rows = Vec::new();
            let mut n = 0;
            for t in toks {
                let misc = |last: bool| {
                    if last && t.no_space {
                        "SpaceAfter=No".to_string()
                    } else {
                        "_".to_string()
                    }
                };
                if t.words.len() > 1 {
                    let mut r = Row::word(0, &t.form);
                    r.id = RowId::Range(n + 1, n + t.words.len());
                    r.misc = misc(true);
                    rows.push(r);
                }
                let multi = t.words.len() > 1;
                let count = t.words.len();
                for (j, w) in t.words.into_iter().enumerate() {
                    n += 1;
                    let mut r = w.row;
                    r.id = RowId::Word(n);
                    r.head = if w.bad_head {
                        "_".into()
                    } else {
                        match w.head.map(resolve) {
                            None => "0".into(),
                            Some(k) => ids.get(&k).map_or("0".to_string(), |h| h.to_string()),
                        }
                    };
                    r.misc = if multi {
                        "_".into()
                    } else {
                        misc(j + 1 == count)
                    };
                    rows.push(r);
                }
            }
            Sentence {
                comments: vec![],
                rows,
            }
        })
        .collect()
}

fn python_ok() -> bool {
    match Command::new("python3").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            eprintln!("skipping: python3 is not available");
            false
        }
    }
}

fn run_ud_eval(gold: &Path, system: &Path, flags: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(shared().join("tools/ud_eval.py"))
        .arg(gold)
        .arg(system)
        .args(flags)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "ud_eval.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("sokhan-crosscheck-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

/// Scores with both tools and compares the JSON, the plain output and the verbose output.
fn compare(name: &str, gold_path: &Path, gold: &[Sentence], system: &[Sentence]) -> eval::Scores {
    let sys_path = temp_file(&format!("{name}.conllu"), &conllu::write(system));
    let ours = eval::score(gold, system).unwrap();
    let json = run_ud_eval(gold_path, &sys_path, &["--json"]);
    let theirs: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json).unwrap();
    eprintln!(
        "{name}:\n  ud_eval.py {}\n  sokhan     {}",
        json.trim(),
        ours.to_ud_eval_json()
    );
    for (metric, value) in ours.f1_percent() {
        let expected = theirs[metric].as_f64().unwrap();
        assert!(
            (value - expected).abs() < 1e-9,
            "{name} {metric}: sokhan {value} vs ud_eval.py {expected}"
        );
    }
    assert_eq!(json.trim_end(), ours.to_ud_eval_json());
    // The verbose lines are the plain ones plus P and R.
    let verbose = run_ud_eval(gold_path, &sys_path, &["--verbose"]);
    assert_eq!(verbose, format!("{ours:#}"), "{name}: verbose output");
    let plain: String = verbose.lines().map(|l| format!("{}\n", &l[..17])).collect();
    assert_eq!(plain, ours.to_string(), "{name}: plain output");
    let _ = std::fs::remove_file(&sys_path);
    ours
}

fn crosscheck_file(file: &str, seeds: &[u64]) {
    if !python_ok() {
        return;
    }
    let gold_path = shared().join("data").join(file);
    let Ok(text) = std::fs::read_to_string(&gold_path) else {
        eprintln!("skipping: {} is absent", gold_path.display());
        return;
    };
    let gold = conllu::parse(&text).unwrap();
    let same = compare(&format!("{file}-identity"), &gold_path, &gold, &gold);
    assert_eq!(same.las.f1, 1.0);
    for &seed in seeds {
        let system = perturb(&gold, seed);
        let sc = compare(&format!("{file}-seed{seed}"), &gold_path, &gold, &system);
        // The perturbation must actually exercise every part of the scorer.
        assert!(
            sc.tokens.f1 < 1.0 && sc.sentences.f1 < 1.0 && sc.words.f1 < 1.0,
            "{file}: weak perturbation"
        );
        assert!(sc.las.f1 < sc.uas.f1 && sc.las_full.f1 <= sc.las.f1);
    }
}

#[test]
fn perdt_dev_matches_ud_eval() {
    crosscheck_file("perdt-dev.conllu", &[1, 2]);
}

#[test]
fn seraji_dev_matches_ud_eval() {
    crosscheck_file("seraji-dev.conllu", &[4]);
}

#[test]
fn blanked_system_matches_ud_eval() {
    // Gold words with every predicted column blanked (HEAD `_`): everything but
    // Tokens/Sentences/Words is near zero, and no head is ever right.
    if !python_ok() {
        return;
    }
    let gold_path = shared().join("data/perdt-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&gold_path) else {
        eprintln!("skipping: {} is absent", gold_path.display());
        return;
    };
    let gold = conllu::parse(&text).unwrap();
    let mut blank = gold.clone();
    for s in &mut blank {
        for r in s.words_mut() {
            for c in [
                &mut r.lemma,
                &mut r.upos,
                &mut r.xpos,
                &mut r.feats,
                &mut r.head,
                &mut r.deprel,
            ] {
                *c = "_".into();
            }
        }
    }
    let sc = compare("perdt-blank", &gold_path, &gold, &blank);
    assert_eq!(sc.words.f1, 1.0);
    assert_eq!(sc.uas.correct, 0);
}

#[test]
fn text_mismatch_reports_the_same_position() {
    if !python_ok() {
        return;
    }
    let gold_path = shared().join("data/perdt-dev.conllu");
    let Ok(text) = std::fs::read_to_string(&gold_path) else {
        eprintln!("skipping: {} is absent", gold_path.display());
        return;
    };
    let gold = conllu::parse(&text).unwrap();
    let mut system = gold.clone();
    let row = system[40].words_mut().nth(3).unwrap();
    row.form = format!("{}x", row.form);
    let sys_path = temp_file("mismatch.conllu", &conllu::write(&system));
    let out = Command::new("python3")
        .arg(shared().join("tools/ud_eval.py"))
        .arg(&gold_path)
        .arg(&sys_path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&sys_path);
    assert!(!out.status.success());
    let theirs = String::from_utf8_lossy(&out.stderr);
    let index: String = theirs
        .split("non-space char ")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let ours = eval::score(&gold, &system).unwrap_err().to_string();
    eprintln!("ud_eval.py: {}sokhan: {ours}", theirs);
    assert!(
        ours.contains(&format!("non-space character {index},")),
        "{ours}"
    );
    assert!(ours.contains("sent_id dev-s41"), "{ours}");
}
