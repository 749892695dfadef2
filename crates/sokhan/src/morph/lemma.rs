//! Lemmatization following the PerDT conventions.
//!
//! Verbs map to their past stem (`می‌کنم` → `کرد`, `باشد` → `بود`, `است` → `است`), nouns and
//! adjectives lose plural, comparative, ezafe/indefinite and clitic suffixes (`کارهایش` → `کار`),
//! clitic pronouns map to the free pronoun (`ش` → `او`), and anything else stays as it is.
//!
//! Without a part-of-speech hint the choice is made, in order, by: the form → lemma table learned
//! from the training treebank, the closed-class clitics, the verb conjugation analyser, suffix
//! stripping validated by the lexicon, and finally identity. With a hint (a UD tag), readings of
//! other parts of speech are set aside.
//!
//! ```
//! use sokhan::morph::{Lemmatizer, Lexicon};
//! let lex = Lexicon::from_entries([("کتاب", 100, "N"), ("کرده", 3, "AJ")], [("کرد", "کن")]);
//! let l = Lemmatizer::new(&lex);
//! assert_eq!(l.lemmatize("کتاب‌هایش", None), "کتاب");
//! assert_eq!(l.lemmatize("می‌کنیم", None), "کرد");
//! assert_eq!(l.lemmatize("کرده", Some("VERB")), "کرد");
//! assert_eq!(l.lemmatize("کرده", Some("ADJ")), "کرده");
//! ```

use super::broken;
use super::inflect::{self, NominalAnalysis};
use super::verb::{Construction, VerbAnalysis};
use super::Lexicon;

const ZWNJ: char = '\u{200C}';
/// Corpus frequency a broken plural's singular needs in the word list when the treebank does
/// not use it as a lemma (the list has rare and misspelt entries).
const MIN_FREQ: u64 = 1000;

/// A lemmatizer over a [`Lexicon`].
#[derive(Clone, Copy, Debug)]
pub struct Lemmatizer<'a> {
    lexicon: &'a Lexicon,
}

/// Lemma of a clitic pronoun written as its own syntactic word (PerDT splits `کتابش` into
/// `کتاب` + `ش`).
pub fn clitic_pronoun_lemma(w: &str) -> Option<&'static str> {
    Some(match w {
        "ش" | "اش" | "یش" => "او",
        "م" | "ام" | "یم" => "من",
        "ت" | "ات" | "یت" => "تو",
        "مان" | "یمان" | "امان" => "ما",
        "تان" | "یتان" | "اتان" => "شما",
        "شان" | "یشان" | "اشان" => "آنها",
        _ => return None,
    })
}

fn is_verbal(upos: &str) -> bool {
    matches!(upos, "VERB" | "AUX")
}

/// Parts of speech that never inflect: a hint with one of them means identity.
fn is_invariable(upos: &str) -> bool {
    matches!(upos, "ADP" | "CCONJ" | "SCONJ" | "PUNCT" | "SYM" | "INTJ" | "PART")
}

/// Tags that may share lemmas in the table when the exact tag is absent.
fn related(a: &str, b: &str) -> bool {
    a == b
        || (is_verbal(a) && is_verbal(b))
        || (matches!(a, "NOUN" | "PROPN") && matches!(b, "NOUN" | "PROPN"))
        || (matches!(a, "NOUN" | "ADJ") && matches!(b, "NOUN" | "ADJ"))
}

/// Light clean-up so the lemmatizer is robust to un-normalized input (also used when building
/// the lexicon, so both sides agree).
pub(crate) fn clean(norm: &str) -> String {
    norm.trim()
        .trim_matches(ZWNJ)
        .chars()
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            c => c,
        })
        .collect::<String>()
        .replace('ۀ', "ه\u{654}")
}

