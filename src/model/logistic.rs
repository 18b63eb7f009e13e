//! A multinomial logistic regression on standardised features, laid out
//! for prediction: the linear half of every blend, the second pass's
//! shortcut, and the source of the reasons of the blocks it decides.

use serde::{Deserialize, Serialize};

use super::forest::N_CLASSES;

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
    /// The same parameters feature by feature, for prediction (filled by
    /// [`Logistic::prepare`]; empty until then, or when the parameters do
    /// not cover the same features).
    #[serde(skip)]
    packed: Vec<PackedFeature>,
}

/// One feature's standardisation and its weight in every class, side by
/// side: predicting a row reads one array front to back.
#[derive(Debug, Clone, Copy)]
struct PackedFeature {
    mean: f32,
    /// The scale divided by (1 where the training scale was 0).
    scale: f32,
    weights: [f32; N_CLASSES],
}

impl Logistic {
    /// A model from its parameters, prepared for prediction.
    pub fn new(
        mean: Vec<f32>,
        scale: Vec<f32>,
        weights: Vec<Vec<f32>>,
        intercept: Vec<f32>,
    ) -> Logistic {
        let mut l = Logistic {
            mean,
            scale,
            weights,
            intercept,
            packed: Vec::new(),
        };
        l.prepare();
        l
    }

    /// Lays the parameters out feature by feature for prediction, when
    /// every class has a weight for every standardised feature (a model
    /// loaded from a file is prepared on load).
    pub fn prepare(&mut self) {
        self.packed.clear();
        let n = self.mean.len();
        if self.scale.len() != n || self.class_weights(n).is_none() {
            return;
        }
        self.packed = (0..n)
            .map(|f| PackedFeature {
                mean: self.mean[f],
                scale: if self.scale[f] > 0.0 {
                    self.scale[f]
                } else {
                    1.0
                },
                weights: std::array::from_fn(|k| self.weight(k, f)),
            })
            .collect();
    }

    fn logits(&self, x: &[f32]) -> [f32; N_CLASSES] {
        if self.packed.len() == x.len() {
            // The operations of the general loop below, in the same order
            // (so the same bits), over one array.
            let mut z: [f32; N_CLASSES] =
                std::array::from_fn(|k| self.intercept.get(k).copied().unwrap_or(0.0));
            for (p, &v) in self.packed.iter().zip(x) {
                let s = (v - p.mean) / p.scale;
                for (zk, &w) in z.iter_mut().zip(&p.weights) {
                    *zk += w * s;
                }
            }
            return z;
        }
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

    pub(super) fn predict(&self, x: &[f32]) -> [f32; N_CLASSES] {
        softmax(self.logits(x))
    }

    pub(super) fn contributions(&self, x: &[f32]) -> Vec<[f32; N_CLASSES]> {
        let mut c = vec![[0f32; N_CLASSES]; x.len()];
        for (f, &v) in x.iter().enumerate() {
            for (k, ck) in c[f].iter_mut().enumerate() {
                *ck = self.weight(k, f) * self.standard(f, v);
            }
        }
        c
    }

    /// Class `k`'s part of [`Logistic::contributions`], into `out` (as many
    /// features as both have).
    pub(super) fn contributions_to(&self, x: &[f32], k: usize, out: &mut [f32]) {
        let n = out.len().min(x.len());
        let w = self.weights.get(k).and_then(|w| w.get(..n));
        let m = self.mean.get(..n);
        let s = self.scale.get(..n);
        if let (Some(w), Some(m), Some(s)) = (w, m, s) {
            // Every parameter there: the same arithmetic as below, without
            // a lookup per feature.
            for (((slot, &v), (&w, &m)), &s) in out.iter_mut().zip(x).zip(w.iter().zip(m)).zip(s) {
                *slot = w * ((v - m) / if s > 0.0 { s } else { 1.0 });
            }
            return;
        }
        for (f, (slot, &v)) in out.iter_mut().zip(x).enumerate() {
            *slot = self.weight(k, f) * self.standard(f, v);
        }
    }

    fn weight(&self, k: usize, f: usize) -> f32 {
        self.weights
            .get(k)
            .and_then(|w| w.get(f))
            .copied()
            .unwrap_or(0.0)
    }
}

fn softmax(z: [f32; N_CLASSES]) -> [f32; N_CLASSES] {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e = z.map(|v| (v - m).exp());
    let s: f32 = e.iter().sum();
    e.map(|v| v / s.max(f32::MIN_POSITIVE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_logistic_gives_the_bits_of_the_general_loop() {
        let n = 70;
        let v = |i: usize, k: usize| ((i * 7919 + k * 104_729) % 1000) as f32 / 250.0 - 2.0;
        let mut l = Logistic::new(
            (0..n).map(|f| v(f, 1)).collect(),
            // Some zero scales, which standardise by 1.
            (0..n)
                .map(|f| if f % 9 == 0 { 0.0 } else { v(f, 2).abs() + 0.1 })
                .collect(),
            (0..N_CLASSES)
                .map(|k| (0..n).map(|f| v(f, k + 3)).collect())
                .collect(),
            (0..N_CLASSES).map(|k| v(k, 9)).collect(),
        );
        assert_eq!(l.packed.len(), n);
        let rows: Vec<Vec<f32>> = (0..20)
            .map(|r| (0..n).map(|f| v(f + r, 11)).collect())
            .collect();
        let packed: Vec<_> = rows.iter().map(|x| l.logits(x)).collect();
        l.packed.clear();
        for (x, p) in rows.iter().zip(&packed) {
            assert_eq!(l.logits(x).map(f32::to_bits), p.map(f32::to_bits));
        }
    }
}
