//! Placeholder until the eval command lands.
use std::path::PathBuf;
/// Arguments of `sokhan eval`.
#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Gold CoNLL-U.
    gold: PathBuf,
    /// System CoNLL-U.
    system: PathBuf,
}
/// Runs the evaluation.
pub fn run(args: &EvalArgs) -> anyhow::Result<()> {
    anyhow::bail!("eval not built yet: {:?} {:?}", args.gold, args.system)
}
