//! Character classes used by the normalizer.
//!
//! One table lookup per character: ASCII through a 128-entry table, the Arabic block
//! (U+0600–U+06FF) through a 256-entry table, everything else through a small `match`.

/// What a source character is, for the normalizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cls {
    /// Horizontal whitespace (space, tab, NBSP, the Unicode spaces), and the control
    /// characters (NUL and the other C0 and C1 controls, DEL): they separate words and never
    /// become part of one.
    Space,
    /// A line break (`\n`, `\r`, U+0085, U+2028, U+2029).
    Newline,
    /// An invisible format character that is deleted: bidi controls, ZWSP, BOM, soft hyphen,
    /// word joiner, Arabic number signs U+0600–U+0605, ALM.
    Invisible,
    /// ZERO WIDTH JOINER (kept only after emoji and other symbols).
    Zwj,
    /// ZERO WIDTH NON-JOINER.
    Zwnj,
    /// A Persian/Arabic letter kept as it is.
    Letter,
    /// A letter variant that [`unify`] maps (Arabic yeh, kaf, teh marbuta, heh-hamza, ...).
    Variant,
    /// Arabic-Indic digit ٠–٩.
    DigitArabic,
    /// Extended Arabic-Indic (Persian) digit ۰–۹.
    DigitPersian,
    /// ASCII digit.
    DigitLatin,
    /// A diacritic (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks).
    Mark,
    /// Combining hamza above U+0654.
    HamzaAbove,
    /// Combining madda above U+0653.
    MaddaAbove,
    /// Combining hamza below U+0655.
    HamzaBelow,
    /// Kashida / tatweel U+0640.
    Tatweel,
    /// An Arabic presentation form (see `presentation.rs`).
    Presentation,
    /// Straight double quote `"`.
    Quote,
    /// ASCII letter.
    AsciiLetter,
    /// Punctuation the spacing rules care about (see [`punct_role`]).
    Punct,
    /// Anything else: kept as it is.
    Other,
}

const fn ascii_table() -> [Cls; 128] {
    let mut t = [Cls::Other; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = match b {
            b' ' | b'\t' | 0x0B | 0x0C => Cls::Space,
            0x00..=0x08 | 0x0E..=0x1F | 0x7F => Cls::Space,
            b'\n' | b'\r' => Cls::Newline,
            b'0'..=b'9' => Cls::DigitLatin,
            b'a'..=b'z' | b'A'..=b'Z' => Cls::AsciiLetter,
            b'"' => Cls::Quote,
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'(' | b')' | b'[' | b']' => Cls::Punct,
            _ => Cls::Other,
        };
        i += 1;
    }
    t
}

const fn arabic_table() -> [Cls; 256] {
    let mut t = [Cls::Other; 256];
    let mut i = 0;
    while i < 256 {
        let cp = 0x600 + i as u32;
        t[i] = match cp {
            0x0600..=0x0605 | 0x061C | 0x06DD => Cls::Invisible,
            0x060C | 0x061B | 0x061F | 0x06D4 => Cls::Punct,
            0x0610..=0x061A => Cls::Mark,
            0x0629 | 0x0643 | 0x0649 | 0x064A | 0x06AA | 0x06BE | 0x06C0..=0x06C3 | 0x06D5 => {
                Cls::Variant
            }
            0x0623 | 0x0625 | 0x0671 => Cls::Variant,
            0x0621..=0x063A | 0x0641..=0x064A => Cls::Letter,
            0x0640 => Cls::Tatweel,
            0x0653 => Cls::MaddaAbove,
            0x0654 => Cls::HamzaAbove,
            0x0655 => Cls::HamzaBelow,
            0x064B..=0x065F | 0x0670 => Cls::Mark,
            0x0660..=0x0669 => Cls::DigitArabic,
            0x066E..=0x066F | 0x0671..=0x06D3 => Cls::Letter,
            0x06D6..=0x06DC | 0x06DF..=0x06E8 | 0x06EA..=0x06ED => Cls::Mark,
            0x06EE..=0x06EF | 0x06FA..=0x06FC | 0x06FF => Cls::Letter,
            0x06F0..=0x06F9 => Cls::DigitPersian,
            _ => Cls::Other,
        };
        i += 1;
    }
    t
}

