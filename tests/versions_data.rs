//! Versions as data (issue 24) on a portal of its own: two brands with hostile values, a
//! locale with a translation of one version and one with none, and a document with an
//! archived, a current and two upcoming versions, one of them a correction
//! (`material = false`). Every `versions.json` and `legal.json` against the committed JSON
//! Schemas (with Python's `jsonschema`, a real validator); ids, roles, `succeeded_by` and
//! `last_material` for several `--as-of` dates; each `sha256` against the published
//! fragment, the same whatever the version's role; fragments that hold the text alone, byte
//! for byte the same across builds; `check`'s `short-notice`; the bad inputs; `serve`.

mod common;
use common::server::Server;
use common::*;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SITE: &str = r#"title = "{{channelName}} Legal"
default_locale = "en"

[brands.acme]
base_url = "https://legal.acme.example"
[brands.acme.vars]
channelName = "Acme </body><script>alert(1)</script> & \"Co\""

[brands.zeta]
base_url = "https://zeta.example/legal"
locales = ["en", "fr"]
[brands.zeta.vars]
channelName = "Zeta <img src=x onerror=alert(2)> 'Cloud'"
"#;

fn version(date: Option<&str>, extra: &str, text: &str) -> String {
    let date = date.map(|d| format!("effective_date = {d}\n")).unwrap_or_default();
    format!("+++\ntitle = \"{{{{channelName}}}} Terms\"\n{date}{extra}+++\n\n## 1. Scope\n\n1.1 {text} for {{{{channelName}}}}.\n")
}

fn portal() -> Fixture {
    Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/terms@2020-01-01.md", &version(None, "summary = \"First.\"\n", "The first terms")),
        ("content/en/terms.md", &version(Some("2024-01-01"), "summary = \"Longer.\"\n", "The 2024 terms")),
        (
            "content/en/terms@2026-01-01.md",
            &version(None, "summary = \"Typos.\"\nmaterial = false\n", "The 2024 terms, corrected"),
        ),
        (
            "content/en/terms@2026-03-01.md",
            &version(None, "summary = \"New {{channelName}}.\"\n", "The 2026 terms"),
        ),
        (
            "content/de/terms.md",
            &version(Some("2024-01-01"), "summary = \"Länger.\"\n", "Die Bedingungen 2024"),
        ),
        ("content/fr/.keep", ""),
        ("content/en/imprint.md", "+++\ntitle = \"Imprint of {{channelName}}\"\n+++\n\nWho we are.\n"),
    ])
}

/// Builds `site` for `as_of` into `out` (below the site) and returns that folder.
fn build(site: &Fixture, as_of: &str, out: &str) -> PathBuf {
    site.run(&["build", "--as-of", as_of, "--out", &site.root().join(out).to_string_lossy()]).ok();
    site.root().join(out)
}

fn json(dir: &Path, path: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}\n{text}"))
}

/// Every file below `dir` whose name is `name`.
fn files_named(dir: &Path, name: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == name)
        .map(|e| e.into_path())
        .collect()
}

/// Validates each of `files` against `schema` with Python's jsonschema (draft 2020-12).
fn validate(schema: &str, files: &[PathBuf]) {
    assert!(!files.is_empty(), "nothing to validate against {schema}");
    let script = "import json, sys\nfrom jsonschema import Draft202012Validator as V\nschema = json.load(open(sys.argv[1]))\nV.check_schema(schema)\nbad = 0\nfor f in sys.argv[2:]:\n    for e in V(schema).iter_errors(json.load(open(f))):\n        bad += 1\n        print(f, list(e.absolute_path), e.message)\nsys.exit(1 if bad else 0)\n";
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas").join(schema);
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&schema)
        .args(files)
        .output()
        .expect("python3 runs (scripts/test.sh installs it and jsonschema)");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{}:\n{stdout}\n{stderr}", schema.display());
}

#[test]
fn every_json_file_validates_against_its_schema() {
    let site = portal();
    for as_of in ["2019-06-01", "2025-06-01", "2026-02-01", "2026-06-01"] {
        let out = build(&site, as_of, as_of);
        let versions = files_named(&out, "versions.json");
        assert_eq!(versions.len(), 2 * 3 + 2 * 2, "two documents × (acme: en, de, fr; zeta: en, fr)");
        validate("versions.schema.json", &versions);
        let legal = files_named(&out, "legal.json");
        assert_eq!(legal.len(), 2 + 3 + 2, "one per brand and one per brand and locale");
        validate("legal.schema.json", &legal);
    }
}

