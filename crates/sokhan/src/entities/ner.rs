//! The named-entity recognizer: a first-order structured perceptron over BIO labels of whole
//! tokens, decoded with Viterbi under the BIO constraint (`I-X` only after `B-X` or `I-X`).
//!
//! Features of a token: its normalized form and those of two neighbours each side, affixes,
//! the tagger's UPOS/XPOS and ezafe of its first word, the tagger's distributional cluster,
//! what the lexicon knows (frequency, coarse tags), and the name lists of a [`Gazetteer`]
//! (single tokens and phrases of up to four tokens). Transitions between labels are weights
//! of their own. The weights are the tagger's compact quantized tables.

use super::gazetteer::{self, Gazetteer};
use super::EntityType;
use crate::doc::Sentence;
use crate::model::{self, ModelKind};
use crate::morph::Lexicon;
use crate::tag::hash;
use crate::tag::perceptron::{Frozen, IdMap, StoredWeights, Trainer};
use crate::tag::{cluster, Tagger};
use crate::Error;
use serde::{Deserialize, Serialize};

/// A BIO label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Label {
    /// Outside any entity.
    O,
    /// First token of an entity.
    B(EntityType),
    /// A later token of an entity.
    I(EntityType),
}

impl Label {
    /// Parses `O`, `B-PER`, `I-LOC`, … with Sokhan's type names (`PER`, `ORG`, `LOC`,
    /// `EVENT`, …); `None` for anything else.
    pub fn parse(s: &str) -> Option<Label> {
        if s == "O" {
            return Some(Label::O);
        }
        let (bi, t) = s.split_once('-')?;
        let t = EntityType::from_name(t)?;
        match bi {
            "B" => Some(Label::B(t)),
            "I" => Some(Label::I(t)),
            _ => None,
        }
    }

    /// `O`, `B-PER`, ….
    pub fn name(self) -> String {
        match self {
            Label::O => "O".into(),
            Label::B(t) => format!("B-{}", t.name()),
            Label::I(t) => format!("I-{}", t.name()),
        }
    }

    /// The entity type, `None` for `O`.
    pub fn kind(self) -> Option<EntityType> {
        match self {
            Label::O => None,
            Label::B(t) | Label::I(t) => Some(t),
        }
    }
}

/// Whether `cur` may follow `prev` (`None`: the sentence start).
fn allowed(prev: Option<Label>, cur: Label) -> bool {
    match cur {
        Label::I(t) => matches!(prev, Some(Label::B(p) | Label::I(p)) if p == t),
        _ => true,
    }
}

/// Entity spans `(type, first token, end token)` of a label sequence (an `I-X` that does
/// not continue an `X` starts one, as in conlleval).
pub fn spans_of(labels: &[Label]) -> Vec<(EntityType, usize, usize)> {
    let mut out: Vec<(EntityType, usize, usize)> = Vec::new();
    let mut open: Option<(EntityType, usize)> = None;
    for (i, l) in labels.iter().enumerate() {
        let continues = matches!((l, open), (Label::I(t), Some((o, _))) if *t == o);
        if !continues {
            if let Some((t, s)) = open.take() {
                out.push((t, s, i));
            }
            if let Some(t) = l.kind() {
                open = Some((t, i));
            }
        }
    }
    if let Some((t, s)) = open {
        out.push((t, s, labels.len()));
    }
    out
}

