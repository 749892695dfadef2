//! The pipeline from raw text to a [`Document`].

use crate::doc::Document;
use crate::normalize::Normalizer;

/// Raw text in, analysed [`Document`] out.
#[derive(Debug, Default)]
pub struct Pipeline {
    normalizer: Normalizer,
}

impl Pipeline {
    /// Analyses `text`.
    pub fn analyze(&self, text: &str) -> Document {
        let n = self.normalizer.normalize(text);
        Document { text: text.to_string(), normalized: n.as_str().to_string(), sentences: vec![] }
    }
}
