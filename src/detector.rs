//! The whole pipeline behind one call: [`Detector::analyze`].

use std::path::Path;

use serde::Serialize;

use crate::features::{self, N_FEATURES};
use crate::input::{Document, Format};
use crate::lang;
use crate::lexicon::Lexicons;
use crate::model::smooth::{self, Decision, Policy, Verdict};
use crate::model::{Label, Model, ModelError, Sure};
use crate::segment::html::HtmlParser;
use crate::segment::{self, BlockTag, Roles};

/// How many reasons a block reports.
const TOP_REASONS: usize = 3;

/// The shortcut `--fast` uses in both passes, and every detector uses in
/// the first: the logistic regression alone decides the blocks it gives
/// P(content) <= 0.03 or >= 0.97.
pub const FAST_SHORTCUT: f32 = 0.03;

/// The shortcut every detector uses in the second pass, for sure junk only
/// ([`Sure::Junk`]): the logistic regression alone decides the blocks it
/// gives P(content) <= 0.01 (on the bench pages, 78% of the blocks, nearly
/// all navigation, footers and link lists), and every other block goes down
/// the forest. Cross-validated F1 is the same as with every block through
/// the forest (to 0.0003 on each set, docs/evaluation.md), the pages
/// analyse about 1.2x faster, and those junk blocks' reasons come from the
/// logistic regression's weights instead of the trees. Blocks it is sure
/// are content are not taken on its word: a linear model extrapolates, and
/// a block unlike anything it was fitted on can come out "sure content".
pub const SECOND_PASS_SHORTCUT: f32 = 0.01;

/// Detects junk in pages. Build it once and share it across threads: it is
/// `Send + Sync`, holds no mutable state, and `analyze` takes `&self`.
///
/// # Example
///
/// ```
/// use junksift::{Detector, Document};
///
/// let detector = Detector::new()?;
/// let page = Document::text(
///     "Home | News | Sport | Contact\n\
///      The council approved the new budget on Tuesday after a long debate, \
///      raising spending on schools and roads by four percent.\n\
///      © 2024 Example News. All rights reserved.\n",
/// );
/// let analysis = detector.analyze(&page);
/// assert!(analysis.clean_text().contains("council approved"));
/// assert!(!analysis.clean_text().contains("All rights reserved"));
/// # Ok::<(), junksift::ModelError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Detector {
    model: Model,
    lexicons: Lexicons,
    policy: Policy,
    explain: bool,
    html_parser: HtmlParser,
}

impl Detector {
    /// A detector with the embedded default model and default policy.
    pub fn new() -> Result<Detector, ModelError> {
        Ok(Detector::with_model(Model::embedded()?))
    }

    /// A detector with a model loaded from a file written by `junksift train`.
    pub fn from_model_file(path: impl AsRef<Path>) -> Result<Detector, ModelError> {
        Ok(Detector::with_model(Model::from_file(path.as_ref())?))
    }

    /// A detector around an already-loaded model.
    pub fn with_model(mut model: Model) -> Detector {
        // Blocks the logistic half is sure about skip the forest, in the
        // first pass at FAST_SHORTCUT and in the second, which gives the
        // labels and the reasons, at the stricter SECOND_PASS_SHORTCUT and
        // for sure junk only.
        model.set_first_pass_shortcut(FAST_SHORTCUT);
        model.set_second_pass_shortcut(SECOND_PASS_SHORTCUT, Sure::Junk);
        Detector {
            model,
            lexicons: Lexicons::embedded(),
            policy: Policy::default(),
            explain: true,
            html_parser: HtmlParser::default(),
        }
    }

    /// Replaces the page-verdict thresholds.
    pub fn with_policy(mut self, policy: Policy) -> Detector {
        self.policy = policy;
        self
    }

