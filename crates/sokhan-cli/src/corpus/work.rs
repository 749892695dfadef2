//! The workers: a batch of input in, its rendered output (and what failed) out.
//!
//! In a corpus, a whole document (a JSON Lines record, a file read in one piece) is rendered
//! and framed here, in parallel, straight into the batch's one output buffer, so the writer
//! only counts it and writes the buffer. A piece of a larger document, or one input (whose
//! sentences are numbered over the whole input), is rendered without sentence numbers: `marks`
//! records where each sentence starts, and the ordered writer puts the numbering (and document
//! framing) in.

use super::frame::{self, Numbering};
use super::source::{Body, Item, Rec};
use super::{jsonl, OutFormat};
use sokhan::segment::SegToken;
use sokhan::{Document, Normalized, Pipeline, Sentence};
use std::sync::Arc;

/// The output of one batch, in input order.
#[derive(Default)]
pub struct Done {
    /// The framed output of the `Entry::Doc`s, back to back.
    pub buf: Vec<u8>,
    pub entries: Vec<Entry>,
}

pub enum Entry {
    /// A whole document: its output is `buf[previous Doc's end..end]` (nothing when it failed).
    Doc(DocDone),
    /// A piece the writer frames.
    Piece(Piece),
}

pub struct DocDone {
    pub doc: u64,
    pub end: usize,
    /// Syntactic words (tokens for `tokenize`), for the words/s figure.
    pub words: u64,
    pub failed: Option<Box<DocFailed>>,
}

/// What the error report says of a failed document.
pub struct DocFailed {
    pub source: Arc<str>,
    pub id: Arc<str>,
    pub line: u64,
    pub failure: Failure,
}

/// A piece of output, in the order of the input.
pub struct Piece {
    pub doc: u64,
    pub source: Arc<str>,
    pub id: Arc<str>,
    pub line: u64,
    pub first: bool,
    pub last: bool,
    pub result: Result<Rendered, Failure>,
    /// Syntactic words (tokens for `tokenize`), for the words/s figure.
    pub words: u64,
}

/// Rendered sentences; `marks[i]` is where sentence i starts in `bytes` (empty when the
/// format numbers nothing).
#[derive(Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub marks: Vec<usize>,
}

/// Why a document failed, and where (byte offset in its source).
pub struct Failure {
    pub offset: u64,
    pub reason: String,
}

/// What every worker shares.
pub struct Worker<'a> {
    pub pipeline: &'a Pipeline,
    pub format: OutFormat,
    pub text_field: &'a str,
    pub id_field: &'a str,
    /// Corpus mode: whole documents are framed here.
    pub framed: bool,
}

const PANICKED: &str = "internal error: the analysis panicked (please report this document)";

