//! What follows or interrupts the article: a related-list tail, runs of
//! teasers cut off below it, reader comments under their date lines,
//! read-next boxes and link lines. These rules turn content into junk.

use rustc_hash::FxHashMap;

use super::article::LIST_MAX_ITEMS;
use super::{Decision, Page, CONTEXT};
use crate::features::{idx, N_FEATURES};
use crate::model::Label;
use crate::segment::{BlockTag, Roles};

/// A content block this sure marks the article (see [`detached_tail`]).
const ARTICLE_SURE: f32 = 0.85;
/// A run of content after the article's last sure block is junk when even
/// its best block stays below this.
const DETACHED_DOUBT: f32 = 0.7;

/// The article ends with its last block the classifier is sure of. Runs of
/// content that come after it, with junk in between, and that hold no block
/// the classifier is even fairly sure of, are the teasers of a "more
/// stories" tail (headline, summary, "32M ago"), which in a text dump look
/// like short paragraphs. A run glued to the article's last block (its
/// closing lines) is kept, and so are the blocks of a run that sit in the
/// element that holds that block (HTML: the parent of its element; never
/// for text), or in the element above it (an article written as sections
/// of paragraphs): the article resuming after an inline card, or its
/// paragraphs between the rows of a table, which go with the table's run.
/// In text, where no element tells, a run that opens with a long paragraph
/// a few blocks below the article's last block is the article resuming
/// ([`resumes_article`]).
pub(super) fn detached_tail(out: &mut [Decision], page: &Page) {
    let n = out.len();
    let content = |out: &[Decision], i: usize| out[i].label == Label::Content;
    let Some(last) = (0..n)
        .rev()
        .find(|&i| content(out, i) && page.p_content(i) >= ARTICLE_SURE)
    else {
        return;
    };
    let own = Article::ending_at(page, last);
    let mut i = last + 1;
    while i < n && content(out, i) {
        i += 1;
    }
    // The article's last block so far (text: a resumed paragraph moves it).
    let mut article_end = i - 1;
    while i < n {
        if !content(out, i) {
            i += 1;
            continue;
        }
        let end = (i..n).find(|&k| !content(out, k)).unwrap_or(n);
        if i - article_end <= RESUMED_GAP && resumes_article(page, i) {
            article_end = end - 1;
        } else if (i..end).all(|k| page.p_content(k) < DETACHED_DOUBT) {
            // A block in the article's own elements is the article going
            // on after an inline card, a video or a table, not a teaser
            // (teasers have elements of their own).
            for k in (i..end).filter(|&k| !own.holds(page, k)) {
                out[k] = Decision {
                    label: Label::Boilerplate,
                    score: 1.0 - page.p_content(k),
                    rule: Some(CONTEXT),
                };
            }
        }
        i = end;
    }
}

/// A run that opens this few blocks below the article's last one may be
/// the article resuming (see [`resumes_article`]).
const RESUMED_GAP: usize = 5;
/// ... when its first block is a paragraph of at least this many chars.
const RESUMED_CHARS: f32 = 150.0;

/// Text: an inline card ("E-Cigarettes Don't Have to Be Tainted…", its
/// summary, "Read more", "Advertisement") interrupts the article, and the
/// paragraphs after it borrow the card's doubt. A run of content that opens
/// a few blocks below the article's last block with a long paragraph (a
/// full sentence of 150+ chars, no boilerplate or SEO words, not under a
/// comment header) is the article resuming, not a teaser: teasers open
/// with a headline.
fn resumes_article(page: &Page, i: usize) -> bool {
    let row = &page.rows[i];
    row[idx::IS_HTML] == 0.0
        && row[idx::ENDS_SENTENCE] >= 1.0
        && page.chars(i) >= RESUMED_CHARS
        && row[idx::BOILERPLATE] == 0.0
        && row[idx::SEO] < 0.2
        && row[idx::AFTER_COMMENT_HEADER] == 0.0
}

