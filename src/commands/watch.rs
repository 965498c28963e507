//! Watching the site for `serve --watch`: file events are debounced into batches (an
//! editor's atomic save — write a temporary file, rename it over — arrives as one batch),
//! and the session decides what a batch touched.

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the watcher waits for a burst of events to end. An editor's save (a temporary
/// file written, then renamed over the document) is over within a millisecond or two; a
/// batch that still splits one is handled (see `Session::markdown_only`).
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// One batch of changed paths.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub paths: Vec<PathBuf>,
}

/// Paths that never affect the site: the build output, VCS and editor droppings.
fn ignored(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) || path.starts_with(root.join("target")) {
        return true;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// Watches `root` recursively; sends each debounced batch that matters to `tx`. Reads (the
/// rebuild's own among them) are not changes.
pub fn watch(
    root: &Path,
    output: &Path,
    tx: Sender<Batch>,
) -> notify_debouncer_full::notify::Result<
    Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>,
> {
    let (root_c, output_c) = (root.to_path_buf(), output.to_path_buf());
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !e.kind.is_access())
            .flat_map(|e| e.paths.iter().cloned())
            .filter(|p| !ignored(&root_c, &output_c, p))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(Batch { paths });
        }
    })?;
    debouncer.watch(root, RecursiveMode::Recursive)?;
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_ignored() {
        let root = Path::new("/site");
        assert!(ignored(root, &root.join("public"), &root.join("public/x.html")));
        assert!(ignored(root, &root.join("public"), &root.join("content/en/.a.md.swp")));
        assert!(ignored(root, &root.join("public"), &root.join(".git/index")));
        assert!(!ignored(root, &root.join("public"), &root.join("content/en/a.md")));
    }
}