impl Worker<'_> {
    /// Processes the items of one batch, in order; `scratch` is the worker's own.
    pub fn process_batch(&self, items: Vec<Item>, input_bytes: u64, scratch: &mut Rendered) -> Done {
        let mut done = Done::default();
        if self.framed {
            // Room for the whole output, so that it is not copied as it grows (what is reserved
            // and not written costs no memory).
            let n = input_bytes as usize * self.format.expansion();
            done.buf.reserve(n + (n >> 3) + 4096);
        }
        for item in items {
            match item.body {
                Body::Records(r) => {
                    done.entries.reserve(r.recs.len());
                    for rec in r.recs {
                        if self.framed {
                            self.framed_record(&item.source, &r.data, rec, &mut done, scratch);
                        } else {
                            done.entries.push(Entry::Piece(self.record(&item.source, &r.data, rec)));
                        }
                    }
                }
                Body::Text(_) | Body::Conllu(_) if self.framed && item.first && item.last => self.framed_file(item, &mut done, scratch),
                _ => done.entries.push(Entry::Piece(self.process(item))),
            }
        }
        done
    }

    /// One JSON Lines record, framed into `done`.
    fn framed_record(&self, source: &Arc<str>, data: &[u8], rec: Rec, done: &mut Done, scratch: &mut Rendered) {
        let Rec { doc, line, start, from, to, fail } = rec;
        let mut id: Option<String> = None;
        let result = match fail {
            Some((offset, reason)) => Err(Failure { offset, reason }),
            None => self.framed_doc(start, &mut done.buf, |this, buf| {
                let record = this.parse(&data[from..to], start).map_err(|(given, failure)| {
                    id = given;
                    failure
                })?;
                let id_shown = match record.id {
                    Some(given) => id.insert(given).as_str(),
                    None => id.insert(line.to_string()).as_str(),
                };
                Ok(this.frame_text(&record.text, 0, id_shown, buf, scratch))
            }),
        };
        let make_id = || -> Arc<str> { id.map_or_else(|| line.to_string().into(), Into::into) };
        self.finish_doc(doc, result, done, || (source.clone(), make_id(), line));
    }

    /// A whole text or CoNLL-U document, framed into `done`.
    fn framed_file(&self, item: Item, done: &mut Done, scratch: &mut Rendered) {
        let Item { doc, source, id, line, start, doc_offset, body, .. } = item;
        let result = match &body {
            // `doc_offset` is 3 after a byte order mark, else 0: spans count from the file start.
            Body::Text(bytes) => self.framed_doc(start, &mut done.buf, |this, buf| {
                Ok(this.frame_text(utf8(bytes, start)?, doc_offset as usize, &id, buf, scratch))
            }),
            Body::Conllu(bytes) => self.framed_doc(start, &mut done.buf, |this, buf| {
                let text = utf8(bytes, start)?;
                scratch.bytes.clear();
                scratch.marks.clear();
                let words = this.conllu(text, scratch).map_err(|reason| Failure { offset: start, reason })?;
                this.frame(&id, buf, scratch);
                Ok(words)
            }),
            _ => unreachable!("only whole documents"),
        };
        self.finish_doc(doc, result, done, || (source, id, line));
    }

    /// Runs `render` (which appends a framed document to `buf` and returns its word count),
    /// leaving nothing in `buf` when it fails or panics.
    fn framed_doc(&self, start: u64, buf: &mut Vec<u8>, render: impl FnOnce(&Self, &mut Vec<u8>) -> Result<u64, Failure>) -> Result<u64, Failure> {
        let mark = buf.len();
        let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render(self, &mut *buf))) {
            Ok(r) => r,
            Err(_) => Err(Failure { offset: start, reason: PANICKED.into() }),
        };
        if result.is_err() {
            buf.truncate(mark);
        }
        result
    }

    fn finish_doc(&self, doc: u64, result: Result<u64, Failure>, done: &mut Done, who: impl FnOnce() -> (Arc<str>, Arc<str>, u64)) {
        let end = done.buf.len();
        let entry = match result {
            Ok(words) => DocDone { doc, end, words, failed: None },
            Err(failure) => {
                let (source, id, line) = who();
                DocDone { doc, end, words: 0, failed: Some(Box::new(DocFailed { source, id, line, failure })) }
            }
        };
        done.entries.push(Entry::Doc(entry));
    }

    /// A whole document's text, framed into `buf`; returns its word count.
    fn frame_text(&self, text: &str, offset: usize, id: &str, buf: &mut Vec<u8>, scratch: &mut Rendered) -> u64 {
        if let OutFormat::Tokens { words, original } = self.format {
            // Nothing to number: the tokens go straight into the output.
            frame::header(buf, self.format, id).expect("Vec write");
            let n = tokenize_chunk(self.pipeline, text, words, original, buf);
            frame::footer(buf, self.format).expect("Vec write");
            return n;
        }
        scratch.bytes.clear();
        scratch.marks.clear();
        let n = self.text(text, offset, scratch);
        self.frame(id, buf, scratch);
        n
    }

    /// Frames rendered sentences as the writer would.
    fn frame(&self, id: &str, buf: &mut Vec<u8>, r: &Rendered) {
        let (mut doc_sentences, mut sent_no) = (0, 0);
        let num = Numbering { single: false, id, doc_sentences: &mut doc_sentences, sent_no: &mut sent_no };
        frame::header(buf, self.format, id).expect("Vec write");
        frame::sentences(buf, self.format, num, &r.bytes, &r.marks).expect("Vec write");
        frame::footer(buf, self.format).expect("Vec write");
    }

    /// One JSON Lines record (`data` holds its line).
    fn record(&self, source: &Arc<str>, data: &[u8], rec: Rec) -> Piece {
        let Rec { doc, line, start, from, to, fail } = rec;
        let mut id: Option<String> = None;
        let mut words = 0u64;
        let result = match fail {
            Some((offset, reason)) => Err(Failure { offset, reason }),
            None => {
                let run = std::panic::AssertUnwindSafe(|| -> Result<Rendered, Failure> {
                    let record = self.parse(&data[from..to], start).map_err(|(given, failure)| {
                        id = given;
                        failure
                    })?;
                    id = record.id;
                    let mut out = Rendered::default();
                    words = self.text(&record.text, 0, &mut out);
                    Ok(out)
                });
                match std::panic::catch_unwind(run) {
                    Ok(r) => r,
                    Err(_) => Err(Failure { offset: start, reason: PANICKED.into() }),
                }
            }
        };
        let id: Arc<str> = match id {
            Some(given) => given.into(),
            None => line.to_string().into(),
        };
        Piece { doc, source: source.clone(), id, line, first: true, last: true, result, words }
    }

    /// Decodes one JSON Lines record (its line, at byte `start` of its source).
    /// A record that cannot be used keeps its id when that was readable.
    fn parse<'l>(&self, line: &'l [u8], start: u64) -> Result<jsonl::Record<'l>, (Option<String>, Failure)> {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = utf8(line.strip_suffix(b"\r").unwrap_or(line), start).map_err(|f| (None, f))?;
        jsonl::parse(line, self.text_field, self.id_field).map_err(|bad| (bad.id, Failure { offset: start, reason: bad.reason }))
    }

    /// Processes one piece; a panic inside the library fails the document, not the run.
    pub fn process(&self, item: Item) -> Piece {
        let Item { doc, source, id, line, start, doc_offset, first, last, body } = item;
        let mut words = 0u64;
        let result = match body {
            Body::Failed { offset, reason } => Err(Failure { offset, reason }),
            body => {
                let run = std::panic::AssertUnwindSafe(|| self.render(body, start, doc_offset, &mut words));
                match std::panic::catch_unwind(run) {
                    Ok(r) => r,
                    Err(_) => Err(Failure { offset: start, reason: PANICKED.into() }),
                }
            }
        };
        Piece { doc, source, id, line, first, last, result, words }
    }

    fn render(&self, body: Body, start: u64, doc_offset: u64, words: &mut u64) -> Result<Rendered, Failure> {
        let mut out = Rendered::default();
        match body {
            Body::Text(bytes) => {
                let text = utf8(&bytes, start)?;
                *words = self.text(text, doc_offset as usize, &mut out);
            }
            Body::Conllu(bytes) => {
                let text = utf8(&bytes, start)?;
                *words = self.conllu(text, &mut out).map_err(|reason| Failure { offset: start, reason })?;
            }
            Body::Failed { .. } | Body::Records(_) => unreachable!("handled by the caller"),
        }
        Ok(out)
    }

    /// Renders raw text whose first byte is byte `offset` of its document.
    fn text(&self, text: &str, offset: usize, out: &mut Rendered) -> u64 {
        if let OutFormat::Tokens { words, original } = self.format {
            return tokenize_chunk(self.pipeline, text, words, original, &mut out.bytes);
        }
        let mut doc = self.pipeline.analyze(text);
        let mut n = 0u64;
        for s in &mut doc.sentences {
            s.shift_spans(offset);
            n += s.words().count() as u64;
        }
        render_sentences(&doc, offset, self.format, out);
        n
    }

    /// CoNLL-U in: sentences, tokens and words kept, predicted columns filled.
    fn conllu(&self, text: &str, out: &mut Rendered) -> Result<u64, String> {
        let sentences = sokhan::conllu::parse(text).map_err(|e| format!("malformed CoNLL-U: {e}"))?;
        let mut offset = 0usize;
        let mut n = 0u64;
        for mut sentence in sentences {
            let (mut analysed, text) = sentence.to_doc_sentence(offset);
            self.pipeline.annotate(&mut analysed);
            self.pipeline.find_entities(&mut analysed, &text, offset);
            n += analysed.words().count() as u64;
            if self.format == OutFormat::Conllu {
                sentence.fill_from_doc(&analysed).map_err(|e| e.to_string())?;
                let mut s = String::new();
                sokhan::conllu::write_to(&mut s, std::slice::from_ref(&sentence)).expect("String write");
                out.bytes.extend_from_slice(s.as_bytes());
            } else {
                let doc = Document { normalized: String::new(), text, sentences: vec![analysed] };
                render_sentences(&doc, offset, self.format, out);
                offset += doc.text.len() + 1;
            }
        }
        Ok(n)
    }
}

