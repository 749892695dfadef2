//! Dates: day + month + year in three calendars, numeric dates, years, months, weekdays and
//! relative dates; calendar arithmetic by `icu_calendar`.

use super::lexicon::{Unit, Word};
use super::numbers::{self, Digits, NumberRead};
use super::{Calendar, Ctx, DateValue, Gregorian, Relative, RelativeUnit, Season, Value, ValueKind, ValueMatch};
use icu_calendar::cal::{Hijri, Persian};
use icu_calendar::options::DateAddOptions;
use icu_calendar::types::DateDuration;
use icu_calendar::Date;

/// Years the calendar library is asked about (it supports about ±9999; text beyond is no date).
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

fn from_icu<A: icu_calendar::AsCalendar>(d: &Date<A>) -> Option<Gregorian> {
    let g = d.to_calendar(icu_calendar::Gregorian);
    Some(Gregorian { year: g.year().extended_year(), month: g.month().ordinal, day: g.day_of_month().0 })
}

fn icu_gregorian(g: Gregorian) -> Option<Date<icu_calendar::Gregorian>> {
    Date::try_new_gregorian(g.year, g.month, g.day).ok()
}

/// The Gregorian day of `year-month-day` in `calendar`, if that day exists.
pub(crate) fn to_gregorian(calendar: Calendar, year: i32, month: u8, day: u8) -> Option<Gregorian> {
    if !YEARS.contains(&year) {
        return None;
    }
    match calendar {
        Calendar::Persian => from_icu(&Date::try_new_persian(year, month, day).ok()?),
        Calendar::Islamic => {
            from_icu(&Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?)
        }
        Calendar::Gregorian => from_icu(&Date::try_new_gregorian(year, month, day).ok()?),
    }
}

/// The year that the Gregorian day `g` falls in, in `calendar`.
fn year_in(calendar: Calendar, g: Gregorian) -> Option<i32> {
    let d = icu_gregorian(g)?;
    Some(match calendar {
        Calendar::Persian => d.to_calendar(Persian).year().extended_year(),
        Calendar::Islamic => d.to_calendar(Hijri::new_umm_al_qura()).year().extended_year(),
        Calendar::Gregorian => g.year,
    })
}

/// ISO weekday of `g`: 1 Monday … 7 Sunday.
fn weekday_of(g: Gregorian) -> Option<u8> {
    Some(icu_gregorian(g)?.weekday() as u8)
}

/// `g` moved by `n` units (a month or year later keeps the day, or the month's last day).
fn shift(g: Gregorian, unit: RelativeUnit, n: i32) -> Option<Gregorian> {
    let duration = match unit {
        RelativeUnit::Day | RelativeUnit::Weekday => DateDuration::for_days(n),
        RelativeUnit::Week => DateDuration::for_weeks(n),
        RelativeUnit::Month => DateDuration::for_months(n),
        RelativeUnit::Year => DateDuration::for_years(n),
    };
    let d = icu_gregorian(g)?.try_added_with_options(duration, DateAddOptions::default()).ok()?;
    from_icu(&d).filter(|g| YEARS.contains(&g.year))
}

fn iso(g: Gregorian) -> String {
    format!("{:04}-{:02}-{:02}", g.year, g.month, g.day)
}

fn max_days(calendar: Calendar, month: u8) -> u8 {
    match calendar {
        Calendar::Persian => match month {
            1..=6 => 31,
            _ => 30,
        },
        Calendar::Gregorian => match month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        },
        Calendar::Islamic => 30,
    }
}

/// The calendar of a year written without a calendar name, for `سال ۱۳۸۷` and `سال ۲۰۰۸`.
fn calendar_of_year(year: i64) -> Option<Calendar> {
    match year {
        1300..=1500 => Some(Calendar::Persian),
        1501..=2200 => Some(Calendar::Gregorian),
        _ => None,
    }
}

