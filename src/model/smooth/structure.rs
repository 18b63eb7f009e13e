//! The article's structured parts, which the classifier reads block by
//! block as navigation: the items of a numbered list and the rows of a
//! table. Their structure, not their words, says they are the article's.

use super::{Decision, Page, CONTEXT};
use crate::features::idx;
use crate::model::Label;
use crate::segment::{BlockTag, Roles};

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
            if list_item_junk(out, page, k) && page.rows[k][idx::READMORE] == 0.0 {
                page.keep(out, k);
            }
        }
        i = end;
    }
}

/// Is block `k`, junk, one a list may give back to the article: not a link
/// farm, not made junk by a rule other than the neighbour rules, no
/// boilerplate or SEO words, mostly not links ("amzn.to/2hZfWFJ" under an
/// item stays junk)?
fn list_item_junk(out: &[Decision], page: &Page, k: usize) -> bool {
    let row = &page.rows[k];
    out[k].label.is_junk()
        && out[k].label != Label::LinkFarm
        && matches!(out[k].rule, None | Some(CONTEXT))
        && row[idx::BOILERPLATE] == 0.0
        && row[idx::SEO] == 0.0
        && row[idx::LINK_DENSITY] < 0.5
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
/// Navigation, footers and teaser lists come out sure junk. Captions and
/// picture credits ([`super::article::captions`]) are not rows: a gallery's
/// slides ("Image 2 of 5", a caption, "(Image credit: NASA)") are as unsure.
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
            && !page.has_role(i, Roles::CAPTION)
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

/// A list has at least this many items (see [`list_majority`]).
const LIST_MIN_ITEMS: usize = 3;
/// ... of which at least this share is content.
const LIST_CONTENT_SHARE: f32 = 0.66;
/// An item the classifier is this sure is junk stays junk.
const LIST_ITEM_FLOOR: f32 = 0.2;

/// HTML: the items of one list are alike. When most of a list's items are
/// content, its other items are too (the last bullet of a feature list,
/// which the classifier doubts for lacking a sentence's end), unless they
/// are links, boilerplate or SEO words, picture credits (a gallery's
/// slides are list items), or the classifier is sure of them. A list is
/// the `<li>` items of one element, or the lines of one element cut at
/// `<br>` (a race calendar written "1a etapa: 10 de março – Interlagos",
/// one stage a line, in one `<p>`).
pub(super) fn list_majority(out: &mut [Decision], page: &Page) {
    if page.layout.containers.is_empty() {
        return;
    }
    let n = out.len();
    let item = |i: usize| page.tag(i) == Some(BlockTag::ListItem);
    let mut i = 0;
    while i < n {
        let end = if let Some(list) = page.container(i).filter(|_| item(i)) {
            (i..n)
                .find(|&k| !item(k) || page.container(k) != Some(list))
                .unwrap_or(n)
        } else if let Some(element) = page.element(i) {
            (i..n)
                .find(|&k| item(k) || page.element(k) != Some(element))
                .unwrap_or(n)
        } else {
            i + 1
        };
        let content = (i..end).filter(|&k| out[k].label == Label::Content).count();
        if end - i >= LIST_MIN_ITEMS && content as f32 >= LIST_CONTENT_SHARE * (end - i) as f32 {
            for k in i..end {
                if list_item_junk(out, page, k)
                    && out[k].rule.is_none()
                    && page.p_content(k) >= LIST_ITEM_FLOOR
                    && !page.has_role(k, Roles::CAPTION)
                {
                    page.keep(out, k);
                }
            }
        }
        i = end.max(i + 1);
    }
}

/// A flattened table's rows have at least this many cells...
const TABLE_MIN_COLUMNS: usize = 3;
/// ... and at most this many.
const TABLE_MAX_COLUMNS: usize = 12;
/// A flattened table has at least this many rows of the same shape.
const TABLE_MIN_ROWS: usize = 3;
/// A cell is a line of at most this many chars.
const TABLE_CELL_CHARS: usize = 100;
/// The text cells of a table are this short on average (names, positions,
/// short stats); a teaser list's headlines and bylines are longer.
const TABLE_TEXT_CELL_CHARS: usize = 25;
/// The article touches a table when its content is this few blocks away.
const TABLE_REACH: usize = 3;

/// What a text line is as a table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    /// A figure: digits with their units and separators ("5040", "85%",
    /// "$1,349.00", "1:41").
    Number,
    /// A short text ("Kyle Busch", "Pos.").
    Text,
    /// Too long to be a cell, or empty.
    None,
}

