//! Evaluation against gold texts, and site-disjoint cross-validation.
//!
//! [`token_f1`] mirrors the bench scorer's gold mode (bag of tokens, CJK
//! characters as single tokens, multiset intersection) closely enough to
//! rank models; published numbers come from `score.py` itself, which
//! `junksift eval` runs on the predictions it writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::features::tokens::tokens;
use crate::lexicon::Lexicons;
use crate::model::train::{
    self, examples_from_gold, examples_from_spans, fold_of, Example, GoldRecord, SpanRecord,
    TrainConfig,
};
use crate::model::{Classifier, Manifest, Model, TrainingFile};
use crate::Detector;

/// Precision, recall and F1 of a prediction against gold, over bags of
/// lowercase tokens.
pub fn token_f1(gold: &str, pred: &str) -> (f64, f64, f64) {
    let bag = |s: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for t in tokens(s) {
            *m.entry(s[t.start..t.end].to_lowercase()).or_insert(0) += 1;
        }
        m
    };
    let (g, p) = (bag(gold), bag(pred));
    let (ng, np): (usize, usize) = (g.values().sum(), p.values().sum());
    if ng == 0 && np == 0 {
        return (1.0, 1.0, 1.0);
    }
    if np == 0 {
        return (0.0, 0.0, 0.0);
    }
    if ng == 0 {
        return (0.0, 1.0, 0.0);
    }
    let common: usize = p
        .iter()
        .map(|(k, &c)| c.min(g.get(k).copied().unwrap_or(0)))
        .sum();
    let (pr, rc) = (common as f64 / np as f64, common as f64 / ng as f64);
    let f = if pr + rc > 0.0 {
        2.0 * pr * rc / (pr + rc)
    } else {
        0.0
    };
    (pr, rc, f)
}

/// The input fields a gold page can be read from: `html` (the page),
/// `dump` (its plain text), `flat` (the plain text with every newline
/// collapsed, as some corpora store pages).
pub const FIELDS: [&str; 3] = ["html", "dump", "flat"];

/// The `'static` name of a field given on the command line.
pub fn field_name(f: &str) -> &'static str {
    FIELDS.iter().copied().find(|&x| x == f).unwrap_or("dump")
}

/// Where training examples come from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Gold JSONL files (bench format).
    pub gold: Vec<PathBuf>,
    /// Fields of the gold files to learn from: `html`, `dump`.
    pub fields: Vec<&'static str>,
    /// Span-labelled JSONL files.
    pub spans: Vec<PathBuf>,
}

/// Loaded training data: examples plus the manifest entries of the files.
pub struct TrainingData {
    /// All labelled blocks.
    pub examples: Vec<Example>,
    /// One entry per file and mode.
    pub files: Vec<TrainingFile>,
    /// The gold pages, per file, for evaluation.
    pub pages: Vec<(PathBuf, Vec<GoldRecord>)>,
}

/// Reads every source and derives labelled blocks (in parallel, in a
/// deterministic order).
pub fn load(sources: &Sources, lex: &Lexicons) -> anyhow::Result<TrainingData> {
    let mut examples = Vec::new();
    let mut files = Vec::new();
    let mut pages = Vec::new();
    for path in &sources.gold {
        let recs: Vec<GoldRecord> = train::read_jsonl(path)?;
        let sha = sha256_file(path)?;
        // Derives examples from every page in parallel (page order kept) and
        // records what the file contributed in this mode.
        let mut derive = |mode: String, f: &(dyn Fn(&GoldRecord) -> Vec<Example> + Sync)| {
            let ex: Vec<Example> = recs.par_iter().map(f).collect::<Vec<_>>().concat();
            files.push(TrainingFile {
                path: path.display().to_string(),
                sha256: sha.clone(),
                mode,
                blocks: ex.len(),
            });
            examples.extend(ex);
        };
        for &field in &sources.fields {
            derive(format!("gold:{field}"), &|r| {
                examples_from_gold(r, field, lex)
            });
        }
        derive("gold:clean".into(), &|r| {
            train::examples_from_clean_gold(r, lex)
        });
        pages.push((path.clone(), recs));
    }
    for path in &sources.spans {
        let recs: Vec<SpanRecord> = train::read_jsonl(path)?;
        let ex: Vec<Example> = recs
            .iter()
            .flat_map(|r| examples_from_spans(r, lex))
            .collect();
        files.push(TrainingFile {
            path: path.display().to_string(),
            sha256: sha256_file(path)?,
            mode: "spans".into(),
            blocks: ex.len(),
        });
        examples.extend(ex);
    }
    Ok(TrainingData {
        examples,
        files,
        pages,
    })
}

/// Hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> anyhow::Result<String> {
    use sha2::{Digest, Sha256};
    let bytes = std::fs::read(path)?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// A model around a classifier, with a manifest.
pub fn make_model(
    (classifier, stage2): (Classifier, Option<Classifier>),
    manifest: Manifest,
) -> Model {
    let mut model = Model {
        manifest,
        classifier,
        stage2,
    };
    model.prepare();
    model
}

/// One page's prediction.
#[derive(Debug, Clone)]
pub struct Prediction {
    /// Page id.
    pub id: String,
    /// The clean text junksift kept.
    pub text: String,
    /// Token F1 against the gold (approximate scorer).
    pub f1: f64,
}

/// Predicts every page of `recs` (field `field`) with `detector`.
pub fn predict_pages(detector: &Detector, recs: &[GoldRecord], field: &str) -> Vec<Prediction> {
    recs.par_iter()
        .filter_map(|r| predict_page(detector, r, field))
        .collect()
}

fn predict_page(detector: &Detector, r: &GoldRecord, field: &str) -> Option<Prediction> {
    let doc = r.document(field)?;
    let text = detector.analyze(&doc).clean_text();
    let f1 = token_f1(r.gold.as_deref().unwrap_or(""), &text).2;
    Some(Prediction {
        id: r.id.clone(),
        text,
        f1,
    })
}

/// An evaluation set: a gold file's pages and the field used as input.
pub struct EvalSet<'a> {
    /// The pages.
    pub recs: &'a [GoldRecord],
    /// `html` or `dump`.
    pub field: &'static str,
}

/// Site-disjoint k-fold cross-validation. Fold `k` holds every group (site)
/// whose [`fold_of`] is `k`, in every source at once, so a page's HTML,
/// its dump and any other page of its site are all held out together. For
/// each fold a model is trained on the examples of the other folds, and it
/// predicts the fold's pages of every evaluation set. Returns one list of
/// predictions per set, in page order.
///
/// With `cache`, fold models are loaded from `cache/fold-K-of-N.model.json.gz`
/// when present and saved there when trained, so that decisions made after
/// the classifier (smoothing, thresholds) can be evaluated without
/// retraining. A cache is only valid for the same training data and
/// features: delete it when either changes.
pub fn cross_validate(
    examples: &[Example],
    sets: &[EvalSet<'_>],
    folds: usize,
    cfg: &TrainConfig,
    cache: Option<&Path>,
    adjust: &(dyn Fn(Detector) -> Detector + Sync),
) -> anyhow::Result<Vec<Vec<Prediction>>> {
    let models: Vec<Detector> = (0..folds)
        .into_par_iter()
        .map(|k| {
            let cached = cache.map(|d| d.join(format!("fold-{k}-of-{folds}.model.json.gz")));
            if let Some(path) = cached.as_ref().filter(|p| p.exists()) {
                // Second-pass weights are set after fitting: apply this
                // run's, so one cache serves every weighting.
                let mut model = crate::model::Model::from_file(path)?;
                if let Some(second) = model.stage2.as_mut() {
                    train::set_second_pass_weights(second, cfg);
                }
                return Ok(adjust(Detector::with_model(model).with_reasons(false)));
            }
            let train_ex: Vec<Example> = examples
                .iter()
                .filter(|e| fold_of(&e.group, folds) != k)
                .cloned()
                .collect();
            let classifiers = train::fit_model(&train_ex, cfg)?;
            let manifest = Manifest {
                schema_version: crate::features::SCHEMA_VERSION,
                ..Manifest::default()
            };
            let model = make_model(classifiers, manifest);
            if let Some(path) = &cached {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                model.save(path)?;
            }
            Ok(adjust(Detector::with_model(model).with_reasons(false)))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(sets
        .iter()
        .map(|set| {
            set.recs
                .par_iter()
                .filter_map(|r| {
                    let detector = &models[fold_of(&r.group(), folds)];
                    predict_page(detector, r, set.field)
                })
                .collect()
        })
        .collect())
}

/// Mean of per-page F1 (macro F1).
pub fn macro_f1(preds: &[Prediction]) -> f64 {
    if preds.is_empty() {
        return 0.0;
    }
    preds.iter().map(|p| p.f1).sum::<f64>() / preds.len() as f64
}

/// Writes predictions in the bench format `{"id","text"}`.
pub fn write_predictions(path: &Path, preds: &[Prediction]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    for p in preds {
        serde_json::to_writer(&mut w, &serde_json::json!({"id": p.id, "text": p.text}))?;
        writeln!(w)?;
    }
    w.flush()?;
    Ok(())
}