/// Checks UTF-8 (SIMD-accelerated: Persian text is all multibyte, where the standard check is
/// slow enough to show in profiles).
fn utf8(bytes: &[u8], start: u64) -> Result<&str, Failure> {
    simdutf8::compat::from_utf8(bytes).map_err(|e| {
        let at = start + e.valid_up_to() as u64;
        // A piece at byte 0 of its source holds the source's first bytes (a UTF-16 BOM?).
        let hint = sokhan::error::utf8_conversion_hint(if start == 0 { bytes } else { &[] });
        Failure { offset: at, reason: format!("not valid UTF-8 at byte offset {at}: {hint}") }
    })
}

/// Renders the sentences of `doc` (spans counting from the document start; `doc.text` starts
/// at byte `offset` of it), marking where each starts.
pub fn render_sentences(doc: &Document, offset: usize, format: OutFormat, out: &mut Rendered) {
    for s in &doc.sentences {
        let text = &doc.text[s.span.start - offset..s.span.end - offset];
        out.marks.push(out.bytes.len());
        let buf = &mut out.bytes;
        match format {
            OutFormat::Json => {
                sentence_json(s, text, buf);
                buf.push(b'\n');
            }
            OutFormat::Jsonl => sentence_json(s, text, buf),
            OutFormat::Conllu => sentence_conllu(s, text, buf),
            OutFormat::Pretty => crate::output::sentence_pretty(s, text, buf),
            OutFormat::Tokens { .. } => unreachable!("tokens are rendered from segmentation"),
            OutFormat::EntitiesTable => entities_table(s, buf),
            OutFormat::EntitiesJson => entities_json(s, buf),
            OutFormat::NerConllu => {
                let mut c = s.clone();
                for (t, label) in c.tokens.iter_mut().zip(sokhan::entities::token_labels(s)) {
                    if let Some(w) = t.words.first_mut() {
                        let ner = format!("NER={}", label.name());
                        w.misc = if w.misc.is_empty() || w.misc == "_" { ner } else { format!("{}|{ner}", w.misc) };
                    }
                }
                sentence_conllu(&c, text, buf)
            }
        }
    }
}

