//! `clause deploy` against a real S3 server (`s3s-fs` on 127.0.0.1, see common/s3.rs), a
//! real Azure Blob service (Azurite, common/azurite.rs) and a `file://` folder, on a ferry
//! company's portal that no other test uses. The bucket is
//! inspected with an independent client (rusty-s3 + ureq) and through the server's folder;
//! "nothing changed" means every byte and modification time of that folder is the same.

mod common;
use common::s3::{snapshot_of, Bucket, S3Server, ACCESS_KEY, REGION, SECRET_KEY};
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const SITE: &str = r#"title = "{{line}} Legal"
default_locale = "en"

[deploy]
url = "s3://ferries/{brand}"
max_deletes = 40
[[deploy.headers]]
pattern = "**/*.png"
cache_control = "public, max-age=604800, immutable"

[locales.de]
name = "Deutsch"

[brands.north]
base_url = "https://legal.northferry.example"
[brands.north.vars]
line = "North Ferry"
harbour = "Pier 9"

[brands.south]
base_url = "https://southferry.example/legal"
[brands.south.vars]
line = "South Ferry"
harbour = "Quay 2"
"#;

const TICKETS: &str = "+++\ntitle = \"{{line}} ticket conditions\"\neffective_date = 2024-05-01\n+++\n\n\
## 1. Tickets\n\n1.1 A ticket of {{line}} is valid for one crossing from {{harbour}}.\n";
const LUGGAGE: &str = "+++\ntitle = \"{{line}} luggage rules\"\neffective_date = 2024-05-01\n+++\n\n\
## 1. Luggage\n\n1.1 Bring two bags aboard {{line}}.\n";
const TICKETS_DE: &str =
    "+++\ntitle = \"{{line}} Beförderungsbedingungen\"\neffective_date = 2024-05-01\n+++\n\n\
## 1. Fahrkarten\n\n1.1 Eine Fahrkarte der {{line}} gilt für eine Überfahrt ab {{harbour}}.\n";
/// Not a real PNG, but bytes that are not text, with a `.png` name.
const LOGO: &[u8] = &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe];

fn ferry_site() -> Fixture {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/conditions/tickets.md", TICKETS),
        ("content/en/conditions/luggage.md", LUGGAGE),
        ("content/de/conditions/tickets.md", TICKETS_DE),
    ]);
    site.write_bytes("static/logo.png", LOGO);
    site
}

/// Runs `clause deploy <args> --root <site>` with only `env` (no stray AWS_* of the machine).
fn deploy(site: &Fixture, env: &[(&str, String)], args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_clause"));
    cmd.arg("deploy").args(args).arg("--root").arg(site.root());
    cmd.env_clear().env("PATH", std::env::var_os("PATH").unwrap_or_default()).env("RUST_BACKTRACE", "1");
    Run(cmd.envs(env.iter().map(|(k, v)| (*k, v.as_str()))).output().expect("clause runs"))
}

/// The output's files of `brand` (key below the brand's folder → bytes).
fn built(site: &Fixture, brand: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = site.out().join(brand);
    snapshot_of(&dir).into_iter().map(|(k, (bytes, _))| (k.replace('\\', "/"), bytes)).collect()
}

/// The numbers of a brand's summary line: (uploaded, deleted, unchanged).
fn counts(stdout: &str, brand: &str) -> (usize, usize, usize) {
    let re = regex::Regex::new(&format!(
        r"(?m)^{brand}: (?:would )?upload(?:ed)? (\d+), (?:would )?delete(?:d)? (\d+), unchanged (\d+) → "
    ))
    .unwrap();
    let c = re.captures(stdout).unwrap_or_else(|| panic!("no summary line for {brand} in:\n{stdout}"));
    (c[1].parse().unwrap(), c[2].parse().unwrap(), c[3].parse().unwrap())
}

fn never_prints_the_secret(run: &Run) {
    for text in [run.stdout(), run.stderr()] {
        assert!(!text.contains(SECRET_KEY), "the secret key was printed:\n{text}");
    }
}

