//! Name lists the recognizer consults as features: given names, Iranian provinces and cities,
//! countries and territories, languages, the names of the training data, and what the
//! Bijankhan corpus tags as proper nouns. An entry may span several tokens (`کمال شهر`,
//! `امریکای شمالی`); it is stored with its tokens' normalized forms joined by single spaces.

use crate::hash::FastHash;
use std::collections::HashMap;

/// A given name (`given-names.csv`).
pub const GIVEN_NAME: u16 = 1;
/// An Iranian city.
pub const CITY: u16 = 2;
/// An Iranian province.
pub const PROVINCE: u16 = 4;
/// A country or territory (CLDR).
pub const COUNTRY: u16 = 8;
/// A language (CLDR): often also the adjective of a people (`فارسی`, `آلمانی`).
pub const LANGUAGE: u16 = 16;
/// A person's name in the training data.
pub const TRAIN_PER: u16 = 32;
/// An organisation in the training data.
pub const TRAIN_ORG: u16 = 64;
/// A place in the training data.
pub const TRAIN_LOC: u16 = 128;
/// An event in the training data.
pub const TRAIN_EVENT: u16 = 256;
/// Tagged a proper noun (`N_SING_PR`) in most of its Bijankhan occurrences.
pub const BJ_NAME: u16 = 512;
/// Tagged a place name (`N_SING_LOC_PR`) in most of its Bijankhan occurrences.
pub const BJ_PLACE: u16 = 1024;
/// Tagged a proper noun in some, but not most, of its Bijankhan occurrences.
pub const BJ_SOMETIMES: u16 = 2048;

/// Longest entry, in tokens, that is looked for.
pub const MAX_TOKENS: usize = 6;

/// Entries and their class bits.
#[derive(Clone, Default)]
pub struct Gazetteer {
    entries: HashMap<Box<str>, u16, FastHash>,
    /// First tokens of entries of two or more tokens, with the longest such entry's length.
    starts: HashMap<Box<str>, u8, FastHash>,
}

impl Gazetteer {
    /// Builds the lists from `(entry, class bits)` pairs; an entry is a phrase of normalized
    /// tokens separated by spaces. Entries of more than [`MAX_TOKENS`] tokens are left out.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, u16)>) -> Gazetteer {
        let mut g = Gazetteer::default();
        for (e, class) in entries {
            let n = e.split(' ').count();
            if e.is_empty() || n > MAX_TOKENS || e.split(' ').any(str::is_empty) {
                continue;
            }
            *g.entries.entry(e.into()).or_default() |= class;
            if n > 1 {
                let first = e.split(' ').next().unwrap_or(e);
                let m = g.starts.entry(first.into()).or_default();
                *m = (*m).max(n as u8);
            }
        }
        g
    }

    /// The entries, sorted (for the model file).
    pub fn entries(&self) -> Vec<(String, u16)> {
        let mut v: Vec<(String, u16)> = self.entries.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        v.sort_unstable();
        v
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Class bits of a single token.
    pub fn class(&self, token: &str) -> u16 {
        self.entries.get(token).copied().unwrap_or(0)
    }

    /// The longest entry of two or more tokens starting at `tokens[0]`: its length in tokens
    /// and class bits.
    pub fn phrase_at(&self, tokens: &[&str], buf: &mut String) -> Option<(usize, u16)> {
        let &max = self.starts.get(*tokens.first()?)?;
        let max = (max as usize).min(tokens.len());
        for n in (2..=max).rev() {
            buf.clear();
            for (i, t) in tokens[..n].iter().enumerate() {
                if i > 0 {
                    buf.push(' ');
                }
                buf.push_str(t);
            }
            if let Some(&c) = self.entries.get(buf.as_str()) {
                return Some((n, c));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_phrase_entries() {
        let g = Gazetteer::new([("رضا", GIVEN_NAME), ("کمال شهر", CITY), ("کمال", GIVEN_NAME), ("a  b", CITY)]);
        assert_eq!(g.class("رضا"), GIVEN_NAME);
        assert_eq!(g.class("کمال"), GIVEN_NAME);
        assert_eq!(g.class("شهر"), 0);
        let mut buf = String::new();
        assert_eq!(g.phrase_at(&["کمال", "شهر", "است"], &mut buf), Some((2, CITY)));
        assert_eq!(g.phrase_at(&["کمال", "آمد"], &mut buf), None);
        assert_eq!(g.phrase_at(&[], &mut buf), None);
        // An entry with an empty token is left out.
        assert_eq!(g.len(), 3);
    }
}
