//! Normalization of Persian text with an offset map back to the original input.
//!
//! OWNER: normalizer helper. Stub API; keep these names and signatures.

use std::ops::Range;

/// Which digits numbers are written with after normalization.
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
#[derive(Clone, Debug)]
pub struct NormalizerConfig {
    /// Target digit script.
    pub digits: DigitScript,
}

impl Default for NormalizerConfig {
    fn default() -> Self {
        NormalizerConfig { digits: DigitScript::Persian }
    }
}

/// Normalized text plus, for every byte of it, the original bytes it came from.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    text: String,
    /// For each byte of `text`: the original range of the character it belongs to.
    origin: Vec<(u32, u32)>,
}

impl Normalized {
    /// The normalized text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
    /// The original byte range that `range` (a range of normalized bytes on char boundaries) came from.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end || range.end > self.origin.len() {
            return 0..0;
        }
        self.origin[range.start].0 as usize..self.origin[range.end - 1].1 as usize
    }
}

/// The normalizer.
#[derive(Clone, Debug, Default)]
pub struct Normalizer {
    config: NormalizerConfig,
}

impl Normalizer {
    /// A normalizer with the given rules.
    pub fn new(config: NormalizerConfig) -> Self {
        Normalizer { config }
    }
    /// The rules in force.
    pub fn config(&self) -> &NormalizerConfig {
        &self.config
    }
    /// Normalizes `text` (identity stub for now).
    pub fn normalize(&self, text: &str) -> Normalized {
        let mut origin = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            for _ in 0..c.len_utf8() {
                origin.push((i as u32, (i + c.len_utf8()) as u32));
            }
        }
        Normalized { text: text.to_string(), origin }
    }
}
