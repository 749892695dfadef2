use super::*;

/// BIO text from (token, label) pairs, `None` for a sentence break.
fn bio(rows: &[Option<(&str, &str)>]) -> String {
    let mut out = String::new();
    for r in rows {
        match r {
            Some((t, l)) => out.push_str(&format!("{t}\t{l}\n")),
            None => out.push('\n'),
        }
    }
    out
}

/// "مریم و علی دیروز به دانشگاه تهران رفتند ." / "سازمان ملل در نیویورک است ."
fn gold_rows() -> Vec<Option<(&'static str, &'static str)>> {
    vec![
        Some(("مریم", "B-PER")),
        Some(("و", "O")),
        Some(("علی", "B-PER")),
        Some(("دیروز", "O")),
        Some(("به", "O")),
        Some(("دانشگاه", "B-ORG")),
        Some(("تهران", "I-ORG")),
        Some(("رفتند", "O")),
        Some((".", "O")),
        None,
        Some(("سازمان", "B-ORG")),
        Some(("ملل", "I-ORG")),
        Some(("در", "O")),
        Some(("نیویورک", "B-LOC")),
        Some(("است", "O")),
        Some((".", "O")),
    ]
}

fn read_rows(rows: &[Option<(&str, &str)>]) -> Vec<NerSentence> {
    read_bio(&bio(rows)).expect("valid BIO")
}

fn score_rows(gold: &[Option<(&str, &str)>], system: &[Option<(&str, &str)>]) -> NerScores {
    score(&read_rows(gold), &read_rows(system), &NerOptions::default()).expect("scores")
}

fn labels(s: &[&str]) -> Vec<Label> {
    s.iter().map(|l| Label::parse(l).expect("label")).collect()
}

fn ent(kind: &str, start: usize, end: usize) -> EntitySpan {
    EntitySpan {
        kind: kind.into(),
        start,
        end,
    }
}

#[test]
fn perfect_match_is_100() {
    let s = score_rows(&gold_rows(), &gold_rows());
    let m = s.exact.micro;
    assert_eq!((m.gold, m.system, m.correct), (5, 5, 5));
    assert_eq!((m.precision, m.recall, m.f1), (100.0, 100.0, 100.0));
    assert_eq!(
        s.exact.per_type.keys().collect::<Vec<_>>(),
        ["LOC", "ORG", "PER"]
    );
    assert_eq!(s.exact.per_type["PER"].gold, 2);
    assert_eq!((s.gold_tokens, s.gold_sentences), (15, 2));
    assert!(s.overlap.is_none());
}

#[test]
fn boundary_error_is_one_false_positive_and_one_false_negative() {
    let mut sys = gold_rows();
    sys[5] = Some(("دانشگاه", "O"));
    sys[6] = Some(("تهران", "B-ORG"));
    let s = score_rows(&gold_rows(), &sys);
    let org = s.exact.per_type["ORG"];
    assert_eq!((org.gold, org.system, org.correct), (2, 2, 1));
    let m = s.exact.micro;
    assert_eq!((m.gold, m.system, m.correct), (5, 5, 4));
    assert_eq!(m.precision, 80.0);
    assert_eq!(m.recall, 80.0);

    // The same error, scored by overlap, is correct on both sides.
    let opts = NerOptions {
        overlap: true,
        ..Default::default()
    };
    let s = score(&read_rows(&gold_rows()), &read_rows(&sys), &opts).unwrap();
    let o = s.overlap.unwrap().micro;
    assert_eq!((o.correct, o.gold_matched), (5, 5));
    assert_eq!(o.f1, 100.0);
}

