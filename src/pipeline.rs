//! The build: load the site, plan every brand × locale × document, render the pages in
//! parallel into a staging folder, and put it in place of the output only if all went well.

use crate::cache::DocCache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{refuse_output, Staging, Written};
use crate::plan::{self, Plan, Selection};
use crate::render::{self, Scope};
use crate::site::{LoadOptions, Site};
use crate::theme::Theme;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `clause build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir`.
    pub out: Option<PathBuf>,
    pub selection: Selection,
    pub drafts: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub brands: usize,
    pub locales: usize,
    pub files: Vec<Written>,
    pub out: PathBuf,
    pub elapsed: Duration,
}

impl BuildReport {
    /// The one summary line `build` prints.
    pub fn summary(&self) -> String {
        format!(
            "built {} pages for {} brands in {} locales ({} files) into {} in {} ms",
            self.pages,
            self.brands,
            self.locales,
            self.files.len() + 1,
            self.out.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Why a build did not happen.
#[derive(Debug)]
pub enum BuildError {
    /// The command line asked for something that does not exist (exit 2).
    Usage(String),
    /// The site has errors (exit 1); the output folder is untouched.
    Failed(Vec<Diagnostic>),
}

impl From<Diagnostics> for BuildError {
    fn from(d: Diagnostics) -> Self {
        BuildError::Failed(d.into_sorted())
    }
}

/// Everything a run needs once the site is loaded and planned.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub plan: Plan,
}

/// Loads, checks and plans the site: all `build` validates, without writing.
pub fn prepare(root: &Path, selection: &Selection, drafts: bool) -> Result<Prepared, BuildError> {
    prepare_cached(root, selection, drafts, &mut DocCache::default())
}

/// Like [`prepare`], reusing the documents of `cache` whose files did not change.
pub fn prepare_cached(
    root: &Path,
    selection: &Selection,
    drafts: bool,
    cache: &mut DocCache,
) -> Result<Prepared, BuildError> {
    let Loaded { site, theme, plan, diags, usage } = load(root, selection, drafts, cache)?;
    if let Some(usage) = usage {
        return Err(BuildError::Usage(usage));
    }
    match (theme, plan) {
        (Some(theme), Some(plan)) if !diags.has_errors() => Ok(Prepared { site, theme, plan }),
        _ => Err(diags.into()),
    }
}

/// The site with whatever of its theme and plan could be built, and every finding on the
/// way: `build` needs all of it error-free, `check` reports on what there is.
pub struct Loaded {
    pub site: Site,
    pub theme: Option<Theme>,
    pub plan: Option<Plan>,
    pub diags: Diagnostics,
    /// The command line asked for a brand or locale the site does not have.
    pub usage: Option<String>,
}

/// Loads the site, its theme and its plan. `Err` when the site itself cannot be read.
pub fn load(
    root: &Path,
    selection: &Selection,
    drafts: bool,
    cache: &mut DocCache,
) -> Result<Loaded, Diagnostics> {
    let (site, mut diags) = Site::load_cached(root, LoadOptions { drafts }, cache)?;
    let theme = Theme::load(root, &site.config.theme).map_err(|e| diags.extend(e)).ok();
    let (plan, usage) = match plan::plan(&site, selection) {
        Ok(p) => (Some(p), None),
        Err(Ok(d)) => {
            diags.extend(d.into_sorted());
            (None, None)
        }
        Err(Err(usage)) => (None, Some(usage)),
    };
    Ok(Loaded { site, theme, plan, diags, usage })
}

/// Builds the site.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let prepared = prepare(&opts.root, &opts.selection, opts.drafts)?;
    let out = opts.out.clone().unwrap_or_else(|| opts.root.join(&prepared.site.config.output_dir));
    if let Some(why) = refuse_output(&opts.root, &out) {
        return Err(BuildError::Failed(vec![Diagnostic::error(
            "unsafe-output",
            format!("refusing to write the output to {}: {why}", out.display()),
        )
        .in_file("site.toml")
        .help("set output_dir (or --out) to a folder of its own, such as `public`")]));
    }
    let staging = Staging::new(&out).map_err(|e| io_failure(&out, &e))?;
    match render::render_into(&prepared, &staging, &Scope::everything()) {
        Ok(files) => {
            let files = staging.commit(files).map_err(|e| io_failure(&out, &e))?;
            let p = &prepared.plan;
            Ok(BuildReport {
                pages: p.page_count(),
                brands: p.brands.len(),
                locales: p.locale_count(),
                files,
                out,
                elapsed: start.elapsed(),
            })
        }
        Err(errors) => {
            staging.discard();
            Err(BuildError::Failed(errors))
        }
    }
}

fn io_failure(path: &Path, e: &std::io::Error) -> BuildError {
    BuildError::Failed(vec![Diagnostic::error(
        "io-error",
        format!("cannot write the output {}: {e}", path.display()),
    )
    .help("check that the folder is writable and the disk has room")])
}
