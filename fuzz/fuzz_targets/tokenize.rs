#![no_main]
//! Normalizer + sentence splitter + tokenizer (the `sokhan tokenize` path) on arbitrary text:
//! no panic; sentences and tokens are in order, non-empty, inside the normalized text, and
//! every token's words tile the token; the tokens-only path (`segment_tokens`, used by
//! `sokhan tokenize` without `--words`) gives the same sentences and token boundaries.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let pipeline = sokhan::Pipeline::default();
    let (normalized, sentences) = pipeline.segment(&text);
    let norm = normalized.as_str();
    let mut last = 0;
    for s in &sentences {
        let sr = s.range();
        assert!(sr.start >= last && sr.end <= norm.len());
        for t in &s.tokens {
            let r = t.range();
            assert!(r.start >= last && r.start < r.end && r.end <= norm.len(), "token in order");
            assert!(norm.is_char_boundary(r.start) && norm.is_char_boundary(r.end));
            assert!(!norm[r.clone()].contains(char::is_whitespace), "no whitespace in a token");
            let words = t.words();
            assert_eq!(words.first().map(|(w, _)| w.start), Some(r.start));
            assert_eq!(words.last().map(|(w, _)| w.end), Some(r.end));
            for w in words.windows(2) {
                assert_eq!(w[0].0.end, w[1].0.start, "words tile the token");
            }
            let src = normalized.source_range(r.clone());
            assert!(src.end <= text.len() && text.is_char_boundary(src.start) && text.is_char_boundary(src.end));
            last = r.end;
        }
    }
    let (_, lazy) = pipeline.segment_tokens(&text);
    let bounds = |ss: &[sokhan::segment::SegSentence]| -> Vec<Vec<std::ops::Range<usize>>> {
        ss.iter().map(|s| s.tokens.iter().map(|t| t.range()).collect()).collect()
    };
    assert_eq!(bounds(&sentences), bounds(&lazy), "segment_tokens keeps the boundaries");
    // Text that no rule touched (control characters, odd whitespace left in) must segment too.
    let raw = sokhan::Pipeline::new(sokhan::NormalizerConfig::none(), Default::default());
    let (n2, s2) = raw.segment(&text);
    assert_eq!(n2.as_str(), &*text);
    let mut last = 0;
    for t in s2.iter().flat_map(|s| &s.tokens) {
        assert!(t.range().start >= last && t.range().start < t.range().end, "token in order");
        last = t.range().end;
    }
});
