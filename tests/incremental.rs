//! A build over an earlier output (SPEC §4): only files whose bytes change are written (each
//! replaced whole), files no longer built are removed, every other file is left untouched,
//! modification time and inode included; files clause did not write are never lost; and a
//! build killed or interrupted at any moment leaves every file whole, with the next build
//! cleaning up clause's own leftovers and repairing the output.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every file below `dir` with its (inode, modification time in ns).
fn stamps(dir: &Path) -> BTreeMap<String, (u64, i128)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, (m.ino(), m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128))
        })
        .collect()
}

/// Every file below `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The paths whose stamp differs (or that appeared or went).
fn changed(
    before: &BTreeMap<String, (u64, i128)>,
    after: &BTreeMap<String, (u64, i128)>,
) -> BTreeSet<String> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter().filter(|k| before.get(*k) != after.get(*k)).cloned().collect()
}

/// Builds the site as it is now into a new folder: what the output must equal.
fn reference(site: &Fixture, name: &str) -> BTreeMap<String, Vec<u8>> {
    let out = site.root().join(name);
    site.run(&["build", "--out", out.to_str().unwrap()]).ok();
    let files = contents(&out);
    std::fs::remove_dir_all(&out).unwrap();
    files
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

/// Timestamps on some file systems are coarse: let a moment pass between builds.
fn tick() {
    std::thread::sleep(Duration::from_millis(30));
}

#[test]
fn a_second_build_writes_nothing() {
    let site = small_site();
    site.build().ok();
    let before = stamps(&site.out());
    tick();
    let summary = site.build().ok();
    assert!(summary.contains(", 0 written, 0 removed)"), "{summary}");
    assert_eq!(changed(&before, &stamps(&site.out())), BTreeSet::new(), "not a file touched");
}

#[test]
fn one_changed_document_writes_only_the_pages_built_from_it() {
    let site = small_site();
    site.build().ok();
    let before = stamps(&site.out());
    tick();
    site.write("content/en/legal/terms.md", &TERMS_EN.replace("\n## ", "\nA new sentence.\n\n## "));
    let summary = site.build().ok();
    // Each page built from it, and its fragment and versions.json (the text's SHA-256).
    let mut expected = set(&["manifest.json"]);
    for dir in ["acme/en", "acme/zh-CN", "beta/en"] {
        for file in ["index.html", "fragment.html", "versions.json"] {
            expected.insert(format!("{dir}/legal/terms/{file}"));
        }
    }
    assert_eq!(changed(&before, &stamps(&site.out())), expected, "{summary}");
    assert!(summary.contains(", 9 written, 0 removed)"), "{summary}");
    assert_eq!(contents(&site.out()), reference(&site, "ref"), "the same as a build into a new folder");
}

#[test]
fn a_file_changed_by_hand_is_rewritten() {
    let site = small_site();
    site.build().ok();
    let page = "acme/en/legal/privacy/index.html";
    let original = site.read(page);
    tick();
    // Same size, other bytes: only the modification time gives it away.
    std::fs::write(site.out().join(page), original.replacen("Acme", "Xcme", 1)).unwrap();
    std::fs::write(site.out().join("acme/robots.txt"), "").unwrap();
    std::fs::remove_file(site.out().join("beta/404.html")).unwrap();
    let before = stamps(&site.out());
    tick();
    site.build().ok();
    assert_eq!(site.read(page), original);
    let expected = set(&[page, "acme/robots.txt", "beta/404.html"]);
    assert_eq!(changed(&before, &stamps(&site.out())), expected);
    assert_eq!(contents(&site.out()), reference(&site, "ref"));
}

#[test]
fn files_no_longer_built_go_and_so_do_folders_left_empty() {
    let site = small_site();
    site.write("content/en/legal/extra.md", "+++\ntitle = \"Extra\"\n+++\n\nText.\n");
    site.build().ok();
    assert!(site.exists("acme/en/legal/extra/index.html"));
    std::fs::remove_file(site.root().join("content/en/legal/extra.md")).unwrap();
    site.build().ok();
    assert!(!site.exists("acme/en/legal/extra") && !site.exists("beta/en/legal/extra"));
    assert!(site.exists("acme/en/legal/privacy/index.html"));
    site.run(&["build", "--brand", "beta"]).ok();
    assert!(!site.exists("acme"), "a brand no longer built leaves no folder");
    assert_eq!(contents(&site.out()), {
        let out = site.root().join("ref");
        site.run(&["build", "--brand", "beta", "--out", out.to_str().unwrap()]).ok();
        contents(&out)
    });
}

#[test]
fn files_clause_did_not_write_are_left_alone() {
    let site = small_site();
    site.write("content/en/legal/extra.md", "+++\ntitle = \"Extra\"\n+++\n\nText.\n");
    site.build().ok();
    let strays = ["index.html", "notes/todo.txt", "acme/notes.txt", "acme/en/legal/extra.pdf"];
    for stray in strays {
        site.write(&format!("public/{stray}"), "mine");
    }
    site.write("public/acme/en/legal/extra/notes.txt", "mine");
    std::fs::remove_file(site.root().join("content/en/legal/extra.md")).unwrap();
    site.build().ok();
    assert!(!site.exists("acme/en/legal/extra/index.html"));
    assert_eq!(
        site.read("acme/en/legal/extra/notes.txt"),
        "mine",
        "a folder holding a file of the user's stays"
    );
    site.run(&["build", "--brand", "beta"]).ok();
    for stray in strays {
        assert_eq!(site.read(stray), "mine", "{stray}");
    }
    assert!(!site.exists("acme/en/index.html"), "acme's pages went, the user's files stayed");
    let manifest = site.read("manifest.json");
    assert!(!manifest.contains("notes") && !manifest.contains("\"index.html\""), "{manifest}");
}

#[test]
fn a_folder_where_a_page_goes_stops_the_build_before_any_change() {
    let site = small_site();
    site.build().ok();
    let page = site.out().join("acme/en/legal/terms/index.html");
    std::fs::remove_file(&page).unwrap();
    site.write("public/acme/en/legal/terms/index.html/mine.txt", "mine");
    site.write("content/en/legal/privacy.md", &PRIVACY_EN.replace("1.1 This", "1.1 Now this"));
    let before = contents(&site.out());
    let err = site.build().failed();
    assert!(
        err.contains("error[output-in-the-way]") && err.contains("acme/en/legal/terms/index.html"),
        "{err}"
    );
    assert_eq!(contents(&site.out()), before, "nothing changed");
    // An empty folder there holds nothing to lose: it is replaced.
    std::fs::remove_file(page.join("mine.txt")).unwrap();
    site.build().ok();
    assert!(page.is_file());
    assert_eq!(contents(&site.out()), reference(&site, "ref"));
}

#[test]
fn a_file_where_a_folder_goes_stops_the_build_before_any_change() {
    let site = small_site();
    site.build().ok();
    site.write("public/gamma", "mine: where the new brand's folder goes");
    std::fs::remove_dir_all(site.out().join("acme/zh-CN")).unwrap();
    site.write("public/acme/zh-CN", "mine: where a locale's folder goes");
    site.write(
        "site.toml",
        &format!("{SITE_TOML}\n[brands.gamma]\nbase_url = \"https://gamma.example\"\n[brands.gamma.vars]\nchannelName = \"G\"\ncompanyName = \"G\"\nsupportMail = \"g@g\"\nconsoleURLwithoutHttp = \"g\"\n"),
    );
    let before = contents(&site.out());
    let err = site.build().failed();
    assert!(err.contains("error[output-in-the-way]"), "{err}");
    assert!(err.contains("public/gamma") && err.contains("public/acme/zh-CN"), "{err}");
    assert_eq!(contents(&site.out()), before, "nothing changed, the user's files included");
    assert_eq!(leftovers(&site), Vec::<PathBuf>::new(), "no marker, no temporary file");
}

#[test]
fn a_file_of_clauses_own_may_become_a_folder_and_back() {
    let site = small_site();
    site.write("static/docs", "a file");
    site.build().ok();
    std::fs::remove_file(site.root().join("static/docs")).unwrap();
    site.write("static/docs/a.txt", "now a folder");
    site.build().ok();
    assert_eq!(site.read("acme/docs/a.txt"), "now a folder");
    std::fs::remove_dir_all(site.root().join("static/docs")).unwrap();
    site.write("static/docs", "a file again");
    site.build().ok();
    assert_eq!(site.read("acme/docs"), "a file again");
    assert_eq!(contents(&site.out()), reference(&site, "ref"));
}

#[test]
fn a_folder_clause_did_not_build_is_refused() {
    let site = small_site();
    site.write("public/index.html", "my own site");
    let err = site.build().failed();
    assert!(err.contains("error[foreign-output]") && err.contains("no manifest.json"), "{err}");
    assert_eq!(site.read("index.html"), "my own site");
    assert_eq!(std::fs::read_dir(site.out()).unwrap().count(), 1);
    site.write("public/manifest.json", "{\"main.js\": \"main.1234.js\"}");
    let err = site.build().failed();
    assert!(err.contains("error[foreign-output]") && err.contains("not one clause wrote"), "{err}");
    // A folder holding only hidden entries (a git checkout of the published branch) is built into.
    let out = site.root().join("pages");
    site.write("pages/.git/HEAD", "ref: refs/heads/gh-pages\n");
    site.run(&["build", "--out", out.to_str().unwrap()]).ok();
    assert!(out.join("acme/en/index.html").is_file());
    assert_eq!(std::fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages\n");
}

/// A site with 20 brands and 20 documents in two locales: about 900 files, a build that
/// takes a good part of a second in a debug binary.
fn twenty_brands() -> Fixture {
    let site = small_site();
    site.write("site.toml", &brands_toml("Brand"));
    for d in 0..20 {
        site.write(
            &format!("content/en/legal/doc{d:02}.md"),
            &PRIVACY_EN.replace("Privacy Policy", &format!("Document {d}")),
        );
    }
    site
}

fn brands_toml(name: &str) -> String {
    let mut toml = SITE_TOML.to_string();
    for b in 0..18 {
        toml.push_str(&format!("\n[brands.b{b:02}]\nbase_url = \"https://b{b}.example\"\n[brands.b{b:02}.vars]\nchannelName = \"{name} {b}\"\ncompanyName = \"C\"\nsupportMail = \"m@x\"\nconsoleURLwithoutHttp = \"x\"\n"));
    }
    toml
}

/// What a build leaves that is clause's own and not part of the output.
fn leftovers(site: &Fixture) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("clause-staging"))
        .map(|e| e.path())
        .collect();
    found.extend(
        walkdir::WalkDir::new(site.out())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name().to_string_lossy();
                name.starts_with(".clause-tmp-") || name == ".clause-incomplete"
            })
            .map(|e| e.into_path()),
    );
    found
}

