//! CoNLL-U reading and writing, lossless.
//!
//! A CoNLL-U file is a sequence of [`Sentence`]s. Each keeps its comment lines verbatim and in
//! order, and its [`Row`]s: syntactic words (`7`), multiword tokens (`7-8`) and empty nodes
//! (`7.1`), with all ten columns kept as written (MISC included). Parsing and then writing a
//! well-formed file reproduces it byte for byte.
//!
//! ```
//! let text = "# text = کتابش را خواند.\n\
//!             1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_\n\
//!             1\tکتاب\tکتاب\tNOUN\tN_IANM\tNumber=Sing\t4\tobj\t_\t_\n\
//!             2\tش\tاو\tPRON\tCPRO\tNumber=Sing|Person=3\t1\tnmod\t_\t_\n\
//!             3\tرا\tرا\tADP\tPOSTP\t_\t1\tcase\t_\t_\n\
//!             4\tخواند\tخواند#خوان\tVERB\tV_PA\t_\t0\troot\t_\tSpaceAfter=No\n\
//!             5\t.\t.\tPUNCT\tPUNC\t_\t4\tpunct\t_\t_\n\n";
//! let sentences = sokhan::conllu::parse(text)?;
//! assert_eq!(sentences[0].word_count(), 5);
//! assert_eq!(sokhan::conllu::write(&sentences), text);
//! # Ok::<(), sokhan::Error>(())
//! ```
//!
//! What the parser checks (structure) and what it leaves alone (content):
//! - every non-comment line has exactly 10 TAB-separated columns, none of them empty;
//! - IDs are `N` (words, `1, 2, 3, …` in order), `N-M` (multiword token starting at the next
//!   word, `M > N`, followed by its words `N..=M`) or `N.M` (empty node after word `N`, `M`
//!   counting from 1); no leading zeros;
//! - the HEAD of a word is `_` or a number;
//! - comment lines come before the first row of their sentence.
//!
//! Values (tags, features, relations, whether heads form a tree) are not checked.
//!
//! Line ends may be LF, CRLF or CR alone (old Mac files); a line of spaces counts as blank,
//! one holding a TAB does not (it is read as a row, and rejected unless it is one); a UTF-8 byte-order mark at the very start is skipped; several
//! blank lines between sentences count as one; the final blank line may be missing. The writer
//! always emits LF line ends and exactly one blank line after every sentence, so such inputs
//! are normalized rather than reproduced.

mod doc_conv;
mod read;
mod write;

pub use doc_conv::{to_document, write_document, write_document_to};
pub use read::{parse, Reader};
pub use write::{write, write_io, write_to};

use std::fmt;

/// The ID column of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RowId {
    /// A syntactic word, `N` (1-based).
    Word(usize),
    /// A multiword token `N-M` covering words `N..=M`.
    Range(usize, usize),
    /// An empty node `N.M`: the `M`-th empty node after word `N` (`N` may be 0).
    Empty(usize, usize),
}

impl fmt::Display for RowId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            RowId::Word(n) => write!(f, "{n}"),
            RowId::Range(a, b) => write!(f, "{a}-{b}"),
            RowId::Empty(n, m) => write!(f, "{n}.{m}"),
        }
    }
}

/// One row (line) of a sentence: its ID and its other nine columns, verbatim (`_` stays `_`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Row {
    /// Column 1, ID.
    pub id: RowId,
    /// Column 2, FORM.
    pub form: String,
    /// Column 3, LEMMA.
    pub lemma: String,
    /// Column 4, UPOS.
    pub upos: String,
    /// Column 5, XPOS.
    pub xpos: String,
    /// Column 6, FEATS.
    pub feats: String,
    /// Column 7, HEAD (`_` or a word number).
    pub head: String,
    /// Column 8, DEPREL.
    pub deprel: String,
    /// Column 9, DEPS (enhanced dependencies).
    pub deps: String,
    /// Column 10, MISC.
    pub misc: String,
}

impl Row {
    /// A word row with the given ID and FORM and `_` in every other column.
    pub fn word(id: usize, form: &str) -> Row {
        let u = || "_".to_string();
        Row {
            id: RowId::Word(id),
            form: form.to_string(),
            lemma: u(),
            upos: u(),
            xpos: u(),
            feats: u(),
            head: u(),
            deprel: u(),
            deps: u(),
            misc: u(),
        }
    }

