//! Scoring named entities the way `conlleval` does, on texts that may be tokenized differently.
//!
//! **Inputs.** [`read`] detects the format of each file: BIO column files ([`read_bio`]: one
//! token a line, `token<TAB>label` or space-separated columns with the label last, a blank line
//! between sentences) or CoNLL-U whose MISC column carries `NER=B-PER` ([`read_conllu_ner`]).
//! Labels are `O`, `B-TYPE`, `I-TYPE` (IOB1/IOB2), and also `E-TYPE`, `S-TYPE` (IOBES).
//!
//! **Entities.** [`spans`] turns a label sequence into entities with `conlleval`'s rules: an
//! entity starts at `B-`/`S-`, and also at an `I-`/`E-` that follows `O`, the end of an entity,
//! or a label of another type (so IOB1 files and ill-formed system output are read as
//! `conlleval` reads them). Entities never cross a sentence boundary.
//!
//! **Alignment.** As in [`eval::score`](super::score) and UD's scorer, the token texts of each
//! side are concatenated with all whitespace removed; the two character streams must be equal
//! (else [`Error::Mismatch`]), and every entity becomes a (type, start, end) range of that
//! stream. So a system may tokenize and split sentences differently from gold. Invisible
//! format characters (ZWNJ U+200C, ZWJ, LRM/RLM, ALM, BOM, bidi controls) at the edges of an
//! entity are left out of its range, so `تهران` + `‌ش` and `تهران‌` + `ش` give the same
//! entity `تهران`.
//!
//! **Scores** ([`score`]), per type and micro-averaged over all entities, in percent:
//! - *exact* (`conlleval`): a system entity is correct when a gold entity has the same type and
//!   both ends; precision = correct / system entities, recall = correct / gold entities.
//! - *overlap* (optional, [`NerOptions::overlap`]): precision = system entities that overlap
//!   (share at least one character with) some gold entity of the same type / system entities;
//!   recall = gold entities that overlap some system entity of the same type / gold entities.
//!
//! F1 is the harmonic mean of precision and recall; all three are 0 when their denominators
//! are (as `conlleval` prints 0.00 for a side without entities).
//!
//! ```
//! use sokhan::eval::ner;
//! let gold = ner::read_bio("علی\tB-PER\nبه\tO\nتهران\tB-LOC\nرفت\tO\n")?;
//! let system = ner::read_bio("علی\tB-PER\nبه\tO\nتهران\tB-ORG\nرفت\tO\n")?;
//! let scores = ner::score(&gold, &system, &ner::NerOptions::default())?;
//! assert_eq!(scores.exact.micro.correct, 1);
//! assert_eq!(scores.exact.micro.f1, 50.0);
//! println!("{scores}"); // a table: type, gold, system, correct, P, R, F1
//! # Ok::<(), sokhan::Error>(())
//! ```

use crate::conllu;
use crate::Error;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;

/// The chunk part of a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Tag {
    /// Outside any entity.
    O,
    /// Begins an entity.
    B,
    /// Inside an entity (begins one after `O` or another type, as in IOB1).
    I,
    /// Ends an entity (IOBES).
    E,
    /// A one-token entity (IOBES).
    S,
}

/// A token's label: `O`, or a [`Tag`] with an entity type (`B-PER`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    /// The chunk part.
    pub tag: Tag,
    /// The entity type (`PER`); empty for [`Tag::O`].
    pub kind: String,
}

impl Label {
    /// The label `O`.
    pub fn outside() -> Label {
        Label {
            tag: Tag::O,
            kind: String::new(),
        }
    }

    /// Parses `O`, `B-TYPE`, `I-TYPE`, `E-TYPE` or `S-TYPE` (the type is everything after the
    /// first `-` and must not be empty). `None` for anything else.
    pub fn parse(s: &str) -> Option<Label> {
        if s == "O" {
            return Some(Label::outside());
        }
        let (tag, kind) = s.split_once('-')?;
        let tag = match tag {
            "B" => Tag::B,
            "I" => Tag::I,
            "E" => Tag::E,
            "S" => Tag::S,
            _ => return None,
        };
        if kind.is_empty() || kind.chars().any(char::is_whitespace) {
            return None;
        }
        Some(Label {
            tag,
            kind: kind.to_string(),
        })
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.tag {
            Tag::O => f.write_str("O"),
            t => write!(f, "{t:?}-{}", self.kind),
        }
    }
}

