//! The lemma of a clitic agrees with its tag: `م` is the pronoun `من` after a noun
//! (`کتابم`, "my book") and the copula `هست` after an adjective (`امیدوارم`, "I am hopeful"),
//! as PerDT annotates them.

use sokhan::Pipeline;

fn clitic(doc: &sokhan::Document, token: &str) -> (String, String) {
    let t = doc.sentences.iter().flat_map(|s| &s.tokens).find(|t| t.form == token).expect("token present");
    assert_eq!(t.words.len(), 2, "{token} is split");
    (t.words[1].lemma.clone(), t.words[1].upos.clone())
}

#[test]
fn first_person_clitic_lemma_follows_its_tag() {
    let doc = Pipeline::default().analyze("امیدوارم که فردا بیایی. کتابم را خواندم.");
    let (lemma, upos) = clitic(&doc, "امیدوارم");
    assert_eq!((lemma.as_str(), upos.as_str()), ("هست", "VERB"));
    let (lemma, upos) = clitic(&doc, "کتابم");
    assert_eq!((lemma.as_str(), upos.as_str()), ("من", "PRON"));
}

#[test]
fn glide_pronoun_clitics_are_pronouns() {
    // After a final `ا`/`و` the clitic takes the glide (`صدایم` = `صدا` + `یم`, "my voice";
    // `پایت` = `پا` + `یت`, "your foot"): a personal pronoun with the person and number of
    // its form, never the copula `یم` ("we are").
    let doc = Pipeline::default().analyze("صدایم را شنیدی و پایت درد گرفت.");
    for (token, lemma, feats) in [("صدایم", "من", "Number=Sing|Person=1|PronType=Prs"), ("پایت", "تو", "Number=Sing|Person=2|PronType=Prs")] {
        let t = doc.sentences.iter().flat_map(|s| &s.tokens).find(|t| t.form == token).expect("token present");
        assert_eq!(t.words.len(), 2, "{token} is split");
        let w = &t.words[1];
        assert_eq!((w.upos.as_str(), w.xpos.as_str(), w.feats.as_str(), w.lemma.as_str()), ("PRON", "PR_JOPER", feats, lemma), "{token}");
    }
}
