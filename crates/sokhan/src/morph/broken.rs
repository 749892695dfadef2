//! Arabic broken plurals (`سواحل` → `ساحل`, `مفاهیم` → `مفهوم`, `اطراف` → `طرف`).
//!
//! Persian borrows many Arabic nouns with their internal ("broken") plurals, which no suffix
//! stripping can undo. [`candidates`] lists the singulars the common plural patterns allow, most
//! specific pattern first; the caller keeps those the lexicon knows. PerDT lemmatizes most of
//! these plurals to the singular (`افراد` → `فرد`, `مسائل` → `مسئله` in its training part).
//!
//! ```
//! use sokhan::morph::broken::candidates;
//! let c = candidates("سواحل");
//! assert!(c.iter().any(|group| group.iter().any(|s| s == "ساحل")));
//! ```

/// A plural pattern and the singulars it may come from. In a pattern an ASCII digit is one
/// letter, captured; `?` is `ی` or `ئ`; any other character stands for itself. In a singular a
/// digit is the captured letter.
struct Pattern {
    plural: &'static str,
    singulars: &'static [&'static str],
    /// Patterns of equal rank give one group of candidates (the hollow `افعال` competes with
    /// the plain one on an equal footing: `اموال` → `مال`, `ادوار` → `دور`).
    rank: u8,
    /// Whether the singulars are tried in their order (each a group of its own) rather than
    /// weighed against each other: `قبایل` → `قبیله`, not the more frequent `قبله`.
    ordered: bool,
}

/// Most specific first: the lemmatizer takes the first group with a known singular.
const PATTERNS: &[Pattern] = &[
    // اَفاعیل: احادیث → حدیث, اقالیم → اقلیم
    Pattern { plural: "ا1ا2ی3", singulars: &["12ی3", "12ی3ه"], rank: 0, ordered: false },
    // مَفاعیل: مفاهیم → مفهوم, تصاویر → تصویر, اساتید → استاد
    Pattern { plural: "12ا3ی4", singulars: &["123و4", "123ی4", "123ا4", "123ی4ه"], rank: 1, ordered: false },
    // اَفعال: اطراف → طرف, اسناد → سند, ابیات → بیت
    Pattern { plural: "ا12ا3", singulars: &["123"], rank: 2, ordered: false },
    // hollow اَفعال (one group with the plain one): اموال → مال, ابواب → باب
    Pattern { plural: "ا1وا2", singulars: &["1ا2"], rank: 2, ordered: false },
    // آفعال with a hamza first letter: آثار → اثر
    // (a word of its own first: `آفات` → `آفت`)
    Pattern { plural: "آ1ا2", singulars: &["آ12"], rank: 3, ordered: false },
    Pattern { plural: "آ1ا2", singulars: &["ا12"], rank: 4, ordered: false },
    // فَواعِل: سواحل → ساحل, حوادث → حادثه, عوامل → عامل
    Pattern { plural: "1وا23", singulars: &["1ا23", "1ا23ه", "1ا23ت"], rank: 5, ordered: false },
    // فَعائِل: دلایل → دلیل, نتایج → نتیجه, مسائل → مسئله, صنایع → صنعت
    Pattern { plural: "12ا?3", singulars: &["12ی3ه", "12ی3ت", "12ی3", "12ئ3ه", "12أ3ه", "12ا3ه", "12ا3ت", "123ت", "123ه"], rank: 6, ordered: true },
    // مَفاعِل: مراکز → مرکز, مناطق → منطقه, ممالک → مملکت
    Pattern { plural: "12ا34", singulars: &["1234", "1234ه", "1234ت"], rank: 7, ordered: false },
    // فَعالیا: قضایا → قضیه, رعایا → رعیت
    Pattern { plural: "12ایا", singulars: &["12یه", "12یت"], rank: 8, ordered: false },
    // فَواعّ: مواد → ماده
    Pattern { plural: "1وا2", singulars: &["1ا2ه", "1ا2"], rank: 9, ordered: false },
    // فُعول: امور → امر, متون → متن, حقوق → حق
    Pattern { plural: "12و3", singulars: &["123", "12"], rank: 10, ordered: false },
    // فُعَلاء: علما → عالم, وزرا → وزیر
    Pattern { plural: "123ا", singulars: &["1ا23", "12ی3"], rank: 11, ordered: false },
    // فُعّال, plural of an agent فاعل: عشاق → عاشق, حکام → حاکم
    Pattern { plural: "12ا3", singulars: &["1ا23"], rank: 12, ordered: false },
    // فِعال: نقاط → نقطه
    Pattern { plural: "12ا3", singulars: &["123ه", "123ت", "123"], rank: 13, ordered: false },
];

