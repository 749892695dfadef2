//! Morphology: the embedded lexicon, verb conjugation analysis, stemmer and lemmatizer.
//!
//! OWNER: morphology helper. Stub API; keep these names and signatures.

pub mod lexicon;

pub use lexicon::Lexicon;

/// Lemmatizes a normalized word form. `upos` is an optional part-of-speech hint
/// (a UD tag such as `VERB` or `NOUN`) used to choose among analyses.
pub fn lemmatize(lexicon: &Lexicon, norm: &str, upos: Option<&str>) -> String {
    let _ = (lexicon, upos);
    norm.to_string()
}
