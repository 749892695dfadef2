//! Numbers: tokens of digits, and the number-word grammar over tokens.

use super::lexicon::{Slots, Word};
use super::{Ctx, Number, Value, ValueKind, ValueMatch};

/// What a token made of digits says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Digits {
    /// Not a digit token (or one that reads as nothing: `۱۲/۳۴/۵`, `۲۵:۰۰`, `۱,۲,۳`).
    None,
    /// A number.
    Number(DigitNumber),
    /// A clock time `HH:MM` or `HH:MM:SS`.
    Time { hour: u8, minute: u8 },
    /// Three numbers joined by `/` or `-`: a date candidate; `lens` are their digit counts.
    Date { parts: [u32; 3], lens: [u8; 3] },
}

/// A number written in digits.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct DigitNumber {
    /// Its value (infinite for digit runs beyond `f64`).
    pub value: f64,
    /// Digits before the decimal point.
    pub int_digits: u32,
    /// No decimal part.
    pub integer: bool,
    /// Written with an ordinal suffix on the same token (`۲۲ام`, `۲۲مین`).
    pub ordinal: bool,
    /// Written with a percent sign on the same token (`12%`).
    pub percent: bool,
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '۰'..='۹' => Some(c as u32 - '۰' as u32),
        '٠'..='٩' => Some(c as u32 - '٠' as u32),
        _ => None,
    }
}

/// Whether a token starting with `c` may be a digit token.
pub(crate) fn is_digit_start(c: char) -> bool {
    digit(c).is_some()
}

/// Reads a token that starts with a digit.
pub(crate) fn parse_digits(token: &str) -> Digits {
    let mut s = token;
    let mut percent = false;
    if let Some(rest) = s.strip_suffix('%').or_else(|| s.strip_suffix('٪')) {
        s = rest;
        percent = true;
    }
    let mut ordinal = false;
    for suffix in ["مین", "ام", "م"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.strip_suffix('\u{200C}').unwrap_or(rest);
            ordinal = true;
            break;
        }
    }
    if s.contains(':') {
        return if percent || ordinal { Digits::None } else { parse_time(s) };
    }
    if s.contains('/') || s.contains('-') {
        return if percent || ordinal { Digits::None } else { parse_date(s) };
    }
    match parse_number(s) {
        Some((value, int_digits, integer)) => {
            if ordinal && !integer {
                return Digits::None;
            }
            Digits::Number(DigitNumber { value, int_digits, integer, ordinal, percent })
        }
        None => Digits::None,
    }
}

/// Digits only, at most `max` of them: their value and count.
fn small_int(s: &str, max: usize) -> Option<(u32, u8)> {
    let mut v: u32 = 0;
    let mut n = 0usize;
    for c in s.chars() {
        v = v * 10 + digit(c)?;
        n += 1;
        if n > max {
            return None;
        }
    }
    (n > 0).then_some((v, n as u8))
}

fn parse_time(s: &str) -> Digits {
    let mut parts = s.split(':');
    let (Some(h), Some(m)) = (parts.next(), parts.next()) else { return Digits::None };
    let sec = parts.next();
    if parts.next().is_some() {
        return Digits::None;
    }
    let (Some((hour, _)), Some((minute, 2))) = (small_int(h, 2), small_int(m, 2)) else {
        return Digits::None;
    };
    if let Some(sec) = sec {
        match small_int(sec, 2) {
            Some((v, 2)) if v < 60 => {}
            _ => return Digits::None,
        }
    }
    match (hour, minute) {
        (0..=23, 0..=59) => Digits::Time { hour: hour as u8, minute: minute as u8 },
        (24, 0) => Digits::Time { hour: 0, minute: 0 },
        _ => Digits::None,
    }
}

fn parse_date(s: &str) -> Digits {
    let sep = if s.contains('/') { '/' } else { '-' };
    let mut parts = [0u32; 3];
    let mut lens = [0u8; 3];
    let mut n = 0;
    for p in s.split(sep) {
        if n == 3 {
            return Digits::None;
        }
        match small_int(p, 4) {
            Some((v, l)) => {
                parts[n] = v;
                lens[n] = l;
            }
            None => return Digits::None,
        }
        n += 1;
    }
    if n == 3 {
        Digits::Date { parts, lens }
    } else {
        Digits::None
    }
}