impl<'a> Lemmatizer<'a> {
    /// A lemmatizer over `lexicon`.
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Lemmatizer { lexicon }
    }

    /// The embedded lexicon's lemmatizer.
    pub fn embedded() -> Lemmatizer<'static> {
        Lemmatizer::new(Lexicon::embedded())
    }

    /// Lemma of the normalized word `norm`; `upos` is an optional UD tag hint.
    pub fn lemmatize(&self, norm: &str, upos: Option<&str>) -> String {
        let upos = upos.map(str::trim).filter(|u| !u.is_empty() && *u != "_");
        let w = clean(norm);
        if w.is_empty() {
            return norm.to_string();
        }
        if let Some(l) = self.table_lemma(&w, upos) {
            return l;
        }
        // Ezafe hamza (`خانهٔ`): the table may know the bare form.
        if let Some(bare) = w.strip_suffix('\u{654}') {
            if let Some(l) = self.table_lemma(bare, upos) {
                return l;
            }
        }
        match upos {
            Some(u) if is_invariable(u) => return w,
            Some("PRON") | None => {
                if let Some(l) = clitic_pronoun_lemma(&w) {
                    return l.to_string();
                }
            }
            _ => {}
        }
        let verbal_hint = upos.is_some_and(is_verbal);
        if upos.is_none() || verbal_hint {
            if let Some(a) = self.best_verb(&w, verbal_hint) {
                return a.lemma().to_string();
            }
        }
        if !verbal_hint {
            let broken_ok = upos != Some("PROPN");
            let bare = w.strip_suffix('\u{654}').unwrap_or(&w);
            // A listed plural is read as a broken plural before any suffix is peeled off
            // (`حکام` → `حاکم`, not `حک` + `ام`), except a word in `ات`, more often a regular
            // plural (`غلات` → `غله`), which is tried after.
            let in_at = w.ends_with("ات");
            if broken_ok && !in_at {
                if let Some(s) = self.broken_singular(bare) {
                    return s;
                }
            }
            if let Some(stem) = self.best_nominal(&w, upos) {
                // `نقاطی` → `نقاط` → `نقطه`, but not an adjective (`عشایری`).
                if broken_ok && upos != Some("ADJ") {
                    if let Some(s) = self.broken_singular(&stem) {
                        return s;
                    }
                }
                return stem;
            }
            if broken_ok {
                let broken = if in_at { self.broken_singular(bare) } else { None };
                if let Some(s) = broken.or_else(|| self.participle_plural(bare)) {
                    return s;
                }
            }
        }
        // PerDT lemmas never carry the ezafe hamza.
        match w.strip_suffix('\u{654}') {
            Some(bare) if !bare.is_empty() => bare.to_string(),
            _ => w,
        }
    }

    fn table_lemma(&self, w: &str, upos: Option<&str>) -> Option<String> {
        let cands = self.lexicon.lemma_candidates(w);
        match upos {
            None => cands.first().map(|c| c.lemma.clone()),
            Some(u) => cands
                .iter()
                .find(|c| c.upos == u)
                .or_else(|| cands.iter().find(|c| related(&c.upos, u)))
                .map(|c| c.lemma.clone()),
        }
    }

    /// The verb reading to use, if the word should be read as a verb at all.
    fn best_verb(&self, w: &str, hinted: bool) -> Option<VerbAnalysis> {
        let mut v = self.lexicon.verb_analyses(w);
        // The modal `بایست` does not inflect for person: `بایستند`, `بایستید` are `ایستاد`
        // (subjunctive, imperative) when the analyser also reads them so.
        if v.iter().any(|a| a.lemma() != "بایست") {
            v.retain(|a| a.lemma() != "بایست" || a.person.is_none() || (a.person == Some(3) && a.number == Some(super::verb::Number::Sing)));
        }
        if v.is_empty() {
            return None;
        }
        // Prefer lemmas the treebank attests; keep the analyser's order otherwise.
        v.sort_by_key(|a| std::cmp::Reverse(self.lexicon.lemma_count(a.lemma()).min(1)));
        let a = v.into_iter().next()?;
        if hinted {
            return Some(a);
        }
        // Without a hint, accept readings a noun or adjective could not have.
        let marked = a.imperfective
            || a.negative
            || a.preverb.is_some()
            || matches!(
                a.construction,
                Construction::Future | Construction::Copula | Construction::Modal
            )
            || (a.construction == Construction::Participle && a.person.is_some() && w.contains(ZWNJ))
            || a.mood != super::verb::Mood::Ind
            || a.construction == Construction::SimplePast
            || a.construction == Construction::Present;
        let ev = self.lexicon.evidence(w);
        if ev.verb {
            return Some(a);
        }
        let lexical_weight = self.lexicon.freq(w).unwrap_or(0);
        let nominal = ev.non_verb || (!self.lexicon.tags(w).is_empty() && lexical_weight > 0);
        if marked && !nominal {
            return Some(a);
        }
        // Bare participles the table has not seen are mostly verbs in PerDT (`کرده` → `کرد`).
        if a.construction == Construction::Participle {
            return Some(a);
        }
        None
    }

    /// The singular of a broken plural (`سواحل` → `ساحل`): only for a form the word list tags
    /// as a plural and the treebank does not use as a lemma, and only a singular the treebank
    /// uses as a lemma or the word list attests ([`MIN_FREQ`]) and does not tag as a plural:
    /// from the most specific pattern that yields one, a treebank lemma first, then the most
    /// frequent.
    fn broken_singular(&self, w: &str) -> Option<String> {
        let lex = self.lexicon;
        let plural = lex.tags(w).contains("PL");
        // `کرات`, `سمات`: four letters in `ات` are a regular plural, not `فعال` (`کارت`); but
        // `آفات` → `آفت`.
        let short_at = w.ends_with("ات") && w.chars().count() <= 4 && !w.starts_with('آ');
        if !plural || lex.lemma_count(w) > 0 || short_at {
            return None;
        }
        broken::candidates(w)
            .into_iter()
            .enumerate()
            .flat_map(|(g, group)| group.into_iter().map(move |s| (g, s)))
            .filter(|(_, s)| (lex.lemma_count(s) > 0 || lex.freq(s).unwrap_or(0) >= MIN_FREQ) && !lex.tags(s).contains("PL"))
            .max_by_key(|(g, s)| (std::cmp::Reverse(*g), lex.lemma_count(s).min(1), lex.freq(s).unwrap_or(0)))
            .map(|(_, s)| s)
    }

    /// The singular of an Arabic participle's plural in `ین` (`مسئولین` → `مسئول`, `مجاهدین` →
    /// `مجاهد`): a stem of four letters or more in `م` that the word list attests, in a form
    /// the tagged corpus does not read as bare, the word list does not tag as an adjective and
    /// the treebank does not use as a lemma (`ماشین`, `مبین` have shorter stems).
    fn participle_plural(&self, w: &str) -> Option<String> {
        let lex = self.lexicon;
        let stem = w.strip_suffix("ین")?;
        // `مرمرین`, `مخملین`: adjectives of material, which the word list tags `AJ`.
        if !stem.starts_with('م') || stem.chars().count() < 4 || lex.evidence(w).bare || lex.lemma_count(w) > 0 || lex.tags(w).contains("AJ") {
            return None;
        }
        (lex.lemma_count(stem) > 0 || lex.freq(stem).unwrap_or(0) > 0).then(|| stem.to_string())
    }

    /// The stem after suffix stripping, if a stripped reading beats the word itself.
    fn best_nominal(&self, w: &str, upos: Option<&str>) -> Option<String> {
        let lex = self.lexicon;
        let ev = lex.evidence(w);
        let attested = |s: &str| lex.freq(s).unwrap_or(0) > 0 || lex.lemma_count(s) > 0;
        let listed = lex.contains(w);
        let candidates: Vec<NominalAnalysis> = inflect::analyses(w)
            .into_iter()
            .filter(|a| {
                attested(&a.stem)
                    // `رستوران‌ها`: a ZWNJ-joined plural or comparative splits unambiguously.
                    || (a.zwnj_joined && matches!(a.suffixes[0], "ها" | "تر" | "ترین"))
                    // `دندانپزشکان`: a listed stem and a form the word list lacks.
                    || (!listed && a.is_plural() && lex.contains(&a.stem))
            })
            .collect();
        let best = candidates.into_iter().max_by_key(|a| {
            (
                attested(&a.stem) as u8,
                lex.lemma_count(&a.stem).min(1),
                // `ات` after a silent `ه` that the plural drops: `حملات` → `حمله`, not `حمل`.
                (a.suffixes[0] == "ات" && a.stem.ends_with('ه')) as u8,
                a.suffixes.len(),
                lex.freq(&a.stem).unwrap_or(0),
            )
        })?;
        // Ezafe `ی` after a vowel (`ادعای`, `سینمای`) is written, so corpora tag the form as a
        // bare noun with ezafe; it still strips.
        let vowel_ezafe = best.suffixes == ["ی"] && matches!(best.stem.chars().last(), Some('ا' | 'و'));
        if ev.bare && !vowel_ezafe && !best.zwnj_joined {
            return None;
        }
        // A name keeps a final `ی` after a consonant and `ان`/`ات` (`تهرانی`, `نجفیان`,
        // `ایالات`): PerDT's training part writes the form as the lemma for 273 of the 281
        // names so ending.
        let name_ending = !vowel_ezafe && matches!(best.suffixes[0], "ی" | "ان" | "یان" | "ات" | "گان");
        if upos == Some("PROPN") && name_ending && !best.zwnj_joined {
            return None;
        }
        let whole_is_lemma = !ev.inflected && (lex.freq(w).unwrap_or(0) > 0 || lex.lemma_count(w) > 0);
        // A listed word in -ان/-ات (`میزان`, `واردات`) is more often a word than a plural;
        // `ها` plurals are reliable, and so is `ات` on a noun the treebank uses as a lemma in a
        // form the tagged corpus does not mostly read either way (`تنظیمات` → `تنظیم`; PerDT's
        // training part lemmatizes two thirds of its -ات forms to the singular).
        let unattested = !ev.bare && !ev.inflected;
        let reliable_plural = best.suffixes.first().is_some_and(|s| *s == "ها")
            || (unattested
                && best.suffixes == ["ات"]
                && upos != Some("ADJ")
                && lex.lemma_count(&best.stem) > 0
                && lex.tags(&best.stem).contains("N"));
        if whole_is_lemma && !reliable_plural && !vowel_ezafe {
            return None;
        }
        Some(best.stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each `(form, hint, lemma)` with the embedded lexicon.
    fn check_embedded(cases: &[(&str, Option<&str>, &str)]) {
        let l = Lemmatizer::embedded();
        for &(form, upos, want) in cases {
            assert_eq!(l.lemmatize(form, upos), want, "{form} {upos:?}");
        }
    }

    fn lex() -> Lexicon {
        Lexicon::from_entries(
            [
                ("کتاب", 900, "N"),
                ("کار", 800, "N"),
                ("جا", 700, "N"),
                ("غذا", 300, "N"),
                ("ترکمن", 20, "N,AJ"),
                ("کرده", 5, "AJ"),
                ("رفت", 50, "N"),
                ("بزرگ", 600, "AJ"),
                ("صنعتی", 100, "AJ"),
                ("صنعت", 300, "N"),
            ],
            [("کرد", "کن"), ("رفت", "رو"), ("خواست", "خواه"), ("بود", "باش"), ("آمد", "آ")],
        )
    }

    #[test]
    fn verbs_to_past_stem() {
        let lex = lex();
        let l = Lemmatizer::new(&lex);
        assert_eq!(l.lemmatize("می‌کنم", None), "کرد");
        assert_eq!(l.lemmatize("نخواهم", None), "خواست");
        assert_eq!(l.lemmatize("است", None), "است");
        assert_eq!(l.lemmatize("باشد", None), "بود");
        assert_eq!(l.lemmatize("بیایند", None), "آمد");
        assert_eq!(l.lemmatize("رفتند", None), "رفت");
    }

    #[test]
    fn nouns_lose_suffixes() {
        let lex = lex();
        let l = Lemmatizer::new(&lex);
        assert_eq!(l.lemmatize("کارهایش", None), "کار");
        assert_eq!(l.lemmatize("جایی", None), "جا");
        assert_eq!(l.lemmatize("غذاهای", None), "غذا");
        assert_eq!(l.lemmatize("ترکمن‌ها", None), "ترکمن");
        assert_eq!(l.lemmatize("کتاب‌ها", None), "کتاب");
        assert_eq!(l.lemmatize("بزرگ‌ترین", None), "بزرگ");
        assert_eq!(l.lemmatize("مدرسهٔ", None), "مدرسه");
        // A known adjective in -ی stays.
        assert_eq!(l.lemmatize("صنعتی", None), "صنعتی");
        assert_eq!(l.lemmatize("ناشناخته", None), "ناشناخته");
    }

    #[test]
    fn clitics() {
        let lex = lex();
        let l = Lemmatizer::new(&lex);
        assert_eq!(l.lemmatize("ش", None), "او");
        assert_eq!(l.lemmatize("شان", Some("PRON")), "آنها");
        assert_eq!(l.lemmatize("ست", None), "است");
        assert_eq!(l.lemmatize("اند", Some("VERB")), "هست");
    }

    #[test]
    fn hint_changes_choice() {
        let lex = lex();
        let l = Lemmatizer::new(&lex);
        assert_eq!(l.lemmatize("کرده", Some("VERB")), "کرد");
        assert_eq!(l.lemmatize("کرده", Some("NOUN")), "کرده");
        assert_eq!(l.lemmatize("کرده", Some("ADJ")), "کرده");
        assert_eq!(l.lemmatize("رفت", Some("VERB")), "رفت");
        assert_eq!(l.lemmatize("رفت", Some("NOUN")), "رفت");
        assert_eq!(l.lemmatize("کتاب‌ها", Some("ADP")), "کتاب‌ها");
        assert_eq!(l.lemmatize("", None), "");
    }

    #[test]
    fn embedded_follows_perdt_conventions() {
        let cases = [
            ("می‌کنم", None, "کرد"),
            ("نخواهم", None, "خواست"),
            ("است", None, "است"),
            ("باشد", None, "بود"),
            ("می‌آید", None, "آمد"),
            ("نیامد", None, "آمد"),
            ("برچیده", Some("VERB"), "چید"),
            ("کارهایش", None, "کار"),
            ("جایی", None, "جا"),
            ("غذاهای", None, "غذا"),
            ("ترکمن‌ها", None, "ترکمن"),
            ("کتاب‌ها", None, "کتاب"),
            ("ش", None, "او"),
            ("م", Some("PRON"), "من"),
            ("م", Some("VERB"), "هست"),
            ("شان", None, "آنها"),
            ("ست", None, "است"),
            ("کرده", Some("VERB"), "کرد"),
            ("کرده", Some("ADJ"), "کرده"),
            ("رفت", Some("VERB"), "رفت"),
            ("رفت", Some("NOUN"), "رفت"),
            ("مدرسهٔ", None, "مدرسه"),
            ("دانشگاه", None, "دانشگاه"),
        ];
        check_embedded(&cases);
    }

    #[test]
    fn broken_plurals_to_the_singular() {
        let cases = [
            ("سواحل", None, "ساحل"),
            ("بنادر", None, "بندر"),
            ("دفاتر", Some("NOUN"), "دفتر"),
            ("تصاویری", None, "تصویر"),
            ("آفات", None, "آفت"),
            ("ذخایر", None, "ذخیره"),
            ("حکام", None, "حاکم"),
            ("خدام", None, "خادم"),
            ("قبایل", None, "قبیله"),
            ("مرمرین", None, "مرمرین"),
            ("دروس", None, "درس"),
            ("حملات", None, "حمله"),
            ("غلات", None, "غله"),
            ("اموال", None, "مال"),
            ("متخصصین", None, "متخصص"),
            ("ماشین", None, "ماشین"),
            ("ادوار", None, "دور"),
            // A name keeps its form.
            ("بنادر", Some("PROPN"), "بنادر"),
            // Shaped like a plural, but the word list does not call it one.
            ("اسهال", None, "اسهال"),
            ("قصور", None, "قصور"),
            ("اساس", None, "اساس"),
            // A regular plural in `ات` (not `فعال` → `کارت`), and an adjective in `اتی`.
            ("کرات", None, "کرات"),
            ("انتخاباتی", Some("ADJ"), "انتخاباتی"),
        ];
        check_embedded(&cases);
    }

    #[test]
    fn names_modals_and_clitics() {
        let cases = [
            // A name keeps a final `ی`/`ان`; the ezafe after a vowel still goes.
            ("هرمزی", Some("PROPN"), "هرمزی"),
            ("دنیای", Some("PROPN"), "دنیا"),
            // The modal takes no person ending; `بایستند` is "that they stand".
            ("بایستند", None, "ایستاد"),
            ("بایست", Some("VERB"), "بایست"),
            // A clitic before a copula written with a half-space.
            ("دوستش‌اند", None, "دوست"),
            // A word that is only the ezafe hamza keeps it.
            ("\u{654}", None, "\u{654}"),
        ];
        check_embedded(&cases);
    }
}
