//! Output: rendering an [`Analysis`] as clean text, JSON, or a readable
//! terminal view.

use std::io::{self, Write};

use serde::Serialize;

use crate::detector::{Analysis, BlockResult};
use crate::model::smooth::Verdict;
use crate::model::Label;

/// The JSON shape of one analyzed document (DESIGN.md's output schema).
#[derive(Debug, Serialize)]
pub struct JsonRecord<'a> {
    /// Document id.
    pub id: Option<&'a str>,
    /// Document URL.
    pub url: Option<&'a str>,
    /// Language guess.
    pub lang: Option<&'static str>,
    /// The article's title line, else the HTML `<title>` (not part of
    /// `text` unless `--keep-title`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// Page verdict.
    pub verdict: &'a Verdict,
    /// Clean main content.
    pub text: String,
    /// Every block with its span, label, score and reasons (omitted with
    /// `--no-blocks`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<JsonBlock<'a>>>,
}

/// One block in JSON output.
#[derive(Debug, Serialize)]
pub struct JsonBlock<'a> {
    /// Byte offset in the analyzed text.
    pub start: usize,
    /// Byte offset one past the end.
    pub end: usize,
    /// The label.
    pub label: Label,
    /// Confidence, rounded to 3 decimals.
    pub score: f32,
    /// Top reasons.
    pub why: &'a [&'static str],
    /// The block text (in `label` output, where the spans' source text is
    /// not otherwise printed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

impl<'a> JsonRecord<'a> {
    /// Builds the record; `blocks` says whether to list blocks, `block_text`
    /// whether each block carries its text.
    pub fn new(a: &'a Analysis, blocks: bool, block_text: bool) -> JsonRecord<'a> {
        JsonRecord {
            id: a.id.as_deref(),
            url: a.url.as_deref(),
            lang: a.lang,
            title: a.title.as_deref(),
            verdict: &a.verdict,
            text: a.clean_text(),
            blocks: blocks.then(|| {
                a.blocks
                    .iter()
                    .map(|b| json_block(a, b, block_text))
                    .collect()
            }),
        }
    }
}

fn json_block<'a>(a: &'a Analysis, b: &'a BlockResult, with_text: bool) -> JsonBlock<'a> {
    JsonBlock {
        start: b.start,
        end: b.end,
        label: b.label,
        score: (b.score * 1000.0).round() / 1000.0,
        why: &b.why,
        text: with_text.then(|| a.block_text(b)),
    }
}

/// Writes the clean text of a document, ending with a newline when non-empty.
pub fn write_clean(w: &mut dyn Write, a: &Analysis) -> io::Result<()> {
    let text = a.clean_text();
    if !text.is_empty() {
        writeln!(w, "{text}")?;
    }
    Ok(())
}

/// Writes the readable block-by-block view used by `junksift label`.
/// With `color`, junk is dimmed and its label coloured per kind.
pub fn write_label_text(w: &mut dyn Write, a: &Analysis, color: bool) -> io::Result<()> {
    let v = &a.verdict;
    writeln!(
        w,
        "# {} — {} blocks, keep={} spam_score={:.2} junk: boilerplate {:.0}% headline_list {:.0}% link_farm {:.0}%",
        a.id.as_deref().unwrap_or("-"),
        a.blocks.len(),
        v.keep,
        v.spam_score,
        v.junk_share.boilerplate * 100.0,
        v.junk_share.headline_list * 100.0,
        v.junk_share.link_farm * 100.0,
    )?;
    for b in &a.blocks {
        let text = a.block_text(b);
        let (pre, post) = if color {
            match b.label {
                Label::Content => ("\x1b[1m", "\x1b[0m"),
                Label::Boilerplate => ("\x1b[2m", "\x1b[0m"),
                Label::HeadlineList => ("\x1b[2;33m", "\x1b[0m"),
                Label::LinkFarm => ("\x1b[2;31m", "\x1b[0m"),
            }
        } else {
            ("", "")
        };
        writeln!(
            w,
            "{pre}{:>7}..{:<7} {:<13} {:.2} {:<40} {}{post}",
            b.start,
            b.end,
            b.label.name(),
            b.score,
            b.why.join(","),
            ellipsize(text, 160),
        )?;
    }
    Ok(())
}

/// Shortens text to at most `max` chars for one-line display.
fn ellipsize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max - 1).collect();
    format!("{head}…")
}
