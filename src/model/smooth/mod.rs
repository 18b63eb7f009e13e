//! Context decisions on top of the per-block probabilities, and the page
//! verdict.
//!
//! The classifier sees its neighbours only through context features; these
//! rules fix the few patterns it cannot express alone: a short block (a
//! sub-heading, a one-line paragraph) sitting between two content blocks is
//! content, and a lone short "content" block inside a run of junk is junk.

use serde::Serialize;

use super::forest::N_CLASSES;
use super::Label;
use crate::features::repeats::Trigrams;
use crate::features::{idx, N_FEATURES};
use crate::segment::{BlockTag, Roles};

mod article;
mod repeats;
mod structure;
mod tails;

use article::{
    announced_lists, captions, edge_prose, embedded_posts, main_container_prose, signed_posts,
};
use repeats::{drop_repeats, teaser_carousels};
use structure::{flattened_tables, list_majority, numbered_lists, unsure_runs};
use tails::{
    box_headings, dated_threads, detached_tail, glued_teasers, link_lines, read_next_lists,
    related_tail,
};

/// Rule name of the neighbour and menu rules.
pub const CONTEXT: &str = "context";
/// Rule name of the title line, left out of the content (or kept in it
/// with [`Policy::keep_title`]).
pub const TITLE: &str = "title";
/// Rule name of the repeated-content rule (content that repeats content
/// the page already showed is kept once).
pub const REPEATED: &str = "repeated";

/// Blocks with fewer chars than this may be flipped by their neighbours.
const SHORT_CHARS: f32 = 60.0;

/// A block's decided label and the probability behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// The label.
    pub label: Label,
    /// Probability of that label (for junk: of junk as a whole).
    pub score: f32,
    /// The rule that changed the classifier's label, if one did: `context`
    /// (the neighbours, a menu), `title` (the article's title line) or
    /// `repeated` (the text already appeared in the page's content). Shown
    /// first among the reasons.
    pub rule: Option<&'static str>,
}

/// What the context rules know of each block besides its features: where
/// it sits in the page's markup (for the rules that ask whether blocks
/// belong together), its text and its kind. Every slice is per block; text
/// has no markup, and an empty slice means "unknown" to every rule.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layout<'a> {
    /// HTML: each block's block-level element ([`crate::segment::Block::element`]:
    /// the lines of one `<p>` cut at `<br>` share it), or
    /// [`crate::segment::NO_NODE`]; empty for text.
    pub elements: &'a [u32],
    /// HTML: the element holding each block's own element (two paragraphs
    /// of one article share it), or [`crate::segment::NO_NODE`].
    pub containers: &'a [u32],
    /// HTML: the element holding that container (an article cut into
    /// sections, one `<div>` of paragraphs each, shares it).
    pub outer: &'a [u32],
    /// The roles of the regions each block sits in.
    pub roles: &'a [Roles],
    /// The blocks' texts.
    pub texts: &'a [&'a str],
    /// The blocks' kinds (a paragraph, a text line, a piece of one).
    pub tags: &'a [BlockTag],
    /// Which blocks are an ad slot's label ("Advertisement", "Anzeige":
    /// [`crate::lexicon::Lexicons::is_ad_label`]). Such a label interrupts
    /// the article without ending it, so the neighbour rules look past it.
    pub ad_labels: &'a [bool],
}

/// Everything a context rule reads of the page: the classifier's
/// probabilities, the feature rows and the [`Layout`]. Every rule takes the
/// page and the decisions so far, so that a new rule needing one more fact
/// about the blocks reads it here instead of growing its argument list.
struct Page<'a> {
    probs: &'a [[f32; N_CLASSES]],
    rows: &'a [[f32; N_FEATURES]],
    layout: Layout<'a>,
    /// The article's title line, once found: it is the article's whatever
    /// its words (a "Trending: …" headline).
    title: Option<usize>,
    /// Per block, the blocks before and after it as a reader sees the
    /// article (see [`Page::before`]), found once for the page: a page of
    /// ten thousand ad labels in a row would otherwise be walked through
    /// for every one of them.
    reading: Vec<(Option<u32>, Option<u32>)>,
}

impl Page<'_> {
    /// A block's length in chars.
    fn chars(&self, i: usize) -> f32 {
        block_chars(&self.rows[i])
    }

    /// P(content) of block `i`.
    fn p_content(&self, i: usize) -> f32 {
        self.probs[i][0]
    }

    /// The element holding block `i`'s element (HTML; `None` for text).
    fn container(&self, i: usize) -> Option<u32> {
        home_container(self.layout.containers, i)
    }

    /// Block `i`'s block-level element (HTML; `None` for text).
    fn element(&self, i: usize) -> Option<u32> {
        home_container(self.layout.elements, i)
    }

    /// The element above that one (HTML; `None` for text).
    fn outer(&self, i: usize) -> Option<u32> {
        home_container(self.layout.outer, i)
    }

    /// Does block `i` sit in a region with `role`?
    fn has_role(&self, i: usize, role: u16) -> bool {
        self.layout.roles.get(i).is_some_and(|r| r.has(role))
    }

    /// Block `i`'s text (empty when the texts are not known).
    fn text(&self, i: usize) -> &str {
        self.layout.texts.get(i).copied().unwrap_or("")
    }

    /// Block `i`'s kind, when known.
    fn tag(&self, i: usize) -> Option<BlockTag> {
        self.layout.tags.get(i).copied()
    }

    /// Is block `i` an ad slot's label ([`Layout::ad_labels`])?
    fn is_ad_label(&self, i: usize) -> bool {
        self.layout.ad_labels.get(i).copied().unwrap_or(false)
    }

    /// The block before `i` as a reader sees the article: the nearest one
    /// that is not an ad slot's label.
    fn before(&self, i: usize) -> Option<usize> {
        self.reading.get(i)?.0.map(|j| j as usize)
    }

    /// The block after `i`, ad slots' labels passed over (see
    /// [`Page::before`]).
    fn after(&self, i: usize) -> Option<usize> {
        self.reading.get(i)?.1.map(|j| j as usize)
    }

    /// Makes block `i` content by a context rule, scored with the
    /// classifier's P(content).
    fn keep(&self, out: &mut [Decision], i: usize) {
        out[i] = kept_by_context(&self.probs[i]);
    }

    /// Makes block `i` junk by a context rule, as its most likely junk
    /// kind.
    fn discard(&self, out: &mut [Decision], i: usize) {
        out[i] = dropped_by_context(&self.probs[i], &self.rows[i]);
    }
}

/// Thresholds that turn block labels into a page verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// A block is content when P(content) reaches this.
    pub content_threshold: f32,
    /// Pages whose spam score exceeds this are dropped.
    pub max_spam_score: f32,
    /// Pages with fewer content chars than this are dropped.
    pub min_content_chars: usize,
    /// Junk kinds that make a page spam.
    pub spam_kinds: Vec<Label>,
    /// Keep the article's title line in the content. Off by default: human
    /// main-content annotations (both dev sets, trafilatura's text) leave
    /// the title out of the body, and [`crate::Analysis::title`] reports it.
    pub keep_title: bool,
    /// Pages longer than this (bytes of decoded text or markup) are not
    /// analysed but dropped as too large; 0 = no limit. See
    /// [`DEFAULT_MAX_PAGE_BYTES`].
    pub max_page_bytes: usize,
    /// Pages that split into more blocks than this are not classified but
    /// dropped as too large; 0 = no limit. See [`DEFAULT_MAX_BLOCKS`].
    pub max_blocks: usize,
    /// The languages a page must be in to be kept, as
    /// [`crate::Analysis::lang`] names them (ISO 639-1 codes; `und` for a
    /// page without a guess). Empty keeps every language.
    pub langs: Vec<String>,
}

impl Policy {
    /// Does the policy keep pages in `lang` ([`Policy::langs`])?
    pub fn keeps_lang(&self, lang: Option<&str>) -> bool {
        let code = lang.unwrap_or(UNDETERMINED);
        self.langs.is_empty() || self.langs.iter().any(|l| l == code)
    }
}

/// The language code of a page without a language guess (ISO 639-2's
/// code for "undetermined"), in [`Policy::langs`] and the run report.
pub const UNDETERMINED: &str = "und";

/// Default [`Policy::max_page_bytes`]: 8 MiB. Every page of both dev sets
/// is under 1.5 MB, and Common Crawl stores at most 1 MiB of a page.
pub const DEFAULT_MAX_PAGE_BYTES: usize = 8 << 20;

/// Default [`Policy::max_blocks`]. The analysis holds a few kilobytes per
/// block at its peak (feature rows, tree traces, explanations), so a
/// page's memory grows with its block count, whatever its size in bytes:
/// a 1 MB dump of one-letter lines is 500,000 blocks. 20,000 blocks keep
/// one page's share of the peak under about 80 MB; the dev sets' pages
/// have at most 561 (a dump) and 518 (HTML).
pub const DEFAULT_MAX_BLOCKS: usize = 20_000;

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            content_threshold: 0.5,
            max_spam_score: 0.5,
            min_content_chars: 1,
            spam_kinds: vec![Label::LinkFarm],
            keep_title: false,
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
            max_blocks: DEFAULT_MAX_BLOCKS,
            langs: Vec::new(),
        }
    }
}

/// Share of the page's characters per junk kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct JunkShare {
    /// Navigation, footers and the like.
    pub boilerplate: f32,
    /// Related / trending headline lists.
    pub headline_list: f32,
    /// SEO link farms.
    pub link_farm: f32,
}

impl JunkShare {
    /// The share of one junk kind (0 for content).
    pub fn get(&self, label: Label) -> f32 {
        match label {
            Label::Content => 0.0,
            Label::Boilerplate => self.boilerplate,
            Label::HeadlineList => self.headline_list,
            Label::LinkFarm => self.link_farm,
        }
    }
}

/// The page-level outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Keep the page (not spam, enough content)?
    pub keep: bool,
    /// 0 = clean, 1 = certainly spam.
    pub spam_score: f32,
    /// Share of characters per junk kind.
    pub junk_share: JunkShare,
    /// Characters of content kept.
    pub content_chars: usize,
    /// Why the page was dropped, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Which of the policy's tests dropped the page, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<DropCause>,
}