/// One token with its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NerToken {
    /// The token text.
    pub form: String,
    /// Its label.
    pub label: Label,
    /// 1-based line in the input it was read from (BIO files); `None` when unknown.
    pub line: Option<usize>,
}

/// A sentence of labelled tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NerSentence {
    /// The tokens in order.
    pub tokens: Vec<NerToken>,
    /// The `# sent_id` of a CoNLL-U sentence.
    pub sent_id: Option<String>,
}

impl NerSentence {
    /// The entities of the sentence as token ranges (see [`spans`]).
    pub fn entities(&self) -> Vec<EntitySpan> {
        spans(self.tokens.iter().map(|t| &t.label))
    }
}

/// An entity: its type and a half-open range `start..end` (of tokens from [`spans`]; of
/// non-whitespace characters inside [`score`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntitySpan {
    /// The entity type.
    pub kind: String,
    /// First token (character) of the entity.
    pub start: usize,
    /// One past the last token (character).
    pub end: usize,
}

/// `conlleval`'s `endOfChunk`: does an entity end between the previous label and this one?
fn chunk_ends(prev: &Label, cur: &Label) -> bool {
    use Tag::*;
    match (prev.tag, cur.tag) {
        (O, _) => false,
        (E, _) | (S, _) => true,
        (B, B) | (B, S) | (B, O) | (I, B) | (I, S) | (I, O) => true,
        _ => prev.kind != cur.kind,
    }
}

/// `conlleval`'s `startOfChunk`: does an entity start at this label?
fn chunk_starts(prev: &Label, cur: &Label) -> bool {
    use Tag::*;
    match (prev.tag, cur.tag) {
        (_, O) => false,
        (_, B) | (_, S) => true,
        (E, E) | (E, I) | (S, E) | (S, I) | (O, E) | (O, I) => true,
        _ => prev.kind != cur.kind,
    }
}

/// The entities of one sentence's labels, as token ranges, with `conlleval`'s rules: an entity
/// starts at `B-X` or `S-X`, and at `I-X`/`E-X` after `O`, after the end of an entity (`E-`,
/// `S-`) or after a label of another type; it ends before `O`, `B-`, `S-`, a label of another
/// type, or after `E-`/`S-`.
///
/// ```
/// use sokhan::eval::ner::{spans, EntitySpan, Label};
/// let labels: Vec<Label> = ["I-PER", "I-PER", "O", "B-LOC", "I-ORG"]
///     .iter()
///     .map(|s| Label::parse(s).unwrap())
///     .collect();
/// let e = |kind: &str, start, end| EntitySpan { kind: kind.into(), start, end };
/// assert_eq!(spans(&labels), [e("PER", 0, 2), e("LOC", 3, 4), e("ORG", 4, 5)]);
/// ```
pub fn spans<'a>(labels: impl IntoIterator<Item = &'a Label>) -> Vec<EntitySpan> {
    let outside = Label::outside();
    let mut out = Vec::new();
    let mut prev = &outside;
    let mut open: Option<usize> = None;
    let mut n = 0;
    for (i, cur) in labels.into_iter().enumerate() {
        if let Some(start) = open {
            if chunk_ends(prev, cur) || chunk_starts(prev, cur) {
                out.push(EntitySpan {
                    kind: prev.kind.clone(),
                    start,
                    end: i,
                });
                open = None;
            }
        }
        if chunk_starts(prev, cur) {
            open = Some(i);
        }
        prev = cur;
        n = i + 1;
    }
    if let Some(start) = open {
        out.push(EntitySpan {
            kind: prev.kind.clone(),
            start,
            end: n,
        });
    }
    out
}

/// The two input formats [`read`] knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Token and label columns ([`read_bio`]).
    Bio,
    /// CoNLL-U with `NER=` in MISC ([`read_conllu_ner`]).
    Conllu,
}

/// A CoNLL-U ID: `7`, `3-4` or `5.1`.
fn is_conllu_id(s: &str) -> bool {
    let num = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    num(s)
        || s.split_once('-').is_some_and(|(a, b)| num(a) && num(b))
        || s.split_once('.').is_some_and(|(a, b)| num(a) && num(b))
}

