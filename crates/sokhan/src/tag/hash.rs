//! Stable hashing of feature pieces into `u64` (FNV-1a over bytes, then a finalizing mix).
//!
//! The values are part of the model file format: they must never depend on the platform, the
//! Rust version or a random seed (so no `std::collections::hash_map::DefaultHasher`).

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of `bytes`.
#[inline]
pub(crate) fn bytes(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// FNV-1a of a string.
#[inline]
pub(crate) fn str(s: &str) -> u64 {
    bytes(s.as_bytes())
}

/// A strong 64-bit mix (the splitmix64 finalizer).
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Combines two hashes (order matters).
#[inline]
pub(crate) fn pair(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(21) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The key of feature template `template` with value `v`; never 0 (0 marks empty table slots).
#[inline]
pub(crate) fn feature(template: u32, v: u64) -> u64 {
    mix(v ^ (template as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // Fixed forever: the model file stores features hashed this way.
        assert_eq!(str(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(str("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(feature(1, str("کتاب")), feature(2, str("کتاب")));
        assert_eq!(feature(3, 5) & 1, 1);
        assert_ne!(pair(1, 2), pair(2, 1));
    }
}