/// The calendar of a numeric date's year (`۱۳۹۰/۰۵/۰۱`, `۲۰۰۸/۱۰/۰۶`).
fn calendar_of_numeric(year: u32) -> Option<Calendar> {
    match year {
        1300..=1500 => Some(Calendar::Persian),
        1800..=2200 => Some(Calendar::Gregorian),
        _ => None,
    }
}

/// A date as stated, with `iso` when the day is known (the year from the reference if unstated).
fn stated(ctx: &Ctx, calendar: Calendar, year: Option<i32>, month: Option<u8>, day: Option<u8>) -> Option<DateValue> {
    let mut iso_day = None;
    if let (Some(m), Some(d)) = (month, day) {
        match year {
            Some(y) => iso_day = Some(to_gregorian(calendar, y, m, d)?),
            None => {
                if d == 0 || d > max_days(calendar, m) {
                    return None;
                }
                let y = ctx.reference.and_then(|r| year_in(calendar, r));
                iso_day = y.and_then(|y| to_gregorian(calendar, y, m, d));
            }
        }
    } else if year.is_some_and(|y| !YEARS.contains(&y)) {
        return None;
    }
    Some(DateValue { calendar, year, month, day, iso: iso_day.map(iso), weekday: None, decade: None, season: None, relative: None })
}

/// A relative date: the reference moved by `offset` units, or just the offset.
fn relative(ctx: &Ctx, unit: RelativeUnit, offset: i32) -> DateValue {
    let day = ctx.reference.and_then(|r| shift(r, unit, offset));
    DateValue {
        calendar: Calendar::Gregorian,
        year: day.map(|g| g.year),
        month: day.map(|g| g.month),
        day: day.map(|g| g.day),
        iso: day.map(iso),
        weekday: None,
        decade: None,
        season: None,
        relative: Some(Relative { offset, unit }),
    }
}

fn number_at(ctx: &Ctx, j: usize, at_i: Option<(usize, Option<&NumberRead>)>) -> Option<NumberRead> {
    match at_i {
        Some((i, n)) if i == j => n.copied(),
        _ => numbers::number(ctx, j, true),
    }
}

/// A month name at `j` (with `ماه` after it): calendar, month, ambiguous, `ماه` seen, end.
fn month_at(ctx: &Ctx, j: usize) -> Option<(Calendar, u8, bool, bool, usize)> {
    let (calendar, month, ambiguous, mah, end) = match ctx.word_or_phrase(j) {
        Some((Word::Month { calendar, month, ambiguous, mah }, n)) => (calendar, month, ambiguous, mah, j + n),
        _ if ctx.lex.get(j).is_some_and(|l| l.safar) => (Calendar::Islamic, 2, true, false, j + 1),
        _ => return None,
    };
    if !mah && ctx.word(end) == Some(Word::Unit(Unit::Month)) {
        return Some((calendar, month, ambiguous, true, end + 1));
    }
    Some((calendar, month, ambiguous, mah, end))
}

/// A calendar name at `j` that agrees with `calendar` (a bare `هجری` agrees with the two Hijri
/// calendars): its length.
fn suffix_for(ctx: &Ctx, j: usize, calendar: Calendar) -> usize {
    match ctx.word_or_phrase(j) {
        Some((Word::CalendarName(Some(c)), n)) if c == calendar => n,
        Some((Word::CalendarName(None), n)) if calendar != Calendar::Gregorian => n,
        Some((Word::CalendarLetter(c), n)) if c == calendar => n,
        _ => 0,
    }
}

/// A calendar name or one-letter abbreviation (`م.`) at `j`, after a numeric date or a year
/// of four digits: the calendar and its length.
fn calendar_after(ctx: &Ctx, j: usize, letter_ok: bool) -> Option<(Calendar, usize)> {
    match ctx.word_or_phrase(j) {
        Some((Word::CalendarName(c), n)) => Some((c.unwrap_or(Calendar::Persian), n)),
        Some((Word::CalendarLetter(c), n)) if letter_ok => Some((c, n)),
        _ => None,
    }
}

