//! Value grammars: numbers, percentages, money, times of day and dates read from the
//! normalized tokens of a sentence into values.
//!
//! Rules, not a model: [`find`] scans a sentence's tokens and returns the longest expressions
//! it can read, left to right, without overlaps. At each token every grammar (date, time, money,
//! percent, number) proposes its longest reading; the longest wins (on a tie the earlier grammar
//! in that list), and the scan goes on after it.
//!
//! ```
//! use sokhan::entities::values::{find, ValueKind};
//! let m = find(&["دو", "و", "نیم", "میلیون", "دلار"], None);
//! assert_eq!((m[0].start, m[0].end, m[0].kind), (0, 5, ValueKind::Money));
//! assert_eq!(serde_json::to_string(&m[0].value).unwrap(), r#"{"amount":2500000,"currency":"USD"}"#);
//! ```
//!
//! # What is read, and the choices made
//! - **Numbers**: digits in Persian, Arabic-Indic or Latin script, with `٬` `,` (thousands) and
//!   `٫` `.` (decimal) separators (one `.` or one `,` not followed by exactly three digits is a
//!   decimal point); number words with `و` (`یک میلیون و دویست هزار و سیصد و پنجاه و هفت`),
//!   a unit before `صد` multiplies (`چهار صد` = 400, `سی صد` is read as `سیصد` = 300), scales
//!   multiply what precedes them (`۳٫۵ میلیارد`, `هزار میلیارد`), `و نیم` adds a half
//!   (`دو و نیم میلیون` = 2,500,000, `دو میلیون و نیم` too). A bare `هزار` is 1000; plural
//!   scales (`صدها`, `میلیون‌ها`) and fractions alone (`نیم`, `ربع`) are not values. `منفی` before
//!   a number negates it. Ordinals (`دوم`, `بیست و دوم`, `سومین`, `نخستین`, `اول`, `۲۲ام`) are
//!   NUMBERs with their number. Every numeral is a number, `یک` as an indefinite article too
//!   (`یک روز` → 1): telling the article from the numeral is left to the tagger. The one
//!   exception is a bare `نه`, far more often "no" than "nine": it is a number only before a
//!   scale or a counted noun (`نه نفر`, `نه سال`).
//! - **Percent**: a number and `درصد` / `درصدی` / `٪` / `%`; `صد در صد` = 100.
//! - **Money**: a number and a currency word (ISO 4217 code; `IRT` for the toman), optionally a
//!   country after it that fixes the code (`دلار کانادا` CAD, `ریال سعودی` SAR); the adjective
//!   forms `دلاری`, `ریالی`, `یورویی` count; a sign before or after (`$۲۰`). A bare `دینار`
//!   is taken for the Iraqi dinar (IQD), the one most written about in Persian; a bare `پوند`
//!   for sterling.
//! - **Time**: `۱۸:۳۴` (and `HH:MM:SS`); `ساعت` + hour, then optionally `و` + minutes (with or
//!   without `دقیقه`) / `نیم` / `ربع` / `سه ربع`, then optionally a part of day; or an hour with a
//!   part of day without `ساعت` (`۸ شب`). Parts of
//!   day move the hour (`عصر`, `بعد از ظهر` +12; `شب` +12 from 5 to 11, 12 → 0; `بامداد` 12 → 0).
//!   A spelled-out hour before `شب` needs `ساعت` (`دو شب` is "two nights"); a number before
//!   `ساعت` is a duration (`پنج ساعت`), never a time.
//! - **Parts of day** without a clock reading are TIMEs too: `امشب`, `دیشب`, `پریشب`; a part of
//!   day with a day (`ظهر دوشنبه`, `شب چهارشنبه`, `عصر روز جمعه`, `صبح امروز`, `صبح روز بعد`,
//!   `شب گذشته`) or after one (`امروز صبح`, `فردا شب`, `دوشنبه شب`); `بعد از ظهر`, `قبل از
//!   ظهر`, `نیمه‌شب` alone (a bare `صبح`, `عصر` — also "era" —, `شب` is not). Their value is
//!   the hour only where the words name one, `ظهر` 12:00 and `نیمه‌شب` 00:00; otherwise none (a
//!   part of day is a span of hours, not an hour; the day it is on is not in the value either).
//! - **Dates**: see [`DateValue`] for the shape. Day + month [+ year] [+ calendar word]; month +
//!   year; `سال` + year; year + calendar word (`۱۳۸۷ ه.ش`, `هجری قمری`, `میلادی`); numeric dates
//!   `۱۳۹۰/۰۵/۰۱`, `۱۳۹۰-۰۵-۰۱`, `۰۶/۱۰/۲۰۰۸`; an optional weekday (and `روز`) in front. A
//!   month name that is also a common word or name (`مهر`, `دی`, `تیر`, `خرداد`, `بهمن`, `آذر`,
//!   `می`, `مه`, `جون`, `محرم`, `صفر`, `رجب`, `رمضان`, …) is a date only beside a day, a year
//!   or `ماه`. Years without a calendar word: 1300–1500 Persian, 1501–2200 Gregorian, others are
//!   no date (`سال ۹۹۹۹۹` is a NUMBER). A bare `هجری` is read as solar (Iranian usage).
//!   Relative dates: `امروز`, `دیروز`, `فردا`, `پریروز`, `پس‌فردا`, `امشب`, `دیشب`, `امسال`,
//!   `پارسال`, unit + direction (`هفته گذشته`, `ماه آینده`, `سال قبل`), `این هفته`, number +
//!   unit + direction (`سه روز بعد`, `دو هفته قبل`), weekday + direction (`دوشنبه گذشته`);
//!   `جاری` is "this" after a unit (`سال جاری`, `ماه جاری`). `قبل از`, `بعد از`, `پیش از` are
//!   prepositions, so `یک ماه قبل از سفر` is no relative date. A vague count (`چند روز پیش`,
//!   `چندین ماه قبل`, `هزاران سال پیش`) is a DATE without a value.
//! - **Years in two digits**, Iranian usage: `سال ۸۸` = 1388, `سال ۰۲` = 1402 (a leading zero
//!   is the 1400s), after `سال`, a Persian month (`بهمن ۵۷`; after a month that is also a common
//!   word only with `ماه`, a day, or `در`/`از`/`تا`/a qualifier before it) or a season; never
//!   before a word that makes the number a count (`سال ۹۰ درصد`, `دی ۱۲ نفر`). `سال` + a year
//!   of four digits from 1000 to 1299 is a DATE without a value: solar or lunar Hijri (or
//!   Gregorian), the text does not say. Four digits alone are a year only after `متولد` or
//!   alone in parentheses (`« ژنرال » ( ۱۹۲۷ )`). `م.` after a numeric date or a four-digit
//!   year is `میلادی`.
//! - **Decades**: `دهه ۶۰`, `دهه هشتاد` (Persian: the 1360s, 1380s), `دههٔ ۱۹۴۰`, `دهه ۹۰
//!   میلادی` (1990s), `دهه‌های ۶۰ و ۷۰` (one span, the value of the first):
//!   `{"calendar":"persian","year":1360,"decade":true}`. `دهه فجر` (the ten days of Fajr) is
//!   `{"calendar":"persian","month":11}`.
//! - **Seasons** with a year: `تابستان ۱۳۲۴` → `{"calendar":"persian","year":1324,
//!   "season":"summer"}`; with a relative year (`زمستان امسال`, `پاییز سال گذشته`) the year is
//!   the reference's Persian year moved by the offset, and `relative` is set
//!   (`{"calendar":"persian","year":1405,"season":"winter","relative":{"offset":0,"unit":"year"}}`).
//!   A season alone (`بهار زندگی`) is no date. A month with a relative year (`فروردین سال
//!   آینده`, `آذرماه امسال`) reads the same way; two months joined by `و` before a year are one
//!   span (`ماه‌های ژانویه و فوریهٔ سال جاری میلادی`, the value of the first).
//! - **Qualifiers** before a month, year, decade or season (`آخر سپتامبر`, `اواخر سال ۱۳۸۷`,
//!   `اوایل دههٔ ۶۰`, `ابتدای مهرماه`, `پایان`, `آغاز`, `اواسط`), and the first or last months
//!   of a year (`سه ماه اول امسال`, `شش ماه نخست سال ۲۰۱۰`) are in the span, not in the value
//!   (which is the inner date's). A day may take `ماه` before its month (`اول ماه ژوئن ۲۰۱۰`).
//! - **Not dates**: a day and month after a street word (`خیابان ۱۵ خرداد`, `میدان ۷ تیر`),
//!   a weekday after `نماز` (`نماز جمعه`).
//! - **Calendars**: conversion by `icu_calendar`. The lunar Hijri calendar is the Umm al-Qura one
//!   (KACST tables, Saudi Arabia): Iran's official lunar calendar follows sightings announced
//!   each month, which no library can predict; the two agree most months and differ by a day in
//!   some. A day without a year gets its Gregorian `iso` from the reference date's year in that
//!   calendar (the `year` field stays absent, as the text does not state it).

