//! The second pass of feature extraction: what a block's place in the page
//! says, filled in from the first pass's rows of the whole page: its
//! neighbours, its distance from the main text, the comment zone, the
//! element that holds most of the prose, the microdata's article body.

use super::{idx, ln1, N_FEATURES};
use crate::input::Format;
use crate::segment::{Roles, Segmentation};

/// Container features: readability's insight that the article is the
/// element holding most of the prose, learned rather than hard-coded.
pub(super) fn containers(seg: &Segmentation, rows: &mut [[f32; N_FEATURES]], chars: &[usize]) {
    let np = seg.parents.len();
    if np == 0 {
        return;
    }
    let parent = |i: u32| seg.parent_of(i);
    let mut mass = vec![0f32; np];
    let mut text = vec![0f32; np];
    let mut links = vec![0f32; np];
    let mut blocks = vec![0u32; np];
    let mut total_mass = 0f32;
    for ((b, row), &c) in seg.blocks.iter().zip(rows.iter()).zip(chars) {
        let m = prose(row) * c as f32;
        total_mass += m;
        let mut node = Some(b.node).filter(|&n| (n as usize) < np);
        let mut steps = 0;
        while let Some(n) = node {
            let k = n as usize;
            mass[k] += m;
            text[k] += c as f32;
            links[k] += b.link_chars as f32;
            blocks[k] += 1;
            node = parent(n);
            steps += 1;
            if steps > 4096 {
                break;
            }
        }
    }
    if total_mass <= 0.0 {
        return;
    }
    // Elements come in document order, so a parent's index is smaller than
    // its children's: depths fill in one pass.
    let mut depth = vec![0u32; np];
    for i in 0..np {
        if let Some(p) = parent(i as u32).filter(|&p| (p as usize) < i) {
            depth[i] = depth[p as usize] + 1;
        }
    }
    let main = (0..np)
        .filter(|&i| mass[i] >= 0.5 * total_mass)
        .max_by_key(|&i| (depth[i], std::cmp::Reverse(i)));
    let total_chars: f32 = chars.iter().sum::<usize>().max(1) as f32;
    let main_share = main.map_or(0.0, |m| text[m] / total_chars);
    for (b, row) in seg.blocks.iter().zip(rows.iter_mut()) {
        let own = Some(b.node).filter(|&n| (n as usize) < np);
        let p = own.and_then(parent);
        let g = p.and_then(parent);
        row[idx::PARENT_PROSE_SHARE] = p.map_or(0.0, |p| mass[p as usize] / total_mass);
        row[idx::GRANDPARENT_PROSE_SHARE] = g.map_or(0.0, |g| mass[g as usize] / total_mass);
        let mut inside = false;
        let mut node = own;
        let mut steps = 0;
        while let (Some(n), Some(m)) = (node, main) {
            if n as usize == m {
                inside = true;
                break;
            }
            node = parent(n);
            steps += 1;
            if steps > 4096 {
                break;
            }
        }
        row[idx::IN_MAIN_CONTAINER] = inside as u8 as f32;
        row[idx::CONTAINER_LINK_DENSITY] =
            g.map_or(0.0, |g| links[g as usize] / text[g as usize].max(1.0));
        row[idx::MAIN_CONTAINER_SHARE] = main_share;
        row[idx::CONTAINER_BLOCKS] = g.map_or(0.0, |g| ln1(blocks[g as usize] as f32));
    }
}

/// Microdata's answer to "where is the article?", when the page gives one:
/// the blocks inside `itemprop="articleBody"` against the rest of the page
/// (see [`crate::segment::Roles::ARTICLE_BODY`]). Pages without it (most,
/// and every text dump) get 0, so the model can tell "outside the marked
/// body" from "no body marked".
pub(super) fn article_body(seg: &Segmentation, rows: &mut [[f32; N_FEATURES]]) {
    let inside = |b: &crate::segment::Block| b.roles.has(Roles::ARTICLE_BODY);
    if !seg.blocks.iter().any(inside) {
        return;
    }
    for (b, row) in seg.blocks.iter().zip(rows.iter_mut()) {
        row[idx::ARTICLE_BODY] = if inside(b) { 1.0 } else { -1.0 };
    }
}
/// How much a block reads like running prose, in [0, 1]: long, punctuated,
/// not made of links. Used to find the page's main-text region.
fn prose(row: &[f32; N_FEATURES]) -> f32 {
    let len = ((row[idx::LENGTH].exp() - 1.0) / 150.0).min(1.0);
    let punct = if row[idx::SENTENCE_PUNCT] > 0.0 || row[idx::CLAUSE_PUNCT] > 0.0 {
        1.0
    } else {
        0.3
    };
    len * punct * (1.0 - row[idx::LINK_DENSITY]) * (1.0 - row[idx::SEO].min(1.0))
}

/// How much a block's prose counts towards the main text: a tenth in a
/// region that is not the article's (HTML only; text has no regions). A
/// sidebar the markup also names as content is the exception: layout
/// classes such as `l-sidebar-fixed l-article-body-segment` (the wrapper
/// of an article column and its sidebar) say both, and prose marked as
/// content but weighed as an aside would lose the main text to a cookie
/// notice. Comments and footers are inside `<main>` or a `post-comments`
/// element often enough that content names them too.
fn region_weight(row: &[f32; N_FEATURES]) -> f32 {
    let aside = [
        idx::COMMENT_REGION,
        idx::FOOTER_REGION,
        idx::RELATED,
        idx::NAV_REGION,
    ]
    .iter()
    .any(|&k| row[k] > 0.0);
    let sidebar = row[idx::SIDEBAR_REGION] > 0.0 && row[idx::CONTENT_REGION] == 0.0;
    if aside || sidebar {
        0.1
    } else {
        1.0
    }
}