fn started() -> (Fixture, S3Server, Bucket) {
    let site = ferry_site();
    site.build().ok();
    let server = S3Server::start();
    let bucket = server.bucket("ferries");
    (site, server, bucket)
}

#[test]
fn a_first_deploy_puts_every_file_with_its_bytes_and_headers_and_a_second_uploads_nothing() {
    let (site, server, bucket) = started();
    let run = deploy(&site, &server.env(), &[]);
    let out = run.ok();
    never_prints_the_secret(&run);
    for brand in ["north", "south"] {
        let files = built(&site, brand);
        assert_eq!(counts(&out, brand), (files.len(), 0, 0), "{out}");
        assert!(out.contains(&format!("→ s3://ferries/{brand}")), "{out}");
        let listed = bucket.list(&format!("{brand}/"));
        let mut expected: Vec<String> = files.keys().map(|k| format!("{brand}/{k}")).collect();
        expected.push(format!("{brand}/.clause-manifest.json"));
        expected.sort();
        assert_eq!(listed.keys().cloned().collect::<Vec<_>>(), expected);
        for (key, bytes) in &files {
            assert_eq!(bucket.get(&format!("{brand}/{key}")).as_ref(), Some(bytes), "{brand}/{key}");
        }
        let head = |k: &str| bucket.head(&format!("{brand}/{k}"));
        let page = head("en/conditions/tickets/index.html");
        assert_eq!(
            (page.content_type.as_str(), page.cache_control.as_str()),
            ("text/html; charset=utf-8", "no-cache")
        );
        let css = head("style.css");
        assert_eq!(
            (css.content_type.as_str(), css.cache_control.as_str()),
            ("text/css; charset=utf-8", "no-cache")
        );
        let logo = head("logo.png");
        assert_eq!(
            (logo.content_type.as_str(), logo.cache_control.as_str()),
            ("image/png", "public, max-age=604800, immutable")
        );
        let sitemap = head("sitemap.xml");
        assert!(sitemap.content_type.ends_with("xml; charset=utf-8"), "{sitemap:?}");
        assert_eq!(sitemap.cache_control, "no-cache");
    }
    let before = bucket.snapshot();
    let again = deploy(&site, &server.env(), &[]).ok();
    for brand in ["north", "south"] {
        assert_eq!(counts(&again, brand), (0, 0, built(&site, brand).len()), "{again}");
    }
    assert!(bucket.snapshot() == before, "a deploy with nothing to do changed the bucket");
}

#[test]
fn after_one_edit_only_the_changed_files_go_up_and_the_others_keep_their_timestamps() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    let before_files = (built(&site, "north"), built(&site, "south"));
    let before = bucket.snapshot();
    let head_before = bucket.head("north/en/conditions/luggage/index.html");
    std::thread::sleep(std::time::Duration::from_millis(1100)); // Last-Modified counts seconds
    site.write("content/en/conditions/tickets.md", &TICKETS.replace("one crossing", "one crossing and back"));
    site.build().ok();
    let paths_file = site.root().join("changed.txt");
    let out = deploy(&site, &server.env(), &["--changed-paths", paths_file.to_str().unwrap()]).ok();
    let after = bucket.snapshot();
    for (brand, old) in [("north", &before_files.0), ("south", &before_files.1)] {
        let new = built(&site, brand);
        let changed: Vec<&String> = new.keys().filter(|k| old.get(*k) != new.get(*k)).collect();
        assert!(changed.iter().any(|k| k.as_str() == "en/conditions/tickets/index.html"), "{changed:?}");
        assert!(changed.len() < new.len() / 2, "an edit to one document changed {changed:?}");
        let (uploaded, deleted, unchanged) = counts(&out, brand);
        assert_eq!((uploaded, deleted, unchanged), (changed.len(), 0, new.len() - changed.len()), "{out}");
        for key in new.keys() {
            let object = format!("ferries/{brand}/{key}");
            let (was, is) = (&before[&object], &after[&object]);
            if changed.contains(&key) {
                assert_eq!(is.0, new[key], "{object} has the new bytes");
            } else {
                assert!(was == is, "{object} was not changed, yet was rewritten");
            }
        }
    }
    assert_eq!(
        bucket.head("north/en/conditions/luggage/index.html").last_modified,
        head_before.last_modified
    );
    let paths = std::fs::read_to_string(&paths_file).unwrap();
    for wanted in
        ["/en/conditions/tickets/", "/en/conditions/tickets/index.html", "/legal/en/conditions/tickets/"]
    {
        assert!(paths.lines().any(|l| l == wanted), "{wanted} not in changed paths:\n{paths}");
    }
    assert!(!paths.contains("luggage"), "{paths}");
}

