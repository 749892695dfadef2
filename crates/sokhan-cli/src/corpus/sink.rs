//! Where output goes, written so that a kill never leaves a half-written file and an
//! interrupted run can resume.
//!
//! - `--out FILE`: output goes to `FILE.partial`, errors to `ERRORS.partial`; both are renamed
//!   into place when the run completes.
//! - `--out DIR`: output goes to shards `DIR/part-00000.EXT`, … each written as `.partial` and
//!   renamed when full (at a document boundary) or when the run completes; `DIR/manifest.json`
//!   tells the counts of a completed run.
//! - In both cases a checkpoint (`FILE.checkpoint.json` / `DIR/checkpoint.json`, rewritten
//!   atomically, after the output it counts is flushed and synced) records how many input
//!   documents are done and how long the partial files were then. `--resume` truncates the
//!   partial files to those lengths and skips those documents, so nothing is written twice and
//!   nothing is skipped.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The state a resumed run starts from.
#[derive(Serialize, Deserialize, Debug, Default, Clone)]
pub struct Checkpoint {
    /// What the run was (inputs and options): a resume must be the same run.
    pub fingerprint: String,
    /// Input documents fully written (analysed or reported).
    pub docs_done: u64,
    pub analysed: u64,
    pub failed: u64,
    pub words: u64,
    /// Current shard number (directory output).
    pub shard: u32,
    /// Length of the current partial output file.
    pub out_bytes: u64,
    /// Length of the partial error report.
    pub errors_bytes: u64,
}

/// Output destination.
pub enum Out<'a> {
    Stdout(&'a mut dyn Write),
    File { path: PathBuf, w: BufWriter<File>, bytes: u64 },
    Dir { dir: PathBuf, ext: &'static str, shard: u32, w: BufWriter<File>, bytes: u64 },
}

/// Error report destination.
pub enum Errors {
    Stderr,
    File { path: PathBuf, w: BufWriter<File>, bytes: u64 },
}

fn partial(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".partial");
    PathBuf::from(s)
}

fn shard_path(dir: &Path, shard: u32, ext: &str) -> PathBuf {
    dir.join(format!("part-{shard:05}.{ext}"))
}

/// Whether `--out PATH` names a directory.
pub fn is_dir_target(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with('/')
}

/// Where the checkpoint of `--out PATH` lives.
pub fn checkpoint_path(out: &Path) -> PathBuf {
    if is_dir_target(out) {
        out.join("checkpoint.json")
    } else {
        let mut s = out.as_os_str().to_owned();
        s.push(".checkpoint.json");
        PathBuf::from(s)
    }
}

/// The default error report for `--out PATH`.
pub fn default_errors_path(out: &Path) -> PathBuf {
    if is_dir_target(out) {
        out.join("errors.jsonl")
    } else {
        let mut s = out.as_os_str().to_owned();
        s.push(".errors.jsonl");
        PathBuf::from(s)
    }
}

/// Reads the checkpoint of an interrupted run, if any.
pub fn read_checkpoint(out: &Path) -> Result<Option<Checkpoint>> {
    let path = checkpoint_path(out);
    match fs::read(&path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes).with_context(|| format!("cannot read checkpoint {}: rerun without --resume to start over", path.display()))?)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read checkpoint {}", path.display())),
    }
}

/// Opens `path` for writing, truncated to `keep` bytes (0: a new file), positioned at its end.
fn open_at(path: &Path, keep: u64) -> Result<BufWriter<File>> {
    let mut f = if keep == 0 {
        File::create(path).with_context(|| format!("cannot create {}", path.display()))?
    } else {
        let mut f = OpenOptions::new().write(true).open(path).with_context(|| format!("cannot reopen {} to resume: rerun without --resume to start over", path.display()))?;
        let len = f.metadata()?.len();
        if len < keep {
            bail!("{} is shorter ({len} bytes) than its checkpoint says ({keep}): rerun without --resume to start over", path.display());
        }
        f.set_len(keep)?;
        f.seek(SeekFrom::End(0))?;
        f
    };
    f.flush()?;
    Ok(BufWriter::with_capacity(1 << 20, f))
}

