//! Writing CoNLL-U.

use super::Sentence;
use std::fmt;

/// Writes sentences as CoNLL-U text.
///
/// Every comment line and row is followed by `\n` (never `\r\n`), and every sentence by one
/// blank line, so the text ends with `\n\n`. Columns are written verbatim, except that an empty
/// column becomes `_` and TAB / line-break characters inside a column or comment become spaces
/// (they would break the format). Sentences with neither comments nor rows are skipped.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::with_capacity(sentences.len() * 1024);
    write_to(&mut out, sentences).expect("writing to a String cannot fail");
    out
}

/// Writes sentences as CoNLL-U to a [`fmt::Write`]; the format is that of [`write()`].
///
/// # Errors
/// Only those of the writer.
pub fn write_to<W: fmt::Write + ?Sized>(w: &mut W, sentences: &[Sentence]) -> fmt::Result {
    for s in sentences {
        write_sentence(w, s)?;
    }
    Ok(())
}

/// Writes sentences as CoNLL-U to an [`std::io::Write`]; the format is that of [`write()`].
/// Pass a buffered writer: this writes one sentence at a time.
///
/// # Errors
/// Those of the writer.
pub fn write_io<W: std::io::Write + ?Sized>(
    w: &mut W,
    sentences: &[Sentence],
) -> std::io::Result<()> {
    let mut buf = String::new();
    for s in sentences {
        buf.clear();
        write_sentence(&mut buf, s).expect("writing to a String cannot fail");
        w.write_all(buf.as_bytes())?;
    }
    Ok(())
}

/// Whether `c` would end a line for some CoNLL-U reader (Python's `splitlines` is the widest).
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Writes `s` with TAB and line breaks replaced by spaces.
pub(crate) fn write_clean<W: fmt::Write + ?Sized>(w: &mut W, s: &str) -> fmt::Result {
    if !s.chars().any(|c| c == '\t' || is_line_break(c)) {
        return w.write_str(s);
    }
    for c in s.chars() {
        w.write_char(if c == '\t' || is_line_break(c) {
            ' '
        } else {
            c
        })?;
    }
    Ok(())
}

/// Writes a column value: `_` when empty, else cleaned.
pub(crate) fn write_field<W: fmt::Write + ?Sized>(w: &mut W, s: &str) -> fmt::Result {
    if s.is_empty() {
        w.write_char('_')
    } else {
        write_clean(w, s)
    }
}

pub(crate) fn write_sentence<W: fmt::Write + ?Sized>(w: &mut W, s: &Sentence) -> fmt::Result {
    if s.comments.is_empty() && s.rows.is_empty() {
        return Ok(());
    }
    for c in &s.comments {
        if !c.starts_with('#') {
            w.write_str("# ")?;
        }
        // A tab is legal in a comment; only line breaks must go.
        if c.chars().any(is_line_break) {
            for ch in c.chars() {
                w.write_char(if is_line_break(ch) { ' ' } else { ch })?;
            }
        } else {
            w.write_str(c)?;
        }
        w.write_char('\n')?;
    }
    for r in &s.rows {
        write!(w, "{}", r.id)?;
        for col in r.columns() {
            w.write_char('\t')?;
            write_field(w, col)?;
        }
        w.write_char('\n')?;
    }
    w.write_char('\n')
}
