//! The reader thread: turns the inputs into numbered documents and cuts them into batches.
//!
//! Documents are numbered in input order: positional inputs in the order given; a directory's
//! files in sorted order, recursively, hidden entries (names starting with `.`) skipped; a
//! glob's matches in sorted order. A text or CoNLL-U file is one document; a JSON Lines file
//! holds one document per non-blank line. Bytes are not decoded here (the workers check
//! UTF-8), so this thread stays light.

use super::InputFormat;
use anyhow::{bail, Result};
use crossbeam_channel::{Receiver, Sender};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Text is cut at the last line break after this many bytes (as `input.rs` does). 256 KiB rather
/// than 1 MiB: a chunk's buffers (text, normalized text, tokens, output) stay in the L2 cache and
/// fewer fresh pages are touched (`sokhan tokenize` on the 3.8 MB PerDT raw text: 5,850 page
/// faults instead of 8,300, `perf stat -r 30`).
pub const CHUNK: usize = 256 << 10;
/// The same for full analysis of a corpus: an analysed chunk is held as a `Document` (~60x
/// its size in memory) while it is rendered, so small chunks keep workers' memory down.
pub const ANALYSIS_CHUNK: usize = 256 << 10;
/// A line longer than `ReaderConfig::max_line`, and never longer than this, is cut at
/// whitespace (or a character boundary) instead.
const MAX_LINE: usize = 16 << 20;
/// The UTF-8 byte order mark, skipped at the start of a text file.
const BOM: &[u8] = b"\xEF\xBB\xBF";
/// `ReaderConfig::max_line` for tokenization (little memory per byte).
pub const TOKENS_MAX_LINE: usize = 1 << 20;
/// A batch is sent once it holds a chunk's worth of bytes (`ReaderConfig::chunk`) or this many
/// documents: big enough that channel hand-offs stay rare (1,500 context switches per 100 MB of
/// JSON Lines instead of 4,600 with 256 KB batches).
const BATCH_DOCS: usize = 4096;

/// One piece of work: a whole document, or one chunk of a large text document.
pub struct Item {
    /// Document number in input order (from 0).
    pub doc: u64,
    /// The file it comes from, as shown in reports.
    pub source: Arc<str>,
    /// The document id; for JSON Lines it is read from the record by the worker.
    pub id: Arc<str>,
    /// Line number in `source` (JSON Lines), else 0.
    pub line: u64,
    /// Byte offset of this piece in `source`.
    pub start: u64,
    /// Byte offset of this piece in its document (spans are shifted by it).
    pub doc_offset: u64,
    /// First and last piece of the document.
    pub first: bool,
    pub last: bool,
    pub body: Body,
}

/// What a piece holds.
pub enum Body {
    Text(Vec<u8>),
    /// JSON Lines records, many documents (the item's own fields are those of the first).
    Records(Records),
    Conllu(Vec<u8>),
    /// The document could not be read: byte offset in the source and why.
    Failed { offset: u64, reason: String },
}

/// Whole lines of a JSON Lines file, each non-blank one a document.
pub struct Records {
    /// The lines, newlines included (a line over the limit is not held).
    pub data: Vec<u8>,
    pub recs: Vec<Rec>,
}

/// One JSON Lines record.
pub struct Rec {
    /// Document number.
    pub doc: u64,
    /// Line number in the source (from 1).
    pub line: u64,
    /// Byte offset of the line in the source.
    pub start: u64,
    /// The line is `data[from..to]`.
    pub from: usize,
    pub to: usize,
    /// The record cannot be read: byte offset in the source and why.
    pub fail: Option<(u64, String)>,
}

/// Consecutive pieces, numbered by `seq` in input order.
pub struct Batch {
    pub seq: u64,
    pub items: Vec<Item>,
    /// Input bytes (for progress).
    pub bytes: u64,
}

/// What the reader needs to know.
pub struct ReaderConfig {
    pub inputs: Vec<PathBuf>,
    pub format: InputFormat,
    /// Limit for text documents (None: streamed, unlimited).
    pub max_text: Option<u64>,
    /// Limit for JSON Lines records and CoNLL-U files.
    pub max_record: u64,
    /// Documents already done by an interrupted run.
    pub skip_docs: u64,
    /// Text chunk size (cut at the last line break after it).
    pub chunk: usize,
    /// A line longer than this is cut, between sentences when it can be (at most 16 MiB).
    pub max_line: usize,
}