#[test]
fn type_error_counts_against_both_types() {
    let mut sys = gold_rows();
    sys[13] = Some(("نیویورک", "B-ORG"));
    let opts = NerOptions {
        overlap: true,
        ..Default::default()
    };
    let s = score(&read_rows(&gold_rows()), &read_rows(&sys), &opts).unwrap();
    let (loc, org) = (s.exact.per_type["LOC"], s.exact.per_type["ORG"]);
    assert_eq!((loc.gold, loc.system, loc.correct), (1, 0, 0));
    assert_eq!((org.gold, org.system, org.correct), (2, 3, 2));
    assert_eq!(loc.f1, 0.0);
    assert_eq!(s.exact.micro.correct, 4);
    // Overlap needs the same type too.
    let o = s.overlap.unwrap();
    assert_eq!(o.per_type["LOC"].gold_matched, 0);
    assert_eq!(o.per_type["ORG"].correct, 2);
}

#[test]
fn different_tokenization_of_the_same_text_aligns() {
    // Gold splits the clitic off with the ZWNJ on the host, the system keeps it on the clitic:
    // the same characters, the same entity once the invisible ZWNJ is left out of its range.
    let gold = [
        Some(("تهران\u{200c}", "B-LOC")),
        Some(("ش", "O")),
        Some(("زیباست", "O")),
    ];
    let sys = [
        Some(("تهران", "B-LOC")),
        Some(("\u{200c}ش", "O")),
        Some(("زیباست", "O")),
    ];
    let s = score_rows(&gold, &sys);
    assert_eq!(s.exact.micro.correct, 1);
    assert_eq!(s.exact.micro.f1, 100.0);

    // Joined `تهران‌ش` as one token labelled LOC: aligned (no error), but the entity takes in
    // the clitic, so it is not an exact match; it overlaps.
    let joined = [Some(("تهران\u{200c}ش", "B-LOC")), Some(("زیباست", "O"))];
    let opts = NerOptions {
        overlap: true,
        ..Default::default()
    };
    let s = score(&read_rows(&gold), &read_rows(&joined), &opts).unwrap();
    assert_eq!(s.exact.micro.correct, 0);
    assert_eq!((s.gold_tokens, s.system_tokens), (3, 2));
    assert_eq!(s.overlap.unwrap().micro.f1, 100.0);

    // A two-token name as one token with a space inside, and other sentence breaks.
    let sys = "مریم\tB-PER\nو\tO\nعلی\tB-PER\n\nدیروز\tO\nبه\tO\nدانشگاه تهران\tB-ORG\nرفتند\tO\n.\tO\nسازمان\tB-ORG\nملل\tI-ORG\nدر\tO\nنیویورک\tB-LOC\nاست\tO\n.\tO\n";
    let s = score(
        &read_rows(&gold_rows()),
        &read_bio(sys).unwrap(),
        &NerOptions::default(),
    )
    .unwrap();
    assert_eq!(s.exact.micro.f1, 100.0);
    assert_eq!(s.system_sentences, 2);
}

#[test]
fn different_text_is_a_mismatch_error() {
    let mut sys = gold_rows();
    sys[3] = Some(("امروز", "O"));
    let err = score(
        &read_rows(&gold_rows()),
        &read_rows(&sys),
        &NerOptions::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, Error::Mismatch(_)), "{msg}");
    // مریم و علی = 8 characters before دیروز / امروز, which differ at their first letter.
    assert!(msg.contains("non-space character 8"), "{msg}");
    assert!(msg.contains("line 4"), "{msg}");
    assert!(msg.contains("دیروز") && msg.contains("امروز"), "{msg}");

    // A system that stops early.
    let short = &gold_rows()[..9];
    let err = score(
        &read_rows(&gold_rows()),
        &read_rows(short),
        &NerOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("system the end"), "{err}");
}

