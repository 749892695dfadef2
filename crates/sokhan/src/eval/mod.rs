//! Scoring as the UD shared tasks do.
//!
//! [`score`] compares a system CoNLL-U against gold with the algorithm of the project's
//! reference scorer (`ud_eval.py`): tokens, sentences and words are matched by their character
//! spans in the text with all whitespace removed, so a system may segment raw text itself.
//!
//! - **Tokens**, **Sentences**: F1 over the *sets* of (start, end) spans.
//! - **Words**: inside every pair of gold/system tokens with identical spans, words are aligned
//!   by the longest common subsequence of their forms; when that finds nothing and both sides
//!   have the same number of words, they are aligned by position.
//! - **UPOS**, **XPOS**, **UFeats**, **Lemmas**: aligned words whose column is identical.
//! - **UAS**: aligned words whose heads agree: both root, or the system head is aligned to the
//!   gold head. **LAS**: also the same universal relation (the part before `:`);
//!   **LAS-full**: the same full relation.
//!
//! Precision divides by the number of system words (tokens, sentences), recall by the number of
//! gold ones. Two extra metrics that do not change the ones above:
//! - **CLAS**: LAS over content words only, as defined for the CoNLL 2018 shared task (words
//!   whose universal relation is not functional: `aux`, `case`, `cc`, `clf`, `cop`, `det`,
//!   `mark`, `punct`, nor an unknown label); counts gold and system content words.
//! - per universal relation: gold count, system count and LAS.
//!
//! ```
//! use sokhan::{conllu, eval};
//! let gold = conllu::parse("1\tمن\tمن\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tرفتم\tرفت#رو\tVERB\t_\t_\t0\troot\t_\t_\n")?;
//! let system = conllu::parse("1\tمن\tمن\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\tرفتم\tرفتم\tVERB\t_\t_\t0\troot\t_\t_\n")?;
//! let scores = eval::score(&gold, &system)?;
//! assert_eq!(scores.lemmas.f1, 0.5);
//! assert_eq!(scores.las.f1, 1.0);
//! println!("{scores}"); // the lines of ud_eval.py: "Tokens     100.00" ...
//! # Ok::<(), sokhan::Error>(())
//! ```

use crate::conllu;
use crate::Error;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

/// Counts and ratios for one metric. Ratios are fractions in `0.0..=1.0`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Metric {
    /// Items found correctly.
    pub correct: usize,
    /// Items in gold.
    pub gold: usize,
    /// Items in the system output.
    pub system: usize,
    /// `correct / system` (0 when `system` is 0).
    pub precision: f64,
    /// `correct / gold` (0 when `gold` is 0).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

impl Metric {
    /// Builds a metric from counts, computing the ratios exactly as `ud_eval.py` does.
    pub fn new(correct: usize, gold: usize, system: usize) -> Metric {
        let p = if system > 0 {
            correct as f64 / system as f64
        } else {
            0.0
        };
        let r = if gold > 0 {
            correct as f64 / gold as f64
        } else {
            0.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Metric {
            correct,
            gold,
            system,
            precision: p,
            recall: r,
            f1: f,
        }
    }
}

/// The scores of a system against gold; see the [module documentation](self).
///
/// `Display` prints the lines of `ud_eval.py` (`{name:10} {f1:6.2}`, F1 in percent); the
/// alternate form `{:#}` adds precision and recall as `ud_eval.py --verbose` does. Serialized
/// field names are the metric names of `ud_eval.py` (ratios stay fractions).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Token spans.
    #[serde(rename = "Tokens")]
    pub tokens: Metric,
    /// Sentence spans.
    #[serde(rename = "Sentences")]
    pub sentences: Metric,
    /// Aligned words.
    #[serde(rename = "Words")]
    pub words: Metric,
    /// Aligned words with the same UPOS.
    #[serde(rename = "UPOS")]
    pub upos: Metric,
    /// Aligned words with the same XPOS.
    #[serde(rename = "XPOS")]
    pub xpos: Metric,
    /// Aligned words with the same FEATS.
    #[serde(rename = "UFeats")]
    pub ufeats: Metric,
    /// Aligned words with the same LEMMA.
    #[serde(rename = "Lemmas")]
    pub lemmas: Metric,
    /// Aligned words with the same head.
    #[serde(rename = "UAS")]
    pub uas: Metric,
    /// Same head and universal relation.
    #[serde(rename = "LAS")]
    pub las: Metric,
    /// Same head and full relation (subtype included).
    #[serde(rename = "LAS-full")]
    pub las_full: Metric,
    /// LAS over content words (extra; not printed by `Display`).
    #[serde(rename = "CLAS")]
    pub clas: Metric,
    /// LAS per universal relation of the gold (recall side) and system (precision side) words,
    /// plus, for subtyped relations (`obl:arg`), the same with the full relation.
    pub per_relation: BTreeMap<String, Metric>,
}

