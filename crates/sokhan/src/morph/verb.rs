//! Verb conjugation analysis.
//!
//! Given one normalized token (ZWNJ as U+200C), [`VerbTable::analyze`] returns every way it can
//! be read as a conjugated Persian verb: stems, tense, mood, polarity, person and number.
//! Lemmas follow the PerDT convention: the **past stem** without preverb (`برمی‌دارد` → `داشت`).
//!
//! ```
//! use sokhan::morph::verb::VerbTable;
//! let table = VerbTable::from_pairs([("کرد", "کن"), ("آمد", "آ")]);
//! let a = &table.analyze("می‌کنند")[0];
//! assert_eq!(a.lemma(), "کرد");
//! assert_eq!(a.feats(), "Number=Plur|Person=3|Tense=Pres|Voice=Act");
//! assert_eq!(table.analyze("نیامد")[0].lemma(), "آمد");
//! ```

use std::collections::HashMap;

const ZWNJ: char = '\u{200C}';

/// Grammatical number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Number {
    /// Singular.
    Sing,
    /// Plural.
    Plur,
}

/// Tense, as PerDT annotates it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tense {
    /// Past (simple past, participle).
    Past,
    /// Present.
    Pres,
    /// Future (`خواهد` + past stem).
    Fut,
}

/// Mood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mood {
    /// Indicative.
    Ind,
    /// Subjunctive (`بکند`, bare `کند`).
    Sub,
    /// Imperative (`بکن`, `بکنید`).
    Imp,
}

/// Finiteness.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VerbForm {
    /// Finite form.
    Fin,
    /// Past participle (`کرده`), alone or with a person clitic (`کرده‌اند`).
    Part,
    /// Infinitive (`کردن`).
    Inf,
}

/// The shape of the form: which conjugation produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Construction {
    /// Past stem + person ending (`کردم`).
    SimplePast,
    /// `می` + past stem + ending (`می‌کردم`).
    ImperfectivePast,
    /// `می` + present stem + ending (`می‌کنم`), or a present without `می` (`دارم`).
    Present,
    /// `ب` or bare present stem + ending (`بکنم`, `کنم`).
    Subjunctive,
    /// Imperative (`بکن`, `کن`, `بکنید`).
    Imperative,
    /// Past participle, optionally with a person clitic (`کرده`, `کرده‌ام`).
    Participle,
    /// The future auxiliary `خواه` + ending, optionally joined with a past stem (`خواهد رفت`).
    Future,
    /// Infinitive (`کردن`).
    Infinitive,
    /// Copula and existential forms (`است`, `هستند`, `نیست`, clitic `اند`).
    Copula,
    /// Modal or impersonal forms (`باید`, `می‌توان`).
    Modal,
}

/// One reading of a token as a verb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerbAnalysis {
    /// Past stem without preverb (the PerDT lemma), e.g. `کرد`.
    pub past_stem: String,
    /// Present stem without preverb, e.g. `کن` (empty for defective verbs such as `است`).
    pub present_stem: String,
    /// Preverb written before the verb (`بر`, `در`, `باز`, ...), if any.
    pub preverb: Option<String>,
    /// What conjugation produced the form.
    pub construction: Construction,
    /// Tense, when the form marks it.
    pub tense: Option<Tense>,
    /// Mood.
    pub mood: Mood,
    /// Finiteness.
    pub form: VerbForm,
    /// Whether the form carries the negative prefix `ن`/`نمی`.
    pub negative: bool,
    /// Whether the form carries the imperfective prefix `می`.
    pub imperfective: bool,
    /// Person (1, 2, 3) when marked.
    pub person: Option<u8>,
    /// Number when marked.
    pub number: Option<Number>,
}

impl VerbAnalysis {
    /// The PerDT lemma: the past stem (`می‌کنند` → `کرد`), or the defective stem (`است`, `هست`,
    /// `توان`).
    pub fn lemma(&self) -> &str {
        &self.past_stem
    }

