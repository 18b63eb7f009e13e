use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use junksift::input::container::{
    read_inputs, FormatHint, Inputs, Item, Origin, RawBody, RawRecord, ReaderOptions, RecordError,
};
use tempfile::TempDir;

mod common;
use common::write;

fn read_with(paths: &[PathBuf], opts: &ReaderOptions) -> Vec<Item> {
    read_inputs(paths, opts).collect()
}

fn read(paths: &[PathBuf]) -> Vec<Item> {
    read_with(paths, &ReaderOptions::default())
}

fn records(items: &[Item]) -> Vec<&RawRecord> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Record(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn errors(items: &[Item]) -> Vec<&RecordError> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Error(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn skips(items: &[Item]) -> Vec<(&Origin, &str)> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Skipped { origin, reason } => Some((origin, reason.as_str())),
            _ => None,
        })
        .collect()
}

/// (records, skipped, errors)
fn counts(items: &[Item]) -> (usize, usize, usize) {
    (
        records(items).len(),
        skips(items).len(),
        errors(items).len(),
    )
}

fn ids(items: &[Item]) -> Vec<&str> {
    records(items)
        .iter()
        .map(|r| r.id.as_deref().unwrap_or("<none>"))
        .collect()
}

fn str_body(r: &RawRecord) -> (&str, FormatHint) {
    match &r.body {
        RawBody::Str { text, format } => (text, *format),
        other => panic!("expected a Str body, got {other:?}"),
    }
}

fn bytes_body(r: &RawRecord) -> (&[u8], Option<&str>, FormatHint) {
    match &r.body {
        RawBody::Bytes {
            bytes,
            charset,
            format,
        } => (bytes, charset.as_deref(), *format),
        other => panic!("expected a Bytes body, got {other:?}"),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(bytes, 3).unwrap()
}

// ---------------------------------------------------------------- JSONL

const JSONL: &str = concat!(
    r#"{"id":"a","url":"http://a/","html":"<p>A</p>","lang":"en"}"#,
    "\n\n",
    r#"{"id":"b","text":"plain B"}"#,
    "\r\n",
    r#"{"id":"c","html":null,"text":"C","extra":{"k":[1,2]}}"#,
    "\n",
);

fn check_jsonl(items: &[Item], path: &str) {
    assert_eq!(counts(items), (3, 0, 0), "{items:?}");
    assert_eq!(ids(items), ["a", "b", "c"]);
    let recs = records(items);
    assert_eq!(str_body(recs[0]), ("<p>A</p>", FormatHint::Html));
    assert_eq!(str_body(recs[1]), ("plain B", FormatHint::Text));
    assert_eq!(str_body(recs[2]), ("C", FormatHint::Text));
    assert_eq!(recs[0].url.as_deref(), Some("http://a/"));
    assert_eq!(recs[1].url, None);
    let fields = recs[0].fields.as_ref().unwrap();
    // Values are kept as their raw JSON text, to be written back verbatim.
    assert_eq!(fields.get("lang"), Some(r#""en""#));
    assert_eq!(fields.len(), 4);
    assert_eq!(
        recs[2].fields.as_ref().unwrap().get("extra"),
        Some(r#"{"k":[1,2]}"#)
    );
    // Blank line 2 is skipped but counted.
    let lines: Vec<_> = recs.iter().map(|r| r.origin.line).collect();
    assert_eq!(lines, [Some(1), Some(3), Some(4)]);
    assert_eq!(recs[1].origin.to_string(), format!("{path}:3"));
}

#[test]
fn jsonl_plain() {
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "c.jsonl", JSONL.as_bytes());
    check_jsonl(&read(std::slice::from_ref(&p)), &p.display().to_string());
}

#[test]
fn jsonl_gz() {
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "c.jsonl.gz", &gzip(JSONL.as_bytes()));
    check_jsonl(&read(std::slice::from_ref(&p)), &p.display().to_string());
}

#[test]
fn jsonl_zst() {
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "c.jsonl.zst", &zstd(JSONL.as_bytes()));
    check_jsonl(&read(std::slice::from_ref(&p)), &p.display().to_string());
}

#[test]
fn gzip_detected_by_magic_despite_name() {
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "misleading.jsonl", &gzip(JSONL.as_bytes()));
    check_jsonl(&read(std::slice::from_ref(&p)), &p.display().to_string());
    // Also without any telling extension at all.
    let p = write(dir.path(), "noext", &zstd(JSONL.as_bytes()));
    check_jsonl(&read(std::slice::from_ref(&p)), &p.display().to_string());
}

