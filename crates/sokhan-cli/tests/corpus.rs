//! Corpus mode: many documents in, every one analysed or reported, in input order, resumable.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn sokhan() -> Command {
    Command::cargo_bin("sokhan").expect("binary built")
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn ids(jsonl: &str) -> Vec<String> {
    jsonl.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string()).collect()
}

/// A small tree: files out of order, a subdirectory, hidden entries (skipped).
fn tree() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("b.txt"), "دومین سند است.\n".as_bytes());
    write(&d.path().join("a.txt"), "کتابش را می خواند. هوا سرد است.\n".as_bytes());
    write(&d.path().join("sub/c.txt"), "باران بارید!\n".as_bytes());
    write(&d.path().join(".hidden/x.txt"), "پنهان".as_bytes());
    write(&d.path().join(".y.txt"), "پنهان".as_bytes());
    d
}

#[test]
fn directory_is_walked_sorted_recursively_hidden_skipped_same_output_on_any_jobs() {
    let d = tree();
    let one = stdout_of(sokhan().args(["analyze", "--no-tag", "--format", "jsonl", "-j", "1"]).arg(d.path()));
    assert_eq!(ids(&one), ["a.txt", "b.txt", "sub/c.txt"]);
    for jobs in ["2", "4"] {
        let many = stdout_of(sokhan().args(["analyze", "--no-tag", "--format", "jsonl", "-j", jobs]).arg(d.path()));
        assert_eq!(many, one, "jobs {jobs}");
    }
    // Spans count from the start of each document.
    let first: serde_json::Value = serde_json::from_str(one.lines().next().unwrap()).unwrap();
    let sentences = first["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 2);
    assert_eq!(sentences[0]["span"]["start"], 0);
    assert_eq!(sentences[1]["text"], "هوا سرد است.");
}

#[test]
fn files_and_globs_in_the_order_given_with_newdoc_markers() {
    let d = tree();
    let pattern = format!("{}/*.txt", d.path().display());
    let out = stdout_of(sokhan().args(["tokenize"]).arg(d.path().join("sub/c.txt")).arg(&pattern));
    let c = d.path().join("sub/c.txt").display().to_string();
    let a = d.path().join("a.txt").display().to_string();
    let b = d.path().join("b.txt").display().to_string();
    assert_eq!(
        out,
        format!("# newdoc id = {c}\nباران بارید !\n# newdoc id = {a}\nکتابش را می‌خواند .\nهوا سرد است .\n# newdoc id = {b}\nدومین سند است .\n")
    );
}

#[test]
fn conllu_output_has_newdoc_and_document_sentence_ids() {
    let d = tree();
    let out = stdout_of(sokhan().args(["analyze", "--format", "conllu"]).arg(d.path().join("a.txt")).arg(d.path().join("b.txt")));
    let comments: Vec<&str> = out.lines().filter(|l| l.starts_with("# newdoc") || l.starts_with("# sent_id")).collect();
    let a = d.path().join("a.txt").display().to_string();
    let b = d.path().join("b.txt").display().to_string();
    assert_eq!(
        comments,
        [
            format!("# newdoc id = {a}"),
            format!("# sent_id = {a}-1"),
            format!("# sent_id = {a}-2"),
            format!("# newdoc id = {b}"),
            format!("# sent_id = {b}-1")
        ]
    );
}

#[test]
fn json_lines_input_with_named_fields_and_missing_ids() {
    let input = "{\"doc\":\"x1\",\"body\":\"سلام دنیا.\",\"extra\":[1,{\"a\":2}]}\n\n{\"body\":\"بدون شناسه\"}\n{\"doc\":42,\"body\":\"عدد\"}\r\n";
    let out = stdout_of(
        sokhan().args(["analyze", "--no-tag", "--input-format", "jsonl", "--text-field", "body", "--id-field", "doc", "--format", "jsonl", "-"]).write_stdin(input),
    );
    assert_eq!(ids(&out), ["x1", "3", "42"]);
}

#[test]
fn broken_documents_are_reported_and_counted_and_the_run_goes_on() {
    let d = tempfile::tempdir().unwrap();
    let mut bad = "خوب ".as_bytes().to_vec();
    let bad_at = bad.len();
    bad.extend_from_slice(b"\xff\xfe rest");
    write(&d.path().join("in/1-good.txt"), "یک جمله.".as_bytes());
    write(&d.path().join("in/2-bad.txt"), &bad);
    write(&d.path().join("in/3-big.txt"), "بزرگ ".repeat(100).as_bytes());
    write(&d.path().join("in/4-good.txt"), "دو جمله. سه!".as_bytes());
    let out = d.path().join("out.jsonl");
    let errors = d.path().join("errors.jsonl");
    let assert = sokhan()
        .args(["analyze", "--no-tag", "--format", "jsonl", "--max-doc-bytes", "300", "--out"])
        .arg(&out)
        .arg("--errors")
        .arg(&errors)
        .arg(d.path().join("in"))
        .assert()
        .code(3);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("documents: 4 in = 2 analysed + 2 failed"), "{stderr}");
    assert_eq!(ids(&fs::read_to_string(&out).unwrap()), ["1-good.txt", "4-good.txt"]);
    let report: Vec<serde_json::Value> = fs::read_to_string(&errors).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(report.len(), 2);
    assert_eq!(report[0]["id"], "2-bad.txt");
    assert_eq!(report[0]["offset"], bad_at);
    assert!(report[0]["reason"].as_str().unwrap().contains("not valid UTF-8"));
    assert_eq!(report[1]["id"], "3-big.txt");
    assert!(report[1]["reason"].as_str().unwrap().contains("--max-doc-bytes"));
}

