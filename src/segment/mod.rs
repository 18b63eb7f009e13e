//! Segmentation: from a [`Document`] to a list of [`Block`]s.
//!
//! A block is the unit that gets a label: a paragraph, a heading, a list
//! item, a line of a text dump, or a piece of a run-on line. HTML pages are
//! tokenized into a stream of element opens, closes and text, which a walk
//! cuts into blocks ([`html`]); plain text is split into lines and
//! then, where several blocks were glued into one line, inside the line
//! ([`text`], [`runon`]).
//!
//! Every block carries a byte span into [`Segmentation::text`]: for a text
//! document that is the decoded input itself, for an HTML page it is the
//! page's visible text, one block per line (a `<pre>` block keeps its own
//! newlines), as the walk produced it.

pub mod credits;
pub mod flat;
pub mod html;
pub mod pointers;
pub mod prescan;
pub mod runon;
pub mod text;

use crate::input::{Document, Format};
use crate::lexicon::{Lexicons, PhraseCounts};

/// What kind of element (or line) a block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockTag {
    /// `<p>` or a text line that reads like one.
    Paragraph,
    /// `<h1>`..`<h6>`.
    Heading,
    /// `<li>`, `<dt>`, `<dd>`.
    ListItem,
    /// `<td>`, `<th>`.
    TableCell,
    /// `<pre>`, `<blockquote>`, `<figcaption>`, `<address>`.
    Quote,
    /// Any other container (`<div>`, `<section>`, a `<br>`-separated run...).
    Other,
    /// A line of a plain-text document.
    Line,
    /// A piece of a plain-text line that was split because it glued several
    /// blocks together.
    Split,
    /// A piece of a plain-text line that held a whole page flattened onto
    /// one line, cut back into paragraphs (see [`flat`]).
    Piece,
}

/// Region roles read off class/id names and HTML5 sectioning tags of a
/// block's ancestors, as a small bit set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Roles(pub u16);

impl Roles {
    /// `<nav>`, `<header>`, menus.
    pub const NAV: u16 = 1 << 0;
    /// `<footer>`, footers.
    pub const FOOTER: u16 = 1 << 1;
    /// `<aside>`, sidebars, widgets.
    pub const SIDEBAR: u16 = 1 << 2;
    /// Breadcrumb trails.
    pub const BREADCRUMB: u16 = 1 << 3;
    /// Related / recommended / trending lists.
    pub const RELATED: u16 = 1 << 4;
    /// Comment sections.
    pub const COMMENT: u16 = 1 << 5;
    /// Share / social / print widgets.
    pub const SHARE: u16 = 1 << 6;
    /// Advertising.
    pub const AD: u16 = 1 << 7;
    /// Article / main content containers (`<article>`, `<main>`, `.post-body`).
    pub const CONTENT: u16 = 1 << 8;
    /// The article's body as schema.org microdata marks it
    /// (`itemprop="articleBody"`): set by the markup, not by the class-hint
    /// lexicon, so it is not among [`Roles::NAMES`].
    pub const ARTICLE_BODY: u16 = 1 << 9;
    /// A post embedded from a social network with its embed code (a
    /// `twitter-tweet` or `instagram-media` blockquote). No feature reads
    /// it; a context rule does (`model::smooth`).
    pub const EMBED: u16 = 1 << 10;
    /// An image's caption: a `<figcaption>`, an element with a caption's
    /// class name (`wp-caption-text`, `image-caption`), or a block of any
    /// input that ends with a picture credit ([`credits`]). No feature
    /// reads it; a
    /// context rule does (`model::smooth`).
    pub const CAPTION: u16 = 1 << 11;
    /// Text for screen readers only (`screen-reader-text`, `sr-only`,
    /// `visually-hidden`), or a hover card that opens over a link: a reader
    /// never sees it, so the segmenter leaves its subtree out, as it does
    /// with `hidden` elements.
    pub const OFFSCREEN: u16 = 1 << 12;
    /// A link line: a block that opens with a pointer word and a colon
    /// ("READ MORE: …", "Related: …", [`pointers`]). No feature reads it;
    /// a context rule does (`model::smooth`).
    pub const POINTER: u16 = 1 << 13;
    /// A pointer or tag word on its own ("Related", "See also", "Topics",
    /// [`pointers`]): it heads the links under it. No feature reads it; a
    /// context rule does (`model::smooth`).
    pub const LIST_LABEL: u16 = 1 << 14;
    /// A tag line ("Tags: …", "Filed under: …", [`pointers`]): a link line
    /// to the site's own tag pages, so navigation rather than a headline.
    /// No feature reads it; a context rule does (`model::smooth`).
    pub const TAG_LINE: u16 = 1 << 15;

