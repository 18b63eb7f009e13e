//! What belongs to the article and what does not, though the classifier
//! says otherwise: prose at its edge and in its main element, a list it
//! announces, posts it embeds, and the captions of its pictures.

use super::{Decision, Page, CONTEXT};
use crate::features::idx;
use crate::model::Label;
use crate::segment::{BlockTag, Roles};

/// The most items an announced list takes in (see [`announced_lists`]).
pub(super) const LIST_MAX_ITEMS: usize = 80;
/// An item of an announced list has at most this many chars.
const LIST_ITEM_CHARS: f32 = 300.0;

/// An article line that ends with a colon ("The 2020 tour dates:",
/// "You will need:") announces what follows: the run of short junk lines
/// right after it is the article's list (dates, ingredients, results), not
/// navigation, however much its lines look like a menu. The run stops at
/// links, boilerplate or read-next words, a line longer than a list item,
/// content, or (HTML) a line outside the first item's element.
pub(super) fn announced_lists(out: &mut [Decision], page: &Page) {
    let n = out.len().min(page.layout.texts.len());
    let rows = page.rows;
    // A piece of a line that was cut (a run-on line, a flattened page)
    // may end at a colon mid-sentence; only whole lines announce a list.
    let whole = |i: usize| !matches!(page.tag(i), Some(BlockTag::Split | BlockTag::Piece));
    let mut i = 0;
    while i + 1 < n {
        let announces = out[i].label == Label::Content
            && rows[i][idx::READMORE] == 0.0
            && whole(i)
            && page.text(i).trim_end().ends_with([':', '：']);
        if !announces || out[i + 1].label == Label::Content {
            i += 1;
            continue;
        }
        let home = page.layout.containers.get(i + 1).copied();
        let mut end = i + 1;
        while end < n
            && end - i <= LIST_MAX_ITEMS
            && out[end].label.is_junk()
            && out[end].label != Label::LinkFarm
            && out[end].rule.is_none()
            && rows[end][idx::LINK_DENSITY] < 0.5
            && rows[end][idx::BOILERPLATE] == 0.0
            && rows[end][idx::READMORE] == 0.0
            && whole(end)
            && page.chars(end) <= LIST_ITEM_CHARS
            && page.layout.containers.get(end).copied() == home
        {
            end += 1;
        }
        if end - i > 2 {
            for k in i + 1..end {
                page.keep(out, k);
            }
        }
        i = end;
    }
}

/// The element that holds the most content characters (HTML; `None` for
/// text, or a page without content).
fn main_container(out: &[Decision], page: &Page) -> Option<u32> {
    // Sorted by element and summed per run: a page of many thousand
    // elements costs n log n, not n times its number of elements.
    let mut held: Vec<(u32, f32)> = out
        .iter()
        .enumerate()
        .filter(|(_, d)| d.label == Label::Content)
        .filter_map(|(i, _)| Some((page.container(i)?, page.chars(i))))
        .collect();
    held.sort_unstable_by_key(|&(c, _)| c);
    let mut best: Option<(u32, f32)> = None;
    for run in held.chunk_by(|a, b| a.0 == b.0) {
        let chars: f32 = run.iter().map(|&(_, n)| n).sum();
        if best.is_none_or(|(_, most)| chars > most) {
            best = Some((run[0].0, chars));
        }
    }
    best.map(|(c, _)| c)
}

/// The element that holds most of the article's text holds its
/// paragraphs: prose there that the classifier left below the threshold
/// (a page it is unsure of throughout, 0.4 to 0.6 on every paragraph), or
/// that a tail rule cut off after an inline "Read more" card, is the
/// article's. Captions (see [`captions`]), titles and repeats stay out.
/// Reader comments and teaser summaries sit in elements of their own.
pub(super) fn main_container_prose(out: &mut [Decision], page: &Page) {
    let Some(home) = main_container(out, page) else {
        return;
    };
    for i in 0..out.len() {
        if page.container(i) == Some(home)
            && !page.has_role(i, Roles::CAPTION)
            && matches!(out[i].rule, None | Some(CONTEXT))
            && rescuable_prose(&out[i], page, i)
        {
            page.keep(out, i);
        }
    }
}

