//! The single-pass normalizer state machine.
//!
//! The input is read once, left to right. Each character is classified with a table lookup and
//! either copied, mapped, deleted (and absorbed into a neighbour's source range), or held back
//! for one step (whitespace and ZWNJ are only emitted once the next visible character shows
//! whether they are wanted). Word-level rules (ZWNJ joins) run when a Persian word ends and
//! edit only the tail of the output.

use super::chars::{self, Cls, Role};
use super::offsets::Builder;
use super::presentation;
use super::{DigitScript, NormalizerConfig, WordOracle};
use std::collections::HashMap;

const ZWNJ: char = '\u{200C}';
const ZWNJ_STR: &str = "\u{200C}";
const NONE: usize = usize::MAX;

/// Verbal prefixes joined to the following verb with a ZWNJ.
const VERB_PREFIXES: [&str; 2] = ["نمی", "می"];

/// Suffixes joined with a ZWNJ when written as a separate word. `true`: only after a word
/// ending in `ه` (the copula and indefinite forms, which otherwise collide with the vocative
/// `ای` and with ordinary words; `ی`, `اش` and `ات` written apart are the ezafe and the
/// pronouns of a word ending in `ه`: `خانه ی`, `خانه اش`). The plural copulas `اند`, `ایم`,
/// `اید` also after another known content word (`ناراضی اند`). The plural pronouns `شان`,
/// `مان`, `تان` only after a listed content word (see [`WordOracle::knows_join`]).
const SPACED_SUFFIXES: [(&str, bool); 25] = [
    ("ها", false),
    ("های", false),
    ("هایی", false),
    ("هایم", false),
    ("هایت", false),
    ("هایش", false),
    ("هایمان", false),
    ("هایتان", false),
    ("هایشان", false),
    ("تر", false),
    ("ترین", false),
    ("تری", false),
    ("ترها", false),
    ("ای", true),
    ("ام", true),
    ("اید", false),
    ("ایم", false),
    ("اند", false),
    ("ایی", true),
    ("ی", true),
    ("اش", true),
    ("ات", true),
    ("شان", false),
    ("مان", false),
    ("تان", false),
];

/// Second parts of compounds that are not words of their own (present stems and derivations
/// such as `آموز` in `دانش‌آموز`, `گیری` in `تصمیم‌گیری`, `کننده` in `مصرف‌کننده`): written
/// apart, they are joined to the word before with a half-space when the lexicon knows the
/// compound. (`گذار`, `ساز`, `بخش`, `طلب`, `دهی`, `بازی`, `کاری` are words too and are not listed; the
/// listed parts stand alone at most twice in the raw PerDT train text, as nouns with the
/// indefinite `ی` (`نمایی از`), and none of them follows, after a space, a word with which the
/// lexicon knows the compound: joining them changes nothing there.)
pub(super) const BOUND_PARTS: [&str; 47] = [
    "آموز", "پذیر", "ناپذیر", "انگیز", "آمیز", "گذاری", "گذاران", "گزار", "شناس", "شناسی", "نشین",
    "پرداز", "پردازی", "مند", "گیری", "کننده", "کنندگان", "ریزی", "آور", "آوری", "رسانی",
    "جانبه", "الملل", "گرا", "گرایی", "گرایان", "طلبان", "طلبی", "نویس", "شکن", "پرور", "گانه",
    "سازی", "سازان", "برداری", "نگاری", "دهنده", "دهندگان", "بندی", "انداز", "اندیش", "جویی", "پوشی",
    "نمایی", "پرسی", "خوانی", "نواز",
];

/// Endings a bound part may carry (plural, derivational and indefinite `ی`, `ان`).
pub(super) const BOUND_ENDINGS: [&str; 6] = ["", "ی", "ان", "ها", "های", "\u{200C}ها"];

/// Whether `cur` is one of [`BOUND_PARTS`], possibly with one of [`BOUND_ENDINGS`]. Runs once
/// a word, so the inlined test is one bit of a table indexed by the first two letters
/// ([`BOUND_HEADS`]), then one bit of a table of the parts' first three letters
/// ([`BOUND_HEADS3`]); the exact comparison runs for the few words that pass both (`normalize` of
/// `perdt-train-raw.txt`: 1–2 % slower than without the rule, where a plain comparison with
/// each part cost 11 %).
#[inline(always)]
pub(super) fn is_bound_part(cur: &[u8]) -> bool {
    let [a, b, c, d, ..] = *cur else { return false };
    let key = letter_pair_key(a, b, c, d);
    if BOUND_HEADS[key >> 6] & (1 << (key & 63)) == 0 {
        return false;
    }
    let h = head3_slot(head3(cur));
    BOUND_HEADS3[h >> 6] & (1 << (h & 63)) != 0 && is_bound_part_exact(cur)
}

/// A 12-bit slot of a [`head3`] (multiplicative hashing): one probe of [`BOUND_HEADS3`]
/// instead of a comparison with every part's.
#[inline(always)]
const fn head3_slot(h: u64) -> usize {
    (h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// The first three letters (six bytes) of `w` as an integer; 0 when shorter.
#[inline(always)]
const fn head3(w: &[u8]) -> u64 {
    if w.len() < 6 {
        return 0;
    }
    (w[0] as u64) << 40 | (w[1] as u64) << 32 | (w[2] as u64) << 24 | (w[3] as u64) << 16 | (w[4] as u64) << 8 | w[5] as u64
}

/// Bit set of the [`head3_slot`]s of every [`BOUND_PARTS`]' [`head3`] (4,096 bits; a word
/// whose first three letters are not a part's passes with odds of about 1 in 90, and then the
/// exact comparison says no).
static BOUND_HEADS3: [u64; 64] = {
    let mut t = [0u64; 64];
    let mut i = 0;
    while i < BOUND_PARTS.len() {
        let h = head3_slot(head3(BOUND_PARTS[i].as_bytes()));
        t[h >> 6] |= 1 << (h & 63);
        i += 1;
    }
    t
};

/// A 16-bit key of two 2-byte letters (lead bytes `D8`..`DB`): two bits of each lead byte
/// and six of each continuation byte. Other bytes give keys no bound part has.
#[inline(always)]
const fn letter_pair_key(a: u8, b: u8, c: u8, d: u8) -> usize {
    (((a as usize & 3) << 6 | (b as usize & 0x3F)) << 8) | ((c as usize & 3) << 6 | (d as usize & 0x3F))
}

/// Bit set of the [`letter_pair_key`]s of the first two letters of every [`BOUND_PARTS`].
static BOUND_HEADS: [u64; 1024] = {
    let mut t = [0u64; 1024];
    let mut i = 0;
    while i < BOUND_PARTS.len() {
        let p = BOUND_PARTS[i].as_bytes();
        let k = letter_pair_key(p[0], p[1], p[2], p[3]);
        t[k >> 6] |= 1 << (k & 63);
        i += 1;
    }
    t
};

#[inline(never)]
fn is_bound_part_exact(cur: &[u8]) -> bool {
    // Every part with every ending, so that a word costs one lookup (common words such as
    // `خواهد` or `اندیشه` share their first three letters with a part and come here).
    static FORMS: std::sync::OnceLock<std::collections::HashSet<Box<[u8]>, crate::hash::FastHash>> = std::sync::OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        BOUND_PARTS.iter().flat_map(|p| BOUND_ENDINGS.iter().map(move |e| [p.as_bytes(), e.as_bytes()].concat().into_boxed_slice())).collect()
    });
    forms.contains(cur)
}

