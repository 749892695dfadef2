//! The words the value grammars know, looked up by a canonical key.
//!
//! A token's key drops what varies in writing without changing the word: half-spaces (ZWNJ),
//! tatweel, short vowels and other marks, dots (`ه.ش` → `هش`), and folds Arabic `ي ى ك ة ۀ أ إ`
//! and `آ` onto `ی ک ه ه ا ا ا`. So `یک‌صد`, `یکصد`; `ذی‌القعده`, `ذیالقعده`; `آوریل`, `اوریل` each
//! meet in one entry. Entries are written naturally below and keyed once, at first use, into a
//! sorted table searched by binary search (no allocation per lookup: keys are built on the stack).

use super::{Calendar, Season};
use std::sync::LazyLock;

/// Longest key, in bytes, that can be a known word (longer tokens are never looked up).
pub(crate) const MAX_KEY: usize = 48;

/// A key built on the stack.
pub(crate) struct Key {
    buf: [u8; MAX_KEY],
    len: usize,
}

impl Key {
    pub(crate) fn as_str(&self) -> &str {
        // Only whole chars are ever pushed (see `push`), so the bytes are valid UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }

    fn push(&mut self, c: char) -> bool {
        let n = c.len_utf8();
        if self.len + n > MAX_KEY {
            return false;
        }
        c.encode_utf8(&mut self.buf[self.len..self.len + n]);
        self.len += n;
        true
    }

    /// Appends the canonical form of `token`; false when the key would be too long.
    pub(crate) fn extend(&mut self, token: &str) -> bool {
        for c in token.chars().filter_map(canonical) {
            if !self.push(c) {
                return false;
            }
        }
        true
    }

    pub(crate) fn of(token: &str) -> Option<Key> {
        let mut k = Key { buf: [0; MAX_KEY], len: 0 };
        if token.len() > 2 * MAX_KEY || !k.extend(token) {
            return None;
        }
        Some(k)
    }
}

/// The canonical form of `c` in a key, `None` for what keys leave out.
fn canonical(c: char) -> Option<char> {
    Some(match c {
        '\u{200C}' | '\u{200D}' | '\u{0640}' | '.' | '\u{064B}'..='\u{065F}' | '\u{0670}' => return None,
        'ي' | 'ى' => 'ی',
        'ك' => 'ک',
        'ة' | 'ۀ' => 'ه',
        'أ' | 'إ' | 'ٱ' | 'آ' => 'ا',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    })
}

/// What a token's key is in the lexicon.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Found {
    /// The word it is, derived forms included.
    pub word: Option<Word>,
    /// It may start a phrase of several tokens.
    pub head: bool,
}

/// A trie over the keys' chars; node 0 is the root.
struct Node {
    children: Vec<(char, u32)>,
    word: Option<Word>,
    head: bool,
}

fn child(nodes: &[Node], node: usize, c: char) -> Option<usize> {
    let ch = &nodes[node].children;
    ch.binary_search_by(|e| e.0.cmp(&c)).ok().map(|i| ch[i].1 as usize)
}

/// Longest key, in chars, that is looked up.
const MAX_CHARS: usize = 32;

