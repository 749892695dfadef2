//! Pictures of dependency trees: an indented tree for the terminal and an SVG/HTML drawing
//! with the words right to left and the arcs above them.

use sokhan::Sentence;
use std::fmt::Write as _;
use std::io::{self, Write};

/// First Strong Isolate / Pop Directional Isolate: a Persian word inside a left-to-right line
/// of tree drawing stays where it is, shaped and in its own direction.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// One word of a parsed sentence, as drawn.
struct Node<'a> {
    form: &'a str,
    upos: &'a str,
    head: Option<usize>,
    deprel: &'a str,
}

fn nodes(s: &Sentence) -> Vec<Node<'_>> {
    let n = s.words().count();
    s.words()
        .map(|w| Node { form: &w.form, upos: &w.upos, head: w.head.filter(|&h| h <= n), deprel: &w.deprel })
        .collect()
}

/// Children of every word (index 0 = the root), in sentence order; words whose head is missing
/// or would close a cycle are drawn under the root so that every word is shown exactly once.
///
/// Linear in the number of words: each word is walked up from once, and the walk stops at the
/// first word already known to reach the root.
fn children(nodes: &[Node<'_>]) -> Vec<Vec<usize>> {
    let n = nodes.len();
    let mut head: Vec<usize> = nodes.iter().map(|w| w.head.unwrap_or(0)).collect();
    // 0: not seen yet, 1: on the current walk, 2: reaches the root.
    let mut state = vec![0u8; n + 1];
    state[0] = 2;
    let mut path = Vec::new();
    for i in 1..=n {
        let mut x = i;
        while state[x] == 0 {
            state[x] = 1;
            path.push(x);
            x = head[x - 1];
        }
        if state[x] == 1 {
            // The walk came back to a word on it: cut that word loose, under the root.
            head[x - 1] = 0;
        }
        for &p in &path {
            state[p] = 2;
        }
        path.clear();
    }
    let mut kids = vec![Vec::new(); n + 1];
    for (i, &h) in head.iter().enumerate() {
        kids[h].push(i + 1);
    }
    kids
}

/// Indentation levels drawn in `--format tree`; a deeper word is drawn at this depth with
/// `…(+N)` saying how many levels are left out, so that a line never grows with the sentence.
pub const TREE_MAX_DEPTH: usize = 24;

/// The sentence as an indented tree, one word a line, dependents in sentence order under
/// their head. Persian words are wrapped in Unicode isolates, so a terminal that applies the
/// bidi algorithm neither reorders nor breaks the drawing.
///
/// ```text
/// نوشت  4 VERB root
/// ├─ مریم  1 PROPN nsubj
/// └─ .  5 PUNCT punct
/// ```
///
/// Words deeper than [`TREE_MAX_DEPTH`] levels are drawn at that depth, after `…(+N) ` for the
/// N levels not drawn. Written line by line to `out`, with an explicit stack (no recursion),
/// so neither the stack nor the output grows faster than the sentence.
pub fn tree(s: &Sentence, n: usize, text: &str, out: &mut impl Write) -> io::Result<()> {
    let nodes = nodes(s);
    let kids = children(&nodes);
    writeln!(out, "# sentence {n}: {FSI}{}{PDI}", text.replace('\n', " "))?;
    // (word, depth, last among its siblings); depth 0 = hanging from the root, drawn flush left.
    let mut stack: Vec<(usize, usize, bool)> = kids[0].iter().rev().map(|&r| (r, 0, true)).collect();
    // Whether the ancestor at depth k + 1 of the current word was the last of its siblings.
    let mut last_flags: Vec<bool> = Vec::new();
    let mut line = String::new();
    while let Some((i, depth, last)) = stack.pop() {
        last_flags.truncate(depth.saturating_sub(1));
        let w = &nodes[i - 1];
        line.clear();
        for &ancestor_last in last_flags.iter().take(TREE_MAX_DEPTH) {
            line.push_str(if ancestor_last { "   " } else { "│  " });
        }
        if last_flags.len() > TREE_MAX_DEPTH {
            let _ = write!(line, "…(+{}) ", last_flags.len() - TREE_MAX_DEPTH);
        }
        if depth > 0 {
            line.push_str(if last { "└─ " } else { "├─ " });
        }
        let rel = if w.deprel.is_empty() { "_" } else { w.deprel };
        let upos = if w.upos.is_empty() { "_" } else { w.upos };
        let _ = writeln!(line, "{FSI}{}{PDI}  {i} {upos} {rel}", w.form);
        out.write_all(line.as_bytes())?;
        if depth > 0 {
            last_flags.push(last);
        }
        let k = &kids[i];
        for (j, &c) in k.iter().enumerate().rev() {
            stack.push((c, depth + 1, j + 1 == k.len()));
        }
    }
    writeln!(out)
}

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// Fonts that shape Persian, in order of preference.
const FONTS: &str = "Vazirmatn, 'Noto Naskh Arabic', 'Noto Sans Arabic', Tahoma, 'DejaVu Sans', sans-serif";

/// Rough advance width in pixels of `s` at 16 px (no font metrics are at hand; joined Persian
/// letters are narrower than Latin ones, so this errs on the wide side).
fn text_width(s: &str, px: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            '\u{200C}' | '\u{200D}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => 0.0,
            '\u{0600}'..='\u{06FF}' | '\u{FB50}'..='\u{FEFF}' => 0.55,
            'A'..='Z' | 'm' | 'w' => 0.72,
            _ => 0.58,
        })
        .sum::<f64>()
        * px
}

