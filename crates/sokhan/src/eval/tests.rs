use super::*;
use crate::conllu::parse;

/// Builds a CoNLL-U line from the columns that matter here (XPOS, FEATS, DEPS are `_`).
fn row(
    id: &str,
    form: &str,
    lemma: &str,
    upos: &str,
    head: &str,
    deprel: &str,
    misc: &str,
) -> String {
    format!("{id}\t{form}\t{lemma}\t{upos}\t_\t_\t{head}\t{deprel}\t_\t{misc}\n")
}

/// "کتابش را خواندم. او آمد." in two sentences, with کتابش split into کتاب + ش.
fn gold() -> String {
    [
        "# sent_id = g1\n".to_string(),
        row("1-2", "کتابش", "_", "_", "_", "_", "_"),
        row("1", "کتاب", "کتاب", "NOUN", "4", "obj", "_"),
        row("2", "ش", "او", "PRON", "1", "nmod:poss", "_"),
        row("3", "را", "را", "ADP", "1", "case", "_"),
        row(
            "4",
            "خواندم",
            "خواند#خوان",
            "VERB",
            "0",
            "root",
            "SpaceAfter=No",
        ),
        row("5", ".", ".", "PUNCT", "4", "punct", "_"),
        "\n# sent_id = g2\n".to_string(),
        row("1", "او", "او", "PRON", "2", "nsubj", "_"),
        row("2", "آمد", "آمد#آ", "VERB", "0", "root", "SpaceAfter=No"),
        row("3", ".", ".", "PUNCT", "2", "punct", "_"),
        "\n".to_string(),
    ]
    .concat()
}

/// One sentence (boundary missed), کتابش not split, some labels wrong.
fn system() -> String {
    [
        row("1", "کتابش", "کتاب", "NOUN", "3", "obj", "_"),
        row("2", "را", "را", "ADP", "1", "case", "_"),
        row(
            "3",
            "خواندم",
            "خواندم",
            "VERB",
            "0",
            "root",
            "SpaceAfter=No",
        ),
        row("4", ".", ".", "PUNCT", "3", "punct", "_"),
        row("5", "او", "او", "DET", "6", "nsubj:pass", "_"),
        row("6", "آمد", "آمد#آ", "VERB", "3", "conj", "SpaceAfter=No"),
        row("7", ".", ".", "PUNCT", "6", "punct", "_"),
        "\n".to_string(),
    ]
    .concat()
}

