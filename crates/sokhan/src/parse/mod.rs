//! Dependency parsing: a Universal Dependencies tree (HEAD and DEPREL, with PerDT's subtypes
//! such as `compound:lvc` and `obl:arg`) for every sentence.
//!
//! The [`Parser`] is a greedy arc-hybrid transition parser (`parse::system`) scored by an averaged
//! perceptron over hashed features (`parse::features`: the Zhang and Nivre 2011 set, lemma pairs,
//! word clusters learned from raw text, ezafe). It is trained with a dynamic oracle (Goldberg
//! and Nivre 2013), so it learns to recover from its own mistakes and can learn from
//! non-projective trees (it outputs projective ones). Whatever the scores, the output is one
//! tree: every word has a head, exactly one word hangs from the root, and there are no cycles.
//!
//! Input words carry the tagger's predictions (UPOS, XPOS, FEATS, lemma, ezafe): the parser
//! is trained on jack-knifed tags, so it expects tags as noisy as the tagger's.
//!
//! ```
//! use sokhan::parse::{Parser, ParseWord};
//! let w = |form, upos| ParseWord { form, lemma: form, upos, xpos: "", feats: "", ezafe: false };
//! let tree = Parser::embedded().parse(&[w("او", "PRON"), w("آمد", "VERB"), w(".", "PUNCT")]);
//! assert_eq!(tree.len(), 3);
//! assert_eq!(tree.iter().filter(|a| a.head == 0).count(), 1);
//! ```

pub(crate) mod features;
pub(crate) mod system;

use crate::conllu;
use crate::doc;
use crate::model::{self, ModelKind};
use crate::tag::cluster;
use crate::tag::hash;
use crate::tag::perceptron::{Frozen, IdMap, StoredWeights, Trainer};
use crate::{Error, Normalizer};
use features::Tok;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use system::{left, right, State, SHIFT};

/// One input word: its normalized form and the tagger's predictions (empty strings for none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParseWord<'a> {
    /// Normalized form.
    pub form: &'a str,
    /// Lemma.
    pub lemma: &'a str,
    /// Universal POS.
    pub upos: &'a str,
    /// PerDT XPOS.
    pub xpos: &'a str,
    /// FEATS in CoNLL-U syntax.
    pub feats: &'a str,
    /// Whether the tagger guessed an ezafe on the word.
    pub ezafe: bool,
}

/// The head and relation of one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arc<'a> {
    /// 1-based index of the head word, 0 for the root.
    pub head: usize,
    /// Dependency relation (`nsubj`, `compound:lvc`, ...).
    pub deprel: &'a str,
}

/// One word of a training sentence (predicted tags, gold tree).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainWord {
    /// Normalized form.
    pub form: String,
    /// Lemma (as the pipeline predicts it).
    pub lemma: String,
    /// UPOS (as the tagger predicts it).
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// FEATS.
    pub feats: String,
    /// Ezafe guess.
    pub ezafe: bool,
    /// Gold head (0 = root).
    pub head: usize,
    /// Gold relation.
    pub deprel: String,
}

/// A training sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainSentence {
    /// The syntactic words in order.
    pub words: Vec<TrainWord>,
    /// Which treebank the sentence comes from: 0 for the target scheme (PerDT), another
    /// number for a treebank with other conventions (see [`TrainOptions::treebank_features`]).
    pub treebank: u8,
}

fn value(s: &str) -> String {
    if s == "_" {
        String::new()
    } else {
        s.to_string()
    }
}

impl TrainSentence {
    /// The words of a CoNLL-U sentence: forms normalized with `normalizer`, the LEMMA, UPOS,
    /// XPOS and FEATS columns as given (they should be *predicted*, e.g. jack-knifed), ezafe
    /// from `Ezafe=Yes` in MISC, gold HEAD and DEPREL. `None` when a head is missing or out of
    /// range (such a sentence cannot be trained on).
    pub fn from_conllu(s: &conllu::Sentence, normalizer: &Normalizer) -> Option<TrainSentence> {
        let n = s.word_count();
        let mut words = Vec::with_capacity(n);
        for w in s.words() {
            let head = w.head_index()?;
            if head > n {
                return None;
            }
            let norm = normalizer.normalize(&w.form);
            let norm = norm.as_str().trim();
            words.push(TrainWord {
                form: if norm.is_empty() { w.form.clone() } else { norm.to_string() },
                lemma: value(&w.lemma),
                upos: value(&w.upos),
                xpos: value(&w.xpos),
                feats: value(&w.feats),
                ezafe: w.misc.split('|').any(|m| m == "Ezafe=Yes"),
                head,
                deprel: value(&w.deprel),
            });
        }
        Some(TrainSentence { words, treebank: 0 })
    }

