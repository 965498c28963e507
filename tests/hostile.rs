//! Hostile and pathological input: each ends in a built site or a clear error (exit 1 with
//! `error[…]`), never a panic, a hang or a stack overflow; dangerous output folders are
//! refused; an interrupted build leaves the previous output whole.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Builds and returns (exit code, stderr), asserting there was no panic or crash.
fn build_survives(site: &Fixture) -> (i32, String) {
    let run = site.build();
    let (code, err) = (run.code(), run.stderr());
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    if code == 1 {
        assert!(err.contains("error["), "a failure says what is wrong: {err}");
    }
    (code, err)
}

fn with_body(body: &str) -> Fixture {
    let site = small_site();
    site.write("content/en/legal/hostile.md", &format!("+++\ntitle = \"Hostile\"\n+++\n\n{body}\n"));
    site
}

#[test]
fn blockquotes_nested_fifty_thousand_deep() {
    let site = with_body(&format!("{}deep", "> ".repeat(50_000)));
    let (code, _) = build_survives(&site);
    assert_eq!(code, 0);
    assert!(site.read("acme/en/legal/hostile/index.html").contains("deep"));
}

#[test]
fn lists_nested_fifty_thousand_deep() {
    let site = with_body(&format!("{}deep", "- ".repeat(50_000)));
    assert_eq!(build_survives(&site).0, 0);
    let site = with_body(&(0..20_000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect::<String>());
    assert_eq!(build_survives(&site).0, 0);
}

#[test]
fn a_five_megabyte_line() {
    let line = "{{channelName}} word ".repeat(5 * 1024 * 1024 / 21);
    let site = with_body(&line);
    assert_eq!(build_survives(&site).0, 0);
    let page = site.read("beta/en/legal/hostile/index.html");
    assert!(page.len() > 2_000_000 && !page.contains("{{"), "{}", page.len());
}

#[test]
fn two_hundred_thousand_placeholders() {
    let body = "{{channelName}} and {{supportMail}}\n".repeat(100_000);
    let site = with_body(&body);
    let start = Instant::now();
    assert_eq!(build_survives(&site).0, 0);
    assert!(start.elapsed() < Duration::from_secs(120), "no quadratic blow-up");
    let page = site.read("acme/en/legal/hostile/index.html");
    assert_eq!(page.matches("legal@acme.example").count(), 100_000);
    let site = with_body(&"{{nope}} ".repeat(200_000));
    let (code, err) = build_survives(&site);
    assert_eq!(code, 1);
    assert_eq!(err.matches("error[unknown-placeholder]").count(), 1, "one error per name, not per use");
}

#[test]
fn nul_bytes_bom_crlf_and_bidi_controls() {
    let site = with_body("a\0b {{channelName}}\r\n\r\n\u{202E}reversed\u{202C} and \u{2066}isolated\u{2069}");
    site.write("content/en/legal/crlf.md", "\u{feff}+++\r\ntitle = \"CRLF {{channelName}}\"\r\neffective_date = 2022-01-28\r\n+++\r\n\r\n## I. Part\r\n\r\n1.1 Windows.\r\n");
    assert_eq!(build_survives(&site).0, 0);
    let page = site.read("acme/en/legal/hostile/index.html");
    assert!(page.contains("a\u{fffd}b Acme Cloud") && page.contains("\u{202E}reversed"), "{page}");
    let crlf = site.read("acme/en/legal/crlf/index.html");
    assert!(
        crlf.contains("<h1>CRLF Acme Cloud</h1>")
            && crlf.contains("id=\"clause-1.1\"")
            && crlf.contains("January 28, 2022")
    );
    site.write("content/en/legal/nul-front.md", "+++\ntitle = \"a\0b\"\n+++\n");
    let (code, err) = build_survives(&site);
    assert_eq!(code, 1);
    assert!(err.contains("content/en/legal/nul-front.md:2:"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_inside_content() {
    let site = small_site();
    std::os::unix::fs::symlink("loop", site.root().join("content/en/legal/loop")).unwrap();
    std::os::unix::fs::symlink("..", site.root().join("content/en/legal/up")).unwrap();
    std::os::unix::fs::symlink("gone.md", site.root().join("content/en/legal/dangling.md")).unwrap();
    let (code, err) = build_survives(&site);
    assert_eq!(code, 1);
    for name in ["loop", "up", "dangling.md"] {
        assert!(err.contains(&format!("error[unreadable-file]: content/en/legal/{name}:")), "{name}: {err}");
    }
}

#[test]
fn files_deleted_while_builds_run() {
    let site = small_site();
    let root = site.root().to_path_buf();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let path = root.join(format!("content/en/legal/churn{}.md", n % 5));
                let _ = std::fs::write(&path, "+++\ntitle = \"Churn\"\n+++\n\n1.1 text\n");
                let _ = std::fs::remove_file(&path);
                n += 1;
            }
        })
    };
    for _ in 0..15 {
        build_survives(&site);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().unwrap();
}

#[test]
fn a_fifty_megabyte_document() {
    let paragraph = "1.1 {{channelName}} processes data lawfully, fairly and transparently.\n\n";
    let site = Fixture::new(&[
        ("site.toml", "default_locale = \"en\"\n[brands.one]\nbase_url = \"https://one.example\"\n[brands.one.vars]\nchannelName = \"One\"\n"),
        ("content/en/legal/huge.md", &format!("+++\ntitle = \"Huge\"\n+++\n\n{}", paragraph.repeat(50 * 1024 * 1024 / paragraph.len()))),
    ]);
    assert_eq!(build_survives(&site).0, 0);
    let size = std::fs::metadata(site.out().join("one/en/legal/huge/index.html")).unwrap().len();
    assert!(size > 50_000_000, "{size}");
}

#[test]
fn dangerous_output_folders_are_refused() {
    let site = small_site();
    let home = tempfile::tempdir().unwrap();
    for (out, why) in [
        ("/", "file system root"),
        (home.path().to_str().unwrap(), "home folder"),
        (site.root().to_str().unwrap(), "site folder"),
        ("..", "site folder"),
    ] {
        let run = Command::new(env!("CARGO_BIN_EXE_clause"))
            .args(["build", "--out", out, "--root"])
            .arg(site.root())
            .env("HOME", home.path())
            .current_dir(site.root())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{out}: {err}");
        assert!(err.contains("error[unsafe-output]") && err.contains(why), "{out}: {err}");
    }
    for output_dir in [".", "content", "static/x", "themes"] {
        site.write("site.toml", &format!("output_dir = \"{output_dir}\"\n{SITE_TOML}"));
        let err = site.build().failed();
        assert!(err.contains("error[unsafe-output]"), "{output_dir}: {err}");
    }
    assert!(site.root().join("content/en/legal/privacy.md").exists());
}

/// A site large enough that a debug build takes seconds.
fn big_site() -> Fixture {
    let mut toml = String::from("title = \"{{channelName}}\"\ndefault_locale = \"en\"\n");
    for b in 0..60 {
        toml.push_str(&format!("[brands.b{b:02}]\nbase_url = \"https://b{b}.example\"\n[brands.b{b:02}.vars]\nchannelName = \"Brand {b}\"\n"));
    }
    let site = Fixture::new(&[("site.toml", &toml)]);
    let policy = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content/en/agreement/privacy-policy.md"
    ))
    .unwrap();
    let policy = policy
        .replace("{{companyName}}", "X")
        .replace("{{consoleURLwithoutHttp}}", "x.example")
        .replace("{{supportMail}}", "m@x")
        .replace("{{supportNumber}}", "1")
        .replace("{{companyAddress}}", "A")
        .replace("{{postalCode}}", "0");
    for d in 0..40 {
        site.write(&format!("content/en/legal/doc{d:02}.md"), &policy);
    }
    site
}

