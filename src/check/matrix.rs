//! The translation status of every document in every locale, as `check` found it: the rows of
//! the status page (`check --format html`, `serve`'s `/__clause/status`).
//!
//! A row is a document, keyed by its path and a version (always `None` until documents have
//! versions, SPEC §6: then each version of a document is a row of its own, and nothing else
//! here changes). A cell says what a translator needs to know, and which file to open.

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a cell says. A translation can be out of date and mismatched at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// The locale the others translate from.
    Source,
    Translated,
    Missing,
    Outdated,
    PlaceholderMismatch,
    ClauseMismatch,
}

impl State {
    /// The words the page shows (it never relies on colour alone).
    pub fn label(self) -> &'static str {
        match self {
            State::Source => "source",
            State::Translated => "translated",
            State::Missing => "missing",
            State::Outdated => "out of date",
            State::PlaceholderMismatch => "placeholder mismatch",
            State::ClauseMismatch => "clause mismatch",
        }
    }

    /// The CSS class of the state (`kebab-case` of its name).
    pub fn class(self) -> &'static str {
        match self {
            State::Source => "source",
            State::Translated => "translated",
            State::Missing => "missing",
            State::Outdated => "outdated",
            State::PlaceholderMismatch => "placeholder-mismatch",
            State::ClauseMismatch => "clause-mismatch",
        }
    }
}

/// One document in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Never empty.
    pub states: Vec<State>,
    /// The file to open, relative to the root: the translation, or for a missing one the
    /// source file to translate.
    pub file: PathBuf,
    /// The line the cell's first finding points at, when it has one.
    pub line: Option<usize>,
    /// The segments (headings, paragraphs, cells, title…) left to translate: all of a
    /// missing translation's, the new and changed ones of an outdated one.
    pub segments: Option<usize>,
}

/// A document (or, later, one version of it) across the locales.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// `agreement/privacy-policy`.
    pub key: String,
    /// `None`: the document as it is (the only kind of row until versions exist).
    pub version: Option<String>,
    /// By locale tag.
    pub cells: BTreeMap<String, Cell>,
}

/// Every row, in the order of their keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matrix {
    /// The columns, in the site's order of locales.
    pub locales: Vec<String>,
    pub rows: BTreeMap<(String, Option<String>), Row>,
}

impl Matrix {
    /// Sets the cell of document `key` in `locale`.
    pub fn set(&mut self, key: &str, locale: &str, cell: Cell) {
        let row = self
            .rows
            .entry((key.to_string(), None))
            .or_insert_with(|| Row { key: key.to_string(), ..Row::default() });
        row.cells.insert(locale.to_string(), cell);
    }

    /// The cells in one state, across all rows.
    pub fn count(&self, state: State) -> usize {
        self.rows.values().flat_map(|r| r.cells.values()).filter(|c| c.states.contains(&state)).count()
    }
}