static ASCII: [Cls; 128] = ascii_table();
static ARABIC: [Cls; 256] = arabic_table();

/// Class of `c`.
#[inline(always)]
pub(crate) fn classify(c: char) -> Cls {
    let cp = c as u32;
    if cp < 0x80 {
        ASCII[cp as usize]
    } else if (0x600..0x700).contains(&cp) {
        ARABIC[(cp - 0x600) as usize]
    } else {
        classify_rare(cp)
    }
}

#[cold]
fn classify_rare(cp: u32) -> Cls {
    match cp {
        0x00A0 | 0x1680 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => Cls::Space,
        0x0080..=0x0084 | 0x0086..=0x009F => Cls::Space,
        0x0085 | 0x2028 | 0x2029 => Cls::Newline,
        0x200C => Cls::Zwnj,
        0x200D => Cls::Zwj,
        0x00AD
        | 0x180E
        | 0x200B
        | 0x200E
        | 0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x2069
        | 0xFEFF => Cls::Invisible,
        0x00AB | 0x00BB => Cls::Punct,
        0xFB50..=0xFDFF | 0xFE70..=0xFEFE => {
            if super::presentation::decompose(char::from_u32(cp).unwrap_or('\0')).is_some() {
                Cls::Presentation
            } else {
                Cls::Other
            }
        }
        _ => Cls::Other,
    }
}

/// Whether code point `cp` (in U+0600–U+06FF) is a letter kept as it is.
#[inline(always)]
pub(crate) fn is_plain_letter(cp: u32) -> bool {
    (0x600..0x700).contains(&cp) && ARABIC[(cp - 0x600) as usize] == Cls::Letter
}

/// Maps a letter variant to its canonical Persian form. The second char, when not `'\0'`, is
/// appended (only `ۀ`/`ۂ` → `ه` + hamza above). `alef` also folds `أ إ ٱ` to `ا`.
#[inline]
pub(crate) fn unify(c: char, alef: bool) -> (char, char) {
    match c {
        'ي' | 'ى' => ('ی', '\0'),
        'ك' | 'ڪ' => ('ک', '\0'),
        'ة' | 'ۃ' | 'ھ' | 'ہ' | 'ە' => ('ه', '\0'),
        'ۀ' | 'ۂ' => ('ه', '\u{654}'),
        'أ' | 'إ' | 'ٱ' if alef => ('ا', '\0'),
        _ => (c, '\0'),
    }
}

/// The role of a punctuation mark in the spacing rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// No space before, one space after (`. ، ؛ : ! ؟ ) ] »` and ASCII `, ; ?`).
    Closer,
    /// No space after (`( [ «`).
    Opener,
    /// Not a spacing-relevant character.
    None,
}

/// Spacing role of an output character.
#[inline]
pub(crate) fn punct_role(c: char) -> Role {
    match c {
        '.' | '،' | '؛' | ':' | '!' | '؟' | ')' | ']' | '»' | ',' | ';' | '?' => Role::Closer,
        '(' | '[' | '«' => Role::Opener,
        _ => Role::None,
    }
}

/// Whether output char `c` is part of a Persian word (letters, kept marks, tatweel).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    let cp = c as u32;
    if (0x600..0x700).contains(&cp) {
        matches!(
            ARABIC[(cp - 0x600) as usize],
            Cls::Letter
                | Cls::Variant
                | Cls::Mark
                | Cls::HamzaAbove
                | Cls::MaddaAbove
                | Cls::HamzaBelow
                | Cls::Tatweel
        )
    } else {
        false
    }
}

/// Whether output char `c` is a Persian/Arabic letter proper (not a mark).
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    let cp = c as u32;
    (0x600..0x700).contains(&cp)
        && matches!(ARABIC[(cp - 0x600) as usize], Cls::Letter | Cls::Variant)
}

/// Bytes that may continue a Latin identifier / URL / e-mail run.
#[inline]
pub(crate) fn is_latin_run_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_'
                | b'.'
                | b':'
                | b'/'
                | b'@'
                | b'%'
                | b'+'
                | b'#'
                | b'&'
                | b'='
                | b'?'
                | b'~'
                | b','
        )
}
