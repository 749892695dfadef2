//! `sokhan train parser`: jack-knifes the tagger over the training treebank (so the parser
//! learns from tags as noisy as at run time), trains the dependency parser and writes the
//! model file that the library embeds.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sokhan::parse::{self, Parser, TrainOptions, TrainSentence};
use sokhan::tag::{self, bijankhan, Tagger};
use sokhan::{conllu, Normalizer, Pipeline};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `sokhan train parser`.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainParserArgs {
    /// Training treebanks (gold CoNLL-U, PerDT scheme).
    #[arg(long, num_args = 1.., default_value = "target/splits/perdt-train.conllu")]
    pub train: Vec<PathBuf>,
    /// Development treebank (gold); tagged with the embedded tagger and scored after each epoch.
    #[arg(long)]
    pub dev: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, default_value = "crates/sokhan/models/parser.skm")]
    pub out: PathBuf,
    /// Passes over the training sentences.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    pub epochs: usize,
    /// Seed of shuffling and exploration: the same data and seed give the same model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Probability of following a wrong prediction while training (dynamic-oracle exploration).
    #[arg(long, default_value_t = TrainOptions::default().explore)]
    pub explore: f64,
    /// Averaged weights below this are dropped.
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    pub prune: f32,
    /// Train without word-cluster features.
    #[arg(long)]
    pub no_clusters: bool,
    /// Folds of tagger jack-knifing for the training tags (0: train on the gold tags).
    #[arg(long, default_value_t = 10)]
    pub jackknife: usize,
    /// Read the training data from this CoNLL-U file, whose tag and lemma columns are already
    /// predicted (as written by `--save-tagged`), instead of jack-knifing.
    #[arg(long, conflicts_with = "train")]
    pub tagged: Option<PathBuf>,
    /// Write the jack-knifed training data here (to reuse with `--tagged`).
    #[arg(long)]
    pub save_tagged: Option<PathBuf>,
    /// Extra training treebanks with other conventions (gold CoNLL-U, e.g. Seraji): tagged like
    /// the training data, their Seraji-only relations mapped to PerDT's (`nmod:poss` → `nmod`,
    /// `acl:relcl` → `acl`, `flat` → `flat:name`, ...), always trained on and never held out in
    /// `--cv` (e.g. `--secondary ../shared/data/seraji-dev.conllu`; not used for the shipped
    /// model, see the model card).
    #[arg(long, num_args = 0..)]
    pub secondary: Vec<PathBuf>,
    /// Raw tokenized text (one token a line, blank line between sentences): word clusters and
    /// the tagger's clusters during jack-knifing.
    #[arg(long, default_value = "../shared/data/perdt-train-tokens.txt")]
    pub raw: PathBuf,
    /// Bijankhan corpus for the jack-knifed taggers' auxiliary pass.
    #[arg(long, default_value = "../shared/data/bijankhan-train.tsv")]
    pub bijankhan: PathBuf,
    /// Treebanks whose per-form UPOS distributions the jack-knifed taggers use (as
    /// `sokhan train tagger --secondary`; must match the embedded tagger's training).
    #[arg(long, num_args = 0.., default_value = "../shared/data/seraji-dev.conllu")]
    pub tagger_secondary: Vec<PathBuf>,
    /// Self-training: parse this many sentences of the raw text with the first model and train
    /// a second one on the treebank plus those automatic trees.
    #[arg(long, default_value_t = 0)]
    pub self_train: usize,
    /// Like `--secondary`, but the tag and lemma columns are already predicted (e.g. Seraji
    /// retagged with `sokhan analyze --input-format conllu --format conllu --no-parse`), so they
    /// are used as they are.
    #[arg(long)]
    pub extra_tagged: Vec<PathBuf>,
    /// With `--self-train`: keep only raw sentences on which a second, right-to-left parser
    /// agrees with the first on every head and relation (tri-training-style agreement).
    #[arg(long)]
    pub agree: bool,
    /// Parse right to left.
    #[arg(long)]
    pub reverse: bool,
    /// Train on `--secondary` and `--extra-tagged` treebanks as if they were PerDT (plain
    /// concatenation). By default every training sentence gets a copy of each feature marked
    /// with its treebank besides the shared one, so the other treebanks' conventions are learnt
    /// apart: the PerDT copies are added to the shared weights when training ends, the others
    /// dropped.
    #[arg(long)]
    pub no_treebank_features: bool,
    /// With `--cv`: run only the first N folds (quicker held-out estimates).
    #[arg(long)]
    pub cv_folds: Option<usize>,
    /// Instead of training, K-fold cross-validate on the training data (model selection
    /// without touching the validation slice) and print pooled UAS/LAS after every epoch.
    #[arg(long)]
    pub cv: Option<usize>,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn gold(path: &Path) -> Result<Vec<conllu::Sentence>> {
    conllu::parse(&read(path)?).with_context(|| format!("{} is not valid CoNLL-U", path.display()))
}

