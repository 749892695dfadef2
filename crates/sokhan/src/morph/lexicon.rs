//! The embedded lexicon: word list with frequencies and coarse tags, abbreviations, stop words,
//! verb stems and a form → lemma table learned from treebanks.
//!
//! The words live in an [`fst::Map`] (word → packed frequency and tag bits), so a lookup is a
//! walk over a few bytes per character. The embedded model is decoded once, lazily.
//!
//! ```
//! use sokhan::morph::Lexicon;
//! let lex = Lexicon::from_entries([("کتاب", 100, "N"), ("همکاری", 0, "N")], [("کرد", "کن")]);
//! assert!(lex.contains("کتاب"));
//! assert!(lex.knows("کتاب‌های"));
//! assert!(lex.knows("همکاری‌هایشان"));
//! assert!(lex.knows("می‌کنند"));
//! assert!(!lex.knows("کتاب‌است"));
//! assert!(lex.tags("کتاب").contains("N"));
//! ```

use super::build::{self, LexiconPayload};
use super::inflect;
use super::verb::{VerbAnalysis, VerbTable};
use crate::model::{self, ModelKind};
use crate::Error;
use std::collections::HashMap;

/// The coarse tags of `words.dat`, in bit order.
pub const TAG_NAMES: [&str; 20] = [
    "N", "AJ", "ADV", "V", "PRO", "PR", "NUM", "DET", "CONJ", "P", "POSTP", "CL", "RES", "PL", "AJC",
    "ZVR", "INT", "NIN", "PS", "COMP",
];
/// Corpus evidence (Bijankhan): the form is mostly a bare word, without inflection.
pub(crate) const FLAG_BARE: u32 = 1 << 24;
/// Corpus evidence: the form is mostly inflected (plural, indefinite, clitic, comparative).
pub(crate) const FLAG_INFLECTED: u32 = 1 << 25;
/// Corpus evidence: the form is mostly a verb.
pub(crate) const FLAG_VERB: u32 = 1 << 26;
/// Corpus evidence: the form is mostly not a verb.
pub(crate) const FLAG_NONVERB: u32 = 1 << 27;
pub(crate) const FLAG_ABBREVIATION: u32 = 1 << 28;
pub(crate) const FLAG_STOPWORD: u32 = 1 << 29;
const TAG_MASK: u32 = (1 << TAG_NAMES.len()) - 1;

/// A set of coarse lexicon tags (`N`, `AJ`, `ADV`, `V`, `PRO`, ...; see [`TAG_NAMES`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TagSet(u32);

impl TagSet {
    /// The set from its bit representation.
    pub fn from_bits(bits: u32) -> TagSet {
        TagSet(bits & TAG_MASK)
    }
    /// Parses a comma-separated list (`N,AJ`); unknown names and `0` are ignored.
    pub fn parse(s: &str) -> TagSet {
        let mut bits = 0;
        for name in s.split(',') {
            if let Some(i) = TAG_NAMES.iter().position(|t| *t == name.trim()) {
                bits |= 1 << i;
            }
        }
        TagSet(bits)
    }
    /// Bit representation.
    pub fn bits(self) -> u32 {
        self.0
    }
    /// Whether the set holds tag `name`.
    pub fn contains(self, name: &str) -> bool {
        TAG_NAMES.iter().position(|t| *t == name).is_some_and(|i| self.0 & (1 << i) != 0)
    }
    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The tag names in the set.
    pub fn iter(self) -> impl Iterator<Item = &'static str> {
        TAG_NAMES.iter().enumerate().filter(move |(i, _)| self.0 & (1 << i) != 0).map(|(_, t)| *t)
    }
}

/// What a tagged corpus (Bijankhan) says about a written form; all false when unseen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormEvidence {
    /// Mostly tagged without inflection.
    pub bare: bool,
    /// Mostly tagged as plural, indefinite, with a clitic, comparative or superlative.
    pub inflected: bool,
    /// Mostly tagged as a verb.
    pub verb: bool,
    /// Mostly tagged as something other than a verb.
    pub non_verb: bool,
}

/// One lemma a treebank gave a form, with its UPOS and how often.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LemmaCandidate {
    /// Universal part of speech the form had.
    pub upos: String,
    /// Gold lemma.
    pub lemma: String,
    /// Number of occurrences in the training treebanks.
    pub count: u32,
}

