//! Content the page already showed, kept once.

use super::{Decision, REPEATED};
use crate::features::repeats::Trigrams;
use crate::model::Label;
use crate::prehashed::FingerprintSet;

/// A run of content blocks shorter than this many tokens is never called a
/// repeat.
const REPEAT_MIN_RUN_TOKENS: usize = 30;
/// A single block inside a new run is called a repeat only from this many
/// tokens on.
const REPEAT_MIN_BLOCK_TOKENS: usize = 45;
/// Share of the word trigrams that must already be in the content.
const REPEAT_COVERED: f32 = 0.9;
/// A block the same as the one before it is a repeat from this many word
/// trigrams on (six words).
const REPEAT_TWIN_TRIGRAMS: usize = 4;

/// Content that says again what the page's content already said is junk:
/// the article printed twice (a teaser list above and below it, a whole-text
/// copy in a text dump's metadata line). The first copy is kept.
///
/// Repeats are found by word trigrams (so that a new sentence made of words
/// the page already used is not one) and judged per run of consecutive
/// content blocks: a run whose trigrams nearly all appeared in earlier
/// content is a repeat, and so is a long block inside a run. Short lines
/// that recur inside new content (the "Eat every 2-3 hours" of each day of a
/// meal plan, a table's row labels) are the page's structure, not a copy,
/// and are kept, unless a line of six words or more follows its twin.
pub(super) fn drop_repeats(out: &mut [Decision], trigrams: &Trigrams) {
    let n = out.len().min(trigrams.len());
    // Room for every trigram of the page up front: the set never grows
    // (and rehashes) as the content's trigrams go in.
    let mut seen = FingerprintSet::with_capacity_and_hasher(trigrams.total(), Default::default());
    let mut i = 0;
    while i < n {
        if out[i].label != Label::Content {
            i += 1;
            continue;
        }
        let end = (i..n)
            .find(|&k| out[k].label != Label::Content)
            .unwrap_or(n);
        let grams: Vec<&[u64]> = (i..end).map(|k| trigrams.block(k)).collect();
        let total: usize = grams.iter().map(|g| g.len()).sum();
        let covered: usize = grams
            .iter()
            .flat_map(|g| g.iter())
            .filter(|g| seen.contains(g))
            .count();
        let run_repeat = total + 2 * (end - i) >= REPEAT_MIN_RUN_TOKENS
            && covered as f32 >= REPEAT_COVERED * total as f32;
        for (j, (k, g)) in (i..end).zip(&grams).enumerate() {
            // A sentence printed twice in a row (a slide's caption and its
            // thumbnail's) is said once, however short the run.
            let twin = j > 0 && g.len() >= REPEAT_TWIN_TRIGRAMS && grams[j - 1] == *g;
            let block_repeat = run_repeat
                || twin
                || g.len() + 2 >= REPEAT_MIN_BLOCK_TOKENS
                    && g.iter().filter(|x| seen.contains(x)).count() as f32
                        >= REPEAT_COVERED * g.len() as f32;
            if block_repeat {
                out[k] = Decision {
                    label: Label::Boilerplate,
                    score: out[k].score,
                    rule: Some(REPEATED),
                };
            } else {
                seen.extend(g.iter().copied());
            }
        }
        i = end;
    }
}
