//! HTML segmentation: a walk over the page's elements that cuts its visible
//! text into blocks at block-level element boundaries and `<br>`s; a
//! data-table row whose cells hold only inline content is one block.
//!
//! The page comes to the walk as a flat stream of element opens, closes and
//! text ([`events`]), from one of two parsers ([`HtmlParser`]):
//! - by default, junksift's tokenizer (`scan.rs`) with a light HTML5 tree
//!   builder (`build.rs`): no DOM, one pass over the page, scripts, styles,
//!   SVG and comments skipped in place;
//! - or html5ever through scraper (`dom.rs`), after the [`prescan`] passes
//!   have cut scripts, styles, SVG and comments out and capped the nesting.
//!
//! Both give the same blocks on every bench page (`tests/parsers.rs`). The
//! walk keeps an explicit element stack, so a page of 100,000 nested
//! `<div>`s costs memory for that stack, never call-stack frames.

mod build;
mod charref;
mod dom;
pub mod events;
mod scan;

use std::borrow::Cow;

use events::{Event, Events};
use rustc_hash::FxHashMap;

use super::{prescan, Block, BlockTag, Roles, Segmentation};
use crate::lexicon::Lexicons;

/// How many element names a block keeps in its `tag_path`.
const TAG_PATH_LEN: usize = 3;

/// Element nesting beyond this depth is flattened before parsing (see
/// [`prescan::cap_depth`]).
const MAX_DEPTH: usize = 512;

/// Elements whose whole subtree is invisible or not text.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "input"
            | "select"
            | "option"
            | "textarea"
            | "button"
            | "head"
    )
}

/// Elements that start and end a block.
fn is_block_level(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "main"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "address"
            | "form"
            | "fieldset"
            | "legend"
            | "hr"
            | "br"
            | "center"
            | "details"
            | "summary"
            | "body"
            | "html"
            | "label"
    )
}

/// Elements whose whitespace is part of their text.
fn is_preformatted(name: &str) -> bool {
    name == "pre"
}

fn tag_of(name: &str) -> Option<BlockTag> {
    Some(match name {
        "p" => BlockTag::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockTag::Heading,
        "li" | "dt" | "dd" => BlockTag::ListItem,
        "td" | "th" => BlockTag::TableCell,
        "pre" | "blockquote" | "figcaption" | "address" => BlockTag::Quote,
        _ => return None,
    })
}

/// Roles implied by the HTML5 sectioning element itself.
fn tag_roles(name: &str) -> u16 {
    match name {
        "nav" | "header" | "menu" => Roles::NAV,
        "footer" => Roles::FOOTER,
        "aside" => Roles::SIDEBAR,
        "article" | "main" => Roles::CONTENT,
        "figcaption" => Roles::CAPTION,
        _ => 0,
    }
}

/// What the walk remembers about each open element.
struct Frame<'a> {
    name: Cow<'a, str>,
    /// Index of the element in [`Segmentation::parents`].
    node: u32,
    /// The innermost block-level element open here (this one, or the one
    /// an inline element sits in): the element a block that starts inside
    /// this one belongs to.
    block_node: u32,
    roles: u16,
    tag: Option<BlockTag>,
    list: bool,
    table: bool,
    anchor: bool,
    /// A table cell merged into its row's block (see [`is_simple_cell`]).
    inline_cell: bool,
}

/// Accumulates the text of the block being built.
#[derive(Default)]
struct Pending {
    text: String,
    space: bool,
    /// The whitespace seen since the last char, as written, when some of
    /// it was inside preformatted text: it goes into the block verbatim
    /// (newlines and indentation), instead of one space.
    verbatim: String,
    link_chars: u32,
    links: u32,
    last_link_seen: bool,
    prev_in_link: bool,
    started: Option<BlockStart>,
}

struct BlockStart {
    node: u32,
    element: u32,
    tag: BlockTag,
    depth: u32,
    in_list: bool,
    in_table: bool,
    roles: Roles,
    tag_path: String,
}

/// Which parser turns the page into [`events::Event`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HtmlParser {
    /// The tokenizer with a light tree builder (`scan.rs`, `build.rs`): no
    /// DOM, several times faster; the default, and what the shipped model
    /// learned from.
    #[default]
    Scan,
    /// html5ever through scraper (`dom.rs`): the full HTML5 tree builder.
    Html5ever,
}

