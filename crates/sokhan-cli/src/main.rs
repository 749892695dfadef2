//! `sokhan`: Persian text analysis from the command line.
//!
//! The binary only parses arguments, moves bytes and prints; every decision about language
//! is made in the `sokhan` library.

mod eval;
mod input;
mod output;
mod render;
mod train;
mod train_parser;
mod train_tagger;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  sokhan analyze examples/fa-news.txt                  readable table of every word
  sokhan analyze --format conllu examples/fa-news.txt  CoNLL-U (UD) with SpaceAfter=No
  echo 'کتابش را می خواند.' | sokhan analyze --format json -
  sokhan analyze --input-format conllu gold.conllu --format conllu
  sokhan analyze --format tree input.txt               dependency trees in the terminal
  sokhan analyze --format svg input.txt > trees.svg    dependency trees to open in a browser
  sokhan normalize input.txt > clean.txt
  sokhan tokenize input.txt                            one sentence a line, tokens spaced
  sokhan eval gold.conllu system.conllu                UD shared-task scores
  sokhan train lexicon --data ../shared/data           rebuild the embedded lexicon
  sokhan train tagger --dev target/splits/perdt-val.conllu  retrain the tagger
  sokhan train parser --dev target/splits/perdt-val.conllu  retrain the parser";

#[derive(Parser, Debug)]
#[command(name = "sokhan", version, about = "Sokhan (سخن): Persian language analysis — normalization, sentences, tokens, clitics, lemmas, CoNLL-U.", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse raw text (or CoNLL-U): sentences, tokens, syntactic words, lemmas, tags, dependency trees.
    #[command(after_help = "Input is read in paragraph-sized chunks, so memory stays bounded on huge files.\nSpans are byte offsets into the original input.")]
    Analyze(AnalyzeArgs),
    /// Print the normalized text.
    Normalize(InputArg),
    /// Print one sentence a line, tokens separated by spaces.
    Tokenize(TokenizeArgs),
    /// Score a system CoNLL-U file against a gold one (Tokens, Sentences, Words, UPOS, XPOS, UFeats, Lemmas, UAS, LAS).
    Eval(eval::EvalArgs),
    /// Build models from training data.
    #[command(subcommand)]
    Train(Box<TrainCommand>),
}

#[derive(Subcommand, Debug)]
enum TrainCommand {
    /// Build the lexicon model (word list, verb stems, abbreviations, lemma table).
    Lexicon(train::TrainLexiconArgs),
    /// Train the tagger (UPOS, XPOS, FEATS, ezafe).
    Tagger(train_tagger::TrainTaggerArgs),
    /// Train the dependency parser (HEAD, DEPREL) on jack-knifed tags.
    Parser(train_parser::TrainParserArgs),
}

#[derive(clap::Args, Debug)]
struct InputArg {
    /// Input file; `-` or nothing reads standard input.
    #[arg(default_value = "-")]
    input: PathBuf,
}

#[derive(clap::Args, Debug)]
struct TokenizeArgs {
    #[command(flatten)]
    input: InputArg,
    /// Print syntactic words (clitics split off) instead of tokens.
    #[arg(long)]
    words: bool,
    /// Print tokens as written in the input instead of normalized.
    #[arg(long)]
    original: bool,
    /// Report counts and timing on standard error when done (model loading apart from
    /// processing, as benchmarks of in-process libraries measure them).
    #[arg(long)]
    stats: bool,
}

