//! Building the lexicon model from source file **contents** (no file I/O here).
//!
//! ```
//! use sokhan::morph::build::{build_lexicon_model, LexiconSources};
//! use sokhan::morph::Lexicon;
//! let src = LexiconSources {
//!     words_dat: "کتاب\t120\tN\nخوب\t80\tAJ\n".into(),
//!     verbs_dat: "کرد#کن\n".into(),
//!     abbreviations_dat: "ق.م\n".into(),
//!     stopwords_dat: "و\n".into(),
//!     treebanks: vec!["1\tکتاب‌ها\tکتاب\tNOUN\t_\t_\t0\troot\t_\t_\n".into()],
//!     secondary_treebanks: vec![],
//!     bijankhan_tsv: String::new(),
//! };
//! let bytes = build_lexicon_model(&src).unwrap();
//! let lex = Lexicon::from_model_bytes(&bytes).unwrap();
//! assert!(lex.contains("کتاب") && lex.is_abbreviation("ق.م") && lex.is_stopword("و"));
//! assert_eq!(lex.lemma_candidates("کتاب‌ها")[0].lemma, "کتاب");
//! ```

use super::lexicon::{
    TagSet, FLAG_ABBREVIATION, FLAG_BARE, FLAG_INFLECTED, FLAG_NONVERB, FLAG_STOPWORD, FLAG_VERB,
};
use crate::model::{self, ModelKind};
use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};


/// The contents of the files a lexicon model is built from.
#[derive(Clone, Debug, Default)]
pub struct LexiconSources {
    /// `words.dat`: `word<TAB>frequency<TAB>N,AJ` per line.
    pub words_dat: String,
    /// `verbs.dat`: `past#present` per line.
    pub verbs_dat: String,
    /// `abbreviations.dat`: one abbreviation per line.
    pub abbreviations_dat: String,
    /// `stopwords.dat`: one stop word per line.
    pub stopwords_dat: String,
    /// CoNLL-U text of training treebanks whose lemmas follow the PerDT conventions.
    pub treebanks: Vec<String>,
    /// CoNLL-U text of treebanks with other lemma conventions (e.g. Seraji): only their noun,
    /// adjective and proper-noun lemmas are used, and only for forms the primary treebanks
    /// never saw.
    pub secondary_treebanks: Vec<String>,
    /// Bijankhan corpus as `token<TAB>tag` lines (may be empty): evidence of which written
    /// forms are bare words, inflected words (plural, indefinite `ی`, clitic, comparative) or
    /// verbs. Only flags per form are kept, never the text.
    pub bijankhan_tsv: String,
}

/// Counts of what went into a model, for reports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LexiconStats {
    /// Words in the word list.
    pub words: usize,
    /// Verb stem pairs.
    pub verbs: usize,
    /// Forms in the lemma table.
    pub lemma_forms: usize,
    /// Syntactic words read from the primary treebanks.
    pub treebank_words: usize,
    /// Syntactic words read from the secondary treebanks.
    pub secondary_words: usize,
    /// Tokens read from the Bijankhan corpus.
    pub bijankhan_tokens: usize,
}

/// `form → [(upos, lemma, count)]` as stored.
pub(crate) type LemmaTable = Vec<(String, Vec<(String, String, u32)>)>;
/// `(form, lemma, upos, Some((past, present)))` read from one CoNLL-U row.
type ConlluRow = (String, String, String, Option<(String, String)>);

