//! CoNLL-U reading and writing, lossless.
//!
//! OWNER: conllu/eval helper.