impl<'a> Out<'a> {
    /// Opens the output for a fresh run (`resume` None) or for resuming from a checkpoint.
    pub fn open(target: Option<&Path>, stdout: &'a mut dyn Write, ext: &'static str, resume: Option<&Checkpoint>) -> Result<Out<'a>> {
        let Some(target) = target else { return Ok(Out::Stdout(stdout)) };
        if is_dir_target(target) {
            let dir = target.to_path_buf();
            fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
            let (shard, keep) = match resume {
                Some(cp) => {
                    let p = partial(&shard_path(&dir, cp.shard, ext));
                    let done = shard_path(&dir, cp.shard, ext);
                    // Killed between renaming a full shard and the next checkpoint: reopen it.
                    if !p.exists() && done.exists() {
                        fs::rename(&done, &p)?;
                    }
                    (cp.shard, cp.out_bytes)
                }
                None => {
                    remove_stale(&dir, ext)?;
                    (0, 0)
                }
            };
            let w = open_at(&partial(&shard_path(&dir, shard, ext)), keep)?;
            Ok(Out::Dir { dir, ext, shard, w, bytes: keep })
        } else {
            if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
            }
            let keep = resume.map_or(0, |cp| cp.out_bytes);
            let w = open_at(&partial(target), keep)?;
            Ok(Out::File { path: target.to_path_buf(), w, bytes: keep })
        }
    }

    /// Flushes and syncs what was written (so a checkpoint may count it).
    pub fn sync(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(w) => w.flush(),
            Out::File { w, .. } | Out::Dir { w, .. } => {
                w.flush()?;
                w.get_ref().sync_data()
            }
        }
    }

    /// Directory output: whether `more` bytes written now would fill the current shard.
    pub fn would_fill(&self, more: u64, limit: u64) -> bool {
        matches!(self, Out::Dir { bytes, .. } if *bytes + more >= limit)
    }

    /// Directory output: closes the current shard once it is full (call between documents).
    pub fn maybe_roll(&mut self, limit: u64) -> Result<bool> {
        let Out::Dir { dir, ext, shard, w, bytes } = self else { return Ok(false) };
        if *bytes < limit {
            return Ok(false);
        }
        w.flush()?;
        w.get_ref().sync_data()?;
        let done = shard_path(dir, *shard, ext);
        fs::rename(partial(&done), &done)?;
        *shard += 1;
        *w = open_at(&partial(&shard_path(dir, *shard, ext)), 0)?;
        *bytes = 0;
        Ok(true)
    }

    /// Where the checkpoint stands: (shard, bytes of the current partial file).
    pub fn position(&self) -> (u32, u64) {
        match self {
            Out::Stdout(_) => (0, 0),
            Out::File { bytes, .. } => (0, *bytes),
            Out::Dir { shard, bytes, .. } => (*shard, *bytes),
        }
    }

    /// Completes the output: renames partial files into place. An empty last shard is
    /// dropped unless it is the only one.
    pub fn finish(self) -> Result<u32> {
        match self {
            Out::Stdout(w) => {
                w.flush()?;
                Ok(0)
            }
            Out::File { path, mut w, .. } => {
                w.flush()?;
                w.get_ref().sync_data()?;
                fs::rename(partial(&path), &path).with_context(|| format!("cannot write {}", path.display()))?;
                Ok(1)
            }
            Out::Dir { dir, ext, shard, mut w, bytes } => {
                w.flush()?;
                w.get_ref().sync_data()?;
                let done = shard_path(&dir, shard, ext);
                if bytes == 0 && shard > 0 {
                    fs::remove_file(partial(&done))?;
                    Ok(shard)
                } else {
                    fs::rename(partial(&done), &done)?;
                    Ok(shard + 1)
                }
            }
        }
    }
}