#[test]
fn the_schemas_refuse_a_file_that_breaks_them() {
    let site = portal();
    let out = build(&site, "2025-06-01", "out");
    let path = out.join("acme/en/terms/versions.json");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("\"sha256\": \"", "\"sha256\": \"x", 1)).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/versions.schema.json");
    let script = "import json, sys\nfrom jsonschema import Draft202012Validator as V\nV(json.load(open(sys.argv[1]))).validate(json.load(open(sys.argv[2])))";
    let run =
        std::process::Command::new("python3").args(["-c", script]).arg(&schema).arg(&path).output().unwrap();
    assert!(!run.status.success(), "a broken sha256 must not validate");
}

fn ids(entries: &Value) -> Vec<String> {
    let list = entries.as_array().cloned().unwrap_or_else(|| vec![entries.clone()]);
    list.iter().filter(|e| !e.is_null()).map(|e| e["version"].as_str().unwrap().to_string()).collect()
}

/// (as_of, current, upcoming, archived newest first, succeeded_by, last_material)
type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str], Value, Value);

#[test]
fn ids_roles_successors_and_last_material_follow_the_build_date() {
    let site = portal();
    let cases: [Case; 4] = [
        (
            "2019-06-01",
            &[],
            &["2020-01-01", "2024-01-01", "2026-01-01", "2026-03-01"],
            &[],
            "2020-01-01".into(),
            Value::Null,
        ),
        (
            "2025-06-01",
            &["2024-01-01"],
            &["2026-01-01", "2026-03-01"],
            &["2020-01-01"],
            "2026-01-01".into(),
            "2024-01-01".into(),
        ),
        // The correction of 2026-01-01 is in force, but users' acceptance of 2024 still holds.
        (
            "2026-02-01",
            &["2026-01-01"],
            &["2026-03-01"],
            &["2024-01-01", "2020-01-01"],
            "2026-03-01".into(),
            "2024-01-01".into(),
        ),
        (
            "2026-06-01",
            &["2026-03-01"],
            &[],
            &["2026-01-01", "2024-01-01", "2020-01-01"],
            Value::Null,
            "2026-03-01".into(),
        ),
    ];
    for (as_of, current, upcoming, archived, succeeded_by, last_material) in cases {
        let out = build(&site, as_of, as_of);
        for locale in ["en", "de", "fr"] {
            let v = json(&out, &format!("acme/{locale}/terms/versions.json"));
            assert_eq!(ids(&v["current"]), current, "{as_of} {locale}");
            assert_eq!(ids(&v["upcoming"]), upcoming, "{as_of} {locale}");
            assert_eq!(ids(&v["archived"]), archived, "{as_of} {locale}");
            assert_eq!((&v["succeeded_by"], &v["last_material"]), (&succeeded_by, &last_material), "{as_of}");
            let legal = json(&out, &format!("acme/{locale}/legal.json"));
            let doc =
                &legal["documents"].as_array().unwrap().iter().find(|d| d["document"] == "terms").unwrap();
            assert_eq!(doc["last_material"], last_material, "{as_of} {locale} legal.json");
            assert_eq!(doc["upcoming"], serde_json::json!(upcoming));
        }
        // Archived versions stop the day the next one starts.
        let v = json(&out, "acme/en/terms/versions.json");
        for e in v["archived"].as_array().unwrap() {
            let all = ["2020-01-01", "2024-01-01", "2026-01-01", "2026-03-01"];
            let next = all.iter().position(|d| e["version"] == *d).map(|i| all[i + 1]);
            assert_eq!(e["until"].as_str(), next, "{as_of}");
        }
    }
    let v = json(&site.root().join("2025-06-01"), "acme/de/terms/versions.json");
    assert_eq!((&v["translated"], &v["current"]["translated"]), (&Value::Bool(true), &Value::Bool(true)));
    assert_eq!(v["upcoming"][0]["material"], false);
    let v = json(&site.root().join("2026-02-01"), "acme/de/terms/versions.json");
    assert_eq!(v["translated"], false, "German has no text of the correction in force");
    let fr = json(&site.root().join("2025-06-01"), "zeta/fr/terms/versions.json");
    assert_eq!(fr["translated"], false);
    assert_eq!(fr["url"], "https://zeta.example/legal/fr/terms/");
    assert_eq!(fr["current"]["changes_url"], "https://zeta.example/legal/fr/terms/changes/2024-01-01/");
    assert_eq!(fr["archived"][0]["changes_url"], Value::Null);
}

