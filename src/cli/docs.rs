//! `junksift clean` and `junksift label`: one document at a time, to stdout.

use std::io::{BufWriter, IsTerminal, Write};

use clap::{Args, ValueEnum};

use super::{for_each_document, InputArgs, EXIT_INPUT, EXIT_OK};
use crate::output::{self, JsonRecord};
use crate::{Analysis, DropCause};

#[derive(Args, Debug)]
pub struct CleanArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum LabelFormat {
    /// A readable view, one block per line (coloured on a terminal).
    Text,
    /// One JSON object per document, with every block's span, label, score,
    /// reasons and text.
    Json,
}

#[derive(Args, Debug)]
pub struct LabelArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LabelFormat::Text)]
    pub format: LabelFormat,
    /// Colour junk in text output: auto (when stdout is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

pub fn clean(args: &CleanArgs) -> anyhow::Result<i32> {
    let detector = args.input.detector()?.with_reasons(false);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let errors = for_each_document(&args.input, |doc| {
        let a = detector.analyze(&doc);
        warn_too_large(&a);
        output::write_clean(&mut out, &a)
    })?;
    out.flush()?;
    Ok(if errors { EXIT_INPUT } else { EXIT_OK })
}

pub fn label(args: &LabelArgs) -> anyhow::Result<i32> {
    let detector = args.input.detector()?;
    let stdout = std::io::stdout();
    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => stdout.is_terminal(),
    };
    let mut out = BufWriter::new(stdout.lock());
    let errors = for_each_document(&args.input, |doc| {
        let a = detector.analyze(&doc);
        warn_too_large(&a);
        match args.format {
            LabelFormat::Text => output::write_label_text(&mut out, &a, color),
            LabelFormat::Json => {
                serde_json::to_writer(&mut out, &JsonRecord::new(&a, true, true))?;
                writeln!(out)
            }
        }
    })?;
    out.flush()?;
    Ok(if errors { EXIT_INPUT } else { EXIT_OK })
}

/// Says on stderr that a page was left unanalysed (its output is empty).
fn warn_too_large(a: &Analysis) {
    if a.verdict.cause == Some(DropCause::TooLarge) {
        let id = a.id.as_deref().unwrap_or("-");
        let reason = a.verdict.reason.as_deref().unwrap_or("page too large");
        eprintln!("junksift: {id}: not analysed: {reason}");
    }
}
