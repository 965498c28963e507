//! Every document page kind of every brand (documents, translations, fallbacks, archived and
//! upcoming versions, redlines) prints as a clean legal document: headless Chromium prints it
//! to PDF (WebDriver's print, through chromedriver) and poppler's `pdftotext` reads it back.
//! The text has the title, the effective date, every clause number where its clause starts,
//! the URL of each external link, the canonical URL, every notice (which language prevails,
//! which version this is) and a number on every page ("2 / 3"); it has none of the navigation
//! (skip link, breadcrumbs, locale switcher, table of contents), no footer, no `§` link and
//! no `{{`.

mod chrome;
mod common;

use chrome::{every_page, start_driver, Browser, Scheme, Served};
use fantoccini::wd::PrintConfiguration;
use serde::Deserialize;
use std::process::Command;

/// What the page on screen says the printed text must and must not have.
#[derive(Debug, Deserialize)]
struct Expected {
    title: String,
    date: String,
    canonical: String,
    clauses: Vec<String>,
    /// The first word of each clause as printed (`1.1`, `I.`), one per clause.
    starts: Vec<String>,
    external: Vec<String>,
    /// The notices above the document (fallback, translation, version).
    notices: Vec<String>,
    /// The footer's text, which print hides.
    footer: String,
    /// How many `§` the printed page may hold: those of the text, none of the self-links.
    section_signs: usize,
    /// Whether the page has a document body (a redline across languages has none).
    body: bool,
    /// Text of the navigation that appears nowhere in the document itself.
    navigation: Vec<String>,
    rtl: bool,
}

const EXPECTED: &str = "const text = s => (document.querySelector(s) || {}).textContent || '';\n\
    const main = document.querySelector('main').cloneNode(true);\n\
    main.querySelectorAll('nav').forEach(e => e.remove());\n\
    const body = main.textContent;\n\
    const nav = [...document.querySelectorAll('.skip-link, .breadcrumbs a, .locale-switcher a, .toc-title')]\n\
      .map(e => e.textContent.trim()).filter(t => t && !body.includes(t));\n\
    return { title: text('h1'), date: text('.effective-date time'),\n\
      canonical: document.querySelector('link[rel=canonical]').href,\n\
      clauses: [...document.querySelectorAll('.document-body [id^=\"clause-\"]')].map(e => e.id.slice(7)),\n\
      starts: [...document.querySelectorAll('.document-body [id^=\"clause-\"]')].map(e => {\n\
        const c = e.cloneNode(true); c.querySelectorAll('.self-link, .visually-hidden').forEach(x => x.remove());\n\
        return c.textContent.trim().split(/\\s+/)[0]; }),\n\
      notices: [...document.querySelectorAll('main .notice')].map(e => e.textContent.trim()),\n\
      footer: text('.site-footer').trim(),\n\
      section_signs: (() => { const m = document.querySelector('main').cloneNode(true);\n\
        m.querySelectorAll('.self-link, .toc').forEach(x => x.remove()); return m.textContent.split('§').length - 1; })(),\n\
      body: !!document.querySelector('.document-body'),\n\
      external: [...document.querySelectorAll('.document-body a[href^=\"http\"]')].map(a => a.href),\n\
      navigation: nav, rtl: document.documentElement.dir === 'rtl' };";

/// The text of a PDF, by `pdftotext` (poppler-utils).
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&path).arg("-").output().unwrap_or_else(|e| {
        panic!("pdftotext does not run ({e}): install poppler-utils (apt-get install poppler-utils; scripts/test.sh does)")
    });
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Text without white space and hyphens, so that a line break inside a URL or a title does
/// not matter (`pdftotext` drops the hyphen at the end of a line).
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

/// The words of right-to-left text, each as its sorted letters. `pdftotext` writes such text
/// in visual order: runs of Latin and Arabic swapped, bidi controls added, punctuation moved
/// to the other end of a run, and the letters of a lam-alef ligature in either order.
fn rtl_words(s: &str) -> Vec<Vec<char>> {
    let bidi =
        |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let clean: String = s.chars().map(|c| if bidi(c) { ' ' } else { c }).collect();
    let word = |w: &str| {
        let mut letters: Vec<char> =
            w.trim_matches(|c: char| c.is_ascii_punctuation() || c == '،').chars().collect();
        letters.sort_unstable();
        letters
    };
    clean.split_whitespace().map(word).filter(|w| !w.is_empty()).collect()
}

/// `s` cut where it changes between ASCII and other scripts, white space and hyphens left
/// out: a line mixing Latin and Chinese in two fonts is two lines to `pdftotext`, in either
/// order, when the fonts' baselines differ.
fn scripts(s: &str) -> Vec<String> {
    let mut runs: Vec<String> = Vec::new();
    let mut last = None;
    for c in squeeze(s).chars() {
        match runs.last_mut() {
            Some(run) if last == Some(c.is_ascii()) => run.push(c),
            _ => runs.push(c.to_string()),
        }
        last = Some(c.is_ascii());
    }
    runs
}

