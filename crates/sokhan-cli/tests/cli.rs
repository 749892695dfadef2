//! The `sokhan` command as a user runs it.

use assert_cmd::Command;
use predicates::prelude::*;

fn sokhan() -> Command {
    Command::cargo_bin("sokhan").expect("binary built")
}

#[test]
fn help_shows_examples() {
    sokhan().arg("--help").assert().success().stdout(predicate::str::contains("Examples:"));
}

#[test]
fn tokenize_prints_one_sentence_per_line() {
    sokhan()
        .args(["tokenize", "-"])
        .write_stdin("باران بارید. هوا سرد شد!\nپایان")
        .assert()
        .success()
        .stdout("باران بارید .\nهوا سرد شد !\nپایان\n");
}

#[test]
fn tokenize_stats_counts_what_it_wrote() {
    let input = "باران بارید. هوا سرد شد!\nپایان";
    sokhan()
        .args(["tokenize", "--stats", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("باران بارید .\nهوا سرد شد !\nپایان\n")
        .stderr(predicate::str::contains("documents: 1 in = 1 analysed + 0 failed; "))
        .stderr(predicate::str::contains(" words/s)"));
}

#[test]
fn invalid_utf8_is_reported_with_offset_and_exit_code_2() {
    let mut input = "سلام دنیا ".as_bytes().to_vec();
    let bad_at = input.len();
    input.extend_from_slice(&[0xFF, 0xFE, b'x']);
    sokhan()
        .args(["analyze", "-"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("byte offset {bad_at}")));
}

#[test]
fn missing_file_is_a_clear_error() {
    sokhan().args(["analyze", "/nonexistent/sokhan-input.txt"]).assert().code(2).stderr(predicate::str::contains("cannot open"));
}

#[test]
fn empty_input_gives_empty_output() {
    for format in ["pretty", "conllu", "json"] {
        sokhan().args(["analyze", "--format", format, "-"]).write_stdin("").assert().success().stdout("");
    }
}

#[test]
fn json_spans_point_into_the_original_input() {
    let input = "کتاب‌ها را   آوردم .\nدوباره";
    let out = sokhan().args(["analyze", "--format", "json", "-"]).write_stdin(input).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).expect("utf8");
    let mut covered = 0;
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        for t in v["tokens"].as_array().expect("tokens") {
            let (s, e) = (t["span"]["start"].as_u64().unwrap() as usize, t["span"]["end"].as_u64().unwrap() as usize);
            assert_eq!(&input[s..e], t["form"].as_str().unwrap());
            covered += input[s..e].chars().filter(|c| !c.is_whitespace()).count();
        }
    }
    assert_eq!(covered, input.chars().filter(|c| !c.is_whitespace()).count());
}

#[test]
fn conllu_output_has_text_sent_id_and_space_after() {
    sokhan()
        .args(["analyze", "--format", "conllu", "-"])
        .write_stdin("او آمد. ما رفتیم.")
        .assert()
        .success()
        .stdout(predicate::str::contains("# sent_id = 2\n# text = ما رفتیم."))
        .stdout(predicate::str::contains("SpaceAfter=No"));
}

#[test]
fn conllu_input_keeps_segmentation_and_fills_lemmas() {
    let gold = "# sent_id = a\n# text = کتابش را خواند.\n1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_\n1\tکتاب\t_\t_\t_\t_\t_\t_\t_\t_\n2\tش\t_\t_\t_\t_\t_\t_\t_\t_\n3\tرا\t_\t_\t_\t_\t_\t_\t_\t_\n4\tخواند\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    let out = sokhan().args(["analyze", "--input-format", "conllu", "--format", "conllu", "-"]).write_stdin(gold).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let rows: Vec<Vec<&str>> = stdout.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0][0], "1-2");
    assert_eq!(rows[1][2], "کتاب");
    assert_eq!(rows[2][2], "او");
    assert_eq!(rows[4][2], "خواند");
    assert_eq!(rows[4][9], "SpaceAfter=No");
}