fn raw_sentences(path: &Path, norm: &Normalizer) -> Result<Vec<Vec<String>>> {
    Ok(read(path)?
        .split("\n\n")
        .map(|s| norm.normalize(&s.replace('\n', " ")).as_str().split_whitespace().map(str::to_string).collect())
        .filter(|s: &Vec<String>| !s.is_empty())
        .collect())
}

/// Fills the tag and lemma columns of `s` with `pipeline`'s predictions (HEAD/DEPREL kept, ezafe
/// added to MISC).
fn retag(pipeline: &Pipeline, s: &mut conllu::Sentence) -> Result<()> {
    let (mut d, _) = s.to_doc_sentence(0);
    pipeline.annotate(&mut d);
    s.fill_from_doc(&d)?;
    for (row, w) in s.words_mut().zip(d.words()) {
        if w.misc.split('|').any(|m| m == "Ezafe=Yes") && !row.misc.split('|').any(|m| m == "Ezafe=Yes") {
            row.misc = if row.misc == "_" || row.misc.is_empty() { "Ezafe=Yes".into() } else { format!("{}|Ezafe=Yes", row.misc) };
        }
    }
    Ok(())
}

fn to_train(sents: &[conllu::Sentence], norm: &Normalizer) -> Vec<TrainSentence> {
    sents.iter().filter_map(|s| TrainSentence::from_conllu(s, norm)).collect()
}

/// Runs `sokhan train parser`.
pub fn run_parser(args: &TrainParserArgs) -> Result<()> {
    let all_inputs = args.train.iter().chain(&args.secondary).chain(&args.extra_tagged).chain(&args.tagged);
    if let Some(p) = all_inputs.into_iter().find(|p| p.to_string_lossy().contains("perdt-val")) {
        bail!("{} looks like the validation slice; it must never be trained on (pass it with --dev)", p.display());
    }
    let norm = Normalizer::default();
    let start = Instant::now();
    let plain = Pipeline::default().without_parser();
    let mut train_conllu = match &args.tagged {
        Some(p) => gold(p)?,
        None => {
            let mut v = Vec::new();
            for p in &args.train {
                v.extend(gold(p)?);
            }
            v
        }
    };
    let raw = if args.no_clusters && args.self_train == 0 { Vec::new() } else { raw_sentences(&args.raw, &norm)? };
    let mut secondary = Vec::new();
    for p in &args.secondary {
        secondary.extend(gold(p)?);
    }
    if args.tagged.is_none() {
        jackknife(args, &norm, &raw, &mut train_conllu, &mut secondary)?;
        if let Some(p) = &args.save_tagged {
            crate::train::write_atomically(p, conllu::write(&train_conllu).as_bytes())?;
            eprintln!("wrote the jack-knifed training data to {}", p.display());
        }
    } else {
        // The training data's tags were predicted beforehand; the other treebanks get the
        // embedded tagger's, which was not trained on their sentences (at most on their per-form
        // UPOS distributions, as the jack-knifed taggers are).
        for s in secondary.iter_mut() {
            retag(&plain, s)?;
        }
    }
    let train = to_train(&train_conllu, &norm);
    for p in &args.extra_tagged {
        secondary.extend(gold(p)?);
    }
    let mut extra = to_train(&secondary, &norm);
    for s in extra.iter_mut() {
        s.treebank = 1;
        for w in s.words.iter_mut() {
            w.deprel = to_perdt_relation(&w.deprel).to_string();
        }
    }
    let dev = match &args.dev {
        Some(p) => {
            let mut d = gold(p)?;
            for s in &mut d {
                retag(&plain, s)?;
            }
            to_train(&d, &norm)
        }
        None => Vec::new(),
    };
    let options = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        explore: args.explore,
        prune: args.prune,
        clusters: !args.no_clusters,
        reverse: args.reverse,
        // Without other treebanks the copies would only double every feature.
        treebank_features: !args.no_treebank_features && !extra.is_empty(),
        ..TrainOptions::default()
    };
    eprintln!(
        "training on {} sentences of the target treebank and {} of other treebanks ({})",
        train.len(),
        extra.len(),
        if extra.is_empty() { "none" } else if options.treebank_features { "treebank-marked features" } else { "plain concatenation" }
    );
    if let Some(k) = args.cv {
        return cross_validate(args, &train, &extra, &raw, &options, k.max(2));
    }
    let train = [train, extra].concat();
    // With self-training the parser is trained twice (the agreeing right-to-left parser's
    // epochs are not shown).
    let runs = if args.self_train > 0 { 2 } else { 1 };
    let bar = ProgressBar::new((runs * options.epochs) as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} epochs  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("clustering words");
    let mut on_epoch = |p: &parse::Progress| {
        bar.inc(1);
        let msg = match p.dev {
            Some(d) => format!("epoch {}/{}: train {:.2}%  dev UAS {:.2} LAS {:.2}", p.epoch, p.epochs, p.train_accuracy * 100.0, d.uas, d.las),
            None => format!("epoch {}/{}: train {:.2}%", p.epoch, p.epochs, p.train_accuracy * 100.0),
        };
        if bar.is_hidden() {
            eprintln!("{msg}");
        } else {
            bar.println(&msg);
        }
        bar.set_message(msg);
    };
    let parser = train_full(args, &train, &raw, &dev, &options, &mut on_epoch, &mut |m| bar.println(m));
    bar.finish_and_clear();
    let bytes = parser.to_model_bytes().context("encoding the parser model")?;
    crate::train::write_atomically(&args.out, &bytes)?;
    println!("wrote {} ({:.2} MB) in {:.1}s: {}", args.out.display(), bytes.len() as f64 / 1e6, start.elapsed().as_secs_f64(), parser.info());
    if !dev.is_empty() {
        let d = parser.score(&dev);
        println!("dev ({} words, predicted tags): UAS {:.2}  LAS {:.2}", d.words, d.uas, d.las);
    }
    Ok(())
}

