//! `clause serve --watch` over real HTTP: edits show up and reload open pages, mistakes show
//! in the page and fixes clear them, new locales and brands appear without a restart, and
//! nothing outside the output is ever served.

mod common;
use common::server::{events_until, wait_event, Server};
use common::*;

#[test]
fn an_edit_is_served_and_announced_to_open_pages() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    let page = server.wait_for("/acme/en/legal/privacy/", "This policy applies");
    assert!(
        page.contains("<script src=\"/__clause/livereload.js\" defer></script></head>"),
        "serve adds the reload script"
    );
    let events = server.events();
    site.write(
        "content/en/legal/privacy.md",
        &PRIVACY_EN.replace("This policy applies", "This amended policy applies"),
    );
    let seen = every_event_of_the_change(
        &site,
        &events,
        &["\"reload\"", "/acme/en/legal/privacy/index.html", "/beta/en/legal/privacy/index.html"],
    );
    assert!(
        seen.iter().all(|e| !e.contains("/acme/zh-CN/legal/privacy/index.html")),
        "the zh-CN page has its own file: {seen:?}"
    );
    let page = server.wait_for("/acme/en/legal/privacy/", "This amended policy applies");
    assert!(page.contains("Acme Cloud"));
    let (_, script) = server.get("/__clause/livereload.js");
    assert!(script.contains("EventSource"));
}

/// Every event a change made (up to and past the one with all of `needles`): rebuilds run
/// one after another, so once a later change, to a stylesheet alone, is announced, every
/// event of the first has arrived.
fn every_event_of_the_change(
    site: &Fixture,
    rx: &std::sync::mpsc::Receiver<String>,
    needles: &[&str],
) -> Vec<String> {
    let mut seen = events_until(rx, needles);
    site.write("static/fence.css", "/* a later change */");
    seen.extend(events_until(rx, &["\"css\""]));
    seen
}

#[test]
fn the_built_files_never_carry_the_reload_script() {
    let site = small_site();
    site.build().ok();
    assert!(!site.read("acme/en/legal/privacy/index.html").contains("livereload"));
}

#[test]
fn a_mistake_shows_in_the_page_and_the_fix_clears_it() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    server.wait_for("/acme/en/legal/terms/", "Back to the");
    let events = server.events();
    site.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\n+++\n\nCall {{supportNumbr}}.\n");
    let e = wait_event(&events, &["\"error\""]);
    assert!(e.contains("content/en/legal/terms.md:5:6"), "{e}");
    assert!(e.contains("supportNumbr"));
    let (code, page) = server.get("/acme/en/legal/terms/");
    assert_eq!(code, 200);
    assert!(page.contains("Back to the"), "the last good page stays served");
    // A page opened now learns of the error at once.
    let late = server.events();
    wait_event(&late, &["\"error\"", "supportNumbr"]);
    site.write("content/en/legal/terms.md", "+++\ntitle = \"Terms\"\n+++\n\nCall us.\n");
    wait_event(&events, &["\"ok\""]);
    wait_event(&events, &["\"reload\"", "/acme/en/legal/terms/index.html"]);
    server.wait_for("/acme/en/legal/terms/", "Call us.");
}

#[test]
fn a_new_locale_folder_and_a_new_brand_appear_without_a_restart() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    server.wait_for("/", "acme");
    site.write(
        "content/fr/legal/privacy.md",
        "+++\ntitle = \"Politique de {{channelName}}\"\n+++\n\n1.1 Bonjour.\n",
    );
    server.wait_for("/acme/fr/legal/privacy/", "Politique de Acme Cloud");
    server.wait_for("/acme/fr/legal/terms/", "Back to the");
    site.write("site.toml", &format!("{SITE_TOML}\n[brands.gamma]\nbase_url = \"https://gamma.example\"\n[brands.gamma.vars]\nchannelName = \"Gamma\"\ncompanyName = \"G\"\nsupportMail = \"g@g\"\nconsoleURLwithoutHttp = \"g.example\"\n"));
    server.wait_for("/", "gamma");
    server.wait_for("/gamma/en/legal/privacy/", "operated by G.");
}