/// The code point of the plain Persian letter (2-byte UTF-8) at `bytes[i]`, if there is one.
#[inline(always)]
fn plain_letter_at(bytes: &[u8], i: usize) -> Option<u32> {
    let b0 = bytes[i];
    if b0.wrapping_sub(0xD8) > 3 || i + 1 >= bytes.len() {
        return None;
    }
    let cp = ((b0 as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
    chars::is_plain_letter(cp).then_some(cp)
}

/// Whether `w` is exactly `می` or `نمی`.
#[inline(always)]
fn is_verb_prefix(w: &[u8]) -> bool {
    // می / نمی, also after a preverb written solid: برمی, درمی, فرامی, بازمی, ورمی.
    w.ends_with(&[0xD9, 0x85, 0xDB, 0x8C])
        && matches!(
            &w[..w.len() - 4],
            [] | [0xD9, 0x86]
                | [0xD8, 0xA8, 0xD8, 0xB1]
                | [0xD8, 0xAF, 0xD8, 0xB1]
                | [0xD9, 0x81, 0xD8, 0xB1, 0xD8, 0xA7]
                | [0xD8, 0xA8, 0xD8, 0xA7, 0xD8, 0xB2]
                | [0xD9, 0x88, 0xD8, 0xB1]
        )
}

/// Byte length of the suffix (`ها های هایی هایم هایت هایش هایمان هایتان هایشان تر تری ترین`)
/// that `w` ends with, longest first; 0 when none. Byte-level, so cheap enough to run on every
/// word; the caller checks char boundaries.
#[inline(always)]
fn unspaced_suffix_len(w: &[u8]) -> usize {
    const HEH: u16 = u16::from_le_bytes([0xD9, 0x87]);
    const ALEF: u16 = u16::from_le_bytes([0xD8, 0xA7]);
    const YE: u16 = u16::from_le_bytes([0xDB, 0x8C]);
    const TE: u16 = u16::from_le_bytes([0xD8, 0xAA]);
    const RE: u16 = u16::from_le_bytes([0xD8, 0xB1]);
    const MIM: u16 = u16::from_le_bytes([0xD9, 0x85]);
    const SHIN: u16 = u16::from_le_bytes([0xD8, 0xB4]);
    const NUN: u16 = u16::from_le_bytes([0xD9, 0x86]);
    let n = w.len();
    // k-th two-byte unit from the end (1 = last).
    let ch = |k: usize| -> u16 {
        if n < 2 * k {
            0
        } else {
            u16::from_le_bytes([w[n - 2 * k], w[n - 2 * k + 1]])
        }
    };
    // Dispatch on the last letter first: most words end in none of the suffixes' letters.
    let person = |c: u16| c == MIM || c == TE || c == SHIN;
    match ch(1) {
        ALEF if ch(2) == HEH => 4,
        RE if ch(2) == TE => 4,
        YE => {
            let (c2, c3) = (ch(2), ch(3));
            if c2 == YE && c3 == ALEF && ch(4) == HEH {
                8
            } else if (c3 == HEH && c2 == ALEF) || (c3 == TE && c2 == RE) {
                6
            } else {
                0
            }
        }
        c1 if person(c1) && ch(2) == YE && ch(3) == ALEF && ch(4) == HEH => 8,
        NUN => {
            let (c2, c3, c4) = (ch(2), ch(3), ch(4));
            if c2 == ALEF && person(c3) && c4 == YE && ch(5) == ALEF && ch(6) == HEH {
                12
            } else if c4 == TE && c3 == RE && c2 == YE {
                8
            } else {
                0
            }
        }
        _ => 0,
    }
}

/// Whether `w` begins with the verbal prefix `می` or `نمی` (bytes only: `میدان` too).
#[inline(always)]
fn starts_with_verb_prefix(w: &[u8]) -> bool {
    matches!(w, [0xD9, 0x85, 0xDB, 0x8C, ..] | [0xD9, 0x86, 0xD9, 0x85, 0xDB, 0x8C, ..])
}

/// Whether the word `text[start..]` (six bytes or more) begins with the verbal prefix `می` or
/// `نمی` or ends with one of the suffixes of [`unspaced_suffix_len`]: the run-together rule's
/// test, run once a word. Computed from two loads and combined without branching where the
/// text before the word allows (the cascade on the last letters was the normalizer's most
/// mispredicted code after its letter loop); the same answer as the cascade (tested).
#[inline(always)]
fn unspaced_hint(text: &[u8], start: usize) -> bool {
    let end = text.len();
    let n = end - start;
    let (Some(tail), Some(before)) = (end.checked_sub(8).map(|a| &text[a..end]), end.checked_sub(12).map(|a| &text[a..a + 4])) else {
        let w = &text[start..];
        return starts_with_verb_prefix(w) || unspaced_suffix_len(w) != 0;
    };
    let head = u64::from(u32::from_be_bytes([text[start], text[start + 1], text[start + 2], text[start + 3]])) << 16
        | u64::from(u16::from_be_bytes([text[start + 4], text[start + 5]]));
    let prefix = (head >> 16 == 0xD985_DB8C) | (head == 0xD986_D985_DB8C);
    // The last eight bytes, those before the word zeroed (no suffix byte is zero).
    let mask = u64::MAX >> (8 * (8 - n.min(8)));
    let t8 = u64::from_be_bytes([tail[0], tail[1], tail[2], tail[3], tail[4], tail[5], tail[6], tail[7]]) & mask;
    let t12 = u32::from_be_bytes([before[0], before[1], before[2], before[3]]) & u32::from(n >= 12).wrapping_neg();
    let (t4, t6) = (t8 & 0xFFFF_FFFF, t8 & 0xFFFF_FFFF_FFFF);
    let person = |c: u64| (c == 0xD985) | (c == 0xD8AA) | (c == 0xD8B4);
    // `ها`, `تر`; `های`, `تری`; `هایی`, `هایم`/`هایت`/`هایش`, `ترین`; `هایمان`/`هایتان`/`هایشان`.
    let s4 = (t4 == 0xD987_D8A7) | (t4 == 0xD8AA_D8B1);
    let s6 = (t6 == 0xD987_D8A7_DB8C) | (t6 == 0xD8AA_D8B1_DB8C);
    let s8 = (t8 == 0xD987_D8A7_DB8C_DB8C) | ((t8 >> 16 == 0xD987_D8A7_DB8C) & person(t8 & 0xFFFF)) | (t8 == 0xD8AA_D8B1_DB8C_D986);
    let s12 = (t12 == 0xD987_D8A7) & (t8 >> 48 == 0xDB8C) & person((t8 >> 32) & 0xFFFF) & (t4 == 0xD8A7_D986);
    prefix | s4 | s6 | s8 | s12
}

/// Whether `cur` (after `prev` and a space) may be a suffix written apart; exact check in
/// [`SPACED_SUFFIXES`] follows. Runs once a word pair, on words whose first letters are
/// anything: the tests are computed side by side and combined without branching (as a cascade
/// of `match` arms it was the normalizer's most mispredicted code: 2.4 % of the `tokenize`
/// profile for 1.7 % of its instructions).
#[inline]
fn spaced_suffix_hint(prev: &[u8], cur: &[u8]) -> bool {
    let len = cur.len();
    let h2 = cur.first_chunk::<2>().map_or(0, |h| u16::from_be_bytes(*h));
    let h4 = cur.first_chunk::<4>().map_or(0, |h| u32::from_be_bytes(*h));
    // The third letter of a three-letter word.
    let t2 = if len == 6 { u16::from_be_bytes([cur[4], cur[5]]) } else { 0 };
    let after_heh = prev.ends_with(&[0xD9, 0x87]);
    // `ها…` and `تر…`, short.
    let plural_or_comparative = (h4 == 0xD987_D8A7) | (h4 == 0xD8AA_D8B1);
    // `اند`, `ایم`, `اید` after any word (the copula: `ناراضی اند`); the other forms in `ا`
    // of two or three letters after a word in `ه`.
    let copula = ((h4 == 0xD8A7_D986) & (t2 == 0xD8AF)) | ((h4 == 0xD8A7_DB8C) & ((t2 == 0xD985) | (t2 == 0xD8AF)));
    let alef_after_heh = after_heh & (h2 == 0xD8A7) & ((len == 4) | (len == 6));
    // `ی` after a word in `ه`.
    let yeh_after_heh = after_heh & (len == 2) & (h2 == 0xDB8C);
    // `شان`, `مان`, `تان`.
    let plural_pronoun = (h4 as u16 == 0xD8A7) & (t2 == 0xD986) & ((h2 == 0xD8B4) | (h2 == 0xD8AA) | (h2 == 0xD985));
    (plural_or_comparative & (len <= 12)) | copula | alef_after_heh | yeh_after_heh | plural_pronoun
}

/// Kind of an emitted piece, as far as spacing and word boundaries are concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Latin,
    Digit,
    Closer,
    Opener,
    Other,
    /// A kept diacritic/kashida with no letter (see `flush_lead`).
    LoneMark,
}

pub(crate) struct Engine<'a> {
    cfg: &'a NormalizerConfig,
    oracle: &'a dyn WordOracle,
    src: &'a str,
    b: Builder,
    /// Per straight quote, in order: 0 keep, 1 opening, 2 closing.
    quotes: Vec<u8>,
    qi: usize,
    /// Horizontal whitespace waiting for the next visible char (source range).
    ws: Option<(usize, usize)>,
    /// A ZWNJ waiting: emitted only when a word char follows.
    zwnj: Option<(usize, usize)>,
    /// Start of deleted chars waiting to be absorbed by the next kept char.
    lead: Option<usize>,
    /// The last source char was kept or absorbed, with no whitespace after it.
    adjacent: bool,
    /// Last output char.
    last: Option<char>,
    /// How many times `last` repeats at the end of the output (3 = squeezed run).
    rep: u8,
    in_word: bool,
    word_start: usize,
    /// Output range of the last finished Persian word.
    prev_word: (usize, usize),
    /// Output position of the single source space right after `prev_word`.
    sep: usize,
    /// The current word started right after `sep`.
    join_cand: bool,
    /// Start of the word before `prev_word` and the output position of the single space
    /// between them (`NONE` when they were not join candidates): a suffix join onto
    /// `prev_word` offers the merged word to a verb prefix before it.
    before: (usize, usize),
    /// The previous source char was an ASCII letter or digit.
    prev_ascii_alnum: bool,
    scratch: String,
    /// Oracle answers (the same few words come back again and again), kept on the thread
    /// between calls for the same oracle.
    cache: OracleCache,
}