fn scores(g: &str, s: &str) -> Scores {
    score(&parse(g).unwrap(), &parse(s).unwrap()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn hand_computed_scores() {
    let sc = scores(&gold(), &system());
    // 7 tokens with identical spans on both sides.
    assert_eq!(
        (sc.tokens.correct, sc.tokens.gold, sc.tokens.system),
        (7, 7, 7)
    );
    // Gold (0,14) (14,20) vs system (0,20).
    assert_eq!(
        (sc.sentences.correct, sc.sentences.gold, sc.sentences.system),
        (0, 2, 1)
    );
    assert_eq!(sc.sentences.f1, 0.0);
    // کتاب+ش vs کتابش: no common form, different counts: unaligned. 6 of 8 gold, 6 of 7 system.
    assert_eq!(
        (sc.words.correct, sc.words.gold, sc.words.system),
        (6, 8, 7)
    );
    // With G = 8 and S = 7, F1 = 2c / 15.
    assert!(close(sc.words.f1, 12.0 / 15.0));
    assert!(close(sc.words.precision, 6.0 / 7.0));
    assert!(close(sc.words.recall, 6.0 / 8.0));
    assert_eq!(sc.upos.correct, 5); // او PRON vs DET
    assert_eq!(sc.xpos.correct, 6);
    assert_eq!(sc.ufeats.correct, 6);
    assert_eq!(sc.lemmas.correct, 5); // خواند#خوان vs خواندم
                                      // را: heads on unaligned words; آمد: root vs 3. خواندم . او . are right.
    assert_eq!(sc.uas.correct, 4);
    assert!(close(sc.uas.f1, 8.0 / 15.0));
    assert_eq!(sc.las.correct, 4); // nsubj:pass counts as nsubj
    assert_eq!(sc.las_full.correct, 3);
    // Content words: gold کتاب ش خواندم او آمد (5); system کتابش خواندم او آمد (4).
    assert_eq!((sc.clas.correct, sc.clas.gold, sc.clas.system), (2, 5, 4));
    assert!(close(sc.clas.f1, 4.0 / 9.0));
    let rel = |r: &str| {
        let m = &sc.per_relation[r];
        (m.correct, m.gold, m.system)
    };
    assert_eq!(rel("root"), (1, 2, 1));
    assert_eq!(rel("punct"), (2, 2, 2));
    assert_eq!(rel("nsubj"), (1, 1, 1));
    // Subtyped relations get a row of their own, scored on the full relation.
    assert_eq!(rel("nsubj:pass"), (0, 0, 1));
    assert_eq!(rel("case"), (0, 1, 1));
    assert_eq!(rel("obj"), (0, 1, 1));
    assert_eq!(rel("nmod"), (0, 1, 0));
    assert_eq!(rel("conj"), (0, 0, 1));
}

#[test]
fn identical_files_score_100() {
    let sc = scores(&gold(), &gold());
    for (name, m) in sc.metrics() {
        assert_eq!(m.f1, 1.0, "{name}");
    }
    assert_eq!(sc.clas.f1, 1.0);
}

#[test]
fn display_matches_ud_eval_layout() {
    let sc = scores(&gold(), &system());
    let text = sc.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10);
    assert_eq!(lines[0], "Tokens     100.00");
    assert_eq!(lines[1], "Sentences    0.00");
    assert_eq!(lines[2], "Words       80.00");
    assert_eq!(lines[7], "UAS         53.33");
    assert_eq!(lines[9], "LAS-full    40.00");
    let verbose = format!("{sc:#}");
    assert!(
        verbose
            .lines()
            .nth(2)
            .unwrap()
            .ends_with("80.00  P  85.71  R  75.00"),
        "{verbose}"
    );
    assert_eq!(
        sc.to_ud_eval_json(),
        r#"{"Tokens": 100.0, "Sentences": 0.0, "Words": 80.0, "UPOS": 66.67, "XPOS": 80.0, "UFeats": 80.0, "Lemmas": 66.67, "UAS": 53.33, "LAS": 53.33, "LAS-full": 40.0}"#
    );
    let full = serde_json::to_value(&sc).unwrap();
    assert_eq!(full["LAS-full"]["correct"], 3);
    assert_eq!(full["per_relation"]["root"]["gold"], 2);
    assert!(sc.per_relation_table().starts_with("CLAS        44.44"));
}

#[test]
fn same_count_different_spelling_aligns_by_position() {
    let g = [
        row("1-2", "کتابش", "_", "_", "_", "_", "_"),
        row("1", "کتاب", "کتاب", "NOUN", "0", "root", "_"),
        row("2", "ش", "او", "PRON", "1", "nmod", "_"),
    ]
    .concat();
    // Same token, two words, spelled differently (اش-style split): aligned 1:1 by position.
    let s = [
        row("1-2", "کتابش", "_", "_", "_", "_", "_"),
        row("1", "کتا", "کتاب", "NOUN", "0", "root", "_"),
        row("2", "بش", "او", "PRON", "1", "nmod", "_"),
    ]
    .concat();
    let sc = scores(&g, &s);
    assert_eq!(sc.words.correct, 2);
    assert_eq!(sc.las.correct, 2);
    // One form in common: LCS keeps only that pair, no positional fallback.
    let s2 = [
        row("1-2", "کتابش", "_", "_", "_", "_", "_"),
        row("1", "کتاب", "کتاب", "NOUN", "0", "root", "_"),
        row("2", "x", "او", "PRON", "1", "nmod", "_"),
        row("3", "ش", "او", "PRON", "1", "nmod", "_"),
    ]
    .concat()
    .replace("1-2\t", "1-3\t");
    let sc = scores(&g, &s2);
    assert_eq!((sc.words.correct, sc.words.system), (2, 3));
}

#[test]
fn lcs_prefers_gold_skip_on_ties() {
    // Gold a b, system b a: LCS length 1 either way; ud_eval.py skips gold first on ties, so it
    // pairs gold b with system b.
    let g = [
        row("1-2", "ab", "_", "_", "_", "_", "_"),
        row("1", "a", "g1", "X", "0", "root", "_"),
        row("2", "b", "g2", "X", "1", "dep", "_"),
    ]
    .concat();
    let s = [
        row("1-2", "ab", "_", "_", "_", "_", "_"),
        row("1", "b", "g2", "X", "0", "root", "_"),
        row("2", "a", "g1", "X", "1", "dep", "_"),
    ]
    .concat();
    let sc = scores(&g, &s);
    assert_eq!(sc.words.correct, 1);
    assert_eq!(sc.lemmas.correct, 1); // the b pair
    assert_eq!(sc.uas.correct, 0);
}

#[test]
fn whitespace_in_forms_is_ignored() {
    let g = row("1", "۱۰ ۰۰۰", "_", "NUM", "0", "root", "_");
    let s = [
        row("1", "۱۰", "_", "NUM", "0", "root", "_"),
        row("2", "۰۰۰", "_", "NUM", "1", "flat", "_"),
    ]
    .concat();
    let sc = scores(&g, &s);
    assert_eq!(
        (sc.tokens.correct, sc.tokens.gold, sc.tokens.system),
        (0, 1, 2)
    );
    assert_eq!(sc.sentences.correct, 1);
}

#[test]
fn text_mismatch_is_an_error_with_position() {
    let g = gold();
    let s = system().replace("آمد", "رفت");
    let e = score(&parse(&g).unwrap(), &parse(&s).unwrap()).unwrap_err();
    let msg = e.to_string();
    // کتابش را خواندم . او → 5+2+6+1+2 = 16 non-space characters before آمد.
    assert!(msg.contains("non-space character 16"), "{msg}");
    assert!(msg.contains("sent_id g2"), "{msg}");
    assert!(
        msg.contains("\"آمد.\"") && msg.contains("\"رفت.\""),
        "{msg}"
    );
    // A shorter system text: the difference is at its end.
    let short = row("1", "کتابش", "_", "_", "0", "root", "_");
    let e = score(&parse(&g).unwrap(), &parse(&short).unwrap()).unwrap_err();
    assert!(e.to_string().contains("character 5"), "{e}");
}

#[test]
fn heads_that_are_not_words_are_never_right() {
    // HEAD _ on both sides: not attached, so not correct (as in ud_eval.py).
    let g = row("1", "سلام", "_", "_", "_", "_", "_");
    let sc = scores(&g, &g);
    assert_eq!(
        (sc.words.correct, sc.uas.correct, sc.las.correct),
        (1, 0, 0)
    );
    // HEAD pointing past the sentence.
    let g = [
        row("1", "سلام", "_", "_", "0", "root", "_"),
        row("2", "!", "_", "_", "9", "punct", "_"),
    ]
    .concat();
    let sc = scores(&g, &g);
    assert_eq!(sc.uas.correct, 1);
}

#[test]
fn empty_inputs() {
    let sc = score(&[], &[]).unwrap();
    assert_eq!(sc.words, Metric::new(0, 0, 0));
    assert_eq!(sc.tokens.f1, 0.0);
}

#[test]
fn helpers() {
    let mut sorted = CONTENT_RELATIONS;
    sorted.sort_unstable();
    assert_eq!(sorted, CONTENT_RELATIONS);
    assert!(is_content("nmod:poss") && !is_content("case") && !is_content("_"));
    assert_eq!(py_int(" 12 "), Some(12));
    assert_eq!(py_int("1_0"), Some(10));
    assert_eq!(py_int("-0"), Some(0));
    assert_eq!(py_int("_"), None);
    assert_eq!(py_int("1__0"), None);
    assert_eq!(py_int(""), None);
    assert_eq!(round2(12.125), 12.12);
    assert_eq!(round2(2.0 / 3.0 * 100.0), 66.67);
}
