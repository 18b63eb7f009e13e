//! `junksift eval` and `junksift train` on a tiny gold set built from the
//! fixtures: predictions in the bench format, `scores.json`, and a model
//! whose manifest records those scores.
//!
//! The gold texts are the fixtures' expected clean texts, so the tests can
//! check the plumbing (files written, ids kept, scores in range, scores
//! carried into the manifest) without depending on the bench scorer, which
//! is skipped with `--scorer` pointing nowhere.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::fixture;

/// A two-page gold file in the bench format (id, url, html, dump, gold).
fn gold_file(dir: &Path) -> PathBuf {
    let mut out = String::new();
    for (id, page) in [("en", "html/en-news"), ("zh", "html/zh-news")] {
        let html = fs::read_to_string(fixture(&format!("{page}.html"))).unwrap_or_default();
        let gold = fs::read_to_string(fixture(&format!("{page}.expected.txt"))).unwrap_or_default();
        assert!(
            !html.is_empty() && !gold.is_empty(),
            "fixture {page} missing"
        );
        let rec = serde_json::json!({
            "id": id,
            "url": format!("https://{id}.example/"),
            "html": html,
            "dump": gold.replace('\n', "\n\n"),
            "gold": gold,
        });
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    let path = dir.join("gold.jsonl");
    fs::write(&path, out).unwrap_or_default();
    path
}

fn junksift() -> Command {
    Command::cargo_bin("junksift").unwrap_or_else(|e| panic!("no junksift binary: {e}"))
}

/// `junksift train` on the tiny gold set and the span fixtures, writing
/// `model`, with `args` after the command name.
fn train_cmd(gold: &Path, model: &Path, args: &[&str]) -> Command {
    let mut cmd = junksift();
    cmd.arg("train")
        .args(args)
        .arg("--gold")
        .arg(gold)
        .arg("--spans")
        .arg(fixture("junk/labelled.jsonl"))
        .arg("-o")
        .arg(model);
    cmd
}

#[test]
fn eval_writes_predictions_and_scores() {
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let gold = gold_file(dir.path());
    let out = dir.path().join("pred");
    junksift()
        .args([
            "eval",
            "--field",
            "html,dump,flat",
            "--scorer",
            "no-such-scorer.py",
        ])
        .arg(&gold)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    // `flat` is the dump with its newlines collapsed.
    for field in ["html", "dump", "flat"] {
        let text = fs::read_to_string(out.join(format!("gold.{field}.jsonl"))).unwrap_or_default();
        let ids: Vec<String> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter_map(|v| v["id"].as_str().map(String::from))
            .collect();
        assert_eq!(ids, ["en", "zh"], "{field}");
    }
    let scores: Value =
        serde_json::from_str(&fs::read_to_string(out.join("scores.json")).unwrap_or_default())
            .unwrap_or(Value::Null);
    let sets = scores["sets"].as_array().cloned().unwrap_or_default();
    assert_eq!(sets.len(), 3, "{scores}");
    for s in &sets {
        let f1 = s["approx_macro_f1"].as_f64().unwrap_or(-1.0);
        // The expected texts are what the embedded model keeps on these
        // fixtures (tests/pipeline.rs), so the score must be high.
        assert!(f1 > 0.8 && f1 <= 1.0, "{s}");
        assert_eq!(s["pages"], 2);
        assert!(s["score_py"].is_null(), "scorer was skipped");
    }
}

#[test]
fn train_records_cv_scores_in_the_manifest() {
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let gold = gold_file(dir.path());
    let scores = dir.path().join("scores.json");
    fs::write(
        &scores,
        r#"{"protocol":"test","sets":[{"set":"gold","f1":0.5}]}"#,
    )
    .unwrap_or_default();
    let model = dir.path().join("m.model.json.gz");
    let scores_arg = scores.to_string_lossy().into_owned();
    let small = [
        "--trees",
        "2",
        "--max-depth",
        "4",
        "--no-stacking",
        "--cv-scores",
        &scores_arg,
    ];
    train_cmd(&gold, &model, &small).assert().success();
    let manifest: Value = serde_json::from_str(
        &fs::read_to_string(dir.path().join("m.model.manifest.json")).unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    assert_eq!(manifest["cv"]["eval"]["protocol"], "test", "{manifest}");
    assert!(manifest["training_files"]
        .as_array()
        .is_some_and(|f| f.len() >= 3));
    // The model it wrote is usable.
    junksift()
        .arg("clean")
        .arg("--model")
        .arg(&model)
        .arg(fixture("html/en-news.html"))
        .assert()
        .success();

    // A --cv-scores file that is not JSON is an error, not a silent skip.
    fs::write(&scores, "not json").unwrap_or_default();
    train_cmd(&gold, &dir.path().join("n.model.json.gz"), &small)
        .assert()
        .failure();
}

/// The same data and seed give the same bytes, for every learner, and the
/// same training table. (Forests depend on the patched linfa-trees in
/// vendor/: upstream sums class frequencies in randomised `HashMap` order.)
#[test]
fn training_is_deterministic_for_every_learner() {
    let dir = TempDir::new().unwrap_or_else(|e| panic!("{e}"));
    let gold = gold_file(dir.path());
    for algorithm in ["random-forest", "decision-tree", "logistic", "blend"] {
        let runs: Vec<(Vec<u8>, Vec<u8>)> = (0..2)
            .map(|_| {
                // The same paths both times: the command line is in the
                // manifest.
                let model = dir.path().join("m.model.json.gz");
                let table = dir.path().join("table.csv");
                let table_arg = table.to_string_lossy().into_owned();
                let args = ["--trees", "4", "--max-depth", "8", "--algorithm", algorithm];
                train_cmd(&gold, &model, &args)
                    .args(["--dump-training", &table_arg])
                    .assert()
                    .success();
                (
                    fs::read(&table).unwrap_or_default(),
                    fs::read(&model).unwrap_or_default(),
                )
            })
            .collect();
        assert!(
            !runs[0].0.is_empty() && !runs[0].1.is_empty(),
            "{algorithm}"
        );
        assert!(runs[0].0 == runs[1].0, "{algorithm}: two training tables");
        assert!(runs[0].1 == runs[1].1, "{algorithm}: two runs, two models");
    }
}
