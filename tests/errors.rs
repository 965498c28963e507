//! One test per kind of error a user can cause: each names the file, line and column, says
//! what is wrong, exits 1, and leaves the output folder exactly as it was.

mod common;
use common::*;

/// Builds the small site once (so there is output to protect), applies `change`, builds
/// again, and returns stderr after checking exit 1 and the untouched output: every file's
/// bytes as before, no temporary file or marker inside, no staging folder beside.
fn fails_after(change: impl FnOnce(&Fixture)) -> String {
    let site = small_site();
    site.build().ok();
    let before = Untouched::take(&site.out());
    change(&site);
    let stderr = site.build().failed();
    before.assert_same("after a failed build");
    stderr
}

#[test]
fn unknown_placeholder_names_brands_and_locales() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\n+++\n\nCall {{supportNumber}} now.\n")
    });
    assert!(err.contains("error[unknown-placeholder]: content/en/legal/terms.md:5:6: `{{supportNumber}}` has no value for acme/en, acme/zh-CN, beta/en"), "{err}");
}

#[test]
fn unknown_placeholder_in_front_matter_points_at_its_line() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\nweight = 1\ntitle = \"{{nope}} Terms\"\n+++\n\nx\n")
    });
    assert!(err.contains("content/en/legal/terms.md:3:10: `{{nope}}`"), "{err}");
}

#[test]
fn malformed_front_matter() {
    let err =
        fails_after(|s| s.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\nweight = 1\n+++\n\nx\n"));
    assert!(err.contains("error[invalid-front-matter]: content/en/legal/terms.md:2:15"), "{err}");
    let err = fails_after(|s| s.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\n"));
    assert!(err.contains("error[unclosed-front-matter]: content/en/legal/terms.md:1:1"), "{err}");
}

#[test]
fn wrongly_typed_front_matter() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\nweight = \"ten\"\n+++\n\nx\n")
    });
    assert!(err.contains("error[invalid-front-matter]: content/en/legal/terms.md:3:10"), "{err}");
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "---\ntitle: Terms\neffective_date: 28.01.2022\n---\n\nx\n")
    });
    assert!(err.contains("error[invalid-front-matter]: content/en/legal/terms.md:3:17"), "{err}");
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\nefective_date = 2022-01-01\n+++\n")
    });
    assert!(err.contains("error[unknown-front-matter-key]: content/en/legal/terms.md:3:1"), "{err}");
}

#[test]
fn invalid_toml_in_site_toml() {
    let err = fails_after(|s| s.write("site.toml", &SITE_TOML.replace("[vars]", "[vars")));
    assert!(err.contains("error[invalid-toml]: site.toml:4:6"), "{err}");
}

#[test]
fn unknown_config_key() {
    let err = fails_after(|s| {
        s.write("site.toml", &SITE_TOML.replace("[brands.beta]\n", "[brands.beta]\nbase_ur = \"x\"\n"))
    });
    assert!(err.contains("error[unknown-config-key]: site.toml:19:1: "), "{err}");
    assert!(err.contains("base_ur"), "{err}");
}

#[test]
fn missing_default_locale_folder() {
    let err = fails_after(|s| {
        s.write("site.toml", &SITE_TOML.replace("default_locale = \"en\"", "default_locale = \"fr\""))
    });
    assert!(err.contains("error[missing-default-locale]: site.toml:2:18: default_locale is `fr`, but content/fr/ does not exist"), "{err}");
}

#[test]
fn invalid_utf8() {
    let err = fails_after(|s| {
        s.write_bytes("content/en/legal/terms.md", b"+++\ntitle = \"T\"\n+++\n\nab\xff\xfecd\n")
    });
    assert!(err.contains("error[invalid-utf8]: content/en/legal/terms.md:5:3"), "{err}");
}

#[test]
fn link_to_a_missing_document() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"T\"\n+++\n\nSee [the SLA](sla.md).\n")
    });
    assert!(err.contains("error[broken-link]: content/en/legal/terms.md:5:5: link `sla.md` points to `legal/sla.md`, which does not exist"), "{err}");
}

