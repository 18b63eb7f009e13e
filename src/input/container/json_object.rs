//! One JSON object, as a JSONL line holds it: checked against JSON's
//! grammar and split into fields, each kept as its raw text, with one string
//! field decoded in the same pass.
//!
//! Why not serde_json for the whole line: a JSONL page record is mostly one
//! long string, the page, and serde_json would check it in one pass, copy it
//! into an owned raw value in a second, after which the page would still have
//! to be decoded in a third. Here the scan that checks the string is the one
//! that decodes it, which makes reading a record about twice as cheap; that
//! matters because the reader is the one stage of a batch run that does not
//! run on every core. Values other than strings (numbers, literals, nested
//! objects and arrays) are short in practice, and serde_json checks them.

use std::ops::Range;

use serde::de::IgnoredAny;

use crate::jsonstr::find_special;

/// Past this many fields, duplicate names are found with a hash set rather
/// than by comparing every pair.
const LINEAR_DEDUP: usize = 16;

/// The fields of a JSONL object in input order, each value kept as its raw
/// JSON text: it is written back byte for byte, without being decoded and
/// re-encoded (a page's HTML is often most of the line).
///
/// As in serde_json and JavaScript, when a name occurs more than once the
/// last value wins.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    /// The object's text.
    text: String,
    /// Each field's decoded name and the span of its raw value in `text`.
    entries: Vec<(String, Range<usize>)>,
}

/// Why a line is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at column {column}")]
pub struct JsonError {
    /// What is wrong.
    pub message: String,
    /// 1-based byte column of the problem in the line.
    pub column: usize,
}

impl Fields {
    /// Parses one JSON object; whitespace around it is allowed, anything
    /// else is an error.
    pub fn parse(text: &str) -> Result<Fields, JsonError> {
        Fields::parse_decoding(text.to_owned(), None).map(|(fields, _)| fields)
    }

    /// Parses one JSON object, keeping its text, and, in the same pass,
    /// decodes the value of the field `name` when it is a string (`None`
    /// when the field is absent or not a string). A `\u` escape of a lone UTF-16 surrogate, which
    /// JSON's grammar allows but no Rust string can hold, decodes as U+FFFD,
    /// as a browser decodes broken UTF-16.
    pub fn parse_decoding(
        text: String,
        name: Option<&str>,
    ) -> Result<(Fields, Option<String>), JsonError> {
        let mut scan = Scanner {
            text: &text,
            pos: 0,
        };
        let mut entries: Vec<(String, Range<usize>)> = Vec::new();
        let mut decoded = None;
        scan.skip_ws();
        scan.require(b'{', "expected `{` (a JSON object)")?;
        scan.skip_ws();
        if !scan.eat(b'}') {
            loop {
                scan.skip_ws();
                if scan.peek() != Some(b'"') {
                    return Err(scan.error("expected a field name"));
                }
                let mut key = String::new();
                scan.string(Some(&mut key))?;
                scan.skip_ws();
                scan.require(b':', "expected `:`")?;
                scan.skip_ws();
                let start = scan.pos;
                let wanted = name == Some(key.as_str());
                if scan.peek() == Some(b'"') {
                    if wanted {
                        // At most the rest of the line: no reallocation
                        // while decoding.
                        let mut value = String::with_capacity(text.len().saturating_sub(scan.pos));
                        scan.string(Some(&mut value))?;
                        // Given back in place, without a copy.
                        value.shrink_to_fit();
                        decoded = Some(value);
                    } else {
                        scan.string(None)?;
                    }
                } else {
                    scan.other_value()?;
                    if wanted {
                        decoded = None;
                    }
                }
                entries.push((key, start..scan.pos));
                scan.skip_ws();
                if scan.eat(b',') {
                    continue;
                }
                scan.require(b'}', "expected `,` or `}`")?;
                break;
            }
        }
        scan.skip_ws();
        if scan.pos != text.len() {
            return Err(scan.error("trailing characters after the object"));
        }
        keep_last(&mut entries);
        let fields = Fields { text, entries };
        Ok((fields, decoded))
    }

