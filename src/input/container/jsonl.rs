//! JSON Lines: one JSON object per line, the body in a configurable field.
//!
//! Dataset dumps (Common Crawl derivatives, HF datasets exported to JSONL,
//! crawler output) put the page in a string field and carry arbitrary
//! metadata next to it. Every field is kept so the output can be written back
//! with the metadata intact; a bad line costs only that line.

use std::io::BufRead;

use serde_json::Value;

use super::{Fields, FormatHint, Item, Origin, RawBody, RawRecord, ReaderOptions, RecordError};

/// The most that is allocated ahead for the next line, so that one huge
/// line does not make every later one allocate as much.
const MAX_BUF_HINT: usize = 1 << 20;

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
    fn parse_line(&self, mut line: Vec<u8>) -> Option<Item> {
        if self.line == 1 && line.starts_with(b"\xEF\xBB\xBF") {
            line.drain(..3);
        }
        // The record keeps the line: give back what the read reserved.
        line.shrink_to_fit();
        let text = match String::from_utf8(line) {
            Ok(text) => text,
            Err(e) => return Some(self.error(format!("invalid UTF-8: {}", e.utf8_error()))),
        };
        if text.trim().is_empty() {
            return None;
        }
        let o = &self.opts;
        let (fields, html) = match Fields::parse_decoding(text, Some(&o.html_field)) {
            Ok(parsed) => parsed,
            Err(e) => return Some(self.error(format!("malformed JSON: {e}"))),
        };
        let (text, format) = if let Some(html) = html {
            (html, FormatHint::Html)
        } else if let Some(text) = fields.string(&o.text_field) {
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
            id: scalar_string(fields.get(&o.id_field)),
            url: scalar_string(fields.get(&o.url_field)),
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
            let read = self.reader.read_until(b'\n', &mut self.buf);
            match read {
                Ok(0) => self.done = true,
                Ok(n) => {
                    self.line += 1;
                    // The line moves into the record (its fields keep the
                    // text), and the next one is read into a buffer the size
                    // of this one, which is usually enough.
                    let next = Vec::with_capacity(n.min(MAX_BUF_HINT));
                    let line = std::mem::replace(&mut self.buf, next);
                    if let Some(item) = self.parse_line(line) {
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
fn scalar_string(raw: Option<&str>) -> Option<String> {
    match serde_json::from_str::<Value>(raw?).ok()? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
