//! The fast parser: a byte-level HTML tokenizer feeding the light tree
//! builder of [`super::build`]. No DOM is built: tags and text go straight
//! into the event stream the walk reads.
//!
//! html5ever spends most of its time moving characters one at a time
//! through tendrils; here text runs are found with `memchr` and borrowed
//! from the page (copied only when they hold a character reference), and
//! only the five attributes the walk reads are kept. The tokenizer follows
//! the HTML5 states where they change the text a reader sees: tag and
//! attribute syntax, comments, doctype and bogus comments, raw-text and
//! RCDATA elements, character references.

use std::borrow::Cow;

use super::super::prescan;
use super::build::{Attrs, Builder};
use super::charref;
use super::events::{mark_simple_cells, Events};

/// Elements whose content is raw text up to their end tag (`<script>` and
/// `<style>` are too, but [`events`] cuts them out whole before asking).
fn raw_text(name: &str) -> Option<RawKind> {
    Some(match name {
        "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => RawKind::Raw,
        "textarea" | "title" => RawKind::Rcdata,
        "plaintext" => RawKind::Plaintext,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum RawKind {
    /// Content is text as written.
    Raw,
    /// Content is text with character references.
    Rcdata,
    /// Everything to the end of the page is text.
    Plaintext,
}

/// Page bytes per event on the bench pages (about 85, scripts and styles
/// included): the stream is sized from the page's length up front, instead
/// of growing from empty, a copy of every event so far at each doubling.
const BYTES_PER_EVENT: usize = 64;

/// Tokenizes a page into the walk's events, stopping once the stream holds
/// more than `max_events` events ([`Events::truncated`]): the stream takes
/// about 80 bytes per event, so a page of a million tiny elements would
/// otherwise hold hundreds of megabytes before any block is cut.
pub fn events<'a>(
    source: &'a str,
    is_block_level: impl Fn(&str) -> bool,
    max_events: usize,
) -> Events<'a> {
    let b = source.as_bytes();
    let mut builder = Builder::with_capacity((source.len() / BYTES_PER_EVENT).min(max_events));
    let mut text_from = 0;
    let mut i = 0;
    let mut truncated = false;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        if builder.len() > max_events {
            truncated = true;
            break;
        }
        let lt = i + off;
        let next = b.get(lt + 1).copied().unwrap_or(0);
        let end_tag = next == b'/' && b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic);
        if next.is_ascii_alphabetic() || end_tag {
            emit_text(&mut builder, &source[text_from..lt]);
            let name_at = lt + 1 + usize::from(end_tag);
            let (tag, after) = read_tag(source, name_at);
            i = after;
            text_from = after;
            if !end_tag && matches!(&*tag.name, "script" | "style" | "svg") {
                // Cut out whole, exactly as the pre-scan cuts them for
                // html5ever (`prescan::strip_invisible`): never text.
                let gt = prescan::tag_end(b, name_at + tag.name.len());
                i = match &*tag.name {
                    "script" => prescan::script_end(b, gt),
                    name => prescan::end_tag_end(b, gt, name.as_bytes()),
                };
                text_from = i;
                if i >= b.len() {
                    break;
                }
                continue;
            }
            if end_tag {
                builder.end(&tag.name);
            } else if let Some(kind) = raw_text(&tag.name) {
                i = raw_element(&mut builder, source, after, tag, kind);
                text_from = i;
            } else {
                builder.start(tag.name, &tag.attrs);
            }
        } else if next == b'!' || next == b'?' || next == b'/' {
            // Comments, doctypes, CDATA outside foreign content, `<?xml`
            // and `</3`: all comments to HTML5, not text. `</>` too.
            emit_text(&mut builder, &source[text_from..lt]);
            i = if b[lt + 1..].starts_with(b"!--") {
                prescan::comment_end(b, lt + 2)
            } else {
                let end = memchr::memchr(b'>', &b[lt..]).map_or(b.len(), |g| lt + g + 1);
                let doctype = b.get(lt + 2..lt + 9);
                if doctype.is_some_and(|d| d.eq_ignore_ascii_case(b"doctype")) {
                    builder.doctype(source.get(lt + 2..end.saturating_sub(1)).unwrap_or(""));
                }
                end
            };
            text_from = i;
        } else {
            // A lone `<` is text.
            i = lt + 1;
        }
        if i >= b.len() {
            break;
        }
    }
    if !truncated {
        emit_text(&mut builder, &source[text_from.min(source.len())..]);
    }
    let mut out = builder.finish();
    out.truncated = truncated;
    mark_simple_cells(&mut out.events, is_block_level);
    out
}

