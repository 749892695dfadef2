//! The value grammars (`sokhan::entities::values::find`) on the sentences of
//! `fixtures/values.tsv`, run through the real normalizer and segmenter, plus robustness
//! properties: no panic, sorted non-overlapping output, linear time on long inputs.

use proptest::prelude::*;
use sokhan::entities::values::{find, Gregorian, ValueKind, ValueMatch};
use sokhan::Pipeline;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

const REFERENCE: Gregorian = Gregorian { year: 2026, month: 12, day: 8 };

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| Pipeline::default().without_tagger());

fn kind_name(k: ValueKind) -> &'static str {
    match k {
        ValueKind::Number => "NUMBER",
        ValueKind::Percent => "PERCENT",
        ValueKind::Money => "MONEY",
        ValueKind::Time => "TIME",
        ValueKind::Date => "DATE",
    }
}

/// `(TYPE, surface, value)` for every expression found in `text`, sentence by sentence.
fn found(text: &str) -> Vec<(String, String, serde_json::Value)> {
    let doc = PIPELINE.analyze(text);
    let mut out = Vec::new();
    for s in &doc.sentences {
        let norms: Vec<&str> = s.tokens.iter().map(|t| t.norm.as_str()).collect();
        for m in find(&norms, Some(REFERENCE)) {
            let surface = &text[s.tokens[m.start].span.start..s.tokens[m.end - 1].span.end];
            let value = serde_json::to_value(&m.value).expect("values serialize");
            out.push((kind_name(m.kind).to_string(), surface.to_string(), value));
        }
    }
    out
}

fn expected(column: &str) -> Vec<(String, String, serde_json::Value)> {
    if column.trim() == "-" {
        return Vec::new();
    }
    column
        .split(" ;; ")
        .map(|item| {
            let mut parts = item.splitn(3, '|');
            let (Some(kind), Some(surface), Some(json)) = (parts.next(), parts.next(), parts.next()) else {
                panic!("fixture item is not TYPE|surface|json: {item:?}")
            };
            let value = serde_json::from_str(json).unwrap_or_else(|e| panic!("bad JSON in {item:?}: {e}"));
            (kind.to_string(), surface.to_string(), value)
        })
        .collect()
}

