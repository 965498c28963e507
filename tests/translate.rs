//! `clause translate export|import` (issue 25) with a real CAT-tool library on the other side:
//! Python's translate-toolkit (the library behind Pootle and Weblate, installed by
//! scripts/test.sh) parses every exported file and pseudo-translates it with `podebug`, and
//! clause imports what it wrote. On the real-text portal (tests/fixtures/real-texts) the
//! identity round trip is byte for byte; the pseudo-translation builds with every clause id,
//! link and placeholder intact. A portal of its own covers `--changed` after a new version,
//! hostile text typed into targets, every refused target (file, line, unit id, nothing
//! written), and files shaped as Trados and memoQ save them.

mod common;
use common::*;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().map(Result::unwrap) {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The real-text portal in a temporary folder, with an empty scratch locale `eo`.
fn real_texts() -> Fixture {
    let f = Fixture::new(&[]);
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-texts"), f.root());
    f.write("content/eo/_index.md", "+++\ntitle = \"Esperanto\"\n+++\n");
    f
}

fn xlf_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "xlf"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn import(f: &Fixture, files: &[PathBuf], extra: &[&str]) -> Run {
    let mut args = vec!["translate", "import"];
    args.extend(extra);
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    f.run(&args)
}

/// Every `<target>` replaced by a copy of its `<source>` (inline codes included).
fn targets_as_sources(xlf: &str, to: &str) -> String {
    let no_targets = Regex::new(r"(?s)\s*<target[^>]*>.*?</target>").unwrap().replace_all(xlf, "");
    let lang = Regex::new(r#"target-language="[^"]*""#).unwrap();
    let with_lang = lang.replace(&no_targets, format!(r#"target-language="{to}""#).as_str());
    Regex::new(r"(?s)<source>(.*?)</source>")
        .unwrap()
        .replace_all(&with_lang, "<source>$1</source><target>$1</target>")
        .into_owned()
}

/// A Python one-off with translate-toolkit; fails loudly when it is missing.
fn python(script: &str, args: &[&str]) -> String {
    let out = Command::new("python3").arg("-c").arg(script).args(args).output().expect("python3 runs");
    assert!(
        out.status.success(),
        "python failed (scripts/test.sh installs translate-toolkit):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn podebug(input: &Path, output: &Path, rewrite: &str) {
    let out = Command::new("podebug")
        .args([&format!("--rewrite={rewrite}"), "-i"])
        .arg(input)
        .arg("-o")
        .arg(output)
        .output()
        .expect("podebug (translate-toolkit) is missing: scripts/test.sh installs it with pip");
    assert!(out.status.success(), "podebug: {}", String::from_utf8_lossy(&out.stderr));
}

/// The body of a Markdown file (after its front matter).
fn body(text: &str) -> &str {
    let fence = if text.starts_with("+++") { "+++" } else { "---" };
    match text.get(3..).and_then(|rest| rest.find(&format!("\n{fence}"))) {
        Some(end) => &text[3 + end + 4..],
        None => text,
    }
}

#[test]
fn the_identity_round_trip_gives_every_body_back_byte_for_byte() {
    let f = real_texts();
    let out = f.run(&["translate", "export", "--to", "eo", "--from", "en"]).ok();
    assert!(out.contains("XLIFF file"), "{out}");
    let files = xlf_files(&f.root().join("translations/eo"));
    assert!(files.len() >= 10, "{files:?}");
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        std::fs::write(file, targets_as_sources(&text, "eo")).unwrap();
    }
    import(&f, &files, &[]).ok();
    let mut compared = 0;
    for e in walkdir::WalkDir::new(f.root().join("content/en")).into_iter().map(Result::unwrap) {
        if e.path().extension().is_none_or(|x| x != "md")
            || e.file_name().to_string_lossy().matches('.').count() > 1
        {
            continue;
        }
        let rel = e.path().strip_prefix(f.root().join("content/en")).unwrap();
        // Archived versions are not exported.
        let Ok(tr) = std::fs::read_to_string(f.root().join("content/eo").join(rel)) else { continue };
        let src = std::fs::read_to_string(e.path()).unwrap();
        assert_eq!(body(&tr), body(&src), "{}", rel.display());
        compared += 1;
    }
    assert!(compared >= 10, "{compared}");
    assert_eq!(mismatches_in(&f, "eo"), Vec::<String>::new());
}

/// The placeholder, clause and date mismatches `check` finds in a locale's translations, and
/// the broken links the English source does not have too (the real texts link to a few ids
/// nobody has: true findings, listed in the fixture's EXPECTED.md).
fn mismatches_in(f: &Fixture, locale: &str) -> Vec<String> {
    let report: serde_json::Value =
        serde_json::from_str(&f.run(&["check", "--format", "json"]).stdout()).unwrap();
    let kinds = ["placeholder-mismatch", "clause-mismatch", "outdated-translation", "broken-link"];
    let findings = report["findings"].as_array().unwrap();
    let in_locale = |tag: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|d| d["locale"] == tag && kinds.contains(&d["kind"].as_str().unwrap_or("")))
            .map(|d| d["message"].as_str().unwrap_or("").replace(&format!(" in {tag}"), " in LOCALE"))
            .collect()
    };
    let source = in_locale("en");
    in_locale(locale).into_iter().filter(|m| !source.contains(m)).collect()
}

/// The ids (clauses', headings', footnotes') and the links (fragments included) of a page's
/// main content.
fn ids_and_links(html: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let main = html.split("<main").nth(1).and_then(|m| m.split("</main>").next()).unwrap_or(html);
    let all = |re: &str| -> BTreeSet<String> {
        Regex::new(re).unwrap().captures_iter(main).map(|c| c[1].to_string()).collect()
    };
    (all(r#" id="([^"]*)""#), all(r#"href="([^"]*)""#))
}

#[test]
fn a_pseudo_translation_by_translate_toolkit_imports_and_builds_with_every_code_intact() {
    let f = real_texts();
    f.run(&["translate", "export", "--to", "eo", "--from", "en"]).ok();
    let exported = f.root().join("translations/eo");
    // translate-toolkit reads every file, and counts its units.
    let counted = python(
        "import sys,glob\nfrom translate.storage import xliff\nn=0\nfor p in glob.glob(sys.argv[1]+'/**/*.xlf',recursive=True):\n  s=xliff.xlifffile.parsestring(open(p,'rb').read())\n  n+=len([u for u in s.units if u.istranslatable()])\nprint(n)",
        &[&exported.display().to_string()],
    );
    assert!(counted.trim().parse::<usize>().unwrap() > 500, "{counted}");
    let pseudo = f.root().join("pseudo");
    podebug(&exported, &pseudo, "unicode");
    let files: Vec<PathBuf> = xlf_files(&pseudo);
    import(&f, &files, &[]).ok();
    f.build().ok();
    let en = f.root().join("public/northwind/en");
    let mut pages = 0;
    for e in walkdir::WalkDir::new(&en).into_iter().map(Result::unwrap) {
        if e.file_name() != "index.html"
            || e.path().components().any(|c| c.as_os_str() == "versions" || c.as_os_str() == "changes")
        {
            continue;
        }
        let rel = e.path().strip_prefix(&en).unwrap();
        let eo = f.root().join("public/northwind/eo").join(rel);
        let Ok(translated) = std::fs::read_to_string(&eo) else { continue };
        let source = std::fs::read_to_string(e.path()).unwrap();
        let translated = translated.replace("/eo/", "/en/");
        assert_eq!(ids_and_links(&translated), ids_and_links(&source), "{}", rel.display());
        assert!(!translated.contains("{{"), "{}", rel.display());
        if source.contains("Northwind Code Ltd.") {
            assert!(
                translated.contains("Northwind Code Ltd."),
                "{}: the brand's value is missing",
                rel.display()
            );
        }
        pages += 1;
    }
    assert!(pages >= 8, "{pages} pages compared");
    assert_eq!(mismatches_in(&f, "eo"), Vec::<String>::new());
}

const SITE: &str = r#"title = "{{channelName}} Legal"
default_locale = "en"

[brands.acme]
base_url = "https://legal.acme.example"
[brands.acme.vars]
channelName = "Acme </p><script>alert(1)</script> & \"Co\""
supportMail = "legal@acme.example"

[brands.zeta]
base_url = "https://zeta.example/legal"
[brands.zeta.vars]
channelName = "Zeta <img src=x onerror=alert(2)>"
supportMail = "help@zeta.example"
"#;

/// The terms of a portal of its own: `liability` is clause 2.1's text, the one that changes.
fn terms(date: &str, liability: &str) -> String {
    format!(
        "+++\ntitle = \"{{{{channelName}}}} Terms\"\neffective_date = {date}\nweight = 3\n+++\n\n## 1. Scope\n\n\
         1.1 These terms apply to **{{{{channelName}}}}** services; see [the privacy notice](privacy.md \"Privacy\").\n\n\
         1.2 Write to {{{{supportMail}}}} or use the `/help` command.\n\n\
         ## 2. Liability\n\n2.1 {liability}\n\n\
         | Term | Meaning |\n|---|---|\n| Service | what *{{{{channelName}}}}* provides |\n\n\
         ## Contact\n\nWe answer as [this section](#contact) says.\n"
    )
}

const TERMS_DE_2024: &str = "+++\ntitle = \"{{channelName}} Bedingungen\"\neffective_date = 2024-01-01\nweight = 3\nbrands = [\"acme\"]\n+++\n\n## 1. Geltungsbereich\n\n\
1.1 Diese Bedingungen gelten für Dienste von **{{channelName}}**; siehe [den Datenschutzhinweis](privacy.md \"Privacy\").\n\n\
1.2 Schreiben Sie an {{supportMail}} oder nutzen Sie den Befehl `/help`.\n\n\
## 2. Haftung\n\n2.1 Wir haften nur, wie es das Gesetz verlangt.\n\n\
| Begriff | Bedeutung |\n|---|---|\n| Dienst | was *{{channelName}}* bereitstellt |\n\n\
## Kontakt {#contact}\n\nWir antworten, wie [dieser Abschnitt](#contact) sagt.\n";

fn portal() -> Fixture {
    Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/terms@2024-01-01.md", &terms("2024-01-01", "We are liable only as the law requires.")),
        (
            "content/en/terms.md",
            &terms(
                "2025-01-01",
                "We are liable only as the law of Germany requires, and never for lost profits.",
            ),
        ),
        ("content/en/privacy.md", "+++\ntitle = \"Privacy\"\n+++\n\nWe keep little.\n"),
        ("content/de/terms.md", TERMS_DE_2024),
        ("content/fr/_index.md", "+++\ntitle = \"Accueil\"\n+++\n"),
    ])
}

/// The units of an XLIFF file: (id, whether a CAT tool may translate it).
fn units_of(xlf: &str) -> Vec<(String, bool)> {
    Regex::new(r#"<trans-unit id="([^"]*)"([^>]*)>"#)
        .unwrap()
        .captures_iter(xlf)
        .map(|c| (c[1].to_string(), !c[2].contains(r#"translate="no""#)))
        .collect()
}

/// `xlf` with the target of unit `id` replaced by `target` (inner XML).
fn with_target(xlf: &str, id: &str, target: &str) -> String {
    let unit = Regex::new(&format!(
        r#"(?s)(<trans-unit id="{id}"[^>]*>.*?</source>)(\s*<target[^>]*>.*?</target>)?"#
    ))
    .unwrap();
    assert!(unit.is_match(xlf), "no unit {id}");
    unit.replace(xlf, format!("$1<target state=\"translated\">{target}</target>").as_str()).into_owned()
}

/// The inner XML of unit `id`'s `<source>`.
fn source_of(xlf: &str, id: &str) -> String {
    let unit = Regex::new(&format!(r#"(?s)<trans-unit id="{id}"[^>]*>\s*<source>(.*?)</source>"#)).unwrap();
    unit.captures(xlf).unwrap_or_else(|| panic!("no unit {id}"))[1].to_string()
}

#[test]
fn changed_exports_only_the_changed_clause_and_import_keeps_the_rest() {
    let f = portal();
    f.run(&["translate", "export", "--to", "de", "--changed"]).ok();
    let path = f.root().join("translations/de/terms.xlf");
    let xlf = std::fs::read_to_string(&path).unwrap();
    let units = units_of(&xlf);
    let translatable: Vec<&str> = units.iter().filter(|(_, t)| *t).map(|(id, _)| id.as_str()).collect();
    assert_eq!(translatable.len(), 1, "{units:?}");
    let changed = translatable[0];
    assert!(source_of(&xlf, changed).contains("law of Germany"), "{xlf}");
    assert!(xlf.contains("needs-review-translation"), "the old translation is shown for review: {xlf}");
    assert!(units.iter().any(|(_, t)| !t), "context units are locked: {units:?}");
    assert!(!xlf.contains("privacy notice"), "unchanged units are left out: {xlf}");
    // The archived version is no work: readers are shown the current one.
    assert!(!f.root().join("translations/de/terms@2024-01-01.xlf").exists());
    let german = "<x id=\"1\" ctype=\"x-clause-number\" equiv-text=\"2.1\"/>Wir haften nur, wie es das deutsche Recht verlangt, und nie für entgangenen Gewinn.";
    std::fs::write(&path, with_target(&xlf, changed, german)).unwrap();
    import(&f, &[path], &[]).ok();
    let after = std::fs::read_to_string(f.root().join("content/de/terms.md")).unwrap();
    // Everything else of the German text comes back byte for byte; the front matter is the
    // source's (its date, no `brands` of the translator's), with the German title.
    let expected = TERMS_DE_2024
        .replace("effective_date = 2024-01-01", "effective_date = 2025-01-01")
        .replace("brands = [\"acme\"]\n", "")
        .replace(
            "2.1 Wir haften nur, wie es das Gesetz verlangt.",
            "2.1 Wir haften nur, wie es das deutsche Recht verlangt, und nie für entgangenen Gewinn.",
        );
    assert_eq!(after, expected);
    assert_eq!(mismatches_in(&f, "de"), Vec::<String>::new());
}

/// A full export of the portal's German work, and its path.
fn exported_de(f: &Fixture) -> (PathBuf, String) {
    f.run(&["translate", "export", "--to", "de"]).ok();
    let path = f.root().join("translations/de/terms.xlf");
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// The unit whose source holds `words`.
fn unit_with(xlf: &str, words: &str) -> String {
    units_of(xlf).into_iter().map(|(id, _)| id).find(|id| source_of(xlf, id).contains(words)).unwrap()
}

/// Imports `xlf` as `path`, which must fail with `kind` at the unit's line, naming it, and
/// leave content/ as it was.
fn refused(f: &Fixture, path: &Path, xlf: &str, kind: &str, unit: &str, extra: &[&str]) -> String {
    std::fs::write(path, xlf).unwrap();
    let content = Untouched::take(&f.root().join("content"));
    let stderr = import(f, &[path.to_path_buf()], extra).failed();
    content.assert_same(kind);
    let line = xlf.lines().position(|l| l.contains(&format!("id=\"{unit}\""))).unwrap() + 1;
    let at = Regex::new(&format!(
        r"error\[{kind}\]: {}:(\d+):(\d+): unit {unit}:",
        regex::escape(&path.display().to_string())
    ))
    .unwrap();
    let caps = at.captures(&stderr).unwrap_or_else(|| panic!("no {kind} error for unit {unit}:\n{stderr}"));
    let found: usize = caps[1].parse().unwrap();
    assert!((line..=line + 2).contains(&found), "{kind}: line {found}, the unit starts on {line}:\n{stderr}");
    stderr
}

#[test]
fn a_target_that_drops_repeats_or_invents_a_code_is_refused() {
    let f = portal();
    let (path, xlf) = exported_de(&f);
    let id = unit_with(&xlf, "Write to");
    let source = source_of(&xlf, &id);
    let placeholder = Regex::new(r#"<x id="(\d+)" ctype="x-placeholder"[^>]*/>"#).unwrap();
    let ph = placeholder.find(&source).unwrap().as_str().to_string();
    let dropped = source.replacen(&ph, "", 1);
    let err = refused(&f, &path, &with_target(&xlf, &id, &dropped), "xliff-code-mismatch", &id, &[]);
    assert!(err.contains("drops tag") && err.contains("{{supportMail}}"), "{err}");
    let twice = source.replacen(&ph, &format!("{ph} {ph}"), 1);
    let err = refused(&f, &path, &with_target(&xlf, &id, &twice), "xliff-code-mismatch", &id, &[]);
    assert!(err.contains("2 times"), "{err}");
    let invented = format!("{source}<x id=\"99\"/>");
    let err = refused(&f, &path, &with_target(&xlf, &id, &invented), "xliff-code-mismatch", &id, &[]);
    assert!(err.contains("tag 99"), "{err}");
    // A number typed where the source has none would be a clause the source lacks.
    let contact = unit_with(&xlf, "We answer as");
    let typed = format!("1.1 {}", source_of(&xlf, &contact));
    let err = refused(&f, &path, &with_target(&xlf, &contact, &typed), "xliff-code-mismatch", &contact, &[]);
    assert!(err.contains("`1.1`, which reads as a clause number"), "{err}");
    let heading = unit_with(&xlf, "Contact");
    let err =
        refused(&f, &path, &with_target(&xlf, &heading, "3. Kontakt"), "xliff-code-mismatch", &heading, &[]);
    assert!(err.contains("`3.`"), "{err}");
    let number = Regex::new(r#"^<x id="\d+" ctype="x-clause-number"[^>]*/>"#).unwrap();
    let n = number.find(&source).unwrap().as_str().to_string();
    // A clause number a tool moved (podebug's `[xxx]` marker before it) is written first.
    let moved = format!("[mark] {}{n}", &source[n.len()..]);
    std::fs::write(&path, with_target(&xlf, &id, &moved)).unwrap();
    import(&f, &[path], &["--partial"]).ok();
    let de = std::fs::read_to_string(f.root().join("content/de/terms.md")).unwrap();
    assert!(de.contains("\n1.2 \\[mark\\] Write to {{supportMail}} or use the `/help` command.\n"), "{de}");
}

#[test]
fn a_placeholder_typed_as_text_a_missing_target_and_a_changed_source_are_refused() {
    let f = portal();
    let (path, xlf) = exported_de(&f);
    let id = unit_with(&xlf, "Write to");
    let typed = format!("{} {{{{supportMail}}}}", source_of(&xlf, &id));
    let err = refused(&f, &path, &with_target(&xlf, &id, &typed), "xliff-typed-placeholder", &id, &[]);
    assert!(err.contains("`{{supportMail}}` is typed as text"), "{err}");
    // A missing target: refused, unless --partial keeps the German text there is.
    let empty = with_target(&xlf, &id, "");
    refused(&f, &path, &empty, "xliff-missing-target", &id, &[]);
    import(&f, std::slice::from_ref(&path), &["--partial"]).ok();
    let de = std::fs::read_to_string(f.root().join("content/de/terms.md")).unwrap();
    assert!(de.contains("1.2 Schreiben Sie an {{supportMail}} oder nutzen Sie den Befehl `/help`."), "{de}");
    // A file whose source changed since it was exported.
    f.run(&["translate", "export", "--to", "fr"]).ok();
    let fr_path = f.root().join("translations/fr/terms.xlf");
    let fr = std::fs::read_to_string(&fr_path).unwrap();
    let fr_id = unit_with(&fr, "Write to");
    let fr = targets_as_sources(&fr, "fr");
    f.write(
        "content/en/terms.md",
        &terms(
            "2025-01-01",
            "We are liable only as the law of Germany requires, and never for lost profits.",
        )
        .replace("Write to", "Mail"),
    );
    let err = refused(&f, &fr_path, &fr, "xliff-source-changed", &fr_id, &[]);
    assert!(err.contains("no longer content/en/terms.md"), "{err}");
}

#[test]
fn an_unknown_source_file_or_a_malformed_file_is_refused_with_its_place() {
    let f = portal();
    let (path, xlf) = exported_de(&f);
    std::fs::write(&path, xlf.replace("content/en/terms.md", "content/en/gone.md")).unwrap();
    let content = Untouched::take(&f.root().join("content"));
    let err = import(&f, std::slice::from_ref(&path), &[]).failed();
    assert!(at_line(&err, "xliff-unknown-file", 3), "{err}");
    std::fs::write(&path, xlf.replace("</source>", "</sourc>")).unwrap();
    let err = import(&f, std::slice::from_ref(&path), &[]).failed();
    assert!(at_line(&err, "xliff-unreadable", 7) && err.contains("this is not well-formed XML"), "{err}");
    // Two files, one good and one bad: neither is written.
    let good = f.root().join("translations/de/privacy.xlf");
    std::fs::write(&good, targets_as_sources(&std::fs::read_to_string(&good).unwrap(), "de")).unwrap();
    import(&f, &[good, path], &[]).failed();
    content.assert_same("a failed import");
    assert!(!f.root().join("content/de/privacy.md").exists());
}

#[test]
fn typed_markdown_html_and_addresses_in_a_target_render_as_typed() {
    let f = portal();
    let (path, xlf) = exported_de(&f);
    let id = unit_with(&xlf, "liable");
    let n = Regex::new(r#"^<x id="\d+" ctype="x-clause-number"[^>]*/>"#)
        .unwrap()
        .find(&source_of(&xlf, &id))
        .unwrap()
        .as_str()
        .to_string();
    let hostile = "*nicht* [x](javascript:alert(1)) `code` &lt;script&gt;alert(3)&lt;/script&gt; &amp;amp; ]]&gt; \u{202e}rtl\u{202c} (siehe https://evil.example/a_b_c). www.evil.example &lt;b&gt; #1 - 2. ~~durch~~ a|b \\ end";
    let typed = xlf_text_of(hostile);
    std::fs::write(&path, with_target(&xlf, &id, &format!("{n}{hostile}"))).unwrap();
    import(&f, &[path], &["--partial"]).ok();
    f.build().ok();
    let page = f.read("acme/de/terms/index.html");
    let main = page.split("<main").nth(1).unwrap().split("</main>").next().unwrap();
    let clause = main.split("id=\"clause-2.1\"").nth(1).unwrap().split("</p>").next().unwrap();
    let text = Regex::new(r"<[^>]*>").unwrap().replace_all(clause, "");
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    assert!(decoded.contains(&typed), "the typed text is shown as typed:\n{decoded}\n---\n{typed}");
    for live in [
        "<script",
        "<em>",
        "<code>",
        "<del>",
        "<b>",
        "href=\"javascript",
        "href=\"https://evil",
        "href=\"http://www.evil",
    ] {
        assert!(!clause.contains(live), "{live} in {clause}");
    }
}

/// Whether `stderr` has an error of `kind` at `terms.xlf`'s `line` (any column).
fn at_line(stderr: &str, kind: &str, line: usize) -> bool {
    Regex::new(&format!(r"error\[{kind}\]: .*terms\.xlf:{line}:\d+: ")).unwrap().is_match(stderr)
}

/// What a target's XML says as text (its entities decoded).
fn xlf_text_of(xml: &str) -> String {
    xml.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// `xlf` as SDL Trados Studio saves an XLIFF 1.2 file: each source segmented in a
/// `<seg-source>` of `<mrk mtype="seg">`, the target in matching marks, Trados's own
/// namespaced attributes and elements, a translation-memory match (`<alt-trans>`), notes,
/// and characters written as references.
fn as_trados_saves_it(xlf: &str) -> String {
    let root = xlf.replace("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">", "<xliff xmlns:sdl=\"http://sdl.com/FileTypes/SdlXliff/1.0\" version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">");
    let unit = Regex::new(
        r#"(?s)<trans-unit id="([^"]*)"([^>]*)>\s*<source>(.*?)</source>\s*<target>(.*?)</target>"#,
    )
    .unwrap();
    unit.replace_all(&root, |c: &regex::Captures| {
        let target = c[4].replace('\'', "&apos;").replace('’', "&#8217;").replace('“', "&#x201C;");
        format!(
            "<trans-unit id=\"{}\"{} sdl:locked=\"false\">\n  <source>{}</source>\n  <seg-source><mrk mtype=\"seg\" mid=\"1\">{}</mrk></seg-source>\n  <target state=\"translated\"><mrk mtype=\"seg\" mid=\"1\">{target}</mrk></target>\n  <alt-trans match-quality=\"75\"><source>Something else</source><target>Etwas anderes</target></alt-trans>\n  <note annotates=\"target\">checked</note>\n  <sdl:seg-defs><sdl:seg id=\"1\" conf=\"Translated\" percent=\"100\"/></sdl:seg-defs>",
            &c[1], &c[2], &c[3], &c[3]
        )
    })
    .into_owned()
}

/// `xlf` with its codes as memoQ writes them back: pairs as `<bpt>`/`<ept>` holding the
/// original tag as text, codes alone as `<ph>` with memoQ's own ids holding ours as text.
fn as_memoq_saves_it(xlf: &str) -> String {
    let tag = Regex::new(r#"<g id="(\d+)"[^>]*>|</g>|<x id="(\d+)"[^>]*/>"#).unwrap();
    let mut open: Vec<String> = Vec::new();
    let mut out = String::new();
    let mut last = 0;
    for m in tag.captures_iter(xlf) {
        let whole = m.get(0).unwrap();
        out.push_str(&xlf[last..whole.start()]);
        if let Some(id) = m.get(1) {
            open.push(id.as_str().to_string());
            out.push_str(&format!(
                "<bpt id=\"{}\" ctype=\"bold\">&lt;g id=\"{}\"&gt;</bpt>",
                id.as_str(),
                id.as_str()
            ));
        } else if let Some(id) = m.get(2) {
            out.push_str(&format!(
                "<ph id=\"{}\">&lt;x id=\"{}\"/&gt;</ph>",
                100 + id.as_str().parse::<u32>().unwrap(),
                id.as_str()
            ));
        } else {
            let id = open.pop().unwrap();
            out.push_str(&format!("<ept id=\"{id}\">&lt;/g&gt;</ept>"));
        }
        last = whole.end();
    }
    out.push_str(&xlf[last..]);
    out.replace("<trans-unit ", "<trans-unit xmlns:mq=\"MQXliff\" mq:status=\"ManuallyConfirmed\" ")
}

#[test]
fn files_shaped_as_trados_and_memoq_save_them_import_as_the_plain_file_does() {
    for (name, shape) in [("trados", as_trados_saves_it as fn(&str) -> String), ("memoq", as_memoq_saves_it)]
    {
        let f = portal();
        f.run(&["translate", "export", "--to", "fr"]).ok();
        let path = f.root().join("translations/fr/terms.xlf");
        let plain = targets_as_sources(&std::fs::read_to_string(&path).unwrap(), "fr");
        let shaped = shape(&plain);
        assert_ne!(shaped, plain);
        std::fs::write(&path, shaped).unwrap();
        import(&f, &[path], &[]).ok();
        let (en, fr) = (
            std::fs::read_to_string(f.root().join("content/en/terms.md")).unwrap(),
            std::fs::read_to_string(f.root().join("content/fr/terms.md")).unwrap(),
        );
        assert_eq!(body(&fr), body(&en), "{name}");
    }
}

#[test]
fn check_counts_the_segments_left_to_translate_per_locale_and_document() {
    let f = portal();
    let report: serde_json::Value =
        serde_json::from_str(&f.run(&["check", "--format", "json"]).stdout()).unwrap();
    // German: the changed clause 2.1 and the privacy notice's title and paragraph; French:
    // all of both documents (the terms' title, 3 headings, 3 clauses, 4 cells, a paragraph;
    // privacy 2).
    assert_eq!(report["summary"]["locales"]["de"]["segments"], 3, "{}", report["summary"]);
    assert_eq!(report["summary"]["locales"]["fr"]["segments"], 14, "{}", report["summary"]);
    let text = f.run(&["check"]).stdout();
    assert!(Regex::new(r"(?m)^de .* 3$").unwrap().is_match(&text), "{text}");
    let page = f.run(&["check", "--format", "html"]).stdout();
    assert!(
        page.contains("(12 segments to translate)") && page.contains("(1 segment to translate)"),
        "{page}"
    );
    // An upcoming version is work too: the count is what `export --changed` gives.
    f.write("content/en/terms@2099-01-01.md", &terms("2099-01-01", "We are liable as the law requires."));
    let report: serde_json::Value =
        serde_json::from_str(&f.run(&["check", "--format", "json"]).stdout()).unwrap();
    let out = f.root().join("changed");
    f.run(&["translate", "export", "--to", "de", "--changed", "--out", &out.display().to_string()]).ok();
    let exported: usize = xlf_files(&out.join("de"))
        .iter()
        .map(|p| units_of(&std::fs::read_to_string(p).unwrap()).iter().filter(|(_, t)| *t).count())
        .sum();
    // The new version is prefilled from the current one's translation: its clause 2.1 is new.
    assert_eq!(exported, 3 + 1);
    assert_eq!(report["summary"]["locales"]["de"]["segments"], exported, "{}", report["summary"]);
}

#[test]
fn every_rewrite_of_podebug_but_blank_imports_with_clause_numbers_first() {
    for rewrite in ["xxx", "bracket", "flipped", "chef"] {
        let f = portal();
        f.run(&["translate", "export", "--to", "fr"]).ok();
        let pseudo = f.root().join("pseudo");
        podebug(&f.root().join("translations/fr"), &pseudo, rewrite);
        import(&f, &xlf_files(&pseudo), &[]).ok();
        f.build().ok();
        let (en, fr) = (f.read("acme/en/terms/index.html"), f.read("acme/fr/terms/index.html"));
        assert_eq!(ids_and_links(&fr.replace("/fr/", "/en/")), ids_and_links(&en), "{rewrite}");
    }
}

#[test]
fn a_footnote_before_other_blocks_keeps_its_place() {
    let f = portal();
    f.write("content/en/privacy.md", "+++\ntitle = \"Privacy\"\n+++\n\nWe keep little.[^1]\n\n[^1]: Only what the law asks.\n\nAnd we delete it.\n");
    f.run(&["translate", "export", "--to", "fr"]).ok();
    let path = f.root().join("translations/fr/privacy.xlf");
    std::fs::write(&path, targets_as_sources(&std::fs::read_to_string(&path).unwrap(), "fr")).unwrap();
    import(&f, &[path], &[]).ok();
    let (en, fr) = (
        std::fs::read_to_string(f.root().join("content/en/privacy.md")).unwrap(),
        std::fs::read_to_string(f.root().join("content/fr/privacy.md")).unwrap(),
    );
    assert_eq!(body(&fr), body(&en));
}

#[test]
fn trados_shapes_an_untranslated_segment_a_repeated_unit_and_a_regional_language_are_handled() {
    let f = portal();
    let (path, xlf) = exported_de(&f);
    let id = unit_with(&xlf, "Write to");
    // Trados writes an untranslated sentence as an empty segment mark.
    let empty_mark = with_target(&xlf, &id, "<mrk mtype=\"seg\" mid=\"1\"/>");
    refused(&f, &path, &empty_mark, "xliff-missing-target", &id, &[]);
    let unit = Regex::new(&format!(r#"(?s)\s*<trans-unit id="{id}".*?</trans-unit>"#)).unwrap();
    let once = unit.find(&xlf).unwrap().as_str().to_string();
    let twice = xlf.replacen(&once, &format!("{once}{once}"), 1);
    std::fs::write(&path, twice).unwrap();
    let err = import(&f, std::slice::from_ref(&path), &[]).failed();
    let twice_at = format!(
        r"error\[xliff-source-changed\]: .*terms\.xlf:\d+:\d+: unit {id}: the file has this unit twice"
    );
    assert!(Regex::new(&twice_at).unwrap().is_match(&err), "{err}");
    std::fs::write(&path, xlf.replace("target-language=\"de\"", "target-language=\"de-DE\"")).unwrap();
    import(&f, &[path], &[]).ok();
}

#[test]
fn a_backslash_or_text_typed_against_a_tag_stays_text() {
    let f = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/fees.md", "+++\ntitle = \"Fees of {{channelName}}\"\n+++\n\nPay {{supportMail}} at https://pay.example/now today.\n"),
        ("content/fr/_index.md", "+++\ntitle = \"Accueil\"\n+++\n"),
    ]);
    f.run(&["translate", "export", "--to", "fr"]).ok();
    let path = f.root().join("translations/fr/fees.xlf");
    let xlf = std::fs::read_to_string(&path).unwrap();
    let body_unit = unit_with(&xlf, "Pay");
    let codes: Vec<String> = Regex::new(r"<x [^>]*/>")
        .unwrap()
        .find_iter(&source_of(&xlf, &body_unit))
        .map(|m| m.as_str().to_string())
        .collect();
    let typed = format!("Payez \\{}, voir {}«maintenant».", codes[0], codes[1]);
    let title = with_target(
        &xlf,
        "title",
        &format!(
            "Frais \\{}",
            Regex::new(r"<x [^>]*/>").unwrap().find(&source_of(&xlf, "title")).unwrap().as_str()
        ),
    );
    refused(&f, &path, &title, "xliff-typed-placeholder", "title", &[]);
    let xlf = with_target(&xlf, "title", &source_of(&xlf, "title"));
    std::fs::write(&path, with_target(&xlf, &body_unit, &typed)).unwrap();
    import(&f, &[path], &["--partial"]).ok();
    f.build().ok();
    let page = f.read("acme/fr/fees/index.html");
    assert!(
        page.contains("Payez \\legal@acme.example, voir"),
        "the value is filled after the typed backslash: {page}"
    );
    assert!(
        page.contains(r#"href="https://pay.example/now">https://pay.example/now</a>«maintenant»"#),
        "the text does not run into the address: {page}"
    );
}

#[test]
fn a_new_version_file_is_prefilled_from_the_translation_of_the_version_before() {
    let f = portal();
    f.write(
        "content/en/terms@2099-01-01.md",
        &terms("2099-01-01", "We are liable only as the law of Germany requires, and never for lost data.")
            .replace("effective_date = 2099-01-01\n", ""),
    );
    f.write(
        "content/de/terms.md",
        &TERMS_DE_2024.replace("2024-01-01", "2025-01-01").replace(
            "2.1 Wir haften nur, wie es das Gesetz verlangt.",
            "2.1 Wir haften nur nach deutschem Recht, nie für entgangenen Gewinn.",
        ),
    );
    f.run(&["translate", "export", "--to", "de", "--changed"]).ok();
    let xlf = std::fs::read_to_string(f.root().join("translations/de/terms@2099-01-01.xlf")).unwrap();
    let work: Vec<String> = units_of(&xlf).into_iter().filter(|(_, t)| *t).map(|(id, _)| id).collect();
    assert_eq!(work.len(), 1, "{xlf}");
    assert!(source_of(&xlf, &work[0]).contains("lost data"), "{xlf}");
    assert!(!f.root().join("translations/de/terms.xlf").exists(), "the current German text is up to date");
}

#[test]
fn hostile_source_text_is_escaped_in_the_xliff_and_comes_back_byte_for_byte() {
    let hostile = "Fees: 5 < 6 & \"7\" > 'a' ]]> \u{202e}evil\u{202c} \u{2067}x\u{2069} and \\{{literal}} for {{channelName}}.";
    let f = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/fees.md", &format!("+++\ntitle = \"Fees ]]> & <b> \\\\{{{{not}}}} {{{{channelName}}}}\"\n+++\n\n{hostile}\n\n- {hostile}\n")),
        ("content/fr/_index.md", "+++\ntitle = \"Accueil\"\n+++\n"),
    ]);
    f.run(&["translate", "export", "--to", "fr"]).ok();
    let path = f.root().join("translations/fr/fees.xlf");
    let xlf = std::fs::read_to_string(&path).unwrap();
    assert!(!xlf.contains("]]>") && !xlf.contains("<b>") && xlf.contains("\u{202e}evil"), "{xlf}");
    // translate-toolkit reads the words back as they are in the source.
    let read = python(
        "import sys\nfrom translate.storage import xliff\ns=xliff.xlifffile.parsestring(open(sys.argv[1],'rb').read())\nfor u in s.units:\n  print(repr(u.source))",
        &[&path.display().to_string()],
    );
    assert!(read.contains("]]>") && read.contains("5 < 6 & ") && read.contains("{{literal}}"), "{read}");
    std::fs::write(&path, targets_as_sources(&xlf, "fr")).unwrap();
    import(&f, std::slice::from_ref(&path), &[]).ok();
    let (en, fr) = (
        std::fs::read_to_string(f.root().join("content/en/fees.md")).unwrap(),
        std::fs::read_to_string(f.root().join("content/fr/fees.md")).unwrap(),
    );
    assert_eq!(fr, en);
}

/// podebug's `xxx` writes letters right against a bold paragraph's `**` (`xxx**as-is.**xxx`),
/// where CommonMark would read no bold: the letters are written so that it does.
#[test]
fn text_typed_against_emphasis_keeps_it_emphasis() {
    let f = Fixture::new(&[
        ("site.toml", "title = \"T\"\ndefault_locale = \"en\"\n[brands.a]\nbase_url = \"https://a.example\"\n"),
        ("content/en/t.md", "+++\ntitle = \"Terms\"\n+++\n\n**We offer the material as-is.**\n\nUse _(only)_ this and *“that”*.\n"),
        ("content/de/_index.md", "+++\ntitle = \"Start\"\n+++\n"),
    ]);
    f.run(&["translate", "export", "--to", "de"]).ok();
    let pseudo = f.root().join("pseudo");
    podebug(&f.root().join("translations/de"), &pseudo, "xxx");
    import(&f, &xlf_files(&pseudo), &[]).ok();
    f.build().ok();
    let page = f.read("a/de/t/index.html");
    assert!(page.contains("<p>xxx<strong>We offer the material as-is.</strong>xxx</p>"), "{page}");
    assert!(page.contains("<em>(only)</em>") && page.contains("<em>“that”</em>"), "{page}");
    assert!(!page.contains("**") && !page.contains("_("), "{page}");
    // Nothing is left to translate.
    let out = f.root().join("again");
    f.run(&["translate", "export", "--to", "de", "--changed", "--out", &out.display().to_string()]).ok();
    assert!(!out.exists() || xlf_files(&out).is_empty(), "{:?}", xlf_files(&out));
}
