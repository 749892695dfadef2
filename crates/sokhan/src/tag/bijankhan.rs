//! The Bijankhan corpus tagset and its mapping to Universal POS tags.
//!
//! Bijankhan tags are underscore-joined, most specific last: `N_SING_COM_GEN` (singular common
//! noun with ezafe), `V_PA_SIM_POS_3`, `PRO_DEF_NR_NIS_3`, `ADJ_INO`, `DELM`. The `_GEN`
//! component marks the ezafe (`کتابِ`), which is kept as a separate yes/no fact.
//!
//! ```
//! use sokhan::tag::bijankhan;
//! assert_eq!(bijankhan::upos("N_SING_COM_GEN"), "NOUN");
//! assert_eq!(bijankhan::upos("N_SING_LOC_PR"), "PROPN");
//! assert_eq!(bijankhan::upos("V_PRE_SIM"), "AUX");
//! assert!(bijankhan::has_ezafe("ADJ_SIM_GEN"));
//! assert_eq!(bijankhan::without_ezafe("N_PL_COM_GEN"), "N_PL_COM");
//! ```

use crate::Normalizer;

/// Whether the tag marks an ezafe (a `GEN` component).
pub fn has_ezafe(tag: &str) -> bool {
    tag.split('_').any(|p| p == "GEN")
}

/// The tag without its `GEN` (ezafe) component.
pub fn without_ezafe(tag: &str) -> String {
    if !has_ezafe(tag) {
        return tag.to_string();
    }
    tag.split('_').filter(|p| *p != "GEN").collect::<Vec<_>>().join("_")
}

/// The tag reduced to its main distinctions (what the tagger's auxiliary pass predicts):
/// category and subcategory (`N_SING`, `ADJ_SIM`, `P_GENR`), proper-name and cardinal marks
/// of nouns (`N_SING_PR`, `N_SING_CN`), the tense/type of verbs (`V_PA_SIM`, `V_AUX_NIN`,
/// `V_PRE_SIM` for the copula), and `_GEN` last when the tag has an ezafe.
///
/// ```
/// use sokhan::tag::bijankhan::coarse;
/// assert_eq!(coarse("N_SING_COM_GEN"), "N_SING_GEN");
/// assert_eq!(coarse("N_SING_LOC_PR"), "N_SING_PR");
/// assert_eq!(coarse("V_PA_SIM_POS_3"), "V_PA_SIM");
/// assert_eq!(coarse("PRO_DEF_NR_NIS_1_GEN"), "PRO_DEF_GEN");
/// ```
pub fn coarse(tag: &str) -> String {
    let parts: Vec<&str> = tag.split('_').filter(|p| *p != "GEN").collect();
    let mut base: Vec<&str> = parts.iter().take(2).copied().collect();
    match parts.first().copied() {
        Some("N") => base.extend(parts.iter().skip(2).filter(|p| matches!(**p, "PR" | "SURN" | "CN"))),
        Some("V") if matches!(parts.get(1).copied(), Some("AUX" | "PRE" | "PA")) => base.extend(parts.get(2)),
        _ => {}
    }
    let mut out = base.join("_");
    if has_ezafe(tag) {
        out.push_str("_GEN");
    }
    out
}

/// The Universal POS tag closest to a Bijankhan tag (`X` for unknown or foreign material).
///
/// Choices where the two schemes disagree: participial adjectives (`ADJ_INO` `شده`, `ADJ_PINO`
/// `می‌شده`) are `VERB`, as PerDT tags participles; the copula `است` (`V_PRE_SIM`) and every
/// `V_AUX` are `AUX`; cardinal numbers (`N_SING_CN`, `N_PL_CN`) are `NUM`; infinitives
/// (`N_SING_NFL`) stay `NOUN`; quantifiers (`QUA`) and specifiers (`SPEC`) are `DET`;
/// `MQUA` (`تقریبا`) is `ADV`; `آیا` (`CON_OSC`) is `PART`; conditionals (`IF`), relative and
/// subordinating conjunctions are `SCONJ`; coordinators (`CON_GMC`, `CON_GCOR`, `CON_COR`,
/// `CON_DCOR`, plain `CON`) are `CCONJ`; `CON_COMP` (`جز`) and `PP` (`بدان`) are `ADP`.
pub fn upos(tag: &str) -> &'static str {
    let parts: Vec<&str> = tag.split('_').filter(|p| *p != "GEN").collect();
    let first = parts.first().copied().unwrap_or("");
    let has = |p: &str| parts.iter().skip(1).any(|x| *x == p);
    match first {
        "N" => {
            if has("CN") {
                "NUM"
            } else if has("PR") || has("SURN") {
                "PROPN"
            } else {
                "NOUN"
            }
        }
        "ADJ" => {
            if has("INO") || has("PINO") {
                "VERB"
            } else {
                "ADJ"
            }
        }
        "V" => {
            if has("AUX") || parts.get(1..3) == Some(&["PRE", "SIM"][..]) {
                "AUX"
            } else {
                "VERB"
            }
        }
        "ADV" => "ADV",
        "PRO" => "PRON",
        "P" | "PP" => "ADP",
        "DET" | "QUA" | "SPEC" => "DET",
        "MQUA" => "ADV",
        "DELM" => "PUNCT",
        "IF" => "SCONJ",
        "CON" => match parts.get(1).copied() {
            None | Some("GMC") | Some("GCOR") | Some("COR") | Some("DCOR") => "CCONJ",
            Some("OSC") => "PART",
            Some("COMP") => "ADP",
            Some(_) => "SCONJ",
        },
        "INT" | "OH" | "OHH" | "PS" => "INTJ",
        "MS" => "SYM",
        "MORP" => match parts.get(1).copied() {
            Some("MADJ") => "ADJ",
            Some("ADVM") => "ADV",
            _ => "NOUN",
        },
        _ => "X",
    }
}

