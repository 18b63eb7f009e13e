//! Word trigrams of every block, for the rule that keeps repeated content
//! once ([`crate::model::smooth`]): the article printed twice, a teaser
//! list above and below it.
//!
//! They are fingerprinted during the feature pass, which tokenizes every
//! block anyway, instead of tokenizing the content blocks again once their
//! labels are known.

use crate::features::tokens::tokens;
use crate::prehashed::fingerprint_ascii_lowercase;

/// The fingerprints of every block's consecutive token triples (tokens
/// ASCII-lowercased), block after block.
#[derive(Debug, Clone, Default)]
pub struct Trigrams {
    hashes: Vec<u64>,
    /// Per block: where its trigrams end in `hashes`.
    ends: Vec<usize>,
    /// The block being built: its last two token fingerprints and how many
    /// tokens it has seen.
    last: [u64; 2],
    seen: usize,
}

impl Trigrams {
    /// The trigrams of each of `texts`, one block each.
    pub fn of_texts(texts: &[&str]) -> Trigrams {
        let mut t = Trigrams::default();
        for text in texts {
            for tok in tokens(text) {
                t.push_token(text.as_bytes().get(tok.start..tok.end).unwrap_or(&[]));
            }
            t.end_block();
        }
        t
    }

    /// Adds the next token of the current block.
    #[inline]
    pub fn push_token(&mut self, token: &[u8]) {
        self.push_hash(fingerprint_ascii_lowercase(token));
    }

    /// [`Trigrams::push_token`] for a caller that has the token's
    /// fingerprint already (`prehashed::fingerprint_ascii_lowercase`).
    #[inline]
    pub fn push_hash(&mut self, h: u64) {
        if self.seen >= 2 {
            self.hashes
                .push(self.last[0].rotate_left(42) ^ self.last[1].rotate_left(21) ^ h);
        }
        self.last = [self.last[1], h];
        self.seen += 1;
    }

    /// Ends the current block; the next token starts a new one.
    pub fn end_block(&mut self) {
        self.ends.push(self.hashes.len());
        self.last = [0; 2];
        self.seen = 0;
    }

    /// Number of trigrams over all blocks.
    pub fn total(&self) -> usize {
        self.hashes.len()
    }

    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there are no blocks.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The trigrams of block `i` (empty past the last block).
    pub fn block(&self, i: usize) -> &[u64] {
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .copied()
            .unwrap_or(0);
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.hashes.get(start..end).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigrams_slide_over_each_block_alone() {
        let t = Trigrams::of_texts(&["The cat sat on", "a mat", "", "Mat A cat"]);
        assert_eq!(t.len(), 4);
        assert_eq!(t.block(0).len(), 2);
        assert!(t.block(1).is_empty() && t.block(2).is_empty());
        assert_eq!(t.block(3).len(), 1);
        assert!(t.block(4).is_empty());
        // ASCII case is ignored; a block's first trigram does not reach
        // into the block before it.
        let again = Trigrams::of_texts(&["THE CAT SAT"]);
        assert_eq!(again.block(0), &t.block(0)[..1]);
    }
}
