//! Feature extraction: every feature is a `u64` hashed straight from string slices and small
//! integers, without allocating.

use super::cluster;
use super::hash::{self, feature as ft, pair};
use super::Part;
use crate::morph::Lexicon;
use serde::{Deserialize, Serialize};

/// What the lexicon and the verb analyser say about a word form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LexSig {
    /// Coarse lexicon tag bits (bits 0..20) and corpus-evidence flags (bits 24..28).
    pub tags: u32,
    /// Hash of the first verb analysis (its features and construction); 0 when not a verb form.
    pub verb: u32,
    /// Number of verb analyses, at most 7.
    pub vcount: u8,
    /// Hash of the set of distinct FEATS of all verb analyses; 0 when not a verb form.
    pub vset: u32,
    /// Person and number of the verb analyses: bit `2 * (person - 1) + plural` for each
    /// analysis that marks both, [`PN_UNMARKED`] for one that does not; 0 when not a verb form.
    pub pn: u8,
}

/// [`LexSig::pn`] bit of a verb analysis without person or number (participle, infinitive, ...).
pub(crate) const PN_UNMARKED: u8 = 1 << 6;

/// The [`LexSig::pn`] bit of a person (1..=3) and number, if both are given.
pub(crate) fn pn_bit(person: Option<u8>, plural: Option<bool>) -> Option<u8> {
    match (person, plural) {
        (Some(p @ 1..=3), Some(pl)) => Some(1 << (2 * (p - 1) + pl as u8)),
        _ => None,
    }
}

impl LexSig {
    /// Looks `w` up in the lexicon and the verb analyser (slow: allocates; cache the result).
    pub(crate) fn compute(lex: &Lexicon, w: &str) -> LexSig {
        let mut tags = lex.tags(w).bits();
        let e = lex.evidence(w);
        for (i, b) in [e.bare, e.inflected, e.verb, e.non_verb].into_iter().enumerate() {
            if b {
                tags |= 1 << (24 + i);
            }
        }
        // Punctuation, digits and Latin words are never verbs; skip the analyser for speed.
        let verbish = w.chars().all(|c| ('\u{0600}'..='\u{06FF}').contains(&c) || c == '\u{200C}' || c == ' ');
        let va = if verbish && !w.is_empty() { lex.verb_analyses(w) } else { Vec::new() };
        let verb = va
            .first()
            .map(|a| {
                let c = format!("{:?}", a.construction);
                (hash::pair(hash::str(&a.feats()), hash::str(&c)) as u32) | 1
            })
            .unwrap_or(0);
        let mut all: Vec<String> = va.iter().map(|a| a.feats()).collect();
        all.sort_unstable();
        all.dedup();
        let vset = if all.is_empty() { 0 } else { (hash::str(&all.join(";")) as u32) | 1 };
        let pn = va.iter().fold(0, |m, a| {
            m | pn_bit(a.person, a.number.map(|n| n == crate::morph::verb::Number::Plur)).unwrap_or(PN_UNMARKED)
        });
        LexSig { tags, verb, vcount: va.len().min(7) as u8, vset, pn }
    }
}

/// Per-word facts computed once per sentence and shared by both passes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    pub w: u64,
    pub suf: [u64; 4],
    pub pre: [u64; 3],
    pub shape: u64,
    pub nchars: u8,
    pub sig: LexSig,
    pub part: Part,
    /// Packed UPOS distribution of the form in Bijankhan (see [`pack_dist`]); 0 when unseen.
    pub bj: u64,
    /// Packed UPOS distribution of the form in the secondary treebank (Seraji); 0 when unseen.
    pub sj: u64,
    /// Distributional cluster code ([`super::cluster`]).
    pub cl: u32,
    /// The form without a nominal suffix ([`strip_suffix`]), hashed; 0 when none was found.
    pub stem: u64,
    /// Which suffix was stripped (index into [`NOMINAL_SUFFIXES`] plus one).
    pub sufcls: u8,
    /// Cluster code of the stem as a form of its own.
    pub stem_cl: u32,
    /// Packed Bijankhan UPOS distribution of the stem as a form of its own.
    pub stem_bj: u64,
    /// Entry of the form in the tagger's static score cache, [`NO_CACHE`] when none.
    pub cache: u32,
}