/// Letters and digits alone: a URL broken over lines in right-to-left text gets punctuation
/// moved into it.
fn alphanumeric(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether `s` is in the printed `text`: as a run for left-to-right text; for right-to-left
/// text, as a run of its letters and digits (URLs, numbers) or as words (see [`rtl_words`]).
fn printed(text: &str, s: &str, rtl: bool) -> bool {
    if !rtl {
        let text = squeeze(text);
        return text.contains(&squeeze(s)) || scripts(s).iter().all(|run| text.contains(run.as_str()));
    }
    let mut words = rtl_words(text);
    // A mark above a letter (tanween: اعتبارًا) can cut a word in two: either half alone is
    // no word of `s`, the two together are.
    let joined: Vec<Vec<char>> = words
        .windows(2)
        .map(|w| {
            let mut both = [w[0].clone(), w[1].clone()].concat();
            both.sort_unstable();
            both
        })
        .collect();
    words.extend(joined);
    alphanumeric(text).contains(&alphanumeric(s)) || rtl_words(s).iter().all(|w| words.contains(w))
}

/// A line of printed text as words, bidi controls taken out.
fn words(line: &str) -> Vec<&str> {
    line.split(|c: char| {
        c.is_whitespace()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
    .filter(|w| !w.is_empty())
    .collect()
}

/// How many lines of `text` start a clause numbered `n` (its first word as printed, `1.1`
/// or `I.`): `n` as a whole word opening the line, never as a part of a word (`127.0.0.1`
/// holds `1`, `0.1` and, without its dots, `12`). A right-to-left line is in visual order,
/// so its number may close it instead, with a dot at its edge moved to its other side.
fn clause_starts(text: &str, n: &str, rtl: bool) -> usize {
    let moved = n.strip_suffix('.').map(|m| format!(".{m}"));
    let is_n = |w: &&str| *w == n || moved.as_deref() == Some(*w);
    text.lines()
        .filter(|line| {
            let w = words(line);
            w.first().is_some_and(|f| *f == n)
                || rtl && (w.first().is_some_and(is_n) || w.last().is_some_and(is_n))
        })
        .count()
}

/// The pages of the printed text (`pdftotext` ends each with a form feed) whose text lacks
/// its number `k / N` (for right-to-left pages in either order).
fn unnumbered(text: &str, rtl: bool) -> Vec<usize> {
    let pages: Vec<String> = text.split('\u{c}').map(squeeze).collect();
    let n = pages.len() - usize::from(pages.last().is_some_and(|p| p.is_empty()));
    (1..=n)
        .filter(|k| {
            let page = &pages[k - 1];
            !(page.contains(&format!("{k}/{n}")) || rtl && page.contains(&format!("{n}/{k}")))
        })
        .collect()
}

fn problems(e: &Expected, text: &str) -> Vec<String> {
    let has = |s: &str| printed(text, s, e.rtl);
    let mut out = Vec::new();
    let mut must = vec![
        ("title", e.title.clone()),
        ("effective date", e.date.clone()),
        ("canonical URL", e.canonical.clone()),
    ];
    must.extend(e.external.iter().map(|u| ("external link URL", u.clone())));
    must.extend(e.notices.iter().map(|n| ("notice", n.clone())));
    for (what, s) in must {
        if s.is_empty() || !has(&s) {
            out.push(format!("no {what} {s:?}"));
        }
    }
    let mut wanted = std::collections::BTreeMap::new();
    for n in &e.starts {
        *wanted.entry(n.as_str()).or_insert(0) += 1;
    }
    for (n, times) in wanted {
        let found = clause_starts(text, n, e.rtl);
        if found < times {
            out.push(format!("clause {n:?} starts {found} lines, not {times}"));
        }
    }
    for n in e.navigation.iter().filter(|n| has(n)) {
        out.push(format!("navigation text {n:?} printed"));
    }
    if e.footer.is_empty() || alphanumeric(text).contains(&alphanumeric(&e.footer)) {
        out.push(format!("the footer {:?} printed", e.footer));
    }
    let signs = text.matches('§').count();
    if signs != e.section_signs {
        out.push(format!("{signs} `§` printed, the text has {}: a self-link printed", e.section_signs));
    }
    let pages = unnumbered(text, e.rtl);
    if !pages.is_empty() {
        out.push(format!("pages {pages:?} carry no page number"));
    }
    if text.contains("{{") {
        out.push("a `{{` printed".into());
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn every_document_prints_with_title_date_clauses_and_urls_and_without_navigation() {
    let served = Served::start().await;
    let driver = start_driver();
    let b = Browser::start(&driver, Scheme::Light).await;
    let (mut failures, mut printed) = (Vec::new(), 0);
    for (brand, kind) in every_page().filter(|(_, k)| k.document) {
        let url = served.url(brand, kind.path);
        b.open(&url).await;
        let expected: Expected = serde_json::from_value(b.js(EXPECTED).await).unwrap();
        assert!(expected.clauses.len() == expected.starts.len(), "{url}: {expected:?}");
        assert!(
            (!expected.clauses.is_empty() || !expected.body) && !expected.navigation.is_empty(),
            "{url}: {expected:?}"
        );
        let pdf = b.c.print(PrintConfiguration::default()).await.expect("a PDF");
        let text = pdf_text(&pdf);
        let found = problems(&expected, &text);
        if !found.is_empty() {
            failures.push(format!(
                "brand {brand} · {} ({url}):\n  {}\n--- text ---\n{text}",
                kind.kind,
                found.join("\n  ")
            ));
        }
        printed += 1;
    }
    b.c.close().await.unwrap();
    assert_eq!(printed, 4 * 12, "every document, version and redline of every brand");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn sample() -> Expected {
    Expected {
        title: "Policy".into(),
        date: "1 March 2024".into(),
        canonical: "http://127.0.0.1/a/en/".into(),
        clauses: vec!["1.1".into(), "I".into()],
        starts: vec!["1.1".into(), "I.".into()],
        external: vec![],
        notices: vec!["This is a translation.".into()],
        footer: "A Legal · A Ltd.".into(),
        section_signs: 0,
        body: true,
        navigation: vec!["Skip to content".into()],
        rtl: false,
    }
}

const GOOD: &str = "Policy\nEffective date: 1 March\n2024\nThis is a\ntranslation.\nI. Scope\n1.1 text\nhttp://127.0.0.1/a/\nen/\n1 / 2\u{c}\n2 / 2\u{c}";

#[test]
fn a_check_of_printed_text_fails_on_navigation_and_missing_clauses() {
    let e = sample();
    assert!(problems(&e, GOOD).is_empty(), "{:?}", problems(&e, GOOD));
    assert_eq!(problems(&e, &GOOD.replace("2024\n", "2024\nSkip to content\n")).len(), 1);
    let found = problems(&e, &GOOD.replace("Policy", "Policy {{x}}"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(problems(&e, &GOOD.replace("This is a", "")).len(), 1, "the notice is gone");
    assert_eq!(
        problems(&e, &GOOD.replace("en/\n", "en/\nA Legal ·\nA Ltd.\n")).len(),
        1,
        "the footer printed"
    );
    assert_eq!(problems(&e, &GOOD.replace("1 text", "1 text § 1.1")).len(), 1, "a self-link printed");
    assert_eq!(problems(&e, &GOOD.replace("2 / 2", "")).len(), 1, "a page without its number");
}

#[test]
fn a_clause_number_counts_only_where_a_clause_starts() {
    let e = sample();
    // 1.1 inside 127.0.0.1.1 and in the middle of a line; I in any capital I.
    let text = GOOD.replace("1.1 text", "see 1.1 text at 127.0.0.1.1").replace("I. Scope", "In Scope");
    let found = problems(&e, &text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(clause_starts("1.2 x\n12 y\n127.0.0.1 z", "1.2", false), 1);
    assert_eq!(clause_starts("x 1.2\n", "1.2", false), 0);
    // Right to left: the number closes the line, its dot moved; never without its dots.
    assert_eq!(clause_starts("\u{202b}النطاق .I\u{202c}\n", "I.", true), 1);
    assert_eq!(clause_starts("تسري هذه 1.1\n", "1.1", true), 1);
    assert_eq!(clause_starts("تسري هذه 11\nhttp://127.0.0.1/x\n", "1.1", true), 0);
}

#[test]
fn a_title_mixing_latin_and_chinese_is_found_in_either_order() {
    assert!(printed("隐私政策\n\nSun Cloud\n", "Sun Cloud隐私政策", false));
    assert!(!printed("隐私\n\nSun Cloud\n", "Sun Cloud隐私政策", false));
}

#[test]
fn right_to_left_text_is_found_in_the_visual_order_pdftotext_writes() {
    let text = "Sun Cloud \u{202b}سياسة الخصوصية لدى\u{202c}\n/http://127.0.0.1:1/sun/ar/x\nاإلنجليزية\n\
                2024 \u{202b} مارس\u{202c}1\n<https://x.example/a-\n\n.>b";
    assert!(printed(text, "سياسة الخصوصية لدى Sun Cloud", true));
    assert!(printed(text, "http://127.0.0.1:1/sun/ar/x/", true));
    assert!(printed(text, "الإنجليزية", true), "a lam-alef ligature's letters in either order");
    assert!(printed(text, "1 مارس 2024", true) && printed(text, "https://x.example/a-b", true));
    assert!(!printed(text, "سياسة الخصوصية لدى Moon Cloud", true));
    assert!(!printed(text, "https://x.example/c", true));
    // A word cut in two at its tanween, as pdftotext writes اعتبارًا.
    assert!(printed("يسري اعتباًر ا من\n", "اعتبار\u{64b}ا", true));
    assert!(!printed("يسري اعتباًر من\n", "اعتبار\u{64b}ا", true));
}
