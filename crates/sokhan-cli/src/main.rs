//! `sokhan`: Persian text analysis from the command line.
//!
//! The binary only parses arguments, moves bytes and prints; every decision about language
//! is made in the `sokhan` library.

mod corpus;
mod eval;
mod input;
mod norm_opts;
mod output;
mod render;
mod train;
mod train_parser;
mod train_ner;
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
  sokhan normalize --disable half-space,quotes --digits latin input.txt   some rules off
  sokhan tokenize input.txt                            one sentence a line, tokens spaced
  sokhan eval gold.conllu system.conllu                UD shared-task scores
  sokhan train lexicon --data ../shared/data           rebuild the embedded lexicon
  sokhan train tagger --dev target/splits/perdt-val.conllu  retrain the tagger
  sokhan train parser --dev target/splits/perdt-val.conllu  retrain the parser";

const CORPUS_HELP: &str = "\
Input is read in line-aligned chunks on all cores, so memory stays bounded on huge files; output
keeps the input order. Spans are byte offsets into the original input (of each document).

Several inputs, a directory, a glob, JSON Lines or any of --out/--errors/--resume/--max-doc-bytes
make a corpus run: each document is framed (`# newdoc id = …`, or one JSON object per document
with --format jsonl), a document that cannot be processed is reported and skipped, and a summary
`documents: N in = A analysed + F failed` goes to standard error.

Exit codes: 0 all documents analysed; 3 the run completed but some documents failed;
2 usage error, unreadable input (single input) or unwritable output.";

#[derive(Parser, Debug)]
#[command(name = "sokhan", version, about = "Sokhan (سخن): Persian language analysis — normalization, sentences, tokens, clitics, lemmas, CoNLL-U.", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse raw text (or CoNLL-U): sentences, tokens, syntactic words, lemmas, tags, dependency trees.
    #[command(after_help = CORPUS_HELP)]
    Analyze(AnalyzeArgs),
    /// Find named entities, numbers, percentages, money, times and dates (with their values).
    #[command(after_help = CORPUS_HELP)]
    Entities(EntitiesArgs),
    /// Print the normalized text.
    Normalize(NormalizeArgs),
    /// Print one sentence a line, tokens separated by spaces.
    #[command(after_help = CORPUS_HELP)]
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
    /// Train the named-entity recognizer (PER, ORG, LOC, EVENT) from BIO files and name lists.
    Ner(train_ner::TrainNerArgs),
}

#[derive(clap::Args, Debug)]
struct NormalizeArgs {
    /// Input file; `-` or nothing reads standard input.
    #[arg(default_value = "-")]
    input: PathBuf,
    #[command(flatten)]
    norm: norm_opts::NormalizeOpts,
}

/// Several inputs: files, directories (recursive, sorted, hidden entries skipped), glob patterns
/// (expanded by sokhan, so quote them), `-` for standard input.
#[derive(clap::Args, Debug)]
struct InputsArg {
    /// Input files, directories or globs; `-` or nothing reads standard input.
    #[arg(default_value = "-", value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct TokenizeArgs {
    #[command(flatten)]
    input: InputsArg,
    #[command(flatten)]
    corpus: corpus::CorpusArgs,
    /// Print syntactic words (clitics split off) instead of tokens.
    #[arg(long)]
    words: bool,
    /// Print tokens as written in the input instead of normalized.
    #[arg(long)]
    original: bool,
    /// Input format: raw text, or JSON Lines records (see --text-field, --id-field).
    #[arg(long, value_enum, default_value_t = TokenizeInput::Text)]
    input_format: TokenizeInput,
    #[command(flatten)]
    norm: norm_opts::NormalizeOpts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TokenizeInput {
    /// Raw text: one file is one document.
    Text,
    /// JSON Lines: one record a line is one document.
    Jsonl,
}

#[derive(clap::Args, Debug)]
struct AnalyzeArgs {
    #[command(flatten)]
    input: InputsArg,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Pretty)]
    format: Format,
    /// Input format: raw text, CoNLL-U whose sentences, tokens and words are kept, or JSON
    /// Lines records (see --text-field, --id-field).
    #[arg(long, value_enum, default_value_t = corpus::InputFormat::Text)]
    input_format: corpus::InputFormat,
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
    /// Skip the entity stage (JSON output then has no `entities`).
    #[arg(long)]
    no_entities: bool,
    #[command(flatten)]
    entities: EntityOpts,
    #[command(flatten)]
    corpus: corpus::CorpusArgs,
    #[command(flatten)]
    norm: norm_opts::NormalizeOpts,
}

