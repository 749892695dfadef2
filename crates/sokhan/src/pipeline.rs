//! The pipeline from raw text to a [`Document`].

use crate::doc::{Document, Sentence, Span, Token, Word};
use crate::entities::{self, Gregorian, Recognizer};
use crate::morph::{self, inflect, Lexicon};
use crate::normalize::{Normalized, Normalizer, NormalizerConfig};
use crate::segment::{HostClass, Lexical, Role, SegSentence, SegToken, Segmenter, SegmenterConfig, TokenKind};
use crate::parse::Parser;
use crate::tag::{self, Tagger};

/// Raw text in, analysed [`Document`] out.
///
/// ```
/// let doc = sokhan::Pipeline::default().analyze("کارهایش را تمام کرد.");
/// let words: Vec<&str> = doc.sentences[0].words().map(|w| w.lemma.as_str()).collect();
/// assert_eq!(words[..2], ["کار", "او"]);
/// ```
#[derive(Debug)]
pub struct Pipeline {
    normalizer: Normalizer,
    segmenter: Segmenter,
    lexicon: &'static Lexicon,
    tagger: Option<TaggerRef>,
    parser: Option<ParserRef>,
    entities: EntityOptions,
}

/// What the entity stage does.
#[derive(Debug)]
struct EntityOptions {
    /// Whether it runs at all.
    enabled: bool,
    /// The name recognizer; `None` finds numeric and temporal expressions only.
    recognizer: Option<RecognizerRef>,
    /// The day relative dates are resolved from.
    reference: Option<Gregorian>,
}

/// The recognizer in use, embedded (decoded on first use) or loaded from a file.
#[derive(Debug)]
enum RecognizerRef {
    Embedded,
    Owned(Box<Recognizer>),
}

impl std::ops::Deref for RecognizerRef {
    type Target = Recognizer;
    fn deref(&self) -> &Recognizer {
        match self {
            RecognizerRef::Embedded => Recognizer::embedded(),
            RecognizerRef::Owned(r) => r,
        }
    }
}

/// The parser in use, embedded (decoded on first use) or loaded from a file.
#[derive(Debug)]
enum ParserRef {
    Embedded,
    Owned(Box<Parser>),
}

impl std::ops::Deref for ParserRef {
    type Target = Parser;
    fn deref(&self) -> &Parser {
        match self {
            ParserRef::Embedded => Parser::embedded(),
            ParserRef::Owned(p) => p,
        }
    }
}

/// The tagger in use: the embedded one (decoded on first use, so commands that never tag
/// never pay for loading it) or one loaded from a file.
#[derive(Debug)]
enum TaggerRef {
    Embedded,
    Owned(Box<Tagger>),
}

impl std::ops::Deref for TaggerRef {
    type Target = Tagger;
    fn deref(&self) -> &Tagger {
        match self {
            TaggerRef::Embedded => Tagger::embedded(),
            TaggerRef::Owned(t) => t,
        }
    }
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new(NormalizerConfig::default(), SegmenterConfig::default())
    }
}

/// [`Lexical`] over the embedded lexicon: what segmentation needs to know about words.
#[derive(Clone, Copy, Debug)]
pub struct LexiconOracle<'a>(pub &'a Lexicon);

/// Suffixes that make a new word form but never a clitic (plural, ezafe/indefinite, comparative).
fn is_word_suffix(s: &str) -> bool {
    matches!(s, "ها" | "ان" | "ات" | "یان" | "گان" | "ی" | "ای" | "یی" | "تر" | "ترین")
}

/// Clitic splits already decided on this thread, per lexicon: word frequencies are Zipfian, so
/// nearly every word is looked up once and then answered from here.
struct SplitMemo {
    lexicon: u64,
    splits: std::collections::HashMap<Box<str>, Option<Vec<crate::segment::Part>>, crate::hash::FastHash>,
    /// Answers of [`Lexical::may_start_abbreviation`] (asked for most sentence-final words).
    abbreviation_heads: std::collections::HashMap<Box<str>, bool, crate::hash::FastHash>,
}