    /// Sets the model's logistic shortcut in both passes (`p` > 0, e.g.
    /// [`FAST_SHORTCUT`] for `--fast`), in the second for sure junk only as
    /// by default, or turns it off in both (0: every block through every
    /// forest): see [`Model::set_shortcut`]. Without this call the first
    /// pass uses [`FAST_SHORTCUT`] and the second [`SECOND_PASS_SHORTCUT`].
    pub fn with_shortcut(mut self, p: f32) -> Detector {
        self.model.set_shortcut(p);
        self
    }

    /// Sets the logistic shortcut of the second pass only, for the sure
    /// rows `which` says; 0 sends every block down its forest, so that every
    /// block's reasons come from the trees (`--tree-reasons`).
    pub fn with_second_pass_shortcut(mut self, p: f32, which: Sure) -> Detector {
        self.model.set_second_pass_shortcut(p, which);
        self
    }

    /// Turns per-block reasons on or off (off saves one tree walk per block
    /// when only the clean text is wanted).
    pub fn with_reasons(mut self, explain: bool) -> Detector {
        self.explain = explain;
        self
    }

    /// Chooses the HTML parser: the default tokenizer, or html5ever (the
    /// full HTML5 tree builder, slower; see [`HtmlParser`]).
    pub fn with_html_parser(mut self, parser: HtmlParser) -> Detector {
        self.html_parser = parser;
        self
    }

    /// The verdict thresholds in use.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The model in use.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The word lists in use.
    pub fn lexicons(&self) -> &Lexicons {
        &self.lexicons
    }

    /// Segments a document and computes its feature rows (used by training
    /// and evaluation, which need the features without the labels).
    pub fn featurize(&self, doc: &Document) -> (segment::Segmentation, Vec<[f32; N_FEATURES]>) {
        let (seg, page) = self.featurize_page(doc);
        (seg, page.rows)
    }

    /// Segments a document and extracts everything the later stages read.
    fn featurize_page(&self, doc: &Document) -> (segment::Segmentation, features::PageFeatures) {
        let seg = segment::segment_with(doc, &self.lexicons, self.html_parser);
        let page = features::extract_page(&seg, doc.format, &self.lexicons);
        (seg, page)
    }