/// When to signal a build: at a delay after it starts, when its marker appears, when the
/// first file of the output has been replaced (the commit is under way): moments the build
/// may have run past when the signal lands, on a loaded machine; or when it stands still at
/// a stage of the test seam of debug builds (`CLAUSE_TEST_SIGNAL_AT`), which it cannot.
#[derive(Debug, Clone, Copy)]
enum Moment {
    After(u64),
    Marker,
    FirstRename,
    Seam(&'static str),
}

/// Starts a build and signals it at `moment`; returns its exit status and its stderr.
fn signal_build(site: &Fixture, signal: &str, moment: Moment) -> (std::process::ExitStatus, String) {
    if let Moment::Seam(stage) = moment {
        return signal_at(site, &site.out(), signal, stage);
    }
    let watched = site.out().join("b00/en/legal/doc00/index.html");
    let ino = std::fs::metadata(&watched).ok().map(|m| m.ino());
    let stderr = tempfile::tempfile().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(stderr.try_clone().unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        let now = match moment {
            Moment::After(ms) => start.elapsed() >= Duration::from_millis(ms),
            Moment::Marker => site.out().join(".clause-incomplete").exists(),
            Moment::FirstRename => std::fs::metadata(&watched).ok().map(|m| m.ino()) != ino,
            Moment::Seam(_) => true,
        };
        if now || child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(600) {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    (status, std::io::read_to_string(&stderr_start(stderr)).unwrap())
}

/// `file` read from its start.
fn stderr_start(mut file: std::fs::File) -> std::fs::File {
    use std::io::Seek;
    file.rewind().unwrap();
    file
}

/// Every file of `out` is whole: it is byte for byte the old build's or the new build's.
fn every_file_whole(
    out: &Path,
    old: &BTreeMap<String, Vec<u8>>,
    new: &BTreeMap<String, Vec<u8>>,
    what: &str,
) {
    for (path, bytes) in contents(out) {
        if path.contains(".clause-tmp-") || path == ".clause-incomplete" {
            continue;
        }
        let whole = old.get(&path) == Some(&bytes) || new.get(&path) == Some(&bytes);
        assert!(whole, "{what}: {path} is neither the old file nor the new one");
    }
}

/// What Ctrl-C at `moment` may end in. Wherever the build was, nothing of it lies about and
/// the output is the old one or the new one, whole, the one the build said it left: it
/// exits 130 (or 0 when it had finished first, or is ended by the signal itself when that
/// came before clause could catch it, so before it wrote anything). At a stage of the seam the
/// signal is always caught, and the stage says which output it leaves. Returns whether the
/// build exited 130.
fn ctrl_c_left(
    site: &Fixture,
    old: &Files,
    new: &Files,
    ended: (std::process::ExitStatus, &str),
    moment: Moment,
) -> bool {
    let (status, err) = ended;
    let what = format!("-INT at {moment:?} ({status}): {err}");
    assert_eq!(leftovers(site), Vec::<PathBuf>::new(), "{what}: Ctrl-C cleans up after itself");
    let now = contents(&site.out());
    let said_old = err.contains("interrupted: the output folder was left as it was");
    match (status.code(), status.signal()) {
        (Some(130), _) if said_old => assert!(now == *old, "{what}: the old output, as it said"),
        (Some(130), _) => assert!(err.contains("after the output was written") && now == *new, "{what}"),
        (Some(0), _) => assert!(now == *new, "{what}: the new output"),
        (None, Some(2)) => assert!(now == *old, "{what}: ended before it wrote anything"),
        _ => panic!("{what}: Ctrl-C ends a build with 130"),
    }
    match moment {
        Moment::Seam("render") => assert!(status.code() == Some(130) && said_old, "{what}"),
        Moment::Seam(_) => assert!(status.code() == Some(130) && now == *new, "{what}"),
        _ => {}
    }
    status.code() == Some(130)
}

fn interrupted_builds_repair(signal: &str) {
    let site = twenty_brands();
    let moments = [
        Moment::Seam("render"),
        Moment::Marker,
        Moment::FirstRename,
        Moment::After(0),
        Moment::After(40),
        Moment::After(120),
        Moment::After(300),
        Moment::Seam("commit"),
        Moment::FirstRename,
    ];
    let (mut marked, mut caught) = (0, 0);
    for (i, moment) in moments.into_iter().enumerate() {
        // Every page of every brand changes between the old input and the new one.
        let (old_name, new_name) = if i % 2 == 0 { ("Brand", "Label") } else { ("Label", "Brand") };
        site.write("site.toml", &brands_toml(old_name));
        site.build().ok();
        let old = contents(&site.out());
        site.write("site.toml", &brands_toml(new_name));
        let new = reference(&site, "ref");
        let (status, err) = signal_build(&site, signal, moment);
        let what = format!("{signal} at {moment:?} ({status})");
        every_file_whole(&site.out(), &old, &new, &what);
        marked += usize::from(site.out().join(".clause-incomplete").exists());
        if signal == "-INT" {
            caught += usize::from(ctrl_c_left(&site, &old, &new, (status, &err), moment));
        }
        site.build().ok();
        assert_eq!(leftovers(&site), Vec::<PathBuf>::new(), "{what}: the next build cleans up");
        assert_eq!(contents(&site.out()), new, "{what}: the next build repairs the output");
    }
    if signal == "-KILL" {
        assert!(marked > 0, "some kill left an incomplete output for the next build to repair");
    } else {
        assert!(caught > 0, "some Ctrl-C was caught: the build exited 130");
    }
}

#[test]
fn a_build_killed_at_any_moment_is_repaired_by_the_next() {
    interrupted_builds_repair("-KILL");
}

#[test]
fn ctrl_c_at_any_moment_leaves_the_old_output_or_the_new_one() {
    interrupted_builds_repair("-INT");
}

#[test]
fn a_killed_build_into_a_new_folder_leaves_nothing_the_next_does_not_clean() {
    let site = twenty_brands();
    // Killed while it renders into its staging folder, and when the commit holds the folder
    // (both moments where it stands still), then at a moment it may have run past.
    for moment in [Moment::Seam("render"), Moment::Seam("commit"), Moment::After(150)] {
        let _ = std::fs::remove_dir_all(site.out());
        signal_build(&site, "-KILL", moment);
        if let Moment::Seam(_) = moment {
            assert_ne!(leftovers(&site), Vec::<PathBuf>::new(), "{moment:?}: a staging folder to clean");
        }
        site.build().ok();
        assert_eq!(leftovers(&site), Vec::<PathBuf>::new(), "{moment:?}");
    }
    assert_eq!(contents(&site.out()), reference(&site, "ref"));
    // The leftovers of clause before this writer: staging folders beside the output.
    std::fs::create_dir_all(site.root().join(".public.clause-staging-AbC123/acme")).unwrap();
    site.build().ok();
    assert_eq!(leftovers(&site), Vec::<PathBuf>::new());
}

/// Starts a build of `site` into `out` that stands still at `stage` (the test seam
/// `CLAUSE_TEST_SIGNAL_AT` of debug builds, src/output/interrupt.rs), sends it `signal` once
/// it says it is there, and returns its exit status and what it printed on stderr. No clock
/// decides the moment: the build waits there for the signal.
fn signal_at(site: &Fixture, out: &Path, signal: &str, stage: &str) -> (std::process::ExitStatus, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_clause"))
        .arg("build")
        .arg("--out")
        .arg(out)
        .arg("--root")
        .arg(site.root())
        .env("CLAUSE_TEST_SIGNAL_AT", stage)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let here = format!("clause-test: at {stage}");
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
    // Only a bound for a build that never gets there (a debug build of this site takes
    // seconds at most): the moment itself is the line the build prints.
    let reached = rx.recv_timeout(Duration::from_secs(600)).is_ok();
    let signal = if reached { signal } else { "-KILL" };
    Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    let err = reader.join().unwrap();
    assert!(reached, "the build never reached {stage} (the seam is in debug builds only): {err}");
    (status, err)
}

type Files = BTreeMap<String, Vec<u8>>;

/// A twenty-brand site whose output folder `name` holds a build with "Brand" in every page
/// (or, for "fresh", does not exist), changed to "Label" since: the site, its output folder,
/// the old output's files and those a finished build of the new input writes.
fn built_then_changed(name: &str) -> (Fixture, PathBuf, Files, Files) {
    let site = twenty_brands();
    let out = site.root().join(name);
    if name != "fresh" {
        site.run(&["build", "--out", out.to_str().unwrap()]).ok();
    }
    let old = contents(&out);
    site.write("site.toml", &brands_toml("Label"));
    let new = reference(&site, "ref");
    (site, out, old, new)
}

/// clause's own files that are not part of an output: staging folders beside `out`,
/// temporary files and the marker inside it.
fn leftovers_of(out: &Path) -> Vec<PathBuf> {
    let staging = format!(".{}.clause-staging-", out.file_name().unwrap().to_string_lossy());
    let mut found: Vec<PathBuf> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&staging))
        .map(|e| e.path())
        .collect();
    found.extend(
        walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                let name = e.file_name().to_string_lossy();
                name.starts_with(".clause-tmp-") || name == ".clause-incomplete"
            })
            .map(|e| e.into_path()),
    );
    found
}

