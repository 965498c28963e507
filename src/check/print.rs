//! How `check` reports: text for people (grouped by locale, with a summary table, coloured
//! on a terminal unless `NO_COLOR` is set) and one JSON object for tools.
//!
//! The JSON schema (stable):
//!
//! ```text
//! { "findings": [ { "severity": "error" | "warning", "kind": "broken-link" | …,
//!                   "file": "content/en/a.md" | null, "line": 12 | null, "column": 3 | null,
//!                   "locale": "zh-CN" | null, "brand": "acme" | null,
//!                   "message": "…", "help": "…" | null } ],
//!   "summary": { "errors": 0, "warnings": 2,
//!                "warnings_by_kind": { "duplicate-clause": 1, "missing-translation": 1 },
//!                "locales": { "zh-CN": { "translated": 3, "missing": 1, "outdated": 0,
//!                                        "placeholder_mismatch": 0, "clause_mismatch": 0,
//!                                        "segments": 12 } } } }
//! ```
//!
//! `segments` counts what a translator has left in that locale, in segments (headings,
//! paragraphs, list items, table cells and the title, description and summary), as
//! `clause translate export --changed` would give them. `warnings_by_kind` names only the kinds that occur, each with its count (they add up to
//! `warnings`). The HTML status page is [`crate::check::status_page`].

use crate::check::report::Report;
use crate::diag::{Diagnostic, Severity};
use anstyle::{AnsiColor, Style};
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The report as one JSON object.
pub fn to_json(report: &Report) -> serde_json::Value {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|d| {
            json!({
                "severity": d.severity,
                "kind": d.kind,
                "file": d.file.as_ref().map(|f| f.to_string_lossy().replace('\\', "/")),
                "line": d.line,
                "column": d.column,
                "locale": d.locale,
                "brand": d.brand,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    json!({
        "findings": findings,
        "summary": {
            "errors": report.errors(),
            "warnings": report.warnings(),
            "warnings_by_kind": report.warnings_by_kind(),
            "locales": report.locales,
        },
    })
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HEADING: Style = Style::new().bold();

/// The report as text: findings grouped by locale (site-wide ones first), then the table.
/// Styles are ANSI codes; the caller's stream strips them where colour is not wanted.
pub fn to_text(report: &Report) -> String {
    let mut out = String::new();
    let mut groups: BTreeMap<Option<&str>, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &report.findings {
        groups.entry(d.locale.as_deref()).or_default().push(d);
    }
    for (locale, findings) in groups {
        let title = locale.map_or("site".to_string(), |l| format!("locale {l}"));
        let _ = writeln!(out, "{HEADING}{title}{HEADING:#}");
        for d in findings {
            let style = if d.severity == Severity::Error { ERROR } else { WARNING };
            let text = d.to_string();
            let (first, help) = text.split_once('\n').unwrap_or((&text, ""));
            let (head, rest) = first.split_once(']').unwrap_or((first, ""));
            let brand = d.brand.as_ref().map(|b| format!(" [brand {b}]")).unwrap_or_default();
            let _ = writeln!(out, "  {style}{head}]{style:#}{rest}{brand}");
            if !help.is_empty() {
                let _ = writeln!(out, "  {help}");
            }
        }
        out.push('\n');
    }
    summary_table(report, &mut out);
    out
}

fn summary_table(report: &Report, out: &mut String) {
    if !report.locales.is_empty() {
        let _ = writeln!(
            out,
            "{HEADING}{:<10} {:>10} {:>8} {:>11} {:>12} {:>7} {:>8}{HEADING:#}",
            "locale", "translated", "missing", "out of date", "placeholders", "clauses", "segments"
        );
        for (l, s) in &report.locales {
            let _ = writeln!(
                out,
                "{l:<10} {:>10} {:>8} {:>11} {:>12} {:>7} {:>8}",
                s.translated, s.missing, s.outdated, s.placeholder_mismatch, s.clause_mismatch, s.segments
            );
        }
    }
    kind_table(report, out);
    let (e, w) = (report.errors(), report.warnings());
    let style = if e > 0 {
        ERROR
    } else if w > 0 {
        WARNING
    } else {
        HEADING
    };
    let _ = writeln!(out, "{style}{e} error{}, {w} warning{}{style:#}", plural(e), plural(w));
}

/// The warnings counted per kind, most frequent first.
fn kind_table(report: &Report, out: &mut String) {
    let mut kinds: Vec<(&str, usize)> = report.warnings_by_kind().into_iter().collect();
    if kinds.is_empty() {
        return;
    }
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(out, "{HEADING}{:<24} {:>8}{HEADING:#}", "warning", "count");
    for (kind, n) in kinds {
        let _ = writeln!(out, "{kind:<24} {n:>8}");
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
