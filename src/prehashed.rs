//! Hash sets and maps keyed by values that are already 64-bit hashes (word
//! and trigram fingerprints): hashing them again with SipHash, the standard
//! library's default, is wasted work on every block.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

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
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}
