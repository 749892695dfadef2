//! Prints `form, gold lemma, UPOS, lemma without hint, lemma with the gold UPOS` for every
//! syntactic word of the CoNLL-U files given, to compare lemmatizer versions word by word:
//! `cargo run --release -p sokhan --example lemma_dump -- target/splits/perdt-val.conllu`.

use sokhan::morph::{lemmatize, Lexicon};

fn main() {
    let lex = Lexicon::embedded();
    for p in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&p) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{p}: {e}");
                std::process::exit(2);
            }
        };
        for l in text.lines() {
            let c: Vec<&str> = l.split('\t').collect();
            if c.len() == 10 && c[0].bytes().all(|b| b.is_ascii_digit()) {
                println!("{}\t{}\t{}\t{}\t{}", c[1], c[2], c[3], lemmatize(lex, c[1], None), lemmatize(lex, c[1], Some(c[3])));
            }
        }
    }
}