/// A FIFO inside a directory is reported and skipped: reading it would wait for a writer forever
/// (found by trying odd directories). A symlink loop is reported too.
#[cfg(unix)]
#[test]
fn fifos_and_symlink_loops_in_a_directory_are_reported_not_waited_on() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("in/a.txt"), "یک جمله.".as_bytes());
    let fifo = d.path().join("in/b-fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED: mkfifo is not available");
        return;
    }
    std::os::unix::fs::symlink("..", d.path().join("in/c-loop")).unwrap();
    let assert = sokhan()
        .args(["tokenize", "--quiet"])
        .arg(d.path().join("in"))
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(3);
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("documents: 3 in = 1 analysed + 2 failed"), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("یک جمله ."));
}

#[test]
fn broken_json_lines_are_reported_with_line_and_offset() {
    let good = "{\"id\":\"g1\",\"text\":\"خوب است.\"}\n";
    let malformed = "{\"id\":\"m\",\"text\":\"نیمه\n";
    let no_text = "{\"id\":\"n\",\"title\":\"x\"}\n";
    let big = format!("{{\"id\":\"b\",\"text\":\"{}\"}}\n", "ب".repeat(200));
    let input = format!("{good}{malformed}{no_text}{big}{good}");
    let d = tempfile::tempdir().unwrap();
    let errors = d.path().join("e.jsonl");
    // Read as plain text, the same bytes are one streamed document over the limit.
    let assert = sokhan().args(["tokenize", "--max-doc-bytes", "200", "-"]).write_stdin(input.clone()).assert().code(3);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("documents: 1 in = 0 analysed + 1 failed") && stderr.contains("over --max-doc-bytes 200"), "{stderr}");
    let assert = sokhan()
        .args(["analyze", "--no-tag", "--input-format", "jsonl", "--format", "jsonl", "--max-doc-bytes", "200", "--errors"])
        .arg(&errors)
        .arg("-")
        .write_stdin(input.clone())
        .assert()
        .code(3);
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(ids(&out), ["g1", "g1"]);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("documents: 5 in = 2 analysed + 3 failed"), "{stderr}");
    let report: Vec<serde_json::Value> = fs::read_to_string(&errors).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let lines: Vec<u64> = report.iter().map(|e| e["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3, 4]);
    let offsets: Vec<u64> = report.iter().map(|e| e["offset"].as_u64().unwrap()).collect();
    let l2 = good.len() as u64;
    assert_eq!(offsets, [l2, l2 + malformed.len() as u64, l2 + (malformed.len() + no_text.len()) as u64]);
    assert!(report[0]["reason"].as_str().unwrap().contains("malformed JSON"));
    assert!(report[1]["reason"].as_str().unwrap().contains("no field \"text\""));
    assert!(report[2]["reason"].as_str().unwrap().contains("--max-doc-bytes"));
}

/// Twenty small documents, three of them broken.
fn corpus_dir(d: &Path) {
    for i in 0..20 {
        let name = d.join(format!("in/doc{i:02}.txt"));
        if i % 7 == 3 {
            write(&name, b"\xc3\x28 invalid");
        } else {
            write(&name, format!("سند شماره {i} است. کتاب‌هایش را خواند!\nبند دوم {i}.").as_bytes());
        }
    }
}

fn run_to(d: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    sokhan()
        .args(["analyze", "--no-tag", "--format", "conllu", "-j", "2", "--shard-bytes", "1500", "--checkpoint-docs", "3"])
        .args(extra)
        .arg("--out")
        .arg(out)
        .arg(d.join("in"))
        .output()
        .unwrap()
}

#[test]
fn an_interrupted_file_run_resumes_without_duplicates_or_gaps_and_never_leaves_half_a_file() {
    let d = tempfile::tempdir().unwrap();
    corpus_dir(d.path());
    let full = d.path().join("full.conllu");
    assert_eq!(run_to(d.path(), &full, &[]).status.code(), Some(3));
    let expected = fs::read_to_string(&full).unwrap();
    let expected_errors = fs::read_to_string(d.path().join("full.conllu.errors.jsonl")).unwrap();
    assert_eq!(expected.matches("# newdoc id").count(), 17);
    assert_eq!(expected_errors.lines().count(), 3);
    assert!(!d.path().join("full.conllu.checkpoint.json").exists());

    let out = d.path().join("out.conllu");
    fs::write(&out, "an older result").unwrap();
    for abort_after in ["11", "16"] {
        let killed = run_to(d.path(), &out, &["--abort-after-docs", abort_after, "--resume"]);
        assert_eq!(killed.status.code(), Some(137), "{}", String::from_utf8_lossy(&killed.stderr));
        // The file in place is untouched until a run completes.
        assert_eq!(fs::read_to_string(&out).unwrap(), "an older result");
        assert!(d.path().join("out.conllu.partial").exists());
    }
    let resumed = run_to(d.path(), &out, &["--resume"]);
    assert_eq!(resumed.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&resumed.stderr);
    assert!(stderr.contains("documents: 20 in = 17 analysed + 3 failed"), "{stderr}");
    assert_eq!(fs::read_to_string(&out).unwrap(), expected);
    assert_eq!(fs::read_to_string(d.path().join("out.conllu.errors.jsonl")).unwrap(), expected_errors);
    assert!(!d.path().join("out.conllu.partial").exists());
    assert!(!d.path().join("out.conllu.checkpoint.json").exists());
}

#[test]
fn an_interrupted_directory_run_resumes_into_the_same_shards() {
    let d = tempfile::tempdir().unwrap();
    corpus_dir(d.path());
    let full = d.path().join("full/");
    run_to(d.path(), Path::new(&full), &[]);
    let shards = |dir: &Path| -> Vec<(String, String)> {
        let mut v: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "conllu"))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read_to_string(&p).unwrap()))
            .collect();
        v.sort();
        v
    };
    let expected = shards(&full);
    assert!(expected.len() > 2, "several shards");
    let manifest: serde_json::Value = serde_json::from_str(&fs::read_to_string(full.join("manifest.json")).unwrap()).unwrap();
    assert_eq!((manifest["documents"].as_u64(), manifest["analysed"].as_u64(), manifest["failed"].as_u64()), (Some(20), Some(17), Some(3)));

    let out = d.path().join("out/");
    let killed = run_to(d.path(), &out, &["--abort-after-docs", "13"]);
    assert_eq!(killed.status.code(), Some(137));
    assert!(out.join("checkpoint.json").exists());
    let resumed = run_to(d.path(), &out, &["--resume"]);
    assert_eq!(resumed.status.code(), Some(3), "{}", String::from_utf8_lossy(&resumed.stderr));
    assert_eq!(shards(&out), expected);
    assert_eq!(fs::read_to_string(out.join("errors.jsonl")).unwrap(), fs::read_to_string(full.join("errors.jsonl")).unwrap());
    assert!(fs::read_dir(&out).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".partial")));
}