/// The gold label of each token of `sentence`, from labels of another tokenization of the
/// same text: `starts[i]..ends[i]` are the bytes of gold token `i` (in the text `sentence`'s
/// spans index) and `gold[i]` its label. A token that starts where a gold entity starts
/// takes its `B-`, one inside it `I-`, anything else `O`.
pub fn labels_for_spans(sentence: &Sentence, starts: &[usize], ends: &[usize], gold: &[Label]) -> Vec<Label> {
    let mut out: Vec<Label> = Vec::with_capacity(sentence.tokens.len());
    for t in &sentence.tokens {
        let at = t.span.start;
        // The gold token holding the token's first byte (or the last one starting before it).
        let g = starts.partition_point(|&s| s <= at).checked_sub(1);
        let label = match g {
            Some(g) if at < ends.get(g).copied().unwrap_or(0) || at == starts[g] => match gold.get(g).copied().unwrap_or(Label::O) {
                Label::B(k) if at == starts[g] => Label::B(k),
                Label::B(k) | Label::I(k) => Label::I(k),
                Label::O => Label::O,
            },
            _ => Label::O,
        };
        // A token inside a gold entity whose previous token is outside it starts the entity.
        let label = match (label, out.last()) {
            (Label::I(k), Some(Label::B(p) | Label::I(p))) if *p == k => label,
            (Label::I(k), _) => Label::B(k),
            _ => label,
        };
        out.push(label);
    }
    out
}

// Feature templates.
const T_BIAS: u32 = 0;
const T_W: u32 = 1;
const T_WM1: u32 = 2;
const T_WP1: u32 = 3;
const T_WM2: u32 = 4;
const T_WP2: u32 = 5;
const T_WM1_W: u32 = 6;
const T_W_WP1: u32 = 7;
const T_SUF2: u32 = 8;
const T_SUF3: u32 = 9;
const T_PRE3: u32 = 10;
const T_UPOS: u32 = 11;
const T_UPOS_M1: u32 = 12;
const T_UPOS_P1: u32 = 13;
const T_UPOS3: u32 = 14;
const T_XPOS: u32 = 15;
const T_EZ: u32 = 16;
const T_UPOS_EZ: u32 = 17;
const T_SHAPE: u32 = 18;
const T_LEN: u32 = 19;
const T_FREQ: u32 = 20;
const T_LEXTAGS: u32 = 21;
const T_CL1: u32 = 22;
const T_CL2: u32 = 23;
const T_CL3: u32 = 24;
const T_CL_M1: u32 = 25;
const T_CL_P1: u32 = 26;
const T_GAZ: u32 = 27;
const T_GAZ_M1: u32 = 28;
const T_GAZ_P1: u32 = 29;
const T_PHRASE: u32 = 30;
const T_WM1_UPOS: u32 = 31;
const T_FIRST: u32 = 32;
const T_HOST: u32 = 33;
const T_UPOS_WP1: u32 = 34;
const T_FREQ_UPOS: u32 = 35;
const T_GAZ_UPOS: u32 = 36;
const T_OCL1: u32 = 37;
const T_OCL2: u32 = 38;
const T_OCL3: u32 = 39;
const T_TRANS: u32 = 40;
const T_OCL_M1: u32 = 41;
const T_OCL_P1: u32 = 42;
const T_OCL_W: u32 = 43;
const T_SUF4: u32 = 44;
const T_PRE2: u32 = 45;
const T_WM2_WM1: u32 = 46;
const T_WP1_WP2: u32 = 47;
const T_UNSEEN: u32 = 48;
const T_SHAPE_UPOS: u32 = 49;

/// What the recognizer looks words up in besides the tagger and the lexicon: name lists and
/// its own distributional word clusters (learned from more varied text than the tagger's).
#[derive(Clone, Debug, Default)]
pub struct Lists {
    /// Name lists.
    pub gazetteer: Gazetteer,
    /// Cluster code by form hash ([`cluster_text`] builds them).
    clusters: IdMap<u32>,
}

impl Lists {
    /// Name lists and clusters (as [`cluster_text`] returns them).
    pub fn new(gazetteer: Gazetteer, clusters: Vec<(u64, u32)>) -> Lists {
        Lists { gazetteer, clusters: clusters.into_iter().collect() }
    }

    fn cluster(&self, form: &str) -> u32 {
        self.clusters.get(&hash::str(form)).copied().unwrap_or(cluster::UNKNOWN)
    }
}

