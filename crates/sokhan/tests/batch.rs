//! `Pipeline::analyze_batch` and `analyze_batch_parallel`: the same documents as one call per
//! text, in input order, with every span inside its own text, whatever the texts and threads.

use proptest::prelude::*;
use sokhan::Pipeline;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::default)
}

fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "کتاب", "هایش", "می", " ", "\n", "\u{200C}", "ي", "ﻻ", ".", "؟", "!", "۱۲", "3.5", "https://a.ir/x", "😀", "را", "خواند",
    ]);
    prop::collection::vec(pieces, 0..25).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn batch_is_one_call_per_text_in_order(texts in prop::collection::vec(text(), 0..12), jobs in 0usize..4) {
        let p = pipeline();
        let expected: Vec<_> = texts.iter().map(|t| p.analyze(t)).collect();
        let parallel = p.analyze_batch_parallel(&texts, jobs);
        prop_assert_eq!(&parallel, &expected);
        let lazy: Vec<_> = p.analyze_batch(texts.iter()).collect();
        prop_assert_eq!(&lazy, &expected);
        for (doc, t) in parallel.iter().zip(&texts) {
            prop_assert_eq!(&doc.text, t);
            let mut last = 0;
            for tok in doc.sentences.iter().flat_map(|s| &s.tokens) {
                prop_assert!(tok.span.start >= last && tok.span.end <= t.len());
                prop_assert_eq!(&tok.form, &t[tok.span.range()]);
                last = tok.span.end;
            }
        }
    }
}
