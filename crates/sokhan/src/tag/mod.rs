//! Part-of-speech and morphology tagging: UPOS, PerDT XPOS, UD FEATS and ezafe for every
//! syntactic word of a sentence.
//!
//! The [`Tagger`] is a stack of two greedy averaged perceptrons over hashed features:
//!
//! 1. an **auxiliary** pass predicts the coarse Bijankhan tag ([`bijankhan::coarse`]) of every word (trained on the Bijankhan
//!    corpus, 268k tokens); its `_GEN` component is the ezafe prediction, and its tag and UPOS
//!    mapping ([`bijankhan::upos`]) become features of
//! 2. the **main** pass, which predicts one joint label `UPOS + XPOS + FEATS` (trained on
//!    PerDT), from the word, its neighbours (±1), prefixes and suffixes, the stem left after a
//!    nominal suffix, character shape, lexicon coarse tags, the verb analyser's readings, the
//!    word's place in a multiword token ([`Part`]) and the labels already given to the
//!    previous two words.
//!
//! Scoring is memory-bound, so the weight tables are compact (8-byte index slots, 4-byte cells,
//! `i32` sums of `i16` weights) and the weights of the features that depend only on the form
//! are summed once per frequent form when the model is loaded.
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

mod beam;
pub mod bijankhan;
pub(crate) mod cluster;
mod features;
pub(crate) mod hash;
pub(crate) mod perceptron;
#[cfg(test)]
mod tests;

use crate::conllu;
use crate::doc;
use crate::model::{self, ModelKind};
use crate::morph::Lexicon;
use crate::{Error, Normalizer};
use features::{AuxOut, Hist, LexSig, WordInfo, START};
use perceptron::{argmax_among, argmax_i, Frozen, IdMap, StoredWeights, Trainer};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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
    /// Optional feature templates (bit set; see the model card and [`DEFAULT_FEATURES`]).
    pub features: u32,
    /// How many of the most frequent forms get their static feature scores summed at load time
    /// (a speed/memory trade-off; accuracy is unaffected).
    pub cached_forms: usize,
    /// Passes of the ezafe pass over the Bijankhan sentences; 0 leaves ezafe to the
    /// auxiliary tags.
    pub ezafe_epochs: usize,
    /// Self-training: how many of [`TrainData::unlabeled`] the main pass adds to its training
    /// data, tagged by a main pass trained on the gold sentences alone (in cross-validation,
    /// on the fold's gold sentences alone); 0 = off.
    pub self_train: usize,
    /// Beam width of the main pass (1: greedy). With a beam, the main pass is trained
    /// globally (structured perceptron); the width is stored in the model.
    pub beam: usize,
    /// With a beam: update at the first word where the gold sequence falls out of the beam
    /// (early update) instead of where it is most outscored (max-violation).
    pub early_update: bool,
}

/// The optional templates the shipped model uses.
/// Bit 1: stem of a nominal suffix (`کتاب‌ها` → `کتاب`) with its cluster and Bijankhan UPOS
/// distribution; bit 2: the set of FEATS of all verb analyses; bit 4: trigrams of auxiliary
/// tags (tried, not kept: no gain in cross-validation); bit 8: leave out the words two
/// positions away, the suffix of the next word and cluster bigrams; bit 16: leave out word
/// bigrams and word + previous-tag pairs (8 and 16 are faster and, on this little data, more
/// accurate in cross-validation).
pub const DEFAULT_FEATURES: u32 = features::F_STEM | features::F_VSET | features::F_LEAN | features::F_LEAN2;

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 9,
            aux_epochs: 6,
            seed: 1,
            aux_holdout: 0,
            prune: 0.01,
            aux_prune: 0.2,
            features: DEFAULT_FEATURES,
            cached_forms: 8_000,
            ezafe_epochs: 6,
            self_train: 0,
            beam: 1,
            early_update: false,
        }
    }
}

/// What training reports after each epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// `"bijankhan"` (auxiliary pass), `"perdt"` (main pass), `"cv"` (a main pass of
    /// [`Tagger::cross_validate`]) or `"jackknife"` (of [`Tagger::jackknife`]).
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
    /// Ezafe precision, recall and F1 (ezafe = the positive class) on the same sentences,
    /// from the auxiliary tags alone.
    pub ezafe_holdout: Option<(f64, f64, f64)>,
    /// The same from the ezafe pass (what the tagger outputs), when it was trained.
    pub ezafe_pass_holdout: Option<(f64, f64, f64)>,
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
    /// Sentences without tags (forms and parts only) for self-training: with
    /// [`TrainOptions::self_train`] `> 0`, the first that many are tagged by a model trained on
    /// `sentences` and added to its training data.
    pub unlabeled: &'a [TrainSentence],
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
    /// Optional feature templates the model was trained with.
    flags: u32,
    /// Frequent forms whose static feature scores are summed once, when the model is loaded.
    frequent: Vec<String>,
    /// Ezafe pass (two labels: no, yes); no labels when ezafe comes from the auxiliary tags.
    ezafe: StoredWeights,
}

/// Summed weights of the static (form-only) features of frequent forms, for both passes.
#[derive(Clone, Debug, Default)]
struct StaticCache {
    ix: IdMap<u32>,
    main: Vec<i32>,
    aux: Vec<i32>,
    /// Two scores per form when the tagger has an ezafe pass.
    ezafe: Vec<i32>,
}

