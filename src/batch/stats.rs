//! Run statistics and the `--report` JSON.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{DocFigures, Outcome};
use crate::input::Format;
use crate::model::smooth::{DropCause, JunkShare, Policy, UNDETERMINED};

/// At most this many distinct skip reasons are counted separately; the rest
/// are counted under `"other"`, so hostile input cannot grow the map.
pub const MAX_SKIP_REASONS: usize = 64;

/// Characters of analysed text per label, summed over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CharCounts {
    /// All characters in blocks.
    pub total: u64,
    /// Content.
    pub content: u64,
    /// Navigation, footers and the like.
    pub boilerplate: u64,
    /// Related / trending headline lists.
    pub headline_list: u64,
    /// SEO link farms.
    pub link_farm: u64,
}

/// Why documents were dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DropCounts {
    /// Spam score above `max_spam_score`.
    pub spam_score: u64,
    /// Fewer content characters than `min_content_chars`.
    pub min_content_chars: u64,
    /// Above `max_page_bytes` or `max_blocks`: not analysed.
    pub too_large: u64,
    /// In a language `--langs` does not keep.
    pub language: u64,
}

/// Documents per format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FormatCounts {
    /// Analysed as HTML.
    pub html: u64,
    /// Analysed as plain text.
    pub text: u64,
}

/// Counts of a run so far. Invariant: `docs_in = kept + dropped + errored`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    /// Documents read: every record, plus every record or input lost to an
    /// error (a broken line, a truncated stream, an unreadable file: one
    /// each).
    pub docs_in: u64,
    /// Documents that passed the policy.
    pub kept: u64,
    /// Documents the policy rejected.
    pub dropped: u64,
    /// Errors: records that could not be read or analysed, and inputs that
    /// could not be opened.
    pub errored: u64,
    /// Of `errored`, inputs that could not be opened or read at all.
    pub fatal: u64,
    /// WARC records passed over on purpose (not part of `docs_in`).
    pub skipped: u64,
    /// Page bytes read (HTML or text bodies, as stored in the container).
    pub bytes_in: u64,
    /// Page bytes of the kept documents.
    pub bytes_kept: u64,
    /// Page bytes of the dropped documents.
    pub bytes_dropped: u64,
    /// Characters per label over all analysed documents.
    pub chars: CharCounts,
    /// Documents that contain at least one block of each junk kind.
    pub docs_with: JunkDocs,
    /// Why documents were dropped.
    pub dropped_by: DropCounts,
    /// Skipped records by reason (at most [`MAX_SKIP_REASONS`] reasons).
    pub skipped_by: BTreeMap<String, u64>,
    /// Documents per format.
    pub formats: FormatCounts,
    /// Analysed documents per guessed language (ISO 639-1; `"und"`
    /// when there was no guess). The codes come from a fixed list, so the
    /// map stays small.
    pub langs: BTreeMap<&'static str, u64>,
}

/// Documents with at least one block of a junk kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JunkDocs {
    /// With boilerplate.
    pub boilerplate: u64,
    /// With a headline list.
    pub headline_list: u64,
    /// With a link farm.
    pub link_farm: u64,
}

impl Stats {
    /// Adds one outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Kept(doc) => {
                self.docs_in += 1;
                self.kept += 1;
                self.bytes_kept += doc.figures.bytes;
                self.add_doc(&doc.figures);
            }
            Outcome::Dropped(doc) => {
                self.docs_in += 1;
                self.dropped += 1;
                self.bytes_dropped += doc.figures.bytes;
                match doc.cause {
                    Some(DropCause::SpamScore) => self.dropped_by.spam_score += 1,
                    Some(DropCause::TooLarge) => self.dropped_by.too_large += 1,
                    Some(DropCause::Language) => self.dropped_by.language += 1,
                    Some(DropCause::MinContentChars) | None => {
                        self.dropped_by.min_content_chars += 1
                    }
                }
                self.add_doc(&doc.figures);
            }
            Outcome::Error(e) => {
                self.docs_in += 1;
                self.errored += 1;
                if e.fatal {
                    self.fatal += 1;
                }
            }
            Outcome::Skipped { reason, .. } => {
                self.skipped += 1;
                let key = if self.skipped_by.contains_key(reason)
                    || self.skipped_by.len() < MAX_SKIP_REASONS
                {
                    reason.as_str()
                } else {
                    "other"
                };
                *self.skipped_by.entry(key.to_owned()).or_insert(0) += 1;
            }
        }
    }

    fn add_doc(&mut self, f: &DocFigures) {
        self.bytes_in += f.bytes;
        match f.format {
            Some(Format::Html) => self.formats.html += 1,
            Some(Format::Text) => self.formats.text += 1,
            None => {}
        }
        *self
            .langs
            .entry(f.lang.unwrap_or(UNDETERMINED))
            .or_insert(0) += 1;
        let [content, boilerplate, headline_list, link_farm] = f.chars;
        self.chars.total += content + boilerplate + headline_list + link_farm;
        self.chars.content += content;
        self.chars.boilerplate += boilerplate;
        self.chars.headline_list += headline_list;
        self.chars.link_farm += link_farm;
        self.docs_with.boilerplate += u64::from(boilerplate > 0);
        self.docs_with.headline_list += u64::from(headline_list > 0);
        self.docs_with.link_farm += u64::from(link_farm > 0);
    }

    /// Share of all analysed characters per junk kind (0 when nothing was
    /// analysed).
    pub fn junk_share(&self) -> JunkShare {
        let share = |n: u64| {
            if self.chars.total == 0 {
                0.0
            } else {
                (n as f64 / self.chars.total as f64) as f32
            }
        };
        JunkShare {
            boilerplate: share(self.chars.boilerplate),
            headline_list: share(self.chars.headline_list),
            link_farm: share(self.chars.link_farm),
        }
    }

    /// True when the invariant `docs_in = kept + dropped + errored` holds.
    pub fn balanced(&self) -> bool {
        self.docs_in == self.kept + self.dropped + self.errored
    }
}

