use super::*;
use crate::doc;
use crate::Error;

const SAMPLE: &str = include_str!("../../tests/fixtures/conllu/sample.conllu");

fn line(cols: &[&str]) -> String {
    cols.join("\t") + "\n"
}

/// A word line with `_` everywhere but ID, FORM and HEAD.
fn w(id: &str, form: &str, head: &str) -> String {
    line(&[id, form, "_", "_", "_", "_", head, "_", "_", "_"])
}

fn error_of(text: &str) -> (usize, String) {
    match parse(text) {
        Err(Error::Conllu { line, message }) => (line, message),
        other => panic!("expected a CoNLL-U error, got {other:?}"),
    }
}

#[test]
fn sample_round_trips_byte_for_byte() {
    let sents = parse(SAMPLE).unwrap();
    assert_eq!(sents.len(), 3);
    assert_eq!(write(&sents), SAMPLE);
    let mut via_display = String::new();
    for s in &sents {
        via_display.push_str(&s.to_string());
    }
    assert_eq!(via_display, SAMPLE);
    let mut bytes = Vec::new();
    write_io(&mut bytes, &sents).unwrap();
    assert_eq!(bytes, SAMPLE.as_bytes());
}

#[test]
fn sample_structure() {
    let sents = parse(SAMPLE).unwrap();
    let s = &sents[0];
    assert_eq!(s.comments.len(), 4);
    assert_eq!(s.comment_value("newdoc id"), Some("fixture-1"));
    assert_eq!(s.sent_id(), Some("f1"));
    assert_eq!(s.text(), Some("دیروز کتابش را به کتابخانه برگرداند."));
    assert_eq!(s.rows.len(), 9);
    assert_eq!(s.word_count(), 8);
    assert_eq!(s.rows[1].id, RowId::Range(2, 3));
    assert_eq!(s.word(3).unwrap().form, "ش");
    assert_eq!(s.word(7).unwrap().head_index(), Some(0));
    assert_eq!(s.word(0), None);
    let toks = s.tokens();
    assert_eq!(toks.len(), 7);
    assert_eq!(toks[1].form(), "کتابش");
    assert_eq!(toks[1].words.len(), 2);
    assert!(!toks[5].space_after());
    // The empty node is kept as a row but belongs to no token.
    let s2 = &sents[1];
    assert_eq!(
        s2.rows.iter().find(|r| !r.is_word()).unwrap().id,
        RowId::Empty(6, 1)
    );
    assert_eq!(s2.tokens().len(), 7);
    assert_eq!(
        s2.comments[2],
        "# note = a comment with  two spaces and a tab\tinside"
    );
    // The MWT's SpaceAfter=No is the token's.
    assert!(!sents[2].tokens()[0].space_after());
    assert_eq!(sents[2].text(), None);
}

#[test]
fn crlf_missing_final_blank_line_bom_and_extra_blank_lines() {
    let crlf = format!("\u{feff}{}", SAMPLE.replace('\n', "\r\n"));
    assert_eq!(parse(&crlf).unwrap(), parse(SAMPLE).unwrap());
    let trimmed = SAMPLE.trim_end_matches('\n');
    assert_eq!(write(&parse(trimmed).unwrap()), SAMPLE);
    let spaced = format!("\n\n{}\n \n  \n", SAMPLE.replace("\n\n", "\n\n\n"));
    assert_eq!(write(&parse(&spaced).unwrap()), SAMPLE);
    assert!(parse("").unwrap().is_empty());
    assert!(parse("\n\n").unwrap().is_empty());
}

#[test]
fn comment_only_block_is_kept() {
    let text = "# just a comment\n\n".to_string() + &w("1", "آری", "0") + "\n";
    let sents = parse(&text).unwrap();
    assert_eq!(sents.len(), 2);
    assert!(sents[0].rows.is_empty());
    assert_eq!(write(&sents), text);
}