#[test]
fn malformed_conllu_is_a_clear_error() {
    sokhan()
        .args(["analyze", "--input-format", "conllu", "-"])
        .write_stdin("1\tonly three\tcolumns\n\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 1"));
}

#[test]
fn conllu_input_with_several_sentences_prints_json_and_pretty() {
    let gold = "1\tاو\t_\t_\t_\t_\t_\t_\t_\t_\n2\tآمد\t_\t_\t_\t_\t_\t_\t_\t_\n\n1\tما\t_\t_\t_\t_\t_\t_\t_\t_\n2\tرفتیم\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    for format in ["json", "pretty"] {
        sokhan()
            .args(["analyze", "--input-format", "conllu", "--format", format, "-"])
            .write_stdin(gold)
            .assert()
            .success()
            .stdout(predicate::str::contains("رفتیم"));
    }
}

#[test]
fn pretty_output_survives_a_very_long_word() {
    let long = "ب".repeat(70_000);
    sokhan().args(["analyze", "--no-tag", "-"]).write_stdin(long).assert().success();
}

#[test]
fn digit_dot_runs_stay_linear_and_whole() {
    let input = "1.".repeat(20_000);
    sokhan().args(["tokenize", "-"]).write_stdin(input).assert().success();
}

#[test]
fn tree_format_draws_each_word_once_under_its_head() {
    let out = sokhan().args(["analyze", "--format", "tree", "-"]).write_stdin("پدرم دیروز به خانه آمد.").assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("# sentence 1: \u{2068}پدرم"), "{out}");
    // One line per word plus the header and a blank line; exactly one root line, unindented.
    let words = ["پدر", "م", "دیروز", "به", "خانه", "آمد", "."];
    assert_eq!(lines.len(), 1 + words.len() + 1, "{out}");
    assert_eq!(lines.iter().filter(|l| l.ends_with(" root")).count(), 1, "{out}");
    assert!(lines[1].starts_with('\u{2068}') && lines[1].ends_with(" root"), "{out}");
    for l in &lines[2..lines.len() - 1] {
        assert!(l.contains("├─ ") || l.contains("└─ "), "{out}");
        // Persian text is isolated so the terminal cannot reorder the line.
        assert!(l.contains('\u{2068}') && l.contains('\u{2069}'), "{out}");
    }
}

#[test]
fn svg_format_is_one_standalone_drawing_right_to_left() {
    let out = sokhan().args(["analyze", "--format", "svg", "-"]).write_stdin("باران بارید. هوا سرد شد.").assert().success().get_output().stdout.clone();
    let svg = String::from_utf8(out).expect("UTF-8");
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"), "{svg}");
    assert_eq!(svg.matches("<svg ").count(), 3, "outer document and one drawing per sentence");
    assert!(svg.contains(r#"direction="rtl""#) && svg.contains(">root</text>"));
    // The first word of a sentence is drawn to the right of the second.
    let x_of = |form: &str| -> f64 {
        let at = svg.find(&format!(">{form}</text>")).expect("word drawn");
        let tag = &svg[svg[..at].rfind("<text").expect("text element")..at];
        tag.split("x=\"").nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).expect("x")
    };
    assert!(x_of("باران") > x_of("بارید"));
}

#[test]
fn html_format_wraps_drawings_in_a_right_to_left_page() {
    sokhan()
        .args(["analyze", "--format", "html", "-"])
        .write_stdin("باران <بارید> & هوا سرد شد.")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("<!DOCTYPE html>"))
        .stdout(predicate::str::contains(r#"dir="rtl""#))
        .stdout(predicate::str::contains("&lt;"))
        .stdout(predicate::str::contains("</html>"));
}

#[test]
fn conllu_output_has_heads_and_no_parse_leaves_them_empty() {
    let out = sokhan().args(["analyze", "--format", "conllu", "-"]).write_stdin("او آمد.").assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).expect("UTF-8");
    let rows: Vec<Vec<&str>> = out.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.iter().filter(|r| r[6] == "0" && r[7] == "root").count(), 1, "{out}");
    assert!(rows.iter().all(|r| r[6] != "_" && r[7] != "_"), "{out}");
    let out = sokhan().args(["analyze", "--format", "conllu", "--no-parse", "-"]).write_stdin("او آمد.").assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(out.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).all(|l| l.split('\t').nth(6) == Some("_")), "{out}");
}

