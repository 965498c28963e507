//! Every page kind of every brand meets WCAG 2.2 AA in a real browser (Debian's headless
//! Chromium through chromedriver): axe-core finds no violation in the light or the dark
//! colour scheme; the keyboard reaches the skip link first, then the main content, and every
//! link of the locale switcher and the table of contents, each with a visible focus ring of
//! 3:1; and at 320 CSS px nothing scrolls sideways. The portal is `chrome/portal.rs`; its
//! table of page kinds is what every test here walks.

mod chrome;
mod common;

use chrome::portal::PageKind;
use chrome::{axe_source, every_page, start_driver, Browser, Scheme, Served, Violation};
use fantoccini::key::Key;
use serde::Deserialize;

fn describe(scheme: Scheme, brand: &str, kind: &PageKind, url: &str, v: &Violation) -> Vec<String> {
    let page = format!("{scheme:?} · brand {brand} · {} ({url})", kind.kind);
    if v.nodes.is_empty() {
        return vec![format!("{}: {} — {page}", v.id, v.help)];
    }
    let at = |n: &chrome::Node| {
        format!(
            "{}: {} — {page}\n    element {}: {}\n    {}",
            v.id,
            v.help,
            n.target,
            n.html,
            n.summary.replace('\n', "\n    ")
        )
    };
    v.nodes.iter().map(at).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_2_2_aa_violation_on_any_page_kind_in_light_or_dark() {
    let served = Served::start().await;
    let driver = start_driver();
    let axe = axe_source();
    let (mut failures, mut pages) = (Vec::new(), 0);
    for scheme in [Scheme::Light, Scheme::Dark] {
        let b = Browser::start(&driver, scheme).await;
        for (brand, kind) in every_page() {
            let url = served.url(brand, kind.path);
            b.open(&url).await;
            for v in b.axe(&axe).await {
                failures.extend(describe(scheme, brand, kind, &url, &v));
            }
            pages += 1;
        }
        b.c.close().await.unwrap();
    }
    eprintln!("axe-core: {pages} pages, {} violations", failures.len());
    assert!(pages >= 2 * 4 * 12, "every page kind of every brand, twice");
    assert!(failures.is_empty(), "{} axe-core violations:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violation_on_any_page_of_the_example_portal() {
    let served = Served::of(chrome::portal::example).await;
    let driver = start_driver();
    let axe = axe_source();
    let pages = served.pages();
    assert!(pages.len() >= 30, "{pages:?}");
    let mut failures = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        let b = Browser::start(&driver, scheme).await;
        for (brand, path) in &pages {
            let url = served.url(brand, path);
            b.open(&url).await;
            let kind = PageKind { kind: "example portal page", path: "", document: false, skip_link: true };
            for v in b.axe(&axe).await {
                failures.extend(describe(scheme, brand, &kind, &url, &v));
            }
        }
        b.c.close().await.unwrap();
    }
    eprintln!("axe-core on the example portal: {} pages twice, {} violations", pages.len(), failures.len());
    assert!(failures.is_empty(), "{} axe-core violations:\n{}", failures.len(), failures.join("\n"));
}

/// What the keyboard focus is on.
#[derive(Debug, Deserialize, PartialEq)]
struct Focus {
    /// The element's number among the page's links and controls (`data-k`), if any.
    k: Option<String>,
    skip: bool,
    main: bool,
    in_main: bool,
    visible: bool,
    outline: String,
    outline_width: f64,
    outline_color: String,
    background: String,
}

const NUMBER_FOCUSABLES: &str = "const all = document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex=\"-1\"])');\n\
    all.forEach((e, i) => e.dataset.k = String(i));\n\
    return [...document.querySelectorAll('.locale-switcher a, .toc a')].map(e => e.dataset.k);";

const FOCUS: &str = "const a = document.activeElement, s = getComputedStyle(a), r = a.getBoundingClientRect();\n\
    let bg = 'rgba(0, 0, 0, 0)';\n\
    for (let e = a.parentElement; e; e = e.parentElement) {\n\
      const c = getComputedStyle(e).backgroundColor; if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; } }\n\
    return { k: a.dataset.k ?? null, skip: a.classList.contains('skip-link'), main: a.id === 'main',\n\
      in_main: a !== document.querySelector('main') && !!a.closest('main'),\n\
      visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,\n\
      outline: s.outlineStyle, outline_width: parseFloat(s.outlineWidth) || 0, outline_color: s.outlineColor, background: bg };";

/// `rgb(r, g, b)` as `#rrggbb`.
fn hex_of(css: &str) -> String {
    let n: Vec<u8> = css
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|x| x.trim().parse().unwrap_or_else(|_| panic!("a colour: {css}")))
        .collect();
    format!("#{:02x}{:02x}{:02x}", n[0], n[1], n[2])
}