    /// The raw JSON text of the field's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        let (_, span) = self.entries.iter().find(|(k, _)| k == name)?;
        self.text.get(span.clone())
    }

    /// The decoded value of a string field; `None` when the field is absent
    /// or not a string.
    pub fn string(&self, name: &str) -> Option<String> {
        let raw = self.get(name)?;
        if !raw.starts_with('"') {
            return None;
        }
        let mut scan = Scanner { text: raw, pos: 0 };
        let mut value = String::with_capacity(raw.len());
        scan.string(Some(&mut value)).ok()?;
        Some(value)
    }

    /// The fields in input order: each name with its value's raw JSON text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|(k, span)| (k.as_str(), self.text.get(span.clone()).unwrap_or("null")))
    }

    /// The fields in input order: each name with the span of its value's
    /// raw JSON text in [`Fields::text`], so that a writer can copy the
    /// values straight from the object's text.
    pub fn spans(&self) -> impl Iterator<Item = (&str, Range<usize>)> {
        self.entries
            .iter()
            .map(|(k, span)| (k.as_str(), span.clone()))
    }

    /// The object's text, as read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the object has no fields.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The bytes held: the object's text, names included.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }
}

/// Fields are equal when they have the same names with the same raw values,
/// in the same order.
impl PartialEq for Fields {
    fn eq(&self, other: &Fields) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Fields {}

/// Keeps the last of the entries that share a name, where it stands.
fn keep_last(entries: &mut Vec<(String, Range<usize>)>) {
    if entries.len() < 2 {
        return;
    }
    let mut keep = vec![true; entries.len()];
    if entries.len() <= LINEAR_DEDUP {
        for i in 0..entries.len() {
            keep[i] = !entries[i + 1..].iter().any(|(k, _)| *k == entries[i].0);
        }
    } else {
        let mut seen = std::collections::HashSet::new();
        for (i, (k, _)) in entries.iter().enumerate().rev() {
            keep[i] = seen.insert(k.as_str());
        }
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut flags = keep.into_iter();
    entries.retain(|_| flags.next().unwrap_or(true));
}

/// What the byte after a backslash stands for, for the escapes of one
/// character (`\"`, `\n`...); 0 for `u` and for bytes that start no escape.
///
/// A page in JSON has an escape every twenty-odd bytes, most of them `\"`
/// and `\n`: one load from this table and a branch that is almost always
/// taken cost less than a `match` on the byte, whose jump is mispredicted
/// whenever the escapes alternate.
const UNESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'/' as usize] = b'/';
    table[b'b' as usize] = 0x08;
    table[b'f' as usize] = 0x0c;
    table[b'n' as usize] = b'\n';
    table[b'r' as usize] = b'\r';
    table[b't' as usize] = b'\t';
    table
};

