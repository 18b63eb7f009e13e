//! The page as the segmenting walk reads it: a flat, well-nested stream of
//! element opens, closes and text, produced by either parser
//! (the tokenizer of `scan.rs`, or html5ever's DOM in `dom.rs`).
//!
//! A flat stream (instead of a tree) is what the walk needs and what a
//! streaming tokenizer can produce without building a DOM; it also lets the
//! one lookahead the walk needs, "does this table cell hold any block-level
//! element?", be answered for every cell in one pass ([`mark_simple_cells`]).

use std::borrow::Cow;

use crate::segment::Roles;

/// One step of the stream. Every [`Event::Open`] is matched by exactly one
/// later [`Event::Close`], so the stream is a tree in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Event<'a> {
    /// An element starts.
    Open(Open<'a>),
    /// The innermost open element ends.
    Close,
    /// Text (character references already decoded).
    Text(Cow<'a, str>),
    /// A link ends although elements opened inside it are still open (a
    /// misnested `</a>`, as in `<a><div>x</a>y</div>`): text from here on is
    /// no longer link text. Only the tokenizer path emits it.
    LinkEnd,
}

/// An element start, with the few attributes the walk reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Open<'a> {
    /// Lower-case element name.
    pub name: Cow<'a, str>,
    /// The `class` attribute.
    pub class: Option<Cow<'a, str>>,
    /// The `id` attribute.
    pub id: Option<Cow<'a, str>>,
    /// `hidden`, `aria-hidden="true"` or an inline `display:none` /
    /// `visibility:hidden` (see [`is_hidden`]).
    pub hidden: bool,
    /// A `<td>`/`<th>` with no block-level element below it (set by
    /// [`mark_simple_cells`]; false for other elements).
    pub simple_cell: bool,
    /// Roles the markup states outright ([`markup_roles`]).
    pub roles: u16,
}

/// Roles an element's markup states outright, whatever its classes say:
/// - ARIA landmarks (`role="navigation"`, `"banner"`, `"search"`, menus:
///   navigation; `"contentinfo"`: footer; `"complementary"`: sidebar;
///   `"main"`, `"article"`: content), which templates put on the page's
///   regions for screen readers;
/// - schema.org microdata's article body (`itemprop="articleBody"`), which
///   news and blog templates put on the text of the article proper, apart
///   from the headline, byline and teasers around it.
///
/// Both attributes hold space-separated tokens; case is ignored.
pub fn markup_roles(role: Option<&str>, itemprop: Option<&str>) -> u16 {
    let mut roles = 0;
    for token in role.into_iter().flat_map(str::split_ascii_whitespace) {
        let is = |name: &str| token.eq_ignore_ascii_case(name);
        roles |= if is("navigation") || is("banner") || is("search") || is("menu") || is("menubar")
        {
            Roles::NAV
        } else if is("contentinfo") {
            Roles::FOOTER
        } else if is("complementary") {
            Roles::SIDEBAR
        } else if is("main") || is("article") {
            Roles::CONTENT
        } else {
            0
        };
    }
    if itemprop
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .any(|t| t.eq_ignore_ascii_case("articleBody"))
    {
        roles |= Roles::ARTICLE_BODY;
    }
    roles
}

/// The stream of a page, and its `<title>`.
#[derive(Debug, Default)]
pub struct Events<'a> {
    /// The page in document order.
    pub events: Vec<Event<'a>>,
    /// The text of the document's `<title>` (as written, not collapsed).
    pub title: Option<String>,
    /// The tokenizer's tree builder dropped start tags past its nesting
    /// cap (only hostile or broken pages nest that deep).
    pub capped: bool,
    /// The tokenizer stopped reading at its event limit (see
    /// [`super::segment_html_capped`]): the stream covers the page's start
    /// only.
    pub truncated: bool,
}

/// Whether an element with these attributes hides its subtree: `hidden`,
/// `aria-hidden="true"`, or an inline style with `display:none` or
/// `visibility:hidden` (spaces and case ignored).
pub fn is_hidden(hidden: bool, aria_hidden: Option<&str>, style: Option<&str>) -> bool {
    if hidden || aria_hidden.is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return true;
    }
    style.is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Sets [`Open::simple_cell`] on every table cell that has no block-level
/// element among its descendants (whether visible or not), in one pass.
///
/// When a block-level element opens, every cell still open above it is not
/// simple. Marking goes from the innermost open cell outwards and stops at
/// one already marked: that one was marked while all cells around it were
/// open, so they were marked too. Each cell is marked at most once.
pub fn mark_simple_cells(events: &mut [Event<'_>], is_block_level: impl Fn(&str) -> bool) {
    // Per open element: the event index of the cell, or None.
    let mut open: Vec<Option<usize>> = Vec::new();
    for i in 0..events.len() {
        let (name_is_block, cell) = match &mut events[i] {
            Event::Open(o) => {
                let cell = matches!(&*o.name, "td" | "th");
                o.simple_cell = cell;
                (is_block_level(&o.name), cell)
            }
            Event::Close => {
                open.pop();
                continue;
            }
            _ => continue,
        };
        if name_is_block {
            for &c in open.iter().rev().flatten() {
                match &mut events[c] {
                    Event::Open(o) if o.simple_cell => o.simple_cell = false,
                    _ => break,
                }
            }
        }
        open.push(cell.then_some(i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(name: &'static str) -> Event<'static> {
        Event::Open(Open {
            name: Cow::Borrowed(name),
            ..Open::default()
        })
    }

    #[test]
    fn markup_states_landmarks_and_the_article_body() {
        assert_eq!(markup_roles(Some("navigation"), None), Roles::NAV);
        assert_eq!(markup_roles(Some("Banner"), None), Roles::NAV);
        assert_eq!(markup_roles(Some("contentinfo"), None), Roles::FOOTER);
        assert_eq!(markup_roles(Some("complementary"), None), Roles::SIDEBAR);
        assert_eq!(markup_roles(Some("main"), None), Roles::CONTENT);
        assert_eq!(markup_roles(Some("button"), None), 0);
        assert_eq!(markup_roles(None, Some("articleBody")), Roles::ARTICLE_BODY);
        assert_eq!(
            markup_roles(Some("region main"), Some("text articlebody")),
            Roles::CONTENT | Roles::ARTICLE_BODY
        );
        assert_eq!(markup_roles(None, Some("headline")), 0);
        assert_eq!(markup_roles(None, None), 0);
    }

    #[test]
    fn cells_with_block_descendants_are_not_simple() {
        // <td><td><b>x</b></td><td><div><td>y</td></div></td></td>
        let mut ev = vec![
            open("td"),
            open("td"),
            open("b"),
            Event::Close,
            Event::Close,
            open("td"),
            open("div"),
            open("td"),
            Event::Close,
            Event::Close,
            Event::Close,
            Event::Close,
        ];
        mark_simple_cells(&mut ev, |n| matches!(n, "td" | "div"));
        let simple: Vec<bool> = ev
            .iter()
            .filter_map(|e| match e {
                Event::Open(o) if o.name == "td" => Some(o.simple_cell),
                _ => None,
            })
            .collect();
        assert_eq!(simple, [false, true, false, true]);
    }

    #[test]
    fn hidden_attributes() {
        assert!(is_hidden(true, None, None));
        assert!(is_hidden(false, Some("TRUE"), None));
        assert!(!is_hidden(false, Some("false"), None));
        assert!(is_hidden(false, None, Some("color:red; Display : None")));
        assert!(!is_hidden(false, None, Some("display:block")));
    }
}