/// A ring a sighted keyboard user sees: at least 2 px, 3:1 against what is behind it.
fn assert_ring(f: &Focus, page: &str) {
    assert!(f.outline != "none" && f.outline_width >= 2.0, "{page}: no focus ring on {f:?}");
    let (ring, bg) = (hex_of(&f.outline_color), hex_of(&f.background));
    let ratio = clause::config::contrast::ratio(
        clause::config::contrast::parse(&ring).unwrap(),
        clause::config::contrast::parse(&bg).unwrap(),
    );
    assert!(ratio >= 3.0, "{page}: focus ring {ring} on {bg} is {ratio:.2}:1, under 3:1 ({f:?})");
}

async fn focus(b: &Browser) -> Focus {
    serde_json::from_value(b.js(FOCUS).await).expect("the focused element")
}

/// Tab from the top: the skip link, then (activated) the main content, then inside it.
async fn skip_link_leads_to_main(b: &Browser, page: &str) {
    b.press(Key::Tab).await;
    let first = focus(b).await;
    assert!(
        first.skip && first.visible,
        "{page}: the first Tab reaches the visible skip link, not {first:?}"
    );
    assert_ring(&first, page);
    b.press(Key::Enter).await;
    let main = focus(b).await;
    assert!(main.main, "{page}: the skip link moves the focus to <main>, not {main:?}");
    b.press(Key::Tab).await;
    let next = focus(b).await;
    assert!(next.in_main, "{page}: after the skip link, Tab goes on inside <main>, not to {next:?}");
}

/// Tabs through the whole page; returns the `data-k` of every element focused.
async fn tab_through(b: &Browser, page: &str, scheme: Scheme) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..400 {
        b.press(Key::Tab).await;
        let f = focus(b).await;
        let Some(k) = f.k.clone() else { break };
        if seen.contains(&k) {
            break;
        }
        assert_ring(&f, &format!("{page} ({scheme:?})"));
        seen.push(k);
    }
    seen
}

#[tokio::test(flavor = "multi_thread")]
async fn the_keyboard_reaches_the_skip_link_first_then_main_and_every_navigation_link() {
    let served = Served::start().await;
    let driver = start_driver();
    for scheme in [Scheme::Light, Scheme::Dark] {
        let b = Browser::start(&driver, scheme).await;
        for (brand, kind) in every_page() {
            let url = served.url(brand, kind.path);
            let page = format!("brand {brand} · {} ({url})", kind.kind);
            b.open(&url).await;
            if kind.skip_link {
                skip_link_leads_to_main(&b, &page).await;
                b.open(&url).await;
            }
            let wanted: Vec<String> = serde_json::from_value(b.js(NUMBER_FOCUSABLES).await).unwrap();
            let seen = tab_through(&b, &page, scheme).await;
            assert!(!seen.is_empty(), "{page}: Tab reaches nothing");
            let missed: Vec<_> = wanted.iter().filter(|k| !seen.contains(k)).collect();
            assert!(missed.is_empty(), "{page}: Tab never reaches switcher/TOC links {missed:?}");
        }
        b.c.close().await.unwrap();
    }
}

#[derive(Debug, Deserialize)]
struct Width {
    inner: u32,
    scroll: u32,
    /// Elements sticking out past the viewport's edges.
    wide: Vec<String>,
}

const WIDTH: &str = "const wide = [...document.querySelectorAll('body *')].filter(e => {\n\
      const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5); })\n\
      .slice(0, 5).map(e => e.outerHTML.slice(0, 160));\n\
    return { inner: innerWidth, scroll: document.documentElement.scrollWidth, wide };";

/// The pages among `pages` (brand, path) wider than 320 CSS px, in a 320 px session.
async fn too_wide(served: &Served, pages: &[(String, String)]) -> Vec<String> {
    let driver = start_driver();
    let b = Browser::sized(&driver, Scheme::Light, 320, 800).await;
    let mut failures = Vec::new();
    for (brand, path) in pages {
        let url = served.url(brand, path);
        b.open(&url).await;
        let w: Width = serde_json::from_value(b.js(WIDTH).await).unwrap();
        assert_eq!(w.inner, 320, "the window is 320 CSS px wide");
        if w.scroll > 320 || !w.wide.is_empty() {
            failures.push(format!("{url}: {} px wide\n    {}", w.scroll, w.wide.join("\n    ")));
        }
    }
    b.c.close().await.unwrap();
    failures
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_reflows_at_320_css_pixels_without_scrolling_sideways() {
    let served = Served::start().await;
    let pages: Vec<_> = every_page().map(|(b, k)| (b.to_string(), k.path.to_string())).collect();
    let failures = too_wide(&served, &pages).await;
    assert!(failures.is_empty(), "pages wider than 320 CSS px:\n{}", failures.join("\n"));
    let served = Served::of(chrome::portal::example).await;
    // Fragments carry no stylesheet by design (README "For product teams"): the product that
    // embeds one lays it out, so a long URL in one may be wider than 320 px on its own.
    let pages: Vec<_> = served.pages().into_iter().filter(|(_, p)| !p.ends_with("/fragment.html")).collect();
    let failures = too_wide(&served, &pages).await;
    assert!(failures.is_empty(), "example portal pages wider than 320 CSS px:\n{}", failures.join("\n"));
}
