//! A small, fast, deterministic hasher for in-memory word caches (FNV-1a over 8-byte words,
//! with a rotation after each multiply so high-bit differences reach the next block).
//!
//! The std `SipHash` is DoS-resistant but several times slower on short keys; these caches
//! hold words of the text being analysed and never leave the process.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, folding 8 bytes at a time.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        // Final avalanche so the low bits used by the table are well mixed.
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h ^ v).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
        }
        for &b in chunks.remainder() {
            h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// `BuildHasher` for `HashMap`s keyed by words.
pub(crate) type FastHash = BuildHasherDefault<Fnv>;
