//! `clause serve`: builds into a private folder and serves it over HTTP (axum and
//! tower-http's `ServeDir`), `/` listing the brands. With `--watch` it rebuilds on every
//! change, tells open pages over server-sent events to reload (or to swap stylesheets, or to
//! show a build error over the page), and never exits on a content error: the last good
//! pages stay served. `/__clause/status` is `check`'s status page, made again after every
//! rebuild (on the first request that follows it).

use crate::commands::session::{Outcome, Session};
use crate::commands::watch::{self, Batch};
use crate::diag::Diagnostic;
use crate::site::selection::Selection;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};
use tower_http::services::ServeDir;

const LIVERELOAD_JS: &str = include_str!("../../assets/livereload.js");
const SCRIPT_TAG: &str = "<script src=\"/__clause/livereload.js\" defer></script>";

/// What `clause serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub brands: Vec<String>,
    pub watch: bool,
    /// The date the site is built for; `None`: SOURCE_DATE_EPOCH's, else today.
    pub as_of: Option<crate::content::frontmatter::Date>,
}

/// What the HTTP handlers share.
#[derive(Clone)]
struct AppState {
    dir: PathBuf,
    watch: bool,
    events: broadcast::Sender<String>,
    /// The current build error as an event, sent first to every new page.
    status: Arc<Mutex<Option<String>>>,
    root: PathBuf,
    /// Rebuilds so far, and the status page with the rebuild it was made after.
    rebuilds: Arc<std::sync::atomic::AtomicU64>,
    status_page: Arc<Mutex<Option<(u64, String)>>>,
    /// The date the site is built for, which the status page is checked for too.
    as_of: Option<crate::content::frontmatter::Date>,
}

const STATUS_PATH: &str = "/__clause/status";

/// How long requests under way may take to finish once `serve` is told to stop.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_millis(500);

/// Runs the server until Ctrl-C (or SIGTERM, SIGHUP); returns the exit code.
pub fn serve(mut opts: ServeOptions) -> i32 {
    // Watched paths arrive absolute: compare them with an absolute root.
    opts.root = std::fs::canonicalize(&opts.root).unwrap_or(opts.root);
    let dir = match crate::output::serve_dir::create() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot create the folder to serve from: {e}");
            return 1;
        }
    };
    let selection = Selection { brands: opts.brands.clone(), as_of: opts.as_of, ..Selection::default() };
    let mut session = Session::new(&opts.root, selection, dir.path());
    let (events, _) = broadcast::channel(64);
    let state = AppState {
        dir: dir.path().to_path_buf(),
        watch: opts.watch,
        events,
        status: Arc::default(),
        root: opts.root.clone(),
        rebuilds: Arc::default(),
        status_page: Arc::default(),
        as_of: opts.as_of,
    };
    let first = session.rebuild(None);
    report(&first, &state);
    if matches!(first, Outcome::Failed(_)) && !opts.watch {
        return 1;
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return 1;
        }
    };
    let watcher = opts.watch.then(|| start_watching(&opts.root, session, state.clone()));
    let code = runtime.block_on(run_server(&opts, state));
    drop(watcher);
    code
}

/// The watcher, and the thread that rebuilds on each batch it sends.
fn start_watching(root: &Path, mut session: Session, state: AppState) -> Option<impl Drop> {
    let (tx, rx) = mpsc::channel::<Batch>();
    let output = crate::config::settings::Config::load(root)
        .map_or_else(|_| root.join("public"), |c| root.join(c.output_dir));
    let debouncer = match watch::watch(root, &output, tx) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot watch {}: {e}", root.display());
            return None;
        }
    };
    std::thread::spawn(move || {
        while let Ok(mut batch) = rx.recv() {
            // Fold batches that queued up during the last rebuild into one.
            while let Ok(more) = rx.try_recv() {
                batch.paths.extend(more.paths);
            }
            let outcome = session.rebuild(Some(&batch));
            report(&outcome, &state);
        }
    });
    Some(debouncer)
}

/// Prints a rebuild's result and tells open pages.
fn report(outcome: &Outcome, state: &AppState) {
    state.rebuilds.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let mut status = state.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match outcome {
        Outcome::Built { changed, rendered, elapsed } => {
            println!(
                "rebuilt: {} files changed of {rendered} rendered in {} ms",
                changed.len(),
                elapsed.as_millis()
            );
            *status = None;
            let _ = state.events.send(r#"{"type":"ok"}"#.to_string());
            let event = if outcome.css_only() {
                serde_json::json!({ "type": "css" })
            } else {
                let mut paths: Vec<String> = changed.iter().map(|p| format!("/{p}")).collect();
                paths.push(STATUS_PATH.to_string());
                serde_json::json!({ "type": "reload", "paths": paths })
            };
            let _ = state.events.send(event.to_string());
        }
        Outcome::Failed(diags) => {
            let text = diags.iter().map(Diagnostic::to_string).collect::<Vec<_>>().join("\n");
            eprintln!("{text}\nthe last good build is still served");
            let event = serde_json::json!({ "type": "error", "text": text }).to_string();
            *status = Some(event.clone());
            let _ = state.events.send(event);
        }
    }
}

async fn run_server(opts: &ServeOptions, state: AppState) -> i32 {
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            return 1;
        }
    };
    let local = listener.local_addr().unwrap_or(addr);
    println!("serving http://{local}/ (Ctrl-C to stop)");
    let app = router(state);
    let stopping = Arc::new(tokio::sync::Notify::new());
    let signalled = stopping.clone();
    let shutdown = async move {
        crate::output::serve_dir::stop_signal().await;
        signalled.notify_one();
    };
    let server = axum::serve(listener, app).with_graceful_shutdown(shutdown);
    // An open page keeps its event stream open for as long as it is open, which a graceful
    // shutdown would wait for: requests under way get a moment to finish, then serve stops.
    let deadline = async move {
        stopping.notified().await;
        tokio::time::sleep(STOP_GRACE).await;
    };
    let result = tokio::select! {
        r = server => r,
        () = deadline => Ok(()),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn router(state: AppState) -> Router {
    let files = ServeDir::new(&state.dir).append_index_html_on_directories(true);
    Router::new()
        .route("/", get(brand_list))
        .route("/__clause/events", get(events))
        .route(STATUS_PATH, get(status_page))
        .route("/__clause/livereload.js", get(script))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(state.clone(), inject_script))
        .layer(middleware::from_fn(refuse_outside))
        .with_state(state)
}

