//! clause held to real legal texts nobody here wrote (issue 23): the fixture site
//! `tests/fixtures/real-texts/`, made by `scripts/real_texts.py` from GitHub's site policies,
//! Basecamp's policies with their git history, and the WordPress.com terms in the languages
//! Automattic published (LICENSES.md there names every file's origin), checked and built by
//! the real binary and read as a legal team would: `check --strict` names exactly the true
//! findings (EXPECTED.md lists and explains them), a clause has one id in every language,
//! lettered sections are letters, and a redline marks what `git diff --word-diff` of the
//! source commits shows. Each test asserts one property, so a failing name says what is left.

mod common;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The build date: the GitHub terms then have four upcoming versions (10 December 2025,
/// 16, 20 and 23 March 2026) and the acceptable use policies one (11 March 2026).
const AS_OF: &str = "2025-12-09";

fn site() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real-texts")
}

fn clause(args: &[&str]) -> common::Run {
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .arg("--root")
        .arg(site())
        .args(["--as-of", AS_OF])
        .output()
        .expect("clause runs");
    common::Run(out)
}

/// The output folder of the site, built once for every test of this file, under cargo's
/// folder for test files (never into the fixture).
fn built() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("real-texts");
        let _ = std::fs::remove_dir_all(&out);
        clause(&["build", "--out", out.to_str().expect("a UTF-8 target path")]).ok();
        out
    })
}

/// An output page, by its path under the output folder (`northwind/en/github/…`).
fn page(path: &str) -> String {
    let p = built().join(path).join("index.html");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `check --strict --format json`, run once.
fn check() -> &'static (i32, Value) {
    static RUN: OnceLock<(i32, Value)> = OnceLock::new();
    RUN.get_or_init(|| {
        let run = clause(&["check", "--strict", "--format", "json"]);
        let v = serde_json::from_str(&run.stdout())
            .unwrap_or_else(|e| panic!("{e}: stdout {}\nstderr {}", run.stdout(), run.stderr()));
        (run.code(), v)
    })
}

fn findings() -> &'static [Value] {
    check().1["findings"].as_array().expect("findings").as_slice()
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or("").to_string()
}

/// The findings of `kind` as `file` or `file locale` lines, for messages and comparisons.
fn of_kind(kind: &str) -> Vec<String> {
    findings()
        .iter()
        .filter(|f| f["kind"] == kind)
        .map(|f| {
            format!("{} {} line {}: {}", text(f, "file"), text(f, "locale"), f["line"], text(f, "message"))
        })
        .collect()
}

// ---- check: the true findings ------------------------------------------------------------------

/// The English documents, and the locales that translate each (the rest show it as a fallback
/// page, which `check` must name as `missing-translation` in that locale).
const DOCUMENTS: &[(&str, &[&str])] = &[
    ("github/terms-of-service", &["ja"]),
    ("github/corporate-terms-of-service", &[]),
    ("github/acceptable-use-policies", &["es", "ja", "zh-CN"]),
    ("github/community-guidelines", &["ja", "zh-CN"]),
    ("github/privacy-statement", &[]),
    ("github/dmca-takedown-policy", &[]),
    ("github/legal-requests", &[]),
    ("github/copilot-extension-developer-policy", &[]),
    ("basecamp/cancellation", &[]),
    ("basecamp/refund", &[]),
    ("basecamp/terms", &[]),
    ("basecamp/privacy", &[]),
    ("wordpress/terms-of-service", &["de", "es-ES", "fr", "he", "ja", "pt-BR", "zh-CN", "zh-TW"]),
];

const LOCALES: &[&str] = &["de", "es", "es-ES", "fr", "he", "ja", "pt-BR", "zh-CN", "zh-TW"];

/// The upcoming versions each locale lacks: every locale but the default lacks them all.
const UPCOMING: &[&str] = &[
    "github/terms-of-service@2025-12-10",
    "github/terms-of-service@2026-03-16",
    "github/terms-of-service@2026-03-20",
    "github/terms-of-service@2026-03-23",
    "github/acceptable-use-policies@2026-03-11",
];