/// The policy test that dropped a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DropCause {
    /// The spam score is above [`Policy::max_spam_score`].
    SpamScore,
    /// Fewer content characters than [`Policy::min_content_chars`].
    MinContentChars,
    /// Above [`Policy::max_page_bytes`] or [`Policy::max_blocks`]: not
    /// analysed.
    TooLarge,
    /// In a language [`Policy::langs`] does not keep.
    Language,
}

impl Verdict {
    /// Drops a page the verdict keeps when it is in a language the policy
    /// does not keep ([`Policy::langs`]); the other tests come first.
    pub fn apply_langs(&mut self, lang: Option<&str>, policy: &Policy) {
        if !self.keep || policy.keeps_lang(lang) {
            return;
        }
        self.keep = false;
        self.reason = Some(format!(
            "language {} not in {}",
            lang.unwrap_or(UNDETERMINED),
            policy.langs.join(",")
        ));
        self.cause = Some(DropCause::Language);
    }

    /// The verdict of a page left unanalysed because it is too large
    /// (`reason` says which limit it broke).
    pub fn too_large(reason: String) -> Verdict {
        Verdict {
            keep: false,
            spam_score: 0.0,
            junk_share: JunkShare::default(),
            content_chars: 0,
            reason: Some(reason),
            cause: Some(DropCause::TooLarge),
        }
    }
}

/// Labels every block from its probabilities and applies the context rules.
pub fn decide(
    probs: &[[f32; N_CLASSES]],
    rows: &[[f32; N_FEATURES]],
    texts: &[&str],
    policy: &Policy,
) -> Vec<Decision> {
    decide_with(
        probs,
        rows,
        &Trigrams::of_texts(texts),
        &Layout::default(),
        policy,
    )
}

/// [`decide`], with the blocks' word trigrams already taken (by
/// [`crate::features::extract_page`]) instead of from their texts.
pub fn decide_with(
    probs: &[[f32; N_CLASSES]],
    rows: &[[f32; N_FEATURES]],
    trigrams: &Trigrams,
    layout: &Layout,
    policy: &Policy,
) -> Vec<Decision> {
    let mut page = Page {
        probs,
        rows,
        layout: *layout,
        title: None,
        reading: reading_order(rows.len(), layout.ad_labels),
    };
    let mut out: Vec<Decision> = probs
        .iter()
        .zip(rows)
        .map(|(p, r)| raw_decision(p, r, policy.content_threshold))
        .collect();
    let n = out.len();
    let chars = |i: usize| block_chars(&rows[i]);
    // An ad slot's label is never the article's, however sure of the
    // article around it the classifier is (the boilerplate list knows
    // "Advertisement", not every language's word for it).
    for (i, d) in out.iter_mut().enumerate() {
        if d.label == Label::Content && page.is_ad_label(i) {
            *d = dropped_by_context(&probs[i], &rows[i]);
        }
    }
    comments_only(&mut out, &page);
    if out.iter().all(|d| d.label.is_junk()) {
        fallback(&mut out, &page);
    }
    // Menus and markup residue ("【评论】【打印】【关闭】", a leftover
    // `<script src=...>` line in a text dump) can sit inside the article and
    // borrow its neighbours' confidence: unless the classifier is sure, a
    // block that is separator symbols more than prose is junk.
    for i in 0..n {
        if out[i].label == Label::Content && probs[i][0] < MENU_DOUBT && menu_like(&rows[i]) {
            out[i] = dropped_by_context(&probs[i], &rows[i]);
        }
    }
    // The article title is found either way; it is kept in the content only
    // when the policy asks for it, and otherwise left out (as human
    // annotations leave it out), with the rule named so users see why.
    let title = title_block(&out, rows);
    page.title = title;
    if let Some(t) = title {
        if policy.keep_title && out[t].label.is_junk() {
            out[t] = Decision {
                label: Label::Content,
                score: probs[t][0].max(0.5),
                rule: Some(TITLE),
            };
        } else if !policy.keep_title
            && out
                .iter()
                .enumerate()
                .any(|(i, d)| i != t && d.label == Label::Content)
        {
            // (A page whose only content is that line keeps it: it has no
            // title apart from its text.)
            out[t] = Decision {
                label: Label::Boilerplate,
                score: (1.0 - probs[t][0]).max(0.5),
                rule: Some(TITLE),
            };
        }
    }
    // The title belongs to the article even when it is left out of the
    // content: for the neighbour rules it counts as content.
    let article = |out: &[Decision], j: usize| out[j].label == Label::Content || title == Some(j);
    // A short junk block between two content blocks is content, unless it
    // is made of links or is a link farm. An ad slot's label between is
    // passed over, as a reader passes over the ad, when the block is a
    // sentence: "Most significantly, …" between two "Advertisement" lines
    // is the article's, a "Read more" there is not.
    for i in 0..n {
        let d = out[i];
        let (Some(prev), Some(next)) = (page.before(i), page.after(i)) else {
            continue;
        };
        if d.label.is_junk()
            && d.label != Label::LinkFarm
            && !page.is_ad_label(i)
            && chars(i) < SHORT_CHARS
            && rows[i][idx::LINK_DENSITY] < 0.5
            && rows[i][idx::BOILERPLATE] < 0.3
            && !menu_like(&rows[i])
            && article(&out, prev)
            && article(&out, next)
            && (adjacent_to(i, prev, next) || reads_as_sentence(&rows[i]))
            && probs[i][0] > 0.2
            && (policy.keep_title || title != Some(i))
        {
            out[i] = kept_by_context(&probs[i]);
        }
    }
    // A short, unsure content block with junk on both sides is junk, unless
    // it is the article's first block and looks like its title.
    let first_content = out.iter().position(|d| d.label == Label::Content);
    for i in 0..n {
        if first_content == Some(i) && rows[i][idx::IS_HTML] == 0.0 && title_like(&rows[i]) {
            continue;
        }
        let d = out[i];
        let junk_before = page.before(i).is_none_or(|j| !article(&out, j));
        let junk_after = page.after(i).is_none_or(|j| !article(&out, j));
        if d.label == Label::Content
            && d.score < 0.7
            && chars(i) < SHORT_CHARS
            && junk_before
            && junk_after
            && rows[i][idx::HEADING] == 0.0
            && rows[i][idx::IS_TITLE] == 0.0
            && title != Some(i)
        {
            out[i] = dropped_by_context(&probs[i], &rows[i]);
        }
    }
    drop_repeats(&mut out, trigrams);
    embedded_posts(&mut out, &page);
    signed_posts(&mut out, &page);
    captions(&mut out, &page);
    related_tail(&mut out, &page);
    detached_tail(&mut out, &page);
    edge_prose(&mut out, &page);
    main_container_prose(&mut out, &page);
    announced_lists(&mut out, &page);
    numbered_lists(&mut out, &page);
    dated_threads(&mut out, &page);
    read_next_lists(&mut out, &page);
    link_lines(&mut out, &page);
    box_headings(&mut out, &page);
    glued_teasers(&mut out, &page);
    unsure_runs(&mut out, &page);
    flattened_tables(&mut out, &page);
    list_majority(&mut out, &page);
    // The rules above give blocks back to the article (prose at its edge,
    // in its main element, a listed run) without asking whether the page
    // already showed them: a gallery's caption, printed once per slide.
    drop_repeats(&mut out, trigrams);
    teaser_carousels(&mut out, &page, trigrams);
    out
}

/// For each of `n` blocks, the nearest blocks before and after it that
/// are not ad slots' labels (`ad_labels`, empty for none).
fn reading_order(n: usize, ad_labels: &[bool]) -> Vec<(Option<u32>, Option<u32>)> {
    let is_ad = |j: usize| ad_labels.get(j).copied().unwrap_or(false);
    let mut order = vec![(None, None); n];
    let mut last = None;
    for (i, slot) in order.iter_mut().enumerate() {
        slot.0 = last;
        if !is_ad(i) {
            last = u32::try_from(i).ok();
        }
    }
    let mut next = None;
    for (i, slot) in order.iter_mut().enumerate().rev() {
        slot.1 = next;
        if !is_ad(i) {
            next = u32::try_from(i).ok();
        }
    }
    order
}

/// Are `prev` and `next` the blocks right before and after `i`, with no ad
/// slot's label between?
fn adjacent_to(i: usize, prev: usize, next: usize) -> bool {
    prev + 1 == i && next == i + 1
}

/// Does a block end a sentence without pointing to other pages ("Read
/// more", "Related:")?
fn reads_as_sentence(row: &[f32; N_FEATURES]) -> bool {
    row[idx::ENDS_SENTENCE] >= 1.0 && row[idx::READMORE] == 0.0
}

/// The element holding block `i` (HTML; `None` for text, whose
/// `containers` are empty).
fn home_container(containers: &[u32], i: usize) -> Option<u32> {
    containers
        .get(i)
        .copied()
        .filter(|&c| c != crate::segment::NO_NODE)
}

/// A page where nothing reached the threshold still has a main text: keep
/// the blocks whose P(content) is close to the page's best, if the best is
/// not hopeless. Link farms, SEO text, boilerplate phrases ("All rights
/// reserved") and link lists are never rescued, and
/// when some blocks read as prose (a sentence of six or more words), only
/// those are: on a two-line page ("Home | About" and one sentence) the
/// sentence is the text, however unsure the classifier is of both. Reader
/// comments are prose too, and on an open thread's page they outnumber its
/// one-paragraph post: when prose outside them is not hopeless, the page's
/// text is that ([`posted_prose`]).
fn fallback(out: &mut [Decision], page: &Page) {
    let probs = page.probs;
    let rescuable: Vec<usize> = (0..out.len())
        .filter(|&i| fallback_rescuable(out, page, i))
        .collect();
    let prose: Vec<usize> = rescuable
        .iter()
        .copied()
        .filter(|&i| reads_as_prose(&page.rows[i]))
        .collect();
    let (pool, floor) = if prose.is_empty() {
        (rescuable, FALLBACK_FLOOR)
    } else {
        let posted = posted_prose(out, page);
        if best_p(page, &posted) >= FALLBACK_PROSE_FLOOR {
            (posted, FALLBACK_PROSE_FLOOR)
        } else {
            (prose, FALLBACK_PROSE_FLOOR)
        }
    };
    let best = best_p(page, &pool);
    if best < floor {
        return;
    }
    for i in pool {
        if probs[i][0] >= 0.7 * best {
            page.keep(out, i);
        }
    }
}