#[test]
fn an_atomic_save_is_seen() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    server.wait_for("/acme/en/legal/terms/", "Back to the");
    // An editor's save: write a temporary file beside, rename it over the document.
    site.write("content/en/legal/.terms.md.tmp", "+++\ntitle = \"Terms\"\n+++\n\nSaved atomically.\n");
    std::fs::rename(
        site.root().join("content/en/legal/.terms.md.tmp"),
        site.root().join("content/en/legal/terms.md"),
    )
    .unwrap();
    server.wait_for("/acme/en/legal/terms/", "Saved atomically.");
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    server.wait_for("/acme/style.css", "clause default theme");
    let events = server.events();
    site.write("static/style.css", "body { color: purple }");
    wait_event(&events, &["\"css\""]);
    server.wait_for("/acme/style.css", "purple");
}

#[test]
fn requests_outside_the_output_are_refused() {
    let site = small_site();
    site.write("secret.txt", "TOP-SECRET");
    let server = Server::start(site.root(), &[]);
    assert!(server.addr.starts_with("127.0.0.1:"), "loopback by default");
    server.wait_for("/acme/", "refresh");
    for target in [
        "/../secret.txt",
        "/acme/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/acme/%2E%2E/%2E%2E/secret.txt",
        "/acme/%252e%252e/%252e%252e/secret.txt",
        "/..%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2F%2Fetc%2Fpasswd",
        "/../../../../../../etc/passwd",
        "/acme/..%2F..%2Fsite.toml",
    ] {
        let response = server.raw(target);
        let status = response.split(' ').nth(1).unwrap_or("");
        assert!(status == "403" || status == "404" || status == "400", "{target}: {response}");
        assert!(
            !response.contains("TOP-SECRET") && !response.contains("root:") && !response.contains("[brands"),
            "{target} leaked"
        );
    }
    let (code, _) = server.get("/site.toml");
    assert_eq!(code, 404, "the site's own files are not served");
    let long = format!("/{}", "a/".repeat(5000));
    let response = server.raw(&long);
    assert!(!response.is_empty());
    assert_eq!(server.get("/acme/").0, 200, "still serving");
}

#[test]
fn brand_limits_the_build_and_the_list() {
    let site = small_site();
    let server = Server::start(site.root(), &["--brand", "beta"]);
    let (_, list) = server.get("/");
    assert!(list.contains("/beta/") && !list.contains("/acme/"), "{list}");
    assert_eq!(server.get("/acme/en/legal/privacy/").0, 404);
}

#[test]
fn concurrent_requests_during_rebuilds_get_whole_pages() {
    let site = small_site();
    let server = std::sync::Arc::new(Server::start(site.root(), &[]));
    server.wait_for("/acme/en/legal/privacy/", "This policy applies");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let (server, stop) = (server.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut seen = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let (code, body) = server.get("/acme/en/legal/privacy/");
                    assert_eq!(code, 200);
                    assert!(body.trim_end().ends_with("</html>"), "a torn page: {} bytes", body.len());
                    assert!(
                        body.contains("This policy applies") || body.contains("Revision"),
                        "neither old nor new"
                    );
                    seen += 1;
                }
                seen
            })
        })
        .collect();
    for i in 0..20 {
        site.write(
            "content/en/legal/privacy.md",
            &PRIVACY_EN.replace("This policy applies", &format!("Revision {i} applies")),
        );
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    server.wait_for("/acme/en/legal/privacy/", "Revision 19 applies");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let total: usize = readers.into_iter().map(|r| r.join().expect("a reader failed")).sum();
    assert!(total > 20, "{total} requests");
}

#[test]
fn a_client_that_sends_nothing_does_not_block_others() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    let _silent: Vec<_> = (0..20).map(|_| std::net::TcpStream::connect(&server.addr).unwrap()).collect();
    let half = {
        let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
        std::io::Write::write_all(&mut s, b"GET /acme/ HTTP/1.1\r\nHost: x\r\n").unwrap();
        s
    };
    let (code, _) = server.get("/acme/en/legal/privacy/");
    assert_eq!(code, 200);
    drop(half);
}

