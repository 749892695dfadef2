//! Splitting normalized text into tokens (before clitic analysis).

use super::chars::*;
use super::Lexical;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[non_exhaustive]
pub enum TokenKind {
    /// Letters (any script), ZWNJ-joined parts included.
    Word,
    /// Digits with internal separators: `10.5`, `۱۴۰۲/۰۵/۱۲`, `1,250`.
    Number,
    /// A known abbreviation with its dots: `ه.ش`, `ق.م.`.
    Abbreviation,
    /// Punctuation (one character, or an ellipsis `...`).
    Punct,
    /// Any other symbol (`%`, `+`, `$`, …).
    Symbol,
    /// `https://…`, `www.…`.
    Url,
    /// `name@example.com`.
    Email,
    /// `#برچسب`.
    Hashtag,
    /// `@name`.
    Mention,
    /// One emoji, with its modifiers and ZWJ sequence.
    Emoji,
}

/// A token found in normalized text, before sentence grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawToken {
    /// First byte in the normalized text.
    pub start: u32,
    /// One past the last byte in the normalized text.
    pub end: u32,
    /// What it is.
    pub kind: TokenKind,
    /// Whitespace separates it from the previous token.
    pub space_before: bool,
    /// A line break separates it from the previous token.
    pub newline_before: bool,
}

/// Splits `text` into tokens, appending them to `out`.
pub fn tokenize_into<L: Lexical + ?Sized>(text: &str, lex: &L, out: &mut Vec<RawToken>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut space_before = false;
    let mut newline_before = false;
    while i < bytes.len() {
        // Skip whitespace quickly (ASCII fast path).
        let b = bytes[i];
        // Vertical tab and form feed too: `scan` stops at every whitespace `is_space` knows, so
        // one left here would never be consumed (a hang found in review: `"\x0B"`).
        // The other ASCII controls (NUL, ...) as well: `is_space` counts them as whitespace.
        if b == b' ' || (b.is_ascii_control() && b != b'\n') {
            space_before = true;
            i += 1;
            continue;
        }
        if b == b'\n' {
            space_before = true;
            newline_before = true;
            i += 1;
            continue;
        }
        // Fast path: a word of two-byte Arabic-block letters (and ZWNJ) followed by ASCII
        // whitespace or the end of the text, which is most of a Persian text; exactly the token
        // `scan` would return, without its per-character dispatch.
        if (0xD8..=0xDB).contains(&b) {
            if let Some(end) = plain_word_end(bytes, i) {
                out.push(RawToken { start: i as u32, end: end as u32, kind: TokenKind::Word, space_before, newline_before });
                space_before = false;
                newline_before = false;
                i = end;
                continue;
            }
        }
        let c = char_at(text, i);
        if b >= 0x80 && is_space(c) {
            space_before = true;
            if matches!(c, '\u{2028}' | '\u{2029}' | '\u{0085}') {
                newline_before = true;
            }
            i += c.len_utf8();
            continue;
        }
        // Joiners with no letter to join (`a ‌ b`, left when ZWNJ cleanup is switched off) are
        // not a word: skipped like whitespace.
        if matches!(c, '\u{200C}' | '\u{200D}') {
            let end = chunk_end(text, i);
            if text[i..end].chars().all(|c| matches!(c, '\u{200C}' | '\u{200D}')) {
                space_before = true;
                i = end;
                continue;
            }
        }
        // A whitespace-delimited chunk starts here. Only a chunk starting with an ASCII letter
        // or digit can be a URL or an e-mail address; others are scanned straight away.
        let first = out.len();
        let end = if b.is_ascii_alphanumeric() {
            let chunk_end = chunk_end(text, i);
            if let Some((kind, len)) = special_chunk(&text[i..chunk_end]) {
                out.push(RawToken { start: i as u32, end: (i + len) as u32, kind, space_before, newline_before });
                scan(text, i + len, chunk_end, lex, out)
            } else {
                scan(text, i, chunk_end, lex, out)
            }
        } else {
            scan(text, i, bytes.len(), lex, out)
        };
        if let Some(t) = out.get_mut(first) {
            t.space_before = space_before;
            t.newline_before = newline_before;
        }
        space_before = false;
        newline_before = false;
        i = end;
    }
}