    fn parse_words(&self) -> Vec<ParseWord<'_>> {
        self.words
            .iter()
            .map(|w| ParseWord { form: &w.form, lemma: &w.lemma, upos: &w.upos, xpos: &w.xpos, feats: &w.feats, ezafe: w.ezafe })
            .collect()
    }
}

/// Salt of the treebank-marked copies of features ([`TrainOptions::treebank_features`]).
const TREEBANK_MARK: u64 = 0x7472_6565_6261_6e6b;

/// Training settings.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seed of shuffling and exploration; the same data and seed give the same model.
    pub seed: u64,
    /// From this epoch on (0-based), the parser follows its own prediction, right or wrong,
    /// with probability [`TrainOptions::explore`] (learning to recover from errors).
    pub explore_from: usize,
    /// Probability of following a wrong prediction during exploration.
    pub explore: f64,
    /// Averaged weights smaller than this are dropped (smaller model).
    pub prune: f32,
    /// Use word-cluster features (clusters learned from the raw text given to training).
    pub clusters: bool,
    /// Parse from the last word to the first.
    pub reverse: bool,
    /// Every training sentence gets a copy of every feature marked with its treebank
    /// ([`TrainSentence::treebank`]) besides the shared one, so that the conventions of other
    /// treebanks are learned apart ("frustratingly easy" domain adaptation, Daumé 2007): when
    /// training ends the target treebank's (0) copies are added to the shared weights and the
    /// others' dropped, so the model keeps one weight per feature.
    pub treebank_features: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 15, seed: 1, explore_from: 1, explore: 0.9, prune: 1.0, clusters: true, reverse: false, treebank_features: false }
    }
}

/// Attachment scores in percent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Attachment {
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score.
    pub las: f64,
    /// Words scored.
    pub words: usize,
}

/// What training reports after each epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// 1-based epoch.
    pub epoch: usize,
    /// Number of epochs.
    pub epochs: usize,
    /// Share of transitions the model got right (cost-free) during the epoch.
    pub train_accuracy: f64,
    /// Scores of the averaged weights on the development sentences, if any were given.
    pub dev: Option<Attachment>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Payload {
    labels: Vec<String>,
    weights: StoredWeights,
    clusters: Vec<(u64, u32)>,
    info: String,
    /// Parses from the last word to the first (a different view of the sentence, used by
    /// tri-training and ensembles).
    reverse: bool,
}

/// The dependency parser. See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Parser {
    labels: Vec<String>,
    labels_hash: Vec<u64>,
    root_label: Option<usize>,
    weights: Frozen,
    clusters: IdMap<u32>,
    info: String,
    reverse: bool,
}

/// The model embedded in the library, built by `sokhan train parser`.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/parser.skm");