/// A Persian year written with two digits at `j` (`سال ۸۸` 1388, `بهمن ۵۷` 1357, `سال ۰۲`
/// 1402): not before a word that makes the number a count (`سال ۹۰ درصد`, `دی ۱۲ نفر`).
fn two_digit_year(ctx: &Ctx, j: usize) -> Option<(i32, usize)> {
    let Digits::Number(d) = ctx.digits(j) else { return None };
    if d.int_digits != 2 || !d.integer || d.ordinal || d.percent {
        return None;
    }
    let counts = matches!(
        ctx.word_or_phrase(j + 1),
        Some((Word::Counted | Word::Unit(_) | Word::Percent | Word::Currency(_) | Word::Scale(_) | Word::Hour | Word::Minute | Word::CalendarName(_) | Word::CalendarLetter(_), _))
    ) || matches!(ctx.digits(j + 1), Digits::Number(_));
    if counts {
        return None;
    }
    let v = d.value as i32;
    Some((if v < 10 { 1400 + v } else { 1300 + v }, j + 1))
}

/// A year relative to this one at `j`: `امسال`, `پارسال`, `سال گذشته`, `سال جاری`, `سال
/// آینده` (not `سال بعد از …`): the offset and the end.
fn year_relative(ctx: &Ctx, j: usize) -> Option<(i32, usize)> {
    match (ctx.word(j), ctx.word(j + 1)) {
        (Some(Word::RelYear(n)), _) => Some((n as i32, j + 1)),
        (Some(Word::Unit(Unit::Year)), Some(Word::Direction(d))) if !before_az(ctx, j + 2) => Some((d as i32, j + 2)),
        _ => None,
    }
}

/// `از` at `j`: `قبل از`, `بعد از`, `پیش از` are prepositions ("before …"), not directions.
fn before_az(ctx: &Ctx, j: usize) -> bool {
    ctx.tokens.get(j) == Some(&"از")
}

/// A month, season or period in a year relative to this one (`فروردین امسال`, `زمستان سال
/// گذشته`): the year is the reference's year in `calendar` moved by the offset.
fn in_relative_year(ctx: &Ctx, calendar: Calendar, offset: i32, month: Option<u8>, season: Option<Season>) -> DateValue {
    let year = ctx.reference.and_then(|r| year_in(calendar, r)).map(|y| y + offset);
    DateValue {
        calendar,
        year,
        month,
        day: None,
        iso: None,
        weekday: None,
        decade: None,
        season,
        relative: Some(Relative { offset, unit: RelativeUnit::Year }),
    }
}

/// A year after a month name at `j`: at least 1000 (or any from 1 with a calendar name after
/// it), digits or words, not an ordinal.
fn year_after_month(ctx: &Ctx, j: usize, calendar: Calendar, two_digit: bool) -> Option<(i32, usize)> {
    if two_digit && calendar == Calendar::Persian {
        if let Some(y) = two_digit_year(ctx, j) {
            return Some(y);
        }
    }
    let n = numbers::number(ctx, j, false).filter(|n| n.cardinal())?;
    let y = n.integer()?;
    let suffix = suffix_for(ctx, n.end, calendar);
    let ok = if suffix > 0 { (1..=9999).contains(&y) } else { (1000..=9999).contains(&y) };
    ok.then_some((y as i32, n.end + suffix))
}

