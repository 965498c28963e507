//! The default theme's redline styles (SPEC §6) measured on the real redline pages of the test
//! portal (`chrome/portal.rs`, whose newer privacy policy changes words, adds clauses and
//! removes one): every word inserted is underlined and every word deleted or in a removed
//! block struck through, on screen and on paper (so without colour), in the light and the dark
//! colour scheme; each `<ins>` and `<del>` opens with its "inserted: "/"deleted: " for screen
//! readers, in text that takes no room on screen. axe-core checks these pages with every
//! other page kind (`tests/a11y.rs` walks `PAGE_KINDS`, which holds the redlines).

mod chrome;
mod common;

use chrome::{start_driver, Browser, Scheme, Served};
use serde::Deserialize;

/// The redlines of the portal that hold every kind of mark.
const REDLINES: [&str; 2] =
    ["en/legal/privacy/changes/2099-01-01/index.html", "en/legal/privacy/changes/2024-03-01/index.html"];

#[derive(Debug, Deserialize)]
struct Marks {
    /// Text inside a mark that is not decorated as the mark says (by the mark or by any
    /// element around it: a decoration reaches every word inside).
    undecorated: Vec<String>,
    /// Marks that do not open with their visually hidden announcement.
    unannounced: Vec<String>,
    /// Widths of the visually hidden announcements wider than 1 px.
    wide: Vec<f64>,
    /// How many `ins`, `del`, `.block-added`, `.block-removed` the body holds.
    counts: [usize; 4],
    /// The body's text as a screen reader gets it.
    text: String,
}

const MARKS: &str = "const body = document.querySelector('.document-body');\n\
    const decorated = (t, line) => { for (let e = t.parentElement; e && e !== body; e = e.parentElement)\n\
      if (getComputedStyle(e).textDecorationLine.includes(line)) return true; return false; };\n\
    const texts = root => { const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), out = [];\n\
      while (w.nextNode()) { const t = w.currentNode;\n\
        if (t.textContent.trim() && !t.parentElement.closest('.visually-hidden')) out.push(t); } return out; };\n\
    const undecorated = [];\n\
    for (const [sel, line] of [['ins', 'underline'], ['del', 'line-through'], ['.block-removed', 'line-through']])\n\
      body.querySelectorAll(sel).forEach(m => texts(m).forEach(t => {\n\
        if (!decorated(t, line)) undecorated.push(sel + ' not ' + line + ': ' + t.textContent.trim().slice(0, 60)); }));\n\
    const unannounced = [...body.querySelectorAll('ins, del')].filter(m => {\n\
      const f = m.firstChild, want = m.localName === 'ins' ? 'inserted: ' : 'deleted: ';\n\
      return !(f && f.nodeType === 1 && f.classList.contains('visually-hidden') && f.textContent === want); })\n\
      .map(m => m.outerHTML.slice(0, 100));\n\
    const wide = [...body.querySelectorAll('.visually-hidden')].map(e => e.getBoundingClientRect().width).filter(w => w > 1);\n\
    return { undecorated, unannounced, wide,\n\
      counts: ['ins', 'del', '.block-added', '.block-removed'].map(s => body.querySelectorAll(s).length),\n\
      text: body.textContent };";

async fn assert_marked(b: &Browser, url: &str, medium: &str) -> Marks {
    let m: Marks = serde_json::from_value(b.js(MARKS).await).unwrap();
    assert!(m.undecorated.is_empty(), "{url} ({medium}): {:?}", m.undecorated);
    assert!(m.unannounced.is_empty(), "{url} ({medium}): {:?}", m.unannounced);
    assert!(m.wide.is_empty(), "{url} ({medium}): an announcement takes room: {:?}", m.wide);
    m
}

#[tokio::test(flavor = "multi_thread")]
async fn redline_marks_read_without_colour_on_screen_and_in_print_in_light_and_dark() {
    let served = Served::start().await;
    let driver = start_driver();
    let mut measured = 0;
    for scheme in [Scheme::Light, Scheme::Dark] {
        let b = Browser::start(&driver, scheme).await;
        for (brand, _) in chrome::portal::BRANDS {
            for path in REDLINES {
                let url = served.url(brand, path);
                b.open(&url).await;
                let screen = assert_marked(&b, &url, "screen").await;
                b.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "media": "print" })).await;
                assert_marked(&b, &url, "print").await;
                b.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "media": "" })).await;
                if path == REDLINES[0] {
                    assert!(
                        screen.counts.iter().all(|&n| n > 0),
                        "{url}: every kind of mark: {:?}",
                        screen.counts
                    );
                    let text = &screen.text;
                    assert!(
                        text.contains("deleted: thirty") && text.contains("inserted: fourteen"),
                        "{text}"
                    );
                }
                measured += 1;
            }
        }
        b.c.close().await.unwrap();
    }
    assert_eq!(measured, 2 * 4 * REDLINES.len());
}