/// The findings that are true, one line each: `kind file locale` for a warning, `broken-link
/// file destination` for a link (found in every brand and locale that shows the file). Each
/// is explained in tests/fixtures/real-texts/EXPECTED.md.
const TRUE_FINDINGS: &[&str] = &[
    // GitHub rewrote its privacy statement; the terms and the corporate terms still link two of
    // its former sections. Broken on docs.github.com too.
    "broken-link content/en/github/terms-of-service.md privacy-statement.md#repository-contents",
    "broken-link content/en/github/terms-of-service.md privacy-statement.md#for-legal-disclosure",
    "broken-link content/en/github/corporate-terms-of-service.md privacy-statement.md#repository-contents",
    "broken-link content/en/github/corporate-terms-of-service.md privacy-statement.md#for-legal-disclosure",
    // The terms link the DMCA policy at `#e-repeated-infringement`, but that policy's section E
    // is "Transparency"; repeated infringement is F. Broken in the source too.
    "broken-link content/en/github/terms-of-service.md dmca-takedown-policy.md#e-repeated-infringement",
    // The Spanish AUP translates the version of 4 June 2021 (ten sections; GitHub renumbered
    // them on 14 June 2021 and added section 11): out of date, and its clauses differ. es falls
    // back to es-ES, which has no AUP, so it is checked against the English.
    "outdated-translation content/es/github/acceptable-use-policies.md es",
    "clause-mismatch content/es/github/acceptable-use-policies.md es",
    // The terms' version of 10 December 2025 changes a link destination (a change, so
    // material by default) and takes effect one day after the build date: fewer than the 30
    // days of notice `[versions] notice_days` asks for.
    "short-notice content/en/github/terms-of-service@2025-12-10.md en",
];

/// True findings `check` may report but need not: the same broken links in the upcoming
/// versions of the terms (`check` reads the links of the version in force).
fn allowed(finding: &str) -> bool {
    finding.starts_with("broken-link content/en/github/terms-of-service@")
        && ["#repository-contents", "#for-legal-disclosure", "#e-repeated-infringement"]
            .iter()
            .any(|a| finding.ends_with(a))
}

fn expected_findings() -> BTreeSet<String> {
    let mut want: BTreeSet<String> = TRUE_FINDINGS.iter().map(|s| s.to_string()).collect();
    for (doc, translated) in DOCUMENTS {
        for l in LOCALES.iter().filter(|l| !translated.contains(l)) {
            want.insert(format!("missing-translation {} {l}", source_of(doc, l)));
        }
    }
    for version in UPCOMING {
        for l in LOCALES {
            want.insert(format!("missing-translation content/en/{version}.md {l}"));
        }
    }
    want
}

/// The file a locale's missing translation is made from: the first file up its chain (es →
/// es-ES → en), else the default locale's.
fn source_of(doc: &str, locale: &str) -> String {
    let es_es = DOCUMENTS.iter().any(|(d, t)| *d == doc && t.contains(&"es-ES"));
    let from = if locale == "es" && es_es { "es-ES" } else { "en" };
    format!("content/{from}/{doc}.md")
}

/// A finding as `TRUE_FINDINGS` writes it.
fn key(f: &Value) -> String {
    let (kind, file) = (text(f, "kind"), text(f, "file"));
    if kind == "broken-link" {
        let message = text(f, "message");
        let link = message.split('`').nth(1).unwrap_or(&message);
        return format!("{kind} {file} {link}");
    }
    format!("{kind} {file} {}", text(f, "locale"))
}

fn actual_findings() -> BTreeSet<String> {
    findings().iter().map(key).collect()
}

