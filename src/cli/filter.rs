//! `junksift filter`: a corpus in, the kept documents out as JSONL.
//!
//! Only argument handling, files, the progress bar and the summary live
//! here; the engine is [`crate::batch`].

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{InputArgs, EXIT_INPUT, EXIT_OK};
use crate::batch::{
    Batch, BatchError, BatchOptions, Outcome, Report, Sink, Stats, Summary, Writers,
};
use crate::input::container::{max_record_bytes_for, read_inputs, ReaderOptions};
use crate::model::smooth::Policy;
use crate::model::Label;

/// Exit code: the run completed but some records could not be read or
/// analysed (they are reported on stderr and counted as errored).
pub const EXIT_RECORDS: i32 = 3;

/// Output buffer size.
const OUT_BUF: usize = 1 << 20;

/// How often the progress bar's message is refreshed.
const PROGRESS_EVERY: Duration = Duration::from_millis(200);

#[derive(Args, Debug)]
#[command(after_help = "\
Every input document ends up in exactly one place: kept (OUT), dropped \
(--rejected), or errored (stderr and --errors); docs in = kept + dropped + \
errored. WARC records that hold no page (non-HTML payloads, non-2xx \
responses) are counted as skipped.

Exit codes: 0 the run completed with no error; 1 an input could not be \
opened or read, or an output could not be written; 2 bad usage; 3 the run \
completed but some records were broken (see stderr / --errors).

Examples:
  junksift filter corpus.jsonl.gz -o clean.jsonl --rejected dropped.jsonl --report report.json
  junksift filter crawl.warc.gz --no-blocks -j 4 > clean.jsonl
  junksift filter dump.jsonl --html-field '' --text-field dump -o clean.jsonl")]
pub struct FilterArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Write the kept documents here (JSONL) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// JSONL field holding the HTML page (preferred over --text-field when
    /// both are present); an empty name reads only --text-field.
    #[arg(long, value_name = "NAME", default_value = "html")]
    pub html_field: String,
    /// JSONL field holding a plain-text page.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
    /// JSONL field holding the document id (a string or a number).
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,
    /// JSONL field holding the page URL.
    #[arg(long, value_name = "NAME", default_value = "url")]
    pub url_field: String,
    /// Output field that receives the clean main content (it replaces an
    /// input field of the same name).
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub out_field: String,
    /// Leave the per-block list out of the `junksift` object (smaller
    /// output, and faster: no per-block reasons are computed).
    #[arg(long)]
    pub no_blocks: bool,
    /// Write the dropped documents here (JSONL, same shape as the output;
    /// the reason is in `junksift.verdict.reason`; every input field is
    /// kept as it came, a text record's own `text` included).
    #[arg(long, value_name = "FILE")]
    pub rejected: Option<PathBuf>,
    /// Write every error here, one JSON object per line (origin, path,
    /// line, offset, message, fatal).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Write the run's figures here as JSON (the summary's counts, bytes,
    /// junk share per kind, throughput and thresholds).
    #[arg(long, value_name = "FILE.json")]
    pub report: Option<PathBuf>,
    /// Drop pages whose spam score is above this (0..1).
    #[arg(long, value_name = "SCORE", value_parser = parse_score,
          default_value_t = Policy::default().max_spam_score)]
    pub max_spam_score: f32,
    /// Drop pages with fewer characters of content than this.
    #[arg(long, value_name = "N", default_value_t = Policy::default().min_content_chars)]
    pub min_content_chars: usize,
    /// Junk kinds that make a page spam: a comma list of boilerplate,
    /// headline_list, link_farm, or `none`.
    #[arg(long, value_name = "KINDS", value_parser = parse_kinds,
          default_value_t = SpamKinds(Policy::default().spam_kinds))]
    pub spam_kinds: SpamKinds,
    /// Keep only pages in these languages: a comma list of ISO 639-1
    /// codes as the records' `junksift.lang` gives them (en, zh, ar...),
    /// `und` for pages without a guess. Default: every language.
    #[arg(long, value_name = "CODES", value_delimiter = ',', value_parser = parse_lang)]
    pub langs: Vec<String>,
    /// Analysis threads (0 = one per core).
    #[arg(short = 'j', long = "jobs", value_name = "N", default_value_t = 0)]
    pub jobs: usize,
    /// No progress bar and no summary (errors are still reported).
    #[arg(short, long)]
    pub quiet: bool,
    /// Stop at the first broken record or unreadable input.
    #[arg(long)]
    pub strict: bool,
}

