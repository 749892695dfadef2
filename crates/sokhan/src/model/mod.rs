//! Model file format: magic bytes, format version, kind, CRC32, zstd-compressed postcard payload.
//!
//! OWNER: morphology helper.