/// Options of the entity stage (`entities`, and `analyze --format json|jsonl`).
#[derive(clap::Args, Debug, Clone)]
struct EntityOpts {
    /// The day relative dates (`دیروز`, `هفته گذشته`, `سه روز بعد`) are resolved from,
    /// YYYY-MM-DD (Gregorian); without it they are found but get no calendar day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = sokhan::entities::parse_reference_date)]
    reference_date: Option<sokhan::entities::Gregorian>,
    /// Named-entity model file to use instead of the embedded one.
    #[arg(long, value_name = "PATH")]
    ner_model: Option<PathBuf>,
    /// Numbers, money, times and dates only: no names (PER, ORG, LOC, EVENT).
    #[arg(long, conflicts_with = "ner_model")]
    no_names: bool,
}

impl EntityOpts {
    /// `pipeline` with these options.
    fn apply(&self, mut pipeline: sokhan::Pipeline) -> Result<sokhan::Pipeline> {
        if let Some(day) = self.reference_date {
            pipeline = pipeline.with_reference_date(day);
        }
        if let Some(path) = &self.ner_model {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read NER model {}", path.display()))?;
            let r = sokhan::entities::Recognizer::from_model_bytes(&bytes).with_context(|| format!("cannot load NER model {}", path.display()))?;
            pipeline = pipeline.with_recognizer(r);
        } else if self.no_names {
            pipeline = pipeline.without_recognizer();
        }
        Ok(pipeline)
    }

    fn fingerprint(&self) -> String {
        format!(" {:?} {:?} {}", self.reference_date, self.ner_model, self.no_names)
    }
}

#[derive(clap::Args, Debug)]
struct EntitiesArgs {
    #[command(flatten)]
    input: InputsArg,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = EntitiesFormat::Table)]
    format: EntitiesFormat,
    /// Input format: raw text, CoNLL-U whose sentences, tokens and words are kept, or JSON
    /// Lines records (see --text-field, --id-field).
    #[arg(long, value_enum, default_value_t = corpus::InputFormat::Text)]
    input_format: corpus::InputFormat,
    #[command(flatten)]
    entities: EntityOpts,
    #[command(flatten)]
    corpus: corpus::CorpusArgs,
    #[command(flatten)]
    norm: norm_opts::NormalizeOpts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EntitiesFormat {
    /// One entity a line: `START..END<TAB>TYPE<TAB>TEXT<TAB>VALUE` (byte offsets, value as JSON).
    Table,
    /// One JSON object per entity a line: `start`, `end` (bytes into the input), `type`,
    /// `text`, `value`, and `doc` in corpus mode.
    Json,
    /// CoNLL-U with `NER=B-PER`, `NER=I-PER`, `NER=O` in each token's MISC.
    Conllu,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A readable table per sentence.
    Pretty,
    /// CoNLL-U.
    Conllu,
    /// JSON Lines: one object per sentence, with byte spans.
    Json,
    /// JSON Lines: one object per document, `{"id": …, "sentences": […]}`.
    Jsonl,
    /// Dependency trees for the terminal: one word a line, dependents indented under heads.
    Tree,
    /// One standalone SVG drawing of every sentence's tree (words right to left, arcs above).
    Svg,
    /// An HTML page with the SVG drawing of every sentence.
    Html,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<corpus::SomeFailed>().is_some() => ExitCode::from(3),
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
            let mut pipeline = pipeline_for(&args.norm);
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
            // Entities are written in JSON only; the other formats do not run the stage.
            let with_entities = matches!(args.format, Format::Json | Format::Jsonl) && !args.no_entities;
            pipeline = if with_entities { args.entities.apply(pipeline)? } else { pipeline.without_entities() };
            let inputs = args.input.inputs.clone();
            let many = corpus::is_corpus_input(&inputs) || args.format == Format::Jsonl || args.input_format == corpus::InputFormat::Jsonl || args.corpus.any_corpus_option();
            let drawing = matches!(args.format, Format::Tree | Format::Svg | Format::Html);
            if drawing && many {
                anyhow::bail!("--format tree, svg and html take one input file and no corpus options (use conllu or jsonl for a corpus)");
            }
            if !many && args.input_format == corpus::InputFormat::Conllu {
                output::analyze_conllu(&pipeline, &inputs[0], args.format.into(), &mut out)?;
            } else if drawing {
                output::analyze_text(&pipeline, &inputs[0], args.format.into(), &mut out)?;
            } else {
                let mode = if many { corpus::Mode::Corpus } else { corpus::Mode::Single };
                let fingerprint = format!(
                    "analyze {:?} {:?} {:?} {:?} {} {:?} {} {}{}{}",
                    inputs,
                    args.input_format,
                    args.format,
                    args.model,
                    args.no_tag,
                    args.parser_model,
                    args.no_parse,
                    fields(&args.corpus),
                    norm_fingerprint(&args.norm),
                    if with_entities { args.entities.fingerprint() } else { String::new() }
                );
                corpus::run(mode, inputs, args.input_format, args.format.into(), &pipeline, &args.corpus, fingerprint, &mut out)?;
            }
        }
        Command::Entities(args) => {
            let pipeline = args.entities.apply(pipeline_for(&args.norm))?;
            let inputs = args.input.inputs.clone();
            let many = corpus::is_corpus_input(&inputs) || args.input_format == corpus::InputFormat::Jsonl || args.corpus.any_corpus_option();
            let mode = if many { corpus::Mode::Corpus } else { corpus::Mode::Single };
            let format = match args.format {
                EntitiesFormat::Table => corpus::OutFormat::EntitiesTable,
                EntitiesFormat::Json => corpus::OutFormat::EntitiesJson,
                EntitiesFormat::Conllu => corpus::OutFormat::NerConllu,
            };
            let fingerprint = format!("entities {:?} {:?} {:?} {}{}{}", inputs, args.input_format, args.format, fields(&args.corpus), norm_fingerprint(&args.norm), args.entities.fingerprint());
            corpus::run(mode, inputs, args.input_format, format, &pipeline, &args.corpus, fingerprint, &mut out)?;
        }
        Command::Normalize(args) => {
            let normalizer = sokhan::Normalizer::new(args.norm.config());
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
            let inputs = args.input.inputs.clone();
            let many = corpus::is_corpus_input(&inputs) || args.input_format == TokenizeInput::Jsonl || args.corpus.any_corpus_option();
            let mode = if many { corpus::Mode::Corpus } else { corpus::Mode::Single };
            let input_format = if args.input_format == TokenizeInput::Jsonl { corpus::InputFormat::Jsonl } else { corpus::InputFormat::Text };
            let format = corpus::OutFormat::Tokens { words: args.words, original: args.original };
            let fingerprint = format!(
                "tokenize {:?} {:?} {} {} {}{}",
                inputs,
                args.input_format,
                args.words,
                args.original,
                fields(&args.corpus),
                norm_fingerprint(&args.norm)
            );
            let pipeline = pipeline_for(&args.norm);
            corpus::run(mode, inputs, input_format, format, &pipeline, &args.corpus, fingerprint, &mut out)?;
        }
        Command::Eval(args) => eval::run(&args)?,
        Command::Train(train) => match *train {
            TrainCommand::Lexicon(args) => train::run_lexicon(&args)?,
            TrainCommand::Tagger(args) => train_tagger::run_tagger(&args)?,
            TrainCommand::Parser(args) => train_parser::run_parser(&args)?,
            TrainCommand::Ner(args) => train_ner::run_ner(&args)?,
        },
    }
    out.flush()?;
    Ok(())
}

