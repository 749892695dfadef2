//! Normalization of Persian text with an offset map back to the original input.
//!
//! [`Normalizer::normalize`] makes one pass over the input and returns a [`Normalized`]: the
//! normalized text plus a map from every normalized byte back to the original bytes it came
//! from. Every rule can be switched off in [`NormalizerConfig`]; all are on by default except
//! [`NormalizerConfig::alef_hamza_to_alef`].
//!
//! ```
//! use sokhan::normalize::{Normalizer, NormalizerConfig};
//! let n = Normalizer::new(NormalizerConfig::default());
//! let out = n.normalize("كتاب  خوب 12 تا،بود .");
//! assert_eq!(out.as_str(), "کتاب خوب ۱۲ تا، بود.");
//! // The normalized `کتاب` came from the original bytes 0..8 (`كتاب`).
//! assert_eq!(out.source_range(0..8), 0..8);
//! ```
//!
//! # Canonical forms
//!
//! * Yeh is `ی` (U+06CC), kaf is `ک` (U+06A9); `ي ى ك ڪ` are mapped to them.
//! * Teh marbuta `ة` and the Urdu/Kurdish hehs `ھ ہ ە ۃ` become `ه`.
//! * Heh with hamza is written `ه` + U+0654 (`نقطهٔ`), the form used by the PerDT treebank;
//!   `ۀ` (U+06C0) is decomposed to it. A combining hamza above after `ه` is kept; after `ا`,
//!   `و`, `ی` it is composed (`أ ؤ ئ`), elsewhere it is a diacritic.
//! * `أ إ ٱ` are kept unless [`NormalizerConfig::alef_hamza_to_alef`] is set; `ئ ؤ ء` are
//!   always kept (`مسئول`).
//! * ZWNJ (U+200C) is the only zero-width character kept inside Persian words.

mod chars;
mod engine;
mod offsets;
mod presentation;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::morph::Lexicon;
use offsets::Seg;

/// Which digits numbers are written with after normalization.
///
/// Digits inside Latin words, identifiers, URLs and e-mail addresses (`MP3`, `COVID-19`,
/// `https://x.ir/a1`) are never changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DigitScript {
    /// ۰۱۲۳۴۵۶۷۸۹ (default)
    #[default]
    Persian,
    /// 0123456789
    Latin,
    /// Leave digits as written.
    Keep,
}