impl Parser {
    /// The parser embedded in the binary (decoded once, lazily, on first use).
    ///
    /// If the embedded model cannot be decoded (a packaging bug caught by the test suite), the
    /// parser has no weights: it still returns well-formed trees, but useless ones.
    pub fn embedded() -> &'static Parser {
        static P: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
        P.get_or_init(|| Parser::from_model_bytes(EMBEDDED_MODEL).unwrap_or_else(|_| Parser::empty()))
    }

    fn empty() -> Parser {
        Parser::from_payload(Payload {
            labels: vec!["root".into(), "dep".into()],
            weights: StoredWeights { n_labels: 5, offsets: vec![0], scale: 1.0, ..Default::default() },
            ..Payload::default()
        })
    }

    fn from_payload(p: Payload) -> Parser {
        Parser {
            labels_hash: p.labels.iter().map(|l| hash::str(l)).collect(),
            root_label: p.labels.iter().position(|l| l == "root"),
            labels: p.labels,
            weights: Frozen::from_stored(p.weights),
            clusters: p.clusters.into_iter().collect(),
            info: p.info,
            reverse: p.reverse,
        }
    }

    /// Decodes a parser model file (kind `parser`).
    pub fn from_model_bytes(bytes: &[u8]) -> Result<Parser, Error> {
        let p: Payload = model::decode(ModelKind::Parser, bytes)?;
        let bad = |m: String| Error::Model(format!("the parser model is corrupt: {m}; rebuild it with `sokhan train parser`"));
        Frozen::validate(&p.weights).map_err(bad)?;
        if p.labels.is_empty() || p.labels.len() > 1000 {
            return Err(bad("it has no labels or too many".into()));
        }
        if p.weights.n_labels as usize != 1 + 2 * p.labels.len() {
            return Err(bad("the label count does not match the weight table".into()));
        }
        Ok(Parser::from_payload(p))
    }

    /// Encodes the parser as a model file (kind `parser`).
    pub fn to_model_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut clusters: Vec<(u64, u32)> = self.clusters.iter().map(|(k, v)| (*k, *v)).collect();
        clusters.sort_unstable();
        let p = Payload { labels: self.labels.clone(), weights: self.weights.stored().clone(), clusters, info: self.info.clone(), reverse: self.reverse };
        model::encode(ModelKind::Parser, &p)
    }

    /// A description of how the model was trained.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// The relations the parser can predict.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    fn toks(&self, words: &[ParseWord<'_>]) -> Vec<Tok> {
        features::sentence_toks(words.iter().map(|w| {
            let c = self.clusters.get(&hash::str(w.form)).copied().unwrap_or(cluster::UNKNOWN);
            Tok::new(w.form, w.lemma, w.upos, w.xpos, w.feats, w.ezafe, c)
        }))
    }

    /// Parses one sentence; `result[i]` is the head and relation of `words[i]`. Always a
    /// single-rooted tree (empty for no words).
    pub fn parse(&self, words: &[ParseWord<'_>]) -> Vec<Arc<'_>> {
        if self.reverse {
            let rev: Vec<ParseWord<'_>> = words.iter().rev().copied().collect();
            let n = words.len();
            let mut arcs = self.parse_in_order(&rev);
            arcs.reverse();
            for a in &mut arcs {
                if a.head != 0 {
                    a.head = n + 1 - a.head;
                }
            }
            return arcs;
        }
        self.parse_in_order(words)
    }

    fn parse_in_order(&self, words: &[ParseWord<'_>]) -> Vec<Arc<'_>> {
        let mut st = State::new(words.len());
        let toks = self.toks(words);
        let mut feats = Vec::with_capacity(160);
        let mut scores = vec![0i32; self.weights.n_labels()];
        while !st.terminal() {
            // Forced moves need no scores: only SHIFT from the bare root, only the root arc
            // at the very end.
            if !st.can_left() && !st.can_right() {
                st.apply(SHIFT);
                continue;
            }
            if st.buffer_empty() && st.right_is_root() {
                st.apply(right(self.root_label.unwrap_or(0)));
                continue;
            }
            features::extract(&toks, &st, &self.labels_hash, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0);
            self.weights.add_scores(&feats, &mut scores);
            let c = self.best_valid(&st, |c| scores[c] as f64, |_| true);
            st.apply(c);
        }
        (1..=words.len())
            .map(|i| Arc { head: st.heads[i] as usize, deprel: self.labels.get(st.labels[i] as usize).map_or("dep", String::as_str) })
            .collect()
    }

    /// Fills HEAD and DEPREL of every word of `sentence` from its normalized forms (`norm`, or
    /// `form` when empty) and predicted tags, lemmas and ezafe (`Ezafe=Yes` in MISC).
    pub fn parse_sentence(&self, sentence: &mut doc::Sentence) {
        let arcs: Vec<(usize, String)> = {
            let words: Vec<ParseWord<'_>> = sentence
                .words()
                .map(|w| ParseWord {
                    form: if w.norm.is_empty() { &w.form } else { &w.norm },
                    lemma: &w.lemma,
                    upos: &w.upos,
                    xpos: &w.xpos,
                    feats: &w.feats,
                    ezafe: w.misc.split('|').any(|m| m == "Ezafe=Yes"),
                })
                .collect();
            self.parse(&words).into_iter().map(|a| (a.head, a.deprel.to_string())).collect()
        };
        for (w, (h, d)) in sentence.tokens.iter_mut().flat_map(|t| t.words.iter_mut()).zip(arcs) {
            w.head = Some(h);
            w.deprel = d;
        }
    }

    /// The valid class with the highest `score` among those `allowed` (falls back to any valid
    /// class). A `RIGHT` onto the root takes the root label; other arcs never do.
    fn best_valid(&self, st: &State, score: impl Fn(usize) -> f64, allowed: impl Fn(usize) -> bool) -> usize {
        let mut best: Option<(usize, f64)> = None;
        let mut fallback = None;
        let mut consider = |c: usize| {
            fallback.get_or_insert(c);
            if !allowed(c) {
                return;
            }
            let s = score(c);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((c, s));
            }
        };
        if st.can_shift() {
            consider(SHIFT);
        }
        let n_labels = self.labels.len();
        if st.can_left() {
            for l in (0..n_labels).filter(|&l| Some(l) != self.root_label) {
                consider(left(l));
            }
        }
        if st.can_right() {
            if st.right_is_root() {
                consider(right(self.root_label.unwrap_or(0)));
            } else {
                for l in (0..n_labels).filter(|&l| Some(l) != self.root_label) {
                    consider(right(l));
                }
            }
        }
        best.map(|b| b.0).or(fallback).unwrap_or(SHIFT)
    }

    /// Trains a parser (deterministic for the same data and options). `raw` holds unannotated
    /// sentences (normalized tokens) for word clusters; `dev` is only scored after each epoch.
    pub fn train(
        sentences: &[TrainSentence],
        raw: &[Vec<String>],
        dev: &[TrainSentence],
        options: &TrainOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> Parser {
        // Relations, most frequent first; "root" always present.
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for s in sentences {
            for w in &s.words {
                *counts.entry(if w.head == 0 { "root" } else { w.deprel.as_str() }).or_default() += 1;
            }
        }
        counts.entry("root").or_default();
        let mut labels: Vec<(&str, usize)> = counts.into_iter().collect();
        labels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let labels: Vec<String> = labels.into_iter().map(|(l, _)| l.to_string()).collect();
        let label_ix: HashMap<&str, u16> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i as u16)).collect();
        let clusters: Vec<(u64, u32)> = if options.clusters {
            let texts = raw
                .iter()
                .map(|s| s.iter().map(String::as_str).collect::<Vec<&str>>())
                .chain(sentences.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()));
            let mut v: Vec<(u64, u32)> = cluster::build(texts, options.seed).into_iter().collect();
            v.sort_unstable();
            v
        } else {
            Vec::new()
        };
        let n_classes = 1 + 2 * labels.len();
        let mut parser = Parser::from_payload(Payload {
            labels: labels.clone(),
            weights: StoredWeights { n_labels: n_classes as u32, offsets: vec![0], scale: 1.0, ..Default::default() },
            clusters,
            info: String::new(),
            reverse: options.reverse,
        });
        let root = parser.root_label.unwrap_or(0) as u16;
        // Per sentence: tokens, gold heads, gold relations, treebank of marked feature copies.
        type Gold = (Vec<Tok>, Vec<u32>, Vec<u16>, Option<u8>);
        let gold: Vec<Gold> = sentences
            .iter()
            .map(|s| {
                let n = s.words.len();
                let mut words = s.parse_words();
                let mut ws: Vec<&TrainWord> = s.words.iter().collect();
                if options.reverse {
                    words.reverse();
                    ws.reverse();
                }
                let toks = parser.toks(&words);
                let mut gh = vec![0u32];
                let mut gl = vec![root];
                for w in ws {
                    let head = if options.reverse && w.head != 0 && w.head <= n { n + 1 - w.head } else { w.head };
                    gh.push(head as u32);
                    gl.push(if w.head == 0 { root } else { label_ix.get(w.deprel.as_str()).copied().unwrap_or(root) });
                }
                (toks, gh, gl, options.treebank_features.then_some(s.treebank))
            })
            .collect();
        let mut trainer = Trainer::new(n_classes);
        let mut remap: IdMap<Option<u64>> = IdMap::default();
        let mut rng = options.seed ^ 0x9e37_79b9_7f4a_7c15;
        let mut order: Vec<usize> = (0..gold.len()).collect();
        let mut feats = Vec::with_capacity(160);
        let mut scores = Vec::new();
        let mut st = State::new(0);
        for epoch in 0..options.epochs {
            shuffle(&mut order, &mut rng);
            let (mut ok, mut n) = (0usize, 0usize);
            for &si in &order {
                let (toks, gh, gl, treebank) = &gold[si];
                st.reset(toks.len() - 1);
                while !st.terminal() {
                    features::extract(toks, &st, &parser.labels_hash, &mut feats);
                    if let Some(tb) = *treebank {
                        let mark = hash::pair(TREEBANK_MARK, u64::from(tb));
                        let n = feats.len();
                        for k in 0..n {
                            let f = hash::pair(feats[k], mark);
                            // The target treebank's copies are folded into the shared weights
                            // when training ends, the others' dropped.
                            remap.entry(f).or_insert(if tb == 0 { Some(feats[k]) } else { None });
                            feats.push(f);
                        }
                    }
                    trainer.scores(&feats, &mut scores);
                    let (cs, cl, cr) = st.costs(gh);
                    let s0 = st.s(0).unwrap_or(0) as usize;
                    let s1 = st.s(1).unwrap_or(0);
                    let cost = |c: usize| -> u32 {
                        if c == SHIFT {
                            return cs;
                        }
                        let l = ((c - 1) / 2) as u16;
                        let (base, head) = if c % 2 == 1 { (cl, st.b as u32) } else { (cr, s1) };
                        base + u32::from(gh[s0] == head && gl[s0] != l)
                    };
                    let pred = parser.best_valid(&st, |c| scores[c] as f64, |_| true);
                    let min = {
                        let mut m = u32::MAX;
                        for c in 0..n_classes {
                            if parser.is_valid(&st, c) {
                                m = m.min(cost(c));
                            }
                        }
                        m
                    };
                    let best_gold = parser.best_valid(&st, |c| scores[c] as f64, |c| cost(c) == min);
                    trainer.tick();
                    n += 1;
                    let next = if cost(pred) == min {
                        ok += 1;
                        pred
                    } else {
                        trainer.update(&feats, best_gold, pred);
                        if epoch >= options.explore_from && next_unit(&mut rng) < options.explore {
                            pred
                        } else {
                            best_gold
                        }
                    };
                    st.apply(next);
                }
            }
            let dev_scores = if dev.is_empty() {
                None
            } else {
                parser.weights = trainer.freeze_mapped(options.prune, &remap);
                Some(parser.score(dev))
            };
            progress(&Progress { epoch: epoch + 1, epochs: options.epochs, train_accuracy: ok as f64 / n.max(1) as f64, dev: dev_scores });
        }
        parser.weights = trainer.freeze_mapped(options.prune, &remap);
        let words: usize = sentences.iter().map(|s| s.words.len()).sum();
        parser.info = format!(
            "arc-hybrid averaged perceptron parser{}: {} sentences, {words} words, {} epochs (exploration from epoch {} at p={}), seed {}, {} relations, {} features, {} clustered forms",
            if options.reverse { " (right to left)" } else { "" },
            sentences.len(),
            options.epochs,
            options.explore_from + 1,
            options.explore,
            options.seed,
            labels.len(),
            parser.weights.n_features(),
            parser.clusters.len()
        );
        parser
    }

    fn is_valid(&self, st: &State, c: usize) -> bool {
        if c == SHIFT {
            return st.can_shift();
        }
        let l = (c - 1) / 2;
        let is_root = Some(l) == self.root_label;
        if c % 2 == 1 {
            st.can_left() && !is_root
        } else {
            st.can_right() && (is_root == st.right_is_root() || (self.root_label.is_none() && st.right_is_root()))
        }
    }

    /// UAS and LAS (in percent, punctuation included, as in the UD shared tasks) of this parser
    /// on `sentences` (their tags as given, their gold trees).
    pub fn score(&self, sentences: &[TrainSentence]) -> Attachment {
        let (mut u, mut l, mut n) = (0usize, 0usize, 0usize);
        for s in sentences {
            let arcs = self.parse(&s.parse_words());
            for (a, w) in arcs.iter().zip(&s.words) {
                n += 1;
                if a.head == w.head {
                    u += 1;
                    if a.deprel == w.deprel || (w.head == 0 && a.deprel == "root") {
                        l += 1;
                    }
                }
            }
        }
        let pct = |x: usize| if n == 0 { 0.0 } else { 100.0 * x as f64 / n as f64 };
        Attachment { uas: pct(u), las: pct(l), words: n }
    }
}

fn next_unit(state: &mut u64) -> f64 {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
}

/// Fisher–Yates with xorshift64*.
fn shuffle(v: &mut [usize], state: &mut u64) {
    for i in (1..v.len()).rev() {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        v.swap(i, (r % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests;