#[test]
fn a_removed_documents_pages_are_deleted_but_not_beyond_the_guard() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    std::fs::remove_file(site.root().join("content/en/conditions/luggage.md")).unwrap();
    site.build().ok();
    let before = bucket.snapshot();
    let refused = deploy(&site, &server.env(), &["--max-deletes", "0"]);
    let err = refused.failed();
    assert!(err.contains("too-many-deletes") && err.contains("more than max_deletes = 0"), "{err}");
    assert!(err.contains("en/conditions/luggage/index.html") && err.contains("--max-deletes"), "{err}");
    assert!(bucket.snapshot() == before, "a refused deploy changed the bucket");
    let out = deploy(&site, &server.env(), &[]).ok();
    for brand in ["north", "south"] {
        let (_, deleted, _) = counts(&out, brand);
        assert!(deleted >= 2, "the luggage pages (en and de) are deleted: {out}");
        let left = bucket.list(&format!("{brand}/"));
        assert!(!left.keys().any(|k| k.contains("luggage")), "{left:?}");
        assert_eq!(left.len(), built(&site, brand).len() + 1);
    }
}

#[test]
fn a_changed_header_rule_uploads_the_files_it_touches_and_only_those() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    site.write("site.toml", &SITE.replace("public, max-age=604800, immutable", "public, max-age=60"));
    let out = deploy(&site, &server.env(), &[]).ok();
    for brand in ["north", "south"] {
        assert_eq!(counts(&out, brand).0, 1, "only logo.png: {out}");
        assert_eq!(bucket.head(&format!("{brand}/logo.png")).cache_control, "public, max-age=60");
    }
    let forced = deploy(&site, &server.env(), &["--force"]).ok();
    assert_eq!(
        counts(&forced, "south"),
        (built(&site, "south").len(), 0, 0),
        "--force uploads every file: {forced}"
    );
}

#[test]
fn a_dry_run_says_what_it_would_do_and_changes_nothing() {
    let (site, server, bucket) = started();
    let before = bucket.snapshot();
    let out = deploy(&site, &server.env(), &["--dry-run"]).ok();
    assert!(out.contains("would upload north/en/conditions/tickets/index.html"), "{out}");
    assert_eq!(counts(&out, "north").0, built(&site, "north").len());
    assert!(out.contains("dry run"), "{out}");
    assert!(bucket.snapshot() == before, "a dry run changed the bucket");
    assert!(bucket.list("").is_empty());
}

#[test]
fn a_tampered_output_is_refused_and_nothing_changes() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    let before = bucket.snapshot();
    site.write("public/north/en/index.html", "edited by hand");
    site.write("public/south/stray.html", "not built");
    let err = deploy(&site, &server.env(), &[]).failed();
    assert!(err.contains("error[output-mismatch]") && err.contains("does not match manifest.json"), "{err}");
    assert!(
        err.contains("north/en/index.html") && err.contains("south/stray.html: not in manifest.json"),
        "{err}"
    );
    assert!(bucket.snapshot() == before, "a refused deploy changed the bucket");
    site.build().ok();
    site.write("public/.clause-incomplete", "");
    let err = deploy(&site, &server.env(), &[]).failed();
    assert!(err.contains(".clause-incomplete") && err.contains("did not finish"), "{err}");
    assert!(bucket.snapshot() == before);
}