/// Guesses the format from the first line that is neither blank nor a tab-less `#` comment:
/// CoNLL-U when it has 10 tab-separated columns and starts with a CoNLL-U ID, BIO otherwise.
/// A text of comments only counts as CoNLL-U.
pub fn detect(text: &str) -> Format {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut comments = false;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('#') && !line.contains('\t') {
            comments = true;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        return if cols.len() == 10 && is_conllu_id(cols[0]) {
            Format::Conllu
        } else {
            Format::Bio
        };
    }
    if comments {
        Format::Conllu
    } else {
        Format::Bio
    }
}

/// Reads either format, as [`detect`] decides.
///
/// # Errors
/// Those of [`read_bio`], or of [`conllu::parse`] and [`read_conllu_ner`].
pub fn read(text: &str) -> Result<Vec<NerSentence>, Error> {
    match detect(text) {
        Format::Bio => read_bio(text),
        Format::Conllu => read_conllu_ner(&conllu::parse(text)?),
    }
}

fn bio_error(line: usize, message: String) -> Error {
    Error::Ner {
        line: Some(line),
        message,
    }
}

/// Reads a BIO column file: one token a line, a blank line between sentences.
///
/// A line with a tab is split at tabs: the first column is the token, the last the label (so
/// `token<TAB>label` and wider files whose label is last both work). A line without a tab is
/// split at whitespace the same way. A leading BOM, `\r` line ends and `-DOCSTART-` lines (a
/// sentence break, as in `conlleval`) are accepted; whitespace around a column is ignored.
///
/// # Errors
/// [`Error::Ner`] with the line number for a line with one column (a token without a label or
/// a label without a token), an empty token or label, or a label that is not `O`, `B-TYPE`,
/// `I-TYPE`, `E-TYPE` or `S-TYPE`.
pub fn read_bio(text: &str) -> Result<Vec<NerSentence>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut current = NerSentence::default();
    for (i, raw) in text.split('\n').enumerate() {
        let lineno = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with("-DOCSTART-") {
            if !current.tokens.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (token, label) = if line.contains('\t') {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let (first, last) = (cols[0], cols[cols.len() - 1]);
            let nonempty = cols.iter().filter(|c| !c.is_empty()).count();
            if nonempty < 2 {
                let only = cols.iter().find(|c| !c.is_empty()).copied().unwrap_or("");
                return Err(one_column(lineno, only));
            }
            if first.is_empty() {
                return Err(bio_error(
                    lineno,
                    format!("empty token before the label {last:?}"),
                ));
            }
            if last.is_empty() {
                return Err(bio_error(
                    lineno,
                    format!("token {first:?} has an empty label column"),
                ));
            }
            (first, last)
        } else {
            let cols: Vec<&str> = trimmed.split_whitespace().collect();
            if cols.len() < 2 {
                return Err(one_column(lineno, trimmed));
            }
            (cols[0], cols[cols.len() - 1])
        };
        let label = Label::parse(label).ok_or_else(|| {
            bio_error(
                lineno,
                format!(
                    "{label:?} (token {token:?}) is not a label: expected O, B-TYPE, I-TYPE, \
                     E-TYPE or S-TYPE"
                ),
            )
        })?;
        current.tokens.push(NerToken {
            form: token.to_string(),
            label,
            line: Some(lineno),
        });
    }
    if !current.tokens.is_empty() {
        out.push(current);
    }
    Ok(out)
}

fn one_column(lineno: usize, only: &str) -> Error {
    let message = if Label::parse(only).is_some() {
        format!("label {only:?} without a token: expected `token<TAB>label`")
    } else {
        format!("token {only:?} without a label: expected `token<TAB>label`")
    };
    bio_error(lineno, message)
}

/// The value of `NER=` in a MISC column.
fn misc_ner(misc: &str) -> Option<&str> {
    misc.split('|').find_map(|f| f.strip_prefix("NER="))
}