/// One line per entity: `START..END  TYPE  TEXT  VALUE` (the value as JSON, `_` when none).
pub fn entities_table(s: &Sentence, out: &mut Vec<u8>) {
    use std::io::Write;
    for e in &s.entities {
        let text: String = e.text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let value = e.value.as_ref().map_or_else(|| "_".to_string(), |v| serde_json::to_string(v).expect("value JSON"));
        let _ = writeln!(out, "{}..{}\t{}\t\u{2068}{text}\u{2069}\t{value}", e.span.start, e.span.end, e.kind.name());
    }
}

/// One JSON object per entity a line: `{"start":…,"end":…,"type":…,"text":…,"value":…}`.
pub fn entities_json(s: &Sentence, out: &mut Vec<u8>) {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        start: usize,
        end: usize,
        #[serde(rename = "type")]
        kind: &'static str,
        text: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<&'a sokhan::entities::Value>,
    }
    for e in &s.entities {
        serde_json::to_writer(&mut *out, &Line { start: e.span.start, end: e.span.end, kind: e.kind.name(), text: &e.text, value: e.value.as_ref() }).expect("Vec write");
        out.push(b'\n');
    }
}

/// `{"span":…,"text":…,"tokens":[…]}` (the writer may splice fields in after the brace).
pub fn sentence_json(s: &Sentence, text: &str, out: &mut Vec<u8>) {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        span: sokhan::Span,
        text: &'a str,
        tokens: &'a [sokhan::Token],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        entities: &'a [sokhan::entities::Entity],
    }
    serde_json::to_writer(&mut *out, &Line { span: s.span, text, tokens: &s.tokens, entities: &s.entities }).expect("Vec write");
}

/// A CoNLL-U block without its `# sent_id` line (the writer numbers it); empty for a sentence
/// without tokens.
pub fn sentence_conllu(s: &Sentence, text: &str, out: &mut Vec<u8>) {
    let one = Document { text: text.to_string(), normalized: String::new(), sentences: vec![shifted(s)] };
    let block = sokhan::conllu::write_document(&one, None);
    let body = block.strip_prefix("# sent_id = 1\n").unwrap_or(&block);
    out.extend_from_slice(body.as_bytes());
}

