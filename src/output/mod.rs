//! Output: rendering an [`Analysis`] as clean text, JSON, or a readable
//! terminal view.

use std::io::{self, Write};

use serde::Serialize;

use crate::detector::{Analysis, BlockResult};
use crate::jsonstr::write_escaped;
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

impl JsonBlock<'_> {
    /// Appends the block as JSON, byte for byte as its `Serialize` impl
    /// writes it through serde_json (a test checks).
    ///
    /// Why by hand: batch output lists every block of every page, and
    /// serde_json escapes each key and each reason name byte by byte; here
    /// the keys are constants and the names go through the run-copying
    /// escaper (57M of the analysis thread's 1,330M instructions on the
    /// HTML bench through serde, 32M by hand).
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"start\":");
        serde_json::to_writer(&mut *out, &self.start)?;
        out.extend_from_slice(b",\"end\":");
        serde_json::to_writer(&mut *out, &self.end)?;
        out.extend_from_slice(b",\"label\":");
        write_escaped(out, self.label.name());
        out.extend_from_slice(b",\"score\":");
        serde_json::to_writer(&mut *out, &self.score)?;
        out.extend_from_slice(b",\"why\":[");
        for (i, why) in self.why.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_escaped(out, why);
        }
        out.push(b']');
        if let Some(text) = self.text {
            out.extend_from_slice(b",\"text\":");
            write_escaped(out, text);
        }
        out.push(b'}');
        Ok(())
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
        "# {} — {} blocks, lang={}, keep={} spam_score={:.2} junk: boilerplate {:.0}% headline_list {:.0}% link_farm {:.0}%",
        a.id.as_deref().unwrap_or("-"),
        a.blocks.len(),
        a.lang.unwrap_or(crate::model::smooth::UNDETERMINED),
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

/// Shortens text to at most `max` chars for one-line display (the lines of
/// a preformatted block joined by spaces).
fn ellipsize(text: &str, max: usize) -> String {
    let one_line = |c: char| if c == '\n' || c == '\t' { ' ' } else { c };
    if text.chars().count() <= max {
        return text.chars().map(one_line).collect();
    }
    let head: String = text.chars().take(max - 1).map(one_line).collect();
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_view_shows_a_preformatted_block_on_one_line() {
        assert_eq!(ellipsize("fn f() {\n\tg();\n}", 160), "fn f() {  g(); }");
        assert_eq!(ellipsize("ab\ncd", 4), "ab …");
    }

    #[test]
    fn blocks_write_as_serde_writes_them() {
        let why: [&'static str; 3] = ["link_density", "a \"quoted\" name", "x"];
        for (i, label) in Label::ALL.into_iter().enumerate() {
            for (score, n_why, text) in [
                (0.0f32, 0, None),
                (0.123, 1, Some("block text\nwith \"escapes\" and é")),
                (1.0, 3, Some("")),
                (f32::NAN, 2, None),
                (12_345.679, 3, None),
            ] {
                let block = JsonBlock {
                    start: i * 1000,
                    end: usize::MAX - i,
                    label,
                    score,
                    why: &why[..n_why],
                    text,
                };
                let mut ours = Vec::new();
                assert!(block.write_json(&mut ours).is_ok());
                let theirs = serde_json::to_vec(&block).unwrap_or_default();
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs)
                );
            }
        }
    }
}