#[derive(clap::Args, Debug)]
struct AnalyzeArgs {
    #[command(flatten)]
    input: InputArg,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Pretty)]
    format: Format,
    /// Input format: raw text, or CoNLL-U whose sentences, tokens and words are kept.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input_format: InputFormat,
    /// Tagger model file to use instead of the embedded one.
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Skip tagging (segmentation and lemmas only; no parsing either).
    #[arg(long, conflicts_with = "model")]
    no_tag: bool,
    /// Parser model file to use instead of the embedded one.
    #[arg(long, value_name = "PATH", conflicts_with = "no_parse")]
    parser_model: Option<PathBuf>,
    /// Skip dependency parsing (HEAD and DEPREL stay empty).
    #[arg(long)]
    no_parse: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A readable table per sentence.
    Pretty,
    /// CoNLL-U.
    Conllu,
    /// JSON Lines: one object per sentence, with byte spans.
    Json,
    /// Dependency trees for the terminal: one word a line, dependents indented under heads.
    Tree,
    /// One standalone SVG drawing of every sentence's tree (words right to left, arcs above).
    Svg,
    /// An HTML page with the SVG drawing of every sentence.
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// Raw text.
    Text,
    /// CoNLL-U (segmentation kept, predicted columns filled).
    Conllu,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if e.chain().any(|c| c.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            let _ = io::stdout().flush();
            eprintln!("sokhan: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match cli.command {
        Command::Analyze(args) => {
            let mut pipeline = sokhan::Pipeline::default();
            if let Some(path) = &args.model {
                let bytes = std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?;
                let tagger = sokhan::tag::Tagger::from_model_bytes(&bytes).with_context(|| format!("cannot load model {}", path.display()))?;
                pipeline = pipeline.with_tagger(tagger);
            } else if args.no_tag {
                pipeline = pipeline.without_tagger();
            }
            if let Some(path) = &args.parser_model {
                let bytes = std::fs::read(path).with_context(|| format!("cannot read parser model {}", path.display()))?;
                let parser = sokhan::parse::Parser::from_model_bytes(&bytes).with_context(|| format!("cannot load parser model {}", path.display()))?;
                pipeline = pipeline.with_parser(parser);
            } else if args.no_parse {
                pipeline = pipeline.without_parser();
            }
            match args.input_format {
                InputFormat::Text => output::analyze_text(&pipeline, &args.input.input, args.format.into(), &mut out)?,
                InputFormat::Conllu => output::analyze_conllu(&pipeline, &args.input.input, args.format.into(), &mut out)?,
            }
        }
        Command::Normalize(args) => {
            let normalizer = sokhan::Normalizer::default();
            input::for_each_chunk(&args.input, |chunk, _| {
                let n = normalizer.normalize(chunk);
                out.write_all(n.as_str().as_bytes())?;
                // A chunk cut inside a very long line ends at whitespace, which the normalizer
                // trims as a line end: put one space back so words do not run together.
                if chunk.ends_with([' ', '\t']) && !n.as_str().ends_with(char::is_whitespace) {
                    out.write_all(b" ")?;
                }
                Ok(())
            })?;
        }
        Command::Tokenize(args) => {
            let stats = output::tokenize(&args.input.input, args.words, args.original, &mut out)?;
            if args.stats {
                let secs = stats.process.as_secs_f64();
                eprintln!(
                    "sokhan tokenize: {} bytes, {} sentences, {} {} in {:.4} s ({:.1} MB/s); model load {:.4} s",
                    stats.bytes,
                    stats.sentences,
                    stats.tokens,
                    if args.words { "words" } else { "tokens" },
                    secs,
                    stats.bytes as f64 / 1e6 / secs.max(1e-9),
                    stats.load.as_secs_f64()
                );
            }
        }
        Command::Eval(args) => eval::run(&args)?,
        Command::Train(train) => match *train {
            TrainCommand::Lexicon(args) => train::run_lexicon(&args)?,
            TrainCommand::Tagger(args) => train_tagger::run_tagger(&args)?,
            TrainCommand::Parser(args) => train_parser::run_parser(&args)?,
        },
    }
    out.flush()?;
    Ok(())
}

impl From<Format> for output::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Pretty => output::Format::Pretty,
            Format::Conllu => output::Format::Conllu,
            Format::Json => output::Format::Json,
            Format::Tree => output::Format::Tree,
            Format::Svg => output::Format::Svg,
            Format::Html => output::Format::Html,
        }
    }
}
