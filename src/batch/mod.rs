//! Batch mode: filtering a whole corpus, streaming, in parallel, in order.
//!
//! This is the engine behind `junksift filter`, usable from any program that
//! has a stream of [`Item`]s (usually from
//! [`read_inputs`](crate::input::container::read_inputs)):
//!
//! ```no_run
//! use junksift::batch::{Batch, BatchOptions, Writers};
//! use junksift::input::container::{read_inputs, ReaderOptions};
//! use junksift::Detector;
//!
//! let detector = Detector::new()?;
//! let items = read_inputs(&["corpus.jsonl.gz".into()], &ReaderOptions::default());
//! let mut sink = Writers::new(std::io::stdout().lock());
//! let summary = Batch::new(detector, BatchOptions::default())?.run(items, &mut sink)?;
//! eprintln!("{} kept of {}", summary.stats.kept, summary.stats.docs_in);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! How it works ([`Batch::run`]): a reader thread pulls the items from the
//! input; each one is analysed, and rendered as a JSON line, by a thread of
//! a rayon pool of [`BatchOptions::threads`] threads; a reorder buffer hands
//! the outcomes to a [`Sink`] in input order. What is in flight is bounded
//! by a window of [`BatchOptions::window_docs`] items and
//! [`BatchOptions::window_bytes`] bytes, so memory depends on the window and
//! the largest record, never on the size of the corpus; and since the output
//! order is the input order and the analysis is deterministic, the output
//! does not depend on the number of threads.
//!
//! Nothing is lost silently: every item ends up as exactly one [`Outcome`],
//! and [`Stats`] keeps the invariant `docs_in = kept + dropped + errored`
//! (skipped WARC records — non-HTML payloads, non-2xx responses — are counted
//! on the side, in `skipped`).

mod pipeline;
mod render;
mod stats;

use std::io::{self, Write};

pub use pipeline::{Batch, BatchError, BatchOptions, Summary};
pub use render::{AnnotationRef, Line};
pub use stats::{
    CharCounts, DropCounts, FormatCounts, JunkDocs, PolicyReport, Report, Stats, MAX_SKIP_REASONS,
};

use crate::input::container::{Origin, RecordError};
use crate::input::Format;
use crate::model::smooth::DropCause;

pub use crate::input::container::Item;

/// What became of one input item.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A document that passed the policy.
    Kept(DocOutcome),
    /// A document the policy rejected.
    Dropped(DocOutcome),
    /// A record that could not be read or analysed (or an input that could
    /// not be opened, when [`RecordError::fatal`] is set).
    Error(RecordError),
    /// A record deliberately passed over by the reader (a WARC response with
    /// a non-HTML payload or a non-2xx status).
    Skipped {
        /// Where it is.
        origin: Origin,
        /// Why it was skipped.
        reason: String,
    },
}

impl Outcome {
    /// Where the item came from.
    pub fn origin(&self) -> &Origin {
        match self {
            Outcome::Kept(d) | Outcome::Dropped(d) => &d.origin,
            Outcome::Error(e) => &e.origin,
            Outcome::Skipped { origin, .. } => origin,
        }
    }
}

/// An analysed document, rendered.
#[derive(Debug, Clone)]
pub struct DocOutcome {
    /// Where the document came from.
    pub origin: Origin,
    /// Its id, if the container gave one.
    pub id: Option<String>,
    /// The rendered JSON line, ending with `\n`: every input field, the clean
    /// text in the output field and the `junksift` annotation. Empty for a
    /// dropped document when [`BatchOptions::render_dropped`] is off.
    pub line: Line,
    /// Why the document was dropped (the verdict's reason); `None` if kept.
    pub reason: Option<String>,
    /// Which policy test dropped it; `None` if kept.
    pub cause: Option<DropCause>,
    /// Figures for the run statistics.
    pub figures: DocFigures,
}

/// Per-document figures that feed [`Stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocFigures {
    /// Size of the page as read from the container (bytes of the HTML or
    /// text body, before character decoding).
    pub bytes: u64,
    /// Approximate size of the whole record in its container: the body
    /// for files and WARC payloads, the string fields (names included) for
    /// JSONL objects. Used to estimate how far into an input the run is.
    pub record_bytes: u64,
    /// HTML or text.
    pub format: Option<Format>,
    /// Characters per label in the analysed text (content, boilerplate,
    /// headline_list, link_farm).
    pub chars: [u64; 4],
    /// The guessed language (see [`crate::Analysis::lang`]).
    pub lang: Option<&'static str>,
}

/// Receives the outcomes of a run, in input order, on the calling thread.
pub trait Sink {
    /// Called once per input item, after `stats` has been updated with it.
    /// An error stops the run and is returned by [`Batch::run`].
    fn accept(&mut self, outcome: &Outcome, stats: &Stats) -> io::Result<()>;
}

/// The standard sink: kept documents as JSON lines to one writer, and
/// optionally dropped documents and errors to others.
///
/// Errors are written one JSON object per line:
/// `{"origin": "corpus.jsonl:3", "path": "corpus.jsonl", "line": 3,
/// "offset": null, "message": "...", "fatal": false}`.
pub struct Writers<W: Write> {
    /// Where kept documents go.
    pub out: W,
    /// Where dropped documents go, if anywhere.
    pub rejected: Option<Box<dyn Write + Send>>,
    /// Where errors go, if anywhere.
    pub errors: Option<Box<dyn Write + Send>>,
}

impl<W: Write> Writers<W> {
    /// Kept documents to `out`; dropped documents and errors are not written.
    pub fn new(out: W) -> Writers<W> {
        Writers {
            out,
            rejected: None,
            errors: None,
        }
    }

    /// Flushes every writer.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        if let Some(w) = &mut self.rejected {
            w.flush()?;
        }
        if let Some(w) = &mut self.errors {
            w.flush()?;
        }
        Ok(())
    }
}

impl<W: Write> Sink for Writers<W> {
    fn accept(&mut self, outcome: &Outcome, _stats: &Stats) -> io::Result<()> {
        match outcome {
            Outcome::Kept(doc) => doc.line.write_to(&mut self.out),
            Outcome::Dropped(doc) => match &mut self.rejected {
                Some(w) => doc.line.write_to(w),
                None => Ok(()),
            },
            Outcome::Error(e) => match &mut self.errors {
                Some(w) => write_error_line(w, e),
                None => Ok(()),
            },
            Outcome::Skipped { .. } => Ok(()),
        }
    }
}

/// Writes one error as a JSON line (the `--errors` format).
pub fn write_error_line(w: &mut dyn Write, e: &RecordError) -> io::Result<()> {
    #[derive(serde::Serialize)]
    struct ErrorLine<'a> {
        origin: String,
        path: &'a str,
        line: Option<u64>,
        offset: Option<u64>,
        message: &'a str,
        fatal: bool,
    }
    let line = ErrorLine {
        origin: e.origin.to_string(),
        path: &e.origin.path,
        line: e.origin.line,
        offset: e.origin.offset,
        message: &e.message,
        fatal: e.fatal,
    };
    serde_json::to_writer(&mut *w, &line)?;
    w.write_all(b"\n")
}
