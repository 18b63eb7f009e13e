//! junksift separates the main content of a scraped web page — HTML or a
//! plain-text dump — from the junk that rides along with it: navigation and
//! footers (`boilerplate`), "read next" and trending lists
//! (`headline_list`), and keyword-stuffed SEO link farms (`link_farm`).
//!
//! The pipeline runs in one direction, one module per stage:
//!
//! ```text
//! bytes → input → Document → segment → Vec<Block> → features → model → smooth → Analysis → output
//! ```
//!
//! Most users need only [`Detector`] and [`Document`]:
//!
//! ```
//! use junksift::{Detector, Document, Label};
//!
//! let detector = Detector::new()?; // the embedded default model
//! let doc = Document::from_bytes(
//!     "<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav>\
//!      <article><h1>Rain returns</h1><p>After six dry weeks, steady rain fell \
//!      across the valley on Monday, filling reservoirs that had dropped to \
//!      their lowest level in a decade.</p></article></body></html>".as_bytes(),
//!     Default::default(),
//!     None,
//! );
//! let analysis = detector.analyze(&doc);
//! assert!(analysis.clean_text().contains("steady rain fell"));
//! for block in &analysis.blocks {
//!     println!("{:>13} {:.2} {}", block.label, block.score, analysis.block_text(block));
//! }
//! # Ok::<(), junksift::ModelError>(())
//! ```

#![warn(missing_docs)]

pub mod batch;
pub mod cli;
pub mod detector;
pub mod eval;
pub mod features;
pub mod input;
mod jsonstr;
pub mod lang;
pub mod lexicon;
pub mod model;
pub mod output;
mod prehashed;
pub mod segment;

pub use detector::{Analysis, BlockResult, Detector, FAST_SHORTCUT, SECOND_PASS_SHORTCUT};
pub use input::{Document, Format, FormatHint};
pub use model::smooth::{
    DropCause, JunkShare, Policy, Verdict, DEFAULT_MAX_BLOCKS, DEFAULT_MAX_PAGE_BYTES,
};
pub use model::{Label, Model, ModelError, Sure};
pub use segment::html::HtmlParser;