#[test]
fn structural_errors_name_the_line_and_the_problem() {
    let ok1 = w("1", "من", "0");
    // Wrong column count, with a hint for space-separated columns.
    let (l, m) = error_of(&format!("{ok1}1 من _ _ _ _ 0 root _ _\n"));
    assert_eq!(l, 2);
    assert!(
        m.contains("expected 10 TAB-separated columns, found 1") && m.contains("not spaces"),
        "{m}"
    );
    let (l, m) = error_of("# c\n1\tمن\t_\n");
    assert_eq!((l, m.contains("found 3")), (2, true));
    let (_, m) = error_of(&format!("{}\t_\n", ok1.trim_end()));
    assert!(m.contains("found 11"), "{m}");
    // Empty column.
    let (_, m) = error_of("1\tمن\t\t_\t_\t_\t0\t_\t_\t_\n");
    assert!(m.contains("column 3 (LEMMA) is empty"), "{m}");
    // Bad IDs.
    for bad in ["0", "01", "a", "1-x", "1.", "-1", "1-2-3", "1.0.1"] {
        let (_, m) = error_of(&w(bad, "من", "0"));
        assert!(
            m.contains("bad ID") || m.contains("out of sequence") || m.contains("must"),
            "{bad}: {m}"
        );
    }
    let (_, m) = error_of(&w("01", "من", "0"));
    assert!(m.contains("bad ID \"01\""), "{m}");
    // Non-sequential words.
    let (l, m) = error_of(&format!("{ok1}{}", w("3", "تو", "1")));
    assert_eq!(l, 2);
    assert!(m.contains("word ID 3 out of sequence: expected 2"), "{m}");
    let (_, m) = error_of(&format!("{ok1}{}", w("1", "تو", "1")));
    assert!(m.contains("expected 2"), "{m}");
    // HEAD not a number.
    let (_, m) = error_of(&w("1", "من", "root"));
    assert!(m.contains("HEAD of word 1 is \"root\""), "{m}");
    let (_, m) = error_of(&w("1", "من", "-1"));
    assert!(m.contains("HEAD"), "{m}");
    // Multiword ranges.
    let (l, m) = error_of(&format!(
        "{}{}\n",
        w("1-2", "کتابش", "_"),
        w("1", "کتاب", "0")
    ));
    assert_eq!(l, 1);
    assert!(
        m.contains("multiword token 1-2 is not covered") && m.contains("line 3"),
        "{m}"
    );
    let (_, m) = error_of(&format!(
        "{}{}",
        w("1-2", "کتابش", "_"),
        w("1", "کتاب", "0")
    ));
    assert!(m.contains("end of the input"), "{m}");
    let (_, m) = error_of(&format!("{ok1}{}", w("3-4", "کتابش", "_")));
    assert!(m.contains("must start at the next word ID, 2"), "{m}");
    let (_, m) = error_of(&w("1-1", "کتابش", "_"));
    assert!(m.contains("at least two words"), "{m}");
    let (_, m) = error_of(&format!(
        "{}{}{}",
        w("1-3", "a", "_"),
        w("1", "b", "0"),
        w("2-3", "c", "_")
    ));
    assert!(m.contains("starts inside multiword token 1-3"), "{m}");
    // Empty nodes.
    let (_, m) = error_of(&format!("{ok1}{}", w("2.1", "e", "_")));
    assert!(m.contains("empty node 2.1 must follow word 2"), "{m}");
    let (_, m) = error_of(&format!("{ok1}{}", w("1.2", "e", "_")));
    assert!(m.contains("expected 1.1"), "{m}");
    assert!(parse(&format!(
        "{}{ok1}{}{}",
        w("0.1", "e", "_"),
        w("1.1", "e", "_"),
        w("1.2", "e", "_")
    ))
    .is_ok());
    // Comments after rows: probably a missing blank line.
    let (l, m) = error_of(&format!("{ok1}# sent_id = 2\n"));
    assert_eq!(l, 2);
    assert!(m.contains("blank line"), "{m}");
    // The Display of the error carries the line.
    let e = parse(&w("x", "من", "0")).unwrap_err();
    assert!(e.to_string().starts_with("CoNLL-U line 1: bad ID"), "{e}");
}

