//! The build: load the site, plan every brand × locale × document, render the pages in
//! parallel into a staging folder, and put it in place of the output only if all went well.

use crate::content::cache::DocCache;
use crate::diag::Diagnostic;
use crate::output::staging::{refuse_output, Staging};
use crate::render::prepare::{prepare, BuildError};
use crate::render::run::{self as render, Scope};
use crate::render::sink::Written;
use crate::site::plan::Selection;
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
    /// The date a version's role changes next: rebuild on that day.
    pub next_change: Option<crate::content::frontmatter::Date>,
}

impl BuildReport {
    /// The one summary line `build` prints.
    pub fn summary(&self) -> String {
        let next =
            self.next_change.map(|d| format!("; next version change on {}", d.iso())).unwrap_or_default();
        format!(
            "built {} pages for {} brands in {} locales ({} files) into {} in {} ms{next}",
            self.pages,
            self.brands,
            self.locales,
            self.files.len() + 1,
            self.out.display(),
            self.elapsed.as_millis()
        )
    }
}

/// Builds the site.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let prepared = prepare(&opts.root, &opts.selection, opts.drafts, &mut DocCache::default())?.ready()?;
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
            let next_change = prepared.plan.next_change;
            let files =
                staging.commit(files, next_change.map(|d| d.iso())).map_err(|e| io_failure(&out, &e))?;
            let p = &prepared.plan;
            Ok(BuildReport {
                pages: p.page_count(),
                brands: p.brands.len(),
                locales: p.locale_count(),
                files,
                out,
                elapsed: start.elapsed(),
                next_change,
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
