//! NUL and the other control characters separate tokens and never become one (issue 25): a
//! NUL read from a file must not end up as a word written raw into CoNLL-U.

use sokhan::segment::SegmenterConfig;
use sokhan::{NormalizerConfig, Pipeline};

const CONTROLS: [char; 8] = ['\0', '\u{1}', '\u{8}', '\u{1b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}'];

fn check(pipeline: &Pipeline, text: &str) {
    let doc = pipeline.analyze(text);
    let tokens: Vec<_> = doc.sentences.iter().flat_map(|s| &s.tokens).collect();
    assert!(!tokens.is_empty(), "{text:?}");
    for t in &tokens {
        assert_eq!(t.form, &text[t.span.range()], "spans still point into the input");
        assert!(!t.form.chars().any(char::is_control), "control character in token {:?} of {text:?}", t.form);
        for w in &t.words {
            assert!(!w.form.chars().any(char::is_control) && !w.norm.chars().any(char::is_control), "{w:?}");
        }
    }
    // The words around the controls are found whole.
    let forms: Vec<&str> = tokens.iter().map(|t| t.form.as_str()).collect();
    assert!(forms.contains(&"سلام") && forms.contains(&"دنیا"), "{forms:?}");
    // CoNLL-U output carries no control character at all (# text included).
    let conllu = sokhan::conllu::write_document(&doc, None);
    assert!(!conllu.chars().any(|c| c.is_control() && c != '\n' && c != '\t'), "{conllu:?}");
}

#[test]
fn control_characters_separate_tokens_and_never_become_one() {
    let default = Pipeline::default().without_tagger();
    let raw = Pipeline::new(NormalizerConfig::none(), SegmenterConfig::default()).without_tagger();
    for c in CONTROLS {
        for text in [
            format!("سلام{c}دنیا"),
            format!("سلام {c} دنیا."),
            format!("{c}{c}سلام دنیا{c}"),
            format!("سلام{c}{c}.دنیا"),
            format!("سلام ۱۲{c}۳۴ دنیا"),
        ] {
            check(&default, &text);
            check(&raw, &text);
        }
    }
    // Only controls: nothing to analyse, and no panic.
    for text in ["\0", "\0\0\0\n\0", "\u{1}\u{7f}"] {
        let doc = default.analyze(text);
        assert_eq!(doc.sentences.iter().map(|s| s.tokens.len()).sum::<usize>(), 0, "{text:?}");
    }
}
