//! Interface strings the theme lacks for a locale: readers of that locale see the chrome
//! (the fallback notice, "Contents", version notices) in English.

use crate::diag::{Diagnostic, Diagnostics, Kind};
use crate::render::theme::Theme;
use crate::site::model::Site;

/// A warning per locale for which the theme has not every string.
pub fn check_theme_strings(site: &Site, theme: &Theme, diags: &mut Diagnostics) {
    for l in &site.locales {
        let missing = theme.missing_strings(l);
        if missing.is_empty() {
            continue;
        }
        let theme_name = &site.config.theme;
        diags.push(
            Diagnostic::warning(
                Kind::MissingThemeString,
                format!("the theme has no {} for {}; readers see English", missing.join(", "), l.tag),
            )
            .in_file(format!("themes/{theme_name}/i18n/{}.toml", l.tag))
            .locale(&l.tag)
            .help(format!("add themes/{theme_name}/i18n/{}.toml with these keys translated", l.tag)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::prepare::test_site::{doc, load, SITE};

    #[test]
    fn only_a_locale_the_theme_has_no_strings_for_is_reported() {
        let page = doc("Policy", "", "Text.");
        let (_root, front) = load(
            SITE,
            &[
                ("content/en/policy.md", &page),
                ("content/de/policy.md", &page),
                ("content/tlh/policy.md", &page),
            ],
        );
        let mut diags = Diagnostics::default();
        check_theme_strings(&front.site, front.theme.as_ref().unwrap(), &mut diags);
        let found = diags.into_sorted();
        assert_eq!(found.iter().map(|d| d.locale.as_deref()).collect::<Vec<_>>(), [Some("tlh")]);
        assert_eq!(found[0].kind, Kind::MissingThemeString);
    }
}
