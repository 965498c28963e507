//! Diagnostics: every problem a user can cause, with where it is and what would be right.
//!
//! Errors are collected, never thrown one at a time: a build reports every problem it
//! finds, sorted by file and position, so that one run shows a writer all there is to fix.

pub mod kind;

pub use kind::Kind;
use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail `build` and `check`; warnings fail only `check --strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding: a kind (stable, machine-readable), a place and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub kind: Kind,
    /// Relative to the site root where the file is inside it.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub locale: Option<String>,
    pub brand: Option<String>,
    pub message: String,
    /// What would be right, when there is something to say.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind,
            file: None,
            line: None,
            column: None,
            locale: None,
            brand: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(kind: Kind, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(kind, message) }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, pos: Pos) -> Self {
        self.line = Some(pos.line);
        self.column = Some(pos.column);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    pub fn brand(mut self, brand: impl Into<String>) -> Self {
        self.brand = Some(brand.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> impl Ord + '_ {
        (self.file.clone(), self.line, self.column, self.kind, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}[{}]: ", self.kind)?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let (Some(l), Some(c)) = (self.line, self.column) {
                write!(f, ":{l}:{c}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The command line asked for something the site does not have (`--brand acem`): exit 2,
/// the one shape every command reports it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<UsageError> for Diagnostic {
    fn from(u: UsageError) -> Diagnostic {
        Diagnostic::error(Kind::Usage, u.0)
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Pos { line, column }
    }

    /// This position, read in a part of a file that starts at line `first_line` (1-based).
    pub fn shifted(self, first_line: usize) -> Pos {
        Pos { line: self.line + first_line - 1, column: self.column }
    }
}

/// Line starts of a text, to turn many byte offsets into positions without rescanning.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }

    /// The byte offset where 1-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize, text: &str) -> usize {
        self.starts.get(line.saturating_sub(1)).copied().unwrap_or(text.len())
    }

    /// The position of byte `offset` of `text` (the text this index was built from).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        Pos { line, column: text[start..offset].chars().count() + 1 }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The findings of one run, sorted for output.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Sorted by file, position and kind; exact repeats (the same finding reached from
    /// two brands, say) are kept once.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// The known name nearest to `name` when one is close enough to be a typo of it
/// (`supportMial` → `supportMail`): Damerau–Levenshtein distance, case aside, of at most a
/// third of the name's length (and at least 1).
pub fn nearest<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let lower = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(1);
    known
        .into_iter()
        .filter(|k| *k != name)
        .map(|k| (strsim::damerau_levenshtein(&lower, &k.to_lowercase()), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// `; did you mean `x`?` for the nearest known name, or nothing.
pub fn did_you_mean<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> String {
    nearest(name, known).map(|k| format!("; did you mean `{k}`?")).unwrap_or_default()
}

/// `path` relative to `root` when it is inside it, else as it is.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "ab\n中文x\n";
        assert_eq!(Pos::of_offset(text, 0), Pos::new(1, 1));
        assert_eq!(Pos::of_offset(text, 3), Pos::new(2, 1));
        assert_eq!(Pos::of_offset(text, 9), Pos::new(2, 3));
        // An offset inside a character counts from its start, never panics.
        assert_eq!(Pos::of_offset(text, 4), Pos::new(2, 1));
        assert_eq!(Pos::of_offset(text, 999), Pos::new(3, 1));
    }

    #[test]
    fn the_line_index_agrees_with_of_offset() {
        let text = "ab\n中文x\n\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.pos(text, offset), Pos::of_offset(text, offset), "offset {offset}");
        }
        assert_eq!(index.line_start(2, text), 3);
    }

    #[test]
    fn the_nearest_name_is_suggested_only_when_close() {
        let known = ["supportMail", "supportNumber", "channelName"];
        assert_eq!(nearest("supportMial", known), Some("supportMail"));
        assert_eq!(nearest("SupportMail", known), Some("supportMail"));
        assert_eq!(nearest("postalCode", known), None);
        assert_eq!(did_you_mean("acem", ["acme", "globex"]), "; did you mean `acme`?");
        assert_eq!(did_you_mean("x", ["acme"]), "");
    }

    #[test]
    fn display_names_file_line_column_and_help() {
        let d = Diagnostic::error(Kind::UnknownPlaceholder, "no value")
            .in_file("content/en/a.md")
            .at(Pos::new(3, 7))
            .help("add it");
        assert_eq!(
            d.to_string(),
            "error[unknown-placeholder]: content/en/a.md:3:7: no value\n  help: add it"
        );
    }
}
