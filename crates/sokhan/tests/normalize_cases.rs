//! The normalization cases of `bench/normalize_cases.tsv` and `bench/normalize_cases_heldout.tsv`
//! (messy input, expected output in standard orthography; written for this project) as a
//! regression test of the default normalizer. Compared as `bench/normalize_peers.py` does:
//! whitespace runs collapsed, a ZWNJ after a letter that does not join the next one dropped
//! (invisible), `|` between equally correct spellings.

use sokhan::Normalizer;
use std::path::PathBuf;

fn unmark(s: &str) -> String {
    s.replace("<ZWNJ>", "\u{200C}").replace("<RLM>", "\u{200F}").replace("<ZWSP>", "\u{200B}").replace("<TATWEEL>", "\u{0640}")
}

fn canon(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len());
    let mut prev = '\0';
    for c in collapsed.chars() {
        if c == '\u{200C}' && "اأإدذرزژوؤآ".contains(prev) {
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

fn check(file: &str) -> (usize, Vec<String>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../bench").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let n = Normalizer::default();
    let mut cases = 0;
    let mut misses = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "malformed case line in {file}: {line:?}");
        let (input, want) = (unmark(cols[1]), unmark(cols[2]));
        let got = n.normalize(&input);
        cases += 1;
        if !want.split('|').any(|w| canon(w) == canon(got.as_str())) {
            misses.push(format!("[{}] {input:?}: want {want:?}, got {:?}", cols[0], got.as_str()));
        }
    }
    (cases, misses)
}

#[test]
fn development_cases() {
    let (cases, misses) = check("normalize_cases.tsv");
    assert!(cases >= 60, "{cases} cases read");
    assert!(misses.is_empty(), "{} of {cases} cases missed:\n{}", misses.len(), misses.join("\n"));
}

#[test]
fn held_out_cases() {
    let (cases, misses) = check("normalize_cases_heldout.tsv");
    assert!(cases >= 40, "{cases} cases read");
    assert!(misses.is_empty(), "{} of {cases} cases missed:\n{}", misses.len(), misses.join("\n"));
}
