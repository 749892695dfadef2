//! Sentence splitting, tokenization and multiword (clitic) splitting, following the
//! Universal Dependencies conventions of the Persian PerDT treebank.
//!
//! Segmentation works on normalized text; every range it returns is a byte range of that text
//! (the pipeline maps them back to the original input).
//!
//! ```
//! use sokhan::segment::{Segmenter, Lexical, HostClass};
//! struct NoLexicon;
//! impl Lexical for NoLexicon {
//!     fn is_abbreviation(&self, _: &str) -> bool { false }
//!     fn is_word(&self, _: &str) -> bool { true }
//!     fn host_class(&self, _: &str) -> Option<HostClass> { None }
//! }
//! let text = "هوا سرد شد. باران آمد!";
//! let sentences = Segmenter::default().segment(text, &NoLexicon);
//! assert_eq!(sentences.len(), 2);
//! let first: Vec<&str> = sentences[0].tokens.iter().map(|t| &text[t.range()]).collect();
//! assert_eq!(first, ["هوا", "سرد", "شد", "."]);
//! ```

pub mod chars;
pub mod clitics;
pub mod tokens;

pub use clitics::{Part, Role};
pub use tokens::{RawToken, TokenKind};

use std::ops::Range;

/// What a word can be when a clitic attaches to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostClass {
    /// Noun, pronoun, adposition and other non-adjectival hosts: clitics are possessive.
    Nominal,
    /// Adjective: person endings are copulas (`معتقدند`).
    Adjective,
}

/// The lexical knowledge segmentation needs. The pipeline implements it over the embedded
/// lexicon; tests can implement it over a handful of words.
pub trait Lexical {
    /// Whether `s` (letters and dots, e.g. `ق.م`) is a known abbreviation.
    fn is_abbreviation(&self, s: &str) -> bool;
    /// Whether some abbreviation may start with `s` (a cheap filter before
    /// [`Lexical::is_abbreviation`] on each candidate; `true` when unknown).
    fn may_start_abbreviation(&self, _s: &str) -> bool {
        true
    }
    /// Whether `w` is a word in its own right (listed, or an inflected verb/plural form), so
    /// it must not be split into host + clitic.
    fn is_word(&self, w: &str) -> bool;
    /// Whether `w` can carry a clitic, and as what.
    fn host_class(&self, w: &str) -> Option<HostClass>;
    /// Whether `word`, a preposition run into the word `rest` (`درپایان` = `در` + `پایان`), is
    /// to be split: `word` must be unknown as a whole and `rest` a frequent word. `false` by
    /// default (never split).
    fn splits_glued(&self, _word: &str, _rest: &str) -> bool {
        false
    }
    /// Splits `word` into host and clitics ([`clitics::split`] by default). Implementations
    /// may memoize: the answer depends only on the word.
    fn split_clitics(&self, word: &str) -> Option<Vec<Part>> {
        clitics::split(word, self)
    }
}

/// Options of the segmenter.
#[derive(Clone, Debug)]
pub struct SegmenterConfig {
    /// Split pronominal and copula clitics into syntactic words (multiword tokens).
    pub split_clitics: bool,
    /// PerDT convention: punctuation written right after a split token belongs to that
    /// multiword token (`سرشان.` → `سر` + `شان` + `.`).
    pub glue_punct_to_split_tokens: bool,
    /// A line break always ends a sentence.
    pub newline_ends_sentence: bool,
}

impl Default for SegmenterConfig {
    fn default() -> Self {
        SegmenterConfig { split_clitics: true, glue_punct_to_split_tokens: true, newline_ends_sentence: true }
    }
}

/// A token of a segmented sentence (byte ranges of the normalized text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegToken {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// What it is.
    pub kind: TokenKind,
    /// Whitespace separates it from the previous token.
    pub space_before: bool,
    /// Syntactic words when the token is a multiword token; `None` for a single word.
    pub parts: Option<Vec<Part>>,
}

impl SegToken {
    /// The byte range in the normalized text.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    /// The syntactic words as (normalized byte range, role).
    pub fn words(&self) -> Vec<(Range<usize>, Role)> {
        match &self.parts {
            None => vec![(self.range(), Role::Host)],
            Some(parts) => {
                let mut start = self.start as usize;
                parts
                    .iter()
                    .map(|p| {
                        let end = self.start as usize + p.end as usize;
                        let r = (start..end, p.role);
                        start = end;
                        r
                    })
                    .collect()
            }
        }
    }
}

/// A segmented sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegSentence {
    /// Tokens in order (never empty).
    pub tokens: Vec<SegToken>,
}

impl SegSentence {
    /// The byte range in the normalized text, first token to last.
    pub fn range(&self) -> Range<usize> {
        match (self.tokens.first(), self.tokens.last()) {
            (Some(a), Some(b)) => a.start as usize..b.end as usize,
            _ => 0..0,
        }
    }
}

