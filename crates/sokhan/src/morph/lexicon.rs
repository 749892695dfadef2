//! The embedded lexicon.

/// Word list with frequencies and coarse tags, abbreviations, verb stems.
#[derive(Debug, Default)]
pub struct Lexicon {}

impl Lexicon {
    /// The lexicon embedded in the binary (loaded once, lazily).
    pub fn embedded() -> &'static Lexicon {
        static L: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        L.get_or_init(Lexicon::default)
    }
    /// Whether `word` (normalized) is a known word.
    pub fn contains(&self, word: &str) -> bool {
        let _ = word;
        false
    }
    /// Corpus frequency of `word`, if known.
    pub fn freq(&self, word: &str) -> Option<u64> {
        let _ = word;
        None
    }
    /// Whether `s` (normalized, e.g. `ه.ش` or `ق.م`) is a known abbreviation.
    pub fn is_abbreviation(&self, s: &str) -> bool {
        let _ = s;
        false
    }
}
