//! A real browser (Debian's headless Chromium, driven through chromedriver by fantoccini)
//! reloads an open page by itself after a save, and shows and clears the error overlay.
//! Chromium and chromedriver must be installed (`.ci/run` installs them); without them this
//! test fails, loudly, rather than skipping.

mod common;
use common::server::{Server, PATIENCE};
use common::*;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_driver() -> (Driver, u16) {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(std::path::Path::new(tool).exists(), "{tool} is missing: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    }
    let port = free_port();
    let child = Command::new("/usr/bin/chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < PATIENCE, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(50));
    }
    (Driver(child), port)
}

async fn browser(port: u16, profile: &std::path::Path) -> Client {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let mut args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let caps = serde_json::json!({ "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args } });
    let caps = caps.as_object().unwrap().clone().into_iter().collect();
    // chromedriver speaks plain HTTP on loopback; rustls only needs a provider chosen.
    let _ = rustls::crypto::ring::default_provider().install_default();
    ClientBuilder::rustls()
        .expect("tls")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session")
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
    let (_driver, port) = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = browser(port, profile.path()).await;
    c.goto(&server.url("/acme/en/legal/privacy/")).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "Acme Cloud Privacy Policy");
    // A mark that only a reload removes.
    c.execute("window.clauseMark = 1; return 1;", vec![]).await.unwrap();
    until("the event stream to open", || async {
        c.execute("return document.readyState", vec![])
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s == "complete"))
            .unwrap_or(false)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    site.write(
        "content/en/legal/privacy.md",
        &PRIVACY_EN.replace("{{channelName}} Privacy Policy", "{{channelName}} Revised Policy"),
    );
    until("the page to reload with the new title", || async {
        text_of(&c, "h1").await == "Acme Cloud Revised Policy"
    })
    .await;
    let mark = c.execute("return window.clauseMark === undefined", vec![]).await.unwrap();
    assert_eq!(mark, serde_json::json!(true), "the page was reloaded, not patched");

    site.write("content/en/legal/privacy.md", "+++\ntitle = \"x\"\n+++\n\n{{noSuchValue}}\n");
    until("the error overlay", || async {
        text_of(&c, "#clause-error-overlay").await.contains("noSuchValue")
    })
    .await;
    assert_eq!(text_of(&c, "h1").await, "Acme Cloud Revised Policy", "the last good page stays");

    site.write("content/en/legal/privacy.md", PRIVACY_EN);
    until("the overlay to clear and the page to reload", || async {
        text_of(&c, "#clause-error-overlay").await.is_empty()
            && text_of(&c, "h1").await == "Acme Cloud Privacy Policy"
    })
    .await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_page_shows_the_example_portals_gaps_in_chromium() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clause"));
    cmd.args(["check", "--format", "html", "--root", env!("CARGO_MANIFEST_DIR")]);
    let out = cmd.output().expect("clause runs");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("status.html");
    std::fs::write(&file, &out.stdout).unwrap();
    let (_driver, port) = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let c = browser(port, profile.path()).await;
    c.goto(&format!("file://{}", file.display())).await.unwrap();
    assert_eq!(text_of(&c, "h1").await, "Translation status");
    let cell = |locale: &str| {
        format!("#matrix td[data-key=\"agreement/terms-of-service\"][data-locale=\"{locale}\"]")
    };
    for locale in ["ja", "zh-CN"] {
        let text = text_of(&c, &cell(locale)).await;
        assert!(text.contains("missing"), "{locale}: {text}");
        assert!(
            text.contains("translate content/en/agreement/terms-of-service.md"),
            "names the source file: {text}"
        );
    }
    let privacy = text_of(&c, "#matrix td[data-key=\"agreement/privacy-policy\"][data-locale=\"ja\"]").await;
    assert!(privacy.contains("translated"), "{privacy}");
    let headers = c.find_all(Locator::Css("#matrix thead th")).await.unwrap();
    assert_eq!(headers.len(), 5, "document, ar, en, ja, zh-CN");
    let findings = text_of(&c, "ul.findings").await;
    assert!(findings.contains("content/zh-CN/agreement/privacy-policy.md:189"), "{findings}");
    c.close().await.unwrap();
}
