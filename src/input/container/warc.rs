//! WARC 1.0 / 1.1 (ISO 28500): the archive format of web crawlers.
//!
//! A WARC file is a sequence of records, each a block of `Name: value` headers
//! followed by exactly `Content-Length` bytes of content. Only the records that
//! hold a page are turned into items: `response` records (an HTTP response
//! whose payload is HTML or plain text), `resource` records (a document stored
//! directly) and `conversion` records (e.g. the extracted text of Common
//! Crawl's WET files). Everything else is crawler bookkeeping and is passed
//! over silently.
//!
//! Damage is contained: a record whose framing is broken is reported and the
//! reader resynchronises on the next `WARC/` version line, because one bad
//! record in a multi-gigabyte crawl must not cost the rest of it.

use std::io::{self, BufRead, Read, Take};

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use super::{read_at_most, FormatHint, Item, Origin, RawBody, RawRecord, RecordError};

/// Longest header line accepted (WARC and HTTP). Longer ones are garbage.
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines accepted in one WARC or HTTP header block.
const MAX_HEADER_LINES: usize = 1024;
/// Largest payload produced by `Content-Encoding` decoding, a defence against
/// decompression bombs; no real page comes close.
const MAX_DECODED: usize = 256 << 20;

/// Why a record could not be read, which also decides how reading goes on.
#[derive(Debug, thiserror::Error)]
enum WarcError {
    /// The stream itself failed (e.g. a damaged gzip member): nothing further
    /// can be read from this file.
    #[error("read error: {0}")]
    Io(#[from] io::Error),
    /// The stream ended inside a record: nothing further to read either.
    #[error("truncated record: {0}")]
    Truncated(String),
    /// The record's framing is broken, so where it ends is unknown: skip to
    /// the next line that looks like the start of a record.
    #[error("corrupt record: {0}")]
    Corrupt(String),
    /// The framing is sound but the payload is unusable (malformed HTTP,
    /// failed dechunking or decompression): only this record is lost.
    #[error("{0}")]
    Payload(String),
}

/// What reading one record produced.
enum Step {
    Item(Box<Item>),
    /// A record type that carries no page (warcinfo, request, metadata, ...).
    Ignored,
    Eof,
}

#[derive(Clone, Copy)]
enum State {
    Ready,
    Resync,
    Done,
}

/// Streams the page records of one WARC source, holding at most one record's
/// payload in memory (and not even that for payloads that are skipped).
pub(crate) struct WarcReader<R> {
    reader: R,
    path: String,
    force: FormatHint,
    /// A page payload longer than this is reported and skipped, not read
    /// into memory (0 = no limit; see `ReaderOptions::max_record_bytes`).
    max_payload: usize,
    /// Bytes consumed from the (decompressed) stream so far.
    offset: u64,
    /// Offset of the record being read, for error messages.
    record_start: u64,
    /// Whether `offset` is at the beginning of a line, for resynchronising.
    at_line_start: bool,
    /// Set when resynchronising already read the next record's version line
    /// into `line`; holds that line's offset.
    pending_version: Option<u64>,
    line: Vec<u8>,
    state: State,
}

impl<R: BufRead> WarcReader<R> {
    /// Reads `reader`; `path` is only used in each record's [`Origin`],
    /// `force` (if not `Auto`) replaces the format of every page taken, and
    /// a page payload longer than `max_payload` bytes (0 = no limit) is an
    /// error, read past without being held.
    pub(crate) fn new(
        reader: R,
        path: String,
        force: FormatHint,
        max_payload: usize,
    ) -> WarcReader<R> {
        WarcReader {
            reader,
            path,
            force,
            max_payload,
            offset: 0,
            record_start: 0,
            at_line_start: true,
            pending_version: None,
            line: Vec::new(),
            state: State::Ready,
        }
    }

    fn origin(&self, offset: u64) -> Origin {
        Origin {
            path: self.path.clone(),
            line: None,
            offset: Some(offset),
        }
    }