/// HTML: when every block that passed is a reader comment (in a comment
/// region, or under a "Comments" header) and the page has prose of its own
/// outside the comments that is not hopeless, the classifier missed the
/// page's own post, and the comments are not its article: they go, and the
/// page is one where nothing passed ([`fallback`] then keeps the post). An open thread's
/// one-paragraph post, which the classifier doubts, sits above comments it
/// passes one of. Text is left alone: a dump's comment zone starts at any
/// "Comments" line, and a page's article can sit below one.
fn comments_only(out: &mut [Decision], page: &Page) {
    let rows = page.rows;
    let mut passed = (0..out.len()).filter(|&i| out[i].label == Label::Content);
    let only_comments = passed.clone().next().is_some()
        && passed.all(|i| rows[i][idx::IS_HTML] > 0.0 && in_comment_zone(&rows[i]));
    if only_comments && best_p(page, &posted_prose(out, page)) >= FALLBACK_PROSE_FLOOR {
        for i in 0..out.len() {
            if out[i].label == Label::Content {
                page.discard(out, i);
            }
        }
    }
}

/// A block in a reader-comment zone: a comment region of the markup, or
/// below a comment section's header.
fn in_comment_zone(row: &[f32; N_FEATURES]) -> bool {
    row[idx::COMMENT_REGION] > 0.0 || row[idx::AFTER_COMMENT_HEADER] > 0.0
}

/// A block the fallback may keep: no link farm, SEO text, boilerplate
/// phrases or link list.
fn fallback_rescuable(out: &[Decision], page: &Page, i: usize) -> bool {
    let row = &page.rows[i];
    out[i].label != Label::LinkFarm
        && row[idx::SEO] < 0.2
        && row[idx::BOILERPLATE] < 0.3
        && row[idx::LINK_DENSITY] < 0.5
}

/// A sentence of six or more words.
fn reads_as_prose(row: &[f32; N_FEATURES]) -> bool {
    row[idx::ENDS_SENTENCE] >= 1.0 && row[idx::WORDS] >= (7f32).ln()
}

/// The prose the fallback may keep that is not a reader comment.
fn posted_prose(out: &[Decision], page: &Page) -> Vec<usize> {
    (0..out.len())
        .filter(|&i| {
            fallback_rescuable(out, page, i)
                && reads_as_prose(&page.rows[i])
                && !in_comment_zone(&page.rows[i])
        })
        .collect()
}

/// The best P(content) among `blocks` (0 for none).
fn best_p(page: &Page, blocks: &[usize]) -> f32 {
    blocks
        .iter()
        .map(|&i| page.p_content(i))
        .fold(0.0, f32::max)
}

/// Below this best P(content), a page where nothing passed is left empty.
const FALLBACK_FLOOR: f32 = 0.15;
/// The same when the page has prose blocks, which are rescued more easily.
const FALLBACK_PROSE_FLOOR: f32 = 0.05;

/// How many blocks above the first content block a text dump's title may be.
const TITLE_REACH: usize = 10;
/// On a text page where no content ends like a sentence, a title has at
/// most this many chars.
const UNPUNCTUATED_TITLE_CHARS: f32 = 100.0;

/// Finds the article title, which belongs to the main content even though
/// it looks like a short, unpunctuated line. In HTML it is the block equal to
/// the first `<h1>` or the `<title>`; in a text dump, the most title-like line
/// (long, no final punctuation, no links, no date, no boilerplate words) a
/// few blocks above the first content block.
pub(crate) fn title_block(out: &[Decision], rows: &[[f32; N_FEATURES]]) -> Option<usize> {
    let first = out.iter().position(|d| d.label == Label::Content)?;
    if rows[first][idx::IS_HTML] > 0.0 {
        return (0..=first).find(|&i| rows[i][idx::IS_TITLE] > 0.0);
    }
    // In a script written without sentence punctuation (Thai), no
    // paragraph ends like a sentence, and only its length tells a first
    // paragraph from a title.
    let punctuated = out
        .iter()
        .zip(rows)
        .any(|(d, row)| d.label == Label::Content && row[idx::ENDS_SENTENCE] >= 1.0);
    let title_like = |row: &[f32; N_FEATURES]| {
        title_like(row) && (punctuated || block_chars(row) <= UNPUNCTUATED_TITLE_CHARS)
    };
    if title_like(&rows[first]) {
        return Some(first);
    }
    let chars = |i: usize| block_chars(&rows[i]);
    (first.saturating_sub(TITLE_REACH)..first)
        .filter(|&i| title_like(&rows[i]))
        .max_by(|&a, &b| {
            let score = |i: usize| chars(i).min(150.0) - 5.0 * (first - i) as f32;
            score(a).total_cmp(&score(b)).then(a.cmp(&b))
        })
}

/// Looks like a text dump's title line: long, no final punctuation, no
/// links, no date, no boilerplate or SEO words, almost no symbols.
fn title_like(row: &[f32; N_FEATURES]) -> bool {
    let c = block_chars(row);
    (8.0..=200.0).contains(&c)
        && row[idx::ENDS_SENTENCE] < 1.0
        && row[idx::BOILERPLATE] == 0.0
        && row[idx::DATE_LIKE] == 0.0
        && row[idx::SEO] < 0.2
        && row[idx::READMORE] == 0.0
        && row[idx::SYMBOLS] < 0.05
}

/// Below this P(content), a menu-like block is junk (see [`decide`]).
const MENU_DOUBT: f32 = 0.75;

/// Separator symbols (`|`, `【】`, `<>`, `/`...) make up at least 12% of the
/// block and it does not end like a sentence: a menu, a breadcrumb, markup.
fn menu_like(row: &[f32; N_FEATURES]) -> bool {
    row[idx::SYMBOLS] >= 0.12 && row[idx::ENDS_SENTENCE] < 1.0
}

/// A block is only called a link farm when it holds SEO or commerce
/// vocabulary: the classifier's other evidence for farms (short pages,
/// unpunctuated runs) is shared with innocent text.
fn farm_evidence(row: &[f32; N_FEATURES]) -> bool {
    row[idx::SEO] >= 0.05 || row[idx::COMMERCE] >= 0.15
}

/// Content by a context rule: the classifier's P(content) as its score.
/// A block a context rule turns into junk: its most likely junk kind, with
/// the rule named.
fn dropped_by_context(p: &[f32; N_CLASSES], row: &[f32; N_FEATURES]) -> Decision {
    Decision {
        rule: Some(CONTEXT),
        ..raw_decision(p, row, 2.0)
    }
}

/// A block's length in chars, from its row (the feature is `ln(1 + chars)`).
fn block_chars(row: &[f32; N_FEATURES]) -> f32 {
    row[idx::LENGTH].exp() - 1.0
}

fn kept_by_context(p: &[f32; N_CLASSES]) -> Decision {
    Decision {
        label: Label::Content,
        score: p[0],
        rule: Some(CONTEXT),
    }
}

fn raw_decision(p: &[f32; N_CLASSES], row: &[f32; N_FEATURES], threshold: f32) -> Decision {
    if p[0] >= threshold {
        return Decision {
            label: Label::Content,
            score: p[0],
            rule: None,
        };
    }
    let k = (1..N_CLASSES)
        .filter(|&k| k != Label::LinkFarm.index() || farm_evidence(row))
        .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
        .unwrap_or(1);
    Decision {
        label: Label::from_index(k),
        score: 1.0 - p[0],
        rule: None,
    }
}

/// The page verdict from block labels and block sizes (in chars).
pub fn verdict(decisions: &[Decision], chars: &[usize], policy: &Policy) -> Verdict {
    let total: usize = chars.iter().sum();
    let mut per = [0usize; N_CLASSES];
    let mut strong_spam_block = false;
    for (d, &c) in decisions.iter().zip(chars) {
        per[d.label.index()] += c;
        if policy.spam_kinds.contains(&d.label) && d.score > 0.8 && c >= 40 {
            strong_spam_block = true;
        }
    }
    let share = |k: usize| {
        if total == 0 {
            0.0
        } else {
            per[k] as f32 / total as f32
        }
    };
    let junk_share = JunkShare {
        boilerplate: share(1),
        headline_list: share(2),
        link_farm: share(3),
    };
    let spam_share: f32 = policy.spam_kinds.iter().map(|&l| junk_share.get(l)).sum();
    let spam_score =
        ((1.0 - (-4.0 * spam_share).exp()) + if strong_spam_block { 0.3 } else { 0.0 }).min(1.0);
    let content_chars = per[0];
    let (reason, cause) = if spam_score > policy.max_spam_score {
        (
            Some(format!(
                "spam score {spam_score:.2} > {:.2}",
                policy.max_spam_score
            )),
            Some(DropCause::SpamScore),
        )
    } else if content_chars < policy.min_content_chars {
        (
            Some(format!(
                "{content_chars} content chars < {}",
                policy.min_content_chars
            )),
            Some(DropCause::MinContentChars),
        )
    } else {
        (None, None)
    };
    Verdict {
        keep: reason.is_none(),
        spam_score,
        junk_share,
        content_chars,
        reason,
        cause,
    }
}

#[cfg(test)]
mod tests {
    use super::article::post_signature;
    use super::*;

    /// [`decide_with`] with the texts' trigrams and the default policy.
    fn decide_in(
        probs: &[[f32; N_CLASSES]],
        rows: &[[f32; N_FEATURES]],
        texts: &[&str],
        layout: Layout,
    ) -> Vec<Decision> {
        decide_with(
            probs,
            rows,
            &Trigrams::of_texts(texts),
            &layout,
            &Policy::default(),
        )
    }

    /// Probabilities with P(content) = `c`, the rest boilerplate.
    fn p(c: f32) -> [f32; N_CLASSES] {
        [c, 1.0 - c, 0.0, 0.0]
    }

    /// Which blocks were kept as content.
    fn kept(d: &[Decision]) -> Vec<bool> {
        d.iter().map(|d| d.label == Label::Content).collect()
    }

    /// A prose paragraph's row: long, punctuated, few symbols.
    fn prose() -> [f32; N_FEATURES] {
        let mut r = [0f32; N_FEATURES];
        r[idx::LENGTH] = (301f32).ln();
        r[idx::SENTENCE_PUNCT] = 1.0;
        r[idx::ENDS_SENTENCE] = 1.0;
        r
    }