/// Retags `train` (and `secondary`) with jack-knifed taggers: sentence `i` by a tagger that
/// never saw it. With `--jackknife 0` the gold tags stay.
fn jackknife(
    args: &TrainParserArgs,
    norm: &Normalizer,
    raw: &[Vec<String>],
    train: &mut [conllu::Sentence],
    secondary: &mut [conllu::Sentence],
) -> Result<()> {
    if args.jackknife == 0 {
        return Ok(());
    }
    let k = args.jackknife.max(2);
    let tag_train: Vec<tag::TrainSentence> = train.iter().map(|s| tag::TrainSentence::from_conllu(s, norm)).collect();
    let bj = bijankhan::parse(&read(&args.bijankhan)?, norm);
    let mut sj: Vec<tag::TrainSentence> = Vec::new();
    for p in &args.tagger_secondary {
        sj.extend(gold(p)?.iter().map(|s| tag::TrainSentence::from_conllu(s, norm)));
    }
    let raw_tokens = if raw.is_empty() { raw_sentences(&args.raw, norm)? } else { raw.to_vec() };
    let data = tag::TrainData { sentences: &tag_train, bijankhan: &bj, secondary: &sj, raw: &raw_tokens, dev: &[], unlabeled: &[] };
    let tag_options = tag::TrainOptions::default();
    let bar = ProgressBar::new((k * tag_options.epochs + tag_options.aux_epochs) as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} tagger epochs  jack-knifing the tagger ({msg})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(format!("{k} folds"));
    let taggers = Tagger::jackknife(data, &tag_options, k, &mut |_| bar.inc(1));
    bar.finish_and_clear();
    let pipelines: Vec<Pipeline> = taggers.into_iter().map(|t| Pipeline::default().without_parser().with_tagger(t)).collect();
    for (i, s) in train.iter_mut().enumerate() {
        retag(&pipelines[i % k], s)?;
    }
    // Other treebanks' sentences are no fold's tagger training data (at most their per-form
    // UPOS distributions are, for every fold alike): any fold's tagger will do for them.
    for s in secondary.iter_mut() {
        retag(&pipelines[0], s)?;
    }
    Ok(())
}

/// Trains a parser on `train`; with `--self-train`, then parses raw sentences with it (and,
/// with `--agree`, a right-to-left parser), and trains again on the treebank plus those trees.
fn train_full(
    args: &TrainParserArgs,
    train: &[TrainSentence],
    raw: &[Vec<String>],
    dev: &[TrainSentence],
    options: &TrainOptions,
    on_epoch: &mut dyn FnMut(&parse::Progress),
    say: &mut dyn FnMut(String),
) -> Parser {
    let parser = Parser::train(train, raw, dev, options, on_epoch);
    if args.self_train == 0 {
        return parser;
    }
    let other = if args.agree {
        let o = TrainOptions { reverse: !options.reverse, ..options.clone() };
        Some(Parser::train(train, raw, &[], &o, &mut |_| {}))
    } else {
        None
    };
    let auto = self_train_data(&parser, other.as_ref(), raw, args.self_train);
    say(format!("self-training: {} automatically parsed sentences added", auto.len()));
    let mut both = train.to_vec();
    both.extend(auto);
    Parser::train(&both, raw, dev, options, on_epoch)
}

