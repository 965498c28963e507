//! Stage 8, `check`: every rule clause applies to a site beyond what `build` refuses, over
//! what the front half ([`crate::render::prepare`]) loaded and planned, writing nothing. It
//! hands on a [`report::Report`]: every finding, the translation counts per locale and the
//! matrix of documents × locales, which [`print`] writes as text or JSON and
//! [`status_page`] as a page.
//!
//! Each family of rules is a file: [`links`] (links and `#anchors` per brand and locale),
//! [`translations`] (missing, outdated and mismatched translations), [`versions`]
//! (untranslated versions, missing summaries, a translation's `material` against its
//! source's), [`notice`] (material versions announced too late), [`clauses`] (repeated
//! clause numbers),
//! [`overrides`] (brand overrides shown untranslated), [`theme_strings`] (interface strings
//! a locale lacks) and [`deploy`] (the deploy settings, as `deploy` reads them); [`workload`]
//! counts the segments each translation has left.

pub mod clauses;
pub mod deploy;
pub mod links;
pub mod matrix;
pub mod notice;
pub mod overrides;
pub mod print;
pub mod report;
pub mod status_page;
pub mod theme_strings;
pub mod translations;
pub mod versions;
pub mod workload;

use crate::content::cache::DocCache;
use crate::content::frontmatter::Date;
use crate::diag::UsageError;
use crate::render::prepare::{prepare, FrontHalf};
use crate::site::selection::Selection;
use links::ChromeIds;
use matrix::Matrix;
use report::Report;
use std::path::Path;

/// Checks the site at `root`, built for `as_of`: every error and warning, and the
/// translation report.
pub fn check(root: &Path, as_of: Option<Date>) -> Result<Report, UsageError> {
    let selection = Selection { as_of, ..Selection::default() };
    let front = match prepare(root, &selection, false, &mut DocCache::default()) {
        Ok(front) => front,
        Err(d) => return Ok(Report { findings: d.into_sorted(), ..Report::default() }),
    };
    let FrontHalf { site, theme, plan, mut diags, usage } = front;
    if let Some(usage) = usage {
        return Err(usage);
    }
    if let Some(plan) = &plan {
        links::check_links(&site, plan, &ChromeIds::of(theme.as_ref()), &mut diags);
        overrides::check_overrides(&site, plan, &mut diags);
    }
    if let Some(theme) = &theme {
        theme_strings::check_theme_strings(&site, theme, &mut diags);
    }
    clauses::check_duplicate_clauses(&site, &mut diags);
    deploy::check_deploy_settings(&site, &mut diags);
    let mut matrix =
        Matrix { locales: site.locales.iter().map(|l| l.tag.clone()).collect(), ..Matrix::default() };
    let mut locales = translations::translation_report(&site, &mut diags, &mut matrix);
    workload::count_segments(&site, &mut locales, &mut matrix);
    let as_of = plan.as_ref().map_or_else(crate::site::build_date::default_as_of, |p| p.as_of);
    notice::check_notice(&site, as_of, &mut diags);
    for (tag, n) in versions::check_versions(&site, as_of, &mut diags) {
        locales.entry(tag).or_default().missing += n;
    }
    Ok(Report { findings: diags.into_sorted(), locales, matrix })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind;
    use crate::render::prepare::test_site::{doc, load, SITE};

    #[test]
    fn anchors_are_checked_while_the_site_has_build_errors() {
        let terms = doc("Terms", "", "{{nmae}} agrees to [clause 9](policy.md#clause-9).");
        let policy = doc("Policy", "", "## 1. Scope\n");
        let (root, _) = load(SITE, &[("content/en/terms.md", &terms), ("content/en/policy.md", &policy)]);
        let report = check(root.path(), None).unwrap();
        let kinds: Vec<Kind> = report.findings.iter().map(|d| d.kind).collect();
        assert!(kinds.contains(&Kind::UnknownPlaceholder), "{kinds:?}");
        assert!(kinds.contains(&Kind::BrokenLink), "{kinds:?}");
    }
}