fn numbered_line(i: usize) -> String {
    // Varied content so that a few compressed bytes cannot hold a whole line.
    let words: String = (0..40)
        .map(|k| format!("w{}x{} ", i * 7919 + k * 104729, k))
        .collect();
    format!("{{\"id\":\"r{i}\",\"text\":\"{words}\"}}\n")
}

/// Compresses `n` JSONL lines, flushing after each, and returns the bytes and
/// the compressed length at each flush point.
fn flushed<W: Write>(mut enc: W, n: usize, out: impl Fn(&W) -> usize) -> (W, Vec<usize>) {
    let mut points = Vec::new();
    for i in 0..n {
        enc.write_all(numbered_line(i).as_bytes()).unwrap();
        enc.flush().unwrap();
        points.push(out(&enc));
    }
    (enc, points)
}

fn check_truncated(items: &[Item], kept: usize, path: &Path) {
    assert_eq!(counts(items), (kept, 0, 1), "{items:?}");
    let want: Vec<String> = (0..kept).map(|i| format!("r{i}")).collect();
    assert_eq!(ids(items), want);
    for (i, r) in records(items).iter().enumerate() {
        assert_eq!(
            format!("{{\"id\":\"r{i}\",\"text\":\"{}\"}}\n", str_body(r).0),
            numbered_line(i)
        );
    }
    let Some(Item::Error(e)) = items.last() else {
        panic!("last item should be the error")
    };
    assert!(!e.fatal);
    assert_eq!(e.origin.path, path.display().to_string());
    assert_eq!(e.origin.line, Some(kept as u64 + 1));
    assert!(e.message.starts_with("read error"), "{}", e.message);
}

#[test]
fn truncated_gzip() {
    let (enc, points) = flushed(GzEncoder::new(Vec::new(), Compression::default()), 6, |e| {
        e.get_ref().len()
    });
    let full = enc.finish().unwrap();
    // Cut a few bytes into the 4th record's compressed data.
    let cut = &full[..points[2] + 5];
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "t.jsonl.gz", cut);
    let q = write(dir.path(), "next.jsonl", JSONL.as_bytes());
    let items = read(&[p.clone(), q]);
    // The next input is still read after the damaged one.
    let (first, rest) = items.split_at(4);
    check_truncated(first, 3, &p);
    assert_eq!(counts(rest), (3, 0, 0));
}

#[test]
fn truncated_zstd() {
    let enc = zstd::stream::write::Encoder::new(Vec::new(), 3).unwrap();
    let (enc, points) = flushed(enc, 6, |e| e.get_ref().len());
    let full = enc.finish().unwrap();
    let cut = &full[..points[3] + 5];
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "t.jsonl.zst", cut);
    check_truncated(&read(std::slice::from_ref(&p)), 4, &p);
}

#[test]
fn truncated_gzip_single_document() {
    let dir = TempDir::new().unwrap();
    let gz = gzip(numbered_line(1).repeat(50).as_bytes());
    let p = write(dir.path(), "page.html.gz", &gz[..gz.len() / 2]);
    let items = read(&[p]);
    assert_eq!(counts(&items), (0, 0, 1));
    assert!(!errors(&items)[0].fatal);
}