/// Which normalization rules run. Every rule can be switched off.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizerConfig {
    /// Target digit script for Arabic-Indic, Persian and Latin digits (default Persian).
    pub digits: DigitScript,
    /// Arabic letter variants to Persian: `ي ى`→`ی`, `ك ڪ`→`ک`, `ة ھ ہ ە`→`ه`, `ۀ`→`هٔ`,
    /// combining hamza/madda composed with alef/waw/yeh, `۔`→`.` (default on).
    pub unify_letters: bool,
    /// Also fold `أ إ ٱ` to `ا` (default **off**: they are kept).
    pub alef_hamza_to_alef: bool,
    /// Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE) to base letters; the
    /// lam-alef ligature `ﻻ` becomes two letters `لا` (default on).
    pub decompose_presentation_forms: bool,
    /// Delete diacritics: harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, and
    /// hamza above except after `ه` (default on).
    pub remove_diacritics: bool,
    /// Delete kashida/tatweel U+0640 (default on).
    pub remove_kashida: bool,
    /// Delete invisible format characters: bidi controls (U+200E/F, U+202A–U+202E,
    /// U+2066–U+2069, U+061C), ZWSP, BOM, word joiner, soft hyphen, and ZWJ except after an
    /// emoji or symbol (default on).
    pub remove_invisible: bool,
    /// ZWNJ cleanup: doubled ZWNJ become one; ZWNJ not between two Persian word characters
    /// (next to whitespace, punctuation, digits, Latin, at text edges) is deleted (default on).
    pub clean_zwnj: bool,
    /// Half-space insertion: a space becomes a ZWNJ after the verbal prefixes `می`/`نمی` and
    /// before suffixes written apart (`ها`, `های`, `تر`, `ترین`, ...; `ای`, `ام`, `اید`, `ایم`,
    /// `اند` only after a word ending in `ه`), when the word oracle knows the joined word.
    /// `است` is never joined (default on).
    pub half_space: bool,
    /// Half-space insertion in run-together words (`میباشد`→`می‌باشد`, `کتابها`→`کتاب‌ها`)
    /// when the word oracle does not know the word as written but knows the split one
    /// (default on).
    pub half_space_unspaced: bool,
    /// Punctuation spacing: no space before `. ، ؛ : ! ؟ ) ] » , ; ?`, one space after them
    /// before a letter or opening bracket (not between digits: `10.5`, `12:30`; not after a
    /// lone-letter abbreviation: `ه.ش`), no space after `( [ «` (default on).
    pub punctuation_spacing: bool,
    /// ASCII `, ; ?` after a Persian word become `، ؛ ؟` (default on).
    pub persian_punctuation: bool,
    /// Straight double quotes paired within a line become `«…»`; an unpaired one is kept
    /// (default on).
    pub quotes: bool,
    /// Whitespace: runs of spaces/tabs/NBSP and other Unicode spaces become one space; spaces
    /// at the start and end of lines and of the text are removed; `\r\n`, `\r`, U+2028, U+2029,
    /// U+0085 become `\n`; line breaks (and so blank lines) are kept (default on).
    pub collapse_whitespace: bool,
    /// Squeeze repeats: three or more of the same Persian letter become one (`خیلییی`→`خیلی`);
    /// repeated `! ؟ ? ، ؛ , ;` become one; four or more dots become `...` (default on).
    pub squeeze_repeats: bool,
    /// Keep Latin words containing letters, URLs and e-mail addresses exactly as written
    /// (digits included: `MP3`, `COVID-19`, `info@x.ir`, `www.x.com/a?b=1`) (default on).
    pub protect_latin: bool,
}

impl Default for NormalizerConfig {
    fn default() -> Self {
        NormalizerConfig {
            digits: DigitScript::Persian,
            unify_letters: true,
            alef_hamza_to_alef: false,
            decompose_presentation_forms: true,
            remove_diacritics: true,
            remove_kashida: true,
            remove_invisible: true,
            clean_zwnj: true,
            half_space: true,
            half_space_unspaced: true,
            punctuation_spacing: true,
            persian_punctuation: true,
            quotes: true,
            collapse_whitespace: true,
            squeeze_repeats: true,
            protect_latin: true,
        }
    }
}

impl NormalizerConfig {
    /// Every rule off and digits kept: the output equals the input.
    pub fn none() -> Self {
        NormalizerConfig {
            digits: DigitScript::Keep,
            unify_letters: false,
            alef_hamza_to_alef: false,
            decompose_presentation_forms: false,
            remove_diacritics: false,
            remove_kashida: false,
            remove_invisible: false,
            clean_zwnj: false,
            half_space: false,
            half_space_unspaced: false,
            punctuation_spacing: false,
            persian_punctuation: false,
            quotes: false,
            collapse_whitespace: false,
            squeeze_repeats: false,
            protect_latin: false,
        }
    }
}

/// Answers whether a (normalized) word exists; used to decide ZWNJ joins.
///
/// The default normalizer asks the embedded [`Lexicon`] ([`Lexicon::knows`]: listed words and
/// recognised inflections). Tests and applications can supply their own with
/// [`Normalizer::with_oracle`]; closures `Fn(&str) -> bool` and sets of strings implement it.
pub trait WordOracle: Send + Sync {
    /// Whether `word` (normalized, ZWNJ as U+200C) is a known word form.
    fn knows(&self, word: &str) -> bool;

    /// Whether `left` and `right` should be joined into `joined` (= `left` + ZWNJ + `right`):
    /// `left` is a verbal prefix (`می`, `نمی`) or `right` is a suffix (`ها`, `تر`, `ام`, ...).
    /// Defaults to [`WordOracle::knows`] on `joined`.
    fn knows_join(&self, left: &str, right: &str, joined: &str) -> bool {
        let _ = (left, right);
        self.knows(joined)
    }