/// The elements of an article, as the tail rules see them from its last
/// sure block: the element that holds that block, and the one above it.
/// Both are unknown for text, which holds nothing.
struct Article {
    home: Option<u32>,
    outer: Option<u32>,
}

impl Article {
    /// The elements around block `last`.
    fn ending_at(page: &Page, last: usize) -> Article {
        Article {
            home: page.container(last),
            outer: page.outer(last),
        }
    }

    /// Does block `i` sit in one of them?
    fn holds(&self, page: &Page, i: usize) -> bool {
        (self.home.is_some() && page.container(i) == self.home)
            || (self.outer.is_some() && page.outer(i) == self.outer)
    }
}

/// Content with P(content) below this, under a related-list header in the
/// page's tail, is junk (see [`related_tail`]).
const TAIL_DOUBT: f32 = 0.85;
/// Share of the page's content that must come before such a header.
const TAIL_AFTER: f32 = 0.6;
/// A related-list header has at most this many tokens.
const TAIL_HEADER_TOKENS: f32 = 8.0;

/// A short block with a read-next / related / trending phrase: the header
/// of a list of links to other pages (see [`related_tail`] and
/// [`read_next_lists`]).
fn read_next_header(row: &[f32; N_FEATURES]) -> bool {
    row[idx::READMORE] > 0.0 && row[idx::WORDS] <= (1.0 + TAIL_HEADER_TOKENS).ln()
}

/// A short read-next / related / trending header ("Related", "Top
/// stories", "Trending News", 相关新闻) that sits below most of the
/// article's content opens its tail: what follows is a teaser list unless
/// the classifier is sure it is content. In a text dump nothing else marks
/// where the article ends; the headers in the middle of an article (an
/// inline "Related:" box) come before 60% of its content and do not count.
/// In HTML, blocks in the elements of the article's last sure block above
/// the header are left alone (see [`detached_tail`]).
pub(super) fn related_tail(out: &mut [Decision], page: &Page) {
    let rows = page.rows;
    let content = |d: &Decision| d.label == Label::Content;
    let total: f32 = (0..out.len())
        .filter(|&i| content(&out[i]))
        .map(|i| page.chars(i))
        .sum();
    if total <= 0.0 {
        return;
    }
    let mut seen = 0.0;
    let mut header = None;
    for (i, d) in out.iter().enumerate() {
        if content(d) {
            seen += page.chars(i);
        } else if seen >= TAIL_AFTER * total
            && read_next_header(&rows[i])
            && !closes_inline_card(out, page, i)
        {
            header = Some(i);
            break;
        }
    }
    let Some(h) = header else { return };
    // Blocks in the elements of the article's last sure block above the
    // header are the article going on around an inline box.
    let own = (0..h)
        .rev()
        .find(|&i| content(&out[i]) && page.p_content(i) >= ARTICLE_SURE)
        .map(|last| Article::ending_at(page, last));
    for i in h + 1..out.len() {
        if own.as_ref().is_some_and(|a| a.holds(page, i)) {
            continue;
        }
        if content(&out[i]) && page.p_content(i) < TAIL_DOUBT {
            page.discard(out, i);
        }
    }
}

/// Text: a read-next line that the article's next paragraph follows
/// (its first content block, within [`RESUMED_GAP`] blocks, resumes the
/// article: see [`resumes_article`]) closes an inline card ("…, Read
/// more"), not the article.
fn closes_inline_card(out: &[Decision], page: &Page, h: usize) -> bool {
    let end = (h + 1 + RESUMED_GAP).min(out.len());
    (h + 1..end)
        .find(|&j| out[j].label == Label::Content)
        .is_some_and(|j| page.tag(j) == Some(BlockTag::Line) && resumes_article(page, j))
}

/// A dated thread has at least this many date lines (see [`dated_threads`]).
const THREAD_DATES: usize = 3;
/// ... at most this many blocks apart.
const THREAD_DATE_GAP: usize = 8;
/// ... and starts below at least this many sure article blocks.
const THREAD_AFTER_SURE: usize = 3;
/// A date line has fewer chars than this.
const THREAD_DATE_CHARS: f32 = 60.0;
/// Content the classifier is this sure of stays, even in a thread.
const THREAD_DOUBT: f32 = 0.99;

