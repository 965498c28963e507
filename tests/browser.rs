//! A real browser (Debian's headless Chromium, driven through chromedriver by fantoccini)
//! reloads an open page by itself after a save, and shows and clears the error overlay.
//! Chromium and chromedriver must be installed (`.ci/run` installs them); without them this
//! test fails, loudly, rather than skipping.

mod chrome;
mod common;
use chrome::{start_driver, Browser, Scheme};
use common::server::{Server, PATIENCE};
use common::*;
use fantoccini::{Client, Locator};
use std::process::Command;
use std::time::{Duration, Instant};

/// Run in every page before its own scripts: keeps the page's `EventSource` (livereload.js
/// holds it in a closure) where the test can ask whether it is open.
const WATCH_EVENTS: &str = "(() => { const Real = window.EventSource;\n\
    window.EventSource = function (url, init) { const e = new Real(url, init); window.clauseEvents = e; return e; };\n\
    window.EventSource.prototype = Real.prototype; })();";

/// Waits until the open page's event stream is open: serve has subscribed it to rebuilds,
/// so no save made from now on can go unannounced.
async fn events_open(c: &Client) {
    until("the event stream to open", || async {
        let open = c.execute("return !!window.clauseEvents && window.clauseEvents.readyState === 1", vec![]);
        open.await.ok() == Some(serde_json::json!(true))
    })
    .await;
}

/// Polls `f` until it returns true.
async fn until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while !f().await {
        assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_open_page_reloads_itself_after_a_save_and_shows_errors() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    let driver = start_driver();
    let b = Browser::start(&driver, Scheme::Light).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": WATCH_EVENTS })).await;
    let c = &b.c;
    b.open(&server.url("/acme/en/legal/privacy/")).await;
    assert_eq!(text_of(c, "h1").await, "Acme Cloud Privacy Policy");
    // A mark that only a reload removes.
    c.execute("window.clauseMark = 1; return 1;", vec![]).await.unwrap();
    events_open(c).await;

    site.write(
        "content/en/legal/privacy.md",
        &PRIVACY_EN.replace("{{channelName}} Privacy Policy", "{{channelName}} Revised Policy"),
    );
    until("the page to reload with the new title", || async {
        text_of(c, "h1").await == "Acme Cloud Revised Policy"
    })
    .await;
    let mark = c.execute("return window.clauseMark === undefined", vec![]).await.unwrap();
    assert_eq!(mark, serde_json::json!(true), "the page was reloaded, not patched");
    events_open(c).await;

    site.write("content/en/legal/privacy.md", "+++\ntitle = \"x\"\n+++\n\n{{noSuchValue}}\n");
    until("the error overlay", || async {
        text_of(c, "#clause-error-overlay").await.contains("noSuchValue")
    })
    .await;
    assert_eq!(text_of(c, "h1").await, "Acme Cloud Revised Policy", "the last good page stays");

    site.write("content/en/legal/privacy.md", PRIVACY_EN);
    until("the overlay to clear and the page to reload", || async {
        text_of(c, "#clause-error-overlay").await.is_empty()
            && text_of(c, "h1").await == "Acme Cloud Privacy Policy"
    })
    .await;
    b.c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_page_shows_the_example_portals_gaps_in_chromium() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clause"));
    cmd.args(["check", "--format", "html", "--root", env!("CARGO_MANIFEST_DIR")]);
    let out = cmd.output().expect("clause runs");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("status.html");
    std::fs::write(&file, &out.stdout).unwrap();
    let driver = start_driver();
    let b = Browser::start(&driver, Scheme::Light).await;
    let c = &b.c;
    c.goto(&format!("file://{}", file.display())).await.unwrap();
    assert_eq!(text_of(c, "h1").await, "Translation status");
    let cell = |locale: &str| {
        format!("#matrix td[data-key=\"agreement/terms-of-service\"][data-locale=\"{locale}\"]")
    };
    for locale in ["ja", "zh-CN"] {
        let text = text_of(c, &cell(locale)).await;
        assert!(text.contains("missing"), "{locale}: {text}");
        assert!(
            text.contains("translate content/en/agreement/terms-of-service.md"),
            "names the source file: {text}"
        );
    }
    let privacy = text_of(c, "#matrix td[data-key=\"agreement/privacy-policy\"][data-locale=\"ja\"]").await;
    assert!(privacy.contains("translated"), "{privacy}");
    let headers = c.find_all(Locator::Css("#matrix thead th")).await.unwrap();
    assert_eq!(headers.len(), 5, "document, ar, en, ja, zh-CN");
    let findings = text_of(c, "ul.findings").await;
    assert!(findings.contains("content/zh-CN/agreement/privacy-policy.md:189"), "{findings}");
    b.c.close().await.unwrap();
}