#[test]
fn template_syntax_error() {
    let err = fails_after(|s| s.write("themes/default/templates/page.html", "line one\n{% if %}\n"));
    assert!(err.contains("error[template-error]: themes/default/templates/page.html:2:7"), "{err}");
}

#[test]
fn invalid_brand_id() {
    let err = fails_after(|s| {
        s.write(
            "site.toml",
            &SITE_TOML
                .replace("[brands.beta]", "[brands.Beta_2]")
                .replace("[brands.beta.vars]", "[brands.Beta_2.vars]"),
        )
    });
    assert!(err.contains("error[invalid-brand-id]: site.toml:18:9: brand id `Beta_2` is not valid"), "{err}");
}

#[test]
fn invalid_locale_folder() {
    let err = fails_after(|s| s.write("content/english/x.md", "x"));
    assert!(
        err.contains("error[invalid-locale]: content/english: content/english/ is not a locale"),
        "{err}"
    );
}

#[test]
fn malformed_placeholder() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"T\"\n+++\n\nText {{ two words }} here.\n")
    });
    assert!(err.contains("error[malformed-placeholder]: content/en/legal/terms.md:5:6"), "{err}");
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"T\"\n+++\n\n{{missingOne}} [x](gone.md)\n");
        s.write("content/en/legal/other.md", "+++\nweight = \"x\"\n+++\n");
    });
    assert!(err.contains("other.md:2:10"), "{err}");
    assert!(err.contains("terms.md:5:16"), "{err}");
    assert!(err.contains("terms.md:5:1: `{{missingOne}}` has no value"), "{err}");
    assert!(err.contains("build failed with 3 errors"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    let site = small_site();
    assert_eq!(site.run(&["build", "--no-such-flag"]).code(), 2);
    assert_eq!(site.run(&["build", "--shard", "0/2"]).code(), 2);
    assert_eq!(site.run(&["build", "--locale", "fr"]).code(), 2);
}

#[test]
fn refuses_a_dangerous_output_folder() {
    let site = small_site();
    let err = site.run(&["build", "--out", site.root().join("content").to_str().unwrap()]).failed();
    assert!(err.contains("error[unsafe-output]"), "{err}");
    assert!(site.root().join("content/en/legal/privacy.md").exists());
}

#[test]
fn a_misspelt_placeholder_names_the_nearest_known_one() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\n+++\n\nWrite to {{supportMial}}.\n")
    });
    assert!(
        err.contains(
            "`{{supportMial}}` has no value for acme/en, acme/zh-CN, beta/en; did you mean `supportMail`?"
        ),
        "{err}"
    );
}

#[test]
fn a_placeholder_far_from_every_known_one_gets_no_suggestion() {
    let err = fails_after(|s| {
        s.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\n+++\n\n{{vatNumber}}\n")
    });
    assert!(err.contains("`{{vatNumber}}` has no value") && !err.contains("did you mean"), "{err}");
}