mod amounts;
mod dates;
mod lexicon;
mod numbers;
mod time;

use lexicon::Word;
use numbers::Digits;
use serde::{Serialize, Serializer};

/// A Gregorian calendar day, e.g. the reference date relative expressions are resolved from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gregorian {
    /// Year (astronomical numbering).
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

/// A numeric value; written to JSON as an integer when it is one (and fits), else as a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

/// An amount of money.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Money {
    /// The amount in units of the currency.
    pub amount: Number,
    /// ISO 4217 code (`IRR`, `IRT` for the toman, `USD`, `EUR`, `GBP`, …).
    pub currency: &'static str,
}

/// A time of day, written to JSON as `"HH:MM"` (24 hours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeOfDay {
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", self.hour, self.minute))
    }
}

/// The calendar a date is stated in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// Solar Hijri (the Iranian calendar: فروردین … اسفند).
    Persian,
    /// Gregorian (ژانویه … دسامبر).
    Gregorian,
    /// Lunar Hijri (محرم … ذی‌الحجه).
    Islamic,
}

/// A date with the fields the text states, and the Gregorian day when it is known.
///
/// JSON shapes (reference date 2026-12-08):
/// - `دوشنبه ۱۵ مهر ۱۳۸۷` →
///   `{"calendar":"persian","year":1387,"month":7,"day":15,"iso":"2008-10-06","weekday":1}`
///   (the weekday is as written, not checked against the day);
/// - `مهر ۱۳۸۷` → `{"calendar":"persian","year":1387,"month":7}`; `سال ۲۰۰۸` →
///   `{"calendar":"gregorian","year":2008}`; `ماه رمضان` → `{"calendar":"islamic","month":9}`;
/// - `۱۵ مهر` → `{"calendar":"persian","month":7,"day":15,"iso":"2026-10-07"}`: the year is
///   not stated, `iso` takes the reference date's year in that calendar (no `iso` without a
///   reference date);
/// - a weekday alone, `روز سه‌شنبه` → `{"calendar":"gregorian","weekday":2}`;
/// - relative dates (`دیروز`, `سه روز بعد`, `دوشنبه گذشته`): see [`Relative`];
/// - a decade, `دهه ۶۰` → `{"calendar":"persian","year":1360,"decade":true}`; a season,
///   `تابستان ۱۳۲۴` → `{"calendar":"persian","year":1324,"season":"summer"}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateValue {
    /// The calendar the fields are in.
    pub calendar: Calendar,
    /// Year, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Month, 1–12, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month: Option<u8>,
    /// Day of the month, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub day: Option<u8>,
    /// The Gregorian day as `YYYY-MM-DD`, when the day is known or resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// The weekday the text names, ISO 8601 numbering (1 = Monday … 7 = Sunday; `شنبه` is 6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weekday: Option<u8>,
    /// For a decade (`دهه ۶۰`, `دههٔ ۱۹۴۰`): `true`, and `year` is the decade's first year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decade: Option<bool>,
    /// For a season (`تابستان ۱۳۲۴`, `زمستان امسال`): which one; `year` is the year it is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub season: Option<Season>,
    /// For a relative date (`دیروز`, `سه روز بعد`): its offset from the reference date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<Relative>,
}