/// A date that is not relative, starting at `j`.
fn absolute(ctx: &Ctx, j: usize, at_i: Option<(usize, Option<&NumberRead>)>) -> Option<(DateValue, usize)> {
    let mut best: Option<(DateValue, usize)> = None;
    let mut offer = |v: Option<(DateValue, usize)>| {
        if let Some(v) = v {
            if best.as_ref().is_none_or(|b| v.1 > b.1) {
                best = Some(v);
            }
        }
    };
    offer(numeric(ctx, j));
    let n = number_at(ctx, j, at_i);
    // Day + month [+ year] [+ calendar name].
    if let Some(day) = n.filter(|n| n.digits_only.is_none_or(|d| d <= 2)).and_then(|n| Some((n.integer()?, n.end))) {
        let after_mah = (ctx.word(day.1) == Some(Word::Unit(Unit::Month)) && n.is_some_and(|n| n.ordinal || n.digits_only.is_some()))
            .then(|| month_at(ctx, day.1 + 1))
            .flatten();
        if let (1..=31, Some((calendar, month, _, _, k))) = (day.0, month_at(ctx, day.1).or(after_mah)) {
            let (year, end) = match year_after_month(ctx, k, calendar, true) {
                Some((y, end)) => (Some(y), end),
                None => (None, k),
            };
            offer(stated(ctx, calendar, year, Some(month), Some(day.0 as u8)).map(|v| (v, end)));
        }
    }
    // [ماه] month [+ year], or a month alone when it cannot be another word.
    let (after_mah, mah_before) = if matches!(ctx.word(j), Some(Word::Unit(Unit::Month) | Word::Months)) { (j + 1, true) } else { (j, false) };
    if let Some((calendar, month, ambiguous, mah, mut k)) = month_at(ctx, after_mah) {
        let sure = !ambiguous || mah || mah_before;
        // A two-digit year after a month that is also a common word needs a preposition or
        // a qualifier before it (`در بهمن ۵۷`, `اواخر دی ۹۸`; not `مهر ۱۲ نفر`).
        let two_digit = sure
            || j.checked_sub(1).is_some_and(|p| matches!(ctx.tokens[p], "در" | "از" | "تا") || ctx.word(p) == Some(Word::Edge));
        // `ژانویه و فوریهٔ سال جاری`: a second month of the same calendar, when a year follows.
        if ctx.word(k) == Some(Word::And) {
            if let Some((c2, _, _, _, k2)) = month_at(ctx, k + 1).filter(|m| m.0 == calendar) {
                if year_after_month(ctx, k2, c2, two_digit).is_some() || year_relative(ctx, k2).is_some() {
                    k = k2;
                }
            }
        }
        match year_after_month(ctx, k, calendar, two_digit) {
            Some((y, end)) => offer(stated(ctx, calendar, Some(y), Some(month), None).map(|v| (v, end))),
            None => match year_relative(ctx, k) {
                Some((offset, end)) => {
                    let end = end + suffix_for(ctx, end, calendar);
                    offer(Some((in_relative_year(ctx, calendar, offset, Some(month), None), end)));
                }
                None if sure => offer(stated(ctx, calendar, None, Some(month), None).map(|v| (v, k))),
                None => {}
            },
        }
    }
    // `سال` + year [+ calendar name], or a year + calendar name.
    let (after_sal, sal) = if ctx.word(j) == Some(Word::Unit(Unit::Year)) { (j + 1, true) } else { (j, false) };
    let year = if sal { numbers::number(ctx, after_sal, false) } else { n };
    if let Some((y, k)) = year.filter(|n| n.cardinal()).and_then(|n| Some((n.integer()?, n.end))) {
        let four = year.is_some_and(|n| n.digits_only == Some(4)) || sal && y >= 1000;
        let named = calendar_after(ctx, k, four);
        let calendar = match named {
            Some((c, len)) if (1..=9999).contains(&y) => Some((c, k + len)),
            _ if sal => calendar_of_year(y).map(|c| (c, k)),
            _ => None,
        };
        if sal && calendar.is_none() {
            if let Some((y, end)) = two_digit_year(ctx, after_sal) {
                offer(stated(ctx, Calendar::Persian, Some(y), None, None).map(|v| (v, end)));
            }
        }
        if let Some((c, end)) = calendar {
            offer(stated(ctx, c, Some(y as i32), None, None).map(|v| (v, end)));
        }
    }
    best
}

