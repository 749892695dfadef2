#![no_main]
//! CoNLL-U reader on arbitrary bytes: errors, never panics; what parses writes and re-parses.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(sentences) = sokhan::conllu::parse(text) {
        let written = sokhan::conllu::write(&sentences);
        let again = sokhan::conllu::parse(&written).expect("written CoNLL-U parses");
        assert_eq!(sokhan::conllu::write(&again), written);
        let doc = sokhan::conllu::to_document(&sentences);
        let _ = sokhan::conllu::write_document(&doc, Some("fuzz"));
        let _ = sokhan::eval::score(&sentences, &again);
    }
});
