//! Parsing: a line-by-line sentence builder shared by [`parse`] and [`Reader`].

use super::{Row, RowId, Sentence};
use crate::Error;
use std::io::BufRead;

/// Parses a whole CoNLL-U text.
///
/// Sentences made only of comment lines are kept (with no rows) so that nothing is lost.
///
/// # Errors
/// [`Error::Conllu`] with the 1-based line number and what is wrong, at the first structural
/// problem (see the [module documentation](super)).
pub fn parse(text: &str) -> Result<Vec<Sentence>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder::default();
    let mut out = Vec::new();
    let mut lineno = 0;
    let mut rest = text;
    while !rest.is_empty() {
        lineno += 1;
        // A line ends at LF, CRLF or a lone CR.
        let (line, next) = match memchr::memchr2(b'\n', b'\r', rest.as_bytes()) {
            Some(i) if rest[i..].starts_with("\r\n") => (&rest[..i], &rest[i + 2..]),
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        rest = next;
        if let Some(s) = builder.push_line(line, lineno)? {
            out.push(s);
        }
    }
    if let Some(s) = builder.finish()? {
        out.push(s);
    }
    Ok(out)
}

/// Reads sentences one at a time from a buffered reader, holding only one sentence in memory.
///
/// Yields `Err` once and then stops at the first structural problem, at bytes that are not
/// UTF-8 ([`Error::InvalidUtf8`] with the byte offset in the stream, [`Error::Utf16`] when the
/// input starts with a UTF-16 byte order mark) or at a read error
/// (reported as [`Error::Conllu`] on the line being read).
///
/// ```
/// let data = "1\tسلام\t_\t_\t_\t_\t_\t_\t_\t_\n\n1\tبله\t_\t_\t_\t_\t_\t_\t_\t_\n";
/// let reader = sokhan::conllu::Reader::new(data.as_bytes());
/// let sentences: Vec<_> = reader.collect::<Result<_, _>>()?;
/// assert_eq!(sentences.len(), 2);
/// # Ok::<(), sokhan::Error>(())
/// ```
pub struct Reader<R> {
    inner: R,
    builder: Builder,
    buf: Vec<u8>,
    lineno: usize,
    offset: u64,
    done: bool,
    /// The last line ended with a CR: an LF right after it belongs to the same line end.
    after_cr: bool,
}

impl<R: BufRead> Reader<R> {
    /// Wraps a reader.
    pub fn new(inner: R) -> Self {
        Reader {
            inner,
            builder: Builder::default(),
            buf: Vec::new(),
            lineno: 0,
            offset: 0,
            done: false,
            after_cr: false,
        }
    }