#[test]
fn resuming_with_other_inputs_is_refused() {
    let d = tempfile::tempdir().unwrap();
    corpus_dir(d.path());
    let out = d.path().join("o.conllu");
    assert_eq!(run_to(d.path(), &out, &["--abort-after-docs", "5"]).status.code(), Some(137));
    let other = sokhan()
        .args(["analyze", "--no-tag", "--format", "jsonl", "--resume", "--out"])
        .arg(&out)
        .arg(d.path().join("in"))
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&other.stderr).contains("another run"));
}

#[test]
fn a_large_document_is_cut_into_chunks_and_spans_still_count_from_its_start() {
    let line = "این جمله‌ای نسبتاً بلند برای آزمودن برش سند بزرگ است. ";
    let text = format!("{}\n", line.repeat(40)).repeat(600); // ~2.5 MB: three chunks
    assert!(text.len() > 2 << 20);
    let input = format!("{{\"id\":\"big\",\"text\":{}}}\n", serde_json::to_string(&text).unwrap());
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("big.txt"), text.as_bytes());
    // Text file: cut into line-aligned chunks, analysed in parallel, one document out.
    let one = stdout_of(sokhan().args(["tokenize", "-j", "1", "--out"]).arg(d.path().join("t1.txt")).arg(d.path().join("big.txt")));
    let two = stdout_of(sokhan().args(["tokenize", "-j", "2", "--out"]).arg(d.path().join("t2.txt")).arg(d.path().join("big.txt")));
    assert!(one.is_empty() && two.is_empty());
    let t1 = fs::read_to_string(d.path().join("t1.txt")).unwrap();
    assert_eq!(t1, fs::read_to_string(d.path().join("t2.txt")).unwrap());
    assert_eq!(t1.matches("# newdoc").count(), 1);
    assert_eq!(t1.lines().count(), 1 + 40 * 600);
    // The same text as one JSON record (held whole): the last sentence ends where the text does.
    let out = stdout_of(sokhan().args(["analyze", "--no-tag", "--input-format", "jsonl", "--format", "jsonl", "-"]).write_stdin(input));
    let doc: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
    let sentences = doc["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 40 * 600);
    assert_eq!(sentences.last().unwrap()["span"]["end"].as_u64().unwrap() as usize, text.trim_end().len());
}