/// A copy of `s` whose spans count from the sentence start (for writing it alone).
fn shifted(s: &Sentence) -> Sentence {
    let mut c = s.clone();
    let base = s.span.start;
    c.span = sokhan::Span::new(0, s.span.end - base);
    for t in &mut c.tokens {
        t.span = sokhan::Span::new(t.span.start - base, t.span.end - base);
        for w in &mut t.words {
            w.span = sokhan::Span::new(w.span.start - base, w.span.end - base);
        }
    }
    c
}

/// `sokhan tokenize` on one chunk: one sentence a line, tokens (or words) separated by spaces.
/// Returns the number of tokens (or words) written.
pub fn tokenize_chunk(pipeline: &Pipeline, chunk: &str, words: bool, original: bool, out: &mut Vec<u8>) -> u64 {
    let mut count = 0u64;
    // The output is about as long as the input (a space more here and there), so room for a
    // quarter more spares the doublings of a growing buffer (callgrind, `tokenize` of
    // `perdt-train-raw.txt`: 163 reallocations copying 3.7 M instructions' worth of bytes).
    out.reserve(chunk.len() + (chunk.len() >> 2) + 64);
    // Sentences are printed as they are found (no list of them is built). Without `words` only
    // token boundaries are shown, and clitics are analysed only where they move one.
    if words {
        pipeline.for_each_word_sentence(chunk, |normalized, tokens| write_sentence(chunk, normalized, tokens, true, original, out, &mut count));
    } else {
        pipeline.for_each_token_sentence(chunk, |normalized, tokens| write_sentence(chunk, normalized, tokens, false, original, out, &mut count));
    }
    count
}

/// Appends `src[r]` to `out`. Most tokens are under 16 bytes: copying a fixed 16-byte block
/// and truncating compiles to two moves instead of a call to `memcpy` with its branches on the
/// length (callgrind, `tokenize` of `perdt-train-raw.txt`: 2 % fewer instructions, a fifth fewer
/// indirect branches).
#[inline(always)]
fn push_short(out: &mut Vec<u8>, src: &[u8], r: std::ops::Range<usize>) {
    let len = r.len();
    if len <= 16 {
        if let Some(block) = src.get(r.start..).and_then(|b| b.first_chunk::<16>()) {
            let at = out.len();
            out.extend_from_slice(block);
            out.truncate(at + len);
            return;
        }
    }
    out.extend_from_slice(&src[r]);
}

/// Appends the original text of the normalized range `r` (`--original`). An original span may
/// hold a line break that normalization joined over; a word of a split token leaves out the
/// space that became its half-space. Kept out of line so that the loop of `tokenize` without
/// `--original` stays inlined (callgrind, segmentation and output of `perdt-train-raw.txt`:
/// 160.3 M instructions with this code inline, 150.3 M without).
#[inline(never)]
fn push_original(out: &mut Vec<u8>, chunk: &str, normalized: &Normalized, r: std::ops::Range<usize>, words: bool) {
    let piece = &chunk[if words { normalized.word_source_range(chunk, r) } else { normalized.source_range(r) }];
    out.extend(piece.bytes().map(|b| if b == b'\n' { b' ' } else { b }));
}

/// One line of `sokhan tokenize`: the sentence's tokens (or, with `words`, syntactic words)
/// separated by spaces.
fn write_sentence(chunk: &str, normalized: &Normalized, tokens: &[SegToken], words: bool, original: bool, out: &mut Vec<u8>, count: &mut u64) {
    if !words && !original {
        write_token_line(normalized.as_str().as_bytes(), tokens, out);
        *count += tokens.len() as u64;
        return;
    }
    let norm = normalized.as_str();
    // Appends one token or word (normalized byte range `r`), space-separated on its line.
    let mut push = |out: &mut Vec<u8>, first: bool, r: std::ops::Range<usize>| {
        if !first {
            out.push(b' ');
        }
        *count += 1;
        if original {
            push_original(out, chunk, normalized, r, words);
        } else {
            // Normalized tokens never contain whitespace.
            push_short(out, norm.as_bytes(), r);
        }
    };
    let mut first = true;
    for t in tokens {
        let parts = match &t.parts {
            Some(parts) if words => parts.as_slice(),
            _ => &[],
        };
        // As in the pipeline, a split that falls inside one original character (a
        // ligature) is not shown: each word's original span must be non-empty and start
        // at or after the previous one's end.
        let split_ok = !parts.is_empty() && {
            let mut prev_end = 0usize;
            let mut start = t.start as usize;
            parts.iter().all(|p| {
                let end = t.start as usize + p.end as usize;
                let span = normalized.source_range(start..end);
                let ok = !span.is_empty() && span.start >= prev_end;
                prev_end = span.end;
                start = end;
                ok
            })
        };
        if split_ok {
            let mut start = t.start as usize;
            for p in parts {
                let end = t.start as usize + p.end as usize;
                push(out, first, start..end);
                first = false;
                start = end;
            }
        } else {
            push(out, first, t.range());
            first = false;
        }
    }
    out.push(b'\n');
}

