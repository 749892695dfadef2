//! Entities: names of people, organisations, places and events (a model over the tagged
//! sentence), and numbers, percentages, money, times and dates read into values ([`values`]).

pub mod values;

use crate::doc::Span;
use serde::Serialize;

pub use values::{Calendar, DateValue, Gregorian, Money, Number, TimeOfDay, Value};

/// The type of an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    /// A person.
    #[serde(rename = "PER")]
    Person,
    /// An organisation.
    #[serde(rename = "ORG")]
    Organization,
    /// A place: country, city, region, sea, mountain.
    #[serde(rename = "LOC")]
    Location,
    /// A named event.
    #[serde(rename = "EVENT")]
    Event,
    /// A number.
    #[serde(rename = "NUMBER")]
    Number,
    /// A percentage.
    #[serde(rename = "PERCENT")]
    Percent,
    /// An amount of money.
    #[serde(rename = "MONEY")]
    Money,
    /// A time of day.
    #[serde(rename = "TIME")]
    Time,
    /// A date.
    #[serde(rename = "DATE")]
    Date,
}

impl EntityType {
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