impl SplitMemo {
    /// Forgets everything when `lexicon` is not the one the answers came from.
    fn for_lexicon(&mut self, lexicon: u64) -> &mut Self {
        if self.lexicon != lexicon {
            self.lexicon = lexicon;
            self.splits.clear();
            self.abbreviation_heads.clear();
        }
        self
    }
}

thread_local! {
    static SPLIT_MEMO: std::cell::RefCell<SplitMemo> = std::cell::RefCell::new(SplitMemo {
        lexicon: u64::MAX,
        splits: Default::default(),
        abbreviation_heads: Default::default(),
    });
}

/// Entries kept before the memo starts over (bounds memory on endless vocabularies).
const SPLIT_MEMO_CAPACITY: usize = 1 << 17;

/// Frequency (hazm word list) from which a word counts as common for [`Lexical::splits_glued`].
const COMMON_WORD_FREQ: u64 = 1_000_000;

impl Lexical for LexiconOracle<'_> {
    fn split_clitics(&self, word: &str) -> Option<Vec<crate::segment::Part>> {
        // Words that cannot end in a clitic never reach the lexicon.
        if !crate::segment::clitics::may_carry_clitic(word) && !crate::segment::clitics::may_be_glued(word) {
            return None;
        }
        SPLIT_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let memo = memo.for_lexicon(self.0.id());
            if let Some(hit) = memo.splits.get(word) {
                return hit.clone();
            }
            let split = crate::segment::clitics::split(word, self);
            if memo.splits.len() >= SPLIT_MEMO_CAPACITY {
                memo.splits.clear();
            }
            memo.splits.insert(word.into(), split.clone());
            split
        })
    }

    fn is_abbreviation(&self, s: &str) -> bool {
        self.0.is_abbreviation(s)
    }

    fn may_start_abbreviation(&self, s: &str) -> bool {
        SPLIT_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let memo = memo.for_lexicon(self.0.id());
            if let Some(&hit) = memo.abbreviation_heads.get(s) {
                return hit;
            }
            let answer = self.0.has_prefix(s);
            if memo.abbreviation_heads.len() >= SPLIT_MEMO_CAPACITY {
                memo.abbreviation_heads.clear();
            }
            memo.abbreviation_heads.insert(s.into(), answer);
            answer
        })
    }

    fn is_word(&self, w: &str) -> bool {
        let lex = self.0;
        !lex.tags(w).is_empty()
            || !lex.lemma_candidates(w).is_empty()
            || inflect::analyses(w)
                .iter()
                .any(|a| a.suffixes.iter().all(|s| is_word_suffix(s)) && !lex.tags(&a.stem).is_empty())
            || !lex.verb_analyses(w).is_empty()
    }

    fn splits_glued(&self, word: &str, rest: &str) -> bool {
        // The rest must be a tagged word with a million in the hazm frequency list (`پایان`,
        // `توجه`, `مبارزه` pass; `کاشی`, 0.4 M, does not), and the whole unknown: not listed, not
        // an inflection, not a verb form, not a form seen in the tagged or raw corpora the
        // lexicon was built from (`درمیان` and `بامیان` are names there, `درحقیقت` an adverb).
        let lex = self.0;
        lex.freq(rest).is_some_and(|f| f >= COMMON_WORD_FREQ) && !lex.tags(rest).is_empty() && !lex.knows(word) && !self.is_word(word)
    }

    fn host_class(&self, w: &str) -> Option<HostClass> {
        let lex = self.0;
        let class_of = |tags: morph::lexicon::TagSet| {
            if tags.is_empty() || tags.contains("V") && tags.iter().count() == 1 {
                None
            } else if tags.contains("AJ") && !tags.contains("N") && !tags.contains("PRO") {
                Some(HostClass::Adjective)
            } else {
                Some(HostClass::Nominal)
            }
        };
        if let Some(c) = class_of(lex.tags(w)) {
            return Some(c);
        }
        if let Some(c) = lex.lemma_candidates(w).iter().max_by_key(|c| c.count) {
            return match c.upos.as_str() {
                "ADJ" => Some(HostClass::Adjective),
                "NOUN" | "PROPN" | "PRON" | "ADP" | "ADV" | "NUM" | "DET" => Some(HostClass::Nominal),
                _ => None,
            };
        }
        // Plural or ezafe forms of a known noun: کارهای, کتاب‌های, فرزندان.
        for suffix in ["های", "ها", "ان", "ات", "ی"] {
            if let Some(stem) = w.strip_suffix(suffix) {
                let stem = stem.strip_suffix('\u{200C}').unwrap_or(stem);
                if stem.chars().nth(1).is_some() {
                    if let Some(c) = class_of(lex.tags(stem)) {
                        return Some(c);
                    }
                }
            }
        }
        None
    }
}

