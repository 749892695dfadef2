//! Model file format: magic bytes, format version, kind, CRC32, zstd-compressed postcard payload.
//!
//! Layout (all integers little-endian):
//!
//! | bytes | field |
//! |---|---|
//! | 0..8   | magic `SOKHANM\0` |
//! | 8..10  | format version (`u16`, currently [`FORMAT_VERSION`]) |
//! | 10..12 | kind ([`ModelKind`] as `u16`) |
//! | 12..16 | CRC32 of the compressed payload |
//! | 16..24 | length of the compressed payload in bytes (`u64`) |
//! | 24..   | zstd-compressed `postcard` payload |
//!
//! A foreign, truncated, corrupt or too-new file is an [`Error::Model`] with a message saying
//! what to do; decoding never panics.
//!
//! ```
//! use sokhan::model::{self, ModelKind};
//! let bytes = model::encode(ModelKind::Lexicon, &vec![1u32, 2, 3]).unwrap();
//! let back: Vec<u32> = model::decode(ModelKind::Lexicon, &bytes).unwrap();
//! assert_eq!(back, vec![1, 2, 3]);
//! assert!(model::decode::<Vec<u32>>(ModelKind::Tagger, &bytes).is_err());
//! ```

use crate::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::io::Read;

/// The eight bytes every Sokhan model file starts with.
pub const MAGIC: &[u8; 8] = b"SOKHANM\0";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u16 = 1;
/// Decompressed payloads larger than this are refused (protects against zip bombs).
pub const MAX_PAYLOAD_BYTES: u64 = 512 * 1024 * 1024;
/// Size of the fixed header in bytes.
pub const HEADER_LEN: usize = 24;
const ZSTD_LEVEL: i32 = 19;

/// What a model file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ModelKind {
    /// Word list, verb stems and lemma table ([`crate::morph::Lexicon`]).
    Lexicon,
    /// Part-of-speech / morphology tagger.
    Tagger,
    /// Dependency parser.
    Parser,
    /// Tokenizer / sentence segmenter.
    Segmenter,
    /// Named-entity recognizer ([`crate::entities::ner::Recognizer`]).
    Ner,
}

impl ModelKind {
    /// The tag stored in the header.
    pub fn code(self) -> u16 {
        match self {
            ModelKind::Lexicon => 1,
            ModelKind::Tagger => 2,
            ModelKind::Parser => 3,
            ModelKind::Segmenter => 4,
            ModelKind::Ner => 5,
        }
    }
    /// The kind for a header tag, if known.
    pub fn from_code(code: u16) -> Option<ModelKind> {
        Some(match code {
            1 => ModelKind::Lexicon,
            2 => ModelKind::Tagger,
            3 => ModelKind::Parser,
            4 => ModelKind::Segmenter,
            5 => ModelKind::Ner,
            _ => return None,
        })
    }
    /// Lower-case name (`lexicon`, `tagger`, ...).
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Lexicon => "lexicon",
            ModelKind::Tagger => "tagger",
            ModelKind::Parser => "parser",
            ModelKind::Segmenter => "segmenter",
            ModelKind::Ner => "ner",
        }
    }
}

impl std::fmt::Display for ModelKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The fixed header of a model file, as read by [`inspect`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelHeader {
    /// Format version.
    pub version: u16,
    /// Kind of model.
    pub kind: ModelKind,
    /// CRC32 of the compressed payload.
    pub crc32: u32,
    /// Length of the compressed payload in bytes.
    pub payload_len: u64,
}

fn err(msg: impl Into<String>) -> Error {
    Error::Model(msg.into())
}

/// Serializes `value` as a model file of kind `kind`.
///
/// ```
/// let bytes = sokhan::model::encode(sokhan::model::ModelKind::Tagger, &"hello").unwrap();
/// assert!(bytes.starts_with(sokhan::model::MAGIC));
/// ```
pub fn encode<T: Serialize>(kind: ModelKind, value: &T) -> Result<Vec<u8>, Error> {
    let raw = postcard::to_stdvec(value)
        .map_err(|e| err(format!("cannot serialize the {kind} model: {e}")))?;
    if raw.len() as u64 > MAX_PAYLOAD_BYTES {
        return Err(err(format!(
            "the {kind} model payload is {} bytes, above the {MAX_PAYLOAD_BYTES}-byte limit readers accept",
            raw.len()
        )));
    }
    let compressed = zstd::bulk::compress(&raw, ZSTD_LEVEL)
        .map_err(|e| err(format!("cannot compress the {kind} model: {e}")))?;
    let mut out = Vec::with_capacity(HEADER_LEN + compressed.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&kind.code().to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&compressed).to_le_bytes());
    out.extend_from_slice(&(compressed.len() as u64).to_le_bytes());
    out.extend_from_slice(&compressed);
    Ok(out)
}