/// Splits normalized text into sentences, tokens and syntactic words.
#[derive(Clone, Debug, Default)]
pub struct Segmenter {
    config: SegmenterConfig,
}

impl Segmenter {
    /// A segmenter with the given options.
    pub fn new(config: SegmenterConfig) -> Self {
        Segmenter { config }
    }

    /// Tokens of `text` without sentence grouping or clitic splitting (the fast path).
    pub fn raw_tokens<L: Lexical + ?Sized>(&self, text: &str, lex: &L, out: &mut Vec<RawToken>) {
        tokens::tokenize_into(text, lex, out);
    }

    /// Segments `text` into sentences.
    pub fn segment<L: Lexical + ?Sized>(&self, text: &str, lex: &L) -> Vec<SegSentence> {
        self.segment_with(text, lex, false)
    }

    /// Segments `text` into sentences and tokens with the same boundaries as
    /// [`Segmenter::segment`], but analyses clitics only where the token boundary depends on
    /// them (a split word takes the punctuation written right after it, PerDT's convention):
    /// other tokens have `parts: None` even when they are multiword tokens. For callers that
    /// need tokens, not syntactic words; much cheaper on text with many distinct words.
    pub fn segment_tokens<L: Lexical + ?Sized>(&self, text: &str, lex: &L) -> Vec<SegSentence> {
        self.segment_with(text, lex, true)
    }

    fn segment_with<L: Lexical + ?Sized>(&self, text: &str, lex: &L, boundaries_only: bool) -> Vec<SegSentence> {
        let mut sentences = Vec::new();
        // The sentence takes the buffer: one allocation of the right size per sentence.
        self.for_each_sentence(text, lex, boundaries_only, |tokens| sentences.push(SegSentence { tokens: std::mem::take(tokens) }));
        sentences
    }

    /// Calls `f` with the tokens of each sentence of `text` in order, as [`Segmenter::segment`]
    /// (or, with `boundaries_only`, [`Segmenter::segment_tokens`]) finds them, in one buffer
    /// reused from sentence to sentence (no allocation per sentence unless `f` takes the
    /// tokens out of it).
    pub fn for_each_sentence<L: Lexical + ?Sized>(&self, text: &str, lex: &L, boundaries_only: bool, mut f: impl FnMut(&mut Vec<SegToken>)) {
        let mut raw = Vec::with_capacity(text.len() / 6 + 1);
        tokens::tokenize_into(text, lex, &mut raw);
        let mut tokens: Vec<SegToken> = Vec::new();
        let mut start = 0;
        while start < raw.len() {
            let end = self.sentence_end(text, &raw, start);
            tokens.clear();
            tokens.extend(
                raw[start..end].iter().map(|t| SegToken { start: t.start, end: t.end, kind: t.kind, space_before: t.space_before, parts: None }),
            );
            self.finish(text, &mut tokens, lex, boundaries_only);
            f(&mut tokens);
            start = end;
        }
    }

    /// Where the sentence starting at token `start` of `raw` ends (exclusive; `> start`).
    fn sentence_end(&self, text: &str, raw: &[RawToken], start: usize) -> usize {
        let mut i = start;
        while i < raw.len() {
            let t = raw[i];
            if i > start && t.newline_before && self.config.newline_ends_sentence {
                return i;
            }
            i += 1;
            if t.kind == TokenKind::Punct && ends_sentence(&text[t.start as usize..t.end as usize]) {
                // Further final punctuation and closing quotes/brackets stay with this sentence.
                while i < raw.len() && !raw[i].newline_before && raw[i].kind == TokenKind::Punct {
                    let s = &text[raw[i].start as usize..raw[i].end as usize];
                    if !(s.chars().all(|c| chars::is_sentence_final(c) || chars::is_closing(c))) {
                        break;
                    }
                    // A straight quote after a space opens the next sentence instead.
                    if raw[i].space_before && matches!(s, "\"" | "'") {
                        break;
                    }
                    i += 1;
                }
                return i;
            }
        }
        i
    }

