//! Reading input in line-aligned chunks, so memory stays bounded on any input size.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

// One definition of where a chunk may end, shared with the corpus reader.
use crate::corpus::source::{cut_point, has_newline, read_some};

/// Chunks are cut at the last line break after this many bytes.
const CHUNK: usize = 256 << 10;
/// A line longer than this is cut at whitespace (or a character boundary) instead.
const MAX_LINE: usize = 16 << 20;

/// Opens `path` (`-` is standard input).
pub fn open(path: &Path) -> Result<Box<dyn Read>> {
    if path.as_os_str() == "-" {
        Ok(Box::new(io::stdin().lock()))
    } else {
        let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        Ok(Box::new(f))
    }
}

/// Calls `f(chunk, offset)` for consecutive chunks of the input that end at a line break (or at
/// whitespace inside a very long line); `offset` is the chunk's byte offset in the whole input.
/// Invalid UTF-8 stops the run with an error giving the byte offset.
pub fn for_each_chunk(path: &Path, mut f: impl FnMut(&str, usize) -> Result<()>) -> Result<()> {
    let name = if path.as_os_str() == "-" { "standard input".to_string() } else { path.display().to_string() };
    let mut reader = open(path)?;
    let mut buf: Vec<u8> = Vec::with_capacity(CHUNK * 2);
    let mut offset = 0usize;
    let mut eof = false;
    while !eof || !buf.is_empty() {
        // Fill up to CHUNK bytes (more if no line break has been seen yet).
        // `scanned`: bytes already known to hold no line break (so a long line is scanned once).
        let mut scanned = 0;
        while !eof && (buf.len() < CHUNK || (!has_newline(&buf, &mut scanned) && buf.len() < MAX_LINE)) {
            let start = buf.len();
            buf.resize(start + CHUNK, 0);
            let n = read_some(&mut reader, &mut buf[start..]).with_context(|| format!("cannot read {name}"))?;
            buf.truncate(start + n);
            if n == 0 {
                eof = true;
            }
        }
        let cut = if eof { buf.len() } else { cut_point(&buf) };
        let chunk = &buf[..cut];
        // SIMD validation for the common (valid) case; std's for the error's position.
        let checked = match simdutf8::basic::from_utf8(chunk) {
            Ok(t) => Ok(t),
            Err(_) => std::str::from_utf8(chunk),
        };
        let text = match checked {
            Ok(t) => t,
            Err(e) => {
                // An incomplete character at a forced cut is not an error yet.
                if e.error_len().is_none() && !eof && e.valid_up_to() > 0 {
                    let valid = e.valid_up_to();
                    let text = std::str::from_utf8(&buf[..valid]).expect("checked");
                    f(text, offset)?;
                    offset += valid;
                    buf.drain(..valid);
                    continue;
                }
                // At offset 0, `buf` starts with the input's first bytes (a UTF-16 BOM?).
                let start: &[u8] = if offset == 0 { &buf } else { &[] };
                bail!("{name} is not valid UTF-8 at byte offset {}: {}", offset + e.valid_up_to(), sokhan::error::utf8_conversion_hint(start));
            }
        };
        f(text, offset)?;
        offset += cut;
        buf.drain(..cut);
    }
    Ok(())
}

/// Reads the whole input as UTF-8 (for formats that need it at once, e.g. CoNLL-U evaluation).
pub fn read_to_string(path: &Path) -> Result<String> {
    let name = if path.as_os_str() == "-" { "standard input".to_string() } else { path.display().to_string() };
    let mut bytes = Vec::new();
    open(path)?.read_to_end(&mut bytes).with_context(|| format!("cannot read {name}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let hint = sokhan::error::utf8_conversion_hint(e.as_bytes());
        anyhow::anyhow!("{name} is not valid UTF-8 at byte offset {}: {hint}", e.utf8_error().valid_up_to())
    })
}