/// An image's caption (a `<figcaption>`, or a block that ends with a
/// picture credit, see [`crate::segment::credits`]) is not the article's
/// text: human annotations leave it out (on the bench pages, 99 of the 105
/// figcaptions of six words or more), though it reads like a sentence of
/// the article.
pub(super) fn captions(out: &mut [Decision], page: &Page) {
    for i in 0..out.len() {
        if page.has_role(i, Roles::CAPTION) && out[i].label == Label::Content {
            page.discard(out, i);
        }
    }
}

/// The most chars a run of embedded posts holds for [`embedded_posts`] (a
/// tweet is at most 280, an Instagram caption rarely over 1,000).
const EMBED_MAX_CHARS: f32 = 3000.0;

/// A post embedded from a social network (a tweet or an Instagram post:
/// the blocks of its embed code's blockquote, [`Roles::EMBED`]) that follows
/// the article's text is part of the article, as readers and human
/// annotations take it, though its pieces read like a teaser list (a short
/// line, "— Name (@handle) date"): a run of embedded blocks right after
/// content is content. Junk around a post is left to the other rules, and
/// so is a run longer than a few posts, so that a link list dressed in an
/// embed's class name gains nothing.
pub(super) fn embedded_posts(out: &mut [Decision], page: &Page) {
    let n = out.len();
    let embedded = |i: usize| page.has_role(i, Roles::EMBED);
    let mut i = 0;
    while i < n {
        if !embedded(i) {
            i += 1;
            continue;
        }
        let end = (i..n).find(|&k| !embedded(k)).unwrap_or(n);
        let short = (i..end).map(|k| page.chars(k)).sum::<f32>() <= EMBED_MAX_CHARS;
        if short && i > 0 && out[i - 1].label == Label::Content {
            for k in i..end {
                if out[k].label != Label::Content && out[k].label != Label::LinkFarm {
                    page.keep(out, k);
                }
            }
        }
        i = end;
    }
}

/// The most lines between the article and a post's signature line that
/// [`signed_posts`] takes as the post's text.
const POST_MAX_LINES: usize = 3;

/// A post embedded from a social network leaves, in a text dump, its text
/// and the signature line its embed code writes: "— Name (@handle) November
/// 19, 2019". Right after the article's text, such a signature and the few
/// lines between it and the article are the post, which is part of the
/// article (see [`embedded_posts`] for HTML, where the embed code's class
/// names say as much). Link farms and boilerplate lines stay out.
pub(super) fn signed_posts(out: &mut [Decision], page: &Page) {
    let rows = page.rows;
    for i in 1..out.len() {
        if page.tag(i) != Some(BlockTag::Line) || !post_signature(page.text(i)) {
            continue;
        }
        // The post's text: the junk lines back to the article's last block.
        let Some(start) = (i.saturating_sub(POST_MAX_LINES + 1)..i)
            .rev()
            .find(|&k| out[k].label == Label::Content)
            .map(|k| k + 1)
        else {
            continue;
        };
        let post = start..=i;
        let clean = post.clone().all(|k| {
            out[k].label != Label::LinkFarm
                && rows[k][idx::BOILERPLATE] == 0.0
                && rows[k][idx::READMORE] == 0.0
        });
        if clean && post.clone().map(|k| page.chars(k)).sum::<f32>() <= EMBED_MAX_CHARS {
            for k in post {
                if out[k].label.is_junk() {
                    page.keep(out, k);
                }
            }
        }
    }
}

/// Is `line` the signature an embedded post's code writes: a dash, a name,
/// the account in parentheses and a date ending in the year ("— The
/// Nigerian Senate (@NGRSenate) October 9, 2018")?
pub(super) fn post_signature(line: &str) -> bool {
    let line = line.trim();
    let Some(rest) = line
        .strip_prefix('—')
        .or_else(|| line.strip_prefix('–'))
        .or_else(|| line.strip_prefix("- "))
    else {
        return false;
    };
    let Some((name, after)) = rest.split_once("(@") else {
        return false;
    };
    let Some((handle, date)) = after.split_once(')') else {
        return false;
    };
    let year = date
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap_or("");
    !name.trim().is_empty()
        && !handle.is_empty()
        && handle.len() <= 20
        && handle.chars().all(|c| c.is_alphanumeric() || c == '_')
        && year.len() == 4
        && date.trim().len() <= 40
        && line.len() <= 200
}