/// Oracle answers by query key, for one oracle.
pub(crate) type OracleCache = HashMap<Box<str>, bool, crate::hash::FastHash>;

/// Entries kept before the cache starts over (bounds memory on endless vocabularies).
const ORACLE_CACHE_CAPACITY: usize = 1 << 16;

thread_local! {
    /// The cache of the oracle (by id) last used on this thread.
    static ORACLE_CACHE: std::cell::RefCell<(u64, OracleCache)> = std::cell::RefCell::new((u64::MAX, OracleCache::default()));
}

/// Takes this thread's cache of answers from oracle `id` (empty for another oracle).
pub(crate) fn take_oracle_cache(id: u64) -> OracleCache {
    ORACLE_CACHE.with(|c| {
        let mut c = c.borrow_mut();
        let cache = std::mem::take(&mut c.1);
        if c.0 == id {
            cache
        } else {
            OracleCache::default()
        }
    })
}

/// Gives the cache of oracle `id` back to this thread.
pub(crate) fn put_oracle_cache(id: u64, cache: OracleCache) {
    ORACLE_CACHE.with(|c| *c.borrow_mut() = (id, cache));
}

#[inline(always)]
fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let b0 = bytes[i] as u32;
    let (cp, n) = if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 & 0x0F) << 12)
                | ((bytes[i + 1] as u32 & 0x3F) << 6)
                | (bytes[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((bytes[i + 1] as u32 & 0x3F) << 12)
                | ((bytes[i + 2] as u32 & 0x3F) << 6)
                | (bytes[i + 3] as u32 & 0x3F),
            4,
        )
    };
    (char::from_u32(cp).unwrap_or('\u{FFFD}'), n)
}

fn plan_quotes(src: &str) -> Vec<u8> {
    let bytes = src.as_bytes();
    let pos: Vec<usize> = memchr::memchr_iter(b'"', bytes).collect();
    let mut plan = vec![0u8; pos.len()];
    let mut k = 0;
    while k + 1 < pos.len() {
        let between = &src[pos[k] + 1..pos[k + 1]];
        let broken = memchr::memchr2(b'\n', b'\r', between.as_bytes()).is_some()
            || between.contains(['\u{85}', '\u{2028}', '\u{2029}']);
        if broken {
            k += 1;
        } else {
            plan[k] = 1;
            plan[k + 1] = 2;
            k += 2;
        }
    }
    plan
}

/// The Persian counterpart of an ASCII punctuation mark.
fn persian_punct(c: char) -> char {
    match c {
        ',' => '،',
        ';' => '؛',
        '?' => '؟',
        c => c,
    }
}

