//! Document framing (`# newdoc id = …`, `{"id":…,"sentences":[…]}`) and sentence numbering:
//! written by the workers for whole documents of a corpus, by the writer for everything else
//! (a document cut into chunks, or one input numbered as a whole), the same bytes either way.

use super::OutFormat;
use std::io::{self, Write};

/// What is known while a document's sentences are written.
pub struct Numbering<'a> {
    /// One input: sentences are numbered over the whole input (`sent_no`) and carry no
    /// document id; else per document.
    pub single: bool,
    /// The document id.
    pub id: &'a str,
    /// Sentences of the document so far.
    pub doc_sentences: &'a mut u64,
    /// Sentences of the input so far.
    pub sent_no: &'a mut u64,
}

/// What comes before a document's sentences (corpus mode).
pub fn header(w: &mut impl Write, format: OutFormat, id: &str) -> io::Result<()> {
    match format {
        OutFormat::Jsonl => {
            w.write_all(b"{\"id\":")?;
            json_str(w, id)?;
            w.write_all(b",\"sentences\":[")
        }
        // One JSON object a line, each naming its document.
        OutFormat::Json | OutFormat::EntitiesJson => Ok(()),
        _ => {
            w.write_all(b"# newdoc id = ")?;
            clean(w, id)?;
            w.write_all(b"\n")
        }
    }
}

/// What comes after a document's sentences (corpus mode).
pub fn footer(w: &mut impl Write, format: OutFormat) -> io::Result<()> {
    if format == OutFormat::Jsonl {
        w.write_all(b"]}\n")?;
    }
    Ok(())
}

/// Writes rendered sentences (`marks[i]`: where sentence i starts in `bytes`), numbering each.
pub fn sentences(w: &mut impl Write, format: OutFormat, num: Numbering, bytes: &[u8], marks: &[usize]) -> io::Result<()> {
    if marks.is_empty() {
        return w.write_all(bytes);
    }
    for (i, &start) in marks.iter().enumerate() {
        let end = marks.get(i + 1).copied().unwrap_or(bytes.len());
        let body = &bytes[start..end];
        *num.doc_sentences += 1;
        *num.sent_no += 1;
        if body.is_empty() {
            continue;
        }
        let n = if num.single { *num.sent_no } else { *num.doc_sentences };
        match format {
            OutFormat::Json => {
                if num.single {
                    write!(w, "{{\"sent_id\":{n},")?;
                } else {
                    w.write_all(b"{\"doc\":")?;
                    json_str(w, num.id)?;
                    write!(w, ",\"sent_id\":{n},")?;
                }
                w.write_all(&body[1..])?;
            }
            OutFormat::Jsonl => {
                if n > 1 {
                    w.write_all(b",")?;
                }
                w.write_all(body)?;
            }
            OutFormat::Conllu | OutFormat::NerConllu => {
                if num.single {
                    writeln!(w, "# sent_id = {n}")?;
                } else {
                    w.write_all(b"# sent_id = ")?;
                    clean(w, num.id)?;
                    writeln!(w, "-{n}")?;
                }
                w.write_all(body)?;
            }
            OutFormat::Pretty => {
                write!(w, "# sentence {n}")?;
                w.write_all(body)?;
            }
            OutFormat::Tokens { .. } | OutFormat::EntitiesTable => w.write_all(body)?,
            OutFormat::EntitiesJson => {
                // One object per entity, each line `{…}`: the document and sentence go first.
                for line in body.split_inclusive(|&b| b == b'\n') {
                    w.write_all(b"{")?;
                    if !num.single {
                        w.write_all(b"\"doc\":")?;
                        json_str(w, num.id)?;
                        w.write_all(b",")?;
                    }
                    write!(w, "\"sent_id\":{n},")?;
                    w.write_all(line.get(1..).unwrap_or_default())?;
                }
            }
        }
    }
    Ok(())
}

/// `s` as a JSON string.
fn json_str(w: &mut impl Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(w, s).map_err(io::Error::other)
}

/// `s` as a value on one CoNLL-U comment line: control characters become spaces.
fn clean(w: &mut impl Write, s: &str) -> io::Result<()> {
    if !s.chars().any(char::is_control) {
        return w.write_all(s.as_bytes());
    }
    let c: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    w.write_all(c.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_escaped_for_json_and_kept_on_one_line_for_comments() {
        let mut v = Vec::new();
        header(&mut v, OutFormat::Jsonl, "a\"b\n").unwrap();
        header(&mut v, OutFormat::Conllu, "a\tb\nc").unwrap();
        footer(&mut v, OutFormat::Jsonl).unwrap();
        assert_eq!(String::from_utf8(v).unwrap(), "{\"id\":\"a\\\"b\\n\",\"sentences\":[# newdoc id = a b c\n]}\n");
    }

    #[test]
    fn sentences_are_numbered_per_document_or_over_the_input() {
        let (bytes, marks) = (b"# s1\n# s3\n".as_slice(), [0usize, 5, 5]);
        let (mut d, mut s) = (0, 10);
        let mut v = Vec::new();
        let num = Numbering { single: false, id: "x\n", doc_sentences: &mut d, sent_no: &mut s };
        sentences(&mut v, OutFormat::Conllu, num, bytes, &marks).unwrap();
        assert_eq!(String::from_utf8(v).unwrap(), "# sent_id = x -1\n# s1\n# sent_id = x -3\n# s3\n");
        assert_eq!((d, s), (3, 13));
        let mut v = Vec::new();
        let num = Numbering { single: true, id: "x", doc_sentences: &mut d, sent_no: &mut s };
        sentences(&mut v, OutFormat::Json, num, b"{\"a\":1}\n", &[0]).unwrap();
        assert_eq!(String::from_utf8(v).unwrap(), "{\"sent_id\":14,\"a\":1}\n");
    }
}
