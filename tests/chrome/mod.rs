//! Headless Chromium for the accessibility and print tests: chromedriver on a free port, a
//! browser session in the light or the dark colour scheme that can reach 127.0.0.1 only,
//! the fixture portal ([`portal`]) served over HTTP on the brands' own `base_url`, and
//! axe-core injected into a page. Every tool must be installed (`scripts/test.sh` installs
//! them): a missing one fails the test with what to install, it never skips.
#![allow(dead_code)]

pub mod portal;

use crate::common::server::PATIENCE;
use crate::common::Fixture;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder};
use serde::Deserialize;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The axe-core rule tags checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.
pub const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// A chromedriver process, killed when dropped.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free port and waits until it listens.
pub fn start_driver() -> Driver {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(
            std::path::Path::new(tool).exists(),
            "{tool} is missing: install Debian's chromium and chromium-driver (scripts/test.sh does)"
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
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
    Driver { child, port }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

/// A browser session with its own profile, in the light or the dark scheme.
pub struct Browser {
    pub c: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A session at 1280 × 1000 CSS px.
    pub async fn start(driver: &Driver, scheme: Scheme) -> Browser {
        Browser::sized(driver, scheme, 1280, 1000).await
    }

    /// A session whose window is `width` × `height` CSS px.
    pub async fn sized(driver: &Driver, scheme: Scheme, width: u32, height: u32) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            // Nothing but the test's own server: any other host name does not resolve.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={width},{height}"));
        if scheme == Scheme::Dark {
            args.push("--force-dark-mode".into());
            args.push("--blink-settings=preferredColorScheme=0".into());
        }
        let caps =
            serde_json::json!({ "goog:chromeOptions": { "binary": "/usr/bin/chromium", "args": args } });
        let caps = caps.as_object().unwrap().clone().into_iter().collect();
        // chromedriver speaks plain HTTP on loopback; rustls only needs a provider chosen.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let c = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .expect("a browser session");
        let b = Browser { c, _profile: profile };
        if width < 500 {
            // Chromium's windows are at least 500 px wide: a narrower viewport is emulated.
            let metrics = serde_json::json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false });
            b.cdp("Emulation.setDeviceMetricsOverride", metrics).await;
        }
        b.assert_scheme(scheme).await;
        b
    }

    /// Sends a DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &'static str, params: serde_json::Value) -> serde_json::Value {
        self.c.issue_cmd(Cdp { cmd, params }).await.unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    /// Fails unless the page sees `scheme` (so a dark run cannot quietly test light twice).
    async fn assert_scheme(&self, scheme: Scheme) {
        self.c.goto("about:blank").await.unwrap();
        let dark = self.js("return matchMedia('(prefers-color-scheme: dark)').matches").await;
        assert_eq!(dark, serde_json::json!(scheme == Scheme::Dark), "the browser's colour scheme");
    }

    /// Runs `script` (a function body) in the page.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.c.execute(script, vec![]).await.unwrap_or_else(|e| panic!("{e}: {script}"))
    }

    /// Presses and releases one key.
    pub async fn press(&self, key: Key) {
        let k: char = key.into();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: k })
            .then(KeyAction::Up { value: k });
        self.c.perform_actions(keys).await.unwrap();
    }

    /// Opens `url`, waits until it has loaded, and fails unless it is the page asked for:
    /// at that address and answered with 200 (a wrong path would otherwise have its tests
    /// look at a 404 or at Chromium's own error page, and pass).
    pub async fn open(&self, url: &str) {
        self.c.goto(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
        let start = Instant::now();
        while self.js("return document.readyState").await != "complete" {
            assert!(start.elapsed() < PATIENCE, "{url} did not load");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let opened = self
            .js("const n = performance.getEntriesByType('navigation')[0];\n\
                 return [location.href, n ? n.responseStatus : 0];")
            .await;
        assert_eq!(opened, serde_json::json!([url, 200]), "the page opened is not {url}");
    }

    /// The WCAG 2.2 AA violations axe-core finds in the open page.
    pub async fn axe(&self, axe_js: &str) -> Vec<Violation> {
        if self.js("return typeof axe").await != "object" {
            self.js(&format!("{axe_js}\n;return typeof axe")).await;
        }
        let script = format!(
            "const done = arguments[arguments.length - 1];\n\
             axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }}, resultTypes: ['violations'] }})\n\
             .then(r => done(r.violations.map(v => ({{ id: v.id, help: v.help, nodes: v.nodes.map(n => ({{\n\
               target: n.target.join(' '), html: n.html, summary: n.failureSummary || '' }})) }}))))\n\
             .catch(e => done([{{ id: 'axe-error', help: String(e), nodes: [] }}]));",
            tags = serde_json::json!(AXE_TAGS)
        );
        let v = self.c.execute_async(&script, vec![]).await.expect("axe runs");
        serde_json::from_value(v).expect("axe's violations")
    }
}

/// chromedriver's `goog/cdp/execute`: one DevTools Protocol command.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub help: String,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Deserialize)]
pub struct Node {
    pub target: String,
    pub html: String,
    pub summary: String,
}

/// axe-core's browser build, from `AXE_CORE_JS` or where `scripts/test.sh` installs it.
pub fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/node/node_modules/axe-core/axe.min.js")
    });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({}: {e}): run `npm install --prefix target/node axe-core@4` \
             (scripts/test.sh does), or set AXE_CORE_JS to axe.min.js",
            path.display()
        )
    })
}