/// A raw-text or RCDATA element whose start tag ends at `from`: its content
/// goes to the builder as one text (a `<title>`'s to the page title);
/// returns the index after its end tag.
fn raw_element<'a>(
    builder: &mut Builder<'a>,
    source: &'a str,
    from: usize,
    tag: Tag<'a>,
    kind: RawKind,
) -> usize {
    let title = tag.name == "title";
    let opened = title || builder.start(tag.name.clone(), &tag.attrs);
    let (content, after) = match kind {
        RawKind::Plaintext => (&source[from..], source.len()),
        _ => raw_content(source, from, &tag.name),
    };
    let content = match kind {
        // NUL is U+FFFD in RCDATA, as html5ever has it.
        RawKind::Rcdata if content.contains('\0') => {
            Cow::Owned(charref::decode(content).replace('\0', "\u{fffd}"))
        }
        RawKind::Rcdata => charref::decode(content),
        _ => Cow::Borrowed(content),
    };
    if title {
        builder.title(content);
    } else if opened {
        if !content.is_empty() {
            builder.text(content);
        }
        builder.end(&tag.name);
    }
    after
}

fn emit_text<'a>(builder: &mut Builder<'a>, text: &'a str) {
    if !text.is_empty() {
        builder.text(charref::decode(text));
    }
}

/// A parsed tag: its lower-case name and the attributes the walk reads.
struct Tag<'a> {
    name: Cow<'a, str>,
    attrs: Attrs<'a>,
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Reads the tag whose name starts at `at` (just after `<` or `</`) up to
/// and including its `>`; returns it and the index after it. A tag the page
/// leaves unterminated runs to the end of the page (and is dropped by
/// HTML5; here it is kept, which matters only for the last tag).
fn read_tag(source: &str, at: usize) -> (Tag<'_>, usize) {
    let b = source.as_bytes();
    let name_end = at
        + b[at..]
            .iter()
            .take_while(|&&c| !is_space(c) && c != b'/' && c != b'>')
            .count();
    let name = lower(&source[at..name_end]);
    let mut attrs = Attrs::default();
    let mut i = name_end;
    loop {
        // Before an attribute name.
        while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (Tag { name, attrs }, b.len());
        }
        if b[i] == b'>' {
            return (Tag { name, attrs }, i + 1);
        }
        // The name: the first character may be `=`.
        let an_start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let an = &source[an_start..i];
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        let mut value: Option<&str> = None;
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let from = i + 1;
                    let to = memchr::memchr(q, &b[from..]).map_or(b.len(), |o| from + o);
                    value = Some(&source[from..to]);
                    i = (to + 1).min(b.len());
                }
                Some(b'>') | None => value = Some(""),
                Some(_) => {
                    let from = i;
                    while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                        i += 1;
                    }
                    value = Some(&source[from..i]);
                }
            }
        }
        keep_attr(&mut attrs, an, value.unwrap_or(""));
    }
}

/// Records the attributes the walk reads; the first of a name wins, as in
/// HTML5.
fn keep_attr<'a>(attrs: &mut Attrs<'a>, name: &str, value: &'a str) {
    let slot = if name.eq_ignore_ascii_case("class") {
        &mut attrs.class
    } else if name.eq_ignore_ascii_case("id") {
        &mut attrs.id
    } else if name.eq_ignore_ascii_case("style") {
        &mut attrs.style
    } else if name.eq_ignore_ascii_case("aria-hidden") {
        &mut attrs.aria_hidden
    } else if name.eq_ignore_ascii_case("itemprop") {
        &mut attrs.itemprop
    } else if name.eq_ignore_ascii_case("role") {
        &mut attrs.role
    } else {
        if name.eq_ignore_ascii_case("hidden") {
            attrs.hidden = true;
        }
        return;
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// ASCII lower case, borrowed when already lower case.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The content of a raw-text element starting at `from`, up to its end tag
/// `</name` (any case, then whitespace, `/` or `>`), and the index after
/// that end tag's `>`. Unterminated: everything to the end of the page.
fn raw_content<'a>(source: &'a str, from: usize, name: &str) -> (&'a str, usize) {
    let b = source.as_bytes();
    let n = name.as_bytes();
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + off;
        let name_at = at + 2;
        let fits = b.len() >= name_at + n.len()
            && b[name_at..name_at + n.len()].eq_ignore_ascii_case(n)
            && b.get(name_at + n.len())
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>');
        if fits {
            let end = memchr::memchr(b'>', &b[name_at..]).map_or(b.len(), |g| name_at + g + 1);
            return (&source[from..at], end);
        }
        i = at + 2;
    }
    (&source[from..], b.len())
}

#[cfg(test)]
mod tests {
    use super::super::events::Event;
    use super::*;

