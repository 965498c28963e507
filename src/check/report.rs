//! What `check` found: every finding, the translation counts per locale and the matrix of
//! documents × locales. The printers (`print`, `status_page`) read only this.

use crate::check::matrix::Matrix;
use crate::diag::Diagnostic;
use serde::Serialize;
use std::collections::BTreeMap;

/// The counts of one locale in the translation report.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LocaleSummary {
    pub translated: usize,
    pub missing: usize,
    pub outdated: usize,
    pub placeholder_mismatch: usize,
    pub clause_mismatch: usize,
    /// Segments left to translate over all its documents ([`crate::check::workload`]).
    pub segments: usize,
}

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub findings: Vec<Diagnostic>,
    /// By locale tag; the default locale is not listed (it is the source of all).
    pub locales: BTreeMap<String, LocaleSummary>,
    /// Every document × locale, for the status page.
    pub matrix: Matrix,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// The warnings counted by kind, so a long report reads at a glance.
    pub fn warnings_by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut out = BTreeMap::new();
        for d in self.findings.iter().filter(|d| !d.is_error()) {
            *out.entry(d.kind.as_str()).or_insert(0) += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind;

    #[test]
    fn warnings_are_counted_by_kind_and_errors_apart() {
        let report = Report {
            findings: vec![
                Diagnostic::error(Kind::BrokenLink, "a"),
                Diagnostic::warning(Kind::MissingTranslation, "b"),
                Diagnostic::warning(Kind::MissingTranslation, "c"),
                Diagnostic::warning(Kind::DuplicateClause, "d"),
            ],
            ..Report::default()
        };
        assert_eq!((report.errors(), report.warnings()), (1, 3));
        let kinds: Vec<_> = report.warnings_by_kind().into_iter().collect();
        assert_eq!(kinds, [("duplicate-clause", 1), ("missing-translation", 2)]);
    }
}
