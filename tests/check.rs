//! `clause check` finds what a legal portal gets wrong quietly, says where, exits as SPEC §4
//! says and writes nothing; `clause init` gives a site that builds and checks clean.

mod common;
use common::*;
use serde_json::Value;

fn json(site: &Fixture, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    let v: Value = serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()));
    (run.code(), v)
}

fn findings<'a>(v: &'a Value, kind: &str) -> Vec<&'a Value> {
    v["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == kind).collect()
}

/// The small site with the translator's usual mistakes.
fn flawed_site() -> Fixture {
    let site = small_site();
    // zh-CN privacy: a year behind, without {{supportMail}}, without clause 1.2 but with 1.3.
    site.write(
        "content/zh-CN/legal/privacy.md",
        "+++\ntitle = \"{{channelName}}隐私政策\"\neffective_date = 2021-01-01\n+++\n\n## I. 范围\n\n1.1 本政策适用于{{channelName}}。\n\n1.3 其他。\n",
    );
    // en terms link to clause 1.2 of the policy, which the zh-CN policy dropped.
    site.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\nweight = 20\n+++\n\n## 2. Terms\n\n2.1 See [clause 1.2](privacy.md#clause-1.2).\n\n2.1 Twice.\n");
    site
}

#[test]
fn finds_stale_missing_and_mismatched_translations() {
    let site = flawed_site();
    let (code, v) = json(&site, &[]);
    let outdated = findings(&v, "outdated-translation");
    assert_eq!(outdated.len(), 1, "{v:#}");
    assert_eq!(outdated[0]["file"], "content/zh-CN/legal/privacy.md");
    assert_eq!(outdated[0]["locale"], "zh-CN");
    assert_eq!(outdated[0]["severity"], "warning");
    let ph = findings(&v, "placeholder-mismatch");
    let msg = ph[0]["message"].as_str().unwrap();
    assert!(msg.contains("missing ") && msg.contains("{{supportMail}}"), "{msg}");
    let cl = findings(&v, "clause-mismatch");
    let msg = cl[0]["message"].as_str().unwrap();
    assert!(msg.contains("missing 1.2") && msg.contains("not in the source: 1.3"), "{msg}");
    let missing = findings(&v, "missing-translation");
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0]["file"], "content/en/legal/terms.md", "names the source file to translate");
    assert_eq!(missing[0]["locale"], "zh-CN");
    assert_eq!(v["summary"]["locales"]["zh-CN"]["missing"], 1);
    assert_eq!(v["summary"]["locales"]["zh-CN"]["outdated"], 1);
    assert_eq!(code, 1, "the broken link is an error");
}

#[test]
fn a_clause_link_breaks_where_a_translation_drops_the_clause() {
    let site = flawed_site();
    let (_, v) = json(&site, &[]);
    let broken = findings(&v, "broken-link");
    assert_eq!(broken.len(), 1, "{v:#}");
    let b = broken[0];
    assert_eq!(
        (b["file"].as_str(), b["line"].as_u64(), b["locale"].as_str(), b["brand"].as_str()),
        (Some("content/en/legal/terms.md"), Some(8), Some("zh-CN"), Some("acme"))
    );
    assert_eq!(b["severity"], "error");
}

#[test]
fn duplicate_clauses_name_both_lines() {
    let site = flawed_site();
    let (_, v) = json(&site, &[]);
    let dup = findings(&v, "duplicate-clause");
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0]["line"], 10);
    assert!(dup[0]["message"].as_str().unwrap().contains("line 10 repeats the one on line 8"));
}