    /// The stream as a compact string: `<name>`, `</>`, text in quotes.
    fn show(html: &str) -> String {
        let ev = events(html, |n| matches!(n, "p" | "div" | "li" | "td"), usize::MAX);
        let mut s = String::new();
        for e in &ev.events {
            match e {
                Event::Open(o) => {
                    s.push('<');
                    s.push_str(&o.name);
                    if o.hidden {
                        s.push_str(" hidden");
                    }
                    if let Some(c) = &o.class {
                        s.push_str(&format!(" .{c}"));
                    }
                    s.push('>');
                }
                Event::Close => s.push_str("</>"),
                Event::Text(t) => s.push_str(&format!("{t:?}")),
                Event::LinkEnd => s.push_str("[/a]"),
            }
        }
        if let Some(t) = ev.title {
            s.push_str(&format!(" title={t:?}"));
        }
        s
    }

    #[test]
    fn implied_html_body_and_head_content() {
        assert_eq!(
            show("<!DOCTYPE html><title>A &amp; B</title><meta charset=utf-8>\n<p>Hi"),
            r#"<html><body><p>"Hi"</></></> title="A & B""#
        );
        assert_eq!(
            show("<HTML class=x><Body CLASS='y z'>t</body>after</html>"),
            r#"<html .x><body .y z>"t""after"</></>"#
        );
    }

    #[test]
    fn unclosed_paragraphs_items_and_cells_end_like_html5() {
        assert_eq!(
            show("<p>a<p>b<div>c</div><ul><li>d<li>e</ul>"),
            r#"<html><body><p>"a"</><p>"b"</><div>"c"</><ul><li>"d"</><li>"e"</></></></>"#
        );
        assert_eq!(
            show("<table><tr><td>a<td>b<tr><td>c</table>x"),
            concat!(
                r#"<html><body><table><tbody><tr><td>"a"</><td>"b"</></><tr><td>"c"</></></></>"#,
                r#""x"</></>"#
            )
        );
        assert_eq!(
            show("<table><td>a</table>"),
            r#"<html><body><table><tbody><tr><td>"a"</></></></></></>"#
        );
    }

    #[test]
    fn tables_close_an_open_p_unless_in_quirks_mode() {
        let page = "<p>a<table><tr><td>b</table>c";
        assert_eq!(
            show(&format!("<!DOCTYPE html>{page}")),
            r#"<html><body><p>"a"</><table><tbody><tr><td>"b"</></></></>"c"</></>"#
        );
        let quirks = r#"<html><body><p>"a"<table><tbody><tr><td>"b"</></></></>"c"</></></>"#;
        assert_eq!(show(page), quirks);
        assert_eq!(
            show(&format!(
                r#"<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">{page}"#
            )),
            quirks
        );
        // A table started in table mode closes the open one.
        assert_eq!(
            show("<!doctype html><table><b>x<table>y"),
            r#"<html><body><table><b>"x"</></><table>"y"</></></>"#
        );
    }

    #[test]
    fn nesting_is_capped_even_where_end_tags_are_ignored() {
        // `</span>` closes nothing (a special element is open), so a
        // tag-counting pre-scan sees depth 0 while the elements nest.
        let page = "<div></span>x".repeat(2_000);
        let ev = events(&page, |_| false, usize::MAX);
        let (mut depth, mut max, mut text) = (0usize, 0usize, 0usize);
        for e in &ev.events {
            match e {
                Event::Open(_) => depth += 1,
                Event::Close => depth -= 1,
                Event::Text(t) => text += t.len(),
                Event::LinkEnd => {}
            }
            max = max.max(depth);
        }
        assert_eq!(depth, 0);
        assert_eq!(max, super::super::build::MAX_OPEN);
        assert_eq!(text, 2_000, "no text lost");
    }

    #[test]
    fn stray_end_tags_close_nothing_and_p_end_makes_an_empty_p() {
        assert_eq!(
            show("<div><span>a</div></span>b</p>"),
            r#"<html><body><div><span>"a"</></>"b"<p></></></>"#
        );
    }

    #[test]
    fn misnested_link_ends_its_text_only() {
        assert_eq!(
            show("<a><div>x</a>y</div>"),
            r#"<html><body><a><div>"x"[/a]"y"</></></></>"#
        );
        assert_eq!(
            show("<a>1<a>2</a>"),
            r#"<html><body><a>"1"</><a>"2"</></></>"#
        );
    }

    #[test]
    fn comments_raw_text_attributes_and_lone_brackets() {
        assert_eq!(
            show("<p a=\"x>y\" hidden>1 < 2<!-- <p>no --> ok<textarea>&lt;b&gt;</TEXTAREA ></p>"),
            r#"<html><body><p hidden>"1 < 2"" ok"<textarea>"<b>"</></></></>"#
        );
        assert_eq!(
            show("<noscript><p>x</p></noscript><?xml ?></3>y<noscript><p>z</noscript>"),
            r#"<html><body>"y"<noscript>"<p>z"</></></>"#
        );
        assert_eq!(
            show("<p>unterminated <b"),
            r#"<html><body><p>"unterminated "<b></></></></>"#
        );
    }
}
