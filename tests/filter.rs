//! `junksift filter`: every input format and every kind of broken input,
//! checked through the report's counts and the records that come out.
//!
//! The model is retrained from time to time, so these tests assert
//! invariants (counts add up, good records come through unchanged, order,
//! determinism, exit codes), not which blocks are labelled what. Where a test
//! needs every document in the output, it uses `--max-spam-score 1
//! --min-content-chars 0`, a policy that keeps every page whatever the model
//! says.

use std::fs;
use std::io::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::{Map, Value};
use tempfile::TempDir;

mod common;
use common::{fixture, write};

/// Keeps every document, whatever the model says.
const KEEP_ALL: [&str; 4] = ["--max-spam-score", "1", "--min-content-chars", "0"];

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    zstd::encode_all(bytes, 3).unwrap()
}

/// The outcome of one `junksift filter` run.
struct Run {
    code: i32,
    out: Vec<u8>,
    stderr: String,
    report: Value,
    dir: TempDir,
}

impl Run {
    /// The kept records.
    fn records(&self) -> Vec<Map<String, Value>> {
        parse_jsonl(&self.out)
    }

    fn count(&self, key: &str) -> u64 {
        self.report[key]
            .as_u64()
            .unwrap_or_else(|| panic!("no {key} in {}", self.report))
    }

    /// A file written by the run, by name, in its scratch directory.
    fn file(&self, name: &str) -> Vec<u8> {
        fs::read(self.dir.path().join(name)).unwrap_or_default()
    }
}

fn parse_jsonl(bytes: &[u8]) -> Vec<Map<String, Value>> {
    let text = std::str::from_utf8(bytes).expect("output is UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "output ends with a newline"
    );
    text.lines()
        .map(|l| serde_json::from_str(l).expect("every output line is a JSON object"))
        .collect()
}

/// Runs `junksift filter ARGS --report R --quiet` (so stderr holds only the
/// errors) in a scratch directory, and checks the invariant
/// `docs_in = kept + dropped + errored` on every run that wrote a report.
fn filter_with(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let dir = TempDir::new().unwrap();
    let report = dir.path().join("report.json");
    let mut cmd = Command::cargo_bin("junksift").unwrap();
    cmd.current_dir(dir.path())
        .arg("filter")
        .args(args)
        .arg("--report")
        .arg(&report)
        .arg("--quiet");
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    let code = out.status.code().expect("exited normally, not by a signal");
    let report: Value = match fs::read(&report) {
        Ok(bytes) => serde_json::from_slice(&bytes).expect("report is JSON"),
        Err(_) => Value::Null,
    };
    let to_stdout = !args.iter().any(|a| *a == "-o" || *a == "--output");
    if !report.is_null() && to_stdout {
        let n = |k: &str| report[k].as_u64().unwrap();
        assert_eq!(
            n("docs_in"),
            n("kept") + n("dropped") + n("errored"),
            "invariant broken: {report}"
        );
        assert_eq!(
            n("kept"),
            parse_jsonl(&out.stdout).len() as u64,
            "one output line per kept document"
        );
        // The analysis threads' time is part of the run's, per thread.
        let f = |k: &str| report[k].as_f64().unwrap();
        let threads = f("threads");
        assert!(f("analysis_s") >= 0.0, "{report}");
        assert!(
            f("analysis_s") <= (f("elapsed_s") + 0.002) * threads,
            "{report}"
        );
        if f("analysis_docs_per_s") > 0.0 {
            // analysis_s is rounded to the millisecond.
            let secs = n("docs_in") as f64 / f("analysis_docs_per_s");
            assert!((secs - f("analysis_s")).abs() <= 0.0006, "{report}");
        }
    }
    Run {
        code,
        out: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        report,
        dir,
    }
}

fn filter(args: &[&str]) -> Run {
    filter_with(args, None)
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn args_with<'a>(first: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    first.iter().chain(rest).copied().collect()
}

fn jsonl_lines(path: &Path) -> Vec<Map<String, Value>> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

/// The page with its tags taken out (inline elements join the text around
/// them, as `<b>cap</b>tion` reads "caption").
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The clean text of a record must only hold text that is in the input.
/// For text pages every clean line is a substring of the page; for HTML
/// (where entities are decoded and whitespace collapsed) every ASCII word
/// and every other letter occurs in the page's text outside tags.
fn assert_text_from_input(clean: &str, page: &str, is_text: bool) {
    let stripped = if is_text {
        String::new()
    } else {
        strip_tags(page)
    };
    let page = if is_text { page } else { stripped.as_str() };
    for line in clean.lines() {
        if is_text {
            assert!(page.contains(line), "{line:?} is not in the input");
            continue;
        }
        let mut word = String::new();
        for c in line.chars().chain([' ']) {
            if c.is_ascii_alphanumeric() {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                assert!(page.contains(&word), "{word:?} is not in the input");
                word.clear();
            }
            if c.is_alphanumeric() {
                assert!(page.contains(c), "{c:?} is not in the input");
            }
        }
    }
}

/// Checks an output record against its input record: every input field
/// (but the output field) unchanged, the clean text taken from the input,
/// and a `junksift` annotation.
fn assert_record_matches(out: &Map<String, Value>, input: &Map<String, Value>, out_field: &str) {
    for (k, v) in input {
        if k != out_field {
            assert_eq!(out.get(k), Some(v), "field {k:?} changed");
        }
    }
    let clean = out[out_field].as_str().expect("clean text is a string");
    let (page, is_text) = match (input.get("html"), input.get("text")) {
        (Some(Value::String(h)), _) => (h.as_str(), false),
        (_, Some(Value::String(t))) => (t.as_str(), true),
        _ => panic!("input has no page"),
    };
    assert_text_from_input(clean, page, is_text);
    let ann = out["junksift"].as_object().expect("junksift object");
    for key in ["format", "lang", "verdict"] {
        assert!(ann.contains_key(key), "junksift.{key} missing");
    }
    let share = &ann["verdict"]["junk_share"];
    for kind in ["boilerplate", "headline_list", "link_farm"] {
        let x = share[kind].as_f64().expect("junk share per kind");
        assert!((0.0..=1.0).contains(&x));
    }
}