/// Below this P(content), prose at the article's edge stays junk (see
/// [`edge_prose`]).
const EDGE_DOUBT: f32 = 0.3;
/// Below this P(content), prose past an ad slot's label stays junk. It is
/// lower than [`EDGE_DOUBT`] because the ad's label drags the classifier's
/// context features down: the last paragraph of a short story, after its
/// last "Advertisement", scores 0.24–0.26 where it scores 0.73 without the
/// label. (Chosen, not tuned: no dev-set block there scores between 0.1
/// and 0.3.)
const AD_EDGE_DOUBT: f32 = 0.15;
/// Prose at the article's edge has at least this many chars.
const EDGE_CHARS: f32 = 100.0;
/// Prose past an ad slot's label is a promotion, not the article, when
/// this share of its chars or more is commerce words ("Get the magazine
/// delivered every month. 12 issues for £11.99. Click here for more
/// information.").
const AD_PROMO_COMMERCE: f32 = 0.05;

/// The article's first and last paragraphs sit next to junk (a photo
/// credit, the byline, an "Advertisement" line), and the classifier's
/// context features carry that doubt into them: a lede after "Photo:
/// iFixit" scores 0.55 junk. In HTML, a junk block right before or after
/// an article block that reads as prose (a full sentence, 100+ chars,
/// almost no links, no boilerplate or SEO words) and that the classifier
/// does not rule out is part of the article. Text dumps are left alone:
/// there, the teasers of a "more stories" list read as such prose too;
/// but not across an ad slot's label. An ad placed inside the article
/// ("Advertisement", "Anzeige") is followed or preceded by more of it, so
/// the same prose with only such a label between it and the article is
/// the article's in text as in HTML: the last paragraph of a story after
/// its last "Advertisement".
pub(super) fn edge_prose(out: &mut [Decision], page: &Page) {
    let n = out.len();
    // Judged on the labels as they came in, so that one rescued block does
    // not make its neighbour an edge in turn (a comment thread is prose too).
    let was_content: Vec<bool> = out.iter().map(|d| d.label == Label::Content).collect();
    let content = |j: Option<usize>| j.is_some_and(|j| was_content[j]);
    for i in 0..n {
        if out[i].rule.is_some() || page.is_ad_label(i) {
            continue;
        }
        let (prev, next) = (page.before(i), page.after(i));
        let edge = content(prev) || content(next);
        // An ad slot's label is what separates it from the article.
        let across_ad =
            (content(prev) && prev != i.checked_sub(1)) || (content(next) && next != Some(i + 1));
        if edge
            && (rescuable_prose(&out[i], page, i)
                || across_ad
                    && article_prose(&out[i], page, i, AD_EDGE_DOUBT)
                    && page.rows[i][idx::COMMERCE] < AD_PROMO_COMMERCE)
        {
            page.keep(out, i);
        }
    }
}

/// A junk block of HTML that reads as the article's prose (a full
/// sentence, 100+ chars, almost no links, no boilerplate or SEO words) and
/// that the classifier does not rule out: what [`edge_prose`] and
/// [`main_container_prose`] give back to the article.
fn rescuable_prose(d: &Decision, page: &Page, i: usize) -> bool {
    page.rows[i][idx::IS_HTML] > 0.0 && article_prose(d, page, i, EDGE_DOUBT)
}

/// A junk block, of HTML or text, that reads as the article's prose and
/// that the classifier does not rule out (see [`rescuable_prose`]).
fn article_prose(d: &Decision, page: &Page, i: usize, doubt: f32) -> bool {
    let row = &page.rows[i];
    row[idx::ENDS_SENTENCE] >= 1.0
        && page.chars(i) >= EDGE_CHARS
        && row[idx::LINK_DENSITY] < 0.2
        && row[idx::BOILERPLATE] == 0.0
        && row[idx::SEO] < 0.2
        && d.label.is_junk()
        && d.label != Label::LinkFarm
        && page.p_content(i) >= doubt
}
