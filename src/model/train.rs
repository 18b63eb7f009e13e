//! Training: labelled blocks from gold texts and span-labelled pages, then a
//! linfa classifier flattened into a [`Model`](super::Model).
//!
//! Gold sets give the main text of a page but not block labels. A block is
//! labelled `content` when most of its token trigrams occur in the gold text
//! (short blocks: when they equal a whole gold line); other blocks are junk,
//! and their kind is read off their features ([`junk_kind`]): dense SEO
//! vocabulary makes a link farm, a related region or a run of link-heavy
//! headline-length items makes a headline list, the rest is boilerplate.
//! Span-labelled pages (`fixtures/junk/labelled.jsonl`) carry explicit kinds.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::BufRead;
use std::path::Path;

use linfa::prelude::*;
use linfa::DatasetBase;
use linfa_ensemble::EnsembleLearnerParams;
use linfa_trees::{DecisionTree, TreeNode};
use ndarray::{Array1, Array2};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Deserialize;

use super::forest::{Forest, Tree, LEAF, N_CLASSES};
use super::{Classifier, Label, Logistic, Sure};
use crate::features::stack::{self, N_ALL};
use crate::features::{self, idx, tokens::tokens, N_FEATURES};
use crate::input::{Document, Format};
use crate::lexicon::Lexicons;
use crate::segment;

/// One labelled block.
#[derive(Debug, Clone)]
pub struct Example {
    /// Cross-validation group: the page's site (or URL host, or id). Pages of
    /// one group always fall in the same fold.
    pub group: String,
    /// Page id.
    pub page: String,
    /// Where the example came from (`html`, `dump`, `spans`).
    pub source: &'static str,
    /// The block's features.
    pub row: [f32; N_FEATURES],
    /// The label.
    pub label: Label,
    /// The block's text (for `--dump-training`).
    pub text: String,
}

/// A page of a gold set (bench JSONL format).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    /// Page id.
    pub id: String,
    /// Original URL; used only to group pages by host for cross-validation.
    #[serde(default)]
    pub url: Option<String>,
    /// The site, when the set names it.
    #[serde(default)]
    pub site: Option<String>,
    /// The page HTML.
    #[serde(default)]
    pub html: Option<String>,
    /// A plain-text dump of the page.
    #[serde(default)]
    pub dump: Option<String>,
    /// Human-made main text.
    #[serde(default)]
    pub gold: Option<String>,
}

impl GoldRecord {
    /// The cross-validation group of the page.
    pub fn group(&self) -> String {
        if let Some(site) = &self.site {
            return site.clone();
        }
        if let Some(host) = self.url.as_deref().and_then(host_of) {
            return host.trim_start_matches("www.").to_string();
        }
        self.id.clone()
    }

    /// The document for a field: `html`, `dump`, or `flat` (the dump with
    /// its lines joined into one, see [`segment::flat::flatten`]).
    pub fn document(&self, field: &str) -> Option<Document> {
        let doc = match field {
            "html" => Document::html(self.html.clone()?),
            "dump" => Document::text(self.dump.clone()?),
            "flat" => Document::text(segment::flat::flatten(self.dump.as_deref()?)),
            _ => return None,
        };
        Some(doc.with_id(self.id.clone()))
    }
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split("://").nth(1)?;
    rest.split(['/', '?', '#', ':'])
        .next()
        .filter(|h| !h.is_empty())
}

/// A span-labelled page (the bench junk-set format).
#[derive(Debug, Clone, Deserialize)]
pub struct SpanRecord {
    /// Page id.
    pub id: String,
    /// The page as plain text.
    pub text: String,
    /// Labelled byte spans.
    pub spans: Vec<Span>,
}

/// One labelled span of a [`SpanRecord`].
#[derive(Debug, Clone, Deserialize)]
pub struct Span {
    /// UTF-8 byte offset of the start.
    pub start: usize,
    /// UTF-8 byte offset of the end.
    pub end: usize,
    /// `content` or a junk kind.
    pub label: String,
}

/// Reads a JSONL file of `T`, reporting the first bad line with its number.
pub fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> anyhow::Result<Vec<T>> {
    let file = std::fs::File::open(path)
        .map_err(|e| anyhow::anyhow!("cannot open {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(&line)
            .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), i + 1))?;
        out.push(rec);
    }
    Ok(out)
}