/// The kind of cell a line would be.
fn cell_kind(text: &str) -> Cell {
    let t = text.trim();
    // (Over 4 bytes a char, a long text cannot be a cell.)
    if t.is_empty() || t.len() > 4 * TABLE_CELL_CHARS || t.chars().nth(TABLE_CELL_CHARS).is_some() {
        return Cell::None;
    }
    let figure =
        |c: char| c.is_ascii_digit() || c.is_whitespace() || ".,:;%+-–—/()$€£#ºª°x×*".contains(c);
    if t.chars().all(figure) && t.bytes().any(|b| b.is_ascii_digit()) {
        Cell::Number
    } else {
        Cell::Text
    }
}

/// The shape of one row of a table: its cells' kinds, with a text cell and
/// figures in at least a quarter of the columns (a list of months with
/// one year among them is not a table), and not a shorter row repeated
/// (a numbered list of headlines is "1", headline, "2", headline…).
fn row_shape(cells: &[Cell]) -> bool {
    let p = cells.len();
    let figures = cells.iter().filter(|&&c| c == Cell::Number).count();
    let repeats_shorter =
        (1..p).any(|q| p.is_multiple_of(q) && (0..p).all(|x| cells[x] == cells[x % q]));
    !cells.contains(&Cell::None)
        && cells.contains(&Cell::Text)
        && figures * 4 >= p
        && !repeats_shorter
}

/// Text: a table written one cell per line (a race's standings: "1",
/// "Kyle Busch", "5040", "5", …; a team's snap counts: "DL", "Larry
/// Ogunjobi", "63", "85%", a stats line) is the article's when the article
/// touches it: content within [`TABLE_REACH`] blocks of it, or a line
/// ending with a colon that introduces it ("…after 36 races:"). The
/// classifier reads every cell alone as navigation, sure of it; the
/// table's rows, the same shape of short texts and figures repeated three
/// times or more, say otherwise. The short text lines just above the rows
/// (as short as its text cells) are the table's header. A sidebar's standings, far from the article,
/// stay junk, and so do lists whose texts are headlines (longer than
/// [`TABLE_TEXT_CELL_CHARS`] on average).
pub(super) fn flattened_tables(out: &mut [Decision], page: &Page) {
    if !page.layout.containers.is_empty() {
        return;
    }
    let n = out.len().min(page.layout.texts.len());
    let cells: Vec<Cell> = (0..n)
        .map(|i| match page.tag(i) {
            Some(BlockTag::Line) | None => cell_kind(page.text(i)),
            _ => Cell::None,
        })
        .collect();
    // A table's rows start at a run of at least 9 cells (3 rows of 3),
    // with a figure among its first 12 (its first row): per block, the
    // cells that follow it and the next figure turn most blocks of a page
    // away before any period is tried.
    let mut run = vec![0usize; n + 1];
    let mut next_figure = vec![n; n + 1];
    for k in (0..n).rev() {
        run[k] = if cells[k] == Cell::None {
            0
        } else {
            run[k + 1] + 1
        };
        next_figure[k] = if cells[k] == Cell::Number {
            k
        } else {
            next_figure[k + 1]
        };
    }
    let mut i = 0;
    while i < n {
        let possible =
            run[i] >= TABLE_MIN_COLUMNS * TABLE_MIN_ROWS && next_figure[i] < i + TABLE_MAX_COLUMNS;
        let Some((columns, end)) = possible.then(|| periodic_run(&cells, i)).flatten() else {
            i += 1;
            continue;
        };
        let (texts, text_chars) = (i..end)
            .filter(|&k| cells[k] == Cell::Text)
            .fold((0, 0), |(n, chars), k| {
                (n + 1, chars + page.text(k).trim().chars().count())
            });
        let mean = text_chars / texts.max(1);
        if mean <= TABLE_TEXT_CELL_CHARS {
            let mut start = i;
            while start > 0
                && i - start <= 2 * columns
                && cells[start - 1] == Cell::Text
                && page.text(start - 1).trim().chars().count() <= TABLE_TEXT_CELL_CHARS
            {
                start -= 1;
            }
            claim_table(out, page, start, end);
        }
        i = end;
    }
}