#[test]
fn check_strict_reports_exactly_the_true_findings() {
    let (want, got) = (expected_findings(), actual_findings());
    let false_ones: Vec<_> = got.difference(&want).filter(|f| !allowed(f)).collect();
    let missed: Vec<_> = want.difference(&got).collect();
    assert!(
        false_ones.is_empty() && missed.is_empty(),
        "false findings ({}):\n{}\n\ntrue findings not reported ({}):\n{}",
        false_ones.len(),
        false_ones.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        missed.len(),
        missed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
    );
    assert_eq!(check().0, 1, "errors and warnings under --strict exit 1");
}

#[test]
fn the_only_broken_links_are_the_anchors_the_sources_got_wrong() {
    let broken: Vec<_> = findings().iter().filter(|f| f["kind"] == "broken-link").map(key).collect();
    let false_ones: Vec<_> =
        broken.iter().filter(|f| !TRUE_FINDINGS.contains(&f.as_str()) && !allowed(f)).collect();
    assert!(false_ones.is_empty(), "{false_ones:#?}");
    assert!(broken.iter().any(|f| f.ends_with("#e-repeated-infringement")), "the DMCA anchor is reported");
}

#[test]
fn a_link_to_a_raw_html_anchor_is_not_broken() {
    // legal-requests.md links `#with-a-court-order-or-a-search-warrant` and
    // `#only-with-a-search-warrant`, targets written as `<a name="…"></a>` (kept: unsafe_html).
    let false_ones: Vec<_> =
        of_kind("broken-link").into_iter().filter(|f| f.contains("legal-requests")).collect();
    assert!(false_ones.is_empty(), "{false_ones:#?}");
    let html = page("northwind/en/github/legal-requests");
    assert!(
        html.contains(r#"name="with-a-court-order-or-a-search-warrant""#),
        "the raw anchor is in the page"
    );
}

#[test]
fn a_link_to_a_lettered_section_or_a_clause_under_it_is_not_broken() {
    // The terms' summary table links every section (`#clause-A` … `#clause-R`) and section A
    // links `#clause-B.5`; the corporate terms and the DMCA policy link theirs the same way.
    let false_ones: Vec<_> = of_kind("broken-link").into_iter().filter(|f| f.contains("#clause-")).collect();
    assert!(false_ones.is_empty(), "{false_ones:#?}");
}

#[test]
fn chinese_and_japanese_numbering_is_no_clause_mismatch() {
    let false_ones: Vec<_> = of_kind("clause-mismatch")
        .into_iter()
        .filter(|f| f.contains("/zh-CN/") || f.contains("/ja/"))
        .collect();
    assert!(false_ones.is_empty(), "{false_ones:#?}");
}

#[test]
fn numbers_restarting_under_each_letter_are_no_duplicate_clause() {
    let dups = of_kind("duplicate-clause");
    assert!(dups.is_empty(), "{dups:#?}");
}

#[test]
fn a_translation_whose_fallback_lacks_the_document_is_checked_against_the_source() {
    // es → es-ES → en; es-ES has no acceptable use policies, es translates an old version.
    let es: Vec<_> = findings()
        .iter()
        .filter(|f| f["file"] == "content/es/github/acceptable-use-policies.md")
        .map(|f| text(f, "kind"))
        .collect();
    for kind in ["outdated-translation", "clause-mismatch"] {
        assert!(es.iter().any(|k| k == kind), "{kind} missing for the es AUP: {es:?}");
    }
    let mismatch = of_kind("clause-mismatch");
    assert!(mismatch.iter().any(|f| f.contains("11")), "names the clause es lacks (11): {mismatch:?}");
}

#[test]
fn a_fallback_page_counts_as_missing_in_the_locales_summary() {
    // es translates one document (the AUP) and reads the rest from es-ES or en: twelve
    // documents and the five upcoming versions are missing, as in de (which translates one too).
    let es = &check().1["summary"]["locales"]["es"];
    assert_eq!(es["translated"], 1, "{es}");
    assert_eq!(es["missing"], 17, "{es}");
    assert_eq!(es["outdated"], 1, "{es}");
    assert_eq!(es["clause_mismatch"], 1, "{es}");
    assert_eq!(check().1["summary"]["locales"]["de"]["missing"], 17);
}

// ---- clause ids --------------------------------------------------------------------------------

/// Every `clause-…` id in a page's body, in order.
fn clause_ids(html: &str) -> Vec<String> {
    let body = html.split("<div class=\"document-body").nth(1).unwrap_or(html);
    body.split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|id| id.starts_with("clause-"))
        .map(str::to_string)
        .collect()
}

