//! Brand overrides shown untranslated: a brand's own `<doc>.<brand>.md` that a locale the
//! brand serves shows from another locale, because nobody translated the override.

use crate::diag::{Diagnostic, Diagnostics, Kind};
use crate::site::model::Site;
use crate::site::plan::Plan;

/// A warning for every fallback page built from its brand's own override.
pub fn check_overrides(site: &Site, plan: &Plan, diags: &mut Diagnostics) {
    for bp in &plan.brands {
        let brand = site.config.brand_at(bp.brand);
        for lp in &bp.locales {
            for p in lp.pages.iter().filter(|p| p.fallback && !p.kind.names_file()) {
                let Some(d) = p.doc else { continue };
                let doc = site.doc(d);
                if doc.file.brand.as_deref() != Some(brand.id.as_str()) {
                    continue;
                }
                diags.push(
                    Diagnostic::warning(
                        Kind::UntranslatedOverride,
                        format!(
                            "brand {}'s own {} is shown untranslated in {}",
                            brand.id,
                            doc.file.rel.display(),
                            lp.locale
                        ),
                    )
                    .in_file(doc.file.rel.clone())
                    .locale(&lp.locale)
                    .brand(&brand.id)
                    .help(format!("translate it into content/{}/{}.{}.md", lp.locale, p.key, brand.id)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};

    #[test]
    fn an_override_shown_in_another_locale_is_reported_for_its_brand_only() {
        let (_root, front) = load(
            SITE,
            &[
                ("content/en/policy.md", &doc("Policy", "", "For all.")),
                ("content/en/policy.acme.md", &doc("Policy", "", "For Acme.")),
                ("content/de/policy.md", &doc("Richtlinie", "", "Für alle.")),
            ],
        );
        let mut diags = Diagnostics::default();
        check_overrides(&front.site, front.plan.as_ref().unwrap(), &mut diags);
        let found = diags.into_sorted();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].kind, found[0].brand.as_deref(), found[0].locale.as_deref()),
            (Kind::UntranslatedOverride, Some("acme"), Some("de"))
        );
        assert_eq!(found[0].help.as_deref(), Some("translate it into content/de/policy.acme.md"));
    }
}