    /// Reads one line (at most [`MAX_LINE`] bytes) into `self.line`.
    fn read_line(&mut self) -> io::Result<usize> {
        self.line.clear();
        let n = read_line_bounded(&mut self.reader, &mut self.line)?;
        self.offset += n as u64;
        if n > 0 {
            self.at_line_start = self.line.ends_with(b"\n");
        }
        Ok(n)
    }

    /// Skips the CRLFs that end the previous record (any number of them, as
    /// writers disagree on how many there are). Returns false at end of stream.
    fn skip_blank_lines(&mut self) -> io::Result<bool> {
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            let more = n == buf.len();
            self.reader.consume(n);
            self.offset += n as u64;
            if n > 0 {
                self.at_line_start = true;
            }
            if !more {
                return Ok(true);
            }
        }
    }

    /// Scans forward for a line that looks like a WARC version line. Returns
    /// false if the stream ends first.
    fn resync(&mut self) -> io::Result<bool> {
        loop {
            let line_start = self.at_line_start;
            let start = self.offset;
            if self.read_line()? == 0 {
                return Ok(false);
            }
            if line_start && is_version_line(&self.line) {
                self.pending_version = Some(start);
                return Ok(true);
            }
        }
    }

    fn read_record(&mut self) -> Result<Step, WarcError> {
        if let Some(start) = self.pending_version.take() {
            self.record_start = start;
        } else {
            if !self.skip_blank_lines()? {
                return Ok(Step::Eof);
            }
            self.record_start = self.offset;
            self.read_line()?;
            if !is_version_line(&self.line) {
                return Err(WarcError::Corrupt(format!(
                    "expected a WARC/1.x version line, found {}",
                    preview(&self.line)
                )));
            }
        }
        let headers = self.read_headers()?;
        let len_value = header(&headers, "Content-Length")
            .ok_or_else(|| WarcError::Corrupt("missing Content-Length".into()))?;
        let len: u64 = len_value
            .parse()
            .map_err(|_| WarcError::Corrupt(format!("invalid Content-Length {len_value:?}")))?;

        let meta = Meta {
            origin: self.origin(self.record_start),
            id: header(&headers, "WARC-Record-ID").map(str::to_owned),
            url: header(&headers, "WARC-Target-URI")
                .map(|u| u.trim_start_matches('<').trim_end_matches('>').to_owned()),
            force: self.force,
        };
        let content_type = header(&headers, "Content-Type");
        let kind = header(&headers, "WARC-Type").unwrap_or("");
        let mut body = (&mut self.reader).take(len);
        let max = self.max_payload;
        let outcome = if kind.eq_ignore_ascii_case("response") {
            Some(response(&mut body, content_type, meta, max)?)
        } else if kind.eq_ignore_ascii_case("resource") || kind.eq_ignore_ascii_case("conversion") {
            document(&mut body, content_type, meta, max)?
        } else {
            None
        };
        // Whatever was not needed is skipped without being buffered.
        io::copy(&mut body, &mut io::sink())?;
        let missing = body.limit();
        self.offset += len - missing;
        if missing > 0 {
            return Err(WarcError::Truncated(format!(
                "content ended after {} of {len} bytes",
                len - missing
            )));
        }
        match outcome {
            None => Ok(Step::Ignored),
            Some(Ok(item)) => Ok(Step::Item(Box::new(item))),
            Some(Err(message)) => Err(WarcError::Payload(message)),
        }
    }

