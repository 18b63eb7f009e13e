//! The block classifier: a model file format, prediction and explanations.
//!
//! Models are trained with linfa by [`train`] and stored as gzip-compressed
//! JSON: a [`Manifest`] (feature-schema version, training files and their
//! SHA-256, the command, cross-validated scores) and the classifier itself,
//! flattened for fast inference ([`forest::Forest`] or a multinomial
//! logistic regression, [`Logistic`]). The default model is embedded in the binary.

pub mod forest;
pub mod label;
mod logistic;
pub mod smooth;
pub mod train;

use std::borrow::Cow;
use std::io::{Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::features::stack::{stacked, N_ALL};
use crate::features::{N_FEATURES, SCHEMA_VERSION};
use forest::{Forest, N_CLASSES};
pub use label::Label;
pub use logistic::Logistic;

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

/// A blend over many rows; with `trace`, also what
/// [`Classifier::explain`] needs to explain them afterwards. Rows the
/// logistic shortcut decides take that member's probabilities (and will
/// take its explanation).
fn blend_many<R: AsRef<[f32]>>(
    members: &[Classifier],
    weights: &[f32],
    (shortcut, sure): (f32, Sure),
    rows: &[R],
    trace: bool,
) -> (Vec<[f32; N_CLASSES]>, Trace) {
    let run = |m: &Classifier, rows: &[&[f32]]| {
        if trace {
            m.predict_traced(rows)
        } else {
            (m.predict_many(rows), Trace::None)
        }
    };
    let all: Vec<&[f32]> = rows.iter().map(AsRef::as_ref).collect();
    let Some(quick) = shortcut_member(members, shortcut) else {
        let (probs, members) = blend_full(members, weights, &all, trace, None);
        return (
            probs,
            Trace::Blend {
                quick: None,
                members,
            },
        );
    };
    let (mut probs, quick_trace) = run(quick, &all);
    let unsure: Vec<usize> = (0..all.len())
        .filter(|&i| !confident(&probs[i], shortcut, sure))
        .collect();
    let sub: Vec<&[f32]> = unsure.iter().map(|&i| all[i]).collect();
    // The quick member already gave the unsure rows their probabilities:
    // the blend takes them instead of predicting those rows again (a
    // logistic member keeps no trace, so nothing else is lost).
    let known: Vec<[f32; N_CLASSES]> = unsure.iter().map(|&i| probs[i]).collect();
    let quick_at = members.iter().position(|m| std::ptr::eq(m, quick));
    let (p, members) = blend_full(
        members,
        weights,
        &sub,
        trace,
        quick_at.map(|at| (at, &known[..])),
    );
    for (k, &i) in unsure.iter().enumerate() {
        probs[i] = p[k];
    }
    let quick = Some(Box::new((quick_trace, unsure)));
    (probs, Trace::Blend { quick, members })
}

/// Every member on every row, weighted (see [`blend_many`]); with `trace`,
/// also the traces of the members that explain the blend (see
/// [`explains`]). `known` gives one logistic member's probabilities for
/// these rows, already computed (by the shortcut), so that member is not
/// run again.
fn blend_full(
    members: &[Classifier],
    weights: &[f32],
    rows: &[&[f32]],
    trace: bool,
    known: Option<(usize, &[[f32; N_CLASSES]])>,
) -> (Vec<[f32; N_CLASSES]>, Vec<Trace>) {
    let mut probs = vec![[0f32; N_CLASSES]; rows.len()];
    let mut traces = Vec::new();
    let weights = blend_weights(weights, members.len());
    for (i, (m, w)) in members.iter().zip(weights).enumerate() {
        let reuse = known.filter(|&(at, p)| {
            at == i && p.len() == rows.len() && matches!(m, Classifier::Logistic(_))
        });
        let p: Cow<[[f32; N_CLASSES]]> = if let Some((_, p)) = reuse {
            // A logistic member's trace is empty either way.
            traces.push(Trace::None);
            Cow::Borrowed(p)
        } else if trace && explains(members, m) {
            let (p, t) = m.predict_traced(rows);
            traces.push(t);
            Cow::Owned(p)
        } else {
            traces.push(Trace::None);
            Cow::Owned(m.predict_many(rows))
        };
        for (a, b) in probs.iter_mut().zip(p.iter()) {
            add_scaled(a, b, w);
        }
    }
    (probs, traces)
}

/// Does member `m` of a blend of `members` explain it? Forest
/// contributions are in probability units and logistic ones in logits:
/// mixing them would let the logits drown the rest, so a blend explains
/// itself by its trees when it has any, else by all its members.
fn explains(members: &[Classifier], m: &Classifier) -> bool {
    matches!(m, Classifier::Forest(_))
        || !members.iter().any(|m| matches!(m, Classifier::Forest(_)))
}

/// The explanation of a blend's rows that every member saw: the mean of
/// the explaining members' (see [`explains`]).
fn explain_full(
    members: &[Classifier],
    traces: &[Trace],
    rows: &[&[f32]],
    classes: &[usize],
    width: usize,
) -> Vec<f32> {
    let n = rows.len() * width;
    // The sum starts from the first explaining member's values (as `0 +
    // value`, the sum's first addition, so that -0 comes out as it did
    // from a zeroed sum): one member, the usual blend, costs no second
    // vector.
    let mut sum: Option<Vec<f32>> = None;
    for (i, m) in members.iter().enumerate() {
        if !explains(members, m) {
            continue;
        }
        let trace = traces.get(i).unwrap_or(&Trace::None);
        let values = m.explain(trace, rows, classes, width);
        match sum.as_mut() {
            None => {
                let mut first = values;
                first.resize(n, 0.0);
                first.iter_mut().for_each(|v| *v += 0.0);
                sum = Some(first);
            }
            Some(out) => {
                for (a, b) in out.iter_mut().zip(values) {
                    *a += b;
                }
            }
        }
    }
    let explaining = if sum.is_some() {
        members.iter().filter(|m| explains(members, m)).count()
    } else {
        0
    };
    let mut out = sum.unwrap_or_else(|| vec![0f32; n]);
    let e = explaining.max(1) as f32;
    out.iter_mut().for_each(|v| *v /= e);
    out
}

/// What a prediction went through, kept so that its rows can be explained
/// once their labels are known ([`Classifier::explain`]).
#[derive(Debug, Clone, Default)]
pub enum Trace {
    /// Nothing kept (a member that does not explain its blend).
    #[default]
    None,
    /// The leaf of every row in every tree (see
    /// [`forest::Forest::predict_traced`]).
    Forest(Vec<u32>),
    /// A blend: with the logistic shortcut, the quick member's trace (over
    /// every row) and the rows it was unsure of; then one trace per member
    /// (over the unsure rows, or every row without the shortcut).
    Blend {
        /// The shortcut member's trace and the rows the other members saw.
        quick: Option<Box<(Trace, Vec<usize>)>>,
        /// One per member.
        members: Vec<Trace>,
    },
}

/// The member that takes the shortcut: the first logistic one, when the
/// shortcut is on.
fn shortcut_member(members: &[Classifier], shortcut: f32) -> Option<&Classifier> {
    if !(shortcut > 0.0 && shortcut < 0.5) {
        return None;
    }
    first_logistic(members)
}

/// A blend's first logistic member: the one that takes the shortcut.
fn first_logistic(members: &[Classifier]) -> Option<&Classifier> {
    members
        .iter()
        .find(|m| matches!(m, Classifier::Logistic(_)))
}

/// Is P(content) in `p` within `shortcut` of 0, or (with [`Sure::Both`])
/// of 1?
fn confident(p: &[f32; N_CLASSES], shortcut: f32, sure: Sure) -> bool {
    p[0] <= shortcut || (sure == Sure::Both && p[0] >= 1.0 - shortcut)
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
        /// logistic member is at most this, or (see `sure`) at least 1 minus
        /// this, takes that member's probabilities alone and the other
        /// members are not run on it. See [`Model::set_shortcut`].
        #[serde(default)]
        shortcut: f32,
        /// Which sure rows the shortcut takes. Set at run time, never saved.
        #[serde(skip)]
        sure: Sure,
    },
}

