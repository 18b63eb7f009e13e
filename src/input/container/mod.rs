//! Corpus containers: turning input paths into a stream of raw records.
//!
//! Batch mode reads whatever a crawl or a dataset left behind: single HTML or
//! text files, directories of them, JSON Lines dumps and WARC archives, any of
//! them gzip- or zstd-compressed, or a pipe on stdin. This module hides those
//! differences behind one iterator of [`Item`]s, so the rest of the pipeline
//! only ever sees records, skips and errors, in a deterministic order.
//!
//! Two properties matter more than anything else here:
//!
//! * **Bounded memory.** Inputs are streamed; at most one record's own bytes
//!   are held at a time, whatever the size of the file.
//! * **Nothing silently lost.** Every page that is not turned into a record is
//!   accounted for as [`Item::Skipped`] or [`Item::Error`], with an [`Origin`]
//!   precise enough to find it again, and damage to one record never stops the
//!   run (only the rest of a file whose compressed stream is broken is lost,
//!   and that is reported too).

use std::collections::VecDeque;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

mod compress;
mod json_object;
mod jsonl;
mod walk;
mod warc;

use compress::Peeked;
pub use json_object::{Fields, JsonError};
use jsonl::JsonlReader;
use walk::Walk;
use warc::WarcReader;

/// How many leading bytes (after decompression) are inspected to recognise a
/// container and to tell text from binary data.
const SNIFF_LEN: usize = 8 * 1024;

/// Buffer size for reading inputs; large enough to amortise system calls.
const BUF_LEN: usize = 64 * 1024;

/// Where a record came from, so that every skip or error can be traced back
/// to a precise place in the input.
///
/// Its [`Display`](fmt::Display) form is what users see in diagnostics:
/// `corpus.jsonl.gz:1234` for a JSONL line, `crawl.warc.gz@offset 5678` for
/// a WARC record, or just the path for a whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The input path as given or found by walking; `-` for stdin.
    pub path: String,
    /// For JSONL: the 1-based line number of the record.
    pub line: Option<u64>,
    /// For WARC: the byte offset of the record in the decompressed stream
    /// (compressed offsets would not be meaningful for a gzip-per-record file
    /// read as one stream).
    pub offset: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(offset) = self.offset {
            write!(f, "@offset {offset}")?;
        }
        Ok(())
    }
}

/// What a body is believed to be, which decides how it is segmented.
///
/// This is the input stage's own type, re-exported so that the container
/// readers and the rest of the pipeline agree on it: the container usually
/// knows (an `html` JSON field, a `text/html` HTTP response, a `.txt` file);
/// when it does not, `Auto` leaves the decision to content sniffing further
/// down, and `--html` / `--text` force one through [`ReaderOptions::force`].
pub use super::FormatHint;

/// The body of a record before character decoding.
///
/// The two variants exist because decoding is not the container's business:
/// JSON strings are already Unicode, while files and WARC payloads are bytes
/// whose encoding is only known after looking at BOMs, headers and `<meta>`
/// tags, which is done later in one place.
#[derive(Debug, Clone, PartialEq)]
pub enum RawBody {
    /// Already Unicode text (a JSONL string field). `format` says whether it
    /// came from the HTML field or the text field.
    Str {
        /// The field's value.
        text: String,
        /// [`FormatHint::Html`] or [`FormatHint::Text`] by field, unless forced.
        format: FormatHint,
    },
    /// Raw bytes (a whole file, a WARC payload).
    Bytes {
        /// The bytes, with any transfer and content coding already undone.
        bytes: Vec<u8>,
        /// The charset from the HTTP (or WARC) `Content-Type` header, when
        /// there was one; the strongest encoding signal after a BOM.
        charset: Option<String>,
        /// From the MIME type or file extension, unless forced.
        format: FormatHint,
    },
}

/// One document read from an input, not yet decoded or analysed.
///
/// Records are equal when their fields have the same raw JSON text.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    /// Where the record came from.
    pub origin: Origin,
    /// The document's identifier: the JSONL id field, the `WARC-Record-ID`,
    /// or the path of a single-document file.
    pub id: Option<String>,
    /// The page URL: the JSONL url field or the `WARC-Target-URI`.
    pub url: Option<String>,
    /// The document itself.
    pub body: RawBody,
    /// For JSONL, the whole original object, so that every field can be
    /// written back out next to the results. `None` for other containers.
    pub fields: Option<Fields>,
}