/// Normalised tokens for alignment: lowercase words and CJK characters.
fn norm_tokens(text: &str) -> Vec<String> {
    tokens(text)
        .map(|t| text[t.start..t.end].to_lowercase())
        .collect()
}

fn hash3(a: &str, b: &str, c: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (a, b, c).hash(&mut h);
    h.finish()
}

/// Which blocks of a segmented page are content according to `gold`.
pub fn align(seg: &segment::Segmentation, gold: &str) -> Vec<bool> {
    let gold_tokens = norm_tokens(gold);
    let trigrams: HashSet<u64> = gold_tokens
        .windows(3)
        .map(|w| hash3(&w[0], &w[1], &w[2]))
        .collect();
    let lines: HashSet<Vec<String>> = gold
        .lines()
        .map(norm_tokens)
        .filter(|t| !t.is_empty())
        .collect();
    seg.blocks
        .iter()
        .map(|b| {
            let toks = norm_tokens(b.text(&seg.text));
            if toks.len() < 3 {
                return !toks.is_empty() && lines.contains(&toks);
            }
            let found = toks
                .windows(3)
                .filter(|w| trigrams.contains(&hash3(&w[0], &w[1], &w[2])))
                .count();
            found * 2 >= toks.len() - 2
        })
        .collect()
}

/// The junk kind of a block that is not content, from its features.
pub fn junk_kind(row: &[f32; N_FEATURES]) -> Label {
    let chars = row[idx::LENGTH].exp() - 1.0;
    let words = row[idx::WORDS].exp() - 1.0;
    if row[idx::SEO] >= 0.2 && chars >= 20.0 {
        return Label::LinkFarm;
    }
    if row[idx::BOILERPLATE] > 0.2 {
        return Label::Boilerplate;
    }
    if row[idx::RELATED] > 0.0 || row[idx::READMORE] > 0.0 {
        return Label::HeadlineList;
    }
    let headline_sized = words >= 5.0 && (20.0..=250.0).contains(&chars);
    let link_item = row[idx::LINK_DENSITY] >= 0.6 || row[idx::LIST_ITEM] > 0.0;
    let no_period = row[idx::ENDS_SENTENCE] < 1.0;
    let tail = row[idx::AFTER_MAIN] > 0.0;
    if headline_sized && no_period && (link_item || tail) {
        return Label::HeadlineList;
    }
    if row[idx::SPLIT] > 0.0 && chars >= 100.0 && row[idx::SENTENCE_PUNCT] == 0.0 {
        return Label::HeadlineList;
    }
    Label::Boilerplate
}

/// Labelled blocks of one gold page, for one field.
pub fn examples_from_gold(rec: &GoldRecord, field: &'static str, lex: &Lexicons) -> Vec<Example> {
    let (Some(doc), Some(gold)) = (rec.document(field), rec.gold.as_deref()) else {
        return Vec::new();
    };
    let seg = segment::segment(&doc, lex);
    let rows = features::extract(&seg, doc.format, lex);
    let content = align(&seg, gold);
    let group = rec.group();
    seg.blocks
        .iter()
        .zip(rows)
        .zip(content)
        .map(|((b, row), is_content)| Example {
            group: group.clone(),
            page: rec.id.clone(),
            source: field,
            label: if is_content {
                Label::Content
            } else {
                junk_kind(&row)
            },
            row,
            text: b.text(&seg.text).to_string(),
        })
        .collect()
}