/// What the lexicon model file stores (format version 1).
#[derive(Serialize, Deserialize)]
pub(crate) struct LexiconPayload {
    /// `fst::Map` bytes: word → `freq << 32 | flags`. A [`crate::model::Blob`]: the same bytes
    /// on disk as a `Vec<u8>` (postcard writes both as a length and the bytes), decoded as one
    /// copy instead of one element at a time.
    pub words_fst: crate::model::Blob,
    /// `(past, present, rank)`.
    pub verbs: Vec<(String, String, u64)>,
    /// form → `(upos, lemma, count)`.
    pub lemma_table: LemmaTable,
    /// Hash index of the word list, sorted by hash: [`index_hash`] of each word. The fst
    /// stays the reference; the index answers the hot exact lookups in a few probes.
    pub index_hashes: crate::model::Blob,
    /// The fst value of the word at the same position, or [`ASK_FST`] when two words share a
    /// hash (then the fst decides). Both are little-endian `u64` arrays stored as bytes, so
    /// loading them is a copy rather than a decode per number.
    pub index_values: crate::model::Blob,
}

/// Index value meaning "several words have this hash: look it up in the fst".
pub(crate) const ASK_FST: u64 = u64::MAX;

/// The hash of the lexicon index: 64-bit FNV-1a over the UTF-8 bytes, then the splitmix64
/// finalizer. Stored in model files, so it must never change for a given format.
pub(crate) fn index_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word.as_bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Arabic letter variants mapped to Persian ones, as the normalizer does.
fn clean(s: &str) -> String {
    super::lemma::clean(s)
}

/// A syntactic word from a CoNLL-U line: `(form, lemma, upos)`; `None` for comments, blank
/// lines, multiword-token ranges and empty nodes.
fn conllu_word(line: &str) -> Option<(String, String, String)> {
    conllu_row(line).map(|(f, l, u, _)| (f, l, u))
}

/// Like [`conllu_word`], also returning the `OrigLemma=past#present` pair from MISC if any.
fn conllu_row(line: &str) -> Option<ConlluRow> {
    if line.starts_with('#') || line.trim().is_empty() {
        return None;
    }
    let mut cols = line.split('\t');
    let id = cols.next()?;
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let form = clean(cols.next()?);
    let lemma = clean(cols.next()?);
    let upos = cols.next()?.trim().to_string();
    if form.is_empty() || lemma.is_empty() || lemma == "_" {
        return None;
    }
    let misc = cols.nth(5).unwrap_or("");
    let stems = misc
        .split('|')
        .find_map(|kv| kv.strip_prefix("OrigLemma="))
        .and_then(|v| v.split_once('#'))
        .map(|(a, b)| (clean(a), clean(b)));
    Some((form, lemma, upos, stems))
}

/// Builds the payload from parsed parts; shared by the builder and [`super::Lexicon::from_entries`].
pub(crate) fn payload_from_parts(
    words: Vec<(String, u64, u32)>,
    verbs: Vec<(String, String, u64)>,
    lemma_table: HashMap<String, BTreeMap<(String, String), u32>>,
) -> Result<LexiconPayload, Error> {
    let mut map: BTreeMap<String, (u64, u32)> = BTreeMap::new();
    for (w, f, flags) in words {
        if w.is_empty() {
            continue;
        }
        let e = map.entry(w).or_insert((0, 0));
        e.0 = e.0.max(f);
        e.1 |= flags;
    }
    let fst_err = |e: fst::Error| Error::Model(format!("cannot build the lexicon word list: {e}"));
    let mut b = fst::MapBuilder::memory();
    for (w, (f, flags)) in &map {
        let v = ((*f).min(u32::MAX as u64) << 32) | *flags as u64;
        b.insert(w, v).map_err(fst_err)?;
    }
    let words_fst = b.into_inner().map_err(fst_err)?;
    let mut index: Vec<(u64, u64)> = map
        .iter()
        .map(|(w, (f, flags))| (index_hash(w), ((*f).min(u32::MAX as u64) << 32) | *flags as u64))
        .collect();
    index.sort_unstable();
    // Words sharing a hash keep one entry that defers to the fst.
    index.dedup_by(|b, a| {
        if a.0 == b.0 {
            a.1 = ASK_FST;
            true
        } else {
            false
        }
    });
    let index_hashes = crate::model::Blob(index.iter().flat_map(|e| e.0.to_le_bytes()).collect());
    let index_values = crate::model::Blob(index.iter().flat_map(|e| e.1.to_le_bytes()).collect());
    let mut table: LemmaTable = lemma_table
        .into_iter()
        .map(|(form, m)| (form, m.into_iter().map(|((u, l), c)| (u, l, c)).collect()))
        .collect();
    table.sort();
    Ok(LexiconPayload { words_fst: crate::model::Blob(words_fst), verbs, lemma_table: table, index_hashes, index_values })
}

