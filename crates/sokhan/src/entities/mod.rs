//! Entities: names of people, organisations, places and events (a model over the tagged
//! sentence), and numbers, percentages, money, times and dates read into values ([`values`]).

pub mod gazetteer;
pub mod ner;
pub mod values;

use crate::doc::{Sentence, Span};
use crate::morph::Lexicon;
use crate::tag::Tagger;
use serde::Serialize;

pub use ner::Recognizer;

pub use values::{Calendar, DateValue, Gregorian, Money, Number, Relative, RelativeUnit, TimeOfDay, Value};

/// The type of an entity (written as [`EntityType::name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// A place: country, city, region, sea, mountain.
    Location,
    /// A named event.
    Event,
    /// A number.
    Number,
    /// A percentage.
    Percent,
    /// An amount of money.
    Money,
    /// A time of day.
    Time,
    /// A date.
    Date,
}

impl EntityType {
    /// The type named `name` (`PER`, `ORG`, `LOC`, `EVENT`, `NUMBER`, …), if any.
    pub fn from_name(name: &str) -> Option<EntityType> {
        Some(match name {
            "PER" => EntityType::Person,
            "ORG" => EntityType::Organization,
            "LOC" => EntityType::Location,
            "EVENT" => EntityType::Event,
            "NUMBER" => EntityType::Number,
            "PERCENT" => EntityType::Percent,
            "MONEY" => EntityType::Money,
            "TIME" => EntityType::Time,
            "DATE" => EntityType::Date,
            _ => return None,
        })
    }

    /// The name written in output (`PER`, `ORG`, `DATE`, …).
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Organization => "ORG",
            EntityType::Location => "LOC",
            EntityType::Event => "EVENT",
            EntityType::Number => "NUMBER",
            EntityType::Percent => "PERCENT",
            EntityType::Money => "MONEY",
            EntityType::Time => "TIME",
            EntityType::Date => "DATE",
        }
    }
}

/// An entity: whole tokens of one sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// Bytes of the original input, from the first token's start to the last token's end.
    pub span: Span,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The original text of the span.
    pub text: String,
    /// The value of a numeric or temporal entity, when it can be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Index of the first token in its sentence.
    #[serde(skip)]
    pub first_token: usize,
    /// One past the index of the last token in its sentence.
    #[serde(skip)]
    pub end_token: usize,
}

impl Serialize for EntityType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl From<values::ValueKind> for EntityType {
    fn from(k: values::ValueKind) -> Self {
        match k {
            values::ValueKind::Number => EntityType::Number,
            values::ValueKind::Percent => EntityType::Percent,
            values::ValueKind::Money => EntityType::Money,
            values::ValueKind::Time => EntityType::Time,
            values::ValueKind::Date => EntityType::Date,
        }
    }
}

/// Reads a reference date written `YYYY-MM-DD` (Gregorian).
///
/// ```
/// let d = sokhan::entities::parse_reference_date("2008-10-06").unwrap();
/// assert_eq!((d.year, d.month, d.day), (2008, 10, 6));
/// assert!(sokhan::entities::parse_reference_date("2009-02-29").is_err());
/// ```
pub fn parse_reference_date(s: &str) -> Result<Gregorian, String> {
    let bad = || format!("{s:?} is not a date written YYYY-MM-DD (e.g. 2026-12-08)");
    let mut parts = s.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else { return Err(bad()) };
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) || !digits(d, 2) {
        return Err(bad());
    }
    let (year, month, day): (i32, u8, u8) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("{s:?}: there is no month {month}")),
    };
    if day == 0 || day > days {
        return Err(format!("{s:?}: month {month} of {year} has no day {day}"));
    }
    Ok(Gregorian { year, month, day })
}

/// The BIO label of every token of `sentence` from its entities.
pub fn token_labels(sentence: &Sentence) -> Vec<ner::Label> {
    let mut out = vec![ner::Label::O; sentence.tokens.len()];
    for e in &sentence.entities {
        for (i, l) in out.iter_mut().enumerate().take(e.end_token).skip(e.first_token) {
            *l = if i == e.first_token { ner::Label::B(e.kind) } else { ner::Label::I(e.kind) };
        }
    }
    out
}

/// What the entity stage runs with.
#[derive(Clone, Copy, Debug)]
pub struct Stage<'a> {
    /// The name recognizer; `None` finds numeric and temporal expressions only.
    pub recognizer: Option<&'a Recognizer>,
    /// The tagger whose word clusters the recognizer reads.
    pub tagger: Option<&'a Tagger>,
    /// The lexicon.
    pub lexicon: &'a Lexicon,
    /// The day relative dates (`دیروز`, `هفته گذشته`) are resolved from.
    pub reference: Option<Gregorian>,
}

