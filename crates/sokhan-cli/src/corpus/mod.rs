//! Corpus mode: many documents (files, directories, globs, JSON Lines) analysed on all cores,
//! written in input order, with every failed document reported and resumable output.
//!
//! The machinery is a pipeline of threads:
//!
//! ```text
//! reader (source.rs) --bounded--> N workers (work.rs) --> ordered writer (engine.rs, sink.rs)
//! ```
//!
//! The reader cuts the input into batches (many small documents, one line-aligned ~256 kB
//! chunk of a big one, or a ~256 kB block of whole JSON Lines records, passed on without a copy
//! per record) and must take a ticket before sending one; the writer gives the ticket back
//! once that batch is written. So at most `tickets` batches are in flight whatever the corpus
//! size (bounded memory), and the writer's reorder buffer never holds more than that. Workers
//! render and frame whole documents into one buffer per batch (`frame.rs`), so the reader and
//! the writer stay light and the work scales with the workers.

mod engine;
mod frame;
mod jsonl;
mod sink;
pub(crate) mod source;
pub(crate) mod work;

pub use engine::{run, Mode, SomeFailed};

use clap::ValueEnum;
use std::path::PathBuf;

/// The options of corpus mode, shared by `analyze` and `tokenize`.
#[derive(clap::Args, Debug, Clone)]
pub struct CorpusArgs {
    /// Worker threads (default: one per available core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Write the output here instead of standard output: a FILE (written as FILE.partial and
    /// renamed when complete), or a DIR (existing, or given with a trailing `/`) that receives
    /// shards part-00000.EXT, part-00001.EXT, … each renamed into place when complete.
    #[arg(long, short = 'o', value_name = "FILE|DIR")]
    pub out: Option<PathBuf>,
    /// Where to report documents that could not be analysed, one JSON object a line (id, source,
    /// byte offset, reason). Default: OUT.errors.jsonl (OUT/errors.jsonl for a directory), or
    /// standard error when the output goes to standard output.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Continue an interrupted run with the same inputs and --out: documents already committed
    /// are skipped, none is written twice.
    #[arg(long, requires = "out")]
    pub resume: bool,
    /// Documents larger than this are reported and skipped. Default: 64 MiB for JSON Lines
    /// records and CoNLL-U files (each is held in memory); text files are streamed in chunks and
    /// have no limit unless this is given.
    #[arg(long, value_name = "BYTES")]
    pub max_doc_bytes: Option<u64>,
    /// JSON Lines input: the field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub text_field: String,
    /// JSON Lines input: the field holding the document id (a string or a number; a record
    /// without it is named by its line number).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,
    /// Show no progress bar (it is only drawn when standard error is a terminal anyway).
    #[arg(long)]
    pub quiet: bool,
    /// Print the summary line (documents, MB, seconds, MB/s, words/s) for a single input too.
    /// The seconds run from the first byte read to the last byte written, with the models
    /// already loaded, as benchmarks of in-process libraries time them.
    #[arg(long)]
    pub stats: bool,
    /// Testing aid: start a new output shard after this many bytes (directory output).
    #[arg(long, hide = true, default_value_t = 64 << 20)]
    pub shard_bytes: u64,
    /// Testing aid: write a checkpoint after every N documents (default: every 2 s).
    #[arg(long, hide = true, value_name = "N")]
    pub checkpoint_docs: Option<u64>,
    /// Testing aid: exit abruptly (as if killed) after writing N documents.
    #[arg(long, hide = true, value_name = "N")]
    pub abort_after_docs: Option<u64>,
}

impl CorpusArgs {
    /// Whether an option that only makes sense for a set of documents was given.
    pub fn any_corpus_option(&self) -> bool {
        self.out.is_some() || self.errors.is_some() || self.resume || self.max_doc_bytes.is_some()
    }
}

/// How the inputs are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Raw text: one file is one document.
    Text,
    /// CoNLL-U (segmentation kept, predicted columns filled): one file is one document.
    Conllu,
    /// JSON Lines: one `{"id": …, "text": …}` record a line is one document.
    Jsonl,
}

/// What is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// A readable table per sentence.
    Pretty,
    /// CoNLL-U.
    Conllu,
    /// One JSON object per sentence.
    Json,
    /// One JSON object per document.
    Jsonl,
    /// One sentence a line, tokens (or words) separated by spaces.
    Tokens { words: bool, original: bool },
    /// `sokhan entities`: one entity a line, `SPAN TYPE TEXT VALUE`.
    EntitiesTable,
    /// `sokhan entities`: one JSON object per entity a line.
    EntitiesJson,
    /// `sokhan entities`: CoNLL-U with `NER=B-…`/`I-…`/`O` in every token's MISC.
    NerConllu,
}

impl OutFormat {
    /// Output bytes per input byte, roughly (a little more than measured on PerDT text).
    pub fn expansion(self) -> usize {
        match self {
            OutFormat::Json | OutFormat::Jsonl => 40,
            OutFormat::Pretty => 20,
            OutFormat::Conllu | OutFormat::NerConllu => 8,
            OutFormat::Tokens { .. } => 1,
            OutFormat::EntitiesTable | OutFormat::EntitiesJson => 4,
        }
    }
}

/// Whether the positional inputs name a set of documents (several inputs, a directory or a
/// glob) rather than one file or standard input.
pub fn is_corpus_input(inputs: &[PathBuf]) -> bool {
    inputs.len() > 1 || inputs.iter().any(|p| p.is_dir() || (!p.exists() && source::is_glob(p)))
}