/// A text file that is one very long line (no line break in 700 kB) is analysed in pieces cut
/// between sentences: the same sentences as when the line is broken after every sentence, with
/// spans counted from the start of the file.
#[test]
fn a_very_long_line_is_cut_between_sentences() {
    let sentence = "کتاب‌هایش را دیروز به کتابخانهٔ شهر برد. ";
    let n = 700_000 / sentence.len() + 1;
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("line.txt"), sentence.repeat(n).as_bytes());
    write(&d.path().join("lines.txt"), sentence.repeat(n).replace(". ", ".\n").as_bytes());
    let sentences = |name: &str| -> Vec<(String, u64)> {
        let out = stdout_of(sokhan().args(["analyze", "--no-tag", "--format", "json"]).arg(d.path().join(name)));
        out.lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (v["text"].as_str().unwrap().to_string(), v["span"]["start"].as_u64().unwrap())
            })
            .collect()
    };
    let long = sentences("line.txt");
    assert_eq!(long.len(), n);
    assert!(long.iter().all(|(t, _)| t == sentence.trim_end()), "every sentence whole");
    // Sentence k starts at byte k * len in the one-line file.
    assert!(long.iter().enumerate().all(|(k, (_, start))| *start as usize == k * sentence.len()));
    assert_eq!(long.len(), sentences("lines.txt").len());
}

/// A UTF-8 byte order mark at the start of a text or JSON Lines file is its encoding signature:
/// not part of the first word, and spans still count from the start of the file.
#[test]
fn a_leading_byte_order_mark_is_skipped() {
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("bom.txt"), "\u{FEFF}سلام دنیا.\r\n".as_bytes());
    write(&d.path().join("bom.jsonl"), "\u{FEFF}{\"id\":\"a\",\"text\":\"سلام\"}\n".as_bytes());
    let out = stdout_of(sokhan().args(["analyze", "--no-tag", "--format", "json"]).arg(d.path().join("bom.txt")));
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["text"], "سلام دنیا.");
    assert_eq!(v["tokens"][0]["form"], "سلام");
    assert_eq!(v["tokens"][0]["span"]["start"], 3);
    let out = stdout_of(sokhan().args(["tokenize", "--input-format", "jsonl"]).arg(d.path().join("bom.jsonl")));
    assert_eq!(out, "# newdoc id = a\nسلام\n");
    // The same in corpus mode (a directory): spans from the file start there too.
    write(&d.path().join("dir/bom.txt"), "\u{FEFF}سلام دنیا.\r\n".as_bytes());
    let out = stdout_of(sokhan().args(["analyze", "--no-tag", "--format", "jsonl"]).arg(d.path().join("dir")));
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["sentences"][0]["tokens"][0]["form"], "سلام");
    assert_eq!(v["sentences"][0]["tokens"][0]["span"]["start"], 3);
}