/// [`WordInfo::cache`] of a form without cached static scores.
pub(crate) const NO_CACHE: u32 = u32::MAX;

/// Feature-set flags stored in the model (which optional templates it was trained with).
pub(crate) const F_STEM: u32 = 1;
/// Template: the set of FEATS of all verb analyses.
pub(crate) const F_VSET: u32 = 2;
/// Template: second-order combinations of the auxiliary tags with the right context.
pub(crate) const F_AUXCTX: u32 = 4;
/// Leaner context: without the words two positions away and the cluster bigrams (faster).
pub(crate) const F_LEAN: u32 = 8;
/// Leaner still: without the word bigrams and the word + previous tag pairs.
pub(crate) const F_LEAN2: u32 = 16;

/// Nominal suffixes (plural, indefinite after a plural) tried longest first.
pub(crate) const NOMINAL_SUFFIXES: [&str; 9] =
    ["\u{200C}هایی", "\u{200C}های", "\u{200C}ها", "هایی", "های", "ها", "یان", "ان", "ات"];

/// The form without its nominal suffix (`کتاب‌ها` → `کتاب`, `دانشجویان` → `دانشجو`) and which
/// suffix it was; `None` when no suffix fits or less than two letters would remain.
pub(crate) fn strip_suffix(w: &str) -> Option<(&str, u8)> {
    for (k, suf) in NOMINAL_SUFFIXES.iter().enumerate() {
        if let Some(stem) = w.strip_suffix(suf) {
            let stem = stem.trim_end_matches('\u{200C}');
            if stem.chars().count() >= 2 {
                return Some((stem, k as u8 + 1));
            }
        }
    }
    None
}

/// The 17 universal POS tags, in a fixed order (indices are stored in models).
pub(crate) const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
    "SCONJ", "SYM", "VERB", "X",
];

/// Index of a UPOS tag in [`UPOS`].
pub(crate) fn upos_index(u: &str) -> Option<usize> {
    UPOS.iter().position(|x| *x == u)
}

/// Packs how often a form had each UPOS: 3 bits per tag (0 never, then shares <10%, <30%,
/// <60%, <90%, ≥90%) and the total's log2 (capped at 7) in bits 51..54. Never 0 for a seen form.
pub(crate) fn pack_dist(counts: &[u32; 17]) -> u64 {
    let total: u32 = counts.iter().sum();
    if total == 0 {
        return 0;
    }
    let mut v = 0u64;
    for (k, &c) in counts.iter().enumerate() {
        if c == 0 {
            continue;
        }
        let share = c as f64 / total as f64;
        let b = if share < 0.1 { 1 } else if share < 0.3 { 2 } else if share < 0.6 { 3 } else if share < 0.9 { 4 } else { 5 };
        v |= (b as u64) << (3 * k);
    }
    let lg = (32 - total.leading_zeros()).min(7) as u64;
    v | (lg << 51) | (1 << 60)
}

/// The most frequent UPOS of a packed distribution (18 when unseen).
pub(crate) fn dist_top(v: u64) -> u64 {
    if v == 0 {
        return 18;
    }
    (0..17).max_by_key(|&k| ((v >> (3 * k)) & 7, 17 - k)).unwrap_or(17) as u64
}

fn dist_features(v: u64, t: u32, out: &mut Vec<u64>) {
    if v == 0 {
        out.push(ft(t, 0));
        return;
    }
    for k in 0..17u64 {
        let b = (v >> (3 * k)) & 7;
        if b != 0 {
            out.push(ft(t + 1, (k << 3) | b));
        }
    }
    out.push(ft(t + 2, dist_top(v)));
    out.push(ft(t + 3, pair(dist_top(v), (v >> 51) & 7)));
}

