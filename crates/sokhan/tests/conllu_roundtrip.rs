//! CoNLL-U parse → write reproduces files byte for byte; conversions to and from the pipeline
//! model keep every column they carry.
//!
//! The treebank files in `../shared/data` are used when present and skipped (with a message)
//! when not; the project's own fixtures are always tested.

use sokhan::conllu::{self, Reader, Sentence};
use std::path::PathBuf;

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/conllu")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn shared_file(name: &str) -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) => {
            eprintln!("skipping {name}: cannot read {} ({e})", path.display());
            None
        }
    }
}

/// Everything the round trips must keep, checked on one text.
fn check_text(name: &str, text: &str) {
    let sents = conllu::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let out = conllu::write(&sents);
    eprintln!("{name}: {} sentences", sents.len());
    if out != text {
        let at = out
            .bytes()
            .zip(text.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(out.len().min(text.len()));
        let line = text[..at.min(text.len())].matches('\n').count() + 1;
        panic!("{name}: write(parse(text)) differs from the input at byte {at} (line {line})");
    }

    // The streaming reader sees the same sentences.
    let streamed: Vec<Sentence> = Reader::new(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(streamed, sents, "{name}: Reader and parse disagree");

    // CRLF input gives the same sentences.
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(conllu::parse(&crlf).unwrap(), sents, "{name}: CRLF");

    // To the pipeline model and back: word rows are identical except DEPS (written `_`) and
    // MISC keys of multiword rows other than SpaceAfter (the model has no place for them).
    let doc = conllu::to_document(&sents);
    for (s, ds) in sents.iter().zip(&doc.sentences) {
        for t in &ds.tokens {
            assert_eq!(&doc.text[t.span.range()], t.form, "{name}: token span");
        }
        assert_eq!(s.word_count(), ds.words().count());
    }
    let written = conllu::write_document(&doc, Some("roundtrip"));
    let back =
        conllu::parse(&written).unwrap_or_else(|e| panic!("{name}: write_document output: {e}"));
    let kept: Vec<&Sentence> = sents.iter().filter(|s| s.word_count() > 0).collect();
    assert_eq!(back.len(), kept.len());
    for (a, b) in kept.iter().zip(&back) {
        let wa: Vec<_> = a.words().collect();
        let wb: Vec<_> = b.words().collect();
        assert_eq!(wa.len(), wb.len());
        for (x, y) in wa.iter().zip(&wb) {
            assert_eq!(
                (
                    &x.id, &x.form, &x.lemma, &x.upos, &x.xpos, &x.feats, &x.head, &x.deprel,
                    &x.misc
                ),
                (
                    &y.id, &y.form, &y.lemma, &y.upos, &y.xpos, &y.feats, &y.head, &y.deprel,
                    &y.misc
                ),
                "{name}: sentence {:?}",
                a.sent_id()
            );
        }
        let ta: Vec<_> = a
            .tokens()
            .iter()
            .map(|t| (t.form(), t.words.len(), t.space_after()))
            .collect();
        let tb: Vec<_> = b
            .tokens()
            .iter()
            .map(|t| (t.form(), t.words.len(), t.space_after()))
            .collect();
        assert_eq!(ta, tb, "{name}: tokens of {:?}", a.sent_id());
        // `# text` is kept when it was consistent with the forms.
        if let (Some(x), Some(y)) = (a.text(), b.text()) {
            if a.to_doc_sentence(0).1 == x {
                assert_eq!(x, y);
            }
        }
    }

    // Filling the columns back from an untouched analysis changes nothing.
    let mut filled = sents.clone();
    for (s, ds) in filled.iter_mut().zip(&doc.sentences) {
        s.fill_from_doc(ds).unwrap();
    }
    assert_eq!(conllu::write(&filled), text, "{name}: fill_from_doc");
}

#[test]
fn own_fixture_round_trips() {
    check_text("sample.conllu", &fixture("sample.conllu"));
}

#[test]
fn perdt_dev_round_trips() {
    if let Some(text) = shared_file("perdt-dev.conllu") {
        check_text("perdt-dev.conllu", &text);
    }
}

#[test]
fn seraji_dev_round_trips() {
    if let Some(text) = shared_file("seraji-dev.conllu") {
        check_text("seraji-dev.conllu", &text);
    }
}

#[test]
fn missing_final_blank_line_is_added() {
    let text = fixture("sample.conllu");
    let trimmed = text.trim_end();
    assert_eq!(conllu::write(&conllu::parse(trimmed).unwrap()), text);
}