    /// Runs the whole pipeline on one document.
    ///
    /// A page above the policy's [`Policy::max_page_bytes`] or
    /// [`Policy::max_blocks`] is not analysed: its analysis has no blocks
    /// and a verdict that drops it as too large ([`Verdict::too_large`]),
    /// so that one hostile page cannot take gigabytes.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        let max_bytes = self.policy.max_page_bytes;
        if max_bytes > 0 && doc.source.len() > max_bytes {
            return Analysis::too_large(
                doc,
                format!(
                    "page too large: {} bytes > {max_bytes} (max_page_bytes)",
                    doc.source.len()
                ),
            );
        }
        let max_blocks = self.policy.max_blocks;
        let seg = segment::segment_capped(doc, &self.lexicons, self.html_parser, max_blocks);
        if seg.over_limit {
            return Analysis::too_large(
                doc,
                format!("page too large: more than {max_blocks} blocks (max_blocks)"),
            );
        }
        let features::PageFeatures {
            rows,
            topics,
            chars,
            tallies,
            trigrams,
        } = features::extract_page(&seg, doc.format, &self.lexicons);
        let texts: Vec<&str> = seg.blocks.iter().map(|b| b.text(&seg.text)).collect();
        let prediction = self.model.predict_page(&rows, &topics, self.explain);
        // For the rules that ask whether two blocks sit in one container.
        let containers = seg.block_containers();
        let outer = seg.outer_containers(&containers);
        let elements: Vec<u32> = if containers.is_empty() {
            Vec::new()
        } else {
            seg.blocks.iter().map(|b| b.element).collect()
        };
        let roles: Vec<Roles> = seg.blocks.iter().map(|b| b.roles).collect();
        let tags: Vec<BlockTag> = seg.blocks.iter().map(|b| b.tag).collect();
        let ad_labels: Vec<bool> = texts.iter().map(|t| self.lexicons.is_ad_label(t)).collect();
        let decisions = smooth::decide_with(
            &prediction.probs,
            &rows,
            &trigrams,
            &smooth::Layout {
                elements: &elements,
                containers: &containers,
                outer: &outer,
                roles: &roles,
                texts: &texts,
                tags: &tags,
                ad_labels: &ad_labels,
            },
            &self.policy,
        );
        // Each block is explained by what pushed it towards its final label.
        let explanation = self.explain.then(|| {
            let classes: Vec<usize> = decisions.iter().map(|d| d.label.index()).collect();
            self.model.explain_page(&prediction, &rows, &classes)
        });
        // The language of the clean text, not of the menu that opens the page.
        let blocks = tallies
            .iter()
            .zip(&texts)
            .zip(&decisions)
            .map(|((tally, t), d)| (tally, t.len(), d.label == Label::Content));
        let lang = lang::guess_content(blocks, &self.lexicons);
        let mut verdict = smooth::verdict(&decisions, &chars, &self.policy);
        verdict.apply_langs(lang, &self.policy);
        // The title line the context rules found (the first <h1> or the
        // <title> as a block of the page; in a text dump, the title-like
        // line that opens the article), else the HTML <title>.
        let line = smooth::title_block(&decisions, &rows)
            .and_then(|t| texts.get(t))
            .map(|t| t.to_string());
        let title = match doc.format {
            Format::Html => line.or_else(|| seg.title.clone()),
            Format::Text => line,
        };
        let blocks = seg
            .blocks
            .iter()
            .zip(&decisions)
            .enumerate()
            .map(|(i, (b, d))| BlockResult {
                start: b.start,
                end: b.end,
                label: d.label,
                score: d.score,
                tag: b.tag,
                why: explanation
                    .as_ref()
                    .map_or_else(Vec::new, |e| reasons(e.of(i), d)),
            })
            .collect();
        Analysis {
            id: doc.id.clone(),
            url: doc.url.clone(),
            format: doc.format,
            lang,
            title,
            text: seg.text,
            blocks,
            verdict,
        }
    }
}

/// The features that pushed a block towards its label, strongest first,
/// from the block's per-feature contributions to its label's class (junk
/// blocks are explained by what raised the probability of their own kind,
/// content blocks by what raised P(content)).
fn reasons(contrib: &[f32], d: &Decision) -> Vec<&'static str> {
    // The TOP_REASONS largest positive contributions, best first (ties go to
    // the lower feature index), without sorting them all.
    let mut top: [(usize, f32); TOP_REASONS] = [(usize::MAX, 0.0); TOP_REASONS];
    // `floor` (the smallest kept value, 0 until TOP_REASONS are kept) only
    // rises, so most chunks of features hold nothing above it: one test per
    // chunk, free of branches within, instead of a hard-to-predict test per
    // feature (contributions are positive or negative at random).
    const CHUNK: usize = 8;
    for (c, chunk) in contrib.chunks(CHUNK).enumerate() {
        let floor = top[TOP_REASONS - 1].1;
        if !chunk.iter().fold(false, |any, &v| any | (v > floor)) {
            continue;
        }
        for (j, &v) in chunk.iter().enumerate() {
            if v.is_nan() || v <= top[TOP_REASONS - 1].1 {
                continue;
            }
            let mut at = TOP_REASONS - 1;
            while at > 0 && v > top[at - 1].1 {
                top[at] = top[at - 1];
                at -= 1;
            }
            top[at] = (c * CHUNK + j, v);
        }
    }
    let mut why: Vec<&'static str> = Vec::with_capacity(TOP_REASONS + 1);
    if let Some(rule) = d.rule {
        why.push(rule);
    }
    why.extend(
        top.iter()
            .filter(|&&(f, _)| f != usize::MAX)
            .map(|&(f, _)| features::stack::name(f)),
    );
    why
}

