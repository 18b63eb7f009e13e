//! Second-pass features: what the first-pass classifier thinks of a block's
//! neighbourhood.
//!
//! Main content comes in runs. A first classifier judges each block on its
//! own features; a second one sees, in addition, the first one's P(content)
//! for the block, its neighbours and the page as a whole (stacking). It can
//! then learn that a short line between two confident content paragraphs is
//! a sub-heading, and that prose after the article's end is a teaser list.
//!
//! It also sees whether a block is about what the page's likely content is
//! about ([`topic_overlap`]): teasers for other stories, cookie and comment
//! policies read like prose but share few words with the article.

use super::tokens::{lowercase_into, tokens, Token};
use super::{idx, N_FEATURES};
use crate::prehashed::{fingerprint, FingerprintMap};

/// Number of second-pass features.
pub const N_STACK: usize = 11;

/// Width of the full second-pass row.
pub const N_ALL: usize = N_FEATURES + N_STACK;

/// Names of the second-pass slots (they follow [`super::NAMES`]).
pub const STACK_NAMES: [&str; N_STACK] = [
    "first_pass",           // first-pass P(content) of the block
    "prev_first_pass",      // ... of the previous block
    "next_first_pass",      // ... of the next block
    "prev2_first_pass",     // ... two blocks up
    "next2_first_pass",     // ... two blocks down
    "window_first_pass",    // mean over the 5 blocks on each side
    "page_best_first_pass", // the page's highest
    "content_before",       // share of the page's likely content above the block
    "content_after",        // share of the page's likely content below the block
    "inside_content_span",  // between the first and last likely-content blocks
    "topic_overlap", // share of the block's topic words found in other likely-content blocks (-1: none)
];

/// A block counts as likely content for [`topic_overlap`] from this
/// first-pass P(content).
const LIKELY: f32 = 0.5;

/// For every block, the share of its distinct topic words that occur in at
/// least one *other* likely-content block (P(content) >= 0.5), or -1 when
/// the block has no topic words. Topic words are words of 4+ characters
/// (which leaves out most function words in space-separated scripts,
/// without a word list) and pairs of adjacent CJK characters. Words are
/// compared by a 64-bit hash of their lowercase form.
pub fn topic_overlap(words: &[Vec<u64>], p1: &[f32]) -> Vec<f32> {
    // In how many likely-content blocks each word occurs.
    // Room for every such word up front: the map never grows (and
    // rehashes) as they go in.
    let likely: usize = words
        .iter()
        .zip(p1)
        .filter(|&(_, &p)| p >= LIKELY)
        .map(|(w, _)| w.len())
        .sum();
    let mut seen: FingerprintMap<u32> =
        FingerprintMap::with_capacity_and_hasher(likely, Default::default());
    for (w, &p) in words.iter().zip(p1) {
        if p >= LIKELY {
            for &h in w {
                *seen.entry(h).or_insert(0) += 1;
            }
        }
    }
    words
        .iter()
        .zip(p1)
        .map(|(w, &p)| {
            if w.is_empty() {
                return -1.0;
            }
            let own = u32::from(p >= LIKELY);
            let shared = w
                .iter()
                .filter(|h| seen.get(h).copied().unwrap_or(0) > own)
                .count();
            shared as f32 / w.len() as f32
        })
        .collect()
}

/// The distinct topic words of a text, hashed (see [`topic_overlap`]).
pub fn topic_words(text: &str) -> Vec<u64> {
    let mut words = TopicWords::default();
    let mut lower = String::new();
    for t in tokens(text) {
        let w = &text[t.start..t.end];
        if !t.cjk {
            lowercase_into(w, &mut lower);
        }
        words.push(text, &t, &lower);
    }
    words.finish()
}

/// Collects a block's topic words token by token, for a caller that
/// tokenizes and lowercases the block anyway (the feature extractor).
#[derive(Debug, Default)]
pub struct TopicWords {
    out: Vec<u64>,
    /// The last token, when it was a CJK character.
    prev_cjk: Option<(usize, usize)>,
}

impl TopicWords {
    /// Takes the next token `t` of `text`; `lower` is the token lowercased
    /// char by char (only read for words, not for CJK characters).
    #[inline]
    pub fn push(&mut self, text: &str, t: &Token, lower: &str) {
        self.push_hashed(text, t, fingerprint(lower.as_bytes()));
    }

