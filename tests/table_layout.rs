//! A table in a legal text keeps its words whole at desktop width (a real portal showed
//! "Researcher|s" at 1200 px), still breaks a URL that would not fit, and on a phone still
//! fits the page. Measured in headless Chromium: a word of a cell split over two lines has
//! client rectangles on two lines.

mod chrome;
mod common;

use chrome::{start_driver, Browser, Scheme, Served};
use common::Fixture;
use serde::Deserialize;

const SITE: &str = r#"title = "Legal"
default_locale = "en"

[brands.acme]
base_url = "ORIGIN/acme"
"#;

/// A sub-processor table as real privacy notices have them: six columns of long words, and
/// a URL longer than any column can be.
const PRIVACY: &str = "+++\ntitle = \"Privacy\"\n+++\n\n## 1. Recipients\n\n\
| Category of recipients | Researchers | Purpose of processing | Location | Safeguards | Retention |\n\
|---|---|---|---|---|---|\n\
| Researchers and academics | Universities | Understanding platform usage | United States | Standard Contractual Clauses | Indefinitely |\n\
| Infrastructure providers | Hosting | Storage and computation | Frankfurt am Main, Germany | Adequacy decision | Until deletion |\n\
| Mailer Ltd. | Email | Transactional electronic mail | Dublin | <https://mailer.example/contact/data-protection-officer> | Thirty days |\n";

fn portal(origin: &str) -> Fixture {
    let site = Fixture::new(&[
        ("site.toml", &SITE.replace("ORIGIN", origin)),
        ("content/en/legal/privacy.md", PRIVACY),
    ]);
    site.build().ok();
    site
}

#[derive(Debug, Deserialize)]
struct Layout {
    /// The words of the table's cells (outside links and code) that lie on two lines.
    split: Vec<String>,
    /// How many words were measured.
    words: usize,
    /// The page's width and the viewport's.
    scroll: u32,
    inner: u32,
}

const MEASURE: &str = r#"const split = []; let words = 0;
for (const cell of document.querySelectorAll('main td, main th')) {
  const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (n.parentElement.closest('a, code')) continue;
    for (const m of n.data.matchAll(/\S+/g)) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      words += 1;
      if (lines.size > 1) split.push(m[0]);
    }
  }
}
return { split, words, scroll: document.documentElement.scrollWidth, inner: innerWidth };"#;

async fn layout(served: &Served, width: u32) -> Layout {
    let driver = start_driver();
    let b = Browser::sized(&driver, Scheme::Light, width, 900).await;
    b.open(&served.url("acme", "en/legal/privacy/index.html")).await;
    let layout: Layout = serde_json::from_value(b.js(MEASURE).await).unwrap();
    b.c.close().await.unwrap();
    layout
}

#[tokio::test(flavor = "multi_thread")]
async fn no_word_of_a_table_cell_is_split_at_1200_px() {
    let served = Served::of(portal).await;
    let wide = layout(&served, 1200).await;
    assert_eq!(wide.inner, 1200);
    assert!(wide.words > 40, "the table was measured: {wide:?}");
    assert!(wide.split.is_empty(), "words split over two lines at 1200 px: {:?}", wide.split);
    assert!(wide.scroll <= wide.inner, "the URL wraps rather than widen the page: {wide:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_table_fits_a_phone() {
    let served = Served::of(portal).await;
    let narrow = layout(&served, 320).await;
    assert_eq!(narrow.inner, 320);
    assert!(narrow.scroll <= 320, "the page scrolls sideways at 320 px: {narrow:?}");
}
