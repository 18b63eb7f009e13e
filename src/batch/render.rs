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

use serde::Serialize;

use crate::detector::Analysis;
use crate::input::container::Fields;
use crate::input::Format;
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

/// Renders one output line (ending with `\n`).
pub(crate) fn render_line(
    analysis: &Analysis,
    fields: Option<&Fields>,
    out_field: &str,
    blocks: bool,
    size_hint: usize,
) -> serde_json::Result<Vec<u8>> {
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
    let mut buf = Vec::with_capacity(size_hint + text.len() + 256);
    // Written by hand rather than through a serde map, so that the raw
    // values of the input fields are copied as they are, unparsed.
    match fields {
        Some(fields) => {
            for (k, raw) in fields.iter() {
                if k != out_field && k != ANNOTATION_FIELD {
                    open_entry(&mut buf, k)?;
                    buf.extend_from_slice(raw.as_bytes());
                }
            }
        }
        None => {
            for (k, v) in [("id", id), ("url", url)] {
                if k != out_field {
                    open_entry(&mut buf, k)?;
                    serde_json::to_writer(&mut buf, &v)?;
                }
            }
        }
    }
    open_entry(&mut buf, out_field)?;
    serde_json::to_writer(&mut buf, &text)?;
    open_entry(&mut buf, ANNOTATION_FIELD)?;
    serde_json::to_writer(&mut buf, &annotation)?;
    buf.push(b'}');
    buf.push(b'\n');
    Ok(buf)
}

/// Starts the next entry of the object being written in `buf`: the `{` or
/// `,` before it, the key and the colon.
fn open_entry(buf: &mut Vec<u8>, key: &str) -> serde_json::Result<()> {
    buf.push(if buf.is_empty() { b'{' } else { b',' });
    serde_json::to_writer(&mut *buf, key)?;
    buf.push(b':');
    Ok(())
}