fn sample_records() -> Vec<Map<String, Value>> {
    jsonl_lines(&fixture("jsonl/sample.jsonl"))
}

/// The kept output of the sample, every document kept.
fn sample_output() -> Vec<u8> {
    let sample = fixture("jsonl/sample.jsonl");
    let run = filter(&args_with(&[path_str(&sample)], &KEEP_ALL));
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.out
}

#[test]
fn jsonl_every_field_kept_and_text_from_input() {
    let sample = fixture("jsonl/sample.jsonl");
    let run = filter(&args_with(
        &[path_str(&sample), "--out-field", "clean"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("docs_in"), 6);
    assert_eq!(run.count("kept"), 6);
    assert_eq!(run.count("errored"), 0);
    assert_eq!(run.count("skipped"), 0);
    assert_eq!(run.report["formats"]["html"], 3);
    assert_eq!(run.report["formats"]["text"], 3);
    let inputs = sample_records();
    let outputs = run.records();
    assert_eq!(outputs.len(), inputs.len());
    // Documents per language: the languages of the records, "und" for none.
    let mut langs = Map::new();
    for out in &outputs {
        let lang = out["junksift"]["lang"].as_str().unwrap_or("und").to_owned();
        let n = langs.get(&lang).and_then(Value::as_u64).unwrap_or(0);
        langs.insert(lang, Value::from(n + 1));
    }
    assert_eq!(run.report["langs"], Value::Object(langs));
    for (out, input) in outputs.iter().zip(&inputs) {
        assert_record_matches(out, input, "clean");
        let blocks = out["junksift"]["blocks"].as_array().expect("blocks listed");
        for b in blocks {
            let (start, end) = (b["start"].as_u64().unwrap(), b["end"].as_u64().unwrap());
            assert!(start <= end);
            assert!(b["label"].is_string() && b["score"].is_number() && b["why"].is_array());
        }
    }
    // The page bytes of the report are the bodies' bytes.
    let bytes: usize = inputs
        .iter()
        .map(|r| {
            r.get("html")
                .or(r.get("text"))
                .and_then(Value::as_str)
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(run.count("bytes_in"), bytes as u64);
}

#[test]
fn default_out_field_replaces_text_and_no_blocks_leaves_blocks_out() {
    let sample = fixture("jsonl/sample.jsonl");
    let run = filter(&args_with(&[path_str(&sample), "--no-blocks"], &KEEP_ALL));
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (out, input) in run.records().iter().zip(&sample_records()) {
        assert_record_matches(out, input, "text");
        assert!(out["junksift"].get("blocks").is_none());
    }
}

/// `--tree-reasons` (every block down the second pass's forest) and
/// `--fast` change how blocks are decided, not the clean text of these
/// pages nor the block spans; the two cannot be combined.
#[test]
fn tree_reasons_and_fast_keep_the_blocks_and_exclude_each_other() {
    let sample = fixture("jsonl/sample.jsonl");
    let spans = |run: &Run| -> Vec<(Value, Value)> {
        run.records()
            .iter()
            .flat_map(|r| {
                r["junksift"]["blocks"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .map(|b| (b["start"].clone(), b["end"].clone()))
            .collect()
    };
    let texts =
        |run: &Run| -> Vec<Value> { run.records().iter().map(|r| r["text"].clone()).collect() };
    let default = filter(&args_with(&[path_str(&sample)], &KEEP_ALL));
    assert_eq!(default.code, 0, "{}", default.stderr);
    for flag in ["--tree-reasons", "--fast"] {
        let run = filter(&args_with(&[path_str(&sample), flag], &KEEP_ALL));
        assert_eq!(run.code, 0, "{flag}: {}", run.stderr);
        assert_eq!(texts(&run), texts(&default), "{flag}");
        assert_eq!(spans(&run), spans(&default), "{flag}");
        assert!(!spans(&run).is_empty());
    }
    let both = filter(&[path_str(&sample), "--fast", "--tree-reasons"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
}

/// Input values come back byte for byte (a number's digits, a `\u` escape),
/// and the title line is reported in `junksift.title`, out of the clean
/// text unless `--keep-title`.
#[test]
fn values_written_back_verbatim_and_title_reported() {
    let line = concat!(
        r#"{"id":"x1","n":1.50,"u":"caf\u00e9","html":"<html><head><title>River news</title>"#,
        r#"</head><body><h1>River rises in town</h1><p>The river rose two metres overnight and "#,
        r#"the town hall was closed, officials said on Sunday.</p><p>Schools will stay shut "#,
        r#"until the water goes down, the mayor said in a statement.</p></body></html>"}"#,
        "\n"
    );
    let run = filter_with(&["--no-blocks"], Some(line.as_bytes().to_vec()));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = String::from_utf8(run.out.clone()).expect("UTF-8 output");
    assert!(out.contains(r#""n":1.50,"#), "{out}");
    assert!(out.contains(r#""u":"caf\u00e9""#), "{out}");
    let rec = &run.records()[0];
    assert_eq!(rec["junksift"]["title"], "River rises in town");
    let text = rec["text"].as_str().expect("text");
    assert!(text.starts_with("The river rose"), "{text}");
    let kept = filter_with(
        &["--no-blocks", "--keep-title"],
        Some(line.as_bytes().to_vec()),
    );
    let text = kept.records()[0]["text"].as_str().expect("text").to_owned();
    assert!(text.starts_with("River rises in town\n"), "{text}");
}

#[test]
fn compressed_jsonl_gives_the_same_output() {
    let expected = sample_output();
    let raw = fs::read(fixture("jsonl/sample.jsonl")).unwrap();
    let dir = TempDir::new().unwrap();
    let gz = write(dir.path(), "sample.jsonl.gz", &gzip(&raw));
    let zst = write(dir.path(), "sample.jsonl.zst", &zstd(&raw));
    // Compression is recognised by magic bytes, not by name.
    let gz_noext = write(dir.path(), "sample-data", &gzip(&raw));
    let zst_misnamed = write(dir.path(), "sample.jsonl", &zstd(&raw));
    for path in [&gz, &zst, &gz_noext, &zst_misnamed] {
        let run = filter(&args_with(&[path_str(path)], &KEEP_ALL));
        assert_eq!(run.code, 0, "{}: {}", path.display(), run.stderr);
        assert_eq!(run.count("docs_in"), 6);
        assert_eq!(run.out, expected, "{}", path.display());
    }
}

#[test]
fn stdin_is_read_when_no_input_is_given() {
    let expected = sample_output();
    let raw = fs::read(fixture("jsonl/sample.jsonl")).unwrap();
    let run = filter_with(&KEEP_ALL, Some(gzip(&raw)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.out, expected);
    let run = filter_with(&args_with(&["-"], &KEEP_ALL), Some(raw));
    assert_eq!(run.out, expected);
}

#[test]
fn bad_json_line_and_missing_field_cost_only_their_lines() {
    // broken.jsonl = the 6 sample records with a malformed line (3), a
    // record without html/text (5) and a blank line (7) in between.
    let broken = fixture("jsonl/broken.jsonl");
    let run = filter(&args_with(
        &[path_str(&broken), "--errors", "errors.jsonl"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 3, "records errored: exit 3; {}", run.stderr);
    assert_eq!(run.count("docs_in"), 8);
    assert_eq!(run.count("kept"), 6);
    assert_eq!(run.count("errored"), 2);
    assert_eq!(run.count("fatal"), 0);
    // The good records around the bad lines come out exactly as without them.
    assert_eq!(run.out, sample_output());
    // Each error on stderr with file and line, and in --errors.
    assert!(
        run.stderr.contains("broken.jsonl:3: malformed JSON"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("broken.jsonl:5: record has no"),
        "{}",
        run.stderr
    );
    let errors = parse_jsonl(&run.file("errors.jsonl"));
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(errors[1]["line"], 5);
    for e in &errors {
        assert!(e["path"].as_str().unwrap().ends_with("broken.jsonl"));
        assert_eq!(e["fatal"], false);
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
}

#[test]
fn missing_field_with_custom_field_names() {
    let dir = TempDir::new().unwrap();
    let input = write(
        dir.path(),
        "custom.jsonl",
        "{\"doc\": 7, \"page\": \"<p>The harbour reopened on Monday after a week of storms kept the fishing fleet ashore.</p>\", \"extra\": [1, 2]}\n\
         {\"doc\": 8, \"html\": \"<p>not read: --html-field is page</p>\"}\n\
         {\"doc\": 9, \"dump\": \"A plain text line about the harbour reopening after the storms.\"}\n"
            .as_bytes(),
    );
    let run = filter(&args_with(
        &[
            path_str(&input),
            "--html-field",
            "page",
            "--text-field",
            "dump",
            "--id-field",
            "doc",
        ],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.count("docs_in"), 3);
    assert_eq!(run.count("errored"), 1);
    assert!(run.stderr.contains("custom.jsonl:2"), "{}", run.stderr);
    let recs = run.records();
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["doc"], 7);
    assert_eq!(recs[0]["extra"], serde_json::json!([1, 2]));
    assert_eq!(recs[0]["junksift"]["format"], "html");
    assert_eq!(recs[1]["doc"], 9);
    assert_eq!(recs[1]["junksift"]["format"], "text");

    // An empty --html-field reads only the text field.
    let both = write(
        dir.path(),
        "both.jsonl",
        b"{\"html\": \"<p>markup</p>\", \"dump\": \"the dump line of the page\"}\n",
    );
    let run = filter(&args_with(
        &[path_str(&both), "--html-field", "", "--text-field", "dump"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.records()[0]["junksift"]["format"], "text");
}

/// JSON allows `\u` escapes of lone UTF-16 surrogates, which no Rust
/// string holds: the page is read with U+FFFD in their place (as a browser
/// decodes broken UTF-16) instead of being lost, and the field is written
/// back as it came.
#[test]
fn lone_surrogate_escape_is_read_as_a_replacement_character() {
    let dir = TempDir::new().unwrap();
    let line = r#"{"id": "s", "html": "<p>The harbour reopened on Monday \udc00 after a week of storms kept the fishing fleet ashore \ud83d\ude00.</p>"}"#;
    let input = write(
        dir.path(),
        "surrogate.jsonl",
        format!("{line}\n").as_bytes(),
    );
    // (serde_json refuses to read the lone escape back, so the output goes
    // to a file and is checked as text.)
    let run = filter(&args_with(
        &[path_str(&input), "-o", "out.jsonl"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("errored"), 0);
    assert_eq!(run.count("kept"), 1);
    let out = String::from_utf8_lossy(&run.file("out.jsonl")).into_owned();
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("Monday \u{FFFD} after"), "{out}");
    assert!(out.contains("ashore \u{1F600}."), "{out}");
    assert!(out.contains(r#"Monday \udc00 after"#), "{out}");
}

#[test]
fn truncated_gzip_and_zstd_keep_what_came_before() {
    // Four copies of the sample: more than one 128 KiB zstd block.
    let raw = fs::read(fixture("jsonl/sample.jsonl")).unwrap().repeat(4);
    let dir = TempDir::new().unwrap();
    let whole = write(dir.path(), "whole.jsonl", &raw);
    let full = filter(&args_with(&[path_str(&whole)], &KEEP_ALL)).out;
    let full_lines: Vec<&[u8]> = full.split_inclusive(|&b| b == b'\n').collect();
    // Cut in the middle of the stream. zstd emits nothing of a block until
    // the whole block is there, so its copies are compressed as one frame
    // each (concatenated frames are one stream, like gzip members).
    let gz = gzip(&raw);
    let one = fs::read(fixture("jsonl/sample.jsonl")).unwrap();
    let zst = zstd(&one).repeat(4);
    for (name, cut) in [
        ("cut.jsonl.gz", &gz[..gz.len() * 3 / 4]),
        ("cut.jsonl.zst", &zst[..zst.len() * 7 / 8]),
    ] {
        let path = write(dir.path(), name, cut);
        let run = filter(&args_with(&[path_str(&path)], &KEEP_ALL));
        assert_eq!(run.code, 3, "{name}: {}", run.stderr);
        assert_eq!(
            run.count("errored"),
            1,
            "{name}: one error for the lost rest"
        );
        let good = run.count("kept");
        assert!(
            (1..24).contains(&good),
            "{name}: {good} records before the cut"
        );
        // The records before the damage are exactly those of the full run.
        let lines: Vec<&[u8]> = run.out.split_inclusive(|&b| b == b'\n').collect();
        assert_eq!(lines[..], full_lines[..lines.len()], "{name}");
        assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
    }
}

/// A WARC record with the given headers and content.
fn warc_record(kind: &str, id: &str, uri: &str, content_type: &str, content: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    r.extend_from_slice(content);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http_response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

/// A crawl: an HTML page in UTF-8, a GBK page whose charset is only in the
/// HTTP header, a plain-text page, an image and a 404 (skipped), a request
/// record (ignored), and optionally a corrupt record in the middle.
fn warc_records(corrupt: bool) -> Vec<Vec<u8>> {
    let en = fs::read(fixture("html/en-news.html")).unwrap();
    let gbk = fs::read(fixture("html/zh-gbk-nometa.html")).unwrap();
    let txt = fs::read(fixture("text/en-dump.txt")).unwrap();
    let http = "application/http; msgtype=response";
    let mut records = vec![
        warc_record(
            "warcinfo",
            "0",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            "1",
            "https://example.org/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "a",
            "https://example.org/a",
            http,
            &http_response("200 OK", "text/html; charset=utf-8", &en),
        ),
        warc_record(
            "response",
            "img",
            "https://example.org/logo.png",
            http,
            &http_response("200 OK", "image/png", b"\x89PNG\r\n\x1a\n...."),
        ),
        warc_record(
            "response",
            "b",
            "https://example.cn/b",
            http,
            &http_response("200 OK", "text/html; charset=gbk", &gbk),
        ),
        warc_record(
            "response",
            "gone",
            "https://example.org/gone",
            http,
            &http_response("404 Not Found", "text/html", b"<p>not found</p>"),
        ),
        warc_record(
            "response",
            "c",
            "https://example.org/c.txt",
            http,
            &http_response("200 OK", "text/plain", &txt),
        ),
    ];
    if corrupt {
        records.insert(
            4,
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: twelve\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n"
                .to_vec(),
        );
    }
    records
}

fn check_warc_run(run: &Run, errored: u64) {
    assert_eq!(run.count("docs_in"), 3 + errored);
    assert_eq!(run.count("kept"), 3);
    assert_eq!(run.count("errored"), errored);
    assert_eq!(run.count("skipped"), 2);
    let skipped_by = run.report["skipped_by"].as_object().unwrap();
    assert_eq!(skipped_by["non-HTML payload (image/png)"], 1);
    assert_eq!(skipped_by["HTTP status 404"], 1);
    let recs = run.records();
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["<urn:uuid:a>", "<urn:uuid:b>", "<urn:uuid:c>"],
        "WARC-Record-ID as id, in order"
    );
    assert_eq!(recs[1]["url"], "https://example.cn/b");
    assert_eq!(recs[0]["junksift"]["format"], "html");
    assert_eq!(recs[2]["junksift"]["format"], "text");
    // Decoded with the header's charset: no replacement characters.
    let zh = recs[1]["text"].as_str().unwrap();
    assert!(!zh.contains('\u{FFFD}'), "{zh}");
    let txt = fs::read_to_string(fixture("text/en-dump.txt")).unwrap();
    assert_text_from_input(recs[2]["text"].as_str().unwrap(), &txt, true);
}

#[test]
fn warc_and_warc_gz() {
    let dir = TempDir::new().unwrap();
    let records = warc_records(false);
    let warc = write(dir.path(), "crawl.warc", &records.concat());
    // The usual .warc.gz: one gzip member per record.
    let members: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let warc_gz = write(dir.path(), "crawl.warc.gz", &members);
    let plain = filter(&args_with(&[path_str(&warc)], &KEEP_ALL));
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    check_warc_run(&plain, 0);
    let gz = filter(&args_with(&[path_str(&warc_gz)], &KEEP_ALL));
    assert_eq!(gz.code, 0, "{}", gz.stderr);
    check_warc_run(&gz, 0);
    assert_eq!(plain.out, gz.out);
    // The GBK page decodes as the same page does from a file with <meta>.
    let meta = filter(&args_with(
        &[path_str(&fixture("html/zh-gbk.html"))],
        &KEEP_ALL,
    ));
    assert_eq!(plain.records()[1]["text"], meta.records()[0]["text"]);
}

#[test]
fn corrupt_warc_record_costs_only_that_record() {
    let dir = TempDir::new().unwrap();
    let good = filter(&args_with(
        &[path_str(&write(
            dir.path(),
            "good.warc",
            &warc_records(false).concat(),
        ))],
        &KEEP_ALL,
    ));
    for (name, bytes) in [
        ("bad.warc", warc_records(true).concat()),
        (
            "bad.warc.gz",
            warc_records(true).iter().flat_map(|r| gzip(r)).collect(),
        ),
    ] {
        let path = write(dir.path(), name, &bytes);
        let run = filter(&args_with(
            &[path_str(&path), "--errors", "errors.jsonl"],
            &KEEP_ALL,
        ));
        assert_eq!(run.code, 3, "{name}: {}", run.stderr);
        check_warc_run(&run, 1);
        assert_eq!(run.out, good.out, "{name}: the good records are unchanged");
        assert!(
            run.stderr.contains(&format!("{name}@offset")),
            "{name}: error with its offset: {}",
            run.stderr
        );
        let errors = parse_jsonl(&run.file("errors.jsonl"));
        assert_eq!(errors.len(), 1);
        assert!(errors[0]["offset"].is_u64());
        assert!(errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("Content-Length"));
    }
}

#[test]
fn html_and_text_files() {
    let html = fixture("html/en-news.html");
    let txt = fixture("text/zh-dump.txt");
    let run = filter(&args_with(&[path_str(&html), path_str(&txt)], &KEEP_ALL));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("docs_in"), 2);
    let recs = run.records();
    assert_eq!(recs[0]["id"], path_str(&html));
    assert_eq!(recs[0]["url"], Value::Null);
    assert_eq!(recs[0]["junksift"]["format"], "html");
    assert_eq!(recs[1]["id"], path_str(&txt));
    assert_eq!(recs[1]["junksift"]["format"], "text");
    let page = fs::read_to_string(&txt).unwrap();
    assert_text_from_input(recs[1]["text"].as_str().unwrap(), &page, true);
    let page = fs::read_to_string(&html).unwrap();
    assert_text_from_input(recs[0]["text"].as_str().unwrap(), &page, false);
    // --text forces the format.
    let run = filter(&args_with(&[path_str(&html), "--text"], &KEEP_ALL));
    assert_eq!(run.records()[0]["junksift"]["format"], "text");
}

#[test]
fn directory_with_a_binary_file() {
    let dir = TempDir::new().unwrap();
    let root = dir.path().join("corpus");
    write(
        &root,
        "a.html",
        &fs::read(fixture("html/en-news.html")).unwrap(),
    );
    write(
        &root,
        "b/binary.html",
        &fs::read(fixture("hostile/garbage.bin")).unwrap(),
    );
    write(
        &root,
        "b/c.txt",
        &fs::read(fixture("text/en-dump.txt")).unwrap(),
    );
    write(
        &root,
        "d.jsonl.gz",
        &gzip(&fs::read(fixture("jsonl/sample.jsonl")).unwrap()),
    );
    write(&root, "ignored.png", b"\x89PNG\r\n\x1a\n\0\0\0");
    let run = filter(&args_with(
        &[path_str(&root), "--errors", "errors.jsonl"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.count("docs_in"), 1 + 1 + 1 + 6);
    assert_eq!(run.count("kept"), 8);
    assert_eq!(run.count("errored"), 1);
    assert!(run.stderr.contains("binary.html"), "{}", run.stderr);
    let recs = run.records();
    // Sorted walk order: a.html, b/binary.html (error), b/c.txt, d.jsonl.gz.
    assert!(recs[0]["id"].as_str().unwrap().ends_with("a.html"));
    assert!(recs[1]["id"].as_str().unwrap().ends_with("c.txt"));
    // The JSONL records inside the directory come through unchanged.
    let sample: Vec<Map<String, Value>> = parse_jsonl(&sample_output());
    assert_eq!(recs[2..], sample[..]);
    let errors = parse_jsonl(&run.file("errors.jsonl"));
    assert!(errors[0]["message"].as_str().unwrap().contains("binary"));
}

/// `n` small text records with ids 0..n, some long and some short, so that
/// they take different times and span several chunks of 256.
fn many_records(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let body = if i % 7 == 0 {
            "The committee met again on Thursday and agreed on a plan for the new bridge. "
                .repeat(40)
        } else {
            format!("Home | News | Sport\nRecord number {i} reports that the river rose by {i} centimetres overnight, and the town council opened a shelter.\n© 2024 Example")
        };
        let rec = serde_json::json!({"id": i, "text": body, "n": i});
        out.extend_from_slice(rec.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

#[test]
fn order_is_preserved_and_output_is_deterministic() {
    let dir = TempDir::new().unwrap();
    let input = write(dir.path(), "many.jsonl", &many_records(300));
    let run = |jobs: &str| {
        let r = filter(&args_with(&[path_str(&input), "-j", jobs], &KEEP_ALL));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(r.count("docs_in"), 300);
        r
    };
    let two = run("2");
    let ids: Vec<u64> = two
        .records()
        .iter()
        .map(|r| r["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (0..300).collect::<Vec<u64>>(), "input order");
    assert_eq!(two.report["threads"], 2);
    let again = run("2");
    assert_eq!(two.out, again.out, "two runs, byte-identical output");
    let one = run("1");
    assert_eq!(one.out, two.out, "the output does not depend on -j");
}

#[test]
fn strict_stops_at_the_first_error() {
    let broken = fixture("jsonl/broken.jsonl");
    let run = filter(&args_with(&[path_str(&broken), "--strict"], &KEEP_ALL));
    assert_eq!(run.code, 3, "{}", run.stderr);
    // Lines 1 and 2 are good, line 3 is the first error.
    assert_eq!(run.count("docs_in"), 3);
    assert_eq!(run.count("kept"), 2);
    assert_eq!(run.count("errored"), 1);
    assert_eq!(run.report["complete"], false);
    let full = parse_jsonl(&sample_output());
    assert_eq!(run.records()[..], full[..2]);
}

#[test]
fn rejected_documents_carry_the_reason() {
    let sample = fixture("jsonl/sample.jsonl");
    // Nothing has a million characters of content: everything is dropped.
    let run = filter(&[
        path_str(&sample),
        "--min-content-chars",
        "1000000",
        "--rejected",
        "rejected.jsonl",
    ]);
    assert_eq!(run.code, 0, "dropping is not an error; {}", run.stderr);
    assert_eq!(run.count("kept"), 0);
    assert_eq!(run.count("dropped"), 6);
    assert!(run.out.is_empty());
    let d = &run.report["dropped_by"];
    assert_eq!(
        d["spam_score"].as_u64().unwrap() + d["min_content_chars"].as_u64().unwrap(),
        6
    );
    let rejected = parse_jsonl(&run.file("rejected.jsonl"));
    assert_eq!(rejected.len(), 6);
    for (out, input) in rejected.iter().zip(&sample_records()) {
        assert_eq!(out["id"], input["id"]);
        assert_eq!(out["junksift"]["verdict"]["keep"], false);
        assert!(out["junksift"]["verdict"]["reason"].is_string());
        // The record as it came, its own "text" included (a text record's
        // page): nothing of a dropped document is lost. An HTML record,
        // which has no "text", gets its clean text there.
        for (k, v) in input {
            if k != "junksift" {
                assert_eq!(&out[k.as_str()], v, "{k}");
            }
        }
        assert!(out["text"].is_string());
    }
    assert_eq!(run.report["policy"]["min_content_chars"], 1000000);

    // Kept and rejected partition the input, whatever the model decides.
    let run = filter(&[path_str(&sample), "--rejected", "rejected.jsonl"]);
    let mut ids: Vec<Value> = run
        .records()
        .into_iter()
        .chain(parse_jsonl(&run.file("rejected.jsonl")))
        .map(|r| r["id"].clone())
        .collect();
    let mut all: Vec<Value> = sample_records()
        .into_iter()
        .map(|r| r["id"].clone())
        .collect();
    ids.sort_by_key(|v| v.to_string());
    all.sort_by_key(|v| v.to_string());
    assert_eq!(ids, all);
}

#[test]
fn spam_kinds_and_thresholds_reach_the_policy() {
    let sample = fixture("jsonl/sample.jsonl");
    let run = filter(&[
        path_str(&sample),
        "--spam-kinds",
        "link_farm,headline_list",
        "--max-spam-score",
        "0.25",
    ]);
    assert!(run.code == 0, "{}", run.stderr);
    assert_eq!(
        run.report["policy"]["spam_kinds"],
        serde_json::json!(["link_farm", "headline_list"])
    );
    assert_eq!(run.report["policy"]["max_spam_score"], 0.25);
    // With no spam kind, no page is spam.
    let run = filter(&[path_str(&sample), "--spam-kinds", "none"]);
    assert_eq!(run.report["dropped_by"]["spam_score"], 0);
}

#[test]
fn exit_codes() {
    let sample = fixture("jsonl/sample.jsonl");
    // 1: an input that cannot be read; the other inputs are still filtered.
    let run = filter(&[path_str(&sample), "does-not-exist.jsonl"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.count("fatal"), 1);
    assert_eq!(run.count("errored"), 1);
    assert_eq!(run.count("docs_in"), 7);
    assert!(run.stderr.contains("does-not-exist.jsonl"));
    // 2: bad usage.
    for bad in [
        &["--spam-kinds", "content"][..],
        &["--spam-kinds", "spam"],
        &["--max-spam-score", "x"],
        &["-j", "-1"],
    ] {
        let run = filter(&args_with(&[path_str(&sample)], bad));
        assert_eq!(run.code, 2, "{bad:?}: {}", run.stderr);
    }
    // 1: an output that cannot be created, or that is an input.
    let run = filter(&[path_str(&sample), "-o", "/nonexistent/dir/out.jsonl"]);
    assert_eq!(run.code, 1);
    let dir = TempDir::new().unwrap();
    let copy = write(dir.path(), "in.jsonl", &fs::read(&sample).unwrap());
    let run = filter(&[path_str(&copy), "-o", path_str(&copy)]);
    assert_eq!(run.code, 1);
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&sample).unwrap());
    // 0: a clean run, output to a file.
    let run = filter(&[path_str(&sample), "-o", "out.jsonl"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        parse_jsonl(&run.file("out.jsonl")).len() as u64,
        run.count("kept")
    );
}

#[test]
fn summary_on_stderr_unless_quiet() {
    let sample = fixture("jsonl/sample.jsonl");
    let out = Command::cargo_bin("junksift")
        .unwrap()
        .args(["filter", path_str(&sample), "-o", "/dev/null"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("6 docs in"), "{stderr}");
    assert!(stderr.contains("junk share"), "{stderr}");
    assert!(stderr.contains("docs/s"), "{stderr}");
    assert!(stderr.contains("  languages: zh 3, en 2, de 1"), "{stderr}");
    // Not a terminal: no progress bar escape codes.
    assert!(!stderr.contains('\x1b'), "{stderr}");
}

#[test]
fn fast_mode_keeps_the_same_records_and_fields() {
    let sample = fixture("jsonl/sample.jsonl");
    let run = filter(&args_with(&[path_str(&sample), "--fast"], &KEEP_ALL));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.count("kept"), 6);
    for (out, input) in run.records().iter().zip(&sample_records()) {
        assert_record_matches(out, input, "text");
        assert!(out["junksift"]["blocks"]
            .as_array()
            .is_some_and(|b| !b.is_empty()));
    }
}

#[test]
fn pages_above_the_size_limits_are_dropped_unanalysed_and_counted() {
    // The sample with two oversized records in between: one with more
    // blocks than --max-blocks (a small page of many lines), one with more
    // bytes than --max-page-bytes (a large page of one paragraph).
    let sample = fs::read_to_string(fixture("jsonl/sample.jsonl")).unwrap();
    let mut lines: Vec<String> = sample.lines().map(str::to_string).collect();
    let many_lines = serde_json::json!({"id": "many-lines", "text": "word\n".repeat(200)});
    let many_bytes = serde_json::json!({
        "id": "many-bytes",
        "html": format!("<p>{}</p>", "long words ".repeat(6000)),
    });
    lines.insert(2, many_lines.to_string());
    lines.insert(5, many_bytes.to_string());
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("big.jsonl");
    fs::write(&input, lines.join("\n") + "\n").unwrap();

    let limits = ["--max-blocks", "100", "--max-page-bytes", "50000"];
    let run = filter(&args_with(
        &[path_str(&input), "--rejected", "rejected.jsonl"],
        &[&KEEP_ALL[..], &limits[..]].concat(),
    ));
    assert_eq!(run.code, 0, "a policy drop is not an error; {}", run.stderr);
    assert_eq!(run.count("docs_in"), 8);
    assert_eq!(run.count("kept"), 6);
    assert_eq!(run.count("dropped"), 2);
    assert_eq!(run.report["dropped_by"]["too_large"], 2);
    assert_eq!(run.report["policy"]["max_blocks"], 100);
    assert_eq!(run.report["policy"]["max_page_bytes"], 50000);
    // The pages within the limits come out exactly as without the others.
    assert_eq!(run.out, sample_output());
    let rejected = parse_jsonl(&run.file("rejected.jsonl"));
    let ids: Vec<&Value> = rejected.iter().map(|r| &r["id"]).collect();
    assert_eq!(ids, ["many-lines", "many-bytes"]);
    for (r, limit) in rejected.iter().zip(["max_blocks", "max_page_bytes"]) {
        let verdict = &r["junksift"]["verdict"];
        assert_eq!(verdict["keep"], false);
        assert_eq!(verdict["cause"], "too_large");
        let reason = verdict["reason"].as_str().unwrap();
        assert!(reason.contains(limit), "{reason}");
        assert_eq!(r["junksift"]["blocks"], serde_json::json!([]));
    }

    // 0 lifts both limits: the two pages are analysed like any other.
    let run = filter(&args_with(
        &[path_str(&input)],
        &[
            &KEEP_ALL[..],
            &["--max-blocks", "0", "--max-page-bytes", "0"][..],
        ]
        .concat(),
    ));
    assert_eq!(run.count("kept"), 8, "{}", run.report);
    assert_eq!(run.report["dropped_by"]["too_large"], 0);
}

#[test]
fn a_line_too_long_to_hold_is_an_error_and_costs_only_itself() {
    // The sample with, as its third line, a JSON array of 500 KB: not a
    // record, and longer than 8 x --max-page-bytes.
    let sample = fs::read_to_string(fixture("jsonl/sample.jsonl")).unwrap();
    let mut lines: Vec<String> = sample.lines().map(str::to_string).collect();
    let array = serde_json::json!(vec!["a long value"; 40_000]).to_string();
    assert!(array.len() > 400_000);
    lines.insert(2, array);
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("array.jsonl");
    fs::write(&input, lines.join("\n") + "\n").unwrap();

    let run = filter(&args_with(
        &[path_str(&input), "--max-page-bytes", "50000"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 3, "a record errored; {}", run.stderr);
    assert_eq!(run.count("docs_in"), 7);
    assert_eq!(run.count("kept"), 6);
    assert_eq!(run.count("errored"), 1);
    assert_eq!(run.out, sample_output());
    assert!(
        run.stderr
            .contains("array.jsonl:3: line longer than 400000 bytes"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_document_file_too_long_to_hold_is_an_error_and_costs_only_itself() {
    // A directory of three pages: a small one, one of 20 KB and the same
    // gzipped (the limit counts the decompressed bytes), against a record
    // limit of 8 x 2,000 bytes.
    let dir = TempDir::new().unwrap();
    let pages = dir.path().join("pages");
    fs::create_dir(&pages).unwrap();
    let small = "<html><body><p>The council met on Monday to vote on the new budget, \
                 which passed by a narrow margin after a long debate.</p></body></html>";
    let big = format!(
        "<html><body>{}</body></html>",
        "<p>Words of a page.</p>".repeat(900)
    );
    assert!(big.len() > 16_000);
    fs::write(pages.join("a-small.html"), small).unwrap();
    fs::write(pages.join("b-big.html"), &big).unwrap();
    fs::write(pages.join("c-big.html.gz"), gzip(big.as_bytes())).unwrap();

    let run = filter(&args_with(
        &[path_str(&pages), "--max-page-bytes", "2000"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 3, "records errored; {}", run.stderr);
    assert_eq!(run.count("docs_in"), 3);
    assert_eq!(run.count("kept"), 1);
    assert_eq!(run.count("errored"), 2);
    assert_eq!(
        run.records()[0]["id"]
            .as_str()
            .map(|s| s.ends_with("a-small.html")),
        Some(true)
    );
    for name in ["b-big.html", "c-big.html.gz"] {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(name) && l.contains("file longer than 16000 bytes")),
            "{}",
            run.stderr
        );
    }
    // Without the limit, both are read.
    let run = filter(&args_with(
        &[path_str(&pages), "--max-page-bytes", "0"],
        &KEEP_ALL,
    ));
    assert_eq!(run.count("kept"), 3, "{}", run.stderr);
}

#[test]
fn a_warc_page_payload_too_long_to_hold_is_an_error_and_costs_only_itself() {
    // Against a record limit of 8 x 2,000 bytes: a small page, a 20 KB
    // page, the same gzip-encoded (its compressed size is under the limit,
    // its page over it), a resource record of 20 KB, and a 20 KB image,
    // which stays a skip.
    let small = b"<html><body><p>The council met on Monday to vote on the new budget, \
                  which passed by a narrow margin after a long debate.</p></body></html>";
    let big = format!(
        "<html><body>{}</body></html>",
        "<p>Words of a page.</p>".repeat(900)
    );
    let http = "application/http; msgtype=response";
    let gzipped = {
        let body = gzip(big.as_bytes());
        let mut r = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(&body);
        r
    };
    let image = vec![0x89u8; 20_000];
    let records = [
        warc_record(
            "response",
            "a",
            "https://example.org/a",
            http,
            &http_response("200 OK", "text/html", small),
        ),
        warc_record(
            "response",
            "big",
            "https://example.org/big",
            http,
            &http_response("200 OK", "text/html", big.as_bytes()),
        ),
        warc_record("response", "gz", "https://example.org/gz", http, &gzipped),
        warc_record(
            "resource",
            "res",
            "https://example.org/res",
            "text/html",
            big.as_bytes(),
        ),
        warc_record(
            "response",
            "img",
            "https://example.org/i.png",
            http,
            &http_response("200 OK", "image/png", &image),
        ),
        warc_record(
            "response",
            "b",
            "https://example.org/b",
            http,
            &http_response("200 OK", "text/html", small),
        ),
    ];
    let dir = TempDir::new().unwrap();
    let warc = dir.path().join("crawl.warc");
    fs::write(&warc, records.concat()).unwrap();

    let run = filter(&args_with(
        &[path_str(&warc), "--max-page-bytes", "2000"],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 3, "records errored; {}", run.stderr);
    assert_eq!(run.count("kept"), 2);
    assert_eq!(run.count("errored"), 3);
    assert_eq!(run.count("skipped"), 1, "the image is still skipped");
    let longer = run
        .stderr
        .lines()
        .filter(|l| l.contains("crawl.warc"))
        .count();
    assert_eq!(longer, 3, "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("payload longer than 16000 bytes")
            .count()
            + run
                .stderr
                .matches("decoded payload exceeds 16000 bytes")
                .count(),
        3,
        "{}",
        run.stderr
    );
    // The pages around the long ones come through, in order.
    let ids: Vec<String> = run
        .records()
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["<urn:uuid:a>", "<urn:uuid:b>"]);

    // Without the limit, the three pages are read (and, at 20 KB, analysed).
    let run = filter(&args_with(
        &[path_str(&warc), "--max-page-bytes", "0"],
        &KEEP_ALL,
    ));
    assert_eq!(run.count("kept"), 5, "{}", run.stderr);
    assert_eq!(run.count("errored"), 0);
}

#[test]
fn langs_keeps_only_the_languages_asked_for() {
    let sample = fixture("jsonl/sample.jsonl");
    // Every record kept, and its language, without --langs.
    let all = filter(&args_with(&[path_str(&sample)], &KEEP_ALL));
    assert_eq!(all.code, 0, "{}", all.stderr);
    let lang = |r: &Map<String, Value>| r["junksift"]["lang"].as_str().unwrap_or("und").to_owned();
    let every: Vec<(Value, String)> = all
        .records()
        .iter()
        .map(|r| (r["id"].clone(), lang(r)))
        .collect();
    assert!(every.iter().any(|(_, l)| l == "en"), "{every:?}");

    let run = filter(&args_with(
        &[
            path_str(&sample),
            "--langs",
            "zh,DE",
            "--rejected",
            "rejected.jsonl",
        ],
        &KEEP_ALL,
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kept: Vec<(Value, String)> = run
        .records()
        .iter()
        .map(|r| (r["id"].clone(), lang(r)))
        .collect();
    let expected: Vec<(Value, String)> = every
        .iter()
        .filter(|(_, l)| l == "zh" || l == "de")
        .cloned()
        .collect();
    assert_eq!(kept, expected);
    let others = (every.len() - expected.len()) as u64;
    assert_eq!(run.count("dropped"), others);
    assert_eq!(run.report["dropped_by"]["language"], others);
    assert_eq!(
        run.report["policy"]["langs"],
        serde_json::json!(["zh", "de"])
    );
    assert_eq!(
        run.count("docs_in"),
        run.count("kept") + run.count("dropped")
    );
    for r in parse_jsonl(&run.file("rejected.jsonl")) {
        let reason = r["junksift"]["verdict"]["reason"]
            .as_str()
            .unwrap_or_default();
        assert!(
            reason.starts_with("language ") && reason.ends_with(" not in zh,de"),
            "{reason}"
        );
    }

    let bad = filter(&[path_str(&sample), "--langs", "english"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}