/// Word list with frequencies and coarse tags, abbreviations, verb stems and a lemma table.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: fst::Map<Vec<u8>>,
    verbs: VerbTable,
    lemmas: HashMap<String, Vec<LemmaCandidate>>,
    lemma_counts: HashMap<String, u32>,
    /// Distinguishes lexicons in per-thread answer caches (0 only for the empty default).
    id: u64,
    /// Hash index over `words` for exact lookups.
    index: WordIndex,
}

/// Exact-match index of the word list: sorted 64-bit hashes with their fst values, and a
/// directory from the top [`WordIndex::BITS`] bits of a hash to its first position. A lookup
/// is a hash and a probe or two, where an fst walk visits a node per byte.
///
/// A word absent from the list is reported present only if its 64-bit hash equals a listed
/// word's (about one query in 10^14 for this list's size).
#[derive(Debug, Default)]
struct WordIndex {
    dir: Vec<u32>,
    hashes: Vec<u64>,
    values: Vec<u64>,
}

impl WordIndex {
    const BITS: u32 = 18;

    fn new(hashes: &[u8], values: &[u8]) -> Result<WordIndex, Error> {
        if !hashes.len().is_multiple_of(8) || !values.len().is_multiple_of(8) {
            return Err(Error::Model("the lexicon word index is corrupt".into()));
        }
        let words = |b: &[u8]| -> Vec<u64> {
            b.chunks_exact(8).map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]])).collect()
        };
        let (hashes, values) = (words(hashes), words(values));
        let sorted = hashes.windows(2).all(|w| w[0] < w[1]);
        if hashes.len() != values.len() || !sorted || hashes.len() >= u32::MAX as usize {
            return Err(Error::Model("the lexicon word index is corrupt".into()));
        }
        if hashes.is_empty() {
            return Ok(WordIndex::default());
        }
        let buckets = 1usize << Self::BITS;
        let mut dir = vec![0u32; buckets + 1];
        let mut i = 0;
        for (b, slot) in dir.iter_mut().enumerate() {
            while i < hashes.len() && ((hashes[i] >> (64 - Self::BITS)) as usize) < b {
                i += 1;
            }
            *slot = i as u32;
        }
        Ok(WordIndex { dir, hashes, values })
    }

    /// `Some(answer)` from the index, `None` when the fst must decide (no index, or a shared hash).
    #[inline]
    fn get(&self, word: &str) -> Option<Option<u64>> {
        if self.dir.is_empty() {
            return None;
        }
        let h = build::index_hash(word);
        let b = (h >> (64 - Self::BITS)) as usize;
        let (lo, hi) = (self.dir[b] as usize, self.dir[b + 1] as usize);
        match self.hashes[lo..hi].iter().position(|&x| x == h) {
            Some(k) if self.values[lo + k] == build::ASK_FST => None,
            Some(k) => Some(Some(self.values[lo + k])),
            None => Some(None),
        }
    }
}

/// The model embedded in the library, built by `sokhan train lexicon`.
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../models/lexicon.skm");