/// The output path of a published URL of `brand` (`https://…/en/x/fragment.html`).
fn local(out: &Path, base: &str, brand: &str, url: &str) -> PathBuf {
    out.join(brand).join(url.strip_prefix(base).unwrap().trim_start_matches('/'))
}

/// (brand, locale, version) → sha256, each checked against the published fragment.
fn hashes(out: &Path) -> BTreeMap<(String, String, String), String> {
    let mut found = BTreeMap::new();
    for (brand, base) in [("acme", "https://legal.acme.example"), ("zeta", "https://zeta.example/legal")] {
        for path in files_named(&out.join(brand), "versions.json") {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let entries = v["upcoming"].as_array().unwrap().iter().chain(v["archived"].as_array().unwrap());
            for e in entries.chain(std::iter::once(&v["current"]).filter(|c| !c.is_null())) {
                let bytes =
                    std::fs::read(local(out, base, brand, e["fragment_url"].as_str().unwrap())).unwrap();
                let sha = hex::encode(Sha256::digest(&bytes));
                assert_eq!(e["sha256"].as_str(), Some(sha.as_str()), "{}", path.display());
                let key = (
                    brand.to_string(),
                    format!("{}:{}", v["locale"], v["document"]),
                    e["version"].to_string(),
                );
                found.insert(key, sha);
            }
        }
    }
    found
}

#[test]
fn each_sha256_is_the_published_fragments_and_stays_when_the_role_moves() {
    let site = portal();
    let before = hashes(&build(&site, "2019-06-01", "a"));
    let during = hashes(&build(&site, "2025-06-01", "b"));
    let after = hashes(&build(&site, "2026-06-01", "c"));
    assert_eq!(before.len(), 5 * 4 + 5, "every version of terms and the imprint, per brand and locale");
    assert_eq!(before, during, "upcoming → current → archived leaves every hash as it was");
    assert_eq!(during, after);
    let imprint = json(&site.root().join("b"), "zeta/en/imprint/versions.json");
    assert_eq!(imprint["current"]["fragment_url"], "https://zeta.example/legal/en/imprint/fragment.html");
    assert_eq!(imprint["current"]["url"], "https://zeta.example/legal/en/imprint/");
    assert_eq!(
        (&imprint["current"]["version"], &imprint["current"]["changes_url"]),
        (&Value::Null, &Value::Null)
    );
}

#[test]
fn fragments_hold_the_text_alone_and_are_the_same_bytes_on_every_build() {
    let site = portal();
    let (a, b) = (build(&site, "2025-06-01", "a"), build(&site, "2025-06-01", "b"));
    let fragments = files_named(&a, "fragment.html");
    assert_eq!(fragments.len(), 5 * 4 + 5);
    for f in &fragments {
        let text = std::fs::read_to_string(f).unwrap();
        let again = std::fs::read_to_string(b.join(f.strip_prefix(&a).unwrap())).unwrap();
        assert_eq!(text, again, "{}", f.display());
        for banned in ["<script", "<nav", "style=", "<link", "<header", "<footer", "livereload"] {
            assert!(!text.contains(banned), "{banned} in {}:\n{text}", f.display());
        }
        assert!(text.contains("<meta name=\"robots\" content=\"noindex\">"), "{text}");
        assert_eq!(text.matches("<body>").count(), 1, "{text}");
    }
    let acme = std::fs::read_to_string(a.join("acme/en/terms/versions/2024-01-01/fragment.html")).unwrap();
    assert!(acme.contains("The 2024 terms for Acme &lt;/body&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;."), "{acme}");
    let zeta = std::fs::read_to_string(a.join("zeta/fr/terms/versions/2026-03-01/fragment.html")).unwrap();
    assert!(zeta.contains("<html lang=\"en\""), "a fallback's text is English: {zeta}");
    assert!(zeta.contains("Zeta &lt;img src=x onerror=alert(2)&gt; &#39;Cloud&#39;"), "{zeta}");
    let sitemap = std::fs::read_to_string(a.join("acme/sitemap.xml")).unwrap();
    assert!(!sitemap.contains("fragment") && !sitemap.contains(".json"), "{sitemap}");
}