/// Distributional clusters of the forms of `sentences` (normalized tokens), for [`Lists::new`].
pub fn cluster_text<'a>(sentences: impl Iterator<Item = Vec<&'a str>> + Clone, seed: u64) -> Vec<(u64, u32)> {
    let mut v: Vec<(u64, u32)> = cluster::build(sentences, seed).into_iter().collect();
    v.sort_unstable();
    v
}

/// What the features of one token are made of.
struct View<'a> {
    norm: &'a str,
    /// Hashes of the form, the first word's UPOS, and the form's shape.
    norm_h: u64,
    upos_h: u64,
    shape: u64,
    host: &'a str,
    xpos: &'a str,
    ezafe: bool,
    cluster: u32,
    own_cluster: u32,
    freq: u8,
    lextags: u32,
    gaz: u16,
    /// Gazetteer phrase covering the token: 1 = first token, 2 = later token; class bits.
    phrase: (u8, u16),
}

fn freq_bucket(f: Option<u64>) -> u8 {
    match f {
        None => 0,
        Some(f) => 1 + (f.max(1) as f64).log10().min(9.0) as u8,
    }
}

fn shape(s: &str) -> u64 {
    let mut bits = 0u64;
    for c in s.chars() {
        bits |= if c.is_ascii_digit() || ('۰'..='۹').contains(&c) || ('٠'..='٩').contains(&c) {
            1
        } else if c.is_ascii_alphabetic() {
            2
        } else if c == '\u{200C}' {
            4
        } else if ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{067E}'..='\u{06D3}').contains(&c) || c.is_alphabetic() {
            // Arabic-script letters first: the general test is a table walk.
            8
        } else {
            16
        };
    }
    bits
}

/// Last `n` characters of `s` (all of it when shorter).
fn suffix(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The views of a sentence's tokens.
fn views<'a>(sentence: &'a Sentence, tagger: Option<&Tagger>, lexicon: &Lexicon, lists: &Lists) -> Vec<View<'a>> {
    let gaz = &lists.gazetteer;
    let norms: Vec<&str> = sentence.tokens.iter().map(|t| t.norm.as_str()).collect();
    let mut phrase = vec![(0u8, 0u16); norms.len()];
    let mut buf = String::new();
    let mut i = 0;
    while i < norms.len() {
        if let Some((n, c)) = gaz.phrase_at(&norms[i..], &mut buf) {
            phrase[i] = (1, c);
            for p in &mut phrase[i + 1..i + n] {
                *p = (2, c);
            }
            i += n;
        } else {
            i += 1;
        }
    }
    sentence
        .tokens
        .iter()
        .zip(phrase)
        .map(|(t, phrase)| {
            let first = t.words.first();
            let host = first.map_or(t.norm.as_str(), |w| w.norm.as_str());
            let upos = first.map_or("", |w| w.upos.as_str());
            let (freq, tags) = lexicon.freq_and_tags(host);
            View {
                norm: &t.norm,
                norm_h: hash::str(&t.norm),
                upos_h: hash::str(upos),
                shape: shape(&t.norm),
                host,
                xpos: first.map_or("", |w| w.xpos.as_str()),
                ezafe: t.words.iter().any(|w| w.ezafe == Some(true)),
                cluster: tagger.map_or(cluster::UNKNOWN, |tg| tg.cluster_code(host)),
                own_cluster: lists.cluster(&t.norm),
                freq: freq_bucket(freq),
                lextags: tags.bits(),
                gaz: gaz.class(&t.norm) | if host != t.norm { gaz.class(host) } else { 0 },
                phrase,
            }
        })
        .collect()
}

fn f(template: u32, v: u64) -> u64 {
    hash::feature(template, v)
}

fn s(x: &str) -> u64 {
    hash::str(x)
}