impl Scores {
    /// The metrics of `ud_eval.py`, with its names, in its order.
    pub fn metrics(&self) -> [(&'static str, &Metric); 10] {
        [
            ("Tokens", &self.tokens),
            ("Sentences", &self.sentences),
            ("Words", &self.words),
            ("UPOS", &self.upos),
            ("XPOS", &self.xpos),
            ("UFeats", &self.ufeats),
            ("Lemmas", &self.lemmas),
            ("UAS", &self.uas),
            ("LAS", &self.las),
            ("LAS-full", &self.las_full),
        ]
    }

    /// F1 of each `ud_eval.py` metric in percent, rounded to 2 decimals the way Python's
    /// `round(x, 2)` does: the content of `ud_eval.py --json`.
    pub fn f1_percent(&self) -> Vec<(&'static str, f64)> {
        self.metrics()
            .iter()
            .map(|(name, m)| (*name, round2(m.f1 * 100.0)))
            .collect()
    }

    /// The JSON object printed by `ud_eval.py --json`, byte for byte:
    /// `{"Tokens": 99.12, "Sentences": 97.5, …}` (its key order and separators).
    pub fn to_ud_eval_json(&self) -> String {
        let mut out = String::from("{");
        for (i, (name, v)) in self.f1_percent().into_iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            // serde_json prints the shortest representation that round-trips, as Python does.
            let num = serde_json::to_string(&v).unwrap_or_else(|_| v.to_string());
            out.push_str(&format!("\"{name}\": {num}"));
        }
        out.push('}');
        out
    }

    /// A table of CLAS and the per-relation scores: relation, gold count, system count,
    /// correct, LAS precision, recall and F1 (percent).
    pub fn per_relation_table(&self) -> String {
        let mut out = String::new();
        let pct = |x: f64| x * 100.0;
        let c = &self.clas;
        out.push_str(&format!(
            "{:10} {:6.2}  P {:6.2}  R {:6.2}  (content words: gold {}, system {})\n",
            "CLAS",
            pct(c.f1),
            pct(c.precision),
            pct(c.recall),
            c.gold,
            c.system
        ));
        out.push_str(&format!(
            "{:12} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}\n",
            "relation", "gold", "system", "correct", "P", "R", "LAS F1"
        ));
        for (rel, m) in &self.per_relation {
            out.push_str(&format!(
                "{:12} {:>7} {:>7} {:>7} {:>7.2} {:>7.2} {:>7.2}\n",
                rel,
                m.gold,
                m.system,
                m.correct,
                pct(m.precision),
                pct(m.recall),
                pct(m.f1)
            ));
        }
        out
    }
}