impl Pipeline {
    /// A pipeline with the given normalization and segmentation options and the embedded lexicon.
    pub fn new(normalizer: NormalizerConfig, segmenter: SegmenterConfig) -> Self {
        Pipeline {
            normalizer: Normalizer::new(normalizer),
            segmenter: Segmenter::new(segmenter),
            lexicon: Lexicon::embedded(),
            tagger: Some(TaggerRef::Embedded),
            parser: Some(ParserRef::Embedded),
            entities: EntityOptions { enabled: true, recognizer: Some(RecognizerRef::Embedded), reference: None },
        }
    }

    /// Skips the entity stage ([`Sentence::entities`] stays empty; faster).
    pub fn without_entities(mut self) -> Self {
        self.entities.enabled = false;
        self
    }

    /// Uses `recognizer` instead of the embedded one for names (e.g. a model loaded with
    /// [`Recognizer::from_model_bytes`]).
    pub fn with_recognizer(mut self, recognizer: Recognizer) -> Self {
        self.entities.recognizer = Some(RecognizerRef::Owned(Box::new(recognizer)));
        self
    }

    /// Finds numeric and temporal expressions only, no names.
    pub fn without_recognizer(mut self) -> Self {
        self.entities.recognizer = None;
        self
    }

    /// Resolves relative dates (`دیروز`, `هفته گذشته`, `سه روز بعد`) from `day`.
    pub fn with_reference_date(mut self, day: Gregorian) -> Self {
        self.entities.reference = Some(day);
        self
    }

    /// Fills [`Sentence::entities`] of a tagged sentence (the entity stage alone, for
    /// sentences built elsewhere, e.g. read from CoNLL-U); its spans index a text of which
    /// `text` is the part from byte `base` on.
    pub fn find_entities(&self, sentence: &mut Sentence, text: &str, base: usize) {
        if !self.entities.enabled {
            sentence.entities.clear();
            return;
        }
        let stage = entities::Stage {
            recognizer: self.entities.recognizer.as_deref(),
            tagger: self.tagger.as_deref(),
            lexicon: self.lexicon,
            reference: self.entities.reference,
        };
        sentence.entities = stage.find(sentence, text, base);
    }

    /// Uses `tagger` instead of the embedded one (e.g. a model loaded with
    /// [`Tagger::from_model_bytes`]).
    pub fn with_tagger(mut self, tagger: Tagger) -> Self {
        self.tagger = Some(TaggerRef::Owned(Box::new(tagger)));
        self
    }

    /// Leaves UPOS, XPOS and FEATS empty (segmentation and lemmas only; faster). Parsing
    /// needs the tags, so this also leaves HEAD and DEPREL empty.
    pub fn without_tagger(mut self) -> Self {
        self.tagger = None;
        self
    }

    /// Uses `parser` instead of the embedded one (e.g. a model loaded with
    /// [`Parser::from_model_bytes`]).
    pub fn with_parser(mut self, parser: Parser) -> Self {
        self.parser = Some(ParserRef::Owned(Box::new(parser)));
        self
    }

    /// Leaves HEAD and DEPREL empty (no dependency parsing; faster).
    pub fn without_parser(mut self) -> Self {
        self.parser = None;
        self
    }

