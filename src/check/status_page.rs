//! The status page: `check`'s findings as one self-contained HTML page for translators and
//! legal reviewers, who would rather look than read a terminal. A matrix of documents ×
//! locales, each cell saying in words and colour whether the document is translated,
//! missing, out of date or mismatched, and linking the file to open; the findings below it.
//!
//! It has no external files and no script (inline CSS only), so it can be mailed, attached to
//! a CI run or opened from disk. `check --format html` prints it; `serve` shows it at
//! `/__clause/status`. Rendered with minijinja, whose HTML auto-escaping escapes every value.

use crate::check::matrix::{Cell, Row};
use crate::check::report::Report;
use crate::diag::{Diagnostic, Severity};
use serde::Serialize;
use std::path::Path;

const TEMPLATE: &str = include_str!("../../assets/status_page.html");

#[derive(Serialize)]
struct Page<'a> {
    site: String,
    errors: usize,
    warnings: usize,
    kinds: Vec<KindCount>,
    locales: &'a [String],
    rows: Vec<RowCtx<'a>>,
    findings: Vec<FindingCtx<'a>>,
}

#[derive(Serialize)]
struct KindCount {
    kind: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct RowCtx<'a> {
    key: &'a str,
    version: Option<&'a str>,
    cells: Vec<CellCtx<'a>>,
}

#[derive(Serialize)]
struct CellCtx<'a> {
    locale: &'a str,
    /// Empty when the document is not in this locale at all.
    file: String,
    class: &'static str,
    states: Vec<&'static str>,
    /// Segments left to translate, when some are.
    segments: Option<usize>,
    missing: bool,
    href: String,
    /// `content/ja/a.md:12`: the file, and the line when a finding has one.
    place: String,
}

#[derive(Serialize)]
struct FindingCtx<'a> {
    severity: &'static str,
    kind: &'static str,
    place: Option<String>,
    href: Option<String>,
    locale: Option<&'a str>,
    brand: Option<&'a str>,
    message: &'a str,
    help: Option<&'a str>,
}

/// The page for `report` on the site at `root` (links to files are `file://` URLs under it).
pub fn to_html(report: &Report, root: &Path) -> Result<String, minijinja::Error> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut kinds: Vec<KindCount> =
        report.warnings_by_kind().into_iter().map(|(kind, count)| KindCount { kind, count }).collect();
    kinds.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(b.kind)));
    let page = Page {
        site: root.display().to_string(),
        errors: report.errors(),
        warnings: report.warnings(),
        kinds,
        locales: &report.matrix.locales,
        rows: report.matrix.rows.values().map(|r| row(r, report, &root)).collect(),
        findings: report.findings.iter().map(|d| finding(d, &root)).collect(),
    };
    let mut env = minijinja::Environment::new();
    env.add_template("status.html", TEMPLATE)?;
    env.get_template("status.html")?.render(&page)
}

fn row<'a>(r: &'a Row, report: &'a Report, root: &Path) -> RowCtx<'a> {
    let cells = report
        .matrix
        .locales
        .iter()
        .map(|l| match r.cells.get(l) {
            Some(c) => cell(l, c, report, root),
            None => CellCtx {
                locale: l,
                file: String::new(),
                class: "absent",
                states: Vec::new(),
                segments: None,
                missing: false,
                href: String::new(),
                place: String::new(),
            },
        })
        .collect();
    RowCtx { key: &r.key, version: r.version.as_deref(), cells }
}

fn cell<'a>(locale: &'a str, c: &Cell, report: &Report, root: &Path) -> CellCtx<'a> {
    let file = slashed(&c.file);
    // The line of the first finding about this file in this locale, when one has a line.
    let line = c.line.or_else(|| {
        report
            .findings
            .iter()
            .filter(|d| d.locale.as_deref() == Some(locale) && d.file.as_deref() == Some(c.file.as_path()))
            .find_map(|d| d.line)
    });
    let first = c.states.first().copied();
    CellCtx {
        locale,
        class: first.map_or("absent", |s| s.class()),
        states: c.states.iter().map(|s| s.label()).collect(),
        segments: c.segments.filter(|&n| n > 0),
        missing: first == Some(crate::check::matrix::State::Missing),
        href: file_url(root, &c.file),
        place: line.map_or(file.clone(), |l| format!("{file}:{l}")),
        file,
    }
}

fn finding<'a>(d: &'a Diagnostic, root: &Path) -> FindingCtx<'a> {
    let place = d.file.as_deref().map(|f| match d.line {
        Some(l) => format!("{}:{l}", slashed(f)),
        None => slashed(f),
    });
    FindingCtx {
        severity: if d.severity == Severity::Error { "error" } else { "warning" },
        kind: d.kind.as_str(),
        href: d.file.as_deref().map(|f| file_url(root, f)),
        place,
        locale: d.locale.as_deref(),
        brand: d.brand.as_deref(),
        message: &d.message,
        help: d.help.as_deref(),
    }
}

fn slashed(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// What a path segment keeps unencoded in a URL.
const SEGMENT: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'_').remove(b'~');

/// `file:///abs/path/content/ja/a.md`, each path segment percent-encoded.
fn file_url(root: &Path, rel: &Path) -> String {
    let abs = slashed(&root.join(rel));
    let segments: Vec<String> =
        abs.split('/').map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string()).collect();
    let path = segments.join("/");
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        format!("file:///{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::matrix::{Matrix, State};

    #[test]
    fn every_value_is_escaped() {
        let mut matrix = Matrix { locales: vec!["en".into(), "ja".into()], ..Matrix::default() };
        let cell = Cell {
            states: vec![State::Missing],
            file: "content/en/<b>.md".into(),
            line: None,
            segments: Some(3),
        };
        matrix.set("a/<b>", "ja", cell);
        let finding = Diagnostic::warning(crate::diag::Kind::MissingTranslation, "<script>alert(1)</script>")
            .in_file("content/en/<b>.md");
        let report = Report { findings: vec![finding], matrix, ..Report::default() };
        let html = to_html(&report, Path::new("/site")).unwrap().replace("&#x2f;", "/");
        assert!(!html.contains("<script>") && !html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("file:///site/content/en/%3Cb%3E.md"), "{html}");
        assert!(html.contains("<span class=\"state\">missing</span>translate"), "{html}");
    }
}