#[test]
fn a_misspelt_brand_on_the_command_line_names_the_nearest_brand() {
    let site = small_site();
    let run = site.run(&["build", "--brand", "acem"]);
    assert_eq!(run.code(), 2, "a usage error");
    assert!(
        run.stderr()
            .contains("--brand acem: no such brand in site.toml (brands: acme, beta); did you mean `acme`?"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_misspelt_locale_on_the_command_line_names_the_nearest_locale() {
    let site = small_site();
    let run = site.run(&["build", "--locale", "zh-CM"]);
    assert_eq!(run.code(), 2, "a usage error");
    assert!(
        run.stderr().contains("--locale zh-CM: no content/zh-CM/ folder; did you mean `zh-CN`?"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_override_naming_a_misspelt_brand_names_the_nearest_brand() {
    let err = fails_after(|s| s.write("content/en/legal/privacy.acem.md", PRIVACY_EN));
    assert!(err.contains("error[unknown-brand]: content/en/legal/privacy.acem.md: `acem` in this file name is not a brand in site.toml; did you mean `acme`?"), "{err}");
}

#[test]
fn a_site_without_site_toml() {
    let err = fails_after(|s| std::fs::remove_file(s.root().join("site.toml")).unwrap());
    assert!(err.contains("error[config-missing]: site.toml: cannot read site.toml: "), "{err}");
    assert!(err.contains("help: run clause in a site's folder, or name it with --root"), "{err}");
}

#[test]
fn a_base_url_that_is_not_http() {
    let err = fails_after(|s| {
        s.write(
            "site.toml",
            &SITE_TOML.replace("\"https://beta.example/legal\"", "\"ftp://beta.example/legal\""),
        )
    });
    assert!(
        err.contains("error[invalid-base-url]: site.toml:19:12: brands.beta.base_url `ftp://beta.example/legal` is not an absolute http(s) URL"),
        "{err}"
    );
}

#[test]
fn a_fallback_or_brand_locale_without_a_folder() {
    let err = fails_after(|s| {
        s.write(
            "site.toml",
            &SITE_TOML
                .replace("name = \"简体中文\"", "name = \"简体中文\"\nfallback = \"fr\"")
                .replace("locales = [\"en\"]", "locales = [\"en\", \"de\"]"),
        )
    });
    assert!(
        err.contains("error[unknown-locale]: site.toml:9:12: locales.zh-CN.fallback is `fr`, which has no folder in content/"),
        "{err}"
    );
    assert!(
        err.contains("error[unknown-locale]: site.toml:19:9: brands.beta.locales names `de`, which has no folder in content/"),
        "{err}"
    );
}

#[test]
fn fallbacks_that_lead_back_to_their_locale() {
    let err = fails_after(|s| {
        s.write("content/de/legal/terms.md", TERMS_EN);
        s.write(
            "site.toml",
            &SITE_TOML.replace(
                "name = \"简体中文\"",
                "name = \"简体中文\"\nfallback = \"de\"\n\n[locales.de]\nfallback = \"zh-CN\"",
            ),
        )
    });
    assert!(
        err.contains("error[fallback-cycle]: site.toml:9:12: the fallbacks of `zh-CN` lead back to it"),
        "{err}"
    );
    assert!(
        err.contains("error[fallback-cycle]: site.toml:12:12: the fallbacks of `de` lead back to it"),
        "{err}"
    );
}

#[test]
fn theme_strings_that_are_not_a_flat_table_of_text() {
    let err = fails_after(|s| {
        s.write("themes/default/i18n/de.toml", "skip_to_content = \"Zum Inhalt\"\ncontents = 3\n");
        s.write("content/de/legal/terms.md", TERMS_EN);
    });
    assert!(err.contains("error[invalid-theme-strings]: themes/default/i18n/de.toml:2:12: "), "{err}");
}

#[test]
fn a_file_directly_in_content_belongs_to_no_locale() {
    let err = fails_after(|s| s.write("content/readme.md", "# Notes\n"));
    // The whole file is misplaced: the error names it and no position inside it.
    assert!(
        err.contains(
            "error[outside-locale]: content/readme.md: a file directly in content/ belongs to no locale"
        ),
        "{err}"
    );
}

#[test]
fn a_path_the_build_writes_both_as_a_file_and_as_a_folder() {
    // The asset `legal/terms` and the page `legal/terms/index.html`; over an earlier output,
    // so the pages are rendered (and written beside their targets) before the conflict is
    // found, and must be taken away again.
    let err = fails_after(|s| {
        s.write("content/en/legal/terms", "an asset named like the page's folder");
        s.write("content/en/legal/privacy.md", &PRIVACY_EN.replace("This policy", "The policy"));
    });
    assert!(
        err.contains("error[output-conflict]: acme/en/legal/terms: the build writes acme/en/legal/terms both as a file and as a folder"),
        "{err}"
    );
}

#[test]
fn a_theme_without_a_folder() {
    let err = fails_after(|s| {
        s.write(
            "site.toml",
            &SITE_TOML.replace("default_locale = \"en\"", "default_locale = \"en\"\ntheme = \"corporate\""),
        )
    });
    assert!(
        err.contains(
            "error[unknown-theme]: site.toml:3:9: theme `corporate` has no folder themes/corporate/"
        ),
        "{err}"
    );
}
