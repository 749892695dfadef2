//! Conversion between CoNLL-U sentences and the pipeline's [`Document`] model.

use super::write::{is_line_break, write_clean, write_field};
use super::Sentence;
use crate::doc::{self, Document, Span};
use crate::Error;
use std::fmt;

/// `_` means "no value" in the pipeline model.
fn value(s: &str) -> String {
    if s == "_" {
        String::new()
    } else {
        s.to_string()
    }
}

/// MISC without `SpaceAfter=…` (that lives in [`doc::Token::space_after`]) and without `_`.
fn misc_without_space_after(misc: &str) -> String {
    if misc == "_" {
        return String::new();
    }
    if !misc.contains("SpaceAfter=") {
        return misc.to_string();
    }
    misc.split('|')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("SpaceAfter="))
        .collect::<Vec<_>>()
        .join("|")
}

/// Finds each form in `text` in order, with only whitespace before, between and after them.
fn align_forms(text: &str, forms: &[&str]) -> Option<Vec<(usize, usize)>> {
    let mut pos = 0;
    let mut out = Vec::with_capacity(forms.len());
    for form in forms {
        let rest = &text[pos..];
        let skipped = rest.len() - rest.trim_start().len();
        pos += skipped;
        if !text[pos..].starts_with(form) {
            return None;
        }
        out.push((pos, pos + form.len()));
        pos += form.len();
    }
    text[pos..].trim().is_empty().then_some(out)
}

impl Sentence {
    /// Converts to the pipeline model, returning the sentence and its text.
    ///
    /// The text is the `# text` comment when the token forms can be found in it in order with
    /// only whitespace around them; otherwise it is rebuilt from the token forms, joined by one
    /// space except after tokens marked `SpaceAfter=No`. Spans are byte ranges in that text
    /// shifted by `text_offset` (the position of the text inside a larger document). Every word
    /// of a token shares the token's span.
    ///
    /// Columns map as: FORM → `form` and `norm` (the same; normalization is the pipeline's
    /// job), LEMMA/UPOS/XPOS/FEATS/DEPREL → same-named fields, HEAD → `head` (`None` for `_`),
    /// MISC → `misc`, with `_` turned into an empty string. `SpaceAfter=No` (on the `N-M` row of
    /// a multiword token, or on the word) sets [`doc::Token::space_after`] to `false` and is
    /// removed from `misc`; the rest of the MISC of an `N-M` row and empty nodes have no place
    /// in the model and are dropped.
    pub fn to_doc_sentence(&self, text_offset: usize) -> (doc::Sentence, String) {
        let tokens = self.tokens();
        let forms: Vec<&str> = tokens.iter().map(|t| t.form()).collect();
        let aligned = self
            .text()
            .and_then(|t| align_forms(t, &forms).map(|spans| (t.to_string(), spans)));
        let (text, spans) = aligned.unwrap_or_else(|| {
            let mut text = String::new();
            let mut spans = Vec::with_capacity(tokens.len());
            for (i, t) in tokens.iter().enumerate() {
                let start = text.len();
                text.push_str(t.form());
                spans.push((start, text.len()));
                if i + 1 < tokens.len() && t.space_after() {
                    text.push(' ');
                }
            }
            (text, spans)
        });
        let mut out = doc::Sentence::default();
        for (t, &(a, b)) in tokens.iter().zip(&spans) {
            let span = Span::new(a + text_offset, b + text_offset);
            let words = t
                .words
                .iter()
                .map(|w| doc::Word {
                    span,
                    form: w.form.clone(),
                    norm: w.form.clone(),
                    lemma: value(&w.lemma),
                    upos: value(&w.upos),
                    xpos: value(&w.xpos),
                    feats: value(&w.feats),
                    head: w.head_index(),
                    deprel: value(&w.deprel),
                    misc: misc_without_space_after(&w.misc),
                    ezafe: doc::ezafe_in_misc(&w.misc),
                })
                .collect();
            out.tokens.push(doc::Token {
                span,
                form: t.form().to_string(),
                norm: t.form().to_string(),
                space_after: t.space_after(),
                words,
            });
        }
        out.span = match (spans.first(), spans.last()) {
            (Some(f), Some(l)) => Span::new(f.0 + text_offset, l.1 + text_offset),
            _ => Span::new(text_offset, text_offset),
        };
        (out, text)
    }