/// Whether `p` looks like a glob pattern.
pub fn is_glob(p: &Path) -> bool {
    p.to_str().is_some_and(|s| s.contains(['*', '?', '[']))
}

/// Checks that every input exists (or is a glob that matches something), before any work.
pub fn check_inputs(inputs: &[PathBuf]) -> Result<()> {
    for p in inputs {
        if p.as_os_str() == "-" || p.exists() {
            continue;
        }
        if is_glob(p) {
            let pattern = p.to_str().unwrap_or_default();
            let mut paths = glob::glob_with(pattern, glob_options())
                .map_err(|e| anyhow::anyhow!("invalid pattern {pattern:?}: {e}"))?;
            if paths.next().is_none() {
                bail!("no file matches {pattern:?}");
            }
            continue;
        }
        bail!("cannot open {}: no such file or directory", p.display());
    }
    Ok(())
}

fn glob_options() -> glob::MatchOptions {
    glob::MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: true }
}

/// Calls `f(path, id)` for every file the inputs name, in document order; unreadable entries
/// come as `Err((name, reason))`.
pub fn for_each_file(inputs: &[PathBuf], mut f: impl FnMut(std::result::Result<(PathBuf, String), (String, String)>) -> bool) {
    for input in inputs {
        if input.as_os_str() == "-" {
            if !f(Ok((input.clone(), "-".into()))) {
                return;
            }
        } else if input.is_dir() {
            if !walk(input, &mut f) {
                return;
            }
        } else if !input.exists() && is_glob(input) {
            let Ok(paths) = glob::glob_with(input.to_str().unwrap_or_default(), glob_options()) else { continue };
            for p in paths {
                let go = match p {
                    Ok(p) if p.is_dir() => walk(&p, &mut f),
                    Ok(p) if p.metadata().is_ok_and(|m| !m.is_file()) => f(Err((p.display().to_string(), NOT_A_FILE.into()))),
                    Ok(p) => {
                        let id = p.display().to_string();
                        f(Ok((p, id)))
                    }
                    Err(e) => f(Err((e.path().display().to_string(), e.error().to_string()))),
                };
                if !go {
                    return;
                }
            }
        } else if !f(Ok((input.clone(), input.display().to_string()))) {
            return;
        }
    }
}

/// Why an entry of a directory or glob that is not a regular file is not read.
const NOT_A_FILE: &str = "not a regular file (a FIFO, socket or device): skipped";

/// Files under `root`, sorted, hidden entries skipped; ids relative to `root`.
fn walk(root: &Path, f: &mut impl FnMut(std::result::Result<(PathBuf, String), (String, String)>) -> bool) -> bool {
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for e in entries {
        let go = match e {
            Ok(e) if e.file_type().is_dir() => true,
            // Reading a FIFO would wait for a writer forever, a device might never end: inside a
            // directory only regular files are documents (named on the command line, anything
            // readable is, e.g. `<(zcat news.gz)`).
            Ok(e) if !e.file_type().is_file() => f(Err((e.path().display().to_string(), NOT_A_FILE.into()))),
            Ok(e) => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                let id = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                f(Ok((e.into_path(), id)))
            }
            Err(err) => {
                let name = err.path().map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                f(Err((name, err.to_string())))
            }
        };
        if !go {
            return false;
        }
    }
    true
}

/// Sum of the sizes of every input file (None when standard input is among them).
pub fn total_bytes(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = Some(0u64);
    for_each_file(inputs, |entry| {
        match entry {
            Ok((p, _)) if p.as_os_str() == "-" => total = None,
            Ok((p, _)) => {
                if let Some(t) = &mut total {
                    *t += std::fs::metadata(&p).map_or(0, |m| m.len());
                }
            }
            Err(_) => {}
        }
        total.is_some()
    });
    total
}

/// Reads every input and sends batches until done (or until the writer hangs up).
pub fn read_all(cfg: &ReaderConfig, tickets: &Receiver<()>, tx: &Sender<Batch>) -> Result<()> {
    let mut r = Reader { cfg, tickets, tx, batch: Vec::new(), batch_bytes: 0, batch_docs: 0, seq: 0, next_doc: 0, hung_up: false };
    for_each_file(&cfg.inputs, |entry| {
        match entry {
            Ok((path, id)) => r.file(&path, id.into()),
            Err((name, reason)) => {
                let name: Arc<str> = name.into();
                r.failed(name.clone(), name, 0, 0, format!("cannot read: {reason}"));
            }
        }
        !r.hung_up
    });
    r.flush();
    Ok(())
}

