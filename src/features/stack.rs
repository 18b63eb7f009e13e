//! Second-pass features: what the first-pass classifier thinks of a block's
//! neighbourhood.
//!
//! Main content comes in runs. A first classifier judges each block on its
//! own features; a second one sees, in addition, the first one's P(content)
//! for the block, its neighbours and the page as a whole (stacking). It can
//! then learn that a short line between two confident content paragraphs is
//! a sub-heading, and that prose after the article's end is a teaser list.

use super::{idx, N_FEATURES};

/// Number of second-pass features.
pub const N_STACK: usize = 10;

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
];

/// The name of a slot of a full (first + second pass) row.
pub fn name(i: usize) -> &'static str {
    super::NAMES
        .get(i)
        .or_else(|| STACK_NAMES.get(i.wrapping_sub(N_FEATURES)))
        .copied()
        .unwrap_or("?")
}

/// Builds second-pass rows from first-pass rows and P(content) per block.
pub fn stacked(rows: &[[f32; N_FEATURES]], p1: &[f32]) -> Vec<[f32; N_ALL]> {
    let n = rows.len().min(p1.len());
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
        out.push(r);
    }
    out
}
