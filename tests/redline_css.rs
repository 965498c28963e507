//! The default theme's redline styles (SPEC §6), ahead of the redline pages themselves: a
//! document page of the test portal with its body swapped for the markup the theme expects
//! (README, "Accessibility and print") passes axe-core in light and dark, marks inserted and
//! deleted text by underline and strike-through (on screen and on paper, so without colour),
//! and says "inserted"/"deleted" to screen readers in text that takes no room on screen. Once
//! the redline page kind exists (`changes/<date>/`), it joins `PAGE_KINDS` and this sample
//! can go.

mod chrome;
mod common;

use chrome::{axe_source, start_driver, Browser, Scheme, Served};

const REDLINE: &str = r#"<div class="document-body">
<p id="clause-1.1" class="clause"><span class="clause-number">1.1</span> We keep your data for <del><span class="visually-hidden">deleted: </span>ten</del><ins><span class="visually-hidden">inserted: </span>five</ins> years.</p>
<div class="block-added"><p id="clause-1.2" class="clause"><span class="visually-hidden">inserted: </span><span class="clause-number">1.2</span> A new clause, with <a href="https://regulator.example/">a link</a>.</p></div>
<div class="block-removed"><p><span class="visually-hidden">deleted: </span>An old paragraph.</p></div>
</div>"#;

/// The privacy page of `brand` with its body replaced by [`REDLINE`], written beside it.
fn write_sample(served: &Served, brand: &str) -> String {
    let page = served.site.read(&format!("{brand}/en/legal/privacy/index.html"));
    let start = page.find("<div class=\"document-body\">").expect("a document body");
    let end = page[start..].find("\n</div>\n</article>").expect("its end") + start + "\n</div>".len();
    let sample = format!("{}{REDLINE}{}", &page[..start], &page[end..]);
    let path = format!("{brand}/en/legal/privacy/redline-sample.html");
    std::fs::write(served.site.out().join(&path), sample).unwrap();
    served.url(brand, "en/legal/privacy/redline-sample.html")
}

/// (text-decoration-line of `ins`, of `del`, of the removed block's paragraph, the width of
/// a visually hidden span, the page's text as a screen reader would get it).
const MARKS: &str = "const d = s => getComputedStyle(document.querySelector(s)).textDecorationLine;\n\
    return [d('ins'), d('del'), d('.block-removed p'),\n\
      document.querySelector('.visually-hidden').getBoundingClientRect().width,\n\
      document.querySelector('.document-body').textContent];";

async fn assert_marked(b: &Browser, url: &str, medium: &str) {
    let v = b.js(MARKS).await;
    assert_eq!(v[0], "underline", "{url} ({medium}): <ins> is underlined");
    assert_eq!(v[1], "line-through", "{url} ({medium}): <del> is struck through");
    assert_eq!(v[2], "line-through", "{url} ({medium}): a removed block is struck through");
    assert!(v[3].as_f64().unwrap() <= 1.0, "{url}: the announcement takes no room");
    let text = v[4].as_str().unwrap();
    assert!(text.contains("deleted: ten") && text.contains("inserted: five"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn redline_marks_read_without_colour_and_pass_axe_in_light_and_dark() {
    let served = Served::start().await;
    let driver = start_driver();
    let axe = axe_source();
    let mut failures = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        let b = Browser::start(&driver, scheme).await;
        for (brand, _) in chrome::portal::BRANDS {
            let url = write_sample(&served, brand);
            b.open(&url).await;
            for v in b.axe(&axe).await {
                let nodes: Vec<_> = v.nodes.iter().map(|n| format!("{}: {}", n.target, n.summary)).collect();
                failures.push(format!(
                    "{scheme:?} {url}: {} — {}\n    {}",
                    v.id,
                    v.help,
                    nodes.join("\n    ")
                ));
            }
            assert_marked(&b, &url, "screen").await;
            b.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "media": "print" })).await;
            assert_marked(&b, &url, "print").await;
            b.cdp("Emulation.setEmulatedMedia", serde_json::json!({ "media": "" })).await;
        }
        b.c.close().await.unwrap();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
