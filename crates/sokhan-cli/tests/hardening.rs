//! Regression tests for the defects an outside test battery found (issue 25): deep trees,
//! tree output size, JSON Lines records without a usable text, CoNLL-U line ends, empty eval.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

fn sokhan() -> Command {
    Command::cargo_bin("sokhan").expect("binary built")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// `analyze --format tree` on `text`; the run must succeed. Returns standard output.
fn tree_of(text: &str) -> String {
    let d = tempfile::tempdir().unwrap();
    let input = write(d.path(), "in.txt", text.as_bytes());
    let out = sokhan().args(["analyze", "--format", "tree"]).arg(&input).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Lines drawing a word (not the `# sentence` header or the blank line after a sentence).
fn word_lines(tree: &str) -> usize {
    tree.lines().filter(|l| !l.is_empty() && !l.starts_with("# sentence")).count()
}

#[test]
fn tree_format_survives_a_long_chain_of_repeated_words() {
    // Parsed as a chain as deep as the sentence is long: a recursive drawing overflowed the stack.
    for (text, words) in [("کتاب ".repeat(30_000), 30_000), ("- ".repeat(30_000) + "\n", 30_000)] {
        let tree = tree_of(&text);
        assert_eq!(word_lines(&tree), words);
        assert!(tree.contains("…(+"), "deep levels are folded");
    }
}

#[test]
fn tree_output_stays_linear_in_the_input() {
    // 60 kB of input wrote 676 MB when every line was indented by its full depth.
    let tree = tree_of(&"1 ".repeat(30_000));
    assert_eq!(word_lines(&tree), 30_000);
    assert!(tree.len() < 5_000_000, "{} bytes of tree for 60 kB of input", tree.len());
    let widest = tree.lines().filter(|l| !l.starts_with("# sentence")).map(|l| l.chars().count()).max().unwrap();
    assert!(widest < 200, "widest line: {widest} characters");
}

#[test]
fn a_json_lines_record_without_a_usable_text_is_reported_by_its_id() {
    let d = tempfile::tempdir().unwrap();
    let input = [
        r#"{"id":"ok","text":"خوب است."}"#,
        r#"{"id":"missing","title":"x"}"#,
        r#"{"text":null,"id":"null"}"#,
        r#"{"id":"number","text":5}"#,
        r#"{"id":"array","text":["a"]}"#,
        r#"{"id":"object","text":{"a":"b"}}"#,
        r#"{"text":7}"#,
        r#"{"id":"cut","text":"نیمه"#,
    ]
    .join("\n")
        + "\n";
    let input = write(d.path(), "in.jsonl", input.as_bytes());
    let errors = d.path().join("errors.jsonl");
    sokhan()
        .args(["analyze", "--no-tag", "--input-format", "jsonl", "--format", "jsonl", "--errors"])
        .arg(&errors)
        .arg(&input)
        .assert()
        .code(3)
        .stdout(predicate::str::contains(r#""id":"ok""#));
    let report: Vec<serde_json::Value> = fs::read_to_string(&errors).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let got: Vec<(&str, u64, &str)> = report.iter().map(|e| (e["id"].as_str().unwrap(), e["line"].as_u64().unwrap(), e["reason"].as_str().unwrap())).collect();
    let want = [
        ("missing", 2, "the record has no field \"text\""),
        ("null", 3, "the text field \"text\" is null"),
        ("number", 4, "the text field \"text\" is a number, not a string"),
        ("array", 5, "is an array, not a string"),
        ("object", 6, "is an object, not a string"),
        // No id field: named by its line number.
        ("7", 7, "is a number, not a string"),
        ("cut", 8, "malformed JSON record"),
    ];
    assert_eq!(got.len(), want.len(), "{report:?}");
    for ((id, line, reason), (want_id, want_line, want_reason)) in got.iter().zip(want) {
        assert_eq!((*id, *line), (want_id, want_line), "{reason}");
        assert!(reason.contains(want_reason), "{id}: {reason}");
        if want_id != "cut" {
            assert!(!reason.contains("malformed"), "{id}: valid JSON called malformed: {reason}");
        }
    }
}

const CONLLU: &str = "# text = او آمد.\n1\tاو\t_\t_\t_\t_\t_\t_\t_\t_\n2\tآمد\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n3\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n# text = ما رفتیم\n1\tما\t_\t_\t_\t_\t_\t_\t_\t_\n2\tرفتیم\t_\t_\t_\t_\t_\t_\t_\t_\n\n";

#[test]
fn conllu_with_cr_only_line_ends_is_read_as_rows() {
    let d = tempfile::tempdir().unwrap();
    for (name, text) in [("cr.conllu", CONLLU.replace('\n', "\r")), ("crlf.conllu", CONLLU.replace('\n', "\r\n"))] {
        let input = write(d.path(), name, text.as_bytes());
        // Through the corpus engine (whole-file parse) and the drawing path (streaming reader).
        for format in ["conllu", "tree"] {
            let out = sokhan().args(["analyze", "--no-tag", "--input-format", "conllu", "--format", format]).arg(&input).assert().success();
            let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
            for word in ["او", "آمد", "ما", "رفتیم"] {
                assert!(stdout.contains(word), "{name} as {format}: {word} missing from {stdout}");
            }
        }
        let lf = write(d.path(), "lf.conllu", CONLLU.as_bytes());
        sokhan().arg("eval").arg(&input).arg(&lf).assert().success().stdout(predicate::str::contains("100.00"));
    }
}

#[test]
fn conllu_with_a_line_of_tabs_is_rejected_with_its_line_number() {
    let text = CONLLU.replacen("\n\n", "\n\t\t\n", 1);
    sokhan()
        .args(["analyze", "--input-format", "conllu", "--format", "tree", "-"])
        .write_stdin(text.clone())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 5"));
    sokhan()
        .args(["analyze", "--input-format", "conllu", "--format", "conllu", "-"])
        .write_stdin(text)
        .assert()
        .failure()
        .stderr(predicate::str::contains("line 5"));
}

#[test]
fn eval_of_a_file_without_words_is_an_error() {
    let d = tempfile::tempdir().unwrap();
    let good = write(d.path(), "good.conllu", CONLLU.as_bytes());
    for (name, bytes) in [("empty.conllu", &b""[..]), ("comments.conllu", &b"# only a comment\n\n"[..])] {
        let empty = write(d.path(), name, bytes);
        for (gold, system, side) in [(&empty, &empty, "gold"), (&good, &empty, "system"), (&empty, &good, "gold")] {
            sokhan()
                .arg("eval")
                .arg(gold)
                .arg(system)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!("the {side} file")).and(predicate::str::contains("has no words")));
        }
    }
}

/// `text` as UTF-16 with a byte order mark, little- or big-endian.
fn utf16(text: &str, little: bool) -> Vec<u8> {
    let mut out = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if little { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

#[test]
fn a_utf16_file_is_told_to_convert_from_utf16() {
    let d = tempfile::tempdir().unwrap();
    let utf16_hint = || predicate::str::contains("UTF-16").and(predicate::str::contains("iconv -f UTF-16 -t UTF-8")).and(predicate::str::contains("WINDOWS-1256").not());
    for little in [true, false] {
        let text = write(d.path(), "t.txt", &utf16("سلام دنیا.\n", little));
        let jsonl = write(d.path(), "t.jsonl", &utf16("{\"id\":\"a\",\"text\":\"سلام\"}\n", little));
        let conllu = write(d.path(), "t.conllu", &utf16(CONLLU, little));
        // Single input, drawn (input::for_each_chunk) and through the corpus engine.
        for format in ["tree", "conllu"] {
            sokhan().args(["analyze", "--format", format]).arg(&text).assert().code(2).stderr(utf16_hint());
        }
        // A corpus run reports the document and goes on.
        let errors = d.path().join("errors.jsonl");
        sokhan().args(["tokenize", "--errors"]).arg(&errors).arg(&text).arg(&jsonl).assert().code(3);
        let report = fs::read_to_string(&errors).unwrap();
        assert_eq!(report.lines().count(), 2, "{report}");
        for line in report.lines() {
            assert!(utf16_hint().eval(line), "{line}");
        }
        sokhan().args(["analyze", "--input-format", "jsonl", "--format", "jsonl"]).arg(&jsonl).assert().failure().stderr(utf16_hint());
        // CoNLL-U: read whole (eval) and streamed (drawing).
        let lf = write(d.path(), "lf.conllu", CONLLU.as_bytes());
        sokhan().arg("eval").arg(&conllu).arg(&lf).assert().code(2).stderr(utf16_hint());
        sokhan().args(["analyze", "--input-format", "conllu", "--format", "tree"]).arg(&conllu).assert().code(2).stderr(utf16_hint());
    }
    // Other bytes that are not UTF-8 keep the legacy code page hint.
    let cp1256 = write(d.path(), "cp.txt", b"\xd3\xe1\xc7\xe3\n");
    sokhan().args(["analyze", "--format", "tree"]).arg(&cp1256).assert().code(2).stderr(predicate::str::contains("WINDOWS-1256"));
}

#[test]
fn nul_bytes_never_become_tokens_in_conllu() {
    let input = "سلام\0دنیا \0 خوب\0\0.\n";
    for args in [&["analyze", "--format", "conllu", "-"][..], &["analyze", "--no-tag", "--format", "conllu", "-"][..]] {
        let out = sokhan().args(args).write_stdin(input).assert().success();
        let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(!stdout.contains('\0'), "{stdout:?}");
        let forms: Vec<&str> = stdout.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| l.split('\t').nth(1).unwrap()).collect();
        assert_eq!(forms, ["سلام", "دنیا", "خوب", "."], "{stdout}");
    }
    // Spans still count the NUL bytes.
    let out = sokhan().args(["analyze", "--format", "json", "-"]).write_stdin(input).assert().success();
    let v: serde_json::Value = serde_json::from_str(String::from_utf8(out.get_output().stdout.clone()).unwrap().lines().next().unwrap()).unwrap();
    let spans: Vec<(u64, u64)> = v["tokens"].as_array().unwrap().iter().map(|t| (t["span"]["start"].as_u64().unwrap(), t["span"]["end"].as_u64().unwrap())).collect();
    let at = |s: &str| input.find(s).unwrap() as u64;
    assert_eq!(spans, [(0, 8), (at("دنیا"), at("دنیا") + 8), (at("خوب"), at("خوب") + 6), (at("."), at(".") + 1)]);
    let out = sokhan().args(["tokenize", "-"]).write_stdin(input).assert().success();
    assert_eq!(String::from_utf8(out.get_output().stdout.clone()).unwrap(), "سلام دنیا خوب .\n");
}
