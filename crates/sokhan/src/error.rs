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