#[test]
fn jsonl_malformed_line_in_the_middle() {
    let input = "{\"id\":\"1\",\"text\":\"one\"}\n{\"id\":\"2\",\"text\":\"tw\n{\"id\":\"3\",\"text\":\"three\"}\n";
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "m.jsonl", input.as_bytes());
    let items = read(std::slice::from_ref(&p));
    assert_eq!(counts(&items), (2, 0, 1));
    assert_eq!(ids(&items), ["1", "3"]);
    assert_eq!(str_body(records(&items)[1]).0, "three");
    let Item::Error(e) = &items[1] else {
        panic!("{items:?}")
    };
    assert_eq!(e.origin.line, Some(2));
    assert!(!e.fatal);
    assert!(e.message.starts_with("malformed JSON"), "{}", e.message);
    assert_eq!(e.to_string(), format!("{}:2: {}", p.display(), e.message));
}

#[test]
fn jsonl_invalid_utf8_and_non_object() {
    let mut input =
        b"{\"id\":\"1\",\"text\":\"one\"}\n{\"id\":\"2\",\"text\":\"\xff\xfe\"}\n".to_vec();
    input.extend_from_slice(b"[1,2]\n{\"id\":\"4\",\"text\":\"four\"}");
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "u.jsonl", &input);
    let items = read(&[p]);
    assert_eq!(counts(&items), (2, 0, 2));
    assert_eq!(ids(&items), ["1", "4"]);
    let lines: Vec<_> = errors(&items).iter().map(|e| e.origin.line).collect();
    assert_eq!(lines, [Some(2), Some(3)]);
    assert!(errors(&items)[0].message.contains("UTF-8"));
}

#[test]
fn jsonl_record_missing_the_field() {
    let input = "{\"id\":\"1\",\"html\":\"<b>1</b>\"}\n{\"id\":\"2\",\"body\":\"x\",\"text\":5}\n{\"id\":\"3\",\"text\":\"3\"}\n";
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "f.jsonl", input.as_bytes());
    let items = read(&[p]);
    assert_eq!(counts(&items), (2, 0, 1));
    assert_eq!(ids(&items), ["1", "3"]);
    let e = errors(&items)[0];
    assert_eq!(e.origin.line, Some(2));
    assert_eq!(e.message, "record has no \"html\" or \"text\" string field");
}

#[test]
fn jsonl_number_id_and_custom_fields() {
    let input = "{\"doc\":12345,\"content\":\"x\",\"link\":\"u\"}\n{\"doc\":1.5,\"content\":\"y\"}\n{\"doc\":null,\"content\":\"z\"}\n";
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "n.jsonl", input.as_bytes());
    let opts = ReaderOptions {
        id_field: "doc".into(),
        text_field: "content".into(),
        url_field: "link".into(),
        force: FormatHint::Html,
        ..ReaderOptions::default()
    };
    let items = read_with(&[p], &opts);
    assert_eq!(counts(&items), (3, 0, 0));
    let recs = records(&items);
    let got: Vec<_> = recs.iter().map(|r| r.id.as_deref()).collect();
    assert_eq!(got, [Some("12345"), Some("1.5"), None]);
    assert_eq!(recs[0].url.as_deref(), Some("u"));
    // --html overrides the format of the text field.
    assert_eq!(str_body(recs[0]), ("x", FormatHint::Html));
}

// ---------------------------------------------------------------- WARC