    /// Reads `Name: value` lines up to the blank line that ends a header.
    fn read_headers(&mut self) -> Result<Vec<(String, String)>, WarcError> {
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            if headers.len() > MAX_HEADER_LINES {
                return Err(WarcError::Corrupt("too many header lines".into()));
            }
            if self.read_line()? == 0 {
                return Err(WarcError::Truncated(
                    "stream ended inside the header".into(),
                ));
            }
            if !self.line.ends_with(b"\n") {
                return Err(if self.line.len() as u64 >= MAX_LINE {
                    WarcError::Corrupt("header line too long".into())
                } else {
                    WarcError::Truncated("stream ended inside the header".into())
                });
            }
            let line = trim_eol(&self.line);
            if line.is_empty() {
                return Ok(headers);
            }
            let text = String::from_utf8_lossy(line);
            if line.starts_with(b" ") || line.starts_with(b"\t") {
                // A folded continuation of the previous header's value.
                let Some((_, value)) = headers.last_mut() else {
                    return Err(WarcError::Corrupt(
                        "header starts with a continuation".into(),
                    ));
                };
                value.push(' ');
                value.push_str(text.trim());
            } else if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            } else {
                return Err(WarcError::Corrupt(format!(
                    "malformed header line {}",
                    preview(line)
                )));
            }
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            match self.state {
                State::Done => return None,
                State::Resync => match self.resync() {
                    Ok(true) => self.state = State::Ready,
                    Ok(false) => {
                        self.state = State::Done;
                        return None;
                    }
                    Err(e) => {
                        self.state = State::Done;
                        return Some(error(self.origin(self.offset), format!("read error: {e}")));
                    }
                },
                State::Ready => {}
            }
            match self.read_record() {
                Ok(Step::Item(item)) => return Some(*item),
                Ok(Step::Ignored) => {}
                Ok(Step::Eof) => {
                    self.state = State::Done;
                    return None;
                }
                Err(e) => {
                    self.state = match e {
                        WarcError::Corrupt(_) => State::Resync,
                        WarcError::Payload(_) => State::Ready,
                        WarcError::Io(_) | WarcError::Truncated(_) => State::Done,
                    };
                    return Some(error(self.origin(self.record_start), e.to_string()));
                }
            }
        }
    }
}

/// The parts of a record's identity that every item built from it shares.
struct Meta {
    origin: Origin,
    id: Option<String>,
    url: Option<String>,
    force: FormatHint,
}

impl Meta {
    fn record(self, bytes: Vec<u8>, charset: Option<String>, format: FormatHint) -> Item {
        let format = match self.force {
            FormatHint::Auto => format,
            forced => forced,
        };
        Item::Record(RawRecord {
            origin: self.origin,
            id: self.id,
            url: self.url,
            body: RawBody::Bytes {
                bytes,
                charset,
                format,
            },
            fields: None,
        })
    }

    fn skipped(self, reason: String) -> Item {
        Item::Skipped {
            origin: self.origin,
            reason,
        }
    }
}

/// A `response` record: normally an HTTP response (`application/http`), but a
/// page stored without its HTTP envelope is accepted too.
fn response<R: BufRead>(
    body: &mut Take<R>,
    content_type: Option<&str>,
    meta: Meta,
    max: usize,
) -> io::Result<Result<Item, String>> {
    if let Some(ct) = content_type {
        let (mime, charset) = parse_content_type(ct);
        if mime != "application/http" {
            return Ok(match format_of(&mime) {
                Some(format) => read_all(body, max)?.map(|b| meta.record(b, charset, format)),
                None => Ok(meta.skipped(non_html(&mime))),
            });
        }
    }
    http_response(body, meta, max)
}

/// A `resource` or `conversion` record: the content is the document itself.
/// Returns `None` for content that is not a page (these record types also
/// hold images, PDFs, ... which are not worth reporting).
fn document<R: BufRead>(
    body: &mut Take<R>,
    content_type: Option<&str>,
    meta: Meta,
    max: usize,
) -> io::Result<Option<Result<Item, String>>> {
    let (mime, charset) = parse_content_type(content_type.unwrap_or(""));
    Ok(match format_of(&mime) {
        Some(format) => Some(read_all(body, max)?.map(|b| meta.record(b, charset, format))),
        None => None,
    })
}