    /// The normalizer.
    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &'static Lexicon {
        self.lexicon
    }

    /// Normalizes and segments `text` without building words or lemmas (the fast path).
    pub fn segment(&self, text: &str) -> (Normalized, Vec<SegSentence>) {
        let normalized = self.normalizer.normalize(text);
        let sentences = self.segmenter.segment(normalized.as_str(), &LexiconOracle(self.lexicon));
        (normalized, sentences)
    }

    /// [`Pipeline::segment`] for callers that need tokens only: the same sentences and token
    /// boundaries, with multiword-token parts filled in only where they decide a boundary
    /// ([`Segmenter::segment_tokens`]).
    pub fn segment_tokens(&self, text: &str) -> (Normalized, Vec<SegSentence>) {
        let normalized = self.normalizer.normalize(text);
        let sentences = self.segmenter.segment_tokens(normalized.as_str(), &LexiconOracle(self.lexicon));
        (normalized, sentences)
    }

    /// [`Pipeline::segment_tokens`] without building the sentence list: `f` gets the
    /// normalized text and each sentence's tokens in order (one buffer reused from sentence to
    /// sentence), for callers that print or count tokens as they go.
    pub fn for_each_token_sentence(&self, text: &str, f: impl FnMut(&Normalized, &[SegToken])) -> Normalized {
        self.for_each_sentence_with(text, false, f)
    }

    /// [`Pipeline::segment`] without building the sentence list: like
    /// [`Pipeline::for_each_token_sentence`], with every multiword token's syntactic words
    /// (`parts`) filled in.
    pub fn for_each_word_sentence(&self, text: &str, f: impl FnMut(&Normalized, &[SegToken])) -> Normalized {
        self.for_each_sentence_with(text, true, f)
    }

    fn for_each_sentence_with(&self, text: &str, words: bool, mut f: impl FnMut(&Normalized, &[SegToken])) -> Normalized {
        let normalized = self.normalizer.normalize(text);
        self.segmenter.for_each_sentence(normalized.as_str(), &LexiconOracle(self.lexicon), !words, |tokens| f(&normalized, tokens));
        normalized
    }

    /// Analyses `text`: normalization, sentences, tokens, syntactic words, lemmas.
    ///
    /// Offsets inside one call are 32-bit: pass text in pieces under 4 GiB (the CLI reads
    /// line-aligned chunks of about 256 kB and shifts spans with [`Sentence::shift_spans`]).
    ///
    /// The text is one document for the tagger: a name it reads as a proper noun in one
    /// sentence is read so in all ([`Tagger::tag_document`]).
    pub fn analyze(&self, text: &str) -> Document {
        let (normalized, segmented) = self.segment(text);
        let mut built: Vec<(Sentence, Vec<(TokenKind, Role)>)> = segmented.iter().map(|s| self.build_sentence(text, &normalized, s)).collect();
        if let Some(tagger) = &self.tagger {
            let inputs: Vec<(Vec<&str>, Vec<tag::Part>)> = built.iter().map(|(s, kinds)| tag_inputs(s, kinds)).collect();
            let refs: Vec<(&[&str], &[tag::Part])> = inputs.iter().map(|(w, p)| (w.as_slice(), p.as_slice())).collect();
            let oracle = LexiconOracle(self.lexicon());
            let tags: Vec<Vec<Tags>> = tagger
                .tag_document(&refs, &|w| !oracle.is_word(w))
                .into_iter()
                .map(|s| s.into_iter().map(|r| (r.upos.to_string(), r.xpos.to_string(), r.feats.to_string(), r.ezafe)).collect())
                .collect();
            for ((sentence, kinds), tags) in built.iter_mut().zip(tags) {
                apply_tags(sentence, kinds, tags);
            }
        }
        for (sentence, kinds) in &mut built {
            self.lemmatize_and_parse(sentence, kinds);
            self.find_entities(sentence, text, 0);
        }
        Document { text: text.to_string(), normalized: normalized.as_str().to_string(), sentences: built.into_iter().map(|(s, _)| s).collect() }
    }

    /// Fills the predicted columns (lemma, tags, head and relation) of a sentence whose tokens
    /// and words are given, e.g. read from CoNLL-U. Words keep their forms; `norm` is
    /// recomputed. Without a parser (or a tagger), HEAD and DEPREL are left as they were.
    pub fn annotate(&self, sentence: &mut Sentence) {
        let mut kinds = Vec::new();
        for t in &mut sentence.tokens {
            let multi = t.words.len() > 1;
            // After a final `ا`/`و`, `یم` and `ید` are the glide and a pronoun (`جا` + `یم`, as
            // in all 3 such words of the train split), elsewhere the copula ending (`هست` + `یم`).
            let mut after_vowel = false;
            for (i, w) in t.words.iter_mut().enumerate() {
                w.norm = self.normalizer.normalize(&w.form).as_str().to_string();
                let kind = token_kind_of(&w.norm);
                let role = match (multi && i > 0, kind, w.norm.as_str()) {
                    (false, _, _) => Role::Host,
                    (true, TokenKind::Punct, _) => Role::Punct,
                    (true, _, "را") => Role::Adposition,
                    (true, _, "یم" | "ید") if after_vowel => Role::Pronoun,
                    (true, _, "ست" | "ند" | "اند" | "ایم" | "اید" | "یم" | "ید") => Role::Copula,
                    (true, _, _) => Role::Pronoun,
                };
                after_vowel = matches!(w.norm.chars().next_back(), Some('ا' | 'و'));
                kinds.push((kind, role));
            }
        }
        self.tag_and_lemmatize(sentence, &kinds);
    }

    /// The tokens and words of one segmented sentence, with what segmentation knows of each
    /// word; not yet tagged.
    fn build_sentence(&self, text: &str, normalized: &Normalized, seg: &SegSentence) -> (Sentence, Vec<(TokenKind, Role)>) {
        let norm_text = normalized.as_str();
        let mut tokens = Vec::with_capacity(seg.tokens.len());
        let mut kinds = Vec::with_capacity(seg.tokens.len() + 4);
        for t in &seg.tokens {
            // Word boundaries must fall between original characters; a split inside one
            // (a ligature such as ﶺ normalized to several letters) keeps the token whole.
            let mut pieces = t.words();
            let mut detached = None;
            if pieces.len() > 1 {
                let spans: Vec<std::ops::Range<usize>> = pieces.iter().map(|(r, _)| normalized.source_range(r.clone())).collect();
                if spans.windows(2).any(|w| w[1].start < w[0].end || w[0].is_empty()) || spans.last().is_some_and(|s| s.is_empty()) {
                    pieces = vec![(t.range(), Role::Host)];
                } else if let [.., before, last] = spans.as_slice() {
                    // Punctuation is glued to a split token only when it was written right
                    // after it: `کتابش .` had its space removed by the normalizer, and the full
                    // stop stays a token of its own.
                    if pieces.last().is_some_and(|p| p.1 == Role::Punct) && last.start > before.end {
                        detached = pieces.pop();
                    }
                }
            }
            let range = match (pieces.first(), pieces.last()) {
                (Some(a), Some(b)) => a.0.start..b.0.end,
                _ => t.range(),
            };
            let groups = std::iter::once((range, pieces, t.kind)).chain(detached.map(|p| (p.0.clone(), vec![p], TokenKind::Punct)));
            for (range, pieces, kind) in groups {
                let span: Span = normalized.source_range(range.clone()).into();
                let multi = pieces.len() > 1;
                let words = pieces
                    .into_iter()
                    .map(|(r, role)| {
                        let wspan: Span = if multi { normalized.word_source_range(text, r.clone()).into() } else { span };
                        let norm = &norm_text[r];
                        kinds.push((kind, role));
                        Word { span: wspan, form: text[wspan.range()].to_string(), norm: norm.to_string(), ..Word::default() }
                    })
                    .collect();
                tokens.push(Token { span, form: text[span.range()].to_string(), norm: norm_text[range].to_string(), space_after: false, words });
            }
        }
        // Whitespace after a token in the original: in the gap before the next token of the
        // sentence, or right after the last one (the end of the text counts as a space).
        for i in 0..tokens.len() {
            let end = tokens[i].span.end;
            let gap = match tokens.get(i + 1) {
                Some(next) => &text[end..next.span.start.max(end)],
                None => text[end..].chars().next().map_or(" ", |c| &text[end..end + c.len_utf8()]),
            };
            tokens[i].space_after = gap.chars().any(char::is_whitespace);
        }
        let span = match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::default(),
        };
        (Sentence { span, tokens, entities: Vec::new() }, kinds)
    }

    /// Tags the words of `sentence` (when a tagger is loaded), fills their lemmas and parses
    /// it; `kinds` gives, per word, what segmentation knows of it.
    fn tag_and_lemmatize(&self, sentence: &mut Sentence, kinds: &[(TokenKind, Role)]) {
        if let Some(tagger) = &self.tagger {
            let (forms, parts) = tag_inputs(sentence, kinds);
            let tags: Vec<Tags> =
                tagger.tag_parts(&forms, &parts).into_iter().map(|r| (r.upos.to_string(), r.xpos.to_string(), r.feats.to_string(), r.ezafe)).collect();
            apply_tags(sentence, kinds, tags);
        }
        self.lemmatize_and_parse(sentence, kinds);
    }

    /// Fills the lemmas of a tagged sentence and parses it (with a parser and a tagger).
    fn lemmatize_and_parse(&self, sentence: &mut Sentence, kinds: &[(TokenKind, Role)]) {
        for (w, &(kind, role)) in sentence.tokens.iter_mut().flat_map(|t| t.words.iter_mut()).zip(kinds) {
            self.fill_lemma(w, kind, role);
        }
        if let (Some(parser), Some(_)) = (&self.parser, &self.tagger) {
            parser.parse_sentence(sentence);
        }
    }

    fn fill_lemma(&self, w: &mut Word, kind: TokenKind, role: Role) {
        // What segmentation knows for certain comes first, then the tagger's UPOS.
        let certain = match (kind, role) {
            (_, Role::Punct) | (TokenKind::Punct, _) => Some("PUNCT"),
            // `م` after a host that may be a noun or an adjective is `my` or `I am`
            // (`امیدوارم`: `امیدوار` + copula `م`, lemma `هست`, as PerDT has it): segmentation
            // guessed the pronoun, the tagger, which sees the context, decides.
            (_, Role::Pronoun) if w.norm == "م" && matches!(w.upos.as_str(), "AUX" | "VERB") => Some("AUX"),
            (_, Role::Pronoun) => Some("PRON"),
            (_, Role::Copula) => Some("AUX"),
            (_, Role::Adposition) => Some("ADP"),
            (TokenKind::Number, _) => Some("NUM"),
            (TokenKind::Symbol, _) | (TokenKind::Emoji, _) => Some("SYM"),
            _ => None,
        };
        let hint = certain.or((!w.upos.is_empty()).then_some(w.upos.as_str()));
        // Numbers, punctuation, URLs and the like are their own lemma as written (PerDT keeps
        // `2007` as `2007`, not in the normalized digits).
        w.lemma = match kind {
            TokenKind::Word | TokenKind::Abbreviation => morph::lemmatize(self.lexicon, &w.norm, hint),
            _ => w.form.clone(),
        };
    }
}

