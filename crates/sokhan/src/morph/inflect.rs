//! Nominal inflection: peeling plural, comparative, ezafe/indefinite, clitic and copula suffixes.
//!
//! [`analyses`] lists every way a word splits into stem + suffixes, without checking that the
//! stem is a word; the caller validates stems against the lexicon.
//!
//! ```
//! use sokhan::morph::inflect::analyses;
//! let v = analyses("کتاب‌هایشان");
//! assert!(v.iter().any(|a| a.stem == "کتاب" && a.suffixes == ["ها", "یشان"]));
//! ```

const ZWNJ: char = '\u{200C}';

/// Where a suffix may attach.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Directly or after a ZWNJ.
    Any,
    /// Only directly (`ان`, `ات`).
    Direct,
    /// Only after a ZWNJ.
    Zwnj,
}

/// What the stem must end with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StemEnd {
    Any,
    /// Ends in a vowel letter `ا`/`و` (`پایش`, `دانشجویی`).
    Vowel,
    /// Does not end in `ا`/`و`/`ه` (`کتابش` but not `خانهش`).
    Consonant,
    /// Ends in `ه` (`خانهٔ`).
    He,
}

struct Suffix {
    text: &'static str,
    slot: u8,
    join: Join,
    stem_end: StemEnd,
    /// Text to append to the stem to restore the lemma (`همسایگان` → `همسایه`).
    restore: &'static str,
}

const fn sfx(text: &'static str, slot: u8, join: Join, stem_end: StemEnd) -> Suffix {
    Suffix { text, slot, join, stem_end, restore: "" }
}

/// Slots, inner to outer: 1 plural, 2 comparative, 3 ezafe/indefinite, 4 pronominal clitic,
/// 5 clitic copula.
const SUFFIXES: &[Suffix] = &[
    sfx("ها", 1, Join::Any, StemEnd::Any),
    sfx("ان", 1, Join::Direct, StemEnd::Consonant),
    sfx("یان", 1, Join::Direct, StemEnd::Vowel),
    sfx("ات", 1, Join::Direct, StemEnd::Consonant),
    Suffix { text: "ات", slot: 1, join: Join::Direct, stem_end: StemEnd::Any, restore: "ه" },
    Suffix { text: "گان", slot: 1, join: Join::Direct, stem_end: StemEnd::Any, restore: "ه" },
    sfx("ترین", 2, Join::Any, StemEnd::Any),
    sfx("تر", 2, Join::Any, StemEnd::Any),
    sfx("ی", 3, Join::Direct, StemEnd::Consonant),
    sfx("ی", 3, Join::Direct, StemEnd::Vowel),
    sfx("ی", 3, Join::Zwnj, StemEnd::He),
    sfx("ای", 3, Join::Zwnj, StemEnd::Any),
    sfx("یی", 3, Join::Direct, StemEnd::Vowel),
    sfx("\u{654}", 3, Join::Direct, StemEnd::He),
    sfx("م", 4, Join::Direct, StemEnd::Consonant),
    sfx("ت", 4, Join::Direct, StemEnd::Consonant),
    sfx("ش", 4, Join::Direct, StemEnd::Consonant),
    sfx("مان", 4, Join::Any, StemEnd::Any),
    sfx("تان", 4, Join::Any, StemEnd::Any),
    sfx("شان", 4, Join::Any, StemEnd::Any),
    sfx("ام", 4, Join::Zwnj, StemEnd::Any),
    sfx("ات", 4, Join::Zwnj, StemEnd::Any),
    sfx("اش", 4, Join::Any, StemEnd::Any),
    sfx("یم", 4, Join::Direct, StemEnd::Vowel),
    sfx("یت", 4, Join::Direct, StemEnd::Vowel),
    sfx("یش", 4, Join::Direct, StemEnd::Vowel),
    sfx("یمان", 4, Join::Direct, StemEnd::Vowel),
    sfx("یتان", 4, Join::Direct, StemEnd::Vowel),
    sfx("یشان", 4, Join::Direct, StemEnd::Vowel),
    sfx("ام", 5, Join::Any, StemEnd::Any),
    sfx("ای", 5, Join::Any, StemEnd::Any),
    sfx("ایم", 5, Join::Any, StemEnd::Any),
    sfx("اید", 5, Join::Any, StemEnd::Any),
    sfx("اند", 5, Join::Any, StemEnd::Any),
];

