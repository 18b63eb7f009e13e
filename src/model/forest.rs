//! A compact forest of decision trees for inference.
//!
//! Training uses linfa (`linfa-trees`, `linfa-ensemble`); the fitted trees
//! are then flattened into arrays so that prediction is a tight loop with no
//! allocation, and so that every node carries the class distribution of the
//! training blocks that reached it. Those distributions give calibrated
//! probabilities (instead of bare votes) and per-feature contributions for
//! the reasons of a label (Saabas' path attribution).

use serde::{Deserialize, Serialize};

/// Number of classes (labels).
pub const N_CLASSES: usize = 4;

/// Marks a leaf in [`Tree::feature`].
pub const LEAF: u16 = u16::MAX;

/// One tree as parallel arrays; node 0 is the root.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Tree {
    /// Split feature per node, or [`LEAF`].
    pub feature: Vec<u16>,
    /// Go left when `x[feature] < threshold`.
    pub threshold: Vec<f32>,
    /// Left child index.
    pub left: Vec<u32>,
    /// Right child index.
    pub right: Vec<u32>,
    /// Class distribution of the training rows at the node (sums to 1).
    pub value: Vec<[f32; N_CLASSES]>,
    /// The nodes packed for the prediction loop (see [`Tree::prepare`]);
    /// empty until then, and never serialized.
    #[serde(skip)]
    packed: Vec<Packed>,
}

/// One node as the prediction loop reads it: one cache line holds four.
#[derive(Debug, Clone, Copy)]
struct Packed {
    /// Split feature, or [`LEAF`].
    feature: u16,
    /// Go left when `x[feature] < threshold`.
    threshold: f32,
    /// Left child; the right child is `right`.
    left: u32,
    /// Right child.
    right: u32,
}

impl Tree {
    /// Packs the nodes for fast prediction, after checking that every child
    /// index points inside the tree and after its parent (so a walk always
    /// ends). A tree that fails the check is left unpacked and predicted
    /// with the slower, fully checked walk.
    pub fn prepare(&mut self) {
        let n = self.feature.len();
        let lens_ok = self.threshold.len() == n
            && self.left.len() == n
            && self.right.len() == n
            && self.value.len() == n;
        let links_ok = (0..n).all(|i| {
            self.feature.get(i) == Some(&LEAF)
                || [&self.left, &self.right].iter().all(|c| {
                    c.get(i)
                        .is_some_and(|&c| (c as usize) < n && (c as usize) > i)
                })
        });
        self.packed = if lens_ok && links_ok {
            (0..n)
                .map(|i| Packed {
                    feature: self.feature[i],
                    threshold: self.threshold[i],
                    left: self.left[i],
                    right: self.right[i],
                })
                .collect()
        } else {
            Vec::new()
        };
    }

    /// Index of the leaf `x` falls into.
    #[inline]
    pub fn leaf(&self, x: &[f32]) -> usize {
        if self.packed.is_empty() {
            return self.leaf_checked(x);
        }
        let mut i = 0usize;
        // `prepare` guaranteed that children come after their parent and
        // stay inside the tree, so this loop ends and indexes in bounds.
        while let Some(node) = self.packed.get(i) {
            if node.feature == LEAF {
                break;
            }
            let v = x.get(node.feature as usize).copied().unwrap_or(0.0);
            i = if v < node.threshold {
                node.left
            } else {
                node.right
            } as usize;
        }
        i
    }

    /// Index of the leaf `x` falls into, checking every index. Malformed
    /// trees (bad indices) end the walk at the current node instead of
    /// panicking.
    fn leaf_checked(&self, x: &[f32]) -> usize {
        let mut i = 0usize;
        let mut steps = 0;
        while let Some(&f) = self.feature.get(i) {
            if f == LEAF || steps > 64 {
                break;
            }
            let v = x.get(f as usize).copied().unwrap_or(0.0);
            let t = self.threshold.get(i).copied().unwrap_or(0.0);
            let next = if v < t { &self.left } else { &self.right };
            match next.get(i) {
                Some(&c) if (c as usize) < self.feature.len() => i = c as usize,
                _ => break,
            }
            steps += 1;
        }
        i
    }

    /// Class distribution for `x`.
    pub fn predict(&self, x: &[f32]) -> [f32; N_CLASSES] {
        self.value
            .get(self.leaf(x))
            .copied()
            .unwrap_or([0.25; N_CLASSES])
    }

    /// Adds, per feature, how much each split on the path moved the class
    /// distribution (child minus parent), into `contrib`.
    pub fn contributions(&self, x: &[f32], contrib: &mut [[f32; N_CLASSES]]) {
        let mut i = 0usize;
        let mut steps = 0;
        while let (Some(&f), Some(parent)) = (self.feature.get(i), self.value.get(i)) {
            if f == LEAF || steps > 64 {
                break;
            }
            let v = x.get(f as usize).copied().unwrap_or(0.0);
            let t = self.threshold.get(i).copied().unwrap_or(0.0);
            let next = if v < t { &self.left } else { &self.right };
            let Some(&c) = next.get(i) else { break };
            let Some(child) = self.value.get(c as usize) else {
                break;
            };
            if let Some(slot) = contrib.get_mut(f as usize) {
                for k in 0..N_CLASSES {
                    slot[k] += child[k] - parent[k];
                }
            }
            i = c as usize;
            steps += 1;
        }
    }
}

/// An ensemble of trees; the prediction is the mean of their leaf
/// distributions.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Forest {
    /// The trees.
    pub trees: Vec<Tree>,
}

impl Forest {
    /// Packs every tree for fast prediction (see [`Tree::prepare`]).
    pub fn prepare(&mut self) {
        for t in &mut self.trees {
            t.prepare();
        }
    }

    /// Mean class distribution over the trees.
    pub fn predict(&self, x: &[f32]) -> [f32; N_CLASSES] {
        let mut p = [0f32; N_CLASSES];
        for t in &self.trees {
            let v = t.predict(x);
            for k in 0..N_CLASSES {
                p[k] += v[k];
            }
        }
        let n = self.trees.len().max(1) as f32;
        p.map(|v| v / n)
    }

    /// [`Forest::predict`] for many rows at once, tree by tree, so that each
    /// tree stays in cache while every row walks it. Gives exactly the same
    /// numbers (each row's sum is taken in the same tree order).
    pub fn predict_many<R: AsRef<[f32]>>(&self, rows: &[R]) -> Vec<[f32; N_CLASSES]> {
        let mut out = vec![[0f32; N_CLASSES]; rows.len()];
        for t in &self.trees {
            for (p, x) in out.iter_mut().zip(rows) {
                let v = t.predict(x.as_ref());
                for k in 0..N_CLASSES {
                    p[k] += v[k];
                }
            }
        }
        let n = self.trees.len().max(1) as f32;
        for p in &mut out {
            *p = p.map(|v| v / n);
        }
        out
    }

    /// Mean per-feature contributions over the trees.
    pub fn contributions(&self, x: &[f32]) -> Vec<[f32; N_CLASSES]> {
        let mut c = vec![[0f32; N_CLASSES]; x.len()];
        for t in &self.trees {
            t.contributions(x, &mut c);
        }
        let n = self.trees.len().max(1) as f32;
        for row in c.iter_mut() {
            for v in row.iter_mut() {
                *v /= n;
            }
        }
        c
    }

    /// Number of nodes over all trees.
    pub fn n_nodes(&self) -> usize {
        self.trees.iter().map(|t| t.feature.len()).sum()
    }
}