#[test]
fn a_brand_value_change_rebuilds_that_brand_alone() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    server.wait_for("/beta/en/legal/privacy/", "operated by Beta Ltd.");
    let events = server.events();
    site.write("site.toml", &SITE_TOML.replace("companyName = \"Beta Ltd.\"", "companyName = \"Beta GmbH\""));
    let seen =
        every_event_of_the_change(&site, &events, &["\"reload\"", "/beta/en/legal/privacy/index.html"]);
    assert!(seen.iter().all(|e| !e.contains("/acme/")), "acme's pages did not change: {seen:?}");
    server.wait_for("/beta/en/legal/privacy/", "operated by Beta GmbH.");
}

#[test]
fn the_status_page_is_linked_from_the_brand_list_and_follows_every_rebuild() {
    let site = small_site();
    let server = Server::start(site.root(), &[]);
    server.wait_for("/acme/en/legal/privacy/", "This policy applies");
    let (_, list) = server.get("/");
    assert!(list.contains("<a href=\"/__clause/status\">"), "{list}");
    let page = server.wait_for("/__clause/status", "Translation status");
    assert!(
        page.contains("data-locale=\"zh-CN\"><span class=\"state\">missing</span>"),
        "zh-CN lacks the terms: {page}"
    );
    let events = server.events();
    site.write(
        "content/zh-CN/legal/terms.md",
        "+++\ntitle = \"条款\"\nweight = 20\n+++\n\n## 2. 条款\n\n2.1 返回[政策](privacy.md)。\n",
    );
    wait_event(&events, &["\"reload\"", "/__clause/status"]);
    let page = server.wait_for(
        "/__clause/status",
        "data-key=\"legal&#x2f;terms\" data-locale=\"zh-CN\"><span class=\"state\">translated",
    );
    assert!(!page.contains("<span class=\"state\">missing</span>"), "{page}");
}

/// The folders in `dir` that serve made (`clause-serve-<pid>-…`).
fn serve_folders(dir: &std::path::Path) -> Vec<String> {
    let names =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
    names.filter(|n| n.starts_with("clause-serve-")).collect()
}

#[test]
fn serve_stops_on_sigterm_sighup_and_ctrl_c_with_a_page_open_removing_its_folder_and_a_killed_ones_at_the_next_start(
) {
    let site = small_site();
    let tmp = tempfile::tempdir().unwrap();
    for signal in ["TERM", "HUP", "INT"] {
        let mut server = Server::start_in(site.root(), &[], Some(tmp.path()));
        server.wait_for("/acme/en/legal/privacy/", "This policy applies");
        let mine = format!("clause-serve-{}-", server.pid());
        assert!(
            serve_folders(tmp.path()).iter().any(|n| n.starts_with(&mine)),
            "{:?}",
            serve_folders(tmp.path())
        );
        // An open page's event stream, which never ends by itself, does not keep serve running.
        let _events = server.events();
        server.stop(signal);
        assert_eq!(serve_folders(tmp.path()), Vec::<String>::new(), "after SIG{signal}");
    }
    let mut killed = Server::start_in(site.root(), &[], Some(tmp.path()));
    killed.wait_for("/acme/en/legal/privacy/", "This policy applies");
    killed.stop("KILL");
    let left = serve_folders(tmp.path());
    assert_eq!(left.len(), 1, "SIGKILL leaves the folder: {left:?}");
    std::fs::create_dir(tmp.path().join("clause-serve-notes")).unwrap();
    let next = Server::start_in(site.root(), &[], Some(tmp.path()));
    next.wait_for("/acme/en/legal/privacy/", "This policy applies");
    let now = serve_folders(tmp.path());
    assert!(!now.contains(&left[0]), "the killed serve's folder is removed: {now:?}");
    assert!(now.contains(&"clause-serve-notes".to_string()), "a folder not named by a pid is kept: {now:?}");
    assert_eq!(now.len(), 2, "{now:?}");
}