/// The junk kinds that count as spam (`--spam-kinds`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpamKinds(pub Vec<Label>);

impl fmt::Display for SpamKinds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        let names: Vec<&str> = self.0.iter().map(|l| l.name()).collect();
        f.write_str(&names.join(","))
    }
}

/// One `--langs` code: two or three ASCII letters, lowercased.
fn parse_lang(s: &str) -> Result<String, String> {
    let code = s.trim().to_ascii_lowercase();
    if (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(format!(
            "{s:?} is not a language code (expected ISO 639-1 codes such as en,zh,ar, or und)"
        ))
    }
}

fn parse_kinds(s: &str) -> Result<SpamKinds, String> {
    let s = s.trim();
    if s.is_empty() || s == "none" {
        return Ok(SpamKinds(Vec::new()));
    }
    let mut kinds = Vec::new();
    for name in s.split(',').map(str::trim) {
        match Label::parse(name) {
            Some(label) if label.is_junk() => {
                if !kinds.contains(&label) {
                    kinds.push(label);
                }
            }
            _ => {
                return Err(format!(
                    "unknown junk kind {name:?} (expected boilerplate, headline_list, link_farm or none)"
                ))
            }
        }
    }
    Ok(SpamKinds(kinds))
}

fn parse_score(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
        _ => Err(format!("{s:?} is not a score (a number from 0 to 1)")),
    }
}