fn ids_of(brand: &str, locale: &str, doc: &str) -> Vec<String> {
    clause_ids(&page(&format!("{brand}/{locale}/{doc}")))
}

#[test]
fn chinese_numbering_gives_the_english_clause_ids() {
    // 1.遵守 (no space), 2． (full-width stop), ３. (full-width digit), 第5条, 第六条, ８．, 第十一条
    let en = ids_of("northwind", "en", "github/acceptable-use-policies");
    let want: Vec<String> = (1..=11).map(|n| format!("clause-{n}")).collect();
    assert_eq!(en, want, "the English sections 1–11");
    assert_eq!(ids_of("northwind", "zh-CN", "github/acceptable-use-policies"), want);
}

#[test]
fn japanese_numbering_gives_the_english_clause_ids() {
    // 1．, 2.ユーザー, 第3条, ４．, 第六条, 第7条 + ideographic space, ９., 第十一条
    let want: Vec<String> = (1..=11).map(|n| format!("clause-{n}")).collect();
    assert_eq!(ids_of("northwind", "ja", "github/acceptable-use-policies"), want);
}

#[test]
fn chinese_section_numerals_are_the_english_roman_numerals() {
    // 一、 … 五、 in zh-CN and ja, I. … V. in English.
    let want: Vec<String> = ["I", "II", "III", "IV", "V"].iter().map(|r| format!("clause-{r}")).collect();
    assert_eq!(ids_of("northwind", "en", "github/community-guidelines"), want, "en");
    assert_eq!(ids_of("northwind", "zh-CN", "github/community-guidelines"), want, "zh-CN");
    assert_eq!(ids_of("northwind", "ja", "github/community-guidelines"), want, "ja");
}

/// The GitHub terms' sections and the numbers under them, as the English text has them.
fn terms_clauses() -> Vec<String> {
    let mut want = Vec::new();
    for (letter, subs) in [
        ("A", 0),
        ("B", 5),
        ("C", 0),
        ("D", 7),
        ("E", 3),
        ("F", 0),
        ("G", 3),
        ("H", 0),
        ("I", 0),
        ("J", 3),
        ("K", 5),
        ("L", 4),
        ("M", 3),
        ("N", 0),
        ("O", 0),
        ("P", 0),
        ("Q", 0),
        ("R", 6),
    ] {
        want.push(format!("clause-{letter}"));
        want.extend((1..=subs).map(|n| format!("clause-{letter}.{n}")));
    }
    want
}

#[test]
fn lettered_sections_are_letters_not_roman_numerals() {
    // C, D, I, L and M are Roman numerals too; in a run A, B, C … they are letters like A and B.
    let ids = ids_of("northwind", "en", "github/terms-of-service");
    let sections: Vec<_> = ids.iter().filter(|id| !id.contains('.')).cloned().collect();
    let want: Vec<String> = ('A'..='R').map(|l| format!("clause-{l}")).collect();
    assert_eq!(sections, want);
}

#[test]
fn a_number_under_a_letter_takes_the_letter() {
    let ids = ids_of("northwind", "en", "github/terms-of-service");
    assert_eq!(ids, terms_clauses());
    let corporate = ids_of("northwind", "en", "github/corporate-terms-of-service");
    for id in ["clause-O.1", "clause-O.2", "clause-O.3", "clause-D.3", "clause-T.2"] {
        assert!(corporate.contains(&id.to_string()), "{id} in the corporate terms: {corporate:?}");
    }
}

