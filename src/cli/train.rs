//! `junksift train`: fit a model from gold sets and span-labelled pages.

use std::path::PathBuf;

use clap::Args;

use super::learner::LearnerArgs;
use super::EXIT_OK;
use crate::eval::{self, EvalSet, Sources};
use crate::features::{NAMES, SCHEMA_VERSION};
use crate::lexicon::Lexicons;
use crate::model::train::{self, Algorithm, TrainConfig};
use crate::model::Manifest;

#[derive(Args, Debug)]
pub struct TrainArgs {
    /// Gold JSONL file(s) in the bench format (fields id, url/site, html, dump, gold).
    #[arg(long, value_name = "FILE")]
    pub gold: Vec<PathBuf>,
    /// Which fields of the gold files to learn from (comma-separated):
    /// `html`, `dump`, and `flat` (the dump with its newlines collapsed).
    #[arg(long, value_delimiter = ',', default_value = "html,dump", value_parser = eval::FIELDS)]
    pub field: Vec<String>,
    /// Span-labelled JSONL file(s) ({"id","text","spans":[{"start","end","label"}]}).
    #[arg(long, value_name = "FILE")]
    pub spans: Vec<PathBuf>,
    /// Where to write the model.
    #[arg(
        short,
        long,
        value_name = "MODEL",
        default_value = "models/default.model.json.gz"
    )]
    pub out: PathBuf,
    #[command(flatten)]
    pub learner: LearnerArgs,
    /// Compare all learners by site-disjoint cross-validated macro F1 before
    /// training the chosen one (the table goes to stdout and the manifest).
    #[arg(long)]
    pub compare: bool,
    /// Folds for --compare.
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Record cross-validated scores in the manifest: the `scores.json` that
    /// `junksift eval --folds K -o DIR` wrote for this configuration.
    #[arg(long, value_name = "SCORES_JSON")]
    pub cv_scores: Option<PathBuf>,
    /// Write the derived training table (one row per labelled block) as CSV.
    #[arg(long, value_name = "CSV")]
    pub dump_training: Option<PathBuf>,
}

pub fn run(args: &TrainArgs) -> anyhow::Result<i32> {
    anyhow::ensure!(
        !args.gold.is_empty() || !args.spans.is_empty(),
        "nothing to train on: give --gold FILE and/or --spans FILE"
    );
    let lex = Lexicons::embedded();
    let sources = Sources {
        gold: args.gold.clone(),
        fields: args.field.iter().map(|f| eval::field_name(f)).collect(),
        spans: args.spans.clone(),
    };
    let data = eval::load(&sources, &lex)?;
    eprintln!("junksift: {} labelled blocks", data.examples.len());
    for (label, n) in train::label_counts(&data.examples) {
        eprintln!("  {label:<14} {n}");
    }
    if let Some(csv) = &args.dump_training {
        train::write_table(csv, &data.examples)?;
        eprintln!("junksift: training table written to {}", csv.display());
    }
    let base = args.learner.config();
    let mut cv = serde_json::Map::new();
    if let Some(path) = &args.cv_scores {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let scores: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{} is not JSON: {e}", path.display()))?;
        cv.insert("eval".into(), scores);
    }
    let algorithms: Vec<Algorithm> = if args.compare {
        vec![
            Algorithm::Logistic,
            Algorithm::DecisionTree,
            Algorithm::RandomForest,
            Algorithm::Blend,
        ]
    } else {
        vec![args.learner.algorithm]
    };
    if args.compare {
        let mut sets = Vec::new();
        let mut names = Vec::new();
        for (path, recs) in &data.pages {
            for &field in &sources.fields {
                sets.push(EvalSet { recs, field });
                let set = path.file_name().map_or_else(
                    || path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                names.push(format!("{set} | {field}"));
            }
        }
        println!("| learner | set | field | site-disjoint CV macro F1 (approx.) |");
        println!("|---|---|---|---|");
        for algo in &algorithms {
            let cfg = TrainConfig {
                algorithm: *algo,
                ..base.clone()
            };
            let preds =
                eval::cross_validate(&data.examples, &sets, args.folds, &cfg, None, &|d| d)?;
            for (name, p) in names.iter().zip(&preds) {
                let f1 = eval::macro_f1(p);
                println!("| {} | {name} | {f1:.3} |", algo.name());
                cv.insert(
                    format!("{} | {name}", algo.name()),
                    serde_json::json!((f1 * 1000.0).round() / 1000.0),
                );
            }
        }
    }
    let classifiers = train::fit_model(&data.examples, &base)?;
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        feature_names: NAMES.iter().map(|s| s.to_string()).collect(),
        kind: args.learner.algorithm.name().to_string(),
        training_files: data.files,
        command: super::command_line(),
        cv: serde_json::Value::Object(cv),
        label_counts: train::label_counts(&data.examples),
    };
    let model = eval::make_model(classifiers, manifest);
    model.save(&args.out)?;
    // The manifest also goes next to the model as plain JSON, so that what
    // a model was trained on shows up in reviews and diffs.
    let manifest_path = args.out.with_extension("").with_extension("manifest.json");
    std::fs::write(
        &manifest_path,
        serde_json::to_string_pretty(&model.manifest)? + "\n",
    )?;
    eprintln!(
        "junksift: model written to {} (manifest: {})",
        args.out.display(),
        manifest_path.display()
    );
    Ok(EXIT_OK)
}
