//! One JSON Lines record: only the id and text fields are decoded; other fields are skipped
//! without being built, and a text without escapes is borrowed, not copied.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The two fields of a record that matter.
#[derive(Debug)]
pub struct Record<'a> {
    pub id: Option<String>,
    pub text: Cow<'a, str>,
}

/// Why a record cannot be read, with its id when the id field was read before the fault.
#[derive(Debug)]
pub struct Bad {
    pub id: Option<String>,
    pub reason: String,
}

/// Parses one record (already checked to be UTF-8, so serde_json does not check it again);
/// the error says what is wrong, with serde_json's column, and keeps the id when it was
/// readable (a record whose text is missing, null or not a string is still named by its id).
pub fn parse<'a>(line: &'a str, text_field: &str, id_field: &str) -> Result<Record<'a>, Bad> {
    let mut de = serde_json::Deserializer::from_str(line);
    let mut id = None;
    let seed = RecordSeed { text_field, id_field, id: &mut id };
    let text = match seed.deserialize(&mut de).and_then(|text| de.end().map(|()| text)) {
        Ok(text) => text,
        Err(e) => return Err(Bad { id, reason: format!("malformed JSON record: {e}") }),
    };
    let reason = match text {
        Some(Text::Str(text)) => return Ok(Record { id, text }),
        None => format!("the record has no field {text_field:?} (choose the text field with --text-field)"),
        Some(Text::Null) => format!("the text field {text_field:?} is null"),
        Some(Text::Other(what)) => format!("the text field {text_field:?} is {what}, not a string"),
    };
    Err(Bad { id, reason })
}

struct RecordSeed<'f> {
    text_field: &'f str,
    id_field: &'f str,
    /// Set as soon as the id field is read, so that it survives a fault later in the record.
    id: &'f mut Option<String>,
}

/// The value of the text field.
enum Text<'a> {
    Str(Cow<'a, str>),
    Null,
    /// Another kind of value: "a number", "an array", ...
    Other(&'static str),
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Option<Text<'de>>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Option<Text<'de>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut text = None;
        while let Some(key) = map.next_key_seed(StrSeed)? {
            if key == self.text_field {
                text = Some(map.next_value_seed(TextSeed)?);
            } else if key == self.id_field {
                *self.id = map.next_value_seed(IdSeed)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(text)
    }
}

/// Any value of the text field: a string is kept (borrowed when it holds no escapes), any
/// other value is skipped and named.
struct TextSeed;

impl<'de> DeserializeSeed<'de> for TextSeed {
    type Value = Text<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TextSeed {
    type Value = Text<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Text::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Text::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Text::Str(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Text::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Text::Null)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Text::Other("a boolean"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Text::Other("a number"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Text::Other("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Text::Other("a number"))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Text::Other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Text::Other("an object"))
    }
}

/// A string, borrowed from the input when it holds no escapes.
struct StrSeed;

impl<'de> DeserializeSeed<'de> for StrSeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for StrSeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// An id: a string or a number (kept as written); null counts as absent.
struct IdSeed;

impl<'de> DeserializeSeed<'de> for IdSeed {
    type Value = Option<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for IdSeed {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a number")
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use std::borrow::Cow;

    #[test]
    fn fields_by_name_other_fields_skipped() {
        let r = parse(r#"{"meta":{"a":[1,2]},"id":7,"text":"\u0633\u0644\u0627\u0645"}"#, "text", "id").unwrap();
        assert_eq!(r.id.as_deref(), Some("7"));
        assert_eq!(r.text, "سلام");
        let r = parse(r#"{"body":"متن","key":"x"}"#, "body", "key").unwrap();
        assert!(matches!(r.text, Cow::Borrowed("متن")));
        assert_eq!(r.id.as_deref(), Some("x"));
    }

    #[test]
    fn bad_records_say_why() {
        let reason = |line: &str| parse(line, "text", "id").unwrap_err().reason;
        assert!(reason(r#"{"id":1,"text":"abc"#).contains("malformed"));
        assert!(reason(r#"{"id":1}"#).contains("no field \"text\""));
        assert!(reason(r#"{"text":5}"#).contains("the text field \"text\" is a number, not a string"));
        assert!(reason(r#"{"text":"cut"#).contains("EOF"));
        assert!(parse(r#"[1,2]"#, "text", "id").is_err());
        assert!(parse(r#"{"text":"a"} x"#, "text", "id").is_err());
        assert!(parse(r#"{"text":"\ud800"}"#, "text", "id").is_err());
    }

    #[test]
    fn a_record_without_a_usable_text_keeps_its_id() {
        let cases = [
            (r#"{"id":"a","title":"x"}"#, "the record has no field \"text\""),
            (r#"{"text":null,"id":"a"}"#, "the text field \"text\" is null"),
            (r#"{"id":"a","text":[1,{"b":2}]}"#, "is an array, not a string"),
            (r#"{"id":"a","text":{"b":"c"}}"#, "is an object, not a string"),
            (r#"{"id":"a","text":true}"#, "is a boolean, not a string"),
            (r#"{"id":"a","text":"cut"#, "malformed JSON record"),
        ];
        for (line, why) in cases {
            let bad = parse(line, "text", "id").unwrap_err();
            assert_eq!(bad.id.as_deref(), Some("a"), "{line}");
            assert!(bad.reason.contains(why), "{line}: {}", bad.reason);
            assert!(!bad.reason.contains("malformed") || why.contains("malformed"), "{line}: {}", bad.reason);
        }
        // An id after the fault cannot be read.
        assert_eq!(parse(r#"{"text":"cut,"id":"a"}"#, "text", "id").unwrap_err().id, None);
    }
}
