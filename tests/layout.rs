//! The shape of `src/`: folders are the stages of a build, each depending only on the ones
//! before it, with no import circle between files; no file is over 400 lines; and the
//! README's Architecture tree names every file. Read from the source text (every `crate::…`
//! and `super::…` path outside comments and test modules), so a new import that breaks the
//! order fails here, not in review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages, in build order. `diag.rs` is beneath them all; `lib.rs` and `main.rs` above.
const STAGES: &[&str] =
    &["diag", "config", "content", "site", "render", "output", "deploy", "translate", "check", "commands"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as a path relative to it with `/` separators.
fn files() -> Vec<String> {
    let root = src();
    let mut out: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.path().strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    out.sort();
    out
}

/// The module path of a file: `render/pages/listings.rs` → [render, pages, listings].
fn module_of(file: &str) -> Vec<String> {
    let trimmed = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The file that defines the longest prefix of `path` that is a module.
fn file_of(path: &[String], modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    (1..=path.len()).rev().find_map(|n| modules.get(&path[..n]).cloned())
}

/// The code of a file without comments and without its `#[cfg(test)]` module.
fn code_of(text: &str) -> String {
    let end = text.find("#[cfg(test)]").unwrap_or(text.len());
    text[..end]
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module paths a file's code names: `crate::a::b` → [a, b]; `super::X` from
/// `render/pages/listings.rs` → [render, pages, X].
fn references(file: &str, code: &str) -> Vec<Vec<String>> {
    let re = regex::Regex::new(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)+)").unwrap();
    let here = module_of(file);
    re.captures_iter(code)
        .map(|c| {
            let tail: Vec<String> = c[2].split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
            let mut path =
                if &c[1] == "super" { here[..here.len().saturating_sub(1)].to_vec() } else { vec![] };
            path.extend(tail);
            path
        })
        .collect()
}

/// File → the other files its code imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules: BTreeMap<Vec<String>, String> = files().into_iter().map(|f| (module_of(&f), f)).collect();
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(src().join(file)).unwrap();
        let deps: BTreeSet<String> = references(file, &code_of(&text))
            .iter()
            .filter_map(|p| file_of(p, &modules))
            .filter(|f| f != file && !module.is_empty())
            .collect();
        graph.insert(file.clone(), deps);
    }
    graph
}

/// The stage of a file: its first folder (or its name, for `diag.rs`).
fn stage_of(file: &str) -> Option<usize> {
    let first = file.split('/').next()?.trim_end_matches(".rs");
    STAGES.iter().position(|s| *s == first)
}

#[test]
fn every_file_is_in_a_stage_folder() {
    let loose: Vec<String> =
        files().into_iter().filter(|f| stage_of(f).is_none() && f != "lib.rs" && f != "main.rs").collect();
    assert!(loose.is_empty(), "files outside the stage folders: {loose:?}");
}

#[test]
fn each_stage_depends_only_on_the_stages_before_it() {
    let mut wrong = Vec::new();
    for (file, deps) in graph() {
        let Some(stage) = stage_of(&file) else { continue };
        for dep in deps {
            match stage_of(&dep) {
                Some(d) if d <= stage => {}
                _ => wrong.push(format!("{file} → {dep}")),
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the build order {STAGES:?}:\n{}", wrong.join("\n"));
}

/// Depth-first search for a cycle, returned as the files along it.
fn cycle_from(
    node: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    stack: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(i) = stack.iter().position(|n| n == node) {
        return Some(stack[i..].to_vec());
    }
    if done.contains(node) {
        return None;
    }
    stack.push(node.to_string());
    for next in graph.get(node).into_iter().flatten() {
        if let Some(cycle) = cycle_from(next, graph, stack, done) {
            return Some(cycle);
        }
    }
    stack.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn no_two_files_import_each_other_even_through_others() {
    let graph = graph();
    let (mut stack, mut done) = (Vec::new(), BTreeSet::new());
    for file in graph.keys() {
        if let Some(cycle) = cycle_from(file, &graph, &mut stack, &mut done) {
            panic!("an import circle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_graph_sees_real_imports() {
    // Guards the test itself: a parser that found nothing would pass the two tests above.
    let graph = graph();
    assert!(graph["render/run.rs"].contains("render/theme.rs"), "{:?}", graph["render/run.rs"]);
    assert!(graph["render/pages/listings.rs"].contains("render/pages.rs"));
    assert!(graph["commands/build.rs"].contains("output/staging.rs"));
}

#[test]
fn no_file_in_src_is_over_400_lines() {
    let long: Vec<String> = files()
        .into_iter()
        .map(|f| (std::fs::read_to_string(src().join(&f)).unwrap().lines().count(), f))
        .filter(|(n, _)| *n > 400)
        .map(|(n, f)| format!("{f}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these along their responsibilities: {long:?}");
}

#[test]
fn the_readme_tree_names_every_file_in_src() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("## Architecture").expect("README has an Architecture section");
    let section = &readme[start..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let missing: Vec<String> = files()
        .into_iter()
        .filter(|f| {
            let name = f.rsplit('/').next().unwrap();
            let folder = f.rsplit_once('/').map_or("", |(d, _)| d.rsplit('/').next().unwrap_or(d));
            !section.contains(&format!("{folder}/")) || !section.contains(name)
        })
        .collect();
    assert!(missing.is_empty(), "the README's Architecture tree lacks: {missing:?}");
}
