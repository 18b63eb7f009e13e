//! Hostile input never panics: each case ends with a clear error or an
//! empty (or sane) result, through the library and through the binary.

use assert_cmd::Command;
use junksift::{Detector, Document, DropCause, FormatHint, Policy};

mod common;
use common::fixture;

fn analyze_bytes(bytes: &[u8]) -> junksift::Analysis {
    let d = Detector::new().expect("embedded model");
    d.analyze(&Document::from_bytes(bytes, FormatHint::Auto, None))
}

/// [`analyze_bytes`] without the page size limits: the whole pipeline on
/// a page far larger than it lets through by default.
fn analyze_unlimited(bytes: &[u8]) -> junksift::Analysis {
    let policy = Policy {
        max_blocks: 0,
        max_page_bytes: 0,
        ..Policy::default()
    };
    let d = Detector::new().expect("embedded model").with_policy(policy);
    d.analyze(&Document::from_bytes(bytes, FormatHint::Auto, None))
}

/// With the default limits, a page too large is dropped unanalysed.
fn assert_too_large(a: &junksift::Analysis) {
    assert!(a.blocks.is_empty() && a.clean_text().is_empty());
    assert!(!a.verdict.keep);
    assert_eq!(a.verdict.cause, Some(DropCause::TooLarge));
}

#[test]
fn empty_input_gives_empty_result() {
    let a = analyze_bytes(b"");
    assert!(a.blocks.is_empty());
    assert_eq!(a.clean_text(), "");
    let out = Command::cargo_bin("junksift")
        .expect("binary")
        .arg("clean")
        .arg(fixture("hostile/empty.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn binary_garbage_is_a_clear_error() {
    let out = Command::cargo_bin("junksift")
        .expect("binary")
        .arg("clean")
        .arg(fixture("hostile/garbage.bin"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("garbage.bin"), "{err}");
    assert!(err.contains("binary"), "{err}");
    // Through the library, garbage bytes decode to something and never panic.
    let bytes = std::fs::read(fixture("hostile/garbage.bin")).expect("fixture");
    let _ = analyze_bytes(&bytes);
}

#[test]
fn invalid_utf8_nul_bytes_and_broken_markup() {
    for f in [
        "hostile/invalid-utf8.txt",
        "hostile/nul-bytes.html",
        "hostile/unclosed.html",
    ] {
        let bytes = std::fs::read(fixture(f)).expect("fixture");
        let a = analyze_bytes(&bytes);
        for b in &a.blocks {
            assert!(a.text.get(b.start..b.end).is_some(), "{f}: bad span");
        }
        let out = Command::cargo_bin("junksift")
            .expect("binary")
            .args(["label", "--format", "json"])
            .arg(fixture(f))
            .output()
            .expect("runs");
        // 0 when read as a document, 1 when rejected (binary) with a message.
        match out.status.code() {
            Some(0) => {}
            Some(1) => assert!(String::from_utf8_lossy(&out.stderr).contains(f)),
            other => panic!("{f}: unexpected exit {other:?}"),
        }
    }
}

#[test]
fn hundred_thousand_nested_divs() {
    let n = 100_000;
    let page = format!(
        "<html><body>{}<p>The bottom of a very deep page still has a sentence.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let a = analyze_bytes(page.as_bytes());
    assert!(a.text.contains("very deep page"));
}

#[test]
fn fifty_megabyte_page() {
    let para = "<p>Council members met on Tuesday to discuss the long-delayed repairs of the old bridge, which has been closed since spring.</p>\n";
    let mut page = String::from("<html><head><title>Big</title></head><body>");
    while page.len() < 50 * 1024 * 1024 {
        page.push_str(para);
    }
    page.push_str("</body></html>");
    let a = analyze_unlimited(page.as_bytes());
    assert!(a.blocks.len() > 100_000);
    assert!(a.clean_text().len() <= a.text.len());
    assert_too_large(&analyze_bytes(page.as_bytes()));
}

#[test]
fn missing_file_names_the_file_and_exits_1() {
    let out = Command::cargo_bin("junksift")
        .expect("binary")
        .args(["clean", "/nonexistent/page.html"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/page.html"));
}

#[test]
fn usage_error_exits_2() {
    let out = Command::cargo_bin("junksift")
        .expect("binary")
        .args(["clean", "--no-such-flag"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stdin_is_read_when_no_file() {
    let out = Command::cargo_bin("junksift")
        .expect("binary")
        .arg("clean")
        .write_stdin("Home | About\nThe river rose two metres overnight and the town hall was closed, officials said on Sunday.\n")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("The river rose"));
}

/// A page of one symbol repeated (markup debris) is no article. A linear
/// model extrapolates on blocks this far from anything it was fitted on
/// and can call them sure content: the second pass's logistic shortcut
/// therefore takes only the blocks it is sure are junk (`Sure::Junk`),
/// and these go through the forest, which drops them.
#[test]
fn pages_of_one_repeated_symbol_keep_no_content() {
    for c in ["<", "=", "|", "#", "&"] {
        let page = format!("<html><body>{}</body></html>", c.repeat(5000));
        for fast in [false, true] {
            let mut d = Detector::new().expect("embedded model");
            if fast {
                d = d.with_shortcut(junksift::FAST_SHORTCUT);
            }
            let a = d.analyze(&Document::from_bytes(
                page.as_bytes(),
                FormatHint::Auto,
                None,
            ));
            assert_eq!(a.clean_text(), "", "{c:?} (fast: {fast}) kept");
        }
    }
}

/// Lines shaped to wake every context rule at once: a long run of date
/// lines under an article (the dated-thread rule), read-next headers with
/// headlines, link lines and picture credits, many thousand of each. The
/// page comes out in one piece, with the article kept and spans valid.
#[test]
fn a_dump_made_of_rule_triggers() {
    let mut page = String::new();
    for i in 0..3 {
        page.push_str(&format!(
            "Paragraph {i} of the article says what happened in the town on Monday, \
             and why the council met again after the vote.\n"
        ));
    }
    for i in 0..20_000 {
        page.push_str(&format!("{} days ago at 07:{:02} am\n", i % 30, i % 60));
        page.push_str("Related articles\nA headline\nAnother headline\n");
        page.push_str("READ MORE: yet another headline\n");
        page.push_str("A caption of the picture (Image: GETTY)\n");
    }
    assert_too_large(&analyze_bytes(page.as_bytes()));
    let a = analyze_unlimited(page.as_bytes());
    assert!(
        a.clean_text().contains("Paragraph 0 of the article"),
        "{}",
        a.clean_text()
    );
    for b in &a.blocks {
        assert!(a.text.get(b.start..b.end).is_some(), "bad span");
    }
}