#[test]
fn a_bad_parser_model_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("sokhan-cli-parser-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bad.skm");
    std::fs::write(&path, b"SOKHANM\0 not really a model").expect("write");
    sokhan()
        .args(["analyze", "--parser-model"])
        .arg(&path)
        .arg("-")
        .write_stdin("او آمد.")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("parser model"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn drawings_take_one_input() {
    let dir = std::env::temp_dir().join(format!("sokhan-draw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
    std::fs::write(&a, "باران بارید.").unwrap();
    std::fs::write(&b, "هوا سرد شد.").unwrap();
    sokhan()
        .arg("analyze")
        .args(["--format", "svg"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("take one input"));
    sokhan().args(["analyze", "--format", "svg"]).arg(&a).assert().success().stdout(predicate::str::contains("<svg"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn normalization_rules_can_be_switched_off_from_the_command_line() {
    let input = "ما كتاب ها را می خوانيم و 12 \"درس\" داريم\n";
    sokhan()
        .args(["normalize", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("ما کتاب\u{200C}ها را می\u{200C}خوانیم و ۱۲ «درس» داریم\n");
    sokhan()
        .args(["normalize", "--disable", "half-space,quotes", "--digits", "latin", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("ما کتاب ها را می خوانیم و 12 \"درس\" داریم\n");
    // Everything off but the letters: only `ك`/`ي` change.
    sokhan()
        .args(["normalize", "--disable", "all", "--enable", "letters", "--digits", "keep", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout("ما کتاب ها را می خوانیم و 12 \"درس\" داریم\n");
    // The same options reach tokenize and analyze.
    sokhan()
        .args(["tokenize", "--disable", "half-space", "-"])
        .write_stdin("کتاب ها را می خوانیم.")
        .assert()
        .success()
        .stdout("کتاب ها را می خوانیم .\n");
    sokhan()
        .args(["normalize", "--disable", "spelling", "-"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'spelling'"));
}

/// `sokhan train parser` on the bundled fixture, with the fixture again as a secondary treebank
/// and without one: both models load and parse; a missing secondary treebank is an error
/// naming it.
#[test]
fn train_parser_with_and_without_a_secondary_treebank() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sokhan/tests/fixtures/conllu/sample.conllu");
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, secondary, says) in [
        ("with.skm", Some(&fixture), "3 sentences of the target treebank and 3 of other treebanks (treebank-marked features)"),
        ("without.skm", None, "3 sentences of the target treebank and 0 of other treebanks (none)"),
    ] {
        let model = dir.path().join(name);
        let mut cmd = sokhan();
        cmd.args(["train", "parser", "--jackknife", "0", "--no-clusters", "--epochs", "2", "--train"]).arg(&fixture).arg("--out").arg(&model);
        if let Some(s) = secondary {
            cmd.arg("--secondary").arg(s);
        }
        cmd.assert().success().stdout(predicate::str::contains("wrote")).stderr(predicate::str::contains(says));
        let out = sokhan()
            .args(["analyze", "--format", "conllu", "--parser-model"])
            .arg(&model)
            .arg("-")
            .write_stdin("دیروز کتاب را به کتابخانه برگرداند.")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).expect("UTF-8");
        let rows: Vec<Vec<&str>> = out.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').collect()).collect();
        assert_eq!(rows.iter().filter(|r| r[6] == "0").count(), 1, "{name}: {out}");
        assert!(rows.iter().all(|r| r[6] != "_" && r[7] != "_"), "{name}: {out}");
    }
    sokhan()
        .args(["train", "parser", "--jackknife", "0", "--no-clusters", "--train"])
        .arg(&fixture)
        .args(["--secondary", "no/such/seraji.conllu", "--out"])
        .arg(dir.path().join("never.skm"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("no/such/seraji.conllu"));
}