    /// [`WordOracle::knows_join`] for `left` and `right` written apart, with a space between
    /// them (run-together words ask [`WordOracle::knows_join`]). Defaults to it.
    fn knows_spaced_join(&self, left: &str, right: &str, joined: &str) -> bool {
        self.knows_join(left, right, joined)
    }

    /// Whether `word`, written as it is, is a listed word in its own right (not merely a
    /// recognised inflection): run-together words (`کتابها`, `میخواهم`) are split only when
    /// this is false. Defaults to [`WordOracle::knows`].
    fn is_listed(&self, word: &str) -> bool {
        self.knows(word)
    }
}

/// Whether `left` + `تر…` is a comparative, not a word of its own that ends in those letters
/// (`فیلتر`, `دفتری`, `برتری`, `دمیتری`, `کلانتری`): the treebank reads `left` as an adjective
/// or adverb most often (or, for a word it never saw, the word list tags it as an adjective,
/// it has three letters or more and a frequency of a million: `مشهور`), and Bijankhan does
/// not tag the whole as a bare word.
fn comparative_of(lex: &Lexicon, left: &str, joined: &str, solid: &str) -> bool {
    let seen = lex.lemma_candidates(left);
    let adjective = match seen.iter().max_by_key(|c| c.count) {
        Some(c) => matches!(c.upos.as_str(), "ADJ" | "ADV"),
        None => left.chars().nth(2).is_some() && lex.tags(left).contains("AJ") && lex.freq(left).unwrap_or(0) >= 1_000_000,
    };
    adjective && !lex.evidence(joined).bare && !lex.evidence(solid).bare
}

impl WordOracle for Lexicon {
    fn knows(&self, word: &str) -> bool {
        Lexicon::knows(self, word)
    }

    /// In the word list with a part of speech (untagged entries include run-together
    /// inflections), or seen as a word in the training treebanks. (`knows` would accept
    /// `کتابها` as plural of `کتاب`, so the run-together rule could never fire.)
    fn is_listed(&self, word: &str) -> bool {
        !self.tags(word).is_empty() || !self.lemma_candidates(word).is_empty()
    }

    /// Plural suffixes and verbal prefixes: [`Lexicon::knows`] on the joined word (any known
    /// noun takes `ها`, any verb stem takes `می`). The comparative (`تر`, `ترین`, `تری`) and
    /// the copula/indefinite (`ای`, `ام`, `اند`, ...) must be attested: the joined word, or
    /// the two pieces written together, is in the word list. `تر` is also the adjective
    /// "wet, fresh" (`علف تر`) and `ای` the vocative (`که ای کاش`), so inflection analysis
    /// alone says yes too often. After a word of three letters or more ending in `ه` that is
    /// not a function word (`فروخته ای`, `خسته ام`), the copula/indefinite needs no
    /// attestation, nor do the plural copulas `اند`, `ایم`, `اید` after any other content word
    /// (`ناراضی اند`); after any known word ending in `ه`, function words included (`همه ی`),
    /// neither do the ezafe `ی` and the pronouns `اش`/`ات` written apart (`خانه ی`,
    /// `نامه اش`, `همه اش`), which are never words of their own. The plural pronouns `شان`,
    /// `مان`, `تان` written apart are joined to a listed content word that takes them
    /// (`کتاب شان`), not to a function word (`در شان او`, "befitting him").
    fn knows_join(&self, left: &str, right: &str, joined: &str) -> bool {
        let after_content_heh = || left.ends_with('ه') && left.chars().count() >= 3 && self.knows(left) && !self.is_stopword(left);
        match right {
            "ی" | "اش" | "ات" => left.ends_with('ه') && self.knows(left),
            // The plural pronouns written apart (`کتاب شان`, `خانه مان`): after a listed
            // content word of two letters or more (`شان` is also a noun, `در شان او`).
            "شان" | "مان" | "تان" => {
                left.chars().nth(1).is_some() && self.contains(left) && !self.is_stopword(left) && Lexicon::knows(self, joined)
            }
            "ای" | "ایی" | "ام" | "اید" | "ایم" | "اند" if after_content_heh() => true,
            // The plural copulas are not words of their own after any other content word
            // either (`ناراضی اند`; in the raw PerDT train text they are always joined there),
            // unlike `ای` (vocative, `دل ای`) and `ام`.
            "اید" | "ایم" | "اند" if left.chars().nth(1).is_some() && self.knows(left) && !self.is_stopword(left) => true,
            "تر" | "ترین" | "تری" | "ترها" | "ای" | "ایی" | "ام" | "اید" | "ایم" | "اند" => {
                // The pieces written together, built only when needed (rarely).
                let solid = || [left, right].concat();
                (self.contains(joined) || self.contains(&solid()))
                    && (!right.starts_with("تر") || comparative_of(self, left, joined, &solid()))
            }
            // A compound's bound second part (`دانش آموز`, `ارزش مند`): the compound is known
            // with the half-space or written solid. (Not after the verbal prefix, which the
            // run-together rule offers for `میمندی`, itself a listed word.)
            _ if !matches!(left, "می" | "نمی") && engine::is_bound_part(right.as_bytes()) => Lexicon::knows(self, joined) || self.contains(&[left, right].concat()),
            _ => Lexicon::knows(self, joined),
        }
    }

