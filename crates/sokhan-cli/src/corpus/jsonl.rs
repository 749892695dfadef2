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

/// Parses one record (already checked to be UTF-8, so serde_json does not check it again);
/// the error says what is wrong, with serde_json's column.
pub fn parse<'a>(line: &'a str, text_field: &str, id_field: &str) -> Result<Record<'a>, String> {
    let mut de = serde_json::Deserializer::from_str(line);
    let seed = RecordSeed { text_field, id_field };
    let (id, text) = seed.deserialize(&mut de).map_err(|e| format!("malformed JSON record: {e}"))?;
    de.end().map_err(|e| format!("malformed JSON record: {e}"))?;
    let text = text.ok_or_else(|| format!("the record has no string field {text_field:?} (choose it with --text-field)"))?;
    Ok(Record { id, text })
}

struct RecordSeed<'f> {
    text_field: &'f str,
    id_field: &'f str,
}

type Fields<'a> = (Option<String>, Option<Cow<'a, str>>);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Fields<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Fields<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut text) = (None, None);
        while let Some(key) = map.next_key_seed(StrSeed)? {
            if key == self.text_field {
                text = Some(map.next_value_seed(StrSeed)?);
            } else if key == self.id_field {
                id = map.next_value_seed(IdSeed)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok((id, text))
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
        assert!(parse(r#"{"id":1,"text":"abc"#, "text", "id").unwrap_err().contains("malformed"));
        assert!(parse(r#"{"id":1}"#, "text", "id").unwrap_err().contains("no string field"));
        assert!(parse(r#"{"text":5}"#, "text", "id").unwrap_err().contains("expected a string"));
        assert!(parse(r#"{"text":"cut"#, "text", "id").unwrap_err().contains("EOF"));
        assert!(parse(r#"[1,2]"#, "text", "id").is_err());
        assert!(parse(r#"{"text":"a"} x"#, "text", "id").is_err());
        assert!(parse(r#"{"text":"\ud800"}"#, "text", "id").is_err());
    }
}
