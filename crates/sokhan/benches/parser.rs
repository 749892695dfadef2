//! Parsing throughput in syntactic words per second, single-threaded: the full pipeline with
//! and without the parser, and the parser alone on already tagged sentences.
//!
//! Input: the first 600 kB of `../shared/data/perdt-train-raw.txt` when present (set
//! `SOKHAN_BENCH_INPUT` to use another file), else the bundled example repeated.
//!
//! `cargo bench -p sokhan --bench parser`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sokhan::parse::Parser;
use sokhan::Pipeline;
use std::hint::black_box;
use std::path::PathBuf;

fn input() -> (String, String) {
    let candidates = [
        std::env::var_os("SOKHAN_BENCH_INPUT").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/perdt-train-raw.txt")),
    ];
    for path in candidates.into_iter().flatten() {
        if let Ok(mut text) = std::fs::read_to_string(&path) {
            // Whole lines only: cut at the first line break after 600 kB.
            if let Some(cut) = text.as_bytes().get(600_000..).and_then(|rest| rest.iter().position(|&b| b == b'\n')) {
                text.truncate(600_000 + cut + 1);
            }
            return (path.display().to_string(), text);
        }
    }
    let example = include_str!("../../../examples/fa-news.txt");
    ("examples/fa-news.txt x N".to_string(), example.repeat(600_000 / example.len() + 1))
}

fn parsing(c: &mut Criterion) {
    let (name, text) = input();
    let with_parser = Pipeline::default();
    let without = Pipeline::default().without_parser();
    let tagged = without.analyze(&text);
    let words: usize = tagged.sentences.iter().map(|s| s.words().count()).sum();
    eprintln!("bench input: {name} ({} bytes, {words} words)", text.len());
    let _ = with_parser.analyze("آغاز شد.");
    let parser = Parser::embedded();

    let mut g = c.benchmark_group("parser");
    g.throughput(Throughput::Elements(words as u64));
    g.sample_size(10);
    g.bench_function("analyze: normalize, segment, tag, lemmatize", |b| b.iter(|| black_box(without.analyze(black_box(&text)))));
    g.bench_function("analyze + parse", |b| b.iter(|| black_box(with_parser.analyze(black_box(&text)))));
    g.bench_function("parse only (tagged sentences)", |b| {
        b.iter(|| {
            let mut doc = tagged.clone();
            for s in &mut doc.sentences {
                parser.parse_sentence(s);
            }
            black_box(doc)
        })
    });
    g.finish();
}

criterion_group!(benches, parsing);
criterion_main!(benches);