/// A problem with one record or one input.
///
/// Errors are items rather than `Err` values that end iteration, because a
/// batch run over millions of records must report the bad ones and go on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct RecordError {
    /// Where the problem was found.
    pub origin: Origin,
    /// What went wrong, for humans.
    pub message: String,
    /// True only when an input could not be opened or read at all (not
    /// found, permission denied, unreadable directory): a mistake in the
    /// invocation rather than damage in the data, so callers will usually
    /// want to exit with a failure status after the run.
    pub fatal: bool,
}

/// One step of reading the inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A document to analyse.
    Record(RawRecord),
    /// A page that was deliberately not taken: a WARC `response` whose
    /// payload is not HTML or plain text, or whose HTTP status is not 2xx.
    /// Crawler bookkeeping (WARC `warcinfo`, `request`, `metadata`,
    /// `revisit` records) is not counted at all.
    Skipped {
        /// Where the skipped record is.
        origin: Origin,
        /// Why, e.g. `non-HTML payload (image/png)`.
        reason: String,
    },
    /// A broken record or an unreadable input. Reading goes on with the next
    /// record, or with the next input if this one cannot be read further.
    Error(RecordError),
}

impl Item {
    /// Where this item came from.
    pub fn origin(&self) -> &Origin {
        match self {
            Item::Record(record) => &record.origin,
            Item::Skipped { origin, .. } => origin,
            Item::Error(error) => &error.origin,
        }
    }
}

/// Options that change how containers are interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderOptions {
    /// JSONL field holding an HTML body; preferred over `text_field`.
    pub html_field: String,
    /// JSONL field holding a plain-text body.
    pub text_field: String,
    /// JSONL field holding the document id (a string or a number).
    pub id_field: String,
    /// JSONL field holding the page URL.
    pub url_field: String,
    /// `Html` or `Text` overrides the format of every record taken (the
    /// `--html` / `--text` flags); `Auto` keeps what the container says. It
    /// never changes which records are taken or skipped.
    pub force: FormatHint,
    /// A JSONL line, or a file holding one document (decompressed), longer
    /// than this many bytes is skipped (and reported) without being held
    /// in memory: a file that is not JSON Lines (a JSON array of two
    /// gigabytes on one line), or a runaway HTML file, costs its reading
    /// time, not its size in memory. A WARC record's page payload is held
    /// to it too, before and after its `Content-Encoding` is undone (other
    /// payloads are skipped as before). 0 = no limit. See
    /// [`max_record_bytes_for`].
    pub max_record_bytes: usize,
}

/// The record limit that goes with a page size limit (see
/// [`crate::Policy::max_page_bytes`]): eight times the page, room for the
/// page escaped in JSON (`\uXXXX` doubles CJK text) next to other fields
/// holding as much again (a text dump, a gold text), or for a document
/// file, whatever its encoding; 0 (no page limit) gives no limit.
pub fn max_record_bytes_for(max_page_bytes: usize) -> usize {
    max_page_bytes.saturating_mul(8)
}

impl Default for ReaderOptions {
    /// The field names used by most web-text datasets: `html`, `text`, `id`
    /// and `url`, with no forced format.
    fn default() -> ReaderOptions {
        ReaderOptions {
            html_field: "html".into(),
            text_field: "text".into(),
            id_field: "id".into(),
            url_field: "url".into(),
            force: FormatHint::Auto,
            max_record_bytes: max_record_bytes_for(crate::DEFAULT_MAX_PAGE_BYTES),
        }
    }
}

/// Reads every input in order and yields its records, skips and errors.
///
/// `-` means stdin. A directory is walked recursively in sorted order, taking
/// only files named `*.jsonl`, `*.json`, `*.ndjson`, `*.warc`, `*.html`,
/// `*.htm`, `*.xhtml` or `*.txt`, each optionally followed by `.gz` or
/// `.zst`; other files found in directories are ignored silently, while a
/// file given explicitly is always read.
///
/// Compression is recognised by magic bytes, whatever the name. The container
/// is recognised from the decompressed content (`WARC/` starts a WARC file,
/// `{` a JSONL file) and failing that from the extension; anything else is a
/// single document whose id is its path.
///
/// Nothing is opened until the iterator is advanced, and the iterator is
/// `Send`, so it can feed a pool of worker threads.
pub fn read_inputs(paths: &[PathBuf], opts: &ReaderOptions) -> Inputs {
    Inputs {
        paths: paths.iter().cloned().collect(),
        opts: opts.clone(),
        walk: None,
        current: None,
    }
}