/// Reader comments and "more stories" lists repeat one shape: a short line
/// with a date or a time ("2 days ago at 07:52 am", "November 19, 2019 at
/// 6:34 am", "Published 4h at 9:15 PM") followed by a comment or a teaser.
/// Once the article is under way (three blocks the classifier is sure
/// of), the first junk date line that starts such a rhythm (three date
/// lines, each within eight blocks of the last) opens a thread, and the
/// content below it is junk: long comments read as prose and pass the
/// classifier, but their date lines give them away. Blocks the classifier
/// is all but certain of stay, and so do (HTML) blocks in the elements of
/// the article's last sure block above the thread (see [`detached_tail`]).
pub(super) fn dated_threads(out: &mut [Decision], page: &Page) {
    let n = out.len();
    let date_line = |out: &[Decision], i: usize| {
        out[i].label.is_junk()
            && page.rows[i][idx::DATE_LIKE] > 0.0
            && page.chars(i) < THREAD_DATE_CHARS
    };
    let mut sure = 0;
    let mut last_sure = None;
    for h in 0..n {
        if out[h].label == Label::Content && page.p_content(h) >= ARTICLE_SURE {
            sure += 1;
            last_sure = Some(h);
        }
        if sure < THREAD_AFTER_SURE || !date_line(out, h) {
            continue;
        }
        let mut dates = 1;
        let mut at = h;
        for k in h + 1..n {
            if k - at > THREAD_DATE_GAP || dates >= THREAD_DATES {
                break;
            }
            if date_line(out, k) {
                dates += 1;
                at = k;
            }
        }
        if dates < THREAD_DATES {
            continue;
        }
        let own = last_sure.map(|last| Article::ending_at(page, last));
        for i in h + 1..n {
            let article = own.as_ref().is_some_and(|a| a.holds(page, i));
            if !article && out[i].label == Label::Content && page.p_content(i) < THREAD_DOUBT {
                page.discard(out, i);
            }
        }
        return;
    }
}

/// A link line ("READ MORE: …", "Related: …", see
/// [`crate::segment::pointers`]) points to another page, however sure the
/// classifier is of it between two of the article's paragraphs: it is a
/// headline list of one. A tag line ("Tags: …") points to the site's own
/// tag pages: it is navigation, boilerplate.
pub(super) fn link_lines(out: &mut [Decision], page: &Page) {
    for (i, d) in out.iter_mut().enumerate() {
        // The title kept by `--keep-title` ("Trending: …") stays.
        if page.has_role(i, Roles::POINTER) && d.label == Label::Content && page.title != Some(i) {
            *d = Decision {
                label: if page.has_role(i, Roles::TAG_LINE) {
                    Label::Boilerplate
                } else {
                    Label::HeadlineList
                },
                score: 1.0 - page.p_content(i),
                rule: Some(CONTEXT),
            };
        }
    }
}

/// A read-next list has at least this many headlines (see
/// [`read_next_lists`]).
const READ_NEXT_MIN_ITEMS: usize = 2;
/// A headline of such a list has at most this many chars.
const READ_NEXT_ITEM_CHARS: f32 = 150.0;
/// A headline the classifier is this sure of is the article's, not a
/// read-next item.
const READ_NEXT_DOUBT: f32 = 0.9;