#[test]
fn a_clause_has_the_same_id_in_english_and_japanese_terms() {
    assert_eq!(ids_of("contoso", "ja", "github/terms-of-service"), terms_clauses());
}

#[test]
fn crlf_and_bom_files_give_the_same_page_as_the_others() {
    // es-ES was saved with CRLF line ends, fr with a byte-order mark.
    let raw = std::fs::read(site().join("content/es-ES/wordpress/terms-of-service.md")).expect("es-ES");
    assert!(raw.windows(2).any(|w| w == b"\r\n"), "the es-ES file has CRLF line ends");
    let raw = std::fs::read(site().join("content/fr/wordpress/terms-of-service.md")).expect("fr");
    assert!(raw.starts_with(b"\xef\xbb\xbf"), "the fr file starts with a BOM");
    for (locale, title) in [("es-ES", "Condiciones de servicio"), ("fr", "Conditions d")] {
        let html = page(&format!("northwind/{locale}/wordpress/terms-of-service"));
        assert!(html.contains(&format!("<h1>{title}")), "{locale}: the title from the front matter");
        assert!(
            !html.contains("+++") && !html.contains('\u{feff}'),
            "{locale}: no front matter or BOM shown"
        );
    }
}

// ---- the table of contents and alerts ----------------------------------------------------------

fn toc(html: &str) -> &str {
    html.split("<nav class=\"toc\"").nth(1).and_then(|s| s.split("</nav>").next()).unwrap_or("")
}

#[test]
fn the_contents_list_h4_headings() {
    // The WordPress.com terms put their sections at ####; the privacy statement its cookie
    // questions.
    let zh = page("northwind/zh-CN/wordpress/terms-of-service");
    assert!(toc(&zh).contains("主旨"), "zh-CN contents: {}", toc(&zh));
    let en = page("northwind/en/wordpress/terms-of-service");
    assert!(toc(&en).contains("The gist:"), "en contents: {}", toc(&en));
    let privacy = page("northwind/en/github/privacy-statement");
    assert!(toc(&privacy).contains("What are cookies and similar technologies?"), "{}", toc(&privacy));
}

#[test]
fn github_alerts_are_not_shown_as_written() {
    let html = page("northwind/en/github/corporate-terms-of-service");
    assert!(!html.contains("[!NOTE]"), "the alert marker shows literally");
}

// ---- versions and redlines ---------------------------------------------------------------------

/// The text of a page's redline body, tags dropped, with `<ins>`/`<del>` kept as `{+…+}` and
/// `[-…-]` like `git diff --word-diff=plain`.
fn marks(html: &str) -> String {
    let body = html.split("redline-body\">").nth(1).unwrap_or("");
    let body = body.split("</article>").next().unwrap_or(body);
    let mut out = String::new();
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        if tag.starts_with("<span class=\"visually-hidden\"") {
            // "deleted: " / "inserted: " for screen readers: not text of the document
            rest = rest[end..].split_once("</span>").map_or("", |(_, after)| after);
            continue;
        }
        out.push_str(match tag {
            t if t.starts_with("<ins") => "{+",
            "</ins>" => "+}",
            t if t.starts_with("<del") => "[-",
            "</del>" => "-]",
            _ => "",
        });
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", "\"")
}

fn changes(brand: &str, doc: &str, date: &str) -> String {
    page(&format!("{brand}/en/{doc}/changes/{date}"))
}

#[test]
fn a_changed_link_destination_counts_its_clause_as_changed() {
    // git diff --word-diff 93a28bf 228ef71 -- Policies/github-terms/github-terms-of-service.md
    // changes one line, in L.1 Account Cancellation:
    //   [cancel your Account at any [-time](/billing/managing-billing-for-your-github-account/downgrading-your-github-subscription)-]
    //   {+time](/billing/managing-the-plan-for-your-github-account/downgrading-your-accounts-plan)+}
    let html = changes("northwind", "github/terms-of-service", "2025-12-10");
    let nav = html.split("redline-clauses").nth(1).and_then(|s| s.split("</nav>").next()).unwrap_or("");
    assert!(nav.contains("#clause-L.1"), "L.1 is listed as changed: {nav}");
    assert!(!nav.contains("#clause-L.2"), "only L.1 changed: {nav}");
}