/// Reads and checks the header of a model file (magic, version, kind, length).
pub fn inspect(bytes: &[u8]) -> Result<ModelHeader, Error> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(err(
            "not a Sokhan model (the file does not start with the SOKHANM magic bytes); \
             check the path, or rebuild the model with `sokhan train`",
        ));
    }
    if bytes.len() < HEADER_LEN {
        return Err(err(format!(
            "truncated: {} bytes, shorter than the {HEADER_LEN}-byte header; the file was cut off \
             (re-download or rebuild it)",
            bytes.len()
        )));
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let version = u16_at(8);
    if version == 0 || version > FORMAT_VERSION {
        return Err(err(format!(
            "format version {version} is not supported by this build (it reads versions 1..={FORMAT_VERSION}); \
             upgrade Sokhan or rebuild the model with this version"
        )));
    }
    let code = u16_at(10);
    let kind = ModelKind::from_code(code).ok_or_else(|| {
        err(format!(
            "unknown model kind {code}; the file was written by a newer Sokhan, upgrade to read it"
        ))
    })?;
    let mut crc = [0u8; 4];
    crc.copy_from_slice(&bytes[12..16]);
    let mut len = [0u8; 8];
    len.copy_from_slice(&bytes[16..24]);
    Ok(ModelHeader {
        version,
        kind,
        crc32: u32::from_le_bytes(crc),
        payload_len: u64::from_le_bytes(len),
    })
}

