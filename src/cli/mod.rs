//! The `junksift` command line. Each subcommand lives in its own module and
//! does only argument handling and I/O; the work is in the library.

mod docs;
mod eval;
mod filter;
mod learner;
mod train;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::input::container::{max_record_bytes_for, Item, RawBody, RawRecord, ReaderOptions};
use crate::input::{Document, FormatHint};
use crate::segment::html::HtmlParser;
use crate::{Detector, ModelError};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: an input could not be read (or a fatal I/O error).
pub const EXIT_INPUT: i32 = 1;
/// Exit code: bad usage (clap's own code for usage errors).
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "junksift",
    version,
    about = "Separate the main content of scraped web pages from navigation, headline lists and SEO link farms.",
    long_about = "junksift reads web pages (HTML, or plain text that a crawler already flattened), \
labels every block as content, boilerplate, headline_list or link_farm, and prints the clean \
main content, the labelled blocks, or a page-level spam verdict.\n\n\
Inputs can be .html/.txt files, JSONL (fields html/text/id/url), WARC, directories, \
optionally gzip- or zstd-compressed; with no FILE, stdin is read.\n\n\
Exit codes: 0 success, 1 input error, 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the clean main content of each document, one block per line.
    Clean(docs::CleanArgs),
    /// Print every block with its byte span, label, score and reasons.
    Label(docs::LabelArgs),
    /// Train a block classifier from gold texts and labelled pages.
    Train(train::TrainArgs),
    /// Score junksift against a gold set (optionally site-disjoint cross-validated).
    Eval(eval::EvalArgs),
    /// Filter a corpus (JSONL, WARC, files, directories) in parallel: kept
    /// documents out as JSONL with their clean text and verdict, dropped
    /// ones and errors accounted for.
    Filter(filter::FilterArgs),
}

/// Options shared by commands that read documents.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Input files, directories, JSONL or WARC files (.gz/.zst read
    /// transparently). `-` or nothing means stdin.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Treat every document as HTML, whatever it looks like.
    #[arg(long, conflicts_with = "text")]
    pub html: bool,
    /// Treat every document as plain text, whatever it looks like.
    #[arg(long)]
    pub text: bool,
    /// Use this model file instead of the embedded default model.
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// Slightly faster: the logistic shortcut of the second pass (blocks
    /// the model's logistic half is sure are junk skip the forest) takes
    /// P(content) <= 0.03, as the first pass's does, instead of 0.01 (a few
    /// percent at most; the same cross-validated F1).
    #[arg(long, conflicts_with = "tree_reasons")]
    pub fast: bool,
    /// Every block goes down the second pass's forest (no logistic shortcut
    /// there), so that every block's reasons come from the trees (about
    /// 1.2x slower; cross-validated F1 the same to 0.0003).
    #[arg(long)]
    pub tree_reasons: bool,
    /// Keep the article's title line in the clean text. By default it is
    /// left out, as in human main-content annotations, and reported in the
    /// output's `title`.
    #[arg(long)]
    pub keep_title: bool,
    /// Pages longer than this many bytes (decoded) are not analysed but
    /// dropped as too large (`filter`: counted, and written to
    /// `--rejected`; `clean`/`label`: reported on stderr). A JSONL line, a
    /// file holding one page (decompressed) or a WARC record's page
    /// (decoded) longer than 8 times this is not read into memory: it is
    /// reported as a broken record and skipped. 0 = no limit.
    #[arg(long, value_name = "BYTES", default_value_t = crate::DEFAULT_MAX_PAGE_BYTES)]
    pub max_page_bytes: usize,
    /// Pages that split into more blocks than this are not classified but
    /// dropped as too large: one page's memory grows with its blocks (a few
    /// KB each), whatever its size in bytes. 0 = no limit.
    #[arg(long, value_name = "N", default_value_t = crate::DEFAULT_MAX_BLOCKS)]
    pub max_blocks: usize,
    /// The HTML parser: `scan` (default; a tokenizer with a light HTML5
    /// tree builder, no DOM) or `html5ever` (scraper's full HTML5 parser,
    /// about 1.7x slower overall; the same blocks on the bench pages).
    #[arg(long, value_enum, default_value = "scan", value_name = "PARSER")]
    pub html_parser: ParserArg,
}

