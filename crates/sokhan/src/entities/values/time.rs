//! Times of day: `۱۸:۳۴`, `ساعت ۸`, `ساعت پنج و نیم عصر`, `ساعت ۷ و ۲۰ دقیقه`, `۸ شب`.

use super::lexicon::{Period, Word};
use super::numbers::{self, Digits};
use super::{Ctx, TimeOfDay, Value, ValueKind, ValueMatch};

/// A clock reading before its part of day.
struct Clock {
    hour: u8,
    minute: u8,
    end: usize,
    /// Written `HH:MM`.
    colon: bool,
    /// The hour is spelled out.
    hour_in_words: bool,
    /// Minutes, `نیم` or `ربع` were stated.
    has_minutes: bool,
}

fn clock(ctx: &Ctx, j: usize) -> Option<Clock> {
    if let Digits::Time { hour, minute } = ctx.digits(j) {
        return Some(Clock { hour, minute, end: j + 1, colon: true, hour_in_words: false, has_minutes: true });
    }
    let h = numbers::number(ctx, j, false).filter(|n| n.cardinal())?;
    let hour = h.integer().filter(|h| (0..=24).contains(h))?;
    let mut c = Clock {
        hour: (hour % 24) as u8,
        minute: 0,
        end: h.end,
        colon: false,
        hour_in_words: h.words,
        has_minutes: false,
    };
    if ctx.word(h.end) == Some(Word::And) {
        let k = h.end + 1;
        let minutes = match (ctx.word(k), ctx.word(k + 1)) {
            (Some(Word::Half), _) => Some((30, k + 1)),
            (Some(Word::Quarter), _) => Some((15, k + 1)),
            (Some(Word::Num { value: 3, .. }), Some(Word::Quarter)) => Some((45, k + 2)),
            _ => numbers::number(ctx, k, false)
                .filter(|n| n.cardinal())
                .and_then(|n| Some((n.integer().filter(|m| (0..60).contains(m))? as u8, n.end)))
                .map(|(m, end)| (m, if ctx.word(end) == Some(Word::Minute) { end + 1 } else { end })),
        };
        if let Some((minute, end)) = minutes {
            c.minute = minute;
            c.end = end;
            c.has_minutes = true;
        }
    }
    Some(c)
}

/// The 24-hour hour of `hour` said with `period`, when they agree.
fn with_period(hour: u8, period: Period) -> Option<u8> {
    use Period::*;
    match (hour, period) {
        (13..=23, Noon | Afternoon | Night) => Some(hour),
        (13..=23, _) => None,
        (0, Dawn | Night | Midnight) => Some(0),
        (0, _) => None,
        (12, Dawn | Night | Midnight) => Some(0),
        (12, _) => Some(12),
        (_, Dawn | Morning) => Some(hour),
        (1..=5, Noon) => Some(hour + 12),
        (_, Noon) => Some(hour),
        (_, Afternoon) => Some(hour + 12),
        (1..=4, Night | Midnight) => Some(hour),
        (_, Night) => Some(hour + 12),
        (_, Midnight) => None,
    }
}

/// TIME at `i`; `after_other` when the token before ends a date, money or percent (so a
/// number there does not count a duration: `۲۲ بهمن ۱۳۵۷ ساعت ۱۰`).
pub(crate) fn time(ctx: &Ctx, i: usize, after_other: bool) -> Option<ValueMatch> {
    let with_word = ctx.word(i) == Some(Word::Hour);
    if with_word {
        // `پنج ساعت`, `۲ ساعت ۲۰ دقیقه`: a number before `ساعت` makes it a duration.
        let after_number = i > 0
            && !after_other
            && (matches!(ctx.digits(i - 1), Digits::Number(_))
                || matches!(ctx.word(i - 1), Some(Word::Num { .. } | Word::Scale(_) | Word::Half)));
        if after_number {
            return None;
        }
    }
    let c = clock(ctx, if with_word { i + 1 } else { i })?;
    let period = match ctx.word_or_phrase(c.end) {
        Some((Word::Period(p), n)) => with_period(c.hour, p).map(|h| (h, p, n)),
        _ => None,
    };
    let (hour, end) = match period {
        Some((h, p, n)) => {
            // Without `ساعت`, a spelled-out hour before `شب` is a count of nights (`دو شب`),
            // and a bare `یک` before a part of day is "one morning".
            if !with_word && !c.colon && c.hour_in_words && (p == Period::Night || (c.hour == 1 && !c.has_minutes)) {
                return None;
            }
            (h, c.end + n)
        }
        None if with_word || c.colon => (c.hour, c.end),
        None => return None,
    };
    if !with_word && !c.colon && !(1..=12).contains(&c.hour) {
        return None;
    }
    Some(ValueMatch {
        start: i,
        end,
        kind: ValueKind::Time,
        value: Some(Value::Time(TimeOfDay { hour, minute: c.minute })),
    })
}

/// The clock time a part of day names by itself: `ظهر` noon, `نیمه‌شب` midnight; the others
/// (`صبح`, `عصر`, `شب`, …) are spans of hours, with no value.
fn period_time(p: Period) -> Option<Value> {
    match p {
        Period::Noon => Some(Value::Time(TimeOfDay { hour: 12, minute: 0 })),
        Period::Midnight => Some(Value::Time(TimeOfDay { hour: 0, minute: 0 })),
        _ => None,
    }
}

/// A part of day without a clock reading, a TIME: `امشب`, `دیشب`; a part of day with a day
/// (`ظهر دوشنبه`, `شب چهارشنبه`, `عصر روز جمعه`, `صبح امروز`, `شب گذشته`) or after one
/// (`امروز صبح`, `دوشنبه شب`); or `بعد از ظهر`, `قبل از ظهر`, `نیمه‌شب` alone. The value is
/// the hour only for noon and midnight, else none (a part of day is not an hour).
pub(crate) fn part_of_day(ctx: &Ctx, i: usize) -> Option<ValueMatch> {
    let found = |end: usize, value: Option<Value>| Some(ValueMatch { start: i, end, kind: ValueKind::Time, value });
    match ctx.word_or_phrase(i)? {
        (Word::RelNight(_), n) => found(i + n, None),
        (Word::Period(p), n) => {
            let k = i + n;
            let k_day = if ctx.word(k) == Some(Word::Unit(super::lexicon::Unit::Day)) { k + 1 } else { k };
            match ctx.word_or_phrase(k_day) {
                Some((Word::Weekday(_), m)) => return found(k_day + m, period_time(p)),
                Some((Word::RelDay(_), m)) if k_day == k => return found(k + m, period_time(p)),
                _ => {}
            }
            // `شب گذشته` (last night), `صبح روز بعد`; not `شب قبل از …`.
            if let Some(Word::Direction(d)) = ctx.word(k_day) {
                if d != 0 && (p == Period::Night || k_day > k) && ctx.tokens.get(k_day + 1) != Some(&"از") {
                    return found(k_day + 1, period_time(p));
                }
            }
            let compound = n > 1 || ctx.tokens[i].contains("از") || ctx.tokens[i].contains("نیمه");
            if compound && matches!(p, Period::Morning | Period::Afternoon | Period::Midnight) {
                return found(k, period_time(p));
            }
            None
        }
        (Word::RelDay(_) | Word::Weekday(_), n) => match ctx.word_or_phrase(i + n) {
            Some((Word::Period(p), m)) => found(i + n + m, period_time(p)),
            _ => None,
        },
        _ => None,
    }
}
