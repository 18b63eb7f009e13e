//! JSON Lines: one JSON object per line, the body in a configurable field.
//!
//! Dataset dumps (Common Crawl derivatives, HF datasets exported to JSONL,
//! crawler output) put the page in a string field and carry arbitrary
//! metadata next to it. Every field is kept so the output can be written back
//! with the metadata intact; a bad line costs only that line.

use std::io::{self, BufRead};

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
            let read =
                read_line_bounded(&mut self.reader, &mut self.buf, self.opts.max_record_bytes);
            match read {
                Ok((0, _)) => self.done = true,
                Ok((_, true)) => {
                    self.line += 1;
                    // Nothing of the line was kept; start the next one small.
                    self.buf = Vec::new();
                    return Some(self.error(format!(
                        "line longer than {} bytes, skipped (the limit is 8 x --max-page-bytes)",
                        self.opts.max_record_bytes
                    )));
                }
                Ok((n, false)) => {
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

/// Reads one line, newline included, into `buf` (which must be empty),
/// keeping at most `max` bytes of it (0 = no limit). Returns the bytes
/// read and whether the line was longer than `max`; then `buf` is left
/// empty, and the rest of the line was read past without being kept.
fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let mut read = 0usize;
    let mut over = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((read, over));
        }
        let (len, ends) = match memchr::memchr(b'\n', available) {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        if !over {
            if max > 0 && buf.len() + len > max {
                over = true;
                *buf = Vec::new();
            } else {
                buf.extend_from_slice(&available[..len]);
            }
        }
        reader.consume(len);
        read += len;
        if ends {
            return Ok((read, over));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<(usize, bool, Vec<u8>)> {
        // A small buffer, so that lines span several fills.
        let mut reader = io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            match read_line_bounded(&mut reader, &mut buf, max) {
                Ok((0, _)) => return out,
                Ok((n, over)) => out.push((n, over, buf)),
                Err(e) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn lines_over_the_limit_are_read_past_not_kept() {
        let input = b"{\"a\":1}\n0123456789abcdef\n\n{\"b\":2}";
        let got = lines(input, 10);
        assert_eq!(
            got,
            [
                (8, false, b"{\"a\":1}\n".to_vec()),
                (17, true, Vec::new()),
                (1, false, b"\n".to_vec()),
                (7, false, b"{\"b\":2}".to_vec()),
            ]
        );
        // A line of exactly the limit, newline included, is kept.
        assert_eq!(
            lines(b"123456789\n", 10),
            [(10, false, b"123456789\n".to_vec())]
        );
        // No limit, and an over-long last line without a newline.
        assert_eq!(lines(input, 0).len(), 4);
        assert_eq!(lines(b"0123456789abcdef", 10), [(16, true, Vec::new())]);
    }

    #[test]
    fn an_over_long_line_is_one_error_and_the_lines_around_it_come_through() {
        let input = b"{\"id\":1,\"text\":\"a\"}\n[\"not JSON Lines, and very long\"]\n{\"id\":3,\"text\":\"c\"}\n";
        let opts = ReaderOptions {
            max_record_bytes: 25,
            ..ReaderOptions::default()
        };
        let items: Vec<Item> = JsonlReader::new(&input[..], "f.jsonl".into(), &opts).collect();
        assert_eq!(items.len(), 3);
        assert!(matches!(&items[0], Item::Record(r) if r.id.as_deref() == Some("1")));
        match &items[1] {
            Item::Error(e) => {
                assert_eq!(e.origin.line, Some(2));
                assert!(e.message.contains("longer than 25 bytes"), "{}", e.message);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[2], Item::Record(r) if r.id.as_deref() == Some("3")));
    }
}
