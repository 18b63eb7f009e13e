//! The reference parser: scraper (html5ever), the full HTML5 tree builder.
//! Slower than [`super::scan`] (it builds a DOM the walk only reads once),
//! but exact where a page's markup is broken in ways the tokenizer path only
//! approximates. `--html-parser html5ever` selects it.

use std::borrow::Cow;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::events::{is_hidden, mark_simple_cells, markup_roles, Event, Events, Open};

/// Parses a page with html5ever and flattens its DOM into events.
pub fn events(source: &str, is_block_level: impl Fn(&str) -> bool) -> Events<'static> {
    let html = Html::parse_document(source);
    let mut out = Events::default();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if el.name() == "head" && out.title.is_none() {
                        out.title = head_title(node);
                    }
                    let own = |v: Option<&str>| v.map(|s| Cow::Owned(s.to_string()));
                    out.events.push(Event::Open(Open {
                        name: Cow::Owned(el.name().to_string()),
                        class: own(el.attr("class")),
                        id: own(el.attr("id")),
                        hidden: is_hidden(
                            el.attr("hidden").is_some(),
                            el.attr("aria-hidden"),
                            el.attr("style"),
                        ),
                        simple_cell: false,
                        roles: markup_roles(el.attr("role"), el.attr("itemprop")),
                    }));
                }
                Node::Text(t) => out.events.push(Event::Text(Cow::Owned(t.to_string()))),
                _ => {}
            },
            Edge::Close(node) => {
                if node.value().is_element() {
                    out.events.push(Event::Close);
                }
            }
        }
    }
    mark_simple_cells(&mut out.events, is_block_level);
    // `Html` drops its tree iteratively (ego-tree stores nodes in a Vec), so
    // deep pages are safe here too.
    out
}

/// The text of the first `<title>` in the head.
fn head_title(head: ego_tree::NodeRef<'_, Node>) -> Option<String> {
    let title = head
        .descendants()
        .find(|d| d.value().as_element().is_some_and(|e| e.name() == "title"))?;
    Some(
        title
            .descendants()
            .filter_map(|n| n.value().as_text())
            .map(|t| &**t)
            .collect(),
    )
}
