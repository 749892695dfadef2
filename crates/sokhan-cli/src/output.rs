//! `analyze` on one input for the formats the corpus engine does not draw (tree, svg, html) and on
//! CoNLL-U input; the sentence renderers the corpus engine shares (`sentence_pretty`).

use crate::corpus::work;
use crate::input;
use crate::render;
use anyhow::{Context, Result};
use sokhan::{Document, Pipeline, Sentence};
use std::io::{BufReader, Write};
use std::path::Path;

/// Output formats of `analyze`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pretty,
    Conllu,
    Json,
    Tree,
    Svg,
    Html,
}

/// Prints sentences one by one; the SVG document is written at the end (its size must be
/// known first), the HTML page streams between a head and a tail.
struct Printer {
    format: Format,
    sent_no: usize,
    svg_parts: Vec<(String, f64, f64)>,
}

impl Printer {
    fn new(format: Format, out: &mut impl Write) -> Result<Printer> {
        if format == Format::Html {
            out.write_all(render::HTML_HEAD.as_bytes())?;
        }
        Ok(Printer { format, sent_no: 0, svg_parts: Vec::new() })
    }

    fn finish(self, out: &mut impl Write) -> Result<()> {
        match self.format {
            Format::Html => out.write_all(render::HTML_TAIL.as_bytes())?,
            Format::Svg => out.write_all(render::svg_document(&self.svg_parts).as_bytes())?,
            _ => {}
        }
        Ok(())
    }

    /// Prints the sentences of `doc`, whose spans already count from the start of the whole
    /// input and whose `text` starts at byte `offset` of it.
    fn document(&mut self, doc: &Document, offset: usize, out: &mut impl Write) -> Result<()> {
        for s in &doc.sentences {
            self.sent_no += 1;
            let n = self.sent_no;
            let text = &doc.text[s.span.start - offset..s.span.end - offset];
            let mut body = Vec::new();
            match self.format {
                Format::Json => {
                    work::sentence_json(s, text, &mut body);
                    write!(out, "{{\"sent_id\":{n},")?;
                    out.write_all(&body[1..])?;
                    out.write_all(b"\n")?;
                }
                Format::Pretty => {
                    sentence_pretty(s, text, &mut body);
                    write!(out, "# sentence {n}")?;
                    out.write_all(&body)?;
                }
                Format::Conllu => {
                    work::sentence_conllu(s, text, &mut body);
                    if !body.is_empty() {
                        writeln!(out, "# sent_id = {n}")?;
                        out.write_all(&body)?;
                    }
                }
                Format::Tree => render::tree(s, n, text, out)?,
                Format::Svg => self.svg_parts.push(render::svg(s, n, text)),
                Format::Html => {
                    let (svg, _, _) = render::svg(s, n, text);
                    write!(out, "<figure>\n{svg}</figure>\n")?;
                }
            }
        }
        Ok(())
    }
}

/// Analyses raw text chunk by chunk and prints every sentence.
pub fn analyze_text(pipeline: &Pipeline, path: &Path, format: Format, out: &mut impl Write) -> Result<()> {
    let mut printer = Printer::new(format, out)?;
    input::for_each_chunk(path, |chunk, offset| {
        let mut doc = pipeline.analyze(chunk);
        for s in &mut doc.sentences {
            s.shift_spans(offset);
        }
        printer.document(&doc, offset, out)
    })?;
    printer.finish(out)
}

/// Reads CoNLL-U, keeps its sentences, tokens and words, fills the predicted columns.
pub fn analyze_conllu(pipeline: &Pipeline, path: &Path, format: Format, out: &mut impl Write) -> Result<()> {
    let name = path.display().to_string();
    let reader = sokhan::conllu::Reader::new(BufReader::new(input::open(path)?));
    let mut printer = Printer::new(format, out)?;
    let mut offset = 0usize;
    for sentence in reader {
        let mut sentence = sentence.with_context(|| format!("cannot read {name} as CoNLL-U"))?;
        // Spans count from the start of the whole (reconstructed) input, as for raw text.
        let (mut analysed, text) = sentence.to_doc_sentence(offset);
        pipeline.annotate(&mut analysed);
        pipeline.find_entities(&mut analysed, &text, offset);
        if format == Format::Conllu {
            sentence.fill_from_doc(&analysed)?;
            let mut s = String::new();
            sokhan::conllu::write_to(&mut s, std::slice::from_ref(&sentence)).expect("String write");
            out.write_all(s.as_bytes())?;
        } else {
            let doc = Document { normalized: String::new(), text, sentences: vec![analysed] };
            printer.document(&doc, offset, out)?;
            offset += doc.text.len() + 1;
        }
    }
    printer.finish(out)
}

/// First Strong Isolate / Pop Directional Isolate: keep a right-to-left cell from reordering
/// the columns around it in a terminal that applies the bidi algorithm.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

fn display_width(s: &str) -> usize {
    s.chars()
        .filter(|&c| {
            !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{FE00}'..='\u{FE0F}')
        })
        .count()
}

fn cell(s: &str, width: usize) -> String {
    let shown = if s.is_empty() { "_" } else { s };
    let pad = " ".repeat(width.saturating_sub(display_width(shown)));
    let rtl = shown.chars().any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'));
    if rtl {
        format!("{FSI}{shown}{PDI}{pad}")
    } else {
        format!("{shown}{pad}")
    }
}

/// A readable table for one sentence, without its `# sentence N` start (the writer numbers it).
pub fn sentence_pretty(s: &Sentence, text: &str, out: &mut Vec<u8>) {
    pretty(s, text, out).expect("Vec write");
}

fn pretty(s: &Sentence, text: &str, out: &mut Vec<u8>) -> std::io::Result<()> {
    writeln!(out, "  bytes {}..{}", s.span.start, s.span.end)?;
    writeln!(out, "# text: {FSI}{}{PDI}", text.replace('\n', " "))?;
    let mut rows: Vec<[String; 10]> = Vec::new();
    let mut id = 0usize;
    for t in &s.tokens {
        if t.words.len() > 1 {
            rows.push([
                format!("{}-{}", id + 1, id + t.words.len()),
                format!("{}..{}", t.span.start, t.span.end),
                t.form.clone(),
                t.norm.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for w in &t.words {
            id += 1;
            let span = if t.words.len() > 1 { format!("  {}..{}", w.span.start, w.span.end) } else { format!("{}..{}", w.span.start, w.span.end) };
            let head = w.head.map(|h| h.to_string()).unwrap_or_default();
            let deprel = w.deprel.clone();
            let head = if deprel.is_empty() { head } else { format!("{head}:{deprel}") };
            rows.push([id.to_string(), span, w.form.clone(), w.norm.clone(), w.lemma.clone(), w.upos.clone(), w.xpos.clone(), w.feats.clone(), head, w.misc.clone()]);
        }
    }
    let header = ["ID", "SPAN", "FORM", "NORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "MISC"];
    let mut widths = header.map(display_width);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(display_width(c).max(1));
        }
    }
    let line = |cells: Vec<String>| cells.join("  ");
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(display_width(s))));
    writeln!(out, "{}", line(header.iter().zip(widths).map(|(h, w)| pad(h, w)).collect()).trim_end())?;
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| if i < 2 { pad(c, w) } else { cell(c, w) })
            .collect();
        writeln!(out, "{}", line(cells).trim_end())?;
    }
    writeln!(out)?;
    Ok(())
}