    /// Fills in the multiword tokens of one sentence (only those that move a boundary when
    /// `boundaries_only`) and glues punctuation to split words.
    fn finish<L: Lexical + ?Sized>(&self, text: &str, tokens: &mut Vec<SegToken>, lex: &L, boundaries_only: bool) {
        if !self.config.split_clitics || (boundaries_only && !self.config.glue_punct_to_split_tokens) {
            return;
        }
        let mut glued = false;
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].kind == TokenKind::Word {
                let glueable = self.config.glue_punct_to_split_tokens
                    && tokens.get(i + 1).is_some_and(|n| {
                        n.kind == TokenKind::Punct && !n.space_before && text[n.range()].chars().nth(1).is_none()
                    });
                if boundaries_only && !glueable {
                    i += 1;
                    continue;
                }
                let parts = lex.split_clitics(&text[tokens[i].range()]);
                let glue = parts.is_some() && glueable;
                tokens[i].parts = parts;
                if glue {
                    let next_end = tokens[i + 1].end;
                    let t = &mut tokens[i];
                    if let Some(parts) = t.parts.as_mut() {
                        parts.push(Part { end: next_end - t.start, role: Role::Punct });
                    }
                    t.end = next_end;
                    // Marked for removal: an empty range.
                    tokens[i + 1].end = tokens[i + 1].start;
                    glued = true;
                    i += 1;
                }
            }
            i += 1;
        }
        if glued {
            tokens.retain(|t| t.end > t.start);
        }
    }
}

/// Whether a punctuation token ends a sentence. Ellipses do not: they mark a pause inside one.
fn ends_sentence(s: &str) -> bool {
    matches!(s, "." | "!" | "?" | "؟" | "\u{06D4}")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Lex;
    impl Lexical for Lex {
        fn is_abbreviation(&self, s: &str) -> bool {
            matches!(s, "ق.م" | "ه.ش" | "ه.ش.")
        }
        fn is_word(&self, w: &str) -> bool {
            !matches!(w, "کتابش" | "سرشان")
        }
        fn host_class(&self, w: &str) -> Option<HostClass> {
            matches!(w, "کتاب" | "سر").then_some(HostClass::Nominal)
        }
    }

    fn toks(text: &str) -> Vec<Vec<String>> {
        Segmenter::default()
            .segment(text, &Lex)
            .iter()
            .map(|s| s.tokens.iter().map(|t| text[t.range()].to_string()).collect())
            .collect()
    }

    #[test]
    fn splits_sentences_and_punctuation() {
        assert_eq!(
            toks("او گفت: «می‌آیم.» سپس رفت؟ نه!"),
            vec![vec!["او", "گفت", ":", "«", "می‌آیم", ".", "»"], vec!["سپس", "رفت", "؟"], vec!["نه", "!"]]
        );
    }

    #[test]
    fn numbers_urls_and_abbreviations_stay_whole() {
        assert_eq!(
            toks("قیمت 10.5 درصد و ۱۴۰۲/۰۵/۱۲ بود. سایت https://example.com/a?b=1. نشانی ali.r@example.ir است"),
            vec![
                vec!["قیمت", "10.5", "درصد", "و", "۱۴۰۲/۰۵/۱۲", "بود", "."],
                vec!["سایت", "https://example.com/a?b=1", "."],
                vec!["نشانی", "ali.r@example.ir", "است"],
            ]
        );
        assert_eq!(toks("در سال ۵۰۰ ق.م ساخته شد."), vec![vec!["در", "سال", "۵۰۰", "ق.م", "ساخته", "شد", "."]]);
    }

    #[test]
    fn ellipsis_hashtags_mentions_emoji() {
        assert_eq!(
            toks("صبر کن... #خبر_فوری @sokhan_fa 😀👍🏽 عالی"),
            vec![vec!["صبر", "کن", "...", "#خبر_فوری", "@sokhan_fa", "😀", "👍🏽", "عالی"]]
        );
    }

    #[test]
    fn newline_ends_sentence() {
        assert_eq!(toks("عنوان خبر\nمتن خبر"), vec![vec!["عنوان", "خبر"], vec!["متن", "خبر"]]);
    }

    #[test]
    fn segment_tokens_keeps_the_token_boundaries() {
        let text = "کتابش را دید. سرشان. سرشان را دید، کتابش!\nسرشان";
        let seg = Segmenter::default();
        let full = seg.segment(text, &Lex);
        let lazy = seg.segment_tokens(text, &Lex);
        let ranges = |s: &[SegSentence]| s.iter().map(|s| s.tokens.iter().map(|t| t.range()).collect::<Vec<_>>()).collect::<Vec<_>>();
        assert_eq!(ranges(&full), ranges(&lazy));
        // Parts only where they moved a boundary: `سرشان.` keeps its parts, `کتابش` does not.
        assert!(full[0].tokens[0].parts.is_some());
        assert!(lazy[0].tokens[0].parts.is_none());
        assert!(lazy[1].tokens[0].parts.is_some());
    }

    #[test]
    fn clitic_tokens_take_following_punctuation() {
        let text = "کتابش را دید. سرشان.";
        let s = Segmenter::default().segment(text, &Lex);
        assert_eq!(s.len(), 2);
        let t = &s[1].tokens[0];
        assert_eq!(&text[t.range()], "سرشان.");
        let words: Vec<&str> = t.words().into_iter().map(|(r, _)| &text[r]).collect();
        assert_eq!(words, ["سر", "شان", "."]);
    }
}
