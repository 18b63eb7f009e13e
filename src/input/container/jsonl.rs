//! JSON Lines: one JSON object per line, the body in a configurable field.
//!
//! Dataset dumps (Common Crawl derivatives, HF datasets exported to JSONL,
//! crawler output) put the page in a string field and carry arbitrary
//! metadata next to it. Every field is kept so the output can be written back
//! with the metadata intact; a bad line costs only that line.

use std::io::BufRead;

use serde_json::value::RawValue;
use serde_json::Value;

use super::{Fields, FormatHint, Item, Origin, RawBody, RawRecord, ReaderOptions, RecordError};

/// Past this size the line buffer is released after use, so that one huge
/// line does not pin its allocation for the rest of the file.
const KEEP_BUF_CAPACITY: usize = 1 << 20;

/// Streams the records of one JSONL source, one line in memory at a time.
pub(crate) struct JsonlReader<R> {
    reader: R,
    path: String,
    opts: ReaderOptions,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// Reads `reader`; `path` is only used in each record's [`Origin`].
    pub(crate) fn new(reader: R, path: String, opts: &ReaderOptions) -> JsonlReader<R> {
        JsonlReader {
            reader,
            path,
            opts: opts.clone(),
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn origin(&self) -> Origin {
        Origin {
            path: self.path.clone(),
            line: Some(self.line),
            offset: None,
        }
    }

    fn error(&self, message: String) -> Item {
        Item::Error(RecordError {
            origin: self.origin(),
            message,
            fatal: false,
        })
    }

    /// Turns the current line into an item, or `None` for a blank line.
    fn parse_line(&self) -> Option<Item> {
        let mut bytes = self.buf.as_slice();
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => return Some(self.error(format!("invalid UTF-8: {e}"))),
        };
        if text.trim().is_empty() {
            return None;
        }
        let fields: Fields = match serde_json::from_str(text) {
            Ok(fields) => fields,
            Err(e) => return Some(self.error(format!("malformed JSON: {e}"))),
        };
        let o = &self.opts;
        let (text, format) = if let Some(html) = string_field(&fields, &o.html_field) {
            (html, FormatHint::Html)
        } else if let Some(text) = string_field(&fields, &o.text_field) {
            (text, FormatHint::Text)
        } else {
            return Some(self.error(format!(
                "record has no {:?} or {:?} string field",
                o.html_field, o.text_field
            )));
        };
        let format = match o.force {
            FormatHint::Auto => format,
            forced => forced,
        };
        Some(Item::Record(RawRecord {
            origin: self.origin(),
            id: scalar_string(fields.get(&o.id_field).map(|v| &**v)),
            url: scalar_string(fields.get(&o.url_field).map(|v| &**v)),
            // Decoded from the raw value, which stays in `fields` so that the
            // original object can be written back verbatim.
            body: RawBody::Str { text, format },
            fields: Some(fields),
        }))
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            if self.buf.capacity() > KEEP_BUF_CAPACITY {
                self.buf = Vec::new();
            }
            let read = self.reader.read_until(b'\n', &mut self.buf);
            match read {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if let Some(item) = self.parse_line() {
                        return Some(item);
                    }
                }
                Err(e) => {
                    // A damaged compressed stream: nothing after this point
                    // can be trusted, so report once and give up on the file.
                    self.done = true;
                    self.line += 1;
                    return Some(self.error(format!("read error: {e}")));
                }
            }
        }
        None
    }
}