    /// Whether PerDT would tag this form as an auxiliary-like verb (no `Voice` feature).
    fn is_aux_like(&self) -> bool {
        matches!(self.construction, Construction::Future | Construction::Copula | Construction::Modal)
            || (self.past_stem == "بود" && self.form == VerbForm::Fin)
    }

    /// Morphological features in CoNLL-U syntax, following PerDT's annotation habits
    /// (e.g. subjunctives and imperfective pasts carry no `Tense`).
    pub fn feats(&self) -> String {
        let mut f: Vec<String> = Vec::new();
        if self.mood == Mood::Imp {
            f.push("Mood=Imp".into());
        } else if self.mood == Mood::Sub && self.past_stem == "بود" {
            f.push("Mood=Sub".into());
        }
        if self.construction != Construction::Modal && self.construction != Construction::Infinitive {
            if let Some(n) = self.number {
                f.push(format!("Number={}", if n == Number::Sing { "Sing" } else { "Plur" }));
            }
            if let Some(p) = self.person {
                f.push(format!("Person={p}"));
            }
        }
        if self.negative {
            f.push("Polarity=Neg".into());
        }
        let tense = match self.construction {
            Construction::SimplePast => Some("Past"),
            Construction::Present => Some("Pres"),
            Construction::Future => Some("Fut"),
            Construction::Imperative => Some("Pres"),
            Construction::Subjunctive if self.past_stem == "بود" => Some("Pres"),
            Construction::Participle if self.person == Some(3) && self.number == Some(Number::Sing) => {
                Some("Past")
            }
            _ => None,
        };
        if let Some(t) = tense {
            f.push(format!("Tense={t}"));
        }
        match self.construction {
            Construction::Future => f.push("VerbForm=Fin".into()),
            Construction::Participle => f.push("VerbForm=Part".into()),
            Construction::Infinitive => f.push("VerbForm=Inf".into()),
            _ => {}
        }
        if !self.is_aux_like() && self.construction != Construction::Infinitive {
            f.push("Voice=Act".into());
        }
        if f.is_empty() {
            "_".into()
        } else {
            f.join("|")
        }
    }
}

/// Person/number endings of finite forms.
const PAST_ENDINGS: [(&str, u8, Number); 6] = [
    ("", 3, Number::Sing),
    ("م", 1, Number::Sing),
    ("ی", 2, Number::Sing),
    ("یم", 1, Number::Plur),
    ("ید", 2, Number::Plur),
    ("ند", 3, Number::Plur),
];
const PRESENT_ENDINGS: [(&str, u8, Number); 6] = [
    ("م", 1, Number::Sing),
    ("ی", 2, Number::Sing),
    ("د", 3, Number::Sing),
    ("یم", 1, Number::Plur),
    ("ید", 2, Number::Plur),
    ("ند", 3, Number::Plur),
];
/// Clitic copula after a participle (`کرده‌ام`); `‌است` is the literary 3sg perfect.
const PERFECT_CLITICS: [(&str, u8, Number); 7] = [
    ("ام", 1, Number::Sing),
    ("ای", 2, Number::Sing),
    ("است", 3, Number::Sing),
    ("ایم", 1, Number::Plur),
    ("اید", 2, Number::Plur),
    ("اند", 3, Number::Plur),
    ("", 3, Number::Sing),
];
/// Preverbs PerDT splits off the lemma (`بر#چید` → lemma `چید`).
pub const PREVERBS: [&str; 8] = ["بر", "در", "فرا", "باز", "وا", "ور", "فرو", "اندر"];

/// The verb stems known to the analyser (from `verbs.dat`: `past#present` per line).
#[derive(Clone, Debug, Default)]
pub struct VerbTable {
    by_present: HashMap<String, Vec<usize>>,
    by_past: HashMap<String, Vec<usize>>,
    pairs: Vec<(String, String)>,
    /// Higher ranks first when several verbs share a stem (e.g. `گذار`).
    rank: Vec<u64>,
}