/// Parses the HTTP status line and headers, then takes the payload if it is
/// a successful HTML or plain-text response, undoing chunked transfer coding
/// and content compression.
///
/// Only 2xx responses are taken: redirects, error pages and "not modified"
/// bodies are not the page that was asked for.
fn http_response<R: BufRead>(
    body: &mut Take<R>,
    meta: Meta,
    max: usize,
) -> io::Result<Result<Item, String>> {
    let mut line = Vec::new();
    read_line_bounded(body, &mut line)?;
    let status = trim_eol(&line);
    let code = status
        .strip_prefix(b"HTTP/")
        .and_then(|rest| std::str::from_utf8(rest).ok())
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok());
    let Some(code) = code else {
        return Ok(Err(format!(
            "malformed HTTP status line {}",
            preview(status)
        )));
    };
    let mut headers = Vec::new();
    while headers.len() <= MAX_HEADER_LINES {
        line.clear();
        if read_line_bounded(body, &mut line)? == 0 {
            break;
        }
        let text = String::from_utf8_lossy(trim_eol(&line));
        if text.is_empty() {
            break;
        }
        // Servers send all kinds of broken header lines; they are ignored.
        if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    if !(200..300).contains(&code) {
        return Ok(Ok(meta.skipped(format!("HTTP status {code}"))));
    }
    let (mime, charset) = parse_content_type(header(&headers, "Content-Type").unwrap_or(""));
    let Some(format) = format_of(&mime) else {
        return Ok(Ok(meta.skipped(non_html(&mime))));
    };
    let mut bytes = match read_all(body, max)? {
        Ok(bytes) => bytes,
        Err(e) => return Ok(Err(e)),
    };
    let chunked = header(&headers, "Transfer-Encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    if chunked {
        bytes = match dechunk(&bytes) {
            Ok(bytes) => bytes,
            Err(e) => return Ok(Err(format!("bad chunked HTTP payload: {e}"))),
        };
    }
    if let Some(encoding) = header(&headers, "Content-Encoding") {
        // The decoded page is held to the same limit as the payload.
        let cap = if max > 0 {
            max.min(MAX_DECODED)
        } else {
            MAX_DECODED
        };
        bytes = match decode_content(bytes, encoding, cap) {
            Ok(bytes) => bytes,
            Err(e) => return Ok(Err(e)),
        };
    }
    Ok(Ok(meta.record(bytes, charset, format)))
}

/// Reads a page payload, or, when it is longer than `max` bytes (0 = no
/// limit), reads no further than one byte past it and says so; the record
/// reader then skips the rest without holding it.
fn read_all<R: Read>(body: &mut R, max: usize) -> io::Result<Result<Vec<u8>, String>> {
    Ok(read_at_most(body, max)?.ok_or_else(|| {
        format!("page payload longer than {max} bytes, skipped (the limit is 8 x --max-page-bytes)")
    }))
}

fn non_html(mime: &str) -> String {
    let mime = if mime.is_empty() {
        "no Content-Type"
    } else {
        mime
    };
    format!("non-HTML payload ({mime})")
}

/// The format of a page with this MIME type, or `None` if it is not a page.
fn format_of(mime: &str) -> Option<FormatHint> {
    match mime {
        "text/html" | "application/xhtml+xml" => Some(FormatHint::Html),
        "text/plain" => Some(FormatHint::Text),
        _ => None,
    }
}

/// Splits a `Content-Type` value into its lowercased MIME type and its
/// `charset` parameter, if any.
fn parse_content_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
        .map(|(_, v)| v.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|v| !v.is_empty());
    (mime, charset)
}

/// Undoes HTTP/1.1 chunked transfer coding (RFC 9112 §7.1). Trailers are
/// dropped; a missing final zero-size chunk is tolerated.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(rest.len());
    loop {
        if rest.iter().all(u8::is_ascii_whitespace) {
            return Ok(out);
        }
        let Some(eol) = rest.iter().position(|&b| b == b'\n') else {
            return Err("chunk size line not terminated".into());
        };
        let size_line = String::from_utf8_lossy(&rest[..eol]);
        rest = &rest[eol + 1..];
        let size_text = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("invalid chunk size {size_text:?}"))?;
        if size == 0 {
            return Ok(out);
        }
        let Some(chunk) = rest.get(..size) else {
            return Err(format!("chunk of {size} bytes truncated to {}", rest.len()));
        };
        out.extend_from_slice(chunk);
        rest = &rest[size..];
        rest = rest.strip_prefix(b"\r").unwrap_or(rest);
        rest = rest.strip_prefix(b"\n").unwrap_or(rest);
    }
}