/// Reads the NER labels of CoNLL-U sentences: one token per surface token (a multiword token
/// is one token with its `N-M` form). The label is the `NER=` of the token's MISC, else of the
/// first of its words that has one, else `O`. Sentences without tokens are skipped.
///
/// # Errors
/// [`Error::Ner`] naming the sentence and token when a `NER=` value is not a label.
pub fn read_conllu_ner(sentences: &[conllu::Sentence]) -> Result<Vec<NerSentence>, Error> {
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let mut ns = NerSentence {
            tokens: Vec::new(),
            sent_id: s.sent_id().map(str::to_string),
        };
        for (ti, t) in s.tokens().iter().enumerate() {
            let value = t
                .multiword
                .and_then(|m| misc_ner(&m.misc))
                .or_else(|| t.words.iter().find_map(|w| misc_ner(&w.misc)));
            let label = match value {
                None => Label::outside(),
                Some(v) => Label::parse(v).ok_or_else(|| Error::Ner {
                    line: None,
                    message: format!(
                        "CoNLL-U sentence {}{}, token {} ({:?}): NER={v} is not a label: \
                         expected O, B-TYPE, I-TYPE, E-TYPE or S-TYPE",
                        si + 1,
                        s.sent_id()
                            .map(|id| format!(" (sent_id {id})"))
                            .unwrap_or_default(),
                        ti + 1,
                        t.form()
                    ),
                })?,
            };
            ns.tokens.push(NerToken {
                form: t.form().to_string(),
                label,
                line: None,
            });
        }
        if !ns.tokens.is_empty() {
            out.push(ns);
        }
    }
    Ok(out)
}

/// What [`score`] counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NerOptions {
    /// Also compute the "any overlap" scores ([`NerScores::overlap`]).
    pub overlap: bool,
    /// Score only these types (names after [`map`](Self::map); a name that the map renames is
    /// renamed here too). `None` scores every type.
    pub types: Option<BTreeSet<String>>,
    /// Renames types on both sides before scoring (`EVE` → `EVENT`).
    pub map: BTreeMap<String, String>,
}

impl NerOptions {
    fn rename<'a>(&'a self, kind: &'a str) -> &'a str {
        self.map.get(kind).map_or(kind, String::as_str)
    }

    fn keeps(&self, kind: &str) -> bool {
        match &self.types {
            None => true,
            Some(set) => set.contains(kind) || set.iter().any(|t| self.rename(t) == kind),
        }
    }
}

fn round2<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(format!("{x:.2}").parse().unwrap_or(*x))
}

/// Counts and percentages for one type (or all of them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct NerMetric {
    /// Gold entities.
    pub gold: usize,
    /// System entities.
    pub system: usize,
    /// System entities counted correct (the precision numerator).
    pub correct: usize,
    /// Gold entities counted found (the recall numerator); equal to `correct` for exact spans.
    pub gold_matched: usize,
    /// `100 * correct / system` (0 when there are no system entities). JSON rounds it to 2
    /// decimals.
    #[serde(serialize_with = "round2")]
    pub precision: f64,
    /// `100 * gold_matched / gold` (0 when there are no gold entities).
    #[serde(serialize_with = "round2")]
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    #[serde(serialize_with = "round2")]
    pub f1: f64,
}

impl NerMetric {
    /// Builds a metric from its counts.
    pub fn new(gold: usize, system: usize, correct: usize, gold_matched: usize) -> NerMetric {
        let pct = |a: usize, b: usize| {
            if b > 0 {
                100.0 * a as f64 / b as f64
            } else {
                0.0
            }
        };
        let (p, r) = (pct(correct, system), pct(gold_matched, gold));
        NerMetric {
            gold,
            system,
            correct,
            gold_matched,
            precision: p,
            recall: r,
            f1: if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            },
        }
    }
}

/// Scores of one kind (exact or overlap): micro-averaged and per type.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NerTable {
    /// Over all entities of the scored types.
    pub micro: NerMetric,
    /// Per type, in name order: every scored type seen on either side (and every type asked
    /// for in [`NerOptions::types`], with zeros when absent).
    pub per_type: BTreeMap<String, NerMetric>,
}

/// The result of [`score`]; see the [module documentation](self).
///
/// `Display` prints a table per kind of score (type, gold, system, correct, P, R, F1 in
/// percent with 2 decimals, then the micro average); `Serialize` gives the same numbers.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NerScores {
    /// Gold tokens.
    pub gold_tokens: usize,
    /// Gold sentences.
    pub gold_sentences: usize,
    /// System tokens.
    pub system_tokens: usize,
    /// System sentences.
    pub system_sentences: usize,
    /// Exact-span scores (`conlleval`).
    pub exact: NerTable,
    /// "Any overlap" scores, when [`NerOptions::overlap`] asked for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlap: Option<NerTable>,
}

