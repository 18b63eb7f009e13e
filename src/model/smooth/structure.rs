//! The article's structured parts, which the classifier reads block by
//! block as navigation: the items of a numbered list and the rows of a
//! table. Their structure, not their words, says they are the article's.

use super::{Decision, Page, CONTEXT};
use crate::features::idx;
use crate::model::Label;

/// A numbered list has at least this many items.
const NUMBERED_MIN_ITEMS: usize = 3;
/// Item `n + 1` follows item `n` within this many blocks (an item may hold
/// a picture credit, a link line, a short description).
const NUMBERED_MAX_STRIDE: usize = 8;

/// The number a list item opens with: "1. ", "2) ", "3、", "4）". Ordinals
/// of one to three digits only; "1.5 million" and "2019. " are not items.
fn item_number(text: &str) -> Option<u32> {
    let t = text.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let number: u32 = t.get(..digits)?.parse().ok()?;
    let mut rest = t.get(digits..)?.chars();
    match rest.next()? {
        '.' | ')' => {
            // A space, then the item's text.
            let after = rest.as_str();
            let body = after.trim_start();
            (after.len() > body.len() && !body.is_empty()).then_some(number)
        }
        '、' | '）' => (!rest.as_str().trim_start().is_empty()).then_some(number),
        _ => None,
    }
}

/// A list the article numbers ("1) Lego Star Wars 75188…", "2) Polistil
/// 960574…", each item with its shop link under it) is the article's,
/// however much its short, unpunctuated items look like a menu: when its
/// first item is content, or follows content (the line that introduces
/// the list), its items and the blocks between them are content. A
/// numbered list of headlines ("Most read: 1. … 2. …") sits apart from the
/// article, and its first item is junk like the rest.
///
/// The list runs 1, 2, 3… (three items or more), each item within
/// [`NUMBERED_MAX_STRIDE`] blocks of the one before; the last item takes
/// as many blocks as items usually do. Blocks with boilerplate, SEO or
/// read-next words, links or link farms stay junk.
pub(super) fn numbered_lists(out: &mut [Decision], page: &Page) {
    let n = out.len().min(page.layout.texts.len());
    let mut i = 0;
    while i < n {
        if item_number(page.text(i)) != Some(1) {
            i += 1;
            continue;
        }
        // Chain the items 1, 2, 3…
        let mut items = vec![i];
        let mut k = i + 1;
        while k < n && k - items[items.len() - 1] <= NUMBERED_MAX_STRIDE {
            if item_number(page.text(k)) == Some(items.len() as u32 + 1) {
                items.push(k);
            }
            k += 1;
        }
        let introduced = out[i].label == Label::Content
            || i.checked_sub(1)
                .is_some_and(|p| out[p].label == Label::Content);
        let last = items[items.len() - 1];
        if items.len() < NUMBERED_MIN_ITEMS || !introduced {
            i += 1;
            continue;
        }
        let mut strides: Vec<usize> = items.windows(2).map(|w| w[1] - w[0]).collect();
        strides.sort_unstable();
        let stride = strides[strides.len() / 2];
        let end = (last + stride).min(n);
        for k in i..end {
            let row = &page.rows[k];
            if out[k].label.is_junk()
                && matches!(out[k].rule, None | Some(CONTEXT))
                && out[k].label != Label::LinkFarm
                && row[idx::BOILERPLATE] == 0.0
                && row[idx::SEO] == 0.0
                && row[idx::READMORE] == 0.0
                && row[idx::LINK_DENSITY] < 0.5
            {
                page.keep(out, k);
            }
        }
        i = end;
    }
}

/// The classifier is this unsure of a table's rows (see [`unsure_runs`]).
const UNSURE_FLOOR: f32 = 0.35;
/// A run of unsure blocks is a table or a list from this many blocks on.
const UNSURE_MIN_RUN: usize = 4;

/// HTML: a run of blocks the classifier cannot decide on (P(content)
/// between 0.35 and the threshold, block after block) that touches the
/// article is the article's table or list — a race's standings, a
/// calendar, a spec sheet — whose rows, short and full of digits, look
/// like navigation to every block-level test, but not sure navigation.
/// Navigation, footers and teaser lists come out sure junk.
pub(super) fn unsure_runs(out: &mut [Decision], page: &Page) {
    if page.layout.containers.is_empty() {
        return;
    }
    let n = out.len();
    let unsure = |out: &[Decision], i: usize| {
        out[i].label.is_junk()
            && out[i].label != Label::LinkFarm
            && matches!(out[i].rule, None | Some(CONTEXT))
            && page.p_content(i) >= UNSURE_FLOOR
    };
    let mut i = 0;
    while i < n {
        if !unsure(out, i) {
            i += 1;
            continue;
        }
        let end = (i..n).find(|&k| !unsure(out, k)).unwrap_or(n);
        let touches = i
            .checked_sub(1)
            .is_some_and(|p| out[p].label == Label::Content)
            || out.get(end).is_some_and(|d| d.label == Label::Content);
        if end - i >= UNSURE_MIN_RUN && touches {
            for k in i..end {
                page.keep(out, k);
            }
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::item_number;

    #[test]
    fn list_items_are_read_by_their_number() {
        assert_eq!(item_number("1) Lego Star Wars"), Some(1));
        assert_eq!(item_number("  12. Define early retirement"), Some(12));
        assert_eq!(item_number("3、配送的准确性"), Some(3));
        assert_eq!(item_number("4）指定"), Some(4));
        assert_eq!(item_number("1.5 million people"), None);
        assert_eq!(item_number("2019. A year"), None);
        assert_eq!(item_number("7."), None);
        assert_eq!(item_number("Chapter 1. Intro"), None);
        assert_eq!(item_number(""), None);
    }
}
