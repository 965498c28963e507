//! Every kind of finding clause reports (`clause::diag::Kind`) is documented in the README
//! and asserted by some test under `tests/` (its name in quotes, or as printed:
//! `error[name]`), so a new kind cannot land without both. The exceptions are named below.

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

/// Kinds no site can cause: a defect of clause itself, the command line's (exit 2, tested
/// by its message), and a write the machine refused (a full disk; as root, which the tests
/// run as, no permission can be taken away to provoke it).
const NOT_SITE_ERRORS: &[Kind] = &[Kind::Internal, Kind::Usage, Kind::IoError];

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
        .filter(|name| !tests.contains(&format!("\"{name}\"")) && !tests.contains(&format!("[{name}]")))
        .collect();
    assert!(missing.is_empty(), "no test under tests/ names {missing:?}");
}