#[test]
fn a_dead_endpoint_names_the_brand_and_the_place_and_never_panics() {
    let (site, server, bucket) = started();
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap(); // closed on drop
    let mut env = server.env();
    env.retain(|(k, _)| *k != "AWS_ENDPOINT_URL");
    env.push(("AWS_ENDPOINT_URL", format!("http://{dead}")));
    let start = std::time::Instant::now();
    let run = deploy(&site, &env, &[]);
    let err = run.failed();
    assert!(err.contains("brand `north` at s3://ferries/north") && err.contains("brand `south`"), "{err}");
    assert!(err.contains("error[deploy-failed]"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(start.elapsed() < std::time::Duration::from_secs(60), "gave up only after {:?}", start.elapsed());
    never_prints_the_secret(&run);
    assert!(bucket.list("").is_empty());
}

#[test]
fn wrong_credentials_are_refused_and_no_credential_is_ever_printed() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    let before = bucket.snapshot();
    site.write("content/en/conditions/tickets.md", &TICKETS.replace("valid", "good"));
    site.build().ok();
    let mut env = server.env();
    env.retain(|(k, _)| *k != "AWS_SECRET_ACCESS_KEY");
    let wrong = "Wr0ng-secret-never-shown-4412";
    env.push(("AWS_SECRET_ACCESS_KEY", wrong.into()));
    env.push(("RUST_LOG", "trace".into()));
    let run = deploy(&site, &env, &[]);
    let err = run.failed();
    assert!(err.contains("brand `north` at s3://ferries/north"), "{err}");
    for text in [run.stdout(), run.stderr()] {
        assert!(!text.contains(wrong) && !text.contains(SECRET_KEY), "a secret was printed:\n{text}");
    }
    assert!(bucket.snapshot() == before, "a refused deploy changed the bucket");
    let dry = deploy(&site, &env, &["--dry-run"]);
    assert!(!dry.stdout().contains(wrong) && !dry.stderr().contains(wrong));
}

#[test]
fn a_corrupt_or_newer_record_makes_the_place_unknown_and_a_stray_object_is_cleaned_up() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    bucket.put("north/.clause-manifest.json", b"{ not json");
    bucket.put("north/left-by-another-tool.txt", b"old");
    bucket.put("south/.clause-manifest.json", br#"{"format": 7, "generator": "clause 9", "files": {}}"#);
    let run = deploy(&site, &server.env(), &[]);
    let out = run.ok();
    let err = run.stderr();
    assert!(err.contains("north") && err.contains("corrupt") && err.contains("treated as unknown"), "{err}");
    assert!(err.contains("format 7") && err.contains("newer clause"), "{err}");
    assert_eq!(counts(&out, "north"), (built(&site, "north").len(), 1, 0), "{out}");
    assert!(bucket.get("north/left-by-another-tool.txt").is_none());
    let again = deploy(&site, &server.env(), &[]).ok();
    assert_eq!(counts(&again, "north").0, 0, "the record was written again: {again}");
}

#[test]
fn a_deploy_that_stopped_part_way_leaving_no_record_and_a_torn_object_is_repaired_by_the_next() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    // What a deploy killed after its first change leaves: no record, an object half-updated.
    bucket.delete("north/.clause-manifest.json");
    bucket.put("north/en/index.html", b"torn");
    let out = deploy(&site, &server.env(), &[]).ok();
    assert_eq!(counts(&out, "north").0, built(&site, "north").len(), "{out}");
    assert_eq!(bucket.get("north/en/index.html").unwrap(), built(&site, "north")["en/index.html"]);
}