    /// Also the comparative written apart after a word the treebanks tag as an adjective most
    /// often (`سرد تر`; `علف تر`, "wet grass", stays: `علف` is a noun there). Only written
    /// apart: a run-together `سردتر` is standard spelling and is left as it is.
    fn knows_spaced_join(&self, left: &str, right: &str, joined: &str) -> bool {
        self.knows_join(left, right, joined)
            || matches!(right, "تر" | "ترین" | "تری") && self.lemma_candidates(left).iter().max_by_key(|c| c.count).is_some_and(|c| c.upos == "ADJ")
    }
}

impl WordOracle for HashSet<String> {
    fn knows(&self, word: &str) -> bool {
        self.contains(word)
    }
}

impl WordOracle for BTreeSet<String> {
    fn knows(&self, word: &str) -> bool {
        self.contains(word)
    }
}

impl<F: Fn(&str) -> bool + Send + Sync> WordOracle for F {
    fn knows(&self, word: &str) -> bool {
        self(word)
    }
}

/// An oracle that knows no word.
struct NoWords;

impl WordOracle for NoWords {
    fn knows(&self, _word: &str) -> bool {
        false
    }
}

static NO_WORDS: NoWords = NoWords;

/// Normalized text plus, for every byte of it, the original bytes it came from.
///
/// Invariants: source ranges are within the input and non-decreasing along the output; every
/// kept input character is inside the source range of some output character; deleted
/// characters (diacritics, kashida, invisible marks) next to kept text are inside the range of
/// the neighbouring output character (the preceding one when there is no whitespace between,
/// else the following one). Inserted characters (a space after punctuation, a ZWNJ splitting a
/// run-together word) map to an empty range at their position, except a ZWNJ inserted between two
/// letters of one expanded source character (the ligature `ﳨ` → `س‌ه`), which maps to that
/// character; a space turned into a ZWNJ maps to the space.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    segs: Vec<Seg>,
    source_len: usize,
}