/// The statistical tagger. See the [module documentation](self).
#[derive(Clone, Debug)]
pub struct Tagger {
    labels: Vec<(String, String, String)>,
    label_hist: Vec<Hist>,
    /// For VERB/AUX labels with Person and Number, their [`features::pn_bit`]; 0 otherwise.
    label_pn: Vec<u8>,
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
    flags: u32,
    frequent: Vec<String>,
    cache: StaticCache,
    ezafe: Option<Frozen>,
    /// Main labels whose UPOS is `PROPN`, and auxiliary labels that are Bijankhan names: the
    /// labels a word known to be a name may take ([`Tagger::tag_document`]).
    name_labels: Vec<bool>,
    aux_name_labels: Vec<bool>,
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
        if p.ezafe.n_labels != 0 {
            Frozen::validate(&p.ezafe).map_err(bad)?;
            if p.ezafe.n_labels != 2 {
                return Err(bad("the ezafe pass must have two labels".into()));
            }
        }
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
            flags: self.flags,
            frequent: self.frequent.clone(),
            ezafe: self.ezafe.as_ref().map(|e| e.stored().clone()).unwrap_or_default(),
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
        let label_pn = p.labels.iter().map(|(u, _, f)| label_pn(u, f)).collect();
        let name_labels = p.labels.iter().map(|(u, _, _)| u == "PROPN").collect();
        let aux_name_labels = p.aux_labels.iter().map(|t| bijankhan::upos(t) == "PROPN").collect();
        let mut t = Tagger {
            label_hist,
            label_pn,
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
            flags: p.flags,
            frequent: p.frequent,
            cache: StaticCache::default(),
            ezafe: (p.ezafe.n_labels == 2).then(|| Frozen::from_stored(p.ezafe)),
            name_labels,
            aux_name_labels,
        };
        t.build_cache();
        t
    }

    /// Sums the static feature weights of the frequent forms.
    fn build_cache(&mut self) {
        let mut cache = StaticCache::default();
        let (na, nm) = (self.aux.n_labels(), self.main.n_labels());
        let mut feats = Vec::with_capacity(64);
        let mut sa = vec![0i32; na];
        let mut sm = vec![0i32; nm];
        cache.ix.reserve(self.frequent.len());
        cache.aux.reserve_exact(self.frequent.len() * na);
        cache.main.reserve_exact(self.frequent.len() * nm);
        for form in &self.frequent {
            let h = hash::str(form);
            let Some(sig) = self.sigs.get(&h).copied() else { continue };
            let info = self.info_of(form, Part::Whole, sig);
            feats.clear();
            features::static_word_features(&info, self.flags, &mut feats);
            sa.iter_mut().for_each(|s| *s = 0);
            self.aux.add_scores(&feats, &mut sa);
            feats.clear();
            features::main_static_features(&info, self.flags, &mut feats);
            sm.iter_mut().for_each(|s| *s = 0);
            self.main.add_scores(&feats, &mut sm);
            if cache.ix.contains_key(&h) {
                continue;
            }
            cache.ix.insert(h, cache.ix.len() as u32);
            cache.aux.extend_from_slice(&sa);
            cache.main.extend_from_slice(&sm);
            if let Some(ez) = &self.ezafe {
                feats.clear();
                features::static_word_features(&info, self.flags, &mut feats);
                let mut se = [0i32; 2];
                ez.add_scores(&feats, &mut se);
                cache.ezafe.extend_from_slice(&se);
            }
        }
        self.cache = cache;
    }

    /// The distributional cluster code of a normalized form (`cluster::UNKNOWN` when the form
    /// was too rare to be clustered), for other stages' features.
    pub(crate) fn cluster_code(&self, form: &str) -> u32 {
        self.clusters.get(&hash::str(form)).copied().unwrap_or(cluster::UNKNOWN)
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
        let mut info = WordInfo::new(w, part, sig, bj, sj, cl);
        if self.flags & features::F_STEM != 0 {
            if let Some((stem, k)) = features::strip_suffix(w) {
                let sh = hash::str(stem);
                info.stem = sh;
                info.sufcls = k;
                info.stem_cl = self.clusters.get(&sh).copied().unwrap_or(cluster::UNKNOWN);
                info.stem_bj = self.bj_dist.get(&sh).copied().unwrap_or(0);
            }
        }
        info
    }

    fn infos(&self, words: &[&str], parts: &[Part]) -> Vec<WordInfo> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut info = self.info_of(w, parts.get(i).copied().unwrap_or_default(), self.sig(w));
                info.cache = self.cache.ix.get(&info.w).copied().unwrap_or(features::NO_CACHE);
                info
            })
            .collect()
    }

    /// Tags a sentence given as normalized word forms, each a whole token.
    pub fn tag(&self, words: &[&str]) -> Vec<TagResult<'_>> {
        self.tag_parts(words, &[])
    }

    /// Tags a sentence given as normalized word forms with their places in multiword tokens
    /// (`parts[i]` for `words[i]`; missing entries count as [`Part::Whole`]).
    pub fn tag_parts(&self, words: &[&str], parts: &[Part]) -> Vec<TagResult<'_>> {
        self.tag_parts_names(words, parts, &[])
    }

    /// As [`Tagger::tag_parts`], with the words where `names[i]` is true read as proper nouns:
    /// each takes its best-scoring name label in both passes, and its neighbours and ezafe
    /// are decided with that (missing entries count as false).
    pub fn tag_parts_names(&self, words: &[&str], parts: &[Part], names: &[bool]) -> Vec<TagResult<'_>> {
        let infos = self.infos(words, parts);
        let mut feats = Vec::with_capacity(96);
        let mut scores = Vec::new();
        let aux = self.run_aux_names(&infos, names, &mut feats, &mut scores);
        let aux_out: Vec<AuxOut> = aux.iter().map(|&a| self.aux_out[a]).collect();
        let main = decode_main(
            &self.main,
            &self.cache.main,
            &self.label_hist,
            &self.labels,
            &self.label_pn,
            self.flags,
            &infos,
            &aux_out,
            (names, &self.name_labels),
            &mut feats,
            &mut scores,
        );
        let ezafe = match &self.ezafe {
            Some(model) => run_ezafe(model, &self.cache.ezafe, self.flags, &infos, &aux_out, &mut feats, &mut scores),
            None => aux_out.iter().map(|a| a.ezafe).collect(),
        };
        // No ezafe inside a split token: not on a host before its clitic (`کتاب` in `کتابش`),
        // nor on the clitic or a punctuation mark glued after it.
        // (`parts` may be empty or short: a word without a part is a whole token.)
        main.iter()
            .zip(ezafe)
            .enumerate()
            .map(|(i, (&l, ezafe))| {
                let (u, x, f) = &self.labels[l];
                let whole = parts.get(i).is_none_or(|&p| p == Part::Whole);
                TagResult { upos: u, xpos: x, feats: f, ezafe: ezafe && whole }
            })
            .collect()
    }

    /// Tags the sentences of one document (`(words, parts)` each, as [`Tagger::tag_parts`]
    /// takes them), one name one reading: a whole-token form that `unknown` says no lexicon
    /// knows, read as a proper noun (`PROPN`) somewhere in the document, is a name wherever it
    /// is read as a common noun or an adjective in the same document, and those sentences are
    /// tagged again with it held to a name label ([`Tagger::tag_parts_names`]), so that
    /// its tags, its neighbours' and the ezafe follow. Transliterated names are seldom in a
    /// lexicon and seldom in the training text, and context alone reads `سفر X` as a noun and an
    /// adjective; one occurrence with a telling context (`آقای X`, a first name before it)
    /// decides for all. Held-out Bijankhan text: see the model card.
    pub fn tag_document(&self, sentences: &[(&[&str], &[Part])], unknown: &dyn Fn(&str) -> bool) -> Vec<Vec<TagResult<'_>>> {
        let mut out: Vec<Vec<TagResult<'_>>> = sentences.iter().map(|(w, p)| self.tag_parts(w, p)).collect();
        let whole = |p: &[Part], i: usize| p.get(i).is_none_or(|&x| x == Part::Whole);
        let mut names: HashSet<&str> = HashSet::new();
        for ((words, parts), tags) in sentences.iter().zip(&out) {
            for (i, t) in tags.iter().enumerate() {
                if t.upos == "PROPN"
                    && whole(parts, i)
                    && words[i].chars().nth(1).is_some()
                    && !names.contains(words[i])
                    && !self.mostly_common_in_bijankhan(words[i])
                    && unknown(words[i])
                {
                    names.insert(words[i]);
                }
            }
        }
        if names.is_empty() {
            return out;
        }
        for ((words, parts), tags) in sentences.iter().zip(out.iter_mut()) {
            let mask: Vec<bool> = tags
                .iter()
                .enumerate()
                .map(|(i, t)| whole(parts, i) && matches!(t.upos, "NOUN" | "ADJ" | "PROPN") && names.contains(words[i]))
                .collect();
            if mask.iter().zip(tags.iter()).any(|(&m, t)| m && t.upos != "PROPN") {
                *tags = self.tag_parts_names(words, parts, &mask);
            }
        }
        out
    }

    /// Whether Bijankhan's training text has `w` and mostly not as a name (`کشتیرانی`).
    fn mostly_common_in_bijankhan(&self, w: &str) -> bool {
        let d = self.bj_dist.get(&hash::str(w)).copied().unwrap_or(0);
        d != 0 && features::UPOS.get(features::dist_top(d) as usize) != Some(&"PROPN")
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

    fn run_aux(&self, infos: &[WordInfo], feats: &mut Vec<u64>, scores: &mut Vec<i32>) -> Vec<usize> {
        self.run_aux_names(infos, &[], feats, scores)
    }

    fn run_aux_names(&self, infos: &[WordInfo], names: &[bool], feats: &mut Vec<u64>, scores: &mut Vec<i32>) -> Vec<usize> {
        let mut out = Vec::with_capacity(infos.len());
        let (mut p1, mut p2) = (START, START);
        let n = self.aux.n_labels();
        for i in 0..infos.len() {
            scores.clear();
            feats.clear();
            let c = infos[i].cache;
            if c == features::NO_CACHE {
                scores.resize(n, 0);
                features::static_word_features(&infos[i], self.flags, feats);
            } else {
                let base = c as usize * n;
                scores.extend_from_slice(&self.cache.aux[base..base + n]);
            }
            features::aux_context_features(infos, i, p1, p2, self.flags, feats);
            self.aux.add_scores(feats, scores);
            let l = if names.get(i).copied().unwrap_or(false) { argmax_among(scores, &self.aux_name_labels) } else { argmax_i(scores) };
            out.push(l);
            p2 = p1;
            p1 = self.aux_hist[l];
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
        let mut p = Prepared::new(data, options, progress);
        let train: Vec<usize> = (0..data.sentences.len()).collect();
        let dev: Vec<DevSentence<'_>> = data
            .dev
            .iter()
            .zip(&p.dev_infos)
            .zip(&p.dev_aux)
            .map(|((s, i), a)| DevSentence { gold: s, infos: i, aux: a })
            .collect();
        let mut rng = options.seed ^ 0x9e37_79b9_7f4a_7c15;
        let (trainer, words) = p.train_main_self(data.sentences, &train, &dev, options, &mut rng, &mut |epoch, acc, dev| {
            progress(&Progress { stage: "perdt", epoch, epochs: options.epochs, train_accuracy: acc, dev: dev.map(|c| c.ratios()) })
        });
        let mut tagger = p.tagger;
        tagger.main = trainer.freeze(options.prune);
        tagger.frequent = p.frequent.clone();
        tagger.build_cache();
        p.report.words = words;
        let report = &mut p.report;
        report.labels = tagger.labels.len();
        report.aux_labels = tagger.aux_labels.len();
        report.features = (tagger.main.n_features(), tagger.aux.n_features());
        tagger.info = format!(
            "averaged perceptron tagger: {} PerDT words ({} epochs), {} Bijankhan tokens ({} epochs), seed {}, {} joint labels, {} Bijankhan tags, {}+{} features, templates {:#x}",
            report.words, options.epochs, report.aux_tokens, options.aux_epochs, options.seed, report.labels, report.aux_labels, report.features.0, report.features.1, tagger.flags
        );
        (tagger, p.report)
    }

    /// `folds`-fold cross-validation of the main pass on `data.sentences` (sentence `i` is in
    /// fold `i % folds`); `data.dev` is ignored. The auxiliary pass, clusters and lexical tables
    /// do not use the PerDT tags, so they are built once. Returns the pooled held-out accuracy
    /// `(UPOS, XPOS, FEATS, all three)` after every epoch.
    pub fn cross_validate(
        data: TrainData<'_>,
        options: &TrainOptions,
        folds: usize,
        progress: &mut dyn FnMut(&Progress),
    ) -> Vec<(f64, f64, f64, f64)> {
        let data = TrainData { dev: &[], ..data };
        let p = Prepared::new(data, options, progress);
        let folds = folds.max(2);
        let mut pooled = vec![DevCounts::default(); options.epochs];
        for fold in 0..folds {
            let train: Vec<usize> = (0..data.sentences.len()).filter(|i| i % folds != fold).collect();
            let dev: Vec<DevSentence<'_>> = (0..data.sentences.len())
                .filter(|i| i % folds == fold)
                .map(|i| DevSentence { gold: &data.sentences[i], infos: &p.perdt[i], aux: &p.perdt_aux[i] })
                .collect();
            let mut rng = options.seed ^ 0x9e37_79b9_7f4a_7c15;
            let _ = p.train_main_self(data.sentences, &train, &dev, options, &mut rng, &mut |epoch, acc, dev| {
                if let Some(c) = dev {
                    pooled[epoch - 1].add(&c);
                }
                progress(&Progress { stage: "cv", epoch, epochs: options.epochs, train_accuracy: acc, dev: dev.map(|c| c.ratios()) })
            });
        }
        pooled.iter().map(DevCounts::ratios).collect()
    }
    /// Jack-knifing: `folds` taggers, tagger `k` trained on every sentence of `data.sentences`
    /// except those with `i % folds == k` (`data.dev` is ignored). Tagging sentence `i` with
    /// tagger `i % folds` gives tags as noisy as on unseen text, which is what a model trained
    /// on top of the tagger (the parser) must learn from. The auxiliary pass, clusters and
    /// lexical tables use no PerDT tags and are shared by all folds.
    pub fn jackknife(data: TrainData<'_>, options: &TrainOptions, folds: usize, progress: &mut dyn FnMut(&Progress)) -> Vec<Tagger> {
        let data = TrainData { dev: &[], ..data };
        let p = Prepared::new(data, options, progress);
        let folds = folds.max(2);
        (0..folds)
            .map(|fold| {
                let train: Vec<usize> = (0..data.sentences.len()).filter(|i| i % folds != fold).collect();
                let mut rng = options.seed ^ 0x9e37_79b9_7f4a_7c15;
                let (trainer, _) = p.train_main_self(data.sentences, &train, &[], options, &mut rng, &mut |epoch, acc, _| {
                    progress(&Progress { stage: "jackknife", epoch, epochs: options.epochs, train_accuracy: acc, dev: None })
                });
                let mut t = p.tagger.clone();
                t.main = trainer.freeze(options.prune);
                t.frequent = p.frequent.clone();
                t.build_cache();
                t.info = format!("jack-knife fold {fold} of {folds}");
                t
            })
            .collect()
    }
}

/// The ezafe pass, greedy left to right (right to left, each word seeing the next one's
/// decision, scored the same on held-out Bijankhan: F1 93.81 against 93.85).
/// `cache`: the static scores of frequent forms (two per form; may be empty).
fn run_ezafe(model: &Frozen, cache: &[i32], flags: u32, infos: &[WordInfo], aux: &[AuxOut], feats: &mut Vec<u64>, scores: &mut Vec<i32>) -> Vec<bool> {
    let mut out = Vec::with_capacity(infos.len());
    let mut prev = false;
    for i in 0..infos.len() {
        feats.clear();
        scores.clear();
        let c = infos[i].cache as usize;
        if infos[i].cache != features::NO_CACHE && 2 * c + 2 <= cache.len() {
            scores.extend_from_slice(&cache[2 * c..2 * c + 2]);
        } else {
            scores.resize(2, 0);
            features::static_word_features(&infos[i], flags, feats);
        }
        features::ezafe_context_features(infos, aux, i, prev, feats);
        model.add_scores(feats, scores);
        prev = argmax_i(scores) == 1;
        out.push(prev);
    }
    out
}

/// Trains the auxiliary (Bijankhan tag) pass on the sentences `ix` of `bj`, shuffling with
/// `rng` before every epoch; `on_epoch(epoch, correct, tokens)` after each.
#[allow(clippy::too_many_arguments)]
fn train_aux(
    bj: &[Vec<WordInfo>],
    tags: &[BijankhanSentence],
    ix: &[usize],
    aux_ix: &HashMap<&str, usize>,
    aux_hist: &[Hist],
    flags: u32,
    epochs: usize,
    rng: &mut u64,
    on_epoch: &mut dyn FnMut(usize, usize, usize),
) -> Trainer {
    let mut feats = Vec::with_capacity(128);
    let mut fscores = Vec::new();
    let mut trainer = Trainer::new(aux_hist.len());
    let mut order: Vec<usize> = ix.to_vec();
    for epoch in 0..epochs {
        shuffle(&mut order, rng);
        let (mut ok, mut n) = (0usize, 0usize);
        for &si in &order {
            let infos = &bj[si];
            let (mut p1, mut p2) = (START, START);
            for (i, (_, tag)) in tags[si].words.iter().enumerate() {
                features::aux_features(infos, i, p1, p2, flags, &mut feats);
                let gold = aux_ix.get(bijankhan::coarse(tag).as_str()).copied().unwrap_or(0);
                let pred = trainer.step(&feats, gold, &mut fscores);
                ok += (pred == gold) as usize;
                n += 1;
                p2 = p1;
                p1 = aux_hist[pred];
            }
        }
        on_epoch(epoch, ok, n);
    }
    trainer
}

/// The person/number bit of a joint label: VERB and AUX labels whose FEATS give both.
fn label_pn(upos: &str, feats: &str) -> u8 {
    if upos != "VERB" && upos != "AUX" {
        return 0;
    }
    let get = |k: &str| feats.split('|').find_map(|f| f.strip_prefix(k));
    let person = get("Person=").and_then(|p| p.parse().ok());
    let plural = get("Number=").map(|n| n == "Plur");
    features::pn_bit(person, plural).unwrap_or(0)
}

/// Starts a word's main-pass scores: the cached static scores of a frequent form, or zeros with
/// its static features pushed into `feats` (both buffers are cleared first).
fn start_main_scores(cache: &[i32], n: usize, info: &WordInfo, flags: u32, feats: &mut Vec<u64>, scores: &mut Vec<i32>) {
    scores.clear();
    feats.clear();
    let c = info.cache as usize;
    if c == features::NO_CACHE as usize || (c + 1) * n > cache.len() {
        scores.resize(n, 0);
        features::main_static_features(info, flags, feats);
    } else {
        scores.extend_from_slice(&cache[c * n..(c + 1) * n]);
    }
}

/// Where the model's flags keep the beam width of the main pass (0 and 1: greedy).
const BEAM_SHIFT: u32 = 16;
const MAX_BEAM: usize = 15;

fn beam_width(flags: u32) -> usize {
    ((flags >> BEAM_SHIFT) as usize & MAX_BEAM).max(1)
}

/// Left-to-right decoding of the main pass, greedy or with the model's beam (`cache`: static
/// scores, may be empty).
#[allow(clippy::too_many_arguments)]
fn decode_main(
    main: &Frozen,
    cache: &[i32],
    label_hist: &[Hist],
    labels: &[(String, String, String)],
    label_pn: &[u8],
    flags: u32,
    infos: &[WordInfo],
    aux: &[AuxOut],
    (names, name_labels): (&[bool], &[bool]),
    feats: &mut Vec<u64>,
    scores: &mut Vec<i32>,
) -> Vec<usize> {
    let width = beam_width(flags);
    if width > 1 {
        let l = beam::Labels { hist: label_hist, pn: label_pn };
        return beam::decode(main, cache, &l, flags, width, infos, aux, (names, name_labels), feats, scores);
    }
    let mut out = Vec::with_capacity(infos.len());
    let (mut p1, mut p2) = (START, START);
    let n = main.n_labels();
    for i in 0..infos.len() {
        start_main_scores(cache, n, &infos[i], flags, feats, scores);
        features::main_context_features(infos, aux, i, p1, p2, flags, feats);
        main.add_scores(feats, scores);
        let mut l = if names.get(i).copied().unwrap_or(false) { argmax_among(scores, name_labels) } else { argmax_i(scores) };
        // A verb label's person and number must be one the verb analyser reads in the form
        // (when every reading marks them): `نمی‌کردند` is third plural, whatever the context.
        let pn = infos[i].sig.pn;
        if pn != 0 && pn & features::PN_UNMARKED == 0 && label_pn.get(l).is_some_and(|&b| b != 0 && b & pn == 0) {
            // Only FEATS change: the best label with the same UPOS and XPOS that agrees.
            let same = |k: usize| labels.get(k).zip(labels.get(l)).is_some_and(|(a, b)| a.0 == b.0 && a.1 == b.1);
            l = (0..scores.len())
                .filter(|&k| same(k) && label_pn.get(k).is_some_and(|&b| b != 0 && b & pn != 0))
                .max_by_key(|&k| (scores[k], std::cmp::Reverse(k)))
                .unwrap_or(l);
        }
        out.push(l);
        p2 = p1;
        p1 = label_hist[l];
    }
    out
}

/// Correct words on development sentences.
#[derive(Clone, Copy, Debug, Default)]
struct DevCounts {
    upos: usize,
    xpos: usize,
    feats: usize,
    all: usize,
    total: usize,
}

impl DevCounts {
    fn add(&mut self, o: &DevCounts) {
        self.upos += o.upos;
        self.xpos += o.xpos;
        self.feats += o.feats;
        self.all += o.all;
        self.total += o.total;
    }

    fn ratios(&self) -> (f64, f64, f64, f64) {
        (ratio(self.upos, self.total), ratio(self.xpos, self.total), ratio(self.feats, self.total), ratio(self.all, self.total))
    }
}

struct DevSentence<'a> {
    gold: &'a TrainSentence,
    infos: &'a [WordInfo],
    aux: &'a [AuxOut],
}

