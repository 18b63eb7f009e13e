//! The output record of batch mode: the input record, plus the clean text,
//! plus a `junksift` object.
//!
//! ```json
//! {"id": "…", "url": "…", "html": "…", "text": "clean main content",
//!  "junksift": {"format": "html", "lang": "en", "title": "…",
//!               "verdict": {"keep": true, "spam_score": 0.12, "junk_share": {…}, "content_chars": 1234},
//!               "blocks": [{"start": 0, "end": 31, "label": "boilerplate", "score": 0.97, "why": ["link_density"]}]}}
//! ```
//!
//! For JSONL input every field of the input object is written back with its
//! value unchanged, byte for byte and in input order; the
//! output field (`text` by default) and `junksift` replace any input field of
//! the same name. Other containers have no fields of their own: their
//! records carry `id` and `url`.
//!
//! Block spans are byte offsets into the analysed text: the decoded input for
//! a text document, the page's visible text (one block per line) for HTML.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use crate::detector::Analysis;
use crate::input::container::Fields;
use crate::input::Format;
use crate::jsonstr::write_escaped;
use crate::model::smooth::Verdict;
use crate::output::{JsonBlock, JsonRecord};

/// The name of the annotation object in every output record.
pub const ANNOTATION_FIELD: &str = "junksift";

/// The `junksift` object of an output record.
#[derive(Debug, Serialize)]
pub struct AnnotationRef<'a> {
    /// HTML or text, as the document was analysed.
    pub format: Format,
    /// Language guess.
    pub lang: Option<&'static str>,
    /// The article's title line (else the HTML `<title>`), when one was
    /// found; not part of the clean text unless `--keep-title`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    /// Page verdict, with the junk share per kind (and the reason when the
    /// page was dropped).
    pub verdict: &'a Verdict,
    /// Every block with its span, label, score and reasons; left out with
    /// `--no-blocks`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<JsonBlock<'a>>>,
}

impl AnnotationRef<'_> {
    /// Appends the object as JSON, byte for byte as its `Serialize` impl
    /// writes it through serde_json (a test checks), the blocks through
    /// [`JsonBlock::write_json`].
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"format\":");
        serde_json::to_writer(&mut *out, &self.format)?;
        out.extend_from_slice(b",\"lang\":");
        serde_json::to_writer(&mut *out, &self.lang)?;
        if let Some(title) = self.title {
            out.extend_from_slice(b",\"title\":");
            write_escaped(out, title);
        }
        out.extend_from_slice(b",\"verdict\":");
        serde_json::to_writer(&mut *out, self.verdict)?;
        if let Some(blocks) = &self.blocks {
            out.extend_from_slice(b",\"blocks\":[");
            for (i, block) in blocks.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                block.write_json(out)?;
            }
            out.push(b']');
        }
        out.push(b'}');
        Ok(())
    }
}

/// A rendered output line (ending with `\n`): pieces of its own, and, for
/// JSONL input, the raw values of the input fields, left in the input
/// object and copied out only when the line is written.
///
/// Why not one buffer: a page record is mostly its page, and copying every
/// raw value into the line on the analysis thread, then the line into the
/// output buffer, copied each page twice and held it twice in memory while
/// the line waited for its turn; written from the input object, it is
/// copied once, straight into the output buffer.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// The input object whose raw values are echoed (JSONL input only).
    fields: Option<Fields>,
    /// The bytes written by the renderer: keys, punctuation, the clean text
    /// and the annotation.
    own: Vec<u8>,
    /// The line in order, as spans of `own` and of the input object's text.
    pieces: Vec<Piece>,
}

/// A span of a [`Line`].
#[derive(Debug, Clone)]
enum Piece {
    /// In [`Line::own`].
    Own(Range<usize>),
    /// In the text of [`Line::fields`].
    Raw(Range<usize>),
}

impl Line {
    /// The length of the line in bytes.
    pub fn len(&self) -> usize {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Own(r) | Piece::Raw(r) => r.len(),
            })
            .sum()
    }

    /// Whether the line is empty (a dropped document that was not rendered).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the line.
    pub fn write_to<W: Write + ?Sized>(&self, w: &mut W) -> io::Result<()> {
        let raw = self.fields.as_ref().map_or("", |f| f.text()).as_bytes();
        for piece in &self.pieces {
            let bytes = match piece {
                Piece::Own(r) => self.own.get(r.clone()),
                Piece::Raw(r) => raw.get(r.clone()),
            };
            // The spans were taken from these very buffers.
            let bytes = bytes.ok_or_else(|| io::Error::other("internal error: a bad span"))?;
            w.write_all(bytes)?;
        }
        Ok(())
    }

    /// The line as one buffer.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(self.len());
        // Writing to a Vec cannot fail but for a bad span, which cannot be.
        let _ = self.write_to(&mut v);
        v
    }

    /// Ends the current piece of `own` (if it is not empty) and adds the
    /// raw value at `span`.
    fn push_raw(&mut self, span: Range<usize>) {
        self.end_own();
        self.pieces.push(Piece::Raw(span));
    }

    /// Ends the current piece of `own`: the bytes written since the last
    /// piece.
    fn end_own(&mut self) {
        let start = self
            .pieces
            .iter()
            .rev()
            .find_map(|p| match p {
                Piece::Own(r) => Some(r.end),
                Piece::Raw(_) => None,
            })
            .unwrap_or(0);
        if self.own.len() > start {
            self.pieces.push(Piece::Own(start..self.own.len()));
        }
    }
}

