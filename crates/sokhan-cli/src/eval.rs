//! `sokhan eval GOLD SYSTEM`: scores a system CoNLL-U file against gold, as the UD shared
//! tasks do (the same numbers as `ud_eval.py`).

use anyhow::{Context, Result};
use sokhan::{conllu, eval};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `sokhan eval`.
#[derive(clap::Args, Debug, Clone)]
pub struct EvalArgs {
    /// Gold-standard CoNLL-U file (`-` reads standard input).
    pub gold: PathBuf,
    /// System CoNLL-U file to score; it may segment the text differently from gold (`-` reads
    /// standard input).
    pub system: PathBuf,
    /// Also print precision and recall of every metric.
    #[arg(long)]
    pub verbose: bool,
    /// Print JSON: without --verbose/--per-relation, the F1 object of `ud_eval.py --json`
    /// ({"Tokens": 99.12, ...}); with either, every metric with counts, precision, recall and
    /// F1 as fractions, plus CLAS and the per-relation scores.
    #[arg(long)]
    pub json: bool,
    /// Also print CLAS and a LAS breakdown per universal relation.
    #[arg(long)]
    pub per_relation: bool,
}

fn load(path: &Path) -> Result<Vec<conllu::Sentence>> {
    // Strict UTF-8; the error names the file and the byte offset of the first bad byte.
    let text = crate::input::read_to_string(path)?;
    conllu::parse(&text).with_context(|| format!("{} is not valid CoNLL-U", path.display()))
}

/// Runs `sokhan eval`.
///
/// # Errors
/// When a file cannot be read, is not UTF-8 or not CoNLL-U, or when the two files do not
/// contain the same text (whitespace aside).
pub fn run(args: &EvalArgs) -> Result<()> {
    let gold = load(&args.gold)?;
    let system = load(&args.system)?;
    let scores = eval::score(&gold, &system).with_context(|| {
        format!(
            "cannot score {} against {}",
            args.system.display(),
            args.gold.display()
        )
    })?;
    let mut out = String::new();
    if args.json {
        if args.verbose || args.per_relation {
            out = serde_json::to_string_pretty(&scores)?;
        } else {
            out = scores.to_ud_eval_json();
        }
        out.push('\n');
    } else {
        out.push_str(&if args.verbose {
            format!("{scores:#}")
        } else {
            scores.to_string()
        });
        if args.per_relation {
            out.push('\n');
            out.push_str(&scores.per_relation_table());
        }
    }
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(out.as_bytes()).and_then(|()| lock.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}
