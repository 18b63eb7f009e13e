//! Cheap byte-level passes over an HTML page before html5ever sees it (with
//! `--html-parser html5ever`; junksift's own tokenizer skips the same
//! elements in place with the scanners below, and caps nesting itself).
//!
//! html5ever spends much of its time on bytes that can never become text: on
//! the bench pages, inline `<script>`s are 30% of the HTML, `<style>` sheets
//! 26%, `<svg>` drawings 4% and comments 1.5%. [`strip_invisible`] cuts
//! those elements out with a memchr scan, so the parser only tokenizes what
//! the segmenter may keep. [`cap_depth`] guards the tree builder against
//! hostile nesting.
//!
//! Both passes return the input unchanged, without copying, when they have
//! nothing to do.

use std::borrow::Cow;

/// Elements whose whole content is dropped by the segmenter and whose end
/// is found by a plain search for their end tag (the parser reads script
/// and style content as raw text, so no markup inside can end them sooner).
const RAW_DROPPED: [&[u8]; 3] = [b"script", b"style", b"svg"];

/// Removes comments and `<script>`, `<style>` and `<svg>` elements (start
/// tag, content and end tag). The segmenter drops them anyway, so the blocks
/// come out the same; the parser just has less to read.
///
/// Tags are scanned with their attributes, so a `<script>` written inside a
/// quoted attribute value is not taken for an element. An element or comment
/// left open runs to the end of the page, as it does for the parser.
pub fn strip_invisible(source: &str) -> Cow<'_, str> {
    let b = source.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        let cut_end = if rest.starts_with(b"!--") {
            // `<!-->` and `<!--->` are complete (empty) comments.
            Some(comment_end(b, lt + 2))
        } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
            let name_len = rest.iter().take_while(|&&c| !ends_tag_name(c)).count();
            let name = &rest[..name_len];
            let gt = tag_end(b, lt + 1 + name_len);
            match RAW_DROPPED.iter().find(|r| r.eq_ignore_ascii_case(name)) {
                Some(&raw) if raw == b"script" => Some(script_end(b, gt)),
                Some(raw) => Some(end_tag_end(b, gt, raw)),
                None => {
                    i = gt;
                    continue;
                }
            }
        } else {
            None
        };
        match cut_end {
            Some(end) => {
                let o = out.get_or_insert_with(|| String::with_capacity(source.len()));
                o.push_str(&source[copied..lt]);
                copied = end;
                i = end;
            }
            None => i = lt + 1,
        }
        if i >= b.len() {
            break;
        }
    }
    match out {
        None => Cow::Borrowed(source),
        Some(mut o) => {
            o.push_str(&source[copied.min(source.len())..]);
            Cow::Owned(o)
        }
    }
}

/// One past the end of the comment whose dashes start at `from` (`-->` or
/// `--!>`), or the end of the page.
pub(crate) fn comment_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memchr(b'>', &b[i..]) {
        let gt = i + off;
        let before = &b[from..gt];
        if before.ends_with(b"--") || before.ends_with(b"--!") {
            return gt + 1;
        }
        i = gt + 1;
    }
    b.len()
}

/// One past the `>` that closes the tag whose attributes start at `from`,
/// skipping quoted attribute values, or the end of the page.
pub(crate) fn tag_end(b: &[u8], from: usize) -> usize {
    let mut i = from;
    let mut after_eq = false;
    while i < b.len() {
        match b[i] {
            b'>' => return i + 1,
            b'=' => after_eq = true,
            q @ (b'"' | b'\'') if after_eq => {
                match memchr::memchr(q, &b[i + 1..]) {
                    Some(off) => i += off + 1,
                    None => return b.len(),
                }
                after_eq = false;
            }
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' => {}
            _ => after_eq = false,
        }
        i += 1;
    }
    b.len()
}

/// One past the end tag `</name>` found from `from` (any case, followed by
/// whitespace, `/` or `>`), or the end of the page.
pub(crate) fn end_tag_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(off) = memchr::memmem::find(&b[i..], b"</") {
        let at = i + off + 2;
        if tag_name_at(b, at, name) {
            return tag_end(b, at + name.len());
        }
        i = at;
    }
    b.len()
}

/// Whitespace, `/` and `>` end a tag name.
fn ends_tag_name(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
}

/// Whether `b[at..]` starts with `name` (any case) followed by whitespace,
/// `/` or `>` (or the end of the page), as an HTML tag name must be.
fn tag_name_at(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.len() >= at + name.len()
        && b[at..at + name.len()].eq_ignore_ascii_case(name)
        && b.get(at + name.len()).is_none_or(|&c| ends_tag_name(c))
}