#[test]
fn empty_input_is_an_error_not_a_zero_score() {
    let g = read_rows(&gold_rows());
    for (gold, system, who) in [(&[][..], &g[..], "gold"), (&g[..], &[][..], "system")] {
        let err = score(gold, system, &NerOptions::default()).unwrap_err();
        assert!(matches!(err, Error::Ner { .. }));
        assert!(
            err.to_string().contains(&format!("{who} has no tokens")),
            "{err}"
        );
    }
    assert!(read_bio("").unwrap().is_empty());
    assert!(read_bio("\n\r\n  \n").unwrap().is_empty());
    assert!(score(&read_bio("\n\n").unwrap(), &g, &NerOptions::default()).is_err());
}

#[test]
fn iob1_inside_starts_an_entity() {
    assert_eq!(
        spans(&labels(&["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC"])),
        [ent("PER", 0, 2), ent("LOC", 3, 4), ent("LOC", 4, 6)]
    );
    // I- of another type starts a new entity.
    assert_eq!(
        spans(&labels(&["B-PER", "I-ORG", "I-ORG", "O"])),
        [ent("PER", 0, 1), ent("ORG", 1, 3)]
    );
    // IOBES, and B- right after B- of the same type.
    assert_eq!(
        spans(&labels(&[
            "S-PER", "B-LOC", "E-LOC", "I-LOC", "B-PER", "B-PER"
        ])),
        [
            ent("PER", 0, 1),
            ent("LOC", 1, 3),
            ent("LOC", 3, 4),
            ent("PER", 4, 5),
            ent("PER", 5, 6)
        ]
    );
    assert!(spans(&labels(&["O", "O"])).is_empty());
    assert!(spans(&[]).is_empty());

    // An IOB1 system against IOB2 gold of the same entities scores 100.
    let iob1 = gold_rows()
        .into_iter()
        .map(|r| {
            r.map(|(t, l)| {
                (
                    t,
                    if l.starts_with("B-") {
                        l.replacen("B-", "I-", 1)
                    } else {
                        l.to_string()
                    },
                )
            })
        })
        .collect::<Vec<_>>();
    let text: String = iob1
        .iter()
        .map(|r| match r {
            Some((t, l)) => format!("{t} {l}\n"), // space-separated columns
            None => "\n".to_string(),
        })
        .collect();
    let s = score(
        &read_rows(&gold_rows()),
        &read_bio(&text).unwrap(),
        &NerOptions::default(),
    )
    .unwrap();
    assert_eq!(s.exact.micro.f1, 100.0);
}

#[test]
fn odd_lines_are_read_or_rejected_with_their_line_number() {
    // BOM, CRLF, trailing spaces, a wider file with the label last, -DOCSTART-.
    let text = "\u{feff}-DOCSTART-\tO\r\n\r\nعلی\tx\tB-PER \r\nآمد\tO\r\n";
    let s = read_bio(text).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].tokens[0].form, "علی");
    assert_eq!(s[0].tokens[0].label, Label::parse("B-PER").unwrap());
    assert_eq!(s[0].tokens[1].line, Some(4));

    let err = |text: &str| read_bio(text).unwrap_err().to_string();
    assert_eq!(
        err("علی\tB-PER\nB-LOC\n"),
        "line 2: label \"B-LOC\" without a token: expected `token<TAB>label`"
    );
    assert!(err("علی\tB-PER\n\tO\n").starts_with("line 2: label \"O\" without a token"));
    assert!(err("علی\tB-PER\n\tx\tO\n").starts_with("line 2: empty token"));
    assert!(err("علی\n").starts_with("line 1: token \"علی\" without a label"));
    assert!(err("علی\t\n").starts_with("line 1: token \"علی\" without a label"));
    assert!(err("a\tb\t\n").starts_with("line 1: token \"a\" has an empty label"));
    assert!(err("علی\tPER\n").contains("\"PER\" (token \"علی\") is not a label"));
    assert!(err("x\tB-\n").starts_with("line 1:"));
    assert!(err("x\tX-PER\n").starts_with("line 1:"));
}