#[test]
fn a_changed_link_destination_shows_the_old_and_the_new_destination() {
    let html = changes("northwind", "github/terms-of-service", "2025-12-10");
    let text = marks(&html);
    for url in [
        "managing-billing-for-your-github-account/downgrading-your-github-subscription",
        "managing-the-plan-for-your-github-account/downgrading-your-accounts-plan",
    ] {
        assert!(text.contains(url), "{url} is readable in the redline");
    }
}

#[test]
fn a_version_that_changed_only_links_is_not_called_unchanged() {
    // git diff --word-diff 3327745^ 3327745 -- cancellation/index.md (basecamp/policies,
    // 2 June 2021): four list items whose link destinations alone changed, e.g.
    //   * [-[Backpack](https://help.37signals.com/billing/questions/316-…#Backpack)-]
    //     {+[Backpack](https://support.backpack-help.com/article/280-how-do-i-cancel-my-account)+}
    let html = changes("northwind", "basecamp/cancellation", "2021-06-02");
    let text = marks(&html);
    for url in [
        "316-information-about-adjusting-your-plan-or-canceling-your-account#Backpack",
        "support.backpack-help.com/article/280-how-do-i-cancel-my-account",
        "classic.basecamp-help.com/article/527-cancellation-refund",
        "suite.basecamp-help.com/article/656-breaking-or-canceling-the-suite",
    ] {
        assert!(text.contains(url), "{url} is readable in the redline");
    }
    assert!(text.contains("[-") && text.contains("{+"), "the change is marked: {text}");
}

#[test]
fn a_new_paragraph_is_added_whole() {
    // git diff --word-diff of basecamp/policies cancellation.md, 16 → 17 September 2019
    // (254f9f1, 1bc3ada, 3522d8a): "Our legal responsibility is to account owners, …" is new,
    // {+…+} whole; no old paragraph is its counterpart, so none is struck inside it.
    let html = changes("northwind", "basecamp/cancellation", "2019-09-17");
    let para = html
        .split("<p")
        .find(|p| p.contains("Our legal responsibility is to account owners"))
        .and_then(|p| p.split("</p>").next())
        .expect("the new paragraph");
    assert!(para.starts_with(" class=\"block-added\""), "added whole: <p{para}");
    assert!(!para.contains("<del"), "nothing struck inside it: <p{para}");
}

/// The `<li>` elements of a page that hold `words`, each from its opening tag to `</li>`.
fn items_with<'a>(html: &'a str, words: &str) -> Vec<&'a str> {
    html.split("<li")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap_or(li))
        .filter(|li| li.contains(words))
        .collect()
}

#[test]
fn a_reworded_list_item_pairs_with_its_counterpart() {
    // git diff --no-index --word-diff acceptable-use-policies@2021-07-14.md
    // acceptable-use-policies@2022-02-10.md (github/site-policy 4002624, 10 February 2022): the
    // conduct rules became things "content or activity" must not do, so two list items changed
    // a verb and their links and kept their words; git pairs each with its counterpart:
    //   [-- [violate-]{+[violates+} the privacy of any third [-party](…community-guidelines…),-]
    //   {+party](…doxxing-and-invasion-of-privacy),+} such as by posting …
    //   - [-[impersonate-]{+[impersonates+} any person or entity](…), including any of our …
    let html = changes("northwind", "github/acceptable-use-policies", "2022-02-10");
    for words in ["the privacy of any third party", "including any of our employees or representatives"] {
        let items = items_with(&html, words);
        assert!(!items.is_empty(), "{words}");
        for li in items {
            let open = li.split('>').next().unwrap_or("");
            assert!(
                !open.contains("block-added") && !open.contains("block-removed"),
                "the item is a word diff against its counterpart, not deleted and inserted whole: <li{li}"
            );
        }
    }
}

