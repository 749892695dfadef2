//! Part-of-speech and morphology tagging: UPOS, PerDT XPOS, UD FEATS and ezafe for every
//! syntactic word of a sentence.
//!
//! The [`Tagger`] is a stack of two greedy averaged perceptrons over hashed features:
//!
//! 1. an **auxiliary** pass predicts the coarse Bijankhan tag ([`bijankhan::coarse`]) of every word (trained on the Bijankhan
//!    corpus, 268k tokens); its `_GEN` component is the ezafe prediction, and its tag and UPOS
//!    mapping ([`bijankhan::upos`]) become features of
//! 2. the **main** pass, which predicts one joint label `UPOS + XPOS + FEATS` (trained on
//!    PerDT), from the word, its neighbours (±2), prefixes and suffixes, character shape,
//!    lexicon coarse tags, the verb analyser's reading, the word's place in a multiword token
//!    ([`Part`]) and the labels already given to the previous two words.
//!
//! Words are expected **normalized** (as [`crate::Normalizer`] makes them).
//!
//! ```
//! use sokhan::tag::Tagger;
//! let tagger = Tagger::embedded();
//! let tags = tagger.tag(&["کتاب", "را", "خواندم", "."]);
//! assert_eq!(tags.len(), 4);
//! assert_eq!(tags[1].upos, "ADP");
//! assert_eq!(tags[3].upos, "PUNCT");
//! ```

pub mod bijankhan;
mod cluster;
mod features;
mod hash;
mod perceptron;
#[cfg(test)]
mod tests;

use crate::conllu;
use crate::doc;
use crate::model::{self, ModelKind};
use crate::morph::Lexicon;
use crate::{Error, Normalizer};
use features::{AuxOut, Hist, LexSig, WordInfo, START};
use perceptron::{argmax, Frozen, IdMap, StoredWeights, Trainer};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use bijankhan::BijankhanSentence;

/// A word's place in its token: a whole token, or the host or a clitic of a multiword token
/// (`کتابش` → host `کتاب` + clitic `ش`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Part {
    /// The word is a whole token.
    #[default]
    Whole,
    /// The first word of a multiword token.
    Host,
    /// A later word of a multiword token (pronoun clitic `ش`, copula `ست`, ...).
    Clitic,
}

/// The tags predicted for one word. Empty strings mean "none" (CoNLL-U `_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagResult<'a> {
    /// Universal POS tag (`NOUN`, `VERB`, ...).
    pub upos: &'a str,
    /// PerDT tag (`N_IANM`, `V_ACT`, `PR_JOPER`, ...).
    pub xpos: &'a str,
    /// UD features in CoNLL-U syntax (`Number=Sing|Person=3`), empty when none.
    pub feats: &'a str,
    /// Whether the word carries an ezafe (learned from Bijankhan's `_GEN` tags).
    pub ezafe: bool,
}

/// One word of a training sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainWord {
    /// Normalized form.
    pub form: String,
    /// Place in the token.
    pub part: Part,
    /// Gold UPOS.
    pub upos: String,
    /// Gold XPOS (empty for none).
    pub xpos: String,
    /// Gold FEATS (empty for none).
    pub feats: String,
}

/// A training sentence with gold tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrainSentence {
    /// The syntactic words in order.
    pub words: Vec<TrainWord>,
}

fn none_if_underscore(s: &str) -> String {
    if s == "_" {
        String::new()
    } else {
        s.to_string()
    }
}

impl TrainSentence {
    /// The words of a CoNLL-U sentence, forms normalized with `normalizer`.
    pub fn from_conllu(s: &conllu::Sentence, normalizer: &Normalizer) -> TrainSentence {
        let mut words = Vec::new();
        for t in s.tokens() {
            let multi = t.words.len() > 1;
            for (i, w) in t.words.iter().enumerate() {
                let part = match (multi, i) {
                    (false, _) => Part::Whole,
                    (true, 0) => Part::Host,
                    _ => Part::Clitic,
                };
                words.push(TrainWord {
                    form: normalize_word(normalizer, &w.form),
                    part,
                    upos: none_if_underscore(&w.upos),
                    xpos: none_if_underscore(&w.xpos),
                    feats: none_if_underscore(&w.feats),
                });
            }
        }
        TrainSentence { words }
    }
}

