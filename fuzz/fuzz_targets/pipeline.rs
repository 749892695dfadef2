#![no_main]
//! Normalizer + segmenter + lemmatizer on arbitrary bytes: no panic, spans exact and ordered.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let pipeline = sokhan::Pipeline::default();
    let n = pipeline.normalizer().normalize(text);
    assert_eq!(pipeline.normalizer().normalize(n.as_str()).as_str(), n.as_str(), "idempotent");
    let doc = pipeline.analyze(text);
    let mut last = 0;
    for s in &doc.sentences {
        for t in &s.tokens {
            assert!(t.span.start >= last && t.span.end > t.span.start && t.span.end <= text.len());
            assert_eq!(t.form, &text[t.span.range()]);
            last = t.span.end;
        }
    }
});
