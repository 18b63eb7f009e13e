//! Learner options shared by `train` and `eval --folds`, so that a
//! cross-validated configuration is trained with exactly the same flags.

use clap::Args;

use crate::model::train::{Algorithm, TrainConfig};

/// How to fit a model. The defaults are the shipped model's configuration.
#[derive(Args, Debug, Clone)]
pub struct LearnerArgs {
    /// The learner. `blend` (the shipped model) averages a random forest and
    /// a logistic regression.
    #[arg(long, value_enum, default_value_t = Algorithm::Blend)]
    pub algorithm: Algorithm,
    /// With `--algorithm blend`: weights of the forest and the logistic
    /// regression in the second pass (`1,1` = equal).
    #[arg(long, value_name = "F,L", value_delimiter = ',', default_value = "2,1")]
    pub blend_weights: Vec<f32>,
    /// Train only the first pass (no second pass over neighbours' probabilities).
    #[arg(long)]
    pub no_stacking: bool,
    /// Random seed for every sampling step (same data + seed = same model
    /// bytes).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Trees in the forest.
    #[arg(long, default_value_t = 40)]
    pub trees: usize,
    /// Maximum tree depth.
    #[arg(long, default_value_t = 14)]
    pub max_depth: usize,
    /// Fit on at most this many labelled blocks (a deterministic sample;
    /// link-farm and span-labelled blocks are always kept). The shipped
    /// model saw 40,000 of the dev sets' 80,000 blocks.
    #[arg(long, default_value_t = 40_000)]
    pub max_rows: usize,
}

impl LearnerArgs {
    /// The training configuration these flags describe.
    pub fn config(&self) -> TrainConfig {
        TrainConfig {
            algorithm: self.algorithm,
            seed: self.seed,
            trees: self.trees,
            max_depth: self.max_depth,
            stacking: !self.no_stacking,
            second_pass_weights: self.blend_weights.clone(),
            max_rows: self.max_rows,
        }
    }
}