/// `/`: a link to each brand built.
async fn brand_list(State(state): State<AppState>) -> Html<String> {
    let mut brands: Vec<String> = std::fs::read_dir(&state.dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    brands.sort();
    let mut items = String::new();
    for b in &brands {
        let mut escaped = String::new();
        crate::content::fill::escape_html(&mut escaped, b);
        items.push_str(&format!("<li><a href=\"/{escaped}/\">{escaped}</a></li>\n"));
    }
    Html(format!("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>clause serve</title></head>\n<body><h1>Brands</h1>\n<ul>\n{items}</ul>\n<p><a href=\"{STATUS_PATH}\">Translation status</a> (clause check as a page)</p></body></html>\n"))
}

/// `check`'s status page, made again when a rebuild happened since it was last made.
async fn status_page(State(state): State<AppState>) -> Response {
    let made = tokio::task::spawn_blocking(move || {
        let now = state.rebuilds.load(std::sync::atomic::Ordering::SeqCst);
        let mut cached = state.status_page.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, page)) = cached.as_ref().filter(|(at, _)| *at == now) {
            return Ok::<_, String>((*at, page.clone()));
        }
        let report = crate::check::check(&state.root, state.as_of).map_err(|e| e.to_string())?;
        let page = crate::check::status_page::to_html(&report, &state.root).map_err(|e| e.to_string())?;
        *cached = Some((now, page.clone()));
        Ok((now, page))
    })
    .await;
    match made {
        Ok(Ok((_, page))) => ([(header::CACHE_CONTROL, "no-store")], Html(page)).into_response(),
        Ok(Err(e)) => {
            (StatusCode::INTERNAL_SERVER_ERROR, format!("cannot make the status page: {e}\n")).into_response()
        }
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "cannot make the status page\n").into_response(),
    }
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        LIVERELOAD_JS,
    )
}

/// The event stream: the current error (if any) first, then every rebuild's event.
async fn events(State(state): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.events.subscribe();
    let current = state.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
    let first = tokio_stream::iter(current.map(|e| Ok(Event::default().data(e))));
    let rest = BroadcastStream::new(receiver).filter_map(|m| m.ok().map(|e| Ok(Event::default().data(e))));
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

/// Adds the live-reload script to HTML pages (only with `--watch`; never to built files).
/// A version's `fragment.html` is data, served as built: its bytes are what `sha256` in
/// versions.json hashes, and products embed it.
async fn inject_script(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let fragment = request.uri().path().ends_with("/fragment.html");
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !state.watch || !is_html || fragment {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 256 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let injected = match html.find("</head>") {
        Some(i) => format!("{}{SCRIPT_TAG}{}", &html[..i], &html[i..]),
        None => format!("{html}{SCRIPT_TAG}"),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(injected))
}

/// Refuses any path that could name something outside the output folder.
async fn refuse_outside(request: Request, next: Next) -> Response {
    if is_unsafe_path(request.uri().path()) {
        return (StatusCode::FORBIDDEN, "refused: outside the served folder\n").into_response();
    }
    next.run(request).await
}

/// A path with `..` or `.` segments, backslashes or NUL, in any percent-encoding depth.
pub fn is_unsafe_path(path: &str) -> bool {
    let mut current = path.to_string();
    for _ in 0..4 {
        let bad = current.contains('\\')
            || current.contains('\0')
            || current.starts_with("//")
            || current.split('/').any(|s| s == ".." || s == ".");
        if bad {
            return true;
        }
        let decoded = percent_encoding::percent_decode_str(&current).decode_utf8_lossy().into_owned();
        if decoded == current {
            return false;
        }
        current = decoded;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::is_unsafe_path;

    #[test]
    fn traversal_in_every_encoding_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/acme/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fx",
            "/acme/%252e%252e/x",
            "/a/..%5c..%5cx",
            "//etc/passwd",
            "/a/./b",
            "/a%00b",
            "/a\\b",
        ] {
            assert!(is_unsafe_path(bad), "{bad}");
        }
        for ok in ["/", "/acme/en/index.html", "/acme/en/legal/privacy/", "/a/b..c/x", "/a/%E4%B8%AD"] {
            assert!(!is_unsafe_path(ok), "{ok}");
        }
    }
}
