//! Throughput of each stage, in bytes per second of input.
//!
//! Input: `../shared/data/perdt-train-raw.txt` when present (set `SOKHAN_BENCH_INPUT` to use
//! another file), else the bundled example repeated to 1 MB.
//!
//! `cargo bench -p sokhan --bench pipeline` (`-- tagger` for the tagging group alone: words/s;
//! `-- models` for decoding the embedded model files; `-- lexicon` for single lookups).

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
    g.bench_function("normalize+split+tokenize", |b| b.iter(|| black_box(pipeline.segment_tokens(black_box(&text)))));
    g.bench_function("normalize+split+tokenize+clitics", |b| b.iter(|| black_box(pipeline.segment(black_box(&text)))));
    g.bench_function("analyze (words, lemmas)", |b| b.iter(|| black_box(pipeline.analyze(black_box(&text)))));
    g.finish();
}

/// Tagging alone (UPOS, XPOS, FEATS, ezafe), in words per second, on the words the pipeline
/// finds in the bench input's first 300 kB.
fn tagging(c: &mut Criterion) {
    let (_, text) = input();
    let cut = text.char_indices().map(|(i, _)| i).find(|&i| i >= 300_000).unwrap_or(text.len());
    let pipeline = Pipeline::default().without_tagger();
    let doc = pipeline.analyze(&text[..cut]);
    let sentences: Vec<(Vec<String>, Vec<sokhan::tag::Part>)> = doc
        .sentences
        .iter()
        .map(|s| {
            let mut words = Vec::new();
            let mut parts = Vec::new();
            for t in &s.tokens {
                for (i, w) in t.words.iter().enumerate() {
                    words.push(w.norm.clone());
                    parts.push(match (t.words.len() > 1, i) {
                        (false, _) => sokhan::tag::Part::Whole,
                        (true, 0) => sokhan::tag::Part::Host,
                        _ => sokhan::tag::Part::Clitic,
                    });
                }
            }
            (words, parts)
        })
        .collect();
    let n: usize = sentences.iter().map(|s| s.0.len()).sum();
    let tagger = sokhan::tag::Tagger::embedded();
    let mut g = c.benchmark_group("tagger");
    g.throughput(Throughput::Elements(n as u64));
    g.sample_size(10);
    g.bench_function("tag (words)", |b| {
        b.iter(|| {
            for (w, p) in &sentences {
                let w: Vec<&str> = w.iter().map(String::as_str).collect();
                black_box(tagger.tag_parts(black_box(&w), p));
            }
        })
    });
    g.finish();
}

/// Decoding each embedded model file from its bytes (what the first use of a model costs).
fn models(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models");
    let read = |name: &str| std::fs::read(dir.join(name)).expect("model file in the crate");
    let (lexicon, tagger, parser) = (read("lexicon.skm"), read("tagger.skm"), read("parser.skm"));
    let mut g = c.benchmark_group("models");
    g.sample_size(10);
    g.bench_function("load lexicon", |b| b.iter(|| black_box(sokhan::morph::Lexicon::from_model_bytes(black_box(&lexicon)).unwrap())));
    g.bench_function("load tagger", |b| b.iter(|| black_box(sokhan::tag::Tagger::from_model_bytes(black_box(&tagger)).unwrap())));
    g.bench_function("load parser", |b| b.iter(|| black_box(sokhan::parse::Parser::from_model_bytes(black_box(&parser)).unwrap())));
    g.finish();
}

/// Single lexicon queries on a mix of listed, inflected and unknown words.
fn lexicon(c: &mut Criterion) {
    let lex = sokhan::morph::Lexicon::embedded();
    let words = ["کتاب", "می‌باشد", "وزارتخانه", "ناشناخته‌ای", "و", "در", "ززززز", "همکاری‌های"];
    let mut g = c.benchmark_group("lexicon");
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("contains", |b| b.iter(|| words.iter().filter(|w| lex.contains(black_box(w))).count()));
    g.bench_function("knows", |b| b.iter(|| words.iter().filter(|w| lex.knows(black_box(w))).count()));
    g.finish();
}

criterion_group!(benches, stages, tagging, models, lexicon);
criterion_main!(benches);