#[test]
fn content_is_not_checked() {
    // Unknown tags, odd features, heads outside the sentence: all kept as they are.
    let text = line(&[
        "1",
        "من",
        "؟؟",
        "NOTATAG",
        "x y",
        "Foo",
        "7",
        "whatever:sub",
        "0:x",
        "A=B|C",
    ]) + "\n";
    let sents = parse(&text).unwrap();
    assert_eq!(write(&sents), text);
    assert_eq!(sents[0].word(1).unwrap().upos, "NOTATAG");
}

#[test]
fn reader_yields_the_same_sentences() {
    let sents: Vec<Sentence> = Reader::new(SAMPLE.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sents, parse(SAMPLE).unwrap());
    let crlf = SAMPLE.replace('\n', "\r\n");
    let sents2: Vec<Sentence> = Reader::new(crlf.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(sents2, sents);
    // A small buffer capacity changes nothing.
    let small = std::io::BufReader::with_capacity(7, SAMPLE.as_bytes());
    assert_eq!(Reader::new(small).count(), 3);
}

#[test]
fn reader_reports_bad_utf8_offset_and_stops() {
    let mut bytes = SAMPLE.as_bytes().to_vec();
    let at = SAMPLE.find("# sent_id = f2").unwrap() + 5;
    bytes[at] = 0xff;
    let results: Vec<_> = Reader::new(&bytes[..]).collect();
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    match &results[1] {
        Err(Error::InvalidUtf8 { offset }) => assert_eq!(*offset, at as u64),
        other => panic!("{other:?}"),
    }
    let bad = format!("{}{}", w("1", "من", "0"), w("5", "تو", "1"));
    let results: Vec<_> = Reader::new(bad.as_bytes()).collect();
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(Error::Conllu { line: 2, .. })));
}

/// Every sentence of `text` through [`Reader`] with a buffer of `capacity` bytes.
fn read_all(text: &[u8], capacity: usize) -> Result<Vec<Sentence>, Error> {
    Reader::new(std::io::BufReader::with_capacity(capacity, text)).collect()
}

#[test]
fn cr_only_and_mixed_line_ends_read_like_lf() {
    let want = parse(SAMPLE).unwrap();
    let cr = SAMPLE.replace('\n', "\r");
    let crlf = SAMPLE.replace('\n', "\r\n");
    // Mixed: every line end of the three kinds in turn.
    let mut mixed = String::new();
    for (i, l) in SAMPLE.split_inclusive('\n').enumerate() {
        mixed.push_str(l.strip_suffix('\n').unwrap());
        mixed.push_str(["\n", "\r", "\r\n"][i % 3]);
    }
    for text in [&cr, &crlf, &mixed, &format!("\u{feff}{cr}")] {
        assert_eq!(parse(text).unwrap(), want, "{text:?}");
        // Small buffers split a CRLF between two reads.
        for capacity in [1, 2, 3, 7, 8192] {
            assert_eq!(read_all(text.as_bytes(), capacity).unwrap(), want, "capacity {capacity}: {text:?}");
        }
    }
    // A lone CR is a line end, so a CR-only file is not one long comment.
    assert_eq!(parse(&cr).unwrap().iter().map(Sentence::word_count).sum::<usize>(), want.iter().map(Sentence::word_count).sum::<usize>());
    // CR CR is two line ends (a blank line), not one.
    let two = format!("{}\r\r{}", w("1", "من", "0").trim_end(), w("1", "تو", "0"));
    assert_eq!(parse(&two).unwrap().len(), 2);
    assert_eq!(read_all(two.as_bytes(), 1).unwrap().len(), 2);
}

