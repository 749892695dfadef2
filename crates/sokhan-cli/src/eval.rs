//! `sokhan eval GOLD SYSTEM`: scores a system CoNLL-U file against gold, as the UD shared
//! tasks do (the same numbers as `ud_eval.py`). `sokhan eval ner GOLD SYSTEM`: scores named
//! entities as `conlleval` does.

use anyhow::{bail, Context, Result};
use sokhan::eval::ner;
use sokhan::{conllu, eval};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

const EVAL_HELP: &str = "\
Examples:
  sokhan eval gold.conllu system.conllu                 UD scores (as ud_eval.py)
  sokhan eval --verbose --per-relation gold.conllu system.conllu
  sokhan eval ner gold.txt system.conllu                NER scores (as conlleval)

A gold file literally named `ner` must be given as `./ner`.";

/// Arguments of `sokhan eval`.
///
/// Either `GOLD SYSTEM` (UD scores) or the `ner` subcommand; both are never taken together.
#[derive(clap::Args, Debug, Clone)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = EVAL_HELP
)]
pub struct EvalArgs {
    /// Other scores than the UD ones.
    #[command(subcommand)]
    pub kind: Option<EvalKind>,
    /// Gold-standard CoNLL-U file (`-` reads standard input).
    #[arg(required = true)]
    pub gold: Option<PathBuf>,
    /// System CoNLL-U file to score; it may segment the text differently from gold (`-` reads
    /// standard input).
    #[arg(required = true)]
    pub system: Option<PathBuf>,
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
/// When a file cannot be read, is not UTF-8 or not CoNLL-U, has no words, or when the two
/// files do not contain the same text (whitespace aside).
pub fn run(args: &EvalArgs) -> Result<()> {
    let (gold_path, system_path) = match (&args.kind, &args.gold, &args.system) {
        (Some(EvalKind::Ner(ner_args)), _, _) => return run_ner(ner_args),
        (None, Some(g), Some(s)) => (g, s),
        _ => bail!("sokhan eval needs GOLD and SYSTEM files (or `sokhan eval ner GOLD SYSTEM`)"),
    };
    let gold = load(gold_path)?;
    let system = load(system_path)?;
    // An empty file is not a score of 0.
    for (name, path, sentences) in [("gold", gold_path, &gold), ("system", system_path, &system)] {
        if sentences.iter().all(|s| s.word_count() == 0) {
            bail!("the {name} file {} has no words (is it empty?): nothing to score", path.display());
        }
    }
    let scores = eval::score(&gold, &system).with_context(|| {
        format!(
            "cannot score {} against {}",
            system_path.display(),
            gold_path.display()
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
    print(&out)
}

fn print(out: &str) -> Result<()> {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match lock.write_all(out.as_bytes()).and_then(|()| lock.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        r => r.context("cannot write to standard output"),
    }
}

/// The kinds of `sokhan eval` other than the UD scores.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum EvalKind {
    /// Score named entities as conlleval does (exact spans; optionally any overlap), per type
    /// and micro-averaged, on texts that may be tokenized differently.
    #[command(after_help = NER_HELP)]
    Ner(NerArgs),
}

const NER_HELP: &str = "\
Each file is BIO columns (`token<TAB>label`, or space-separated with the label last; O, B-X, I-X,
also IOB1 and E-X/S-X; a blank line between sentences) or CoNLL-U with NER=B-X in MISC (on the
multiword token's line or its first word's). The two files must hold the same text once all
whitespace is removed; tokens and sentences may differ. Entities are (type, start, end) ranges
of that character stream: exact means type and both ends equal (conlleval). With --overlap, also:
precision = system entities sharing a character with a gold entity of the same type / system
entities; recall = gold entities sharing a character with a system entity of the same type /
gold entities. Percentages with 2 decimals; 0.00 when a side has no entities.

Examples:
  sokhan eval ner gold.txt system.txt
  sokhan eval ner --overlap --types PER,ORG,LOC gold.txt system.conllu
  sokhan eval ner --map EVE=EVENT,DAT=DATE,TIM=TIME,MON=MONEY,PCT=PERCENT gold.txt system.conllu

Exit codes: 0 scored; 2 unreadable or invalid input, empty input, or texts that differ.";

/// Arguments of `sokhan eval ner`.
#[derive(clap::Args, Debug, Clone)]
pub struct NerArgs {
    /// Gold file: BIO columns or CoNLL-U with NER= in MISC (`-` reads standard input).
    pub gold: PathBuf,
    /// System file, in either format (`-` reads standard input).
    pub system: PathBuf,
    /// Print the scores as a JSON object (counts; precision, recall and F1 in percent).
    #[arg(long)]
    pub json: bool,
    /// Also report "any overlap" scores (a same-type entity sharing a character counts).
    #[arg(long)]
    pub overlap: bool,
    /// Score only these types (comma-separated or repeated; names before or after --map).
    #[arg(long, value_delimiter = ',', value_name = "TYPE,...")]
    pub types: Vec<String>,
    /// Rename types on both sides before scoring, e.g. EVE=EVENT,DAT=DATE.
    #[arg(long, value_delimiter = ',', value_name = "FROM=TO,...", value_parser = parse_rename)]
    pub map: Vec<(String, String)>,
}

fn parse_rename(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() && !b.contains('=') => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!("expected FROM=TO (e.g. EVE=EVENT), got {s:?}")),
    }
}

fn load_ner(path: &Path) -> Result<Vec<ner::NerSentence>> {
    let text = crate::input::read_to_string(path)?;
    let format = ner::detect(&text);
    let sentences = ner::read(&text).with_context(|| {
        format!(
            "{} is not a valid {} file",
            path.display(),
            match format {
                ner::Format::Bio => "BIO",
                ner::Format::Conllu => "CoNLL-U NER",
            }
        )
    })?;
    if format == ner::Format::Conllu && !text.contains("NER=") {
        eprintln!(
            "sokhan: warning: {} is CoNLL-U without any NER= in MISC: every token counts as O",
            path.display()
        );
    }
    Ok(sentences)
}

/// Runs `sokhan eval ner`.
///
/// # Errors
/// When a file cannot be read, is not UTF-8, not BIO or CoNLL-U, has no tokens, or when the two
/// files do not contain the same text (whitespace aside).
pub fn run_ner(args: &NerArgs) -> Result<()> {
    let gold = load_ner(&args.gold)?;
    let system = load_ner(&args.system)?;
    let mut map = BTreeMap::new();
    for (from, to) in &args.map {
        if let Some(old) = map.insert(from.clone(), to.clone()) {
            if &old != to {
                bail!("--map renames {from} twice: to {old} and to {to}");
            }
        }
    }
    let types: BTreeSet<String> = args
        .types
        .iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let opts = ner::NerOptions {
        overlap: args.overlap,
        types: (!types.is_empty()).then_some(types),
        map,
    };
    let scores = ner::score(&gold, &system, &opts).with_context(|| {
        format!(
            "cannot score {} against {}",
            args.system.display(),
            args.gold.display()
        )
    })?;
    let mut out = if args.json {
        serde_json::to_string_pretty(&scores)?
    } else {
        scores.to_string()
    };
    if args.json {
        out.push('\n');
    }
    print(&out)
}