/// Parser events a capped segmentation reads per block it may keep
/// ([`segment_html_capped`]): 400,000 for the default 20,000 blocks,
/// about 32 MB. The dev sets' pages have 13 per block on average, and at
/// most 5,200 in all.
const EVENTS_PER_BLOCK: usize = 20;

/// Segments an HTML page with the default parser.
pub fn segment_html(source: &str, lex: &Lexicons) -> Segmentation {
    segment_html_with(source, lex, HtmlParser::default())
}

/// Segments an HTML page with the given parser.
pub fn segment_html_with(source: &str, lex: &Lexicons, parser: HtmlParser) -> Segmentation {
    segment_html_capped(source, lex, parser, usize::MAX)
}

/// [`segment_html_with`], keeping no more than `limit` blocks
/// ([`Segmentation::over_limit`]). The page is still read to its end (the
/// parsers produce the whole event stream first), but blocks past the
/// limit, which the later stages would hold a few kilobytes each for, are
/// not kept.
pub fn segment_html_capped(
    source: &str,
    lex: &Lexicons,
    parser: HtmlParser,
    limit: usize,
) -> Segmentation {
    let walk = |page| walk(page, lex, limit);
    let max_events = limit.saturating_mul(EVENTS_PER_BLOCK);
    match parser {
        // The tokenizer cuts scripts, styles and SVG out itself, as the
        // pre-scan does, and caps nesting in its tree builder: no pass over
        // the page before it, and no copy.
        HtmlParser::Scan => walk(scan::events(source, is_block_level, max_events)),
        HtmlParser::Html5ever => {
            // html5ever searches its open elements at every start tag, so a
            // page that keeps them growing (`<div></span>` repeated: the
            // end tags close nothing, and the pre-scan's depth count does
            // not see it) costs it quadratic time. The tokenizer caps them;
            // such a page is left to it.
            let scanned = scan::events(source, is_block_level, max_events);
            if scanned.capped || scanned.truncated {
                return walk(scanned);
            }
            let source = prescan::strip_invisible(source);
            let source = prescan::cap_depth(&source, MAX_DEPTH);
            walk(dom::events(&source, is_block_level))
        }
    }
}

