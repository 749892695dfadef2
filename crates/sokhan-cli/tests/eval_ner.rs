//! `sokhan eval ner GOLD SYSTEM` as a user runs it, and `sokhan eval GOLD SYSTEM` beside it.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn sokhan() -> Command {
    Command::cargo_bin("sokhan").expect("binary built")
}

/// "سارا و رضا از اصفهان به شیراز رفتند ." / "بانک ملی بسته بود ."
const GOLD: &str = "سارا\tB-PER\nو\tO\nرضا\tB-PER\nاز\tO\nاصفهان\tB-LOC\nبه\tO\nشیراز\tB-LOC\nرفتند\tO\n.\tO\n\nبانک\tB-ORG\nملی\tI-ORG\nبسته\tO\nبود\tO\n.\tO\n";

/// The same text with other tokens and sentences (space-separated, CRLF): رضا missed, شیراز
/// typed ORG, بانک ملی cut short.
const SYSTEM: &str = "سارا B-PER\r\nو O\r\nرضا O\r\nاز O\r\nاصفهان B-LOC\r\nبه O\r\nشیراز B-ORG\r\nرفتند O\r\n. O\r\nبانک B-ORG\r\nملی O\r\nبسته O\r\nبود O\r\n. O\r\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn prints_conlleval_style_scores() {
    let d = tempfile::tempdir().unwrap();
    let (g, s) = (
        write(d.path(), "gold.txt", GOLD),
        write(d.path(), "sys.txt", SYSTEM),
    );
    let out = sokhan()
        .args(["eval", "ner"])
        .arg(&g)
        .arg(&s)
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    // gold 5 (PER 2, LOC 2, ORG 1), system 4 (PER 1, LOC 1, ORG 2), correct 2 (سارا, اصفهان).
    assert!(
        stdout.starts_with("exact spans (conlleval): 5 gold entities, 4 system, 2 correct"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nLOC            2       1       1  100.00   50.00   66.67\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nORG            1       2       0    0.00    0.00    0.00\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nPER            2       1       1  100.00   50.00   66.67\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\nall            5       4       2   50.00   40.00   44.44\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("any overlap"));

    // --overlap: بانک overlaps بانک ملی (ORG); شیراز still has the wrong type.
    sokhan()
        .args(["eval", "ner", "--overlap"])
        .arg(&g)
        .arg(&s)
        .assert()
        .success()
        .stdout(predicate::str::contains("any overlap with an entity of the same type: 3 of 4 system entities, 3 of 5 gold entities"))
        .stdout(predicate::str::contains("\nall            5       4       3        3   75.00   60.00   66.67\n"));
}

#[test]
fn json_types_and_map() {
    let d = tempfile::tempdir().unwrap();
    let (g, s) = (
        write(d.path(), "gold.txt", GOLD),
        write(d.path(), "sys.txt", SYSTEM),
    );
    let out = sokhan()
        .args([
            "eval",
            "ner",
            "--json",
            "--overlap",
            "--types",
            "PERSON,LOC",
            "--map",
            "PER=PERSON",
        ])
        .arg(&g)
        .arg(&s)
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let micro = &v["exact"]["micro"];
    assert_eq!(
        (
            micro["gold"].as_u64(),
            micro["system"].as_u64(),
            micro["correct"].as_u64()
        ),
        (Some(4), Some(2), Some(2))
    );
    assert_eq!(micro["precision"], 100.0);
    assert_eq!(micro["recall"], 50.0);
    assert_eq!(micro["f1"], 66.67);
    let types: Vec<&String> = v["exact"]["per_type"].as_object().unwrap().keys().collect();
    assert_eq!(types, ["LOC", "PERSON"]);
    assert_eq!(v["overlap"]["micro"]["gold_matched"], 2);
    assert_eq!(v["gold_tokens"], 14);
    assert_eq!(v["system_sentences"], 1);
}

#[test]
fn conllu_system_with_multiword_tokens() {
    let d = tempfile::tempdir().unwrap();
    let g = write(
        d.path(),
        "gold.txt",
        "کتابش\tO\nرا\tO\nسارا\tB-PER\nآورد\tO\n",
    );
    let conllu = "# sent_id = 1\n\
        1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\tNER=O\n1\tکتاب\t_\t_\t_\t_\t_\t_\t_\t_\n2\tش\t_\t_\t_\t_\t_\t_\t_\t_\n\
        3\tرا\t_\t_\t_\t_\t_\t_\t_\tNER=O\n4\tسارا\t_\t_\t_\t_\t_\t_\t_\tNER=B-PER\n5\tآورد\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    let s = write(d.path(), "sys.conllu", conllu);
    sokhan()
        .args(["eval", "ner"])
        .arg(&g)
        .arg(&s)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\nall            1       1       1  100.00  100.00  100.00\n",
        ));
}

#[test]
fn errors_exit_with_code_2() {
    let d = tempfile::tempdir().unwrap();
    let g = write(d.path(), "gold.txt", GOLD);
    // Different text: the error says where.
    let other = write(d.path(), "other.txt", &GOLD.replace("شیراز", "تبریز"));
    sokhan()
        .args(["eval", "ner"])
        .arg(&g)
        .arg(&other)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "gold and system texts differ at non-space character 18",
        ))
        .stderr(predicate::str::contains("line 7"));
    // Empty file.
    let empty = write(d.path(), "empty.txt", "");
    sokhan()
        .args(["eval", "ner"])
        .arg(&g)
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("system has no tokens"));
    // A bad line.
    let bad = write(d.path(), "bad.txt", "سارا\tB-PER\nB-LOC\n");
    sokhan()
        .args(["eval", "ner"])
        .arg(&bad)
        .arg(&g)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.txt is not a valid BIO file: line 2: label \"B-LOC\" without a token",
        ));
    // Invalid UTF-8 gives the byte offset.
    let mut bytes = "سارا\tB-PER\n".as_bytes().to_vec();
    let at = bytes.len();
    bytes.extend_from_slice(&[0xFF, b'\t', b'O', b'\n']);
    let p = d.path().join("latin.txt");
    std::fs::write(&p, bytes).unwrap();
    sokhan()
        .args(["eval", "ner"])
        .arg(&g)
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("byte offset {at}")));
    // A bad --map.
    sokhan()
        .args(["eval", "ner", "--map", "EVE"])
        .arg(&g)
        .arg(&g)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected FROM=TO"));
}

#[test]
fn ud_eval_still_takes_gold_and_system() {
    let d = tempfile::tempdir().unwrap();
    let c = "1\tمن\tمن\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tرفتم\tرفت#رو\tVERB\t_\t_\t0\troot\t_\t_\n\n";
    let g = write(d.path(), "gold.conllu", c);
    sokhan()
        .arg("eval")
        .arg(&g)
        .arg(&g)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Tokens     100.00\n"));
    sokhan()
        .args(["eval", "--json"])
        .arg(&g)
        .arg(&g)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("{\"Tokens\": 100.0, "));
    // Flags after the files, as before.
    sokhan()
        .arg("eval")
        .arg(&g)
        .arg(&g)
        .arg("--verbose")
        .assert()
        .success()
        .stdout(predicate::str::contains("  P 100.00  R 100.00"));
    sokhan()
        .arg("eval")
        .arg(&g)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<SYSTEM>"));
    sokhan()
        .args(["eval", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("sokhan eval <COMMAND>"))
        .stdout(predicate::str::contains("ner"));
}