/// The features of token `i` into `out`.
fn token_features(v: &[View<'_>], i: usize, out: &mut Vec<u64>) {
    const PAD: u64 = 0x5eed;
    let at = |j: isize| -> Option<&View<'_>> { (j >= 0).then(|| v.get(j as usize)).flatten() };
    let w = |j: isize| at(j).map_or(PAD, |x| x.norm_h);
    let up = |j: isize| at(j).map_or(PAD, |x| x.upos_h);
    let c = &v[i];
    let i_ = i as isize;
    out.push(f(T_BIAS, 0));
    out.push(f(T_W, c.norm_h));
    out.push(f(T_WM1, w(i_ - 1)));
    out.push(f(T_WP1, w(i_ + 1)));
    out.push(f(T_WM2, w(i_ - 2)));
    out.push(f(T_WP2, w(i_ + 2)));
    out.push(f(T_WM1_W, hash::pair(w(i_ - 1), c.norm_h)));
    out.push(f(T_W_WP1, hash::pair(c.norm_h, w(i_ + 1))));
    out.push(f(T_SUF2, s(suffix(c.host, 2))));
    out.push(f(T_SUF3, s(suffix(c.host, 3))));
    out.push(f(T_PRE3, s(prefix(c.host, 3))));
    out.push(f(T_SUF4, s(suffix(c.host, 4))));
    out.push(f(T_PRE2, s(prefix(c.host, 2))));
    out.push(f(T_WM2_WM1, hash::pair(w(i_ - 2), w(i_ - 1))));
    out.push(f(T_WP1_WP2, hash::pair(w(i_ + 1), w(i_ + 2))));
    let unseen = c.freq == 0 && c.cluster == cluster::UNKNOWN && c.own_cluster == cluster::UNKNOWN;
    out.push(f(T_UNSEEN, hash::pair(unseen as u64, c.upos_h)));
    out.push(f(T_SHAPE_UPOS, hash::pair(c.shape, c.upos_h)));
    out.push(f(T_UPOS, c.upos_h));
    out.push(f(T_UPOS_M1, up(i_ - 1)));
    out.push(f(T_UPOS_P1, up(i_ + 1)));
    out.push(f(T_UPOS3, hash::pair(hash::pair(up(i_ - 1), c.upos_h), up(i_ + 1))));
    out.push(f(T_XPOS, s(c.xpos)));
    let ez_prev = at(i_ - 1).is_some_and(|x| x.ezafe);
    out.push(f(T_EZ, c.ezafe as u64 | (ez_prev as u64) << 1));
    out.push(f(T_UPOS_EZ, hash::pair(c.upos_h, c.ezafe as u64 | (ez_prev as u64) << 1)));
    out.push(f(T_SHAPE, c.shape));
    out.push(f(T_LEN, c.host.chars().count().min(12) as u64));
    out.push(f(T_FREQ, c.freq as u64));
    out.push(f(T_FREQ_UPOS, hash::pair(c.freq as u64, c.upos_h)));
    out.push(f(T_LEXTAGS, c.lextags as u64));
    if c.cluster != cluster::UNKNOWN {
        out.push(f(T_CL1, cluster::prefix(c.cluster, 1) as u64));
        out.push(f(T_CL2, cluster::prefix(c.cluster, 2) as u64));
        out.push(f(T_CL3, cluster::prefix(c.cluster, 3) as u64));
    }
    if c.own_cluster != cluster::UNKNOWN {
        out.push(f(T_OCL1, cluster::prefix(c.own_cluster, 1) as u64));
        out.push(f(T_OCL2, cluster::prefix(c.own_cluster, 2) as u64));
        out.push(f(T_OCL3, cluster::prefix(c.own_cluster, 3) as u64));
    }
    let ocl2 = |j: isize| at(j).map_or(PAD, |x| cluster::prefix(x.own_cluster, 2) as u64);
    out.push(f(T_OCL_M1, ocl2(i_ - 1)));
    out.push(f(T_OCL_P1, ocl2(i_ + 1)));
    out.push(f(T_OCL_W, hash::pair(ocl2(i_ - 1), c.norm_h)));
    let cl2 = |j: isize| at(j).map_or(PAD, |x| cluster::prefix(x.cluster, 2) as u64);
    out.push(f(T_CL_M1, cl2(i_ - 1)));
    out.push(f(T_CL_P1, cl2(i_ + 1)));
    if c.gaz != 0 {
        out.push(f(T_GAZ, c.gaz as u64));
        out.push(f(T_GAZ_UPOS, hash::pair(c.gaz as u64, c.upos_h)));
    }
    out.push(f(T_GAZ_M1, at(i_ - 1).map_or(PAD, |x| x.gaz as u64)));
    out.push(f(T_GAZ_P1, at(i_ + 1).map_or(PAD, |x| x.gaz as u64)));
    if c.phrase.0 != 0 {
        out.push(f(T_PHRASE, (c.phrase.0 as u64) << 8 | c.phrase.1 as u64));
    }
    out.push(f(T_WM1_UPOS, hash::pair(w(i_ - 1), c.upos_h)));
    out.push(f(T_UPOS_WP1, hash::pair(c.upos_h, w(i_ + 1))));
    if i == 0 {
        out.push(f(T_FIRST, 1));
    }
    if c.host != c.norm {
        out.push(f(T_HOST, s(c.host)));
    }
}

/// The transition feature from `prev` (`None`: sentence start).
fn trans_key(prev: Option<usize>) -> u64 {
    f(T_TRANS, prev.map_or(u64::MAX, |p| p as u64))
}

/// The model file's payload.
#[derive(Serialize, Deserialize, Default)]
struct Payload {
    labels: Vec<String>,
    weights: StoredWeights,
    gazetteer: Vec<(String, u16)>,
    /// Distributional clusters of the recognizer's own (hash of the form, code).
    clusters: Vec<(u64, u32)>,
    info: String,
}

/// The named-entity recognizer.
#[derive(Debug)]
pub struct Recognizer {
    labels: Vec<Label>,
    weights: Frozen,
    /// `trans[(p + 1) * n + y]`: weight of label `y` after label `p` (`p = -1`: start).
    trans: Vec<i32>,
    lists: Lists,
    info: String,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gazetteer({} entries)", self.len())
    }
}