fn warc_record(headers: &[(&str, &str)], content: &[u8]) -> Vec<u8> {
    let mut out = b"WARC/1.1\r\n".to_vec();
    for (k, v) in headers {
        out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", content.len()).as_bytes());
    out.extend_from_slice(content);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for h in headers {
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn response(id: &str, uri: &str, payload: &[u8]) -> Vec<u8> {
    warc_record(
        &[
            ("WARC-Type", "response"),
            ("WARC-Record-ID", id),
            ("WARC-Target-URI", uri),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        payload,
    )
}

const PAGE: &[u8] = "<html><body>网页</body></html>".as_bytes();

/// warcinfo, request, response (html), response (png), resource (html).
fn mixed_warc_records() -> Vec<Vec<u8>> {
    vec![
        warc_record(
            &[
                ("WARC-Type", "warcinfo"),
                ("Content-Type", "application/warc-fields"),
            ],
            b"software: test\r\n",
        ),
        warc_record(
            &[
                ("WARC-Type", "request"),
                ("WARC-Target-URI", "http://x/"),
                ("Content-Type", "application/http; msgtype=request"),
            ],
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        ),
        response(
            "<urn:uuid:1>",
            "http://x/",
            &http(
                "200 OK",
                &["Content-Type: text/html; charset=GBK", "Server: t"],
                PAGE,
            ),
        ),
        response(
            "<urn:uuid:2>",
            "http://x/a.png",
            &http(
                "200 OK",
                &["Content-Type: image/png"],
                b"\x89PNG\r\n\x1a\n\0\0\0",
            ),
        ),
        warc_record(
            &[
                ("WARC-Type", "resource"),
                ("WARC-Record-ID", "<urn:uuid:3>"),
                ("WARC-Target-URI", "file:///b.html"),
                ("Content-Type", "text/html"),
            ],
            b"<p>resource</p>",
        ),
    ]
}

fn check_mixed_warc(items: &[Item], offsets: &[u64]) {
    assert_eq!(counts(items), (2, 1, 0), "{items:?}");
    assert_eq!(ids(items), ["<urn:uuid:1>", "<urn:uuid:3>"]);
    let recs = records(items);
    assert_eq!(recs[0].url.as_deref(), Some("http://x/"));
    assert_eq!(bytes_body(recs[0]), (PAGE, Some("GBK"), FormatHint::Html));
    assert_eq!(
        bytes_body(recs[1]),
        (&b"<p>resource</p>"[..], None, FormatHint::Html)
    );
    assert_eq!(recs[0].origin.offset, Some(offsets[2]));
    assert_eq!(recs[1].origin.offset, Some(offsets[4]));
    assert!(recs[0].fields.is_none());
    let (origin, reason) = skips(items)[0];
    assert_eq!(reason, "non-HTML payload (image/png)");
    assert_eq!(origin.offset, Some(offsets[3]));
    assert!(origin
        .to_string()
        .ends_with(&format!("@offset {}", offsets[3])));
}

fn offsets(records: &[Vec<u8>]) -> Vec<u64> {
    records
        .iter()
        .scan(0u64, |at, r| {
            let start = *at;
            *at += r.len() as u64;
            Some(start)
        })
        .collect()
}

#[test]
fn warc_mixed_record_types() {
    let recs = mixed_warc_records();
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "c.warc", &recs.concat());
    check_mixed_warc(&read(&[p]), &offsets(&recs));
}

#[test]
fn warc_gz_one_member_per_record() {
    let recs = mixed_warc_records();
    let gz: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "c.warc.gz", &gz);
    check_mixed_warc(&read(&[p]), &offsets(&recs));
}

#[test]
fn warc_corrupt_record_in_the_middle() {
    let good1 = response(
        "<urn:1>",
        "http://a/",
        &http("200 OK", &["Content-Type: text/html"], b"<p>1</p>"),
    );
    let bad = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 12x\r\n\r\nHTTP/1.1 200 OK\r\n\r\nlost\r\n\r\n".to_vec();
    let garbage = b"this is not a header\r\nnor this\r\n".to_vec();
    let good2 = response(
        "<urn:2>",
        "http://b/",
        &http("200 OK", &["Content-Type: text/html"], b"<p>2</p>"),
    );
    let good3 = response(
        "<urn:3>",
        "http://c/",
        &http("200 OK", &["Content-Type: text/plain"], b"3"),
    );
    let parts = [good1, bad, good2, garbage, good3];
    let at = offsets(&parts);
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "bad.warc", &parts.concat());
    let items = read(&[p]);
    assert_eq!(counts(&items), (3, 0, 2), "{items:?}");
    assert_eq!(ids(&items), ["<urn:1>", "<urn:2>", "<urn:3>"]);
    let recs = records(&items);
    assert_eq!(bytes_body(recs[0]).0, b"<p>1</p>");
    assert_eq!(bytes_body(recs[1]).0, b"<p>2</p>");
    assert_eq!(bytes_body(recs[2]), (&b"3"[..], None, FormatHint::Text));
    assert_eq!(recs[1].origin.offset, Some(at[2]));
    assert_eq!(recs[2].origin.offset, Some(at[4]));
    let errs = errors(&items);
    assert_eq!(errs[0].origin.offset, Some(at[1]));
    assert_eq!(
        errs[0].message,
        "corrupt record: invalid Content-Length \"12x\""
    );
    assert_eq!(errs[1].origin.offset, Some(at[3]));
    assert!(
        errs[1].message.contains("expected a WARC/1.x version line"),
        "{}",
        errs[1].message
    );
    assert!(errs.iter().all(|e| !e.fatal));
}

#[test]
fn warc_truncated_record_at_the_end() {
    let good = response(
        "<urn:1>",
        "http://a/",
        &http("200 OK", &["Content-Type: text/html"], b"<p>1</p>"),
    );
    let cut = response(
        "<urn:2>",
        "http://b/",
        &http("200 OK", &["Content-Type: text/html"], &[b'x'; 500]),
    );
    let mut input = good.clone();
    input.extend_from_slice(&cut[..200]);
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "t.warc", &input);
    let items = read(&[p]);
    assert_eq!(counts(&items), (1, 0, 1));
    let e = errors(&items)[0];
    assert_eq!(e.origin.offset, Some(good.len() as u64));
    assert!(e.message.starts_with("truncated record"), "{}", e.message);
}

