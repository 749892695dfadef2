//! Percentages and amounts of money: a number and the word or sign after (or before) it.

use super::lexicon::{self, Word};
use super::numbers::{self, Digits, NumberRead};
use super::{Ctx, Money, Number, Value, ValueKind, ValueMatch};

/// The number read at `i` (`read`), or `منفی` and the number after it, negated.
fn signed(ctx: &Ctx, i: usize, read: Option<&NumberRead>) -> Option<NumberRead> {
    match read {
        Some(n) => Some(*n),
        None if ctx.word(i) == Some(Word::Minus) => {
            let n = numbers::number(ctx, i + 1, true)?;
            Some(NumberRead { start: i, value: -n.value, ..n })
        }
        None => None,
    }
}

/// PERCENT at `i`: `۱۲ درصد`, `۱۲٪`, `٪۱۲`, `بیست و پنج درصد`, `صد در صد`, `صددرصد`.
pub(crate) fn percent(ctx: &Ctx, i: usize, read: Option<&NumberRead>) -> Option<ValueMatch> {
    let hit = |end: usize, v: f64| {
        Some(ValueMatch { start: i, end, kind: ValueKind::Percent, value: Some(Value::Number(Number(v)))})
    };
    if ctx.word(i) == Some(Word::FullPercent) {
        return hit(i + 1, 100.0);
    }
    // `٪۵۰`: the sign before the number, as some right-to-left text writes it.
    if ctx.word(i) == Some(Word::Percent) && matches!(ctx.tokens[i], "٪" | "%") {
        if let Some(n) = numbers::number(ctx, i + 1, true).filter(|n| n.cardinal() && n.digits_only.is_some()) {
            return hit(n.end, n.value);
        }
    }
    let hundred = |j: usize| matches!(ctx.word(j), Some(Word::Num { value: 100, .. }));
    if hundred(i) && ctx.tokens.get(i + 1) == Some(&"در") && hundred(i + 2) {
        return hit(i + 3, 100.0);
    }
    let n = signed(ctx, i, read).filter(|n| n.cardinal())?;
    if let Digits::Number(d) = ctx.digits(n.end - 1) {
        if d.percent && n.end == i + 1 {
            return hit(n.end, n.value);
        }
    }
    match ctx.word(n.end) {
        Some(Word::Percent) => hit(n.end + 1, n.value),
        _ => None,
    }
}

/// MONEY at `i`: a number and a currency word (with a country after it: `ریال سعودی`), or a
/// currency sign before or after the number (`$۲۰`).
pub(crate) fn money(ctx: &Ctx, i: usize, read: Option<&NumberRead>) -> Option<ValueMatch> {
    let hit = |end: usize, amount: f64, currency: &'static str| {
        Some(ValueMatch {
            start: i,
            end,
            kind: ValueKind::Money,
            value: Some(Value::Money(Money { amount: Number(amount), currency })),
        })
    };
    if let Some(Word::CurrencySign(code)) = ctx.word(i) {
        let n = numbers::number(ctx, i + 1, true).filter(|n| n.cardinal() && n.value >= 0.0)?;
        return hit(n.end, n.value, code);
    }
    let n = signed(ctx, i, read).filter(|n| n.cardinal())?;
    match ctx.word(n.end) {
        Some(Word::Currency(code)) => {
            let qualified = ctx
                .tokens
                .get(n.end + 1)
                .and_then(|next| lexicon::qualified_currency(ctx.tokens[n.end], next));
            match qualified {
                Some(q) => hit(n.end + 2, n.value, q),
                None => hit(n.end + 1, n.value, code),
            }
        }
        Some(Word::CurrencySign(code)) => hit(n.end + 1, n.value, code),
        _ => None,
    }
}