pub(super) fn neighbours_and_main_text(
    rows: &mut [[f32; N_FEATURES]],
    chars: &[usize],
    link_chars: usize,
    format: Format,
) {
    let n = rows.len();
    if n == 0 {
        return;
    }
    let total: usize = chars.iter().sum::<usize>().max(1);
    let prose_v: Vec<f32> = rows.iter().map(prose).collect();
    // The main text: the block whose ±5 neighbourhood holds the most prose
    // characters. Prose in a region the markup names as not the article's
    // (reader comments, a footer's disclaimer, a sidebar's or a related
    // box's excerpts) weighs a tenth: a blog post's thread of long
    // comments outweighs the post itself.
    let mass: Vec<f32> = prose_v
        .iter()
        .zip(chars)
        .zip(rows.iter())
        .map(|((p, &c), r)| p * c as f32 * region_weight(r))
        .collect();
    let mut prefix = vec![0f32; n + 1];
    for i in 0..n {
        prefix[i + 1] = prefix[i] + mass[i];
    }
    let window = |i: usize, k: usize| prefix[(i + k + 1).min(n)] - prefix[i.saturating_sub(k)];
    let anchor = (0..n)
        .max_by(|&a, &b| window(a, 5).total_cmp(&window(b, 5)).then(b.cmp(&a)))
        .unwrap_or(0);
    // The main region: walk back from the anchor, then forward, while prose
    // keeps appearing within a few blocks.
    let is_prose = |i: usize| prose_v[i] > 0.5;
    let mut first_main = anchor;
    let mut j = anchor;
    while j > 0 {
        j -= 1;
        if is_prose(j) {
            first_main = j;
        } else if j + 6 < first_main {
            break;
        }
    }
    let mut last_main = anchor;
    let mut i = anchor;
    while i < n {
        if is_prose(i) {
            last_main = i;
        } else if i > last_main + 6 {
            break;
        }
        i += 1;
    }
    // The anchor is the first of the windows that tie, so it may be a
    // heading or a byline up to five blocks above the main text: the main
    // text starts at its first prose block.
    if let Some(k) = (first_main..=last_main).find(|&k| is_prose(k)) {
        first_main = k;
    }
    // A comment-section marker after the start of the main text opens the
    // comment zone. Markers above it do not: a "New, 6 comments" or
    // "[ 167 comments ]" byline link, a "Comments" button by the headline,
    // an RSS "comments feed" menu entry, even when a cookie notice or a
    // teaser written in prose comes before them. Plain text has no regions
    // to place its main text by, which is then more often a cookie notice
    // or the comments themselves: there, any marker after the page's first
    // prose opens the zone.
    let zone_from = if format == Format::Html {
        first_main
    } else {
        (0..n).find(|&i| is_prose(i)).unwrap_or(n)
    };
    let comment_start = (zone_from + 1..n).find(|&i| rows[i][idx::COMMENT_HEADER] > 0.0);
    let page_link = link_chars as f32 / total as f32;
    let nf = n as f32;
    let mut before = 0usize;
    let local: Vec<[f32; N_FEATURES]> = rows.to_vec();
    for i in 0..n {
        let r = &mut rows[i];
        r[idx::POSITION] = i as f32 / nf;
        r[idx::CHARS_BEFORE] = before as f32 / total as f32;
        before += chars[i];
        let prev = i.checked_sub(1).map(|j| &local[j]);
        let next = local.get(i + 1);
        r[idx::PREV_LENGTH] = prev.map_or(0.0, |p| p[idx::LENGTH]);
        r[idx::NEXT_LENGTH] = next.map_or(0.0, |p| p[idx::LENGTH]);
        r[idx::PREV_LINK_DENSITY] = prev.map_or(0.0, |p| p[idx::LINK_DENSITY]);
        r[idx::NEXT_LINK_DENSITY] = next.map_or(0.0, |p| p[idx::LINK_DENSITY]);
        r[idx::PREV_SENTENCE_PUNCT] = prev.map_or(0.0, |p| p[idx::SENTENCE_PUNCT]);
        r[idx::NEXT_SENTENCE_PUNCT] = next.map_or(0.0, |p| p[idx::SENTENCE_PUNCT]);
        let lo = i.saturating_sub(3);
        let hi = (i + 3).min(n - 1);
        let mut cnt = 0.0;
        let mut wp = 0.0;
        let mut wl = 0.0;
        let mut wg = 0.0;
        for j in lo..=hi {
            if j != i {
                cnt += 1.0;
                wp += prose_v[j];
                wl += local[j][idx::LINK_DENSITY];
                wg += f32::from(local[j][idx::GLUED] > 0.0);
            }
        }
        if cnt > 0.0 {
            r[idx::WINDOW_PROSE] = wp / cnt;
            r[idx::WINDOW_LINK_DENSITY] = wl / cnt;
            r[idx::WINDOW_GLUED] = wg / cnt;
        }
        let d = i as f32 - anchor as f32;
        r[idx::FROM_MAIN_TEXT] = d / nf;
        r[idx::BLOCKS_FROM_MAIN] = ln1(d.abs());
        r[idx::PAGE_BLOCKS] = ln1(nf);
        r[idx::PAGE_LINK_DENSITY] = page_link;
        r[idx::PAGE_SHARE] = chars[i] as f32 / total as f32;
        r[idx::AFTER_MAIN] = (i > last_main) as u8 as f32;
        r[idx::BEFORE_MAIN_TEXT] = (i < first_main) as u8 as f32;
        r[idx::AFTER_COMMENT_HEADER] = comment_start.is_some_and(|h| i > h) as u8 as f32;
    }
}