#[test]
fn warc_chunked_and_gzipped_payloads() {
    let chunked = http(
        "200 OK",
        &[
            "Transfer-Encoding: chunked",
            "Content-Type: text/html; charset=\"utf-8\"",
        ],
        b"6\r\n<html>\r\n7;ext=1\r\n<p>hi</\r\n9\r\np></html>\r\n0\r\nTrailer: x\r\n\r\n",
    );
    let gz_body = gzip(b"<p>compressed</p>");
    let gzipped = http(
        "200 OK",
        &["Content-Type: text/html", "Content-Encoding: gzip"],
        &gz_body,
    );
    let mut chunked_gz_body = format!("{:x}\r\n", gz_body.len()).into_bytes();
    chunked_gz_body.extend_from_slice(&gz_body);
    chunked_gz_body.extend_from_slice(b"\r\n0\r\n\r\n");
    let both = http(
        "200 OK",
        &[
            "Content-Type: text/html",
            "Transfer-Encoding: chunked",
            "Content-Encoding: gzip",
        ],
        &chunked_gz_body,
    );
    let broken = http(
        "200 OK",
        &["Content-Type: text/html", "Transfer-Encoding: chunked"],
        b"zz\r\nxx",
    );
    let redirect = http(
        "301 Moved Permanently",
        &["Content-Type: text/html"],
        b"<a>moved</a>",
    );
    let parts = [
        response("<c>", "http://c/", &chunked),
        response("<g>", "http://g/", &gzipped),
        response("<broken>", "http://x/", &broken),
        response("<r>", "http://r/", &redirect),
        response("<both>", "http://b/", &both),
    ];
    let at = offsets(&parts);
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "chunked.warc", &parts.concat());
    let items = read(&[p]);
    assert_eq!(counts(&items), (3, 1, 1), "{items:?}");
    assert_eq!(ids(&items), ["<c>", "<g>", "<both>"]);
    let recs = records(&items);
    assert_eq!(
        bytes_body(recs[0]),
        (
            &b"<html><p>hi</p></html>"[..],
            Some("utf-8"),
            FormatHint::Html
        )
    );
    assert_eq!(bytes_body(recs[1]).0, b"<p>compressed</p>");
    assert_eq!(bytes_body(recs[2]).0, b"<p>compressed</p>");
    let e = errors(&items)[0];
    assert_eq!(e.origin.offset, Some(at[2]));
    assert!(e.message.contains("chunk"), "{}", e.message);
    assert_eq!(skips(&items)[0].1, "HTTP status 301");
}