/// An id or URL as a string: strings as they are, numbers in their JSON
/// spelling (ids are often numeric), anything else is treated as absent.
fn scalar_string(value: Option<&RawValue>) -> Option<String> {
    match serde_json::from_str::<Value>(value?.get()).ok()? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The field's value when it is a JSON string (only strings start with `"`;
/// the object was validated when it was parsed). A `\u` escape of a lone
/// UTF-16 surrogate, which JSON's grammar allows but no Rust string can
/// hold, becomes U+FFFD, as a browser decodes broken UTF-16, so that the
/// page is still read.
fn string_field(fields: &Fields, name: &str) -> Option<String> {
    let raw = fields.get(name)?.get();
    if !raw.starts_with('"') {
        return None;
    }
    unescape(raw).or_else(|| serde_json::from_str(raw).ok())
}

/// Decodes a JSON string literal that serde_json has already validated,
/// or returns `None` for serde_json to decode it instead.
///
/// Pages in JSON carry an escape every twenty-odd bytes (the quotes of
/// every attribute, every newline), and serde_json reads between them a
/// word at a time; looking for the next backslash with memchr and copying
/// the run before it makes decoding the body several times faster. Only
/// the common escapes are decoded here, so that the result is always
/// exactly serde_json's where serde_json decodes it; a lone surrogate, which
/// serde_json refuses, becomes U+FFFD.
fn unescape(raw: &str) -> Option<String> {
    let body = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let mut escape = rest[at + 1..].chars();
        let decoded = match escape.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let code = hex4(rest.get(at + 2..at + 6)?)?;
                rest = &rest[at + 6..];
                let low = || {
                    let low = hex4(rest.strip_prefix("\\u")?.get(..4)?)?;
                    (0xDC00..0xE000).contains(&low).then_some(low)
                };
                let c = match code {
                    0xD800..=0xDBFF => match low() {
                        Some(low) => {
                            rest = &rest[6..];
                            char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                        }
                        None => None,
                    },
                    _ => char::from_u32(code),
                };
                out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                continue;
            }
            _ => return None,
        };
        out.push(decoded);
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// Four hex digits.
fn hex4(hex: &str) -> Option<u32> {
    if hex.len() != 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unescapes_as_serde_json_does() {
        let cases = [
            r#""""#,
            r#""plain""#,
            r#""<a href=\"x\">\n\t\/\\ \b\f\r</a>""#,
            r#""caf\u00e9 \u4e2d\u6587 \u0000""#,
            r#""pair \ud83d\ude00 end""#,
        ];
        for raw in cases {
            let ours = unescape(raw).or_else(|| serde_json::from_str(raw).ok());
            let theirs: Option<String> = serde_json::from_str(raw).ok();
            assert_eq!(ours, theirs, "{raw}");
        }
        // Surrogate pairs decode as serde_json decodes them; lone ones,
        // which serde_json refuses, become U+FFFD.
        assert_eq!(unescape(r#""\ud83d\ude00""#).as_deref(), Some("\u{1F600}"));
        assert_eq!(
            unescape(r#""lone \udc00""#).as_deref(),
            Some("lone \u{FFFD}")
        );
        assert_eq!(
            unescape(r#""\ud83d \ud83d\u0041 \ude00\ud83d""#).as_deref(),
            Some("\u{FFFD} \u{FFFD}A \u{FFFD}\u{FFFD}")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any string, written by serde_json (with `\/` and `\u` escapes
        /// mixed in as other writers use them), decodes to itself.
        #[test]
        fn unescape_matches_serde_json(s in "\\PC*", slash in any::<bool>(), ascii in any::<bool>()) {
            let mut raw = serde_json::to_string(&s).unwrap_or_default();
            if slash {
                raw = raw.replace('/', "\\/");
            }
            if ascii {
                let mut escaped = String::new();
                for c in raw.chars() {
                    if c.is_ascii() {
                        escaped.push(c);
                    } else {
                        let mut units = [0u16; 2];
                        for u in c.encode_utf16(&mut units) {
                            escaped.push_str(&format!("\\u{u:04x}"));
                        }
                    }
                }
                raw = escaped;
            }
            let ours = unescape(&raw).or_else(|| serde_json::from_str(&raw).ok());
            prop_assert_eq!(ours.as_deref(), Some(s.as_str()));
        }
    }
}
