//! Hostile and pathological input: each ends in a built site or a clear error (exit 1 with
//! `error[…]`), never a panic, a hang or a stack overflow; dangerous output folders are
//! refused; an interrupted build leaves the previous output whole.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Builds and returns (exit code, stderr), asserting there was no panic or crash, and that a
/// failed build left the output exactly as it was: every file's bytes, and none of clause's
/// own temporary files, marker or staging folder (a successful build leaves none either).
fn build_survives(site: &Fixture) -> (i32, String) {
    let before = files_of(&site.out());
    let run = site.build();
    let (code, err) = (run.code(), run.stderr());
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    if code == 1 {
        assert!(err.contains("error["), "a failure says what is wrong: {err}");
        assert!(files_of(&site.out()) == before, "a failed build changed the output: {err}");
    }
    assert_eq!(clause_leftovers(site), Vec::<PathBuf>::new(), "{err}");
    (code, err)
}

/// Every file below `dir` with its bytes (nothing when there is no `dir`).
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// What a build puts on disk that is not part of the output: a staging folder beside the
/// output, the incomplete marker and temporary files inside it.
fn clause_leftovers(site: &Fixture) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("clause-staging"))
        .map(|e| e.path())
        .collect();
    found.extend(walkdir::WalkDir::new(site.out()).into_iter().filter_map(Result::ok).filter_map(|e| {
        let name = e.file_name().to_string_lossy();
        (name.starts_with(".clause-tmp-") || name == ".clause-incomplete").then(|| e.into_path())
    }));
    found
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

/// A build that fails only at its commit, every file rendered and written beside its target:
/// a static file where a page's folder goes. The output keeps every byte, and nothing of the
/// build is left (`build_survives` checks both).
#[test]
fn a_failure_found_at_the_commit_leaves_the_output_as_it_was() {
    let site = small_site();
    assert_eq!(build_survives(&site).0, 0);
    site.write("content/en/legal/privacy.md", &PRIVACY_EN.replace("1.1 This", "1.1 Now this"));
    site.write("static/en/legal/terms", "a file where the page's folder goes");
    let (code, err) = build_survives(&site);
    assert_eq!(code, 1);
    assert!(err.contains("error[output-conflict]"), "{err}");
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

/// Starts a build of `site` and sends it `signal`: with `Some(stage)`, when it stands still at
/// that stage of the test seam of debug builds (`CLAUSE_TEST_SIGNAL_AT`,
/// src/output/interrupt.rs), where it waits for the signal; with `None`, as soon as it has
/// put something on disk, a moment it may already have run past when the signal lands.
/// Returns the exit status and what the build printed on stderr.
fn signal_build(site: &Fixture, signal: &str, stage: Option<&str>) -> (std::process::ExitStatus, String) {
    use std::io::BufRead;
    let mut command = Command::new(env!("CARGO_BIN_EXE_clause"));
    command.args(["build", "--root"]).arg(site.root()).stdout(Stdio::null()).stderr(Stdio::piped());
    if let Some(stage) = stage {
        command.env("CLAUSE_TEST_SIGNAL_AT", stage);
    }
    let mut child = command.spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let here = format!("clause-test: at {}", stage.unwrap_or_default());
    let reader = std::thread::spawn(move || {
        let mut all = String::new();
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            if line == here {
                let _ = tx.send(());
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    let start = Instant::now();
    // Bounds for a build that never gets there, not the moment: that is what the build
    // prints, or what it puts on disk.
    let reached = match stage {
        Some(_) => rx.recv_timeout(Duration::from_secs(600)).is_ok(),
        None => loop {
            if !clause_leftovers(site).is_empty() {
                break true;
            }
            if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(600) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(2));
        },
    };
    Command::new("kill")
        .args([if reached { signal } else { "-KILL" }, &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let err = reader.join().unwrap();
    assert!(reached, "the build never reached {stage:?} (the seam is in debug builds only): {status}: {err}");
    (status, err)
}

/// The files of `out` that are not clause's own temporary files or marker.
fn output_files(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let own = |p: &str| {
        p.rsplit('/').next().is_some_and(|n| n.starts_with(".clause-tmp-") || n == ".clause-incomplete")
    };
    files.iter().filter(|(p, _)| !own(p)).map(|(p, b)| (p.clone(), b.clone())).collect()
}

/// A signal while the build stands at its first file on disk (the seam: no clock decides that
/// it lands before the commit): every file of the output keeps its bytes; Ctrl-C takes away
/// all the build put on disk and exits 130; SIGKILL leaves it for the next build to clean.
fn interrupted_before_the_commit(site: &Fixture, signal: &str) {
    let old = files_of(&site.out());
    site.write("content/en/legal/doc00.md", "+++\ntitle = \"Changed\"\n+++\n\nchanged\n");
    let (status, err) = signal_build(site, signal, Some("render"));
    let after = files_of(&site.out());
    assert!(output_files(&after) == old, "{signal}: every file keeps its bytes: {status}: {err}");
    if signal == "-INT" {
        assert_eq!(status.code(), Some(130), "{err}");
        assert!(err.contains("interrupted: the output folder was left as it was"), "{err}");
        assert_eq!(clause_leftovers(site), Vec::<PathBuf>::new(), "Ctrl-C cleans up after itself");
    } else {
        assert_eq!(status.signal(), Some(9), "{err}");
        assert!(site.out().join(".clause-incomplete").is_file(), "the marker tells the next build");
    }
    site.build().ok();
    assert_eq!(clause_leftovers(site), Vec::<PathBuf>::new(), "the next build cleans up");
}

/// A signal as soon as the build has put something on disk: on a loaded machine the build may
/// have run past its commit by the time it lands. Whatever it reached, every file is the old
/// one or the new one; after Ctrl-C the output is exactly the one the build says it left.
fn interrupted_at_a_moment(site: &Fixture, signal: &str) {
    let old = files_of(&site.out());
    site.write("content/en/legal/doc00.md", "+++\ntitle = \"Changed again\"\n+++\n\nchanged again\n");
    let (status, err) = signal_build(site, signal, None);
    let after = files_of(&site.out());
    let left_old = after == old;
    site.build().ok();
    let new = files_of(&site.out());
    assert_eq!(clause_leftovers(site), Vec::<PathBuf>::new(), "the next build cleans up");
    for (path, bytes) in output_files(&after) {
        assert!(old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes), "{path} is torn");
    }
    if signal == "-INT" {
        let said_old = err.contains("interrupted: the output folder was left as it was");
        match status.code() {
            Some(130) if said_old => assert!(left_old, "the old output, as the build said: {err}"),
            Some(0 | 130) => assert!(after == new, "the new output, whole: {status}: {err}"),
            _ => panic!("Ctrl-C ends a build with 130 (or 0 if it had finished): {status}: {err}"),
        }
    }
}

fn interrupted_build_leaves_output_whole(signal: &str) {
    let site = big_site();
    site.build().ok();
    interrupted_before_the_commit(&site, signal);
    interrupted_at_a_moment(&site, signal);
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