/// A short read-next / related / trending header ("Related articles",
/// "DON'T MISS", "Most Popular", 相关链接) followed by headlines (short
/// lines that do not end like a sentence) is a list of links to other
/// pages, wherever it sits: inside the article (an inline box between two
/// paragraphs, which [`related_tail`] leaves alone) as well as below it.
/// A pointer or tag word on its own ("Related", "See also", "Topics":
/// [`Roles::LIST_LABEL`]) heads such a list too, though none of the
/// read-next phrases counts it.
/// The header and its headlines are junk, up to the first line that ends
/// like a sentence, is longer than a headline, or that the classifier is
/// sure of; a header with fewer than two headlines under it is left alone.
pub(super) fn read_next_lists(out: &mut [Decision], page: &Page) {
    let n = out.len();
    let rows = page.rows;
    let mut h = 0;
    while h < n {
        let header = (read_next_header(&rows[h]) || page.has_role(h, Roles::LIST_LABEL))
            && rows[h][idx::ENDS_SENTENCE] < 1.0;
        if !header {
            h += 1;
            continue;
        }
        let mut end = h + 1;
        while end < n
            && end - h <= LIST_MAX_ITEMS
            && page.chars(end) <= READ_NEXT_ITEM_CHARS
            && rows[end][idx::ENDS_SENTENCE] < 1.0
            && rows[end][idx::READMORE] == 0.0
            && out[end].label != Label::LinkFarm
            && (out[end].label.is_junk() || page.p_content(end) < READ_NEXT_DOUBT)
        {
            end += 1;
        }
        if end - h > READ_NEXT_MIN_ITEMS {
            for (k, d) in out.iter_mut().enumerate().take(end).skip(h) {
                if d.label == Label::Content && page.title != Some(k) {
                    *d = Decision {
                        label: Label::HeadlineList,
                        score: 1.0 - page.p_content(k),
                        rule: Some(CONTEXT),
                    };
                }
            }
        }
        h = end;
    }
}

/// A teaser list has at least this many glued teasers (see
/// [`glued_teasers`]).
const GLUED_MIN_TEASERS: usize = 3;
/// A glued teaser follows the one before within this many blocks.
const GLUED_MAX_STRIDE: usize = 2;

/// A teaser list flattened to text glues each linked headline to its
/// summary: "Customers Leave Without Paying $690 Bill At Troy SteakhouseA
/// party of six left…", "Is Violence In Sports On The Rise?Violence is
/// part of…". One such line can be a brand written in camel case; three in
/// a row (each within two blocks of the last) are a teaser list, and junk.
pub(super) fn glued_teasers(out: &mut [Decision], page: &Page) {
    let n = out.len().min(page.layout.texts.len());
    let glued: Vec<bool> = (0..n)
        .map(|i| out[i].label == Label::Content && headline_glued_to_summary(page.text(i)))
        .collect();
    let mut i = 0;
    while i < n {
        if !glued[i] {
            i += 1;
            continue;
        }
        let mut members = vec![i];
        let mut k = i + 1;
        while k < n && k - members[members.len() - 1] <= GLUED_MAX_STRIDE {
            if glued[k] {
                members.push(k);
            }
            k += 1;
        }
        if members.len() >= GLUED_MIN_TEASERS {
            for &m in &members {
                out[m] = Decision {
                    label: Label::HeadlineList,
                    score: 1.0 - page.p_content(m),
                    rule: Some(CONTEXT),
                };
            }
        }
        i = members[members.len() - 1] + 1;
    }
}

/// Does `text` open with a headline glued to a sentence? The first place
/// in its first 200 bytes where a capital letter starts a word with no
/// space before it, after a lowercase letter, a digit, `?`, `!` or a
/// closing quote, ends the headline: four or more words, none a lowercase
/// word of four letters or more (headlines are in title case), with five
/// or more words after it. Camel-case names with a short first part
/// ("AirPods", "McKinley", "eGift") are not glue.
fn headline_glued_to_summary(text: &str) -> bool {
    const REACH: usize = 200;
    const MIN_PART: usize = 4;
    let mut prev = ' ';
    let mut chars = text
        .char_indices()
        .take_while(|&(at, _)| at < REACH)
        .peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map_or(' ', |&(_, c)| c);
        let glue = c.is_ascii_uppercase()
            && (prev.is_ascii_lowercase() || prev.is_ascii_digit() || "?!’”".contains(prev))
            && (next.is_ascii_lowercase() || next.is_whitespace());
        prev = c;
        if !glue {
            continue;
        }
        let Some(head) = text.get(..at) else {
            return false;
        };
        let part = head
            .rsplit(|c: char| c.is_whitespace() || c == '-')
            .next()
            .unwrap_or("");
        if part.chars().count() < MIN_PART {
            continue;
        }
        let words = head.split_whitespace();
        let lowercase_words = words
            .clone()
            .filter(|w| w.starts_with(|c: char| c.is_lowercase()) && w.chars().count() > 3)
            .count();
        return words.count() >= 4
            && lowercase_words == 0
            && text
                .get(at..)
                .is_some_and(|rest| rest.split_whitespace().count() >= 5);
    }
    false
}