/// The longest run of rows of one shape from block `i` on: its number of
/// columns and where it ends (after its last full row).
fn periodic_run(cells: &[Cell], i: usize) -> Option<(usize, usize)> {
    let n = cells.len();
    let mut best: Option<(usize, usize)> = None;
    for p in TABLE_MIN_COLUMNS..=TABLE_MAX_COLUMNS {
        if i + p > n {
            break;
        }
        if !row_shape(&cells[i..i + p]) {
            continue;
        }
        let mut k = i + p;
        while k < n && cells[k] == cells[i + (k - i) % p] {
            k += 1;
        }
        let rows = (k - i) / p;
        let end = i + rows * p;
        if rows >= TABLE_MIN_ROWS && best.is_none_or(|(_, e)| end > e) {
            best = Some((p, end));
        }
    }
    best
}

/// Makes blocks `start..end`, a table, content when the article touches
/// it, with the line that introduces it.
fn claim_table(out: &mut [Decision], page: &Page, start: usize, end: usize) {
    let n = out.len();
    let content = |k: usize| out[k].label == Label::Content;
    let colon = |k: usize| page.text(k).trim_end().ends_with([':', '：']);
    let before = (start.saturating_sub(TABLE_REACH)..start).any(content);
    let after = (end..(end + TABLE_REACH).min(n)).any(content);
    let intro = start.checked_sub(1).filter(|&k| colon(k));
    if !(before || after || intro.is_some() || (start..end).any(colon)) {
        return;
    }
    for k in intro.into_iter().chain(start..end) {
        if out[k].label.is_junk()
            && out[k].label != Label::LinkFarm
            && matches!(out[k].rule, None | Some(CONTEXT))
        {
            page.keep(out, k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cell_kind, item_number, row_shape, Cell};

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

    #[test]
    fn table_cells_are_figures_or_short_texts() {
        assert_eq!(cell_kind("5040"), Cell::Number);
        assert_eq!(cell_kind(" 85% "), Cell::Number);
        assert_eq!(cell_kind("$1,349.00*"), Cell::Number);
        assert_eq!(cell_kind("Kyle Busch"), Cell::Text);
        assert_eq!(cell_kind("%"), Cell::Text);
        assert_eq!(cell_kind("---"), Cell::Text);
        assert_eq!(cell_kind(""), Cell::None);
        assert_eq!(cell_kind(&"word ".repeat(30)), Cell::None);
        let (n, t) = (Cell::Number, Cell::Text);
        assert!(row_shape(&[n, t, n, n, n]));
        assert!(row_shape(&[t, t, n, n, t]));
        // "1", headline, "2", headline: a numbered list, not a table.
        assert!(!row_shape(&[n, t, n, t]));
        // Twelve month names and a year.
        assert!(!row_shape(&[t, t, t, t, t, t, t, t, t, n, t, t]));
        assert!(!row_shape(&[n, n, n]));
    }
}
