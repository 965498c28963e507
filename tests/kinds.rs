//! Every kind of finding clause reports (`clause::diag::Kind`) is documented in the README
//! and asserted by some test under `tests/` (its name in quotes), so a new kind cannot land
//! without both. Internal and usage kinds are the exceptions named below.

use clause::diag::Kind;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// Every test file's text, this one left out.
fn tests_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs") && e.file_name() != "kinds.rs")
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect()
}

/// Kinds no site can cause: a defect of clause itself, and the command line's.
const NOT_SITE_ERRORS: &[Kind] = &[Kind::Internal, Kind::Usage];

#[test]
fn every_kind_is_documented_in_the_readme() {
    let readme = read("README.md");
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| !NOT_SITE_ERRORS.contains(k))
        .map(|k| k.as_str())
        .filter(|name| !readme.contains(&format!("`{name}`")))
        .collect();
    assert!(missing.is_empty(), "the README names no `{missing:?}`");
}

#[test]
fn every_kind_is_asserted_by_a_test() {
    let tests = tests_text();
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| !NOT_SITE_ERRORS.contains(k))
        .map(|k| k.as_str())
        .filter(|name| !tests.contains(&format!("\"{name}\"")))
        .collect();
    assert!(missing.is_empty(), "no test under tests/ names {missing:?}");
}