struct Reader<'a> {
    cfg: &'a ReaderConfig,
    tickets: &'a Receiver<()>,
    tx: &'a Sender<Batch>,
    batch: Vec<Item>,
    batch_bytes: usize,
    /// Documents in `batch`.
    batch_docs: usize,
    seq: u64,
    next_doc: u64,
    hung_up: bool,
}

impl Reader<'_> {
    fn file(&mut self, path: &Path, id: Arc<str>) {
        let stdin = path.as_os_str() == "-";
        let source: Arc<str> = if stdin { "standard input".into() } else { path.display().to_string().into() };
        // A text or CoNLL-U file is one document: skip it unread when already done.
        if self.cfg.format != InputFormat::Jsonl && self.next_doc < self.cfg.skip_docs {
            self.next_doc += 1;
            return;
        }
        let reader: Box<dyn Read> = if stdin {
            Box::new(io::stdin().lock())
        } else {
            match File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    // For JSON Lines the records cannot be counted: the file counts as one
                    // failed document.
                    self.failed(source, id, 0, 0, format!("cannot open: {e}"));
                    return;
                }
            }
        };
        let size = if stdin { None } else { std::fs::metadata(path).ok().map(|m| m.len()) };
        match self.cfg.format {
            InputFormat::Text => self.text(source, id, reader, size),
            InputFormat::Conllu => self.conllu(source, id, reader, size),
            InputFormat::Jsonl => self.jsonl(source, reader),
        }
    }

    /// Reports one whole document as failed.
    fn failed(&mut self, source: Arc<str>, id: Arc<str>, line: u64, offset: u64, reason: String) {
        let doc = self.take_doc();
        if doc < self.cfg.skip_docs {
            return;
        }
        self.push(Item { doc, source, id, line, start: offset, doc_offset: 0, first: true, last: true, body: Body::Failed { offset, reason } });
    }

    fn take_doc(&mut self) -> u64 {
        self.next_doc += 1;
        self.next_doc - 1
    }

    fn push(&mut self, item: Item) {
        let bytes = match &item.body {
            Body::Text(b) | Body::Conllu(b) => b.len(),
            Body::Records(r) => r.data.len(),
            Body::Failed { .. } => 0,
        };
        self.push_sized(item, bytes);
    }

    /// Adds `item` (holding `bytes` bytes of input) to the batch.
    fn push_sized(&mut self, item: Item, bytes: usize) {
        self.batch_bytes += bytes;
        self.batch_docs += match &item.body {
            Body::Records(r) => r.recs.len(),
            _ => 1,
        };
        self.batch.push(item);
        if self.batch_bytes >= self.cfg.chunk || self.batch_docs >= BATCH_DOCS {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() || self.hung_up {
            return;
        }
        // Back-pressure: wait for the writer to free a slot.
        if self.tickets.recv().is_err() {
            self.hung_up = true;
            return;
        }
        let items = std::mem::take(&mut self.batch);
        let batch = Batch { seq: self.seq, items, bytes: self.batch_bytes as u64 };
        self.seq += 1;
        self.batch_bytes = 0;
        self.batch_docs = 0;
        if self.tx.send(batch).is_err() {
            self.hung_up = true;
        }
    }

    /// A text document, streamed in line-aligned chunks.
    fn text(&mut self, source: Arc<str>, id: Arc<str>, reader: Box<dyn Read>, size: Option<u64>) {
        if let (Some(max), Some(size)) = (self.cfg.max_text, size) {
            if size > max {
                self.failed(source, id, 0, 0, format!("document is {size} bytes, over --max-doc-bytes {max}"));
                return;
            }
        }
        let doc = self.take_doc();
        let chunk_size = self.cfg.chunk;
        let max_line = self.cfg.max_line.clamp(chunk_size, MAX_LINE);
        let mut buf: Vec<u8> = Vec::with_capacity(chunk_size * 2);
        // A byte order mark is the file's encoding signature, not text: skipped, and spans
        // still count from the start of the file.
        let (mut reader, mut offset) = skip_bom(reader);
        let mut eof = false;
        let mut first = true;
        loop {
            let mut scanned = 0;
            while !eof && (buf.len() < chunk_size || (!has_newline(&buf, &mut scanned) && buf.len() < max_line)) {
                let start = buf.len();
                buf.resize(start + chunk_size, 0);
                match read_some(&mut reader, &mut buf[start..]) {
                    Ok(n) => {
                        buf.truncate(start + n);
                        eof = n == 0;
                    }
                    Err(e) => {
                        buf.truncate(start);
                        let at = offset + buf.len() as u64;
                        let body = Body::Failed { offset: at, reason: format!("cannot read: {e}") };
                        self.push(Item { doc, source, id, line: 0, start: at, doc_offset: at, first, last: true, body });
                        return;
                    }
                }
            }
            let cut = if eof { buf.len() } else { cut_point(&buf) };
            if let Some(max) = self.cfg.max_text {
                if offset + cut as u64 > max {
                    let body = Body::Failed { offset: max, reason: format!("document is over --max-doc-bytes {max}") };
                    self.push(Item { doc, source, id, line: 0, start: offset, doc_offset: offset, first, last: true, body });
                    return;
                }
            }
            let mut rest = buf.split_off(cut);
            let last = eof && rest.is_empty();
            rest.reserve(chunk_size * 2);
            let chunk = std::mem::replace(&mut buf, rest);
            let item = Item { doc, source: source.clone(), id: id.clone(), line: 0, start: offset, doc_offset: offset, first, last, body: Body::Text(chunk) };
            self.push(item);
            offset += cut as u64;
            first = false;
            if last || self.hung_up {
                return;
            }
        }
    }

    /// A CoNLL-U document, read whole (up to the record limit).
    fn conllu(&mut self, source: Arc<str>, id: Arc<str>, reader: Box<dyn Read>, size: Option<u64>) {
        let max = self.cfg.max_record;
        if size.is_some_and(|s| s > max) {
            let size = size.unwrap_or_default();
            self.failed(source, id, 0, 0, format!("document is {size} bytes, over --max-doc-bytes {max}"));
            return;
        }
        let mut bytes = Vec::new();
        match reader.take(max + 1).read_to_end(&mut bytes) {
            Err(e) => self.failed(source, id, 0, bytes.len() as u64, format!("cannot read: {e}")),
            Ok(_) if bytes.len() as u64 > max => self.failed(source, id, 0, max, format!("document is over --max-doc-bytes {max}")),
            Ok(_) => {
                let doc = self.take_doc();
                self.push(Item { doc, source, id, line: 0, start: 0, doc_offset: 0, first: true, last: true, body: Body::Conllu(bytes) });
            }
        }
    }

    /// JSON Lines: every non-blank line is one document. The file is read in blocks of about a
    /// chunk, cut after the last whole line: a block goes to a worker as it is (no copy per
    /// record; the worker decodes the JSON), with where each record lies in it. Memory stays
    /// bounded: a line longer than the record limit is skipped, not held.
    fn jsonl(&mut self, source: Arc<str>, reader: Box<dyn Read>) {
        let max = self.cfg.max_record as usize;
        let chunk = self.cfg.chunk;
        let mut buf: Vec<u8> = Vec::with_capacity(chunk + (chunk >> 3));
        // Source offset of `buf[0]`; lines before `pos` are handled; no newline in `pos..scanned`.
        let (mut reader, mut base) = skip_bom(reader);
        let (mut pos, mut scanned) = (0usize, 0usize);
        let mut line_no = 0u64;
        let mut recs: Vec<Rec> = Vec::new();
        let mut rec_bytes = 0usize;
        let mut eof = false;
        loop {
            // Every whole line in the buffer.
            let mut full = false;
            while let Some(i) = memchr::memchr(b'\n', &buf[scanned..]) {
                let end = scanned + i + 1;
                line_no += 1;
                self.record(&buf[pos..end], pos, base, line_no, max, &mut recs, &mut rec_bytes);
                (pos, scanned) = (end, end);
                if recs.len() + self.batch_docs >= BATCH_DOCS {
                    full = true;
                    break;
                }
            }
            if !full {
                scanned = buf.len();
            }
            if eof && !full {
                // The last line may lack its newline.
                if pos < buf.len() {
                    line_no += 1;
                    self.record(&buf[pos..], pos, base, line_no, max, &mut recs, &mut rec_bytes);
                    pos = buf.len();
                }
                self.ship(&source, &mut buf, &mut recs, &mut rec_bytes, pos, false);
                return;
            }
            if full || pos + self.batch_bytes >= chunk {
                self.ship(&source, &mut buf, &mut recs, &mut rec_bytes, pos, true);
                (base, scanned, pos) = (base + pos as u64, scanned - pos, 0);
                if self.hung_up {
                    return;
                }
                if full {
                    continue;
                }
            }
            if buf.len() - pos > max + 1 {
                // A line over the limit: skip to its end, keeping nothing, and report it.
                self.ship(&source, &mut buf, &mut recs, &mut rec_bytes, pos, false);
                (base, pos) = (base + pos as u64, 0);
                line_no += 1;
                let start = base;
                let (skipped, end, err) = skip_line(&mut reader, &mut buf, chunk);
                base += skipped;
                (scanned, eof) = (0, end);
                if let Some(e) = err {
                    let id: Arc<str> = line_no.to_string().into();
                    self.failed(source.clone(), id, line_no, base, format!("cannot read: {e}"));
                    return;
                }
                let doc = self.take_doc();
                if doc >= self.cfg.skip_docs {
                    let fail = Some((start, format!("record is over --max-doc-bytes {max}")));
                    recs.push(Rec { doc, line: line_no, start, from: 0, to: 0, fail });
                }
                continue;
            }
            // Read more: up to a chunk in all, or another chunk when one line is longer.
            // (`read_to_end` reads into the spare capacity without zeroing it first.)
            let want = if buf.len() < chunk { chunk - buf.len() } else { chunk };
            buf.reserve(want);
            match (&mut reader).take(want as u64).read_to_end(&mut buf) {
                Ok(n) => eof = n < want,
                Err(e) => {
                    // The whole lines read so far go; the line being read fails.
                    let at = base + buf.len() as u64;
                    self.ship(&source, &mut buf, &mut recs, &mut rec_bytes, pos, false);
                    let id: Arc<str> = (line_no + 1).to_string().into();
                    self.failed(source.clone(), id, line_no + 1, at, format!("cannot read: {e}"));
                    return;
                }
            }
        }
    }

    /// One line (with its newline, if any) at `at` in the block starting at source offset `base`.
    #[allow(clippy::too_many_arguments)]
    fn record(&mut self, line: &[u8], at: usize, base: u64, line_no: u64, max: usize, recs: &mut Vec<Rec>, bytes: &mut usize) {
        if line.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let doc = self.take_doc();
        if doc < self.cfg.skip_docs {
            return;
        }
        let start = base + at as u64;
        if line.len() > max + 1 {
            recs.push(Rec { doc, line: line_no, start, from: at, to: at, fail: Some((start, format!("record is over --max-doc-bytes {max}"))) });
        } else {
            *bytes += line.len();
            recs.push(Rec { doc, line: line_no, start, from: at, to: at + line.len(), fail: None });
        }
    }

    /// Sends the records of `buf[..pos]` as one piece of work (none when there are none); the
    /// rest of `buf` (a line being read) stays, moved to the front. `full`: the batch is sent.
    fn ship(&mut self, source: &Arc<str>, buf: &mut Vec<u8>, recs: &mut Vec<Rec>, bytes: &mut usize, pos: usize, full: bool) {
        if recs.is_empty() {
            // Blank lines, or documents done before a resume: nothing to send.
            buf.drain(..pos);
        } else {
            let mut rest = Vec::with_capacity(buf.len() - pos + self.cfg.chunk + (self.cfg.chunk >> 3));
            rest.extend_from_slice(&buf[pos..]);
            let mut data = std::mem::replace(buf, rest);
            data.truncate(pos);
            let recs = std::mem::take(recs);
            let first = &recs[0];
            let (doc, line, start) = (first.doc, first.line, first.start);
            let id: Arc<str> = source.clone();
            let item = Item { doc, source: source.clone(), id, line, start, doc_offset: 0, first: true, last: true, body: Body::Records(Records { data, recs }) };
            self.push_sized(item, std::mem::take(bytes));
            if full {
                self.flush();
            }
        }
        *bytes = 0;
    }
}