/// A number with separators: value, digits before the decimal point, whether it is an integer.
///
/// `٫` is a decimal point and `٬` a thousands separator. A `.` is a decimal point when it is the
/// only one and the last separator; a `,` is one when it is the only one, the last separator,
/// and is not followed by exactly three digits (`۱۲,۵`) or comes after dots (`1.250,75`). Every
/// other separator must group thousands (`۱,۲۰۰,۰۰۰`, `1.200.000`), one kind throughout.
pub(crate) fn parse_number(s: &str) -> Option<(f64, u32, bool)> {
    const MAX_GROUPS: usize = 16;
    let mut lens = [0u32; MAX_GROUPS];
    let mut seps = ['\0'; MAX_GROUPS];
    let mut groups = 0usize;
    let mut cur = 0u32;
    for c in s.chars() {
        if digit(c).is_some() {
            cur = cur.saturating_add(1);
        } else if matches!(c, ',' | '٬' | '.' | '٫') {
            if cur == 0 || groups + 1 >= MAX_GROUPS {
                return None;
            }
            lens[groups] = cur;
            seps[groups] = c;
            groups += 1;
            cur = 0;
        } else {
            return None;
        }
    }
    if cur == 0 {
        return None;
    }
    lens[groups] = cur;
    let nsep = groups;
    let seps = &seps[..nsep];
    let count = |c: char| seps.iter().filter(|&&x| x == c).count();
    let decimal = match seps.last() {
        Some('٫') => Some(nsep - 1),
        Some('.') if count('.') == 1 => Some(nsep - 1),
        Some(',') if count(',') == 1 && (lens[nsep] != 3 || count('.') > 0) => Some(nsep - 1),
        _ => None,
    };
    let thousands = &seps[..decimal.unwrap_or(nsep)];
    if let Some(&first) = thousands.first() {
        if first == '٫' || thousands.iter().any(|&c| c != first) || lens[0] > 3 {
            return None;
        }
        if (1..=thousands.len()).any(|g| lens[g] != 3) {
            return None;
        }
    }
    let int_digits: u32 = lens[..=decimal.unwrap_or(nsep)].iter().fold(0u32, |a, &l| a.saturating_add(l));
    // Values: integer part exactly while it fits (2^53), then as a float; fraction digits as an
    // integer divided once, so `12.5` and `1.2` come out as their nearest doubles.
    let mut int_part = 0f64;
    let mut frac = 0f64;
    let mut frac_scale = 1f64;
    let mut seen = 0usize;
    for c in s.chars() {
        match digit(c) {
            Some(d) => {
                if decimal.is_some_and(|dp| seen > dp) {
                    if frac_scale < 1e300 {
                        frac = frac * 10.0 + d as f64;
                        frac_scale *= 10.0;
                    }
                } else {
                    int_part = int_part * 10.0 + d as f64;
                }
            }
            None => seen += 1,
        }
    }
    let value = if decimal.is_some() { int_part + frac / frac_scale } else { int_part };
    Some((value, int_digits, decimal.is_none()))
}

/// A number read from tokens `start..end`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct NumberRead {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// An ordinal (`دوم`, `۲۲ام`).
    pub ordinal: bool,
    /// One token of digits and nothing else; its digit count.
    pub digits_only: Option<u32>,
    /// Any number word in it.
    pub words: bool,
}

impl NumberRead {
    pub(crate) fn integer(&self) -> Option<i64> {
        (self.value.is_finite() && self.value.fract() == 0.0 && self.value.abs() < 1e15).then_some(self.value as i64)
    }

    pub(crate) fn cardinal(&self) -> bool {
        !self.ordinal && self.value.is_finite()
    }
}

