//! The block classifier: a model file format, prediction and explanations.
//!
//! Models are trained with linfa by [`train`] and stored as gzip-compressed
//! JSON: a [`Manifest`] (feature-schema version, training files and their
//! SHA-256, the command, cross-validated scores) and the classifier itself,
//! flattened for fast inference ([`forest::Forest`] or a multinomial
//! logistic regression). The default model is embedded in the binary.

pub mod forest;
pub mod label;
pub mod smooth;
pub mod train;

use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::features::stack::{stacked, N_ALL};
use crate::features::{N_FEATURES, SCHEMA_VERSION};
use forest::{Forest, N_CLASSES};
pub use label::Label;

/// The default model, trained on the dev sets (see `models/MANIFEST.md`).
const EMBEDDED: &[u8] = include_bytes!("../../models/default.model.json.gz");

/// Errors loading or saving a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read or written.
    #[error("cannot access model file {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a junksift model.
    #[error("not a valid junksift model: {0}")]
    Format(String),
    /// The model was trained on another feature layout.
    #[error("model was trained on feature schema v{found}, this junksift computes v{expected}: retrain it with `junksift train`")]
    Schema {
        /// The model's schema version.
        found: u32,
        /// This build's schema version.
        expected: u32,
    },
}

/// What a model file says about itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Feature schema version the model expects.
    pub schema_version: u32,
    /// Feature names at training time, for humans.
    pub feature_names: Vec<String>,
    /// Classifier kind: `random_forest`, `decision_tree` or `logistic`.
    pub kind: String,
    /// Training inputs: path, SHA-256, blocks taken.
    pub training_files: Vec<TrainingFile>,
    /// The command line that trained the model.
    pub command: String,
    /// Cross-validated scores recorded at training time, free-form.
    #[serde(default)]
    pub cv: serde_json::Value,
    /// Blocks per label in the training table.
    #[serde(default)]
    pub label_counts: Vec<(String, usize)>,
}

/// One training input recorded in the manifest.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TrainingFile {
    /// The path as given.
    pub path: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// How the file was read (`gold:html`, `gold:dump`, `spans`).
    pub mode: String,
    /// Labelled blocks the file contributed.
    pub blocks: usize,
}

/// A multinomial logistic regression on standardised features.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Logistic {
    /// Per-feature mean used for standardising.
    pub mean: Vec<f32>,
    /// Per-feature standard deviation used for standardising.
    pub scale: Vec<f32>,
    /// Weights, one row per class.
    pub weights: Vec<Vec<f32>>,
    /// Intercept per class.
    pub intercept: Vec<f32>,
}

impl Logistic {
    fn logits(&self, x: &[f32]) -> [f32; N_CLASSES] {
        let mut z = [0f32; N_CLASSES];
        for (k, zk) in z.iter_mut().enumerate() {
            let w = self.weights.get(k);
            let mut s = self.intercept.get(k).copied().unwrap_or(0.0);
            for (f, &v) in x.iter().enumerate() {
                let wf = w.and_then(|w| w.get(f)).copied().unwrap_or(0.0);
                s += wf * self.standard(f, v);
            }
            *zk = s;
        }
        z
    }

    fn standard(&self, f: usize, v: f32) -> f32 {
        let m = self.mean.get(f).copied().unwrap_or(0.0);
        let s = self.scale.get(f).copied().unwrap_or(1.0);
        (v - m) / if s > 0.0 { s } else { 1.0 }
    }

    fn predict(&self, x: &[f32]) -> [f32; N_CLASSES] {
        softmax(self.logits(x))
    }

    fn contributions(&self, x: &[f32]) -> Vec<[f32; N_CLASSES]> {
        let mut c = vec![[0f32; N_CLASSES]; x.len()];
        for (f, &v) in x.iter().enumerate() {
            for (k, ck) in c[f].iter_mut().enumerate() {
                let wf = self
                    .weights
                    .get(k)
                    .and_then(|w| w.get(f))
                    .copied()
                    .unwrap_or(0.0);
                *ck = wf * self.standard(f, v);
            }
        }
        c
    }
}

fn softmax(z: [f32; N_CLASSES]) -> [f32; N_CLASSES] {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e = z.map(|v| (v - m).exp());
    let s: f32 = e.iter().sum();
    e.map(|v| v / s.max(f32::MIN_POSITIVE))
}

/// The classifier proper.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Classifier {
    /// Trees (a random forest, or a single tree).
    Forest(Forest),
    /// Multinomial logistic regression.
    Logistic(Logistic),
}