/// Python's `round(x, 2)`: correctly rounded (half to even on the exact binary value), which is
/// what Rust's `{:.2}` formatting does too.
fn round2(x: f64) -> f64 {
    format!("{x:.2}").parse().unwrap_or(x)
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verbose = f.alternate();
        for (name, m) in self.metrics() {
            write!(f, "{:10} {:6.2}", name, m.f1 * 100.0)?;
            if verbose {
                write!(
                    f,
                    "  P {:6.2}  R {:6.2}",
                    m.precision * 100.0,
                    m.recall * 100.0
                )?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Universal relations that count for CLAS (CoNLL 2018); everything else does not.
const CONTENT_RELATIONS: [&str; 29] = [
    "acl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "ccomp",
    "compound",
    "conj",
    "csubj",
    "dep",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "goeswith",
    "iobj",
    "list",
    "nmod",
    "nsubj",
    "nummod",
    "obj",
    "obl",
    "orphan",
    "parataxis",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

fn is_content(rel: &str) -> bool {
    CONTENT_RELATIONS.binary_search(&universal(rel)).is_ok()
}

/// Where a word's head points.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    Root,
    Word(usize),
    /// `_`, negative, not a number, or a word that does not exist.
    None,
}

struct EvWord<'a> {
    row: &'a conllu::Row,
    head: Head,
}

/// Python's `isspace` (Rust's `is_whitespace` lacks U+001C..U+001F).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `int(s)` for the values a HEAD column can hold (ASCII digits, sign, underscores).
fn py_int(s: &str) -> Option<i64> {
    let s = s.trim_matches(py_space);
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let b = digits.as_bytes();
    if b.is_empty()
        || !b[0].is_ascii_digit()
        || !b[b.len() - 1].is_ascii_digit()
        || digits.contains("__")
    {
        return None;
    }
    let mut v: i64 = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => v = v.checked_mul(10)?.checked_add(i64::from(c - b'0'))?,
            b'_' => {}
            _ => return None,
        }
    }
    Some(if neg { -v } else { v })
}

/// One side (gold or system) prepared for scoring.
struct Side<'a> {
    /// Non-whitespace characters of all token forms, in order.
    chars: Vec<char>,
    /// Token spans in `chars`.
    tokens: Vec<(usize, usize)>,
    /// Sentence spans in `chars`, with the index of the input sentence.
    sentences: Vec<(usize, usize)>,
    sentence_index: Vec<usize>,
    words: Vec<EvWord<'a>>,
    /// Token index of each word.
    word_token: Vec<usize>,
}

