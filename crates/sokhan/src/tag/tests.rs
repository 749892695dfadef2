use super::*;

fn w(form: &str, part: Part, upos: &str, xpos: &str, feats: &str) -> TrainWord {
    TrainWord { form: form.into(), part, upos: upos.into(), xpos: xpos.into(), feats: feats.into() }
}

/// A few hand-made sentences in the PerDT scheme.
fn toy() -> Vec<TrainSentence> {
    let p = Part::Whole;
    let s1 = vec![
        w("من", p, "PRON", "PR_SEPER", "Number=Sing|Person=1"),
        w("کتاب", p, "NOUN", "N_IANM", "Number=Sing"),
        w("را", p, "ADP", "POSTP", ""),
        w("خواندم", p, "VERB", "V_ACT", "Number=Sing|Person=1|Tense=Past|Voice=Act"),
        w(".", p, "PUNCT", "PUNC", ""),
    ];
    let s2 = vec![
        w("دوست", Part::Host, "NOUN", "N_ANM", "Number=Sing"),
        w("ش", Part::Clitic, "PRON", "PR_JOPER", "Number=Sing|Person=3|PronType=Prs"),
        w("نامه", p, "NOUN", "N_IANM", "Number=Sing"),
        w("را", p, "ADP", "POSTP", ""),
        w("نوشت", p, "VERB", "V_ACT", "Number=Sing|Person=3|Tense=Past|Voice=Act"),
        w(".", p, "PUNCT", "PUNC", ""),
    ];
    let s3 = vec![
        w("این", p, "DET", "PREM_DEMAJ", ""),
        w("خانه", p, "NOUN", "N_IANM", "Number=Sing"),
        w("بزرگ", p, "ADJ", "ADJ_AJP", ""),
        w("است", p, "AUX", "AUX", "Number=Sing|Person=3|Tense=Pres"),
        w(".", p, "PUNCT", "PUNC", ""),
    ];
    [s1, s2, s3].into_iter().map(|words| TrainSentence { words }).collect()
}

fn toy_bijankhan() -> Vec<BijankhanSentence> {
    let s = |v: &[(&str, &str)]| BijankhanSentence { words: v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect() };
    vec![
        s(&[("کتاب", "N_SING_COM_GEN"), ("من", "PRO_DEF_NR_NIS_1"), ("را", "P_DEFI"), ("خواند", "V_PA_SIM_POS_3"), (".", "DELM")]),
        s(&[("خانه", "N_SING_COM"), ("بزرگ", "ADJ_SIM"), ("است", "V_PRE_SIM"), (".", "DELM")]),
    ]
}

fn train_toy(seed: u64) -> Tagger {
    let sents = toy();
    let bj = toy_bijankhan();
    let opts = TrainOptions { epochs: 8, aux_epochs: 4, seed, prune: 0.0, aux_prune: 0.0, ..TrainOptions::default() };
    Tagger::train(TrainData { sentences: &sents, bijankhan: &bj, ..TrainData::default() }, &opts).0
}

#[test]
fn learns_its_training_sentences() {
    let t = train_toy(3);
    for s in toy() {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let parts: Vec<Part> = s.words.iter().map(|w| w.part).collect();
        let got = t.tag_parts(&words, &parts);
        for (g, w) in got.iter().zip(&s.words) {
            assert_eq!((g.upos, g.xpos, g.feats), (w.upos.as_str(), w.xpos.as_str(), w.feats.as_str()), "{}", w.form);
        }
    }
}

#[test]
fn ezafe_from_the_auxiliary_pass() {
    let t = train_toy(3);
    let got = t.tag(&["کتاب", "من", "را", "خواند", "."]);
    assert!(got[0].ezafe, "کتابِ من");
    assert!(!got[4].ezafe);
}

#[test]
fn model_bytes_round_trip_and_determinism() {
    let a = train_toy(5);
    let bytes = a.to_model_bytes().unwrap();
    assert_eq!(bytes, train_toy(5).to_model_bytes().unwrap(), "same data and seed, same model");
    let b = Tagger::from_model_bytes(&bytes).unwrap();
    let words = ["این", "خانه", "بزرگ", "است", "."];
    assert_eq!(a.tag(&words), b.tag(&words));
    assert_eq!(b.label_count(), a.label_count());
    assert!(b.info().contains("perceptron"));
    assert_eq!(b.cache.ix.len(), a.cache.ix.len(), "the static score cache is rebuilt on load");
}

