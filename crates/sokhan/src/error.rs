//! The library's error type.

/// Everything that can go wrong at the library boundary.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input bytes are not UTF-8; `offset` is the byte offset of the first bad byte.
    #[error("input is not valid UTF-8 at byte offset {offset}: convert it to UTF-8 first (e.g. `iconv -f WINDOWS-1256 -t UTF-8`)")]
    InvalidUtf8 {
        /// Byte offset (from the start of the whole input) of the first invalid byte.
        offset: u64,
    },
    /// Input bytes start with a UTF-16 byte order mark (`FF FE` or `FE FF`): the text is
    /// UTF-16, not UTF-8 (see [`has_utf16_bom`]).
    #[error("input is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8: convert it to UTF-8 first (e.g. `iconv -f UTF-16 -t UTF-8`)")]
    Utf16,
    /// A CoNLL-U line could not be read.
    #[error("CoNLL-U line {line}: {message}")]
    Conllu {
        /// 1-based line number.
        line: usize,
        /// What is wrong and what is expected.
        message: String,
    },
    /// A model file is corrupt, foreign or of an unsupported version.
    #[error("model file: {0}")]
    Model(String),
    /// Two files that should describe the same text do not (e.g. in evaluation).
    #[error("{0}")]
    Mismatch(String),
    /// NER input could not be read or scored: a bad line of a BIO column file, a bad `NER=`
    /// label in CoNLL-U, or an input without tokens.
    #[error("{}{message}", .line.map(|l| format!("line {l}: ")).unwrap_or_default())]
    Ner {
        /// 1-based line number in a BIO column file, when the problem is on one line.
        line: Option<usize>,
        /// What is wrong and what is expected.
        message: String,
    },
}

/// Whether `bytes` (the start of an input) begin with a UTF-16 byte order mark, `FF FE`
/// (little-endian) or `FE FF` (big-endian); neither byte can occur in UTF-8, so text starting
/// so is UTF-16 rather than a legacy code page.
pub fn has_utf16_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// The advice for input that is not UTF-8, from the first bytes of the input: convert from
/// UTF-16 when they are a UTF-16 byte order mark, else from the usual legacy code page.
pub fn utf8_conversion_hint(input_start: &[u8]) -> &'static str {
    if has_utf16_bom(input_start) {
        "it is UTF-16 (it starts with a UTF-16 byte order mark): convert it to UTF-8 first (e.g. `iconv -f UTF-16 -t UTF-8`)"
    } else {
        "convert it to UTF-8 first (e.g. `iconv -f WINDOWS-1256 -t UTF-8`)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utf16_byte_order_mark_is_told_apart_from_a_legacy_code_page() {
        for bom in [&[0xFF, 0xFE, 0x33, 0x06][..], &[0xFE, 0xFF, 0x06, 0x33][..]] {
            assert!(has_utf16_bom(bom));
            assert!(utf8_conversion_hint(bom).contains("iconv -f UTF-16 -t UTF-8"));
        }
        for other in [&b"\xc7\xe1"[..], &[0xFF][..], &[][..], &[0xEF, 0xBB, 0xBF][..]] {
            assert!(!has_utf16_bom(other));
            assert!(utf8_conversion_hint(other).contains("WINDOWS-1256"));
        }
    }
}
