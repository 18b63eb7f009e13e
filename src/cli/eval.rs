//! `junksift eval`: predictions for gold sets, scored.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Args;

use super::learner::LearnerArgs;
use super::{EXIT_INPUT, EXIT_OK};
use crate::eval::{self, EvalSet, Sources};
use crate::lexicon::Lexicons;
use crate::model::train::{self, GoldRecord};
use crate::Detector;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold JSONL file(s) in the bench format.
    #[arg(value_name = "GOLD", required = true)]
    pub gold: Vec<PathBuf>,
    /// Which fields are the input (comma-separated): `html` (the page),
    /// `dump` (plain text), `flat` (the plain text with every newline
    /// collapsed, as some corpora store pages).
    #[arg(long, value_delimiter = ',', default_value = "html", value_parser = eval::FIELDS)]
    pub field: Vec<String>,
    /// With --folds: the fields the fold models learn from (as `train
    /// --field`).
    #[arg(long, value_delimiter = ',', default_value = "html,dump", value_parser = eval::FIELDS)]
    pub train_field: Vec<String>,
    /// Site-disjoint cross-validation with K folds: each page is scored by a
    /// model trained without any page of its site (trained on all GOLD files,
    /// the --train-field fields, plus --spans). Without it, the embedded (or --model)
    /// model scores every page.
    #[arg(long, value_name = "K")]
    pub folds: Option<usize>,
    /// With --folds: span-labelled files added to every fold's training set.
    #[arg(long, value_name = "FILE")]
    pub spans: Vec<PathBuf>,
    /// With --folds: keep the fold models in DIR and reuse them on later
    /// runs (delete DIR when the training data or features change).
    #[arg(long, value_name = "DIR")]
    pub fold_models: Option<PathBuf>,
    /// Evaluate with the logistic shortcut of `--fast` (see `filter --help`).
    #[arg(long, conflicts_with = "tree_reasons")]
    pub fast: bool,
    /// Evaluate with every block down the second pass's forest
    /// (`--tree-reasons`, see `filter --help`).
    #[arg(long)]
    pub tree_reasons: bool,
    /// Override the P(content) threshold.
    #[arg(long, value_name = "P")]
    pub threshold: Option<f32>,
    /// Keep the article's title line in the predictions (see `clean --help`).
    #[arg(long)]
    pub keep_title: bool,
    /// With --folds: how to fit the fold models.
    #[command(flatten)]
    pub learner: LearnerArgs,
    /// Model file to evaluate instead of the embedded one (without --folds).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Directory for predictions: one `{"id","text"}` JSONL per set and field,
    /// named `<set>.<field>.jsonl`, and `scores.json` with every set's scores
    /// (for `junksift train --cv-scores`).
    #[arg(short, long, default_value = "predictions")]
    pub out: PathBuf,
    /// The bench scorer to run on the predictions (skipped if missing).
    #[arg(long, default_value = "../shared/bench/score.py")]
    pub scorer: PathBuf,
}

pub fn run(args: &EvalArgs) -> anyhow::Result<i32> {
    let fields: Vec<&'static str> = args.field.iter().map(|f| eval::field_name(f)).collect();
    let pages: Vec<Vec<GoldRecord>> = args
        .gold
        .iter()
        .map(|p| train::read_jsonl(p))
        .collect::<anyhow::Result<_>>()?;
    let mut sets = Vec::new();
    let mut names = Vec::new();
    for (path, recs) in args.gold.iter().zip(&pages) {
        for &field in &fields {
            sets.push(EvalSet { recs, field });
            names.push((path.clone(), field));
        }
    }
    let preds = match args.folds {
        Some(k) => {
            anyhow::ensure!(k >= 2, "--folds needs at least 2 folds");
            let lex = Lexicons::embedded();
            let sources = Sources {
                gold: args.gold.clone(),
                fields: args
                    .train_field
                    .iter()
                    .map(|f| eval::field_name(f))
                    .collect(),
                spans: args.spans.clone(),
            };
            let data = eval::load(&sources, &lex)?;
            let cfg = args.learner.config();
            eval::cross_validate(
                &data.examples,
                &sets,
                k,
                &cfg,
                args.fold_models.as_deref(),
                &|d| adjust(args, d),
            )?
        }
        None => {
            let detector = match &args.model {
                Some(m) => Detector::from_model_file(m)?,
                None => Detector::new()?,
            }
            .with_reasons(false);
            let detector = adjust(args, detector);
            sets.iter()
                .map(|s| eval::predict_pages(&detector, s.recs, s.field))
                .collect()
        }
    };
    std::fs::create_dir_all(&args.out)?;
    let mut code = EXIT_OK;
    let mut scores = Vec::new();
    for ((gold, field), p) in names.iter().zip(&preds) {
        let stem = gold
            .file_stem()
            .map_or_else(|| "set".into(), |s| s.to_string_lossy().into_owned());
        let out = args.out.join(format!("{stem}.{field}.jsonl"));
        eval::write_predictions(&out, p)?;
        println!(
            "## {stem} / {field}: {} pages, approximate macro F1 {:.3} ({})",
            p.len(),
            eval::macro_f1(p),
            out.display()
        );
        if !run_scorer(&args.scorer, gold, &out)? {
            code = EXIT_INPUT;
        }
        scores.push(serde_json::json!({
            "set": stem,
            "field": field,
            "pages": p.len(),
            "approx_macro_f1": round3(eval::macro_f1(p)),
            "score_py": scorer_json(&args.scorer, gold, &out),
        }));
    }
    let summary = serde_json::json!({
        "protocol": match args.folds {
            Some(k) => format!("site-disjoint {k}-fold cross-validation"),
            None => "one model scores every page (no cross-validation)".into(),
        },
        "command": super::command_line(),
        "sets": scores,
    });
    let path = args.out.join("scores.json");
    std::fs::write(&path, serde_json::to_string_pretty(&summary)? + "\n")?;
    println!("## scores written to {}", path.display());
    Ok(code)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The scorer's JSON summary (`score.py --json`), or null if it cannot run.
fn scorer_json(scorer: &Path, gold: &Path, pred: &Path) -> serde_json::Value {
    if !scorer.exists() {
        return serde_json::Value::Null;
    }
    Command::new("python3")
        .arg(scorer)
        .arg("--json")
        .arg(gold)
        .arg(pred)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| serde_json::from_slice(&o.stdout).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// Runs the bench scorer; false if it failed. A missing scorer is only noted.
fn run_scorer(scorer: &Path, gold: &Path, pred: &Path) -> anyhow::Result<bool> {
    if !scorer.exists() {
        eprintln!(
            "junksift: scorer {} not found; only the approximate F1 was computed",
            scorer.display()
        );
        return Ok(true);
    }
    let status = Command::new("python3")
        .arg(scorer)
        .arg(gold)
        .arg(pred)
        .status()?;
    if !status.success() {
        eprintln!("junksift: the scorer failed ({status})");
    }
    Ok(status.success())
}

/// Applies the evaluation overrides to a detector.
fn adjust(args: &EvalArgs, d: Detector) -> Detector {
    let d = super::with_shortcut_flags(d, args.fast, args.tree_reasons);
    let policy = crate::Policy {
        content_threshold: args.threshold.unwrap_or(d.policy().content_threshold),
        keep_title: args.keep_title,
        ..d.policy().clone()
    };
    d.with_policy(policy)
}