    /// [`TopicWords::push`] for a caller that has the fingerprint of
    /// the lowercased word already (`lower_hash`; only read for words, not
    /// for CJK characters).
    #[inline(always)]
    pub fn push_hashed(&mut self, text: &str, t: &Token, lower_hash: u64) {
        if t.cjk {
            if let Some((s, _)) = self.prev_cjk.filter(|&(_, e)| e == t.start) {
                if let Some(pair) = text.as_bytes().get(s..t.end) {
                    self.out.push(fingerprint(pair));
                }
            }
            self.prev_cjk = Some((t.start, t.end));
            return;
        }
        self.prev_cjk = None;
        let w = text.get(t.start..t.end).unwrap_or("");
        if t.chars < 4 || w.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        self.out.push(lower_hash);
    }

    /// The distinct hashes, sorted.
    pub fn finish(mut self) -> Vec<u64> {
        self.out.sort_unstable();
        self.out.dedup();
        self.out
    }

    /// [`TopicWords::finish`] for a collector that goes on to the next
    /// block: the hashes come out in a vector of their own size, and the
    /// collector keeps its buffer, so that a page's blocks do not each grow
    /// one from empty.
    pub fn take(&mut self) -> Vec<u64> {
        self.out.sort_unstable();
        self.out.dedup();
        let words = self.out.to_vec();
        self.out.clear();
        self.prev_cjk = None;
        words
    }
}

/// The name of a slot of a full (first + second pass) row.
pub fn name(i: usize) -> &'static str {
    super::NAMES
        .get(i)
        .or_else(|| STACK_NAMES.get(i.wrapping_sub(N_FEATURES)))
        .copied()
        .unwrap_or("?")
}

/// Builds second-pass rows from first-pass rows, P(content) and the topic
/// words of every block ([`topic_words`]).
pub fn stacked(rows: &[[f32; N_FEATURES]], p1: &[f32], topics: &[Vec<u64>]) -> Vec<[f32; N_ALL]> {
    let n = rows.len().min(p1.len()).min(topics.len());
    let topic = topic_overlap(&topics[..n], &p1[..n]);
    let chars: Vec<f32> = rows.iter().map(|r| r[idx::LENGTH].exp() - 1.0).collect();
    let mass: Vec<f32> = (0..n).map(|i| p1[i] * chars[i]).collect();
    let total: f32 = mass.iter().sum::<f32>().max(1e-6);
    let best = p1.iter().copied().fold(0.0, f32::max);
    let first = (0..n).find(|&i| p1[i] >= 0.5);
    let last = (0..n).rev().find(|&i| p1[i] >= 0.5);
    let at = |i: isize| -> f32 {
        if i < 0 {
            return 0.0;
        }
        p1.get(i as usize).copied().unwrap_or(0.0)
    };
    let mut before = 0f32;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut r = [0f32; N_ALL];
        r[..N_FEATURES].copy_from_slice(&rows[i]);
        let ii = i as isize;
        let lo = i.saturating_sub(5);
        let hi = (i + 5).min(n - 1);
        let (sum, cnt) = (lo..=hi)
            .filter(|&j| j != i)
            .fold((0f32, 0f32), |(s, c), j| (s + p1[j], c + 1.0));
        let s = &mut r[N_FEATURES..];
        s[0] = p1[i];
        s[1] = at(ii - 1);
        s[2] = at(ii + 1);
        s[3] = at(ii - 2);
        s[4] = at(ii + 2);
        s[5] = if cnt > 0.0 { sum / cnt } else { 0.0 };
        s[6] = best;
        s[7] = before / total;
        before += mass[i];
        s[8] = (total - before).max(0.0) / total;
        s[9] = match (first, last) {
            (Some(f), Some(l)) => (f <= i && i <= l) as u8 as f32,
            _ => 0.0,
        };
        s[10] = topic[i];
        out.push(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_topic_prose_shares_few_words_with_the_article() {
        let texts = [
            "Hospitals report a sixth death from the mosquito virus this autumn.",
            "The mosquito virus spread fast; hospitals asked residents to stay inside.",
            "Customers leave steakhouse without paying their bill after a fight.",
            "OK",
        ];
        let p1 = [0.9, 0.8, 0.6, 0.1];
        let words: Vec<Vec<u64>> = texts.iter().map(|t| topic_words(t)).collect();
        let t = topic_overlap(&words, &p1);
        assert!(t[0] > 0.3 && t[1] > 0.3, "{t:?}");
        assert_eq!(t[2], 0.0, "{t:?}");
        assert_eq!(t[3], -1.0, "no topic words");
    }

    #[test]
    fn chinese_is_compared_by_character_pairs() {
        let texts = [
            "绍兴上虞区高质量发展",
            "上虞区推动高质量发展",
            "热门新闻排行榜",
        ];
        let words: Vec<Vec<u64>> = texts.iter().map(|t| topic_words(t)).collect();
        let t = topic_overlap(&words, &[0.9, 0.9, 0.9]);
        assert!(t[0] > 0.5 && t[2] == 0.0, "{t:?}");
    }
}
