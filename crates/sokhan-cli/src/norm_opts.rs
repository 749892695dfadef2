//! Command-line switches for the normalizer's rules, shared by `normalize`, `tokenize` and
//! `analyze`: every rule of [`NormalizerConfig`] can be turned off, the one that is off by
//! default can be turned on, and the digit script chosen.

use clap::ValueEnum;
use sokhan::normalize::DigitScript;
use sokhan::NormalizerConfig;

/// Normalization options.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct NormalizeOpts {
    /// Script of the digits in the output (`keep`: as written).
    #[arg(long, value_enum, default_value_t = Digits::Persian, help_heading = "Normalization")]
    pub digits: Digits,
    /// Rules to switch off, comma-separated or repeated (`all`: every rule, digits as
    /// `--digits` says). The tagger and parser were trained on text normalized with every
    /// rule on, so their accuracy may drop when rules are off.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "RULE", help_heading = "Normalization")]
    pub disable: Vec<Rule>,
    /// Rules to switch on, after --disable (the names of --disable): `alef-hamza` is off by
    /// default; with `--disable all`, the rules to keep.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "RULE", hide_possible_values = true, help_heading = "Normalization")]
    pub enable: Vec<Rule>,
}

/// Output digit script.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Digits {
    /// ۰۱۲۳۴۵۶۷۸۹
    #[default]
    Persian,
    /// 0123456789
    Latin,
    /// Digits as written.
    Keep,
}

/// A normalization rule, by the name the command line gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Rule {
    /// Every rule below.
    All,
    /// Arabic letter variants to Persian (`ي ى`→`ی`, `ك`→`ک`, `ة`→`ه`, `ۀ`→`هٔ`).
    Letters,
    /// Also fold `أ إ ٱ` to `ا` (off by default).
    AlefHamza,
    /// Arabic presentation forms to base letters (`ﻻ`→`لا`).
    PresentationForms,
    /// Delete diacritics (harakat, tanwin, shadda, sukun, superscript alef).
    Diacritics,
    /// Delete kashida (tatweel).
    Kashida,
    /// Delete bidi controls, zero-width spaces, BOM, soft hyphens and stray ZWJ.
    Invisible,
    /// Clean ZWNJ: doubled, next to spaces or punctuation, at word edges.
    Zwnj,
    /// Half-spaces for words written apart (`می باشد`→`می‌باشد`, `کتاب ها`→`کتاب‌ها`).
    HalfSpace,
    /// Half-spaces in run-together words (`میباشد`→`می‌باشد`, `کتابها`→`کتاب‌ها`).
    HalfSpaceUnspaced,
    /// Spacing around punctuation.
    Punctuation,
    /// ASCII `, ; ?` after a Persian word to `، ؛ ؟`.
    PersianPunctuation,
    /// Paired straight double quotes to `«…»`.
    Quotes,
    /// Collapse runs of spaces, trim line ends, unify line breaks.
    Whitespace,
    /// Squeeze letters repeated three times or more, and repeated punctuation.
    Squeeze,
    /// Keep Latin words, URLs and e-mail addresses exactly as written.
    Latin,
}

impl NormalizeOpts {
    /// The normalizer configuration these options describe.
    pub fn config(&self) -> NormalizerConfig {
        let mut c = NormalizerConfig::default();
        for r in &self.disable {
            set(&mut c, *r, false);
        }
        for r in &self.enable {
            set(&mut c, *r, true);
        }
        c.digits = match self.digits {
            Digits::Persian => DigitScript::Persian,
            Digits::Latin => DigitScript::Latin,
            Digits::Keep => DigitScript::Keep,
        };
        c
    }

    /// Whether every option is at its default (the default pipeline can be used as it is).
    pub fn is_default(&self) -> bool {
        self.config() == NormalizerConfig::default()
    }
}

fn set(c: &mut NormalizerConfig, rule: Rule, on: bool) {
    match rule {
        Rule::All => {
            // `all` on gives the defaults plus the off-by-default rule.
            let digits = c.digits;
            *c = if on { NormalizerConfig { alef_hamza_to_alef: true, ..NormalizerConfig::default() } } else { NormalizerConfig::none() };
            c.digits = digits;
        }
        Rule::Letters => c.unify_letters = on,
        Rule::AlefHamza => c.alef_hamza_to_alef = on,
        Rule::PresentationForms => c.decompose_presentation_forms = on,
        Rule::Diacritics => c.remove_diacritics = on,
        Rule::Kashida => c.remove_kashida = on,
        Rule::Invisible => c.remove_invisible = on,
        Rule::Zwnj => c.clean_zwnj = on,
        Rule::HalfSpace => c.half_space = on,
        Rule::HalfSpaceUnspaced => c.half_space_unspaced = on,
        Rule::Punctuation => c.punctuation_spacing = on,
        Rule::PersianPunctuation => c.persian_punctuation = on,
        Rule::Quotes => c.quotes = on,
        Rule::Whitespace => c.collapse_whitespace = on,
        Rule::Squeeze => c.squeeze_repeats = on,
        Rule::Latin => c.protect_latin = on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(digits: Digits, disable: &[Rule], enable: &[Rule]) -> NormalizeOpts {
        NormalizeOpts { digits, disable: disable.to_vec(), enable: enable.to_vec() }
    }

    #[test]
    fn defaults_are_the_library_defaults() {
        assert_eq!(NormalizeOpts::default().config(), NormalizerConfig::default());
        assert!(NormalizeOpts::default().is_default());
    }

    #[test]
    fn rules_switch_off_and_on() {
        let c = opts(Digits::Latin, &[Rule::HalfSpace, Rule::Quotes], &[Rule::AlefHamza]).config();
        assert!(!c.half_space && !c.quotes && c.alef_hamza_to_alef && c.half_space_unspaced);
        assert_eq!(c.digits, DigitScript::Latin);
        // `all` off, then one rule back on.
        let c = opts(Digits::Keep, &[Rule::All], &[Rule::Kashida]).config();
        assert_eq!(c, NormalizerConfig { remove_kashida: true, ..NormalizerConfig::none() });
        // Digits are set by --digits, whatever `all` does.
        let c = opts(Digits::Persian, &[Rule::All], &[]).config();
        assert_eq!(c.digits, DigitScript::Persian);
    }
}