#[test]
fn static_cache_does_not_change_tags() {
    let mut t = train_toy(4);
    let words = ["من", "کتاب", "را", "خواندم", "."];
    let with = t.tag(&words).iter().map(|r| (r.upos.to_string(), r.xpos.to_string(), r.feats.to_string())).collect::<Vec<_>>();
    assert!(!t.cache.ix.is_empty());
    t.cache = StaticCache::default();
    let without = t.tag(&words).iter().map(|r| (r.upos.to_string(), r.xpos.to_string(), r.feats.to_string())).collect::<Vec<_>>();
    assert_eq!(with, without);
}

#[test]
fn strips_nominal_suffixes() {
    assert_eq!(features::strip_suffix("کتاب\u{200C}ها"), Some(("کتاب", 3)));
    assert_eq!(features::strip_suffix("دانشجویان"), Some(("دانشجو", 7)));
    assert_eq!(features::strip_suffix("ها"), None);
    assert_eq!(features::strip_suffix("کتاب"), None);
}

#[test]
fn cross_validation_reports_every_epoch() {
    let sents: Vec<TrainSentence> = toy().into_iter().cycle().take(6).collect();
    let bj = toy_bijankhan();
    let opts = TrainOptions { epochs: 3, aux_epochs: 2, ..TrainOptions::default() };
    let cv = Tagger::cross_validate(TrainData { sentences: &sents, bijankhan: &bj, ..TrainData::default() }, &opts, 3, &mut |_| {});
    assert_eq!(cv.len(), 3);
    assert!(cv.iter().all(|r| (0.0..=1.0).contains(&r.0)));
}

#[test]
fn refuses_foreign_and_corrupt_models() {
    assert!(matches!(Tagger::from_model_bytes(b"not a model"), Err(Error::Model(_))));
    let lexicon_kind = model::encode(ModelKind::Lexicon, &Payload::default()).unwrap();
    assert!(matches!(Tagger::from_model_bytes(&lexicon_kind), Err(Error::Model(_))));
    // Right kind, inconsistent tables.
    let mut p = Payload::default();
    p.labels.push(("X".into(), String::new(), String::new()));
    p.aux_labels.push("X".into());
    p.main = StoredWeights { n_labels: 1, keys: vec![7], offsets: vec![0], ..Default::default() };
    p.aux = StoredWeights { n_labels: 1, offsets: vec![0], scale: 1.0, ..Default::default() };
    let bytes = model::encode(ModelKind::Tagger, &p).unwrap();
    let err = Tagger::from_model_bytes(&bytes).unwrap_err().to_string();
    assert!(err.contains("corrupt"), "{err}");
}

#[test]
fn empty_and_odd_input() {
    let t = train_toy(1);
    assert!(t.tag(&[]).is_empty());
    let got = t.tag(&["", "۱۲۳", "abc", "\u{200C}"]);
    assert_eq!(got.len(), 4);
    // Fewer parts than words is allowed.
    assert_eq!(t.tag_parts(&["کتاب", "ش"], &[Part::Host]).len(), 2);
}

#[test]
fn fills_a_document_sentence() {
    let t = train_toy(2);
    let mut s = doc::Sentence::default();
    for (form, n) in [("دوستش", 2), ("نامه", 1), ("را", 1), ("نوشت", 1), (".", 1)] {
        let words = if n == 2 {
            vec![
                doc::Word { form: "دوست".into(), norm: "دوست".into(), ..Default::default() },
                doc::Word { form: "ش".into(), norm: "ش".into(), ..Default::default() },
            ]
        } else {
            vec![doc::Word { form: form.into(), ..Default::default() }]
        };
        s.tokens.push(doc::Token { form: form.into(), norm: form.into(), words, ..Default::default() });
    }
    t.tag_sentence(&mut s);
    let tags: Vec<(&str, &str)> = s.words().map(|w| (w.upos.as_str(), w.xpos.as_str())).collect();
    assert_eq!(tags[0], ("NOUN", "N_ANM"));
    assert_eq!(tags[1], ("PRON", "PR_JOPER"));
    assert_eq!(s.words().nth(1).unwrap().feats, "Number=Sing|Person=3|PronType=Prs");
    assert_eq!(tags[5], ("PUNCT", "PUNC"));
}

#[test]
fn from_conllu_marks_parts_and_normalizes() {
    let text = "# text = دوستش آمد\n1-2\tدوستش\t_\t_\t_\t_\t_\t_\t_\t_\n1\tدوست\tدوست\tNOUN\tN_ANM\tNumber=Sing\t3\tnsubj\t_\t_\n2\tش\tاو\tPRON\tPR_JOPER\tNumber=Sing|Person=3|PronType=Prs\t1\tnmod\t_\t_\n3\tآمد\tآمد\tVERB\tV_ACT\t_\t0\troot\t_\t_\n\n";
    let s = &conllu::parse(text).unwrap()[0];
    let t = TrainSentence::from_conllu(s, &Normalizer::default());
    let parts: Vec<Part> = t.words.iter().map(|w| w.part).collect();
    assert_eq!(parts, [Part::Host, Part::Clitic, Part::Whole]);
    assert_eq!(t.words[2].feats, "", "`_` becomes empty");
}