impl<'a> Side<'a> {
    fn new(sentences: &'a [conllu::Sentence]) -> Side<'a> {
        let mut side = Side {
            chars: Vec::new(),
            tokens: Vec::new(),
            sentences: Vec::new(),
            sentence_index: Vec::new(),
            words: Vec::new(),
            word_token: Vec::new(),
        };
        for (si, s) in sentences.iter().enumerate() {
            let toks = s.tokens();
            if toks.is_empty() {
                continue; // ud_eval.py drops sentences without tokens
            }
            let s0 = side.chars.len();
            let w0 = side.words.len();
            for t in &toks {
                let start = side.chars.len();
                side.chars
                    .extend(t.form().chars().filter(|c| !py_space(*c)));
                let ti = side.tokens.len();
                side.tokens.push((start, side.chars.len()));
                for w in &t.words {
                    side.words.push(EvWord {
                        row: w,
                        head: Head::None,
                    });
                    side.word_token.push(ti);
                }
            }
            side.sentences.push((s0, side.chars.len()));
            side.sentence_index.push(si);
            // Word IDs of a parsed sentence are 1..=n in order; map IDs to positions anyway, in
            // case rows were built by hand (the last row with an ID wins, as in ud_eval.py).
            let mut by_id: HashMap<usize, usize> = HashMap::new();
            for (k, w) in side.words[w0..].iter().enumerate() {
                if let conllu::RowId::Word(id) = w.row.id {
                    by_id.insert(id, w0 + k);
                }
            }
            for k in w0..side.words.len() {
                side.words[k].head = match py_int(&side.words[k].row.head) {
                    Some(0) => Head::Root,
                    Some(h) if h > 0 => match by_id.get(&(h as usize)) {
                        Some(&i) => Head::Word(i),
                        None => Head::None,
                    },
                    _ => Head::None,
                };
            }
        }
        side
    }

    fn sentence_at(&self, char_index: usize) -> Option<usize> {
        let k = self
            .sentences
            .partition_point(|&(_, end)| end <= char_index);
        self.sentence_index.get(k).copied()
    }
}

/// Aligns two word lists by the longest common subsequence of their forms, exactly as
/// `ud_eval.py` does (including its tie-breaking and its by-position fallback).
fn lcs_align(
    g: &[usize],
    s: &[usize],
    gw: &[EvWord<'_>],
    sw: &[EvWord<'_>],
    pairs: &mut Vec<(usize, usize)>,
) {
    let (n, m) = (g.len(), s.len());
    let same = |i: usize, j: usize| gw[g[i]].row.form == sw[s[j]].row.form;
    let width = m + 1;
    let mut t = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * width + j] = if same(i, j) {
                t[(i + 1) * width + j + 1] + 1
            } else {
                t[(i + 1) * width + j].max(t[i * width + j + 1])
            };
        }
    }
    let before = pairs.len();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if same(i, j) {
            pairs.push((g[i], s[j]));
            i += 1;
            j += 1;
        } else if t[(i + 1) * width + j] >= t[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    if pairs.len() == before && n == m {
        pairs.extend(g.iter().copied().zip(s.iter().copied()));
    }
}

/// A (start, end) range of non-whitespace characters.
type CharSpan = (usize, usize);

/// Words grouped by the span of their token (tokens with equal spans share a group), with the
/// spans in order of first appearance.
fn group(side: &Side<'_>) -> (Vec<CharSpan>, HashMap<CharSpan, Vec<usize>>) {
    let mut order = Vec::new();
    let mut map: HashMap<CharSpan, Vec<usize>> = HashMap::new();
    for (w, &t) in side.word_token.iter().enumerate() {
        let span = side.tokens[t];
        map.entry(span)
            .or_insert_with(|| {
                order.push(span);
                Vec::new()
            })
            .push(w);
    }
    (order, map)
}

fn snippet(chars: &[char], i: usize) -> String {
    chars[i.min(chars.len())..(i + 20).min(chars.len())]
        .iter()
        .collect()
}

/// Scores `system` against `gold`; see the [module documentation](self).
///
/// Sentences without words (comment-only blocks) are ignored, and so are empty nodes.
///
/// # Errors
/// [`Error::Mismatch`] when the two texts, whitespace removed, differ: the message gives the
/// index of the first differing non-whitespace character, the sentence it falls in on each
/// side, and 20 characters of each text from there.
pub fn score(gold: &[conllu::Sentence], system: &[conllu::Sentence]) -> Result<Scores, Error> {
    let g = Side::new(gold);
    let s = Side::new(system);
    if g.chars != s.chars {
        let i = first_difference(&g.chars, &s.chars);
        let locate = |side: &Side<'_>, sents: &[conllu::Sentence]| match side.sentence_at(i) {
            Some(k) => match sents[k].sent_id() {
                Some(id) => format!("sentence {} (sent_id {id})", k + 1),
                None => format!("sentence {}", k + 1),
            },
            None => "the end".to_string(),
        };
        return Err(Error::Mismatch(format!(
            "gold and system texts differ at non-space character {i}, in gold {} and system {}: \
             gold {:?} vs system {:?}",
            locate(&g, gold),
            locate(&s, system),
            snippet(&g.chars, i),
            snippet(&s.chars, i)
        )));
    }

    let set_f1 = |a: &[(usize, usize)], b: &[(usize, usize)]| {
        let ga: HashSet<_> = a.iter().copied().collect();
        let sb: HashSet<_> = b.iter().copied().collect();
        Metric::new(ga.intersection(&sb).count(), ga.len(), sb.len())
    };
    let tokens = set_f1(&g.tokens, &s.tokens);
    let sentences = set_f1(&g.sentences, &s.sentences);