#[test]
fn warc_conversion_records_and_forced_format() {
    let wet = warc_record(
        &[
            ("WARC-Type", "conversion"),
            ("WARC-Record-ID", "<w>"),
            ("Content-Type", "text/plain"),
        ],
        "提取的文本".as_bytes(),
    );
    let dir = TempDir::new().unwrap();
    let p = write(dir.path(), "x.warc.wet", &wet);
    let opts = ReaderOptions {
        force: FormatHint::Html,
        ..ReaderOptions::default()
    };
    let items = read_with(&[p], &opts);
    assert_eq!(counts(&items), (1, 0, 0));
    assert_eq!(
        bytes_body(records(&items)[0]),
        ("提取的文本".as_bytes(), None, FormatHint::Html)
    );
}

// ---------------------------------------------------------------- files

#[test]
fn directory_walk() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    write(root, "b/page.html", b"<p>page</p>");
    write(root, "a/z/notes.txt", "纯文本".as_bytes());
    write(root, "c.jsonl.gz", &gzip(JSONL.as_bytes()));
    write(root, "a/image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(root, "a/blob.txt", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
    write(root, "a/y.htm", b"\xef\xbb\xbf<p>bom</p>");
    let items = read(&[root.to_path_buf()]);
    let s = |p: &str| root.join(p).display().to_string();
    // Sorted: a/blob.txt, a/y.htm, a/z/notes.txt, b/page.html, c.jsonl.gz.
    assert_eq!(counts(&items), (6, 0, 1), "{items:?}");
    let Item::Error(e) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(e.origin.path, s("a/blob.txt"));
    assert_eq!(e.message, "binary file, not a text or HTML document");
    assert!(!e.fatal);
    assert_eq!(
        ids(&items),
        [
            s("a/y.htm").as_str(),
            &s("a/z/notes.txt"),
            &s("b/page.html"),
            "a",
            "b",
            "c"
        ]
    );
    let recs = records(&items);
    assert_eq!(
        bytes_body(recs[0]),
        (&b"\xef\xbb\xbf<p>bom</p>"[..], None, FormatHint::Html)
    );
    assert_eq!(
        bytes_body(recs[1]),
        ("纯文本".as_bytes(), None, FormatHint::Text)
    );
    assert_eq!(bytes_body(recs[2]).0, b"<p>page</p>");
    assert_eq!(recs[3].origin.path, s("c.jsonl.gz"));
    assert_eq!(recs[1].origin.to_string(), s("a/z/notes.txt"));
}

#[test]
fn explicit_files_are_always_read() {
    let dir = TempDir::new().unwrap();
    let odd = write(dir.path(), "page.bak", b"<p>x</p>");
    let bin = write(dir.path(), "data.bin", b"\0\0\0\x01");
    let items = read(&[odd.clone(), bin]);
    assert_eq!(counts(&items), (1, 0, 1));
    assert_eq!(
        bytes_body(records(&items)[0]),
        (&b"<p>x</p>"[..], None, FormatHint::Auto)
    );
    assert_eq!(
        records(&items)[0].id.as_deref(),
        Some(odd.display().to_string().as_str())
    );
}

#[test]
fn nonexistent_path_is_fatal_and_the_run_goes_on() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("missing.jsonl");
    let ok = write(dir.path(), "ok.txt", b"fine");
    let items = read(&[missing.clone(), ok]);
    assert_eq!(counts(&items), (1, 0, 1));
    let Item::Error(e) = &items[0] else {
        panic!("{items:?}")
    };
    assert!(e.fatal);
    assert_eq!(e.origin.path, missing.display().to_string());
    assert!(e.message.starts_with("cannot read input"), "{}", e.message);
}

#[test]
fn inputs_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Inputs>();
}
