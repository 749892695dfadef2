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
            // The words of a multiword token tile its span up to whitespace between them, each
            // non-empty and as written.
            if t.words.len() > 1 {
                let mut at = t.span.start;
                for w in &t.words {
                    assert!(w.span.start >= at && w.span.end > w.span.start, "word spans in order");
                    assert!(text[at..w.span.start].chars().all(char::is_whitespace), "word spans tile the token");
                    assert_eq!(w.form, &text[w.span.range()]);
                    at = w.span.end;
                }
                assert_eq!(at, t.span.end);
            }
            last = t.span.end;
        }
    }
});