/// Applies `--fast` or `--tree-reasons` (which clap keeps apart) to a
/// detector; neither leaves the default shortcuts.
fn with_shortcut_flags(d: Detector, fast: bool, tree_reasons: bool) -> Detector {
    if fast {
        d.with_shortcut(crate::detector::FAST_SHORTCUT)
    } else if tree_reasons {
        d.with_second_pass_shortcut(0.0, crate::model::Sure::Both)
    } else {
        d
    }
}

/// `--html-parser` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ParserArg {
    /// Tokenizer with a light tree builder.
    Scan,
    /// html5ever through scraper.
    Html5ever,
}

impl InputArgs {
    fn hint(&self) -> FormatHint {
        if self.html {
            FormatHint::Html
        } else if self.text {
            FormatHint::Text
        } else {
            FormatHint::Auto
        }
    }

    fn paths(&self) -> Vec<PathBuf> {
        if self.files.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.files.clone()
        }
    }

    fn reader_options(&self) -> ReaderOptions {
        ReaderOptions {
            force: self.hint(),
            max_record_bytes: max_record_bytes_for(self.max_page_bytes),
            ..ReaderOptions::default()
        }
    }

    fn detector(&self) -> Result<Detector, ModelError> {
        let d = match &self.model {
            Some(path) => Detector::from_model_file(path),
            None => Detector::new(),
        }?;
        let d = with_shortcut_flags(d, self.fast, self.tree_reasons);
        let policy = crate::Policy {
            keep_title: self.keep_title,
            max_page_bytes: self.max_page_bytes,
            max_blocks: self.max_blocks,
            ..d.policy().clone()
        };
        let parser = match self.html_parser {
            ParserArg::Scan => HtmlParser::Scan,
            ParserArg::Html5ever => HtmlParser::Html5ever,
        };
        Ok(d.with_policy(policy).with_html_parser(parser))
    }
}

/// Turns a container record into a document.
pub fn record_to_document(rec: RawRecord, force: FormatHint) -> Document {
    let mut doc = match rec.body {
        RawBody::Str { text, format } => {
            let hint = if force == FormatHint::Auto {
                format
            } else {
                force
            };
            Document::from_str_hint(text, hint)
        }
        RawBody::Bytes {
            bytes,
            charset,
            format,
        } => {
            let hint = if force == FormatHint::Auto {
                format
            } else {
                force
            };
            Document::from_bytes(&bytes, hint, charset.as_deref())
        }
    };
    doc.id = rec.id.or_else(|| Some(rec.origin.to_string()));
    doc.url = rec.url;
    doc
}

/// Iterates the documents of the inputs, reporting broken records and
/// skips on stderr. Returns whether any error was seen.
pub fn for_each_document(
    args: &InputArgs,
    mut f: impl FnMut(Document) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    let mut errors = false;
    for item in crate::input::container::read_inputs(&args.paths(), &args.reader_options()) {
        match item {
            Item::Record(rec) => f(record_to_document(rec, args.hint()))?,
            Item::Skipped { origin, reason } => eprintln!("junksift: skipped {origin}: {reason}"),
            Item::Error(e) => {
                eprintln!("junksift: {e}");
                errors = true;
            }
        }
    }
    Ok(errors)
}

/// Runs the command line; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.command {
        Command::Clean(a) => docs::clean(&a),
        Command::Label(a) => docs::label(&a),
        Command::Train(a) => train::run(&a),
        Command::Eval(a) => eval::run(&a),
        Command::Filter(a) => filter::run(&a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // A closed pipe (`junksift clean big.jsonl | head`) is not an error.
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return EXIT_OK;
                }
            }
            eprintln!("junksift: {e:#}");
            EXIT_INPUT
        }
    }
}

/// This run's command line as a user would type it: `junksift` and the
/// arguments, whatever path the binary was started from (recorded in
/// manifests and score files).
fn command_line() -> String {
    std::iter::once("junksift".to_string())
        .chain(std::env::args().skip(1))
        .collect::<Vec<_>>()
        .join(" ")
}