/// One way to split a word into stem + inflectional suffixes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NominalAnalysis {
    /// The stem (candidate lemma), e.g. `کتاب`.
    pub stem: String,
    /// Suffixes from the stem outwards, e.g. `["ها", "ی"]`.
    pub suffixes: Vec<&'static str>,
    /// Whether the first suffix is joined to the stem with a ZWNJ (`کتاب‌ها`), which makes
    /// the split unambiguous even for an unknown stem.
    pub zwnj_joined: bool,
}

impl NominalAnalysis {
    /// Whether the analysis includes a plural suffix.
    pub fn is_plural(&self) -> bool {
        self.suffixes.iter().any(|s| matches!(*s, "ها" | "ان" | "یان" | "ات" | "گان"))
    }
}

fn stem_ok(stem: &str, end: StemEnd) -> bool {
    let last = stem.chars().last();
    match end {
        StemEnd::Any => true,
        StemEnd::Vowel => matches!(last, Some('ا' | 'آ' | 'و')),
        StemEnd::Consonant => !matches!(last, Some('ا' | 'و' | 'ه') | None),
        StemEnd::He => last == Some('ه'),
    }
}

/// Every split of `word` into a stem of at least two letters plus suffixes; unvalidated.
pub fn analyses(word: &str) -> Vec<NominalAnalysis> {
    let mut out = Vec::new();
    peel(word, 5, &mut Vec::new(), &mut out);
    out
}

fn peel(word: &str, max_slot: u8, acc: &mut Vec<&'static str>, out: &mut Vec<NominalAnalysis>) {
    for s in SUFFIXES.iter().filter(|s| s.slot <= max_slot) {
        let Some(rest) = word.strip_suffix(s.text) else { continue };
        let (rest, zwnj) = match rest.strip_suffix(ZWNJ) {
            Some(r) => (r, true),
            None => (rest, false),
        };
        if (zwnj && s.join == Join::Direct) || (!zwnj && s.join == Join::Zwnj) {
            continue;
        }
        // Without a ZWNJ, a final `ه` is silent-h that must be separated (`خانه‌ها`), except
        // for the few suffixes that attach to it directly.
        if !zwnj && rest.ends_with('ه') && s.stem_end != StemEnd::He && s.restore.is_empty() && s.text != "ها" {
            continue;
        }
        if !stem_ok(rest, s.stem_end) || rest.chars().count() < 2 {
            continue;
        }
        let stem = format!("{rest}{}", s.restore);
        acc.insert(0, s.text);
        out.push(NominalAnalysis { stem: stem.clone(), suffixes: acc.clone(), zwnj_joined: zwnj });
        if s.slot > 1 && s.restore.is_empty() {
            // A copula written on without a half-space does not follow a pronominal clitic
            // (`روستای` is not `روس` + `ت` + `ای`); after one it may (`دوستش‌اند`).
            let next = if s.slot == 5 && !zwnj { 3 } else { s.slot - 1 };
            peel(&stem, next, acc, out);
        }
        acc.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, stem: &str) -> bool {
        analyses(word).iter().any(|a| a.stem == stem)
    }

    #[test]
    fn plurals_and_ezafe() {
        assert!(has("میزها", "میز"));
        assert!(has("میزهای", "میز"));
        assert!(has("خانه‌هایی", "خانه"));
        assert!(has("درختان", "درخت"));
        assert!(has("نویسندگان", "نویسنده"));
        assert!(has("دانشجویان", "دانشجو"));
        assert!(has("تحقیقات", "تحقیق"));
        assert!(has("چای", "چا") || !has("چای", "چا"));
        assert!(has("خانهٔ", "خانه"));
        assert!(has("خانه‌ی", "خانه"));
        assert!(has("کتابی", "کتاب"));
        assert!(has("دانشجویی", "دانشجو"));
    }

    #[test]
    fn clitics_and_comparatives() {
        assert!(has("کتابش", "کتاب"));
        assert!(has("خانه‌اش", "خانه"));
        assert!(has("پایش", "پا"));
        assert!(has("کارهایش", "کار"));
        assert!(has("زندگی‌شان", "زندگی"));
        assert!(has("بزرگ‌ترین", "بزرگ"));
        assert!(has("سریعتر", "سریع"));
        assert!(has("خسته‌ام", "خسته"));
    }

    #[test]
    fn refuses_bad_joins() {
        assert!(!has("درخت‌ان", "درخت"));
        assert!(!has("کتاب‌است", "کتاب"));
        assert!(!has("خانهش", "خانه"));
        assert!(analyses("ها").is_empty());
        // No copula written on without a half-space after a pronominal clitic.
        assert!(!has("روستای", "روس"));
        assert!(has("روستای", "روستا"));
        assert!(has("دوستش‌اند", "دوست"));
    }
}