/// `char::is_alphabetic` of U+0600..=U+06FF, looked up once (the Unicode tables are slow).
fn arabic_alphabetic(c: char) -> bool {
    static T: std::sync::OnceLock<[bool; 256]> = std::sync::OnceLock::new();
    let t = T.get_or_init(|| {
        let mut t = [false; 256];
        for (i, x) in t.iter_mut().enumerate() {
            *x = char::from_u32(0x0600 + i as u32).is_some_and(char::is_alphabetic);
        }
        t
    });
    t[(c as u32 - 0x0600) as usize & 0xFF]
}

#[inline]
fn class(c: char) -> u8 {
    if ('\u{0600}'..='\u{06FF}').contains(&c) && c != '\u{200C}' && !('\u{06F0}'..='\u{06F9}').contains(&c) && !('\u{0660}'..='\u{0669}').contains(&c) {
        return if arabic_alphabetic(c) { b'a' } else { b'p' };
    }
    match c {
        '\u{200C}' => b'z',
        '0'..='9' | '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}' => b'd',
        'a'..='z' => b'l',
        'A'..='Z' => b'L',
        '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' if c.is_alphabetic() => b'a',
        '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => b'p',
        _ if c.is_alphabetic() => b'o',
        _ if c.is_whitespace() => b's',
        _ if c.is_numeric() => b'd',
        _ => b'p',
    }
}

impl WordInfo {
    pub(crate) fn new(w: &str, part: Part, sig: LexSig, bj: u64, sj: u64, cl: u32) -> WordInfo {
        let mut info = WordInfo { w: hash::str(w), sig, part, bj, sj, cl, cache: NO_CACHE, ..WordInfo::default() };
        let b = w.as_bytes();
        let mut n = 0usize;
        let mut shape = [0u8; 8];
        let mut slen = 0usize;
        let mut last = 0u8;
        let mut repeats = 0u8;
        for (idx, c) in w.char_indices() {
            if n < 3 {
                // prefix of n+1 chars ends where the next char starts
                let end = idx + c.len_utf8();
                info.pre[n] = hash::bytes(&b[..end]);
            }
            n += 1;
            let k = class(c);
            if k == last {
                repeats = repeats.saturating_add(1);
                if repeats == 1 && slen < shape.len() {
                    shape[slen] = b'+';
                    slen += 1;
                }
            } else {
                repeats = 0;
                last = k;
                if slen < shape.len() {
                    shape[slen] = k;
                    slen += 1;
                }
            }
        }
        for p in n.min(3)..3 {
            info.pre[p] = info.w;
        }
        for (k, (idx, _)) in w.char_indices().rev().take(4).enumerate() {
            info.suf[k] = hash::bytes(&b[idx..]);
        }
        for k in n.min(4)..4 {
            info.suf[k] = info.w;
        }
        info.shape = hash::bytes(&shape[..slen]);
        info.nchars = n.min(255) as u8;
        info
    }
}

/// Sentinel hashes for positions outside the sentence.
pub(crate) const BOS: u64 = 0x5eed_0000_0000_0b05;
pub(crate) const EOS: u64 = 0x5eed_0000_0000_0e05;

fn at(infos: &[WordInfo], i: isize) -> Option<&WordInfo> {
    if i < 0 {
        None
    } else {
        infos.get(i as usize)
    }
}

fn wh(infos: &[WordInfo], i: isize) -> u64 {
    match at(infos, i) {
        Some(x) => x.w,
        None if i < 0 => BOS,
        None => EOS,
    }
}

fn sufh(infos: &[WordInfo], i: isize, k: usize) -> u64 {
    match at(infos, i) {
        Some(x) => x.suf[k],
        None if i < 0 => BOS,
        None => EOS,
    }
}

fn tagsh(infos: &[WordInfo], i: isize) -> u64 {
    match at(infos, i) {
        Some(x) => x.sig.tags as u64 | ((x.sig.vcount.min(1) as u64) << 40),
        None if i < 0 => BOS,
        None => EOS,
    }
}

