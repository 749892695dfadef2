//! Properties of the whole pipeline on arbitrary input: no panic, spans exact and in order,
//! every visible input character covered by exactly one token, normalization idempotent.

use proptest::prelude::*;
use sokhan::{Normalizer, Pipeline};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(Pipeline::default)
}

/// Characters a Persian text may realistically (or adversarially) contain.
fn persianish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "کتاب", "ها", "های", "می", "نمی", "باشد", "ش", "م", "ست", "است", "اند", " ", " ", " ", "\n", "\n\n", "\u{200C}",
        "\u{200C}\u{200C}", "\u{200D}", "\u{200E}", "\u{202B}", "\u{FEFF}", "ي", "ك", "ى", "ة", "ـ", "\u{064E}", "\u{0651}",
        "\u{0670}", "ﻻ", "ﺑ", "ﷲ", "٣", "۳", "3", ".", "،", "؛", "؟", "!", ":", "«", "»", "\"", "(", ")", "...", "…", "10.5",
        "1,250", "۱۴۰۲/۰۵/۱۲", "https://a.ir/x?y=1", "www.b.com.", "a@b.co", "#تگ", "@user", "😀", "👍🏽", "🇮🇷",
        "ق.م", "ه.ش.", "در", "با", "از", "پایان", "توجه", "هزار", "و", "صد", "چهار", "میلیون", "دلار", "درصد", "مهر", "۱۳۸۷",
        "دیروز", "ساعت", "تهران", "علی", "سازمان", "ملل", "99999", "۱۳", "۰", "A", "z", "é", "\t", "\r\n", "\u{0654}", "هٔ", "ۀ", "آ", "أ", "ئ", "-", "ـــ", "ییییی",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_document(text: &str) {
    let doc = pipeline().analyze(text);
    assert_eq!(doc.text, text);
    let mut last_end = 0;
    let mut covered = vec![false; text.len()];
    for s in &doc.sentences {
        assert!(!s.tokens.is_empty(), "empty sentence");
        assert!(s.span.start <= s.span.end && s.span.end <= text.len());
        for t in &s.tokens {
            assert!(t.span.start >= last_end, "tokens out of order or overlapping in {text:?}");
            assert!(t.span.end > t.span.start, "empty token in {text:?}");
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
            assert_eq!(t.form, &text[t.span.range()]);
            assert!(s.span.start <= t.span.start && t.span.end <= s.span.end);
            covered[t.span.range()].iter_mut().for_each(|c| *c = true);
            last_end = t.span.end;
            assert!(!t.words.is_empty());
            let mut wend = t.span.start;
            for w in &t.words {
                assert!(w.span.start >= t.span.start && w.span.end <= t.span.end, "word outside token in {text:?}");
                assert!(w.span.start >= wend || t.words.len() == 1, "words out of order in {text:?}");
                assert_eq!(w.form, &text[w.span.range()]);
                // The words of a multiword token tile it, up to whitespace between them (the
                // space that became the half-space of `نامه اش`): no other gap, no empty word,
                // no whitespace at a word's ends.
                if t.words.len() > 1 {
                    assert!(w.span.start >= wend && w.span.end > w.span.start, "empty or overlapping word in {text:?}");
                    assert!(text[wend..w.span.start].chars().all(char::is_whitespace), "words do not tile their token in {text:?}");
                    assert!(t.words.len() == 1 || w.form.trim() == w.form, "word form with whitespace at an end in {text:?}");
                }
                wend = w.span.end;
            }
            assert!(t.words.len() == 1 || wend == t.span.end, "words do not tile their token in {text:?}");
        }
        // Entities: whole tokens of the sentence, in order, never overlapping, text = the bytes.
        let mut prev_end = 0;
        for e in &s.entities {
            assert!(e.first_token < e.end_token && e.end_token <= s.tokens.len(), "entity tokens out of range in {text:?}");
            assert_eq!(e.span.start, s.tokens[e.first_token].span.start, "entity cuts a token in {text:?}");
            assert_eq!(e.span.end, s.tokens[e.end_token - 1].span.end, "entity cuts a token in {text:?}");
            assert!(e.first_token >= prev_end, "overlapping entities in {text:?}");
            assert_eq!(e.text, &text[e.span.range()]);
            prev_end = e.end_token;
        }
    }
    // Every visible character is inside a token. Invisible format characters (bidi marks,
    // zero-width spaces) and control characters (NUL, ...) between tokens are whitespace to
    // the tokenizer.
    for (i, c) in text.char_indices() {
        let invisible = c.is_whitespace()
            || c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}');
        if !invisible {
            assert!(covered[i], "character {c:?} at byte {i} not covered in {text:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn spans_cover_input_persianish(text in persianish()) {
        check_document(&text);
    }

    #[test]
    fn spans_cover_input_any_unicode(text in "\\PC{0,60}") {
        check_document(&text);
    }

    #[test]
    fn lemmas_of_plural_shaped_words(word in "[اآأئءبتثجحدرسشصطعفقکلمنوهیة\u{654}\u{64E}\u{200C}]{0,9}", upos in prop::sample::select(vec!["", "NOUN", "ADJ", "PROPN", "VERB", "ADP"])) {
        // The broken-plural patterns and suffix analyses run on short words made of the
        // letters they match: no panic, and a non-empty word keeps a non-empty lemma.
        let lex = sokhan::morph::Lexicon::embedded();
        let hint = (!upos.is_empty()).then_some(upos);
        let lemma = sokhan::morph::lemmatize(lex, &word, hint);
        prop_assert!(word.is_empty() || !lemma.is_empty(), "empty lemma for {:?}", word);
    }

    #[test]
    fn normalization_is_idempotent(text in persianish()) {
        let n = Normalizer::default();
        let once = n.normalize(&text);
        let twice = n.normalize(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str());
    }

    #[test]
    fn tokenization_survives_renormalization(text in persianish()) {
        // Analysing normalized text again gives the same token texts.
        let p = pipeline();
        let (n1, s1) = p.segment(&text);
        let (n2, s2) = p.segment(n1.as_str());
        let a: Vec<&str> = s1.iter().flat_map(|s| s.tokens.iter()).map(|t| &n1.as_str()[t.range()]).collect();
        let b: Vec<&str> = s2.iter().flat_map(|s| s.tokens.iter()).map(|t| &n2.as_str()[t.range()]).collect();
        prop_assert_eq!(a, b);
    }
}

#[test]
fn huge_line_without_spaces_does_not_blow_up() {
    let text = "ب".repeat(200_000);
    check_document(&text);
}

#[test]
fn bidi_and_presentation_forms_are_covered() {
    check_document("\u{202B}ﻛﺘﺎﺏ\u{202C} ﻻ\u{200F} ـــکتاب\u{064E}\u{200C}\u{200C}ها");
}

/// Inputs the fuzzer (fuzz/fuzz_targets/pipeline.rs) once broke; each must stay fixed.
#[test]
fn fuzz_regressions() {
    let cases = [
        // Overlapping tokens around a stray hamza above and squeezed Latin repeats.
        "\u{06A9},U  \u{0645}\u{06CC} \u{0654}qqqqq.qqqqqqQq.qqqqqqqqqqqqqqqqq\u{0627}.\n",
        // Two imperfective prefixes: joining must be idempotent.
        "\u{0687}\u{0627}\u{04CC}\u{0634} \u{0631}\u{0627}  \u{0645}\u{06CC}  \u{0645}\u{06CC} \u{062E}\u{0648}\u{0627}\u{0646}\u{062F}. \n2",
        // A lone kashida; a phrase ligature.
        "\u{0640}",
        "\u{FDFA}",
        // Run-together word with both a prefix and a suffix.
        "\u{0645}\u{06CC}\u{0628}\u{0627}\u{0634}\u{062F}\u{0647}\u{0627} ",
        // A comma written after a space behind a split token (`مرا ,`): the normalizer removes
        // the space, and the comma must not be glued into the multiword token across it.
        "\u{8}\0\"(\u{0645}\u{0631}\u{0627} ,\0\u{3} \"\u{1}",
    ];
    let n = Normalizer::default();
    for text in cases {
        check_document(text);
        let once = n.normalize(text);
        assert_eq!(n.normalize(once.as_str()).as_str(), once.as_str(), "idempotent on {text:?}");
    }
}