/// A trained block classifier and its manifest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    /// What the model is and how it was made.
    pub manifest: Manifest,
    /// The classifier.
    pub classifier: Classifier,
    /// The second-pass classifier over first-pass probabilities of the
    /// block's neighbourhood ([`crate::features::stack`]), when the model
    /// stacks.
    #[serde(default)]
    pub stage2: Option<Classifier>,
}

impl Model {
    /// The model embedded in the binary.
    pub fn embedded() -> Result<Model, ModelError> {
        Model::from_bytes(EMBEDDED)
    }

    /// Loads a model file (gzip-compressed or plain JSON).
    pub fn from_file(path: &Path) -> Result<Model, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Model::from_bytes(&bytes)
    }

    /// Parses model bytes (gzip-compressed or plain JSON).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        if bytes.is_empty() {
            return Err(ModelError::Format(
                "empty model (this build has no embedded model; train one with `junksift train`)"
                    .into(),
            ));
        }
        let json = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut s = Vec::new();
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut s)
                .map_err(|e| ModelError::Format(format!("bad gzip: {e}")))?;
            s
        } else {
            bytes.to_vec()
        };
        let mut model: Model =
            serde_json::from_slice(&json).map_err(|e| ModelError::Format(e.to_string()))?;
        model.prepare();
        if model.manifest.schema_version != SCHEMA_VERSION {
            return Err(ModelError::Schema {
                found: model.manifest.schema_version,
                expected: SCHEMA_VERSION,
            });
        }
        Ok(model)
    }

    /// Writes the model as gzip-compressed JSON. The bytes depend only on
    /// the model, so the same training data gives the same file.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io = |source| ModelError::Io {
            path: path.display().to_string(),
            source,
        };
        let json = serde_json::to_vec(self).map_err(|e| ModelError::Format(e.to_string()))?;
        let file = std::fs::File::create(path).map_err(io)?;
        let mut gz = flate2::GzBuilder::new()
            .mtime(0)
            .write(file, flate2::Compression::best());
        gz.write_all(&json).map_err(io)?;
        gz.finish().map_err(io)?;
        Ok(())
    }

    /// Packs the classifiers for fast prediction; done on load, and needed
    /// after building a model in memory for it to predict at full speed.
    pub fn prepare(&mut self) {
        for c in std::iter::once(&mut self.classifier).chain(self.stage2.as_mut()) {
            if let Classifier::Forest(f) = c {
                f.prepare();
            }
        }
    }

    /// Class probabilities for every block of a page, and the rows the
    /// final stage saw (first-pass rows, or second-pass rows when the model
    /// stacks).
    pub fn predict_page(&self, rows: &[[f32; N_FEATURES]]) -> (Vec<[f32; N_CLASSES]>, FinalRows) {
        let p1 = self.classifier.predict_many(rows);
        match &self.stage2 {
            None => (p1, FinalRows::First),
            Some(stage2) => {
                let pc: Vec<f32> = p1.iter().map(|p| p[0]).collect();
                let st = stacked(rows, &pc);
                let p2 = stage2.predict_many(&st);
                (p2, FinalRows::Stacked(st))
            }
        }
    }

    /// Per-feature contributions of the final stage for one row (a
    /// first-pass row, or a second-pass row when the model stacks), indexed
    /// like [`crate::features::stack::name`].
    pub fn contributions(&self, x: &[f32]) -> Vec<[f32; N_CLASSES]> {
        match &self.stage2 {
            Some(stage2) if x.len() == N_ALL => stage2.contributions(x),
            _ => self.classifier.contributions(x),
        }
    }
}

/// The rows the final stage of a model saw.
#[derive(Debug, Clone)]
pub enum FinalRows {
    /// The first-pass rows (the model does not stack).
    First,
    /// Second-pass rows, one per block.
    Stacked(Vec<[f32; N_ALL]>),
}

impl Classifier {
    /// Class probabilities for one row.
    pub fn predict(&self, x: &[f32]) -> [f32; N_CLASSES] {
        match self {
            Classifier::Forest(f) => f.predict(x),
            Classifier::Logistic(l) => l.predict(x),
        }
    }

    /// Class probabilities for many rows.
    pub fn predict_many<R: AsRef<[f32]>>(&self, rows: &[R]) -> Vec<[f32; N_CLASSES]> {
        match self {
            Classifier::Forest(f) => f.predict_many(rows),
            Classifier::Logistic(l) => rows.iter().map(|r| l.predict(r.as_ref())).collect(),
        }
    }

    /// Per-feature contributions to each class probability (forest) or
    /// logit (logistic), for explaining a label.
    pub fn contributions(&self, x: &[f32]) -> Vec<[f32; N_CLASSES]> {
        match self {
            Classifier::Forest(f) => f.contributions(x),
            Classifier::Logistic(l) => l.contributions(x),
        }
    }
}
