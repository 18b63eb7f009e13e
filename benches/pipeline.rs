//! Throughput of each pipeline stage, and of the whole batch pipeline, on the
//! bench pages (`../shared/bench/articles-en.jsonl`, or the file named by
//! `JUNKSIFT_BENCH_FILE`).
//!
//! ```text
//! cargo bench --bench pipeline                 # everything
//! cargo bench --bench pipeline -- stage/       # per stage only
//! cargo bench --bench pipeline -- 'batch/'     # whole pipeline, 1 thread and all cores
//! ```
//!
//! `stage/jsonl` reads the handful's JSONL lines (check, split into raw
//! fields, decode the page), with junksift's reader and with serde_json.
//! Stages (HTML of a handful of pages, and the same pages' plain-text
//! `dump`): decode (`Document::from_bytes`: charset sniffing and decoding),
//! segment (`segment::segment`: for HTML the memchr pre-scan that cuts
//! scripts, styles, SVG and comments, the tokenizer and the walk; for text
//! line, run-on and flattened-line splitting), segment-html5ever (HTML
//! only: the same with html5ever's DOM, `--html-parser html5ever`),
//! features (`features::extract_page`: the rows, and the topic words and
//! language counts gathered on the way), classify (`Model::predict_page`:
//! every row, both passes), classify-explained (the same, then
//! `Model::explain_page` for each block's most likely class), analyze
//! (`Detector::analyze`: all of the above plus smoothing, verdict, language
//! and, when on, per-block reasons), output (`JsonRecord`
//! serialisation). `batch/*` runs the whole `junksift filter` engine over
//! every page of the file, in memory (no file I/O), on 1 thread and on all
//! cores. Throughput is in bytes of page (HTML or dump) per second.
//!
//! The numbers the project reports come from `scripts/bench-throughput.sh`,
//! which times the real command over the real file.

use std::hint::black_box;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput};
use junksift::batch::{Batch, BatchOptions, Item, Outcome, Sink, Stats};
use junksift::input::container::{Fields, Origin, RawBody, RawRecord};
use junksift::output::JsonRecord;
use junksift::{features, segment, Detector, Document, FormatHint, HtmlParser};

/// How many pages the per-stage benchmarks use.
const HANDFUL: usize = 8;

struct Page {
    /// The JSONL line.
    line: String,
    id: String,
    html: String,
    dump: Option<String>,
    fields: Fields,
}

fn bench_file() -> PathBuf {
    match std::env::var_os("JUNKSIFT_BENCH_FILE") {
        Some(path) => PathBuf::from(path),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/articles-en.jsonl"),
    }
}

fn load(path: &PathBuf) -> Option<Vec<Page>> {
    let text = std::fs::read_to_string(path).ok()?;
    let pages: Vec<Page> = text
        .lines()
        .filter_map(|line| {
            let value: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(line).ok()?;
            let fields = Fields::parse(line).ok()?;
            let text = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            Some(Page {
                line: line.to_owned(),
                id: text("id").unwrap_or_default(),
                html: text("html")?,
                dump: text("dump"),
                fields,
            })
        })
        .collect();
    (!pages.is_empty()).then_some(pages)
}

/// Every n-th page, so the handful spreads over the file's sites.
fn handful(pages: &[Page]) -> Vec<&Page> {
    let step = (pages.len() / HANDFUL).max(1);
    pages.iter().step_by(step).take(HANDFUL).collect()
}

/// A sink that only counts what it is given.
struct NullSink(usize);

impl Sink for NullSink {
    fn accept(&mut self, outcome: &Outcome, _: &Stats) -> io::Result<()> {
        if let Outcome::Kept(d) | Outcome::Dropped(d) = outcome {
            self.0 += d.line.len();
        }
        Ok(())
    }
}

/// The index of the largest probability.
fn argmax(p: &[f32]) -> usize {
    (0..p.len()).fold(0, |best, k| if p[k] > p[best] { k } else { best })
}