fn normalize_word(normalizer: &Normalizer, form: &str) -> String {
    let n = normalizer.normalize(form);
    let n = n.as_str().trim();
    if n.is_empty() {
        form.to_string()
    } else {
        n.to_string()
    }
}

/// Training settings.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Passes over the PerDT sentences.
    pub epochs: usize,
    /// Passes over the Bijankhan sentences (auxiliary pass).
    pub aux_epochs: usize,
    /// Seed of the sentence shuffling; the same data and seed give the same model.
    pub seed: u64,
    /// The last `aux_holdout` Bijankhan sentences are not trained on but scored (Bijankhan
    /// tag and ezafe accuracy in [`TrainReport`]); 0 trains on all.
    pub aux_holdout: usize,
    /// Averaged weights of the main pass smaller than this are dropped (smaller, faster model).
    pub prune: f32,
    /// The same for the auxiliary pass.
    pub aux_prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 12, aux_epochs: 6, seed: 1, aux_holdout: 0, prune: 0.01, aux_prune: 0.2 }
    }
}

/// What training reports after each epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// `"bijankhan"` (auxiliary pass) or `"perdt"` (main pass).
    pub stage: &'static str,
    /// 1-based epoch within the stage.
    pub epoch: usize,
    /// Number of epochs of the stage.
    pub epochs: usize,
    /// Accuracy on the training data during the epoch (with the weights as they were).
    pub train_accuracy: f64,
    /// Accuracy of the averaged weights on the development sentences, if any were given:
    /// `(UPOS, XPOS, FEATS, all three)`.
    pub dev: Option<(f64, f64, f64, f64)>,
}

/// Summary of a finished training run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrainReport {
    /// Words of PerDT training sentences.
    pub words: usize,
    /// Bijankhan tokens trained on.
    pub aux_tokens: usize,
    /// Joint labels (UPOS + XPOS + FEATS).
    pub labels: usize,
    /// Bijankhan tags.
    pub aux_labels: usize,
    /// Features kept in the main and auxiliary weight tables.
    pub features: (usize, usize),
    /// Bijankhan tag and ezafe accuracy on the held-out Bijankhan sentences, if any.
    pub aux_holdout: Option<(f64, f64)>,
}

/// The training data of a tagger.
#[derive(Clone, Copy, Debug, Default)]
pub struct TrainData<'a> {
    /// PerDT-style sentences with gold UPOS/XPOS/FEATS (the target scheme).
    pub sentences: &'a [TrainSentence],
    /// Bijankhan sentences for the auxiliary pass (may be empty).
    pub bijankhan: &'a [BijankhanSentence],
    /// Treebanks with other conventions (e.g. Seraji): only the UPOS distribution of each form
    /// is used, as a feature.
    pub secondary: &'a [TrainSentence],
    /// Unannotated sentences as normalized tokens, for distributional word clusters (the
    /// tagged sentences' words are added to them).
    pub raw: &'a [Vec<String>],
    /// Development sentences, only scored after each epoch (never trained on).
    pub dev: &'a [TrainSentence],
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Payload {
    /// Joint labels as `(UPOS, XPOS, FEATS)`.
    labels: Vec<(String, String, String)>,
    /// Bijankhan tags of the auxiliary pass.
    aux_labels: Vec<String>,
    main: StoredWeights,
    aux: StoredWeights,
    /// UPOS distributions of forms in Bijankhan: (hash of the form, packed distribution).
    bj_dist: Vec<(u64, u64)>,
    /// UPOS distributions of forms in the secondary treebanks (Seraji).
    sj_dist: Vec<(u64, u64)>,
    /// Distributional cluster codes: (hash of the form, code).
    clusters: Vec<(u64, u32)>,
    /// Cached lexicon signatures of the training vocabulary: (hash of the form, signature).
    sigs: Vec<(u64, LexSig)>,
    /// Free-text description of the training run.
    info: String,
}