/// Decodes a model file of kind `expected`.
///
/// Every failure is an [`Error::Model`] saying what is wrong: foreign file, newer version, wrong
/// kind, truncated, corrupt (CRC mismatch), oversized or undecodable payload.
pub fn decode<T: DeserializeOwned>(expected: ModelKind, bytes: &[u8]) -> Result<T, Error> {
    let header = inspect(bytes)?;
    if header.kind != expected {
        return Err(err(format!(
            "this is a {} model, but a {expected} model was expected; pass the {expected} model file",
            header.kind
        )));
    }
    let body = &bytes[HEADER_LEN..];
    if (body.len() as u64) < header.payload_len {
        return Err(err(format!(
            "truncated: the {expected} model payload should be {} bytes but only {} are present; \
             the file was cut off (re-download or rebuild it)",
            header.payload_len,
            body.len()
        )));
    }
    if (body.len() as u64) > header.payload_len {
        return Err(err(format!(
            "{} unexpected bytes after the {expected} model payload; the file is corrupt (rebuild it)",
            body.len() as u64 - header.payload_len
        )));
    }
    let crc = crc32fast::hash(body);
    if crc != header.crc32 {
        return Err(err(format!(
            "checksum mismatch (stored {:08x}, computed {crc:08x}): the {expected} model file is \
             corrupt; re-download or rebuild it",
            header.crc32
        )));
    }
    let raw = match zstd::zstd_safe::get_frame_content_size(body) {
        // The frame states its size (Sokhan writes one frame that does): one call into a
        // buffer of exactly that size, which fails if the data runs longer.
        Ok(Some(n)) if n <= MAX_PAYLOAD_BYTES => zstd::bulk::decompress(body, n as usize)
            .map_err(|e| err(format!("cannot decompress the {expected} model (corrupt file?): {e}")))?,
        _ => {
            let decoder = zstd::stream::read::Decoder::new(body)
                .map_err(|e| err(format!("cannot start decompressing the {expected} model: {e}")))?;
            let mut raw = Vec::new();
            decoder
                .take(MAX_PAYLOAD_BYTES + 1)
                .read_to_end(&mut raw)
                .map_err(|e| err(format!("cannot decompress the {expected} model (corrupt file?): {e}")))?;
            raw
        }
    };
    if raw.len() as u64 > MAX_PAYLOAD_BYTES {
        return Err(err(format!(
            "the {expected} model decompresses to more than {MAX_PAYLOAD_BYTES} bytes; refusing it"
        )));
    }
    postcard::from_bytes(&raw).map_err(|e| {
        err(format!(
            "cannot read the {expected} model payload ({e}); it was probably written by an \
             incompatible Sokhan build, rebuild it with this version"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Toy {
        name: String,
        counts: Vec<u32>,
    }

    fn toy() -> Toy {
        Toy { name: "واژه".into(), counts: vec![1, 2, 3, 400_000] }
    }

    fn msg(r: Result<Toy, Error>) -> String {
        match r {
            Err(Error::Model(m)) => m,
            other => panic!("expected a model error, got {other:?}"),
        }
    }

    #[test]
    fn round_trip() {
        let bytes = encode(ModelKind::Lexicon, &toy()).unwrap();
        assert_eq!(decode::<Toy>(ModelKind::Lexicon, &bytes).unwrap(), toy());
        let h = inspect(&bytes).unwrap();
        assert_eq!(h.kind, ModelKind::Lexicon);
        assert_eq!(h.version, FORMAT_VERSION);
    }

    #[test]
    fn foreign_file() {
        let m = msg(decode(ModelKind::Lexicon, b"PK\x03\x04 some zip file"));
        assert!(m.contains("not a Sokhan model"), "{m}");
        assert!(msg(decode(ModelKind::Lexicon, b"")).contains("not a Sokhan model"));
    }

    #[test]
    fn newer_version() {
        let mut bytes = encode(ModelKind::Lexicon, &toy()).unwrap();
        bytes[8..10].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let m = msg(decode(ModelKind::Lexicon, &bytes));
        assert!(m.contains("version") && m.contains("upgrade"), "{m}");
    }

    #[test]
    fn wrong_kind() {
        let bytes = encode(ModelKind::Tagger, &toy()).unwrap();
        let m = msg(decode(ModelKind::Lexicon, &bytes));
        assert!(m.contains("tagger model") && m.contains("lexicon model was expected"), "{m}");
        let mut bytes = bytes;
        bytes[10..12].copy_from_slice(&999u16.to_le_bytes());
        assert!(msg(decode(ModelKind::Lexicon, &bytes)).contains("unknown model kind"));
    }

    #[test]
    fn corrupt_payload() {
        let mut bytes = encode(ModelKind::Lexicon, &toy()).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0x55;
        assert!(msg(decode(ModelKind::Lexicon, &bytes)).contains("checksum mismatch"));
    }

    #[test]
    fn truncated() {
        let bytes = encode(ModelKind::Lexicon, &toy()).unwrap();
        assert!(msg(decode(ModelKind::Lexicon, &bytes[..12])).contains("truncated"));
        assert!(msg(decode(ModelKind::Lexicon, &bytes[..bytes.len() - 3])).contains("truncated"));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(msg(decode(ModelKind::Lexicon, &longer)).contains("unexpected bytes"));
    }

    /// Builds a file with a valid header and CRC around an arbitrary "compressed" body.
    fn wrap(kind: ModelKind, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&kind.code().to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(body).to_le_bytes());
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
        out.extend_from_slice(body);
        out
    }

    #[test]
    fn undecompressable_and_undeserializable() {
        let m = msg(decode(ModelKind::Lexicon, &wrap(ModelKind::Lexicon, b"not zstd at all")));
        assert!(m.contains("decompress"), "{m}");
        // Valid zstd, but the payload is not a `Toy`.
        let z = zstd::bulk::compress(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 3).unwrap();
        let m = msg(decode(ModelKind::Lexicon, &wrap(ModelKind::Lexicon, &z)));
        assert!(m.contains("cannot read"), "{m}");
    }

    #[test]
    fn refuses_zip_bomb() {
        // 600 MB of zeros compresses to well under a megabyte.
        let mut enc = zstd::stream::write::Encoder::new(Vec::new(), 1).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..600 {
            std::io::Write::write_all(&mut enc, &chunk).unwrap();
        }
        let z = enc.finish().unwrap();
        let m = msg(decode(ModelKind::Lexicon, &wrap(ModelKind::Lexicon, &z)));
        assert!(m.contains("refusing"), "{m}");
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = decode::<Toy>(ModelKind::Lexicon, &bytes);
            let mut with_magic = MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = decode::<Toy>(ModelKind::Lexicon, &with_magic);
        }

        #[test]
        fn flipped_bytes_never_panic(pos in 0usize..200, xor in 1u8..=255) {
            let mut bytes = encode(ModelKind::Lexicon, &toy()).unwrap();
            let p = pos % bytes.len();
            bytes[p] ^= xor;
            let _ = decode::<Toy>(ModelKind::Lexicon, &bytes);
        }

        #[test]
        fn valid_header_arbitrary_body_never_panics(body in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = decode::<Toy>(ModelKind::Lexicon, &wrap(ModelKind::Lexicon, &body));
        }
    }
}

/// A byte string in a model payload, serialized as one length-prefixed run of bytes (postcard
/// would otherwise encode and decode a `Vec<u8>` one element at a time).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Blob(pub Vec<u8>);

impl serde::Serialize for Blob {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Blob, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Blob;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a byte string")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Blob, E> {
                Ok(Blob(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Blob, E> {
                Ok(Blob(v))
            }
        }
        d.deserialize_byte_buf(V)
    }
}
