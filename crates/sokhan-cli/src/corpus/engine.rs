//! Threads, back-pressure, the reorder buffer and the writer.

use super::sink::{self, Checkpoint, ErrorEntry, Errors, Out};
use super::source::{self, Batch, ReaderConfig};
use super::frame::{self, Numbering};
use super::work::{DocDone, Done, Entry, Piece, Worker};
use super::{CorpusArgs, InputFormat, OutFormat};
use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sokhan::Pipeline;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One input as before (no document framing; any bad input stops the run with exit code 2), or
/// a corpus (document framing; bad documents are reported and the run goes on).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Single,
    Corpus,
}

/// Returned when the run completed but some documents failed (exit code 3).
#[derive(Debug)]
pub struct SomeFailed(pub u64);

impl std::fmt::Display for SomeFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} document(s) failed", self.0)
    }
}
impl std::error::Error for SomeFailed {}

/// Rendered output the batches in flight may hold, roughly.
const OUTPUT_BUDGET: usize = 192 << 20;

/// JSON Lines records and CoNLL-U files are held whole: their default size limit.
const DEFAULT_MAX_RECORD: u64 = 64 << 20;

/// Runs the inputs through `pipeline` on `--jobs` threads and writes the output in input order.
#[allow(clippy::too_many_arguments)]
pub fn run(
    mode: Mode,
    inputs: Vec<PathBuf>,
    input_format: InputFormat,
    format: OutFormat,
    pipeline: &Pipeline,
    args: &CorpusArgs,
    fingerprint: String,
    stdout: &mut dyn Write,
) -> Result<()> {
    source::check_inputs(&inputs)?;
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let resume = match (&args.out, args.resume) {
        (Some(out), true) => match sink::read_checkpoint(out)? {
            Some(cp) if cp.fingerprint != fingerprint => {
                bail!("the checkpoint {} is for another run (inputs or options differ): rerun without --resume to start over", sink::checkpoint_path(out).display())
            }
            Some(cp) => Some(cp),
            None => {
                eprintln!("sokhan: no checkpoint to resume from in {}: starting from the beginning", sink::checkpoint_path(out).display());
                None
            }
        },
        _ => None,
    };
    let ext = match format {
        OutFormat::Conllu | OutFormat::NerConllu => "conllu",
        OutFormat::Json | OutFormat::Jsonl | OutFormat::EntitiesJson => "jsonl",
        OutFormat::Pretty | OutFormat::Tokens { .. } | OutFormat::EntitiesTable => "txt",
    };
    let errors_path = args.errors.clone().or_else(|| args.out.as_deref().map(sink::default_errors_path));
    let out = Out::open(args.out.as_deref(), stdout, ext, resume.as_ref())?;
    let errors = Errors::open(errors_path.as_deref(), resume.as_ref())?;

    let show_progress = mode == Mode::Corpus && !args.quiet && std::io::stderr().is_terminal() && (args.out.is_some() || !std::io::stdout().is_terminal());
    let progress = if show_progress { progress_bar(source::total_bytes(&inputs)) } else { ProgressBar::hidden() };

    let reader_cfg = ReaderConfig {
        inputs,
        format: input_format,
        max_text: args.max_doc_bytes,
        max_record: args.max_doc_bytes.unwrap_or(DEFAULT_MAX_RECORD),
        skip_docs: resume.as_ref().map_or(0, |cp| cp.docs_done),
        // Chunks of 256 kB in every mode (both constants are 256 kB since 2026-12-02; a single
        // input was cut at 1 MB before, which could change a sentence across a cut).
        chunk: if mode == Mode::Corpus && !matches!(format, OutFormat::Tokens { .. }) { source::ANALYSIS_CHUNK } else { source::CHUNK },
        // An analysed chunk is held as a `Document` (~200x its text in memory with the tagger
        // and parser): a 1 MB line took 220 MB, so analysis cuts long lines at a chunk.
        max_line: if matches!(format, OutFormat::Tokens { .. }) { source::TOKENS_MAX_LINE } else { source::ANALYSIS_CHUNK },
    };
    let worker = Worker { pipeline, format, text_field: &args.text_field, id_field: &args.id_field, framed: mode == Mode::Corpus };
    let start = resume.clone().unwrap_or_default();
    let mut writer = Writer {
        mode,
        stats: args.stats,
        format,
        out,
        errors,
        fingerprint,
        checkpoint: args.out.as_deref().map(sink::checkpoint_path),
        checkpoint_docs: args.checkpoint_docs,
        abort_after_docs: args.abort_after_docs,
        shard_bytes: args.shard_bytes,
        last_checkpoint: Instant::now(),
        docs_done: start.docs_done,
        analysed: start.analysed,
        failed: start.failed,
        words: start.words,
        resumed: start.docs_done,
        words_now: 0,
        bytes_now: 0,
        doc: DocState::default(),
        sent_no: 0,
        progress,
    };
    let began = Instant::now();

    // At most `window` batches are read and not yet written: that bounds memory. A batch holds
    // up to about a chunk of input, and its rendered output is a multiple of that (JSON with spans and
    // every field is ~35x), so heavy formats keep fewer batches in flight, never fewer than
    // one per worker plus the one being written.
    let window = (OUTPUT_BUDGET / (reader_cfg.chunk * format.expansion())).clamp(jobs + 1, 2 * jobs + 2);
    let (work_tx, work_rx) = crossbeam_channel::bounded::<Batch>(window);
    let (done_tx, done_rx) = crossbeam_channel::unbounded::<(u64, u64, Done)>();
    let (ticket_tx, ticket_rx) = crossbeam_channel::bounded::<()>(window);
    for _ in 0..window {
        ticket_tx.send(()).expect("fresh channel");
    }
    let result = std::thread::scope(|scope| -> Result<()> {
        let reader = scope.spawn(move || {
            let r = source::read_all(&reader_cfg, &ticket_rx, &work_tx);
            drop(work_tx);
            r
        });
        for _ in 0..jobs {
            let (rx, tx, worker) = (work_rx.clone(), done_tx.clone(), &worker);
            scope.spawn(move || {
                let mut scratch = Default::default();
                for batch in rx.iter() {
                    let done = worker.process_batch(batch.items, batch.bytes, &mut scratch);
                    if tx.send((batch.seq, batch.bytes, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((work_rx, done_tx));
        let mut pending: BTreeMap<u64, (u64, Done)> = BTreeMap::new();
        let mut next = 0u64;
        for (seq, bytes, done) in done_rx.iter() {
            pending.insert(seq, (bytes, done));
            while let Some((bytes, done)) = pending.remove(&next) {
                writer.batch(done)?;
                writer.bytes_now += bytes;
                writer.tick();
                next += 1;
                // The batch is written: the reader may read another.
                let _ = ticket_tx.send(());
            }
        }
        drop(ticket_tx);
        reader.join().map_err(|_| anyhow!("the reader thread panicked"))??;
        Ok(())
    });
    // On an error the ticket sender is dropped with the scope's closure: the reader stops.
    result?;
    writer.finish(began)
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr_with_hz(4));
    let template = if total.is_some() {
        "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, ETA {eta}) {msg}"
    } else {
        "{elapsed_precise} {bytes} ({binary_bytes_per_sec}) {msg}"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// What the writer knows of the document being written.
#[derive(Default)]
struct DocState {
    id: String,
    /// Its header is written (so a later failure must close it).
    open: bool,
    failed: bool,
    sentences: u64,
}

struct Writer<'a> {
    mode: Mode,
    /// Print the summary line for a single input too (`--stats`).
    stats: bool,
    format: OutFormat,
    out: Out<'a>,
    errors: Errors,
    fingerprint: String,
    checkpoint: Option<PathBuf>,
    checkpoint_docs: Option<u64>,
    abort_after_docs: Option<u64>,
    shard_bytes: u64,
    last_checkpoint: Instant,
    docs_done: u64,
    analysed: u64,
    failed: u64,
    words: u64,
    resumed: u64,
    words_now: u64,
    bytes_now: u64,
    doc: DocState,
    /// Sentence number over the whole input (single-input mode).
    sent_no: u64,
    progress: ProgressBar,
}

impl Writer<'_> {
    /// Writes one batch's output. Framed documents are written in runs, with one `write_all`
    /// for as many documents as possible: only a piece to frame, a shard to roll, a checkpoint
    /// or a simulated kill cuts a run.
    fn batch(&mut self, done: Done) -> Result<()> {
        let buf = &done.buf;
        let mut written = 0;
        let mut end = 0;
        for entry in done.entries {
            match entry {
                Entry::Doc(d) => {
                    end = d.end;
                    self.doc_done(d)?;
                    if self.stop_due(end - written) {
                        self.out.write_all(&buf[written..end])?;
                        written = end;
                        self.between_documents()?;
                    }
                }
                Entry::Piece(p) => {
                    self.out.write_all(&buf[written..end])?;
                    written = end;
                    self.piece(p)?;
                }
            }
        }
        self.out.write_all(&buf[written..end])?;
        Ok(())
    }

    /// A whole document framed by a worker: counted, or reported.
    fn doc_done(&mut self, d: DocDone) -> Result<()> {
        self.words_now += d.words;
        self.words += d.words;
        match d.failed {
            None => self.analysed += 1,
            Some(f) => {
                let entry = ErrorEntry { id: &f.id, source: &f.source, line: f.line, offset: f.failure.offset, reason: &f.failure.reason, partial: false };
                let errors = &mut self.errors;
                self.progress.suspend(|| errors.report(&entry)).context("cannot write the error report")?;
                self.failed += 1;
            }
        }
        self.docs_done = d.doc + 1;
        Ok(())
    }

    /// Whether `between_documents` has anything to do once `unwritten` more bytes are written.
    fn stop_due(&self, unwritten: usize) -> bool {
        self.out.would_fill(unwritten as u64, self.shard_bytes) || self.abort_after_docs == Some(self.docs_done) || (self.checkpoint.is_some() && self.checkpoint_due())
    }

    fn checkpoint_due(&self) -> bool {
        match self.checkpoint_docs {
            Some(n) => self.docs_done.is_multiple_of(n.max(1)),
            None => self.last_checkpoint.elapsed() >= Duration::from_secs(2),
        }
    }

    fn piece(&mut self, p: Piece) -> Result<()> {
        if p.first {
            self.doc = DocState { id: p.id.to_string(), ..DocState::default() };
        }
        self.words_now += p.words;
        self.words += p.words;
        match p.result {
            _ if self.doc.failed => {}
            Ok(r) => {
                if !self.doc.open {
                    if self.mode == Mode::Corpus {
                        frame::header(&mut self.out, self.format, &self.doc.id)?;
                    }
                    self.doc.open = true;
                }
                let num = Numbering { single: self.mode == Mode::Single, id: &self.doc.id, doc_sentences: &mut self.doc.sentences, sent_no: &mut self.sent_no };
                frame::sentences(&mut self.out, self.format, num, &r.bytes, &r.marks)?;
            }
            Err(f) => {
                if self.mode == Mode::Single {
                    let sep = if f.reason.starts_with("not ") { " is " } else { ": " };
                    bail!("{}{sep}{}", p.source, f.reason);
                }
                let entry = ErrorEntry { id: &p.id, source: &p.source, line: p.line, offset: f.offset, reason: &f.reason, partial: self.doc.open };
                // Lines on standard error must not tear through the progress bar.
                let errors = &mut self.errors;
                self.progress.suspend(|| errors.report(&entry)).context("cannot write the error report")?;
                self.doc.failed = true;
            }
        }
        if p.last {
            if self.doc.open && self.mode == Mode::Corpus {
                frame::footer(&mut self.out, self.format)?;
            }
            if self.doc.failed {
                self.failed += 1;
            } else {
                self.analysed += 1;
            }
            self.docs_done = p.doc + 1;
            self.between_documents()?;
        }
        Ok(())
    }

    /// Between two documents: roll shards, write checkpoints, simulate a kill when asked.
    fn between_documents(&mut self) -> Result<()> {
        let rolled = self.out.maybe_roll(self.shard_bytes)?;
        if self.checkpoint.is_some() && (rolled || self.checkpoint_due()) {
            self.write_checkpoint()?;
        }
        if self.abort_after_docs == Some(self.docs_done) {
            // What a kill leaves: everything written so far reached the files, no rename.
            self.out.flush()?;
            self.errors.flush()?;
            std::process::exit(137);
        }
        Ok(())
    }

    fn write_checkpoint(&mut self) -> Result<()> {
        let Some(path) = &self.checkpoint else { return Ok(()) };
        self.out.sync()?;
        self.errors.sync()?;
        let (shard, out_bytes) = self.out.position();
        let cp = Checkpoint {
            fingerprint: self.fingerprint.clone(),
            docs_done: self.docs_done,
            analysed: self.analysed,
            failed: self.failed,
            words: self.words,
            shard,
            out_bytes,
            errors_bytes: self.errors.bytes(),
        };
        sink::write_json_atomically(path, &cp)?;
        self.last_checkpoint = Instant::now();
        Ok(())
    }

    fn tick(&mut self) {
        if self.progress.is_hidden() {
            return;
        }
        self.progress.set_position(self.bytes_now);
        let secs = self.progress.elapsed().as_secs_f64().max(1e-3);
        self.progress.set_message(format!("{} docs, {:.0} words/s", self.docs_done, self.words_now as f64 / secs));
    }

    fn finish(self, began: Instant) -> Result<()> {
        self.progress.finish_and_clear();
        let total = self.docs_done;
        let shards = self.out.finish()?;
        let errors_path = self.errors.finish()?;
        if let Some(path) = &self.checkpoint {
            if let Some(dir) = self.checkpoint.as_ref().and_then(|p| p.parent()).filter(|_| path.ends_with("checkpoint.json")) {
                #[derive(serde::Serialize)]
                struct Manifest {
                    complete: bool,
                    documents: u64,
                    analysed: u64,
                    failed: u64,
                    words: u64,
                    shards: u32,
                }
                let m = Manifest { complete: true, documents: total, analysed: self.analysed, failed: self.failed, words: self.words, shards };
                sink::write_json_atomically(&dir.join("manifest.json"), &m)?;
            }
            let _ = std::fs::remove_file(path);
        }
        if self.mode == Mode::Single && !self.stats {
            return Ok(());
        }
        // From the first byte read to the last written: the models were loaded before. Four
        // decimals: a benchmark file takes some 40 ms, where milliseconds would be 2 % steps.
        let secs = began.elapsed().as_secs_f64().max(1e-6);
        let mb = self.bytes_now as f64 / 1e6;
        let resumed = if self.resumed > 0 { format!(" ({} done before the resume)", self.resumed) } else { String::new() };
        eprintln!(
            "sokhan: documents: {total} in = {} analysed + {} failed{resumed}; {mb:.1} MB in {secs:.4} s ({:.1} MB/s, {:.0} words/s)",
            self.analysed,
            self.failed,
            mb / secs,
            self.words_now as f64 / secs
        );
        if self.failed > 0 {
            if let Some(p) = errors_path {
                eprintln!("sokhan: the failed documents are listed in {}", p.display());
            }
            return Err(SomeFailed(self.failed).into());
        }
        Ok(())
    }
}

