//! Throughput of each stage, in bytes per second of input.
//!
//! Input: `../shared/data/perdt-train-raw.txt` when present (set `SOKHAN_BENCH_INPUT` to use
//! another file), else the bundled example repeated to 1 MB.
//!
//! `cargo bench -p sokhan --bench pipeline`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sokhan::{Normalizer, Pipeline};
use std::hint::black_box;
use std::path::PathBuf;

fn input() -> (String, String) {
    let candidates = [
        std::env::var_os("SOKHAN_BENCH_INPUT").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/perdt-train-raw.txt")),
    ];
    for path in candidates.into_iter().flatten() {
        if let Ok(text) = std::fs::read_to_string(&path) {
            return (path.display().to_string(), text);
        }
    }
    let example = include_str!("../../../examples/fa-news.txt");
    let text = example.repeat((1 << 20) / example.len() + 1);
    ("examples/fa-news.txt x N".to_string(), text)
}

fn stages(c: &mut Criterion) {
    let (name, text) = input();
    eprintln!("bench input: {name} ({} bytes)", text.len());
    let pipeline = Pipeline::default();
    let normalizer = Normalizer::default();
    // Load the embedded lexicon before timing.
    let _ = pipeline.analyze("آغاز");

    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("normalize", |b| b.iter(|| black_box(normalizer.normalize(black_box(&text)))));
    g.bench_function("normalize+split+tokenize", |b| b.iter(|| black_box(pipeline.segment(black_box(&text)))));
    g.bench_function("analyze (words, lemmas)", |b| b.iter(|| black_box(pipeline.analyze(black_box(&text)))));
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