/// The pipeline with the normalization the options ask for (the default pipeline when they
/// are the defaults: `Pipeline::default` is this with the default configurations).
fn pipeline_for(norm: &norm_opts::NormalizeOpts) -> sokhan::Pipeline {
    sokhan::Pipeline::new(norm.config(), Default::default())
}

/// The normalization options in a resume fingerprint: nothing when they are the defaults, so
/// that checkpoints written before the options existed stay valid.
fn norm_fingerprint(norm: &norm_opts::NormalizeOpts) -> String {
    if norm.is_default() {
        String::new()
    } else {
        format!(" {:?}", norm.config())
    }
}

/// The options that change what a corpus run writes (a resume must use the same).
fn fields(c: &corpus::CorpusArgs) -> String {
    format!("{:?} {:?} {:?}", c.text_field, c.id_field, c.max_doc_bytes)
}

impl From<Format> for output::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Pretty => output::Format::Pretty,
            Format::Conllu => output::Format::Conllu,
            Format::Json | Format::Jsonl => output::Format::Json,
            Format::Tree => output::Format::Tree,
            Format::Svg => output::Format::Svg,
            Format::Html => output::Format::Html,
        }
    }
}

impl From<Format> for corpus::OutFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Pretty => corpus::OutFormat::Pretty,
            Format::Conllu => corpus::OutFormat::Conllu,
            Format::Json => corpus::OutFormat::Json,
            Format::Jsonl => corpus::OutFormat::Jsonl,
            // Drawn only by `output::analyze_text`/`analyze_conllu` (see `run`).
            Format::Tree | Format::Svg | Format::Html => corpus::OutFormat::Pretty,
        }
    }
}