/// The fixture portal, built and served on 127.0.0.1 while this lives.
pub struct Served {
    pub site: Fixture,
    pub origin: String,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Served {
    /// Builds the test portal ([`portal::build`]) on a free port and serves it there.
    pub async fn start() -> Served {
        Served::of(portal::build).await
    }

    /// Builds the portal `build` writes for an origin on a free port, and serves it there.
    pub async fn of(build: impl FnOnce(&str) -> Fixture) -> Served {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let site = build(&origin);
        without_refresh(&site);
        let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(site.out()));
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Served { site, origin, server }
    }

    /// The URL of `path` in `brand`'s folder.
    pub fn url(&self, brand: &str, path: &str) -> String {
        format!("{}/{brand}/{}", self.origin, page_path(path))
    }

    /// Every page built, as (brand, path below the brand's folder).
    pub fn pages(&self) -> Vec<(String, String)> {
        let out = self.site.out();
        crate::common::html_pages(&out)
            .into_iter()
            .filter_map(|(p, _)| {
                let rel = p.strip_prefix(&out).ok()?.to_string_lossy().replace('\\', "/");
                let (brand, path) = rel.split_once('/')?;
                (path != "index.no-refresh.html").then(|| (brand.to_string(), path.to_string()))
            })
            .collect()
    }
}

/// The path a page is opened at: the brand index's copy without its redirect (see
/// [`without_refresh`]).
fn page_path(path: &str) -> &str {
    if path == "index.html" {
        "index.no-refresh.html"
    } else {
        path
    }
}

/// Each brand index sends the reader on at once (`<meta http-equiv="refresh" content="0;
/// …">`, which WCAG allows with no delay), so a test could never look at it: this writes a
/// copy beside it without that one element, and checks that the element was there.
fn without_refresh(site: &Fixture) {
    let refresh = regex::Regex::new(r#"\n<meta http-equiv="refresh" content="0; url=[^"]+">"#).unwrap();
    for brand in portal::brands_of(site) {
        let html = site.read(&format!("{brand}/index.html"));
        assert_eq!(refresh.find_iter(&html).count(), 1, "{brand}/index.html redirects at once:\n{html}");
        let copy = refresh.replace(&html, "");
        std::fs::write(site.out().join(format!("{brand}/index.no-refresh.html")), copy.as_bytes()).unwrap();
    }
}

/// Every page kind of every brand, as (brand, page kind).
pub fn every_page() -> impl Iterator<Item = (&'static str, &'static portal::PageKind)> {
    portal::BRANDS.iter().flat_map(|(b, _)| portal::PAGE_KINDS.iter().map(move |k| (*b, k)))
}