    /// The role names in bit order, as used in the class-hint lexicon.
    pub const NAMES: [(&'static str, u16); 12] = [
        ("nav", Roles::NAV),
        ("footer", Roles::FOOTER),
        ("sidebar", Roles::SIDEBAR),
        ("breadcrumb", Roles::BREADCRUMB),
        ("related", Roles::RELATED),
        ("comment", Roles::COMMENT),
        ("share", Roles::SHARE),
        ("ad", Roles::AD),
        ("content", Roles::CONTENT),
        ("embed", Roles::EMBED),
        ("offscreen", Roles::OFFSCREEN),
        ("caption", Roles::CAPTION),
    ];

    /// True if the given role bit is set.
    pub fn has(self, bit: u16) -> bool {
        self.0 & bit != 0
    }
}

/// One block of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Byte offset of the block's first byte in [`Segmentation::text`].
    pub start: usize,
    /// Byte offset one past the block's last byte.
    pub end: usize,
    /// The element or line kind.
    pub tag: BlockTag,
    /// Characters of the block's text that sit inside `<a>` elements.
    pub link_chars: u32,
    /// Number of `<a>` elements that contributed text.
    pub links: u32,
    /// Element depth of the block in the DOM (0 for text lines).
    pub depth: u32,
    /// Inside a `<ul>`/`<ol>`/`<dl>`, or (text) starts with a bullet.
    pub in_list: bool,
    /// Inside a `<table>`.
    pub in_table: bool,
    /// Roles of the enclosing regions.
    pub roles: Roles,
    /// The last few element names above the block, e.g. `div>ul>li`.
    pub tag_path: String,
    /// Text mode: a blank line precedes the block.
    pub gap_before: bool,
    /// HTML: the innermost element open at the block's first char (a
    /// `<strong>` or `<a>` that opens a paragraph), as an index into
    /// [`Segmentation::parents`]; [`NO_NODE`] for text lines. The
    /// container features read it, as the shipped model learned them.
    pub node: u32,
    /// HTML: the block-level element the block belongs to (the paragraph
    /// that `<strong>` opens, the `<li>` of a link), as an index into
    /// [`Segmentation::parents`]; [`NO_NODE`] for text lines. The context
    /// rules read it: sibling paragraphs share its parent, and the lines
    /// of one paragraph cut at `<br>` share it.
    pub element: u32,
}

/// The `node` of blocks that have no element (text lines), and the parent
/// of the root element.
pub const NO_NODE: u32 = u32::MAX;

impl Block {
    /// The block's text within the segmented text.
    pub fn text<'a>(&self, segmented: &'a str) -> &'a str {
        segmented.get(self.start..self.end).unwrap_or("")
    }
}

/// The outcome of segmentation.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// The text the block spans point into.
    pub text: String,
    /// The blocks in reading order.
    pub blocks: Vec<Block>,
    /// The page title (`<title>`), when there is one.
    pub title: Option<String>,
    /// The first `<h1>` of the page, when there is one.
    pub h1: Option<String>,
    /// HTML: the parent of every element (by index, in document order;
    /// [`NO_NODE`] for the root). Lets features reason about containers:
    /// which element holds most of the page's prose.
    pub parents: Vec<u32>,
    /// Text: per block, the phrase counts of its text when segmentation
    /// already took them (a long line it did not split: see
    /// [`runon::split_counted`]), so that the features do not scan the
    /// line again; empty, or shorter than `blocks`, where it took none.
    pub phrases: Vec<Option<PhraseCounts>>,
    /// The page has more blocks than the segmenter was asked to keep
    /// ([`segment_capped`]): `blocks` holds the first of them only.
    pub over_limit: bool,
}