/// Cuts the event stream into blocks.
fn walk(page: Events<'_>, lex: &Lexicons, limit: usize) -> Segmentation {
    let mut out = Segmentation {
        over_limit: page.truncated,
        title: page
            .title
            .as_deref()
            .map(collapse)
            .filter(|t| !t.is_empty()),
        ..Segmentation::default()
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut pending = Pending::default();
    // While inside a dropped element: how many elements are open in it.
    let mut skipping = 0usize;
    let mut in_title = false;
    let mut in_h1 = false;
    let mut h1 = String::new();
    let mut anchor_depth = 0usize;
    // How many preformatted elements are open.
    let mut pre_depth = 0usize;
    let mut classes = ClassRoles::default();

    for event in page.events {
        match event {
            Event::Open(mut el) => {
                if skipping > 0 {
                    skipping += 1;
                    continue;
                }
                let name = &*el.name;
                if name == "title" && out.title.is_none() {
                    in_title = true;
                }
                let mut class_roles =
                    classes.roles(lex, el.class.take()) | lex.class_roles(None, el.id.as_deref());
                // On `<html>` and `<body>`, class names are page-type and
                // plugin flags ("sfwppa-navi-style", "has-sidebar",
                // "f_caption_muted_videos_on"): the whole page is no menu,
                // footer, sidebar or caption, and only a content hint
                // ("single-post") says something of it. A caption is a small
                // element: the article's own element names none either.
                match name {
                    "html" | "body" => class_roles &= Roles::CONTENT | Roles::ARTICLE_BODY,
                    "main" | "article" => class_roles &= !Roles::CAPTION,
                    _ => {}
                }
                if is_dropped(name) || el.hidden || class_roles & Roles::OFFSCREEN != 0 {
                    skipping = 1;
                    continue;
                }
                // A table cell holding only inline content is part of its
                // row: the row is one block ("DL Larry Ogunjobi 63 85% 1
                // tackle"), as a reader sees it, instead of five fragments
                // too short to judge.
                let inline_cell = el.simple_cell;
                if inline_cell {
                    pending.space = true;
                } else if is_block_level(name) {
                    flush(&mut pending, &mut out, limit);
                }
                let parent = stack.last();
                let mut roles = parent.map_or(0, |f| f.roles) | tag_roles(name);
                roles |= class_roles | el.roles;
                let anchor = name == "a";
                if anchor {
                    anchor_depth += 1;
                    pending.last_link_seen = false;
                }
                if name == "h1" && out.h1.is_none() {
                    in_h1 = true;
                }
                if is_preformatted(name) {
                    pre_depth += 1;
                }
                let node = u32::try_from(out.parents.len()).unwrap_or(u32::MAX);
                out.parents.push(parent.map_or(u32::MAX, |f| f.node));
                // A paragraph that opens with `<strong>` or a link is the
                // paragraph's block, not the inline element's: its container
                // is the one its sibling paragraphs share.
                let block_node = match parent {
                    Some(f) if inline_cell || !is_block_level(name) => f.block_node,
                    _ => node,
                };
                let frame = Frame {
                    node,
                    block_node,
                    roles,
                    tag: tag_of(name).or(parent.and_then(|f| f.tag)),
                    list: parent.is_some_and(|f| f.list)
                        || matches!(name, "ul" | "ol" | "dl" | "menu"),
                    table: parent.is_some_and(|f| f.table) || name == "table",
                    anchor,
                    inline_cell,
                    name: el.name,
                };
                stack.push(frame);
            }
            Event::Text(t) => {
                if skipping > 0 || in_title {
                    continue;
                }
                if in_h1 {
                    h1.push_str(&t);
                }
                if pre_depth > 0 {
                    push_text::<true>(&mut pending, &t, anchor_depth > 0, &stack);
                } else {
                    push_text::<false>(&mut pending, &t, anchor_depth > 0, &stack);
                }
            }
            Event::LinkEnd => {
                if skipping == 0 {
                    if let Some(f) = stack.iter_mut().rev().find(|f| f.anchor) {
                        f.anchor = false;
                        anchor_depth = anchor_depth.saturating_sub(1);
                    }
                }
            }
            Event::Close => {
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                let Some(frame) = stack.pop() else {
                    continue;
                };
                let name = &*frame.name;
                if name == "title" {
                    in_title = false;
                }
                if name == "h1" && in_h1 {
                    in_h1 = false;
                    let t = collapse(&h1);
                    if !t.is_empty() {
                        out.h1 = Some(t);
                    }
                }
                if frame.anchor {
                    anchor_depth = anchor_depth.saturating_sub(1);
                }
                if is_preformatted(name) {
                    pre_depth = pre_depth.saturating_sub(1);
                }
                if frame.inline_cell {
                    pending.space = true;
                } else if is_block_level(name) {
                    flush(&mut pending, &mut out, limit);
                }
            }
        }
    }
    flush(&mut pending, &mut out, limit);
    if out.title.is_none() {
        out.title = out.h1.clone();
    }
    out
}

/// The roles of the `class` attributes of one page, each looked up once: a
/// page repeats the same class attribute on many elements (every menu
/// item, every teaser of a list), and [`Lexicons::class_roles`] splits it
/// and looks up each of its names every time. `id`s, unique by nature, are
/// not kept.
#[derive(Default)]
struct ClassRoles<'a> {
    known: FxHashMap<Cow<'a, str>, u16>,
}

/// Distinct class attributes [`ClassRoles`] keeps per page: past them, new
/// ones are looked up without being kept, so that a page of a million
/// distinct classes does not hold them all.
const MAX_KNOWN_CLASSES: usize = 4096;

impl<'a> ClassRoles<'a> {
    /// The roles `class` signals (0 for none), as
    /// [`Lexicons::class_roles`] gives them.
    fn roles(&mut self, lex: &Lexicons, class: Option<Cow<'a, str>>) -> u16 {
        let Some(class) = class else {
            return 0;
        };
        if let Some(&roles) = self.known.get(&*class) {
            return roles;
        }
        let roles = lex.class_roles(Some(&class), None);
        if self.known.len() < MAX_KNOWN_CLASSES {
            self.known.insert(class, roles);
        }
        roles
    }
}