/// The statistical tagger. See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Tagger {
    labels: Vec<(String, String, String)>,
    label_hist: Vec<Hist>,
    aux_labels: Vec<String>,
    aux_out: Vec<AuxOut>,
    aux_hist: Vec<Hist>,
    main: Frozen,
    aux: Frozen,
    sigs: IdMap<LexSig>,
    bj_dist: IdMap<u64>,
    sj_dist: IdMap<u64>,
    clusters: IdMap<u32>,
    info: String,
}

/// The model embedded in the library, built by `sokhan train tagger`.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/tagger.skm");

impl Tagger {
    /// The tagger embedded in the binary (decoded once, lazily, on first use).
    ///
    /// If the embedded model cannot be decoded (a packaging bug caught by the test suite), the
    /// tagger is empty: it tags every word `X`.
    pub fn embedded() -> &'static Tagger {
        static T: std::sync::OnceLock<Tagger> = std::sync::OnceLock::new();
        T.get_or_init(|| Tagger::from_model_bytes(EMBEDDED_MODEL).unwrap_or_else(|_| Tagger::empty()))
    }

    fn empty() -> Tagger {
        Tagger::from_payload(Payload {
            labels: vec![("X".into(), String::new(), String::new())],
            aux_labels: vec!["X".into()],
            main: StoredWeights { n_labels: 1, offsets: vec![0], scale: 1.0, ..Default::default() },
            aux: StoredWeights { n_labels: 1, offsets: vec![0], scale: 1.0, ..Default::default() },
            ..Payload::default()
        })
    }

    /// Decodes a tagger model file (kind `tagger`).
    pub fn from_model_bytes(bytes: &[u8]) -> Result<Tagger, Error> {
        let p: Payload = model::decode(ModelKind::Tagger, bytes)?;
        let bad = |m: String| Error::Model(format!("the tagger model is corrupt: {m}; rebuild it with `sokhan train tagger`"));
        Frozen::validate(&p.main).map_err(bad)?;
        Frozen::validate(&p.aux).map_err(bad)?;
        if p.labels.is_empty() || p.aux_labels.is_empty() {
            return Err(bad("it has no labels".into()));
        }
        if p.main.n_labels as usize != p.labels.len() || p.aux.n_labels as usize != p.aux_labels.len() {
            return Err(bad("label counts do not match the weight tables".into()));
        }
        Ok(Tagger::from_payload(p))
    }

    /// Encodes the tagger as a model file (kind `tagger`).
    pub fn to_model_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut sigs: Vec<(u64, LexSig)> = self.sigs.iter().map(|(k, v)| (*k, *v)).collect();
        sigs.sort_unstable_by_key(|s| s.0);
        let p = Payload {
            labels: self.labels.clone(),
            aux_labels: self.aux_labels.clone(),
            main: self.main.stored().clone(),
            aux: self.aux.stored().clone(),
            sigs,
            bj_dist: sorted_pairs(&self.bj_dist),
            sj_dist: sorted_pairs(&self.sj_dist),
            clusters: {
                let mut v: Vec<(u64, u32)> = self.clusters.iter().map(|(k, v)| (*k, *v)).collect();
                v.sort_unstable();
                v
            },
            info: self.info.clone(),
        };
        model::encode(ModelKind::Tagger, &p)
    }

    fn from_payload(p: Payload) -> Tagger {
        let label_hist = p.labels.iter().map(|(u, x, f)| Hist { a: hash::str(u), b: hash::pair(hash::str(x), hash::str(f)) }).collect();
        let aux_out = p
            .aux_labels
            .iter()
            .map(|t| AuxOut {
                tag: hash::str(&bijankhan::without_ezafe(t)),
                upos: hash::str(bijankhan::upos(t)),
                ezafe: bijankhan::has_ezafe(t),
            })
            .collect();
        let aux_hist = p.aux_labels.iter().map(|t| Hist { a: hash::str(t), b: hash::str(bijankhan::upos(t)) }).collect();
        Tagger {
            label_hist,
            aux_out,
            aux_hist,
            main: Frozen::from_stored(p.main),
            aux: Frozen::from_stored(p.aux),
            sigs: p.sigs.into_iter().collect(),
            bj_dist: p.bj_dist.into_iter().collect(),
            sj_dist: p.sj_dist.into_iter().collect(),
            clusters: p.clusters.into_iter().collect(),
            labels: p.labels,
            aux_labels: p.aux_labels,
            info: p.info,
        }
    }

    /// A description of how the model was trained.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// Number of joint labels (UPOS + XPOS + FEATS) the tagger can predict.
    pub fn label_count(&self) -> usize {
        self.labels.len()
    }

    fn sig(&self, w: &str) -> LexSig {
        match self.sigs.get(&hash::str(w)) {
            Some(s) => *s,
            None => LexSig::compute(Lexicon::embedded(), w),
        }
    }

    fn info_of(&self, w: &str, part: Part, sig: LexSig) -> WordInfo {
        let h = hash::str(w);
        let bj = self.bj_dist.get(&h).copied().unwrap_or(0);
        let sj = self.sj_dist.get(&h).copied().unwrap_or(0);
        let cl = self.clusters.get(&h).copied().unwrap_or(cluster::UNKNOWN);
        WordInfo::new(w, part, sig, bj, sj, cl)
    }

    fn infos(&self, words: &[&str], parts: &[Part]) -> Vec<WordInfo> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| self.info_of(w, parts.get(i).copied().unwrap_or_default(), self.sig(w)))
            .collect()
    }

    /// Tags a sentence given as normalized word forms, each a whole token.
    pub fn tag(&self, words: &[&str]) -> Vec<TagResult<'_>> {
        self.tag_parts(words, &[])
    }

    /// Tags a sentence given as normalized word forms with their places in multiword tokens
    /// (`parts[i]` for `words[i]`; missing entries count as [`Part::Whole`]).
    pub fn tag_parts(&self, words: &[&str], parts: &[Part]) -> Vec<TagResult<'_>> {
        let infos = self.infos(words, parts);
        let mut feats = Vec::with_capacity(96);
        let mut scores = Vec::new();
        let aux = self.run_aux(&infos, &mut feats, &mut scores);
        let aux_out: Vec<AuxOut> = aux.iter().map(|&a| self.aux_out[a]).collect();
        let main = self.run_main(&infos, &aux_out, &mut feats, &mut scores);
        main.iter()
            .zip(&aux_out)
            .map(|(&l, a)| {
                let (u, x, f) = &self.labels[l];
                TagResult { upos: u, xpos: x, feats: f, ezafe: a.ezafe }
            })
            .collect()
    }

    /// Fills UPOS, XPOS and FEATS of every word of `sentence` from its normalized forms
    /// (`norm`, or `form` when `norm` is empty). Ezafe is not written (PerDT has no such
    /// feature); use [`Tagger::tag_parts`] to get it.
    pub fn tag_sentence(&self, sentence: &mut doc::Sentence) {
        let mut words: Vec<&str> = Vec::new();
        let mut parts = Vec::new();
        for t in &sentence.tokens {
            let multi = t.words.len() > 1;
            for (i, w) in t.words.iter().enumerate() {
                words.push(if w.norm.is_empty() { &w.form } else { &w.norm });
                parts.push(match (multi, i) {
                    (false, _) => Part::Whole,
                    (true, 0) => Part::Host,
                    _ => Part::Clitic,
                });
            }
        }
        let tags: Vec<(String, String, String)> = self
            .tag_parts(&words, &parts)
            .into_iter()
            .map(|t| (t.upos.to_string(), t.xpos.to_string(), t.feats.to_string()))
            .collect();
        for (w, (u, x, f)) in sentence.tokens.iter_mut().flat_map(|t| t.words.iter_mut()).zip(tags) {
            w.upos = u;
            w.xpos = x;
            w.feats = f;
        }
    }

    fn run_aux(&self, infos: &[WordInfo], feats: &mut Vec<u64>, scores: &mut Vec<f32>) -> Vec<usize> {
        let mut out = Vec::with_capacity(infos.len());
        let (mut p1, mut p2) = (START, START);
        for i in 0..infos.len() {
            features::aux_features(infos, i, p1, p2, feats);
            scores.clear();
            scores.resize(self.aux.n_labels(), 0.0);
            self.aux.add_scores(feats, scores);
            let l = argmax(scores);
            out.push(l);
            p2 = p1;
            p1 = self.aux_hist[l];
        }
        out
    }

    fn run_main(&self, infos: &[WordInfo], aux: &[AuxOut], feats: &mut Vec<u64>, scores: &mut Vec<f32>) -> Vec<usize> {
        let mut out = Vec::with_capacity(infos.len());
        let (mut p1, mut p2) = (START, START);
        for i in 0..infos.len() {
            features::main_features(infos, aux, i, p1, p2, feats);
            scores.clear();
            scores.resize(self.main.n_labels(), 0.0);
            self.main.add_scores(feats, scores);
            let l = argmax(scores);
            out.push(l);
            p2 = p1;
            p1 = self.label_hist[l];
        }
        out
    }

    /// Trains a tagger (deterministic for the same data, options and lexicon).
    pub fn train(data: TrainData<'_>, options: &TrainOptions) -> (Tagger, TrainReport) {
        Tagger::train_with_progress(data, options, &mut |_| {})
    }

    /// [`Tagger::train`], calling `progress` after every epoch.
    pub fn train_with_progress(
        data: TrainData<'_>,
        options: &TrainOptions,
        progress: &mut dyn FnMut(&Progress),
    ) -> (Tagger, TrainReport) {
        let lex = Lexicon::embedded();
        let mut report = TrainReport::default();
        let bj_train_n = data.bijankhan.len().saturating_sub(options.aux_holdout);
        // Label inventories, most frequent first.
        let labels = inventory(data.sentences.iter().flat_map(|s| s.words.iter().map(|w| (w.upos.clone(), w.xpos.clone(), w.feats.clone()))));
        let aux_labels = {
            let mut v = inventory(data.bijankhan[..bj_train_n].iter().flat_map(|s| s.words.iter().map(|(_, t)| bijankhan::coarse(t))));
            if v.is_empty() {
                v.push("X".to_string());
            }
            v
        };
        // UPOS distributions of forms in Bijankhan and the secondary treebanks.
        let mut bj_counts: IdMap<[u32; 17]> = IdMap::default();
        for s in &data.bijankhan[..bj_train_n] {
            for (w, t) in &s.words {
                if let Some(k) = features::upos_index(bijankhan::upos(t)) {
                    bj_counts.entry(hash::str(w)).or_insert([0; 17])[k] += 1;
                }
            }
        }
        let mut sj_counts: IdMap<[u32; 17]> = IdMap::default();
        for s in data.secondary {
            for w in &s.words {
                if let Some(k) = features::upos_index(&w.upos) {
                    sj_counts.entry(hash::str(&w.form)).or_insert([0; 17])[k] += 1;
                }
            }
        }
        let mut tagger = Tagger::from_payload(Payload {
            labels: if labels.is_empty() { vec![("X".into(), String::new(), String::new())] } else { labels.clone() },
            aux_labels: aux_labels.clone(),
            main: StoredWeights { n_labels: labels.len().max(1) as u32, offsets: vec![0], scale: 1.0, ..Default::default() },
            aux: StoredWeights { n_labels: aux_labels.len() as u32, offsets: vec![0], scale: 1.0, ..Default::default() },
            bj_dist: bj_counts.iter().map(|(k, c)| (*k, features::pack_dist(c))).collect(),
            sj_dist: sj_counts.iter().map(|(k, c)| (*k, features::pack_dist(c))).collect(),
            clusters: {
                let texts = data
                    .raw
                    .iter()
                    .map(|s| s.iter().map(String::as_str).collect::<Vec<&str>>())
                    .chain(data.bijankhan[..bj_train_n].iter().map(|s| s.words.iter().map(|(w, _)| w.as_str()).collect()))
                    .chain(data.sentences.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()));
                let mut v: Vec<(u64, u32)> = cluster::build(texts, options.seed).into_iter().collect();
                v.sort_unstable();
                v
            },
            ..Payload::default()
        });
        // Lexicon signatures of the whole training vocabulary, cached in the model.
        let mut sigs: IdMap<LexSig> = IdMap::default();
        let mut sig_of = |w: &str| -> LexSig { *sigs.entry(hash::str(w)).or_insert_with(|| LexSig::compute(lex, w)) };
        let perdt: Vec<Vec<WordInfo>> = data
            .sentences
            .iter()
            .map(|s| s.words.iter().map(|w| tagger.info_of(&w.form, w.part, sig_of(&w.form))).collect())
            .collect();
        let bj: Vec<Vec<WordInfo>> = data
            .bijankhan
            .iter()
            .map(|s| s.words.iter().map(|(w, _)| tagger.info_of(w, Part::Whole, sig_of(w))).collect())
            .collect();
        let dev_infos: Vec<Vec<WordInfo>> = data
            .dev
            .iter()
            .map(|s| s.words.iter().map(|w| tagger.info_of(&w.form, w.part, LexSig::compute(lex, &w.form))).collect())
            .collect();
        let label_ix: HashMap<&(String, String, String), usize> = labels.iter().enumerate().map(|(i, l)| (l, i)).collect();
        let aux_ix: HashMap<&str, usize> = aux_labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
        let mut rng = options.seed ^ 0x9e37_79b9_7f4a_7c15;

        // Stage 1: Bijankhan tags.
        let mut feats = Vec::with_capacity(96);
        let mut scores = Vec::new();
        let mut trainer = Trainer::new(aux_labels.len());
        let mut order: Vec<usize> = (0..bj_train_n).collect();
        for epoch in 0..options.aux_epochs {
            shuffle(&mut order, &mut rng);
            let (mut ok, mut n) = (0usize, 0usize);
            for &si in &order {
                let infos = &bj[si];
                let (mut p1, mut p2) = (START, START);
                for (i, (_, tag)) in data.bijankhan[si].words.iter().enumerate() {
                    features::aux_features(infos, i, p1, p2, &mut feats);
                    let gold = aux_ix.get(bijankhan::coarse(tag).as_str()).copied().unwrap_or(0);
                    let pred = trainer.step(&feats, gold, &mut scores);
                    ok += (pred == gold) as usize;
                    n += 1;
                    p2 = p1;
                    p1 = tagger.aux_hist[pred];
                }
            }
            report.aux_tokens = n;
            progress(&Progress { stage: "bijankhan", epoch: epoch + 1, epochs: options.aux_epochs, train_accuracy: ratio(ok, n), dev: None });
        }
        tagger.aux = trainer.freeze(options.aux_prune);
        drop(trainer);
        if bj_train_n < bj.len() {
            let (mut ok, mut eok, mut n) = (0, 0, 0);
            for (infos, sent) in bj.iter().zip(data.bijankhan).skip(bj_train_n) {
                let pred = tagger.run_aux(infos, &mut feats, &mut scores);
                for (p, (_, gold)) in pred.iter().zip(&sent.words) {
                    let t = &tagger.aux_labels[*p];
                    ok += (*t == bijankhan::coarse(gold)) as usize;
                    eok += (bijankhan::has_ezafe(t) == bijankhan::has_ezafe(gold)) as usize;
                    n += 1;
                }
            }
            report.aux_holdout = Some((ratio(ok, n), ratio(eok, n)));
        }

        // Stage 2: PerDT joint labels, with the auxiliary predictions as features.
        let aux_of = |t: &Tagger, infos: &[WordInfo], feats: &mut Vec<u64>, scores: &mut Vec<f32>| -> Vec<AuxOut> {
            t.run_aux(infos, feats, scores).into_iter().map(|a| t.aux_out[a]).collect()
        };
        let perdt_aux: Vec<Vec<AuxOut>> = perdt.iter().map(|s| aux_of(&tagger, s, &mut feats, &mut scores)).collect();
        let dev_aux: Vec<Vec<AuxOut>> = dev_infos.iter().map(|s| aux_of(&tagger, s, &mut feats, &mut scores)).collect();
        let mut trainer = Trainer::new(labels.len().max(1));
        let mut order: Vec<usize> = (0..perdt.len()).collect();
        for epoch in 0..options.epochs {
            shuffle(&mut order, &mut rng);
            let (mut ok, mut n) = (0usize, 0usize);
            for &si in &order {
                let (mut p1, mut p2) = (START, START);
                for (i, w) in data.sentences[si].words.iter().enumerate() {
                    features::main_features(&perdt[si], &perdt_aux[si], i, p1, p2, &mut feats);
                    let key = (w.upos.clone(), w.xpos.clone(), w.feats.clone());
                    let gold = label_ix[&key];
                    let pred = trainer.step(&feats, gold, &mut scores);
                    ok += (pred == gold) as usize;
                    n += 1;
                    p2 = p1;
                    p1 = tagger.label_hist[pred];
                }
            }
            report.words = n;
            let dev = if data.dev.is_empty() {
                None
            } else {
                tagger.main = trainer.freeze(0.0);
                let mut c = [0usize; 4];
                let mut total = 0;
                for ((s, infos), aux) in data.dev.iter().zip(&dev_infos).zip(&dev_aux) {
                    let pred = tagger.run_main(infos, aux, &mut feats, &mut scores);
                    for (p, w) in pred.iter().zip(&s.words) {
                        let (u, x, f) = &tagger.labels[*p];
                        let (a, b, cc) = (*u == w.upos, *x == w.xpos, *f == w.feats);
                        c[0] += a as usize;
                        c[1] += b as usize;
                        c[2] += cc as usize;
                        c[3] += (a && b && cc) as usize;
                        total += 1;
                    }
                }
                Some((ratio(c[0], total), ratio(c[1], total), ratio(c[2], total), ratio(c[3], total)))
            };
            progress(&Progress { stage: "perdt", epoch: epoch + 1, epochs: options.epochs, train_accuracy: ratio(ok, n), dev });
        }
        tagger.main = trainer.freeze(options.prune);
        tagger.sigs = sigs;
        report.labels = labels.len();
        report.aux_labels = aux_labels.len();
        report.features = (tagger.main.n_features(), tagger.aux.n_features());
        tagger.info = format!(
            "averaged perceptron tagger: {} PerDT words ({} epochs), {} Bijankhan tokens ({} epochs), seed {}, {} joint labels, {} Bijankhan tags, {}+{} features",
            report.words, options.epochs, report.aux_tokens, options.aux_epochs, options.seed, report.labels, report.aux_labels, report.features.0, report.features.1
        );
        (tagger, report)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Distinct items, most frequent first, ties in sorted order.
fn inventory<T: Ord + Clone + std::hash::Hash>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut counts: HashMap<T, usize> = HashMap::new();
    for it in items {
        *counts.entry(it).or_default() += 1;
    }
    let mut v: Vec<(T, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().map(|(t, _)| t).collect()
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

fn sorted_pairs(m: &IdMap<u64>) -> Vec<(u64, u64)> {
    let mut v: Vec<(u64, u64)> = m.iter().map(|(k, v)| (*k, *v)).collect();
    v.sort_unstable();
    v
}