#[test]
fn embedded_model_decodes() {
    let bytes = EMBEDDED_MODEL;
    let t = Tagger::from_model_bytes(bytes).expect("the embedded tagger model decodes");
    assert!(t.label_count() > 50);
    let got = Tagger::embedded().tag(&["او", "به", "مدرسه", "رفت", "."]);
    assert_eq!(got[1].upos, "ADP");
    assert_eq!(got[3].upos, "VERB");
    assert_eq!(got[4].upos, "PUNCT");
}


#[test]
fn ezafe_pass_is_trained_and_stored() {
    let sents = toy();
    let bj: Vec<BijankhanSentence> = toy_bijankhan().into_iter().cycle().take(8).collect();
    let opts = TrainOptions { epochs: 4, aux_epochs: 4, ezafe_epochs: 4, prune: 0.0, aux_prune: 0.0, ..TrainOptions::default() };
    let t = Tagger::train(TrainData { sentences: &sents, bijankhan: &bj, ..TrainData::default() }, &opts).0;
    assert!(t.ezafe.is_some(), "eight Bijankhan sentences are enough for the ezafe pass");
    let words = ["کتاب", "من", "را", "خواند", "."];
    let got: Vec<bool> = t.tag(&words).iter().map(|r| r.ezafe).collect();
    assert_eq!(got, [true, false, false, false, false]);
    let back = Tagger::from_model_bytes(&t.to_model_bytes().unwrap()).unwrap();
    assert!(back.ezafe.is_some());
    assert_eq!(back.tag(&words), t.tag(&words));
    // The static score cache gives the same ezafe as the full features.
    assert!(!t.cache.ezafe.is_empty());
    let mut uncached = t.clone();
    uncached.cache = StaticCache::default();
    assert_eq!(uncached.tag(&words), t.tag(&words));
    // Without it, ezafe comes from the auxiliary tags.
    let opts = TrainOptions { ezafe_epochs: 0, ..opts };
    let t = Tagger::train(TrainData { sentences: &sents, bijankhan: &bj, ..TrainData::default() }, &opts).0;
    assert!(t.ezafe.is_none());
    assert!(t.tag(&words)[0].ezafe);
}

#[test]
fn refuses_an_ezafe_pass_with_wrong_labels() {
    let mut t = train_toy(6);
    let bogus = {
        let mut tr = perceptron::Trainer::new(3);
        let mut s = Vec::new();
        tr.step(&[1, 2], 2, &mut s);
        tr.freeze(0.0)
    };
    t.ezafe = Some(bogus);
    let err = Tagger::from_model_bytes(&t.to_model_bytes().unwrap()).unwrap_err().to_string();
    assert!(err.contains("two labels"), "{err}");
}

#[test]
fn verb_person_and_number_bits() {
    let third_plural = features::pn_bit(Some(3), Some(true)).unwrap();
    assert_eq!(label_pn("VERB", "Number=Plur|Person=3|Polarity=Neg|Voice=Act"), third_plural);
    assert_eq!(label_pn("AUX", "Number=Sing|Person=1"), features::pn_bit(Some(1), Some(false)).unwrap());
    assert_eq!(label_pn("NOUN", "Number=Plur"), 0, "only verb labels are constrained");
    assert_eq!(label_pn("VERB", "Number=Sing|VerbForm=Part"), 0, "no person, no constraint");
    // The analyser reads `نمی‌کردند` as third plural only.
    let sig = LexSig::compute(Lexicon::embedded(), "نمی\u{200C}کردند");
    assert_eq!(sig.pn, third_plural);
    assert_eq!(LexSig::compute(Lexicon::embedded(), "کتاب").pn, 0);
}

#[test]
fn self_training_uses_unlabeled_sentences_only_when_asked() {
    let sents = toy();
    let bj = toy_bijankhan();
    // The toy sentences again, without tags: the first model tags them and the second learns
    // from them too.
    let unlabeled: Vec<TrainSentence> = toy()
        .into_iter()
        .map(|s| TrainSentence { words: s.words.into_iter().map(|w| TrainWord { form: w.form, part: w.part, ..TrainWord::default() }).collect() })
        .collect();
    let opts = TrainOptions { epochs: 8, aux_epochs: 4, seed: 3, prune: 0.0, aux_prune: 0.0, ..TrainOptions::default() };
    let data = TrainData { sentences: &sents, bijankhan: &bj, unlabeled: &unlabeled, ..TrainData::default() };
    let without = Tagger::train(TrainData { unlabeled: &[], ..data }, &opts).0;
    let ignored = Tagger::train(data, &opts).0;
    assert_eq!(ignored.to_model_bytes().unwrap(), without.to_model_bytes().unwrap(), "self_train 0 ignores unlabeled sentences");
    let st = TrainOptions { self_train: 2, ..opts };
    let (t, report) = Tagger::train(data, &st);
    // Gold sentences plus two silver ones in an epoch.
    let silver_words: usize = unlabeled[..2].iter().map(|s| s.words.len()).sum();
    assert_eq!(report.words, sents.iter().map(|s| s.words.len()).sum::<usize>() + silver_words);
    for s in toy() {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let parts: Vec<Part> = s.words.iter().map(|w| w.part).collect();
        let got = t.tag_parts(&words, &parts);
        for (g, w) in got.iter().zip(&s.words) {
            assert_eq!(g.upos, w.upos.as_str(), "{}", w.form);
        }
    }
}

