//! Input: from bytes (or already-decoded text) to a [`Document`].
//!
//! This stage knows about encodings and about telling HTML from plain text,
//! and nothing about junk. Containers that hold many documents (JSONL, WARC,
//! directories) live in [`container`] and yield raw records that end up here.

pub mod container;
pub mod decode;

pub use decode::{Decoded, EncodingSource};

/// Whether a document is markup or plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// An HTML (or XHTML) page.
    Html,
    /// Plain text: a page already flattened to one block per line, or any
    /// other text dump.
    Text,
}

/// What the caller knows about the format of some input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatHint {
    /// Decide from the content (see [`looks_like_html`]).
    #[default]
    Auto,
    /// Treat as HTML whatever it looks like (`--html`).
    Html,
    /// Treat as plain text whatever it looks like (`--text`).
    Text,
}

/// One page to analyze: decoded text plus what it is.
///
/// # Example
///
/// ```
/// use junksift::{Document, Format};
///
/// let doc = Document::from_bytes(b"<html><p>Hello</p></html>", Default::default(), None);
/// assert_eq!(doc.format, Format::Html);
/// let doc = Document::text("just a line of text");
/// assert_eq!(doc.format, Format::Text);
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    /// An identifier for reports (file name, JSONL id, WARC record id).
    pub id: Option<String>,
    /// The page's URL when known. Never used as a feature: junksift judges
    /// the page by its content only.
    pub url: Option<String>,
    /// HTML or plain text.
    pub format: Format,
    /// The decoded page.
    pub source: String,
}

impl Document {
    /// A plain-text document.
    pub fn text(text: impl Into<String>) -> Document {
        Document {
            id: None,
            url: None,
            format: Format::Text,
            source: text.into(),
        }
    }

    /// An HTML document.
    pub fn html(html: impl Into<String>) -> Document {
        Document {
            id: None,
            url: None,
            format: Format::Html,
            source: html.into(),
        }
    }

    /// A document from already-decoded text whose format is decided by
    /// `hint` (sniffing the content when `Auto`).
    pub fn from_str_hint(source: impl Into<String>, hint: FormatHint) -> Document {
        let source = source.into();
        let format = resolve_format(hint, source.as_bytes());
        Document {
            id: None,
            url: None,
            format,
            source,
        }
    }

    /// Decodes raw bytes (BOM, `declared_charset`, `<meta>`, then detection)
    /// and decides the format. Never fails: invalid bytes become U+FFFD.
    pub fn from_bytes(bytes: &[u8], hint: FormatHint, declared_charset: Option<&str>) -> Document {
        Document::decode_bytes(bytes, hint, declared_charset).0
    }

    /// Like [`Document::from_bytes`], also returning how the bytes were decoded.
    pub fn decode_bytes(
        bytes: &[u8],
        hint: FormatHint,
        declared_charset: Option<&str>,
    ) -> (Document, EncodingSource, &'static encoding_rs::Encoding) {
        let format = resolve_format(hint, bytes);
        let decoded = decode::decode(bytes, declared_charset, format == Format::Html);
        let doc = Document {
            id: None,
            url: None,
            format,
            source: decoded.text,
        };
        (doc, decoded.source, decoded.encoding)
    }

    /// Sets the id (builder style).
    pub fn with_id(mut self, id: impl Into<String>) -> Document {
        self.id = Some(id.into());
        self
    }
}

fn resolve_format(hint: FormatHint, bytes: &[u8]) -> Format {
    match hint {
        FormatHint::Html => Format::Html,
        FormatHint::Text => Format::Text,
        FormatHint::Auto if looks_like_html(bytes) => Format::Html,
        FormatHint::Auto => Format::Text,
    }
}

/// Decides whether bytes are HTML by looking for markup near the start.
///
/// A page is HTML when its first non-blank bytes open a tag (`<!doctype`,
/// `<html`, `<head>`, a comment...) or when the first 4 KiB contain one of the
/// tags every HTML page has. A text dump that happens to contain a `<` is not
/// enough.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF)
        .unwrap_or(lower.len());
    let trimmed = &lower[start..];
    const OPENERS: [&[u8]; 6] = [
        b"<!doctype",
        b"<html",
        b"<head",
        b"<!--",
        b"<?xml",
        b"<body",
    ];
    if OPENERS.iter().any(|o| trimmed.starts_with(o)) {
        return true;
    }
    const MARKERS: [&[u8]; 8] = [
        b"<html", b"<body", b"<div", b"<p>", b"<meta", b"<title", b"<table", b"<br",
    ];
    let hits = MARKERS
        .iter()
        .filter(|m| lower.windows(m.len()).any(|w| w == **m))
        .count();
    hits >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"junk before <div>a</div><p>b</p>"));
        assert!(!looks_like_html("第一行\n第二行 a < b\n".as_bytes()));
        assert!(!looks_like_html(b""));
    }
}