#[test]
fn errors_and_offsets_count_cr_line_ends() {
    // Line numbers with CR-only and CRLF line ends.
    let bad = format!("{}{}", w("1", "من", "0"), w("5", "تو", "1"));
    for text in [bad.replace('\n', "\r"), bad.replace('\n', "\r\n")] {
        assert_eq!(error_of(&text).0, 2, "{text:?}");
        match read_all(text.as_bytes(), 3) {
            Err(Error::Conllu { line: 2, message }) => assert!(message.contains("out of sequence"), "{message}"),
            other => panic!("{other:?}"),
        }
    }
    // Byte offsets of bad UTF-8 count every byte of the line ends.
    for sep in ["\r", "\r\n"] {
        let text = SAMPLE.replace('\n', sep);
        let mut bytes = text.as_bytes().to_vec();
        let at = text.find("# sent_id = f2").unwrap() + 5;
        bytes[at] = 0xff;
        for capacity in [1, 2, 8192] {
            match read_all(&bytes, capacity) {
                Err(Error::InvalidUtf8 { offset }) => assert_eq!(offset, at as u64, "{sep:?} capacity {capacity}"),
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn a_line_of_tabs_is_not_blank() {
    let ok1 = w("1", "من", "0");
    let ok2 = w("2", "رفتم", "1");
    for tabs in ["\t", "\t\t\t", "\t\t\t\t\t\t\t\t\t", " \t "] {
        let text = format!("{ok1}{tabs}\n{ok2}");
        let (l, m) = error_of(&text);
        assert_eq!(l, 2, "{tabs:?}: {m}");
        assert!(m.contains("TAB-separated columns") || m.contains("is empty"), "{tabs:?}: {m}");
        match read_all(text.as_bytes(), 8192) {
            Err(Error::Conllu { line: 2, .. }) => {}
            other => panic!("{tabs:?}: {other:?}"),
        }
    }
}

#[test]
fn to_doc_sentence_uses_text_comment() {
    let sents = parse(SAMPLE).unwrap();
    let (ds, text) = sents[0].to_doc_sentence(10);
    assert_eq!(text, "دیروز کتابش را به کتابخانه برگرداند.");
    assert_eq!(ds.tokens.len(), 7);
    assert_eq!(ds.span, doc::Span::new(10, 10 + text.len()));
    for t in &ds.tokens {
        assert_eq!(&text[t.span.start - 10..t.span.end - 10], t.form);
        for w in &t.words {
            assert_eq!(w.span, t.span);
        }
    }
    let mwt = &ds.tokens[1];
    assert_eq!((mwt.form.as_str(), mwt.words.len()), ("کتابش", 2));
    assert_eq!(mwt.words[1].form, "ش");
    assert_eq!(mwt.words[1].lemma, "او");
    assert_eq!(mwt.words[1].feats, "Number=Sing|Person=3");
    assert_eq!(mwt.words[1].head, Some(2));
    assert_eq!(mwt.words[1].deprel, "nmod:poss");
    assert_eq!(mwt.words[1].misc, "");
    assert_eq!(ds.tokens[3].words[0].feats, ""); // "_"
    let verb = &ds.tokens[5];
    assert!(!verb.space_after);
    assert_eq!(verb.words[0].misc, ""); // SpaceAfter=No moved to space_after
    assert!(ds.tokens[6].space_after);
    // Other MISC keys stay.
    let (ds2, _) = sents[1].to_doc_sentence(0);
    assert_eq!(ds2.tokens[5].words[0].misc, "Gloss=sunny");
    assert_eq!(ds2.words().count(), 7); // the empty node is not a word
}

#[test]
fn to_doc_sentence_rebuilds_text_when_comment_is_missing_or_inconsistent() {
    let sents = parse(SAMPLE).unwrap();
    let (ds, text) = sents[2].to_doc_sentence(0);
    // No `# text`: rebuilt, following SpaceAfter=No on the MWT row.
    assert_eq!(text, "نمی‌دانمش!");
    assert!(!ds.tokens[0].space_after);
    let mut s = sents[0].clone();
    s.comments[3] = "# text = something else entirely".to_string();
    let (ds, text) = s.to_doc_sentence(0);
    assert_eq!(text, "دیروز کتابش را به کتابخانه برگرداند.");
    assert_eq!(&text[ds.tokens[6].span.range()], ".");
    // Extra non-space text after the last token also counts as inconsistent.
    s.comments[3] = "# text = دیروز کتابش را به کتابخانه برگرداند. و رفت".to_string();
    assert_eq!(
        s.to_doc_sentence(0).1,
        "دیروز کتابش را به کتابخانه برگرداند."
    );
    // Extra spaces in a consistent text are kept and spans follow them.
    s.comments[3] = "# text = دیروز  کتابش را به کتابخانه برگرداند .".to_string();
    let (ds, text) = s.to_doc_sentence(0);
    assert_eq!(text, "دیروز  کتابش را به کتابخانه برگرداند .");
    assert_eq!(ds.tokens[1].span.start, "دیروز  ".len());
}

#[test]
fn to_document_joins_sentences() {
    let sents = parse(SAMPLE).unwrap();
    let d = to_document(&sents);
    assert_eq!(d.sentences.len(), 3);
    assert_eq!(d.text, d.normalized);
    assert_eq!(
        d.text,
        "دیروز کتابش را به کتابخانه برگرداند.\nهوا سرد است، ولی آفتابی.\nنمی‌دانمش!"
    );
    for s in &d.sentences {
        for t in &s.tokens {
            assert_eq!(&d.text[t.span.range()], t.form);
        }
    }
    // A sentence ending in SpaceAfter=No is glued to the next one; newpar gives a blank line.
    let mut two = vec![sents[2].clone(), sents[0].clone()];
    two[0].rows[3].misc = "SpaceAfter=No".into();
    assert!(to_document(&two).text.starts_with("نمی‌دانمش!دیروز"));
    let two = vec![sents[2].clone(), sents[0].clone()];
    assert!(to_document(&two).text.starts_with("نمی‌دانمش!\n\nدیروز"));
}

#[test]
fn write_document_format() {
    let sents = parse(SAMPLE).unwrap();
    let d = to_document(&sents[..1]);
    let out = write_document(&d, Some("doc7"));
    let expected = [
        "# newdoc id = doc7\n",
        "# sent_id = 1\n",
        "# text = دیروز کتابش را به کتابخانه برگرداند.\n",
        "1\tدیروز\tدیروز\tNOUN\tN_IANM\tNumber=Sing\t7\tobl:tmod\t_\t_\n",
        "2-3\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_\n",
        "2\tکتاب\tکتاب\tNOUN\tN_IANM\tNumber=Sing\t7\tobj\t_\t_\n",
        "3\tش\tاو\tPRON\tCPRO\tNumber=Sing|Person=3\t2\tnmod:poss\t_\t_\n",
        "4\tرا\tرا\tADP\tPOSTP\t_\t2\tcase\t_\t_\n",
        "5\tبه\tبه\tADP\tPREP\t_\t6\tcase\t_\t_\n",
        "6\tکتابخانه\tکتابخانه\tNOUN\tN_IANM\tNumber=Sing\t7\tobl:arg\t_\t_\n",
        "7\tبرگرداند\tبرگرداند#برگردان\tVERB\tV_ACT\tNumber=Sing|Person=3|Tense=Past\t0\troot\t_\tSpaceAfter=No\n",
        "8\t.\t.\tPUNCT\tPUNC\t_\t7\tpunct\t_\t_\n",
        "\n",
    ]
    .concat();
    assert_eq!(out, expected);
    // Same rows as the input (comments differ).
    let back = parse(&out).unwrap();
    assert_eq!(back[0].rows, sents[0].rows);
}

#[test]
fn write_document_misc_space_after_and_cleaning() {
    let word = |form: &str, misc: &str| doc::Word {
        form: form.into(),
        misc: misc.into(),
        ..Default::default()
    };
    let text = "کتابش\nرا\tخواند".to_string();
    let d = doc::Document {
        normalized: text.clone(),
        sentences: vec![
            doc::Sentence {
                span: doc::Span::new(0, text.len()),
                tokens: vec![
                    doc::Token {
                        span: doc::Span::new(0, 10),
                        form: "کتابش".into(),
                        space_after: false,
                        words: vec![word("کتاب", "SpaceAfter=No|A=1"), word("ش", "_")],
                        ..Default::default()
                    },
                    doc::Token {
                        span: doc::Span::new(11, 15),
                        form: "را".into(),
                        space_after: false,
                        words: vec![doc::Word {
                            form: "ر\tا".into(),
                            head: Some(0),
                            misc: "B=2".into(),
                            ..Default::default()
                        }],
                        ..Default::default()
                    },
                    doc::Token {
                        span: doc::Span::new(16, 26),
                        form: "خواند".into(),
                        space_after: true,
                        words: vec![],
                        ..Default::default()
                    },
                ],
                entities: Vec::new(),
            },
            doc::Sentence::default(),
        ],
        text,
    };
    let out = write_document(&d, None);
    let expected = [
        "# sent_id = 1\n",
        "# text = کتابش را\tخواند\n",
        "1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n",
        "1\tکتاب\t_\t_\t_\t_\t_\t_\t_\tA=1\n",
        "2\tش\t_\t_\t_\t_\t_\t_\t_\t_\n",
        "3\tر ا\t_\t_\t_\t_\t0\t_\t_\tB=2|SpaceAfter=No\n",
        "4\tخواند\t_\t_\t_\t_\t_\t_\t_\t_\n",
        "\n",
    ]
    .concat();
    assert_eq!(out, expected);
    assert!(parse(&out).is_ok());
    // A span that does not fit the text: the text comment is rebuilt from the tokens.
    let mut d2 = d.clone();
    d2.sentences[0].span = doc::Span::new(0, 999);
    assert!(write_document(&d2, None).contains("# text = کتابشراخواند\n"));
}

#[test]
fn fill_from_doc_keeps_everything_else() {
    let mut sents = parse(SAMPLE).unwrap();
    let (mut ds, _) = sents[1].to_doc_sentence(0);
    // Untouched analysis: nothing changes.
    let before = sents[1].clone();
    sents[1].fill_from_doc(&ds).unwrap();
    assert_eq!(sents[1], before);
    for t in &mut ds.tokens {
        for w in &mut t.words {
            w.lemma = format!("L{}", w.form);
            w.upos = "X".into();
            w.feats.clear();
            w.head = None;
            w.deprel = "dep\nbad".into();
        }
    }
    sents[1].fill_from_doc(&ds).unwrap();
    let s = &sents[1];
    assert_eq!(s.comments, before.comments);
    let w6 = s.word(6).unwrap();
    assert_eq!(
        (
            w6.lemma.as_str(),
            w6.upos.as_str(),
            w6.feats.as_str(),
            w6.head.as_str()
        ),
        ("Lآفتابی", "X", "_", "_")
    );
    assert_eq!(w6.deprel, "dep bad");
    assert_eq!(w6.misc, "Gloss=sunny|SpaceAfter=No");
    assert_eq!(w6.xpos, "ADJ_AJP");
    assert_eq!(s.rows[6], before.rows[6]); // the empty node
    assert!(parse(&write(&sents)).is_ok());
    // Word count mismatch.
    ds.tokens.pop();
    assert!(matches!(
        sents[1].fill_from_doc(&ds),
        Err(Error::Mismatch(_))
    ));
}

#[test]
fn row_helpers() {
    let mut r = Row::word(3, "سلام");
    assert_eq!(r.head_index(), None);
    r.set_head(Some(0));
    assert_eq!((r.head.as_str(), r.head_index()), ("0", Some(0)));
    r.set_head(None);
    assert_eq!(r.head, "_");
    r.misc = "A=1|SpaceAfter=No".into();
    assert!(r.no_space_after());
    assert_eq!(RowId::Range(2, 3).to_string(), "2-3");
    assert_eq!(RowId::Empty(0, 1).to_string(), "0.1");
    let s = Sentence {
        comments: vec!["no hash".into(), "# two\nlines".into()],
        rows: vec![r],
    };
    assert_eq!(
        write(std::slice::from_ref(&s)),
        "# no hash\n# two lines\n3\tسلام\t_\t_\t_\t_\t_\t_\t_\tA=1|SpaceAfter=No\n\n"
    );
}
