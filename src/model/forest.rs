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

/// How many rows [`Tree::walk_many`] walks down a tree together.
const LANES: usize = 8;

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
    /// Per node, its class distribution minus its parent's (zero at the
    /// root): what a split moved, precomputed for explaining. Filled with
    /// `packed`.
    #[serde(skip)]
    delta: Vec<[f32; N_CLASSES]>,
}

/// One node as the prediction loop reads it: 16 bytes, so one cache line
/// holds four (the class distributions stay in [`Tree::value`], read only
/// at the leaf, or along the path when explaining).
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
        self.delta = vec![[0f32; N_CLASSES]; self.packed.len()];
        for (i, node) in self.packed.iter().enumerate() {
            if node.feature == LEAF {
                continue;
            }
            for c in [node.left as usize, node.right as usize] {
                let (parent, child) = (self.value[i], self.value[c]);
                self.delta[c] = std::array::from_fn(|k| child[k] - parent[k]);
            }
        }
    }

    /// Walks `x` down to its leaf and returns the leaf's index, calling
    /// `step(feature, parent, child)` (node indices) for every split taken.
    #[inline]
    fn walk(&self, x: &[f32], mut step: impl FnMut(usize, usize, usize)) -> usize {
        let mut leaf = [0usize];
        self.walk_many(&[x], &mut leaf, |_, f, parent, child| {
            step(f, parent, child)
        });
        leaf[0]
    }

    /// [`Tree::walk`] checking every index: malformed trees (bad indices)
    /// end the walk at the current node instead of panicking.
    fn walk_checked(&self, x: &[f32], mut step: impl FnMut(usize, usize, usize)) -> usize {
        let n = self.feature.len().min(self.value.len());
        let mut i = 0usize;
        let mut steps = 0;
        while let Some(&f) = self.feature.get(i).filter(|_| i < n) {
            if f == LEAF || steps > 64 {
                break;
            }
            let v = x.get(f as usize).copied().unwrap_or(0.0);
            let t = self.threshold.get(i).copied().unwrap_or(0.0);
            let next = if v < t { &self.left } else { &self.right };
            let Some(c) = next.get(i).map(|&c| c as usize).filter(|&c| c < n) else {
                break;
            };
            step(f as usize, i, c);
            i = c;
            steps += 1;
        }
        i
    }

    /// The class distribution at node `i`.
    #[inline]
    fn value_at(&self, i: usize) -> [f32; N_CLASSES] {
        self.value.get(i).copied().unwrap_or([0.25; N_CLASSES])
    }

    /// Class distribution for `x`.
    pub fn predict(&self, x: &[f32]) -> [f32; N_CLASSES] {
        self.value_at(self.walk(x, |_, _, _| {}))
    }

    /// Adds, per feature, how much each split on the path moved the class
    /// distribution (child minus parent), into `contrib`, and returns the
    /// leaf's distribution.
    pub fn contributions(&self, x: &[f32], contrib: &mut [[f32; N_CLASSES]]) -> [f32; N_CLASSES] {
        let leaf = self.walk(x, |f, parent, child| {
            if let Some(slot) = contrib.get_mut(f) {
                let d = self.delta_at(parent, child);
                for k in 0..N_CLASSES {
                    slot[k] += d[k];
                }
            }
        });
        self.value_at(leaf)
    }

    /// What the split from `parent` to `child` moved the class
    /// distribution: precomputed for packed trees.
    #[inline]
    fn delta_at(&self, parent: usize, child: usize) -> [f32; N_CLASSES] {
        match self.delta.get(child) {
            Some(d) => *d,
            None => {
                let (parent, child) = (self.value_at(parent), self.value_at(child));
                std::array::from_fn(|k| child[k] - parent[k])
            }
        }
    }

    /// Walks every row of `rows` down the tree, writing each row's leaf into
    /// `leaves` and calling `step(row, feature, parent, child)` for every
    /// split taken, in path order for each row.
    ///
    /// Rows go down [`LANES`] at a time, in lockstep: one walk is a chain of
    /// dependent loads (node, then feature value, then the next node), and
    /// interleaving independent chains lets the CPU overlap them instead of
    /// waiting on each load in turn.
    fn walk_many<R: AsRef<[f32]>>(
        &self,
        rows: &[R],
        leaves: &mut [usize],
        mut step: impl FnMut(usize, usize, usize, usize),
    ) {
        if self.packed.is_empty() {
            for (r, (x, leaf)) in rows.iter().zip(leaves.iter_mut()).enumerate() {
                *leaf = self.walk_checked(x.as_ref(), |f, p, c| step(r, f, p, c));
            }
            return;
        }
        for (chunk, (rs, ls)) in rows.chunks(LANES).zip(leaves.chunks_mut(LANES)).enumerate() {
            let base = chunk * LANES;
            let mut at = [0usize; LANES];
            // `prepare` guaranteed that children come after their parent
            // and stay inside the tree, so every walk ends.
            loop {
                let mut moved = false;
                for (lane, x) in rs.iter().enumerate() {
                    let i = at[lane];
                    let Some(node) = self.packed.get(i) else {
                        continue;
                    };
                    if node.feature == LEAF {
                        continue;
                    }
                    let f = node.feature as usize;
                    let v = x.as_ref().get(f).copied().unwrap_or(0.0);
                    let next = if v < node.threshold {
                        node.left
                    } else {
                        node.right
                    } as usize;
                    step(base + lane, f, i, next);
                    at[lane] = next;
                    moved = true;
                }
                if !moved {
                    break;
                }
            }
            ls.copy_from_slice(&at[..rs.len()]);
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
    /// tree stays in cache while every row walks it (several rows at a time:
    /// see `Tree::walk_many`). Gives exactly the same numbers (each row's
    /// sum is taken in the same tree order).
    pub fn predict_many<R: AsRef<[f32]>>(&self, rows: &[R]) -> Vec<[f32; N_CLASSES]> {
        let mut out = vec![[0f32; N_CLASSES]; rows.len()];
        let mut leaves = vec![0usize; rows.len()];
        for t in &self.trees {
            t.walk_many(rows, &mut leaves, |_, _, _, _| {});
            for (p, &leaf) in out.iter_mut().zip(&leaves) {
                let v = t.value_at(leaf);
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

    /// [`Forest::predict_many`] that also explains every row: `contrib`
    /// receives, for row `r`, the mean per-feature contributions in
    /// `contrib[r * width..(r + 1) * width]` (see [`Forest::contributions`]).
    /// One walk per tree and row serves both, so explaining costs a few
    /// additions per split instead of a second pass over the forest. The
    /// numbers are exactly those of the two separate calls.
    pub fn predict_explained_many<R: AsRef<[f32]>>(
        &self,
        rows: &[R],
        width: usize,
    ) -> (Vec<[f32; N_CLASSES]>, Vec<[f32; N_CLASSES]>) {
        if width == 0 {
            return (self.predict_many(rows), Vec::new());
        }
        let mut out = vec![[0f32; N_CLASSES]; rows.len()];
        let mut contrib = vec![[0f32; N_CLASSES]; rows.len() * width];
        let mut leaves = vec![0usize; rows.len()];
        for t in &self.trees {
            t.walk_many(rows, &mut leaves, |r, f, parent, child| {
                if f >= width {
                    return;
                }
                if let Some(slot) = contrib.get_mut(r * width + f) {
                    let d = t.delta_at(parent, child);
                    for k in 0..N_CLASSES {
                        slot[k] += d[k];
                    }
                }
            });
            for (p, &leaf) in out.iter_mut().zip(&leaves) {
                let v = t.value_at(leaf);
                for k in 0..N_CLASSES {
                    p[k] += v[k];
                }
            }
        }
        let n = self.trees.len().max(1) as f32;
        for p in &mut out {
            *p = p.map(|v| v / n);
        }
        for c in &mut contrib {
            *c = c.map(|v| v / n);
        }
        (out, contrib)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A stump on feature 1 under a split on feature 0.
    fn tree() -> Tree {
        let d = |c: f32| [c, 1.0 - c, 0.0, 0.0];
        Tree {
            feature: vec![0, LEAF, 1, LEAF, LEAF],
            threshold: vec![0.5, 0.0, 2.0, 0.0, 0.0],
            left: vec![1, 0, 3, 0, 0],
            right: vec![2, 0, 4, 0, 0],
            value: vec![d(0.5), d(0.1), d(0.7), d(0.6), d(0.9)],
            packed: Vec::new(),
            delta: Vec::new(),
        }
    }

    #[test]
    fn one_walk_explains_exactly_as_two() {
        let mut forest = Forest {
            trees: vec![tree(), tree()],
        };
        let rows = [[0.0f32, 0.0], [1.0, 1.0], [1.0, 3.0]];
        let mut unpacked = Vec::new();
        for packed in [false, true] {
            if packed {
                forest.prepare();
            }
            let (p, c) = forest.predict_explained_many(&rows, 2);
            // The packed walk (precomputed deltas) gives the very same numbers.
            if packed {
                assert_eq!(c, unpacked);
            } else {
                unpacked.clone_from(&c);
            }
            assert_eq!(p, forest.predict_many(&rows));
            for (r, x) in rows.iter().enumerate() {
                assert_eq!(&c[r * 2..r * 2 + 2], &forest.contributions(x)[..]);
            }
            // Row 3 goes right twice: +0.2 from feature 0, +0.2 from feature 1.
            assert!((c[5][0] - 0.2).abs() < 1e-6 && (p[2][0] - 0.9).abs() < 1e-6);
        }
    }

    #[test]
    fn malformed_tree_ends_the_walk_instead_of_panicking() {
        let mut t = tree();
        t.left[0] = 99;
        let mut forest = Forest { trees: vec![t] };
        forest.prepare();
        assert_eq!(forest.predict(&[0.0, 0.0]), [0.5, 0.5, 0.0, 0.0]);
    }
}
