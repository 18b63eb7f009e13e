//! A compact forest of decision trees for inference.
//!
//! Training uses linfa (`linfa-trees`, `linfa-ensemble`); the fitted trees
//! are then flattened into arrays so that prediction is a tight loop with no
//! allocation, and so that every node carries the class distribution of the
//! training blocks that reached it. Those distributions give calibrated
//! probabilities (instead of bare votes) and per-feature contributions for
//! the reasons of a label (Saabas' path attribution).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Number of classes (labels).
pub const N_CLASSES: usize = 4;

/// Marks a leaf in [`Tree::feature`].
pub const LEAF: u16 = u16::MAX;

/// How many rows [`Tree::walk_many`] walks down a tree together.
const LANES: usize = 8;

/// The most features a packed tree may split on (a power of two). The
/// prediction loop copies every row into a lane of this many values (zero
/// past the row's end, as a missing feature reads everywhere else), so
/// that a split's feature indexes a fixed-size array: no bounds check, and
/// every lane sits at a fixed offset from one pointer, so that the eight
/// walks of [`Tree::walk_lanes`] keep their state in registers. A tree
/// that splits on a feature past it is left unpacked.
const WIDTH: usize = 256;

/// Rows a [`Forest::predict_leaves`] call copies into lanes at a time
/// (64 KB of them), walking every tree over them before the next rows:
/// the lanes stay in cache while the trees go by.
const BLOCK: usize = 64;

/// A row copied for the prediction loop (see [`WIDTH`]).
type Lane = [f32; WIDTH];

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
    /// The depth of the deepest leaf: after that many steps every walk
    /// has reached its leaf. Filled with `packed`.
    #[serde(skip)]
    depth: usize,
    /// Every leaf's path, for explaining (see [`Paths`]); built on first
    /// use, so that trees that never explain do not hold them.
    #[serde(skip)]
    paths: OnceLock<Paths>,
}

/// The path from the root to every leaf of a packed tree, as the features
/// split on, in the order of their first split, each with the sum of what
/// its splits moved the class distribution. Explaining a row is then a
/// read of its leaf's entries after a plain walk, instead of bookkeeping
/// at every step of the walk (and a feature split on three times along a
/// path is one entry, not three). 18 bytes per entry: a few MB for a
/// forest of deep trees.
#[derive(Debug, Clone, Default)]
struct Paths {
    /// Per node: where its path's entries start and end (empty for inner
    /// nodes).
    span: Vec<(u32, u32)>,
    /// Per entry: the split feature.
    feature: Vec<u16>,
    /// Per entry: what the split moved the class distribution.
    delta: Vec<[f32; N_CLASSES]>,
}

impl Paths {
    /// The features split on along the path to `leaf`, with what their
    /// splits moved the class distribution.
    fn of(&self, leaf: usize) -> impl Iterator<Item = (u16, &[f32; N_CLASSES])> + '_ {
        let (start, end) = self.span.get(leaf).copied().unwrap_or((0, 0));
        let range = start as usize..end as usize;
        let features = self.feature.get(range.clone()).unwrap_or(&[]);
        let deltas = self.delta.get(range).unwrap_or(&[]);
        features.iter().copied().zip(deltas)
    }
}

/// One node as the prediction loop reads it: 8 bytes, so one cache line
/// holds eight (the class distributions stay in [`Tree::value`], read only
/// at the leaf, or along the path when explaining). The trees come in
/// preorder (`train::flatten` writes them so), every left child right
/// after its parent, so only the right child is stored, and a tree fits in
/// `u16` indices (a few thousand nodes at depth 14). A cache line of the
/// tree's top then holds a path several splits deep, and a forest takes
/// half the cache it did with both children stored as `u32`.
#[derive(Debug, Clone, Copy)]
struct Packed {
    /// Go left (to the next node) when `x[feature] < threshold`; `-inf` at
    /// a leaf, where no value goes left.
    threshold: f32,
    /// Split feature (0 at a leaf).
    feature: u16,
    /// Right child; a leaf's is the leaf itself.
    right: u16,
}