/// The iterator returned by [`read_inputs`].
pub struct Inputs {
    paths: VecDeque<PathBuf>,
    opts: ReaderOptions,
    walk: Option<Walk>,
    current: Option<FileItems>,
}

impl fmt::Debug for Inputs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inputs")
            .field("remaining_paths", &self.paths)
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(current) = &mut self.current {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            if let Some(walk) = &mut self.walk {
                match walk.next() {
                    Some(Ok(path)) => self.current = Some(open_file(&path, &self.opts)),
                    Some(Err(e)) => {
                        return Some(fatal(e.path.display().to_string(), e.source));
                    }
                    None => self.walk = None,
                }
                continue;
            }
            let path = self.paths.pop_front()?;
            if path.as_os_str() == "-" {
                self.current = Some(open_source(
                    Box::new(io::stdin()),
                    "-".into(),
                    None,
                    &self.opts,
                ));
                continue;
            }
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.walk = Some(Walk::new(path)),
                Ok(_) => self.current = Some(open_file(&path, &self.opts)),
                Err(e) => return Some(fatal(path.display().to_string(), e)),
            }
        }
    }
}

/// The decompressed, buffered stream of one input.
type Source = BufReader<Peeked<Box<dyn Read + Send>>>;

/// The items of one input file.
enum FileItems {
    Jsonl(JsonlReader<Source>),
    Warc(WarcReader<Source>),
    /// A single document, or a single error about the input.
    One(Option<Item>),
}

impl Iterator for FileItems {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match self {
            FileItems::Jsonl(reader) => reader.next(),
            FileItems::Warc(reader) => reader.next(),
            FileItems::One(item) => item.take(),
        }
    }
}

fn open_file(path: &Path, opts: &ReaderOptions) -> FileItems {
    let name = path.display().to_string();
    match File::open(path) {
        Ok(file) => {
            let ext = path.file_name().and_then(|n| n.to_str()).map(|n| {
                let n = compress::strip_compression_ext(n);
                Path::new(n)
                    .extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or("")
                    .to_ascii_lowercase()
            });
            open_source(Box::new(file), name, ext.as_deref(), opts)
        }
        Err(e) => FileItems::One(Some(fatal(name, e))),
    }
}

/// What kind of container an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Jsonl,
    Warc,
    Document(FormatHint),
}

/// Recognises the container from the first decompressed bytes, falling back
/// on the extension (without any compression suffix).
fn detect_container(head: &[u8], ext: Option<&str>) -> Container {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.starts_with(b"WARC/") {
        return Container::Warc;
    }
    if head.trim_ascii_start().starts_with(b"{") {
        return Container::Jsonl;
    }
    match ext.unwrap_or("") {
        "jsonl" | "json" | "ndjson" => Container::Jsonl,
        "warc" => Container::Warc,
        "html" | "htm" | "xhtml" => Container::Document(FormatHint::Html),
        "txt" => Container::Document(FormatHint::Text),
        _ => Container::Document(FormatHint::Auto),
    }
}

/// Whether a file's first bytes look like binary data rather than a page.
///
/// Like grep and ripgrep, a NUL byte is taken as the sign of binary data; text
/// in UTF-16 or UTF-32 (which is full of NULs) is let through when it starts
/// with a byte order mark, for the encoding detection to deal with.
fn looks_binary(head: &[u8]) -> bool {
    const BOMS: [&[u8]; 3] = [b"\xFF\xFE", b"\xFE\xFF", b"\x00\x00\xFE\xFF"];
    !BOMS.iter().any(|bom| head.starts_with(bom)) && head.contains(&0)
}

