//! Ezafe in the data model: the `ezafe` field, MISC `Ezafe=Yes`, and their agreement.

use sokhan::{conllu, Pipeline};

#[test]
fn written_ezafe_is_always_marked() {
    // `هٔ` at the end of a word is the ezafe written out.
    let doc = Pipeline::default().analyze("خانهٔ پدربزرگ در روستا بود.");
    let first = doc.sentences[0].words().next().unwrap();
    assert_eq!(first.ezafe, Some(true));
    assert!(first.misc.split('|').any(|e| e == "Ezafe=Yes"));
    // The sentence-final verb never carries one.
    let verb = doc.sentences[0].words().find(|w| w.form == "بود").unwrap();
    assert_eq!(verb.ezafe, Some(false));
    assert!(!verb.misc.contains("Ezafe"));
}

#[test]
fn no_tagger_means_unknown_ezafe() {
    let doc = Pipeline::default().without_tagger().analyze("خانهٔ پدربزرگ");
    assert!(doc.sentences[0].words().all(|w| w.ezafe.is_none()));
}

#[test]
fn annotate_replaces_a_stale_ezafe_in_misc() {
    let text = "# text = او رفت.\n1\tاو\t_\t_\t_\t_\t_\t_\t_\tEzafe=Yes|Note=1\n2\tرفت\t_\t_\t_\t_\t_\t_\t_\tEzafe=Yes\n3\t.\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\n";
    let sentences = conllu::parse(text).expect("valid CoNLL-U");
    let pipeline = Pipeline::default();
    let (mut sentence, _) = sentences[0].to_doc_sentence(0);
    // What the input said is read into the field.
    assert_eq!(sentence.words().next().unwrap().ezafe, Some(true));
    pipeline.annotate(&mut sentence);
    let words: Vec<_> = sentence.words().collect();
    assert_eq!(words[1].ezafe, Some(false), "a verb before the full stop has no ezafe");
    assert_eq!(words[1].misc, "");
    assert_eq!(words[0].misc.matches("Ezafe=").count(), words[0].ezafe.unwrap() as usize);
    assert!(words[0].misc.contains("Note=1"));
}

#[test]
fn no_ezafe_inside_a_split_token() {
    // `کتاب` before its clitic `ش` and the clitic itself never take an ezafe, whatever the
    // tagger's ezafe pass would guess for a noun followed by a pronoun.
    let doc = Pipeline::default().analyze("دوستم کتاب‌هایش را به خانهٔ ما آورد.");
    for t in doc.sentences[0].tokens.iter().filter(|t| t.words.len() > 1) {
        assert!(t.words.iter().all(|w| w.ezafe == Some(false)), "{:?}", t.form);
        assert!(t.words.iter().all(|w| !w.misc.contains("Ezafe")), "{:?}", t.form);
    }
    assert!(doc.sentences[0].tokens.iter().any(|t| t.words.len() > 1), "the sentence has split tokens");
}

#[test]
fn an_ezafe_written_apart_after_heh_is_joined_and_marked() {
    // `خانه ی` (the ezafe written as a separate `ی`) becomes one word `خانه‌ی` with the
    // ezafe, lemma `خانه`; the original span still covers `خانه ی`.
    let text = "خانه ی ما بزرگ است.";
    let doc = Pipeline::default().analyze(text);
    let t = &doc.sentences[0].tokens[0];
    assert_eq!(&text[t.span.start..t.span.end], "خانه ی");
    assert_eq!(t.words.len(), 1);
    assert_eq!(t.words[0].norm, "خانه\u{200C}ی");
    assert_eq!(t.words[0].lemma, "خانه");
    assert_eq!(t.words[0].ezafe, Some(true));
    assert!(t.words[0].misc.contains("Ezafe=Yes"), "{}", t.words[0].misc);
}