/// The model embedded in the library, built by `sokhan train ner`.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/ner.skm");

impl Recognizer {
    /// The recognizer embedded in the binary (decoded once, lazily, on first use). If the
    /// embedded model cannot be decoded (a packaging bug the tests catch), it finds nothing.
    pub fn embedded() -> &'static Recognizer {
        static R: std::sync::OnceLock<Recognizer> = std::sync::OnceLock::new();
        R.get_or_init(|| {
            Recognizer::from_model_bytes(EMBEDDED_MODEL).unwrap_or_else(|_| Recognizer::build(vec![Label::O], StoredWeights { n_labels: 1, offsets: vec![0], scale: 1.0, ..Default::default() }, Lists::default(), String::new()))
        })
    }

    fn build(labels: Vec<Label>, weights: StoredWeights, lists: Lists, info: String) -> Recognizer {
        let weights = Frozen::from_stored(weights);
        let n = labels.len();
        let mut trans = vec![0i32; (n + 1) * n];
        for p in 0..=n {
            let prev = p.checked_sub(1);
            weights.add_scores(&[trans_key(prev)], &mut trans[p * n..(p + 1) * n]);
        }
        Recognizer { labels, weights, trans, lists, info }
    }

    /// Decodes a model file (kind `ner`).
    pub fn from_model_bytes(bytes: &[u8]) -> Result<Recognizer, Error> {
        let p: Payload = model::decode(ModelKind::Ner, bytes)?;
        let bad = |m: String| Error::Model(format!("the NER model is corrupt: {m}; rebuild it with `sokhan train ner`"));
        Frozen::validate(&p.weights).map_err(bad)?;
        let labels: Vec<Label> = p.labels.iter().map(|l| Label::parse(l).ok_or_else(|| bad(format!("unknown label {l:?}")))).collect::<Result<_, _>>()?;
        if labels.is_empty() || labels.len() != p.weights.n_labels as usize {
            return Err(bad("label count does not match the weight table".into()));
        }
        let gazetteer = Gazetteer::new(p.gazetteer.iter().map(|(e, c)| (e.as_str(), *c)));
        Ok(Recognizer::build(labels, p.weights, Lists::new(gazetteer, p.clusters), p.info))
    }

    /// Encodes the recognizer as a model file (kind `ner`).
    pub fn to_model_bytes(&self) -> Result<Vec<u8>, Error> {
        let p = Payload {
            labels: self.labels.iter().map(|l| l.name()).collect(),
            weights: self.weights.stored().clone(),
            gazetteer: self.lists.gazetteer.entries(),
            clusters: {
                let mut v: Vec<(u64, u32)> = self.lists.clusters.iter().map(|(k, v)| (*k, *v)).collect();
                v.sort_unstable();
                v
            },
            info: self.info.clone(),
        };
        model::encode(ModelKind::Ner, &p)
    }

    /// How the model was trained.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// The labels the model predicts.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// The name lists in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.lists.gazetteer
    }

    /// Number of weighted features.
    pub fn n_features(&self) -> usize {
        self.weights.n_features()
    }

    /// The BIO label of every token of a tagged sentence.
    pub fn label(&self, sentence: &Sentence, tagger: Option<&Tagger>, lexicon: &Lexicon) -> Vec<Label> {
        let n = self.labels.len();
        let v = views(sentence, tagger, lexicon, &self.lists);
        if v.is_empty() || n <= 1 {
            return vec![Label::O; v.len()];
        }
        let mut emit = vec![0i32; v.len() * n];
        let mut feats = Vec::with_capacity(64);
        for i in 0..v.len() {
            feats.clear();
            token_features(&v, i, &mut feats);
            self.weights.add_scores(&feats, &mut emit[i * n..(i + 1) * n]);
        }
        let best = viterbi(&self.labels, v.len(), |i, y| emit[i * n + y] as i64, |p, y| self.trans[p.map_or(0, |p| p + 1) * n + y] as i64);
        best.into_iter().map(|y| self.labels[y]).collect()
    }

    /// Entity spans `(type, first token, end token)` of a tagged sentence.
    pub fn recognize(&self, sentence: &Sentence, tagger: Option<&Tagger>, lexicon: &Lexicon) -> Vec<(EntityType, usize, usize)> {
        spans_of(&self.label(sentence, tagger, lexicon))
    }
}