#[test]
fn fixture_sentences() {
    let fixture = include_str!("fixtures/values.tsv");
    let mut cases = 0;
    let mut failures = Vec::new();
    for (n, line) in fixture.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (text, want) = line.split_once('\t').unwrap_or_else(|| panic!("line {}: no TAB", n + 1));
        cases += 1;
        let got = found(text);
        let want = expected(want);
        if got != want {
            let show = |v: &[(String, String, serde_json::Value)]| {
                v.iter().map(|(k, s, j)| format!("{k}|{s}|{j}")).collect::<Vec<_>>().join(" ;; ")
            };
            failures.push(format!("line {}: {text}\n  want: {}\n  got:  {}", n + 1, show(&want), show(&got)));
        }
    }
    println!("values fixture: {} of {cases} cases pass", cases - failures.len());
    assert!(cases >= 80, "the fixture should hold at least 80 cases, has {cases}");
    assert!(failures.is_empty(), "{} of {cases} fixture cases fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn relative_dates_without_reference_keep_their_offset() {
    let m = find(&["سه", "روز", "پیش"], None);
    assert_eq!(m.len(), 1);
    assert_eq!(
        serde_json::to_string(&m[0].value).unwrap(),
        r#"{"calendar":"gregorian","relative":{"offset":-3,"unit":"day"}}"#
    );
    let m = find(&["۱۵", "مهر"], None);
    assert_eq!(serde_json::to_string(&m[0].value).unwrap(), r#"{"calendar":"persian","month":7,"day":15}"#);
}

#[test]
fn unnormalized_tokens_are_read_too() {
    // Latin and Arabic-Indic digits, Arabic letters, percent and ordinal on the token.
    let v = |tokens: &[&str]| {
        find(tokens, None).iter().map(|m| serde_json::to_string(&m.value).unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(v(&["12%"]), vec!["12"]);
    assert_eq!(v(&["22ام"]), vec!["22"]);
    assert_eq!(v(&["يك", "ميليون"]), vec!["1000000"]);
    assert_eq!(v(&["٣٫٥", "ميليارد", "ريال"]), vec![r#"{"amount":3500000000,"currency":"IRR"}"#]);
    assert_eq!(v(&["یک", "صد"]), v(&["یکصد"]));
    assert_eq!(v(&["2008-10-06"]), vec![r#"{"calendar":"gregorian","year":2008,"month":10,"day":6,"iso":"2008-10-06"}"#]);
}

fn check_shape(tokens: &[&str], out: &[ValueMatch]) {
    let mut last = 0;
    for m in out {
        assert!(m.start < m.end && m.end <= tokens.len(), "span inside the sentence: {m:?}");
        assert!(m.start >= last, "sorted, no overlap: {out:?}");
        last = m.end;
        let _ = serde_json::to_string(&m.value).expect("serializes");
    }
}

#[test]
fn long_inputs_are_linear_and_never_panic() {
    let mut cases: Vec<Vec<String>> = vec![
        vec!["هزار".to_string(); 10_000],
        ["هزار", "و"].iter().cycle().take(10_000).map(|s| s.to_string()).collect(),
        ["یک", "و"].iter().cycle().take(10_000).map(|s| s.to_string()).collect(),
        ["هزار", "میلیارد"].iter().cycle().take(10_000).map(|s| s.to_string()).collect(),
        ["ساعت", "۸", "و"].iter().cycle().take(10_000).map(|s| s.to_string()).collect(),
        ["۱۵", "مهر"].iter().cycle().take(10_000).map(|s| s.to_string()).collect(),
        vec!["۹".repeat(10_000)],
        vec!["۱,".repeat(5_000) + "۰"],
        vec!["سال".to_string(), "۹۹۹۹۹".to_string()],
        vec!["۱۳۹۰/۱۳/۰۱".to_string(), "۱۳۹۰/۰۱/۰۰".to_string(), "۹۹۹۹۹/۰۱/۰۱".to_string()],
        vec!["۰".to_string(), "مهر".to_string(), "۹۹۹۹".to_string(), "۳۲".to_string(), "دی".to_string(), "۹۹۹۹".to_string()],
        vec!["۴۲۹۴۹۶۷۲۹۶".to_string(), "روز".to_string(), "پیش".to_string()],
        vec!["۱۰۰۰۰".to_string(), "سال".to_string(), "بعد".to_string()],
    ];
    cases.push(["دیروز"].iter().cycle().take(10_000).map(|s| s.to_string()).collect());
    // Decades and months joined by `و`, parts of day and qualifiers in long runs.
    cases.push(std::iter::once("دهه").chain(["۱۰۰۰", "و"].iter().cycle().take(10_000).copied()).map(str::to_string).collect());
    cases.push(std::iter::once("دهه").chain(["۶۰", "و"].iter().cycle().take(10_000).copied()).map(str::to_string).collect());
    cases.push(["ژانویه", "و"].iter().cycle().take(10_000).map(|s| s.to_string()).collect());
    cases.push(["اواخر", "شب", "دوشنبه", "چند", "روز"].iter().cycle().take(10_000).map(|s| s.to_string()).collect());
    for case in &cases {
        let tokens: Vec<&str> = case.iter().map(String::as_str).collect();
        let t = Instant::now();
        let out = find(&tokens, Some(REFERENCE));
        let spent = t.elapsed();
        check_shape(&tokens, &out);
        assert!(spent < Duration::from_secs(2), "{} tokens took {spent:?}", tokens.len());
    }
    // 10x the input should not cost much more than 10x the time.
    let time_of = |n: usize| {
        let tokens: Vec<&str> = ["یک", "میلیون", "و", "دویست", "هزار"].iter().cycle().take(n).copied().collect();
        let t = Instant::now();
        for _ in 0..5 {
            let _ = find(&tokens, Some(REFERENCE));
        }
        t.elapsed()
    };
    let (small, large) = (time_of(2_000), time_of(20_000));
    assert!(large < small * 40 + Duration::from_millis(50), "2k tokens {small:?}, 20k tokens {large:?}");
}

const VOCAB: &[&str] = &[
    "یک", "دو", "سه", "نه", "ده", "بیست", "سی", "صد", "چهار", "صد", "سیصد", "هزار", "میلیون", "میلیارد",
    "و", "نیم", "ربع", "منفی", "درصد", "٪", "%", "$", "دلار", "ریال", "تومان", "آمریکا", "سعودی",
    "مهر", "دی", "می", "صفر", "ماه", "سال", "روز", "هفته", "گذشته", "آینده", "پیش", "بعد", "این",
    "ساعت", "دقیقه", "صبح", "عصر", "شب", "بعد", "از", "ظهر", "دوشنبه", "سه", "شنبه", "فردا", "پس",
    "دوم", "سومین", "اول", "ام", "مین", "ه.ش", "هجری", "شمسی", "قمری", "میلادی", "ربیع", "الاول",
    "۰", "۱", "۱۲", "۳۱", "۳۲", "۱۳۸۷", "۲۰۰۸", "۹۹۹۹۹", "۱۸:۳۴", "۲۵:۰۰", "۱۳۹۰/۰۵/۰۱",
    "۱۳۹۰/۱۳/۰۱", "۳٫۵", "۱,۲۰۰", "12.5", "-", "۰۵", "کتاب", "است", "در",
    "جاری", "دهه", "دههٔ", "فجر", "۶۰", "۱۹۴۰", "تابستان", "زمستان", "امسال", "اواخر", "آخر", "چند",
    "امشب", "م.", "ماه‌های", "نماز", "خیابان", "از", "(", ")", "متولد", "۸۸", "۱۰۳۴",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    /// Random sentences over the grammar's own vocabulary: no panic, spans sorted and
    /// non-overlapping, with and without a reference date.
    #[test]
    fn random_vocabulary_sentences(picks in proptest::collection::vec(0..VOCAB.len(), 0..40), with_ref in any::<bool>()) {
        let tokens: Vec<&str> = picks.iter().map(|&i| VOCAB[i]).collect();
        let out = find(&tokens, with_ref.then_some(REFERENCE));
        check_shape(&tokens, &out);
    }

    /// Arbitrary text split on whitespace: no panic.
    #[test]
    fn arbitrary_tokens(text in "\\PC{0,200}") {
        let tokens: Vec<&str> = text.split_whitespace().collect();
        let out = find(&tokens, Some(REFERENCE));
        check_shape(&tokens, &out);
    }
}

/// On the PerDT training text (from `../shared`, skipped when absent): the time `find` takes
/// per sentence, and what it finds, for a look at false alarms. Run with `--nocapture`.
#[test]
fn shared_corpus_speed_and_counts() {
    let path = std::env::var("SOKHAN_VALUES_CORPUS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/perdt-train-raw.txt").to_string());
    let path = path.as_str();
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("skipped: {path} not found (../shared is absent)");
        return;
    };
    let lines: Vec<&str> = text.lines().take(5000).collect();
    let sentences: Vec<Vec<String>> = lines
        .iter()
        .flat_map(|l| PIPELINE.analyze(l).sentences)
        .map(|s| s.tokens.into_iter().map(|t| t.norm).collect())
        .collect();
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let refs: Vec<Vec<&str>> = sentences.iter().map(|s| s.iter().map(String::as_str).collect()).collect();
    let t = Instant::now();
    let mut counts = [0usize; 5];
    let rounds: u32 = std::env::var("SOKHAN_VALUES_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3);
    for _ in 0..rounds {
        counts = [0; 5];
        for s in &refs {
            for m in find(s, Some(REFERENCE)) {
                counts[m.kind as usize] += 1;
            }
        }
    }
    let spent = t.elapsed() / rounds;
    println!(
        "values on {} sentences, {tokens} tokens: {:.1} µs/sentence, {:.0} ns/token; NUMBER {} PERCENT {} MONEY {} TIME {} DATE {}",
        refs.len(),
        spent.as_secs_f64() * 1e6 / refs.len() as f64,
        spent.as_secs_f64() * 1e9 / tokens as f64,
        counts[0], counts[1], counts[2], counts[3], counts[4]
    );
    if std::env::var_os("SOKHAN_VALUES_DUMP").is_some() {
        for s in &refs {
            for m in find(s, Some(REFERENCE)) {
                println!("{}\t{}\t{}", kind_name(m.kind), s[m.start..m.end].join(" "), serde_json::to_string(&m.value).unwrap());
            }
        }
    }
}