/// Per-form evidence from a `token<TAB>tag` corpus with the Bijankhan tagset.
fn bijankhan_flags(tsv: &str, stats: &mut LexiconStats) -> Vec<(String, u64, u32)> {
    // (total, inflected, verb)
    let mut counts: HashMap<String, (u32, u32, u32)> = HashMap::new();
    for line in tsv.lines() {
        let Some((tok, tag)) = line.split_once('\t') else { continue };
        let tok = clean(tok);
        if tok.is_empty() || tok.contains(' ') || tag.starts_with("DELM") {
            continue;
        }
        stats.bijankhan_tokens += 1;
        let e = counts.entry(tok).or_default();
        e.0 += 1;
        let inflected = ["_PL", "_INYA", "_PAFF", "_CMPR", "_SUP"].iter().any(|m| tag.contains(m));
        e.1 += inflected as u32;
        e.2 += tag.starts_with("V_") as u32;
    }
    counts
        .into_iter()
        .map(|(w, (total, inflected, verb))| {
            let mut flags = 0;
            if inflected * 2 > total {
                flags |= FLAG_INFLECTED;
            } else if inflected * 2 < total {
                flags |= FLAG_BARE;
            }
            if verb * 2 > total {
                flags |= FLAG_VERB;
            } else if verb * 2 < total {
                flags |= FLAG_NONVERB;
            }
            (w, 0, flags)
        })
        .collect()
}

/// Builds the parts and counts without encoding.
fn build_payload(src: &LexiconSources) -> Result<(LexiconPayload, LexiconStats), Error> {
    let mut stats = LexiconStats::default();
    let mut words: Vec<(String, u64, u32)> = Vec::new();
    for (n, line) in src.words_dat.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let w = clean(cols.next().unwrap_or(""));
        let freq = match cols.next().map(str::trim) {
            None | Some("") => 0,
            Some(f) => f.parse::<u64>().map_err(|_| {
                Error::Model(format!(
                    "words.dat line {}: frequency {f:?} is not a number (expected word<TAB>freq<TAB>tags)",
                    n + 1
                ))
            })?,
        };
        let tags = TagSet::parse(cols.next().unwrap_or("")).bits();
        words.push((w, freq, tags));
    }
    for line in src.abbreviations_dat.lines() {
        words.push((clean(line), 0, FLAG_ABBREVIATION));
    }
    for line in src.stopwords_dat.lines() {
        words.push((clean(line), 0, FLAG_STOPWORD));
    }

    // Lemma table from the primary treebanks.
    let mut table: HashMap<String, BTreeMap<(String, String), u32>> = HashMap::new();
    let mut lemma_counts: HashMap<String, u64> = HashMap::new();
    let mut treebank_verbs: Vec<(String, String)> = Vec::new();
    for tb in &src.treebanks {
        for (form, lemma, upos, stems) in tb.lines().filter_map(conllu_row) {
            // `past#present` pairs; `بر#چید` (preverb#past) and `#است` are not stem pairs.
            if let Some((past, present)) = stems {
                if !past.is_empty() && !present.is_empty() && past == lemma {
                    treebank_verbs.push((past, present));
                }
            }
            stats.treebank_words += 1;
            *lemma_counts.entry(lemma.clone()).or_default() += 1;
            words.push((lemma.clone(), 0, 0));
            words.push((form.clone(), 0, 0));
            *table.entry(form).or_default().entry((upos, lemma)).or_default() += 1;
        }
    }
    // Secondary treebanks: nominal lemmas for unseen forms only.
    let mut secondary: HashMap<String, BTreeMap<(String, String), u32>> = HashMap::new();
    for tb in &src.secondary_treebanks {
        for (form, lemma, upos) in tb.lines().filter_map(conllu_word) {
            stats.secondary_words += 1;
            if !matches!(upos.as_str(), "NOUN" | "ADJ" | "PROPN") || table.contains_key(&form) {
                continue;
            }
            words.push((lemma.clone(), 0, 0));
            *secondary.entry(form).or_default().entry((upos, lemma)).or_default() += 1;
        }
    }
    table.extend(secondary);

    // Verbs, ranked by how often the treebanks used each past stem as a lemma.
    let mut verbs: Vec<(String, String, u64)> = Vec::new();
    for line in src.verbs_dat.lines() {
        let Some((past, present)) = line.trim().split_once('#') else { continue };
        let (past, present) = (clean(past), clean(present));
        let rank = lemma_counts.get(&past).copied().unwrap_or(0);
        if past.is_empty() {
            continue;
        }
        verbs.push((past, present, rank));
    }
    for (past, present) in treebank_verbs {
        if !verbs.iter().any(|(a, b, _)| *a == past && *b == present) {
            let rank = lemma_counts.get(&past).copied().unwrap_or(0);
            verbs.push((past, present, rank));
        }
    }
    words.extend(bijankhan_flags(&src.bijankhan_tsv, &mut stats));
    stats.verbs = verbs.len();
    stats.lemma_forms = table.len();
    let payload = payload_from_parts(words, verbs, table)?;
    stats.words = fst::Map::new(payload.words_fst.0.clone()).map(|m| m.len()).unwrap_or(0);
    Ok((payload, stats))
}