#[test]
fn a_word_diff_reads_in_phrases_not_alternating_words() {
    // Basecamp rewrote its cancellation policy on 17 September 2019; today the redline of
    // "Cancellations are effective immediately, …" reads
    //   [-…not be able-]{+We’ll+} [-to-]{+permanently+} [-access-]{+delete+} your account …
    // Edits separated by a lone space are one edit (diff-match-patch's semantic cleanup).
    let text = marks(&changes("northwind", "basecamp/cancellation", "2019-09-17"));
    for soup in ["+} [-", "-] [-", "+} {+", "-] {+"] {
        assert!(!text.contains(soup), "`{soup}` in: {text}");
    }
}

#[test]
fn a_heading_whose_level_changed_is_not_deleted_and_inserted() {
    // git diff 6d87bd5 3063a03 (github/site-policy, 14 June 2021): `### 1. Compliance with
    // Laws and Regulations` became `## 1. Compliance with Laws and Regulations`, same words.
    let html = changes("northwind", "github/acceptable-use-policies", "2021-06-14");
    let heading = html.split("<h2 id=\"clause-1\"").nth(1).expect("the new h2 of clause 1");
    let heading = heading.split("</h2>").next().unwrap_or("");
    assert!(!heading.contains("block-added") && !heading.contains("<ins"), "not inserted: {heading}");
    assert!(!heading.contains("<del"), "its words are the same: {heading}");
    let removed = html
        .split("class=\"block-removed\"")
        .skip(1)
        .any(|b| b.split("</h3>").next().unwrap_or("").contains("Compliance with Laws and Regulations"));
    assert!(!removed, "the old h3 is not shown deleted");
}

#[test]
fn each_upcoming_version_names_the_version_just_before_it() {
    for (date, before) in [
        ("2025-12-10", "November 16, 2020"),
        ("2026-03-16", "December 10, 2025"),
        ("2026-03-20", "March 16, 2026"),
        ("2026-03-23", "March 20, 2026"),
    ] {
        let html = page(&format!("northwind/en/github/terms-of-service/versions/{date}"));
        let notice = html.split("notice-upcoming").nth(1).and_then(|n| n.split("</p>").next()).unwrap_or("");
        assert!(notice.contains(before), "{date} names {before}: {notice}");
    }
}

#[test]
fn the_version_history_holds_every_version_from_git() {
    // basecamp/policies: 20 days on which cancellation.md changed, 16 September 2019 to
    // 27 July 2023.
    let html = page("northwind/en/basecamp/cancellation/versions");
    let versions = html.matches("/changes/").count();
    assert!(versions >= 19, "19 changes pages linked, found {versions}");
    assert!(built().join("northwind/en/basecamp/cancellation/versions/2019-09-16/index.html").exists());
}

/// A bare URL in a real text links its address, not the sentence around it: no `href` of the
/// built portal holds a bidirectional mark (WordPress's Hebrew terms write one after
/// `(http://vip.wordpress.com/)`) or CJK punctuation, percent-encoded (`content/autolinks.rs`).
#[test]
fn no_link_address_holds_the_punctuation_or_marks_around_it() {
    let href = regex::Regex::new(r#"href="([^"]*)""#).unwrap();
    let sentence = ["%E2%80%8E", "%E2%80%8F", "%E3%80%", "%EF%BC%"];
    let mut wrong = BTreeSet::new();
    for entry in walkdir::WalkDir::new(built()).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for url in href.captures_iter(&html).map(|c| c[1].to_string()) {
            if sentence.iter().any(|s| url.to_uppercase().contains(s)) {
                wrong.insert(url);
            }
        }
    }
    assert!(wrong.is_empty(), "links whose address runs into the sentence: {wrong:#?}");
}
