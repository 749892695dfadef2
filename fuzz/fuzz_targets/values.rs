#![no_main]
//! Value grammars on arbitrary bytes: UTF-8 (lossy) split on whitespace, then as the
//! normalized tokens of the real pipeline; plus structured inputs built from the first byte
//! (overlong digit runs, `هزار` repeated thousands of times, year 99999, month 13, day 0).
//! Never a panic; matches sorted, non-overlapping, inside the sentence.
use libfuzzer_sys::fuzz_target;
use sokhan::entities::values::{find, Gregorian, ValueMatch};
use std::sync::LazyLock;

static PIPELINE: LazyLock<sokhan::Pipeline> = LazyLock::new(|| sokhan::Pipeline::default().without_tagger());

fn check(tokens: &[&str], out: &[ValueMatch]) {
    let mut last = 0;
    for m in out {
        assert!(m.start >= last && m.start < m.end && m.end <= tokens.len(), "sorted, non-overlapping: {m:?}");
        last = m.end;
        let _ = format!("{:?}", m.value);
    }
}

const PIECES: &[&str] = &[
    "هزار", "و", "۹۹۹۹۹", "۱۳", "۰", "مهر", "سال", "ساعت", "میلیارد", "نیم", "دلار", "درصد", "۱۳۹۰/۱۳/۰۱",
    "۱۳۹۰/۰۱/۰۰", "۲۵:۰۰", "روز", "پیش", "بعد", "دوشنبه", "ام", "-", "۳۲", "دی", "ه.ش",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let reference = data.first().map(|&b| Gregorian { year: 1900 + b as i32, month: 1 + b % 12, day: 1 + b % 28 });
    let tokens: Vec<&str> = text.split_whitespace().collect();
    check(&tokens, &find(&tokens, reference));

    let doc = PIPELINE.analyze(&text);
    for s in &doc.sentences {
        let norms: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_str()).collect();
        check(&norms, &find(&norms, reference));
    }

    // Structured: the bytes pick pieces, repeated up to 10,000 tokens; and one long digit run.
    if let Some((&n, rest)) = data.split_first() {
        let repeat = 1 + (n as usize) * 40;
        let picked: Vec<&str> = rest.iter().map(|&b| PIECES[b as usize % PIECES.len()]).collect();
        if !picked.is_empty() {
            let long: Vec<&str> = picked.iter().copied().cycle().take(repeat.min(10_000)).collect();
            check(&long, &find(&long, reference));
        }
        let digits = "۹".repeat(repeat);
        let run = [digits.as_str(), "میلیارد", "دلار"];
        check(&run, &find(&run, reference));
    }
});