/// Builds a lexicon model file (kind `lexicon`) from source file contents.
pub fn build_lexicon_model(src: &LexiconSources) -> Result<Vec<u8>, Error> {
    build_lexicon_model_with_stats(src).map(|(b, _)| b)
}

/// Like [`build_lexicon_model`], also returning what went in.
pub fn build_lexicon_model_with_stats(src: &LexiconSources) -> Result<(Vec<u8>, LexiconStats), Error> {
    let (payload, stats) = build_payload(src)?;
    Ok((model::encode(ModelKind::Lexicon, &payload)?, stats))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::morph::Lexicon;

    #[test]
    fn parses_conllu_rows() {
        assert_eq!(
            conllu_word("3\tمی‌کنند\tکرد\tVERB\tV_ACT\t_\t0\troot\t_\t_"),
            Some(("می‌کنند".into(), "کرد".into(), "VERB".into()))
        );
        assert_eq!(conllu_word("3-4\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_"), None);
        assert_eq!(conllu_word("# text = x"), None);
        assert_eq!(conllu_word("5.1\tx\tx\tX\t_\t_\t_\t_\t_\t_"), None);
    }

    #[test]
    fn bad_frequency_is_an_error() {
        let src = LexiconSources { words_dat: "کتاب\tmany\tN\n".into(), ..Default::default() };
        match build_lexicon_model(&src) {
            Err(Error::Model(m)) => assert!(m.contains("line 1"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn secondary_only_fills_gaps() {
        let src = LexiconSources {
            words_dat: "مواد\t0\t0\n".into(),
            treebanks: vec!["1\tشد\tشد\tVERB\t_\t_\t0\troot\t_\t_\n".into()],
            secondary_treebanks: vec![
                "1\tشد\tکرد\tVERB\t_\t_\t0\troot\t_\t_\n2\tمواد\tماده\tNOUN\t_\t_\t1\tobj\t_\t_\n".into(),
            ],
            ..Default::default()
        };
        let lex = Lexicon::from_model_bytes(&build_lexicon_model(&src).unwrap()).unwrap();
        assert_eq!(lex.lemma_candidates("شد")[0].lemma, "شد");
        assert_eq!(lex.lemma_candidates("مواد")[0].lemma, "ماده");
    }
}