impl VerbTable {
    /// Builds a table from `(past, present)` stem pairs.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> VerbTable {
        let mut t = VerbTable::default();
        for (past, present) in pairs {
            t.push(past, present, 0);
        }
        t
    }

    /// Builds a table from `(past, present, rank)`; a higher rank wins when stems are shared.
    pub fn from_ranked(pairs: impl IntoIterator<Item = (String, String, u64)>) -> VerbTable {
        let mut t = VerbTable::default();
        for (past, present, rank) in pairs {
            t.push(&past, &present, rank);
        }
        t
    }

    fn push(&mut self, past: &str, present: &str, rank: u64) {
        if past.is_empty() || self.pairs.iter().any(|(a, b)| a == past && b == present) {
            return;
        }
        let i = self.pairs.len();
        self.pairs.push((past.to_string(), present.to_string()));
        self.rank.push(rank);
        self.by_past.entry(past.to_string()).or_default().push(i);
        if !present.is_empty() {
            self.by_present.entry(present.to_string()).or_default().push(i);
        }
    }

    /// Number of `(past, present)` pairs.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The `(past, present)` stem pairs in insertion order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// Whether `stem` is a known past stem.
    pub fn is_past_stem(&self, stem: &str) -> bool {
        self.by_past.contains_key(stem)
    }

    /// Whether `stem` is a known present stem.
    pub fn is_present_stem(&self, stem: &str) -> bool {
        self.by_present.contains_key(stem)
    }

    /// Verbs (past, present) whose present stem is `stem`, best-ranked first.
    fn by_present(&self, stem: &str) -> Vec<(&str, &str)> {
        self.lookup(&self.by_present, stem)
    }

    fn by_past(&self, stem: &str) -> Vec<(&str, &str)> {
        self.lookup(&self.by_past, stem)
    }

    fn lookup(&self, map: &HashMap<String, Vec<usize>>, stem: &str) -> Vec<(&str, &str)> {
        let Some(ids) = map.get(stem) else { return Vec::new() };
        let mut ids = ids.clone();
        // Ties go to the shorter past stem (`رساند` over `رسانید`).
        ids.sort_by_key(|&i| (std::cmp::Reverse(self.rank[i]), self.pairs[i].0.len()));
        let mut out: Vec<(&str, &str)> = Vec::new();
        for i in ids {
            let (a, b) = (&self.pairs[i].0, &self.pairs[i].1);
            // Keep one analysis per lemma.
            if !out.iter().any(|(p, _)| *p == a.as_str()) {
                out.push((a.as_str(), b.as_str()));
            }
        }
        out
    }

    /// All readings of `token` as a verb form, the most plausible first; empty when none.
    ///
    /// Accepts `می`/`نمی` joined with ZWNJ, with nothing or with a space (`می کنم`), a preverb
    /// (`برمی‌گردد`), the negative `ن`, the subjunctive/imperative `ب`, and two-word futures
    /// (`خواهد رفت`).
    pub fn analyze(&self, token: &str) -> Vec<VerbAnalysis> {
        let token = token.trim_end_matches(ZWNJ).trim();
        let mut out = Vec::new();
        if token.is_empty() {
            return out;
        }
        // Two-word future: `خواهد رفت`, `نخواهند کرد`.
        if let Some((aux, main)) = token.split_once(' ') {
            if !main.contains(' ') {
                for a in self.analyze(aux) {
                    if a.construction == Construction::Future {
                        for (past, present) in self.by_past(main) {
                            out.push(VerbAnalysis {
                                past_stem: past.to_string(),
                                present_stem: present.to_string(),
                                ..a.clone()
                            });
                        }
                    }
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        special(token, &mut out);
        // Preverb-split readings first: PerDT lemmatizes `بازگشته` as `گشت`.
        for pv in PREVERBS {
            if let Some(rest) = token.strip_prefix(pv) {
                let rest = rest.trim_start_matches(ZWNJ);
                if rest.chars().count() >= 2 {
                    let before = out.len();
                    self.analyze_prefixed(rest, &mut out);
                    for a in &mut out[before..] {
                        a.preverb = Some(pv.to_string());
                    }
                }
            }
        }
        self.analyze_prefixed(token, &mut out);
        dedup(&mut out);
        out
    }

    /// Analyses after any preverb: negation, `می`, `ب`, then stem + ending.
    fn analyze_prefixed(&self, s: &str, out: &mut Vec<VerbAnalysis>) {
        // (rest, negative, imperfective, subjunctive-b)
        let mut splits: Vec<(String, bool, bool, bool)> = vec![(s.to_string(), false, false, false)];
        for (prefix, neg) in [("نمی", true), ("می", false)] {
            if let Some(rest) = s.strip_prefix(prefix) {
                for sep in [ZWNJ, ' '] {
                    if let Some(r) = rest.strip_prefix(sep) {
                        splits.push((r.to_string(), neg, true, false));
                    }
                }
                if !rest.starts_with(ZWNJ) && !rest.starts_with(' ') {
                    splits.push((rest.to_string(), neg, true, false));
                }
            }
        }
        if let Some(rest) = s.strip_prefix('ن') {
            if !rest.starts_with("می") {
                splits.push((rest.to_string(), true, false, false));
            }
        }
        if let Some(rest) = s.strip_prefix('ب') {
            splits.push((rest.to_string(), false, false, true));
        }
        for (rest, neg, imperf, subj_b) in splits {
            if rest.is_empty() {
                continue;
            }
            let prefixed = neg || imperf || subj_b;
            for stem_form in stem_alternatives(&rest, prefixed && !imperf) {
                self.analyze_core(&stem_form, neg, imperf, subj_b, out);
            }
        }
    }

    fn analyze_core(&self, r: &str, neg: bool, imperf: bool, subj_b: bool, out: &mut Vec<VerbAnalysis>) {
        let base = |past: &str, present: &str, c: Construction| VerbAnalysis {
            past_stem: past.to_string(),
            present_stem: present.to_string(),
            preverb: None,
            construction: c,
            tense: None,
            mood: Mood::Ind,
            form: VerbForm::Fin,
            negative: neg,
            imperfective: imperf,
            person: None,
            number: None,
        };
        // Present stem + ending: indicative with می, subjunctive with ب or bare.
        for (end, person, number) in PRESENT_ENDINGS {
            let Some(stem) = r.strip_suffix(end) else { continue };
            for stem in glide_alternatives(stem) {
                let mut verbs = self.by_present(stem);
                // Causatives missing from the stem list: می‌رنجاند → رنجاند (present + د).
                let causative;
                if verbs.is_empty() && imperf && stem.ends_with("ان") && stem.chars().count() >= 4 {
                    causative = format!("{stem}د");
                    verbs.push((causative.as_str(), stem));
                }
                for (past, present) in verbs {
                    let future = present == "خواه" && !imperf && !subj_b;
                    let (c, tense, mood) = if future {
                        (Construction::Future, Some(Tense::Fut), Mood::Ind)
                    } else if imperf {
                        (Construction::Present, Some(Tense::Pres), Mood::Ind)
                    } else if subj_b || !is_bare_present(present) {
                        (Construction::Subjunctive, None, Mood::Sub)
                    } else {
                        (Construction::Present, Some(Tense::Pres), Mood::Ind)
                    };
                    let mut a = base(past, present, c);
                    a.tense = tense;
                    a.mood = mood;
                    a.person = Some(person);
                    a.number = Some(number);
                    out.push(a.clone());
                    if !imperf && person == 2 && number == Number::Plur && !future {
                        a.construction = Construction::Imperative;
                        a.mood = Mood::Imp;
                        a.tense = Some(Tense::Pres);
                        out.push(a);
                    }
                }
            }
        }
        // Bare imperative singular: (ب|ن)? + present stem.
        if !imperf {
            for stem in [r] {
                for (past, present) in self.by_present(stem) {
                    if present == "خواه" && !subj_b {
                        continue;
                    }
                    let mut a = base(past, present, Construction::Imperative);
                    a.mood = Mood::Imp;
                    a.tense = Some(Tense::Pres);
                    a.person = Some(2);
                    a.number = Some(Number::Sing);
                    out.push(a);
                }
            }
        }
        if subj_b {
            return;
        }
        // Past stem + ending (simple or imperfective past).
        for (end, person, number) in PAST_ENDINGS {
            let Some(stem) = r.strip_suffix(end) else { continue };
            for (past, present) in self.by_past(stem) {
                let c = if imperf { Construction::ImperfectivePast } else { Construction::SimplePast };
                let mut a = base(past, present, c);
                a.tense = if imperf { None } else { Some(Tense::Past) };
                a.person = Some(person);
                a.number = Some(number);
                out.push(a);
            }
        }
        // Participle (+ clitic copula): کرده، کرده‌اند، کرده است.
        for (clitic, person, number) in PERFECT_CLITICS {
            let stem_h = if clitic.is_empty() {
                Some(r)
            } else {
                r.strip_suffix(clitic).map(|x| x.trim_end_matches([ZWNJ, ' ']))
            };
            let Some(stem_h) = stem_h else { continue };
            let Some(stem) = stem_h.strip_suffix('ه') else { continue };
            for (past, present) in self.by_past(stem) {
                let mut a = base(past, present, Construction::Participle);
                a.form = VerbForm::Part;
                a.tense = Some(Tense::Past);
                a.person = Some(person);
                a.number = Some(number);
                out.push(a);
            }
        }
        // Infinitive.
        if !imperf {
            if let Some(stem) = r.strip_suffix('ن') {
                for (past, present) in self.by_past(stem) {
                    let mut a = base(past, present, Construction::Infinitive);
                    a.form = VerbForm::Inf;
                    out.push(a);
                }
            }
        }
    }
}

/// Present stems used as indicative without `می` (`دارم`, `هستم`), not as subjunctive.
fn is_bare_present(present: &str) -> bool {
    matches!(present, "دار" | "خواه")
}

/// Undoes the `آ`/`ا` → `یا`/`ی` change after `ب`/`ن` (`بیاید` → `آید`, `نیفتاد` → `افتاد`).
fn stem_alternatives(rest: &str, after_b_or_n: bool) -> Vec<String> {
    let mut v = vec![rest.to_string()];
    if after_b_or_n {
        if let Some(r) = rest.strip_prefix("یا") {
            v.push(format!("آ{r}"));
            v.push(format!("ا{r}"));
        }
        if let Some(r) = rest.strip_prefix('ی') {
            v.push(format!("ا{r}"));
        }
    }
    v
}

/// A stem ending in `ا`/`و` may take a glide `ی` before endings (`آید`, `گوید`).
fn glide_alternatives(stem: &str) -> Vec<&str> {
    let mut v = vec![stem];
    if let Some(s) = stem.strip_suffix('ی') {
        if s.ends_with(['ا', 'آ', 'و']) {
            v.push(s);
        }
    }
    v
}

fn dedup(v: &mut Vec<VerbAnalysis>) {
    let mut seen: Vec<VerbAnalysis> = Vec::new();
    v.retain(|a| {
        if seen.contains(a) {
            false
        } else {
            seen.push(a.clone());
            true
        }
    });
}

/// Defective and copular verbs that do not follow the stem + ending pattern.
fn special(token: &str, out: &mut Vec<VerbAnalysis>) {
    let mk = |lemma: &str, c: Construction, neg: bool, pn: Option<(u8, Number)>| VerbAnalysis {
        past_stem: lemma.to_string(),
        present_stem: String::new(),
        preverb: None,
        construction: c,
        tense: None,
        mood: Mood::Ind,
        form: VerbForm::Fin,
        negative: neg,
        imperfective: false,
        person: pn.map(|x| x.0),
        number: pn.map(|x| x.1),
    };
    let copula_pn = |end: &str| -> Option<(u8, Number)> {
        PRESENT_ENDINGS
            .iter()
            .find(|(e, _, _)| *e == end)
            .map(|(_, p, n)| (*p, *n))
            .or(if end.is_empty() { Some((3, Number::Sing)) } else { None })
    };
    match token {
        "است" | "ست" => out.push(mk("است", Construction::Copula, false, Some((3, Number::Sing)))),
        "باید" | "بایست" | "بایستی" | "می‌بایست" | "می‌بایستی" => {
            out.push(mk("بایست", Construction::Modal, false, None))
        }
        "نباید" | "نبایستی" | "نمی‌بایست" => out.push(mk("بایست", Construction::Modal, true, None)),
        "می‌توان" => out.push(mk("توان", Construction::Modal, false, None)),
        "نمی‌توان" => out.push(mk("توان", Construction::Modal, true, None)),
        _ => {}
    }
    // هستم … هستند, نیستم … نیستند; `هست`/`نیست` are 3sg.
    for (stem, neg) in [("هست", false), ("نیست", true)] {
        if let Some(end) = token.strip_prefix(stem) {
            if end == "د" {
                continue;
            }
            if let Some(pn) = copula_pn(end) {
                out.push(mk("هست", Construction::Copula, neg, Some(pn)));
            }
        }
    }
    // Clitic copula written as its own word (`اند`, `ام`), as PerDT splits it.
    let clitic = match token {
        "ام" | "م" | "یم" => Some((1, Number::Sing)),
        "ای" | "یی" => Some((2, Number::Sing)),
        "ایم" | "ییم" => Some((1, Number::Plur)),
        "اید" | "یید" | "ید" => Some((2, Number::Plur)),
        "اند" | "ند" | "یند" => Some((3, Number::Plur)),
        _ => None,
    };
    if let Some(pn) = clitic {
        out.push(mk("هست", Construction::Copula, false, Some(pn)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> VerbTable {
        VerbTable::from_pairs([
            ("کرد", "کن"),
            ("آمد", "آ"),
            ("افتاد", "افت"),
            ("شد", "شو"),
            ("داد", "ده"),
            ("گفت", "گو"),
            ("رفت", "رو"),
            ("خواست", "خواه"),
            ("داشت", "دار"),
            ("چید", "چین"),
            ("گشت", "گرد"),
            ("بود", "باش"),
            ("بایست", "بای"),
            ("دید", "بین"),
            ("نوشت", "نویس"),
        ])
    }

    fn first(s: &str) -> VerbAnalysis {
        let v = table().analyze(s);
        assert!(!v.is_empty(), "no analysis for {s}");
        v[0].clone()
    }

    #[test]
    fn present_indicative() {
        let a = first("می‌کنند");
        assert_eq!((a.lemma(), a.present_stem.as_str()), ("کرد", "کن"));
        assert_eq!(a.construction, Construction::Present);
        assert_eq!(a.feats(), "Number=Plur|Person=3|Tense=Pres|Voice=Act");
        // Without ZWNJ or with a space.
        assert_eq!(first("میکنیم").lemma(), "کرد");
        assert_eq!(first("می کنید").lemma(), "کرد");
        assert_eq!(first("می‌نویسی").lemma(), "نوشت");
    }

    #[test]
    fn negation_and_glides() {
        let a = first("نمی‌گوید");
        assert!(a.negative && a.imperfective);
        assert_eq!(a.lemma(), "گفت");
        assert_eq!(first("می‌آید").lemma(), "آمد");
        assert_eq!(first("بیاید").lemma(), "آمد");
        assert_eq!(first("نیامدند").lemma(), "آمد");
        assert_eq!(first("نیفتاد").lemma(), "افتاد");
        assert!(first("نیفتاد").negative);
    }

    #[test]
    fn past_and_participles() {
        let a = first("رفتیم");
        assert_eq!((a.lemma(), a.construction), ("رفت", Construction::SimplePast));
        assert_eq!(a.feats(), "Number=Plur|Person=1|Tense=Past|Voice=Act");
        let p = first("کرده‌اند");
        assert_eq!((p.lemma(), p.form, p.person), ("کرد", VerbForm::Part, Some(3)));
        assert_eq!(p.feats(), "Number=Plur|Person=3|VerbForm=Part|Voice=Act");
        assert_eq!(first("داده").feats(), "Number=Sing|Person=3|Tense=Past|VerbForm=Part|Voice=Act");
        let imp = first("می‌شدند");
        assert_eq!((imp.lemma(), imp.construction), ("شد", Construction::ImperfectivePast));
    }

    #[test]
    fn subjunctive_imperative_future() {
        let s = first("بدهند");
        assert_eq!((s.lemma(), s.mood), ("داد", Mood::Sub));
        assert!(table().analyze("بکنید").iter().any(|a| a.mood == Mood::Imp));
        let i = first("بکن");
        assert_eq!((i.lemma(), i.mood), ("کرد", Mood::Imp));
        let f = first("نخواهند");
        assert_eq!((f.lemma(), f.construction, f.negative), ("خواست", Construction::Future, true));
        assert_eq!(f.feats(), "Number=Plur|Person=3|Polarity=Neg|Tense=Fut|VerbForm=Fin");
        let f2 = first("خواهد رفت");
        assert_eq!((f2.lemma(), f2.tense), ("رفت", Some(Tense::Fut)));
        // `می‌خواهد` is the present of «want», not a future.
        assert_eq!(first("می‌خواهد").construction, Construction::Present);
        // دارد is indicative without می.
        assert_eq!(first("دارد").feats(), "Number=Sing|Person=3|Tense=Pres|Voice=Act");
    }

    #[test]
    fn preverbs() {
        let a = first("برچیده");
        assert_eq!((a.lemma(), a.preverb.as_deref()), ("چید", Some("بر")));
        assert_eq!(first("برمی‌گردند").lemma(), "گشت");
        assert_eq!(first("بازگشته").lemma(), "گشت");
        assert_eq!(first("درنیامد").lemma(), "آمد");
    }

    #[test]
    fn special_forms() {
        assert_eq!(first("است").lemma(), "است");
        let n = first("نیستند");
        assert_eq!((n.lemma(), n.negative, n.person), ("هست", true, Some(3)));
        assert_eq!(first("هستیم").lemma(), "هست");
        assert_eq!(first("باید").lemma(), "بایست");
        assert!(first("نباید").negative);
        assert_eq!(first("می‌توان").lemma(), "توان");
        assert_eq!(first("باشیم").lemma(), "بود");
        assert_eq!(first("باشد").feats(), "Mood=Sub|Number=Sing|Person=3|Tense=Pres");
        assert_eq!(first("اند").lemma(), "هست");
    }

    #[test]
    fn causatives_and_glides() {
        assert_eq!(first("بیایند").lemma(), "آمد");
        assert_eq!(first("می‌لرزانند").lemma(), "لرزاند");
        assert!(table().analyze("لرزانند").is_empty());
    }

    #[test]
    fn non_verbs() {
        let t = table();
        for w in ["کتاب", "میز", "نه", "بند", "", "ن", "می"] {
            assert!(t.analyze(w).is_empty(), "{w}: {:?}", t.analyze(w));
        }
    }
}
