//! Sokhan (سخن): Persian language analysis.
//!
//! Raw text goes in; a [`Document`] comes out with normalized text, sentences, tokens and
//! syntactic words, every one carrying its byte span in the **original** input, with lemmas,
//! part-of-speech tags and features ([`tag`]) and a dependency tree ([`parse`]).
//!
//! ```
//! let pipeline = sokhan::Pipeline::default();
//! let doc = pipeline.analyze("کتابش را می خواند.");
//! assert_eq!(doc.sentences.len(), 1);
//! let token = &doc.sentences[0].tokens[0];
//! assert_eq!(&doc.text[token.span.range()], "کتابش");
//! ```
#![deny(missing_docs)]

mod batch;
pub mod conllu;
pub mod doc;
pub mod entities;
pub mod error;
pub mod eval;
mod hash;
pub mod model;
pub mod morph;
pub mod normalize;
pub mod parse;
pub mod pipeline;
pub mod segment;
pub mod tag;

pub use doc::{Document, Sentence, Span, Token, Word};
pub use error::Error;
pub use normalize::{Normalized, Normalizer, NormalizerConfig};
pub use pipeline::Pipeline;