impl Packed {
    /// The child `x` goes to from node `i`: itself at a leaf.
    ///
    /// A conditional move, not a branch: the direction is a coin toss the
    /// branch predictor loses, and a plain `if` here compiles to a branch.
    #[inline(always)]
    fn next(self, i: u32, x: &[f32]) -> u32 {
        let v = x.get(usize::from(self.feature)).copied().unwrap_or(0.0);
        std::hint::select_unpredictable(v < self.threshold, i + 1, u32::from(self.right))
    }
}

impl Tree {
    /// Packs the nodes for fast prediction, after checking that every child
    /// index points inside the tree and after its parent (so a walk always
    /// ends), that every left child comes right after its parent and that
    /// the indices fit the packed nodes (see `Packed`). A tree that fails
    /// the check is left unpacked and predicted with the slower, fully
    /// checked walk.
    pub fn prepare(&mut self) {
        let n = self.feature.len();
        let lens_ok = self.threshold.len() == n
            && self.left.len() == n
            && self.right.len() == n
            && self.value.len() == n
            && n <= usize::from(u16::MAX) + 1
            && self
                .feature
                .iter()
                .all(|&f| f == LEAF || usize::from(f) < WIDTH);
        let links_ok = (0..n).all(|i| {
            self.feature.get(i) == Some(&LEAF)
                || (self.left.get(i) == Some(&(i as u32 + 1))
                    && self
                        .right
                        .get(i)
                        .is_some_and(|&c| (c as usize) < n && (c as usize) > i))
        });
        // ...and that no node has two parents, so that a leaf's path (see
        // [`Paths`]) is the path every row that reaches it took.
        let mut parents = vec![0u8; n];
        let links_ok = links_ok
            && (0..n)
                .filter(|&i| self.feature.get(i) != Some(&LEAF))
                .flat_map(|i| [self.left[i], self.right[i]])
                .all(|c| {
                    let seen = &mut parents[c as usize];
                    *seen += 1;
                    *seen == 1
                });
        self.packed = if lens_ok && links_ok {
            (0..n)
                .map(|i| match self.feature[i] {
                    // A leaf leads to itself, so that a walk can take a
                    // fixed number of steps (see `walk_many`). (`n` fits
                    // in u16 indices, checked above.)
                    LEAF => Packed {
                        threshold: f32::NEG_INFINITY,
                        feature: 0,
                        right: i as u16,
                    },
                    f => Packed {
                        threshold: self.threshold[i],
                        feature: f,
                        right: self.right[i] as u16,
                    },
                })
                .collect()
        } else {
            Vec::new()
        };
        self.paths = OnceLock::new();
        self.delta = vec![[0f32; N_CLASSES]; self.packed.len()];
        let mut depth = vec![0usize; self.packed.len()];
        self.depth = 0;
        for i in 0..self.packed.len() {
            if self.feature[i] == LEAF {
                self.depth = self.depth.max(depth[i]);
                continue;
            }
            for c in [self.left[i] as usize, self.right[i] as usize] {
                let (parent, child) = (self.value[i], self.value[c]);
                self.delta[c] = std::array::from_fn(|k| child[k] - parent[k]);
                depth[c] = depth[i] + 1;
            }
        }
    }

    /// Lists every leaf's path (see [`Paths`]), depth first; empty for a
    /// tree that is not packed.
    fn leaf_paths(&self) -> Paths {
        let mut paths = Paths {
            span: vec![(0, 0); self.packed.len()],
            ..Paths::default()
        };
        // The current branch, as (node, feature of the split into it).
        let mut branch: Vec<(usize, u16)> = Vec::new();
        let mut todo: Vec<(usize, usize, u16)> = Vec::new();
        // Per feature, its entry in the path being listed, or u32::MAX
        // (packed trees split on features below WIDTH; any other would be
        // looked for in the path): no scan of the path per split.
        let mut entry = [u32::MAX; WIDTH];
        if !self.packed.is_empty() {
            todo.push((0, 0, LEAF));
        }
        while let Some((node, depth, via)) = todo.pop() {
            branch.truncate(depth);
            branch.push((node, via));
            match self.feature.get(node) {
                Some(&LEAF) => {
                    let start = paths.feature.len();
                    for &(child, f) in branch.iter().skip(1) {
                        let d = self.delta.get(child).copied().unwrap_or_default();
                        let known = match entry.get(usize::from(f)) {
                            Some(&at) => (at != u32::MAX).then_some(at as usize),
                            None => paths.feature[start..]
                                .iter()
                                .position(|&g| g == f)
                                .map(|at| start + at),
                        };
                        match known {
                            Some(at) => {
                                let slot = &mut paths.delta[at];
                                for k in 0..N_CLASSES {
                                    slot[k] += d[k];
                                }
                            }
                            None => {
                                if let Some(at) = entry.get_mut(usize::from(f)) {
                                    *at = paths.feature.len() as u32;
                                }
                                paths.feature.push(f);
                                paths.delta.push(d);
                            }
                        }
                    }
                    for &f in &paths.feature[start..] {
                        if let Some(at) = entry.get_mut(usize::from(f)) {
                            *at = u32::MAX;
                        }
                    }
                    paths.span[node] = (start as u32, paths.feature.len() as u32);
                }
                Some(&f) => {
                    // `prepare` checked the links of packed trees.
                    todo.push((self.right[node] as usize, depth + 1, f));
                    todo.push((self.left[node] as usize, depth + 1, f));
                }
                None => {}
            }
        }
        paths
    }