#[test]
fn only_the_brands_asked_for_or_held_by_a_shard_are_deployed() {
    let (site, server, bucket) = started();
    let out = deploy(&site, &server.env(), &["--brand", "south"]).ok();
    assert!(out.contains("south: uploaded") && !out.contains("north:"), "{out}");
    assert!(bucket.list("north/").is_empty());
    let out_dir = site.root().join("shard1");
    let built = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["build", "--shard", "1/2", "--out"])
        .arg(&out_dir)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    assert!(built.status.success());
    let out = deploy(&site, &server.env(), &["--out", out_dir.to_str().unwrap()]).ok();
    assert!(out.contains("north: uploaded") && !out.contains("south:"), "shard 1/2 holds north only: {out}");
    let err = deploy(&site, &server.env(), &["--brand", "nowhere"]);
    assert_eq!(err.code(), 2, "{}", err.stderr());
}

#[test]
fn a_file_target_gets_each_brand_folder_and_a_second_deploy_touches_nothing() {
    let site = ferry_site();
    let places = tempfile::tempdir().unwrap();
    let url = format!("file://{}/{{brand}}", places.path().display());
    site.write("site.toml", &SITE.replace("s3://ferries/{brand}", &url));
    site.build().ok();
    let out = deploy(&site, &[], &[]).ok();
    for brand in ["north", "south"] {
        let mut files = built(&site, brand);
        let placed = snapshot_of(&places.path().join(brand));
        assert!(placed.contains_key(".clause-manifest.json"));
        let placed: BTreeMap<String, Vec<u8>> = placed
            .into_iter()
            .filter(|(k, _)| k != ".clause-manifest.json")
            .map(|(k, (b, _))| (k, b))
            .collect();
        assert_eq!(placed, std::mem::take(&mut files), "{brand}: {out}");
    }
    let before = snapshot_of(places.path());
    let again = deploy(&site, &[], &[]).ok();
    assert_eq!(counts(&again, "north").0, 0, "{again}");
    assert!(snapshot_of(places.path()) == before);
}

#[test]
fn bad_deploy_settings_name_their_key_and_line_before_anything_is_sent() {
    let site = ferry_site();
    site.build().ok();
    let bad = SITE
        .replace("url = \"s3://ferries/{brand}\"", "url = \"s3://ferries/{brnad}\"")
        .replace("max_deletes = 40", "max_deletes = -1")
        .replace("pattern = \"**/*.png\"", "pattern = \"**/*.{png\"")
        .replace("[brands.south.vars]", "deploy_url = \"ftp://south/\"\n[brands.south.vars]");
    site.write("site.toml", &bad);
    let err = deploy(&site, &[], &[]).failed();
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (needle, key) in [
        ("{brnad}", "deploy.url"),
        ("-1", "max_deletes"),
        ("{png", "deploy.headers[0].pattern"),
        ("ftp://", "brands.south.deploy_url"),
    ] {
        let at = format!("site.toml:{}:", line_of(needle));
        assert!(err.lines().any(|l| l.contains(&at) && l.contains(key)), "{key} at {at} in:\n{err}");
    }
    assert!(err.contains("error[invalid-deploy-header]: site.toml:"), "{err}");
    site.write("site.toml", &SITE.replace("url = \"s3://ferries/{brand}\"", "url = \"s3://ferries/\""));
    let err = deploy(&site, &[], &[]).failed();
    assert!(err.contains("has no `{brand}`") && err.contains("site.toml:5:"), "{err}");
    site.write("site.toml", &SITE.replace("max_deletes = 40", "max_deletes = 40\nmax_delete = 3"));
    let err = deploy(&site, &[], &[]).failed();
    assert!(err.contains("unknown-config-key") && err.contains("site.toml:7:"), "{err}");
    site.write(
        "site.toml",
        &SITE
            .replace("url = \"s3://ferries/{brand}\"\n", "")
            .replace("[brands.north.vars]", "deploy_url = \"s3://north-legal/\"\n[brands.north.vars]"),
    );
    let err = deploy(&site, &[], &[]).failed();
    assert!(
        err.contains("brand `south` has no place to deploy to") && !err.contains("brand `north` has"),
        "{err}"
    );
    assert!(Path::new(&site.out()).join("manifest.json").exists());
}

