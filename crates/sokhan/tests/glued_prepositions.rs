//! A preposition typed onto the next word (`درپایان`) becomes a multiword token of two words,
//! with their own spans, tags and lemmas; attested forms and names stay whole.

use sokhan::Pipeline;

#[test]
fn glued_preposition_is_a_multiword_token() {
    let text = "درپایان جلسه، نمایندگان باتوجه به گزارش به باکو رفتند.";
    let doc = Pipeline::default().analyze(text);
    let tokens: Vec<_> = doc.sentences.iter().flat_map(|s| &s.tokens).collect();
    let first = tokens[0];
    assert_eq!(first.form, "درپایان");
    let words: Vec<(&str, &str, &str)> = first.words.iter().map(|w| (w.form.as_str(), w.lemma.as_str(), w.upos.as_str())).collect();
    assert_eq!(words, [("در", "در", "ADP"), ("پایان", "پایان", "NOUN")]);
    // The words' spans tile the token's span.
    assert_eq!(first.words[0].span.start, first.span.start);
    assert_eq!(first.words[0].span.end, first.words[1].span.start);
    assert_eq!(first.words[1].span.end, first.span.end);
    let with = tokens.iter().find(|t| t.form == "باتوجه").expect("token kept");
    assert_eq!(with.words.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["با", "توجه"]);
    // A listed place name that starts like a preposition is one word.
    let baku = tokens.iter().find(|t| t.form == "باکو").expect("token kept");
    assert_eq!(baku.words.len(), 1);
    // The normalized text itself is unchanged: the split is a tokenization decision.
    assert!(doc.normalized.starts_with("درپایان"));
}

#[test]
fn words_written_apart_and_clitics_are_unaffected() {
    let doc = Pipeline::default().analyze("در پایان، درسش را خواند.");
    let forms: Vec<Vec<&str>> = doc.sentences[0].tokens.iter().map(|t| t.words.iter().map(|w| w.form.as_str()).collect()).collect();
    assert_eq!(forms[0], ["در"]);
    assert_eq!(forms[1], ["پایان"]);
    assert_eq!(forms[3], ["درس", "ش"]);
}

#[test]
fn punctuation_is_glued_to_a_split_token_only_when_written_against_it() {
    let analyze = |text: &str| -> Vec<(String, usize)> {
        Pipeline::default().analyze(text).sentences.iter().flat_map(|s| &s.tokens).map(|t| (t.form.clone(), t.words.len())).collect()
    };
    // PerDT: `کتابش.` is one multiword token of three words.
    assert_eq!(analyze("او کتابش.")[1], ("کتابش.".to_string(), 3));
    // With a space before the full stop (removed by the normalizer) the stop is its own token.
    assert_eq!(analyze("او کتابش .")[1..], [("کتابش".to_string(), 2), (".".to_string(), 1)]);
}