fn stages(c: &mut Criterion, detector: &Detector, pages: &[&Page], text: bool) {
    let lex = detector.lexicons();
    let model = detector.model();
    let sources: Vec<&str> = pages
        .iter()
        .map(|p| match (text, &p.dump) {
            (true, Some(dump)) => dump.as_str(),
            _ => p.html.as_str(),
        })
        .collect();
    let hint = if text {
        FormatHint::Text
    } else {
        FormatHint::Html
    };
    let bytes: u64 = sources.iter().map(|s| s.len() as u64).sum();
    let docs: Vec<Document> = sources
        .iter()
        .map(|s| Document::from_bytes(s.as_bytes(), hint, None))
        .collect();
    let segs: Vec<_> = docs.iter().map(|d| segment::segment(d, lex)).collect();
    let pages: Vec<_> = segs
        .iter()
        .zip(&docs)
        .map(|(s, d)| features::extract_page(s, d.format, lex))
        .collect();
    let analyses: Vec<_> = docs.iter().map(|d| detector.analyze(d)).collect();
    let plain = detector.clone().with_reasons(false);

    let mut g = c.benchmark_group(if text { "stage/text" } else { "stage/html" });
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("decode", |b| {
        b.iter(|| {
            for s in &sources {
                black_box(Document::from_bytes(black_box(s.as_bytes()), hint, None));
            }
        })
    });
    g.bench_function("segment", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(segment::segment(d, lex));
            }
        })
    });
    if !text {
        // The same segmentation with html5ever's DOM (`--html-parser
        // html5ever`), for comparison with the default tokenizer.
        g.bench_function("segment-html5ever", |b| {
            b.iter(|| {
                for d in &docs {
                    black_box(segment::segment_with(d, lex, HtmlParser::Html5ever));
                }
            })
        });
    }
    g.bench_function("features", |b| {
        b.iter(|| {
            for (s, d) in segs.iter().zip(&docs) {
                black_box(features::extract_page(s, d.format, lex));
            }
        })
    });
    g.bench_function("classify", |b| {
        b.iter(|| {
            for page in &pages {
                black_box(model.predict_page(&page.rows, &page.topics, false));
            }
        })
    });
    // Each block explained for its most likely class (the detector uses
    // the final label, after smoothing).
    g.bench_function("classify-explained", |b| {
        b.iter(|| {
            for page in &pages {
                let p = model.predict_page(&page.rows, &page.topics, true);
                let classes: Vec<usize> = p.probs.iter().map(|q| argmax(q)).collect();
                black_box(model.explain_page(&p, &page.rows, &classes));
            }
        })
    });
    g.bench_function("analyze", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(detector.analyze(d));
            }
        })
    });
    g.bench_function("analyze-no-reasons", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(plain.analyze(d));
            }
        })
    });
    g.bench_function("output", |b| {
        b.iter(|| {
            for a in &analyses {
                let mut buf = Vec::new();
                serde_json::to_writer(&mut buf, &JsonRecord::new(a, true, false))
                    .unwrap_or_default();
                black_box(buf);
            }
        })
    });
    g.finish();
}

fn items(pages: &[Page]) -> Vec<Item> {
    pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Item::Record(RawRecord {
                origin: Origin {
                    path: "bench".into(),
                    line: Some(i as u64 + 1),
                    offset: None,
                },
                id: Some(p.id.clone()),
                url: None,
                body: RawBody::Str {
                    text: p.html.clone(),
                    format: FormatHint::Html,
                },
                fields: Some(p.fields.clone()),
            })
        })
        .collect()
}

/// Reading a JSONL record: checking the line, splitting it into raw
/// fields and decoding the page, with junksift's one-pass reader and, for
/// comparison, with serde_json (raw fields, then the page decoded from its
/// raw value). Throughput is in bytes of line.
fn jsonl(c: &mut Criterion, pages: &[&Page]) {
    type RawFields = std::collections::BTreeMap<String, Box<serde_json::value::RawValue>>;
    let bytes: u64 = pages.iter().map(|p| p.line.len() as u64).sum();
    let mut g = c.benchmark_group("stage/jsonl");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function("read", |b| {
        b.iter(|| {
            for p in pages {
                black_box(Fields::parse_decoding(black_box(p.line.clone()), Some("html")).ok());
            }
        })
    });
    g.bench_function("read-serde_json", |b| {
        b.iter(|| {
            for p in pages {
                let fields: Option<RawFields> = serde_json::from_str(black_box(&p.line)).ok();
                let html = fields
                    .as_ref()
                    .and_then(|f| f.get("html"))
                    .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok());
                black_box((fields, html));
            }
        })
    });
    g.finish();
}

fn whole(c: &mut Criterion, detector: &Detector, pages: &[Page]) {
    let items = items(pages);
    let bytes: u64 = pages.iter().map(|p| p.html.len() as u64).sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    let mut threads = vec![1];
    if cores > 1 {
        threads.push(cores);
    }
    for n in threads {
        let batch = match Batch::new(
            detector.clone(),
            BatchOptions {
                threads: n,
                ..BatchOptions::default()
            },
        ) {
            Ok(batch) => batch,
            Err(e) => {
                eprintln!("cannot build the batch engine: {e}");
                return;
            }
        };
        g.bench_function(format!("html-{n}-threads"), |b| {
            b.iter_batched(
                || items.clone(),
                |items| {
                    let mut sink = NullSink(0);
                    black_box(batch.run(items, &mut sink).map(|s| s.stats.kept))
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

fn main() {
    let path = bench_file();
    let Some(pages) = load(&path) else {
        eprintln!(
            "benches/pipeline: {} not found or empty; nothing to benchmark \
             (set JUNKSIFT_BENCH_FILE to a JSONL file with an `html` field)",
            path.display()
        );
        return;
    };
    let detector = match Detector::new() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("benches/pipeline: no model: {e}");
            return;
        }
    };
    let mut c = Criterion::default().configure_from_args();
    let few = handful(&pages);
    jsonl(&mut c, &few);
    stages(&mut c, &detector, &few, false);
    stages(&mut c, &detector, &few, true);
    whole(&mut c, &detector, &pages);
    c.final_summary();
}
