//! What a deploy tells its caller: one summary line per brand (uploaded, deleted,
//! unchanged, the place), the would-be changes of a dry run, and the `--changed-paths`
//! file: the URL paths whose content changed, one a line, on the brand's `base_url` path,
//! for a CDN purge.

use super::places::Place;
use super::plan::UploadPlan;
use std::path::Path;

/// The summary line of one brand.
pub fn summary(brand: &str, plan: &UploadPlan, place: &Place, dry_run: bool) -> String {
    let (up, del) = if dry_run { ("would upload", "would delete") } else { ("uploaded", "deleted") };
    let mut line = format!(
        "{brand}: {up} {}, {del} {}, unchanged {} → {place}",
        plan.uploads.len(),
        plan.deletes.len(),
        plan.unchanged
    );
    if dry_run {
        line.push_str(" (dry run: nothing was changed)");
    }
    line
}

/// The lines a dry run prints before its summary: every upload and delete.
pub fn dry_run_lines(brand: &str, plan: &UploadPlan) -> Vec<String> {
    let ups =
        plan.uploads.iter().map(|u| format!("  would upload {brand}/{} ({})", u.key, u.headers.content_type));
    let dels = plan.deletes.iter().map(|k| format!("  would delete {brand}/{k}"));
    ups.chain(dels).collect()
}

/// The URL paths a plan changes below `base_path` (the path of the brand's `base_url`,
/// without a trailing `/`): each key, and for an `index.html` its folder too, since a CDN
/// caches `/en/` apart from `/en/index.html`.
pub fn changed_paths(base_path: &str, plan: &UploadPlan) -> Vec<String> {
    let keys = plan.uploads.iter().map(|u| u.key.as_str()).chain(plan.deletes.iter().map(String::as_str));
    let mut paths = Vec::new();
    for key in keys {
        paths.push(format!("{base_path}/{key}"));
        if key == "index.html" || key.ends_with("/index.html") {
            paths.push(format!("{base_path}/{}", key.trim_end_matches("index.html")));
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

/// The path part of a brand's `base_url`, without a trailing `/` (`""` at a host's root).
pub fn base_path(base_url: &str) -> String {
    url::Url::parse(base_url).map(|u| u.path().trim_end_matches('/').to_string()).unwrap_or_default()
}

/// Writes the changed paths: to one file, or one file per brand when `file` holds `{brand}`.
pub fn write_changed_paths(file: &Path, by_brand: &[(String, Vec<String>)]) -> std::io::Result<()> {
    let template = file.to_string_lossy();
    if template.contains("{brand}") {
        for (brand, paths) in by_brand {
            write_lines(Path::new(&template.replace("{brand}", brand)), paths.iter())?;
        }
        return Ok(());
    }
    write_lines(file, by_brand.iter().flat_map(|(_, p)| p.iter()))
}

fn write_lines<'a>(file: &Path, lines: impl Iterator<Item = &'a String>) -> std::io::Result<()> {
    let text: String = lines.map(|l| format!("{l}\n")).collect();
    std::fs::write(file, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::headers::Headers;
    use crate::deploy::plan::{Tier, Upload};

    #[test]
    fn an_index_page_changes_its_folder_too() {
        let headers = Headers { content_type: "text/html".into(), cache_control: "no-cache".into() };
        let up = |key: &str| Upload {
            key: key.into(),
            local: key.into(),
            sha256: String::new(),
            headers: headers.clone(),
            tier: Tier::Page,
        };
        let plan = UploadPlan {
            uploads: vec![up("en/index.html"), up("index.html")],
            deletes: vec!["old.css".into()],
            ..UploadPlan::default()
        };
        assert_eq!(
            changed_paths("/portal", &plan),
            ["/portal/", "/portal/en/", "/portal/en/index.html", "/portal/index.html", "/portal/old.css"]
        );
        assert_eq!(base_path("https://legal.initech.example/portal/"), "/portal");
        assert_eq!(base_path("https://legal.acme.example"), "");
    }
}