/// Looks up the canonical form of `chars` in one walk down the trie: the exact word, or a
/// derived form of a word that is a prefix of it (`دوم`, `بیستمین`, `مهرماه`, `دلاری`,
/// `یورویی`, `هفته‌ی`). Most tokens leave the trie within a few chars, and the walk stops there
/// once no derived form can be reached any more.
fn walk(chars: impl Iterator<Item = char>) -> Found {
    let nodes = &TABLE.trie;
    let mut buf = ['\0'; MAX_CHARS];
    let mut n = 0usize;
    let mut node = Some(0usize);
    // The last words passed, as (length in chars, word): derived forms add at most 3 chars.
    let mut finals: [(usize, Option<Word>); 4] = [(0, None); 4];
    for c in chars {
        if n == MAX_CHARS {
            return Found::default();
        }
        buf[n] = c;
        n += 1;
        node = node.and_then(|at| child(nodes, at, c));
        match node {
            Some(at) => {
                if let Some(w) = nodes[at].word {
                    finals.rotate_right(1);
                    finals[0] = (n, Some(w));
                }
            }
            None if n > finals[0].0 + 3 => return Found::default(),
            None => {}
        }
    }
    if let Some(at) = node {
        if nodes[at].word.is_some() || nodes[at].head {
            return Found { word: nodes[at].word, head: nodes[at].head };
        }
    }
    let stem = |len: usize| finals.iter().find(|f| f.0 == len && len > 0).and_then(|f| f.1);
    let rest = |k: usize| &buf[n.saturating_sub(k)..n];
    let ends = |suffix: &str| {
        let k = suffix.chars().count();
        n > k && rest(k).iter().copied().eq(suffix.chars())
    };
    let word = if ends("ماه") {
        match stem(n - 3) {
            Some(Word::Month { calendar, month, ambiguous, .. }) => Some(Word::Month { calendar, month, ambiguous, mah: true }),
            _ => None,
        }
    } else {
        None
    };
    let word = word.or_else(|| {
        let k = if ends("مین") { 3 } else if ends("م") { 1 } else { return None };
        // `سهم` (share), `سیم` (wire) and `صفرم` are not ordinals; `سوم`, `سی‌ام` are listed.
        match stem(n - k) {
            Some(Word::Num { value, slots }) if !matches!(value, 0 | 3 | 30) => {
                Some(Word::Ordinal { value, slots, standalone: false })
            }
            Some(Word::Scale(p)) => Some(Word::OrdinalScale(p)),
            _ => None,
        }
    });
    let word = word.or_else(|| match (ends("یی"), ends("ی")) {
        (true, _) if matches!(stem(n - 2), Some(Word::Currency(_))) => stem(n - 2),
        (_, true) => match stem(n - 1) {
            Some(w @ (Word::Currency(_) | Word::Percent)) => Some(w),
            Some(w @ (Word::Unit(_) | Word::Month { .. } | Word::Decade)) if n >= 2 && buf[n - 2] == 'ه' => Some(w),
            _ => None,
        },
        _ => None,
    });
    Found { word, head: false }
}

/// The word `token` is, and whether it may start a phrase.
pub(crate) fn lookup_token(token: &str) -> Found {
    walk(token.chars().filter_map(canonical))
}

/// Slots of a number below 1000 that a word fills: 2 hundreds, 1 tens, 0 units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slots {
    /// Highest slot filled.
    pub high: i8,
    /// Lowest slot filled.
    pub low: i8,
}

/// Units of relative dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// Parts of the day that fix the hour of a clock time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Period {
    /// بامداد: small hours (12 → 0).
    Dawn,
    /// صبح, قبل از ظهر: morning.
    Morning,
    /// ظهر: around noon.
    Noon,
    /// بعد از ظهر, عصر, غروب: afternoon and evening.
    Afternoon,
    /// شب: evening and night.
    Night,
    /// نیمه‌شب: midnight.
    Midnight,
}