/// The group being read (below 1000): its value and the lowest slot filled.
struct Group {
    value: f64,
    /// Lowest slot filled; `None` while empty; -1 once closed (after a digit number ≥ 1000, a
    /// decimal, or `نیم`).
    low: Option<i8>,
    /// The group is one unit word (or `سی`) so far, which a following `صد` multiplies.
    multipliable: bool,
}

/// Reads the longest number starting at token `i`. With `half`, `و نیم` adds a half
/// (`دو و نیم` 2.5); times read their halves themselves.
///
/// Each token is looked at once and the reading stops at the first token that cannot continue
/// it, so the cost is linear in the length read (plus one or two tokens).
pub(crate) fn number(ctx: &Ctx, i: usize, half: bool) -> Option<NumberRead> {
    let mut total = 0f64;
    let mut last_scale: Option<u8> = None;
    let mut g = Group { value: 0.0, low: None, multipliable: false };
    let mut after_and = false;
    let mut after_scale = false;
    let mut words = false;
    let mut best: Option<NumberRead> = None;
    let mut j = i;
    let mut finished = false;
    while j < ctx.len() && !finished {
        let fits = |slots: Slots, g: &Group| g.low.is_none_or(|low| slots.high < low);
        let mut ordinal = false;
        match (ctx.digits(j), ctx.word(j)) {
            (Digits::Number(d), _) => {
                if j == i {
                    g.value = d.value;
                    g.low = Some(if d.integer && d.value < 1000.0 { 0 } else { -1 });
                    ordinal = d.ordinal;
                    finished = d.ordinal || d.percent;
                } else if after_and && d.integer && d.value < 1000.0 && !d.ordinal && !d.percent {
                    let high = d.int_digits.min(3) as i8 - 1;
                    if !fits(Slots { high, low: 0 }, &g) {
                        break;
                    }
                    g.value += d.value;
                    g.low = Some(0);
                } else {
                    break;
                }
                g.multipliable = false;
            }
            (_, Some(Word::Num { value, slots })) => {
                let v = value as f64;
                if value == 100 && !after_and && g.multipliable && j > i {
                    g.value = if g.value == 30.0 { 300.0 } else { g.value * 100.0 };
                    g.low = Some(2);
                    g.multipliable = false;
                } else if (j == i || after_and) && fits(slots, &g) {
                    g.multipliable = g.low.is_none() && (value <= 9 || value == 30) && value > 0;
                    g.value += v;
                    g.low = Some(slots.low);
                } else {
                    break;
                }
                words = true;
            }
            (_, Some(Word::Ordinal { value, slots, standalone })) => {
                if standalone {
                    if j != i {
                        break;
                    }
                } else if !((j == i || after_and) && fits(slots, &g)) {
                    break;
                }
                g.value += value as f64;
                ordinal = true;
                finished = true;
                words = true;
            }
            (_, Some(Word::Scale(p) | Word::OrdinalScale(p))) => {
                if after_and {
                    break;
                }
                let s = 10f64.powi(p as i32);
                if g.low.is_none() && after_scale && last_scale.is_some_and(|l| p > l) {
                    total *= s;
                } else if last_scale.is_none_or(|l| p < l) {
                    let gv = if g.low.is_none() {
                        if last_scale.is_some() {
                            break;
                        }
                        1.0
                    } else {
                        g.value
                    };
                    total += gv * s;
                } else {
                    break;
                }
                last_scale = Some(p);
                g = Group { value: 0.0, low: None, multipliable: false };
                after_scale = true;
                words = true;
                if matches!(ctx.word(j), Some(Word::OrdinalScale(_))) {
                    ordinal = true;
                    finished = true;
                }
                best = Some(NumberRead { start: i, end: j + 1, value: total, ordinal, digits_only: None, words });
                j += 1;
                after_and = false;
                continue;
            }
            (_, Some(Word::And)) if j > i && !after_and => {
                after_and = true;
                j += 1;
                continue;
            }
            (_, Some(Word::Half)) if half && after_and => {
                if g.low.is_some() {
                    g.value += 0.5;
                    g.low = Some(-1);
                } else if let Some(p) = last_scale {
                    total += 0.5 * 10f64.powi(p as i32);
                    finished = true;
                } else {
                    break;
                }
                g.multipliable = false;
            }
            (_, Some(Word::OrdinalSuffix)) if j > i && !after_and && best.is_some_and(|b| b.integer().is_some()) => {
                ordinal = true;
                finished = true;
            }
            _ => break,
        }
        after_and = false;
        after_scale = false;
        let digits_only = match ctx.digits(i) {
            Digits::Number(d) if j == i => Some(d.int_digits),
            _ => None,
        };
        best = Some(NumberRead { start: i, end: j + 1, value: total + g.value, ordinal, digits_only, words });
        j += 1;
    }
    best
}

