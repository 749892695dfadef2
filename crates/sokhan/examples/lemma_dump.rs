//! Prints `form, gold lemma, UPOS, lemma without hint, lemma with the gold UPOS` for every
//! syntactic word of the CoNLL-U files given, to compare lemmatizer versions word by word:
//! `cargo run --release -p sokhan --example lemma_dump -- target/splits/perdt-val.conllu`.

use sokhan::conllu;
use sokhan::morph::{lemmatize, Lexicon};

fn main() {
    let lex = Lexicon::embedded();
    for p in std::env::args().skip(1) {
        let sentences = match std::fs::read_to_string(&p).map_err(|e| e.to_string()).and_then(|t| conllu::parse(&t).map_err(|e| e.to_string())) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{p}: {e}");
                std::process::exit(2);
            }
        };
        for w in sentences.iter().flat_map(|s| s.words()) {
            println!("{}\t{}\t{}\t{}\t{}", w.form, w.lemma, w.upos, lemmatize(lex, &w.form, None), lemmatize(lex, &w.form, Some(&w.upos)));
        }
    }
}
