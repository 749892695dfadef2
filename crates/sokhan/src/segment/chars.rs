//! Character classes used by the tokenizer.

/// Zero-width non-joiner, the Persian half-space.
pub const ZWNJ: char = '\u{200C}';
/// Zero-width joiner (kept inside emoji sequences).
pub const ZWJ: char = '\u{200D}';

/// Whether `c` is a decimal digit of any script the tokenizer knows (Latin, Persian, Arabic-Indic).
#[inline]
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{06F0}'..='\u{06F9}').contains(&c) || ('\u{0660}'..='\u{0669}').contains(&c)
}

/// Combining marks that belong to the letter before them (Arabic diacritics, Latin accents).
#[inline]
pub fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{0640}' // kashida, when normalization keeps it
        | '\u{FE00}'..='\u{FE0F}')
}

/// Whether `c` is a letter for word-building purposes.
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // Fast path for the Arabic block, which Persian text is made of.
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}');
    }
    c.is_alphabetic() && !is_digit(c)
}

/// Whether `c` is a Latin-script letter.
#[inline]
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

/// Characters that end a sentence.
#[inline]
pub fn is_sentence_final(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '\u{06D4}')
}

/// Closing quotes and brackets that stay with the sentence before them.
#[inline]
pub fn is_closing(c: char) -> bool {
    matches!(c, '»' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '›')
}

/// Pictographic characters (emoji and friends).
#[inline]
pub fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{2300}'..='\u{23FF}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}' | '\u{00A9}' | '\u{00AE}' | '\u{2122}')
}

/// Modifiers that continue an emoji: variation selectors, skin tones, tag characters, keycap.
#[inline]
pub fn is_emoji_modifier(c: char) -> bool {
    matches!(c, '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0020}'..='\u{E007F}' | '\u{20E3}')
}

/// Whitespace as the tokenizer sees it (ZWNJ is not whitespace: it joins parts of a word).
/// Control characters (NUL, the other C0 and C1 controls, DEL) count as whitespace: they
/// separate tokens and never become one.
#[inline]
pub fn is_space(c: char) -> bool {
    if (c as u32) < 0x80 {
        return c == ' ' || c.is_ascii_control();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        return false;
    }
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Separators allowed inside a number when a digit follows: `10.5`, `1,250`, `۱۴۰۲/۰۵/۱۲`, `12:30`.
#[inline]
pub fn is_number_joiner(c: char) -> bool {
    matches!(c, '.' | ',' | '/' | ':' | '\u{066B}' | '\u{066C}')
}