impl Stage<'_> {
    /// The entities of a tagged sentence whose spans index a text of which `text` is the part
    /// from byte `base` on: names from the recognizer
    /// and expressions from the value grammars; where two overlap, the longer (in bytes) wins,
    /// then the one further left.
    pub fn find(&self, sentence: &Sentence, text: &str, base: usize) -> Vec<Entity> {
        let tokens = &sentence.tokens;
        if tokens.is_empty() {
            return Vec::new();
        }
        let norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();
        let mut candidates: Vec<(EntityType, usize, usize, Option<Value>)> =
            values::find(&norms, self.reference).into_iter().filter(|m| m.start < m.end && m.end <= tokens.len()).map(|m| (m.kind.into(), m.start, m.end, m.value)).collect();
        if let Some(r) = self.recognizer {
            candidates.extend(r.recognize(sentence, self.tagger, self.lexicon).into_iter().map(|(k, a, b)| (k, a, b, None)));
        }
        let span_of = |a: usize, b: usize| Span::new(tokens[a].span.start, tokens[b - 1].span.end);
        candidates.sort_by_key(|c| (std::cmp::Reverse(span_of(c.1, c.2).len()), c.1));
        let mut taken = vec![false; tokens.len()];
        let mut out = Vec::new();
        for (kind, a, b, value) in candidates {
            if taken[a..b].iter().any(|&t| t) {
                continue;
            }
            taken[a..b].iter_mut().for_each(|t| *t = true);
            let span = span_of(a, b);
            let text = text.get(span.start.saturating_sub(base)..span.end.saturating_sub(base)).unwrap_or_default().to_string();
            out.push(Entity { span, kind, text, value, first_token: a, end_token: b });
        }
        out.sort_by_key(|e| e.first_token);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;

    fn entities(p: &Pipeline, text: &str) -> Vec<(String, &'static str, Option<String>)> {
        p.analyze(text).entities().map(|e| (e.text.clone(), e.kind.name(), e.value.as_ref().map(|v| serde_json::to_string(v).unwrap()))).collect()
    }

    #[test]
    fn names_and_values_in_one_sentence_never_overlap() {
        let p = Pipeline::default();
        let found = entities(&p, "خبرگزاری مهر روز ۱۵ مهر ۱۳۸۷ از تهران گزارش داد که دو و نیم میلیون دلار پرداخت شد.");
        let date = found.iter().find(|e| e.1 == "DATE").expect("a date");
        assert_eq!(date.0, "روز ۱۵ مهر ۱۳۸۷");
        assert_eq!(date.2.as_deref(), Some(r#"{"calendar":"persian","year":1387,"month":7,"day":15,"iso":"2008-10-06"}"#));
        assert!(found.iter().any(|e| e.0 == "تهران" && e.1 == "LOC"), "{found:?}");
        assert!(found.iter().any(|e| e.1 == "MONEY" && e.2.as_deref() == Some(r#"{"amount":2500000,"currency":"USD"}"#)), "{found:?}");
        // The `مهر` of the date is not also a name.
        assert_eq!(found.iter().filter(|e| e.0.contains("۱۵")).count(), 1);
    }

    #[test]
    fn relative_dates_resolve_from_the_reference_date() {
        let p = Pipeline::default().without_recognizer().with_reference_date(parse_reference_date("2026-12-08").unwrap());
        let found = entities(&p, "دیروز باران آمد.");
        assert_eq!(found.len(), 1);
        assert!(found[0].2.as_deref().unwrap().contains(r#""iso":"2026-12-07""#), "{found:?}");
        let p = Pipeline::default().without_recognizer();
        let found = entities(&p, "دیروز باران آمد.");
        assert!(!found[0].2.as_deref().unwrap().contains("iso"), "{found:?}");
    }

    #[test]
    fn the_stage_can_be_switched_off() {
        assert!(Pipeline::default().without_entities().analyze("علی دیروز به تهران رفت.").entities().next().is_none());
        // Without the recognizer only values remain.
        let kinds: Vec<&str> = entities(&Pipeline::default().without_recognizer(), "علی دیروز به تهران رفت.").iter().map(|e| e.1).collect();
        assert_eq!(kinds, ["DATE"]);
    }

    #[test]
    fn token_labels_follow_the_entities() {
        let doc = Pipeline::default().analyze("علی دایی به تبریز رفت.");
        let labels: Vec<String> = token_labels(&doc.sentences[0]).into_iter().map(|l| l.name()).collect();
        assert_eq!(labels, ["B-PER", "I-PER", "O", "B-LOC", "O", "O"]);
    }

    #[test]
    fn reference_dates_are_checked() {
        assert!(parse_reference_date("2024-02-29").is_ok());
        for bad in ["2023-02-29", "2026-13-01", "2026-00-10", "2026-1-1", "yesterday", "", "2026-12-08x"] {
            assert!(parse_reference_date(bad).is_err(), "{bad}");
        }
    }
}