    /// Reads the next line into `buf` without its line end (LF, CRLF or a lone CR); returns
    /// the bytes taken from the input, line end included (0 at the end of the input).
    fn read_line(&mut self) -> std::io::Result<usize> {
        let mut taken = 0;
        loop {
            let available = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                return Ok(taken);
            }
            if std::mem::take(&mut self.after_cr) && available[0] == b'\n' {
                // The LF of a CRLF that ended the previous line.
                self.inner.consume(1);
                self.offset += 1;
                continue;
            }
            match memchr::memchr2(b'\n', b'\r', available) {
                Some(i) => {
                    self.buf.extend_from_slice(&available[..i]);
                    self.after_cr = available[i] == b'\r';
                    self.inner.consume(i + 1);
                    return Ok(taken + i + 1);
                }
                None => {
                    let n = available.len();
                    self.buf.extend_from_slice(available);
                    self.inner.consume(n);
                    taken += n;
                }
            }
        }
    }

    fn next_sentence(&mut self) -> Result<Option<Sentence>, Error> {
        loop {
            self.buf.clear();
            let n = self.read_line().map_err(|e| Error::Conllu {
                line: self.lineno + 1,
                message: format!("read error: {e}"),
            })?;
            if n == 0 {
                return self.builder.finish();
            }
            self.lineno += 1;
            let bytes = &self.buf[..];
            let mut skip = 0;
            if self.lineno == 1 && bytes.starts_with(b"\xef\xbb\xbf") {
                skip = 3;
            }
            if self.lineno == 1 && crate::error::has_utf16_bom(bytes) {
                return Err(Error::Utf16);
            }
            let line = std::str::from_utf8(&bytes[skip..]).map_err(|e| Error::InvalidUtf8 {
                offset: self.offset + (skip + e.valid_up_to()) as u64,
            })?;
            self.offset += n as u64;
            if let Some(s) = self.builder.push_line(line, self.lineno)? {
                return Ok(Some(s));
            }
        }
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Sentence, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_sentence() {
            Ok(Some(s)) => Some(Ok(s)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Builds sentences from lines, checking structure as it goes.
#[derive(Default)]
struct Builder {
    current: Sentence,
    /// ID of the last word row of the current sentence (0 before the first).
    last_word: usize,
    /// Open multiword token: (first, last word ID, its line number).
    open_range: Option<(usize, usize, usize)>,
    /// Last empty node of the current sentence: (word, index).
    last_empty: Option<(usize, usize)>,
}

const COLUMN_NAMES: [&str; 10] = [
    "ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC",
];

fn err(line: usize, message: impl Into<String>) -> Error {
    Error::Conllu {
        line,
        message: message.into(),
    }
}

/// Parses a decimal number written without sign and without leading zeros.
fn number(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'0') {
        return None;
    }
    s.parse().ok()
}

fn parse_id(s: &str) -> Option<RowId> {
    if let Some((a, b)) = s.split_once('-') {
        Some(RowId::Range(number(a)?, number(b)?))
    } else if let Some((a, b)) = s.split_once('.') {
        Some(RowId::Empty(number(a)?, number(b)?))
    } else {
        Some(RowId::Word(number(s)?))
    }
}

impl Builder {
    /// Feeds one line (without its line end); returns a sentence when a blank line completes
    /// one. A line of spaces counts as blank; one with a TAB or any other character does not
    /// (it must then be a comment or a row).
    fn push_line(&mut self, line: &str, lineno: usize) -> Result<Option<Sentence>, Error> {
        if line.bytes().all(|b| b == b' ') {
            return self.close(Some(lineno));
        }
        if line.starts_with('#') {
            if !self.current.rows.is_empty() {
                return Err(err(
                    lineno,
                    "comment line after the rows of a sentence: comments must come before the \
                     first row (is the blank line that ends the previous sentence missing?)",
                ));
            }
            self.current.comments.push(line.to_string());
            return Ok(None);
        }
        let row = self.parse_row(line, lineno)?;
        self.current.rows.push(row);
        Ok(None)
    }

    fn parse_row(&mut self, line: &str, lineno: usize) -> Result<Row, Error> {
        let mut cols: [&str; 10] = [""; 10];
        let mut n = 0;
        for c in line.split('\t') {
            if n < 10 {
                cols[n] = c;
            }
            n += 1;
        }
        if n != 10 {
            let hint = if n == 1 && line.contains(' ') {
                " (columns must be separated by TAB characters, not spaces)"
            } else {
                ""
            };
            return Err(err(
                lineno,
                format!("expected 10 TAB-separated columns, found {n}{hint}"),
            ));
        }
        if let Some(i) = cols.iter().position(|c| c.is_empty()) {
            return Err(err(
                lineno,
                format!(
                    "column {} ({}) is empty; write _ for no value",
                    i + 1,
                    COLUMN_NAMES[i]
                ),
            ));
        }
        let id = parse_id(cols[0]).ok_or_else(|| {
            err(
                lineno,
                format!(
                    "bad ID {:?}: expected a word number N, a multiword range N-M or an empty node N.M \
                     (decimal, no leading zeros)",
                    cols[0]
                ),
            )
        })?;
        match id {
            RowId::Word(k) => {
                let expected = self.last_word + 1;
                if k != expected {
                    return Err(err(
                        lineno,
                        format!("word ID {k} out of sequence: expected {expected}"),
                    ));
                }
                if cols[6] != "_" && !cols[6].bytes().all(|b| b.is_ascii_digit()) {
                    return Err(err(
                        lineno,
                        format!("HEAD of word {k} is {:?}: expected a word number (0 for the root) or _", cols[6]),
                    ));
                }
                self.last_word = k;
                if let Some((_, end, _)) = self.open_range {
                    if k >= end {
                        self.open_range = None;
                    }
                }
            }
            RowId::Range(a, b) => {
                if let Some((x, y, l)) = self.open_range {
                    return Err(err(
                        lineno,
                        format!("multiword token {a}-{b} starts inside multiword token {x}-{y} (line {l}), which still needs word {}", self.last_word + 1),
                    ));
                }
                let expected = self.last_word + 1;
                if a != expected {
                    return Err(err(
                        lineno,
                        format!(
                            "multiword token {a}-{b} must start at the next word ID, {expected}"
                        ),
                    ));
                }
                if b <= a {
                    return Err(err(lineno, format!("multiword token {a}-{b} must cover at least two words (N-M with M > N)")));
                }
                self.open_range = Some((a, b, lineno));
            }
            RowId::Empty(w, m) => {
                if w != self.last_word {
                    return Err(err(
                        lineno,
                        format!(
                            "empty node {w}.{m} must follow word {w}; the last word is {}",
                            self.last_word
                        ),
                    ));
                }
                let expected = match self.last_empty {
                    Some((lw, lm)) if lw == w => lm + 1,
                    _ => 1,
                };
                if m != expected {
                    return Err(err(
                        lineno,
                        format!("empty node ID {w}.{m} out of sequence: expected {w}.{expected}"),
                    ));
                }
                self.last_empty = Some((w, m));
            }
        }
        Ok(Row {
            id,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head: cols[6].to_string(),
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        })
    }

    /// Ends the current sentence at a blank line (`lineno`) or at the end of input.
    fn close(&mut self, lineno: Option<usize>) -> Result<Option<Sentence>, Error> {
        if let Some((a, b, l)) = self.open_range.take() {
            let at = match lineno {
                Some(n) => format!("at line {n}"),
                None => "at the end of the input".to_string(),
            };
            return Err(err(
                l,
                format!(
                    "multiword token {a}-{b} is not covered by the words that follow: the sentence ends {at} after word {}",
                    self.last_word
                ),
            ));
        }
        self.last_word = 0;
        self.last_empty = None;
        if self.current.comments.is_empty() && self.current.rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(std::mem::take(&mut self.current)))
    }

    /// Ends the input; returns the last sentence if it was not followed by a blank line.
    fn finish(&mut self) -> Result<Option<Sentence>, Error> {
        self.close(None)
    }
}
