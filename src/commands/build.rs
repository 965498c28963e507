//! The build: load the site, plan every brand × locale × document, render the pages in
//! parallel into the output's writer, and commit them only if all went well (only files whose
//! bytes changed are written).

use crate::content::cache::DocCache;
use crate::diag::{Diagnostic, Kind};
use crate::output::interrupt;
use crate::output::staging::refuse_output;
use crate::output::writer::Writer;
use crate::render::prepare::{prepare, BuildError};
use crate::render::run::{self as render, Scope};
use crate::site::selection::Selection;
use std::path::PathBuf;
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
    /// Files the output holds, the manifest aside.
    pub files: usize,
    /// Files written (new or changed) and removed (no longer built) by this build.
    pub written: usize,
    pub removed: usize,
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
            "built {} for {} in {} ({} files, {} written, {} removed) into {} in {} ms{next}",
            counted(self.pages, "page"),
            counted(self.brands, "brand"),
            counted(self.locales, "locale"),
            self.files + 1,
            self.written,
            self.removed,
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
            Kind::UnsafeOutput,
            format!("refusing to write the output to {}: {why}", out.display()),
        )
        .in_file("site.toml")
        .help("set output_dir (or --out) to a folder of its own, such as `public`")]));
    }
    let mut writer = Writer::open(&out).map_err(|d| BuildError::Failed(vec![d]))?;
    interrupt::watch(writer.journal());
    match render::render_into(&prepared, &writer, &Scope::everything()) {
        Ok(files) => {
            let p = &prepared.plan;
            let (pages, brands, locales, next_change) =
                (p.page_count(), p.brands.len(), p.locale_count(), p.next_change);
            // Every document's body is read no more: freed before the manifest is built, the
            // run's other peak (tens of megabytes with many versions, BENCHMARKS.md).
            drop(prepared);
            writer.next_change = next_change.map(|d| d.iso());
            writer.last = true;
            let done = writer.commit(files, true).map_err(BuildError::Failed)?;
            Ok(BuildReport {
                pages,
                brands,
                locales,
                written: done.written.len(),
                removed: done.removed.len(),
                files: done.files,
                out,
                elapsed: start.elapsed(),
                next_change,
            })
        }
        Err(errors) => {
            writer.discard();
            Err(BuildError::Failed(errors))
        }
    }
}

/// `1 page`, `2 pages`.
fn counted(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_count_agrees_with_its_number() {
        assert_eq!(
            (super::counted(1, "brand"), super::counted(2, "brand")),
            ("1 brand".into(), "2 brands".into())
        );
        assert_eq!(super::counted(0, "locale"), "0 locales");
    }
}