/// One sentence drawn as SVG (width and height returned with the markup): words from right
/// to left, each with its UPOS under it, arcs above from head to dependent with the relation
/// written on the arc, an arrow pointing at the dependent.
pub fn svg(s: &Sentence, n: usize, text: &str) -> (String, f64, f64) {
    let nodes = nodes(s);
    let count = nodes.len();
    let margin = 20.0;
    let gap = 18.0;
    let widths: Vec<f64> = nodes
        .iter()
        .enumerate()
        .map(|(i, w)| text_width(w.form, 18.0).max(text_width(&format!("{} {}", i + 1, w.upos), 11.0) + 4.0).max(24.0))
        .collect();
    // Arcs need room for their labels: widen the words under short arcs.
    let total: f64 = widths.iter().sum::<f64>() + gap * count.saturating_sub(1) as f64;
    let width = (total + 2.0 * margin).max(text_width(text, 15.0).min(1600.0) + 2.0 * margin).max(200.0);
    // Word centres, first word at the right.
    let mut centre = vec![0.0; count + 1];
    let mut x = width - margin - (width - 2.0 * margin - total) / 2.0;
    for (i, w) in widths.iter().enumerate() {
        centre[i + 1] = x - w / 2.0;
        x -= w + gap;
    }
    // Arc levels: 1 + the highest level of the arcs strictly inside.
    let mut arcs: Vec<(usize, usize, &str)> = Vec::new();
    let kids = children(&nodes);
    for (h, ks) in kids.iter().enumerate() {
        for &d in ks {
            arcs.push((h, d, nodes[d - 1].deprel));
        }
    }
    let span = |&(h, d, _): &(usize, usize, &str)| if h == 0 { (d, d) } else { (h.min(d), h.max(d)) };
    let mut order: Vec<usize> = (0..arcs.len()).filter(|&i| arcs[i].0 != 0).collect();
    order.sort_by_key(|&i| {
        let (a, b) = span(&arcs[i]);
        b - a
    });
    let mut level = vec![0usize; arcs.len()];
    for (k, &i) in order.iter().enumerate() {
        let (a, b) = span(&arcs[i]);
        let inner = order[..k]
            .iter()
            .filter(|&&j| {
                let (c, d) = span(&arcs[j]);
                a <= c && d <= b && (c, d) != (a, b)
            })
            .map(|&j| level[j])
            .max()
            .unwrap_or(0);
        level[i] = inner + 1;
    }
    let max_level = level.iter().copied().max().unwrap_or(0).max(1);
    // Where each arc leaves or reaches a word: the arcs of one word spread over its width,
    // those to its left on the left half and those to its right on the right half, the
    // nearest outermost so that higher arcs pass over lower ones without crossing. The centre
    // is kept for the root line.
    let mut ends: Vec<(f64, f64)> = arcs.iter().map(|&(h, d, _)| (centre[h.max(1)], centre[d])).collect();
    for word in 1..=count {
        let mut left_side: Vec<(usize, usize, bool)> = Vec::new();
        let mut right_side: Vec<(usize, usize, bool)> = Vec::new();
        for (i, &(h, d, _)) in arcs.iter().enumerate() {
            if h == 0 || (h != word && d != word) {
                continue;
            }
            let other = if h == word { d } else { h };
            let dist = other.abs_diff(word);
            // Word order runs right to left: a later word is drawn to the left.
            if other > word {
                left_side.push((dist, i, h == word));
            } else {
                right_side.push((dist, i, h == word));
            }
        }
        let half = (widths[word - 1] / 2.0 - 3.0).max(3.0);
        for (side, sign) in [(&mut left_side, -1.0), (&mut right_side, 1.0)] {
            side.sort();
            let k = side.len() as f64;
            for (j, &(_, i, is_head)) in side.iter().enumerate() {
                let x = centre[word] + sign * half * (1.0 - j as f64 / k.max(1.0));
                if is_head {
                    ends[i].0 = x;
                } else {
                    ends[i].1 = x;
                }
            }
        }
    }
    let unit = 26.0;
    let title_h = 34.0;
    let base = title_h + unit * (max_level as f64 + 1.0) + 12.0;
    let height = base + 56.0;
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="{FONTS}">"#
    );
    let _ = writeln!(o, r#"<title>{}</title>"#, escape(&format!("sentence {n}: {text}")));
    let _ = writeln!(o, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    let _ = writeln!(
        o,
        r##"<text x="{:.1}" y="22" font-size="15" fill="#444" direction="rtl" unicode-bidi="embed" text-anchor="start" xml:lang="fa">{}</text>"##,
        width - margin,
        escape(&text.replace('\n', " "))
    );
    let _ = writeln!(
        o,
        r##"<defs><marker id="arrow{n}" viewBox="0 0 10 10" refX="5" refY="9" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,0 L5,10 z" fill="#335"/></marker></defs>"##
    );
    for (i, &(h, d, rel)) in arcs.iter().enumerate() {
        let rel = escape(if rel.is_empty() { "_" } else { rel });
        let xd = centre[d];
        if h == 0 {
            let top = title_h + 4.0;
            let _ = writeln!(
                o,
                r##"<path d="M{xd:.1},{top:.1} L{xd:.1},{:.1}" stroke="#335" fill="none" stroke-width="1.3" marker-end="url(#arrow{n})"/>"##,
                base - 4.0
            );
            let _ = writeln!(
                o,
                r##"<text x="{xd:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#a33" stroke="#fff" stroke-width="3" paint-order="stroke">{rel}</text>"##,
                top + 10.0
            );
            continue;
        }
        let (xh, xd) = ends[i];
        let top = base - 4.0 - unit * level[i] as f64;
        let r = 8.0_f64.min((xh - xd).abs() / 2.0);
        let dir = if xd > xh { 1.0 } else { -1.0 };
        let y0 = base - 4.0;
        let _ = writeln!(
            o,
            r##"<path d="M{xh:.1},{y0:.1} L{xh:.1},{:.1} Q{xh:.1},{top:.1} {:.1},{top:.1} L{:.1},{top:.1} Q{xd:.1},{top:.1} {xd:.1},{:.1} L{xd:.1},{y0:.1}" stroke="#335" fill="none" stroke-width="1.3" marker-end="url(#arrow{n})"/>"##,
            top + r,
            xh + dir * r,
            xd - dir * r,
            top + r
        );
        let _ = writeln!(
            o,
            r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#a33" stroke="#fff" stroke-width="3" paint-order="stroke">{rel}</text>"##,
            (xh + xd) / 2.0,
            top - 3.0
        );
    }
    for (i, w) in nodes.iter().enumerate() {
        let cx = centre[i + 1];
        let _ = writeln!(
            o,
            r##"<text x="{cx:.1}" y="{:.1}" font-size="18" text-anchor="middle" direction="rtl" unicode-bidi="embed" xml:lang="fa" fill="#111">{}</text>"##,
            base + 18.0,
            escape(w.form)
        );
        let _ = writeln!(
            o,
            r##"<text x="{cx:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="#777">{} {}</text>"##,
            base + 36.0,
            i + 1,
            escape(if w.upos.is_empty() { "_" } else { w.upos })
        );
    }
    o.push_str("</svg>\n");
    (o, width, height)
}

/// Several sentence drawings stacked into one standalone SVG document.
pub fn svg_document(parts: &[(String, f64, f64)]) -> String {
    let width = parts.iter().map(|p| p.1).fold(200.0, f64::max);
    let height: f64 = parts.iter().map(|p| p.2).sum::<f64>().max(1.0);
    let mut o = String::new();
    let _ = writeln!(o, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(o, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}">"#);
    let mut y = 0.0;
    for (svg, w, h) in parts {
        // Right-aligned, as a right-to-left page would place it.
        let x = width - w;
        let inner = svg.replacen("<svg ", &format!(r#"<svg x="{x:.0}" y="{y:.0}" "#), 1);
        o.push_str(&inner);
        y += h;
    }
    o.push_str("</svg>\n");
    o
}

/// The start of the HTML page of `--format html` (sentences follow as inline SVG).
pub const HTML_HEAD: &str = "<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n<title>Sokhan: dependency trees</title>\n<style>body{font-family:Vazirmatn,'Noto Naskh Arabic','Noto Sans Arabic',Tahoma,sans-serif;margin:1em;background:#fff}figure{margin:0 0 1.5em 0;overflow-x:auto}svg{display:block}</style>\n</head>\n<body>\n";

/// The end of the HTML page.
pub const HTML_TAIL: &str = "</body>\n</html>\n";

#[cfg(test)]
mod tests {
    use super::*;
    use sokhan::{Token, Word};

    fn tree_string(s: &Sentence, n: usize, text: &str) -> String {
        let mut out = Vec::new();
        tree(s, n, text, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn sentence() -> Sentence {
        let words = [("سارا", 2, "nsubj"), ("خندید", 0, "root"), (".", 2, "punct")];
        Sentence {
            tokens: words
                .iter()
                .map(|&(f, h, d)| Token {
                    form: f.into(),
                    words: vec![Word { form: f.into(), upos: "X".into(), head: Some(h), deprel: d.into(), ..Word::default() }],
                    ..Token::default()
                })
                .collect(),
            ..Sentence::default()
        }
    }

    #[test]
    fn tree_shows_every_word_once_under_its_head() {
        let t = tree_string(&sentence(), 1, "سارا خندید.");
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[1].contains("خندید") && lines[1].contains("root"), "{t}");
        assert!(lines[2].starts_with("├─ ") && lines[2].contains("nsubj"), "{t}");
        assert!(lines[3].starts_with("└─ ") && lines[3].contains("punct"), "{t}");
    }

    #[test]
    fn cycles_and_missing_heads_are_still_drawn() {
        let mut s = sentence();
        s.tokens[0].words[0].head = Some(3);
        s.tokens[2].words[0].head = Some(1);
        s.tokens[1].words[0].head = None;
        let t = tree_string(&s, 1, "x");
        for w in ["سارا", "خندید", "."] {
            assert_eq!(t.matches(w).count(), 1, "{t}");
        }
        let (svg, _, _) = svg(&s, 1, "x");
        assert!(svg.contains("سارا"));
    }

    #[test]
    fn svg_puts_the_first_word_on_the_right() {
        let (svg, w, _) = svg(&sentence(), 1, "سارا <خندید>.");
        assert!(svg.contains("&lt;خندید&gt;"));
        let x_of = |form: &str| -> f64 {
            let at = svg.find(&format!(">{form}</text>")).unwrap();
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let x = tag.split("x=\"").nth(1).unwrap().split('"').next().unwrap();
            x.parse().unwrap()
        };
        assert!(x_of("سارا") > x_of("خندید"));
        assert!(x_of("سارا") < w);
        assert!(svg.contains(">nsubj</text>") && svg.contains(">root</text>"));
    }

    fn chain(heads: &[usize]) -> Sentence {
        Sentence {
            tokens: heads
                .iter()
                .enumerate()
                .map(|(i, &h)| Token {
                    form: format!("w{}", i + 1),
                    words: vec![Word { form: format!("w{}", i + 1), upos: "X".into(), head: Some(h), deprel: "dep".into(), ..Word::default() }],
                    ..Token::default()
                })
                .collect(),
            ..Sentence::default()
        }
    }

    #[test]
    fn a_deep_chain_is_drawn_without_recursion_and_with_a_bounded_indent() {
        // Word k hangs from word k - 1: 100 000 levels, far beyond what a recursive walk survives.
        let n = 100_000;
        let heads: Vec<usize> = (0..n).collect();
        let t = tree_string(&chain(&heads), 1, "x");
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), n + 2, "header, one line a word, blank line");
        let widest = lines.iter().map(|l| l.chars().count()).max().unwrap();
        assert!(widest < 3 * TREE_MAX_DEPTH + 40, "widest line {widest} chars");
        // Word k is at depth k - 1 and has k - 2 indentation levels before its branch.
        let hidden = n - 2 - TREE_MAX_DEPTH;
        let last = lines[n];
        assert!(last.contains(&format!("…(+{hidden}) └─ ")) && last.contains(&format!("w{n}\u{2069}  {n} X dep")), "{last}");
        // Up to the cap the drawing is the usual one.
        assert_eq!(lines[3], "   └─ \u{2068}w3\u{2069}  3 X dep");
        assert!(!lines[TREE_MAX_DEPTH + 2].contains('…') && lines[TREE_MAX_DEPTH + 3].contains("…(+1) └─ "), "{}", lines[TREE_MAX_DEPTH + 3]);
    }

    #[test]
    fn words_leading_into_a_cycle_are_drawn_once() {
        // 1 → 2, 2 ↔ 3, 4 → 3, 5 → 4: no word reaches the root.
        let t = tree_string(&chain(&[2, 3, 2, 3, 4]), 1, "x");
        for k in 1..=5 {
            assert_eq!(t.matches(&format!("w{k}\u{2069}")).count(), 1, "{t}");
        }
        assert_eq!(t.lines().count(), 7, "{t}");
    }
}