/// Features of the word itself (its form and what the tables say about it), shared by both
/// passes. They depend on nothing else, so the tagger can sum their weights once per frequent
/// form ([`super::Tagger`]'s static score cache).
pub(crate) fn static_word_features(x: &WordInfo, flags: u32, out: &mut Vec<u64>) {
    if flags & F_STEM != 0 && x.stem != 0 {
        out.push(ft(90, x.stem));
        out.push(ft(91, pair(x.stem, x.sufcls as u64)));
        out.push(ft(92, cluster::prefix(x.stem_cl, 3) as u64));
        out.push(ft(93, pair(cluster::prefix(x.stem_cl, 2) as u64, x.sufcls as u64)));
    }
    if flags & F_VSET != 0 && x.sig.vset != 0 {
        out.push(ft(94, x.sig.vset as u64));
    }
    out.push(ft(0, 0));
    out.push(ft(1, x.w));
    for k in 0..4 {
        out.push(ft(6 + k as u32, x.suf[k]));
    }
    for k in 0..3 {
        out.push(ft(10 + k as u32, x.pre[k]));
    }
    out.push(ft(13, x.shape));
    out.push(ft(14, x.nchars.min(8) as u64));
    let tags = x.sig.tags as u64 | ((x.sig.vcount.min(1) as u64) << 40);
    out.push(ft(15, tags));
    let mut bits = x.sig.tags;
    while bits != 0 {
        let b = bits.trailing_zeros();
        out.push(ft(16, b as u64));
        bits &= bits - 1;
    }
    out.push(ft(19, x.sig.verb as u64));
    out.push(ft(20, x.sig.vcount as u64));
    out.push(ft(28, pair(x.suf[2], tags)));
    out.push(ft(31, cluster::prefix(x.cl, 1) as u64));
    out.push(ft(32, cluster::prefix(x.cl, 2) as u64));
    out.push(ft(33, cluster::prefix(x.cl, 3) as u64));
    out.push(ft(38, pair(cluster::prefix(x.cl, 2) as u64, x.suf[1])));
}

/// Features of the word in its sentence (neighbours, position), shared by both passes.
pub(crate) fn context_word_features(infos: &[WordInfo], i: usize, flags: u32, out: &mut Vec<u64>) {
    let x = &infos[i];
    let ii = i as isize;
    if flags & F_VSET != 0 && x.sig.vset != 0 {
        out.push(ft(95, pair(x.sig.vset as u64, at(infos, ii + 1).map_or(EOS, |n| n.w))));
    }
    out.push(ft(2, wh(infos, ii - 1)));
    out.push(ft(3, wh(infos, ii + 1)));
    let lean = flags & F_LEAN != 0;
    if !lean {
        out.push(ft(4, wh(infos, ii - 2)));
        out.push(ft(5, wh(infos, ii + 2)));
    }
    out.push(ft(17, tagsh(infos, ii - 1)));
    out.push(ft(18, tagsh(infos, ii + 1)));
    out.push(ft(21, at(infos, ii + 1).map_or(EOS, |n| n.sig.verb as u64)));
    out.push(ft(22, at(infos, ii - 1).map_or(BOS, |n| n.sig.verb as u64)));
    out.push(ft(23, sufh(infos, ii - 1, 1)));
    out.push(ft(24, sufh(infos, ii + 1, 1)));
    if !lean {
        out.push(ft(25, sufh(infos, ii + 1, 2)));
    }
    if flags & F_LEAN2 == 0 {
        out.push(ft(26, pair(x.w, wh(infos, ii + 1))));
        out.push(ft(27, pair(wh(infos, ii - 1), x.w)));
    }
    let cl = |j: isize, level: u32| at(infos, j).map_or(if j < 0 { 0xB05 } else { 0xE05 }, |n| cluster::prefix(n.cl, level)) as u64;
    out.push(ft(34, cl(ii - 1, 2)));
    out.push(ft(35, cl(ii + 1, 2)));
    if !lean {
        out.push(ft(36, pair(cl(ii, 3), cl(ii + 1, 2))));
        out.push(ft(37, pair(cl(ii - 1, 2), cl(ii, 3))));
    }
    if i == 0 {
        out.push(ft(29, 0));
    }
    if i + 1 == infos.len() {
        out.push(ft(30, 0));
    }
}

/// Hashes of a predicted label used as history by later words.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Hist {
    pub a: u64,
    pub b: u64,
}

