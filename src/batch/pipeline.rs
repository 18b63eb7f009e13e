//! The streaming, order-preserving, bounded-memory parallel map.

use std::collections::VecDeque;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

use super::render::{render_line, InputField, Line, ANNOTATION_FIELD};
use super::stats::Stats;
use super::{DocFigures, DocOutcome, Item, Outcome, Sink};
use crate::detector::Detector;
use crate::input::container::{Fields, RawBody, RawRecord, RecordError};
use crate::input::Document;

/// Settings of a batch run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOptions {
    /// Analysis threads; 0 means one per available core.
    pub threads: usize,
    /// At most this many items are in flight: handed to the pool and not
    /// yet given to the sink...
    pub window_docs: usize,
    /// ...and at most this many bytes of records (bodies plus the other
    /// string fields of JSONL records), unless a single record is larger.
    /// Memory use is about this plus the rendered output of the records in
    /// flight, whatever the size of the corpus.
    pub window_bytes: usize,
    /// The output field that receives the clean text (`text`).
    pub out_field: String,
    /// Whether output records list every block.
    pub blocks: bool,
    /// Whether dropped documents are rendered too (for `--rejected`);
    /// otherwise their [`DocOutcome::line`] is empty.
    pub render_dropped: bool,
    /// Stop at the first error (after handing it to the sink).
    pub strict: bool,
}

impl Default for BatchOptions {
    /// All cores, a window of 256 documents or 32 MiB, clean text in `text`,
    /// blocks listed, dropped documents not rendered, not strict.
    fn default() -> BatchOptions {
        BatchOptions {
            threads: 0,
            window_docs: 256,
            window_bytes: 32 << 20,
            out_field: "text".into(),
            blocks: true,
            render_dropped: false,
            strict: false,
        }
    }
}

/// What can stop a run (record errors never do, except with `strict`,
/// which is reported in [`Summary::stopped_by`]).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The options cannot work (e.g. the output field is `junksift`).
    #[error("invalid batch options: {0}")]
    Options(String),
    /// The thread pool could not be built.
    #[error("cannot start the analysis threads: {0}")]
    Pool(#[from] rayon::ThreadPoolBuildError),
    /// The reader thread could not be started, or died.
    #[error("input reader failed: {0}")]
    Reader(String),
    /// The sink failed (e.g. the output disk is full).
    #[error("{0}")]
    Sink(#[from] io::Error),
}

/// The outcome of a run.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The counts of every item handed to the sink.
    pub stats: Stats,
    /// With `strict`: the error that stopped the run.
    pub stopped_by: Option<RecordError>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// The time the analysis threads spent on the items, summed over the
    /// threads: decoding, analysing and rendering each record, but not
    /// reading the input (a thread of its own) nor writing the output. On one
    /// thread, `docs / analysis` is the throughput of the analysis alone.
    pub analysis: Duration,
}

/// A configured batch engine: a detector and a thread pool of its own
/// (never rayon's global pool, so that a library caller's pool is left
/// alone and `-j` means what it says).
pub struct Batch {
    shared: Arc<Shared>,
    pool: rayon::ThreadPool,
}

/// What the pool threads need.
struct Shared {
    detector: Detector,
    opts: BatchOptions,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("opts", &self.shared.opts)
            .field("threads", &self.pool.current_num_threads())
            .finish_non_exhaustive()
    }
}

/// Stack size of the analysis threads: the same as a main thread's, so a
/// page that analyses on the main thread also analyses in the pool.
const WORKER_STACK: usize = 8 << 20;

impl Batch {
    /// Builds the engine and its thread pool.
    pub fn new(detector: Detector, opts: BatchOptions) -> Result<Batch, BatchError> {
        if opts.out_field == ANNOTATION_FIELD {
            return Err(BatchError::Options(format!(
                "the output field cannot be {ANNOTATION_FIELD:?}, which holds the annotation"
            )));
        }
        let threads = if opts.threads == 0 {
            thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            opts.threads
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("junksift-worker-{i}"))
            .build()?;
        Ok(Batch {
            shared: Arc::new(Shared { detector, opts }),
            pool,
        })
    }