impl Normalized {
    /// Unnormalized text, mapped to itself.
    pub fn unchanged(text: &str) -> Normalized {
        let segs = if text.is_empty() {
            Vec::new()
        } else {
            vec![Seg {
                out: 0,
                src: 0,
                src_end: text.len() as u32,
                aligned: true,
            }]
        };
        Normalized {
            text: text.to_string(),
            segs,
            source_len: text.len(),
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The normalized text, consuming `self`.
    pub fn into_string(self) -> String {
        self.text
    }

    /// Length of the normalized text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the normalized text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Length of the original input in bytes.
    pub fn source_len(&self) -> usize {
        self.source_len
    }

    /// The original byte range that `range` (a range of normalized bytes on char boundaries)
    /// came from: from the start of the first character's source to the end of the last
    /// one's. An empty range maps to an empty range at the corresponding source position;
    /// ranges past the end are clamped.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let end = range.end.min(len);
        let start = range.start.min(end);
        if start == end {
            let p = if start < len {
                offsets::origin_start(&self.segs, start)
            } else if len == 0 {
                0
            } else {
                offsets::origin_end(&self.segs, len)
            };
            return p..p;
        }
        offsets::origin_start(&self.segs, start)..offsets::origin_end(&self.segs, end)
    }

    /// [`Normalized::source_range`] without the whitespace at its ends, for a syntactic word
    /// inside a token: the host of `نامه اش` (normalized `نامه‌اش`, split `نامه‌` + `اش`) keeps
    /// the half-space, which came from the space, and its original form is `نامه`, not `نامه `.
    /// `source` is the text this was normalized from. A range that is all whitespace is kept.
    pub fn word_source_range(&self, source: &str, range: Range<usize>) -> Range<usize> {
        let r = self.source_range(range);
        let Some(piece) = source.get(r.clone()) else { return r };
        let trimmed = piece.trim_matches(char::is_whitespace);
        if trimmed.is_empty() {
            return r;
        }
        let start = r.start + (piece.len() - piece.trim_start_matches(char::is_whitespace).len());
        start..start + trimmed.len()
    }

    /// The original byte range of the normalized character that contains byte `byte`
    /// (`None` when `byte` is past the end).
    pub fn origin_of_char_at(&self, byte: usize) -> Option<Range<usize>> {
        if byte >= self.text.len() {
            return None;
        }
        let mut start = byte;
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let cl = self.text[start..].chars().next().map_or(1, char::len_utf8);
        Some(self.source_range(start..start + cl))
    }

    /// Number of segments in the offset map (a cost indicator: 1 for unchanged text).
    pub fn map_segments(&self) -> usize {
        self.segs.len()
    }
}

/// The normalizer.
#[derive(Clone, Default)]
pub struct Normalizer {
    config: NormalizerConfig,
    oracle: Option<Arc<dyn WordOracle>>,
    /// Identifies the oracle for the per-thread answer cache: 0 for the embedded lexicon,
    /// a fresh number for each oracle given to [`Normalizer::with_oracle`].
    oracle_id: u64,
}

impl fmt::Debug for Normalizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Normalizer")
            .field("config", &self.config)
            .field(
                "oracle",
                &if self.oracle.is_some() {
                    "custom"
                } else {
                    "embedded lexicon"
                },
            )
            .finish()
    }
}

impl Normalizer {
    /// A normalizer with the given rules, using the embedded lexicon for ZWNJ joins.
    pub fn new(config: NormalizerConfig) -> Self {
        Normalizer {
            config,
            oracle: None,
            oracle_id: 0,
        }
    }

    /// A normalizer with the given rules and word oracle for ZWNJ joins.
    pub fn with_oracle(config: NormalizerConfig, oracle: Arc<dyn WordOracle>) -> Self {
        static NEXT_ORACLE_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Normalizer {
            config,
            oracle: Some(oracle),
            oracle_id: NEXT_ORACLE_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The rules in force.
    pub fn config(&self) -> &NormalizerConfig {
        &self.config
    }

    /// Normalizes `text`.
    ///
    /// # Panics
    ///
    /// Never for valid `&str` input up to 4 GiB (offsets are stored as `u32`).
    pub fn normalize(&self, text: &str) -> Normalized {
        let cfg = &self.config;
        let oracle: &dyn WordOracle = match &self.oracle {
            Some(o) => o.as_ref(),
            // Do not load the lexicon when no rule asks it anything.
            None if !cfg.half_space && !cfg.half_space_unspaced => &NO_WORDS,
            None => Lexicon::embedded(),
        };
        let cache = engine::take_oracle_cache(self.oracle_id);
        let (b, cache) = engine::Engine::new(&self.config, oracle, text, cache).run();
        engine::put_oracle_cache(self.oracle_id, cache);
        Normalized {
            text: b.text,
            segs: b.segs,
            source_len: text.len(),
        }
    }
}