impl Lexicon {
    /// The lexicon embedded in the binary (decoded once, lazily, on first use).
    ///
    /// If the embedded model cannot be decoded (a packaging bug caught by the test suite) the
    /// lexicon is empty rather than panicking.
    pub fn embedded() -> &'static Lexicon {
        static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        L.get_or_init(|| Lexicon::from_model_bytes(EMBEDDED_MODEL).unwrap_or_default())
    }

    /// Decodes a lexicon model file (kind `lexicon`).
    pub fn from_model_bytes(bytes: &[u8]) -> Result<Lexicon, Error> {
        let payload: LexiconPayload = model::decode(ModelKind::Lexicon, bytes)?;
        Lexicon::from_payload(payload)
    }

    pub(crate) fn from_payload(p: LexiconPayload) -> Result<Lexicon, Error> {
        let words = fst::Map::new(p.words_fst.0)
            .map_err(|e| Error::Model(format!("the lexicon word list is corrupt: {e}")))?;
        let verbs = VerbTable::from_ranked(p.verbs);
        let mut lemmas = HashMap::with_capacity(p.lemma_table.len());
        let mut lemma_counts: HashMap<String, u32> = HashMap::new();
        for (form, cands) in p.lemma_table {
            let mut v: Vec<LemmaCandidate> = cands
                .into_iter()
                .map(|(upos, lemma, count)| LemmaCandidate { upos, lemma, count })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.lemma.cmp(&b.lemma)));
            for c in &v {
                *lemma_counts.entry(c.lemma.clone()).or_default() += c.count;
            }
            lemmas.insert(form, v);
        }
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let index = WordIndex::new(&p.index_hashes.0, &p.index_values.0)?;
        if index.hashes.len() > words.len() {
            return Err(Error::Model("the lexicon word index does not match its word list".into()));
        }
        Ok(Lexicon { words, verbs, lemmas, lemma_counts, id, index })
    }

    /// Builds a small lexicon in memory: `(word, frequency, tags like "N,AJ")` and verb stem
    /// pairs `(past, present)`. Meant for tests and examples.
    pub fn from_entries<'a>(
        words: impl IntoIterator<Item = (&'a str, u64, &'a str)>,
        verbs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Lexicon {
        let words: Vec<(String, u64, u32)> =
            words.into_iter().map(|(w, f, t)| (w.to_string(), f, TagSet::parse(t).bits())).collect();
        let verbs: Vec<(String, String, u64)> =
            verbs.into_iter().map(|(a, b)| (a.to_string(), b.to_string(), 0)).collect();
        let payload = build::payload_from_parts(words, verbs, HashMap::new());
        // Building from already-valid parts cannot produce a corrupt fst.
        payload.and_then(Lexicon::from_payload).unwrap_or_default()
    }

    fn packed(&self, word: &str) -> Option<u64> {
        match self.index.get(word) {
            Some(answer) => answer,
            None => self.words.get(word),
        }
    }

    /// A number identifying this lexicon among those alive in the process (for caches of its
    /// answers; every decoded or built lexicon gets its own).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Whether some entry (word or abbreviation) starts with `prefix`: one walk down the
    /// automaton, cheaper than looking up each candidate that would start with it.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let fst = self.words.as_fst();
        let mut node = fst.root();
        for &b in prefix.as_bytes() {
            match node.find_input(b) {
                Some(i) => node = fst.node(node.transition(i).addr),
                None => return false,
            }
        }
        true
    }

    /// Whether `word` (normalized) is in the word list.
    pub fn contains(&self, word: &str) -> bool {
        self.packed(word).is_some()
    }

    /// Corpus frequency of `word`, if known.
    pub fn freq(&self, word: &str) -> Option<u64> {
        self.packed(word).map(|v| v >> 32)
    }

    /// Corpus frequency and coarse tags of `word` in one lookup ([`Lexicon::freq`],
    /// [`Lexicon::tags`]).
    pub fn freq_and_tags(&self, word: &str) -> (Option<u64>, TagSet) {
        match self.packed(word) {
            Some(v) => (Some(v >> 32), TagSet::from_bits(v as u32)),
            None => (None, TagSet::default()),
        }
    }

    /// Coarse tags of `word` (empty when unknown or untagged).
    pub fn tags(&self, word: &str) -> TagSet {
        self.packed(word).map(|v| TagSet::from_bits(v as u32)).unwrap_or_default()
    }

    /// Whether `s` (normalized, e.g. `ه.ش` or `ق.م`) is a known abbreviation.
    pub fn is_abbreviation(&self, s: &str) -> bool {
        self.packed(s).is_some_and(|v| v as u32 & FLAG_ABBREVIATION != 0)
    }

    /// What a tagged corpus says about the written form `word`.
    pub fn evidence(&self, word: &str) -> FormEvidence {
        let f = self.packed(word).map(|v| v as u32).unwrap_or(0);
        FormEvidence {
            bare: f & FLAG_BARE != 0,
            inflected: f & FLAG_INFLECTED != 0,
            verb: f & FLAG_VERB != 0,
            non_verb: f & FLAG_NONVERB != 0,
        }
    }

    /// Whether `word` is a stop word.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.packed(word).is_some_and(|v| v as u32 & FLAG_STOPWORD != 0)
    }

    /// Whether `word` is in the word list **or** is a recognised inflection of a known word:
    /// plural (`ها`, `های`, `ان`, `ات`), comparative (`تر`, `ترین`), ezafe/indefinite (`ی`,
    /// `ای`), pronominal clitics (`م`, `ش`, `شان`, `اش`, ...), clitic copula (`ام`, `اند`, ...),
    /// or a conjugated verb form.
    ///
    /// The normalizer uses this to decide whether two pieces should be joined with a ZWNJ.
    pub fn knows(&self, word: &str) -> bool {
        if word.is_empty() {
            return false;
        }
        self.contains(word)
            || inflect::analyses(word).iter().any(|a| self.contains(&a.stem))
            || !self.verbs.analyze(word).is_empty()
    }

    /// Every reading of `word` as a conjugated verb, the most plausible first.
    pub fn verb_analyses(&self, word: &str) -> Vec<VerbAnalysis> {
        self.verbs.analyze(word)
    }

    /// The verb stems.
    pub fn verbs(&self) -> &VerbTable {
        &self.verbs
    }

    /// Lemmas the training treebanks gave `form`, most frequent first.
    pub fn lemma_candidates(&self, form: &str) -> &[LemmaCandidate] {
        self.lemmas.get(form).map(Vec::as_slice).unwrap_or(&[])
    }

    /// How often `lemma` was a gold lemma in the training treebanks.
    pub fn lemma_count(&self, lemma: &str) -> u32 {
        self.lemma_counts.get(lemma).copied().unwrap_or(0)
    }

    /// Number of words in the word list.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the word list is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of forms in the lemma table.
    pub fn lemma_table_len(&self) -> usize {
        self.lemmas.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_index_agrees_with_the_fst() {
        use fst::Streamer;
        let lex = Lexicon::embedded();
        assert!(!lex.index.hashes.is_empty(), "the embedded lexicon has its index");
        let mut stream = lex.words.stream();
        let mut n = 0;
        while let Some((k, v)) = stream.next() {
            let w = std::str::from_utf8(k).unwrap();
            assert_eq!(lex.packed(w), Some(v), "{w}");
            n += 1;
        }
        assert_eq!(n, lex.len());
        for w in ["", "کتابخانهههه", "zzzz", "می‌روممم", "\u{200C}"] {
            assert_eq!(lex.packed(w), lex.words.get(w), "{w:?}");
        }
    }

    #[test]
    fn corrupt_word_index_is_an_error() {
        let mut p = build::payload_from_parts(vec![("میز".into(), 5, 0), ("در".into(), 9, 0)], vec![], HashMap::new()).unwrap();
        p.index_hashes.0.reverse();
        assert!(Lexicon::from_payload(p).is_err());
    }

    #[test]
    fn tag_set() {
        let t = TagSet::parse("N,AJ,RES");
        assert!(t.contains("N") && t.contains("AJ") && !t.contains("V"));
        assert_eq!(t.iter().collect::<Vec<_>>(), ["N", "AJ", "RES"]);
        assert!(TagSet::parse("0").is_empty());
    }

    #[test]
    fn small_lexicon() {
        let lex = Lexicon::from_entries(
            [("میز", 50, "N"), ("خانه", 80, "N"), ("وزارتخانه", 5, "N"), ("بزرگ", 70, "AJ")],
            [("بود", "باش")],
        );
        assert_eq!(lex.freq("میز"), Some(50));
        assert_eq!(lex.freq("صندلی"), None);
        assert!(lex.has_prefix("وزارت") && lex.has_prefix("خانه") && lex.has_prefix(""));
        assert!(!lex.has_prefix("خانهٔ") && !lex.has_prefix("صن"));
        let other = Lexicon::from_entries([("میز", 50, "N")], []);
        assert_ne!(lex.id(), other.id(), "answer caches tell lexicons apart by id");
        assert!(lex.knows("وزارتخانه‌های"));
        assert!(lex.knows("خانه‌اش"));
        assert!(lex.knows("میزها"));
        assert!(lex.knows("بزرگ‌ترین"));
        assert!(lex.knows("می‌باشد"));
        assert!(!lex.knows("میز‌است"));
        assert!(!lex.knows("صندلی‌ها"));
        assert!(!lex.knows(""));
    }

    #[test]
    fn embedded_model_decodes() {
        let lex = Lexicon::from_model_bytes(EMBEDDED_MODEL).expect("embedded lexicon decodes");
        assert!(lex.len() > 100_000, "only {} words", lex.len());
        assert!(lex.verbs().len() > 500);
        assert!(lex.contains("کتاب"));
        assert!(lex.tags("کتاب").contains("N"));
        assert!(lex.freq("کتاب").unwrap_or(0) > 1000);
        assert!(lex.is_abbreviation("ق.م"));
        assert!(lex.is_stopword("از"));
        for w in ["می‌باشد", "وزارتخانه‌های", "همکاری‌های", "کتاب‌هایشان", "نمی‌توانستند", "برمی‌گردد"] {
            assert!(lex.knows(w), "{w}");
        }
        for w in ["کتاب‌است", "ززززز", "کتاب‌ان"] {
            assert!(!lex.knows(w), "{w}");
        }
    }
}