#[test]
fn check_writes_nothing() {
    let site = flawed_site();
    site.run(&["check"]);
    assert!(!site.out().exists());
    let entries: Vec<_> =
        std::fs::read_dir(site.root()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(entries.len(), 2, "only site.toml and content/: {entries:?}");
}

#[test]
fn warnings_fail_only_under_strict() {
    let site = small_site();
    site.write(
        "content/zh-CN/legal/terms.md",
        "+++\ntitle = \"条款\"\nweight = 20\n+++\n\n## 2. 条款\n\n2.1 回到[政策](privacy.md)。\n",
    );
    site.write(
        "content/zh-CN/legal/privacy.md",
        &PRIVACY_EN
            .replace("2022-01-28", "2020-01-01")
            .replace("[terms](terms.md#clause-2.1)", "[条款](terms.md#clause-2.1)"),
    );
    let (code, v) = json(&site, &[]);
    assert_eq!(v["summary"]["errors"], 0, "{v:#}");
    assert!(v["summary"]["warnings"].as_u64().unwrap() >= 1);
    assert_eq!(code, 0);
    let (code, _) = json(&site, &["--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn build_errors_are_check_errors_with_their_kinds() {
    let site = small_site();
    site.write("content/en/legal/terms.md", "+++\ntitle = \"T\"\n+++\n\n{{nope}}\n");
    let (code, v) = json(&site, &[]);
    assert_eq!(code, 1);
    let e = findings(&v, "unknown-placeholder");
    assert_eq!((e[0]["file"].as_str(), e[0]["line"].as_u64()), (Some("content/en/legal/terms.md"), Some(5)));
}

#[test]
fn a_file_that_failed_to_load_is_one_error_not_a_broken_link_on_every_page_linking_it() {
    let site = small_site();
    site.write(
        "content/en/legal/privacy.md",
        &PRIVACY_EN.replacen("weight", "material = \"yes\"\nweight", 1),
    );
    site.write(
        "content/en/legal/terms.md",
        &TERMS_EN.replace("(privacy.md)", "(privacy.md), [gone](gone.md)"),
    );
    let (code, v) = json(&site, &[]);
    let bad = findings(&v, "invalid-front-matter");
    assert_eq!((code, bad.len(), bad[0]["line"].as_u64()), (1, 1, Some(5)), "{v:#}");
    let help = bad[0]["help"].as_str().unwrap();
    assert!(help.contains("material (true/false)"), "{help}");
    let broken: Vec<&str> =
        findings(&v, "broken-link").iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(!broken.is_empty() && broken.iter().all(|m| m.contains("gone.md")), "{broken:?}");
    // A translation that failed to load is not reported missing besides.
    site.write("content/en/legal/privacy.md", PRIVACY_EN);
    site.write("content/zh-CN/legal/privacy.md", "+++\ntitle = \"隐私\"\nmaterial = 1\n+++\n");
    let (_, v) = json(&site, &[]);
    let missing: Vec<&str> =
        findings(&v, "missing-translation").iter().map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(missing, ["content/en/legal/terms.md"], "{v:#}");
    assert_eq!(findings(&v, "invalid-front-matter").len(), 1, "{v:#}");
}

#[test]
fn bad_deploy_settings_are_check_errors_with_their_line_and_good_ones_check_clean() {
    let site = small_site();
    let with_deploy = |deploy: &str| format!("{SITE_TOML}\n{deploy}");
    site.write("site.toml", &with_deploy("[deploy]\nurl = \"s3://legal/{brand}\"\nmax_deletes = 10\n"));
    let (code, v) = json(&site, &[]);
    assert!(findings(&v, "invalid-deploy-url").is_empty() && code == 0, "{v}");
    let bad = with_deploy("[deploy]\nurl = \"s3://legal/{brnad}\"\nmax_deletes = -1\n");
    site.write("site.toml", &bad);
    let (code, v) = json(&site, &[]);
    assert_eq!(code, 1, "{v}");
    let line = bad.lines().position(|l| l.contains("{brnad}")).unwrap() as u64 + 1;
    let e = findings(&v, "invalid-deploy-url");
    assert_eq!(
        (e.len(), e[0]["file"].as_str(), e[0]["line"].as_u64()),
        (1, Some("site.toml"), Some(line)),
        "{v}"
    );
    assert_eq!(findings(&v, "invalid-max-deletes").len(), 1, "reported together: {v}");
    assert!(!site.out().exists(), "check writes nothing");
}

#[test]
fn untranslated_overrides_and_theme_strings_are_reported() {
    let site = small_site();
    site.write("content/en/legal/privacy.acme.md", "+++\ntitle = \"Acme policy\"\n+++\n\nAcme's own.\n");
    // Esperanto: a locale no theme file speaks (Korean, once used here, now has its strings).
    site.write("content/eo/legal/privacy.md", "+++\ntitle = \"Privateco\"\neffective_date = 2022-01-28\n+++\n\n## I. Amplekso\n\n1.1 {{channelName}}.\n\n1.2 {{supportMail}}.\n");
    let (_, v) = json(&site, &[]);
    let ov = findings(&v, "untranslated-override");
    assert!(ov.iter().any(|f| f["locale"] == "zh-CN" && f["brand"] == "acme"), "{v:#}");
    let ts = findings(&v, "missing-theme-string");
    assert!(ts.iter().any(|f| f["locale"] == "eo"), "{v:#}");
    assert!(!ts.iter().any(|f| f["locale"] == "zh-CN"));
}

#[test]
fn text_output_groups_by_locale_with_a_table_and_respects_no_color() {
    let site = flawed_site();
    // Through a pipe colour is off anyway: force it on (CLICOLOR_FORCE, which anstream
    // honours), so that NO_COLOR has something to win over.
    let check = |no_color: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_clause"));
        cmd.args(["check", "--root"]).arg(site.root()).env("CLICOLOR_FORCE", "1").env_remove("NO_COLOR");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    let coloured = check(false);
    assert!(coloured.contains("\u{1b}["), "colour when forced: {coloured}");
    let text = check(true);
    assert!(!text.contains('\u{1b}'), "NO_COLOR wins over CLICOLOR_FORCE: {text}");
    assert!(text.contains("locale zh-CN"), "{text}");
    assert!(text.contains("locale     translated  missing out of date placeholders clauses"), "{text}");
    assert!(text.contains("zh-CN               1        1           1            1       1"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    let site = small_site();
    assert_eq!(site.run(&["check", "--format", "xml"]).code(), 2);
}

#[test]
fn init_writes_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("portal");
    let run =
        std::process::Command::new(env!("CARGO_BIN_EXE_clause")).arg("init").arg(&target).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["check", "--strict", "--format", "json", "--root"])
        .arg(&target)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0, "{v:#}");
    assert!(check.status.success());
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["build", "--root"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    assert!(target.join("public/beta/de/legal/privacy-policy/index.html").exists());
    // A second init into the now non-empty folder is refused and changes nothing.
    let again =
        std::process::Command::new(env!("CARGO_BIN_EXE_clause")).arg("init").arg(&target).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

/// `clause check` on the example portal at the repository's root.
fn example_portal(args: &[&str]) -> Run {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_clause"));
    cmd.arg("check").args(args).arg("--root").arg(env!("CARGO_MANIFEST_DIR"));
    Run(cmd.output().expect("clause runs"))
}

#[test]
fn a_part_that_starts_again_is_no_duplicate_but_a_repeat_inside_a_part_is() {
    let site = small_site();
    site.write(
        "content/en/legal/terms.md",
        "+++\ntitle = \"Terms\"\nweight = 20\n+++\n\n## Legal Statement\n\n### I. Ownership\n\n1.1 Ours.\n\n## Privacy Policy\n\nIntro.\n\n### I. Scope\n\n1.1 This.\n\n1.2 That.\n\n1.2 Again.\n",
    );
    let (_, v) = json(&site, &[]);
    let dup = findings(&v, "duplicate-clause");
    assert_eq!(dup.len(), 1, "only the repeat inside the second part: {v:#}");
    assert_eq!(dup[0]["line"], 22);
    assert!(dup[0]["message"].as_str().unwrap().contains("line 22 repeats the one on line 20"), "{v:#}");
    // Ids keep the fixed rule for repeats: no published link changes.
    site.build().ok();
    let page = site.read("acme/en/legal/terms/index.html");
    for id in ["clause-I", "clause-I-2", "clause-1.1-2", "clause-1.2-2"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
    }
}

#[test]
fn the_example_portal_reports_only_the_real_repeat_of_6_3() {
    // On a fixed date: from 2026-12-02 the upcoming version of 2027-01-01 is short notice.
    let run = example_portal(&["--strict", "--format", "json", "--as-of", "2026-06-01"]);
    let v: Value = serde_json::from_str(&run.stdout()).unwrap();
    // The seed's 6.3 really is numbered twice: in each locale's policy, and in the example's
    // earlier and upcoming versions of it, which keep that text.
    let dup = findings(&v, "duplicate-clause");
    let files: Vec<_> = dup.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        [
            "content/en/agreement/privacy-policy.md",
            "content/en/agreement/privacy-policy@2021-06-01.md",
            "content/en/agreement/privacy-policy@2027-01-01.md",
            "content/ja/agreement/privacy-policy.md",
            "content/zh-CN/agreement/privacy-policy.md",
        ],
        "{v:#}"
    );
    for d in &dup {
        let line = d["line"].as_u64().unwrap();
        let msg = d["message"].as_str().unwrap();
        assert!(
            msg.starts_with(&format!("clause 6.3 on line {line} repeats the one on line {}", line - 8)),
            "{d}"
        );
    }
    // Besides the repeat, only the portal's real gaps: no terms of service in ja, zh-CN and
    // ar, no privacy policy in ar (globex's Arabic shows it from English), and the upcoming
    // version not yet translated into ja and zh-CN.
    let mut others: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] != "duplicate-clause")
        .map(|f| {
            format!(
                "{} {} {}",
                f["kind"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["locale"].as_str().unwrap_or("")
            )
        })
        .collect();
    others.sort();
    assert_eq!(
        others,
        [
            "missing-translation content/en/agreement/privacy-policy.md ar",
            "missing-translation content/en/agreement/privacy-policy@2027-01-01.md ar",
            "missing-translation content/en/agreement/privacy-policy@2027-01-01.md ja",
            "missing-translation content/en/agreement/privacy-policy@2027-01-01.md zh-CN",
            "missing-translation content/en/agreement/terms-of-service.md ja",
            "missing-translation content/en/agreement/terms-of-service.md zh-CN",
        ],
        "{v:#}"
    );
    assert_eq!(run.code(), 1, "--strict fails on warnings");
}

#[test]
fn the_summary_counts_warnings_per_kind() {
    let site = flawed_site();
    let (_, v) = json(&site, &[]);
    let kinds = &v["summary"]["warnings_by_kind"];
    assert_eq!(kinds["duplicate-clause"], 1, "{v:#}");
    assert_eq!(kinds["missing-translation"], 1);
    assert_eq!(kinds["outdated-translation"], 1);
    let sum: u64 = kinds.as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
    assert_eq!(sum, v["summary"]["warnings"].as_u64().unwrap());
    assert!(kinds.get("broken-link").is_none(), "errors are not warnings");
    let text = site.run(&["check"]).stdout();
    let table = text.split("warning ").nth(1).unwrap_or_else(|| panic!("{text}"));
    assert!(
        table.lines().any(|l| l.starts_with("duplicate-clause") && l.trim_end().ends_with(" 1")),
        "{text}"
    );
}

/// vnu.jar as `npm install -g vnu-jar` puts it (scripts/test.sh does).
fn vnu_jar() -> std::path::PathBuf {
    let out = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
        .expect("npm is missing: install Node.js and npm (scripts/test.sh does)");
    let jar =
        std::path::Path::new(String::from_utf8_lossy(&out.stdout).trim()).join("vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.exists(),
        "{} is missing: run `npm install -g vnu-jar` (scripts/test.sh does)",
        jar.display()
    );
    jar
}

#[test]
fn the_status_page_passes_the_nu_html_checker() {
    let run = example_portal(&["--format", "html"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let page = run.stdout();
    assert!(
        !page.contains("<script") && !page.contains("<link") && !page.contains(" src="),
        "self-contained"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("status.html");
    std::fs::write(&file, &page).unwrap();
    let vnu = std::process::Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--Werror", "--format", "text"])
        .arg(&file)
        .output()
        .expect("java is missing: install Debian's default-jre-headless (scripts/test.sh does)");
    let said = format!("{}{}", String::from_utf8_lossy(&vnu.stdout), String::from_utf8_lossy(&vnu.stderr));
    assert!(vnu.status.success(), "the Nu HTML Checker refuses the page:\n{said}");
    assert!(page.contains("data-locale=\"ja\"><span class=\"state\">missing</span>translate"), "{page}");
}

#[test]
fn the_status_page_of_a_flawed_site_says_each_state_in_words() {
    let site = flawed_site();
    let page = site.run(&["check", "--format", "html"]).stdout();
    for words in ["out of date", "placeholder mismatch", "clause mismatch", "missing", "source"] {
        assert!(page.contains(&format!("<span class=\"state\">{words}</span>")), "{words}: {page}");
    }
    assert!(page.contains("warning[duplicate-clause]") && page.contains("terms.md:10"), "{page}");
    assert!(page.contains("error[broken-link]"));
}