/// A season of a [`DateValue`] (`"season":"summer"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Season {
    /// بهار.
    Spring,
    /// تابستان.
    Summer,
    /// پاییز.
    Autumn,
    /// زمستان.
    Winter,
}

/// The offset of a relative date from the reference date: `سه روز پیش` is `{offset: -3,
/// unit: Day}`, `هفته آینده` `{offset: 1, unit: Week}`, `دوشنبه گذشته` `{offset: -1, unit:
/// Weekday}` (the Monday before the reference date).
///
/// A relative date is a [`DateValue`] in the Gregorian calendar. With a reference date, its
/// `year`, `month`, `day` and `iso` are the reference date moved by the offset (for a week, month
/// or year: the same day that many weeks, months or years away; the unit says how precise it
/// is); without one, only `relative` (and `weekday`) are set:
/// `{"calendar":"gregorian","year":2026,"month":12,"day":7,"iso":"2026-12-07","relative":{"offset":-1,"unit":"day"}}`
/// or `{"calendar":"gregorian","relative":{"offset":-1,"unit":"day"}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Relative {
    /// How many units from the reference date; negative is earlier.
    pub offset: i32,
    /// The unit of the offset.
    pub unit: RelativeUnit,
}

/// The unit of a [`Relative`] offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RelativeUnit {
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Years.
    Year,
    /// Occurrences of the stated weekday (−1: the last one before the reference date).
    Weekday,
}