/// The gold text itself as a plain-text page and as a bare HTML page, every
/// block content: teaches
/// the model that text which is already clean (a corpus of extracted
/// articles, a short document) is to be kept whole.
pub fn examples_from_clean_gold(rec: &GoldRecord, lex: &Lexicons) -> Vec<Example> {
    let Some(gold) = rec.gold.as_deref() else {
        return Vec::new();
    };
    // The same text as a bare HTML page, one <p> per line.
    let mut html = String::from("<html><body><article>");
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        html.push_str("<p>");
        html.push_str(&line.replace('&', "&amp;").replace('<', "&lt;"));
        html.push_str("</p>");
    }
    html.push_str("</article></body></html>");
    let group = rec.group();
    let mut out = Vec::new();
    for (doc, source) in [
        (Document::text(gold.to_string()), "gold"),
        (Document::html(html), "gold_html"),
    ] {
        let seg = segment::segment(&doc, lex);
        let rows = features::extract(&seg, doc.format, lex);
        out.extend(seg.blocks.iter().zip(rows).map(|(b, row)| Example {
            group: group.clone(),
            page: rec.id.clone(),
            source,
            row,
            label: Label::Content,
            text: b.text(&seg.text).to_string(),
        }));
    }
    out
}

/// Labelled blocks of a span-labelled text page: each block takes the label
/// of the span covering most of its bytes; blocks no span covers are left
/// out.
pub fn examples_from_spans(rec: &SpanRecord, lex: &Lexicons) -> Vec<Example> {
    let doc = Document::text(rec.text.clone());
    let seg = segment::segment(&doc, lex);
    let rows = features::extract(&seg, Format::Text, lex);
    let mut out = Vec::new();
    for (b, row) in seg.blocks.iter().zip(rows) {
        let mut best: Option<(usize, Label)> = None;
        for s in &rec.spans {
            let overlap = b.end.min(s.end).saturating_sub(b.start.max(s.start));
            if overlap == 0 {
                continue;
            }
            let Some(label) = Label::parse(&s.label) else {
                continue;
            };
            if best.is_none_or(|(o, _)| overlap > o) {
                best = Some((overlap, label));
            }
        }
        if let Some((_, label)) = best {
            out.push(Example {
                group: format!("spans:{}", rec.id),
                page: rec.id.clone(),
                source: "spans",
                row,
                label,
                text: b.text(&seg.text).to_string(),
            });
        }
    }
    out
}

/// The learning algorithms compared by `junksift train --compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Algorithm {
    /// Bagged decision trees with feature subsampling (linfa-ensemble).
    RandomForest,
    /// One decision tree (linfa-trees).
    DecisionTree,
    /// Multinomial logistic regression (linfa-logistic).
    Logistic,
    /// A random forest and a logistic regression fitted on the same rows,
    /// their probabilities averaged: the two make different mistakes.
    Blend,
}

impl Algorithm {
    /// The name stored in the model manifest.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::RandomForest => "random_forest",
            Algorithm::DecisionTree => "decision_tree",
            Algorithm::Logistic => "logistic",
            Algorithm::Blend => "blend",
        }
    }
}

/// Training knobs.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Which learner.
    pub algorithm: Algorithm,
    /// Seed for row sampling, bootstrap and feature sampling: same data and
    /// seed, same model (forests rely on the patched linfa-trees in
    /// vendor/, see vendor/README.md).
    pub seed: u64,
    /// Trees in a forest.
    pub trees: usize,
    /// Maximum tree depth.
    pub max_depth: usize,
    /// At most this many rows are used to fit (sampled deterministically);
    /// linfa's tree learner scans every row at every node.
    pub max_rows: usize,
    /// Train the second pass ([`crate::features::stack`]).
    pub stacking: bool,
    /// With [`Algorithm::Blend`]: the members' weights in the second pass
    /// (forest, logistic regression; empty = equal). Set after fitting, so
    /// it can be changed on a trained model ([`set_second_pass_weights`]).
    pub second_pass_weights: Vec<f32>,
}

/// The shipped model's configuration.
impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            algorithm: Algorithm::Blend,
            seed: 42,
            trees: 40,
            max_depth: 14,
            max_rows: 40_000,
            stacking: true,
            second_pass_weights: vec![2.0, 1.0],
        }
    }
}

