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

/// Rows up to this long are standardised on the stack (see
/// [`Logistic::logits`]); both passes' rows fit.
const LOGIT_ROW: usize = 128;

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
        // Each feature is standardised once per row, not once per class: a
        // row of the second pass is 70-odd divisions instead of 280. (The
        // same operations on the same values: the logits are bit for bit
        // those of the per-class loop.)
        let mut buf = [0f32; LOGIT_ROW];
        let mut heap = Vec::new();
        let standard: &mut [f32] = if x.len() <= LOGIT_ROW {
            &mut buf[..x.len()]
        } else {
            heap.resize(x.len(), 0.0);
            &mut heap
        };
        for (f, (out, &v)) in standard.iter_mut().zip(x).enumerate() {
            *out = self.standard(f, v);
        }
        let mut z: [f32; N_CLASSES] =
            std::array::from_fn(|k| self.intercept.get(k).copied().unwrap_or(0.0));
        let n = standard.len();
        if let Some(w) = self.class_weights(n) {
            // The four classes' sums advance together, feature by feature:
            // four independent chains of additions instead of one after
            // the other, each still summed in feature order (so the same
            // bits as the loop below).
            for (f, &v) in standard.iter().enumerate() {
                for k in 0..N_CLASSES {
                    z[k] += w[k][f] * v;
                }
            }
            return z;
        }
        for (k, zk) in z.iter_mut().enumerate() {
            let w = self.weights.get(k).map_or(&[][..], Vec::as_slice);
            for (f, &v) in standard.iter().enumerate() {
                *zk += w.get(f).copied().unwrap_or(0.0) * v;
            }
        }
        z
    }

    /// Every class's weights, when each covers the first `n` features.
    fn class_weights(&self, n: usize) -> Option<[&[f32]; N_CLASSES]> {
        let mut out: [&[f32]; N_CLASSES] = [&[]; N_CLASSES];
        for (k, slot) in out.iter_mut().enumerate() {
            *slot = self.weights.get(k)?.get(..n)?;
        }
        Some(out)
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

/// A blend over many rows; with `width > 0` it also explains each row
/// (`width` contribution slots per row, from the forest members when there
/// are any, as in [`Classifier::contributions`]). Rows the logistic
/// shortcut decides take that member's probabilities and contributions.
fn blend_many<R: AsRef<[f32]>>(
    members: &[Classifier],
    weights: &[f32],
    shortcut: f32,
    rows: &[R],
    width: usize,
) -> (Vec<[f32; N_CLASSES]>, Vec<[f32; N_CLASSES]>) {
    let run = |m: &Classifier, rows: &[&[f32]]| {
        if width > 0 {
            m.predict_explained_many(rows, width)
        } else {
            (m.predict_many(rows), Vec::new())
        }
    };
    let all: Vec<&[f32]> = rows.iter().map(AsRef::as_ref).collect();
    let Some(quick) = shortcut_member(members, shortcut) else {
        return blend_full(members, weights, &all, width);
    };
    let (mut probs, mut contrib) = run(quick, &all);
    let unsure: Vec<usize> = (0..all.len())
        .filter(|&i| !confident(&probs[i], shortcut))
        .collect();
    let sub: Vec<&[f32]> = unsure.iter().map(|&i| all[i]).collect();
    let (p, c) = blend_full(members, weights, &sub, width);
    for (k, &i) in unsure.iter().enumerate() {
        probs[i] = p[k];
        if width > 0 {
            contrib[i * width..(i + 1) * width].copy_from_slice(&c[k * width..(k + 1) * width]);
        }
    }
    (probs, contrib)
}

/// Every member on every row, weighted (see [`blend_many`]).
fn blend_full(
    members: &[Classifier],
    weights: &[f32],
    rows: &[&[f32]],
    width: usize,
) -> (Vec<[f32; N_CLASSES]>, Vec<[f32; N_CLASSES]>) {
    let any_forest = members.iter().any(|m| matches!(m, Classifier::Forest(_)));
    let mut probs = vec![[0f32; N_CLASSES]; rows.len()];
    let mut contrib = vec![[0f32; N_CLASSES]; rows.len() * width];
    let mut explaining = 0usize;
    for (m, w) in members.iter().zip(blend_weights(weights, members.len())) {
        let p = if width > 0 && (!any_forest || matches!(m, Classifier::Forest(_))) {
            let (p, c) = m.predict_explained_many(rows, width);
            for (a, b) in contrib.iter_mut().zip(c) {
                add(a, &b);
            }
            explaining += 1;
            p
        } else {
            m.predict_many(rows)
        };
        for (a, b) in probs.iter_mut().zip(p) {
            add_scaled(a, &b, w);
        }
    }
    let e = explaining.max(1) as f32;
    contrib.iter_mut().for_each(|c| *c = c.map(|v| v / e));
    (probs, contrib)
}

/// The member that takes the shortcut: the first logistic one, when the
/// shortcut is on.
fn shortcut_member(members: &[Classifier], shortcut: f32) -> Option<&Classifier> {
    if !(shortcut > 0.0 && shortcut < 0.5) {
        return None;
    }
    members
        .iter()
        .find(|m| matches!(m, Classifier::Logistic(_)))
}

/// Is P(content) in `p` within `shortcut` of 0 or 1?
fn confident(p: &[f32; N_CLASSES], shortcut: f32) -> bool {
    p[0] <= shortcut || p[0] >= 1.0 - shortcut
}

/// `a += w * b`, class by class.
fn add_scaled(a: &mut [f32; N_CLASSES], b: &[f32; N_CLASSES], w: f32) {
    for k in 0..N_CLASSES {
        a[k] += w * b[k];
    }
}

/// The weights of a blend's `n` members, summing to 1 (a missing or
/// invalid weight counts as 1).
fn blend_weights(weights: &[f32], n: usize) -> Vec<f32> {
    let raw: Vec<f32> = (0..n)
        .map(|i| {
            weights
                .get(i)
                .copied()
                .filter(|w| w.is_finite() && *w >= 0.0)
                .unwrap_or(1.0)
        })
        .collect();
    let sum: f32 = raw.iter().sum();
    if sum > 0.0 {
        raw.iter().map(|w| w / sum).collect()
    } else {
        vec![1.0 / n.max(1) as f32; n]
    }
}

/// `a += b`, class by class.
fn add(a: &mut [f32; N_CLASSES], b: &[f32; N_CLASSES]) {
    for k in 0..N_CLASSES {
        a[k] += b[k];
    }
}

fn softmax(z: [f32; N_CLASSES]) -> [f32; N_CLASSES] {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e = z.map(|v| (v - m).exp());
    let s: f32 = e.iter().sum();
    e.map(|v| v / s.max(f32::MIN_POSITIVE))
}

/// The classifier proper.
///
/// Stored adjacently tagged (`{"type": "forest", "params": {...}}`): with
/// the tag first, serde reads the parameters straight into place, where an
/// internally tagged enum would first buffer the whole forest (that made
/// loading the default model take three times as long).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", content = "params", rename_all = "snake_case")]
pub enum Classifier {
    /// Trees (a random forest, or a single tree).
    Forest(Forest),
    /// Multinomial logistic regression.
    Logistic(Logistic),
    /// Several classifiers over the same features; the prediction is the
    /// mean of theirs.
    Blend {
        /// The classifiers blended.
        members: Vec<Classifier>,
        /// Relative weight of each member (missing: 1).
        #[serde(default)]
        weights: Vec<f32>,
        /// The logistic shortcut (0 = off): a row whose P(content) from the
        /// logistic member is at most this, or at least 1 minus this, takes
        /// that member's probabilities alone and the other members are not
        /// run on it. See [`Model::set_shortcut`].
        #[serde(default)]
        shortcut: f32,
    },
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
        let mut model: Model = match serde_json::from_slice(&json) {
            Ok(m) => m,
            Err(e) => legacy::read(&json).ok_or_else(|| ModelError::Format(e.to_string()))?,
        };
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
            c.prepare();
        }
    }

    /// Turns the logistic shortcut of both blended passes on (`p` > 0) or
    /// off (0): blocks the logistic regression is sure about (P(content) <=
    /// `p` or >= 1 - `p`) skip the forest. Faster (HTML about 1.2x, plain
    /// text about 1.3x at `p` = 0.03, against no shortcut), as accurate in
    /// cross-validation (docs/evaluation.md), but the reasons of the blocks
    /// the second pass decides this way come from the logistic regression
    /// and read worse; no effect on models that do not blend.
    pub fn set_shortcut(&mut self, p: f32) {
        self.set_first_pass_shortcut(p);
        if let Some(Classifier::Blend { shortcut, .. }) = self.stage2.as_mut() {
            *shortcut = p;
        }
    }

    /// The logistic shortcut of [`Model::set_shortcut`] in the first pass
    /// only. The second pass, whose forest gives the blocks' reasons, still
    /// sees every block; [`crate::Detector`] turns this on by default.
    pub fn set_first_pass_shortcut(&mut self, p: f32) {
        if let Classifier::Blend { shortcut, .. } = &mut self.classifier {
            *shortcut = p;
        }
    }

    /// Class probabilities for every block of a page and, with `explain`,
    /// the per-feature contributions of the final stage (the second pass
    /// when the model stacks), computed in the same walk over the trees.
    /// `texts` are the blocks' texts (the second pass compares their words).
    pub fn predict_page(
        &self,
        rows: &[[f32; N_FEATURES]],
        texts: &[&str],
        explain: bool,
    ) -> PagePrediction {
        let (final_stage, probs, width, explained) = match &self.stage2 {
            None if !explain => (
                &self.classifier,
                self.classifier.predict_many(rows),
                0,
                None,
            ),
            None => (&self.classifier, Vec::new(), N_FEATURES, Some(())),
            Some(stage2) => {
                let p1 = self.classifier.predict_many(rows);
                let pc: Vec<f32> = p1.iter().map(|p| p[0]).collect();
                let st = stacked(rows, &pc, texts);
                if explain {
                    let (p2, c) = stage2.predict_explained_many(&st, N_ALL);
                    return PagePrediction {
                        probs: p2,
                        contributions: c,
                        width: N_ALL,
                    };
                }
                (stage2, stage2.predict_many(&st), 0, None)
            }
        };
        match explained {
            Some(()) => {
                let (probs, contributions) = final_stage.predict_explained_many(rows, width);
                PagePrediction {
                    probs,
                    contributions,
                    width,
                }
            }
            None => PagePrediction {
                probs,
                contributions: Vec::new(),
                width: 0,
            },
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

/// Models saved before the classifier was stored adjacently tagged (the
/// tag inside the parameters); read so that older model files keep working.
mod legacy {
    use super::{Forest, Logistic, Manifest};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum Classifier {
        Forest(Forest),
        Logistic(Logistic),
    }

    impl From<Classifier> for super::Classifier {
        fn from(c: Classifier) -> super::Classifier {
            match c {
                Classifier::Forest(f) => super::Classifier::Forest(f),
                Classifier::Logistic(l) => super::Classifier::Logistic(l),
            }
        }
    }

    #[derive(Deserialize)]
    struct Model {
        manifest: Manifest,
        classifier: Classifier,
        #[serde(default)]
        stage2: Option<Classifier>,
    }

    /// The model in `json`, if it is in the old layout.
    pub(super) fn read(json: &[u8]) -> Option<super::Model> {
        let m: Model = serde_json::from_slice(json).ok()?;
        Some(super::Model {
            manifest: m.manifest,
            classifier: m.classifier.into(),
            stage2: m.stage2.map(Into::into),
        })
    }
}

/// A page's block probabilities, and the explanation of each.
#[derive(Debug, Clone, Default)]
pub struct PagePrediction {
    /// Class probabilities, one per block.
    pub probs: Vec<[f32; N_CLASSES]>,
    /// Per-feature contributions, `width` per block (empty unless asked).
    pub contributions: Vec<[f32; N_CLASSES]>,
    /// Features per block in `contributions`.
    pub width: usize,
}

impl PagePrediction {
    /// The contributions of block `i` (empty if none were computed).
    pub fn contributions_of(&self, i: usize) -> &[[f32; N_CLASSES]] {
        self.contributions
            .get(i * self.width..(i + 1) * self.width)
            .unwrap_or(&[])
    }
}

impl Classifier {
    /// Class probabilities for one row.
    pub fn predict(&self, x: &[f32]) -> [f32; N_CLASSES] {
        match self {
            Classifier::Forest(f) => f.predict(x),
            Classifier::Logistic(l) => l.predict(x),
            Classifier::Blend {
                members,
                weights,
                shortcut,
            } => {
                if let Some(q) = shortcut_member(members, *shortcut)
                    .map(|s| s.predict(x))
                    .filter(|q| confident(q, *shortcut))
                {
                    return q;
                }
                let mut p = [0f32; N_CLASSES];
                for (m, w) in members.iter().zip(blend_weights(weights, members.len())) {
                    add_scaled(&mut p, &m.predict(x), w);
                }
                p
            }
        }
    }

    /// Class probabilities for many rows.
    pub fn predict_many<R: AsRef<[f32]>>(&self, rows: &[R]) -> Vec<[f32; N_CLASSES]> {
        match self {
            Classifier::Forest(f) => f.predict_many(rows),
            Classifier::Logistic(l) => rows.iter().map(|r| l.predict(r.as_ref())).collect(),
            Classifier::Blend { .. } => self.predict_explained_many(rows, 0).0,
        }
    }

    /// Per-feature contributions to each class probability (forest) or
    /// logit (logistic), for explaining a label.
    pub fn contributions(&self, x: &[f32]) -> Vec<[f32; N_CLASSES]> {
        match self {
            Classifier::Forest(f) => f.contributions(x),
            Classifier::Logistic(l) => l.contributions(x),
            // Forest contributions are in probability units and logistic
            // ones in logits: mixing them would let the logits drown the
            // rest, so a blend explains itself by its trees when it has any.
            Classifier::Blend { members, .. } => {
                let forests: Vec<&Classifier> = members
                    .iter()
                    .filter(|m| matches!(m, Classifier::Forest(_)))
                    .collect();
                let pick = if forests.is_empty() {
                    members.iter().collect()
                } else {
                    forests
                };
                let mut c = vec![[0f32; N_CLASSES]; x.len()];
                for m in &pick {
                    for (a, b) in c.iter_mut().zip(m.contributions(x)) {
                        for k in 0..N_CLASSES {
                            a[k] += b[k];
                        }
                    }
                }
                let n = pick.len().max(1) as f32;
                for row in &mut c {
                    *row = row.map(|v| v / n);
                }
                c
            }
        }
    }

    /// [`Classifier::predict_many`] plus, per row, the contributions of
    /// [`Classifier::contributions`], `width` slots per row.
    pub fn predict_explained_many<R: AsRef<[f32]>>(
        &self,
        rows: &[R],
        width: usize,
    ) -> (Vec<[f32; N_CLASSES]>, Vec<[f32; N_CLASSES]>) {
        match self {
            Classifier::Forest(f) => f.predict_explained_many(rows, width),
            Classifier::Logistic(l) => {
                let mut c = vec![[0f32; N_CLASSES]; rows.len() * width];
                for (slot, r) in c.chunks_mut(width.max(1)).zip(rows) {
                    for (a, b) in slot.iter_mut().zip(l.contributions(r.as_ref())) {
                        *a = b;
                    }
                }
                (self.predict_many(rows), c)
            }
            Classifier::Blend {
                members,
                weights,
                shortcut,
            } => blend_many(members, weights, *shortcut, rows, width),
        }
    }

    /// Packs trees for fast prediction (see [`forest::Tree::prepare`]).
    pub fn prepare(&mut self) {
        match self {
            Classifier::Forest(f) => f.prepare(),
            Classifier::Logistic(_) => {}
            Classifier::Blend { members, .. } => members.iter_mut().for_each(Classifier::prepare),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny_logistic_json(classifier: &str) -> String {
        format!(
            r#"{{"manifest":{{"schema_version":{SCHEMA_VERSION},"feature_names":[],"kind":"logistic","training_files":[],"command":""}},"classifier":{classifier}}}"#
        )
    }

    /// A blend of a one-split forest on feature 0 and a logistic regression
    /// on feature 1 that is sure (P(content) near 0 or 1) when |x1| is big.
    fn blend() -> Classifier {
        let d = |c: f32| [c, 1.0 - c, 0.0, 0.0];
        let mut tree = forest::Tree::default();
        tree.feature = vec![0, forest::LEAF, forest::LEAF];
        tree.threshold = vec![0.5, 0.0, 0.0];
        tree.left = vec![1, 0, 0];
        tree.right = vec![2, 0, 0];
        tree.value = vec![d(0.5), d(0.2), d(0.8)];
        tree.prepare();
        let logistic = Logistic {
            mean: vec![0.0, 0.0],
            scale: vec![1.0, 1.0],
            weights: vec![vec![0.0, 4.0], vec![0.0, -4.0], vec![0.0; 2], vec![0.0; 2]],
            intercept: vec![0.0, 0.0, -30.0, -30.0],
        };
        Classifier::Blend {
            members: vec![
                Classifier::Forest(Forest { trees: vec![tree] }),
                Classifier::Logistic(logistic),
            ],
            weights: vec![2.0, 1.0],
            shortcut: 0.0,
        }
    }

    #[test]
    fn the_first_pass_shortcut_leaves_the_second_pass_whole() {
        let shortcuts = |m: &Model| {
            let of = |c: Option<&Classifier>| match c {
                Some(Classifier::Blend { shortcut, .. }) => *shortcut,
                _ => -1.0,
            };
            (of(Some(&m.classifier)), of(m.stage2.as_ref()))
        };
        let mut m = Model::embedded().expect("embedded model");
        assert_eq!(shortcuts(&m), (0.0, 0.0));
        m.set_first_pass_shortcut(0.03);
        assert_eq!(shortcuts(&m), (0.03, 0.0));
        m.set_shortcut(0.03);
        assert_eq!(shortcuts(&m), (0.03, 0.03));
        m.set_shortcut(0.0);
        assert_eq!(shortcuts(&m), (0.0, 0.0));
    }

    #[test]
    fn the_logistic_shortcut_only_skips_the_forest_on_sure_rows() {
        let full = blend();
        let mut quick = blend();
        if let Classifier::Blend { shortcut, .. } = &mut quick {
            *shortcut = 0.03;
        }
        // x1 = 0: the logistic member is unsure (P = 0.5), both run.
        // x1 = 3: it is sure (P ~ 1), and decides alone.
        let rows = [[1.0f32, 0.0], [1.0, 3.0], [0.0, -3.0]];
        let (pf, cf) = full.predict_explained_many(&rows, 2);
        let (pq, cq) = quick.predict_explained_many(&rows, 2);
        assert_eq!(pf[0], pq[0]);
        assert_eq!(cf[0..2], cq[0..2]);
        assert!((pf[1][0] - (2.0 * 0.8 + pq[1][0]) / 3.0).abs() < 1e-5);
        assert!(pq[1][0] > 0.97 && pq[2][0] < 0.03, "{pq:?}");
        // The three entry points agree, with and without the shortcut.
        for c in [&full, &quick] {
            let (p, _) = c.predict_explained_many(&rows, 2);
            assert_eq!(p, c.predict_many(&rows));
            for (r, x) in rows.iter().enumerate() {
                assert_eq!(p[r], c.predict(x));
            }
        }
    }

    #[test]
    fn reads_both_the_current_and_the_legacy_layout() {
        let params = r#"{"mean":[0.0],"scale":[1.0],"weights":[[2.0],[0.0],[0.0],[0.0]],"intercept":[0.0,0.0,0.0,0.0]}"#;
        let current = tiny_logistic_json(&format!(r#"{{"type":"logistic","params":{params}}}"#));
        let legacy = tiny_logistic_json(&format!(r#"{{"type":"logistic",{}"#, &params[1..]));
        let a = Model::from_bytes(current.as_bytes()).map(|m| m.classifier.predict(&[1.0]));
        let b = Model::from_bytes(legacy.as_bytes()).map(|m| m.classifier.predict(&[1.0]));
        assert!(
            a.is_ok() && a.as_ref().ok() == b.as_ref().ok(),
            "{a:?} {b:?}"
        );
        let broken = tiny_logistic_json(r#"{"type":"logistic"}"#);
        assert!(matches!(
            Model::from_bytes(broken.as_bytes()),
            Err(ModelError::Format(_))
        ));
    }
}