    /// Writes the predicted columns of `analysis` (LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL) into
    /// this sentence's word rows, keeping IDs, forms, DEPS, MISC, comments, multiword tokens and
    /// empty nodes. Empty strings and `None` are written as `_`.
    ///
    /// Meant for `analysis` made by [`Sentence::to_doc_sentence`] and then annotated: a column
    /// the analysis did not touch comes back unchanged.
    ///
    /// # Errors
    /// [`Error::Mismatch`] when the number of words differs (nothing is changed then).
    pub fn fill_from_doc(&mut self, analysis: &doc::Sentence) -> Result<(), Error> {
        let n = analysis.words().count();
        let m = self.word_count();
        if n != m {
            return Err(Error::Mismatch(format!(
                "sentence {}: the CoNLL-U sentence has {m} words but the analysis has {n}",
                self.sent_id().unwrap_or("without sent_id")
            )));
        }
        fn put(dst: &mut String, src: &str) {
            dst.clear();
            // Same rules as the writer, so the row stays well-formed.
            let _ = write_field(dst, src);
        }
        for (row, w) in self.words_mut().zip(analysis.words()) {
            put(&mut row.lemma, &w.lemma);
            put(&mut row.upos, &w.upos);
            put(&mut row.xpos, &w.xpos);
            put(&mut row.feats, &w.feats);
            row.set_head(w.head);
            put(&mut row.deprel, &w.deprel);
        }
        Ok(())
    }
}

/// Converts CoNLL-U sentences to a [`Document`]: `doc.sentences[i]` comes from
/// `sentences[i]` (a sentence without words gives one without tokens).
///
/// Sentence texts come from [`Sentence::to_doc_sentence`] and are joined by `\n` (`\n\n` before
/// a sentence with a `# newpar` or `# newdoc` comment), or by nothing when the previous
/// sentence's last token has `SpaceAfter=No`. [`Document::normalized`] is a copy of the text.
pub fn to_document(sentences: &[Sentence]) -> Document {
    let mut text = String::new();
    let mut out = Vec::with_capacity(sentences.len());
    let mut glue = false; // previous sentence ended with SpaceAfter=No
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 && !glue {
            let par = s
                .comments
                .iter()
                .any(|c| c.starts_with("# newpar") || c.starts_with("# newdoc"));
            text.push_str(if par { "\n\n" } else { "\n" });
        }
        let (ds, t) = s.to_doc_sentence(text.len());
        text.push_str(&t);
        glue = ds.tokens.last().is_some_and(|t| !t.space_after);
        out.push(ds);
    }
    Document {
        normalized: text.clone(),
        text,
        sentences: out,
    }
}

/// Writes a [`Document`] as CoNLL-U (see [`write_document_to`]).
pub fn write_document(doc: &Document, doc_id: Option<&str>) -> String {
    let mut out = String::with_capacity(doc.text.len() * 8);
    write_document_to(&mut out, doc, doc_id).expect("writing to a String cannot fail");
    out
}

