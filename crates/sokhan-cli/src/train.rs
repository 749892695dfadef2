//! `sokhan train lexicon`: builds the embedded lexicon model from the shared data files.

use anyhow::{Context, Result};
use sokhan::morph::build::{build_lexicon_model_with_stats, LexiconSources};
use std::path::{Path, PathBuf};

/// Arguments of `sokhan train lexicon`.
#[derive(clap::Args, Debug, Clone)]
pub struct TrainLexiconArgs {
    /// Directory holding `lexicon/{words,verbs,abbreviations,stopwords}.dat`.
    #[arg(long, default_value = "../shared/data")]
    pub data: PathBuf,
    /// Training treebanks (CoNLL-U) with PerDT lemma conventions.
    #[arg(long, num_args = 1.., default_value = "target/splits/perdt-train.conllu")]
    pub train: Vec<PathBuf>,
    /// Treebanks with other lemma conventions (e.g. Seraji); only their noun and adjective
    /// lemmas for unseen forms are used. None by default.
    #[arg(long, num_args = 1..)]
    pub secondary: Vec<PathBuf>,
    /// Bijankhan `token<TAB>tag` corpus used as evidence of inflection
    /// [default: DATA/bijankhan-train.tsv].
    #[arg(long)]
    pub bijankhan: Option<PathBuf>,
    /// Build without the Bijankhan evidence.
    #[arg(long)]
    pub no_bijankhan: bool,
    /// Where to write the model.
    #[arg(long, default_value = "crates/sokhan/models/lexicon.skm")]
    pub out: PathBuf,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then a rename.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow::anyhow!("cannot move {} to {}: {e}", tmp.display(), path.display())
    })
}

/// Runs `sokhan train lexicon`.
pub fn run_lexicon(args: &TrainLexiconArgs) -> Result<()> {
    let lex = args.data.join("lexicon");
    let src = LexiconSources {
        words_dat: read(&lex.join("words.dat"))?,
        verbs_dat: read(&lex.join("verbs.dat"))?,
        abbreviations_dat: read(&lex.join("abbreviations.dat"))?,
        stopwords_dat: read(&lex.join("stopwords.dat"))?,
        treebanks: args.train.iter().map(|p| read(p)).collect::<Result<_>>()?,
        secondary_treebanks: args.secondary.iter().map(|p| read(p)).collect::<Result<_>>()?,
        bijankhan_tsv: if args.no_bijankhan {
            String::new()
        } else {
            read(&args.bijankhan.clone().unwrap_or_else(|| args.data.join("bijankhan-train.tsv")))?
        },
    };
    let (bytes, stats) = build_lexicon_model_with_stats(&src).context("building the lexicon model")?;
    write_atomically(&args.out, &bytes)?;
    println!(
        "wrote {} ({:.2} MB): {} words, {} verbs, {} lemma-table forms from {} treebank words (+{} secondary), {} Bijankhan tokens",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        stats.words,
        stats.verbs,
        stats.lemma_forms,
        stats.treebank_words,
        stats.secondary_words,
        stats.bijankhan_tokens,
    );
    Ok(())
}