#[test]
fn argmax_among_keeps_to_the_allowed_labels() {
    assert_eq!(perceptron::argmax_among(&[5, 9, 7, 1], &[true, false, true, false]), 2);
    assert_eq!(perceptron::argmax_among(&[5, 9, 7, 1], &[false, false, false, true]), 3);
    // None allowed (or a short mask): the overall best.
    assert_eq!(perceptron::argmax_among(&[5, 9, 7], &[]), 1);
}

/// One name, one reading: an unknown name the embedded tagger reads as a proper noun after
/// `آقای` and as a common noun after `سفر` is a proper noun in both sentences of a document;
/// the sentences tagged one at a time keep their own readings.
#[test]
fn a_document_reads_an_unknown_name_one_way() {
    let t = Tagger::embedded();
    let s1: Vec<&str> = "آقای گرونسکی دیروز به تهران آمد .".split(' ').collect();
    let s2: Vec<&str> = "سفر گرونسکی به تهران کوتاه بود .".split(' ').collect();
    let p1 = vec![Part::Whole; s1.len()];
    let p2 = vec![Part::Whole; s2.len()];
    let alone: Vec<&str> = [t.tag_parts(&s1, &p1)[1].upos, t.tag_parts(&s2, &p2)[1].upos].to_vec();
    assert_eq!(alone[0], "PROPN", "the premise: a clear context reads a name");
    assert_ne!(alone[1], "PROPN", "the premise: a weak context does not");
    let unknown = |w: &str| w == "گرونسکی";
    let doc = t.tag_document(&[(&s1, &p1), (&s2, &p2)], &unknown);
    assert_eq!([doc[0][1].upos, doc[1][1].upos], ["PROPN", "PROPN"]);
    // The other words of the first sentence are untouched; a known word is never forced.
    assert_eq!(doc[0], t.tag_parts(&s1, &p1));
    let doc = t.tag_document(&[(&s1, &p1), (&s2, &p2)], &|_| false);
    assert_eq!(doc[1][1].upos, alone[1]);
    assert!(t.tag_document(&[], &unknown).is_empty());
}

fn train_toy_beam(seed: u64, beam: usize, early_update: bool) -> Tagger {
    let sents = toy();
    let bj = toy_bijankhan();
    let opts = TrainOptions { epochs: 8, aux_epochs: 4, seed, prune: 0.0, aux_prune: 0.0, beam, early_update, ..TrainOptions::default() };
    Tagger::train(TrainData { sentences: &sents, bijankhan: &bj, ..TrainData::default() }, &opts).0
}

#[test]
fn beam_trained_taggers_learn_their_sentences_and_keep_their_width() {
    for early in [false, true] {
        let t = train_toy_beam(3, 3, early);
        assert_eq!(beam_width(t.flags), 3);
        for s in toy() {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let parts: Vec<Part> = s.words.iter().map(|w| w.part).collect();
            let got = t.tag_parts(&words, &parts);
            assert_eq!(got.len(), words.len());
            for (g, w) in got.iter().zip(&s.words) {
                assert_eq!((g.upos, g.xpos, g.feats), (w.upos.as_str(), w.xpos.as_str(), w.feats.as_str()), "{} (early update: {early})", w.form);
            }
        }
        let bytes = t.to_model_bytes().unwrap();
        let back = Tagger::from_model_bytes(&bytes).unwrap();
        assert_eq!(beam_width(back.flags), 3, "the width is stored in the model");
        let words = ["این", "خانه", "بزرگ", "است", "."];
        assert_eq!(back.tag(&words), t.tag(&words));
        assert!(back.tag(&[]).is_empty());
        assert_eq!(back.tag(&["ناشناخته"]).len(), 1);
    }
    // A greedy model stays greedy.
    assert_eq!(beam_width(train_toy(3).flags), 1);
    assert_eq!(beam_width(Tagger::embedded().flags), 1);
}