/// One block's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockResult {
    /// Byte offset of the block in [`Analysis::text`].
    pub start: usize,
    /// Byte offset one past the block's end.
    pub end: usize,
    /// The label.
    pub label: Label,
    /// Confidence in the label, 0..1.
    pub score: f32,
    /// The element or line kind the block came from.
    #[serde(skip)]
    pub tag: BlockTag,
    /// Feature names that most pushed the block to its label.
    pub why: Vec<&'static str>,
}

/// Everything junksift found out about one document.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The document id, if it had one.
    pub id: Option<String>,
    /// The document URL, if known.
    pub url: Option<String>,
    /// HTML or text.
    pub format: Format,
    /// A guess of the main language (ISO 639-1) of the clean text, from
    /// script and function words (see [`crate::lang::guess_content`]).
    pub lang: Option<&'static str>,
    /// The article's title line: the block holding the first `<h1>` (or the
    /// `<title>`) above the article, else the HTML `<title>`; for a text
    /// dump, the title-like line that opens the article. It is not part of
    /// [`Analysis::clean_text`] unless [`Policy::keep_title`] is set.
    pub title: Option<String>,
    /// The text the block spans index: the decoded input for text documents,
    /// the visible text (one block per line; a `<pre>` block keeps its own
    /// lines) for HTML pages.
    pub text: String,
    /// The blocks in reading order.
    pub blocks: Vec<BlockResult>,
    /// The page verdict.
    pub verdict: Verdict,
}

impl Analysis {
    /// The analysis of a page left unanalysed because it is too large: no
    /// blocks, and a verdict that drops it with `reason`.
    fn too_large(doc: &Document, reason: String) -> Analysis {
        Analysis {
            id: doc.id.clone(),
            url: doc.url.clone(),
            format: doc.format,
            lang: None,
            title: None,
            text: String::new(),
            blocks: Vec::new(),
            verdict: Verdict::too_large(reason),
        }
    }

    /// A block's text.
    pub fn block_text(&self, b: &BlockResult) -> &str {
        self.text.get(b.start..b.end).unwrap_or("")
    }

    /// The main content: content blocks, one per line, except that blocks
    /// cut from one line of a text document (a paragraph of a flattened
    /// page, a run-on line) and kept together are joined as they were.
    pub fn clean_text(&self) -> String {
        let mut out = String::new();
        let mut prev_end = None;
        for b in self.blocks.iter().filter(|b| b.label == Label::Content) {
            if let Some(end) = prev_end {
                match self.text.get(end..b.start) {
                    Some(gap) if !gap.contains('\n') && gap.trim().is_empty() => {
                        out.push_str(gap);
                    }
                    _ => out.push('\n'),
                }
            }
            out.push_str(self.block_text(b));
            prev_end = Some(b.end);
        }
        out
    }

    /// Blocks with a given label.
    pub fn blocks_labelled(&self, label: Label) -> impl Iterator<Item = &BlockResult> {
        self.blocks.iter().filter(move |b| b.label == label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The chunked scan keeps what a full sort keeps: the largest
        /// positive contributions, ties to the lower feature index.
        #[test]
        fn reasons_are_the_largest_positive_contributions(
            contrib in proptest::collection::vec(-3i8..4, 0..100),
            rule in any::<bool>(),
        ) {
            let contrib: Vec<f32> = contrib.iter().map(|&v| f32::from(v) * 0.25).collect();
            let d = Decision {
                label: Label::Boilerplate,
                score: 0.9,
                rule: rule.then_some("context"),
            };
            let mut order: Vec<usize> = (0..contrib.len()).filter(|&f| contrib[f] > 0.0).collect();
            order.sort_by(|&a, &b| contrib[b].total_cmp(&contrib[a]).then(a.cmp(&b)));
            let mut expected: Vec<&'static str> = d.rule.into_iter().collect();
            expected.extend(order.iter().take(TOP_REASONS).map(|&f| features::stack::name(f)));
            prop_assert_eq!(reasons(&contrib, &d), expected);
        }
    }
}