/// Which of the rows its logistic member is sure about a blend's shortcut
/// takes (see [`Model::set_second_pass_shortcut`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sure {
    /// Rows it is sure are junk and rows it is sure are content.
    #[default]
    Both,
    /// Only rows it is sure are junk: the rest, sure content included, go
    /// through every member. A linear model extrapolates far outside the
    /// data it was fitted on, so a block unlike any it saw (a page of
    /// 5,000 `<`, say) can come out "sure content"; the forest does not
    /// follow it there.
    Junk,
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
    /// off (0): blocks the logistic regression is sure about skip the
    /// forest, in the first pass either way (P(content) <= `p` or >= 1 -
    /// `p`), in the second only when sure they are junk ([`Sure::Junk`]).
    /// The reasons of the blocks the second pass decides this way come from
    /// the logistic regression; no effect on models that do not blend.
    /// [`crate::Detector`] sets each pass's shortcut (see
    /// [`crate::detector::SECOND_PASS_SHORTCUT`]).
    pub fn set_shortcut(&mut self, p: f32) {
        self.set_first_pass_shortcut(p);
        self.set_second_pass_shortcut(p, Sure::Junk);
    }

    /// The logistic shortcut of [`Model::set_shortcut`] in the first pass
    /// only, whose probabilities feed the second pass and nothing else.
    pub fn set_first_pass_shortcut(&mut self, p: f32) {
        if let Classifier::Blend { shortcut, sure, .. } = &mut self.classifier {
            *shortcut = p;
            *sure = Sure::Both;
        }
    }

    /// The logistic shortcut of [`Model::set_shortcut`] in the second pass
    /// only, whose probabilities are the blocks' and whose explanations are
    /// their reasons, for the sure rows `which` says.
    pub fn set_second_pass_shortcut(&mut self, p: f32, which: Sure) {
        if let Some(Classifier::Blend { shortcut, sure, .. }) = self.stage2.as_mut() {
            *shortcut = p;
            *sure = which;
        }
    }

    /// Class probabilities for every block of a page; with `explain`, the
    /// prediction also keeps what [`Model::explain_page`] needs.
    /// `topics` are the blocks' topic words (the second pass compares them:
    /// see [`crate::features::PageFeatures::topics`]).
    pub fn predict_page(
        &self,
        rows: &[[f32; N_FEATURES]],
        topics: &[Vec<u64>],
        explain: bool,
    ) -> PagePrediction {
        let run = |c: &Classifier, rows: &[_]| -> (Vec<[f32; N_CLASSES]>, Trace) {
            if explain {
                c.predict_traced(rows)
            } else {
                (c.predict_many(rows), Trace::None)
            }
        };
        match &self.stage2 {
            None => {
                let (probs, trace) = run(&self.classifier, rows);
                PagePrediction {
                    probs,
                    trace,
                    stacked: Vec::new(),
                }
            }
            Some(stage2) => {
                let p1 = self.classifier.predict_many(rows);
                let pc: Vec<f32> = p1.iter().map(|p| p[0]).collect();
                let st = stacked(rows, &pc, topics);
                let (probs, trace) = if explain {
                    stage2.predict_traced(&st)
                } else {
                    (stage2.predict_many(&st), Trace::None)
                };
                PagePrediction {
                    probs,
                    trace,
                    stacked: if explain { st } else { Vec::new() },
                }
            }
        }
    }

    /// Explains a page's blocks, each by the features that pushed it
    /// towards one class (`classes[i]` for block `i`, usually its final
    /// label): per-feature contributions of the final stage (the second
    /// pass when the model stacks), as [`Model::contributions`] gives them
    /// for that class. `prediction` comes from [`Model::predict_page`] on the
    /// same `rows`, with `explain` (without it, a stacking model explains
    /// nothing, and other models walk their trees again).
    ///
    /// Explaining after the labels are decided needs one class per block
    /// instead of all four, and takes each block's path through the trees
    /// from the leaf the prediction reached.
    pub fn explain_page(
        &self,
        prediction: &PagePrediction,
        rows: &[[f32; N_FEATURES]],
        classes: &[usize],
    ) -> Explanation {
        match &self.stage2 {
            None => Explanation {
                values: self
                    .classifier
                    .explain(&prediction.trace, rows, classes, N_FEATURES),
                width: N_FEATURES,
            },
            // Predicted without `explain`: the second-pass rows are gone.
            Some(_) if prediction.stacked.len() != rows.len() => Explanation::default(),
            Some(stage2) => {
                let st = &prediction.stacked;
                Explanation {
                    values: stage2.explain(&prediction.trace, st, classes, N_ALL),
                    width: N_ALL,
                }
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

/// A page's block probabilities, and what explaining them needs.
#[derive(Debug, Clone, Default)]
pub struct PagePrediction {
    /// Class probabilities, one per block.
    pub probs: Vec<[f32; N_CLASSES]>,
    /// The final stage's trace (empty unless asked).
    trace: Trace,
    /// The second-pass rows, when the model stacks and explaining was
    /// asked.
    stacked: Vec<[f32; N_ALL]>,
}

/// Per-feature contributions to one class per block (see
/// [`Model::explain_page`]).
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    /// `width` contributions per block.
    values: Vec<f32>,
    /// Features per block: [`N_ALL`] when the model stacks, else
    /// [`N_FEATURES`].
    width: usize,
}

impl Explanation {
    /// The contributions of block `i`, indexed like
    /// [`crate::features::stack::name`] (empty if there is no such block).
    pub fn of(&self, i: usize) -> &[f32] {
        self.values
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
                sure,
            } => {
                if let Some(q) = shortcut_member(members, *shortcut)
                    .map(|s| s.predict(x))
                    .filter(|q| confident(q, *shortcut, *sure))
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
            Classifier::Blend {
                members,
                weights,
                shortcut,
                sure,
            } => blend_many(members, weights, (*shortcut, *sure), rows, false).0,
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

    /// [`Classifier::predict_many`], keeping what [`Classifier::explain`]
    /// needs.
    pub fn predict_traced<R: AsRef<[f32]>>(&self, rows: &[R]) -> (Vec<[f32; N_CLASSES]>, Trace) {
        match self {
            Classifier::Forest(f) => {
                let (p, leaves) = f.predict_traced(rows);
                (p, Trace::Forest(leaves))
            }
            Classifier::Logistic(_) => (self.predict_many(rows), Trace::None),
            Classifier::Blend {
                members,
                weights,
                shortcut,
                sure,
            } => blend_many(members, weights, (*shortcut, *sure), rows, true),
        }
    }

    /// Explains the rows of a [`Classifier::predict_traced`] call (`rows`
    /// and `trace` as they were), each for one class: `out[r * width + f]`
    /// is the contribution of feature `f` to class `classes[r]` for row `r`,
    /// the class's part of [`Classifier::contributions`] (rows decided by a
    /// logistic shortcut are explained by that member).
    pub fn explain<R: AsRef<[f32]>>(
        &self,
        trace: &Trace,
        rows: &[R],
        classes: &[usize],
        width: usize,
    ) -> Vec<f32> {
        match (self, trace) {
            (Classifier::Forest(f), Trace::Forest(leaves)) => {
                f.explain(leaves, rows, classes, width)
            }
            // No leaves (a trace from elsewhere): walk the trees again.
            (Classifier::Forest(f), _) => {
                let (_, leaves) = f.predict_traced(rows);
                f.explain(&leaves, rows, classes, width)
            }
            (Classifier::Logistic(l), _) => {
                let mut out = vec![0f32; rows.len() * width];
                for ((slots, x), &k) in out.chunks_mut(width.max(1)).zip(rows).zip(classes) {
                    l.contributions_to(x.as_ref(), k, slots);
                }
                out
            }
            (Classifier::Blend { members, .. }, trace) => {
                let none = Vec::new();
                let (quick, traces) = match trace {
                    Trace::Blend { quick, members } => (quick.as_deref(), members),
                    _ => (None, &none),
                };
                let all: Vec<&[f32]> = rows.iter().map(AsRef::as_ref).collect();
                let quick_member = first_logistic(members);
                let (Some((quick_trace, unsure)), Some(q)) = (quick, quick_member) else {
                    return explain_full(members, traces, &all, classes, width);
                };
                // The rows the shortcut decided are explained by the quick
                // member, the others (`unsure`, ascending) by the full blend.
                let mut is_unsure = vec![false; all.len()];
                for &i in unsure {
                    if let Some(u) = is_unsure.get_mut(i) {
                        *u = true;
                    }
                }
                let sure: Vec<usize> = (0..all.len()).filter(|&i| !is_unsure[i]).collect();
                let pick = |rows: &[usize]| -> (Vec<&[f32]>, Vec<usize>) {
                    rows.iter()
                        .filter_map(|&i| Some((*all.get(i)?, classes.get(i).copied().unwrap_or(0))))
                        .unzip()
                };
                let (sure_rows, sure_classes) = pick(&sure);
                let (sub, sub_classes) = pick(unsure);
                let quick = q.explain(quick_trace, &sure_rows, &sure_classes, width);
                let full = explain_full(members, traces, &sub, &sub_classes, width);
                if unsure.windows(2).all(|w| w[0] < w[1])
                    && unsure.last().is_none_or(|&i| i < all.len())
                {
                    // The rows in order, each from the explanation that has
                    // it (the k-th unsure row is `full`'s k-th, and so on),
                    // with no zeroed vector to copy them into.
                    let mut out = Vec::with_capacity(all.len() * width);
                    let (mut next_sure, mut next_unsure) = (0, 0);
                    for &u in &is_unsure {
                        let (values, k) = if u {
                            next_unsure += 1;
                            (&full, next_unsure - 1)
                        } else {
                            next_sure += 1;
                            (&quick, next_sure - 1)
                        };
                        match values.get(k * width..(k + 1) * width) {
                            Some(src) => out.extend_from_slice(src),
                            None => out.resize(out.len() + width, 0.0),
                        }
                    }
                    return out;
                }
                let mut out = vec![0f32; all.len() * width];
                for (rows, values) in [(&sure, &quick), (unsure, &full)] {
                    for (k, &i) in rows.iter().enumerate() {
                        if let (Some(dst), Some(src)) = (
                            out.get_mut(i * width..(i + 1) * width),
                            values.get(k * width..(k + 1) * width),
                        ) {
                            dst.copy_from_slice(src);
                        }
                    }
                }
                out
            }
        }
    }

    /// Packs trees for fast prediction (see [`forest::Tree::prepare`]).
    pub fn prepare(&mut self) {
        match self {
            Classifier::Forest(f) => f.prepare(),
            Classifier::Logistic(l) => l.prepare(),
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
        let logistic = Logistic::new(
            vec![0.0, 0.0],
            vec![1.0, 1.0],
            vec![vec![0.0, 4.0], vec![0.0, -4.0], vec![0.0; 2], vec![0.0; 2]],
            vec![0.0, 0.0, -30.0, -30.0],
        );
        Classifier::Blend {
            members: vec![
                Classifier::Forest(Forest { trees: vec![tree] }),
                Classifier::Logistic(logistic),
            ],
            weights: vec![2.0, 1.0],
            shortcut: 0.0,
            sure: Sure::Both,
        }
    }

    #[test]
    fn each_pass_has_its_own_shortcut() {
        let shortcuts = |m: &Model| {
            let of = |c: Option<&Classifier>| match c {
                Some(Classifier::Blend { shortcut, sure, .. }) => (*shortcut, *sure),
                _ => (-1.0, Sure::Both),
            };
            (of(Some(&m.classifier)), of(m.stage2.as_ref()))
        };
        let both = |p| (p, Sure::Both);
        let mut m = Model::embedded().expect("embedded model");
        assert_eq!(shortcuts(&m), (both(0.0), both(0.0)));
        m.set_first_pass_shortcut(0.03);
        assert_eq!(shortcuts(&m), (both(0.03), both(0.0)));
        m.set_second_pass_shortcut(0.01, Sure::Junk);
        assert_eq!(shortcuts(&m), (both(0.03), (0.01, Sure::Junk)));
        m.set_second_pass_shortcut(0.01, Sure::Both);
        assert_eq!(shortcuts(&m), (both(0.03), both(0.01)));
        m.set_shortcut(0.03);
        assert_eq!(shortcuts(&m), (both(0.03), (0.03, Sure::Junk)));
        m.set_shortcut(0.0);
        assert_eq!(shortcuts(&m), (both(0.0), (0.0, Sure::Junk)));
    }

    #[test]
    fn a_junk_only_shortcut_sends_sure_content_through_the_forest() {
        let full = blend();
        let mut junk_only = blend();
        if let Classifier::Blend { shortcut, sure, .. } = &mut junk_only {
            *shortcut = 0.03;
            *sure = Sure::Junk;
        }
        // Row 1: the logistic member is sure it is content (P ~ 1), row 2
        // that it is junk (P ~ 0).
        let rows = [[1.0f32, 0.0], [1.0, 3.0], [0.0, -3.0]];
        let pf = full.predict_many(&rows);
        let (pj, tj) = junk_only.predict_traced(&rows);
        assert_eq!(pf[0], pj[0]);
        assert_eq!(pf[1], pj[1], "sure content is blended");
        assert!(
            pj[2][0] < 0.03 && pf[2] != pj[2],
            "sure junk is decided alone"
        );
        for (r, x) in rows.iter().enumerate() {
            assert_eq!(pj[r], junk_only.predict(x));
        }
        // The sure-content row is explained by the forest, not in logits.
        let e = junk_only.explain(&tj, &rows, &[0, 0, 1], 2);
        assert!(e[2..4].iter().all(|v| v.abs() <= 1.0), "{e:?}");
        assert_eq!(e[5], 12.0, "the junk row in logits: {e:?}");
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
        let (pf, tf) = full.predict_traced(&rows);
        let (pq, tq) = quick.predict_traced(&rows);
        assert_eq!(pf[0], pq[0]);
        assert!((pf[1][0] - (2.0 * 0.8 + pq[1][0]) / 3.0).abs() < 1e-5);
        assert!(pq[1][0] > 0.97 && pq[2][0] < 0.03, "{pq:?}");
        let classes = [0, 0, 1];
        let cf = full.explain(&tf, &rows, &classes, 2);
        let cq = quick.explain(&tq, &rows, &classes, 2);
        assert_eq!(cf[0..2], cq[0..2]);
        // Without the shortcut, the blend is explained by its forest (row 2
        // went right on feature 0: +0.3 of class 0); with it, the sure row 2
        // by the logistic member (in logits: 4 * 3 on feature 1).
        assert!((cf[2] - 0.3).abs() < 1e-6 && cf[3] == 0.0, "{cf:?}");
        assert_eq!(cq[3], 12.0);
        // The entry points agree, with and without the shortcut.
        for c in [&full, &quick] {
            let (p, _) = c.predict_traced(&rows);
            assert_eq!(p, c.predict_many(&rows));
            for (r, x) in rows.iter().enumerate() {
                assert_eq!(p[r], c.predict(x));
            }
        }
        // Explaining from the trace gives the class's part of the
        // contributions, bit for bit.
        for k in 0..N_CLASSES {
            let e = full.explain(&tf, &rows, &[k; 3], 2);
            for (r, x) in rows.iter().enumerate() {
                let c = full.contributions(x);
                assert_eq!(e[r * 2..r * 2 + 2], [c[0][k], c[1][k]]);
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
