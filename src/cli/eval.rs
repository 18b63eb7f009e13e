//! `junksift eval`: predictions for a gold set, scored.

use std::path::PathBuf;
use std::process::Command;

use clap::Args;

use super::{EXIT_INPUT, EXIT_OK};
use crate::eval::{self, Sources};
use crate::lexicon::Lexicons;
use crate::model::train::{self, Algorithm, GoldRecord, TrainConfig};
use crate::Detector;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold JSONL file in the bench format.
    #[arg(value_name = "GOLD")]
    pub gold: PathBuf,
    /// Which field is the input: `html` (the page) or `dump` (plain text).
    #[arg(long, default_value = "html", value_parser = ["html", "dump"])]
    pub field: String,
    /// Site-disjoint cross-validation with K folds: each page is scored by a
    /// model trained without any page of its site. Without it, the embedded
    /// (or --model) model scores every page.
    #[arg(long, value_name = "K")]
    pub folds: Option<usize>,
    /// With --folds: more gold files to train the fold models on (their
    /// pages from held-out sites are left out too).
    #[arg(long, value_name = "FILE")]
    pub train_gold: Vec<PathBuf>,
    /// With --folds: span-labelled files added to every fold's training set.
    #[arg(long, value_name = "FILE")]
    pub spans: Vec<PathBuf>,
    /// With --folds: the learner.
    #[arg(long, value_enum, default_value_t = Algorithm::RandomForest)]
    pub algorithm: Algorithm,
    /// Model file to evaluate instead of the embedded one (without --folds).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Where to write predictions ({"id","text"} per line).
    #[arg(short, long, default_value = "predictions.jsonl")]
    pub out: PathBuf,
    /// The bench scorer to run on the predictions (skipped if missing).
    #[arg(long, default_value = "../shared/bench/score.py")]
    pub scorer: PathBuf,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<i32> {
    let field: &'static str = if args.field == "html" { "html" } else { "dump" };
    let recs: Vec<GoldRecord> = train::read_jsonl(&args.gold)?;
    let preds = match args.folds {
        Some(k) => {
            anyhow::ensure!(k >= 2, "--folds needs at least 2 folds");
            let lex = Lexicons::embedded();
            let mut gold = vec![args.gold.clone()];
            gold.extend(args.train_gold.iter().cloned());
            let sources = Sources {
                gold,
                fields: vec!["html", "dump"],
                spans: args.spans.clone(),
            };
            let data = eval::load(&sources, &lex)?;
            let cfg = TrainConfig {
                algorithm: args.algorithm,
                ..TrainConfig::default()
            };
            eval::cross_validate(&data.examples, &recs, field, k, &cfg)?
        }
        None => {
            let detector = match &args.model {
                Some(m) => Detector::from_model_file(m)?,
                None => Detector::new()?,
            }
            .with_reasons(false);
            eval::predict_pages(&detector, &recs, field)
        }
    };
    eval::write_predictions(&args.out, &preds)?;
    println!(
        "{} pages, approximate macro F1 {:.3} (predictions in {})",
        preds.len(),
        eval::macro_f1(&preds),
        args.out.display()
    );
    if args.scorer.exists() {
        let status = Command::new("python3")
            .arg(&args.scorer)
            .arg(&args.gold)
            .arg(&args.out)
            .status()?;
        if !status.success() {
            eprintln!("junksift: the scorer failed ({status})");
            return Ok(EXIT_INPUT);
        }
    } else {
        eprintln!(
            "junksift: scorer {} not found; only the approximate F1 above was computed",
            args.scorer.display()
        );
    }
    Ok(EXIT_OK)
}