    /// Number of analysis threads.
    pub fn threads(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// The detector in use.
    pub fn detector(&self) -> &Detector {
        &self.shared.detector
    }

    /// The options in use.
    pub fn options(&self) -> &BatchOptions {
        &self.shared.opts
    }

    /// Runs every item through the pipeline and hands the outcomes to `sink`
    /// in input order.
    ///
    /// The items are pulled on a reader thread of their own, so reading and
    /// parsing the input overlaps with the analysis. Each item is analysed
    /// (and rendered) by a pool thread as soon as one is free; a reorder
    /// buffer on the calling thread hands the outcomes to the sink in input
    /// order. A window bounds what is in flight ([`BatchOptions::window_docs`],
    /// [`BatchOptions::window_bytes`]), counted from the oldest outcome not
    /// yet handed over, so memory stays bounded even behind a slow page; of
    /// that window, at most two items per thread are queued in the pool at a
    /// time, so the input is read only a little ahead of the analysis.
    ///
    /// Record errors are outcomes, not failures: only a failing sink (or,
    /// with `strict`, the first error, see [`Summary::stopped_by`]) ends the
    /// run early.
    pub fn run<I>(&self, items: I, sink: &mut dyn Sink) -> Result<Summary, BatchError>
    where
        I: IntoIterator<Item = Item>,
        I::IntoIter: Send + 'static,
    {
        let start = Instant::now();
        let opts = &self.shared.opts;
        let window_docs = opts.window_docs.max(1);
        let window_bytes = opts.window_bytes.max(1);
        let threads = self.threads();
        let items = items.into_iter();
        // A few items of read-ahead, so that a free thread rarely waits for
        // the reader.
        let (item_tx, item_rx) = mpsc::sync_channel::<Item>(2 * threads);
        let reader = thread::Builder::new()
            .name("junksift-reader".into())
            .spawn(move || {
                for item in items {
                    if item_tx.send(item).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| BatchError::Reader(e.to_string()))?;
        let (done_tx, done_rx) = mpsc::channel::<(u64, Outcome, Duration)>();
        // Items handed to the pool and not yet back. The window bounds what
        // may wait for a slow page, but only this many need to be queued for
        // the threads to stay busy; handing over more only reads the input
        // ahead (with one thread, most of a 32 MiB window), which holds every
        // record read in fresh memory the allocator cannot reuse and that
        // must be faulted in, and evicts it from the caches before its
        // analysis.
        let max_running = 2 * threads;
        let mut running = 0usize;

        let mut stats = Stats::default();
        let mut analysis = Duration::ZERO;
        let mut stopped_by = None;
        // Sizes of the items in flight, oldest first, and their outcomes as
        // they arrive (in any order).
        let mut sizes: VecDeque<usize> = VecDeque::new();
        let mut ready: VecDeque<Option<Outcome>> = VecDeque::new();
        let mut first_seq = 0u64;
        let mut in_flight_bytes = 0usize;
        let mut input_done = false;
        'run: loop {
            while !input_done
                && running < max_running
                && sizes.len() < window_docs
                && in_flight_bytes < window_bytes
            {
                let Ok(item) = item_rx.recv() else {
                    input_done = true;
                    break;
                };
                let size = item_size(&item);
                let seq = first_seq + sizes.len() as u64;
                sizes.push_back(size);
                ready.push_back(None);
                in_flight_bytes += size;
                running += 1;
                let shared = Arc::clone(&self.shared);
                let done = done_tx.clone();
                self.pool.spawn(move || {
                    let start = Instant::now();
                    let outcome = shared.process(item);
                    // The receiver is gone only when the run stopped early.
                    let _ = done.send((seq, outcome, start.elapsed()));
                });
            }
            if sizes.is_empty() {
                break;
            }
            let Ok((seq, outcome, spent)) = done_rx.recv() else {
                // Cannot happen: `done_tx` is alive. Not worth a panic.
                break;
            };
            running -= 1;
            analysis += spent;
            if let Some(slot) = usize::try_from(seq - first_seq)
                .ok()
                .and_then(|i| ready.get_mut(i))
            {
                *slot = Some(outcome);
            }
            while let Some(Some(_)) = ready.front() {
                let Some(Some(outcome)) = ready.pop_front() else {
                    break;
                };
                in_flight_bytes -= sizes.pop_front().unwrap_or(0);
                first_seq += 1;
                stats.add(&outcome);
                sink.accept(&outcome, &stats)?;
                if opts.strict {
                    if let Outcome::Error(e) = outcome {
                        stopped_by = Some(e);
                        break 'run;
                    }
                }
            }
        }
        if stopped_by.is_none() {
            // The input ended: the reader is done, or it died, in which case
            // records may have been lost and the run must not pass.
            reader
                .join()
                .map_err(|_| BatchError::Reader("the reader thread panicked".into()))?;
        }
        // Otherwise the reader is left to notice the closed channel and end
        // on its own (it may be blocked reading a pipe), and the pool
        // threads still busy drop their outcomes.
        Ok(Summary {
            stats,
            stopped_by,
            elapsed: start.elapsed(),
            analysis,
        })
    }

    /// Processes one item on the calling thread (what each pool thread does
    /// for each item of a chunk).
    pub fn process(&self, item: Item) -> Outcome {
        self.shared.process(item)
    }
}

impl Shared {
    fn process(&self, item: Item) -> Outcome {
        match item {
            Item::Record(rec) => {
                let origin = rec.origin.clone();
                // A page must never take the run down: a panic in the
                // analysis (a bug) costs this record only, and is reported.
                match panic::catch_unwind(AssertUnwindSafe(|| self.analyze(rec))) {
                    Ok(outcome) => outcome,
                    Err(_) => Outcome::Error(RecordError {
                        origin,
                        message: "internal error: the analysis panicked on this record".into(),
                        fatal: false,
                    }),
                }
            }
            Item::Skipped { origin, reason } => Outcome::Skipped { origin, reason },
            Item::Error(e) => Outcome::Error(e),
        }
    }

    fn analyze(&self, rec: RawRecord) -> Outcome {
        let record_bytes = match &rec.fields {
            Some(fields) => fields_size(fields),
            None => body_size(&rec.body),
        };
        let RawRecord {
            origin,
            id,
            url,
            body,
            fields,
        } = rec;
        let (mut doc, bytes) = match body {
            RawBody::Str { text, format } => {
                let n = text.len();
                (Document::from_str_hint(text, format), n)
            }
            RawBody::Bytes {
                bytes,
                charset,
                format,
            } => (
                Document::from_bytes(&bytes, format, charset.as_deref()),
                bytes.len(),
            ),
        };
        doc.id = id.clone().or_else(|| Some(origin.to_string()));
        doc.url = url;
        let analysis = self.detector.analyze(&doc);
        drop(doc);

        let mut chars = [0u64; 4];
        for b in &analysis.blocks {
            chars[b.label.index()] += analysis.block_text(b).chars().count() as u64;
        }
        let figures = DocFigures {
            bytes: bytes as u64,
            record_bytes: record_bytes as u64,
            format: Some(analysis.format),
            chars,
            lang: analysis.lang,
        };
        let verdict = &analysis.verdict;
        let keep = verdict.keep;
        let line = if keep || self.opts.render_dropped {
            // A rejected record keeps its input as it came: the clean text
            // does not overwrite a field of the same name.
            let same_name = if keep {
                InputField::Replace
            } else {
                InputField::Keep
            };
            let rendered = render_line(
                &analysis,
                fields,
                &self.opts.out_field,
                self.opts.blocks,
                same_name,
            );
            match rendered {
                Ok(line) => line,
                Err(e) => {
                    return Outcome::Error(RecordError {
                        origin,
                        message: format!("cannot render the output record: {e}"),
                        fatal: false,
                    })
                }
            }
        } else {
            Line::default()
        };
        let doc = DocOutcome {
            origin,
            id,
            line,
            reason: verdict.reason.clone(),
            cause: verdict.cause,
            figures,
        };
        if keep {
            Outcome::Kept(doc)
        } else {
            Outcome::Dropped(doc)
        }
    }
}

/// The size an item counts for in the window.
fn item_size(item: &Item) -> usize {
    match item {
        Item::Record(rec) => record_size(rec),
        _ => 0,
    }
}

/// Approximate memory held by a record: its body plus the string fields of
/// a JSONL object (which usually hold a copy of the body and more).
fn record_size(rec: &RawRecord) -> usize {
    body_size(&rec.body).saturating_add(rec.fields.as_ref().map_or(0, fields_size))
}

fn body_size(body: &RawBody) -> usize {
    match body {
        RawBody::Str { text, .. } => text.len(),
        RawBody::Bytes { bytes, .. } => bytes.len(),
    }
}

/// The bytes of a JSONL object: the length of its line.
fn fields_size(fields: &Fields) -> usize {
    fields.text_len()
}