/// Whether output char `c` can only be a lone kept diacritic or kashida.
fn is_lone_mark(c: char) -> bool {
    matches!(
        chars::classify(c),
        Cls::Mark
            | Cls::Tatweel
            | Cls::HamzaAbove
            | Cls::MaddaAbove
            | Cls::HamzaBelow
            | Cls::Presentation
    )
}

/// Whether a ZWJ after `last` is part of an emoji/symbol sequence and so kept.
fn keeps_zwj(last: char) -> bool {
    (last as u32) >= 0x2000 && last != ZWNJ && !chars::is_word_char(last)
}

impl<'a> Engine<'a> {
    pub(crate) fn new(cfg: &'a NormalizerConfig, oracle: &'a dyn WordOracle, src: &'a str, cache: OracleCache) -> Self {
        let quotes = if cfg.quotes {
            plan_quotes(src)
        } else {
            Vec::new()
        };
        Engine {
            cfg,
            oracle,
            src,
            b: Builder::with_capacity(src.len()),
            quotes,
            qi: 0,
            ws: None,
            zwnj: None,
            lead: None,
            adjacent: false,
            last: None,
            rep: 0,
            in_word: false,
            word_start: 0,
            prev_word: (NONE, NONE),
            sep: NONE,
            join_cand: false,
            before: (NONE, NONE),
            prev_ascii_alnum: false,
            scratch: String::new(),
            cache,
        }
    }

