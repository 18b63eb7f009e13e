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
//! value unchanged, byte for byte (keys come out sorted); the
//! output field (`text` by default) and `junksift` replace any input field of
//! the same name. Other containers have no fields of their own: their
//! records carry `id` and `url`.
//!
//! Block spans are byte offsets into the analysed text: the decoded input for
//! a text document, the page's visible text (one block per line) for HTML.

use serde::ser::{SerializeMap, Serializer};
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
    let mut ser = serde_json::Serializer::new(&mut buf);
    let mut map = ser.serialize_map(None)?;
    match fields {
        Some(fields) => {
            for (k, v) in fields {
                if k != out_field && k != ANNOTATION_FIELD {
                    map.serialize_entry(k, v)?;
                }
            }
        }
        None => {
            for (k, v) in [("id", id), ("url", url)] {
                if k != out_field {
                    map.serialize_entry(k, &v)?;
                }
            }
        }
    }
    map.serialize_entry(out_field, &text)?;
    map.serialize_entry(ANNOTATION_FIELD, &annotation)?;
    map.end()?;
    buf.push(b'\n');
    Ok(buf)
}
