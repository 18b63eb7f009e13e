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
/// the object was validated when it was parsed).
fn string_field(fields: &Fields, name: &str) -> Option<String> {
    let raw = fields.get(name)?.get();
    if !raw.starts_with('"') {
        return None;
    }
    serde_json::from_str(raw).ok()
}