/// A cursor over the line. Every position it stops at is just before or
/// just after an ASCII byte, so slicing the text there cannot split a
/// character; the slicing is checked all the same.
struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.pos += 1;
        }
        found
    }

    fn require(&mut self, byte: u8, message: &str) -> Result<(), JsonError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(message))
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error(&self, message: &str) -> JsonError {
        self.error_at(self.pos, message)
    }

    fn error_at(&self, pos: usize, message: &str) -> JsonError {
        let message = match self.text.as_bytes().get(pos) {
            None => format!("{message}, found the end of the line"),
            Some(_) => message.to_owned(),
        };
        JsonError {
            message,
            column: pos + 1,
        }
    }

    /// Reads the string starting at the cursor (on its opening quote),
    /// decoding it into `out` when given.
    ///
    /// A page in JSON has an escape every twenty-odd bytes (the quotes of
    /// every attribute, every newline), so what matters is finding the next
    /// byte that ends a run cheaply ([`find_special`]); each run is then
    /// copied whole.
    fn string(&mut self, mut out: Option<&mut String>) -> Result<(), JsonError> {
        let open = self.pos;
        self.pos += 1;
        loop {
            let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
            let Some(at) = find_special(rest) else {
                return Err(self.error_at(open, "unterminated string"));
            };
            if let Some(out) = out.as_deref_mut() {
                out.push_str(self.slice(self.pos..self.pos + at)?);
            }
            self.pos += at;
            match rest.get(at) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    let simple = rest.get(at + 1).map_or(0, |&b| UNESCAPE[usize::from(b)]);
                    if simple == 0 {
                        // `\u`, or no escape at all.
                        self.escape(out.as_deref_mut())?;
                    } else {
                        if let Some(out) = out.as_deref_mut() {
                            out.push(char::from(simple));
                        }
                        self.pos += 2;
                    }
                }
                _ => return Err(self.error("control character in a string")),
            }
        }
    }

    /// Reads the escape at the cursor (on its backslash).
    fn escape(&mut self, out: Option<&mut String>) -> Result<(), JsonError> {
        let at = self.pos;
        let decoded = match self.text.as_bytes().get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let code = self.hex4(at + 2)?;
                self.pos = at + 6;
                let c = match code {
                    0xD800..=0xDBFF => self.low_surrogate().map(|low| {
                        self.pos += 6;
                        0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }),
                    _ => Some(code),
                };
                if let Some(out) = out {
                    out.push(
                        c.and_then(char::from_u32)
                            .unwrap_or(char::REPLACEMENT_CHARACTER),
                    );
                }
                return Ok(());
            }
            _ => return Err(self.error_at(at, "invalid escape")),
        };
        if let Some(out) = out {
            out.push(decoded);
        }
        self.pos = at + 2;
        Ok(())
    }

    /// The `\uDC00`–`\uDFFF` escape at the cursor, if there is one.
    fn low_surrogate(&self) -> Option<u32> {
        if self.text.as_bytes().get(self.pos..self.pos + 2) != Some(b"\\u") {
            return None;
        }
        let low = self.hex4(self.pos + 2).ok()?;
        (0xDC00..0xE000).contains(&low).then_some(low)
    }

    /// The four hex digits at `at`.
    fn hex4(&self, at: usize) -> Result<u32, JsonError> {
        let bad = || self.error_at(at.saturating_sub(2), "invalid \\u escape");
        let digits = self.text.as_bytes().get(at..at + 4).ok_or_else(bad)?;
        digits.iter().try_fold(0, |code, &d| {
            let v = char::from(d).to_digit(16).ok_or_else(bad)?;
            Ok(code * 16 + v)
        })
    }

    /// A value other than a string, checked by serde_json.
    fn other_value(&mut self) -> Result<(), JsonError> {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<IgnoredAny>();
        match values.next() {
            Some(Ok(_)) => {
                self.pos += values.byte_offset();
                Ok(())
            }
            Some(Err(e)) => {
                let message = e.to_string();
                // serde_json's message ends with its own position, counted
                // from the value: report it from the line instead.
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                Err(self.error_at(self.pos + e.column().saturating_sub(1), message))
            }
            None => Err(self.error("expected a value")),
        }
    }

    fn slice(&self, span: Range<usize>) -> Result<&str, JsonError> {
        let start = span.start;
        self.text
            .get(span)
            .ok_or_else(|| self.error_at(start, "internal error: not a character boundary"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_an_object_into_raw_fields() {
        let line = r#" {"id": 7, "html":"<p class=\"a\">caf\u00e9</p>\n", "meta" : {"a":[1,2,"x"]}, "ok":true} "#;
        let (fields, html) =
            Fields::parse_decoding(line.to_owned(), Some("html")).unwrap_or_default();
        assert_eq!(html.as_deref(), Some("<p class=\"a\">café</p>\n"));
        let got: Vec<(&str, &str)> = fields.iter().collect();
        assert_eq!(
            got,
            [
                ("id", "7"),
                ("html", r#""<p class=\"a\">caf\u00e9</p>\n""#),
                ("meta", r#"{"a":[1,2,"x"]}"#),
                ("ok", "true"),
            ]
        );
        assert_eq!(fields.string("html"), html);
        assert_eq!(fields.string("id"), None);
        assert_eq!(fields.get("missing"), None);
    }

    #[test]
    fn last_duplicate_wins() {
        let (fields, html) =
            Fields::parse_decoding(r#"{"html":"a","x":1,"html":"b"}"#.to_owned(), Some("html"))
                .unwrap_or_default();
        assert_eq!(html.as_deref(), Some("b"));
        let got: Vec<(&str, &str)> = fields.iter().collect();
        assert_eq!(got, [("x", "1"), ("html", r#""b""#)]);
        let (_, html) =
            Fields::parse_decoding(r#"{"html":"a","html":null}"#.to_owned(), Some("html"))
                .unwrap_or_default();
        assert_eq!(html, None);
        // Many fields take the hash set path.
        let many: Vec<String> = (0..40).map(|i| format!("\"k{}\":{i}", i % 20)).collect();
        let fields = Fields::parse(&format!("{{{}}}", many.join(","))).unwrap_or_default();
        assert_eq!(fields.len(), 20);
        assert_eq!(fields.get("k3"), Some("23"));
    }

    #[test]
    fn rejects_what_serde_json_rejects() {
        let bad = [
            "",
            "[1,2]",
            "\"html\"",
            "{",
            r#"{"a" 1}"#,
            r#"{"a":1,}"#,
            r#"{"a":1 "b":2}"#,
            r#"{"a":"unterminated}"#,
            "{\"a\":\"raw\ttab\"}",
            r#"{"a":"bad \x escape"}"#,
            r#"{"a":"\u12"}"#,
            r#"{"a":"\u12G4"}"#,
            r#"{"a":tru}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":[1,}"#,
            r#"{"a":1} x"#,
            r#"{"a":1}{"b":2}"#,
            r#"{a:1}"#,
        ];
        for line in bad {
            assert!(Fields::parse(line).is_err(), "{line}");
            assert!(
                serde_json::from_str::<serde_json::Value>(line).is_err() || !line.starts_with('{')
            );
        }
        let e = Fields::parse(r#"{"a":1 "b":2}"#).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("expected `,` or `}` at column 8")
        );
        let e = Fields::parse(r#"{"a":"open"#).err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("unterminated string at column 6")
        );
        let e = Fields::parse(r#"{"n": 1.e5}"#).err();
        assert!(
            e.is_some_and(|e| e.column >= 7),
            "serde_json's column, moved to the line"
        );
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let decode = |s: &str| {
            Fields::parse_decoding(format!("{{\"t\":\"{s}\"}}"), Some("t"))
                .ok()
                .and_then(|(_, t)| t)
        };
        assert_eq!(decode(r"\ud83d\ude00").as_deref(), Some("\u{1F600}"));
        assert_eq!(decode(r"lone \udc00").as_deref(), Some("lone \u{FFFD}"));
        assert_eq!(
            decode(r"\ud83d \ud83d\u0041 \ude00\ud83d").as_deref(),
            Some("\u{FFFD} \u{FFFD}A \u{FFFD}\u{FFFD}")
        );
        assert_eq!(decode(r"\ud83d\uZZZZ"), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any string, written by serde_json (with `\/` and `\u` escapes
        /// mixed in as other writers use them), decodes to itself, and the
        /// raw value is the text as written.
        #[test]
        fn decodes_what_serde_json_writes(s in "\\PC*", slash in any::<bool>(), ascii in any::<bool>()) {
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
            let line = format!("{{\"id\":1,\"html\":{raw},\"n\":[null]}}");
            let parsed = Fields::parse_decoding(line, Some("html"));
            prop_assert!(parsed.is_ok(), "{:?}", parsed);
            let (fields, html) = parsed.unwrap_or_default();
            prop_assert_eq!(html.as_deref(), Some(s.as_str()));
            prop_assert_eq!(fields.get("html"), Some(raw.as_str()));
        }

        /// Accepts exactly the objects serde_json accepts (lone surrogates
        /// aside, which neither side sees here), on lines mutated at random.
        #[test]
        fn agrees_with_serde_json(s in "[ -~]{0,40}", cut in 0usize..60, byte in 0u8..128) {
            let mut line = format!("{{\"a\":{},\"b\":{}}}", serde_json::to_string(&s).unwrap_or_default(), "[1.5e3,true]");
            if cut < line.len() && line.is_char_boundary(cut) {
                line.insert(cut, char::from(byte));
            }
            let ours = Fields::parse(&line).is_ok();
            let theirs = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&line).is_ok();
            prop_assert_eq!(ours, theirs, "{}", line);
        }
    }
}