    let (g_order, g_groups) = group(&g);
    let (_, s_groups) = group(&s);
    let mut pairs = Vec::new();
    for span in &g_order {
        if let Some(sw) = s_groups.get(span) {
            lcs_align(&g_groups[span], sw, &g.words, &s.words, &mut pairs);
        }
    }
    let mut s2g = vec![usize::MAX; s.words.len()];
    for &(gi, si) in &pairs {
        s2g[si] = gi;
    }
    let (ng, ns) = (g.words.len(), s.words.len());
    let head_ok = |gi: usize, si: usize| match (g.words[gi].head, s.words[si].head) {
        (Head::Root, Head::Root) => true,
        (Head::Word(gh), Head::Word(sh)) => s2g[sh] == gh,
        _ => false,
    };
    let count = |pred: &dyn Fn(&conllu::Row, &conllu::Row, usize, usize) -> bool| {
        pairs
            .iter()
            .filter(|&&(gi, si)| pred(g.words[gi].row, s.words[si].row, gi, si))
            .count()
    };
    let m = |c: usize| Metric::new(c, ng, ns);

    let clas_gold = g.words.iter().filter(|w| is_content(&w.row.deprel)).count();
    let clas_system = s.words.iter().filter(|w| is_content(&w.row.deprel)).count();
    let clas_correct = count(&|a, b, gi, si| {
        is_content(&a.deprel) && head_ok(gi, si) && universal(&a.deprel) == universal(&b.deprel)
    });

    // Per universal relation, and also per subtyped relation (`compound:lvc`, `obl:arg`) in
    // rows of their own that sort right after their universal relation.
    let mut rel_counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let names = |deprel: &str| -> Vec<String> {
        let u = universal(deprel);
        if u == deprel {
            vec![u.to_string()]
        } else {
            vec![u.to_string(), deprel.to_string()]
        }
    };
    for w in &g.words {
        for name in names(&w.row.deprel) {
            rel_counts.entry(name).or_default().1 += 1;
        }
    }
    for w in &s.words {
        for name in names(&w.row.deprel) {
            rel_counts.entry(name).or_default().2 += 1;
        }
    }
    for &(gi, si) in &pairs {
        let (a, b) = (&g.words[gi].row.deprel, &s.words[si].row.deprel);
        if !head_ok(gi, si) {
            continue;
        }
        if universal(a) == universal(b) {
            rel_counts.entry(universal(a).to_string()).or_default().0 += 1;
        }
        if a == b && universal(a) != a.as_str() {
            rel_counts.entry(a.to_string()).or_default().0 += 1;
        }
    }

    Ok(Scores {
        tokens,
        sentences,
        words: m(pairs.len()),
        upos: m(count(&|a, b, _, _| a.upos == b.upos)),
        xpos: m(count(&|a, b, _, _| a.xpos == b.xpos)),
        ufeats: m(count(&|a, b, _, _| a.feats == b.feats)),
        lemmas: m(count(&|a, b, _, _| a.lemma == b.lemma)),
        uas: m(count(&|_, _, gi, si| head_ok(gi, si))),
        las: m(count(&|a, b, gi, si| {
            head_ok(gi, si) && universal(&a.deprel) == universal(&b.deprel)
        })),
        las_full: m(count(&|a, b, gi, si| {
            head_ok(gi, si) && a.deprel == b.deprel
        })),
        clas: Metric::new(clas_correct, clas_gold, clas_system),
        per_relation: rel_counts
            .into_iter()
            .map(|(k, (c, gn, sn))| (k, Metric::new(c, gn, sn)))
            .collect(),
    })
}

#[cfg(test)]
mod tests;

pub mod ner;

/// Index of the first character where `a` and `b` differ (the shorter length when one is a
/// prefix of the other).
pub(crate) fn first_difference<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    a.iter().zip(b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()))
}