    /// Explains one row from the leaf it reached in this tree: adds to
    /// `slots[f]`, for every feature `f` split on along the path (below
    /// `slots.len()`), what its splits moved the probability of class `k`.
    /// That is the class's part of [`Tree::contributions`], in the same
    /// order, so the same bits. `paths` are the tree's (see [`Paths`]), or
    /// None for a tree that could not be packed: it is walked again with
    /// the row instead.
    #[inline]
    fn explain_row(
        &self,
        paths: Option<&Paths>,
        leaf: Option<u32>,
        x: &[f32],
        k: usize,
        slots: &mut [f32],
    ) {
        match paths {
            Some(p) => {
                let Some(leaf) = leaf else {
                    return;
                };
                for (f, d) in p.of(leaf as usize) {
                    if let Some(slot) = slots.get_mut(usize::from(f)) {
                        *slot += d[k];
                    }
                }
            }
            None => {
                self.walk_checked(x, |f, parent, child| {
                    if let Some(slot) = slots.get_mut(f) {
                        *slot += self.delta_at(parent, child)[k];
                    }
                });
            }
        }
    }

    /// Walks `x` down to its leaf and returns the leaf's index, calling
    /// `step(feature, parent, child)` (node indices) for every split taken.
    #[inline]
    fn walk(&self, x: &[f32], mut step: impl FnMut(usize, usize, usize)) -> usize {
        let mut leaf = [0usize];
        self.walk_many(&[x], &mut leaf, |_, f, parent, child| {
            if parent != child {
                step(f, parent, child);
            }
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

    /// Adds, per feature, how much the splits on it along `x`'s path moved
    /// the class distribution (child minus parent), into `contrib`, and
    /// returns the leaf's distribution. In a packed tree, the splits on one
    /// feature are summed along the path first (see `Paths`).
    pub fn contributions(&self, x: &[f32], contrib: &mut [[f32; N_CLASSES]]) -> [f32; N_CLASSES] {
        if self.packed.is_empty() {
            let leaf = self.walk(x, |f, parent, child| {
                if let Some(slot) = contrib.get_mut(f) {
                    let d = self.delta_at(parent, child);
                    for k in 0..N_CLASSES {
                        slot[k] += d[k];
                    }
                }
            });
            return self.value_at(leaf);
        }
        let leaf = self.walk(x, |_, _, _| {});
        let paths = self.paths.get_or_init(|| self.leaf_paths());
        for (f, d) in paths.of(leaf) {
            if let Some(slot) = contrib.get_mut(f as usize) {
                for k in 0..N_CLASSES {
                    slot[k] += d[k];
                }
            }
        }
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
    /// split taken, in path order for each row. In a packed tree, a row
    /// that reached its leaf before the deepest one also takes steps in
    /// place, with `parent == child`, which `step` must ignore.
    ///
    /// Rows go down [`LANES`] at a time, in lockstep: one walk is a chain of
    /// dependent loads (node, then feature value, then the next node), and
    /// interleaving independent chains lets the CPU overlap them instead of
    /// waiting on each load in turn. Every lane takes as many steps as the
    /// deepest leaf is deep, so that the loop has no test of its own to
    /// mispredict.
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
        let Some(first) = rows.first() else {
            return;
        };
        for (chunk, (rs, ls)) in rows.chunks(LANES).zip(leaves.chunks_mut(LANES)).enumerate() {
            let base = chunk * LANES;
            // A short last chunk walks the first row in its spare lanes.
            let mut xs: [&[f32]; LANES] = [first.as_ref(); LANES];
            for (x, r) in xs.iter_mut().zip(rs) {
                *x = r.as_ref();
            }
            let mut at = [0u32; LANES];
            // `prepare` guaranteed that children stay inside the tree, and
            // made every leaf lead to itself: after `depth` steps, every
            // lane is at its leaf, and no lane needs a test of its own.
            for _ in 0..self.depth {
                for lane in 0..LANES {
                    let i = at[lane];
                    let Some(&node) = self.packed.get(i as usize) else {
                        continue;
                    };
                    let next = node.next(i, xs[lane]);
                    if lane < rs.len() {
                        step(
                            base + lane,
                            node.feature as usize,
                            i as usize,
                            next as usize,
                        );
                    }
                    at[lane] = next;
                }
            }
            for (l, &a) in ls.iter_mut().zip(&at) {
                *l = a as usize;
            }
        }
    }
}

impl Tree {
    /// The leaves [`LANES`] rows (copied into lanes, see [`WIDTH`]) reach
    /// in a packed tree: [`Tree::walk_many`] without the bookkeeping, for
    /// the prediction loop. Every lane takes as many steps as the deepest
    /// leaf is deep (a leaf leads to itself), so that the loop has no test
    /// of its own to mispredict.
    #[inline]
    fn walk_lanes(&self, xs: &[Lane; LANES]) -> [usize; LANES] {
        let nodes = self.packed.as_slice();
        let mut at = [0usize; LANES];
        for _ in 0..self.depth {
            for (a, x) in at.iter_mut().zip(xs) {
                // `prepare` checked that children stay inside the tree.
                let Some(node) = nodes.get(*a) else {
                    continue;
                };
                // `prepare` checked that features are below WIDTH, so the
                // remainder changes nothing but spares a bounds check (and
                // with WIDTH = 256, it is a one-byte load).
                let v = x[usize::from(node.feature) % WIDTH];
                *a = std::hint::select_unpredictable(
                    v < node.threshold,
                    *a + 1,
                    usize::from(node.right),
                );
            }
        }
        at
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
        self.predict_leaves(rows, false).0
    }

    /// [`Forest::predict_many`] that also returns the leaf each row reached
    /// in each tree (`leaves[t * rows.len() + r]` for tree `t`, row `r`), so
    /// that [`Forest::explain`] can explain the rows once their labels are
    /// known.
    pub fn predict_traced<R: AsRef<[f32]>>(&self, rows: &[R]) -> (Vec<[f32; N_CLASSES]>, Vec<u32>) {
        self.predict_leaves(rows, true)
    }

    /// The mean class distribution of every row, and with `keep`, every
    /// row's leaf in every tree (laid out as [`Forest::predict_traced`]
    /// returns them; empty without `keep`).
    ///
    /// Rows go [`BLOCK`] at a time, copied into lanes (see [`WIDTH`]), and
    /// every tree walks a block before the next block; each row still sums
    /// its trees' distributions in tree order, so the bits do not depend on
    /// the blocking.
    fn predict_leaves<R: AsRef<[f32]>>(
        &self,
        rows: &[R],
        keep: bool,
    ) -> (Vec<[f32; N_CLASSES]>, Vec<u32>) {
        let n = rows.len();
        let mut out = vec![[0f32; N_CLASSES]; n];
        let mut leaves = vec![0u32; if keep { n * self.trees.len() } else { 0 }];
        let mut lanes: Vec<[Lane; LANES]> =
            vec![[[0f32; WIDTH]; LANES]; n.min(BLOCK).div_ceil(LANES)];
        for (block, (rs, ps)) in rows.chunks(BLOCK).zip(out.chunks_mut(BLOCK)).enumerate() {
            for (x, lane) in rs.iter().zip(lanes.iter_mut().flatten()) {
                let x = x.as_ref();
                let k = x.len().min(WIDTH);
                lane[..k].copy_from_slice(&x[..k]);
                lane[k..].fill(0.0);
            }
            let base = block * BLOCK;
            for (t, tree) in self.trees.iter().enumerate() {
                let mut reached = [0u32; BLOCK];
                if tree.packed.is_empty() {
                    for (l, x) in reached.iter_mut().zip(rs) {
                        *l = tree.walk_checked(x.as_ref(), |_, _, _| {}) as u32;
                    }
                } else {
                    // A short last chunk walks stale lanes too: their leaves
                    // are never read.
                    let used = rs.len().div_ceil(LANES);
                    for (ls, xs) in reached.chunks_mut(LANES).zip(&lanes).take(used) {
                        // Node indices fit u32: `prepare` packs trees of
                        // at most 65,536 nodes.
                        for (l, a) in ls.iter_mut().zip(tree.walk_lanes(xs)) {
                            *l = a as u32;
                        }
                    }
                }
                let reached = &reached[..rs.len()];
                for (p, &leaf) in ps.iter_mut().zip(reached) {
                    let v = tree.value_at(leaf as usize);
                    for k in 0..N_CLASSES {
                        p[k] += v[k];
                    }
                }
                if let Some(dst) = leaves.get_mut(t * n + base..t * n + base + rs.len()) {
                    dst.copy_from_slice(reached);
                }
            }
        }
        let nt = self.trees.len().max(1) as f32;
        for p in &mut out {
            *p = p.map(|v| v / nt);
        }
        (out, leaves)
    }

    /// Explains the rows of a [`Forest::predict_traced`] call, each for one
    /// class: `out[r * width + f]` is the mean contribution of feature `f`
    /// (below `width`) to the probability of class `classes[r]` for row `r`,
    /// bit for bit the class's part of [`Forest::contributions`].
    ///
    /// Explaining once the labels are known takes one class per row instead
    /// of four, read from each leaf's path (see `Tree::explain_row`)
    /// instead of bookkeeping at every step of the walk.
    pub fn explain<R: AsRef<[f32]>>(
        &self,
        leaves: &[u32],
        rows: &[R],
        classes: &[usize],
        width: usize,
    ) -> Vec<f32> {
        let n = rows.len();
        let mut out = vec![0f32; n * width];
        if width == 0 {
            return out;
        }
        // Every tree's leaves for these rows (none if the trace is short)
        // and its paths (None for a tree that could not be packed).
        let trees: Vec<(&Tree, &[u32], Option<&Paths>)> = self
            .trees
            .iter()
            .enumerate()
            .map(|(t, tree)| {
                let leaves = leaves.get(t * n..(t + 1) * n).unwrap_or(&[]);
                let paths =
                    (!tree.packed.is_empty()).then(|| tree.paths.get_or_init(|| tree.leaf_paths()));
                (tree, leaves, paths)
            })
            .collect();
        // Row by row, each through every tree in order: every slot still
        // sums the trees in tree order, and the row's class and slots are
        // looked up once.
        let nt = self.trees.len().max(1) as f32;
        for (r, (slots, x)) in out.chunks_mut(width).zip(rows).enumerate() {
            let k = classes.get(r).map_or(0, |&k| k.min(N_CLASSES - 1));
            for &(tree, leaves, paths) in &trees {
                tree.explain_row(paths, leaves.get(r).copied(), x.as_ref(), k, slots);
            }
            for v in slots {
                *v /= nt;
            }
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
            depth: 0,
            paths: OnceLock::new(),
        }
    }

    #[test]
    fn explaining_from_the_leaves_gives_the_bits_of_the_full_contributions() {
        let mut forest = Forest {
            trees: vec![tree(), tree()],
        };
        // More rows than lanes, and a last chunk that is not full.
        let rows: Vec<[f32; 2]> = (0..11).map(|i| [(i % 2) as f32, (i % 4) as f32]).collect();
        for packed in [false, true] {
            if packed {
                forest.prepare();
            }
            let (p, leaves) = forest.predict_traced(&rows);
            assert_eq!(p, forest.predict_many(&rows));
            assert_eq!(leaves.len(), rows.len() * 2);
            for k in 0..N_CLASSES {
                let e = forest.explain(&leaves, &rows, &[k; 11], 2);
                for (r, x) in rows.iter().enumerate() {
                    assert_eq!(p[r], forest.predict(x));
                    let full = forest.contributions(x);
                    assert_eq!(
                        e[r * 2..r * 2 + 2],
                        [full[0][k], full[1][k]],
                        "row {r} class {k}"
                    );
                }
            }
            // Row 3 ([1, 3]) goes right twice: +0.2 of class 0 from feature
            // 0, +0.2 from feature 1; row 1 ([1, 1]) goes right, then left:
            // -0.2 of class 1 from feature 0.
            let mut classes = [0; 11];
            classes[1] = 1;
            let e = forest.explain(&leaves, &rows, &classes, 2);
            assert!(
                (e[6] - 0.2).abs() < 1e-6 && (e[7] - 0.2).abs() < 1e-6,
                "{e:?}"
            );
            assert!((p[3][0] - 0.9).abs() < 1e-6);
            assert!((e[2] + 0.2).abs() < 1e-6, "{e:?}");
        }
    }

    #[test]
    fn rows_over_several_blocks_get_the_bits_of_one_row_at_a_time() {
        let mut forest = Forest {
            trees: vec![tree(), tree(), tree()],
        };
        forest.prepare();
        // Two full blocks and a short one; rows of 1 and 3 features (a
        // missing feature reads 0).
        let rows: Vec<Vec<f32>> = (0..2 * BLOCK + 3)
            .map(|i| match i % 3 {
                0 => vec![(i % 2) as f32],
                _ => vec![(i % 2) as f32, (i % 5) as f32, 9.0],
            })
            .collect();
        let (p, leaves) = forest.predict_traced(&rows);
        assert_eq!(p, forest.predict_many(&rows));
        assert_eq!(leaves.len(), rows.len() * 3);
        for (r, x) in rows.iter().enumerate() {
            assert_eq!(p[r], forest.predict(x), "row {r}");
            let mut one = [0usize];
            forest.trees[1].walk_many(&[x], &mut one, |_, _, _, _| {});
            assert_eq!(leaves[rows.len() + r] as usize, one[0], "row {r}");
        }
    }

    #[test]
    fn a_feature_split_on_twice_along_a_path_is_one_entry() {
        let mut t = tree();
        t.feature[2] = 0;
        t.prepare();
        let paths = t.leaf_paths();
        assert_eq!(paths.of(4).count(), 1);
        assert_eq!(paths.of(1).count(), 1);
        let forest = Forest { trees: vec![t] };
        let rows = [[3.0f32, 0.0]];
        let (_, leaves) = forest.predict_traced(&rows);
        let e = forest.explain(&leaves, &rows, &[0], 2);
        assert!((e[0] - 0.4).abs() < 1e-6 && e[1] == 0.0, "{e:?}");
        assert_eq!(e, vec![forest.contributions(&rows[0])[0][0], 0.0]);
    }

    #[test]
    fn a_node_with_two_parents_is_not_packed() {
        let mut t = tree();
        t.right[2] = 3;
        t.prepare();
        assert!(t.packed.is_empty());
        let forest = Forest { trees: vec![t] };
        let rows = [[1.0f32, 3.0]];
        let (_, leaves) = forest.predict_traced(&rows);
        let c = forest.contributions(&rows[0]);
        assert_eq!(
            forest.explain(&leaves, &rows, &[0], 2),
            vec![c[0][0], c[1][0]]
        );
    }

    #[test]
    fn a_tree_out_of_preorder_is_walked_unpacked_to_the_same_leaves() {
        // tree() with its right subtree numbered before the left leaf.
        let d = |c: f32| [c, 1.0 - c, 0.0, 0.0];
        let mut t = Tree {
            feature: vec![0, 1, LEAF, LEAF, LEAF],
            threshold: vec![0.5, 2.0, 0.0, 0.0, 0.0],
            left: vec![2, 3, 0, 0, 0],
            right: vec![1, 4, 0, 0, 0],
            value: vec![d(0.5), d(0.7), d(0.1), d(0.6), d(0.9)],
            ..Tree::default()
        };
        t.prepare();
        assert!(t.packed.is_empty());
        let mut packed = tree();
        packed.prepare();
        assert!(!packed.packed.is_empty());
        for x in [[0.0f32, 0.0], [1.0, 1.0], [1.0, 3.0], [f32::NAN, 0.0]] {
            assert_eq!(t.predict(&x), packed.predict(&x), "{x:?}");
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