    /// Runs over the whole input.
    pub(crate) fn run(mut self) -> (Builder, OracleCache) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut i = 0;
        let mut no_latin_until = 0;
        while i < bytes.len() {
            let b0 = bytes[i];
            if b0 < 0x80 {
                let c = b0 as char;
                let cls = chars::classify(c);
                if matches!(cls, Cls::AsciiLetter | Cls::DigitLatin)
                    && !self.prev_ascii_alnum
                    && self.cfg.protect_latin
                    && i >= no_latin_until
                {
                    match self.latin_span(i) {
                        Ok(end) => {
                            self.emit(&src[i..end], Kind::Latin, i, end, true);
                            self.prev_ascii_alnum = true;
                            i = end;
                            continue;
                        }
                        Err(run_end) => no_latin_until = run_end,
                    }
                }
                if b0 == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    self.on_newline(i, i + 2);
                    self.prev_ascii_alnum = false;
                    i += 2;
                    continue;
                }
                self.step(c, cls, i, i + 1);
                self.prev_ascii_alnum = b0.is_ascii_alphanumeric();
                i += 1;
            } else {
                let (c, n) = decode(bytes, i);
                self.step(c, chars::classify(c), i, i + n);
                self.prev_ascii_alnum = false;
                i += n;
                if self.in_word && self.zwnj.is_none() && self.ws.is_none() && self.lead.is_none() {
                    i = self.fast(i);
                }
            }
        }
        self.finish();
        (self.b, self.cache)
    }

    /// Fast path inside a word. Copies plain Persian letters, ZWNJ between two letters, and
    /// single ASCII spaces between two words (running the word-end rules), exactly as the
    /// general path would, without per-char dispatch. Returns where it stopped.
    #[inline(always)]
    fn fast(&mut self, mut i: usize) -> usize {
        let bytes = self.src.as_bytes();
        let n = bytes.len();
        let squeeze = self.cfg.squeeze_repeats;
        let mut last = self.last.map_or(0, |c| c as u32);
        let mut rep = self.rep;
        let mut copy = i;
        loop {
            while i + 1 < n {
                let cp = match plain_letter_at(bytes, i) {
                    Some(cp) => cp,
                    None => break,
                };
                if cp == last {
                    if rep >= 2 && squeeze {
                        break;
                    }
                    rep = rep.saturating_add(1);
                } else {
                    last = cp;
                    rep = 1;
                }
                i += 2;
            }
            if i + 4 < n
                && bytes[i] == 0xE2
                && bytes[i + 1] == 0x80
                && bytes[i + 2] == 0x8C
                && last != 0x200C
                && plain_letter_at(bytes, i + 3).is_some()
            {
                i += 3;
                last = 0x200C;
                rep = 1;
                continue;
            }
            if i + 2 < n && bytes[i] == b' ' && plain_letter_at(bytes, i + 1).is_some() {
                if i > copy {
                    self.b.push_aligned_from(self.src, copy, i);
                }
                self.last = char::from_u32(last);
                self.rep = rep.min(3);
                self.finish_word();
                self.sep = if self.prev_word.1 == self.b.len() {
                    self.b.len()
                } else {
                    NONE
                };
                self.b.push_aligned(" ", i);
                self.in_word = true;
                self.word_start = self.b.len();
                self.join_cand = self.sep != NONE;
                last = ' ' as u32;
                rep = 1;
                i += 1;
                copy = i;
                continue;
            }
            break;
        }
        if i > copy {
            self.b.push_aligned_from(self.src, copy, i);
        }
        self.last = char::from_u32(last);
        self.rep = rep.min(3);
        self.adjacent = true;
        i
    }

    /// End of a Latin identifier / URL / e-mail run starting at `i`, if the run contains a
    /// letter (a pure number is normalized like any other digits).
    /// The protected Latin run starting at `i` (`Ok(end)`), or `Err(run_end)` when the run has
    /// no letter: no position before `run_end` can start a protected run either, so the caller
    /// skips the check until then (keeps `1.1.1.…` lines linear).
    fn latin_span(&self, i: usize) -> Result<usize, usize> {
        let bytes = self.src.as_bytes();
        let mut j = i;
        let mut letter = false;
        while j < bytes.len() && chars::is_latin_run_byte(bytes[j]) {
            letter |= bytes[j].is_ascii_alphabetic();
            j += 1;
        }
        let run_end = j;
        while j > i && !(bytes[j - 1].is_ascii_alphanumeric() || bytes[j - 1] == b'/') {
            j -= 1;
        }
        if letter {
            Ok(j)
        } else {
            Err(run_end)
        }
    }

    #[inline]
    fn step(&mut self, c: char, cls: Cls, s: usize, e: usize) {
        let cfg = self.cfg;
        match cls {
            Cls::Letter => self.letter(c, s, e, c.len_utf8() == e - s),
            Cls::Space => self.on_space(s, e),
            Cls::Zwnj => self.on_zwnj(s, e),
            Cls::Newline => self.on_newline(s, e),
            Cls::Variant => {
                if cfg.unify_letters {
                    let (a, extra) = chars::unify(c, cfg.alef_hamza_to_alef);
                    if extra == '\0' {
                        self.letter(a, s, e, a.len_utf8() == e - s);
                    } else {
                        // `ۀ` → `ه` + hamza above, both mapped to the source letter.
                        self.letter(a, s, e, false);
                        let mut buf = [0u8; 4];
                        self.emit(extra.encode_utf8(&mut buf), Kind::Word, s, e, false);
                    }
                } else {
                    self.letter(c, s, e, true);
                }
            }
            Cls::Invisible => {
                if cfg.remove_invisible {
                    self.deleted(s, e)
                } else {
                    self.other(c, s, e)
                }
            }
            Cls::Zwj => {
                if cfg.remove_invisible && !self.last.is_some_and(keeps_zwj) {
                    self.deleted(s, e)
                } else {
                    self.other(c, s, e)
                }
            }
            Cls::Mark => {
                if cfg.remove_diacritics {
                    self.deleted(s, e)
                } else {
                    self.mark(c, s, e)
                }
            }
            Cls::HamzaAbove | Cls::MaddaAbove | Cls::HamzaBelow => self.combining(c, cls, s, e),
            Cls::Tatweel => {
                if cfg.remove_kashida {
                    self.deleted(s, e)
                } else {
                    self.letter(c, s, e, true)
                }
            }
            Cls::Presentation => match presentation::decompose(c) {
                Some(base) if cfg.decompose_presentation_forms => {
                    if base.is_empty() {
                        self.deleted(s, e);
                    }
                    for ch in base.chars() {
                        self.step(ch, chars::classify(ch), s, e);
                    }
                }
                _ => self.other(c, s, e),
            },
            Cls::DigitArabic | Cls::DigitPersian | Cls::DigitLatin => self.digit(c, s, e),
            Cls::Quote => self.quote(s, e),
            Cls::Punct => self.punct(c, s, e),
            Cls::AsciiLetter | Cls::Other => self.other(c, s, e),
        }
    }

    // ---- emission -------------------------------------------------------------------------

    /// Emits `piece` (source `s..e`; `aligned` when it is char-for-char the same byte lengths
    /// as the source) after resolving pending ZWNJ, whitespace and word boundaries.
    #[inline]
    fn emit(&mut self, piece: &str, kind: Kind, s: usize, e: usize, aligned: bool) {
        if let Some((zs, ze)) = self.zwnj.take() {
            if kind == Kind::Word {
                self.b.push_char(ZWNJ, zs, ze);
                self.last = Some(ZWNJ);
                self.rep = 1;
            } else {
                self.absorb(ze);
            }
        }
        if kind != Kind::Word && self.in_word {
            self.finish_word();
        }
        if let Some((ws, we)) = self.ws.take() {
            self.flush_space(ws, we, kind);
        } else if self.cfg.punctuation_spacing
            && matches!(kind, Kind::Word | Kind::Latin | Kind::Opener)
            && self
                .last
                .is_some_and(|l| chars::punct_role(l) == Role::Closer)
            && !self.abbreviation_dot()
        {
            let p = self.lead.unwrap_or(s);
            self.b.push_repl(" ", p, p);
            self.last = Some(' ');
            self.rep = 1;
        }
        if kind == Kind::Word && !self.in_word {
            self.in_word = true;
            self.word_start = self.b.len();
            self.join_cand = self.sep != NONE && self.sep + 1 == self.b.len();
        }
        match self.lead.take() {
            Some(l) if aligned && piece.len() == e - s && piece.chars().nth(1).is_some() => {
                // A verbatim run: only its first char absorbs the deleted lead.
                let first = piece.chars().next().map_or(0, char::len_utf8);
                self.b.push_repl(&piece[..first], l, s + first);
                self.b.push_aligned(&piece[first..], s + first);
            }
            Some(l) => self.b.push_repl(piece, l, e),
            None if aligned && piece.len() == e - s => self.b.push_aligned(piece, s),
            None => self.b.push_repl(piece, s, e),
        }
        self.adjacent = true;
        let lc = piece.chars().next_back();
        if piece.len() <= 4 && lc == self.last {
            self.rep = self.rep.saturating_add(1).min(3);
        } else {
            self.last = lc;
            self.rep = 1;
        }
    }

    /// The output ends with `X.` where `X` is a lone Persian letter (`ه.ش`, `ق.م`): no space
    /// is inserted after the dot.
    fn abbreviation_dot(&self) -> bool {
        if self.last != Some('.') {
            return false;
        }
        let t = &self.b.text;
        let mut it = t[..t.len() - 1].chars().rev();
        match it.next() {
            Some(a) if chars::is_letter(a) => !it
                .next()
                .is_some_and(|x| chars::is_word_char(x) || x == ZWNJ),
            _ => false,
        }
    }

    fn flush_space(&mut self, ws: usize, we: usize, kind: Kind) {
        let cfg = self.cfg;
        // A lone kept diacritic/kashida (see `flush_lead`) keeps its space, or the next pass
        // would attach it to the punctuation.
        let punct_drop = cfg.punctuation_spacing
            && (kind == Kind::Closer
                || self
                    .last
                    .is_some_and(|l| chars::punct_role(l) == Role::Opener))
            && kind != Kind::LoneMark
            && !self.last.is_some_and(is_lone_mark);
        if !cfg.collapse_whitespace {
            if punct_drop {
                return;
            }
            let piece = &self.src[ws..we];
            self.sep = if piece == " " && self.prev_word.1 == self.b.len() {
                self.b.len()
            } else {
                NONE
            };
            self.b.push_aligned(piece, ws);
            self.last = piece.chars().next_back();
            self.rep = 1;
            return;
        }
        if punct_drop || matches!(self.last, None | Some('\n')) {
            return;
        }
        self.sep = if self.prev_word.1 == self.b.len() {
            self.b.len()
        } else {
            NONE
        };
        if we - ws == 1 && self.src.as_bytes()[ws] == b' ' {
            self.b.push_aligned(" ", ws);
        } else {
            self.b.push_repl(" ", ws, we);
        }
        self.last = Some(' ');
        self.rep = 1;
    }

    /// A Persian letter (or kept tatweel), with repeat squeezing.
    #[inline]
    fn letter(&mut self, c: char, s: usize, e: usize, aligned: bool) {
        if self.last == Some(c)
            && self.rep >= 2
            && self.ws.is_none()
            && self.zwnj.is_none()
            && self.cfg.squeeze_repeats
            && chars::is_letter(c)
        {
            if self.rep == 2 {
                self.b.pop_char();
                self.rep = 3;
            }
            self.absorb(e);
            return;
        }
        let mut buf = [0u8; 4];
        self.emit(c.encode_utf8(&mut buf), Kind::Word, s, e, aligned);
    }

    /// A kept diacritic (when diacritic removal is off).
    fn mark(&mut self, c: char, s: usize, e: usize) {
        let mut buf = [0u8; 4];
        self.emit(c.encode_utf8(&mut buf), Kind::Word, s, e, true);
    }

    /// Combining hamza above/below and madda: composed with a preceding alef/waw/yeh, kept
    /// after `ه` (hamza above), otherwise a diacritic.
    fn combining(&mut self, c: char, cls: Cls, s: usize, e: usize) {
        let cfg = self.cfg;
        if let Some((zs, _)) = self.zwnj {
            self.zwnj = Some((zs, e));
            return;
        }
        let last = if self.adjacent && self.ws.is_none() {
            self.last
        } else {
            None
        };
        if cfg.unify_letters {
            let composed = match (last, cls) {
                (Some('ا'), Cls::MaddaAbove) => Some('آ'),
                (Some('ا'), Cls::HamzaAbove) => Some('أ'),
                (Some('ا'), Cls::HamzaBelow) => Some('إ'),
                (Some('و'), Cls::HamzaAbove) => Some('ؤ'),
                (Some('ی'), Cls::HamzaAbove) => Some('ئ'),
                _ => None,
            };
            if let Some(k) = composed {
                let k = if cfg.alef_hamza_to_alef && (k == 'أ' || k == 'إ') {
                    'ا'
                } else {
                    k
                };
                if let Some((os, _)) = self.b.pop_char() {
                    let mut buf = [0u8; 4];
                    self.b.push_repl(k.encode_utf8(&mut buf), os, e);
                    self.last = Some(k);
                    self.settle_repeat();
                }
                return;
            }
        }
        if cls == Cls::HamzaAbove && last == Some('ه') {
            self.emit("\u{654}", Kind::Word, s, e, true);
            return;
        }
        if cfg.remove_diacritics {
            self.deleted(s, e)
        } else {
            self.mark(c, s, e)
        }
    }

    /// Recomputes `rep` after the last char was replaced, squeezing a new run of three.
    fn settle_repeat(&mut self) {
        let Some(c) = self.last else { return };
        let n = self
            .b
            .text
            .chars()
            .rev()
            .take(3)
            .take_while(|&x| x == c)
            .count();
        if n >= 3 && self.cfg.squeeze_repeats && chars::is_letter(c) {
            let (_, e) = self.b.last_origin().unwrap_or((0, 0));
            self.b.pop_char();
            self.b.pop_char();
            self.absorb(e);
            self.rep = 3;
        } else {
            self.rep = n.max(1) as u8;
        }
    }

    fn digit(&mut self, c: char, s: usize, e: usize) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '٠'..='٩' => c as u32 - '٠' as u32,
            _ => c as u32 - '۰' as u32,
        };
        let out = match self.cfg.digits {
            DigitScript::Persian => char::from_u32('۰' as u32 + v).unwrap_or(c),
            DigitScript::Latin => char::from_u32('0' as u32 + v).unwrap_or(c),
            DigitScript::Keep => c,
        };
        let mut buf = [0u8; 4];
        self.emit(
            out.encode_utf8(&mut buf),
            Kind::Digit,
            s,
            e,
            out.len_utf8() == e - s,
        );
    }

    fn quote(&mut self, s: usize, e: usize) {
        let plan = if self.cfg.quotes {
            let p = self.quotes.get(self.qi).copied().unwrap_or(0);
            self.qi += 1;
            p
        } else {
            0
        };
        match plan {
            1 => self.emit("«", Kind::Opener, s, e, false),
            2 => self.emit("»", Kind::Closer, s, e, false),
            _ => self.emit("\"", Kind::Other, s, e, true),
        }
    }

    fn punct(&mut self, c: char, s: usize, e: usize) {
        let cfg = self.cfg;
        let mut c = c;
        if c == '۔' && cfg.unify_letters {
            c = '.';
        }
        if cfg.persian_punctuation && matches!(c, ',' | ';' | '?') {
            let p = persian_punct(c);
            if self.last.is_some_and(|l| chars::is_word_char(l) || l == p) {
                c = p;
            }
        }
        if cfg.squeeze_repeats
            && (self.ws.is_none() || cfg.punctuation_spacing)
            && self.zwnj.is_none()
            && self.last.is_some()
        {
            let repeat = match c {
                '!' | '؟' | '?' | '،' | '؛' | ',' | ';' => self.last == Some(c),
                '.' => self.b.text.ends_with("..."),
                _ => false,
            };
            if repeat {
                self.ws = None;
                self.absorb(e);
                return;
            }
        }
        let kind = match chars::punct_role(c) {
            Role::Closer => Kind::Closer,
            Role::Opener => Kind::Opener,
            Role::None => Kind::Other,
        };
        let mut buf = [0u8; 4];
        self.emit(c.encode_utf8(&mut buf), kind, s, e, c.len_utf8() == e - s);
    }

    fn other(&mut self, c: char, s: usize, e: usize) {
        let kind = if c.is_alphabetic() {
            Kind::Latin
        } else {
            Kind::Other
        };
        let mut buf = [0u8; 4];
        self.emit(c.encode_utf8(&mut buf), kind, s, e, true);
    }

    // ---- deletions, whitespace, ZWNJ ------------------------------------------------------

    /// A deleted char: absorbed into the preceding kept char when adjacent, else into the
    /// next kept char.
    #[inline]
    fn deleted(&mut self, s: usize, e: usize) {
        if let Some((zs, _)) = self.zwnj {
            self.zwnj = Some((zs, e));
        } else if self.adjacent {
            self.absorb(e);
        } else if self.lead.is_none() {
            self.lead = Some(s);
        }
    }

    /// Extends the last output char's source range to `e`, swallowing any pending lead.
    #[inline]
    fn absorb(&mut self, e: usize) {
        self.b.extend_last(e);
        self.lead = None;
        self.adjacent = true;
    }

    /// Deleted chars with no kept char to attach to (between whitespace): the visible ones
    /// (kashida, diacritics) are kept as written, so that every visible input character still
    /// reaches the output; invisible ones are dropped. `end` is where the run stops.
    fn flush_lead(&mut self, end: usize) {
        let Some(start) = self.lead.take() else {
            return;
        };
        let src = self.src;
        for (k, c) in src[start..end].char_indices() {
            let visible = is_lone_mark(c);
            if visible {
                let s = start + k;
                self.emit(
                    &src[s..s + c.len_utf8()],
                    Kind::LoneMark,
                    s,
                    s + c.len_utf8(),
                    true,
                );
            }
        }
    }

    fn drop_pending_zwnj(&mut self) {
        if let Some((_, ze)) = self.zwnj.take() {
            self.absorb(ze);
        }
    }

    #[inline]
    fn on_space(&mut self, s: usize, e: usize) {
        self.drop_pending_zwnj();
        if self.in_word {
            self.finish_word();
        }
        self.flush_lead(s);
        self.adjacent = false;
        self.ws = Some(match self.ws {
            Some((a, _)) => (a, e),
            None => (s, e),
        });
    }

    fn on_newline(&mut self, s: usize, e: usize) {
        self.drop_pending_zwnj();
        if self.in_word {
            self.finish_word();
        }
        self.flush_lead(s);
        let ws = self.ws.take();
        if self.cfg.collapse_whitespace {
            if e - s == 1 && self.src.as_bytes()[s] == b'\n' {
                self.b.push_aligned("\n", s);
            } else {
                self.b.push_repl("\n", s, e);
            }
        } else {
            if let Some((a, b)) = ws {
                self.b.push_aligned(&self.src[a..b], a);
            }
            self.b.push_aligned(&self.src[s..e], s);
        }
        self.last = Some('\n');
        self.rep = 1;
        self.adjacent = false;
        self.sep = NONE;
    }

    fn on_zwnj(&mut self, s: usize, e: usize) {
        if !self.cfg.clean_zwnj {
            self.emit(ZWNJ_STR, Kind::Word, s, e, true);
            return;
        }
        if let Some((zs, _)) = self.zwnj {
            self.zwnj = Some((zs, e));
        } else if self.adjacent && self.last.is_some_and(chars::is_word_char) {
            self.zwnj = Some((s, e));
        } else {
            self.deleted(s, e);
        }
    }

    fn finish(&mut self) {
        self.drop_pending_zwnj();
        if self.in_word {
            self.finish_word();
        }
        self.flush_lead(self.src.len());
        if let Some((a, b)) = self.ws.take() {
            if !self.cfg.collapse_whitespace {
                self.b.push_aligned(&self.src[a..b], a);
            }
        }
    }

    // ---- word-level rules -----------------------------------------------------------------

    /// [`WordOracle::is_listed`] on the scratch buffer, which holds a `\u{2}` marker (keeping
    /// these answers apart from `knows` in the cache) and then the word.
    fn is_listed_scratch(&mut self) -> bool {
        if let Some(&k) = self.cache.get(self.scratch.as_str()) {
            return k;
        }
        let k = self.oracle.is_listed(&self.scratch[1..]);
        if self.cache.len() >= ORACLE_CACHE_CAPACITY {
            self.cache.clear();
        }
        self.cache.insert(self.scratch.as_str().into(), k);
        k
    }

    /// [`WordOracle::knows_join`] on the scratch buffer, which holds `left` + ZWNJ + `right`
    /// with `left` `left_len` bytes long; cached apart from plain `knows` answers.
    fn knows_join_scratch(&mut self, left_len: usize, spaced: bool) -> bool {
        // The key holds the split point: the same joined word split elsewhere (`می` + `اه‌اند`
        // against `می‌اه` + `اند`) may get another answer; and whether it was written apart.
        let tag = format!("\u{1}{left_len}{}", if spaced { '\u{3}' } else { '\u{1}' });
        self.scratch.insert_str(0, &tag);
        if let Some(&k) = self.cache.get(self.scratch.as_str()) {
            return k;
        }
        let joined = &self.scratch[tag.len()..];
        let (left, right) = (&joined[..left_len], &joined[left_len + ZWNJ.len_utf8()..]);
        let k = if spaced { self.oracle.knows_spaced_join(left, right, joined) } else { self.oracle.knows_join(left, right, joined) };
        if self.cache.len() >= ORACLE_CACHE_CAPACITY {
            self.cache.clear();
        }
        self.cache.insert(self.scratch.as_str().into(), k);
        k
    }

    /// End of a Persian word: runs the ZWNJ join rules when a cheap byte test says they might
    /// apply. Always inlined into the loop: it runs once a word, and LLVM's own choice flips
    /// with unrelated changes elsewhere in the build (outlined, `tokenize` of
    /// `perdt-train-raw.txt` ran 3 % more instructions, callgrind).
    #[inline(always)]
    fn finish_word(&mut self) {
        self.in_word = false;
        let start = self.word_start;
        let bytes = self.b.text.as_bytes();
        let len = bytes.len();
        let spaced = self.join_cand && self.cfg.half_space && {
            let (ps, sp) = (self.prev_word.0, self.sep);
            ps < sp && sp < len && {
                let cur = &bytes[sp + 1..];
                is_verb_prefix(&bytes[ps..sp]) || spaced_suffix_hint(&bytes[ps..sp], cur) || is_bound_part(cur)
            }
        };
        let unspaced = self.cfg.half_space_unspaced && len - start >= 6 && unspaced_hint(bytes, start);
        let candidate = if self.join_cand {
            (self.prev_word.0, self.sep)
        } else {
            (NONE, NONE)
        };
        let start = if spaced || unspaced {
            self.join_rules(start, spaced, unspaced)
        } else {
            start
        };
        if start == self.word_start {
            self.before = candidate;
        }
        self.prev_word = (start, self.b.len());
        self.join_cand = false;
        self.sep = NONE;
    }

    /// The join rules proper; returns the (possibly merged) word start.
    #[inline(never)]
    fn join_rules(&mut self, start: usize, spaced: bool, unspaced: bool) -> usize {
        if spaced {
            let (ps, sp) = (self.prev_word.0, self.sep);
            if self.try_join_spaced(ps, sp) {
                // `می اه` was judged before `اه اند` became `اه‌اند`: the merged word is offered
                // to the word before it, as a second pass would (fuzz find).
                let mut start = ps;
                let (pp, psep) = self.before;
                if pp != NONE && psep + 1 == ps && self.try_join_spaced(pp, psep) {
                    start = pp;
                    self.before = (NONE, NONE);
                }
                // The merged word gets the run-together rule too, as it would on a second pass.
                if self.cfg.half_space_unspaced {
                    self.try_join_unspaced(start);
                }
                return start;
            }
        }
        if unspaced {
            self.try_join_unspaced(start);
        }
        start
    }

    /// `prev ␣ cur` → `prev‌cur` when `prev` is `می`/`نمی` or `cur` is a suffix, and the
    /// oracle knows the joined word.
    fn try_join_spaced(&mut self, ps: usize, sp: usize) -> bool {
        if ps == NONE || ps >= sp || self.b.text.as_bytes().get(sp) != Some(&b' ') {
            return false;
        }
        let text = &self.b.text;
        let prev = &text[ps..sp];
        let cur = &text[sp + 1..];
        let wanted = if is_bound_part(cur.as_bytes()) {
            // Not after a one-letter word, nor after a piece ending in a half-space.
            !prev.ends_with(ZWNJ) && prev.chars().count() >= 2
        } else if is_verb_prefix(prev.as_bytes()) {
            // A verb takes one imperfective prefix: `می می‌خواند` and `درمی درمی‌آید` stay
            // apart (else a second pass would join what the first left, fuzz find).
            !cur.starts_with(ZWNJ) && !cur.find(ZWNJ).is_some_and(|z| is_verb_prefix(&cur.as_bytes()[..z]))
        } else if cur.len() > 12
            || !matches!(cur.as_bytes(), [0xD9, 0x87 | 0x85, ..] | [0xD8, 0xAA | 0xA7 | 0xB4, ..] | [0xDB, 0x8C])
        {
            false
        } else if let Some(&(_, after_heh)) = SPACED_SUFFIXES.iter().find(|(x, _)| *x == cur) {
            !after_heh || prev.ends_with('ه')
        } else {
            false
        };
        if !wanted {
            return false;
        }
        let left_len = prev.len();
        self.scratch.clear();
        self.scratch.push_str(prev);
        self.scratch.push(ZWNJ);
        self.scratch.push_str(cur);
        if !self.knows_join_scratch(left_len, true) {
            return false;
        }
        let (s, e) = self.b.origin_near_end(sp);
        self.b.splice(sp, 1, ZWNJ_STR, s, e)
    }

    /// `میباشد` → `می‌باشد`, `کتابها` → `کتاب‌ها` when the word itself is unknown and the
    /// split form is known.
    fn try_join_unspaced(&mut self, start: usize) {
        if self.b.len() - start < 6 {
            return;
        }
        let mut known: Option<bool> = None;
        let word = &self.b.text[start..];
        let mut prefix_at = None;
        let wb = word.as_bytes();
        let maybe_prefix = starts_with_verb_prefix(wb);
        for prefix in VERB_PREFIXES.iter().filter(|_| maybe_prefix) {
            if let Some(rest) = word.strip_prefix(prefix) {
                let mut rc = rest.chars();
                if rc.next().is_some_and(chars::is_letter) && rc.next().is_some() {
                    prefix_at = Some(prefix.len());
                }
                break;
            }
        }
        if let Some(at) = prefix_at {
            if self.known_split(start, at, &mut known) {
                // The word changed: a suffix may still need its ZWNJ (idempotence).
                known = None;
            }
        }
        let word = &self.b.text[start..];
        let suf = unspaced_suffix_len(word.as_bytes());
        if suf == 0 || suf >= word.len() || !word.is_char_boundary(word.len() - suf) {
            return;
        }
        let base = &word[..word.len() - suf];
        let mut rb = base.chars().rev();
        let ok = rb
            .next()
            .is_some_and(|c| chars::is_word_char(c) && c != '\u{640}')
            && rb.next().is_some_and(chars::is_word_char);
        // The base itself must be a listed word (not merely analysable): `کتاب|ها` yes,
        // `الل|ها` (from the ligature ﷲ) no.
        if ok {
            let at = base.len();
            self.scratch.clear();
            self.scratch.push('\u{2}');
            self.scratch.push_str(base);
            if self.is_listed_scratch() {
                self.known_split(start, at, &mut known);
            }
        }
    }

    /// If the word `text[start..]` (the output tail) is unknown and its split with a ZWNJ at
    /// `start + at` is known, inserts the ZWNJ. `known` caches the oracle's answer for the word.
    fn known_split(&mut self, start: usize, at: usize, known: &mut Option<bool>) -> bool {
        if known.is_none() {
            self.scratch.clear();
            self.scratch.push('\u{2}');
            self.scratch.push_str(&self.b.text[start..]);
            *known = Some(self.is_listed_scratch());
        }
        if *known == Some(true) {
            return false;
        }
        let word = &self.b.text[start..];
        self.scratch.clear();
        self.scratch.push_str(&word[..at]);
        self.scratch.push(ZWNJ);
        self.scratch.push_str(&word[at..]);
        if !self.knows_join_scratch(at, false) {
            return false;
        }
        let pos = start + at;
        let before = self.b.text[..pos]
            .chars()
            .next_back()
            .map_or(0, char::len_utf8);
        let (prev_start, prev_end) = self.b.origin_near_end(pos - before);
        let (next_start, _) = self.b.origin_near_end(pos);
        // Between two letters of one source character (the ligature `ﳨ` → `سه`) the ZWNJ maps to
        // that character, so that this pass inserts what a second pass over `سه` would (fuzz find).
        let (s, e) = if prev_end > next_start {
            (prev_start.max(next_start), prev_end)
        } else {
            (next_start, next_start)
        };
        self.b.splice(pos, 0, ZWNJ_STR, s, e)
    }
}