/// What an output record does with an input field named like the output
/// field (a text record's own `text`, by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputField {
    /// The clean text replaces it (a kept record: the clean corpus).
    Replace,
    /// It stays as it came, and the clean text is not written (a rejected
    /// record: the document as it was, to audit or to filter again).
    Keep,
}

/// Renders one output line (ending with `\n`).
pub(crate) fn render_line(
    analysis: &Analysis,
    fields: Option<Fields>,
    out_field: &str,
    blocks: bool,
    same_name: InputField,
) -> serde_json::Result<Line> {
    let JsonRecord {
        id,
        url,
        lang,
        title,
        verdict,
        text,
        blocks,
    } = JsonRecord::new(analysis, blocks, false);
    let annotation = AnnotationRef {
        format: analysis.format,
        lang,
        title,
        verdict,
        blocks,
    };
    let mut line = Line {
        own: Vec::with_capacity(text.len() + 1024),
        ..Line::default()
    };
    // Written by hand rather than through a serde map, so that the raw
    // values of the input fields are copied as they are, unparsed.
    let mut first = true;
    let mut kept_input = false;
    match &fields {
        Some(fields) => {
            for (k, raw) in fields.spans() {
                if k == ANNOTATION_FIELD {
                    continue;
                }
                if k == out_field {
                    if same_name == InputField::Replace {
                        continue;
                    }
                    kept_input = true;
                }
                open_entry(&mut line.own, &mut first, k)?;
                line.push_raw(raw);
            }
        }
        None => {
            for (k, v) in [("id", id), ("url", url)] {
                if k != out_field {
                    open_entry(&mut line.own, &mut first, k)?;
                    serde_json::to_writer(&mut line.own, &v)?;
                }
            }
        }
    }
    if !kept_input {
        open_entry(&mut line.own, &mut first, out_field)?;
        write_escaped(&mut line.own, &text);
    }
    open_entry(&mut line.own, &mut first, ANNOTATION_FIELD)?;
    annotation.write_json(&mut line.own)?;
    line.own.push(b'}');
    line.own.push(b'\n');
    line.end_own();
    line.fields = fields;
    Ok(line)
}

/// Starts the next entry of the object being written: the `{` (for the
/// first) or `,` before it, the key and the colon.
fn open_entry(buf: &mut Vec<u8>, first: &mut bool, key: &str) -> serde_json::Result<()> {
    buf.push(if *first { b'{' } else { b',' });
    *first = false;
    write_escaped(buf, key);
    buf.push(b':');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Detector, Document};

    #[test]
    fn lines_echo_the_raw_fields_in_order() {
        let Ok(detector) = Detector::new() else {
            panic!("the embedded model loads");
        };
        let html =
            "<html><body><p>A paragraph of some length, to be kept as content.</p></body></html>";
        let analysis = detector.analyze(&Document::html(html));
        let raw = format!(
            r#"{{"id": 7, "text": "old", "html": {}, "n": [1.50, "\u00e9"], "junksift": 1}}"#,
            serde_json::to_string(html).unwrap_or_default()
        );
        let fields = Fields::parse(&raw).unwrap_or_default();
        let line = render_line(
            &analysis,
            Some(fields.clone()),
            "text",
            true,
            InputField::Replace,
        )
        .unwrap_or_default();
        let bytes = line.to_vec();
        assert_eq!(line.len(), bytes.len());
        let mut written = Vec::new();
        assert!(line.write_to(&mut written).is_ok());
        assert_eq!(written, bytes);
        let text = String::from_utf8(bytes).unwrap_or_default();
        let prefix = format!(
            r#"{{"id":7,"html":{},"n":[1.50, "\u00e9"],"text":"#,
            serde_json::to_string(html).unwrap_or_default()
        );
        assert!(text.starts_with(&prefix), "{text}");
        assert!(text.ends_with("}\n"), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(value["junksift"]["format"], "html");

        for blocks in [true, false] {
            let record = JsonRecord::new(&analysis, blocks, false);
            let annotation = AnnotationRef {
                format: analysis.format,
                lang: record.lang,
                title: Some("A \"title\""),
                verdict: record.verdict,
                blocks: record.blocks,
            };
            let mut ours = Vec::new();
            assert!(annotation.write_json(&mut ours).is_ok());
            let theirs = serde_json::to_vec(&annotation).unwrap_or_default();
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            );
        }

        // A rejected record keeps its own "text" and gets no clean text.
        let kept_input = render_line(&analysis, Some(fields), "text", true, InputField::Keep)
            .unwrap_or_default();
        let kept_input = String::from_utf8(kept_input.to_vec()).unwrap_or_default();
        let value: serde_json::Value = serde_json::from_str(&kept_input).unwrap_or_default();
        assert_eq!(value["text"], "old", "{kept_input}");
        assert_eq!(kept_input.matches(r#""text":"#).count(), 1, "{kept_input}");
        assert_eq!(value["id"], 7);

        assert!(Line::default().is_empty());
        let bare =
            render_line(&analysis, None, "text", false, InputField::Keep).unwrap_or_default();
        let bare = String::from_utf8(bare.to_vec()).unwrap_or_default();
        assert!(
            bare.starts_with(r#"{"id":null,"url":null,"text":"#),
            "{bare}"
        );
    }
}