impl fmt::Display for NerScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .exact
            .per_type
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0)
            .max(8);
        let m = &self.exact.micro;
        writeln!(
            f,
            "exact spans (conlleval): {} gold entities, {} system, {} correct \
             ({} gold tokens in {} sentences, {} system tokens in {} sentences)",
            m.gold,
            m.system,
            m.correct,
            self.gold_tokens,
            self.gold_sentences,
            self.system_tokens,
            self.system_sentences
        )?;
        writeln!(
            f,
            "{:width$} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}",
            "type", "gold", "system", "correct", "P", "R", "F1"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, m: &NerMetric| {
            writeln!(
                f,
                "{name:width$} {:>7} {:>7} {:>7} {:>7.2} {:>7.2} {:>7.2}",
                m.gold, m.system, m.correct, m.precision, m.recall, m.f1
            )
        };
        for (k, m) in &self.exact.per_type {
            row(f, k, m)?;
        }
        row(f, "all", &self.exact.micro)?;
        if let Some(o) = &self.overlap {
            let m = &o.micro;
            writeln!(f)?;
            writeln!(
                f,
                "any overlap with an entity of the same type: {} of {} system entities, \
                 {} of {} gold entities",
                m.correct, m.system, m.gold_matched, m.gold
            )?;
            writeln!(
                f,
                "{:width$} {:>7} {:>7} {:>7} {:>8} {:>7} {:>7} {:>7}",
                "type", "gold", "system", "sys-hit", "gold-hit", "P", "R", "F1"
            )?;
            let row = |f: &mut fmt::Formatter<'_>, name: &str, m: &NerMetric| {
                writeln!(
                    f,
                    "{name:width$} {:>7} {:>7} {:>7} {:>8} {:>7.2} {:>7.2} {:>7.2}",
                    m.gold, m.system, m.correct, m.gold_matched, m.precision, m.recall, m.f1
                )
            };
            for (k, m) in &o.per_type {
                row(f, k, m)?;
            }
            row(f, "all", &o.micro)?;
        }
        Ok(())
    }
}

/// Python's `isspace`, as in [`eval::score`](super::score).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Invisible format characters left out at the edges of an entity.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}'
    )
}

/// One side prepared for scoring.
struct Side {
    chars: Vec<char>,
    /// Start character of each sentence (for locating a mismatch).
    sentence_starts: Vec<usize>,
    /// Start character and input line of each token.
    token_starts: Vec<(usize, Option<usize>)>,
    tokens: usize,
    entities: Vec<EntitySpan>,
}

impl Side {
    fn new(sentences: &[NerSentence], opts: &NerOptions) -> Side {
        let mut side = Side {
            chars: Vec::new(),
            sentence_starts: Vec::new(),
            token_starts: Vec::new(),
            tokens: 0,
            entities: Vec::new(),
        };
        for s in sentences {
            side.sentence_starts.push(side.chars.len());
            let mut bounds = Vec::with_capacity(s.tokens.len());
            for t in &s.tokens {
                let start = side.chars.len();
                side.token_starts.push((start, t.line));
                side.chars.extend(t.form.chars().filter(|c| !py_space(*c)));
                bounds.push((start, side.chars.len()));
            }
            side.tokens += s.tokens.len();
            for e in s.entities() {
                let kind = opts.rename(&e.kind);
                if !opts.keeps(kind) {
                    continue;
                }
                let (mut a, mut b) = (bounds[e.start].0, bounds[e.end - 1].1);
                while a < b && invisible(side.chars[a]) {
                    a += 1;
                }
                while a < b && invisible(side.chars[b - 1]) {
                    b -= 1;
                }
                if a == b {
                    // Nothing visible: keep the whole range rather than an empty one.
                    (a, b) = (bounds[e.start].0, bounds[e.end - 1].1);
                }
                side.entities.push(EntitySpan {
                    kind: kind.to_string(),
                    start: a,
                    end: b,
                });
            }
        }
        side
    }

    /// "sentence 3 (sent_id x), line 17" for the token holding character `i`.
    fn locate(&self, sentences: &[NerSentence], i: usize) -> String {
        if i >= self.chars.len() {
            return "the end".to_string();
        }
        let k = self.sentence_starts.partition_point(|&s| s <= i) - 1;
        let mut out = format!("sentence {}", k + 1);
        if let Some(id) = sentences.get(k).and_then(|s| s.sent_id.as_deref()) {
            out.push_str(&format!(" (sent_id {id})"));
        }
        let t = self.token_starts.partition_point(|&(s, _)| s <= i);
        if let Some(&(_, Some(line))) = t.checked_sub(1).and_then(|t| self.token_starts.get(t)) {
            out.push_str(&format!(", line {line}"));
        }
        out
    }
}