    /// A headline's row: 60 chars, no full stop.
    fn headline() -> [f32; N_FEATURES] {
        let mut r = [0f32; N_FEATURES];
        r[idx::LENGTH] = (61f32).ln();
        r
    }

    /// A short line of `chars` chars whose `feature` is `value`.
    fn short_line(chars: f32, feature: usize, value: f32) -> [f32; N_FEATURES] {
        let mut r = [0f32; N_FEATURES];
        r[idx::LENGTH] = (chars + 1.0).ln();
        r[feature] = value;
        r
    }

    /// A short menu line: "【评论】【打印】【关闭】".
    fn menu() -> [f32; N_FEATURES] {
        short_line(12.0, idx::SYMBOLS, 0.46)
    }

    /// A text dump's "Advertisement" line: short, all boilerplate words.
    fn ad_line() -> [f32; N_FEATURES] {
        short_line(13.0, idx::BOILERPLATE, 1.0)
    }

    #[test]
    fn a_related_header_below_the_article_opens_its_tail() {
        let mut header = [0f32; N_FEATURES];
        header[idx::LENGTH] = (8f32).ln();
        header[idx::WORDS] = (2f32).ln();
        header[idx::READMORE] = 1.0;
        let mut short = prose();
        short[idx::LENGTH] = (101f32).ln();
        let rows = [prose(), prose(), header, short, short];
        let texts = ["a", "b", "Related", "teaser", "sure"];
        let probs = [p(0.9), p(0.9), p(0.1), p(0.6), p(0.95)];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        let labels = kept(&d);
        assert_eq!(labels, [true, true, false, false, true], "{d:?}");
        // In HTML, the teaser in the article's own element is the article
        // going on around an inline box.
        let teaser = |containers: &[u32], outer: &[u32]| {
            let layout = Layout {
                containers,
                outer,
                ..Layout::default()
            };
            decide_in(&probs, &rows, &texts, layout)[3].label
        };
        assert_eq!(teaser(&[3, 3, 5, 3, 6], &[]), Label::Content);
        assert_ne!(teaser(&[3, 3, 5, 4, 6], &[]), Label::Content);
        // ... unless its element is a sibling of the article's (a section
        // of the article after the inline box), by the element above both.
        assert_eq!(teaser(&[3, 3, 5, 4, 6], &[1, 1, 3, 1, 2]), Label::Content);
        // The same header above most of the article does not count.
        let rows = [prose(), header, prose(), prose(), prose()];
        let probs = [p(0.9), p(0.1), p(0.6), p(0.9), p(0.9)];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert_eq!(d[2].label, Label::Content, "{d:?}");
    }

    #[test]
    fn an_image_caption_is_not_content() {
        let rows = [prose(); 3];
        let texts = ["a", "The rover on Mars, seen from orbit.", "b"];
        let probs = [p(0.9), p(0.9), p(0.9)];
        let caption = [Roles::default(), Roles(Roles::CAPTION), Roles::default()];
        let policy = Policy::default();
        let d = decide_in(
            &probs,
            &rows,
            &texts,
            Layout {
                roles: &caption,
                ..Layout::default()
            },
        );
        assert_eq!(d[1].label, Label::Boilerplate, "{d:?}");
        assert_eq!(d[1].rule, Some(CONTEXT));
        assert_eq!(d[0].label, Label::Content);
        let d = decide(&probs, &rows, &texts, &policy);
        assert_eq!(d[1].label, Label::Content, "{d:?}");
    }

    #[test]
    fn an_embedded_post_after_the_article_text_is_content() {
        let rows = [prose(); 7];
        let texts = [
            "a",
            "b",
            "See the tweet:",
            "tweet",
            "— A (@a) 2019",
            "x",
            "y",
        ];
        // The article, its lead-in to a tweet, the tweet's two blocks (one
        // read as junk), junk, and a second post after junk.
        let probs = [p(0.9), p(0.9), p(0.8), p(0.6), p(0.2), p(0.1), p(0.3)];
        let embed = Roles(Roles::EMBED);
        let none = Roles::default();
        let embeds = [none, none, none, embed, embed, none, embed];
        let policy = Policy::default();
        let d = decide_in(
            &probs,
            &rows,
            &texts,
            Layout {
                roles: &embeds,
                ..Layout::default()
            },
        );
        assert_eq!(d[4].label, Label::Content, "{d:?}");
        assert_eq!(d[4].rule, Some(CONTEXT));
        // A post that follows junk is left to the classifier.
        assert_ne!(d[6].label, Label::Content, "{d:?}");
        // Without the embed marks, the attribution line is junk.
        let d = decide(&probs, &rows, &texts, &policy);
        assert_ne!(d[4].label, Label::Content, "{d:?}");
        // Nor does a run longer than a few posts count (a link list in an
        // embed's class name): 2 x 2,000 chars.
        let mut long = rows;
        for r in &mut long[3..5] {
            r[idx::LENGTH] = (2000f32 + 1.0).ln();
        }
        let d = decide_in(
            &probs,
            &long,
            &texts,
            Layout {
                roles: &embeds,
                ..Layout::default()
            },
        );
        assert_ne!(d[4].label, Label::Content, "{d:?}");
    }

    #[test]
    fn unsure_runs_detached_from_the_article_are_its_tail() {
        let mut rows = [prose(); 8];
        // The teaser run opens with its headline.
        rows[4] = headline();
        let texts = ["a", "b", "c", "More", "teaser", "summary", "More", "sure"];
        // The article, its closing line glued to it, a junk line, a run of
        // unsure teasers, junk, and a run with one fairly sure block.
        let probs = [
            p(0.9),
            p(0.95),
            p(0.6),
            p(0.1),
            p(0.6),
            p(0.65),
            p(0.1),
            p(0.75),
        ];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        let labels = kept(&d);
        assert_eq!(
            labels,
            [true, true, true, false, false, false, false, true],
            "{d:?}"
        );
        assert_eq!(d[4].rule, Some(CONTEXT));
        // The same page in HTML, its blocks in the given elements.
        let in_elements = |containers: &[u32], outer: &[u32]| {
            let layout = Layout {
                containers,
                outer,
                ..Layout::default()
            };
            decide_in(&probs, &rows, &texts, layout)
        };
        // In HTML, the same unsure run in the element that holds the
        // article's last sure block is the article resuming after an inline
        // card; a run in an element of its own is still a tail.
        let containers = [7, 7, 7, 9, 7, 7, 9, 9];
        let d = in_elements(&containers, &[]);
        assert!(
            d[4].label == Label::Content && d[5].label == Label::Content,
            "{d:?}"
        );
        let containers = [7, 7, 7, 9, 8, 8, 9, 9];
        let d = in_elements(&containers, &[]);
        assert_eq!(d[4].rule, Some(CONTEXT));
        // Block by block: in a run that mixes a table's row (an element of
        // its own) with the article's next paragraph, the paragraph stays.
        let mixed = [7, 7, 7, 9, 8, 7, 9, 9];
        let d = in_elements(&mixed, &[]);
        assert!(
            d[4].label != Label::Content && d[5].label == Label::Content,
            "{d:?}"
        );
        // An article cut into sections (one element of paragraphs each)
        // resumes in a sibling of the last sure block's element: the two
        // share the element above them (`outer`).
        let outer = [3, 3, 3, 4, 3, 3, 4, 4];
        let d = in_elements(&containers, &outer);
        assert!(
            d[4].label == Label::Content && d[5].label == Label::Content,
            "{d:?}"
        );
        // Unsure content before the article's last sure block is left alone.
        let probs = [
            p(0.6),
            p(0.1),
            p(0.9),
            p(0.95),
            p(0.1),
            p(0.6),
            p(0.1),
            p(0.9),
        ];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert!(
            d[0].label == Label::Content && d[5].label == Label::Content,
            "{d:?}"
        );
    }