/// A NUMBER match at `i`: the number read there (`read`), or `منفی` and a number.
pub(crate) fn number_match(ctx: &Ctx, i: usize, read: Option<&NumberRead>) -> Option<ValueMatch> {
    let (start, n) = match read {
        Some(n) => (i, *n),
        None if ctx.word(i) == Some(Word::Minus) => {
            let n = number(ctx, i + 1, true).filter(|n| n.cardinal())?;
            (i, NumberRead { value: -n.value, ..n })
        }
        None => return None,
    };
    // A bare `نه` is "no" unless something counted follows it.
    if n.end == start + 1 && ctx.word(start) == Some(Word::Num { value: 9, slots: Slots { high: 0, low: 0 } }) {
        let counted = matches!(
            ctx.word(start + 1),
            Some(Word::Counted | Word::Unit(_) | Word::Hour | Word::Minute | Word::Percent | Word::Currency(_))
        );
        if !counted {
            return None;
        }
    }
    let value = n.value.is_finite().then_some(Value::Number(Number(n.value)));
    Some(ValueMatch { start, end: n.end, kind: ValueKind::Number, value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::values::find;

    fn read(text: &str) -> Option<f64> {
        let tokens: Vec<&str> = text.split(' ').collect();
        let m = find(&tokens, None);
        match (m.as_slice(), m.first().and_then(|m| m.value.clone())) {
            ([one], Some(Value::Number(Number(v)))) if one.start == 0 && one.end == tokens.len() => Some(v),
            _ => None,
        }
    }

    #[test]
    fn digits_with_separators() {
        assert_eq!(parse_number("۱,۲۰۰,۰۰۰"), Some((1_200_000.0, 7, true)));
        assert_eq!(parse_number("۱٬۲۰۰"), Some((1200.0, 4, true)));
        assert_eq!(parse_number("۳٫۵"), Some((3.5, 1, false)));
        assert_eq!(parse_number("12.5"), Some((12.5, 2, false)));
        assert_eq!(parse_number("1,250.75"), Some((1250.75, 4, false)));
        assert_eq!(parse_number("1.200.000"), Some((1_200_000.0, 7, true)));
        assert_eq!(parse_number("۱۲,۵"), Some((12.5, 2, false)));
        assert_eq!(parse_number("١٢٣"), Some((123.0, 3, true)));
        assert_eq!(parse_number("1,2,3"), None);
        assert_eq!(parse_number("12."), None);
        assert_eq!(parse_number("1234,567"), None);
        assert!(parse_number(&"9".repeat(5000)).is_some_and(|(v, n, _)| v.is_infinite() && n == 5000));
    }

    #[test]
    fn digit_tokens() {
        assert_eq!(parse_digits("۱۸:۳۴"), Digits::Time { hour: 18, minute: 34 });
        assert_eq!(parse_digits("۲۳:۱۵:۰۰"), Digits::Time { hour: 23, minute: 15 });
        assert_eq!(parse_digits("۲:۱"), Digits::None);
        assert_eq!(parse_digits("25:00"), Digits::None);
        assert_eq!(parse_digits("1390/05/01"), Digits::Date { parts: [1390, 5, 1], lens: [4, 2, 2] });
        assert_eq!(parse_digits("5/6"), Digits::None);
        assert!(matches!(parse_digits("۲۲ام"), Digits::Number(DigitNumber { value: 22.0, ordinal: true, .. })));
        assert!(matches!(parse_digits("12%"), Digits::Number(DigitNumber { value: 12.0, percent: true, .. })));
    }

    #[test]
    fn number_words() {
        assert_eq!(read("چهار صد"), Some(400.0));
        assert_eq!(read("چهارصد"), Some(400.0));
        assert_eq!(read("یک صد"), Some(100.0));
        assert_eq!(read("یک‌صد"), Some(100.0));
        assert_eq!(read("سی صد"), Some(300.0));
        assert_eq!(read("سی‌صد"), Some(300.0));
        assert_eq!(read("یک میلیون و دویست هزار و سیصد و پنجاه و هفت"), Some(1_200_357.0));
        assert_eq!(read("دو و نیم میلیون"), Some(2_500_000.0));
        assert_eq!(read("دو میلیون و نیم"), Some(2_500_000.0));
        assert_eq!(read("۱۲ هزار و ۵۰۰"), Some(12_500.0));
        assert_eq!(read("سه هزار و چهارصد"), Some(3400.0));
        assert_eq!(read("هزار"), Some(1000.0));
        assert_eq!(read("۳٫۵ میلیارد"), Some(3.5e9));
        assert_eq!(read("هزار میلیارد"), Some(1e12));
        assert_eq!(read("صد هزار"), Some(100_000.0));
        assert_eq!(read("نهصد و نود و نه هزار و نهصد و نود و نه"), Some(999_999.0));
        assert_eq!(read("بیست و دوم"), Some(22.0));
        assert_eq!(read("سومین"), Some(3.0));
        assert_eq!(read("صدم"), Some(100.0));
        assert_eq!(read("دو هزارم"), Some(2000.0));
        assert_eq!(read("سی ام"), Some(30.0));
        assert_eq!(read("منفی ۵"), Some(-5.0));
        // Not one number.
        assert_eq!(read("بیست سه"), None);
        assert_eq!(read("سه و بیست"), None);
        assert_eq!(read("صدها"), None);
    }

    /// Round trip: numbers written out in words read back to themselves.
    #[test]
    fn words_round_trip() {
        fn below_1000(n: u32, out: &mut Vec<&'static str>) {
            const UNITS: [&str; 20] = [
                "", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "یازده", "دوازده",
                "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده",
            ];
            const TENS: [&str; 10] = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"];
            const HUNDREDS: [&str; 10] =
                ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"];
            let mut parts = Vec::new();
            if n >= 100 {
                parts.push(HUNDREDS[(n / 100) as usize]);
            }
            let r = n % 100;
            if r >= 20 {
                parts.push(TENS[(r / 10) as usize]);
                if !r.is_multiple_of(10) {
                    parts.push(UNITS[(r % 10) as usize]);
                }
            } else if r > 0 {
                parts.push(UNITS[r as usize]);
            }
            for (k, p) in parts.into_iter().enumerate() {
                if k > 0 {
                    out.push("و");
                }
                out.push(p);
            }
        }
        fn words(n: u64) -> String {
            let mut out: Vec<&str> = Vec::new();
            for (scale, name) in [(1_000_000_000u64, "میلیارد"), (1_000_000, "میلیون"), (1000, "هزار"), (1, "")] {
                let g = ((n / scale) % 1000) as u32;
                if g == 0 {
                    continue;
                }
                if !out.is_empty() {
                    out.push("و");
                }
                below_1000(g, &mut out);
                if !name.is_empty() {
                    out.push(name);
                }
            }
            out.join(" ")
        }
        let mut n: u64 = 1;
        while n < 999_999_999_999 {
            assert_eq!(read(&words(n)), Some(n as f64), "{n}: {}", words(n));
            n = n * 7 + 13;
        }
        for n in 1..=2000u64 {
            // A bare `نه` is "no" (see `number_match`); `نه نفر` is nine.
            let want = (n != 9).then_some(n as f64);
            assert_eq!(read(&words(n)), want, "{n}: {}", words(n));
        }
    }
}
