//! The fast HTML parser (tokenizer + light tree builder) against the
//! reference one (html5ever): the same blocks on real pages, and no text
//! lost or invented on tag soup.

mod common;

use std::io::BufRead;

use junksift::lexicon::Lexicons;
use junksift::segment::html::{segment_html_with, HtmlParser};
use junksift::segment::{Roles, Segmentation};
use junksift::{Document, FormatHint};
use proptest::prelude::*;

fn lexicons() -> &'static Lexicons {
    static LEX: std::sync::OnceLock<Lexicons> = std::sync::OnceLock::new();
    LEX.get_or_init(Lexicons::embedded)
}

fn both(html: &str) -> (Segmentation, Segmentation) {
    let lex = lexicons();
    (
        segment_html_with(html, lex, HtmlParser::Html5ever),
        segment_html_with(html, lex, HtmlParser::Scan),
    )
}

fn texts(s: &Segmentation) -> Vec<&str> {
    s.blocks.iter().map(|b| b.text(&s.text)).collect()
}

#[test]
fn fixture_pages_segment_the_same() {
    let dirs = [common::fixture("html"), common::fixture("hostile")];
    let mut pages = 0;
    for dir in dirs {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "html") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let doc = Document::from_bytes(&bytes, FormatHint::Html, None);
            let (dom, scan) = both(&doc.source);
            assert_eq!(texts(&dom), texts(&scan), "{}", path.display());
            assert_eq!(dom.title, scan.title, "{}", path.display());
            pages += 1;
        }
    }
    assert!(pages >= 10, "only {pages} fixture pages");
}

/// Every bench page gives the same block texts with both parsers, and all
/// but 1% of blocks the same structure (links, depth, roles, tag): where
/// they differ, html5ever reconstructed misnested `<font>`/`<b>` elements
/// or foster-parented table content, which the light builder leaves alone.
#[test]
fn bench_pages_segment_the_same() {
    let mut blocks = 0usize;
    let mut differing = 0usize;
    for set in ["articles-en.jsonl", "articles-zh.jsonl"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/bench")
            .join(set);
        let file = std::fs::File::open(&path).expect("../shared/bench beside the repo");
        for line in std::io::BufReader::new(file).lines() {
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            let (Some(id), Some(html)) = (v["id"].as_str(), v["html"].as_str()) else {
                continue;
            };
            let (dom, scan) = both(html);
            assert_eq!(texts(&dom), texts(&scan), "{set} {id}");
            assert_eq!(dom.title, scan.title, "{set} {id}");
            assert_eq!(dom.h1, scan.h1, "{set} {id}");
            blocks += dom.blocks.len();
            differing += dom
                .blocks
                .iter()
                .zip(&scan.blocks)
                .filter(|(a, b)| {
                    (
                        a.links,
                        a.link_chars,
                        a.depth,
                        a.roles,
                        a.tag,
                        a.in_list,
                        a.in_table,
                    ) != (
                        b.links,
                        b.link_chars,
                        b.depth,
                        b.roles,
                        b.tag,
                        b.in_list,
                        b.in_table,
                    )
                })
                .count();
        }
    }
    assert!(blocks > 30_000, "{blocks} blocks");
    assert!(
        differing * 100 < blocks,
        "{differing} of {blocks} blocks differ in structure"
    );
}

