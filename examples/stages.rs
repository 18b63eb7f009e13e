//! Where a `junksift filter` run's time goes, stage by stage, on one JSONL
//! file (default: the bench file), each stage timed alone, best of N rounds,
//! on the calling thread except the `run` stages (the batch engine with one
//! analysis thread): the gap between `analyze` (the in-process loop) and the
//! last stage is what the command adds to the analysis. `NO_BLOCKS=1` times
//! the `--no-blocks` detector and output.
//!
//! ```text
//! cargo run --release --example stages -- ../shared/bench/articles-en.jsonl 5
//! ```
use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use junksift::batch::{Batch, BatchOptions, Item, Writers};
use junksift::input::container::{read_inputs, RawBody, ReaderOptions};
use junksift::{Detector, Document};

fn best(rounds: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut n = 0;
    for _ in 0..rounds {
        let t = Instant::now();
        n = f();
        best = best.min(t.elapsed());
    }
    (best, n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .unwrap_or("../shared/bench/articles-en.jsonl".into()),
    );
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let blocks = std::env::var_os("NO_BLOCKS").is_none();
    let detector = Detector::new()?.with_reasons(blocks);
    let opts = ReaderOptions::default();
    let paths = vec![path];
    let items: Vec<Item> = read_inputs(&paths, &opts).collect();
    let docs: Vec<Document> = items
        .iter()
        .filter_map(|i| match i {
            Item::Record(r) => match &r.body {
                RawBody::Str { text, format } => {
                    Some(Document::from_str_hint(text.clone(), *format))
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    let n = docs.len() as f64;
    let report = |name: &str, (d, k): (Duration, usize)| {
        println!(
            "{name:<44} {:>8.3} ms/doc {:>8.0} docs/s  ({k})",
            d.as_secs_f64() * 1e3 / n,
            n / d.as_secs_f64()
        );
    };
    let lines: Vec<String> = std::fs::read_to_string(&paths[0])?
        .lines()
        .map(str::to_owned)
        .collect();
    report(
        "clone lines only",
        best(rounds, || lines.iter().map(|l| l.clone().len()).sum()),
    );
    report(
        "parse (Fields::parse_decoding, lines in memory)",
        best(rounds, || {
            lines
                .iter()
                .filter_map(|l| {
                    junksift::input::container::Fields::parse_decoding(l.clone(), Some("html")).ok()
                })
                .map(|(_, h)| h.map_or(0, |h| h.len()))
                .sum()
        }),
    );
    report(
        "read (read_inputs, all items)",
        best(rounds, || read_inputs(&paths, &opts).count()),
    );
    report(
        "analyze (in-process loop)",
        best(rounds, || {
            docs.iter().map(|d| detector.analyze(d).blocks.len()).sum()
        }),
    );
    let batch = Batch::new(
        detector.clone(),
        BatchOptions {
            threads: 1,
            blocks,
            ..BatchOptions::default()
        },
    )?;
    report(
        "process (analyze + render, caller thread)",
        best(rounds, || {
            items
                .iter()
                .cloned()
                .map(|i| match batch.process(i) {
                    junksift::batch::Outcome::Kept(d) => d.line.len(),
                    _ => 0,
                })
                .sum()
        }),
    );
    report(
        "run, items in memory, null writer",
        best(rounds, || {
            let mut sink = Writers::new(io::sink());
            batch
                .run(items.clone(), &mut sink)
                .map(|s| s.stats.kept as usize)
                .unwrap_or(0)
        }),
    );
    report(
        "run, read_inputs, buffered null writer (~ the CLI)",
        best(rounds, || {
            let out = io::BufWriter::with_capacity(1 << 20, io::sink());
            let mut sink = Writers::new(out);
            let k = batch
                .run(read_inputs(&paths, &opts), &mut sink)
                .map(|s| s.stats.kept as usize)
                .unwrap_or(0);
            let _ = sink.out.flush();
            k
        }),
    );
    Ok(())
}