/// What a known word is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Word {
    /// A cardinal below 1000 (`سه`, `بیست`, `سیصد`).
    Num { value: u16, slots: Slots },
    /// A power of ten that multiplies (`هزار` 3, `میلیون` 6, …).
    Scale(u8),
    /// An ordinal of a cardinal below 1000 (`دوم`, `بیستمین`); `standalone` ones (`اول`,
    /// `نخستین`) never end a compound.
    Ordinal { value: u16, slots: Slots, standalone: bool },
    /// An ordinal of a scale (`هزارم`).
    OrdinalScale(u8),
    /// `ام` / `مین` written apart from the number (`۲۲ ام`).
    OrdinalSuffix,
    /// `و`.
    And,
    /// `نیم`.
    Half,
    /// `ربع`.
    Quarter,
    /// `منفی`.
    Minus,
    /// `درصد`, `٪`, `%`.
    Percent,
    /// `صددرصد`: a hundred percent in one word.
    FullPercent,
    /// A currency word (`دلار`); the code for the word alone.
    Currency(&'static str),
    /// A currency sign written before or after the amount (`$`).
    CurrencySign(&'static str),
    /// A month name; `ambiguous` ones are also common words (`مهر`, `دی`, `می`) and need a day, a
    /// year or `ماه` beside them; `mah` when `ماه` is written onto it (`مهرماه`).
    Month { calendar: Calendar, month: u8, ambiguous: bool, mah: bool },
    /// A weekday, ISO number (1 Monday … 7 Sunday).
    Weekday(u8),
    /// A day named relative to today (`دیروز` −1).
    RelDay(i8),
    /// A year named relative to this year (`پارسال` −1).
    RelYear(i8),
    /// `روز`, `هفته`, `ماه`, `سال`.
    Unit(Unit),
    /// `گذشته` / `پیش` / `قبل` (−1), `آینده` / `بعد` / `دیگر` (+1), `جاری` (0: only after a unit).
    Direction(i8),
    /// `این`, `همین`.
    This,
    /// `ساعت`.
    Hour,
    /// `دقیقه`.
    Minute,
    /// A part of the day.
    Period(Period),
    /// A calendar named after a year (`شمسی`, `میلادی`); `None` for a bare `هجری`.
    CalendarName(Option<Calendar>),
    /// A noun that counts things, so a bare `نه` before it is the number nine, not "no".
    Counted,
    /// A one-letter calendar abbreviation (`م.` for میلادی), read only after a date or a year
    /// of four digits.
    CalendarLetter(Calendar),
    /// `امشب`, `دیشب`, `پریشب`: a night relative to today, a TIME.
    RelNight(i8),
    /// `دهه` (decade).
    Decade,
    /// A season (`تابستان`).
    Season(Season),
    /// A word for a part of a period before it (`اواخر`, `آخر`, `ابتدای`, `پایان`).
    Edge,
    /// A vague count (`چند`, `چندین`, `هزاران`, `صدها`).
    Few,
    /// `ماه‌های` (months of): before month names.
    Months,
}

const fn s(high: i8, low: i8) -> Slots {
    Slots { high, low }
}

fn num(value: u16) -> Word {
    let slots = match value {
        0..=9 => s(0, 0),
        10..=19 => s(1, 0),
        20..=99 => s(1, 1),
        _ => s(2, 2),
    };
    Word::Num { value, slots }
}

fn ordinal(value: u16, standalone: bool) -> Word {
    match num(value) {
        Word::Num { value, slots } => Word::Ordinal { value, slots, standalone },
        w => w,
    }
}

const CARDINALS: &[(&str, u16)] = &[
    ("صفر", 0), ("یک", 1), ("دو", 2), ("سه", 3), ("چهار", 4), ("چار", 4), ("پنج", 5), ("شش", 6),
    ("شیش", 6), ("هفت", 7), ("هشت", 8), ("نه", 9), ("ده", 10), ("یازده", 11), ("دوازده", 12),
    ("سیزده", 13), ("چهارده", 14), ("چارده", 14), ("پانزده", 15), ("پونزده", 15), ("شانزده", 16),
    ("شونزده", 16), ("هفده", 17), ("هیفده", 17), ("هجده", 18), ("هیجده", 18), ("هژده", 18),
    ("نوزده", 19), ("بیست", 20), ("سی", 30), ("چهل", 40), ("پنجاه", 50), ("شصت", 60),
    ("هفتاد", 70), ("هشتاد", 80), ("نود", 90), ("صد", 100), ("یکصد", 100), ("دویست", 200),
    ("سیصد", 300), ("چهارصد", 400), ("پانصد", 500), ("پونصد", 500), ("ششصد", 600),
    ("هفتصد", 700), ("هشتصد", 800), ("نهصد", 900),
];

const SCALES: &[(&str, u8)] = &[
    ("هزار", 3), ("یکهزار", 3), ("میلیون", 6), ("ملیون", 6), ("میلیارد", 9), ("ملیارد", 9),
    ("تریلیون", 12), ("بیلیارد", 15),
];

const CURRENCIES: &[(&str, &str)] = &[
    ("ریال", "IRR"), ("تومان", "IRT"), ("تومن", "IRT"), ("دلار", "USD"), ("یورو", "EUR"),
    ("پوند", "GBP"), ("درهم", "AED"), ("لیر", "TRY"), ("لیره", "TRY"), ("روبل", "RUB"),
    ("یوآن", "CNY"), ("یوان", "CNY"), ("ین", "JPY"), ("دینار", "IQD"), ("روپیه", "INR"),
    ("فرانک", "CHF"), ("وون", "KRW"), ("افغانی", "AFN"), ("منات", "AZN"), ("درام", "AMD"),
];

/// Country words after a currency word that change or confirm its code (`ریال سعودی`).
const QUALIFIERS: &[(&str, &str, &str)] = &[
    ("دلار", "آمریکا", "USD"), ("دلار", "آمریکایی", "USD"), ("دلار", "کانادا", "CAD"),
    ("دلار", "کانادایی", "CAD"), ("دلار", "استرالیا", "AUD"), ("دلار", "استرالیایی", "AUD"),
    ("دلار", "هنگ‌کنگ", "HKD"), ("دلار", "سنگاپور", "SGD"),
    ("ریال", "ایران", "IRR"), ("ریال", "سعودی", "SAR"), ("ریال", "عربستان", "SAR"),
    ("ریال", "قطر", "QAR"), ("ریال", "عمان", "OMR"), ("ریال", "یمن", "YER"),
    ("دینار", "عراق", "IQD"), ("دینار", "عراقی", "IQD"), ("دینار", "کویت", "KWD"),
    ("دینار", "کویتی", "KWD"), ("دینار", "بحرین", "BHD"), ("دینار", "اردن", "JOD"),
    ("دینار", "الجزایر", "DZD"), ("دینار", "تونس", "TND"), ("دینار", "لیبی", "LYD"),
    ("دینار", "صربستان", "RSD"),
    ("پوند", "انگلیس", "GBP"), ("پوند", "انگلستان", "GBP"), ("پوند", "استرلینگ", "GBP"),
    ("پوند", "بریتانیا", "GBP"), ("پوند", "مصر", "EGP"),
    ("لیر", "ترکیه", "TRY"), ("لیره", "ترکیه", "TRY"), ("لیر", "لبنان", "LBP"),
    ("لیره", "لبنان", "LBP"), ("لیره", "سوریه", "SYP"),
    ("درهم", "امارات", "AED"), ("درهم", "اماراتی", "AED"), ("درهم", "مراکش", "MAD"),
    ("فرانک", "سوئیس", "CHF"), ("روپیه", "هند", "INR"), ("روپیه", "پاکستان", "PKR"),
    ("یورو", "اروپا", "EUR"), ("روبل", "روسیه", "RUB"), ("یوآن", "چین", "CNY"),
    ("ین", "ژاپن", "JPY"), ("منات", "آذربایجان", "AZN"),
];

/// Month names: calendar, month, ambiguous (also a common word or name). `صفر` (Safar, and
/// zero) is the cardinal in the table; the date grammar reads it as a month beside a day or year.
const MONTHS: &[(&str, Calendar, u8, bool)] = {
    use Calendar::{Gregorian as G, Islamic as I, Persian as P};
    &[
        ("فروردین", P, 1, false), ("اردیبهشت", P, 2, false), ("خرداد", P, 3, true),
        ("تیر", P, 4, true), ("مرداد", P, 5, true), ("امرداد", P, 5, false),
        ("شهریور", P, 6, false), ("مهر", P, 7, true), ("آبان", P, 8, true), ("آذر", P, 9, true),
        ("دی", P, 10, true), ("بهمن", P, 11, true), ("اسفند", P, 12, true),
        ("ژانویه", G, 1, false), ("ژانویهٔ", G, 1, false), ("جانویه", G, 1, false),
        ("فوریه", G, 2, false), ("فبریه", G, 2, false), ("مارس", G, 3, false),
        ("مارچ", G, 3, false), ("آوریل", G, 4, false), ("آپریل", G, 4, false),
        ("مه", G, 5, true), ("می", G, 5, true), ("ژوئن", G, 6, false), ("ژوین", G, 6, false),
        ("جون", G, 6, true), ("ژوئیه", G, 7, false), ("ژوییه", G, 7, false),
        ("جولای", G, 7, false), ("اوت", G, 8, false), ("آگوست", G, 8, false),
        ("سپتامبر", G, 9, false), ("اکتبر", G, 10, false), ("نوامبر", G, 11, false),
        ("دسامبر", G, 12, false),
        ("محرم", I, 1, true), ("ربیع‌الاول", I, 3, false),
        ("ربیع‌الأول", I, 3, false), ("ربیع‌الثانی", I, 4, false), ("ربیع‌الآخر", I, 4, false),
        ("ربیع‌الاخر", I, 4, false), ("جمادی‌الاول", I, 5, false), ("جمادی‌الاولی", I, 5, false),
        ("جمادی‌الثانی", I, 6, false), ("جمادی‌الثانیه", I, 6, false),
        ("جمادی‌الآخر", I, 6, false), ("جمادی‌الآخره", I, 6, false), ("رجب", I, 7, true),
        ("شعبان", I, 8, true), ("رمضان", I, 9, true), ("شوال", I, 10, false),
        ("ذی‌القعده", I, 11, false), ("ذیقعده", I, 11, false), ("ذوالقعده", I, 11, false),
        ("ذی‌الحجه", I, 12, false), ("ذیحجه", I, 12, false), ("ذوالحجه", I, 12, false),
    ]
};

const WEEKDAYS: &[(&str, u8)] = &[
    ("دوشنبه", 1), ("سه‌شنبه", 2), ("سشنبه", 2), ("چهارشنبه", 3), ("چارشنبه", 3),
    ("پنجشنبه", 4), ("پنج‌شنبه", 4), ("جمعه", 5), ("آدینه", 5), ("شنبه", 6), ("یکشنبه", 7),
];

fn other_words() -> Vec<(&'static str, Word)> {
    use Word::*;
    vec![
        ("اول", ordinal(1, true)), ("اولین", ordinal(1, true)), ("نخست", ordinal(1, true)),
        ("نخستین", ordinal(1, true)), ("سوم", ordinal(3, false)), ("سومین", ordinal(3, false)),
        ("سی‌ام", ordinal(30, false)), ("سی‌امین", ordinal(30, false)),
        ("ام", OrdinalSuffix), ("مین", OrdinalSuffix), ("امین", OrdinalSuffix),
        ("و", And), ("نیم", Half), ("ربع", Quarter), ("منفی", Minus),
        ("درصد", Percent), ("درصدی", Percent), ("صددرصد", FullPercent), ("٪", Percent), ("%", Percent),
        ("$", CurrencySign("USD")), ("€", CurrencySign("EUR")), ("£", CurrencySign("GBP")),
        ("﷼", CurrencySign("IRR")), ("¥", CurrencySign("JPY")),
        ("امروز", RelDay(0)), ("امشب", RelNight(0)), ("دیروز", RelDay(-1)), ("دیشب", RelNight(-1)),
        ("پریروز", RelDay(-2)), ("پریشب", RelNight(-2)), ("فردا", RelDay(1)),
        ("پس‌فردا", RelDay(2)), ("پسفردا", RelDay(2)),
        ("امسال", RelYear(0)), ("پارسال", RelYear(-1)), ("پیرارسال", RelYear(-2)),
        ("روز", Unit(self::Unit::Day)), ("هفته", Unit(self::Unit::Week)),
        ("ماه", Unit(self::Unit::Month)), ("سال", Unit(self::Unit::Year)),
        ("گذشته", Direction(-1)), ("پیش", Direction(-1)), ("قبل", Direction(-1)),
        ("آینده", Direction(1)), ("بعد", Direction(1)), ("دیگر", Direction(1)), ("جاری", Direction(0)),
        ("م", CalendarLetter(Calendar::Gregorian)),
        ("دهه", Decade), ("دهه‌های", Decade), ("ماه‌های", Months),
        ("بهار", Season(super::Season::Spring)), ("تابستان", Season(super::Season::Summer)),
        ("پاییز", Season(super::Season::Autumn)), ("پائیز", Season(super::Season::Autumn)),
        ("زمستان", Season(super::Season::Winter)),
        ("آخر", Edge), ("اواخر", Edge), ("اوایل", Edge), ("اوائل", Edge), ("اواسط", Edge),
        ("ابتدا", Edge), ("ابتدای", Edge), ("انتهای", Edge), ("پایان", Edge), ("آغاز", Edge),
        ("چند", Few), ("چندین", Few), ("هزاران", Few), ("صدها", Few),
        ("این", This), ("همین", This),
        ("ساعت", Hour), ("دقیقه", Minute),
        ("بامداد", Period(self::Period::Dawn)), ("صبح", Period(self::Period::Morning)),
        ("قبل‌ازظهر", Period(self::Period::Morning)), ("ق.ظ", Period(self::Period::Morning)),
        ("ظهر", Period(self::Period::Noon)), ("بعدازظهر", Period(self::Period::Afternoon)),
        ("ب.ظ", Period(self::Period::Afternoon)), ("عصر", Period(self::Period::Afternoon)),
        ("غروب", Period(self::Period::Afternoon)), ("شب", Period(self::Period::Night)),
        ("نیمه‌شب", Period(self::Period::Midnight)),
        ("شمسی", CalendarName(Some(Calendar::Persian))),
        ("خورشیدی", CalendarName(Some(Calendar::Persian))),
        ("هجری‌شمسی", CalendarName(Some(Calendar::Persian))),
        ("هجری‌خورشیدی", CalendarName(Some(Calendar::Persian))),
        ("ه.ش", CalendarName(Some(Calendar::Persian))),
        ("ه.خ", CalendarName(Some(Calendar::Persian))),
        ("میلادی", CalendarName(Some(Calendar::Gregorian))),
        ("قمری", CalendarName(Some(Calendar::Islamic))),
        ("هجری‌قمری", CalendarName(Some(Calendar::Islamic))),
        ("ه.ق", CalendarName(Some(Calendar::Islamic))),
        ("هجری", CalendarName(None)),
        ("نفر", Counted), ("تن", Counted), ("بار", Counted), ("عدد", Counted), ("مورد", Counted),
        ("کیلومتر", Counted), ("متر", Counted), ("کیلوگرم", Counted), ("کیلو", Counted),
        ("گرم", Counted), ("ثانیه", Counted), ("کشور", Counted), ("نوع", Counted),
    ]
}

/// First words of expressions written in two or three tokens (`ربیع الاول`, `بعد از ظهر`,
/// `پنج شنبه`, `هجری شمسی`): only after one of these is a joined key tried.
const PHRASE_HEADS: &[&str] = &[
    "ربیع", "جمادی", "ذی", "ذو", "یک", "دو", "سه", "چهار", "پنج", "بعد", "قبل", "نیمه", "پس", "هجری",
];

struct Table {
    /// The keys and their words, sorted (the trie is built from it; tests read it).
    #[cfg_attr(not(test), allow(dead_code))]
    words: Vec<(String, Word)>,
    /// The keys and phrase heads as a trie, for [`walk`].
    trie: Vec<Node>,
    qualifiers: Vec<(String, String, &'static str)>,
}

fn key_string(word: &str) -> String {
    Key::of(word).map(|k| k.as_str().to_owned()).unwrap_or_default()
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut words: Vec<(String, Word)> = Vec::new();
    for &(w, v) in CARDINALS {
        words.push((key_string(w), num(v)));
    }
    for &(w, p) in SCALES {
        words.push((key_string(w), Word::Scale(p)));
    }
    for &(w, c) in CURRENCIES {
        words.push((key_string(w), Word::Currency(c)));
    }
    for &(w, calendar, month, ambiguous) in MONTHS {
        words.push((key_string(w), Word::Month { calendar, month, ambiguous, mah: false }));
    }
    for &(w, d) in WEEKDAYS {
        words.push((key_string(w), Word::Weekday(d)));
    }
    for (w, v) in other_words() {
        words.push((key_string(w), v));
    }
    words.sort_by(|a, b| a.0.cmp(&b.0));
    words.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    let mut heads: Vec<String> = PHRASE_HEADS.iter().map(|w| key_string(w)).collect();
    heads.sort();
    let mut qualifiers: Vec<(String, String, &'static str)> =
        QUALIFIERS.iter().map(|&(c, q, code)| (key_string(c), key_string(q), code)).collect();
    qualifiers.sort();
    let mut trie = vec![Node { children: Vec::new(), word: None, head: false }];
    let entries = words.iter().map(|(k, w)| (k, Some(*w), false)).chain(heads.iter().map(|k| (k, None, true)));
    for (key, word, head) in entries {
        let mut at = 0usize;
        for c in key.chars() {
            at = match child(&trie, at, c) {
                Some(next) => next,
                None => {
                    let next = trie.len();
                    trie.push(Node { children: Vec::new(), word: None, head: false });
                    let ch = &mut trie[at].children;
                    let pos = ch.partition_point(|e| e.0 < c);
                    ch.insert(pos, (c, next as u32));
                    next
                }
            };
        }
        if word.is_some() {
            trie[at].word = word;
        }
        trie[at].head |= head;
    }
    Table { words, trie, qualifiers }
});

/// The word `token` is, if any.
#[cfg(test)]
pub(crate) fn lookup(token: &str) -> Option<Word> {
    lookup_token(token).word
}

/// The word written in `tokens` (two or three) joined, if it is a month, weekday, part of day,
/// relative day or calendar name.
pub(crate) fn lookup_phrase(tokens: &[&str]) -> Option<Word> {
    match walk(tokens.iter().flat_map(|t| t.chars()).filter_map(canonical)).word? {
        w @ (Word::Month { .. }
        | Word::Weekday(_)
        | Word::Period(_)
        | Word::RelDay(_)
        | Word::CalendarName(_)) => Some(w),
        _ => None,
    }
}

/// The code of `currency` (its canonical key's word) when followed by the country word `next`.
pub(crate) fn qualified_currency(currency: &str, next: &str) -> Option<&'static str> {
    let c = Key::of(currency)?;
    let n = Key::of(next)?;
    let t = &*TABLE;
    let i = t
        .qualifiers
        .binary_search_by(|(a, b, _)| (a.as_str(), b.as_str()).cmp(&(c.as_str(), n.as_str())))
        .ok()?;
    Some(t.qualifiers[i].2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique() {
        let t = &*TABLE;
        for pair in t.words.windows(2) {
            assert_ne!(pair[0].0, pair[1].0, "two meanings for one key: {:?} {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn variants_meet() {
        assert_eq!(lookup("یک‌صد"), lookup("یکصد"));
        assert_eq!(lookup("يك"), lookup("یک"));
        assert_eq!(lookup("ذی‌القعده"), lookup("ذیقعده").or(lookup("ذی‌القعده")));
        assert!(matches!(lookup("مهرماه"), Some(Word::Month { month: 7, mah: true, .. })));
        assert!(matches!(lookup("بیستمین"), Some(Word::Ordinal { value: 20, .. })));
        assert!(matches!(lookup("دوم"), Some(Word::Ordinal { value: 2, .. })));
        assert_eq!(lookup("سهم"), None);
        assert_eq!(lookup("سیم"), None);
        assert_eq!(lookup("دلاری"), Some(Word::Currency("USD")));
        assert_eq!(lookup("هفته‌ی"), Some(Word::Unit(Unit::Week)));
        assert_eq!(lookup_phrase(&["ربیع", "الاول"]), lookup("ربیع‌الاول"));
        assert_eq!(lookup_phrase(&["بعد", "از", "ظهر"]), Some(Word::Period(Period::Afternoon)));
        assert_eq!(qualified_currency("ریال", "سعودی"), Some("SAR"));
    }
}