/// One sentence of the Bijankhan corpus: normalized tokens and their tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BijankhanSentence {
    /// `(normalized token, Bijankhan tag)` in order.
    pub words: Vec<(String, String)>,
}

/// Parses the `token<TAB>tag` lines of a Bijankhan file, normalizing tokens with `normalizer`
/// (the same normalization the tagger sees at run time). Sentences end after a `.`, `؟`, `!`
/// or `?` token, and every 200 tokens at the latest. Lines without a tab are skipped.
pub fn parse(tsv: &str, normalizer: &Normalizer) -> Vec<BijankhanSentence> {
    let mut out = Vec::new();
    let mut cur = BijankhanSentence::default();
    for line in tsv.lines() {
        let Some((token, tag)) = line.split_once('\t') else { continue };
        let token = token.trim();
        let tag = tag.trim();
        if token.is_empty() || tag.is_empty() {
            continue;
        }
        let norm = normalizer.normalize(token).as_str().trim().to_string();
        let norm = if norm.is_empty() { token.to_string() } else { norm };
        let end = matches!(token, "." | "؟" | "!" | "?");
        cur.words.push((norm, tag.to_string()));
        if end || cur.words.len() >= 200 {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_family() {
        let cases = [
            ("N_SING_COM", "NOUN"),
            ("N_PL_COM_GEN", "NOUN"),
            ("N_SING_PR", "PROPN"),
            ("N_SING_LOC_PR_GEN", "PROPN"),
            ("N_SING_SURN", "PROPN"),
            ("N_SING_LOC", "NOUN"),
            ("N_SING_CN", "NUM"),
            ("N_SING_NFL", "NOUN"),
            ("ADJ_SIM", "ADJ"),
            ("ADJ_CMPR_INYA", "ADJ"),
            ("ADJ_INO", "VERB"),
            ("ADJ_PINO", "VERB"),
            ("V_PA_SIM_POS_3", "VERB"),
            ("V_PRE_SIM", "AUX"),
            ("V_PRE_SIM_3", "AUX"),
            ("V_AUX_NIN_SIM", "AUX"),
            ("V_PRS_POS_6", "VERB"),
            ("ADV_TIME", "ADV"),
            ("PRO_DEF_R_XOD", "PRON"),
            ("P_GENR", "ADP"),
            ("P_DEFI", "ADP"),
            ("PP", "ADP"),
            ("DET", "DET"),
            ("QUA_GEN", "DET"),
            ("SPEC", "DET"),
            ("MQUA", "ADV"),
            ("DELM", "PUNCT"),
            ("IF", "SCONJ"),
            ("CON_GMC", "CCONJ"),
            ("CON_GCOR", "CCONJ"),
            ("CON_COR", "CCONJ"),
            ("CON", "CCONJ"),
            ("CON_RELC", "SCONJ"),
            ("CON_OSC", "PART"),
            ("CON_COMP", "ADP"),
            ("INT", "INTJ"),
            ("PS", "INTJ"),
            ("MS", "SYM"),
            ("MORP_MN_SING_GEN", "NOUN"),
            ("MORP_MADJ", "ADJ"),
            ("AR", "X"),
            ("SUBJ", "X"),
            ("0", "X"),
            ("", "X"),
        ];
        for (tag, want) in cases {
            assert_eq!(upos(tag), want, "{tag}");
        }
    }

    #[test]
    fn coarse_keeps_what_matters() {
        assert_eq!(coarse("DELM"), "DELM");
        assert_eq!(coarse("N_SING_SURN_GEN"), "N_SING_SURN_GEN");
        assert_eq!(coarse("N_PL_CN"), "N_PL_CN");
        assert_eq!(coarse("V_PRE_SIM_3"), "V_PRE_SIM");
        assert_eq!(coarse("V_AUX_NIN_SIM_POS"), "V_AUX_NIN");
        assert_eq!(coarse("V_SUB_POS_4"), "V_SUB");
        for t in ["N_SING_LOC_PR_GEN", "V_PRE_SIM", "ADJ_INO", "V_AUX_INF_PF_3", "N_SING_CN_GEN"] {
            assert_eq!(upos(&coarse(t)), upos(t), "{t}");
            assert_eq!(has_ezafe(&coarse(t)), has_ezafe(t), "{t}");
        }
    }

    #[test]
    fn ezafe_component() {
        assert!(has_ezafe("N_SING_COM_GEN"));
        assert!(has_ezafe("PRO_DEF_NR_NIS_1_GEN"));
        assert!(!has_ezafe("N_SING_COM"));
        assert!(!has_ezafe("GENERAL"));
        assert_eq!(without_ezafe("P_GENR_GEN"), "P_GENR");
        assert_eq!(without_ezafe("ADJ_SIM"), "ADJ_SIM");
    }

    #[test]
    fn parses_sentences() {
        let tsv = "کتاب\tN_SING_COM_GEN\nمن\tPRO_DEF_NR_NIS_1\n.\tDELM\nرفت\tV_PA_SIM_POS_3\nbad line\n";
        let s = parse(tsv, &Normalizer::default());
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words.len(), 3);
        assert_eq!(s[1].words[0].1, "V_PA_SIM_POS_3");
    }
}