/// Fits the model's classifiers on labelled examples: the first pass, and
/// with `cfg.stacking` the second pass, trained on out-of-fold first-pass
/// probabilities (3 site-disjoint folds) so that it learns how much to trust
/// the first pass on pages it has not seen.
pub fn fit_model(
    examples: &[Example],
    cfg: &TrainConfig,
) -> anyhow::Result<(Classifier, Option<Classifier>)> {
    let first_rows: Vec<&[f32]> = examples.iter().map(|e| &e.row[..]).collect();
    if !cfg.stacking {
        return Ok((fit(examples, &first_rows, cfg)?, None));
    }
    const INNER: usize = 3;
    let inner_fold = |e: &Example| fold_of(&format!("inner:{}", e.group), INNER);
    // The first pass and the inner-fold models are independent: fit them
    // side by side (linfa's learners are single-threaded).
    let (first, inner_models) = rayon::join(
        || fit(examples, &first_rows, cfg),
        || {
            (0..INNER)
                .into_par_iter()
                .map(|k| {
                    let ex: Vec<Example> = examples
                        .iter()
                        .filter(|e| inner_fold(e) != k)
                        .cloned()
                        .collect();
                    let rows: Vec<&[f32]> = ex.iter().map(|e| &e.row[..]).collect();
                    fit(&ex, &rows, cfg)
                })
                .collect::<anyhow::Result<Vec<Classifier>>>()
        },
    );
    let (first, inner_models) = (first?, inner_models?);
    let p1: Vec<f32> = examples
        .iter()
        .map(|e| inner_models[inner_fold(e)].predict(&e.row)[0])
        .collect();
    // Second-pass rows, page by page (a page's examples are contiguous).
    let mut stacked: Vec<[f32; N_ALL]> = Vec::with_capacity(examples.len());
    let mut start = 0;
    while start < examples.len() {
        let same =
            |e: &Example| e.page == examples[start].page && e.source == examples[start].source;
        let end = start + examples[start..].iter().take_while(|e| same(e)).count();
        let rows: Vec<[f32; N_FEATURES]> = examples[start..end].iter().map(|e| e.row).collect();
        let topics: Vec<Vec<u64>> = examples[start..end]
            .iter()
            .map(|e| stack::topic_words(&e.text))
            .collect();
        stacked.extend(stack::stacked(&rows, &p1[start..end], &topics));
        start = end;
    }
    let rows: Vec<&[f32]> = stacked.iter().map(|r| &r[..]).collect();
    let mut second = fit(examples, &rows, cfg)?;
    set_second_pass_weights(&mut second, cfg);
    Ok((first, Some(second)))
}

/// Gives a blended second pass the weights of `cfg` (no-op for other
/// learners, or when `cfg` leaves the weights equal).
pub fn set_second_pass_weights(second: &mut Classifier, cfg: &TrainConfig) {
    if let Classifier::Blend { weights, .. } = second {
        weights.clone_from(&cfg.second_pass_weights);
    }
}

/// Fits one classifier; `rows[i]` is the feature row of `examples[i]`.
pub fn fit(examples: &[Example], rows: &[&[f32]], cfg: &TrainConfig) -> anyhow::Result<Classifier> {
    anyhow::ensure!(!examples.is_empty(), "no labelled blocks to train on");
    let width = rows.first().map_or(0, |r| r.len());
    let picked = oversample(examples, sample(examples, cfg.max_rows, cfg.seed));
    let n = picked.len();
    let mut x = Array2::<f64>::zeros((n, width));
    let mut y = Array1::<usize>::zeros(n);
    for (i, &k) in picked.iter().enumerate() {
        for f in 0..width {
            x[(i, f)] = f64::from(rows[k].get(f).copied().unwrap_or(0.0));
        }
        y[i] = examples[k].label.index();
    }
    let data = DatasetBase::new(x, y);
    let rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let tree_params = DecisionTree::params()
        .max_depth(Some(cfg.max_depth))
        .min_weight_split(8.0)
        .min_weight_leaf(3.0);
    let classifier = match cfg.algorithm {
        Algorithm::DecisionTree => {
            let tree = tree_params.fit(&data)?;
            let all: Vec<usize> = (0..width).collect();
            Classifier::Forest(Forest {
                trees: vec![flatten(tree.root_node(), &all)],
            })
        }
        Algorithm::RandomForest => {
            let ens = EnsembleLearnerParams::new_fixed_rng(tree_params, rng)
                .ensemble_size(cfg.trees)
                .bootstrap_proportion(0.7)
                .feature_proportion(0.5)
                .fit(&data)?;
            let trees = ens
                .models
                .iter()
                .zip(&ens.model_features)
                .map(|(m, feats)| flatten(m.root_node(), feats))
                .collect();
            Classifier::Forest(Forest { trees })
        }
        Algorithm::Logistic => fit_logistic(&data)?,
        Algorithm::Blend => {
            let member = |algorithm| {
                let cfg = TrainConfig {
                    algorithm,
                    ..cfg.clone()
                };
                fit(examples, rows, &cfg)
            };
            let (forest, logistic) = rayon::join(
                || member(Algorithm::RandomForest),
                || member(Algorithm::Logistic),
            );
            return Ok(Classifier::Blend {
                members: vec![forest?, logistic?],
                weights: Vec::new(),
                shortcut: 0.0,
                sure: Sure::Both,
            });
        }
    };
    Ok(match classifier {
        Classifier::Forest(mut forest) => {
            fill_distributions(&mut forest, examples, rows, &picked);
            Classifier::Forest(forest)
        }
        other => other,
    })
}