/// The best label sequence of `len` tokens under the BIO constraint.
fn viterbi(labels: &[Label], len: usize, emit: impl Fn(usize, usize) -> i64, trans: impl Fn(Option<usize>, usize) -> i64) -> Vec<usize> {
    let n = labels.len();
    const NEG: i64 = i64::MIN / 4;
    let mut score = vec![NEG; n];
    let mut back = vec![0usize; len * n];
    for (y, l) in labels.iter().enumerate() {
        if allowed(None, *l) {
            score[y] = emit(0, y) + trans(None, y);
        }
    }
    let mut next = vec![NEG; n];
    for i in 1..len {
        for (y, l) in labels.iter().enumerate() {
            let mut best = NEG;
            let mut arg = 0;
            for (p, pl) in labels.iter().enumerate() {
                if score[p] == NEG || !allowed(Some(*pl), *l) {
                    continue;
                }
                let sc = score[p] + trans(Some(p), y);
                if sc > best {
                    best = sc;
                    arg = p;
                }
            }
            next[y] = if best == NEG { NEG } else { best + emit(i, y) };
            back[i * n + y] = arg;
        }
        std::mem::swap(&mut score, &mut next);
    }
    let mut y = (0..n).max_by_key(|&y| (score[y], std::cmp::Reverse(y))).unwrap_or(0);
    let mut out = vec![0; len];
    for i in (0..len).rev() {
        out[i] = y;
        if i > 0 {
            y = back[i * n + y];
        }
    }
    out
}