#[test]
fn hostile_values_stay_text_in_the_json() {
    let site = portal();
    let out = build(&site, "2026-06-01", "out");
    let v = json(&out, "acme/en/terms/versions.json");
    assert_eq!(v["title"], "Acme </body><script>alert(1)</script> & \"Co\" Terms");
    assert_eq!(v["current"]["summary"], "New Acme </body><script>alert(1)</script> & \"Co\".");
    let legal = json(&out, "zeta/en/legal.json");
    let titles: Vec<&str> =
        legal["documents"].as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert_eq!(
        titles,
        [
            "Imprint of Zeta <img src=x onerror=alert(2)> 'Cloud'",
            "Zeta <img src=x onerror=alert(2)> 'Cloud' Terms"
        ]
    );
    let brand = json(&out, "zeta/legal.json");
    assert_eq!(brand["locales"][1]["url"], "https://zeta.example/legal/fr/legal.json");
}

#[test]
fn check_warns_about_short_notice_of_a_material_version_alone() {
    let site = portal();
    let warned = |as_of: &str| site.run(&["check", "--as-of", as_of]).stdout();
    let out = warned("2026-02-10");
    assert!(out.contains("warning[short-notice]: content/en/terms@2026-03-01.md"), "{out}");
    assert!(out.contains("takes effect on 2026-03-01, 19 days after 2026-02-10"), "{out}");
    // The correction of 2026-01-01 is 12 days away and needs no notice; 2026-03-01 is 71.
    let out = warned("2025-12-20");
    assert!(!out.contains("short-notice"), "{out}");
    site.write("site.toml", &SITE.replace("[brands.acme]", "[versions]\nnotice_days = 100\n\n[brands.acme]"));
    let out = warned("2025-12-20");
    assert!(out.contains("warning[short-notice]: content/en/terms@2026-03-01.md"), "{out}");
    assert!(!out.contains("short-notice]: content/en/terms@2026-01-01.md"), "{out}");
}

#[test]
fn a_material_version_without_summary_is_warned_about() {
    let site = portal();
    site.write("content/en/terms@2026-03-01.md", &version(None, "", "The 2026 terms"));
    site.write("content/en/terms@2026-01-01.md", &version(None, "material = false\n", "Fixed"));
    let out = site.run(&["check", "--as-of", "2025-06-01"]).stdout();
    assert!(out.contains("warning[material-without-summary]: content/en/terms@2026-03-01.md"), "{out}");
    assert!(out.contains("warning[missing-summary]: content/en/terms@2026-01-01.md"), "{out}");
}

#[test]
fn whether_a_version_is_material_is_its_sources_decision_in_every_locale() {
    let site = portal();
    let de = version(None, "summary = \"Neu.\"\nmaterial = false\n", "Die Bedingungen 2026");
    site.write("content/de/terms@2026-03-01.md", &de);
    let out = build(&site, "2026-06-01", "a");
    let (en, de) = (json(&out, "acme/en/terms/versions.json"), json(&out, "acme/de/terms/versions.json"));
    assert_eq!(
        (&de["current"]["translated"], &de["current"]["summary"]),
        (&Value::Bool(true), &"Neu.".into())
    );
    assert_eq!(de["current"]["material"], true, "the English file says material: {de}");
    assert_eq!((&en["last_material"], &de["last_material"]), (&"2026-03-01".into(), &"2026-03-01".into()));
    assert_eq!(json(&out, "acme/de/legal.json")["documents"][1]["last_material"], "2026-03-01");
    // check says so, on the German file, and wants notice given in German as in English.
    let report = site.run(&["check", "--as-of", "2026-02-10"]).stdout();
    let mismatch = "warning[material-mismatch]: content/de/terms@2026-03-01.md";
    assert!(
        report.contains(mismatch) && report.contains("content/en/terms@2026-03-01.md says true"),
        "{report}"
    );
    assert!(report.contains("warning[short-notice]: content/de/terms@2026-03-01.md"), "{report}");
    assert_eq!(report.matches("material-mismatch]").count(), 1, "{report}");
}