/// Which characters of U+0600..U+06FF continue a word (letters and combining marks).
static ARABIC_WORD_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = 0x600 + i as u32;
        t[i] = matches!(c, 0x620..=0x63F | 0x641..=0x64A | 0x66E..=0x66F | 0x671..=0x6D3 | 0x6D5 | 0x6EE..=0x6EF | 0x6FA..=0x6FC | 0x6FF)
            || matches!(c, 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6DC | 0x6DF..=0x6E4 | 0x6E7..=0x6E8 | 0x6EA..=0x6ED | 0x640);
        i += 1;
    }
    t
};

/// End of the word starting at `i` if it is made only of Arabic-block word characters (two
/// bytes each) and ZWNJ, starts with the former, and is followed by ASCII whitespace or the end
/// of `bytes`; `None` otherwise (the general scanner decides).
///
/// Letters are taken eight at a time where the text has sixteen bytes left: each of the eight
/// two-byte slots is tested without branching and the word's letters are the leading run of
/// passes, so a short word costs no branch on its length (a loop over letters leaves it with a
/// mispredicted branch at nearly every word end).
#[inline(always)]
fn plain_word_end(bytes: &[u8], i: usize) -> Option<usize> {
    let n = bytes.len();
    let mut j = i;
    loop {
        if let Some(block) = bytes.get(j..j + 16) {
            let mut ok = 0u32;
            for k in 0..8 {
                let (b0, b1) = (block[2 * k], block[2 * k + 1]);
                let letter = ((b0 & 0xFC) == 0xD8) & ARABIC_WORD_CHAR[((b0 as usize & 3) << 6) | (b1 as usize & 0x3F)];
                ok |= u32::from(letter) << k;
            }
            let run = (!ok).trailing_zeros() as usize;
            j += 2 * run;
            if run == 8 {
                continue;
            }
        } else {
            while j + 1 < n && (bytes[j] & 0xFC) == 0xD8 && ARABIC_WORD_CHAR[((bytes[j] as usize & 3) << 6) | (bytes[j + 1] as usize & 0x3F)] {
                j += 2;
            }
        }
        match bytes.get(j..) {
            // A ZWNJ continues a word that has begun.
            Some([0xE2, 0x80, 0x8C, ..]) if j > i => j += 3,
            // Another Arabic-block character: not a plain word.
            Some([0xD8..=0xDB, _, ..]) => return None,
            Some([] | [b' ' | b'\n' | b'\t' | b'\r' | 0x0B | 0x0C, ..]) if j > i => return Some(j),
            _ => return None,
        }
    }
}

