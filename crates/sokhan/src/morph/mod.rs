//! Morphology: the embedded lexicon, verb conjugation analysis, suffix stripping and
//! lemmatization.
//!
//! ```
//! use sokhan::morph::{lemmatize, Lexicon};
//! let lex = Lexicon::embedded();
//! assert_eq!(lemmatize(lex, "می‌کنند", None), "کرد");
//! assert_eq!(lemmatize(lex, "کتاب‌هایش", None), "کتاب");
//! ```

pub mod broken;
pub mod build;
pub mod inflect;
pub mod lemma;
pub mod lexicon;
pub mod verb;

pub use lemma::Lemmatizer;
pub use lexicon::{LemmaCandidate, Lexicon, TagSet};
pub use verb::{VerbAnalysis, VerbTable};

/// Lemmatizes a normalized word form. `upos` is an optional part-of-speech hint
/// (a UD tag such as `VERB` or `NOUN`) used to choose among analyses.
pub fn lemmatize(lexicon: &Lexicon, norm: &str, upos: Option<&str>) -> String {
    Lemmatizer::new(lexicon).lemmatize(norm, upos)
}

#[cfg(test)]
mod accuracy;