fn interrupted_build_leaves_output_whole(signal: &str) {
    let site = big_site();
    site.build().ok();
    let before = std::fs::read(site.out().join("manifest.json")).unwrap();
    // Change the site so that a completed build would change the output.
    site.write("content/en/legal/doc00.md", "+++\ntitle = \"Changed\"\n+++\n\nchanged\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    // What a build puts on disk before its commit: a staging folder beside the output (old
    // design and new outputs), or the incomplete marker and temporary files inside it.
    let staging = || {
        let beside = std::fs::read_dir(site.root())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains("clause-staging"));
        beside || site.out().join(".clause-incomplete").exists() || clause_temporaries(&site.out()) > 0
    };
    while !staging() {
        assert!(start.elapsed() < Duration::from_secs(60), "the build never started writing");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Signal at once: rendering 2,400 pages takes far longer than delivering a signal.
    Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the build was interrupted before it finished");
    assert_eq!(std::fs::read(site.out().join("manifest.json")).unwrap(), before, "the old output is whole");
    let manifest: serde_json::Value = serde_json::from_slice(&before).unwrap();
    for f in manifest["files"].as_array().unwrap() {
        assert!(site.out().join(f["path"].as_str().unwrap()).is_file());
    }
    if signal == "-INT" {
        assert_eq!(status.code(), Some(130));
        assert!(!staging(), "an interrupted build cleans up after itself");
    }
}

/// Clause's temporary files below `dir`.
fn clause_temporaries(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".clause-tmp-"))
        .count()
}

#[cfg(unix)]
#[test]
fn ctrl_c_mid_build_leaves_the_old_output_whole() {
    interrupted_build_leaves_output_whole("-INT");
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_old_output_whole() {
    interrupted_build_leaves_output_whole("-KILL");
}