/// An endpoint that answers nothing but counts the connections made to it: a deploy that
/// refuses must never reach it.
struct Listener(std::net::TcpListener);

impl Listener {
    fn start() -> Listener {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        Listener(l)
    }
    fn env(&self) -> Vec<(&'static str, String)> {
        let endpoint = format!("http://{}", self.0.local_addr().unwrap());
        vec![
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_ENDPOINT_URL", endpoint),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]
    }
    fn connections(&self) -> usize {
        std::iter::from_fn(|| self.0.accept().ok()).count()
    }
}

/// Two brands whose places nest: `south` inside `north`'s. A deploy of `north` deletes what
/// `north` does not have, `south`'s pages included, so the deploy is refused, for every
/// brand, before any request (SPEC: "nothing changed anywhere").
#[test]
fn two_brands_whose_places_nest_are_refused_before_any_request() {
    let site = ferry_site();
    let nested = SITE
        .replace("url = \"s3://ferries/{brand}\"\n", "")
        .replace("[brands.north.vars]", "deploy_url = \"s3://ferries/legal\"\n[brands.north.vars]")
        .replace("[brands.south.vars]", "deploy_url = \"s3://ferries/legal/south/\"\n[brands.south.vars]");
    site.write("site.toml", &nested);
    site.build().ok();
    let server = S3Server::start();
    let bucket = server.bucket("ferries");
    bucket.put("legal/south/en/index.html", b"south's page, deployed before");
    bucket.put("legal/kept.txt", b"kept");
    let before = bucket.snapshot();
    let line = nested.lines().position(|l| l.contains("s3://ferries/legal/south/")).unwrap() + 1;
    for brands in [&[][..], &["--brand", "north"][..], &["--brand", "south"][..]] {
        let err = deploy(&site, &server.env(), brands).failed();
        assert!(
            err.contains(&format!("error[overlapping-deploy-places]: site.toml:{line}:14: brand `south` would deploy to s3://ferries/legal/south, which overlaps brand `north`'s s3://ferries/legal")),
            "{brands:?}: {err}"
        );
        assert!(bucket.snapshot() == before, "{brands:?}: a refused deploy changed the bucket");
    }
    let listener = Listener::start();
    let err = deploy(&site, &listener.env(), &[]).failed();
    assert!(err.contains("overlapping-deploy-places"), "{err}");
    assert_eq!(listener.connections(), 0, "a refused deploy sent a request");
}

#[test]
fn a_brand_without_a_place_is_refused_naming_its_table() {
    let site = ferry_site();
    site.write("site.toml", &SITE.replace("url = \"s3://ferries/{brand}\"\n", ""));
    site.build().ok();
    let err = deploy(&site, &[], &[]).failed();
    let line = SITE.lines().position(|l| l.starts_with("[brands.north]")).unwrap();
    assert!(err.contains(&format!("error[no-deploy-place]: site.toml:{line}:")), "{err}");
    assert!(err.contains("brand `north` has no place to deploy to"), "{err}");
}

/// `deploy` publishes what `build` wrote: a brand the output does not hold is refused (its
/// place would otherwise be emptied), and so is an output that holds no brand at all.
#[test]
fn a_brand_that_is_not_built_is_refused_and_its_place_kept() {
    let (site, server, bucket) = started();
    deploy(&site, &server.env(), &[]).ok();
    let before = bucket.snapshot();
    site.run(&["build", "--brand", "north"]).ok();
    let err = deploy(&site, &server.env(), &["--brand", "south"]).failed();
    assert!(err.contains("error[not-built]: brand `south` is not in the output "), "{err}");
    assert!(err.contains("help: build it first: clause build --brand south"), "{err}");
    assert!(bucket.snapshot() == before, "a refused deploy changed the bucket");
    // A shard of none of the two brands (share 1 of 3 holds brands [0, 2/3)).
    site.run(&["build", "--shard", "1/3"]).ok();
    let err = deploy(&site, &server.env(), &[]).failed();
    assert!(err.contains("error[not-built]: the output ") && err.contains(" holds no brand"), "{err}");
    assert!(bucket.snapshot() == before, "a refused deploy changed the bucket");
}

#[test]
fn the_ci_examples_are_valid_yaml_that_build_shards_deploy_and_run_daily() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci");
    for name in ["github-actions.yml", "gitlab-ci.yml"] {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        let yaml: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(yaml.as_mapping().is_some_and(|m| !m.is_empty()), "{name}");
        for wanted in ["clause build --shard", "clause deploy", "--changed-paths"] {
            assert!(text.contains(wanted), "{name} lacks {wanted}");
        }
    }
    let gh: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(root.join("github-actions.yml")).unwrap()).unwrap();
    assert!(gh["on"]["schedule"][0]["cron"].as_str().is_some(), "a daily schedule");
    let shards = &gh["jobs"]["publish"]["strategy"]["matrix"]["shard"];
    assert!(shards.as_sequence().is_some_and(|s| s.len() > 1), "a matrix of shards: {shards:?}");
    let gl: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(root.join("gitlab-ci.yml")).unwrap()).unwrap();
    assert!(
        gl["publish"]["parallel"]["matrix"][0]["SHARD"].as_sequence().is_some_and(|s| s.len() > 1),
        "{gl:?}"
    );
}

