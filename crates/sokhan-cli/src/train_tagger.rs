//! `sokhan train tagger`: trains the UPOS/XPOS/FEATS tagger (averaged perceptron) and writes
//! the model file that the library embeds.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sokhan::tag::{bijankhan, Part, Tagger, TrainData, TrainOptions, TrainSentence, TrainWord};
use sokhan::{conllu, Normalizer};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `sokhan train tagger`.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainTaggerArgs {
    /// Training treebanks in the target (PerDT) scheme, CoNLL-U.
    #[arg(long, num_args = 1.., default_value = "target/splits/perdt-train.conllu")]
    pub train: Vec<PathBuf>,
    /// Development treebank, only scored after each epoch (never trained on).
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, default_value = "crates/sokhan/models/tagger.skm")]
    pub out: PathBuf,
    /// Passes over the training treebanks.
    #[arg(long, default_value_t = 9)]
    pub epochs: usize,
    /// Passes over the Bijankhan corpus (auxiliary pass).
    #[arg(long, default_value_t = 6)]
    pub aux_epochs: usize,
    /// Seed of the shuffling: the same data and seed give the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Bijankhan `token<TAB>tag` corpus for the auxiliary pass (coarse tags and ezafe).
    #[arg(long, default_value = "../shared/data/bijankhan-train.tsv")]
    pub bijankhan: PathBuf,
    /// Treebanks with other conventions whose per-word UPOS distribution is used as a feature.
    #[arg(long, num_args = 0.., default_value = "../shared/data/seraji-dev.conllu")]
    pub secondary: Vec<PathBuf>,
    /// Raw tokenized text (one token a line, blank line between sentences) for word clusters.
    #[arg(long, default_value = "../shared/data/perdt-train-tokens.txt")]
    pub raw: Option<PathBuf>,
    /// Optional feature templates as a bit set (1 stems, 2 verb-analysis sets, 4 auxiliary
    /// trigrams); the default is the shipped model's.
    #[arg(long, default_value_t = sokhan::tag::DEFAULT_FEATURES)]
    pub features: u32,
    /// Frequent forms whose static feature scores are summed at load time (speed only).
    #[arg(long, default_value_t = TrainOptions::default().cached_forms)]
    pub cached_forms: usize,
    /// Self-training: how many sentences of `--unlabeled` to tag with a model trained on the
    /// gold sentences and add to the main pass's training data (0 = off).
    #[arg(long, default_value_t = 0)]
    pub self_train: usize,
    /// Raw text, one sentence a line, for `--self-train` (segmented as `sokhan analyze` does).
    #[arg(long, default_value = "../shared/data/perdt-train-raw.txt")]
    pub unlabeled: PathBuf,
    /// Beam width of the main pass (1: greedy left to right); with a beam the main pass is
    /// trained globally (structured perceptron, max-violation updates).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=15))]
    pub beam: u64,
    /// With `--beam`: early updates instead of max-violation updates.
    #[arg(long)]
    pub early_update: bool,
    /// Instead of training, K-fold cross-validate on the training treebanks (model selection
    /// without touching the validation slice) and print the held-out accuracy of every epoch.
    #[arg(long)]
    pub cv: Option<usize>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn treebank(path: &Path, norm: &Normalizer) -> Result<Vec<TrainSentence>> {
    let sents = conllu::parse(&read(path)?).with_context(|| format!("{} is not valid CoNLL-U", path.display()))?;
    Ok(sents.iter().map(|s| TrainSentence::from_conllu(s, norm)).collect())
}

/// The first `max` sentences of raw `text` (one a line) as syntactic words, segmented by the
/// pipeline without a tagger (as at run time), forms normalized.
fn unlabeled(text: &str, max: usize) -> Vec<TrainSentence> {
    let pipeline = sokhan::Pipeline::default().without_tagger();
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        for s in pipeline.analyze(line).sentences {
            let words: Vec<TrainWord> = s
                .tokens
                .iter()
                .flat_map(|t| {
                    let multi = t.words.len() > 1;
                    t.words.iter().enumerate().map(move |(i, w)| TrainWord {
                        form: w.norm.clone(),
                        part: match (multi, i) {
                            (false, _) => Part::Whole,
                            (true, 0) => Part::Host,
                            _ => Part::Clitic,
                        },
                        ..TrainWord::default()
                    })
                })
                .collect();
            if !words.is_empty() {
                out.push(TrainSentence { words });
            }
        }
        if out.len() >= max {
            break;
        }
    }
    out.truncate(max);
    out
}