/// The run report (`--report FILE.json`): the statistics plus time,
/// throughput and the settings that produced them.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// junksift version.
    pub version: &'static str,
    /// The inputs as given.
    pub inputs: Vec<String>,
    /// False when the run stopped early (`--strict`, or an output error).
    pub complete: bool,
    /// Why the run stopped early, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped_by: Option<String>,
    /// The counts.
    #[serde(flatten)]
    pub stats: Stats,
    /// Share of all analysed characters per junk kind.
    pub junk_share: JunkShare,
    /// Analysis threads.
    pub threads: usize,
    /// Wall-clock seconds for the whole run (reading, analysis, writing).
    pub elapsed_s: f64,
    /// Documents per second (`docs_in / elapsed_s`).
    pub docs_per_s: f64,
    /// Megabytes (10^6 bytes) of pages per second (`bytes_in / elapsed_s`).
    pub mb_per_s: f64,
    /// Seconds the analysis threads spent on the documents, summed over the
    /// threads (decoding, analysis, rendering; not reading the input, which
    /// runs on a thread of its own, nor writing the output).
    pub analysis_s: f64,
    /// `docs_in / analysis_s`: the throughput of one analysis thread on its
    /// own, comparable with tools timed on their extraction call alone.
    pub analysis_docs_per_s: f64,
    /// The verdict thresholds.
    pub policy: PolicyReport,
}

/// The policy as it appears in the report.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyReport {
    /// Pages above this spam score are dropped.
    pub max_spam_score: f32,
    /// Pages with fewer content characters are dropped.
    pub min_content_chars: usize,
    /// Junk kinds that count towards the spam score.
    pub spam_kinds: Vec<&'static str>,
    /// P(content) threshold of a block.
    pub content_threshold: f32,
    /// Larger pages are dropped unanalysed (0 = no limit).
    pub max_page_bytes: usize,
    /// Pages with more blocks are dropped unclassified (0 = no limit).
    pub max_blocks: usize,
    /// Pages in other languages are dropped (empty: every language kept).
    pub langs: Vec<String>,
}

impl Report {
    /// Builds the report of a run.
    pub fn new(
        stats: &Stats,
        inputs: Vec<String>,
        stopped_by: Option<String>,
        threads: usize,
        elapsed_s: f64,
        analysis_s: f64,
        policy: &Policy,
    ) -> Report {
        let per_s = |x: f64| {
            if elapsed_s > 0.0 {
                round3(x / elapsed_s)
            } else {
                0.0
            }
        };
        Report {
            version: env!("CARGO_PKG_VERSION"),
            inputs,
            complete: stopped_by.is_none(),
            stopped_by,
            stats: stats.clone(),
            junk_share: stats.junk_share(),
            threads,
            elapsed_s: round3(elapsed_s),
            docs_per_s: per_s(stats.docs_in as f64),
            mb_per_s: per_s(stats.bytes_in as f64 / 1e6),
            analysis_s: round3(analysis_s),
            analysis_docs_per_s: if analysis_s > 0.0 {
                round3(stats.docs_in as f64 / analysis_s)
            } else {
                0.0
            },
            policy: PolicyReport {
                max_spam_score: policy.max_spam_score,
                min_content_chars: policy.min_content_chars,
                spam_kinds: policy.spam_kinds.iter().map(|l| l.name()).collect(),
                content_threshold: policy.content_threshold,
                max_page_bytes: policy.max_page_bytes,
                max_blocks: policy.max_blocks,
                langs: policy.langs.clone(),
            },
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