/// A numeric date at `j`: one token `۱۳۹۰/۰۵/۰۱`, or five `۱۳۹۰ - ۰۵ - ۰۱`; a calendar name may
/// follow.
fn numeric(ctx: &Ctx, j: usize) -> Option<(DateValue, usize)> {
    let part = |k: usize| match ctx.digits(k) {
        Digits::Number(d) if d.integer && !d.ordinal && !d.percent && d.int_digits <= 4 => {
            Some((d.value as u32, d.int_digits as u8))
        }
        _ => None,
    };
    let dash = |k: usize| ctx.lex.get(k).is_some_and(|l| l.dash);
    let (parts, lens, end) = match ctx.digits(j) {
        Digits::Date { parts, lens } => (parts, lens, j + 1),
        _ => {
            let (a, b, c) = (part(j)?, part(j + 2)?, part(j + 4)?);
            if !(dash(j + 1) && dash(j + 3)) {
                return None;
            }
            ([a.0, b.0, c.0], [a.1, b.1, c.1], j + 5)
        }
    };
    let (year, mut month, mut day) = match lens {
        [4, 1..=2, 1..=2] => (parts[0], parts[1], parts[2]),
        [1..=2, 1..=2, 4] => (parts[2], parts[1], parts[0]),
        _ => return None,
    };
    let (calendar, end) = match calendar_after(ctx, end, true) {
        Some((c, n)) => (c, end + n),
        None => (calendar_of_numeric(year)?, end),
    };
    // A day-first Gregorian date whose "month" is over 12 is American: month first.
    if calendar == Calendar::Gregorian && lens[2] == 4 && month > 12 && day <= 12 {
        std::mem::swap(&mut month, &mut day);
    }
    let (m, d) = (u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    Some((stated(ctx, calendar, Some(year as i32), Some(m), Some(d))?, end))
}

/// A relative date at `j`.
fn relative_at(ctx: &Ctx, j: usize, at_i: Option<(usize, Option<&NumberRead>)>) -> Option<(DateValue, usize)> {
    let unit_of = |u: Unit| match u {
        Unit::Day => RelativeUnit::Day,
        Unit::Week => RelativeUnit::Week,
        Unit::Month => RelativeUnit::Month,
        Unit::Year => RelativeUnit::Year,
    };
    match ctx.word_or_phrase(j) {
        Some((Word::RelDay(n), len)) => return Some((relative(ctx, RelativeUnit::Day, n as i32), j + len)),
        Some((Word::RelYear(n), len)) => return Some((relative(ctx, RelativeUnit::Year, n as i32), j + len)),
        _ => {}
    }
    match (ctx.word(j), ctx.word(j + 1)) {
        (Some(Word::Unit(u)), Some(Word::Direction(d))) if !before_az(ctx, j + 2) && (d != 0 || u != Unit::Day) => {
            return Some((relative(ctx, unit_of(u), d as i32), j + 2));
        }
        (Some(Word::This), Some(Word::Unit(u @ (Unit::Week | Unit::Month)))) => {
            return Some((relative(ctx, unit_of(u), 0), j + 2));
        }
        _ => {}
    }
    let n = number_at(ctx, j, at_i).filter(|n| n.cardinal())?;
    let count = n.integer().filter(|c| (1..=10_000).contains(c))? as i32;
    match (ctx.word(n.end), ctx.word(n.end + 1)) {
        (Some(Word::Unit(u)), Some(Word::Direction(d))) if d != 0 && !before_az(ctx, n.end + 2) => {
            Some((relative(ctx, unit_of(u), count * d as i32), n.end + 2))
        }
        _ => None,
    }
}

/// A weekday at `j` and what follows it: a date (`دوشنبه ۱۵ مهر ۱۳۸۷`), a direction
/// (`دوشنبه گذشته`), or nothing.
fn with_weekday(ctx: &Ctx, j: usize) -> Option<(DateValue, usize)> {
    let Some((Word::Weekday(wd), len)) = ctx.word_or_phrase(j) else { return None };
    // `نماز جمعه` is the Friday prayer.
    if j > 0 && ctx.tokens[j - 1] == "نماز" {
        return None;
    }
    let k = j + len;
    if let Some((mut v, end)) = absolute(ctx, k, None) {
        if v.day.is_some() {
            v.weekday = Some(wd);
            return Some((v, end));
        }
    }
    if let Some(Word::Direction(d @ (-1 | 1))) = ctx.word(k).filter(|_| !before_az(ctx, k + 1)) {
        let day = ctx.reference.and_then(|r| {
            let today = weekday_of(r)? as i32;
            let delta = if d < 0 { -((today - wd as i32 + 6).rem_euclid(7) + 1) } else { (wd as i32 - today + 6).rem_euclid(7) + 1 };
            shift(r, RelativeUnit::Day, delta)
        });
        let v = DateValue {
            calendar: Calendar::Gregorian,
            year: day.map(|g| g.year),
            month: day.map(|g| g.month),
            day: day.map(|g| g.day),
            iso: day.map(iso),
            weekday: Some(wd),
            decade: None,
            season: None,
            relative: Some(Relative { offset: d as i32, unit: RelativeUnit::Weekday }),
        };
        return Some((v, k + 1));
    }
    let v = DateValue { calendar: Calendar::Gregorian, year: None, month: None, day: None, iso: None, weekday: Some(wd), decade: None, season: None, relative: None };
    Some((v, k))
}

/// A decade at `j`: `دهه ۶۰` / `دهه هشتاد` (Persian, 1360s / 1380s), `دههٔ ۱۹۴۰`, `دهه ۹۰
/// میلادی` (1990s), `دهه‌های ۶۰ و ۷۰` (the value is the first); `دهه فجر` (the ten days of
/// Fajr, in Bahman) [+ a year or a relative year].
fn decade(ctx: &Ctx, j: usize) -> Option<(DateValue, usize)> {
    if ctx.word(j) != Some(Word::Decade) {
        return None;
    }
    if ctx.tokens.get(j + 1) == Some(&"فجر") {
        let k = j + 2;
        if let Some((offset, end)) = year_relative(ctx, k) {
            return Some((in_relative_year(ctx, Calendar::Persian, offset, Some(11), None), end));
        }
        let (year, end) = match year_after_month(ctx, k, Calendar::Persian, true) {
            Some((y, end)) => (Some(y), end),
            None => (None, k),
        };
        return Some((stated(ctx, Calendar::Persian, year, Some(11), None)?, end));
    }
    // A decade number: 10…90 (the 13xx of the Persian calendar unless a calendar follows) or
    // a year ending in 0.
    let read = |k: usize| {
        let n = numbers::number(ctx, k, false).filter(|n| n.cardinal())?;
        let v = n.integer().filter(|v| v % 10 == 0)?;
        match v {
            10..=90 => Some((v as i32, false, n.end)),
            1000..=2200 => Some((v as i32, true, n.end)),
            _ => None,
        }
    };
    let (v, full, mut end) = read(j + 1)?;
    while ctx.word(end) == Some(Word::And) {
        match read(end + 1) {
            Some((_, f, e)) if f == full => end = e,
            _ => break,
        }
    }
    let (calendar, year) = match (calendar_after(ctx, end, true), full) {
        (Some((c, n)), _) => {
            end += n;
            (c, if full { v } else if c == Calendar::Gregorian { 1900 + v } else { 1300 + v })
        }
        (None, true) => (calendar_of_year(v as i64)?, v),
        (None, false) => (Calendar::Persian, 1300 + v),
    };
    let mut value = stated(ctx, calendar, Some(year), None, None)?;
    value.decade = Some(true);
    Some((value, end))
}

/// A season with its year at `j`: `تابستان ۱۳۲۴`, `بهار سال ۲۰۱۹`, `زمستان امسال`, `پاییز سال
/// گذشته` (a season alone is no date: `بهار زندگی`).
fn season(ctx: &Ctx, j: usize) -> Option<(DateValue, usize)> {
    let Some(Word::Season(season)) = ctx.word(j) else { return None };
    if let Some((offset, end)) = year_relative(ctx, j + 1) {
        let (calendar, end) = match calendar_after(ctx, end, false) {
            Some((c, n)) => (c, end + n),
            None => (Calendar::Persian, end),
        };
        return Some((in_relative_year(ctx, calendar, offset, None, Some(season)), end));
    }
    let (mut v, end) = match absolute(ctx, j + 1, None) {
        Some((v, end)) if v.month.is_none() && v.decade.is_none() && v.year.is_some() => (v, end),
        _ => match numbers::number(ctx, j + 1, false).filter(|n| n.digits_only == Some(4) && n.cardinal()) {
            Some(n) => {
                let y = n.integer()?;
                (stated(ctx, calendar_of_year(y)?, Some(y as i32), None, None)?, n.end)
            }
            None => {
                let (y, end) = two_digit_year(ctx, j + 1)?;
                (stated(ctx, Calendar::Persian, Some(y), None, None)?, end)
            }
        },
    };
    v.season = Some(season);
    Some((v, end))
}

/// Words before a day and month that make them a street's name (`خیابان ۱۵ خرداد`).
const STREETS: &[&str] = &["خیابان", "میدان", "بلوار", "بزرگراه", "کوچه", "پل", "خ", "ایستگاه"];

/// DATE at `i`; `read` is the number read at `i`, if any.
pub(crate) fn date(ctx: &Ctx, i: usize, read: Option<&NumberRead>) -> Option<ValueMatch> {
    let at_i = Some((i, read));
    let mut best: Option<(DateValue, usize)> = None;
    let mut offer = |v: Option<(DateValue, usize)>| {
        if let Some(v) = v {
            if best.as_ref().is_none_or(|b| v.1 > b.1) {
                best = Some(v);
            }
        }
    };
    offer(absolute(ctx, i, at_i));
    offer(relative_at(ctx, i, at_i));
    offer(with_weekday(ctx, i));
    offer(decade(ctx, i));
    offer(season(ctx, i));
    match ctx.word(i) {
        // `روز` before a weekday or a day and month.
        Some(Word::Unit(Unit::Day)) => {
            offer(with_weekday(ctx, i + 1));
            offer(absolute(ctx, i + 1, None).filter(|(v, _)| v.day.is_some()));
        }
        // `اواخر سال ۱۳۸۷`, `آخر سپتامبر`, `اوایل دهه ۶۰`: the qualifier is in the span, not
        // in the value.
        Some(Word::Edge) => {
            let k = i + 1;
            let inner = [absolute(ctx, k, None), decade(ctx, k), season(ctx, k), year_relative(ctx, k).map(|(o, e)| (relative(ctx, RelativeUnit::Year, o), e))];
            for v in inner.into_iter().flatten() {
                if v.0.day.is_none() {
                    offer(Some(v));
                }
            }
        }
        _ => {}
    }
    // `سه ماه اول امسال`, `شش ماه نخست سال ۲۰۱۰`: the first or last months of a year; the
    // value is the year's.
    if let Some(n) = read.filter(|n| n.cardinal() && n.integer().is_some_and(|m| (1..12).contains(&m))) {
        let first_or_last = matches!(ctx.word(n.end + 1), Some(Word::Ordinal { value: 1, standalone: true, .. } | Word::Edge))
            || ctx.tokens.get(n.end + 1) == Some(&"پایانی");
        if ctx.word(n.end) == Some(Word::Unit(Unit::Month)) && first_or_last {
            let k = n.end + 2;
            match year_relative(ctx, k) {
                Some((o, e)) => offer(Some((in_relative_year(ctx, Calendar::Persian, o, None, None), e))),
                None => offer(absolute(ctx, k, None).filter(|(v, _)| v.month.is_none() && v.decade.is_none())),
            }
        }
    }
    // A year of four digits alone, where it cannot be a count: `متولد ۱۹۷۰`, `( ۱۹۲۱ )`.
    if let Some(n) = read.filter(|n| n.digits_only == Some(4) && n.cardinal()) {
        let prev = i.checked_sub(1).map(|p| ctx.tokens[p]);
        let framed = prev == Some("(") && ctx.tokens.get(n.end) == Some(&")");
        if framed || matches!(prev, Some("متولد" | "متولّد")) {
            let y = n.integer().unwrap_or(0);
            offer(calendar_of_year(y).and_then(|c| stated(ctx, c, Some(y as i32), None, None)).map(|v| (v, n.end)));
        }
    }
    if let Some((v, _)) = &best {
        if v.day.is_some() && i > 0 && STREETS.contains(&ctx.tokens[i - 1]) {
            return None;
        }
    }
    // Dates read without a value: `سال ۱۰۳۴` (a year between 1000 and 1299 is a Hijri year,
    // solar or lunar, or a Gregorian one: the text does not say), `چند روز پیش`.
    let best_end = best.as_ref().map_or(i, |b| b.1);
    let unread = match (ctx.word(i), ctx.word(i + 1), ctx.word(i + 2)) {
        (Some(Word::Unit(Unit::Year)), _, _) => numbers::number(ctx, i + 1, false)
            .filter(|n| n.digits_only == Some(4) && n.integer().is_some_and(|y| (1000..1300).contains(&y)))
            .map(|n| n.end),
        (Some(Word::Few), Some(Word::Unit(_)), Some(Word::Direction(-1 | 1))) if !before_az(ctx, i + 3) => Some(i + 3),
        _ => None,
    };
    if let Some(end) = unread.filter(|&e| e > best_end) {
        return Some(ValueMatch { start: i, end, kind: ValueKind::Date, value: None });
    }
    let (v, end) = best?;
    Some(ValueMatch { start: i, end, kind: ValueKind::Date, value: Some(Value::Date(v)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        let g = |y, m, d| Some(Gregorian { year: y, month: m, day: d });
        assert_eq!(to_gregorian(Calendar::Persian, 1387, 7, 15), g(2008, 10, 6));
        assert_eq!(to_gregorian(Calendar::Persian, 1357, 11, 22), g(1979, 2, 11));
        assert_eq!(to_gregorian(Calendar::Islamic, 1445, 10, 1), g(2024, 4, 10));
        assert_eq!(to_gregorian(Calendar::Persian, 1387, 7, 31), None);
        assert_eq!(to_gregorian(Calendar::Persian, 1387, 13, 1), None);
        assert_eq!(to_gregorian(Calendar::Persian, 1387, 1, 0), None);
        assert_eq!(to_gregorian(Calendar::Gregorian, 99999, 1, 1), None);
        let _ = to_gregorian(Calendar::Islamic, 9999, 12, 30);
        let _ = to_gregorian(Calendar::Persian, 9999, 12, 30);
        let r = Gregorian { year: 2026, month: 12, day: 8 };
        assert_eq!(year_in(Calendar::Persian, r), Some(1405));
        assert_eq!(weekday_of(r), Some(2));
        assert_eq!(shift(r, RelativeUnit::Month, -1), g(2026, 11, 8));
        assert_eq!(shift(Gregorian { year: 9999, month: 12, day: 31 }, RelativeUnit::Year, 5000), None);
    }
}