/// The line of `sokhan tokenize` (tokens, no `--words`, no `--original`): the tokens' normalized
/// text joined by single spaces. Neighbouring tokens are mostly one space apart in the
/// normalized text already (normalized tokens never hold whitespace), so each run of such tokens
/// is copied in one piece, and a space is written only where the gap is anything else (none, a
/// line break, several spaces). Callgrind, `tokenize` of `perdt-train-raw.txt`: the worker
/// runs 342.4 M instructions instead of 360.0 M copying token by token.
fn write_token_line(norm: &[u8], tokens: &[SegToken], out: &mut Vec<u8>) {
    let Some(first) = tokens.first() else {
        out.push(b'\n');
        return;
    };
    let (mut run_start, mut run_end) = (first.start as usize, first.end as usize);
    for t in &tokens[1..] {
        let (s, e) = (t.start as usize, t.end as usize);
        if s == run_end + 1 && norm[run_end] == b' ' {
            run_end = e;
        } else {
            out.extend_from_slice(&norm[run_start..run_end]);
            out.push(b' ');
            run_start = s;
            run_end = e;
        }
    }
    out.extend_from_slice(&norm[run_start..run_end]);
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::{push_short, write_token_line};
    use sokhan::segment::{SegToken, TokenKind};

    /// `write_token_line` writes exactly the tokens joined by single spaces, whatever lies
    /// between them in the normalized text: one space, several, a line break, nothing.
    #[test]
    fn token_line_joins_tokens_with_single_spaces() {
        let norm = "کتاب‌ها را  خواندم.\nو ab  c";
        let b = norm.as_bytes();
        let tok = |s: usize, e: usize| SegToken { start: s as u32, end: e as u32, kind: TokenKind::Word, space_before: false, parts: None };
        let bounds: Vec<usize> = (0..=b.len()).filter(|&i| norm.is_char_boundary(i)).collect();
        // The whitespace-separated words, and each of them cut in two at every char boundary.
        let mut words = Vec::new();
        let mut at = 0;
        for w in norm.split([' ', '\n']).filter(|w| !w.is_empty()) {
            let start = at + norm[at..].find(w).unwrap();
            words.push((start, start + w.len()));
            at = start + w.len();
        }
        let mut cases = vec![Vec::new(), words.clone()];
        for (k, &(s, e)) in words.iter().enumerate() {
            for &m in bounds.iter().filter(|&&m| s < m && m < e) {
                let mut c = words.clone();
                c.splice(k..=k, [(s, m), (m, e)]);
                cases.push(c);
            }
        }
        for case in cases {
            let tokens: Vec<SegToken> = case.iter().map(|&(s, e)| tok(s, e)).collect();
            let mut out = b"x".to_vec();
            write_token_line(b, &tokens, &mut out);
            let want: Vec<&[u8]> = case.iter().map(|&(s, e)| &b[s..e]).collect();
            assert_eq!(out, [b"x".as_slice(), &want.join(&b' '), b"\n"].concat(), "{case:?}");
        }
    }

    /// `push_short` appends exactly `src[r]`: short and long pieces, at the start, in the middle
    /// and at the very end of the source (where no 16-byte block is left to copy).
    #[test]
    fn push_short_appends_exactly_the_range() {
        let src = "کتاب‌های ما، abc 123 و یک واژهٔ بسیار بسیار بلند‌تر از شانزده بایت";
        let b = src.as_bytes();
        let bounds: Vec<usize> = (0..=b.len()).filter(|&i| src.is_char_boundary(i)).collect();
        for (k, &s) in bounds.iter().enumerate() {
            for &e in &bounds[k..] {
                let mut out = b"prefix ".to_vec();
                push_short(&mut out, b, s..e);
                let mut want = b"prefix ".to_vec();
                want.extend_from_slice(&b[s..e]);
                assert_eq!(out, want, "{s}..{e}");
            }
        }
    }
}
