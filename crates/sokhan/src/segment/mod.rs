//! Sentence splitting, tokenization and multiword (clitic) splitting.