impl Write for Out<'_> {
    /// Writes all of `bytes` (or fails).
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Out::Stdout(w) => w.write_all(bytes)?,
            Out::File { w, bytes: n, .. } | Out::Dir { w, bytes: n, .. } => {
                *n += bytes.len() as u64;
                w.write_all(bytes)?
            }
        }
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write(bytes).map(|_| ())
    }

    /// Flushes to the operating system (what a kill would leave).
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::Stdout(w) => w.flush(),
            Out::File { w, .. } | Out::Dir { w, .. } => w.flush(),
        }
    }
}

/// A fresh run into a directory starts clean: earlier shards, checkpoint and manifest go.
fn remove_stale(dir: &Path, ext: &str) -> Result<()> {
    for e in fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let shard = name.strip_prefix("part-").is_some_and(|rest| {
            let rest = rest.strip_suffix(".partial").unwrap_or(rest);
            rest.strip_suffix(ext).is_some_and(|r| r.ends_with('.') && r[..r.len() - 1].bytes().all(|b| b.is_ascii_digit()))
        });
        if shard || name == "checkpoint.json" || name == "manifest.json" {
            fs::remove_file(e.path())?;
        }
    }
    Ok(())
}

impl Errors {
    pub fn open(path: Option<&Path>, resume: Option<&Checkpoint>) -> Result<Errors> {
        let Some(path) = path else { return Ok(Errors::Stderr) };
        let keep = resume.map_or(0, |cp| cp.errors_bytes);
        let w = open_at(&partial(path), keep)?;
        Ok(Errors::File { path: path.to_path_buf(), w, bytes: keep })
    }

    /// Reports one failed document.
    pub fn report(&mut self, entry: &ErrorEntry) -> io::Result<()> {
        match self {
            Errors::Stderr => {
                let line = if entry.line > 0 { format!(", line {}", entry.line) } else { String::new() };
                eprintln!("sokhan: failed document {:?} ({}{line}, byte {}): {}", entry.id, entry.source, entry.offset, entry.reason);
                Ok(())
            }
            Errors::File { w, bytes, .. } => {
                let mut buf = serde_json::to_vec(entry).map_err(io::Error::other)?;
                buf.push(b'\n');
                *bytes += buf.len() as u64;
                w.write_all(&buf)
            }
        }
    }

    pub fn sync(&mut self) -> io::Result<()> {
        match self {
            Errors::Stderr => Ok(()),
            Errors::File { w, .. } => {
                w.flush()?;
                w.get_ref().sync_data()
            }
        }
    }

    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Errors::Stderr => Ok(()),
            Errors::File { w, .. } => w.flush(),
        }
    }

    pub fn bytes(&self) -> u64 {
        match self {
            Errors::Stderr => 0,
            Errors::File { bytes, .. } => *bytes,
        }
    }

    pub fn finish(self) -> Result<Option<PathBuf>> {
        match self {
            Errors::Stderr => Ok(None),
            Errors::File { path, mut w, .. } => {
                w.flush()?;
                w.get_ref().sync_data()?;
                fs::rename(partial(&path), &path).with_context(|| format!("cannot write {}", path.display()))?;
                Ok(Some(path))
            }
        }
    }
}

/// One line of the error report.
#[derive(Serialize)]
pub struct ErrorEntry<'a> {
    pub id: &'a str,
    pub source: &'a str,
    /// Line number in the source (JSON Lines input), else 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub line: u64,
    /// Byte offset in the source where the problem is.
    pub offset: u64,
    pub reason: &'a str,
    /// Whether part of the document had already been written (a fault past its first chunk).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Writes `value` as JSON to `path` atomically (temporary file, sync, rename).
pub fn write_json_atomically<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut f = File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    serde_json::to_writer_pretty(&mut f, value)?;
    f.write_all(b"\n")?;
    f.sync_data()?;
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