/// Ctrl-C or SIGTERM exactly when the commit holds the build's files, over an earlier output
/// (`public`, built first) and into a new folder (`fresh`): the commit finishes, nothing of
/// the build is left lying about, and the build says so and exits 130.
#[test]
fn a_signal_while_the_commit_holds_the_files_lets_it_finish_and_leaves_nothing_behind() {
    for (signal, name) in [("-INT", "public"), ("-TERM", "public"), ("-INT", "fresh")] {
        let (site, out, _, new) = built_then_changed(name);
        let (status, err) = signal_at(&site, &out, signal, "commit");
        let what = format!("{signal} into {name}: {status}: {err}");
        let left = leftovers_of(&out);
        assert!(left.is_empty(), "{what}: {} of clause's files left, {:?}…", left.len(), left.first());
        assert!(contents(&out) == new, "{what}: the new output, whole");
        assert_eq!(status.code(), Some(130), "{what}");
        assert!(err.contains("interrupted after the output was written"), "{what}");
    }
}

/// Ctrl-C or SIGTERM while files are being rendered, over an earlier output and into a new
/// folder: what the build put on disk is taken away, the output is exactly as it was.
#[test]
fn a_signal_while_rendering_leaves_the_output_exactly_as_it_was() {
    for (signal, name) in [("-INT", "public"), ("-TERM", "public"), ("-INT", "fresh")] {
        let (site, out, old, _) = built_then_changed(name);
        let (status, err) = signal_at(&site, &out, signal, "render");
        let what = format!("{signal} into {name}: {status}: {err}");
        let left = leftovers_of(&out);
        assert!(left.is_empty(), "{what}: {} of clause's files left, {:?}…", left.len(), left.first());
        assert!(contents(&out) == old, "{what}: the old output, untouched");
        assert_eq!(status.code(), Some(130), "{what}");
        assert!(err.contains("interrupted: the output folder was left as it was"), "{what}");
    }
}