/// One training sentence: its tokens' features and gold label indices.
pub struct TrainSentence {
    feats: Vec<Vec<u64>>,
    gold: Vec<usize>,
}

impl TrainSentence {
    /// The features of a tagged `sentence` with gold `labels` (one per token) as indices into
    /// `label_set`; labels outside it count as `O`.
    pub fn new(sentence: &Sentence, labels: &[Label], label_set: &[Label], tagger: Option<&Tagger>, lexicon: &Lexicon, lists: &Lists) -> TrainSentence {
        let v = views(sentence, tagger, lexicon, lists);
        let feats = (0..v.len())
            .map(|i| {
                let mut out = Vec::with_capacity(48);
                token_features(&v, i, &mut out);
                out
            })
            .collect();
        let o = label_set.iter().position(|l| *l == Label::O).unwrap_or(0);
        let mut gold: Vec<usize> = labels.iter().map(|l| label_set.iter().position(|x| x == l).unwrap_or(o)).collect();
        gold.resize(v.len(), o);
        // Repair what the BIO constraint forbids (an `I-X` not after `X`): it starts an entity.
        for i in 0..gold.len() {
            let prev = i.checked_sub(1).map(|p| label_set[gold[p]]);
            if let Label::I(t) = label_set[gold[i]] {
                if !allowed(prev, Label::I(t)) {
                    gold[i] = label_set.iter().position(|x| *x == Label::B(t)).unwrap_or(o);
                }
            }
        }
        TrainSentence { feats, gold }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.gold.len()
    }

    /// Whether the sentence has no tokens.
    pub fn is_empty(&self) -> bool {
        self.gold.is_empty()
    }
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the order the sentences are visited in.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped.
    pub min_weight: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 20, seed: 1, min_weight: 2.0 }
    }
}

/// Trains a recognizer (structured perceptron with averaging).
pub fn train(data: &[TrainSentence], labels: Vec<Label>, lists: Lists, options: &TrainOptions, info: String, mut progress: impl FnMut(usize, f64)) -> Recognizer {
    let n = labels.len();
    let mut trainer = Trainer::new(n);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = options.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut scores = Vec::new();
    let mut trans = vec![0f32; (n + 1) * n];
    for epoch in 0..options.epochs {
        // Fisher–Yates with xorshift.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let (mut right, mut total) = (0usize, 0usize);
        for &k in &order {
            let sent = &data[k];
            if sent.is_empty() {
                continue;
            }
            for p in 0..=n {
                trainer.scores(&[trans_key(p.checked_sub(1))], &mut scores);
                trans[p * n..(p + 1) * n].copy_from_slice(&scores);
            }
            let emit: Vec<Vec<f32>> = sent
                .feats
                .iter()
                .map(|fs| {
                    trainer.scores(fs, &mut scores);
                    scores.clone()
                })
                .collect();
            let q = |x: f32| (x as f64 * 1e4) as i64;
            let pred = viterbi(&labels, sent.len(), |i, y| q(emit[i][y]), |p, y| q(trans[p.map_or(0, |p| p + 1) * n + y]));
            total += sent.len();
            right += pred.iter().zip(&sent.gold).filter(|(a, b)| a == b).count();
            trainer.tick();
            if pred == sent.gold {
                continue;
            }
            for i in 0..sent.len() {
                let (g, p) = (sent.gold[i], pred[i]);
                let (gp, pp) = (i.checked_sub(1).map(|j| sent.gold[j]), i.checked_sub(1).map(|j| pred[j]));
                if g != p {
                    trainer.add(&sent.feats[i], g, 1.0);
                    trainer.add(&sent.feats[i], p, -1.0);
                }
                if g != p || gp != pp {
                    trainer.add(&[trans_key(gp)], g, 1.0);
                    trainer.add(&[trans_key(pp)], p, -1.0);
                }
            }
        }
        progress(epoch + 1, right as f64 / total.max(1) as f64);
    }
    let frozen = trainer.freeze(options.min_weight);
    Recognizer::build(labels, frozen.stored().clone(), lists, info)
}

