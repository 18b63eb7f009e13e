//! 64-bit fingerprints (FNV-1a: small, fast, and stable across Rust
//! versions and runs, unlike `DefaultHasher`), and hash sets and maps keyed
//! by them: hashing fingerprints again with SipHash, the standard library's
//! default, is wasted work on every block.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// Folds `bytes` into the FNV-1a state `h`.
fn fnv(h: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes
        .into_iter()
        .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// The 64-bit FNV-1a fingerprint of `bytes`.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    fnv(FNV_OFFSET, bytes.iter().copied())
}

/// [`fingerprint`] of `bytes` with ASCII letters lowercased.
pub fn fingerprint_ascii_lowercase(bytes: &[u8]) -> u64 {
    fnv(FNV_OFFSET, bytes.iter().map(u8::to_ascii_lowercase))
}

/// A set of 64-bit fingerprints.
pub type FingerprintSet = HashSet<u64, BuildHasherDefault<PassThrough>>;

/// A map from 64-bit fingerprints.
pub type FingerprintMap<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;

/// A `Hasher` that returns the `u64` it was given (keys are fingerprints).
#[derive(Default, Clone, Copy)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    /// Only `u64` keys are expected; other input is folded in FNV-style so
    /// that the hasher stays correct if it is ever used with them.
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv(self.0, bytes.iter().copied());
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