#[test]
fn missing_inputs_and_empty_globs_are_usage_errors() {
    sokhan().args(["analyze", "/nonexistent/a.txt", "/nonexistent/b.txt"]).assert().code(2);
    let d = tempfile::tempdir().unwrap();
    sokhan().arg("tokenize").arg(format!("{}/*.none", d.path().display())).assert().code(2);
    sokhan().args(["analyze", "--resume", "-"]).assert().code(2);
}

#[test]
fn json_sentence_lines_carry_their_document_id() {
    let d = tree();
    let out = stdout_of(sokhan().args(["analyze", "--no-tag", "--format", "json"]).arg(d.path()));
    let keys: Vec<(String, u64, String)> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (v["doc"].as_str().unwrap().to_string(), v["sent_id"].as_u64().unwrap(), v["text"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("a.txt".to_string(), 1, "کتابش را می خواند.".to_string()),
            ("a.txt".to_string(), 2, "هوا سرد است.".to_string()),
            ("b.txt".to_string(), 1, "دومین سند است.".to_string()),
            ("sub/c.txt".to_string(), 1, "باران بارید!".to_string()),
        ]
    );
}

#[test]
fn conllu_files_are_documents_and_a_malformed_one_is_reported() {
    let gold = "# sent_id = a\n# text = کتابش را خواند.\n1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_\n1\tکتاب\t_\t_\t_\t_\t_\t_\t_\t_\n2\tش\t_\t_\t_\t_\t_\t_\t_\t_\n3\tرا\t_\t_\t_\t_\t_\t_\t_\t_\n4\tخواند\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n5\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
    let d = tempfile::tempdir().unwrap();
    write(&d.path().join("in/1.conllu"), gold.as_bytes());
    write(&d.path().join("in/2.conllu"), b"1\tonly three\tcolumns\n\n");
    write(&d.path().join("in/3.conllu"), gold.as_bytes());
    let out = sokhan().args(["analyze", "--input-format", "conllu", "--format", "conllu"]).arg(d.path().join("in")).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let newdocs: Vec<&str> = stdout.lines().filter(|l| l.starts_with("# newdoc")).collect();
    assert_eq!(newdocs, ["# newdoc id = 1.conllu", "# newdoc id = 3.conllu"]);
    assert_eq!(stdout.lines().filter(|l| l.starts_with("2\tش\tاو\tPRON\t")).count(), 2, "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("\"2.conllu\"") && stderr.contains("malformed CoNLL-U") && stderr.contains("line 1"), "{stderr}");
    assert!(stderr.contains("documents: 3 in = 2 analysed + 1 failed"), "{stderr}");
}

#[test]
fn a_run_killed_for_real_resumes_to_the_same_output() {
    let d = tempfile::tempdir().unwrap();
    let mut jsonl = String::new();
    for i in 0..3000 {
        jsonl.push_str(&format!("{{\"id\":\"r{i}\",\"text\":\"سند {i}: کتاب‌هایش را می خواند و هوا سرد بود. باران بارید!\"}}\n"));
        if i % 500 == 7 {
            jsonl.push_str("{\"id\":broken}\n");
        }
    }
    write(&d.path().join("in.jsonl"), jsonl.as_bytes());
    let args = |out: &Path| {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("sokhan"));
        c.args(["analyze", "--no-tag", "--input-format", "jsonl", "--format", "jsonl", "-j", "2", "--checkpoint-docs", "50", "--resume", "--out"])
            .arg(out)
            .arg(d.path().join("in.jsonl"))
            .stderr(std::process::Stdio::null());
        c
    };
    let full = d.path().join("full.jsonl");
    assert_eq!(args(&full).status().unwrap().code(), Some(3));
    let out = d.path().join("out.jsonl");
    let checkpoint = d.path().join("out.jsonl.checkpoint.json");
    let mut child = args(&out).spawn().unwrap();
    // Kill it as soon as it has committed something (if it finishes first, the resume below
    // simply has nothing left to do, and the comparison still holds).
    while child.try_wait().unwrap().is_none() && !checkpoint.exists() {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(args(&out).status().unwrap().code(), Some(3));
    assert_eq!(fs::read_to_string(&out).unwrap(), fs::read_to_string(&full).unwrap());
    assert_eq!(
        fs::read_to_string(d.path().join("out.jsonl.errors.jsonl")).unwrap(),
        fs::read_to_string(d.path().join("full.jsonl.errors.jsonl")).unwrap()
    );
    assert_eq!(ids(&fs::read_to_string(&out).unwrap()).len(), 3000);
}
