//! The data model that flows through the pipeline.
//!
//! A [`Token`] is what is written (`کتابش`); a [`Word`] is what syntax sees (`کتاب` + `ش`).
//! Spans are byte ranges into the original input text ([`Document::text`]).

use serde::Serialize;
use std::ops::Range;

/// A byte range `start..end` into the original input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Builds a span.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// The span as a `Range` for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A syntactic word (a row of CoNLL-U).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Word {
    /// Bytes of the original input this word covers (clitic words share their token's bytes).
    pub span: Span,
    /// Surface form as written in the original input.
    pub form: String,
    /// Normalized form.
    pub norm: String,
    /// Lemma (empty when not predicted).
    pub lemma: String,
    /// Universal part of speech (empty when not predicted).
    pub upos: String,
    /// Language-specific part of speech, PerDT tagset (empty when not predicted).
    pub xpos: String,
    /// Morphological features in CoNLL-U syntax, `Number=Sing|Person=3` (empty when none).
    pub feats: String,
    /// Head word index, 1-based within the sentence, 0 for the root (`None` when not parsed).
    pub head: Option<usize>,
    /// Dependency relation (empty when not parsed).
    pub deprel: String,
    /// Other annotation in CoNLL-U MISC syntax, kept verbatim from CoNLL-U input
    /// (the tagger's ezafe is written here too, as `Ezafe=Yes`).
    pub misc: String,
    /// Whether the word carries the ezafe (`-e` linking it to the next word), as the tagger
    /// predicts it or MISC `Ezafe=Yes|No` gives it; `None` when not known.
    pub ezafe: Option<bool>,
}

/// `misc` without its `Ezafe=…` entries (so a new prediction does not stack on an old one).
pub(crate) fn misc_without_ezafe(misc: &str) -> String {
    misc.split('|').filter(|e| !e.is_empty() && !e.starts_with("Ezafe=")).collect::<Vec<_>>().join("|")
}

/// The ezafe a CoNLL-U MISC column states, if any.
pub(crate) fn ezafe_in_misc(misc: &str) -> Option<bool> {
    misc.split('|').find_map(|e| match e {
        "Ezafe=Yes" => Some(true),
        "Ezafe=No" => Some(false),
        _ => None,
    })
}

/// A token: a stretch of the original text, made of one or more syntactic words.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Token {
    /// Bytes of the original input.
    pub span: Span,
    /// Surface text as written in the original input.
    pub form: String,
    /// Normalized text.
    pub norm: String,
    /// Whether whitespace follows the token in the original input.
    pub space_after: bool,
    /// The syntactic words; more than one for a multiword token (`کتابش` → `کتاب` + `ش`),
    /// whose spans then tile the token's in order, except for whitespace between two words
    /// (`نامه اش`, normalized `نامه‌اش`: `نامه` + `اش`), which belongs to neither.
    pub words: Vec<Word>,
}

/// A sentence.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sentence {
    /// Bytes of the original input from the first to the last token.
    pub span: Span,
    /// Tokens in order.
    pub tokens: Vec<Token>,
    /// Named entities and numeric and temporal expressions, in order, never overlapping, each
    /// made of whole tokens (empty when the entity stage did not run).
    pub entities: Vec<crate::entities::Entity>,
}

impl Sentence {
    /// Moves every span of the sentence `by` bytes later (used when a text is analysed in
    /// chunks and spans must count from the start of the whole input).
    pub fn shift_spans(&mut self, by: usize) {
        let shift = |s: &mut Span| *s = Span::new(s.start + by, s.end + by);
        shift(&mut self.span);
        for t in &mut self.tokens {
            shift(&mut t.span);
            for w in &mut t.words {
                shift(&mut w.span);
            }
        }
        for e in &mut self.entities {
            shift(&mut e.span);
        }
    }

    /// Iterates over the syntactic words of the sentence in order.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.tokens.iter().flat_map(|t| t.words.iter())
    }
}

/// An analysed text.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Document {
    /// The original input, unchanged.
    pub text: String,
    /// The normalized text.
    pub normalized: String,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// The entities of every sentence, in text order.
    pub fn entities(&self) -> impl Iterator<Item = &crate::entities::Entity> {
        self.sentences.iter().flat_map(|s| s.entities.iter())
    }
}