#[test]
fn serve_carries_a_change_of_the_sources_material_into_the_translations_json() {
    let site = portal();
    let de = version(None, "summary = \"Neu.\"\n", "Die Bedingungen 2026");
    site.write("content/de/terms@2026-03-01.md", &de);
    let server = Server::start(site.root(), &["--as-of", "2026-06-01"]);
    server.wait_for("/acme/de/terms/versions.json", "\"last_material\": \"2026-03-01\"");
    let en = version(None, "summary = \"New.\"\nmaterial = false\n", "The 2026 terms");
    site.write("content/en/terms@2026-03-01.md", &en);
    server.wait_for("/acme/en/terms/versions.json", "\"last_material\": \"2024-01-01\"");
    server.wait_for("/acme/de/terms/versions.json", "\"last_material\": \"2024-01-01\"");
    server.wait_for("/acme/de/legal.json", "\"last_material\": \"2024-01-01\"");
}

/// Every file of the output with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn bad_material_and_notice_days_are_errors_with_file_and_line_and_touch_nothing() {
    let site = portal();
    site.run(&["build", "--as-of", "2025-06-01"]).ok();
    let before = snapshot(&site.out());
    site.write(
        "content/en/terms@2026-01-01.md",
        &version(None, "summary = \"Typos.\"\nmaterial = \"no\"\n", "x"),
    );
    let err = site.run(&["build", "--as-of", "2025-06-01"]).failed();
    assert!(err.contains("content/en/terms@2026-01-01.md:4:"), "{err}");
    assert!(err.contains("invalid-front-matter"), "{err}");
    assert_eq!(snapshot(&site.out()), before);
    site.write("content/en/terms@2026-01-01.md", &version(None, "material = false\n", "x"));
    for (value, wrong) in [("-1", "-1"), ("\"30\"", "string"), ("2.5", "2.5")] {
        site.write(
            "site.toml",
            &SITE.replace("[brands.acme]", &format!("[versions]\nnotice_days = {value}\n\n[brands.acme]")),
        );
        let err = site.run(&["build", "--as-of", "2025-06-01"]).failed();
        assert!(err.contains("site.toml:5:"), "{value}: {err}");
        assert!(err.contains(wrong) && err.contains("whole number of days"), "{value}: {err}");
        assert_eq!(snapshot(&site.out()), before);
    }
}

#[test]
fn serve_serves_the_json_and_a_save_updates_it() {
    let site = portal();
    let server = Server::start(site.root(), &["--as-of", "2025-06-01"]);
    let json = server.wait_for("/acme/en/terms/versions.json", "\"summary\": \"Typos.\"");
    assert!(json.contains("\"last_material\": \"2024-01-01\""), "{json}");
    server.wait_for("/acme/en/legal.json", "\"succeeded_by\": \"2026-01-01\"");
    site.write("content/en/terms@2026-01-01.md", &version(None, "summary = \"Typos fixed.\"\n", "Fixed"));
    server.wait_for("/acme/en/terms/versions.json", "\"summary\": \"Typos fixed.\"");
    // German shows the English text of that version: its versions.json reads that file too.
    server.wait_for("/acme/de/terms/versions.json", "\"summary\": \"Typos fixed.\"");
    let (_, fragment) = server.get("/acme/en/terms/versions/2026-01-01/fragment.html");
    assert!(fragment.contains("Fixed for Acme"), "{fragment}");
}

#[test]
fn serve_watch_serves_fragments_and_json_as_built_without_its_reload_script() {
    let site = portal();
    let server = Server::start(site.root(), &["--as-of", "2025-06-01"]);
    let (_, page) = server.get("/acme/en/terms/");
    assert!(page.contains("livereload"), "pages get the script: {page}");
    for (data, fragment) in [
        ("/acme/en/terms/versions.json", "/acme/en/terms/versions/2024-01-01/fragment.html"),
        ("/zeta/fr/imprint/versions.json", "/zeta/fr/imprint/fragment.html"),
    ] {
        let json = server.wait_for(data, "\"current\"");
        assert!(!json.contains("livereload"), "{data}: {json}");
        let (_, body) = server.get(fragment);
        assert!(!body.contains("<script"), "{fragment}: {body}");
        let v: Value = serde_json::from_str(&json).unwrap();
        let sha = hex::encode(Sha256::digest(body.as_bytes()));
        assert_eq!(v["current"]["sha256"].as_str(), Some(sha.as_str()), "{fragment}");
    }
    let (_, legal) = server.get("/acme/en/legal.json");
    assert!(!legal.contains("livereload") && legal.starts_with('{'), "{legal}");
}