/// Reads a gazetteer class name (`given-name`, `city`, `province`, `country`, `language`).
pub fn gazetteer_class(name: &str) -> Option<u16> {
    Some(match name {
        "given-name" => gazetteer::GIVEN_NAME,
        "city" => gazetteer::CITY,
        "province" => gazetteer::PROVINCE,
        "country" => gazetteer::COUNTRY,
        "language" => gazetteer::LANGUAGE,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_and_spans_follow_conlleval() {
        for l in ["O", "B-PER", "I-ORG", "B-EVENT"] {
            assert_eq!(Label::parse(l).map(Label::name).as_deref(), Some(l));
        }
        assert_eq!(Label::parse("B-XYZ"), None);
        assert_eq!(Label::parse("X-PER"), None);
        use EntityType::*;
        let ls: Vec<Label> = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-ORG", "I-PER"].iter().map(|l| Label::parse(l).unwrap()).collect();
        assert_eq!(spans_of(&ls), vec![(Person, 0, 2), (Location, 3, 5), (Organization, 5, 6), (Person, 6, 7)]);
    }

    #[test]
    fn embedded_model_decodes_and_round_trips() {
        let r = Recognizer::from_model_bytes(EMBEDDED_MODEL).expect("embedded NER model");
        assert_eq!(r.labels().len(), 9);
        assert!(r.n_features() > 1000 && r.gazetteer().len() > 1000);
        let again = Recognizer::from_model_bytes(&r.to_model_bytes().unwrap()).unwrap();
        let doc = crate::Pipeline::default().without_entities().analyze("محمود دولت‌آبادی در مشهد با وزیر فرهنگ دیدار کرد.");
        let lex = crate::morph::Lexicon::embedded();
        let t = Some(Tagger::embedded());
        assert_eq!(r.label(&doc.sentences[0], t, lex), again.label(&doc.sentences[0], t, lex));
    }

    #[test]
    fn foreign_and_corrupt_models_are_refused() {
        let tagger_model = model::encode(ModelKind::Tagger, &1u32).unwrap();
        assert!(matches!(Recognizer::from_model_bytes(&tagger_model), Err(Error::Model(_))));
        let mut bytes = EMBEDDED_MODEL.to_vec();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xFF;
        assert!(matches!(Recognizer::from_model_bytes(&bytes), Err(Error::Model(_))));
        let bad = model::encode(ModelKind::Ner, &Payload { labels: vec!["B-XYZ".into()], ..Payload::default() }).unwrap();
        assert!(Recognizer::from_model_bytes(&bad).is_err());
    }

    #[test]
    fn viterbi_respects_the_bio_constraint() {
        use EntityType::*;
        let labels = [Label::O, Label::B(Person), Label::I(Person), Label::B(Location), Label::I(Location)];
        // I-PER scores best everywhere, but cannot start the sentence nor follow B-LOC.
        let emit = |i: usize, y: usize| match (i, y) {
            (_, 2) => 10,
            (0, 3) => 5,
            _ => 0,
        };
        let best = viterbi(&labels, 3, emit, |_, _| 0);
        assert_ne!(best[0], 2);
        for w in best.windows(2) {
            assert!(allowed(Some(labels[w[0]]), labels[w[1]]));
        }
    }
}