/// Undoes `Content-Encoding`, bounded by `cap` bytes (at most
/// [`MAX_DECODED`]).
fn decode_content(bytes: Vec<u8>, encoding: &str, cap: usize) -> Result<Vec<u8>, String> {
    let encoding = encoding.trim().to_ascii_lowercase();
    let limited = |reader: &mut dyn Read| read_limited(reader, cap);
    let decoded = match encoding.as_str() {
        "" | "identity" => return Ok(bytes),
        "gzip" | "x-gzip" => limited(&mut MultiGzDecoder::new(&bytes[..])),
        // "deflate" is meant to be zlib-wrapped, but some servers send raw
        // deflate data.
        "deflate" => limited(&mut ZlibDecoder::new(&bytes[..]))
            .or_else(|_| limited(&mut DeflateDecoder::new(&bytes[..]))),
        "zstd" => zstd::stream::read::Decoder::new(&bytes[..])
            .and_then(|mut decoder| limited(&mut decoder)),
        other => return Err(format!("unsupported Content-Encoding {other:?}")),
    };
    decoded.map_err(|e| format!("cannot decode Content-Encoding {encoding}: {e}"))
}

fn read_limited(reader: &mut dyn Read, cap: usize) -> io::Result<Vec<u8>> {
    read_at_most(reader, cap)?
        .ok_or_else(|| io::Error::other(format!("decoded payload exceeds {cap} bytes")))
}

/// The first value of header `name` (ASCII case-insensitive).
fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Reads one line of at most [`MAX_LINE`] bytes, so that garbage without
/// newlines cannot make a header line arbitrarily large.
fn read_line_bounded<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>) -> io::Result<usize> {
    reader.take(MAX_LINE).read_until(b'\n', buf)
}

/// `WARC/1.0`, `WARC/1.1` (and the odd `WARC/0.18`), alone on a full line.
fn is_version_line(line: &[u8]) -> bool {
    let Some(version) = line
        .strip_suffix(b"\n")
        .map(trim_eol)
        .and_then(|l| l.strip_prefix(b"WARC/"))
    else {
        return false;
    };
    !version.is_empty()
        && version.len() <= 8
        && version.iter().all(|&b| b.is_ascii_digit() || b == b'.')
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// A short, printable excerpt of damaged input for an error message.
fn preview(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    format!("{:?}", text.trim_end())
}

fn error(origin: Origin, message: String) -> Item {
    Item::Error(RecordError {
        origin,
        message,
        fatal: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_parsing() {
        assert_eq!(
            parse_content_type("Text/HTML; Charset=\"GBK\""),
            ("text/html".into(), Some("GBK".into()))
        );
        assert_eq!(parse_content_type("image/png"), ("image/png".into(), None));
        assert_eq!(parse_content_type(""), (String::new(), None));
    }

    #[test]
    fn dechunking() {
        assert_eq!(
            dechunk(b"4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").unwrap(),
            b"Wikipedia"
        );
        assert_eq!(dechunk(b"3\nabc\n").unwrap(), b"abc");
        assert!(dechunk(b"zz\r\nabc").is_err());
        assert!(dechunk(b"10\r\nabc").is_err());
    }

    #[test]
    fn version_lines() {
        assert!(is_version_line(b"WARC/1.0\r\n"));
        assert!(is_version_line(b"WARC/1.1\n"));
        assert!(!is_version_line(b"WARC/1.0"));
        assert!(!is_version_line(b"WARC/1.0 is a format\n"));
        assert!(!is_version_line(b"WARC/\n"));
    }
}