/// Runs `junksift filter`; returns the exit code.
pub fn run(args: &FilterArgs) -> anyhow::Result<i32> {
    let paths = args.input.paths();
    refuse_overwriting_inputs(args, &paths)?;
    let detector = args.input.detector()?;
    let policy = Policy {
        max_spam_score: args.max_spam_score,
        min_content_chars: args.min_content_chars,
        spam_kinds: args.spam_kinds.0.clone(),
        langs: args.langs.clone(),
        ..detector.policy().clone()
    };
    let detector = detector.with_policy(policy).with_reasons(!args.no_blocks);
    let batch = Batch::new(
        detector,
        BatchOptions {
            threads: args.jobs,
            out_field: args.out_field.clone(),
            blocks: !args.no_blocks,
            render_dropped: args.rejected.is_some(),
            strict: args.strict,
            ..BatchOptions::default()
        },
    )?;
    let reader_opts = ReaderOptions {
        html_field: args.html_field.clone(),
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        url_field: args.url_field.clone(),
        force: args.input.hint(),
        max_record_bytes: max_record_bytes_for(args.input.max_page_bytes),
    };

    let out: Box<dyn Write> = match &args.output {
        Some(path) if path.as_os_str() != "-" => {
            Box::new(BufWriter::with_capacity(OUT_BUF, create(path, "output")?))
        }
        _ => Box::new(BufWriter::with_capacity(OUT_BUF, io::stdout().lock())),
    };
    let mut writers = Writers::new(out);
    if let Some(path) = &args.rejected {
        writers.rejected = Some(Box::new(BufWriter::new(create(path, "--rejected")?)));
    }
    if let Some(path) = &args.errors {
        writers.errors = Some(Box::new(BufWriter::new(create(path, "--errors")?)));
    }

    let show_progress = !args.quiet && io::stderr().is_terminal();
    let mut console = Console::new(writers, show_progress.then(|| Sizes::of(&paths)));
    let items = read_inputs(&paths, &reader_opts);
    let summary = batch.run(items, &mut console);
    console.finish();
    let summary = match summary {
        Ok(summary) => summary,
        // As an io::Error, so that a closed pipe (`| head`) ends quietly.
        Err(BatchError::Sink(e)) => return Err(e.into()),
        Err(e) => return Err(e.into()),
    };
    console.writers.flush().context("cannot write the output")?;

    let stopped_by = summary
        .stopped_by
        .as_ref()
        .map(|e| format!("--strict: first error at {e}"));
    let report = Report::new(
        &summary.stats,
        paths.iter().map(|p| p.display().to_string()).collect(),
        stopped_by,
        batch.threads(),
        summary.elapsed.as_secs_f64(),
        summary.analysis.as_secs_f64(),
        batch.detector().policy(),
    );
    if let Some(path) = &args.report {
        let mut w = BufWriter::new(create(path, "--report")?);
        serde_json::to_writer_pretty(&mut w, &report)?;
        writeln!(w)?;
        w.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if !args.quiet {
        eprint!("{}", summary_text(&summary, &report));
    }
    Ok(if summary.stats.fatal > 0 {
        EXIT_INPUT
    } else if summary.stats.errored > 0 {
        EXIT_RECORDS
    } else {
        EXIT_OK
    })
}

fn create(path: &Path, what: &str) -> anyhow::Result<File> {
    File::create(path).with_context(|| format!("cannot create {what} file {}", path.display()))
}

/// Refuses an output path that is one of the input files: it would be
/// truncated before it is read.
fn refuse_overwriting_inputs(args: &FilterArgs, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let outputs = [&args.output, &args.rejected, &args.errors, &args.report];
    for out in outputs.into_iter().flatten() {
        if let Ok(out) = std::fs::canonicalize(out) {
            if inputs.contains(&out) {
                anyhow::bail!(
                    "refusing to write to {}, which is also an input",
                    out.display()
                );
            }
        }
    }
    Ok(())
}

/// Input sizes, for a progress bar with an ETA: known only when every input
/// is an uncompressed regular file (a compressed or piped input's size says
/// nothing about how much is left to read).
struct Sizes {
    total: Option<u64>,
    per_file: HashMap<String, u64>,
    /// Bytes of the inputs already finished.
    base: u64,
    current: Option<String>,
    /// Estimated position in the current input.
    in_file: u64,
}

impl Sizes {
    fn of(paths: &[PathBuf]) -> Sizes {
        let mut per_file = HashMap::new();
        let mut total = Some(0u64);
        for path in paths {
            match plain_file_size(path) {
                Some(size) => {
                    per_file.insert(path.display().to_string(), size);
                    total = total.map(|t| t + size);
                }
                None => total = None,
            }
        }
        Sizes {
            total,
            per_file,
            base: 0,
            current: None,
            in_file: 0,
        }
    }

    /// Advances the estimated position past one outcome.
    fn advance(&mut self, outcome: &Outcome) -> u64 {
        let origin = outcome.origin();
        if self.current.as_deref() != Some(origin.path.as_str()) {
            if let Some(prev) = self.current.take() {
                self.base += self.per_file.get(&prev).copied().unwrap_or(0);
            }
            self.current = Some(origin.path.clone());
            self.in_file = 0;
        }
        // A WARC offset is exact; a JSONL record's size leaves out JSON
        // escapes and punctuation, an underestimate corrected at the end of
        // each input.
        self.in_file = match (origin.offset, outcome) {
            (Some(offset), _) => offset,
            (None, Outcome::Kept(d) | Outcome::Dropped(d)) => self.in_file + d.figures.record_bytes,
            (None, _) => self.in_file,
        };
        let size = self.per_file.get(&origin.path).copied().unwrap_or(0);
        self.base + self.in_file.min(size)
    }
}

/// The size of an uncompressed regular file, or `None`.
fn plain_file_size(path: &Path) -> Option<u64> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut magic = [0u8; 4];
    let mut file = File::open(path).ok()?;
    let n = file.read(&mut magic).ok()?;
    let magic = &magic[..n];
    let compressed = magic.starts_with(&[0x1f, 0x8b]) || magic == [0x28, 0xb5, 0x2f, 0xfd];
    (!compressed).then_some(meta.len())
}

/// The sink of the command line: the writers, plus errors on stderr and the
/// progress bar.
struct Console {
    writers: Writers<Box<dyn Write>>,
    bar: Option<(ProgressBar, Sizes)>,
    start: Instant,
    last_draw: Instant,
}

impl Console {
    fn new(writers: Writers<Box<dyn Write>>, sizes: Option<Sizes>) -> Console {
        let bar = sizes.map(|sizes| {
            let bar = match sizes.total {
                Some(total) => {
                    let bar =
                        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
                    bar.set_style(
                        ProgressStyle::with_template(
                            "{elapsed_precise} [{bar:30}] {percent:>3}% ETA {eta} {msg}",
                        )
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                    );
                    bar
                }
                None => {
                    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    bar
                }
            };
            bar.enable_steady_tick(Duration::from_millis(250));
            (bar, sizes)
        });
        let now = Instant::now();
        Console {
            writers,
            bar,
            start: now,
            last_draw: now,
        }
    }

