//! `sokhan entities` and the entities of `analyze --format json`, as a user runs them.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn sokhan() -> Command {
    Command::cargo_bin("sokhan").expect("binary built")
}

/// A made-up news paragraph: people, places, organisations, a date, money and a percentage.
const NEWS: &str = "حسن روحانی رئیس جمهوری ایران روز ۱۵ مهر ۱۳۸۷ در تهران با وزیر امور خارجه فرانسه دیدار کرد. \
سازمان ملل متحد دو و نیم میلیون دلار به این طرح داد و تورم به ۱۲ درصد رسید.";

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8(out.to_vec()).expect("UTF-8").lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect()
}

#[test]
fn json_has_byte_spans_types_texts_and_values() {
    let out = sokhan().args(["entities", "--format", "json", "-"]).write_stdin(NEWS).assert().success().get_output().stdout.clone();
    let ents = json_lines(&out);
    assert!(!ents.is_empty());
    let bytes = NEWS.as_bytes();
    let mut last_end = 0;
    for e in &ents {
        let (s, t) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
        // The text is exactly the bytes of the span, entities are in order and never overlap.
        assert_eq!(std::str::from_utf8(&bytes[s..t]).unwrap(), e["text"].as_str().unwrap(), "{e}");
        assert!(s >= last_end, "overlap at {e}");
        last_end = t;
        assert!(e["sent_id"].as_u64().is_some());
        assert!(e.get("doc").is_none(), "no doc id for a single input");
    }
    let find = |text: &str| ents.iter().find(|e| e["text"] == text).unwrap_or_else(|| panic!("{text} not found in {ents:?}"));
    assert_eq!(find("حسن روحانی")["type"], "PER");
    assert_eq!(find("تهران")["type"], "LOC");
    assert_eq!(find("سازمان ملل متحد")["type"], "ORG");
}

#[test]
fn table_is_one_entity_a_line() {
    sokhan()
        .args(["entities", "-"])
        .write_stdin("علی دایی دیروز به تبریز رفت.")
        .assert()
        .success()
        .stdout(predicate::str::contains("PER\t\u{2068}علی دایی\u{2069}"))
        .stdout(predicate::str::contains("LOC\t\u{2068}تبریز\u{2069}"));
}

#[test]
fn conllu_marks_every_token_with_a_bio_label() {
    let out = sokhan().args(["entities", "--format", "conllu", "-"]).write_stdin("علی دایی به تبریز رفت.").assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    let labels: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter(|l| !l.split('\t').next().unwrap_or("").contains('-'))
        .map(|l| l.rsplit('\t').next().unwrap().split('|').find(|m| m.starts_with("NER=")).expect("NER= in MISC"))
        .collect();
    assert_eq!(labels, ["NER=B-PER", "NER=I-PER", "NER=O", "NER=B-LOC", "NER=O", "NER=O"]);
}

#[test]
fn corpus_mode_names_the_document_of_each_entity() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, "{\"id\": \"a\", \"text\": \"علی دایی به تبریز رفت.\"}\n{\"id\": \"b\", \"text\": \"مریم در شیراز ماند.\"}\n{\"id\": \"c\", \"text\": 5}\n").unwrap();
    let out = sokhan().args(["entities", "--format", "json", "--input-format", "jsonl"]).arg(&input).assert().code(3).get_output().stdout.clone();
    let ents = json_lines(&out);
    let docs: Vec<&str> = ents.iter().map(|e| e["doc"].as_str().unwrap()).collect();
    assert!(docs.contains(&"a") && docs.contains(&"b"), "{ents:?}");
    // Spans count from the start of each document.
    for e in &ents {
        assert!(e["start"].as_u64().unwrap() < 40);
    }
}

#[test]
fn analyze_json_carries_the_entities_and_pretty_output_is_unchanged() {
    let out = sokhan().args(["analyze", "--format", "json", "-"]).write_stdin("علی دایی به تبریز رفت.").assert().success().get_output().stdout.clone();
    let lines = json_lines(&out);
    let ents = lines[0]["entities"].as_array().expect("entities");
    assert_eq!(ents.iter().map(|e| e["type"].as_str().unwrap()).collect::<Vec<_>>(), ["PER", "LOC"]);
    assert_eq!(ents[0]["span"]["start"], 0);
    // `--no-names` keeps numbers and dates only.
    let out = sokhan().args(["analyze", "--format", "json", "--no-names", "-"]).write_stdin("علی دایی به تبریز رفت.").assert().success().get_output().stdout.clone();
    assert!(json_lines(&out)[0].get("entities").is_none());
    sokhan().args(["analyze", "-"]).write_stdin("علی دایی به تبریز رفت.").assert().success().stdout(predicate::str::contains("NER=").not());
}

#[test]
fn a_bad_reference_date_or_model_is_a_clear_error() {
    sokhan()
        .args(["entities", "--reference-date", "2026-02-30", "-"])
        .write_stdin("دیروز")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no day 30"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("ner.skm");
    std::fs::write(&bad, b"not a model").unwrap();
    sokhan().args(["entities", "--ner-model"]).arg(&bad).arg("-").write_stdin("علی").assert().code(2).stderr(predicate::str::contains("cannot load NER model"));
}

#[test]
fn empty_and_odd_input_give_no_entities_and_no_error() {
    for input in ["", "   \n\n", "\u{200c}\u{200c}", "؟!.،", "\u{fdf2}\u{fe8d}"] {
        sokhan().args(["entities", "--format", "json", "-"]).write_stdin(input).assert().success();
    }
}