fn fit_logistic(data: &DatasetBase<Array2<f64>, Array1<usize>>) -> anyhow::Result<Classifier> {
    let x = data.records();
    let (n, nf) = x.dim();
    let mut mean = vec![0f64; nf];
    let mut scale = vec![1f64; nf];
    for f in 0..nf {
        let col = x.column(f);
        let m = col.sum() / n.max(1) as f64;
        let var = col.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n.max(1) as f64;
        mean[f] = m;
        scale[f] = if var > 1e-12 { var.sqrt() } else { 1.0 };
    }
    let mut xs = x.to_owned();
    for ((_, f), v) in xs.indexed_iter_mut() {
        *v = (*v - mean[f]) / scale[f];
    }
    let ds = DatasetBase::new(xs, data.targets().to_owned());
    let fitted = linfa_logistic::MultiLogisticRegression::default()
        .max_iterations(200)
        .alpha(0.01)
        .fit(&ds)?;
    let params = fitted.params(); // (features, classes)
    let classes = fitted.classes();
    let mut weights = vec![vec![0f32; nf]; N_CLASSES];
    let mut intercept = vec![-30f32; N_CLASSES];
    for (ci, &c) in classes.iter().enumerate() {
        if c < N_CLASSES {
            for f in 0..nf {
                weights[c][f] = params[(f, ci)] as f32;
            }
            intercept[c] = fitted.intercept()[ci] as f32;
        }
    }
    Ok(Classifier::Logistic(Logistic::new(
        mean.iter().map(|&v| v as f32).collect(),
        scale.iter().map(|&v| v as f32).collect(),
        weights,
        intercept,
    )))
}

/// Deterministic subsample (indices), keeping every example of the rare
/// kinds.
fn sample(examples: &[Example], max_rows: usize, seed: u64) -> Vec<usize> {
    if examples.len() <= max_rows {
        return (0..examples.len()).collect();
    }
    let mut keyed: Vec<(u64, usize)> = examples
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (seed, i).hash(&mut h);
            // Rare kinds first so they are never sampled away.
            let rare = matches!(e.label, Label::LinkFarm) || e.source == "spans";
            (if rare { 0 } else { h.finish() | 1 }, i)
        })
        .collect();
    keyed.sort_unstable();
    keyed.truncate(max_rows);
    let mut picked: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    picked.sort_unstable();
    picked
}

/// How many times each example of a rare kind is repeated, so that trees
/// grown on tens of thousands of boilerplate blocks still learn the kinds
/// the gold sets barely show.
fn weight(e: &Example) -> usize {
    match (e.label, e.source) {
        (Label::LinkFarm, _) => 8,
        (_, "spans") => 2,
        (Label::HeadlineList, _) => 2,
        _ => 1,
    }
}

fn oversample(examples: &[Example], picked: Vec<usize>) -> Vec<usize> {
    picked
        .into_iter()
        .flat_map(|i| std::iter::repeat_n(i, weight(&examples[i])))
        .collect()
}

/// Where a node's index goes in its parent: (parent index, is left child).
type ParentSlot = (usize, bool);