/// Adds a text node to the pending block. Runs of whitespace become one
/// space, except in preformatted text (`PRE`: a `<pre>` is open), whose
/// newlines, tabs and indentation are kept as written: code keeps its lines
/// (a `//` comment would otherwise run over the rest of the listing) and
/// Python its indentation. Whitespace before a block's first char or
/// after its last is dropped either way.
///
/// `PRE` is a constant so that the text outside `<pre>`, nearly all of it,
/// runs a loop without its tests.
fn push_text<const PRE: bool>(p: &mut Pending, text: &str, in_link: bool, stack: &[Frame<'_>]) {
    for ch in text.chars() {
        if ch.is_whitespace() || ch == '\u{a0}' || ch == '\u{200b}' || ch == '\u{feff}' {
            p.space = true;
            if PRE {
                match ch {
                    '\n' | '\t' => p.verbatim.push(ch),
                    // \r\n is one line break; a zero-width space is none.
                    '\r' | '\u{200b}' | '\u{feff}' => {}
                    _ => p.verbatim.push(' '),
                }
            }
            continue;
        }
        if ch.is_control() {
            continue;
        }
        if p.started.is_none() {
            p.started = Some(start_of(stack));
        }
        if p.space {
            if !p.text.is_empty() {
                // Outside `<pre>` nothing is verbatim: the `<pre>`'s block
                // ended at its end tag.
                let spaces = if !PRE || p.verbatim.is_empty() {
                    p.text.push(' ');
                    1
                } else {
                    p.text.push_str(&p.verbatim);
                    u32::try_from(p.verbatim.chars().count()).unwrap_or(u32::MAX)
                };
                // A space inside a link's text belongs to the link; one
                // before it does not.
                if in_link && p.prev_in_link {
                    p.link_chars = p.link_chars.saturating_add(spaces);
                }
            }
            if PRE {
                p.verbatim.clear();
            }
        }
        p.prev_in_link = in_link;
        p.space = false;
        p.text.push(ch);
        if in_link {
            p.link_chars += 1;
            if !p.last_link_seen {
                p.links += 1;
                p.last_link_seen = true;
            }
        }
    }
}

fn start_of(stack: &[Frame<'_>]) -> BlockStart {
    let top = stack.last();
    let from = stack.len().saturating_sub(TAG_PATH_LEN);
    let tag_path = stack[from..]
        .iter()
        .map(|f| &*f.name)
        .collect::<Vec<_>>()
        .join(">");
    BlockStart {
        node: top.map_or(u32::MAX, |f| f.node),
        element: top.map_or(u32::MAX, |f| f.block_node),
        tag: top.and_then(|f| f.tag).unwrap_or(BlockTag::Other),
        depth: u32::try_from(stack.len()).unwrap_or(u32::MAX),
        in_list: top.is_some_and(|f| f.list),
        in_table: top.is_some_and(|f| f.table),
        roles: Roles(top.map_or(0, |f| f.roles)),
        tag_path,
    }
}

fn flush(p: &mut Pending, out: &mut Segmentation, limit: usize) {
    p.verbatim.clear();
    let Some(start) = p.started.take() else {
        p.text.clear();
        p.space = false;
        return;
    };
    if out.blocks.len() < limit {
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        let begin = out.text.len();
        out.text.push_str(&p.text);
        let end = out.text.len();
        let chars = u32::try_from(p.text.chars().count()).unwrap_or(u32::MAX);
        out.blocks.push(Block {
            start: begin,
            end,
            tag: start.tag,
            link_chars: p.link_chars.min(chars),
            links: p.links,
            depth: start.depth,
            in_list: start.in_list,
            in_table: start.in_table,
            roles: start.roles,
            tag_path: start.tag_path,
            gap_before: false,
            node: start.node,
            element: start.element,
        });
    } else {
        out.over_limit = true;
    }
    p.text.clear();
    p.space = false;
    p.link_chars = 0;
    p.links = 0;
    p.last_link_seen = false;
    p.prev_in_link = false;
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(html: &str) -> Segmentation {
        segment_html(html, &Lexicons::embedded())
    }

    /// A block belongs to its block-level element, not to the inline
    /// element its first word sits in: a paragraph that opens with
    /// `<strong>` or a link shares its container with its sibling
    /// paragraphs, a menu item led by its link shares the list, and the
    /// lines of one paragraph cut at `<br>` share the paragraph.
    #[test]
    fn a_block_belongs_to_its_block_level_element() {
        let lex = Lexicons::embedded();
        let page = "<div><p>One plain paragraph.</p><p><strong>TWO</strong> opens in bold.</p>\
                    <p><a href=\"/x\">Three</a> opens with a link.</p></div>\
                    <ul><li><a href=\"/a\">Home</a></li><li><a href=\"/b\">About</a></li></ul>\
                    <p>Line one<br>line two<br><em>line</em> three</p>";
        for parser in [HtmlParser::Scan, HtmlParser::Html5ever] {
            let s = segment_html_with(page, &lex, parser);
            let texts: Vec<&str> = s.blocks.iter().map(|b| b.text(&s.text)).collect();
            assert_eq!(texts.len(), 8, "{parser:?}: {texts:?}");
            let c = s.block_containers();
            assert!(
                c[0] != crate::segment::NO_NODE && c[0] == c[1] && c[1] == c[2],
                "{parser:?}: {c:?}"
            );
            assert!(
                c[3] != crate::segment::NO_NODE && c[3] == c[4] && c[3] != c[0],
                "{parser:?}: {c:?}"
            );
            let elements: Vec<u32> = s.blocks.iter().map(|b| b.element).collect();
            assert!(
                elements[5] == elements[6] && elements[6] == elements[7],
                "{parser:?}: {elements:?}"
            );
            assert_ne!(elements[0], elements[1], "{parser:?}: {elements:?}");
            // The features still see the inline element that opens a block.
            assert_ne!(s.blocks[1].node, s.blocks[1].element, "{parser:?}");
        }
    }

    /// Preformatted text keeps its lines and indentation, with either
    /// parser; whitespace elsewhere still collapses, and a block starts and
    /// ends with a char either way.
    #[test]
    fn preformatted_text_keeps_its_lines_and_indentation() {
        let lex = Lexicons::embedded();
        let page = "<p>Take   this\n function:</p><pre>\n<code>def f(x):\r\n    \
                    <b>return</b> x  # <a href=\"/d\">doubled</a>\n\n\
                    print(f(2))\n</code></pre><p>and  run it.</p>";
        for parser in [HtmlParser::Scan, HtmlParser::Html5ever] {
            let s = segment_html_with(page, &lex, parser);
            let texts: Vec<&str> = s.blocks.iter().map(|b| b.text(&s.text)).collect();
            assert_eq!(
                texts,
                [
                    "Take this function:",
                    "def f(x):\n    return x  # doubled\n\nprint(f(2))",
                    "and run it.",
                ],
                "{parser:?}"
            );
            // The link's text is counted as such, the spaces before it not.
            assert_eq!(s.blocks[1].link_chars, 7, "{parser:?}");
        }
    }

    /// A capped segmentation keeps the first blocks and says the page had
    /// more, whether it ran out of blocks or of parser events (a page of
    /// many tiny inline elements), with either parser.
    #[test]
    fn capped_segmentation_stops_at_the_limit() {
        let lex = Lexicons::embedded();
        let paragraphs = "<p>One paragraph.</p>".repeat(5);
        let inline = format!("<p>{}</p>", "<b>x</b> ".repeat(100));
        for parser in [HtmlParser::Scan, HtmlParser::Html5ever] {
            let full = segment_html_with(&paragraphs, &lex, parser);
            assert_eq!(full.blocks.len(), 5);
            assert!(!full.over_limit);
            let at = segment_html_capped(&paragraphs, &lex, parser, 5);
            assert_eq!(at.blocks.len(), 5);
            assert!(!at.over_limit);
            let over = segment_html_capped(&paragraphs, &lex, parser, 3);
            assert_eq!(over.blocks.len(), 3);
            assert!(over.over_limit);
            assert_eq!(over.text, "One paragraph.\nOne paragraph.\nOne paragraph.");

            // One block, but over 300 events: past 2 blocks' worth of them.
            assert_eq!(segment_html_with(&inline, &lex, parser).blocks.len(), 1);
            assert!(segment_html_capped(&inline, &lex, parser, 2).over_limit);
            assert!(!segment_html_capped(&inline, &lex, parser, 50).over_limit);
        }
    }

    /// A caption's class name marks its text as a caption; the class soup
    /// of `<body>` does not make the whole page one.
    #[test]
    fn caption_classes_mark_captions_not_pages() {
        let s = seg("<html><body class=\"permalink f_caption_muted_videos_on\">\
             <p>The article's first paragraph.</p>\
             <div class=\"image-meta\"><div class=\"image-caption\">Teachers rally at the \
             Statehouse in Indianapolis.</div></div>\
             <div class=\"InlineImage wp-caption-text\">A second caption.</div>\
             <p>The article's second paragraph.</p></body></html>");
        let captions: Vec<bool> = s
            .blocks
            .iter()
            .map(|b| b.roles.has(Roles::CAPTION))
            .collect();
        assert_eq!(captions, [false, true, true, false]);
    }

    #[test]
    fn body_class_flags_make_no_region() {
        let s = seg(
            "<html class=\"has-navbar\"><body class=\"single-post sfwppa-navi-style \
             has-sidebar footer-widgets comments-open\"><article><p>The article's only \
             paragraph.</p></article><footer><p>About us</p></footer></body></html>",
        );
        let roles: Vec<Roles> = s.blocks.iter().map(|b| b.roles).collect();
        let regions = Roles::NAV | Roles::FOOTER | Roles::SIDEBAR | Roles::COMMENT;
        assert!(!roles[0].has(regions), "{:?}", roles[0]);
        assert!(roles[0].has(Roles::CONTENT));
        assert!(roles[1].has(Roles::FOOTER));
    }

    #[test]
    fn blocks_links_and_dropped_elements() {
        let s = seg(
            "<html><head><title>T</title><style>x{}</style></head><body>\
             <nav><ul><li><a href=/>Home</a></li><li><a href=/n>News</a></li></ul></nav>\
             <p>Hello <b>world</b>, this is <a href=#>a link</a>.</p>\
             <script>var x = 1;</script><div hidden>secret</div>\
             <p>one<br>two</p></body></html>",
        );
        let texts: Vec<&str> = s.blocks.iter().map(|b| b.text(&s.text)).collect();
        assert_eq!(
            texts,
            ["Home", "News", "Hello world, this is a link.", "one", "two"]
        );
        assert_eq!(s.title.as_deref(), Some("T"));
        assert_eq!(s.blocks[0].link_chars, 4);
        assert!(s.blocks[0].roles.has(Roles::NAV));
        assert!(s.blocks[0].in_list);
        assert_eq!(s.blocks[2].link_chars, 6);
        assert_eq!(s.blocks[2].tag, BlockTag::Paragraph);
    }

    #[test]
    fn text_no_reader_sees_is_left_out() {
        let s = seg(
            "<p><a class=\"skip-link screen-reader-text\" href=#main>Skip to content</a></p>\
             <p>The governor <span class=sr-only>(opens a profile)</span>spoke.</p>\
             <p>Rep. <a href=/p>Ilhan Omar</a><span class=hovercard><a href=/x>Another \
             story</a></span> (D-Minn.) said so.</p><p class=only-screen>Shown.</p>",
        );
        let texts: Vec<&str> = s.blocks.iter().map(|b| b.text(&s.text)).collect();
        assert_eq!(
            texts,
            [
                "The governor spoke.",
                "Rep. Ilhan Omar (D-Minn.) said so.",
                "Shown."
            ]
        );
    }

    #[test]
    fn data_table_rows_are_blocks_and_layout_cells_are_not() {
        let s = seg("<table><tr><th>Pos</th><th>Player</th><th>Plays</th></tr>\
             <tr><td>DL</td><td><a href=/p>Larry Ogunjobi</a></td><td>63</td></tr></table>\
             <table><tr><td><p>First column story.</p></td><td>Side note</td></tr></table>");
        let texts: Vec<&str> = s.blocks.iter().map(|b| b.text(&s.text)).collect();
        assert_eq!(
            texts,
            [
                "Pos Player Plays",
                "DL Larry Ogunjobi 63",
                "First column story.",
                "Side note"
            ]
        );
        assert_eq!(s.blocks[1].tag, BlockTag::TableCell);
        assert!(s.blocks[1].in_table);
        assert_eq!(s.blocks[1].link_chars, 14);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let n = 100_000;
        let html = format!("{}deep text{}", "<div>".repeat(n), "</div>".repeat(n));
        let s = seg(&html);
        assert_eq!(s.blocks.len(), 1);
        assert_eq!(s.blocks[0].text(&s.text), "deep text");
    }
}