/// A box heading is short: at most this many chars.
const BOX_HEADING_CHARS: f32 = 60.0;
/// A box heading the classifier is this sure of is the article's.
const BOX_HEADING_DOUBT: f32 = 0.7;

/// HTML: a heading is about what follows it. A short heading whose box —
/// the element holding it, with the lists nested in it — holds nothing but
/// junk besides it ("Related" over two links in an inline aside, "Get the
/// morning briefing" over a newsletter form's text) heads a box of junk,
/// and is junk, unless the classifier is sure of it. An article's section
/// headings share their element with the article's paragraphs and are
/// left alone.
pub(super) fn box_headings(out: &mut [Decision], page: &Page) {
    let n = out.len();
    // Per box, its blocks and how many of them are junk, as the labels came
    // in: a block is in the box of its element's element and of the
    // element above that (a list nested in the box).
    let mut boxes: FxHashMap<u32, (u32, u32)> = FxHashMap::default();
    for (j, d) in out.iter().enumerate() {
        let (inner, outer) = (page.container(j), page.outer(j));
        for b in [inner, outer.filter(|&o| Some(o) != inner)]
            .into_iter()
            .flatten()
        {
            let slot = boxes.entry(b).or_default();
            slot.0 += 1;
            slot.1 += u32::from(d.label.is_junk());
        }
    }
    let in_box = |j: usize, b: u32| page.container(j) == Some(b) || page.outer(j) == Some(b);
    for h in 0..n {
        let Some(b) = page.container(h) else {
            continue;
        };
        if out[h].label != Label::Content
            || page.rows[h][idx::HEADING] == 0.0
            || page.chars(h) > BOX_HEADING_CHARS
            || page.p_content(h) >= BOX_HEADING_DOUBT
            || page.title == Some(h)
        {
            continue;
        }
        // The heading is content, so every other block of its box must be
        // junk; and it heads the box: the next block is in it.
        let (blocks, junk) = boxes.get(&b).copied().unwrap_or_default();
        let heads_it = h + 1 < n && in_box(h + 1, b);
        if blocks > 1 && junk + 1 == blocks && heads_it {
            page.discard(out, h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::headline_glued_to_summary as glued;

    #[test]
    fn a_headline_glued_to_its_summary_is_told_from_camel_case() {
        assert!(glued(
            "Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left Ruth's Chris"
        ));
        assert!(glued(
            "Is Violence In Sports On The Rise?Violence is part of the game in many sports"
        ));
        assert!(glued(
            "Michigan To Mail Redistricting Panel Applications To 250,000The state of Michigan will mail"
        ));
        // Camel-case names, a sentence, a headline with nothing glued.
        assert!(!glued(
            "New Price Drop: 2019 Apple AirPods 2 Wireless Earphones for $139 today"
        ));
        assert!(!glued(
            "In October, Rep. David McKinley, R-W.Va., visited the border near McAllen"
        ));
        assert!(!glued(
            "The New York State Attorney General is investigating WeWork, according to two people"
        ));
        assert!(!glued(
            "Police Say Two Are In Custody After Death Of Student"
        ));
        assert!(!glued("Hurricane Season Ends QuietlyBye"));
        assert!(!glued(""));
    }
}
