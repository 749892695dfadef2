//! Inputs found by the `normalize` and `tokenize` fuzz targets (`fuzz/`), kept as tests: each
//! once broke an invariant the targets check; and the fuzzers' minimized corpus
//! (`fuzz/seeds/corpus.jsonl`, one JSON string a line), replayed through the same checks.

use sokhan::{Normalizer, Pipeline};

/// Normalization is idempotent and maps every output character back into the input in order.
fn check(text: &str) {
    let n = Normalizer::default();
    let once = n.normalize(text);
    assert_eq!(n.normalize(once.as_str()).as_str(), once.as_str(), "idempotent on {text:?}");
    let mut last = 0;
    for (i, c) in once.as_str().char_indices() {
        let r = once.source_range(i..i + c.len_utf8());
        assert!(r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(r.start >= last, "provenance out of order in {text:?}");
        last = r.start;
    }
    let pipeline = Pipeline::default().without_tagger();
    let doc = pipeline.analyze(text);
    for t in doc.sentences.iter().flat_map(|s| &s.tokens) {
        assert_eq!(t.form, &text[t.span.range()]);
    }
    // The tokens-only path (`sokhan tokenize` without `--words`) keeps every token boundary.
    let bounds = |ss: &[sokhan::segment::SegSentence]| -> Vec<Vec<std::ops::Range<usize>>> {
        ss.iter().map(|s| s.tokens.iter().map(|t| t.range()).collect()).collect()
    };
    let (n1, tokens_only) = pipeline.segment_tokens(text);
    assert_eq!(bounds(&pipeline.segment(text).1), bounds(&tokens_only), "token boundaries of {text:?}");
    // The streaming form of the same path gives the same sentences and tokens.
    let mut streamed = Vec::new();
    let n2 = pipeline.for_each_token_sentence(text, |_, tokens| streamed.push(tokens.iter().map(|t| t.range()).collect::<Vec<_>>()));
    assert_eq!(streamed, bounds(&tokens_only), "streamed sentences of {text:?}");
    assert_eq!(n1.as_str(), n2.as_str());
    // And the streaming form of the full path (`sokhan tokenize --words`) gives `segment`'s
    // tokens with the same syntactic words.
    let mut streamed = Vec::new();
    pipeline.for_each_word_sentence(text, |_, tokens| streamed.push(tokens.to_vec()));
    let listed: Vec<_> = pipeline.segment(text).1.into_iter().map(|s| s.tokens).collect();
    assert_eq!(streamed, listed, "streamed words of {text:?}");
    // Segmentation of text no rule has touched (vertical tabs and form feeds stay): ends, in
    // order, forms exact.
    let raw = Pipeline::new(sokhan::NormalizerConfig::none(), Default::default()).without_tagger();
    let mut last = 0;
    for t in raw.analyze(text).sentences.iter().flat_map(|s| &s.tokens) {
        assert!(t.span.start >= last && t.span.end > t.span.start, "token order in {text:?}");
        assert_eq!(t.form, &text[t.span.range()]);
        last = t.span.end;
    }
}

#[test]
fn vertical_tab_and_form_feed_end_tokens_without_normalization() {
    // The tokenizer looped forever on VT and FF when normalization left them in (review find).
    check("\x0B");
    check("کتاب\x0Cب\x0Bپ");
}

#[test]
fn tokens_only_segmentation_matches_on_our_example_text() {
    let text = include_str!("../../../bench/corpus_text.txt");
    check(text);
}

#[test]
fn a_preverb_prefix_before_a_joined_preverb_verb_stays_apart() {
    // A first pass joined the second pair only; a second pass then joined the first pair too.
    check("درمی درمی درمباندرمباند. \0\0;W.\u{FFFD}رمباندرمباند. \0\0;W.");
    check("درمی درمی درمباند.");
    check("می برمی گردد و برمی می گردد.");
}

#[test]
fn the_minimized_fuzz_corpus_keeps_every_invariant() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/seeds/corpus.jsonl");
    let corpus = std::fs::read_to_string(path).expect("fuzz/seeds/corpus.jsonl is part of the repository");
    let mut n = 0;
    for line in corpus.lines() {
        let text: String = serde_json::from_str(line).expect("one JSON string a line");
        check(&text);
        n += 1;
    }
    assert!(n > 100, "only {n} inputs");
}
