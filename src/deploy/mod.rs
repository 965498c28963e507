//! `clause deploy`: publishes each brand's built folder to its place on an object store, the
//! origin of a CDN (SPEC §7). It takes in what `build` handed on (the output folder and its
//! `manifest.json`) and site.toml's `[deploy]`, and hands on, at each place, the brand's
//! files with their headers and a record of them (`.clause-manifest.json`) for the next
//! deploy; to its caller, one summary line per brand and the URL paths changed.
//!
//! In order: [`places`] checks `[deploy]` and resolves every brand's place; [`local`]
//! reads the output and checks it against its manifest; [`store`] opens each place
//! (`object_store`); [`remote`] is the record a deploy leaves; [`plan`] diffs the two;
//! [`sync`] carries a plan out (with [`headers`] on every file and [`progress`] on stderr);
//! [`report`] words the outcome. [`run`] ties them together: every brand is checked and
//! planned before any place is changed, so a refusal leaves every place as it was.

pub mod headers;
pub mod local;
pub mod places;
pub mod plan;
pub mod progress;
pub mod remote;
pub mod report;
pub mod run;
pub mod store;
pub mod sync;

use crate::diag::{Diagnostic, UsageError};
use std::path::PathBuf;

pub use run::deploy;

/// What `clause deploy` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub out: Option<PathBuf>,
    /// Only these brands (default: every brand the output holds).
    pub brands: Vec<String>,
    pub dry_run: bool,
    /// Upload every file, changed or not.
    pub force: bool,
    /// Overrides `[deploy].max_deletes` for this run.
    pub max_deletes: Option<u64>,
    /// Where to write the URL paths changed (`{brand}` in it: one file per brand).
    pub changed_paths: Option<PathBuf>,
}

/// Why a deploy did not (wholly) happen.
#[derive(Debug)]
pub enum DeployError {
    /// The command line named a brand site.toml does not have (exit 2).
    Usage(UsageError),
    /// Refused or failed (exit 1); every error found, each naming its brand and place.
    Failed(Vec<Diagnostic>),
}