    /// Text: an inline card (headline, summary, "Read more") cuts the
    /// article, and the paragraphs after it come out unsure; a run that
    /// opens with a long paragraph a few blocks below the article is the
    /// article resuming, and a read-next line that such a paragraph follows
    /// closes the card, not the article.
    #[test]
    fn a_text_article_resumes_after_an_inline_card() {
        let mut read_more = [0f32; N_FEATURES];
        read_more[idx::LENGTH] = (10f32).ln();
        read_more[idx::WORDS] = (2f32).ln();
        read_more[idx::READMORE] = 1.0;
        let mut summary = prose();
        summary[idx::LENGTH] = (121f32).ln();
        let rows = [
            prose(),
            prose(),
            prose(),
            headline(),
            summary,
            read_more,
            prose(),
            prose(),
        ];
        let texts = ["a", "b", "c", "card", "summary", "Read more", "d", "e"];
        // Dump lines (the pieces of a flattened page are not paragraphs).
        let lines = [BlockTag::Line; 8];
        let decide = |probs: &[[f32; N_CLASSES]], rows: &[[f32; N_FEATURES]], texts: &[&str]| {
            let layout = Layout {
                tags: &lines,
                ..Layout::default()
            };
            decide_in(probs, rows, texts, layout)
        };
        let probs = [
            p(0.9),
            p(0.9),
            p(0.9),
            p(0.3),
            p(0.3),
            p(0.1),
            p(0.6),
            p(0.65),
        ];
        let d = decide(&probs, &rows, &texts);
        assert_eq!(
            kept(&d),
            [true, true, true, false, false, false, true, true],
            "{d:?}"
        );
        // A run that opens with a headline is a teaser list's.
        let mut teasers = rows;
        teasers[6] = headline();
        let d = decide(&probs, &teasers, &texts);
        assert_eq!(kept(&d)[6..], [false, false], "{d:?}");
        // ... and so is a paragraph too far below the article, or one under
        // a comment header.
        let far = [
            prose(),
            prose(),
            prose(),
            headline(),
            headline(),
            headline(),
            headline(),
            headline(),
            prose(),
        ];
        let mut far_probs = [p(0.1); 9];
        far_probs[..3].copy_from_slice(&[p(0.9); 3]);
        far_probs[8] = p(0.65);
        let far_texts = ["a", "b", "c", "v", "w", "x", "y", "z", "e"];
        let d = decide(&far_probs, &far, &far_texts);
        assert!(!kept(&d)[8], "{d:?}");
        let mut comment = rows;
        comment[6][idx::AFTER_COMMENT_HEADER] = 1.0;
        comment[7][idx::AFTER_COMMENT_HEADER] = 1.0;
        let d = decide(&probs, &comment, &texts);
        assert_eq!(kept(&d)[6..], [false, false], "{d:?}");
        // Flattened pieces do not close a card: the header opens the tail.
        let pieces = [BlockTag::Piece; 8];
        let layout = Layout {
            tags: &pieces,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d)[6..], [false, false], "{d:?}");
    }
    #[test]
    fn unsure_prose_at_the_edge_of_an_html_article_belongs_to_it() {
        let mut html = prose();
        html[idx::IS_HTML] = 1.0;
        let mut credit = html;
        credit[idx::ENDS_SENTENCE] = 0.0;
        let rows = [credit, html, html, html, html, html];
        let texts = ["Photo: X", "lede", "body", "body", "last", "comment"];
        let probs = [p(0.1), p(0.45), p(0.9), p(0.9), p(0.35), p(0.35)];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        let labels = kept(&d);
        // The lede and the last paragraph join the article; the block after
        // the rescued one does not (no chain through a comment thread).
        assert_eq!(labels, [false, true, true, true, true, false], "{d:?}");
        assert_eq!(d[1].rule, Some(CONTEXT));
        // In a text dump the same lines stay junk.
        let rows = [prose(); 6];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert!(d[1].label.is_junk() && d[4].label.is_junk(), "{d:?}");
    }

    #[test]
    fn prose_past_an_ad_label_belongs_to_the_article_in_text_too() {
        let mut promo = prose();
        promo[idx::COMMERCE] = 0.08;
        let rows = [prose(), ad_line(), prose(), headline()];
        let texts = ["body", "Advertisement", "last", "Share This Story"];
        // The ad's label drags the paragraph's score down (0.73 → 0.25).
        let probs = [p(0.9), p(0.01), p(0.2), p(0.05)];
        let ads = [false, true, false, false];
        let layout = Layout {
            ad_labels: &ads,
            ..Layout::default()
        };
        // The story's last paragraph, after its last ad, is the story's.
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d), [true, false, true, false], "{d:?}");
        assert_eq!(d[2].rule, Some(CONTEXT));
        // Not when the line between is not an ad's label ("Related"): in
        // a text dump, prose after it may be a teaser.
        let d = decide_in(&probs, &rows, &texts, Layout::default());
        assert_eq!(kept(&d), [true, false, false, false], "{d:?}");
        // Nor a promotion ("12 issues for £11.99. Click here").
        let rows = [prose(), ad_line(), promo, headline()];
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d), [true, false, false, false], "{d:?}");
        // Nor prose the classifier is sure is junk.
        let rows = [prose(), ad_line(), prose(), headline()];
        let probs = [p(0.9), p(0.01), p(0.1), p(0.05)];
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d), [true, false, false, false], "{d:?}");
    }

    #[test]
    fn an_ad_label_is_junk_however_sure_the_classifier_is() {
        let rows = [prose(), ad_line(), prose()];
        let texts = ["body", "Anzeige", "body"];
        let probs = [p(0.9), p(0.6), p(0.9)];
        let ads = [false, true, false];
        let layout = Layout {
            ad_labels: &ads,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d), [true, false, true], "{d:?}");
        assert_eq!((d[1].label, d[1].rule), (Label::Boilerplate, Some(CONTEXT)));
    }

    #[test]
    fn the_reading_order_passes_over_runs_of_ad_labels() {
        let order = reading_order(5, &[false, true, true, false, true]);
        assert_eq!(
            order,
            [
                (None, Some(3)),
                (Some(0), Some(3)),
                (Some(0), Some(3)),
                (Some(0), None),
                (Some(3), None)
            ]
        );
        // No labels known: the neighbours are the blocks around.
        assert_eq!(reading_order(2, &[]), [(None, Some(1)), (Some(0), None)]);
    }

    #[test]
    fn a_sentence_between_two_ads_is_the_articles_a_pointer_is_not() {
        let mut sentence = prose();
        sentence[idx::LENGTH] = (61f32).ln();
        let mut pointer = headline();
        pointer[idx::LENGTH] = (10f32).ln();
        pointer[idx::READMORE] = 1.0;
        let rows = [prose(), ad_line(), sentence, ad_line(), prose()];
        let texts = [
            "body",
            "Advertisement",
            "Most significantly, …",
            "Advertisement",
            "body",
        ];
        let probs = [p(0.9), p(0.01), p(0.37), p(0.01), p(0.9)];
        let ads = [false, true, false, true, false];
        let layout = Layout {
            ad_labels: &ads,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d), [true, false, true, false, true], "{d:?}");
        // Unmarked, the ad lines are junk neighbours like any other.
        let d = decide_in(&probs, &rows, &texts, Layout::default());
        assert_eq!(kept(&d), [true, false, false, false, true], "{d:?}");
        // A "Read more" between ads stays out.
        let rows = [prose(), ad_line(), pointer, ad_line(), prose()];
        let texts = [
            "body",
            "Advertisement",
            "Read more",
            "Advertisement",
            "body",
        ];
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d), [true, false, false, false, true], "{d:?}");
    }

    #[test]
    fn a_heading_over_a_box_of_junk_is_junk() {
        let mut html = prose();
        html[idx::IS_HTML] = 1.0;
        let mut heading = headline();
        heading[idx::IS_HTML] = 1.0;
        heading[idx::HEADING] = 1.0;
        heading[idx::LENGTH] = (8f32).ln();
        let mut link = heading;
        link[idx::HEADING] = 0.0;
        link[idx::LINK_DENSITY] = 1.0;
        // An article (element 1 in container 10) with a section heading,
        // and an inline aside (container 20) of a heading over two links
        // in a list (their element 21, in container 22 under the aside).
        let rows = [html, heading, html, heading, link, link, html];
        let texts = ["body", "Reactions", "body", "Related", "a", "b", "body"];
        let probs = [p(0.9), p(0.6), p(0.9), p(0.5), p(0.05), p(0.05), p(0.9)];
        let containers = [10, 10, 10, 20, 22, 22, 10];
        let outer = [30, 30, 30, 30, 20, 20, 30];
        let layout = Layout {
            containers: &containers,
            outer: &outer,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(
            kept(&d),
            [true, true, true, false, false, false, true],
            "{d:?}"
        );
        assert_eq!(d[3].rule, Some(CONTEXT));
        // A heading the classifier is sure of stays.
        let probs = [p(0.9), p(0.6), p(0.9), p(0.8), p(0.05), p(0.05), p(0.9)];
        let d = decide_in(&probs, &rows, &texts, layout);
        assert!(kept(&d)[3], "{d:?}");
    }

    #[test]
    fn unsure_prose_in_the_article_element_belongs_to_it() {
        let mut html = prose();
        html[idx::IS_HTML] = 1.0;
        let rows = [html; 7];
        let texts = ["one", "ad", "two", "ad", "three", "teaser", "caption"];
        // A page the classifier is unsure of throughout: paragraphs around
        // 0.5 in one element (5), between ad lines, so that no paragraph
        // is at the edge of another; a teaser and a caption read as prose
        // too.
        let probs = [p(0.6), p(0.05), p(0.45), p(0.05), p(0.4), p(0.45), p(0.45)];
        let containers = [5, 5, 5, 5, 5, 6, 5];
        let mut roles = [Roles::default(); 7];
        roles[6] = Roles(Roles::CAPTION);
        let layout = Layout {
            containers: &containers,
            roles: &roles,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        let labels = kept(&d);
        // The article's paragraphs are all in; the sure junk lines, the
        // teaser in an element of its own and the caption stay out.
        assert_eq!(
            labels,
            [true, false, true, false, true, false, false],
            "{d:?}"
        );
        assert_eq!(d[4].rule, Some(CONTEXT));
        // Without markup nothing says which lines belong together.
        let d = decide(&probs, &[prose(); 7], &texts, &Policy::default());
        assert!(d[4].label.is_junk(), "{d:?}");
    }

    #[test]
    fn a_list_the_article_announces_is_the_article() {
        let mut item = [0f32; N_FEATURES];
        item[idx::LENGTH] = (45f32).ln();
        item[idx::WORDS] = (7f32).ln();
        let mut share = item;
        share[idx::BOILERPLATE] = 1.0;
        let rows = [prose(), prose(), item, item, item, share, item];
        let texts = [
            "The band announced a 30-date tour.",
            "The tour dates:",
            "June 9 -- Coral Sky Amphitheatre, West Palm Beach, FL",
            "June 10 -- MidFlorida Amphitheatre, Tampa, FL",
            "June 14 -- Ameris Bank Amphitheatre, Alpharetta, GA",
            "Share on Facebook",
            "Trending: a headline",
        ];
        let probs = [p(0.95), p(0.9), p(0.2), p(0.1), p(0.05), p(0.02), p(0.05)];
        let tags = [BlockTag::Line; 7];
        let layout = Layout {
            texts: &texts,
            tags: &tags,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        let labels = kept(&d);
        // The dates are in; the list stops at the share line.
        assert_eq!(
            labels,
            [true, true, true, true, true, false, false],
            "{d:?}"
        );
        assert_eq!(d[3].rule, Some(CONTEXT));
        // A colon where a flattened page was cut is not an announcement.
        let tags = [BlockTag::Piece; 7];
        let layout = Layout {
            texts: &texts,
            tags: &tags,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert!(d[3].label.is_junk(), "{d:?}");
        // Nor is a line without one.
        let texts = [
            "The band announced a 30-date tour.",
            "The tour dates",
            "",
            "",
            "",
            "",
            "",
        ];
        let layout = Layout {
            texts: &texts,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert!(d[3].label.is_junk(), "{d:?}");
    }

    #[test]
    fn a_post_signed_below_the_article_text_is_content() {
        assert!(post_signature(
            "— The Nigerian Senate (@NGRSenate) October 9, 2018"
        ));
        assert!(post_signature(
            "— PFF CLE Browns (@PFF_Browns) November 15, 2019"
        ));
        assert!(!post_signature("— Posted by a reader, October 9, 2018"));
        assert!(!post_signature("Follow us (@paper) for news"));
        assert!(!post_signature("— Name (@handle)"));
        let mut short = prose();
        short[idx::LENGTH] = (60f32).ln();
        let mut trending = short;
        trending[idx::READMORE] = 1.0;
        let rows = [prose(), short, short, prose(), trending, short];
        let texts = [
            "The Senate resumed on Tuesday.",
            "Observe a minute silence in honour of the departed souls.",
            "— The Nigerian Senate (@NGRSenate) October 9, 2018",
            "The session then went on.",
            "Trending: a headline",
            "— Somebody (@somebody) October 9, 2018",
        ];
        let probs = [p(0.9), p(0.3), p(0.2), p(0.9), p(0.1), p(0.1)];
        let tags = [BlockTag::Line; 6];
        let layout = Layout {
            texts: &texts,
            tags: &tags,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        let labels = kept(&d);
        // The post (its text and signature) joins the article; the
        // signature line itself is what marks it. A read-next line is not
        // a post's text.
        assert_eq!(labels, [true, true, true, true, false, false], "{d:?}");
        assert_eq!(d[2].rule, Some(CONTEXT));
        // Without the signature, the two lines stay junk.
        let texts = ["a", "b", "c", "d", "e", "f"];
        let layout = Layout {
            texts: &texts,
            tags: &tags,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert!(d[1].label.is_junk() && d[2].label.is_junk(), "{d:?}");
    }

    #[test]
    fn comments_under_their_date_lines_are_junk() {
        let mut date = [0f32; N_FEATURES];
        date[idx::LENGTH] = (22f32).ln();
        date[idx::DATE_LIKE] = 1.0;
        let rows = [
            prose(),
            prose(),
            prose(),
            date,
            prose(),
            date,
            prose(),
            date,
            prose(),
        ];
        let texts = [
            "The keyboard returns next year.",
            "The report names three models.",
            "Analysts expected the change.",
            "2 days ago at 07:52 am",
            "Good to see the old keys back, I never liked the flat ones.",
            "2 days ago at 07:47 am",
            "I think we will see the same bezels as on the larger model.",
            "2 days ago at 07:50 am",
            "Anyone who types all day will be glad of it.",
        ];
        let probs = [
            p(0.95),
            p(0.95),
            p(0.95),
            p(0.1),
            p(0.9),
            p(0.1),
            p(0.8),
            p(0.1),
            p(0.995),
        ];
        let layout = Layout {
            texts: &texts,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        // The comments go; the one the classifier is all but certain of
        // stays.
        assert_eq!(
            kept(&d),
            [true, true, true, false, false, false, false, false, true],
            "{d:?}"
        );
        assert_eq!(d[4].rule, Some(CONTEXT));
        // Two sure blocks are not yet an article: a live blog's first
        // time stamps come right under its lede.
        let mut early = probs;
        early[2] = p(0.8);
        let d = decide_in(&early, &rows, &texts, layout);
        assert!(
            d[4].label == Label::Content && d[6].label == Label::Content,
            "{d:?}"
        );
        // Two date lines are not a rhythm.
        let mut two = rows;
        two[7][idx::DATE_LIKE] = 0.0;
        let d = decide_in(&probs, &two, &texts, layout);
        assert!(
            d[4].label == Label::Content && d[6].label == Label::Content,
            "{d:?}"
        );
    }

    #[test]
    fn a_link_line_is_junk_but_a_kept_title_stays() {
        let mut title = [0f32; N_FEATURES];
        title[idx::LENGTH] = (30f32).ln();
        title[idx::IS_HTML] = 1.0;
        title[idx::IS_TITLE] = 1.0;
        let mut html = prose();
        html[idx::IS_HTML] = 1.0;
        let rows = [title, html, html, html];
        let texts = [
            "Trending: the river rose",
            "The river rose on Monday.",
            "READ MORE: Floods in the north",
            "The town was evacuated.",
        ];
        let roles = [
            Roles(Roles::POINTER),
            Roles(0),
            Roles(Roles::POINTER),
            Roles(0),
        ];
        let probs = [p(0.9), p(0.95), p(0.9), p(0.95)];
        let layout = Layout {
            roles: &roles,
            texts: &texts,
            ..Layout::default()
        };
        let keep_title = Policy {
            keep_title: true,
            ..Policy::default()
        };
        let d = decide_with(
            &probs,
            &rows,
            &Trigrams::of_texts(&texts),
            &layout,
            &keep_title,
        );
        assert_eq!(kept(&d), [true, true, false, true], "{d:?}");
        assert_eq!(d[2].label, Label::HeadlineList);
        // A tag line is junk too, as navigation.
        let roles = [
            Roles(Roles::POINTER),
            Roles(0),
            Roles(Roles::POINTER | Roles::TAG_LINE),
            Roles(0),
        ];
        let layout = Layout {
            roles: &roles,
            texts: &texts,
            ..Layout::default()
        };
        let d = decide_with(
            &probs,
            &rows,
            &Trigrams::of_texts(&texts),
            &layout,
            &keep_title,
        );
        assert_eq!(d[2].label, Label::Boilerplate);
    }

    #[test]
    fn a_read_next_box_inside_the_article_is_junk() {
        let mut header = [0f32; N_FEATURES];
        header[idx::LENGTH] = (16f32).ln();
        header[idx::WORDS] = (2f32).ln();
        header[idx::READMORE] = 1.0;
        let mut headline = [0f32; N_FEATURES];
        headline[idx::LENGTH] = (60f32).ln();
        headline[idx::WORDS] = (9f32).ln();
        let rows = [prose(), header, headline, headline, prose(), prose()];
        let texts = [
            "Protesters gathered again on Monday.",
            "Related articles",
            "Hong Kong uprising: Protestors send defiant warning to China",
            "Hong Kong protests: 800 students under siege in university",
            "Police fired tear gas at the crowd.",
            "The city's leader called for calm.",
        ];
        // Inside the article, where the classifier lends its neighbours'
        // confidence to the box.
        let probs = [p(0.95), p(0.77), p(0.75), p(0.85), p(0.95), p(0.95)];
        let d = decide_in(&probs, &rows, &texts, Layout::default());
        assert_eq!(kept(&d), [true, false, false, false, true, true], "{d:?}");
        assert_eq!(d[2].label, Label::HeadlineList);
        // One headline under the header is not a list, and a headline the
        // classifier is sure of is the article's.
        let mut sure = probs;
        sure[3] = p(0.95);
        let d = decide_in(&sure, &rows, &texts, Layout::default());
        assert!(
            d[1].label == Label::Content && d[2].label == Label::Content,
            "{d:?}"
        );
    }

    #[test]
    fn a_page_nothing_passed_on_keeps_its_prose() {
        let mut sentence = prose();
        sentence[idx::WORDS] = (21f32).ln();
        let mut copyright = sentence;
        copyright[idx::BOILERPLATE] = 0.6;
        let rows = [menu(), sentence, copyright];
        let texts = ["Home | About", "The river rose.", "All rights reserved."];
        let d = decide(
            &[p(0.33), p(0.1), p(0.3)],
            &rows,
            &texts,
            &Policy::default(),
        );
        let labels: Vec<Label> = d.iter().map(|d| d.label).collect();
        assert_eq!(
            labels,
            [Label::Boilerplate, Label::Content, Label::Boilerplate]
        );
        // Without prose, the best block is rescued if it is not hopeless.
        let mut table = [0f32; N_FEATURES];
        table[idx::LENGTH] = (201f32).ln();
        let rows = [menu(), table];
        let d = decide(&[p(0.1), p(0.3)], &rows, &texts[..2], &Policy::default());
        assert_eq!(d[1].label, Label::Content, "{d:?}");
        let d = decide(&[p(0.1), p(0.1)], &rows, &texts[..2], &Policy::default());
        assert!(d.iter().all(|d| d.label.is_junk()), "{d:?}");
    }

    /// An open thread: a menu line, a one-paragraph post, a "Comments"
    /// header, two comments (HTML or text): its rows, the header's and a
    /// comment's, and its texts.
    #[allow(clippy::type_complexity)]
    fn open_thread(
        is_html: bool,
    ) -> (
        [[f32; N_FEATURES]; 5],
        [f32; N_FEATURES],
        [f32; N_FEATURES],
        [&'static str; 5],
    ) {
        let html = |mut r: [f32; N_FEATURES]| {
            r[idx::IS_HTML] = is_html as u8 as f32;
            r
        };
        let mut post = html(prose());
        post[idx::WORDS] = (60f32).ln();
        let mut header = html(menu());
        header[idx::COMMENT_HEADER] = 1.0;
        header[idx::AFTER_COMMENT_HEADER] = 1.0;
        let mut comment = post;
        comment[idx::AFTER_COMMENT_HEADER] = 1.0;
        let texts = [
            "Blog",
            "Our goal with hosting open threads is to hear from you.",
            "Comments",
            "I assume that slower buses are a net positive.",
            "On balance, giving now beats giving later.",
        ];
        (
            [html(menu()), post, header, comment, comment],
            header,
            comment,
            texts,
        )
    }

    #[test]
    fn a_page_nothing_passed_on_keeps_its_post_not_its_comments() {
        // The comments, longer and more numerous than the post, are
        // doubted as much.
        let (rows, header, comment, texts) = open_thread(false);
        let probs = [p(0.01), p(0.31), p(0.01), p(0.27), p(0.36)];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert_eq!(kept(&d), [false, true, false, false, false], "{d:?}");
        // A page of comments alone still keeps them.
        let rows = [menu(), header, comment, comment];
        let probs = [p(0.01), p(0.01), p(0.27), p(0.36)];
        let d = decide(&probs, &rows, &texts[1..], &Policy::default());
        assert_eq!(kept(&d), [false, false, true, true], "{d:?}");
    }

    #[test]
    fn comments_alone_passing_do_not_make_the_page_text() {
        // HTML: the post is doubted, one comment passes. The post is the
        // page's text, as when nothing passed.
        let (rows, header, comment, texts) = open_thread(true);
        let probs = [p(0.01), p(0.41), p(0.01), p(0.51), p(0.36)];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert_eq!(kept(&d), [false, true, false, false, false], "{d:?}");
        // A comment passing beside the post that passed stays.
        let probs = [p(0.01), p(0.8), p(0.01), p(0.51), p(0.36)];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert!(kept(&d)[1] && kept(&d)[3], "{d:?}");
        // Without prose of the page's own, the comments are its text.
        let rows = [rows[0], header, comment, comment];
        let probs = [p(0.01), p(0.01), p(0.51), p(0.36)];
        let d = decide(&probs, &rows, &texts[1..], &Policy::default());
        assert!(kept(&d)[2], "{d:?}");
        // In text the comment zone is any "Comments" line on: left alone.
        let (rows, _, _, texts) = open_thread(false);
        let probs = [p(0.01), p(0.41), p(0.01), p(0.51), p(0.36)];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert!(kept(&d)[3], "{d:?}");
    }

    #[test]
    fn an_unsure_menu_line_inside_the_article_is_junk() {
        let rows = [prose(), menu(), prose()];
        let texts = [
            "One paragraph.",
            "【评论】【打印】【关闭】",
            "Another paragraph.",
        ];
        let d = decide(&[p(0.9), p(0.6), p(0.9)], &rows, &texts, &Policy::default());
        assert_eq!(d[1].label, Label::Boilerplate, "{d:?}");
        assert_eq!(d[1].rule, Some(CONTEXT));
        // The sandwich rule does not bring it back, but a confident
        // classifier is trusted.
        let d = decide(&[p(0.9), p(0.8), p(0.9)], &rows, &texts, &Policy::default());
        assert_eq!(d[1].label, Label::Content, "{d:?}");
        // A short unpunctuated line without symbols (a sub-heading) between
        // content still is content.
        let mut heading = menu();
        heading[idx::SYMBOLS] = 0.0;
        let d = decide(
            &[p(0.9), p(0.3), p(0.9)],
            &[prose(), heading, prose()],
            &["One paragraph.", "A sub-heading", "Another paragraph."],
            &Policy::default(),
        );
        assert_eq!(d[1].label, Label::Content, "{d:?}");
    }

    #[test]
    fn content_said_twice_is_kept_once() {
        let story = "The council approved the new budget on Monday after a long debate \
                     about the cost of the bridge, the state of the schools and the \
                     promise the town made to its residents last year.";
        let again = "the council approved the new budget on Monday, after a long debate \
                     about the cost of the bridge, the state of the schools and the \
                     promise the town made to its residents last year";
        let texts = [
            story,
            "Menu",
            // The same paragraph again, differently cased and punctuated.
            again,
            "Menu",
            // A new paragraph made of words the page already used.
            "The schools and the bridge: the town made a promise to its residents, \
             and the council approved the cost of the debate about the new budget \
             after a long year on Monday.",
            // A short line that recurs inside new content is structure.
            "Residents can comment on the plan until the end of the month.",
            "after a long debate about the cost of the bridge",
        ];
        let probs = [p(0.9), p(0.1), p(0.9), p(0.1), p(0.9), p(0.9), p(0.9)];
        let rows = [prose(); 7];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        let labels: Vec<Label> = d.iter().map(|d| d.label).collect();
        use Label::{Boilerplate as B, Content as C};
        assert_eq!(labels, [C, B, B, B, C, C, C], "{d:?}");
        assert_eq!(d[2].rule, Some(REPEATED));
        // A repeat of junk is not a repeat of content.
        let mut probs = probs;
        probs[0] = p(0.1);
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert_eq!(d[2].label, Label::Content, "{d:?}");
    }

    #[test]
    fn a_caption_printed_per_slide_is_kept_once() {
        let caption = "Former governor Deval Patrick, left, speaks with a business owner \
                       during a campaign stop, Tuesday, in Columbia.";
        let mut html = prose();
        html[idx::IS_HTML] = 1.0;
        let mut credit = html;
        credit[idx::ENDS_SENTENCE] = 0.0;
        let texts = [
            caption,
            caption,
            "Photo: AP",
            caption,
            caption,
            "Image 1 of 5",
            "The story begins with a long first paragraph.",
        ];
        // A slide and the thumbnail strip under it print the caption twice
        // each; the second copy of each pair is unsure, and the edge-prose
        // rule gives it back to the article next to its twin.
        let probs = [
            p(0.55),
            p(0.45),
            p(0.05),
            p(0.45),
            p(0.55),
            p(0.05),
            p(0.95),
        ];
        let rows = [html, html, credit, html, html, credit, html];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert_eq!(
            kept(&d),
            [true, false, false, false, false, false, true],
            "{d:?}"
        );
        assert_eq!(d[1].rule, Some(REPEATED));
        assert_eq!(d[3].rule, Some(REPEATED));
        // A short line that follows its twin stays (a table's row labels).
        let texts = ["Week 1", "Week 1", "a", "b", "c", "d", "e"];
        let probs = [p(0.9); 7];
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert!(d[1].label == Label::Content, "{d:?}");
    }

    #[test]
    fn a_numbered_list_after_its_introduction_is_the_article() {
        let mut link = headline();
        link[idx::LINK_DENSITY] = 1.0;
        let rows = [
            prose(),
            headline(),
            headline(),
            headline(),
            link,
            headline(),
            headline(),
            headline(),
        ];
        let texts = [
            "Here are the deals for nostalgics.",
            "1) Lego Star Wars 75188",
            "Bombardiere della Resistenza, 24 pieces",
            "2) Polistil 960574 Pista Elettrica",
            "amzn.to/2hZfWFJ",
            "3) Blade Runner The Final Cut",
            "4K Ultra HD + Blu-Ray",
            "Most read",
        ];
        let probs = [
            p(0.95),
            p(0.45),
            p(0.2),
            p(0.3),
            p(0.4),
            p(0.1),
            p(0.2),
            p(0.1),
        ];
        let numbered = |probs: &[[f32; N_CLASSES]], texts: &[&str]| {
            let layout = Layout {
                texts,
                ..Layout::default()
            };
            decide_in(probs, &rows, texts, layout)
        };
        let d = numbered(&probs, &texts);
        // Every item and what it holds, but not its link line, nor the
        // line past the last item's usual two blocks.
        assert_eq!(
            kept(&d),
            [true, true, true, true, false, true, true, false],
            "{d:?}"
        );
        // A numbered list of headlines after junk stays junk.
        let mut junk = probs;
        junk[0] = p(0.1);
        junk[7] = p(0.95);
        let d = numbered(&junk, &texts);
        assert!(d[..7].iter().all(|d| d.label.is_junk()), "{d:?}");
        // So does one that does not count 1, 2, 3.
        let texts = texts.map(|t| t.replacen("2)", "5)", 1));
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let d = numbered(&probs, &texts);
        assert!(d[2..].iter().all(|d| d.label.is_junk()), "{d:?}");
    }

    #[test]
    fn a_run_of_unsure_rows_next_to_the_article_is_its_table() {
        let mut row = headline();
        row[idx::IS_HTML] = 1.0;
        let rows = [prose(), row, row, row, row, row, row];
        let texts = [
            "The final standings after 36 races.",
            "1 Kyle Busch 5040 5 1 17 27",
            "2 Martin Truex Jr. 5035 7 0 15 24",
            "3 Kevin Harvick 5033 4 6 15 26",
            "4 Denny Hamlin 5027 6 3 19 24",
            "Home",
            "Contact",
        ];
        let probs = [p(0.9), p(0.45), p(0.4), p(0.42), p(0.38), p(0.05), p(0.02)];
        let html = |probs: &[[f32; N_CLASSES]]| {
            let layout = Layout {
                containers: &[1, 2, 2, 2, 2, 3, 3],
                texts: &texts,
                ..Layout::default()
            };
            kept(&decide_in(probs, &rows, &texts, layout))
        };
        assert_eq!(html(&probs), [true, true, true, true, true, false, false]);
        // Three unsure rows are not yet a table; sure junk never is.
        let mut short = probs;
        short[4] = p(0.1);
        assert_eq!(html(&short)[1..5], [false; 4]);
        // Nor is an unsure run away from the article.
        let apart = [p(0.9), p(0.02), p(0.45), p(0.4), p(0.42), p(0.38), p(0.02)];
        assert_eq!(html(&apart)[1..], [false; 6]);
        // Nor a gallery's slides, captions and credits among them.
        let caption = Roles(Roles::CAPTION);
        let roles = [
            Roles(0),
            Roles(0),
            caption,
            Roles(0),
            caption,
            Roles(0),
            Roles(0),
        ];
        let layout = Layout {
            containers: &[1, 2, 2, 2, 2, 3, 3],
            texts: &texts,
            roles: &roles,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d)[1..5], [false; 4], "{d:?}");
        // Text has no tables to tell by.
        let d = decide(&probs, &rows, &texts, &Policy::default());
        assert_eq!(kept(&d)[1..5], [false; 4], "{d:?}");
    }

    #[test]
    fn a_teaser_carousel_printed_again_below_is_not_the_article() {
        let teasers = [
            "USCIRF expresses concern over NRC, says 1.9 million Assam residents may be stateless",
            "Indian-origin man pleads guilty to fraud scheme in US, says the prosecutor",
            "UN regrets new US position on legality of Israeli settlements in the West Bank",
        ];
        let article = [
            "Their American dream shattered and huge savings wasted, nearly 150 Indians returned home.",
            "This was the fourth time I have been deported, said Singh Jabarjung, from Bhatinda.",
        ];
        let texts = [
            teasers[0],
            teasers[1],
            teasers[2],
            "November 20",
            article[0],
            article[1],
            teasers[0],
            teasers[1],
            teasers[2],
        ];
        let rows = [prose(); 9];
        let probs = [
            p(0.9),
            p(0.9),
            p(0.9),
            p(0.05),
            p(0.9),
            p(0.9),
            p(0.3),
            p(0.3),
            p(0.3),
        ];
        let layout = Layout {
            texts: &texts,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(
            kept(&d),
            [false, false, false, false, true, true, false, false, false],
            "{d:?}"
        );
        assert_eq!(d[0].label, Label::HeadlineList);
        assert_eq!(d[0].rule, Some(REPEATED));
        // The classifier sure of the teasers and unsure of the article:
        // the tail rules cut the article off below the "article" the
        // teasers seemed to be, and it comes back once they are found out
        // (HTML, where the text rule for an article resuming after a card
        // does not apply).
        let mut html = prose();
        html[idx::IS_HTML] = 1.0;
        let rows = [html; 9];
        let unsure = [
            p(0.99),
            p(0.99),
            p(0.99),
            p(0.05),
            p(0.6),
            p(0.6),
            p(0.3),
            p(0.3),
            p(0.3),
        ];
        let d = decide_in(&unsure, &rows, &texts, layout);
        assert_eq!(
            kept(&d),
            [false, false, false, false, true, true, false, false, false],
            "{d:?}"
        );
        // (Without the carousel below, that run stays cut off.)
        let mut alone = texts;
        alone[6..].copy_from_slice(&["Home", "Contact", "About"]);
        let layout = Layout {
            texts: &alone,
            ..Layout::default()
        };
        let d = decide_in(&unsure, &rows, &alone, layout);
        assert_eq!(
            kept(&d)[..6],
            [true, true, true, false, false, false],
            "{d:?}"
        );
        // An article printed twice, and nothing else, keeps its first copy.
        let texts = [
            article[0],
            article[1],
            teasers[0],
            "November 20",
            teasers[1],
            article[0],
            article[1],
            teasers[0],
            teasers[1],
        ];
        let probs = [
            p(0.9),
            p(0.9),
            p(0.9),
            p(0.05),
            p(0.9),
            p(0.3),
            p(0.3),
            p(0.3),
            p(0.3),
        ];
        let layout = Layout {
            texts: &texts,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d)[..5], [true, true, true, false, true], "{d:?}");
    }

    #[test]
    fn three_headlines_glued_to_their_summaries_are_a_teaser_list() {
        let texts = [
            "The council met on Tuesday and agreed to the budget after a long debate.",
            "Police: 2 In Custody After Death Of Student-AthleteA 24-year-old woman and a man were held",
            "Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left without paying",
            "Advertisement",
            "DNR Seeks Tips About Bull Elk Poached In Northern MichiganMichigan conservation officers are asking",
            "Apple AirPods Pro are down to $234 at Amazon this week, the lowest price yet.",
        ];
        let rows = [prose(); 6];
        let probs = [p(0.95), p(0.6), p(0.6), p(0.1), p(0.6), p(0.9)];
        let layout = Layout {
            texts: &texts,
            ..Layout::default()
        };
        let d = decide_in(&probs, &rows, &texts, layout);
        assert_eq!(kept(&d), [true, false, false, false, false, true], "{d:?}");
        assert_eq!(d[1].label, Label::HeadlineList);
        // Two are not yet a list.
        let layout = Layout {
            texts: &texts[..4],
            ..Layout::default()
        };
        let d = decide_in(&probs[..4], &rows[..4], &texts[..4], layout);
        assert_eq!(kept(&d), [true, true, true, false], "{d:?}");
    }

    #[test]
    fn a_table_written_one_cell_per_line_next_to_the_article_is_its_table() {
        let mut texts = vec![
            "The final standings of the 2019 season, after 36 races.",
            "Pos.",
            "Driver",
            "Points",
            "Wins",
        ];
        let drivers = [
            "Kyle Busch",
            "Martin Truex Jr.",
            "Kevin Harvick",
            "Denny Hamlin",
        ];
        let figures = ["5040", "5", "5035", "7", "5033", "4", "5027", "6"];
        let places = ["1", "2", "3", "4"];
        for (k, driver) in drivers.iter().enumerate() {
            texts.extend([places[k], driver, figures[2 * k], figures[2 * k + 1]]);
        }
        texts.extend(["Home", "Contact"]);
        let rows = vec![headline(); texts.len()];
        let mut probs = vec![p(0.02); texts.len()];
        probs[0] = p(0.9);
        let text_page = |probs: &[[f32; N_CLASSES]], texts: &[&str]| {
            let layout = Layout {
                texts,
                ..Layout::default()
            };
            kept(&decide_in(probs, &rows, texts, layout))
        };
        let d = text_page(&probs, &texts);
        assert!(d[..21].iter().all(|&k| k), "{d:?}");
        assert_eq!(d[21..], [false, false]);
        // Away from the article, it is a sidebar's.
        let mut apart = probs.clone();
        apart[0] = p(0.02);
        assert!(text_page(&apart, &texts).iter().all(|&k| !k));
        // Unless a line introduces it.
        texts[0] = "Standings after 36 races:";
        assert!(text_page(&apart, &texts)[..21].iter().all(|&k| k));
        // Headlines with their bylines and comment counts are a teaser
        // list, not a table.
        let teasers = [
            "Thousands of Disney+ accounts hacked and put up for sale",
            "Alessio Palumbo, Nov 18",
            "10",
            "The final standings of the 2019 season are out",
            "Nick Farmer, Nov 17",
            "4",
        ];
        let texts: Vec<&str> = ["The final standings of the 2019 season, after 36 races."]
            .into_iter()
            .chain(teasers.iter().copied().cycle().take(18))
            .collect();
        let rows = vec![headline(); texts.len()];
        let layout = Layout {
            texts: &texts,
            ..Layout::default()
        };
        let d = decide_in(&probs[..19], &rows, &texts, layout);
        assert!(kept(&d)[1..].iter().all(|&k| !k), "{d:?}");
    }

    #[test]
    fn the_odd_item_of_a_list_of_content_is_content() {
        use crate::segment::{BlockTag, Roles};
        let texts = [
            "Dare to Play 3 has:",
            "Hundreds of tasks that will make your evenings more interesting",
            "Dozens of tricky questions that help you know each other better",
            "Challenges to perform within a week, even after the game is over",
            "A large variety of toys and fetishes for fine-tuning the game",
            "Additional quizzes, surprises and bonuses for every game",
            "Photo: Gene J. Puskar",
        ];
        let mut row = headline();
        row[idx::IS_HTML] = 1.0;
        let rows = [prose(), row, row, row, row, row, row];
        let tags = [
            BlockTag::Paragraph,
            BlockTag::ListItem,
            BlockTag::ListItem,
            BlockTag::ListItem,
            BlockTag::ListItem,
            BlockTag::ListItem,
            BlockTag::ListItem,
        ];
        let mut roles = [Roles::default(); 7];
        roles[6] = Roles(Roles::CAPTION);
        let list = |probs: &[[f32; N_CLASSES]]| {
            let layout = Layout {
                containers: &[1, 2, 2, 2, 2, 2, 2],
                texts: &texts,
                tags: &tags,
                roles: &roles,
                ..Layout::default()
            };
            kept(&decide_in(probs, &rows, &texts, layout))
        };
        let probs = [p(0.9), p(0.8), p(0.75), p(0.7), p(0.7), p(0.4), p(0.4)];
        // The credit stays out.
        assert_eq!(list(&probs), [true, true, true, true, true, true, false]);
        // An item the classifier is sure of stays junk.
        let mut sure = probs;
        sure[5] = p(0.1);
        assert!(!list(&sure)[5]);
        // A list of mostly junk is left alone.
        let junk = [p(0.9), p(0.8), p(0.3), p(0.3), p(0.3), p(0.4), p(0.3)];
        assert_eq!(list(&junk)[1..], [true, false, false, false, false, false]);
    }

    #[test]
    fn the_odd_line_of_an_element_of_content_lines_is_content() {
        use crate::segment::BlockTag;
        // A race calendar, one stage a line, in one `<p>` cut at `<br>`:
        // the classifier doubts its first lines (they follow the heading).
        let texts = [
            "Stock Car calendar 2018",
            "1st round: 10 March – Interlagos",
            "2nd round: 8 April – Curitiba",
            "3rd round: 22 April – Velopark",
            "4th round: 6 May – Londrina",
            "5th round: 20 May – Santa Cruz do Sul",
            "6th round: 5 August – Cascavel",
            "Share this",
        ];
        let mut row = headline();
        row[idx::IS_HTML] = 1.0;
        let rows = [row; 8];
        let tags = [BlockTag::Paragraph; 8];
        let lines = |elements: &[u32], probs: &[[f32; N_CLASSES]]| {
            let layout = Layout {
                elements,
                containers: &[1; 8],
                texts: &texts,
                tags: &tags,
                ..Layout::default()
            };
            kept(&decide_in(probs, &rows, &texts, layout))
        };
        let probs = [
            p(0.1),
            p(0.4),
            p(0.45),
            p(0.6),
            p(0.6),
            p(0.6),
            p(0.6),
            p(0.3),
        ];
        // The lines of one element (node 3) are alike; the heading and the
        // share line, elements of their own, stay junk.
        let elements = [2, 3, 3, 3, 3, 3, 3, 4];
        assert_eq!(
            lines(&elements, &probs),
            [false, true, true, true, true, true, true, false]
        );
        // Paragraphs of their own are not one list.
        let own = [2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(
            lines(&own, &probs),
            [false, false, false, true, true, true, true, false]
        );
    }

    #[test]
    fn without_sentence_punctuation_a_first_paragraph_is_not_a_title() {
        // A Thai dump: the title line, then two paragraphs of about 190
        // chars, none of them ending with a full stop.
        let mut paragraph = headline();
        paragraph[idx::LENGTH] = (191f32).ln();
        let rows = [headline(), paragraph, paragraph];
        let probs = [p(0.3), p(0.8), p(0.8)];
        let d = decide(&probs, &rows, &["", "", ""], &Policy::default());
        assert_eq!(d[0].rule, Some(TITLE), "{d:?}");
        assert_eq!(kept(&d), [false, true, true]);
        // With punctuated paragraphs, a 190-char unpunctuated first line can
        // be the title, as in an English dump.
        let rows = [headline(), paragraph, prose()];
        let d = decide(&probs, &rows, &["", "", ""], &Policy::default());
        assert_eq!(d[1].rule, Some(TITLE), "{d:?}");
    }

    #[test]
    fn langs_drop_the_other_languages_after_the_other_tests() {
        let policy = Policy {
            langs: vec!["zh".into(), "und".into()],
            ..Policy::default()
        };
        let kept = || Verdict {
            keep: true,
            spam_score: 0.0,
            junk_share: JunkShare::default(),
            content_chars: 100,
            reason: None,
            cause: None,
        };
        for lang in [Some("zh"), None] {
            let mut v = kept();
            v.apply_langs(lang, &policy);
            assert!(v.keep, "{lang:?}");
        }
        let mut v = kept();
        v.apply_langs(Some("en"), &policy);
        assert_eq!(v.cause, Some(DropCause::Language));
        assert_eq!(v.reason.as_deref(), Some("language en not in zh,und"));
        // A page dropped as spam stays dropped as spam.
        let mut spam = kept();
        spam.keep = false;
        spam.cause = Some(DropCause::SpamScore);
        spam.apply_langs(Some("en"), &policy);
        assert_eq!(spam.cause, Some(DropCause::SpamScore));
        // No list: every language is kept.
        let mut v = kept();
        v.apply_langs(Some("en"), &Policy::default());
        assert!(v.keep);
    }
}
