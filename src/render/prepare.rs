//! The front half of every run: load the site (reusing a cache's unchanged documents), its
//! theme and its plan, with every finding on the way. `build` and `serve` need all of it
//! error-free ([`FrontHalf::ready`]); `check` reports on whatever could be built.

use crate::content::cache::DocCache;
use crate::diag::{Diagnostic, Diagnostics, Kind, UsageError};
use crate::render::theme::Theme;
use crate::site::model::{LoadOptions, Site};
use crate::site::plan::{self, Plan};
use crate::site::selection::Selection;
use std::path::Path;

/// Everything a run needs once the site is loaded and planned.
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub plan: Plan,
}

/// Why a build did not happen.
#[derive(Debug)]
pub enum BuildError {
    /// The command line asked for something that does not exist (exit 2).
    Usage(UsageError),
    /// The site has errors (exit 1); the output folder is untouched.
    Failed(Vec<Diagnostic>),
}

impl From<Diagnostics> for BuildError {
    fn from(d: Diagnostics) -> Self {
        BuildError::Failed(d.into_sorted())
    }
}

/// The site with whatever of its theme and plan could be built, and every finding on the
/// way: what the front half of a run hands on.
pub struct FrontHalf {
    pub site: Site,
    pub theme: Option<Theme>,
    pub plan: Option<Plan>,
    pub diags: Diagnostics,
    /// The command line asked for a brand or locale the site does not have.
    pub usage: Option<UsageError>,
}

impl FrontHalf {
    /// What a run renders, when nothing stands in its way (without what only `check` reads).
    pub fn ready(self) -> Result<Prepared, BuildError> {
        let FrontHalf { site, theme, plan, diags, usage } = self;
        if let Some(usage) = usage {
            return Err(BuildError::Usage(usage));
        }
        match (theme, plan) {
            (Some(theme), Some(plan)) if !diags.has_errors() => {
                let mut site = site;
                site.docs.iter_mut().for_each(|d| d.drop_check_data());
                Ok(Prepared { site, theme, plan })
            }
            _ => Err(diags.into()),
        }
    }
}

/// The theme's errors, an unknown theme placed at site.toml's `theme` key (the theme stage
/// does not read site.toml).
fn at_theme_key(errors: Vec<Diagnostic>, site: &Site) -> Vec<Diagnostic> {
    let at = site.config.pos_of("theme");
    errors.into_iter().map(|d| if d.kind == Kind::UnknownTheme { d.at(at) } else { d }).collect()
}

/// Loads the site, its theme and its plan, reusing the documents of `cache` whose files did
/// not change. `Err` when the site itself cannot be read.
pub fn prepare(
    root: &Path,
    selection: &Selection,
    drafts: bool,
    cache: &mut DocCache,
) -> Result<FrontHalf, Diagnostics> {
    let (site, mut diags) = Site::load_cached(root, LoadOptions { drafts }, cache)?;
    let theme = Theme::load(root, &site.config.theme).map_err(|e| diags.extend(at_theme_key(e, &site))).ok();
    let (plan, usage) = match plan::plan(&site, selection) {
        Ok((plan, found)) => {
            diags.extend(found.into_sorted());
            (Some(plan), None)
        }
        Err(usage) => (None, Some(usage)),
    };
    Ok(FrontHalf { site, theme, plan, diags, usage })
}

/// Small sites written into a temporary folder and loaded, for unit tests of the stages after this one.
#[cfg(test)]
pub(crate) mod test_site {
    use super::{prepare, FrontHalf};
    use crate::content::cache::DocCache;
    use crate::site::selection::Selection;

    /// Two brands, English and German (German falls back to English).
    pub const SITE: &str = "title = \"Legal\"\ndefault_locale = \"en\"\n\n[brands.acme]\nbase_url = \"https://acme.example\"\n[brands.acme.vars]\nname = \"Acme\"\n\n[brands.beta]\nbase_url = \"https://beta.example\"\n[brands.beta.vars]\nname = \"Beta\"\n";

    /// `site.toml` and `files` (path, text) in a new folder.
    pub fn write(site_toml: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        let mut all = vec![("site.toml", site_toml)];
        all.extend_from_slice(files);
        for (rel, text) in all {
            let path = root.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        root
    }

    /// `site.toml` and `files` (path, text) in a new folder, loaded and planned.
    pub fn load(site_toml: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, FrontHalf) {
        let root = write(site_toml, files);
        let front = prepare(root.path(), &Selection::default(), false, &mut DocCache::default()).unwrap();
        (root, front)
    }

    /// Every file below `dir` (by its path from `dir`) and its bytes.
    pub fn files_of(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// A document with a title and a body.
    pub fn doc(title: &str, front: &str, body: &str) -> String {
        format!("+++\ntitle = \"{title}\"\n{front}+++\n\n{body}\n")
    }
}