/// Parses up to `n` raw sentences (3 to 40 words) with the embedded tagger and `parser`; with
/// `other`, keeps only the sentences whose trees the two parsers agree on.
fn self_train_data(parser: &Parser, other: Option<&Parser>, raw: &[Vec<String>], n: usize) -> Vec<TrainSentence> {
    let pipeline = Pipeline::default().with_parser(parser.clone());
    let mut out = Vec::new();
    for s in raw.iter().filter(|s| (3..=40).contains(&s.len())) {
        if out.len() >= n {
            break;
        }
        let mut doc = pipeline.analyze(&s.join(" "));
        if let Some(o) = other {
            let first: Vec<_> = doc.sentences.iter().flat_map(|s| s.words().map(|w| (w.head, w.deprel.clone()))).collect();
            for sent in &mut doc.sentences {
                o.parse_sentence(sent);
            }
            let second: Vec<_> = doc.sentences.iter().flat_map(|s| s.words().map(|w| (w.head, w.deprel.clone()))).collect();
            if first != second {
                continue;
            }
        }
        for sent in &doc.sentences {
            let words: Vec<parse::TrainWord> = sent
                .words()
                .map(|w| parse::TrainWord {
                    form: w.norm.clone(),
                    lemma: w.lemma.clone(),
                    upos: w.upos.clone(),
                    xpos: w.xpos.clone(),
                    feats: w.feats.clone(),
                    ezafe: w.misc.split('|').any(|m| m == "Ezafe=Yes"),
                    head: w.head.unwrap_or(0),
                    deprel: w.deprel.clone(),
                })
                .collect();
            if !words.is_empty() {
                out.push(TrainSentence { words, treebank: 0 });
            }
        }
    }
    out
}

/// A Seraji relation in PerDT's inventory (PerDT has no `nmod:poss`, `acl:relcl`, `flat`...).
fn to_perdt_relation(rel: &str) -> &str {
    match rel {
        "nmod:poss" => "nmod",
        "acl:relcl" => "acl",
        "flat" | "flat:foreign" => "flat:name",
        "compound:prt" | "compound" => "compound:lvc",
        "aux:pass" => "aux",
        "det:predet" => "det",
        "cc:preconj" => "cc",
        "dislocated" => "dep",
        r => r,
    }
}

fn cross_validate(args: &TrainParserArgs, train: &[TrainSentence], extra: &[TrainSentence], raw: &[Vec<String>], options: &TrainOptions, k: usize) -> Result<()> {
    let mut pooled = vec![(0.0f64, 0.0f64, 0usize); options.epochs];
    for fold in 0..args.cv_folds.unwrap_or(k).min(k) {
        let tr: Vec<TrainSentence> =
            train.iter().enumerate().filter(|(i, _)| i % k != fold).map(|(_, s)| s.clone()).chain(extra.iter().cloned()).collect();
        let dv: Vec<TrainSentence> = train.iter().enumerate().filter(|(i, _)| i % k == fold).map(|(_, s)| s.clone()).collect();
        // With self-training, the last training run's epochs are the ones that count.
        let mut epochs = vec![(0.0f64, 0.0f64, 0usize); options.epochs];
        train_full(
            args,
            &tr,
            raw,
            &dv,
            options,
            &mut |p| {
                if let Some(d) = p.dev {
                    epochs[p.epoch - 1] = (d.uas * d.words as f64, d.las * d.words as f64, d.words);
                }
            },
            &mut |m| eprintln!("{m}"),
        );
        for (e, f) in pooled.iter_mut().zip(&epochs) {
            e.0 += f.0;
            e.1 += f.1;
            e.2 += f.2;
        }
        eprintln!("fold {}/{k} done", fold + 1);
    }
    println!("{k}-fold cross-validation on {} sentences (pooled held-out, predicted tags):", train.len());
    for (e, (u, l, n)) in pooled.iter().enumerate() {
        let n = (*n).max(1) as f64;
        println!("epoch {:>2}: UAS {:.2}  LAS {:.2}", e + 1, u / n, l / n);
    }
    Ok(())
}
