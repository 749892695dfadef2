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