#[cfg(test)]
pub(crate) fn unspaced_suffix_len_for_tests(w: &[u8]) -> usize {
    unspaced_suffix_len(w)
}

#[cfg(test)]
mod hint_tests {
    /// The hint as it was written first, as a cascade of patterns.
    fn reference(prev: &[u8], cur: &[u8]) -> bool {
        match cur {
            [0xD9, 0x87, 0xD8, 0xA7, ..] | [0xD8, 0xAA, 0xD8, 0xB1, ..] => cur.len() <= 12,
            [0xD8, 0xA7, rest @ ..] => match rest {
                [0xD9, 0x86, 0xD8, 0xAF] | [0xDB, 0x8C, 0xD9, 0x85] | [0xDB, 0x8C, 0xD8, 0xAF] => true,
                [_, _] | [_, _, _, _] => prev.ends_with(&[0xD9, 0x87]),
                _ => false,
            },
            [0xDB, 0x8C] => prev.ends_with(&[0xD9, 0x87]),
            [a, b, 0xD8, 0xA7, 0xD9, 0x86] => matches!((a, b), (0xD8, 0xB4 | 0xAA) | (0xD9, 0x85)),
            _ => false,
        }
    }

    /// The run-together test answers as the cascade it replaces, for words of three to six
    /// letters over the suffixes' letters, at the start of the text and after other text.
    #[test]
    fn unspaced_hint_agrees_with_the_cascade() {
        let letters = ["ه", "ا", "ی", "م", "ت", "ش", "ن", "ر", "ک"];
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = words.iter().flat_map(|w| letters.iter().map(move |l| format!("{w}{l}"))).collect();
            words = longer;
            if words[0].chars().count() >= 3 {
                break;
            }
        }
        let mut all: Vec<String> = words.clone();
        for w in &words {
            for tail in ["ها", "های", "هایی", "هایم", "هایشان", "هایتان", "تر", "تری", "ترین", "ان", "ین"] {
                all.push(format!("{w}{tail}"));
            }
            all.push(format!("می{w}"));
            all.push(format!("نمی{w}"));
        }
        for before in ["", "و ", "کتاب‌های بسیار "] {
            for w in &all {
                let text = format!("{before}{w}");
                let start = before.len();
                if text.len() - start < 6 {
                    continue;
                }
                let want = matches!(w.as_bytes(), [0xD9, 0x85, 0xDB, 0x8C, ..] | [0xD9, 0x86, 0xD9, 0x85, 0xDB, 0x8C, ..])
                    || super::unspaced_suffix_len(w.as_bytes()) != 0;
                assert_eq!(super::unspaced_hint(text.as_bytes(), start), want, "{before}|{w}");
            }
        }
    }

    /// The branch-free hint answers as the cascade on every word of up to four letters over
    /// the letters the suffixes are made of (and a few others), after words with and without
    /// a final `ه`, and on longer words.
    #[test]
    fn branch_free_hint_agrees_with_the_cascade() {
        let letters = ["ه", "ا", "ت", "ر", "ی", "ن", "د", "م", "ش", "ک", "‌", "a"];
        let mut words: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = words.iter().flat_map(|w| letters.iter().map(move |l| format!("{w}{l}"))).collect();
            words.extend(longer);
        }
        words.extend(["هایشان", "ترینهایشان", "هاییکهبسیاربلند", "تریناست"].map(String::from));
        for prev in ["خانه", "کتاب", "", "ه"] {
            for w in &words {
                assert_eq!(super::spaced_suffix_hint(prev.as_bytes(), w.as_bytes()), reference(prev.as_bytes(), w.as_bytes()), "{prev} {w}");
            }
        }
    }
}