    /// Whether this row is a syntactic word (not a multiword token or an empty node).
    pub fn is_word(&self) -> bool {
        matches!(self.id, RowId::Word(_))
    }

    /// HEAD as a number: `Some(0)` for the root, `None` for `_` or anything not a number.
    pub fn head_index(&self) -> Option<usize> {
        self.head.parse().ok()
    }

    /// Sets HEAD: `None` writes `_`.
    pub fn set_head(&mut self, head: Option<usize>) {
        self.head = match head {
            Some(h) => h.to_string(),
            None => "_".to_string(),
        };
    }

    /// Whether MISC contains `SpaceAfter=No`.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|kv| kv == "SpaceAfter=No")
    }

    /// The columns after ID, in file order.
    pub fn columns(&self) -> [&str; 9] {
        [
            &self.form,
            &self.lemma,
            &self.upos,
            &self.xpos,
            &self.feats,
            &self.head,
            &self.deprel,
            &self.deps,
            &self.misc,
        ]
    }
}

/// A token as the rows that make it: a multiword-token row and its words, or one word.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenRows<'a> {
    /// The `N-M` row of a multiword token; `None` for a single-word token.
    pub multiword: Option<&'a Row>,
    /// The word rows of the token (at least one).
    pub words: Vec<&'a Row>,
}

impl<'a> TokenRows<'a> {
    /// The surface form: FORM of the multiword row, or of the single word.
    pub fn form(&self) -> &'a str {
        match self.multiword {
            Some(m) => &m.form,
            None => &self.words[0].form,
        }
    }

    /// `false` when the token's MISC (the `N-M` row's for a multiword token, else the word's)
    /// says `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        match self.multiword {
            Some(m) => !m.no_space_after(),
            None => !self.words[0].no_space_after(),
        }
    }
}

/// One sentence of a CoNLL-U file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sentence {
    /// Comment lines, verbatim, each starting with `#` (no line terminator).
    pub comments: Vec<String>,
    /// Rows in file order: words, multiword tokens and empty nodes.
    pub rows: Vec<Row>,
}

impl Sentence {
    /// Iterates over the syntactic word rows (no multiword tokens, no empty nodes).
    pub fn words(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.is_word())
    }

    /// Iterates mutably over the syntactic word rows, e.g. to fill predicted columns.
    pub fn words_mut(&mut self) -> impl Iterator<Item = &mut Row> {
        self.rows.iter_mut().filter(|r| r.is_word())
    }

    /// The word with ID `id` (1-based).
    pub fn word(&self, id: usize) -> Option<&Row> {
        self.words().nth(id.checked_sub(1)?)
    }

    /// The word with ID `id` (1-based), mutably.
    pub fn word_mut(&mut self, id: usize) -> Option<&mut Row> {
        self.words_mut().nth(id.checked_sub(1)?)
    }

    /// Number of syntactic words.
    pub fn word_count(&self) -> usize {
        self.words().count()
    }

    /// The tokens of the sentence in order. Empty nodes belong to no token.
    pub fn tokens(&self) -> Vec<TokenRows<'_>> {
        let mut out: Vec<TokenRows<'_>> = Vec::new();
        let mut open_until = 0; // last word ID of the open multiword token
        for row in &self.rows {
            match row.id {
                RowId::Range(_, end) => {
                    open_until = end;
                    out.push(TokenRows {
                        multiword: Some(row),
                        words: Vec::new(),
                    });
                }
                RowId::Word(n) => {
                    if n <= open_until {
                        if let Some(t) = out.last_mut() {
                            t.words.push(row);
                            continue;
                        }
                    }
                    open_until = 0;
                    out.push(TokenRows {
                        multiword: None,
                        words: vec![row],
                    });
                }
                RowId::Empty(..) => {}
            }
        }
        // A multiword row without words cannot come out of the parser; drop it if built by hand.
        out.retain(|t| !t.words.is_empty());
        out
    }

    /// The value of the comment `# key = value` (first match; spaces around `=` optional).
    pub fn comment_value(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.strip_prefix('#')?.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// The `# text = …` comment.
    pub fn text(&self) -> Option<&str> {
        self.comment_value("text")
    }

    /// The `# sent_id = …` comment.
    pub fn sent_id(&self) -> Option<&str> {
        self.comment_value("sent_id")
    }
}

impl fmt::Display for Sentence {
    /// Writes the sentence as CoNLL-U, followed by its blank line (see [`write()`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write::write_sentence(f, self)
    }
}

#[cfg(test)]
mod tests;
