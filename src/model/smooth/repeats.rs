//! Content the page already showed, kept once.

use super::{kept_by_context, Decision, Page, CONTEXT, REPEATED};
use crate::features::repeats::Trigrams;
use crate::model::Label;
use crate::prehashed::{FingerprintMap, FingerprintSet};

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

/// A run of content this many blocks long, or longer, may be a teaser
/// carousel (see [`teaser_carousels`]).
const CAROUSEL_MIN_BLOCKS: usize = 3;
/// Share of a run's blocks the page must print again below it.
const CAROUSEL_REPRINTED: f32 = 0.8;
/// The page must hold this many chars of content printed only once.
const CAROUSEL_OWN_CHARS: f32 = 500.0;

/// A teaser carousel above the article ("Headline WASHINGTON: the lede…",
/// ten times) reads like the article, and comes first, so
/// [`drop_repeats`] keeps it and drops its second showing, a teaser list
/// lower down. A run of content whose blocks the page prints again further
/// down as junk is such a widget when the page has content of its own,
/// printed once: the article, which a page prints once, is that. (An
/// article printed twice, as in a text dump's metadata copy, has no
/// content printed once, and keeps its first copy.) When the classifier is
/// surer of the teasers than of the article, the tail rules have already
/// cut the article off as a detached run below them: prose a context rule
/// dropped, printed once, that the classifier itself calls content, counts
/// as the page's own, and comes back when it is what shows the widget up.
pub(super) fn teaser_carousels(out: &mut [Decision], page: &Page, trigrams: &Trigrams) {
    let n = out.len().min(trigrams.len());
    let content = |k: usize| out[k].label == Label::Content;
    let mut runs = Vec::new();
    let mut i = 0;
    while i < n {
        let end = (i..n).find(|&k| !content(k)).unwrap_or(n);
        if end - i >= CAROUSEL_MIN_BLOCKS {
            runs.push(i..end);
        }
        i = end + 1;
    }
    if runs.is_empty() {
        return;
    }
    // Where the page last prints each of its content's trigrams as junk
    // (block index + 1; 0 for never): the content is the smaller part of
    // most pages, so its trigrams are the ones kept.
    let mut last_junk: FingerprintMap<usize> = FingerprintMap::default();
    for k in (0..n).filter(|&k| content(k)) {
        for &g in trigrams.block(k) {
            last_junk.insert(g, 0);
        }
    }
    for k in (0..n).filter(|&k| !content(k)) {
        for g in trigrams.block(k) {
            if let Some(at) = last_junk.get_mut(g) {
                *at = k + 1;
            }
        }
    }
    let reprinted = |k: usize| {
        let g = trigrams.block(k);
        g.len() >= REPEAT_TWIN_TRIGRAMS
            && g.iter()
                .filter(|g| last_junk.get(g).is_some_and(|&at| at > k + 1))
                .count() as f32
                >= REPEAT_COVERED * g.len() as f32
    };
    let carousels: Vec<(std::ops::Range<usize>, Vec<usize>)> = runs
        .into_iter()
        .filter_map(|run| {
            let shown_again: Vec<usize> = run.clone().filter(|&k| reprinted(k)).collect();
            (shown_again.len() >= CAROUSEL_MIN_BLOCKS
                && shown_again.len() as f32 >= CAROUSEL_REPRINTED * run.len() as f32)
                .then_some((run, shown_again))
        })
        .collect();
    if carousels.is_empty() {
        return;
    }
    // Chars of content the page prints once (nowhere else, above or
    // below), per block; and of the blocks printed once that the
    // classifier calls content but a context rule dropped. Those can be
    // the article itself: taking the carousel for the article, the tail
    // rules cut the real one off as a detached run below it.
    let dropped_prose =
        |k: usize| out[k].rule == Some(CONTEXT) && page.p_content(k) >= DROPPED_PROSE_P;
    let mut above = FingerprintSet::default();
    let mut own = vec![0.0; n];
    let mut own_dropped = vec![0.0; n];
    for k in 0..n {
        let g = trigrams.block(k);
        let elsewhere = reprinted(k) || covered(g, &above);
        if !elsewhere {
            if content(k) {
                own[k] = page.chars(k);
            } else if dropped_prose(k) {
                own_dropped[k] = page.chars(k);
            }
        }
        above.extend(g.iter().copied());
    }
    let own_total: f32 = own.iter().sum();
    let dropped_total: f32 = own_dropped.iter().sum();
    let mut restore = false;
    for (run, shown_again) in carousels {
        let own_elsewhere = own_total - own[run].iter().sum::<f32>();
        let is_carousel = if own_elsewhere >= CAROUSEL_OWN_CHARS {
            true
        } else if own_elsewhere + dropped_total >= CAROUSEL_OWN_CHARS {
            // Only with the dropped prose: it is the article, and comes
            // back.
            restore = true;
            true
        } else {
            false
        };
        if is_carousel {
            for k in shown_again {
                out[k] = Decision {
                    label: Label::HeadlineList,
                    score: 1.0 - page.p_content(k),
                    rule: Some(REPEATED),
                };
            }
        }
    }
    if restore {
        for k in (0..n).filter(|&k| own_dropped[k] > 0.0) {
            out[k] = kept_by_context(&page.probs[k]);
        }
    }
}

/// A block a context rule dropped counts as the page's own content for
/// [`teaser_carousels`] from this P(content) on: the classifier's own
/// verdict.
const DROPPED_PROSE_P: f32 = 0.5;

/// At least [`REPEAT_TWIN_TRIGRAMS`] trigrams, [`REPEAT_COVERED`] of them
/// in `seen`.
fn covered(grams: &[u64], seen: &FingerprintSet) -> bool {
    grams.len() >= REPEAT_TWIN_TRIGRAMS
        && grams.iter().filter(|g| seen.contains(g)).count() as f32
            >= REPEAT_COVERED * grams.len() as f32
}