/// Runs `sokhan train tagger`.
pub fn run_tagger(args: &TrainTaggerArgs) -> Result<()> {
    if let Some(p) = args.train.iter().find(|p| p.to_string_lossy().contains("perdt-val")) {
        bail!("{} looks like the validation slice; it must never be trained on (pass it with --dev)", p.display());
    }
    let norm = Normalizer::default();
    let start = Instant::now();
    let mut train = Vec::new();
    for p in &args.train {
        train.extend(treebank(p, &norm)?);
    }
    let dev = match &args.dev {
        Some(p) => treebank(p, &norm)?,
        None => Vec::new(),
    };
    let mut secondary = Vec::new();
    for p in &args.secondary {
        secondary.extend(treebank(p, &norm)?);
    }
    let bj = bijankhan::parse(&read(&args.bijankhan)?, &norm);
    let raw: Vec<Vec<String>> = match &args.raw {
        Some(p) => read(p)?
            .split("\n\n")
            .map(|s| norm.normalize(&s.replace('\n', " ")).as_str().split_whitespace().map(str::to_string).collect())
            .filter(|s: &Vec<String>| !s.is_empty())
            .collect(),
        None => Vec::new(),
    };
    let unlabeled = if args.self_train > 0 { unlabeled(&read(&args.unlabeled)?, args.self_train) } else { Vec::new() };
    let options = TrainOptions {
        epochs: args.epochs,
        aux_epochs: args.aux_epochs,
        seed: args.seed,
        features: args.features,
        cached_forms: args.cached_forms,
        self_train: args.self_train,
        beam: args.beam as usize,
        early_update: args.early_update,
        ..TrainOptions::default()
    };
    if let Some(k) = args.cv {
        let data = TrainData { sentences: &train, bijankhan: &bj, secondary: &secondary, raw: &raw, dev: &[], unlabeled: &unlabeled };
        let cv = Tagger::cross_validate(data, &options, k, &mut |p| {
            if p.stage == "bijankhan" {
                eprintln!("bijankhan {}/{}: train {:.2}%", p.epoch, p.epochs, p.train_accuracy * 100.0);
            }
        });
        println!("{k}-fold cross-validation on {} sentences, features {:#x} (pooled held-out accuracy):", train.len(), options.features);
        for (e, (u, x, f, all)) in cv.iter().enumerate() {
            println!("epoch {:>2}: UPOS {:.2}  XPOS {:.2}  FEATS {:.2}  all {:.2}", e + 1, u * 100.0, x * 100.0, f * 100.0, all * 100.0);
        }
        return Ok(());
    }
    let bar = ProgressBar::new((options.epochs + options.aux_epochs) as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} epochs  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("clustering words, reading lexicon");
    let (tagger, report) = Tagger::train_with_progress(
        TrainData { sentences: &train, bijankhan: &bj, secondary: &secondary, raw: &raw, dev: &dev, unlabeled: &unlabeled },
        &options,
        &mut |p| {
            bar.inc(1);
            let msg = match p.dev {
                Some((u, x, f, all)) => format!(
                    "{} {}/{}: train {:.2}%  dev UPOS {:.2} XPOS {:.2} FEATS {:.2} all {:.2}",
                    p.stage, p.epoch, p.epochs, p.train_accuracy * 100.0, u * 100.0, x * 100.0, f * 100.0, all * 100.0
                ),
                None => format!("{} {}/{}: train {:.2}%", p.stage, p.epoch, p.epochs, p.train_accuracy * 100.0),
            };
            if bar.is_hidden() {
                eprintln!("{msg}");
            } else {
                bar.println(&msg);
            }
            bar.set_message(msg);
        },
    );
    bar.finish_and_clear();
    let bytes = tagger.to_model_bytes().context("encoding the tagger model")?;
    crate::train::write_atomically(&args.out, &bytes)?;
    println!(
        "wrote {} ({:.2} MB) in {:.1}s: {} words, {} joint labels, {} Bijankhan tokens, {} coarse Bijankhan tags, {}+{} features",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        start.elapsed().as_secs_f64(),
        report.words,
        report.labels,
        report.aux_tokens,
        report.aux_labels,
        report.features.0,
        report.features.1
    );
    Ok(())
}