/// A value read from text.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A number or percentage.
    Number(Number),
    /// An amount of money.
    Money(Money),
    /// A time of day.
    Time(TimeOfDay),
    /// A date.
    Date(DateValue),
}

/// What kind of expression a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// A cardinal or ordinal number.
    Number,
    /// A percentage.
    Percent,
    /// An amount of money.
    Money,
    /// A time of day.
    Time,
    /// A date, absolute or relative.
    Date,
}

/// An expression found by [`find`]: tokens `start..end` of the sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueMatch {
    /// Index of the first token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// What it is.
    pub kind: ValueKind,
    /// Its value, when it can be read (a digit run too long for a float has none; a relative
    /// date without a reference date still has one, with its offset: see [`Relative`]).
    pub value: Option<Value>,
}


/// Finds the numbers, percentages, money amounts, times and dates among a sentence's
/// normalized tokens (as [`crate::Token::norm`]), sorted and without overlaps.
///
/// `reference` is the day relative dates (`دیروز`, `هفته آینده`) count from, and the year given
/// to a day stated without one (`۱۵ مهر`).
///
/// ```
/// use sokhan::entities::values::{find, Gregorian, ValueKind};
/// let today = Gregorian { year: 2026, month: 12, day: 8 };
/// let m = find(&["دوشنبه", "۱۵", "مهر", "۱۳۸۷", "و", "دیروز"], Some(today));
/// assert_eq!(m.len(), 2);
/// assert_eq!((m[0].start, m[0].end, m[0].kind), (0, 4, ValueKind::Date));
/// let json = serde_json::to_value(&m[0].value).unwrap();
/// assert_eq!(json["iso"], "2008-10-06");
/// assert_eq!(serde_json::to_value(&m[1].value).unwrap()["iso"], "2026-12-07");
/// ```
pub fn find(tokens: &[&str], reference: Option<Gregorian>) -> Vec<ValueMatch> {
    // Most sentences hold no value: look for a token that can start one before building
    // anything for the sentence.
    let Some(first) = tokens.iter().position(|t| Lex::of(t).starts()) else {
        return Vec::new();
    };
    let mut lex: Vec<Lex> = Vec::with_capacity(tokens.len());
    lex.resize(first, Lex::NONE);
    lex.extend(tokens[first..].iter().map(|t| Lex::of(t)));
    for (j, l) in lex.iter_mut().enumerate() {
        if l.phrase_head {
            l.phrase = phrase_at(tokens, j);
        }
    }
    let ctx = Ctx { tokens, lex, reference };
    let mut out = Vec::new();
    let mut i = first;
    while i < tokens.len() {
        let after_other = out.last().is_some_and(|m: &ValueMatch| m.end == i && m.kind != ValueKind::Number);
        match ctx.best_at(i, after_other) {
            Some(m) => {
                i = m.end;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

fn phrase_at(tokens: &[&str], j: usize) -> Option<(Word, u8)> {
    for len in [3usize, 2] {
        if let Some(ts) = tokens.get(j..j + len) {
            if let Some(w) = lexicon::lookup_phrase(ts) {
                return Some((w, len as u8));
            }
        }
    }
    None
}

/// What one token is to the grammars.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lex {
    /// The known word it is.
    pub word: Option<Word>,
    /// What its digits say.
    pub digits: Digits,
    /// The token is `صفر` (zero, and the month Safar).
    pub safar: bool,
    /// The token is a hyphen (`۱۳۹۰ - ۰۵ - ۰۱` after segmentation).
    pub dash: bool,
    /// The token may start a phrase of several tokens.
    pub phrase_head: bool,
    /// The phrase starting here, with its length in tokens.
    pub phrase: Option<(Word, u8)>,
}

impl Lex {
    const NONE: Lex =
        Lex { word: None, digits: Digits::None, safar: false, dash: false, phrase_head: false, phrase: None };

    fn of(token: &str) -> Lex {
        let Some(c) = token.chars().next() else { return Lex::NONE };
        let mut l = Lex::NONE;
        if numbers::is_digit_start(c) {
            l.digits = numbers::parse_digits(token);
            return l;
        }
        if token == "-" || token == "\u{2010}" || token == "\u{2013}" {
            l.dash = true;
            return l;
        }
        // Only Arabic-script words and a few signs are in the lexicon.
        if !matches!(c, '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' | '$' | '€' | '£' | '¥' | '%') {
            return l;
        }
        let found = lexicon::lookup_token(token);
        l.word = found.word;
        l.phrase_head = found.head;
        // `صفر` is the only key for zero.
        l.safar = matches!(found.word, Some(Word::Num { value: 0, .. }));
        l
    }

    /// Whether an expression can start at this token.
    fn starts(&self) -> bool {
        if self.phrase_head || !matches!(self.digits, Digits::None) {
            return true;
        }
        matches!(
            self.word,
            Some(
                Word::Num { .. }
                    | Word::Scale(_)
                    | Word::Ordinal { .. }
                    | Word::OrdinalScale(_)
                    | Word::Month { .. }
                    | Word::Weekday(_)
                    | Word::RelDay(_)
                    | Word::RelYear(_)
                    | Word::Unit(_)
                    | Word::This
                    | Word::Hour
                    | Word::Minus
                    | Word::CurrencySign(_)
                    | Word::FullPercent
                    | Word::Percent
                    | Word::Period(_)
                    | Word::RelNight(_)
                    | Word::Decade
                    | Word::Season(_)
                    | Word::Edge
                    | Word::Few
                    | Word::Months
            )
        )
    }
}

/// A sentence being read.
pub(crate) struct Ctx<'a, 'b> {
    pub tokens: &'a [&'b str],
    pub lex: Vec<Lex>,
    pub reference: Option<Gregorian>,
}

impl Ctx<'_, '_> {
    pub(crate) fn len(&self) -> usize {
        self.tokens.len()
    }

    /// The single-token word at `j`.
    pub(crate) fn word(&self, j: usize) -> Option<Word> {
        self.lex.get(j).and_then(|l| l.word)
    }

    /// The word at `j`, a phrase of several tokens first: the word and its length.
    pub(crate) fn word_or_phrase(&self, j: usize) -> Option<(Word, usize)> {
        let l = self.lex.get(j)?;
        match l.phrase {
            Some((w, n)) => Some((w, n as usize)),
            None => l.word.map(|w| (w, 1)),
        }
    }

    pub(crate) fn digits(&self, j: usize) -> Digits {
        self.lex.get(j).map_or(Digits::None, |l| l.digits)
    }

    fn best_at(&self, i: usize, after_other: bool) -> Option<ValueMatch> {
        let l = &self.lex[i];
        if !l.starts() && !l.safar {
            return None;
        }
        let number = numbers::number(self, i, true);
        let candidates = [
            dates::date(self, i, number.as_ref()),
            time::time(self, i, after_other),
            time::part_of_day(self, i),
            amounts::money(self, i, number.as_ref()),
            amounts::percent(self, i, number.as_ref()),
            numbers::number_match(self, i, number.as_ref()),
        ];
        let mut best: Option<ValueMatch> = None;
        for m in candidates.into_iter().flatten() {
            if best.as_ref().is_none_or(|b| m.end > b.end) {
                best = Some(m);
            }
        }
        best
    }
}

/// What [`number_words`] says of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberWord {
    /// Not a number word of a number written in words.
    No,
    /// A cardinal below a thousand (`سی`, `پنج`, `سیصد`).
    Cardinal,
    /// A scale word (`هزار`, `میلیون`, `میلیارد`).
    Scale,
}

/// Which of a sentence's normalized tokens are cardinal number words (`سی`, `پنج`, `هزار`,
/// `میلیون`) of a number written in two or more words that [`find`] reads (`سی و پنج هزار`,
/// `پنج و نیم`): the words the tagger must call `NUM`, decided with the grammar's rules for
/// ambiguous words (a bare `نه` is "no"). A single number word is left to the tagger (PerDT
/// tags `یک` of `هر یک` and `هیچ یک` a noun).
pub fn number_words(tokens: &[&str]) -> Vec<NumberWord> {
    use lexicon::Word;
    let mut out = vec![NumberWord::No; tokens.len()];
    for m in find(tokens, None) {
        let words: Vec<Option<Word>> = tokens[m.start..m.end.min(tokens.len())].iter().map(|t| lexicon::lookup_token(t).word).collect();
        let parts = words.iter().filter(|w| matches!(w, Some(Word::Num { .. } | Word::Scale(_) | Word::Half | Word::Quarter))).count();
        if parts < 2 {
            continue;
        }
        for (k, w) in words.iter().enumerate() {
            out[m.start + k] = match w {
                Some(Word::Num { .. }) => NumberWord::Cardinal,
                Some(Word::Scale(_)) => NumberWord::Scale,
                _ => NumberWord::No,
            };
        }
    }
    out
}
