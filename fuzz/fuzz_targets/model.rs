#![no_main]
//! Model container decoding on arbitrary bytes: a clear error, never a panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = sokhan::model::inspect(data);
    let _ = sokhan::morph::Lexicon::from_model_bytes(data);
    let _ = sokhan::parse::Parser::from_model_bytes(data);
});