/// One past the end of the `</script>` that ends a script whose content
/// starts at `from`, following the HTML5 script-data states: inside `<!--`
/// a nested `<script>` makes the next `</script>` part of the script (the
/// old `document.write('<script>…</script>')` idiom).
pub(crate) fn script_end(b: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut i = from;
    while let Some(off) = memchr::memchr2(b'<', b'-', &b[i..]) {
        let at = i + off;
        i = at + 1;
        if b[at] == b'-' {
            if state != State::Data && b[at..].starts_with(b"-->") {
                state = State::Data;
                i = at + 3;
            }
            continue;
        }
        if b[at..].starts_with(b"</") && tag_name_at(b, at + 2, b"script") {
            if state == State::DoubleEscaped {
                state = State::Escaped;
                i = at + 8;
                continue;
            }
            return tag_end(b, at + 8);
        }
        if state == State::Data && b[at..].starts_with(b"<!--") {
            state = State::Escaped;
            i = at + 4;
        } else if state == State::Escaped && tag_name_at(b, at + 1, b"script") {
            state = State::DoubleEscaped;
            i = at + 7;
        }
    }
    b.len()
}

/// Removes the tags (not the text) of elements nested deeper than `max`,
/// found by a cheap tag scan. Returns the input unchanged, without copying,
/// when no element is that deep, which is the case for real pages.
///
/// Real pages stay far below any sensible `max`; hostile ones (100,000
/// nested `<div>`s) would make the HTML5 tree builder quadratic, since it
/// scans the stack of open elements at every start tag.
pub fn cap_depth(source: &str, max: usize) -> Cow<'_, str> {
    let scan = |mut keep: Option<&mut String>| -> bool {
        let b = source.as_bytes();
        let mut depth = 0usize;
        let mut deep = false;
        let mut i = 0;
        let mut copied = 0;
        while let Some(off) = memchr::memchr(b'<', &b[i..]) {
            let lt = i + off;
            let Some(gt) = memchr::memchr(b'>', &b[lt..]).map(|g| lt + g) else {
                break;
            };
            let tag = &b[lt + 1..gt];
            let closing = tag.first() == Some(&b'/');
            let name = &tag[usize::from(closing)..];
            let name = &name[..name
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count()];
            i = gt + 1;
            if name.is_empty() || is_void(name) || tag.last() == Some(&b'/') {
                continue;
            }
            let over = if closing {
                let o = depth > max;
                depth = depth.saturating_sub(1);
                o
            } else {
                depth += 1;
                depth > max
            };
            if over {
                deep = true;
                match keep.as_deref_mut() {
                    Some(out) => {
                        out.push_str(&source[copied..lt]);
                        copied = gt + 1;
                    }
                    None => return true,
                }
            }
        }
        if let Some(out) = keep {
            out.push_str(&source[copied..]);
        }
        deep
    };
    if !scan(None) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    scan(Some(&mut out));
    Cow::Owned(out)
}

/// A void element (no end tag), by name in any case.
fn is_void(name: &[u8]) -> bool {
    const VOID: [&[u8]; 14] = [
        b"br", b"img", b"meta", b"link", b"input", b"hr", b"area", b"base", b"col", b"embed",
        b"param", b"source", b"track", b"wbr",
    ];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        strip_invisible(s).into_owned()
    }

    #[test]
    fn scripts_styles_svgs_and_comments_go() {
        assert_eq!(
            strip("<p>a<script>if (x < 1) { y = '</p>'; }</script>b</p>"),
            "<p>ab</p>"
        );
        assert_eq!(
            strip("<head><STYLE type=\"text/css\">p>a{}</Style ></head>"),
            "<head></head>"
        );
        assert_eq!(strip("x<svg><path d='M0'/><title>t</title></svg>y"), "xy");
        assert_eq!(strip("a<!-- <p>hidden</p> -->b<!-->c<!--->d"), "abcd");
        assert_eq!(strip("a<!-- x --!>b"), "ab");
        assert_eq!(
            strip("a<script><!-- document.write('<script src=x></script>'); --></script>b"),
            "ab"
        );
        assert_eq!(strip("a<script><!-- x </script>b"), "ab");
    }

    #[test]
    fn look_alikes_stay() {
        let page = "<p title=\"<script>\">a</p><scripts>b</scripts><p>1 < 2</p>\
                    <script>document.write('</scripty>')</script>c";
        assert_eq!(
            strip(page),
            "<p title=\"<script>\">a</p><scripts>b</scripts><p>1 < 2</p>c"
        );
    }

    #[test]
    fn unchanged_pages_are_not_copied() {
        assert!(matches!(
            strip_invisible("<p>plain <b>page</b></p>"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn unclosed_elements_run_to_the_end() {
        assert_eq!(strip("a<script>var x"), "a");
        assert_eq!(strip("a<!-- open"), "a");
        assert_eq!(strip("a<script"), "a");
        assert_eq!(strip("a<p title='x"), "a<p title='x");
    }
}
