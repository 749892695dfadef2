//! The workers: one piece of input in, its rendered output (or why it failed) out.
//!
//! Output is rendered here, in parallel, without sentence numbers: `marks` records where each
//! sentence starts, and the ordered writer puts the numbering (and document framing) in.

use super::source::{Body, Item, Rec};
use super::{jsonl, OutFormat};
use sokhan::{Document, Pipeline, Sentence};
use std::io::Write;
use std::sync::Arc;

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
}

impl Worker<'_> {
    /// Processes the items of one batch, in order.
    pub fn process_batch(&self, items: Vec<Item>) -> Vec<Piece> {
        let mut pieces = Vec::with_capacity(items.len());
        for item in items {
            match item.body {
                Body::Records(r) => {
                    for rec in r.recs {
                        pieces.push(self.record(&item.source, &r.data, rec));
                    }
                }
                _ => pieces.push(self.process(item)),
            }
        }
        pieces
    }

    /// One JSON Lines record (`data` holds its line).
    fn record(&self, source: &Arc<str>, data: &[u8], rec: Rec) -> Piece {
        let Rec { doc, line, start, from, to, fail } = rec;
        let mut id: Option<String> = None;
        let mut words = 0u64;
        let result = match fail {
            Some((offset, reason)) => Err(Failure { offset, reason }),
            None => {
                let run = std::panic::AssertUnwindSafe(|| self.json(&data[from..to], start, &mut id, &mut words));
                match std::panic::catch_unwind(run) {
                    Ok(r) => r,
                    Err(_) => Err(Failure { offset: start, reason: "internal error: the analysis panicked (please report this document)".into() }),
                }
            }
        };
        let id: Arc<str> = match id {
            Some(given) => given.into(),
            None => line.to_string().into(),
        };
        Piece { doc, source: source.clone(), id, line, first: true, last: true, result, words }
    }

    /// Renders one JSON Lines record (its line, at byte `start` of its source); `id` receives
    /// the id it gives.
    fn json(&self, line: &[u8], start: u64, id: &mut Option<String>, words: &mut u64) -> Result<Rendered, Failure> {
        let mut out = Rendered::default();
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        let line = utf8(line.strip_suffix(b"\r").unwrap_or(line), start)?;
        let record = jsonl::parse(line, self.text_field, self.id_field).map_err(|reason| Failure { offset: start, reason })?;
        *id = record.id;
        *words = self.text(&record.text, 0, &mut out);
        Ok(out)
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
                    Err(_) => Err(Failure { offset: start, reason: "internal error: the analysis panicked (please report this document)".into() }),
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
        Failure { offset: at, reason: format!("not valid UTF-8 at byte offset {at}: convert it to UTF-8 first (e.g. `iconv -f WINDOWS-1256 -t UTF-8`)") }
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
        }
    }
}

/// `{"span":…,"text":…,"tokens":[…]}` (the writer may splice fields in after the brace).
pub fn sentence_json(s: &Sentence, text: &str, out: &mut Vec<u8>) {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        span: sokhan::Span,
        text: &'a str,
        tokens: &'a [sokhan::Token],
    }
    serde_json::to_writer(&mut *out, &Line { span: s.span, text, tokens: &s.tokens }).expect("Vec write");
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
    let (normalized, sentences) = pipeline.segment(chunk);
    let norm = normalized.as_str();
    let mut count = 0u64;
    for s in &sentences {
        let line_start = out.len();
        for t in &s.tokens {
            let mut push = |r: std::ops::Range<usize>| {
                if out.len() > line_start {
                    out.push(b' ');
                }
                count += 1;
                if original {
                    // An original span may hold a line break that normalization joined over.
                    let piece = &chunk[normalized.source_range(r)];
                    out.extend(piece.bytes().map(|b| if b == b'\n' { b' ' } else { b }));
                } else {
                    // Normalized tokens never contain whitespace.
                    out.extend_from_slice(norm[r].as_bytes());
                }
            };
            // As in the pipeline, a split that falls inside one original character (a
            // ligature) is not shown.
            let split_ok = || {
                let spans: Vec<_> = t.words().into_iter().map(|(r, _)| normalized.source_range(r)).collect();
                spans.iter().all(|s| !s.is_empty()) && spans.windows(2).all(|w| w[1].start >= w[0].end)
            };
            if words && t.parts.is_some() && split_ok() {
                for (r, _) in t.words() {
                    push(r);
                }
            } else {
                push(t.range());
            }
        }
        out.write_all(b"\n").expect("Vec write");
    }
    count
}