impl Segmentation {
    /// Past `limit` blocks, keeps the first `limit` (and their phrase
    /// counts), marks the page over the limit and says so: the segmenter
    /// stops there.
    pub(crate) fn cut_at(&mut self, limit: usize) -> bool {
        if self.blocks.len() <= limit {
            return false;
        }
        self.over_limit = true;
        self.blocks.truncate(limit);
        self.phrases.truncate(limit);
        true
    }

    /// Adds `role` to every block whose text passes `test`: the marks that
    /// read a block's own words, in HTML and text alike (a picture credit,
    /// a pointer word).
    pub fn mark_blocks(&mut self, role: u16, test: impl Fn(&str) -> bool) {
        self.mark_roles(|text| if test(text) { role } else { 0 });
    }

    /// Adds to every block the role bits `roles` reads in its text.
    pub fn mark_roles(&mut self, roles: impl Fn(&str) -> u16) {
        let text = &self.text;
        for block in &mut self.blocks {
            block.roles = Roles(block.roles.0 | roles(block.text(text)));
        }
    }

    /// HTML: the parent of element `node` (`None` for the root, for text,
    /// or for an index outside [`Segmentation::parents`]).
    pub fn parent_of(&self, node: u32) -> Option<u32> {
        self.parents
            .get(node as usize)
            .copied()
            .filter(|&p| p != NO_NODE && (p as usize) < self.parents.len())
    }

    /// HTML: per block, the element holding the block's block-level
    /// element ([`Block::element`]: the container two paragraphs of one
    /// article share, whether or not one opens with `<strong>`),
    /// [`NO_NODE`] where there is none; empty for text.
    pub fn block_containers(&self) -> Vec<u32> {
        if self.parents.is_empty() {
            return Vec::new();
        }
        self.blocks
            .iter()
            .map(|b| self.parent_of(b.element).unwrap_or(NO_NODE))
            .collect()
    }

    /// HTML: per block, the element holding its container (`containers`
    /// from [`Segmentation::block_containers`]): the element an article's
    /// sections, one `<div>` of paragraphs each, share. [`NO_NODE`] where
    /// there is none; empty for text.
    pub fn outer_containers(&self, containers: &[u32]) -> Vec<u32> {
        containers
            .iter()
            .map(|&c| self.parent_of(c).unwrap_or(NO_NODE))
            .collect()
    }
}

/// Splits a document into blocks (HTML with the default parser).
pub fn segment(doc: &Document, lex: &Lexicons) -> Segmentation {
    segment_with(doc, lex, html::HtmlParser::default())
}

/// Splits a document into blocks, HTML with the given parser.
pub fn segment_with(doc: &Document, lex: &Lexicons, parser: html::HtmlParser) -> Segmentation {
    segment_capped(doc, lex, parser, 0)
}

/// [`segment_with`], keeping at most `max_blocks` blocks (0 = all): past
/// them the page is marked [`Segmentation::over_limit`] and segmentation
/// stops keeping blocks (text stops reading), so that a page of a million
/// one-word lines costs no more memory than one of `max_blocks`.
pub fn segment_capped(
    doc: &Document,
    lex: &Lexicons,
    parser: html::HtmlParser,
    max_blocks: usize,
) -> Segmentation {
    let limit = if max_blocks == 0 {
        usize::MAX
    } else {
        max_blocks
    };
    let mut seg = match doc.format {
        Format::Html => html::segment_html_capped(&doc.source, lex, parser, limit),
        Format::Text => text::segment_text_capped(&doc.source, lex, limit),
    };
    seg.mark_blocks(Roles::CAPTION, |text| credits::ends_with_credit(text, lex));
    seg.mark_roles(|text| pointers::roles(text, lex));
    seg
}