fn snippet(chars: &[char], i: usize) -> String {
    chars[i.min(chars.len())..(i + 20).min(chars.len())]
        .iter()
        .collect()
}

/// Entities of one side grouped by type, each list sorted by start (they never overlap).
fn by_type(entities: &[EntitySpan]) -> BTreeMap<&str, Vec<(usize, usize)>> {
    let mut map: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for e in entities {
        map.entry(&e.kind).or_default().push((e.start, e.end));
    }
    for v in map.values_mut() {
        v.sort_unstable();
    }
    map
}

/// How many of `these` share a character with one of `others` (sorted, disjoint ranges).
fn overlapping(these: &[(usize, usize)], others: &[(usize, usize)]) -> usize {
    these
        .iter()
        .filter(|&&(s, e)| {
            let k = others.partition_point(|&(_, oe)| oe <= s);
            others.get(k).is_some_and(|&(os, _)| os < e)
        })
        .count()
}

/// Scores `system` entities against `gold`; see the [module documentation](self).
///
/// # Errors
/// - [`Error::Ner`] when gold or system has no tokens (an empty file is not a score of 0).
/// - [`Error::Mismatch`] when the two texts, whitespace removed, differ: the message gives the
///   index of the first differing non-whitespace character, where it falls on each side
///   (sentence, `sent_id`, input line) and 20 characters of each text from there.
pub fn score(
    gold: &[NerSentence],
    system: &[NerSentence],
    opts: &NerOptions,
) -> Result<NerScores, Error> {
    let g = Side::new(gold, opts);
    let s = Side::new(system, opts);
    for (name, side) in [("gold", &g), ("system", &s)] {
        if side.chars.is_empty() {
            return Err(Error::Ner {
                line: None,
                message: format!("{name} has no tokens (is the file empty?): nothing to score"),
            });
        }
    }
    if g.chars != s.chars {
        let i = super::first_difference(&g.chars, &s.chars);
        return Err(Error::Mismatch(format!(
            "gold and system texts differ at non-space character {i}, in gold {} and system {}: \
             gold {:?} vs system {:?}",
            g.locate(gold, i),
            s.locate(system, i),
            snippet(&g.chars, i),
            snippet(&s.chars, i)
        )));
    }

    let (gt, st) = (by_type(&g.entities), by_type(&s.entities));
    let mut kinds: BTreeSet<&str> = gt.keys().chain(st.keys()).copied().collect();
    if let Some(types) = &opts.types {
        kinds.extend(types.iter().map(|t| opts.rename(t)));
    }
    let empty = Vec::new();
    let mut exact = NerTable::default();
    let mut overlap = NerTable::default();
    let (mut eg, mut es, mut ec) = (0, 0, 0);
    let (mut os, mut og) = (0, 0);
    for kind in kinds {
        let gk = gt.get(kind).unwrap_or(&empty);
        let sk = st.get(kind).unwrap_or(&empty);
        let gold_set: HashSet<&(usize, usize)> = gk.iter().collect();
        let correct = sk.iter().filter(|e| gold_set.contains(e)).count();
        exact.per_type.insert(
            kind.to_string(),
            NerMetric::new(gk.len(), sk.len(), correct, correct),
        );
        eg += gk.len();
        es += sk.len();
        ec += correct;
        if opts.overlap {
            let (sys_hit, gold_hit) = (overlapping(sk, gk), overlapping(gk, sk));
            overlap.per_type.insert(
                kind.to_string(),
                NerMetric::new(gk.len(), sk.len(), sys_hit, gold_hit),
            );
            os += sys_hit;
            og += gold_hit;
        }
    }
    exact.micro = NerMetric::new(eg, es, ec, ec);
    overlap.micro = NerMetric::new(eg, es, os, og);
    Ok(NerScores {
        gold_tokens: g.tokens,
        gold_sentences: gold.iter().filter(|s| !s.tokens.is_empty()).count(),
        system_tokens: s.tokens,
        system_sentences: system.iter().filter(|s| !s.tokens.is_empty()).count(),
        exact,
        overlap: opts.overlap.then_some(overlap),
    })
}

#[cfg(test)]
#[path = "ner_tests.rs"]
mod tests;