/// UPOS, XPOS, FEATS and ezafe of one word, as the tagger gave them.
type Tags = (String, String, String, bool);

/// The tagger's input for a sentence: normalized forms and their places in tokens.
fn tag_inputs<'s>(sentence: &'s Sentence, kinds: &[(TokenKind, Role)]) -> (Vec<&'s str>, Vec<tag::Part>) {
    let mut forms: Vec<&str> = Vec::with_capacity(kinds.len());
    let mut parts = Vec::with_capacity(kinds.len());
    for t in &sentence.tokens {
        for (i, w) in t.words.iter().enumerate() {
            let role = kinds.get(forms.len()).map_or(Role::Host, |k| k.1);
            forms.push(&w.norm);
            // A preposition run into the next word (`در` + `پایان`) is two whole words:
            // an adposition first, a host after it.
            parts.push(match (t.words.len() > 1, i, role) {
                (false, _, _) | (true, 0, Role::Adposition) => tag::Part::Whole,
                (true, 0, _) => tag::Part::Host,
                (true, _, Role::Host) => tag::Part::Whole,
                _ => tag::Part::Clitic,
            });
        }
    }
    (forms, parts)
}

/// Writes the tagger's answers into the words of `sentence`, with the rules that overrule it.
fn apply_tags(sentence: &mut Sentence, kinds: &[(TokenKind, Role)], tags: Vec<Tags>) {
    // Cardinal number words of an expression the value grammar reads (`سی و پنج هزار`) are
    // numerals whatever the tagger guessed (it calls `سی` a proper noun before `و پنج`).
    let norms: Vec<&str> = sentence.tokens.iter().map(|t| t.norm.as_str()).collect();
    use crate::entities::values::NumberWord;
    let numeral: Vec<NumberWord> = crate::entities::values::number_words(&norms)
        .into_iter()
        .zip(&sentence.tokens)
        .flat_map(|(n, t)| std::iter::repeat_n(if t.words.len() == 1 { n } else { NumberWord::No }, t.words.len()))
        .collect();
    for (i, (w, (mut upos, mut xpos, mut feats, ezafe))) in sentence.tokens.iter_mut().flat_map(|t| t.words.iter_mut()).zip(tags).enumerate() {
        let role = kinds.get(i).map_or(Role::Host, |k| k.1);
        let kind = numeral.get(i).copied().unwrap_or(NumberWord::No);
        if kind != NumberWord::No && upos != "NUM" {
            // PerDT's tags of a cardinal: `NUM`/`PRENUM`, `Number=Sing` on the scale words.
            let feats_of = if kind == NumberWord::Scale { "Number=Sing" } else { "" };
            (upos, xpos, feats) = ("NUM".to_string(), "PRENUM".to_string(), feats_of.to_string());
        }
        // A pronoun clitic that cannot be the copula (`ش`, `تان`, the glide forms `یم`,
        // `یت` of `صدایم`, `پایت`) is a personal pronoun whatever the tagger guessed
        // (it has seen the glide forms a handful of times): PerDT's tags, with the
        // person and number the form spells.
        if role == Role::Pronoun && upos != "PRON" {
            if let Some(f) = clitic_pronoun_feats(&w.norm) {
                (upos, xpos, feats) = ("PRON".to_string(), "PR_JOPER".to_string(), f.to_string());
            }
        }
        // A final `هٔ` (heh with hamza above) is the written ezafe itself, and so is a
        // `ی` joined to a final `ه` with a half-space (`خانه‌ی`, as the normalizer
        // writes `خانه ی`).
        let ezafe = ezafe || w.norm.ends_with("\u{0647}\u{0654}") || w.norm.ends_with("\u{0647}\u{200C}\u{06CC}");
        w.upos = upos;
        w.xpos = xpos;
        w.feats = feats;
        w.ezafe = Some(ezafe);
        if ezafe || crate::doc::ezafe_in_misc(&w.misc).is_some() {
            let rest = crate::doc::misc_without_ezafe(&w.misc);
            w.misc = match (ezafe, rest.is_empty()) {
                (false, _) => rest,
                (true, true) => "Ezafe=Yes".to_string(),
                (true, false) => format!("{rest}|Ezafe=Yes"),
            };
        }
    }
}