/// A training run up to the main pass: label inventory, lexical tables, clusters, the trained
/// auxiliary pass and its predictions on the PerDT sentences.
struct Prepared {
    tagger: Tagger,
    /// The most frequent forms of all training text (for the static score cache).
    frequent: Vec<String>,
    label_ix: HashMap<(String, String, String), usize>,
    perdt: Vec<Vec<WordInfo>>,
    perdt_aux: Vec<Vec<AuxOut>>,
    dev_infos: Vec<Vec<WordInfo>>,
    dev_aux: Vec<Vec<AuxOut>>,
    /// Unlabeled sentences for self-training (empty when off).
    unl_infos: Vec<Vec<WordInfo>>,
    unl_aux: Vec<Vec<AuxOut>>,
    report: TrainReport,
}

impl Prepared {
    fn new(data: TrainData<'_>, options: &TrainOptions, progress: &mut dyn FnMut(&Progress)) -> Prepared {
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
            flags: options.features | (options.beam.clamp(1, MAX_BEAM) as u32) << BEAM_SHIFT,
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
        // Signatures computed, not cached in the model (as for words unseen at run time).
        let unl_infos: Vec<Vec<WordInfo>> = data.unlabeled[..options.self_train.min(data.unlabeled.len())]
            .iter()
            .map(|s| s.words.iter().map(|w| tagger.info_of(&w.form, w.part, LexSig::compute(lex, &w.form))).collect())
            .collect();
        let aux_ix: HashMap<&str, usize> = aux_labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
        let mut rng = options.seed ^ 0x9e37_79b9_7f4a_7c15;

        // Stage 1: Bijankhan tags.
        let mut feats = Vec::with_capacity(128);
        let all: Vec<usize> = (0..bj_train_n).collect();
        let trainer = train_aux(&bj, data.bijankhan, &all, &aux_ix, &tagger.aux_hist, tagger.flags, options.aux_epochs, &mut rng, &mut |epoch, ok, n| {
            report.aux_tokens = n;
            progress(&Progress { stage: "bijankhan", epoch: epoch + 1, epochs: options.aux_epochs, train_accuracy: ratio(ok, n), dev: None });
        });
        tagger.aux = trainer.freeze(options.aux_prune);
        drop(trainer);
        let mut scores = Vec::new();
        // Stage 1b: ezafe from the auxiliary tags on both sides. Trained on auxiliary tags
        // predicted by models that never saw the sentence (4-fold jack-knifing), as they are
        // at run time; its own shuffling seed keeps the other stages unchanged.
        if options.ezafe_epochs > 0 && bj_train_n >= 8 {
            const FOLDS: usize = 4;
            let mut erng = options.seed ^ 0xe2af_e000_0000_0001;
            let mut predicted: Vec<Vec<AuxOut>> = vec![Vec::new(); bj_train_n];
            let mut fold_tagger = tagger.clone();
            for fold in 0..FOLDS {
                let ix: Vec<usize> = (0..bj_train_n).filter(|i| i % FOLDS != fold).collect();
                let t = train_aux(&bj, data.bijankhan, &ix, &aux_ix, &tagger.aux_hist, tagger.flags, options.aux_epochs, &mut erng, &mut |_, _, _| {});
                fold_tagger.aux = t.freeze(options.aux_prune);
                for si in (0..bj_train_n).filter(|i| i % FOLDS == fold) {
                    predicted[si] = fold_tagger.run_aux(&bj[si], &mut feats, &mut scores).into_iter().map(|a| tagger.aux_out[a]).collect();
                }
                progress(&Progress { stage: "ezafe-jackknife", epoch: fold + 1, epochs: FOLDS, train_accuracy: 0.0, dev: None });
            }
            drop(fold_tagger);
            let mut trainer = Trainer::new(2);
            let mut fscores = Vec::new();
            let mut order: Vec<usize> = (0..bj_train_n).collect();
            for epoch in 0..options.ezafe_epochs {
                shuffle(&mut order, &mut erng);
                let (mut ok, mut n) = (0usize, 0usize);
                for &si in &order {
                    let mut prev = false;
                    for (i, (_, tag)) in data.bijankhan[si].words.iter().enumerate() {
                        features::ezafe_features(&bj[si], &predicted[si], i, prev, tagger.flags, &mut feats);
                        let gold = bijankhan::has_ezafe(tag) as usize;
                        let pred = trainer.step(&feats, gold, &mut fscores);
                        ok += (pred == gold) as usize;
                        n += 1;
                        prev = pred == 1;
                    }
                }
                progress(&Progress { stage: "ezafe", epoch: epoch + 1, epochs: options.ezafe_epochs, train_accuracy: ratio(ok, n), dev: None });
            }
            tagger.ezafe = Some(trainer.freeze(options.aux_prune));
        }
        if bj_train_n < bj.len() {
            let (mut ok, mut eok, mut n) = (0, 0, 0);
            let (mut tp, mut fp, mut fneg) = (0, 0, 0);
            for (infos, sent) in bj.iter().zip(data.bijankhan).skip(bj_train_n) {
                let pred = tagger.run_aux(infos, &mut feats, &mut scores);
                for (p, (_, gold)) in pred.iter().zip(&sent.words) {
                    let t = &tagger.aux_labels[*p];
                    ok += (*t == bijankhan::coarse(gold)) as usize;
                    let (pe, ge) = (bijankhan::has_ezafe(t), bijankhan::has_ezafe(gold));
                    eok += (pe == ge) as usize;
                    tp += (pe && ge) as usize;
                    fp += (pe && !ge) as usize;
                    fneg += (!pe && ge) as usize;
                    n += 1;
                }
            }
            report.aux_holdout = Some((ratio(ok, n), ratio(eok, n)));
            let prf = |tp: usize, fp: usize, fneg: usize| {
                let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fneg));
                (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
            };
            report.ezafe_holdout = Some(prf(tp, fp, fneg));
            if let Some(model) = &tagger.ezafe {
                let (mut tp, mut fp, mut fneg) = (0, 0, 0);
                for (infos, sent) in bj.iter().zip(data.bijankhan).skip(bj_train_n) {
                    let aux: Vec<AuxOut> = tagger.run_aux(infos, &mut feats, &mut scores).into_iter().map(|a| tagger.aux_out[a]).collect();
                    let pred = run_ezafe(model, &[], tagger.flags, infos, &aux, &mut feats, &mut scores);
                    for (pe, (_, gold)) in pred.into_iter().zip(&sent.words) {
                        let ge = bijankhan::has_ezafe(gold);
                        tp += (pe && ge) as usize;
                        fp += (pe && !ge) as usize;
                        fneg += (!pe && ge) as usize;
                    }
                }
                report.ezafe_pass_holdout = Some(prf(tp, fp, fneg));
            }
        }
        let aux_of = |t: &Tagger, infos: &[WordInfo], feats: &mut Vec<u64>, scores: &mut Vec<i32>| -> Vec<AuxOut> {
            t.run_aux(infos, feats, scores).into_iter().map(|a| t.aux_out[a]).collect()
        };
        let perdt_aux: Vec<Vec<AuxOut>> = perdt.iter().map(|s| aux_of(&tagger, s, &mut feats, &mut scores)).collect();
        let dev_aux: Vec<Vec<AuxOut>> = dev_infos.iter().map(|s| aux_of(&tagger, s, &mut feats, &mut scores)).collect();
        let unl_aux: Vec<Vec<AuxOut>> = unl_infos.iter().map(|s| aux_of(&tagger, s, &mut feats, &mut scores)).collect();
        tagger.sigs = sigs;
        let label_ix = labels.iter().enumerate().map(|(i, l)| (l.clone(), i)).collect();
        // The most frequent forms with a cached lexicon signature.
        let frequent = {
            let mut counts: HashMap<&str, usize> = HashMap::new();
            let words = data
                .raw
                .iter()
                .flatten()
                .map(String::as_str)
                .chain(data.bijankhan[..bj_train_n].iter().flat_map(|s| s.words.iter().map(|(w, _)| w.as_str())))
                .chain(data.sentences.iter().flat_map(|s| s.words.iter().map(|w| w.form.as_str())));
            for w in words {
                *counts.entry(w).or_default() += 1;
            }
            let mut v: Vec<(&str, usize)> = counts.into_iter().filter(|(w, _)| tagger.sigs.contains_key(&hash::str(w))).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            v.into_iter().take(options.cached_forms).map(|(w, _)| w.to_string()).collect()
        };
        Prepared { tagger, frequent, label_ix, perdt, perdt_aux, dev_infos, dev_aux, unl_infos, unl_aux, report }
    }

    /// Labels of the unlabeled sentences by the main pass `trainer` (self-training).
    fn silver(&self, trainer: &Trainer, options: &TrainOptions) -> Vec<Vec<usize>> {
        let t = &self.tagger;
        let main = trainer.freeze(options.prune);
        let (mut feats, mut scores) = (Vec::new(), Vec::new());
        self.unl_infos
            .iter()
            .zip(&self.unl_aux)
            .map(|(infos, aux)| decode_main(&main, &[], &t.label_hist, &t.labels, &t.label_pn, t.flags, infos, aux, (&[], &[]), &mut feats, &mut scores))
            .collect()
    }

    /// [`Prepared::train_main`], self-trained when there are unlabeled sentences: a first
    /// model on `train` alone tags them, and the returned model learns from both.
    fn train_main_self(
        &self,
        sents: &[TrainSentence],
        train: &[usize],
        dev: &[DevSentence<'_>],
        options: &TrainOptions,
        rng: &mut u64,
        on_epoch: &mut dyn FnMut(usize, f64, Option<DevCounts>),
    ) -> (Trainer, usize) {
        if self.unl_infos.is_empty() {
            return self.train_main(sents, train, &[], dev, options, rng, on_epoch);
        }
        let (first, _) = self.train_main(sents, train, &[], &[], options, rng, &mut |_, _, _| {});
        let silver = self.silver(&first, options);
        drop(first);
        self.train_main(sents, train, &silver, dev, options, rng, on_epoch)
    }

    /// Trains the main pass on the sentences `train` (indices into `sents`), scoring `dev` after
    /// every epoch; returns the trainer and the number of words of an epoch.
    #[allow(clippy::too_many_arguments)]
    fn train_main(
        &self,
        sents: &[TrainSentence],
        train: &[usize],
        silver: &[Vec<usize>],
        dev: &[DevSentence<'_>],
        options: &TrainOptions,
        rng: &mut u64,
        on_epoch: &mut dyn FnMut(usize, f64, Option<DevCounts>),
    ) -> (Trainer, usize) {
        let t = &self.tagger;
        let mut feats = Vec::with_capacity(128);
        let mut fscores = Vec::new();
        let mut scores = Vec::new();
        let mut trainer = Trainer::new(t.labels.len().max(1));
        let mut beam_bufs = beam::TrainBuffers::default();
        // Silver sentence `k` is `SILVER | k` in the order.
        const SILVER: usize = 1 << (usize::BITS - 1);
        let mut order: Vec<usize> = train.to_vec();
        order.extend((0..silver.len()).map(|k| SILVER | k));
        let gold_ix: Vec<Vec<usize>> = sents
            .iter()
            .map(|s| s.words.iter().map(|w| self.label_ix.get(&(w.upos.clone(), w.xpos.clone(), w.feats.clone())).copied().unwrap_or(0)).collect())
            .collect();
        let mut words = 0;
        for epoch in 0..options.epochs {
            shuffle(&mut order, rng);
            let (mut ok, mut n, mut nw) = (0usize, 0usize, 0usize);
            for &si in &order {
                let (infos, aux, labels) = if si & SILVER != 0 {
                    let k = si & !SILVER;
                    (&self.unl_infos[k], &self.unl_aux[k], &silver[k])
                } else {
                    (&self.perdt[si], &self.perdt_aux[si], &gold_ix[si])
                };
                nw += labels.len();
                if options.beam > 1 {
                    let (r, m) = beam::train_sentence(&mut trainer, &t.label_hist, t.flags, options.beam, options.early_update, infos, aux, labels, &mut beam_bufs);
                    ok += r;
                    n += m;
                    continue;
                }
                let (mut p1, mut p2) = (START, START);
                for (i, &gold) in labels.iter().enumerate() {
                    features::main_features(infos, aux, i, p1, p2, t.flags, &mut feats);
                    let pred = trainer.step(&feats, gold, &mut fscores);
                    ok += (pred == gold) as usize;
                    n += 1;
                    p2 = p1;
                    p1 = t.label_hist[pred];
                }
            }
            words = nw;
            let counts = if dev.is_empty() {
                None
            } else {
                let main = trainer.freeze(options.prune);
                let mut c = DevCounts::default();
                for d in dev {
                    let pred = decode_main(&main, &[], &t.label_hist, &t.labels, &t.label_pn, t.flags, d.infos, d.aux, (&[], &[]), &mut feats, &mut scores);
                    for (p, w) in pred.iter().zip(&d.gold.words) {
                        let (u, x, f) = &t.labels[*p];
                        let (a, b, cc) = (*u == w.upos, *x == w.xpos, *f == w.feats);
                        c.upos += a as usize;
                        c.xpos += b as usize;
                        c.feats += cc as usize;
                        c.all += (a && b && cc) as usize;
                        c.total += 1;
                    }
                }
                Some(c)
            };
            on_epoch(epoch + 1, ratio(ok, n), counts);
        }
        (trainer, words)
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