/// Writes a [`Document`] as CoNLL-U.
///
/// - `# newdoc id = …` first when `doc_id` is given;
/// - per sentence `# sent_id = N` (1-based, counting written sentences) and `# text = …`, the
///   sentence's original text with line breaks replaced by spaces (rebuilt from token forms if
///   the span does not fit `doc.text`);
/// - a multiword-token row `N-M` (FORM = token form) for every token with more than one word;
/// - word rows numbered from 1; FORM is [`doc::Word::form`], the original surface text; empty
///   fields are `_`; HEAD is `_` when `None`; DEPS is `_`; MISC is the word's `misc` without any
///   `SpaceAfter` key;
/// - `SpaceAfter=No` when [`doc::Token::space_after`] is false: on the `N-M` row for a multiword
///   token (as UD does), else in the word's MISC, at its alphabetical place if the other keys
///   are in alphabetical order, else at the end.
///
/// TAB and line breaks inside a value become spaces. Sentences without tokens are skipped;
/// a token without words is written as one word with the token's form. The format is otherwise
/// that of [`super::write()`] (LF, one blank line after each sentence).
///
/// # Errors
/// Only those of the writer.
pub fn write_document_to<W: fmt::Write + ?Sized>(
    w: &mut W,
    doc: &Document,
    doc_id: Option<&str>,
) -> fmt::Result {
    if let Some(id) = doc_id {
        w.write_str("# newdoc id = ")?;
        write_clean(w, id)?;
        w.write_char('\n')?;
    }
    let mut n = 0;
    for s in &doc.sentences {
        if s.tokens.is_empty() {
            continue;
        }
        n += 1;
        writeln!(w, "# sent_id = {n}")?;
        w.write_str("# text = ")?;
        write_sentence_text(w, doc, s)?;
        w.write_char('\n')?;
        let mut id = 0;
        for t in &s.tokens {
            let no_space = !t.space_after;
            if t.words.len() > 1 {
                write!(w, "{}-{}\t", id + 1, id + t.words.len())?;
                write_field(w, &t.form)?;
                w.write_str("\t_\t_\t_\t_\t_\t_\t_\t")?;
                w.write_str(if no_space { "SpaceAfter=No" } else { "_" })?;
                w.write_char('\n')?;
                for word in &t.words {
                    id += 1;
                    write_word(w, id, word, false)?;
                }
            } else if let Some(word) = t.words.first() {
                id += 1;
                write_word(w, id, word, no_space)?;
            } else {
                id += 1;
                let word = doc::Word {
                    form: t.form.clone(),
                    ..Default::default()
                };
                write_word(w, id, &word, no_space)?;
            }
        }
        w.write_char('\n')?;
    }
    Ok(())
}

fn write_sentence_text<W: fmt::Write + ?Sized>(
    w: &mut W,
    doc: &Document,
    s: &doc::Sentence,
) -> fmt::Result {
    if let Some(t) = doc.text.get(s.span.range()) {
        let t = t.trim();
        let mut prev_cr = false;
        for c in t.chars() {
            if c == '\n' && prev_cr {
                prev_cr = false;
                continue; // \r\n is one line break
            }
            prev_cr = c == '\r';
            // Control characters (NUL, ...) are not written raw: they separate tokens like spaces.
            w.write_char(if is_line_break(c) || (c.is_control() && c != '\t') { ' ' } else { c })?;
        }
        return Ok(());
    }
    for (i, t) in s.tokens.iter().enumerate() {
        write_clean(w, &t.form)?;
        if t.space_after && i + 1 < s.tokens.len() {
            w.write_char(' ')?;
        }
    }
    Ok(())
}

fn write_word<W: fmt::Write + ?Sized>(
    w: &mut W,
    id: usize,
    word: &doc::Word,
    no_space: bool,
) -> fmt::Result {
    write!(w, "{id}\t")?;
    for f in [&word.form, &word.lemma, &word.upos, &word.xpos, &word.feats] {
        write_field(w, f)?;
        w.write_char('\t')?;
    }
    match word.head {
        Some(h) => write!(w, "{h}\t")?,
        None => w.write_str("_\t")?,
    }
    write_field(w, &word.deprel)?;
    w.write_str("\t_\t")?;
    let mut parts: Vec<&str> = word
        .misc
        .split('|')
        .filter(|kv| !kv.is_empty() && *kv != "_" && !kv.starts_with("SpaceAfter="))
        .collect();
    if no_space {
        // Keep alphabetical MISC alphabetical (as many treebanks write it); else append.
        let at = if parts.windows(2).all(|p| p[0] <= p[1]) {
            parts.partition_point(|p| *p < "SpaceAfter=No")
        } else {
            parts.len()
        };
        parts.insert(at, "SpaceAfter=No");
    }
    if parts.is_empty() {
        w.write_char('_')?;
    }
    for (i, kv) in parts.iter().enumerate() {
        if i > 0 {
            w.write_char('|')?;
        }
        write_clean(w, kv)?;
    }
    w.write_char('\n')
}