/// FEATS of a pronoun clitic that cannot be read as the copula: `ش`, `ت`, `مان`, `تان`,
/// `شان`, after a final `ه` `اش`, `ات`, and the glide forms after `ا`/`و` (`یم`, `یت`, `یش`,
/// `یمان`, ...): the person and number of its pronoun ([`morph::lemma::clitic_pronoun_lemma`]).
/// `None` for `م`/`ام`, which may be the copula (`امیدوارم`), and anything else.
fn clitic_pronoun_feats(form: &str) -> Option<&'static str> {
    if matches!(form, "م" | "ام") {
        return None;
    }
    Some(match morph::lemma::clitic_pronoun_lemma(form)? {
        "من" => "Number=Sing|Person=1|PronType=Prs",
        "تو" => "Number=Sing|Person=2|PronType=Prs",
        "او" => "Number=Sing|Person=3|PronType=Prs",
        "ما" => "Number=Plur|Person=1|PronType=Prs",
        "شما" => "Number=Plur|Person=2|PronType=Prs",
        "آنها" => "Number=Plur|Person=3|PronType=Prs",
        _ => return None,
    })
}

/// The token kind of a single given word (for words that come already segmented).
fn token_kind_of(word: &str) -> TokenKind {
    let mut out = Vec::new();
    crate::segment::tokens::tokenize_into(word, &NoAbbreviations, &mut out);
    match out.as_slice() {
        [one] => one.kind,
        _ => TokenKind::Word,
    }
}

