//! The deploy settings, reviewed as `clause deploy` would read them (SPEC §7), so that a CI
//! job finds a bad `[deploy]` table or `deploy_url` before it builds and uploads.

use crate::diag::Diagnostics;
use crate::site::model::Site;

/// Every mistake `deploy` would refuse in site.toml. A brand without a place is not one
/// here: `deploy` says so only for the brands it is asked to deploy.
pub fn check_deploy_settings(site: &Site, diags: &mut Diagnostics) {
    if let Err(errors) = crate::deploy::places::resolve(&site.config) {
        diags.extend(errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind;
    use crate::render::prepare::test_site::{doc, load, SITE};

    #[test]
    fn a_deploy_url_deploy_would_refuse_is_an_error_with_its_line() {
        let site = format!("{SITE}\n[deploy]\nurl = \"ftp://legal/{{brand}}\"\n");
        let (_root, front) = load(&site, &[("content/en/policy.md", &doc("Policy", "", "Text."))]);
        let mut diags = Diagnostics::default();
        check_deploy_settings(&front.site, &mut diags);
        let found = diags.into_sorted();
        let places: Vec<_> = found.iter().map(|d| (d.kind, d.line, d.column)).collect();
        assert_eq!(places, [(Kind::InvalidDeployUrl, Some(15), Some(7)); 2], "one for each brand: {found:?}");
        assert!(found[0].message.contains("`ftp://legal/acme`"));
    }

    #[test]
    fn good_deploy_settings_are_clean() {
        let site = format!("{SITE}\n[deploy]\nurl = \"s3://legal/{{brand}}\"\n");
        let (_root, front) = load(&site, &[("content/en/policy.md", &doc("Policy", "", "Text."))]);
        let mut diags = Diagnostics::default();
        check_deploy_settings(&front.site, &mut diags);
        assert!(diags.is_empty(), "{:?}", diags.into_sorted());
    }
}