#[test]
fn an_azure_container_gets_every_file_with_its_headers_and_a_second_deploy_uploads_nothing() {
    let site = ferry_site();
    site.write("site.toml", &SITE.replace("s3://ferries/{brand}", "az://ferries/legal/{brand}"));
    site.build().ok();
    let azurite = common::azurite::Azurite::start();
    azurite.create_container("ferries");
    let out = deploy(&site, &azurite.env(), &[]).ok();
    let listed = azurite.list("ferries");
    for brand in ["north", "south"] {
        let files = built(&site, brand);
        assert_eq!(counts(&out, brand), (files.len(), 0, 0), "{out}");
        assert!(out.contains(&format!("→ az://ferries/legal/{brand}")), "{out}");
        for (key, bytes) in &files {
            let name = format!("legal/{brand}/{key}");
            assert_eq!(listed.get(&name), Some(&(bytes.len() as u64)), "{name} in {listed:?}");
            // Bytes, not sizes: the brands' values are of equal length ("North"/"South"), so
            // one brand's pages in the other's place would have every size right.
            let (got, _, _) = azurite.get("ferries", &name);
            assert!(&got == bytes, "{name}: not the bytes of the output's {brand}/{key}");
        }
        assert!(listed.contains_key(&format!("legal/{brand}/.clause-manifest.json")), "{listed:?}");
        let (page, content_type, cache_control) =
            azurite.get("ferries", &format!("legal/{brand}/en/conditions/tickets/index.html"));
        assert_eq!(page, files["en/conditions/tickets/index.html"]);
        assert_eq!((content_type.as_str(), cache_control.as_str()), ("text/html; charset=utf-8", "no-cache"));
        let (_, png_type, png_cache) = azurite.get("ferries", &format!("legal/{brand}/logo.png"));
        assert_eq!(
            (png_type.as_str(), png_cache.as_str()),
            ("image/png", "public, max-age=604800, immutable")
        );
    }
    assert_eq!(listed.len(), built(&site, "north").len() + built(&site, "south").len() + 2, "{listed:?}");
    let again = deploy(&site, &azurite.env(), &[]).ok();
    for brand in ["north", "south"] {
        assert_eq!(counts(&again, brand), (0, 0, built(&site, brand).len()), "{again}");
    }
}
