use super::*;

fn word(form: &str, upos: &str, head: usize, deprel: &str) -> TrainWord {
    TrainWord { form: form.into(), lemma: form.into(), upos: upos.into(), head, deprel: deprel.into(), ..TrainWord::default() }
}

/// A toy treebank written for this test: subject–object–verb sentences and a light verb.
fn toy() -> Vec<TrainSentence> {
    let mut out = Vec::new();
    for (subj, obj, verb) in [("مریم", "نامه", "نوشت"), ("علی", "کتاب", "خرید"), ("پدرم", "غذا", "پخت"), ("او", "در", "بست")] {
        out.push(TrainSentence {
            words: vec![
                word(subj, "PROPN", 4, "nsubj"),
                word(obj, "NOUN", 4, "obj"),
                word("را", "ADP", 2, "case"),
                word(verb, "VERB", 0, "root"),
                word(".", "PUNCT", 4, "punct"),
            ],
            treebank: 0,
        });
        out.push(TrainSentence {
            words: vec![word(subj, "PROPN", 3, "nsubj"), word("تصمیم", "NOUN", 3, "compound:lvc"), word("گرفت", "VERB", 0, "root"), word(".", "PUNCT", 3, "punct")],
            treebank: 0,
        });
    }
    out
}

fn is_tree(arcs: &[Arc<'_>]) -> bool {
    let n = arcs.len();
    if n == 0 {
        return true;
    }
    if arcs.iter().filter(|a| a.head == 0).count() != 1 || arcs.iter().any(|a| a.head > n) {
        return false;
    }
    // Every word reaches the root in at most n steps.
    (1..=n).all(|mut i| {
        for _ in 0..=n {
            if i == 0 {
                return true;
            }
            i = arcs[i - 1].head;
        }
        false
    })
}

#[test]
fn learns_a_toy_treebank_and_round_trips() {
    let data = toy();
    let opts = TrainOptions { epochs: 8, clusters: false, prune: 0.0, ..TrainOptions::default() };
    let parser = Parser::train(&data, &[], &data, &opts, &mut |_| {});
    let s = parser.score(&data);
    assert!(s.las > 95.0, "toy LAS {}", s.las);
    let bytes = parser.to_model_bytes().unwrap();
    let back = Parser::from_model_bytes(&bytes).unwrap();
    for sent in &data {
        assert_eq!(back.parse(&sent.parse_words()), parser.parse(&sent.parse_words()));
    }
    // A corrupt or foreign file is an error, not a panic.
    let mut bad = bytes.clone();
    let last = bad.len() - 1;
    bad[last] ^= 0x55;
    assert!(Parser::from_model_bytes(&bad).is_err());
    assert!(Parser::from_model_bytes(&bytes[..bytes.len() / 2]).is_err());
    let tagger_kind = model::encode(ModelKind::Tagger, &0u32).unwrap();
    let err = Parser::from_model_bytes(&tagger_kind).unwrap_err().to_string();
    assert!(err.contains("parser model was expected"), "{err}");
}

#[test]
fn untrained_and_embedded_parsers_give_trees() {
    let words: Vec<ParseWord<'_>> = ["ما", "به", "خانه", "رفتیم", "و", "خوابیدیم", "."]
        .iter()
        .map(|f| ParseWord { form: f, ..ParseWord::default() })
        .collect();
    for p in [&Parser::empty(), Parser::embedded()] {
        for n in 0..=words.len() {
            let arcs = p.parse(&words[..n]);
            assert_eq!(arcs.len(), n);
            assert!(is_tree(&arcs), "{arcs:?}");
        }
    }
}

#[test]
fn oracle_costs_lead_to_gold_on_training_data() {
    // With zero-cost choices only, a projective gold tree is reproduced exactly.
    for s in toy() {
        let gh: Vec<u32> = std::iter::once(0).chain(s.words.iter().map(|w| w.head as u32)).collect();
        let mut st = State::new(s.words.len());
        while !st.terminal() {
            let (sh, l, r) = st.costs(&gh);
            let c = if st.can_left() && l == 0 {
                left(1)
            } else if st.can_right() && r == 0 {
                right(1)
            } else {
                assert_eq!(sh, 0);
                SHIFT
            };
            st.apply(c);
        }
        assert_eq!(st.heads, gh);
    }
}

#[test]
fn embedded_model_decodes() {
    let p = Parser::from_model_bytes(EMBEDDED_MODEL).expect("the embedded parser model must decode; retrain it with `sokhan train parser`");
    assert!(p.labels().iter().any(|l| l == "compound:lvc"), "{:?}", p.labels());
    assert!(p.labels().iter().any(|l| l == "obl:arg"));
}

#[test]
fn very_long_and_repetitive_sentences_still_give_trees() {
    // A sentence far longer than any in the treebank (as a text without full stops gives).
    let forms: Vec<String> = (0..20_000).map(|i| if i % 7 == 6 { "و".to_string() } else { "کتاب".to_string() }).collect();
    let words: Vec<ParseWord<'_>> = forms.iter().map(|f| ParseWord { form: f, upos: "NOUN", ..ParseWord::default() }).collect();
    let parser = Parser::empty();
    let arcs = parser.parse(&words);
    assert_eq!(arcs.len(), words.len());
    assert!(is_tree(&arcs));
}