/// Decodes the character starting at byte `i` of valid UTF-8 (cheaper than slicing a `&str`).
#[inline(always)]
fn decode(b: &[u8], i: usize) -> char {
    let x = b[i] as u32;
    let c = if x < 0x80 {
        x
    } else if x < 0xE0 {
        ((x & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F)
    } else if x < 0xF0 {
        ((x & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F)
    } else {
        ((x & 0x07) << 18) | ((b[i + 1] as u32 & 0x3F) << 12) | ((b[i + 2] as u32 & 0x3F) << 6) | (b[i + 3] as u32 & 0x3F)
    };
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

#[inline(always)]
fn char_at(text: &str, i: usize) -> char {
    decode(text.as_bytes(), i)
}

fn chunk_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = start;
    while j < bytes.len() {
        let b = bytes[j];
        if b < 0x80 {
            if b == b' ' || b.is_ascii_control() {
                break;
            }
            j += 1;
        } else {
            let c = char_at(text, j);
            if is_space(c) {
                break;
            }
            j += c.len_utf8();
        }
    }
    j
}

/// URL or e-mail at the start of a chunk: its kind and byte length (trailing punctuation excluded).
fn special_chunk(chunk: &str) -> Option<(TokenKind, usize)> {
    let lower_starts = |p: &str| chunk.len() >= p.len() && chunk.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let kind = if lower_starts("http://") || lower_starts("https://") || lower_starts("ftp://") || lower_starts("www.") {
        TokenKind::Url
    } else if looks_like_email(chunk) {
        TokenKind::Email
    } else {
        return None;
    };
    // Trim trailing punctuation that ends a sentence or closes a bracket not opened in the URL.
    let mut end = chunk.len();
    let opened = chunk.matches('(').count();
    let mut closed = chunk.matches(')').count();
    while let Some(c) = chunk[..end].chars().next_back() {
        let trim = match c {
            '.' | ',' | ';' | ':' | '!' | '?' | '؟' | '،' | '؛' | '»' | '"' | '\'' | '…' | ']' => true,
            ')' if closed > opened => {
                closed -= 1;
                true
            }
            _ => false,
        };
        if !trim {
            break;
        }
        end -= c.len_utf8();
    }
    let min = if kind == TokenKind::Url { 4 } else { 3 };
    (end >= min).then_some((kind, end))
}

fn looks_like_email(chunk: &str) -> bool {
    let Some(at) = chunk.find('@') else { return false };
    let local = &chunk[..at];
    let domain = &chunk[at + 1..];
    let ok_local = !local.is_empty()
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+' | b'%'));
    let domain_core = domain.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    let ok_domain = domain_core.contains('.')
        && domain_core.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'))
        && !domain_core.starts_with('.');
    ok_local && ok_domain
}

/// Scans `text[start..end]` into tokens until whitespace; returns where it stopped.
fn scan<L: Lexical + ?Sized>(text: &str, start: usize, end: usize, lex: &L, out: &mut Vec<RawToken>) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let c = char_at(text, i);
        if is_space(c) {
            return i;
        }
        let tok_start = i;
        let kind;
        if is_letter(c) || (is_mark(c) && c != '\u{FE0F}') {
            let latin = is_latin_letter(c);
            i += c.len_utf8();
            while i < end {
                // Fast path: a two-byte Arabic-block letter (most of a Persian text).
                let b0 = bytes[i];
                if (0xD8..=0xDB).contains(&b0) && i + 1 < end {
                    let cp = 0x600 + (((b0 as u32 - 0xD8) << 6) | (bytes[i + 1] as u32 & 0x3F));
                    if ARABIC_WORD_CHAR[(cp - 0x600) as usize] {
                        i += 2;
                        continue;
                    }
                }
                if b0 == 0xE2 && i + 2 < end && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x8C {
                    // ZWNJ inside a word.
                    i += 3;
                    continue;
                }
                if b0 < 0x80 {
                    // ASCII: the general test below, without decoding.
                    if b0.is_ascii_alphabetic() || (latin && b0.is_ascii_digit()) {
                        i += 1;
                        continue;
                    }
                    break;
                }
                let d = char_at(text, i);
                let continues = d == ZWNJ
                    || is_letter(d)
                    || is_mark(d)
                    || (latin && d.is_ascii_digit());
                if !continues {
                    break;
                }
                i += d.len_utf8();
            }
            kind = if let Some(abbr_end) = abbreviation(text, tok_start, i, end, lex) {
                i = abbr_end;
                TokenKind::Abbreviation
            } else {
                TokenKind::Word
            };
        } else if is_digit(c) {
            i += c.len_utf8();
            while i < end {
                let d = char_at(text, i);
                // A digit, or a joiner (`10.5`, `1,250`) followed by a digit.
                if is_digit(d) || (is_number_joiner(d) && i + d.len_utf8() < end && is_digit(char_at(text, i + d.len_utf8()))) {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            kind = TokenKind::Number;
        } else if (c == '#' || c == '@') && i + 1 < end {
            let d = char_at(text, i + 1);
            let tag_char = |d: char| is_letter(d) || is_digit(d) || d == '_' || d == ZWNJ || is_mark(d);
            if (c == '#' && (is_letter(d) || is_digit(d))) || (c == '@' && (d.is_ascii_alphanumeric() || d == '_')) {
                i += 1;
                while i < end {
                    let d = char_at(text, i);
                    let ok = if c == '#' { tag_char(d) } else { d.is_ascii_alphanumeric() || d == '_' || (d == '.' && i + 1 < end && bytes[i + 1].is_ascii_alphanumeric()) };
                    if !ok {
                        break;
                    }
                    i += d.len_utf8();
                }
                kind = if c == '#' { TokenKind::Hashtag } else { TokenKind::Mention };
            } else {
                i += 1;
                kind = TokenKind::Symbol;
            }
        } else if is_emoji(c) {
            i += c.len_utf8();
            let regional = ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
            if regional && i < end && ('\u{1F1E6}'..='\u{1F1FF}').contains(&char_at(text, i)) {
                i += 4;
            }
            loop {
                if i >= end {
                    break;
                }
                let d = char_at(text, i);
                if is_emoji_modifier(d) {
                    i += d.len_utf8();
                } else if d == ZWJ && i + 3 < end && is_emoji(char_at(text, i + 3)) {
                    i += 3;
                    i += char_at(text, i).len_utf8();
                } else {
                    break;
                }
            }
            kind = TokenKind::Emoji;
        } else if c == '.' {
            i += 1;
            while i < end && bytes[i] == b'.' {
                i += 1;
            }
            kind = TokenKind::Punct;
        } else {
            i += c.len_utf8();
            // Marks or joiners stranded after a symbol stay with it so no byte is lost.
            while i < end {
                let d = char_at(text, i);
                if is_mark(d) || d == ZWNJ || d == ZWJ || is_emoji_modifier(d) {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            kind = if is_punct(c) { TokenKind::Punct } else { TokenKind::Symbol };
        }
        out.push(RawToken { start: tok_start as u32, end: i as u32, kind, space_before: false, newline_before: false });
    }
    end
}

/// If a known abbreviation with dots starts at `start` (whose first letter run ends at
/// `word_end`), returns where it ends.
fn abbreviation<L: Lexical + ?Sized>(text: &str, start: usize, word_end: usize, chunk_end: usize, lex: &L) -> Option<usize> {
    let bytes = text.as_bytes();
    if word_end >= chunk_end || bytes[word_end] != b'.' || word_end - start > 8 {
        return None;
    }
    // Every candidate starts with the letters and the dot.
    if !lex.may_start_abbreviation(&text[start..word_end + 1]) {
        return None;
    }
    // Candidate ends: after each dot of a letters(.letters)*.? run, at most 16 bytes long.
    let mut ends = Vec::new();
    let mut j = word_end;
    while j < chunk_end && j - start <= 16 {
        if bytes[j] == b'.' {
            ends.push(j); // without the dot
            ends.push(j + 1); // with it
            j += 1;
            continue;
        }
        let d = char_at(text, j);
        if !is_letter(d) {
            break;
        }
        j += d.len_utf8();
    }
    if j > ends.last().copied().unwrap_or(0) {
        ends.push(j);
    }
    ends.into_iter().rev().find(|&e| e > word_end && lex.is_abbreviation(&text[start..e]))
}

/// Punctuation characters (as opposed to other symbols).
pub fn is_punct(c: char) -> bool {
    matches!(c,
        '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '(' | ')' | '[' | ']' | '{' | '}' | '-' | '/' | '\\'
        | '،' | '؛' | '؟' | '«' | '»' | '…' | '–' | '—' | '‐' | '“' | '”' | '‘' | '’' | '‹' | '›' | '٬' | '٫'
        | '\u{06D4}' | '*' | '_' | '|' | '¡' | '¿' | '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLexicon;
    impl Lexical for NoLexicon {
        fn is_abbreviation(&self, _: &str) -> bool {
            false
        }
        fn is_word(&self, _: &str) -> bool {
            true
        }
        fn host_class(&self, _: &str) -> Option<super::super::HostClass> {
            None
        }
    }

    /// The word scan as it was first written, a letter at a time.
    fn plain_word_end_reference(bytes: &[u8], i: usize) -> Option<usize> {
        let mut rest = &bytes[i..];
        let mut first = true;
        loop {
            match rest {
                [b0 @ 0xD8..=0xDB, b1, tail @ ..] => {
                    if !ARABIC_WORD_CHAR[(((b0 - 0xD8) as usize) << 6) | (b1 & 0x3F) as usize] {
                        return None;
                    }
                    rest = tail;
                }
                [0xE2, 0x80, 0x8C, tail @ ..] if !first => rest = tail,
                _ => break,
            }
            first = false;
        }
        match rest.first() {
            None | Some(b' ' | b'\n' | b'\t' | b'\r' | 0x0B | 0x0C) if !first => Some(bytes.len() - rest.len()),
            _ => None,
        }
    }

    /// The eight-letter scan finds the same word ends as the letter-at-a-time one, from every
    /// position of pseudo-random texts of letters, half-spaces, spaces, punctuation, digits and
    /// marks (short words, long words, words at the end of the text).
    #[test]
    fn plain_word_end_agrees_with_the_letter_loop() {
        let pieces = ["ک", "تا", "ب", "پژوهشگرانه", "\u{200C}", " ", " ", "\n", "،", ".", "۱۲", "a", "\u{64B}", "\u{640}", "ي"];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for len in 1..3000 {
            let mut text = String::new();
            for _ in 0..len % 40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let b = text.as_bytes();
            for i in (0..b.len()).filter(|&i| text.is_char_boundary(i)) {
                if (0xD8..=0xDB).contains(&b[i]) {
                    assert_eq!(plain_word_end(b, i), plain_word_end_reference(b, i), "{text:?} at {i}");
                }
            }
        }
    }

    #[test]
    fn every_ascii_whitespace_is_skipped() {
        // Each used to loop forever when it reached the scanner (VT and FF).
        for text in ["\x0B", "\x0C", "کتاب\x0Cب", "a\x0Bb", " \x0B\x0C\t\r\n"] {
            let mut out = Vec::new();
            tokenize_into(text, &NoLexicon, &mut out);
            let words: Vec<&str> = out.iter().map(|t| &text[t.start as usize..t.end as usize]).collect();
            let want: Vec<&str> = text.split(|c: char| c.is_ascii_whitespace() || c == '\x0B').filter(|w| !w.is_empty()).collect();
            assert_eq!(words, want, "{text:?}");
        }
    }

    #[test]
    fn joiners_with_nothing_to_join_are_skipped() {
        let text = "کتاب \u{200C} و \u{200D}\u{200C}\tمن\u{200C}ها";
        let mut out = Vec::new();
        tokenize_into(text, &NoLexicon, &mut out);
        let words: Vec<&str> = out.iter().map(|t| &text[t.start as usize..t.end as usize]).collect();
        assert_eq!(words, ["کتاب", "و", "من\u{200C}ها"]);
        assert!(out[1].space_before && out[2].space_before);
    }

    #[test]
    fn arabic_word_chars_are_the_letters_and_marks_of_the_block() {
        for k in 0..256u32 {
            let c = char::from_u32(0x600 + k).unwrap();
            assert_eq!(ARABIC_WORD_CHAR[k as usize], is_letter(c) || is_mark(c), "{c:?}");
        }
    }
}