pub(crate) const START: Hist = Hist { a: BOS, b: BOS };

/// Features of the auxiliary pass (Bijankhan tags): all of them (training).
pub(crate) fn aux_features(infos: &[WordInfo], i: usize, p1: Hist, p2: Hist, flags: u32, out: &mut Vec<u64>) {
    out.clear();
    static_word_features(&infos[i], flags, out);
    aux_context_features(infos, i, p1, p2, flags, out);
}

/// The features of the auxiliary pass that depend on the context and history (appended).
pub(crate) fn aux_context_features(infos: &[WordInfo], i: usize, p1: Hist, p2: Hist, flags: u32, out: &mut Vec<u64>) {
    context_word_features(infos, i, flags, out);
    let x = &infos[i];
    out.push(ft(40, p1.a));
    out.push(ft(41, pair(p1.a, p2.a)));
    if flags & F_LEAN2 == 0 {
        out.push(ft(42, pair(p1.a, x.w)));
    }
    out.push(ft(43, pair(p1.b, x.suf[1])));
}

/// What the auxiliary pass predicted for a word, as feature values for the main pass.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct AuxOut {
    /// Hash of the Bijankhan tag without ezafe.
    pub tag: u64,
    /// Hash of its UPOS mapping.
    pub upos: u64,
    /// Whether the tag has an ezafe.
    pub ezafe: bool,
}

fn auxat(aux: &[AuxOut], i: isize) -> AuxOut {
    if i < 0 {
        AuxOut { tag: BOS, upos: BOS, ezafe: false }
    } else {
        aux.get(i as usize).copied().unwrap_or(AuxOut { tag: EOS, upos: EOS, ezafe: false })
    }
}

/// Features of the main pass (PerDT labels): all of them (training).
pub(crate) fn main_features(
    infos: &[WordInfo],
    aux: &[AuxOut],
    i: usize,
    p1: Hist,
    p2: Hist,
    flags: u32,
    out: &mut Vec<u64>,
) {
    out.clear();
    main_static_features(&infos[i], flags, out);
    main_context_features(infos, aux, i, p1, p2, flags, out);
}

/// The features of the main pass that depend only on the word itself.
pub(crate) fn main_static_features(x: &WordInfo, flags: u32, out: &mut Vec<u64>) {
    static_word_features(x, flags, out);
    dist_features(x.bj, 70, out);
    dist_features(x.sj, 80, out);
    out.push(ft(76, pair(dist_top(x.bj), dist_top(x.sj))));
    if flags & F_STEM != 0 && x.stem != 0 && x.stem_bj != 0 {
        out.push(ft(96, pair(dist_top(x.stem_bj), x.sufcls as u64)));
        out.push(ft(97, pair(x.stem_bj & ((1 << 51) - 1), x.sufcls as u64)));
    }
}

/// The features of the main pass that depend on the context and history (appended).
pub(crate) fn main_context_features(
    infos: &[WordInfo],
    aux: &[AuxOut],
    i: usize,
    p1: Hist,
    p2: Hist,
    flags: u32,
    out: &mut Vec<u64>,
) {
    main_context_features_no_history(infos, aux, i, flags, out);
    main_history_features(infos, aux, i, p1, p2, flags, out);
}

