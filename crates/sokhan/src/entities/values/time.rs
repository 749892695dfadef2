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
