//! Scoring as the UD shared tasks do.
//!
//! OWNER: conllu/eval helper.