#[test]
fn conllu_ner_labels_come_from_the_token_or_its_first_word() {
    let conllu_text = "# sent_id = s1\n\
        1-2\tتهرانش\t_\t_\t_\t_\t_\t_\t_\tNER=B-LOC\n\
        1\tتهران\t_\t_\t_\t_\t_\t_\t_\t_\n\
        2\tش\t_\t_\t_\t_\t_\t_\t_\t_\n\
        3-4\tمریمم\t_\t_\t_\t_\t_\t_\t_\t_\n\
        3\tمریم\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No|NER=B-PER\n\
        4\tم\t_\t_\t_\t_\t_\t_\t_\t_\n\
        5\tآمد\t_\t_\t_\t_\t_\t_\t_\tNER=O\n\
        6\tو\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    assert_eq!(detect(conllu_text), Format::Conllu);
    let s = read(conllu_text).unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].sent_id.as_deref(), Some("s1"));
    let got: Vec<String> = s[0]
        .tokens
        .iter()
        .map(|t| format!("{} {}", t.form, t.label))
        .collect();
    assert_eq!(got, ["تهرانش B-LOC", "مریمم B-PER", "آمد O", "و O"]);

    // Against BIO of the same text split differently.
    let gold = "تهرانش\tB-LOC\nمریم\tB-PER\nم\tI-PER\nآمد\tO\nو\tO\n";
    assert_eq!(detect(gold), Format::Bio);
    let sc = score(&read(gold).unwrap(), &s, &NerOptions::default()).unwrap();
    assert_eq!(sc.exact.micro.f1, 100.0);

    let bad = "1\tتهران\t_\t_\t_\t_\t_\t_\t_\tNER=LOC\n\n";
    let e = read(bad).unwrap_err().to_string();
    assert!(
        e.contains("sentence 1, token 1") && e.contains("NER=LOC"),
        "{e}"
    );

    // A hashtag token starting with # is BIO, not a CoNLL-U comment.
    assert_eq!(detect("#تهران\tB-LOC\n"), Format::Bio);
    assert_eq!(
        detect("# text = x\n1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n"),
        Format::Conllu
    );
}

