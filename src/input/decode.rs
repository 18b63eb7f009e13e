//! Turning raw page bytes into UTF-8 text.
//!
//! The order follows what browsers do, because that is what the page author
//! tested against: a byte-order mark wins, then an explicit charset (from the
//! HTTP header, then from `<meta charset>` / `http-equiv` in the first bytes
//! of an HTML page), then a statistical guess by `chardetng`. One exception,
//! for scraped pages: bytes that are valid UTF-8 and not plain ASCII are
//! UTF-8 whatever the page declares. Crawlers and scrapers often re-encode
//! pages to UTF-8 and keep the original `<meta charset=gb2312>`, and servers
//! often send a default `charset=iso-8859-1` for UTF-8 pages; text really
//! written in a legacy encoding is, beyond a few characters, never valid
//! UTF-8. Decoding never fails: bytes that are invalid in the chosen encoding
//! become U+FFFD.

use encoding_rs::Encoding;

/// How many leading bytes are searched for a `<meta>` charset declaration.
/// Browsers look at the first 1024 bytes; real pages put long `<script>`
/// blocks before their meta tag often enough that a larger window pays off.
const META_PREFIX: usize = 4096;

/// How many bytes `chardetng` sees. Its guess settles long before this on
/// real pages, and feeding a 50 MB page in full would waste time.
const DETECT_PREFIX: usize = 64 * 1024;

/// Where the chosen encoding came from, reported so users can see why a page
/// decoded the way it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingSource {
    /// A byte-order mark at the start of the bytes.
    Bom,
    /// A charset given by the caller (e.g. an HTTP `Content-Type` header).
    Declared,
    /// A `<meta charset>` or `<meta http-equiv>` tag in the page.
    Meta,
    /// The bytes were valid UTF-8.
    Utf8,
    /// A statistical guess.
    Detected,
}

/// The result of decoding: the text, the encoding used and why.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The page as UTF-8.
    pub text: String,
    /// The encoding the bytes were decoded with.
    pub encoding: &'static Encoding,
    /// Why that encoding was chosen.
    pub source: EncodingSource,
    /// True when some bytes were invalid and replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decodes `bytes` to UTF-8.
///
/// `declared` is a charset label from outside the document (an HTTP header),
/// `look_for_meta` says whether to search the bytes for an HTML `<meta>`
/// declaration.
pub fn decode(bytes: &[u8], declared: Option<&str>, look_for_meta: bool) -> Decoded {
    let (encoding, source) = choose_encoding(bytes, declared, look_for_meta);
    // `decode` strips a BOM matching the encoding and replaces malformed
    // sequences; it never fails.
    let (text, used, had_errors) = encoding.decode(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: used,
        source,
        had_errors,
    }
}

fn choose_encoding(
    bytes: &[u8],
    declared: Option<&str>,
    look_for_meta: bool,
) -> (&'static Encoding, EncodingSource) {
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return (enc, EncodingSource::Bom);
    }
    if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        return (encoding_rs::UTF_8, EncodingSource::Utf8);
    }
    if let Some(enc) = declared.and_then(label_to_encoding) {
        return (enc, EncodingSource::Declared);
    }
    if look_for_meta {
        if let Some(enc) = meta_charset(&bytes[..bytes.len().min(META_PREFIX)]) {
            return (enc, EncodingSource::Meta);
        }
    }
    if std::str::from_utf8(bytes).is_ok() {
        return (encoding_rs::UTF_8, EncodingSource::Utf8);
    }
    let prefix = &bytes[..bytes.len().min(DETECT_PREFIX)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(prefix, prefix.len() == bytes.len());
    (
        detector.guess(None, chardetng::Utf8Detection::Allow),
        EncodingSource::Detected,
    )
}

/// Maps a charset label to an encoding, upgrading the legacy Chinese labels
/// the way browsers do (a page labelled `gb2312` is really GBK/GB18030).
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label(label.trim().trim_matches(['"', '\'']).as_bytes())?;
    // A page that declares UTF-16 in a meta tag cannot actually be UTF-16
    // (the tag was readable as ASCII); browsers treat it as UTF-8.
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    Some(enc)
}

/// Finds a charset in `<meta charset=...>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`.
///
/// This is a byte-level scan rather than a parse, because it has to run
/// before we know how to decode the page.
fn meta_charset(prefix: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = prefix.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let tag_start = from + pos;
        let tag_end = lower[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |p| tag_start + p);
        let tag = &lower[tag_start..tag_end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + "charset".len()..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest.strip_prefix(b"\"").unwrap_or(rest);
                let rest = rest.strip_prefix(b"'").unwrap_or(rest);
                let end = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Ok(label) = std::str::from_utf8(&rest[..end]) {
                    if let Some(enc) = label_to_encoding(label) {
                        return Some(enc);
                    }
                }
            }
        }
        from = tag_end;
        if from >= lower.len() {
            break;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &s[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_meta() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(b"<meta charset=gbk>hi");
        let d = decode(&bytes, None, true);
        assert_eq!(d.encoding, encoding_rs::UTF_8);
        assert_eq!(d.source, EncodingSource::Bom);
        assert_eq!(d.text, "<meta charset=gbk>hi");
    }

    #[test]
    fn meta_http_equiv_gb2312_is_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>中文网页</p>");
        let d = decode(&gbk, None, true);
        assert_eq!(d.source, EncodingSource::Meta);
        assert!(d.text.contains("中文网页"));
    }

    #[test]
    fn declared_charset_is_used() {
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のページです");
        let d = decode(&bytes, Some("Shift_JIS"), true);
        assert_eq!(d.source, EncodingSource::Declared);
        assert_eq!(d.text, "日本語のページです");
    }

    #[test]
    fn utf8_bytes_are_utf8_whatever_the_page_declares() {
        // A scraped page re-encoded to UTF-8 that kept its GB2312 declaration.
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>中文网页</p>";
        let d = decode(page.as_bytes(), None, true);
        assert_eq!(d.source, EncodingSource::Utf8);
        assert_eq!(d.text, page);
        // A server's default charset on a UTF-8 page.
        let d = decode("café crème".as_bytes(), Some("iso-8859-1"), true);
        assert_eq!(d.text, "café crème");
        // Real windows-1252 bytes are not valid UTF-8 and keep the declaration.
        let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("café crème");
        let d = decode(&latin, Some("iso-8859-1"), true);
        assert_eq!(d.source, EncodingSource::Declared);
        assert_eq!(d.text, "café crème");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let d = decode(b"ok \xff\xfe bytes", Some("utf-8"), false);
        assert!(d.had_errors);
        assert!(d.text.starts_with("ok "));
    }
}