struct NoAbbreviations;
impl Lexical for NoAbbreviations {
    fn is_abbreviation(&self, _: &str) -> bool {
        false
    }
    fn is_word(&self, _: &str) -> bool {
        true
    }
    fn host_class(&self, _: &str) -> Option<HostClass> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::clitic_pronoun_feats;

    #[test]
    fn clitic_pronoun_feats_spell_person_and_number() {
        assert_eq!(clitic_pronoun_feats("ش"), Some("Number=Sing|Person=3|PronType=Prs"));
        assert_eq!(clitic_pronoun_feats("اش"), Some("Number=Sing|Person=3|PronType=Prs"));
        assert_eq!(clitic_pronoun_feats("یت"), Some("Number=Sing|Person=2|PronType=Prs"));
        assert_eq!(clitic_pronoun_feats("یم"), Some("Number=Sing|Person=1|PronType=Prs"));
        assert_eq!(clitic_pronoun_feats("شان"), Some("Number=Plur|Person=3|PronType=Prs"));
        assert_eq!(clitic_pronoun_feats("یمان"), Some("Number=Plur|Person=1|PronType=Prs"));
        // `م`/`ام` may be the copula; anything else is not a pronoun clitic.
        for f in ["م", "ام", "ید", "ند", "ست", "را", ""] {
            assert_eq!(clitic_pronoun_feats(f), None, "{f}");
        }
    }