#[test]
fn types_and_map() {
    let gold = bio(&[
        Some(("نوروز", "B-EVE")),
        Some(("در", "O")),
        Some(("شیراز", "B-LOC")),
    ]);
    let sys = bio(&[
        Some(("نوروز", "B-EVENT")),
        Some(("در", "O")),
        Some(("شیراز", "B-ORG")),
    ]);
    let (g, s) = (read_bio(&gold).unwrap(), read_bio(&sys).unwrap());
    let plain = score(&g, &s, &NerOptions::default()).unwrap();
    assert_eq!(plain.exact.micro.correct, 0);
    assert_eq!(plain.exact.per_type.len(), 4);

    let map: BTreeMap<String, String> = [("EVE".to_string(), "EVENT".to_string())].into();
    let mapped = score(
        &g,
        &s,
        &NerOptions {
            map: map.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(mapped.exact.per_type["EVENT"].correct, 1);
    assert!(!mapped.exact.per_type.contains_key("EVE"));

    // --types names may be given before or after the map; absent types show with zeros.
    for t in ["EVE", "EVENT"] {
        let opts = NerOptions {
            map: map.clone(),
            types: Some([t.to_string(), "PER".to_string()].into()),
            ..Default::default()
        };
        let sc = score(&g, &s, &opts).unwrap();
        assert_eq!(
            sc.exact.per_type.keys().collect::<Vec<_>>(),
            ["EVENT", "PER"]
        );
        let m = sc.exact.micro;
        assert_eq!((m.gold, m.system, m.correct, m.f1), (1, 1, 1, 100.0));
        assert_eq!(sc.exact.per_type["PER"].gold, 0);
    }
}

#[test]
fn overlap_counts_each_side_separately() {
    // Gold: [علی رضایی] PER; system: [علی] PER [رضایی] PER — two system entities overlap one
    // gold entity: precision 2/2, recall 1/1; exact 0.
    let gold = bio(&[
        Some(("علی", "B-PER")),
        Some(("رضایی", "I-PER")),
        Some(("آمد", "O")),
    ]);
    let sys = bio(&[
        Some(("علی", "B-PER")),
        Some(("رضایی", "B-PER")),
        Some(("آمد", "O")),
    ]);
    let opts = NerOptions {
        overlap: true,
        ..Default::default()
    };
    let s = score(&read_bio(&gold).unwrap(), &read_bio(&sys).unwrap(), &opts).unwrap();
    assert_eq!(s.exact.micro.correct, 0);
    let o = s.overlap.as_ref().unwrap().micro;
    assert_eq!((o.gold, o.system, o.correct, o.gold_matched), (1, 2, 2, 1));
    assert_eq!((o.precision, o.recall), (100.0, 100.0));

    // Adjacent is not overlapping: gold [علی] vs system [رضایی].
    let gold = bio(&[Some(("علی", "B-PER")), Some(("رضایی", "O"))]);
    let sys = bio(&[Some(("علی", "O")), Some(("رضایی", "B-PER"))]);
    let s = score(&read_bio(&gold).unwrap(), &read_bio(&sys).unwrap(), &opts).unwrap();
    assert_eq!(s.overlap.unwrap().micro.correct, 0);
}

#[test]
fn display_and_json() {
    let mut sys = gold_rows();
    sys[13] = Some(("نیویورک", "O"));
    let opts = NerOptions {
        overlap: true,
        ..Default::default()
    };
    let s = score(&read_rows(&gold_rows()), &read_rows(&sys), &opts).unwrap();
    let text = s.to_string();
    assert!(
        text.starts_with("exact spans (conlleval): 5 gold entities, 4 system, 4 correct"),
        "{text}"
    );
    assert!(
        text.contains("\nLOC            1       0       0    0.00    0.00    0.00\n"),
        "{text}"
    );
    assert!(
        text.contains("\nall            5       4       4  100.00   80.00   88.89\n"),
        "{text}"
    );
    assert!(
        text.contains("any overlap with an entity of the same type"),
        "{text}"
    );

    let v: serde_json::Value = serde_json::to_value(&s).unwrap();
    assert_eq!(v["exact"]["micro"]["f1"], 88.89);
    assert_eq!(v["exact"]["micro"]["recall"], 80.0);
    assert_eq!(v["exact"]["per_type"]["PER"]["correct"], 2);
    assert_eq!(v["overlap"]["micro"]["gold_matched"], 4);
    assert_eq!(v["gold_tokens"], 15);
}

#[test]
fn no_panic_on_odd_input() {
    let odd = [
        "\t",
        "\t\t",
        " \t ",
        "\u{feff}",
        "\r",
        "O",
        "B-",
        "-",
        "x\t-\n",
        "\u{200c}\tB-PER\n",
        "\u{200c}\tB-PER\n\u{200c}\tI-PER\n",
        "a b c d\n",
        "1\tx\n",
        "# a\n",
        "1-2\tx\t_\t_\t_\t_\t_\t_\t_\t_\n",
        "1\t_\t_\t_\t_\t_\t_\t_\t_\tNER=I-X\n",
        "\u{0}\tO\n",
    ];
    for a in odd {
        for b in odd {
            let (ga, gb) = (read(a), read(b));
            if let (Ok(ga), Ok(gb)) = (ga, gb) {
                let _ = score(
                    &ga,
                    &gb,
                    &NerOptions {
                        overlap: true,
                        ..Default::default()
                    },
                );
            }
        }
    }
    // An entity of invisible characters only keeps its range.
    let g = read_bio("\u{200c}\tB-PER\nعلی\tO\n").unwrap();
    let s = score(&g, &g, &NerOptions::default()).unwrap();
    assert_eq!(s.exact.micro.f1, 100.0);
}
