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
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Text is cut at the last line break after this many bytes (as `input.rs` does).
pub const CHUNK: usize = 1 << 20;
/// The same for full analysis of a corpus: an analysed chunk is held as a `Document` (~60x
/// its size in memory) while it is rendered, so smaller chunks keep workers' memory down.
pub const ANALYSIS_CHUNK: usize = 256 << 10;
/// A line longer than this is cut at whitespace (or a character boundary) instead.
const MAX_LINE: usize = 16 << 20;
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
    Json(Vec<u8>),
    Conllu(Vec<u8>),
    /// The document could not be read: byte offset in the source and why.
    Failed { offset: u64, reason: String },
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
    let mut r = Reader { cfg, tickets, tx, batch: Vec::new(), batch_bytes: 0, seq: 0, next_doc: 0, hung_up: false };
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
        self.batch_bytes += match &item.body {
            Body::Text(b) | Body::Json(b) | Body::Conllu(b) => b.len(),
            Body::Failed { .. } => 0,
        };
        self.batch.push(item);
        if self.batch_bytes >= self.cfg.chunk || self.batch.len() >= BATCH_DOCS {
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
        if self.tx.send(batch).is_err() {
            self.hung_up = true;
        }
    }

    /// A text document, streamed in line-aligned chunks.
    fn text(&mut self, source: Arc<str>, id: Arc<str>, mut reader: Box<dyn Read>, size: Option<u64>) {
        if let (Some(max), Some(size)) = (self.cfg.max_text, size) {
            if size > max {
                self.failed(source, id, 0, 0, format!("document is {size} bytes, over --max-doc-bytes {max}"));
                return;
            }
        }
        let doc = self.take_doc();
        let chunk_size = self.cfg.chunk;
        let mut buf: Vec<u8> = Vec::with_capacity(chunk_size * 2);
        let mut offset = 0u64;
        let mut eof = false;
        let mut first = true;
        loop {
            let mut scanned = 0;
            while !eof && (buf.len() < chunk_size || (!has_newline(&buf, &mut scanned) && buf.len() < MAX_LINE)) {
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

    /// JSON Lines: every non-blank line is one document; lines are read with bounded memory.
    fn jsonl(&mut self, source: Arc<str>, reader: Box<dyn Read>) {
        let max = self.cfg.max_record as usize;
        let mut reader = BufReader::with_capacity(1 << 20, reader);
        let mut line_no = 0u64;
        let mut offset = 0u64;
        loop {
            line_no += 1;
            let start = offset;
            let mut line = Vec::new();
            let mut too_long = false;
            let mut ended = false;
            loop {
                let buf = match reader.fill_buf() {
                    Ok(b) => b,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let id: Arc<str> = line_no.to_string().into();
                        self.failed(source.clone(), id, line_no, offset, format!("cannot read: {e}"));
                        return;
                    }
                };
                if buf.is_empty() {
                    ended = true;
                    break;
                }
                let (take, done) = match memchr_newline(buf) {
                    Some(i) => (i + 1, true),
                    None => (buf.len(), false),
                };
                if !too_long {
                    if line.len() + take > max + 1 {
                        too_long = true;
                        line = Vec::new();
                    } else {
                        line.extend_from_slice(&buf[..take]);
                    }
                }
                reader.consume(take);
                offset += take as u64;
                if done {
                    break;
                }
            }
            if offset == start && ended {
                return;
            }
            if too_long {
                let id: Arc<str> = line_no.to_string().into();
                self.failed(source.clone(), id, line_no, start, format!("record is over --max-doc-bytes {max}"));
            } else if !line.iter().all(u8::is_ascii_whitespace) {
                let doc = self.take_doc();
                if doc >= self.cfg.skip_docs {
                    let id: Arc<str> = line_no.to_string().into();
                    let item = Item { doc, source: source.clone(), id, line: line_no, start, doc_offset: 0, first: true, last: true, body: Body::Json(line) };
                    self.push(item);
                }
            }
            if ended || self.hung_up {
                return;
            }
        }
    }
}

fn memchr_newline(buf: &[u8]) -> Option<usize> {
    buf.iter().position(|&b| b == b'\n')
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

/// Where to end a chunk: after the last line break; else after the last ASCII whitespace;
/// else before the last (possibly incomplete) character.
pub fn cut_point(buf: &[u8]) -> usize {
    if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
        return i + 1;
    }
    if let Some(i) = buf.iter().rposition(|&b| b == b' ' || b == b'\t') {
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