/// [`main_context_features`] without the [`main_history_features`] (appended): the part
/// shared by every hypothesis of a beam.
pub(crate) fn main_context_features_no_history(infos: &[WordInfo], aux: &[AuxOut], i: usize, flags: u32, out: &mut Vec<u64>) {
    context_word_features(infos, i, flags, out);
    let x = &infos[i];
    let ii = i as isize;
    let part = x.part as u64;
    let next_part = at(infos, ii + 1).map_or(9, |n| n.part as u64);
    out.push(ft(50, part));
    out.push(ft(51, next_part));
    if x.part != Part::Whole {
        out.push(ft(52, pair(part, x.w)));
    }
    let a0 = auxat(aux, ii);
    let am1 = auxat(aux, ii - 1);
    let ap1 = auxat(aux, ii + 1);
    out.push(ft(53, a0.tag));
    out.push(ft(54, a0.upos));
    out.push(ft(55, am1.tag));
    out.push(ft(56, ap1.tag));
    out.push(ft(57, pair(a0.upos, ap1.upos)));
    out.push(ft(58, pair(am1.upos, a0.upos)));
    out.push(ft(59, pair(a0.tag, x.suf[1])));
    out.push(ft(60, a0.ezafe as u64));
    out.push(ft(74, pair(at(infos, ii - 1).map_or(19, |n| dist_top(n.bj)), dist_top(x.bj))));
    out.push(ft(75, pair(dist_top(x.bj), at(infos, ii + 1).map_or(19, |n| dist_top(n.bj)))));
    if flags & F_AUXCTX != 0 {
        let ap2 = auxat(aux, ii + 2);
        out.push(ft(98, pair(pair(a0.tag, ap1.tag), ap2.tag)));
        out.push(ft(99, pair(pair(am1.tag, a0.tag), ap1.tag)));
        out.push(ft(100, pair(a0.tag, x.w)));
    }
}

/// The features of the main pass that depend on the labels already given to the previous
/// two words (`p1`, `p2`): all the others are the same for every hypothesis of a beam.
pub(crate) fn main_history_features(infos: &[WordInfo], aux: &[AuxOut], i: usize, p1: Hist, p2: Hist, flags: u32, out: &mut Vec<u64>) {
    let x = &infos[i];
    let a0 = auxat(aux, i as isize);
    out.push(ft(61, p1.a));
    out.push(ft(62, p1.b));
    out.push(ft(63, pair(p1.a, p2.a)));
    if flags & F_LEAN2 == 0 {
        out.push(ft(64, pair(p1.a, x.w)));
    }
    out.push(ft(65, pair(p1.b, x.suf[1])));
    out.push(ft(66, pair(p1.a, a0.tag)));
}

/// Features of the ezafe pass, which runs after the auxiliary pass has tagged the whole
/// sentence: the word itself, and the auxiliary tags of its neighbours on both sides (ezafe
/// is decided by what follows: a noun before an adjective or another noun takes it).
/// `prev` is this pass's decision for the previous word.
pub(crate) fn ezafe_features(infos: &[WordInfo], aux: &[AuxOut], i: usize, prev: bool, flags: u32, out: &mut Vec<u64>) {
    out.clear();
    static_word_features(&infos[i], flags, out);
    ezafe_context_features(infos, aux, i, prev, out);
}

/// The features of the ezafe pass that depend on the context (appended).
pub(crate) fn ezafe_context_features(infos: &[WordInfo], aux: &[AuxOut], i: usize, prev: bool, out: &mut Vec<u64>) {
    let x = &infos[i];
    let ii = i as isize;
    let (a_1, a0, a1, a2) = (auxat(aux, ii - 1), auxat(aux, ii), auxat(aux, ii + 1), auxat(aux, ii + 2));
    out.push(ft(200, a0.tag));
    out.push(ft(201, a1.tag));
    out.push(ft(202, a2.tag));
    out.push(ft(203, a_1.tag));
    out.push(ft(204, pair(a0.tag, a1.tag)));
    out.push(ft(205, pair(pair(a0.tag, a1.tag), a2.tag)));
    out.push(ft(206, a0.ezafe as u64));
    out.push(ft(207, pair(a0.ezafe as u64, a1.tag)));
    out.push(ft(208, pair(x.w, a1.tag)));
    out.push(ft(209, wh(infos, ii + 1)));
    out.push(ft(210, pair(x.suf[1], a1.tag)));
    out.push(ft(211, prev as u64));
    out.push(ft(212, pair(prev as u64, a0.tag)));
    out.push(ft(213, pair(a0.upos, a1.upos)));
    out.push(ft(214, tagsh(infos, ii + 1)));
    out.push(ft(215, pair(a0.tag, wh(infos, ii + 1))));
    out.push(ft(216, pair(pair(a_1.tag, a0.tag), a1.tag)));
    out.push(ft(217, pair(x.w, wh(infos, ii + 1))));
    out.push(ft(218, pair(a1.ezafe as u64, a0.tag)));
}