/// Converts a linfa tree into arrays. `feats` maps the tree's feature
/// indices to global ones (trees of an ensemble see a feature subset).
fn flatten(root: &TreeNode<f64, usize>, feats: &[usize]) -> Tree {
    let mut t = Tree::default();
    // Iterative: (node, slot to patch in the parent).
    let mut stack: Vec<(&TreeNode<f64, usize>, Option<ParentSlot>)> = vec![(root, None)];
    while let Some((node, parent)) = stack.pop() {
        let i = t.feature.len();
        if let Some((p, is_left)) = parent {
            if is_left {
                t.left[p] = i as u32;
            } else {
                t.right[p] = i as u32;
            }
        }
        let children = node.children();
        let (l, r) = (children[0].as_deref(), children[1].as_deref());
        match (node.is_leaf(), l, r) {
            (false, Some(l), Some(r)) => {
                let (f, thr, _) = node.split();
                t.feature.push(feats.get(f).copied().unwrap_or(f) as u16);
                t.threshold.push(thr as f32);
                t.left.push(0);
                t.right.push(0);
                t.value.push([0.0; N_CLASSES]);
                stack.push((r, Some((i, false))));
                stack.push((l, Some((i, true))));
            }
            _ => {
                let mut v = [0.0; N_CLASSES];
                if let Some(p) = node.prediction() {
                    if p < N_CLASSES {
                        v[p] = 1.0;
                    }
                }
                t.feature.push(LEAF);
                t.threshold.push(0.0);
                t.left.push(0);
                t.right.push(0);
                t.value.push(v);
            }
        }
    }
    t
}

/// Replaces node values by the (smoothed) class distribution of the
/// training rows reaching each node.
fn fill_distributions(
    forest: &mut Forest,
    examples: &[Example],
    rows: &[&[f32]],
    picked: &[usize],
) {
    for tree in &mut forest.trees {
        let mut counts = vec![[0f32; N_CLASSES]; tree.feature.len()];
        for &k in picked {
            let row = rows[k];
            let mut i = 0usize;
            loop {
                counts[i][examples[k].label.index()] += 1.0;
                let f = tree.feature[i];
                if f == LEAF {
                    break;
                }
                i = if row.get(f as usize).copied().unwrap_or(0.0) < tree.threshold[i] {
                    tree.left[i]
                } else {
                    tree.right[i]
                } as usize;
            }
        }
        for (v, c) in tree.value.iter_mut().zip(counts) {
            let total: f32 = c.iter().sum();
            if total > 0.0 {
                // A light prior keeps tiny leaves from claiming certainty.
                for k in 0..N_CLASSES {
                    v[k] = ((c[k] + 0.1) / (total + 0.4) * 1000.0).round() / 1000.0;
                }
            }
        }
    }
}

/// Counts of examples per label.
pub fn label_counts(examples: &[Example]) -> Vec<(String, usize)> {
    let mut m: HashMap<Label, usize> = HashMap::new();
    for e in examples {
        *m.entry(e.label).or_insert(0) += 1;
    }
    Label::ALL
        .iter()
        .map(|l| (l.name().to_string(), m.get(l).copied().unwrap_or(0)))
        .collect()
}

/// The fold (0..k) of a cross-validation group: a stable hash, so the same
/// group lands in the same fold in every run and across input files.
pub fn fold_of(group: &str, k: usize) -> usize {
    // FNV-1a: stable across Rust versions, unlike DefaultHasher.
    let h = crate::prehashed::fingerprint(group.as_bytes());
    (h % k.max(1) as u64) as usize
}

/// Writes the training table as CSV: page, source, label, text, features.
pub fn write_table(path: &Path, examples: &[Example]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    write!(w, "group,page,source,label,text")?;
    for name in features::NAMES {
        write!(w, ",{name}")?;
    }
    writeln!(w)?;
    for e in examples {
        let text: String = e
            .text
            .chars()
            .take(200)
            .collect::<String>()
            .replace('"', "\"\"");
        write!(
            w,
            "{},{},{},{},\"{}\"",
            e.group,
            e.page,
            e.source,
            e.label.name(),
            text
        )?;
        for v in e.row {
            write!(w, ",{v}")?;
        }
        writeln!(w)?;
    }
    Ok(())
}