/// Reads past the end of an over-long line whose start is in `buf` (discarded): afterwards
/// `buf` holds what followed its newline. Returns the bytes discarded, whether the input ended,
/// and a read error, if any.
fn skip_line(reader: &mut dyn Read, buf: &mut Vec<u8>, chunk: usize) -> (u64, bool, Option<io::Error>) {
    let mut skipped = 0u64;
    loop {
        if let Some(i) = memchr::memchr(b'\n', buf) {
            skipped += (i + 1) as u64;
            buf.drain(..=i);
            return (skipped, false, None);
        }
        skipped += buf.len() as u64;
        buf.clear();
        buf.resize(chunk, 0);
        match read_some(reader, buf) {
            Ok(n) => {
                buf.truncate(n);
                if n == 0 {
                    return (skipped, true, None);
                }
            }
            Err(e) => {
                buf.clear();
                return (skipped, false, Some(e));
            }
        }
    }
}

pub fn read_some(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// Whether `buf[*scanned..]` holds a line break; advances `*scanned` past what was checked.
pub fn has_newline(buf: &[u8], scanned: &mut usize) -> bool {
    let found = buf[*scanned..].contains(&b'\n');
    *scanned = buf.len();
    found
}

/// `reader` without a leading byte order mark, and how many bytes were skipped (0 or 3).
fn skip_bom(mut reader: Box<dyn Read>) -> (Box<dyn Read>, u64) {
    let mut head = Vec::with_capacity(BOM.len());
    let got = (&mut reader).take(BOM.len() as u64).read_to_end(&mut head);
    if got.is_ok() && head == BOM {
        return (reader, BOM.len() as u64);
    }
    // Not a mark (or a read error, which the caller meets again): the bytes go back in front.
    (Box::new(io::Cursor::new(head).chain(reader)), 0)
}

/// Where to end a chunk: after the last line break; else after the last whitespace that follows
/// a sentence-final mark the segmenter ends sentences at (`. ! ? ؟ ۔` alone, not `...` or `…`),
/// so that a very long line is cut between sentences; else after the last ASCII whitespace;
/// else before the last (possibly incomplete) character.
pub fn cut_point(buf: &[u8]) -> usize {
    if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
        return i + 1;
    }
    let blank = |b: u8| b == b' ' || b == b'\t';
    let after_final = |i: usize| match &buf[..i] {
        [.., b'.' | b'!' | b'?', b'.' | b'!' | b'?'] => false,
        [.., b'.' | b'!' | b'?'] => true,
        [.., 0xD8, 0x9F] => true, // ؟
        [.., 0xDB, 0x94] => true, // ۔
        _ => false,
    };
    if let Some(i) = (1..buf.len()).rev().find(|&i| blank(buf[i]) && after_final(i)) {
        return i + 1;
    }
    if let Some(i) = buf.iter().rposition(|&b| blank(b)) {
        return i + 1;
    }
    let mut i = buf.len();
    while i > 0 && (buf[i - 1] & 0xC0) == 0x80 {
        i -= 1;
    }
    if i > 0 {
        i - 1
    } else {
        buf.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_at_a_line_break_else_between_sentences_else_at_whitespace() {
        assert_eq!(cut_point("یک. دو\nسه. چهار".as_bytes()), "یک. دو\n".len());
        assert_eq!(cut_point("یک. دو؟ سه چهار".as_bytes()), "یک. دو؟ ".len());
        // Not after an ellipsis, which the segmenter does not end sentences at.
        assert_eq!(cut_point("یک. دو… سه".as_bytes()), "یک. ".len());
        assert_eq!(cut_point("یک. دو... سه چهار".as_bytes()), "یک. ".len());
        assert_eq!(cut_point("یک ۔ دو سه".as_bytes()), "یک ۔ ".len());
        assert_eq!(cut_point("یک 1.5 دو سه".as_bytes()), "یک 1.5 دو ".len());
        assert_eq!(cut_point(b"x. "), 3);
        // No whitespace: before the last character, which may be incomplete.
        assert_eq!(cut_point("سلام".as_bytes()), "سلا".len());
        assert_eq!(cut_point(b". "), 2);
        assert_eq!(cut_point(b" "), 1);
    }

    /// (doc, line, offset, line bytes or failure) for each record.
    type Got = Vec<(u64, u64, u64, std::result::Result<Vec<u8>, String>)>;

    /// What the reader makes of a JSON Lines input.
    fn read(input: &[u8], chunk: usize, max: u64, skip: u64) -> Got {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, input).unwrap();
        let cfg = ReaderConfig { inputs: vec![path], format: InputFormat::Jsonl, max_text: None, max_record: max, skip_docs: skip, chunk, max_line: MAX_LINE };
        let (ticket_tx, ticket_rx) = crossbeam_channel::unbounded();
        for _ in 0..input.len() + 2 {
            ticket_tx.send(()).unwrap();
        }
        let (tx, rx) = crossbeam_channel::unbounded();
        read_all(&cfg, &ticket_rx, &tx).unwrap();
        drop(tx);
        let mut out = Vec::new();
        for (i, batch) in rx.iter().enumerate() {
            assert_eq!(batch.seq, i as u64);
            for item in batch.items {
                match item.body {
                    Body::Records(r) => {
                        for rec in r.recs {
                            let got = match rec.fail {
                                Some((at, why)) => Err(format!("{at} {why}")),
                                None => Ok(r.data[rec.from..rec.to].to_vec()),
                            };
                            out.push((rec.doc, rec.line, rec.start, got));
                        }
                    }
                    Body::Failed { offset, reason } => out.push((item.doc, item.line, item.start, Err(format!("{offset} {reason}")))),
                    _ => panic!("JSON Lines gives records"),
                }
            }
        }
        out
    }

    /// The same, line by line.
    fn naive(input: &[u8], max: u64, skip: u64) -> Got {
        let mut out = Vec::new();
        let (mut offset, mut doc) = (0u64, 0u64);
        for (i, line) in input.split_inclusive(|&b| b == b'\n').enumerate() {
            let start = offset;
            offset += line.len() as u64;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            doc += 1;
            if doc <= skip {
                continue;
            }
            let got = if line.len() as u64 > max + 1 { Err(format!("{start} record is over --max-doc-bytes {max}")) } else { Ok(line.to_vec()) };
            out.push((doc - 1, i as u64 + 1, start, got));
        }
        out
    }

    #[test]
    fn json_lines_blocks_hold_the_same_records_as_lines_for_any_block_size() {
        let mut input = Vec::new();
        for i in 0..60 {
            let text = "متن ".repeat(i % 7);
            input.extend_from_slice(format!("{{\"id\":{i},\"text\":\"{text}\"}}").as_bytes());
            input.extend_from_slice(match i % 5 {
                0 => b"\r\n" as &[u8],
                1 => b"\n\n  \n",
                _ => b"\n",
            });
        }
        let mut unterminated = input.clone();
        unterminated.extend_from_slice(b"{\"text\":\"last\"}");
        let mut long_last = input.clone();
        long_last.extend_from_slice(&[b'x'; 90]);
        for input in [&input, &unterminated, &long_last] {
            for chunk in [1, 2, 7, 30, 64, 100, 1000, 1 << 20] {
                for max in [1, 20, 40, 60, 1 << 20] {
                    for skip in [0, 1, 13] {
                        assert_eq!(read(input, chunk, max, skip), naive(input, max, skip), "chunk {chunk}, max {max}, skip {skip}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_batch_holds_at_most_batch_docs_records() {
        let input = b"{}\n".repeat(BATCH_DOCS * 2 + 5);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, &input).unwrap();
        let cfg = ReaderConfig { inputs: vec![path], format: InputFormat::Jsonl, max_text: None, max_record: 100, skip_docs: 0, chunk: 1 << 20, max_line: MAX_LINE };
        let (ticket_tx, ticket_rx) = crossbeam_channel::unbounded();
        for _ in 0..10 {
            ticket_tx.send(()).unwrap();
        }
        let (tx, rx) = crossbeam_channel::unbounded();
        read_all(&cfg, &ticket_rx, &tx).unwrap();
        drop(tx);
        let sizes: Vec<usize> = rx.iter().map(|b| b.items.iter().map(|i| if let Body::Records(r) = &i.body { r.recs.len() } else { 1 }).sum()).collect();
        assert_eq!(sizes, [BATCH_DOCS, BATCH_DOCS, 5]);
    }
}