/// Tag soup: random open and end tags of common elements, misnested and
/// unclosed, around numbered words.
fn soup() -> impl Strategy<Value = String> {
    let tags = [
        "p", "div", "li", "ul", "ol", "a", "b", "span", "table", "tr", "td", "th", "h2", "font",
        "section", "dd", "dt", "br", "tbody", "form", "button",
    ];
    let piece = prop_oneof![
        (0..tags.len()).prop_map(move |i| format!("<{}>", tags[i])),
        (0..tags.len()).prop_map(move |i| format!("</{}>", tags[i])),
        Just(" ".to_string()),
        Just("&amp;".to_string()),
        Just("<!-- c -->".to_string()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, p)| format!("{p}w{i} "))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Both parsers keep every word exactly once (in html5ever's order or
    /// not: foster parenting moves stray table text before the table).
    #[test]
    fn tag_soup_keeps_every_word_once(html in soup()) {
        let (dom, scan) = both(&html);
        let words = |s: &Segmentation| {
            let mut w: Vec<String> = texts(s)
                .iter()
                .flat_map(|t| t.split(' '))
                .map(str::to_string)
                .collect();
            w.sort();
            w
        };
        prop_assert_eq!(words(&dom), words(&scan));
    }
}

/// `--html-parser html5ever` on the command line gives the default's clean
/// text on the fixture pages (their blocks are the same).
#[test]
fn cli_parser_choice_gives_the_same_clean_text() {
    for page in ["html/en-news.html", "html/zh-news.html", "html/big5.html"] {
        let run = |parser: &str| {
            let out = assert_cmd::Command::cargo_bin("junksift")
                .expect("binary")
                .args(["clean", "--html-parser", parser])
                .arg(common::fixture(page))
                .output()
                .expect("runs");
            assert!(out.status.success(), "{page} {parser}");
            out.stdout
        };
        let scan = run("scan");
        assert!(!scan.is_empty(), "{page}");
        assert_eq!(scan, run("html5ever"), "{page}");
    }
}

/// Markup-ish noise: tag, reference and quote fragments between arbitrary
/// (multi-byte) characters.
fn noise() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<".to_string()),
        Just("</".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("&#x".to_string()),
        Just("&am".to_string()),
        Just(";".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("=".to_string()),
        Just("<!--".to_string()),
        Just("<!DOCTYPE html>".to_string()),
        Just("<script>".to_string()),
        Just("<title>".to_string()),
        Just("<svg a='>'>".to_string()),
        Just("<td class=x>".to_string()),
        "[a-z]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
        "[\u{4e00}-\u{4e20}é€😀]{1,4}",
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any input segments without panicking, into blocks whose spans are
    /// valid, non-empty and in order.
    #[test]
    fn any_markup_noise_segments_cleanly(html in noise()) {
        let s = segment_html_with(&html, lexicons(), HtmlParser::Scan);
        let mut last = 0;
        for b in &s.blocks {
            prop_assert!(b.start < b.end && b.start >= last);
            prop_assert!(s.text.get(b.start..b.end).is_some());
            last = b.end;
        }
    }
}

/// A page that keeps its open elements growing (the end tags close nothing)
/// is left to the tokenizer even with html5ever chosen: the same blocks,
/// and no text lost.
#[test]
fn runaway_nesting_is_left_to_the_tokenizer() {
    let page = "<div></span>x".repeat(3_000);
    let (dom, scan) = both(&page);
    assert_eq!(texts(&dom), texts(&scan));
    let kept: usize = texts(&scan).iter().map(|t| t.matches('x').count()).sum();
    assert_eq!(kept, 3_000);
}

/// Both parsers mark the blocks of a social-network embed code (the
/// `twitter-tweet` blockquote) and only those, and an image's caption.
#[test]
fn both_parsers_mark_embedded_posts_and_captions() {
    let html = "<html><body><article><p>The mayor shared her reaction.</p>\
                <blockquote class=\"twitter-tweet\"><p>Proud of our council tonight.</p>\
                &mdash; Mayor (@mayor) <a href=\"https://twitter.com/x\">November 19, 2019</a>\
                </blockquote><p>The vote passed.</p>\
                <figure><img src=\"a.jpg\"><figcaption><p>The council hall.</p></figcaption>\
                </figure></article></body></html>";
    for s in <[Segmentation; 2]>::from(both(html)) {
        let marked: Vec<(&str, bool, bool)> = s
            .blocks
            .iter()
            .map(|b| {
                let r = b.roles;
                (b.text(&s.text), r.has(Roles::EMBED), r.has(Roles::CAPTION))
            })
            .collect();
        assert_eq!(
            marked,
            [
                ("The mayor shared her reaction.", false, false),
                ("Proud of our council tonight.", true, false),
                ("— Mayor (@mayor) November 19, 2019", true, false),
                ("The vote passed.", false, false),
                ("The council hall.", false, true),
            ]
        );
    }
}