    /// `analyze` reads a text as one document: a name the tagger recognises in one sentence
    /// (after `آقای`) is a proper noun in the others too.
    #[test]
    fn an_unknown_name_is_a_proper_noun_throughout_the_text() {
        let doc = super::Pipeline::default().analyze("آقای گرونسکی دیروز به تهران آمد. سفر گرونسکی به تهران کوتاه بود. دیدار گرونسکی با وزیر انجام شد.");
        let tags: Vec<&str> = doc.sentences.iter().flat_map(|s| s.tokens.iter()).flat_map(|t| t.words.iter()).filter(|w| w.form == "گرونسکی").map(|w| w.upos.as_str()).collect();
        assert_eq!(tags, ["PROPN"; 3]);
    }

    /// Number words of a number written in words are numerals, whatever the tagger guessed
    /// alone (`سی` before `و پنج` was a proper noun); a single `یک` is left to the tagger.
    #[test]
    fn number_words_are_numerals() {
        let doc = super::Pipeline::default().without_entities().analyze("قیمت سی و پنج هزار تومان است و هفتاد و دو درصد مردم آمدند. هر یک از آنها رفت.");
        let upos = |form: &str| doc.sentences.iter().flat_map(|s| s.words()).find(|w| w.form == form).map(|w| w.upos.clone()).unwrap_or_default();
        for w in ["سی", "پنج", "هزار", "هفتاد", "دو"] {
            assert_eq!(upos(w), "NUM", "{w}");
        }
        assert_ne!(upos("یک"), "NUM");
    }

    #[test]
    fn words_of_a_token_written_apart_leave_the_space_out() {
        // `نامه اش` is normalized to one token `نامه‌اش` and split into two words; the space
        // that became the half-space belongs to neither word's form or span.
        let text = "نامه اش رسید و آنها ناراضی اند";
        let doc = super::Pipeline::default().analyze(text);
        let split: Vec<Vec<(&str, &str)>> = doc.sentences[0]
            .tokens
            .iter()
            .filter(|t| t.words.len() > 1)
            .map(|t| t.words.iter().map(|w| (w.form.as_str(), &text[w.span.range()])).collect())
            .collect();
        assert_eq!(split, [vec![("نامه", "نامه"), ("اش", "اش")], vec![("ناراضی", "ناراضی"), ("اند", "اند")]]);
        let t = &doc.sentences[0].tokens[0];
        assert_eq!((t.form.as_str(), t.norm.as_str()), ("نامه اش", "نامه\u{200C}اش"));
    }
}