/// Captured letters of `word` under `pattern`, if it matches.
fn capture(pattern: &str, word: &str) -> Option<[char; 4]> {
    let mut caps = ['\0'; 4];
    let mut w = word.chars();
    for (i, p) in pattern.chars().enumerate() {
        let c = w.next()?;
        match p {
            '1'..='4' => {
                // A letter slot is a letter, not a mark; `ا` only as the first letter, where it
                // writes a hamza (`امور` → `امر`).
                if c == '\u{200C}' || c == 'آ' || (c == 'ا' && i > 0) || matches!(c, '\u{64B}'..='\u{65F}' | '\u{670}') {
                    return None;
                }
                caps[p as usize - '1' as usize] = c;
            }
            '?' => {
                if c != 'ی' && c != 'ئ' {
                    return None;
                }
            }
            _ => {
                if c != p {
                    return None;
                }
            }
        }
    }
    w.next().is_none().then_some(caps)
}

/// A singular that leaves out a captured letter is a doubled root written once (`حقوق` →
/// `حق`): the letter left out must repeat the one before it.
fn doubled_ok(plural: &str, singular: &str, caps: &[char; 4]) -> bool {
    plural.chars().filter(|c| matches!(c, '1'..='4')).all(|d| {
        let k = d as usize - '1' as usize;
        singular.contains(d) || (k > 0 && caps[k] == caps[k - 1])
    })
}

fn fill(template: &str, caps: &[char; 4]) -> String {
    template
        .chars()
        .map(|t| match t {
            '1'..='4' => caps[t as usize - '1' as usize],
            _ => t,
        })
        .collect()
}

/// The singulars each matching pattern allows for `word`, one group per pattern, most specific
/// pattern first. Nothing checks that they are words.
pub fn candidates(word: &str) -> Vec<Vec<String>> {
    let mut out: Vec<(u8, Vec<String>)> = Vec::new();
    for p in PATTERNS {
        let Some(caps) = capture(p.plural, word) else { continue };
        let group = p.singulars.iter().filter(|s| doubled_ok(p.plural, s, &caps)).map(|s| fill(s, &caps)).filter(|s| s != word);
        if p.ordered {
            out.extend(group.map(|s| (p.rank, vec![s])));
            continue;
        }
        match out.last_mut() {
            Some((rank, g)) if *rank == p.rank => g.extend(group),
            _ => out.push((p.rank, group.collect())),
        }
    }
    out.into_iter().map(|(_, g)| g).filter(|g| !g.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, singular: &str) -> bool {
        candidates(word).iter().flatten().any(|s| s == singular)
    }

    #[test]
    fn common_patterns() {
        assert!(has("سواحل", "ساحل"));
        assert!(has("امواج", "موج"));
        assert!(has("تصاویر", "تصویر"));
        assert!(has("غرایز", "غریزه"));
        assert!(has("ممالک", "مملکت"));
        assert!(has("رعایا", "رعیت"));
        assert!(has("علما", "عالم"));
        assert!(has("مسائل", "مسئله"));
        assert!(has("حقوق", "حق"));
        assert!(has("آثار", "اثر"));
        assert!(has("مواد", "ماده"));
        assert!(has("امور", "امر"));
    }

    #[test]
    fn no_match_no_candidates() {
        assert!(candidates("کتاب‌ها").is_empty());
        assert!(candidates("").is_empty());
        assert!(candidates("دانشگاه").is_empty());
        // `ا` inside the word is a long vowel, never a letter slot: `مراکز` has no `ماکز`-like
        // reading with `ا` as its second letter.
        assert!(candidates("مراکز").iter().flatten().all(|s| !s.contains("اک")));
        // A letter left out must double the one before it: `حقوق` → `حق`, but not `دروس` → `در`.
        assert!(has("حقوق", "حق"));
        assert!(has("دروس", "درس") && !has("دروس", "در"));
    }
}