    fn say(&self, line: &str) {
        match &self.bar {
            Some((bar, _)) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&mut self) {
        if let Some((bar, _)) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Sink for Console {
    fn accept(&mut self, outcome: &Outcome, stats: &Stats) -> io::Result<()> {
        self.writers.accept(outcome, stats)?;
        if let Outcome::Error(e) = outcome {
            let kind = if e.fatal { "error" } else { "bad record" };
            self.say(&format!("junksift: {kind}: {e}"));
        }
        if let Some((bar, sizes)) = &mut self.bar {
            let pos = sizes.advance(outcome);
            if sizes.total.is_some() {
                bar.set_position(pos);
            }
            let now = Instant::now();
            if now.duration_since(self.last_draw) >= PROGRESS_EVERY {
                self.last_draw = now;
                let secs = now.duration_since(self.start).as_secs_f64().max(1e-9);
                bar.set_message(format!(
                    "{} docs ({} kept, {} dropped, {} errors), {:.1} MB, {:.0} docs/s, {:.1} MB/s",
                    stats.docs_in,
                    stats.kept,
                    stats.dropped,
                    stats.errored,
                    stats.bytes_in as f64 / 1e6,
                    stats.docs_in as f64 / secs,
                    stats.bytes_in as f64 / 1e6 / secs,
                ));
            }
        }
        Ok(())
    }
}

/// The `n` most frequent languages with their document counts, most
/// frequent first (then by code), and how many documents the rest hold:
/// "en 160, zh 35, und 1, 2 more (3 docs)".
fn top_langs(langs: &std::collections::BTreeMap<&'static str, u64>, n: usize) -> String {
    let mut by_count: Vec<(&str, u64)> = langs.iter().map(|(&l, &c)| (l, c)).collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut parts: Vec<String> = by_count
        .iter()
        .take(n)
        .map(|(l, c)| format!("{l} {c}"))
        .collect();
    if by_count.len() > n {
        let rest: u64 = by_count[n..].iter().map(|&(_, c)| c).sum();
        parts.push(format!("{} more ({rest} docs)", by_count.len() - n));
    }
    parts.join(", ")
}

/// The end-of-run summary for stderr.
fn summary_text(summary: &Summary, report: &Report) -> String {
    let s = &summary.stats;
    let pct = |x: f32| x * 100.0;
    let share = &report.junk_share;
    let mut out = format!(
        "junksift filter: {} docs in: {} kept, {} dropped (spam {}, too little content {}, too large {}{}), {} errored{}; {} skipped\n",
        s.docs_in,
        s.kept,
        s.dropped,
        s.dropped_by.spam_score,
        s.dropped_by.min_content_chars,
        s.dropped_by.too_large,
        if report.policy.langs.is_empty() {
            String::new()
        } else {
            format!(", language {}", s.dropped_by.language)
        },
        s.errored,
        if s.fatal > 0 {
            format!(" ({} unreadable inputs)", s.fatal)
        } else {
            String::new()
        },
        s.skipped,
    );
    out += &format!(
        "  {:.1} MB of pages in ({:.1} MB kept), {:.2} s, {:.1} docs/s, {:.1} MB/s on {} threads\n",
        s.bytes_in as f64 / 1e6,
        s.bytes_kept as f64 / 1e6,
        report.elapsed_s,
        report.docs_per_s,
        report.mb_per_s,
        report.threads,
    );
    out += &format!(
        "  junk share of the text: boilerplate {:.1}%, headline_list {:.1}%, link_farm {:.1}% (content {:.1}%)\n",
        pct(share.boilerplate),
        pct(share.headline_list),
        pct(share.link_farm),
        if s.chars.total == 0 {
            0.0
        } else {
            s.chars.content as f64 * 100.0 / s.chars.total as f64
        },
    );
    if !s.langs.is_empty() {
        out += &format!("  languages: {}\n", top_langs(&s.langs, 8));
    }
    if let Some(e) = &summary.stopped_by {
        out += &format!("  stopped at the first error (--strict): {e}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_langs_lists_the_most_frequent_and_counts_the_rest() {
        let langs = [("en", 160), ("zh", 35), ("und", 1), ("de", 2), ("ru", 2)]
            .into_iter()
            .collect();
        assert_eq!(top_langs(&langs, 8), "en 160, zh 35, de 2, ru 2, und 1");
        assert_eq!(top_langs(&langs, 2), "en 160, zh 35, 3 more (5 docs)");
    }
}