/// Decompresses and sniffs `raw`, and sets up the reader for its container.
fn open_source(
    raw: Box<dyn Read + Send>,
    name: String,
    ext: Option<&str>,
    opts: &ReaderOptions,
) -> FileItems {
    let decompressed = match compress::decompress(raw) {
        Ok(decompressed) => decompressed,
        Err(e) => return FileItems::One(Some(fatal(name, e))),
    };
    let peeked = Peeked::new(decompressed, SNIFF_LEN);
    let container = detect_container(peeked.head(), ext);
    let binary = looks_binary(peeked.head());
    let mut source = BufReader::with_capacity(BUF_LEN, peeked);
    match container {
        Container::Jsonl => FileItems::Jsonl(JsonlReader::new(source, name, opts)),
        Container::Warc => FileItems::Warc(WarcReader::new(
            source,
            name,
            opts.force,
            opts.max_record_bytes,
        )),
        Container::Document(_) if binary => FileItems::One(Some(error(
            name,
            "binary file, not a text or HTML document".into(),
        ))),
        Container::Document(format) => {
            let limit = opts.max_record_bytes;
            let item = match read_at_most(&mut source, limit) {
                Ok(None) => error(
                    name,
                    format!(
                        "file longer than {limit} bytes, skipped (the limit is 8 x --max-page-bytes)"
                    ),
                ),
                Ok(Some(bytes)) => Item::Record(RawRecord {
                    origin: whole_file(name.clone()),
                    id: Some(name),
                    url: None,
                    body: RawBody::Bytes {
                        bytes,
                        charset: None,
                        format: match opts.force {
                            FormatHint::Auto => format,
                            forced => forced,
                        },
                    },
                    fields: None,
                }),
                Err(e) => error(name, format!("read error: {e}")),
            };
            FileItems::One(Some(item))
        }
    }
}

/// Reads `reader` to its end, unless it holds more than `max` bytes (0 = no
/// limit): then `None`, having read one byte past `max` and kept nothing.
/// What bounds the memory a page, a record or a decoded payload can take.
pub(super) fn read_at_most<R: Read>(reader: R, max: usize) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    if max == 0 {
        let mut reader = reader;
        reader.read_to_end(&mut bytes)?;
        return Ok(Some(bytes));
    }
    // One byte past the limit tells a reader over it.
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(cap).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= max).then_some(bytes))
}

fn whole_file(path: String) -> Origin {
    Origin {
        path,
        line: None,
        offset: None,
    }
}

fn error(path: String, message: String) -> Item {
    Item::Error(RecordError {
        origin: whole_file(path),
        message,
        fatal: false,
    })
}

fn fatal(path: String, e: io::Error) -> Item {
    Item::Error(RecordError {
        origin: whole_file(path),
        message: format!("cannot read input: {e}"),
        fatal: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(bytes: &[u8], ext: Option<&str>) -> Vec<Item> {
        let raw: Box<dyn Read + Send> = Box::new(io::Cursor::new(bytes.to_vec()));
        open_source(raw, "t".into(), ext, &ReaderOptions::default()).collect()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = enc.write_all(bytes);
        enc.finish().unwrap_or_default()
    }

    const WARC: &[u8] = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 91\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n<p>\r\n0\r\n\r\n\r\n\r\nWARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\n<p>\r\n\r\n";
    const JSONL: &[u8] = b"{\"id\":1,\"html\":\"<p>\"}\n{\"id\":2,\"text\":\"t\"}\n";

    /// Every prefix and every single-byte corruption of valid inputs must be
    /// read to the end without panicking.
    #[test]
    fn damaged_inputs_never_panic() {
        assert_eq!(items(WARC, None).len(), 2);
        for input in [WARC.to_vec(), gzip(WARC), JSONL.to_vec(), gzip(JSONL)] {
            for cut in 0..input.len() {
                items(&input[..cut], None);
                for flip in [0x00, 0x0a, 0x80, 0xff] {
                    let mut damaged = input.clone();
                    damaged[cut] ^= flip;
                    items(&damaged, Some("warc"));
                }
            }
        }
    }

    #[test]
    fn huge_content_length_does_not_allocate_it() {
        let warc = b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: 18446744073709551615\r\n\r\n<p>x</p>";
        let got = items(warc, None);
        assert!(
            matches!(&got[..], [Item::Error(e)] if e.message.starts_with("truncated")),
            "{got:?}"
        );
    }

    #[test]
    fn container_detection() {
        assert_eq!(
            detect_container(b"\xEF\xBB\xBF \n{\"a\":1}", None),
            Container::Jsonl
        );
        assert_eq!(
            detect_container(b"WARC/1.1\r\n", Some("txt")),
            Container::Warc
        );
        assert_eq!(detect_container(b"<p>", Some("ndjson")), Container::Jsonl);
        assert_eq!(
            detect_container(b"x", Some("htm")),
            Container::Document(FormatHint::Html)
        );
        assert_eq!(
            detect_container(b"x", None),
            Container::Document(FormatHint::Auto)
        );
        assert!(looks_binary(b"ab\0cd"));
        assert!(!looks_binary(b"\xFF\xFEa\0b\0"));
        assert!(!looks_binary("纯文本".as_bytes()));
    }
}
