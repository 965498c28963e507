//! A document: one Markdown file read, split, checked and rendered, once, whatever the
//! number of brands that will show it.

use crate::content::discover::SourceFile;
use crate::content::frontmatter::{self, FrontMatter};
use crate::content::markdown::{self, LinkEnv, RenderOptions, Rendered};
use crate::content::placeholders::{self, Template};
use crate::content::shared_text::SharedText;
use crate::diag::{Diagnostic, Kind, LineIndex, Pos};
use std::sync::Arc;

/// A file's load result: the document with its broken links, or the errors that stopped it.
pub type Loaded = Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>>;

/// A loaded Markdown file.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: SourceFile,
    pub front: FrontMatter,
    pub title: Template,
    pub description: Option<Template>,
    /// What this version changed (`summary`).
    pub summary: Option<Template>,
    /// Every placeholder of the file (front matter and body) with its first position.
    pub placeholders: Vec<(String, Pos)>,
    /// Shared: `serve` keeps every document between rebuilds and hands a copy to each
    /// site it loads, which then costs a reference count, not the body.
    pub body: Arc<Rendered>,
    /// Whether the body has any text (an `_index.md` may have only front matter).
    pub has_body: bool,
}

impl Document {
    /// Drops what only `check` reads (links, ids, clause numbers) once a build has checked
    /// them: with many versions of many documents they are megabytes no page needs.
    /// (Only where nothing else holds the body: a shared one is left as it is.)
    pub fn drop_check_data(&mut self) {
        if let Some(body) = Arc::get_mut(&mut self.body) {
            body.clauses = Vec::new();
            body.ids = Vec::new();
            body.links = Vec::new();
            body.headings = Vec::new();
        }
    }

    /// Keeps `shared`'s copy of each line of the body's HTML that it already holds, so that
    /// versions repeating a paragraph hold it once. (Only a body nothing else holds yet.)
    pub fn share_text(&mut self, shared: &SharedText) {
        if let Some(body) = Arc::get_mut(&mut self.body) {
            body.pieces.share(shared);
        }
    }

    /// Whether `other` is this document but for its body: the same front matter (title,
    /// dates, summary, brands…). Listings, sitemaps and feeds read nothing else of it.
    pub fn same_outline(&self, other: &Document) -> bool {
        self.file.rel == other.file.rel
            && self.front == other.front
            && self.title == other.title
            && self.description == other.description
            && self.summary == other.summary
            && self.has_body == other.has_body
    }

    /// Reads and renders `file`. All problems found in it are returned together: a file
    /// whose only problems are broken links is still returned, so that its placeholders are
    /// checked too.
    pub fn load(file: &SourceFile, env: &LinkEnv<'_>, opts: &RenderOptions) -> Loaded {
        match read(file) {
            Ok(bytes) => Document::from_bytes(file, &bytes, env, opts),
            Err(d) => Err(vec![d]),
        }
    }

    /// Like [`Document::load`] on the file's bytes, already read.
    pub fn from_bytes(file: &SourceFile, bytes: &[u8], env: &LinkEnv<'_>, opts: &RenderOptions) -> Loaded {
        let in_file = |d: Diagnostic| d.in_file(file.rel.clone());
        let text = decode(bytes).map_err(|d| vec![in_file(d)])?;
        match Document::from_text(file, &text, env, opts) {
            Ok((d, errors)) => Ok((d, errors.into_iter().map(in_file).collect())),
            Err(errors) => Err(errors.into_iter().map(in_file).collect()),
        }
    }

    /// Like [`Document::load`] on text already read.
    pub fn from_text(file: &SourceFile, text: &str, env: &LinkEnv<'_>, opts: &RenderOptions) -> Loaded {
        let split = frontmatter::split(text).map_err(|d| vec![d])?;
        let mut front = frontmatter::parse(&split)?;
        let mut errors = Vec::new();
        if let Err(d) = version_date(file, &mut front, text, &split) {
            errors.push(d);
        }
        let mut placeholders = Vec::new();
        let fallback_title = humanize(file.key.rsplit('/').next().unwrap_or(&file.key));
        let title = front_template(
            front.title.as_deref().unwrap_or(&fallback_title),
            "title",
            text,
            &split,
            &mut placeholders,
            &mut errors,
        );
        let description = front
            .description
            .as_deref()
            .map(|d| front_template(d, "description", text, &split, &mut placeholders, &mut errors));
        let summary = front
            .summary
            .as_deref()
            .map(|s| front_template(s, "summary", text, &split, &mut placeholders, &mut errors));
        let body_line = Pos::of_offset(text, split.body_offset).line;
        let body = match placeholders::sentinel_markdown(split.body) {
            Ok(b) => b,
            Err(d) => {
                errors.push(shift(d, body_line));
                return Err(errors);
            }
        };
        // Only the first place of each name is reported; a file may hold very many.
        let lines = LineIndex::new(text);
        let mut seen: std::collections::HashSet<&str> =
            placeholders.iter().map(|(n, _)| n.as_str()).collect();
        let mut first = Vec::new();
        for o in &body.occurrences {
            if seen.insert(o.name.as_str()) {
                first.push((o.name.clone(), lines.pos(text, split.body_offset + o.offset)));
            }
        }
        placeholders.extend(first);
        if !errors.is_empty() {
            return Err(errors);
        }
        let (body, link_errors) = markdown::render(&body, body_line, env, opts);
        let has_body = !split.body.trim().is_empty();
        let doc = Document {
            file: file.clone(),
            front,
            title,
            description,
            summary,
            placeholders,
            body: Arc::new(body),
            has_body,
        };
        Ok((doc, link_errors))
    }

    /// The placeholder names used in the file, sorted, each once.
    pub fn names(&self) -> std::collections::BTreeSet<&str> {
        self.placeholders.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// The bytes of a file, or an error naming it.
pub fn read(file: &SourceFile) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(&file.abs).map_err(|e| {
        Diagnostic::error(Kind::UnreadableFile, format!("cannot read: {e}")).in_file(file.rel.clone())
    })
}

/// UTF-8 text, or an error at the first invalid byte.
fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let pos = Pos::of_offset(std::str::from_utf8(valid).unwrap_or(""), valid.len());
            Err(Diagnostic::error(
                Kind::InvalidUtf8,
                format!("the file is not valid UTF-8 (byte 0x{:02X})", bytes[e.valid_up_to()]),
            )
            .at(pos)
            .help("save the file as UTF-8; most editors offer it under \"Save with encoding\""))
        }
    }
}

/// A position found inside the body, moved to the file's line (the body starts at the start
/// of a line, so columns stay as they are).
fn shift(d: Diagnostic, body_line: usize) -> Diagnostic {
    match (d.line, d.column) {
        (Some(line), Some(column)) => d.at(Pos::new(line, column).shifted(body_line)),
        _ => d,
    }
}

/// A front matter value with placeholders; positions point at its line in the file.
fn front_template(
    value: &str,
    key: &str,
    text: &str,
    split: &frontmatter::Split<'_>,
    out: &mut Vec<(String, Pos)>,
    errors: &mut Vec<Diagnostic>,
) -> Template {
    let front_start = split.body_offset.saturating_sub(split.front.len() + 4).min(text.len());
    let key_offset = text[front_start..].find(key).map_or(0, |i| front_start + i);
    match Template::parse(value) {
        Ok((t, occurrences)) => {
            for o in occurrences {
                let needle = format!(
                    "{{{{{}",
                    &value[o.offset + 2..].trim_start_matches(' ').split('}').next().unwrap_or("")
                );
                let at = text[key_offset..].find(&needle).map_or(key_offset, |i| key_offset + i);
                out.push((o.name, Pos::of_offset(text, at)));
            }
            t
        }
        Err(d) => {
            errors.push(d.at(Pos::of_offset(text, key_offset)));
            Template::literal(value)
        }
    }
}

/// A version file's date is the one in its name: its front matter may repeat it, not
/// contradict it (`version-date-mismatch`); without one it takes the name's.
fn version_date(
    file: &SourceFile,
    front: &mut FrontMatter,
    text: &str,
    split: &frontmatter::Split<'_>,
) -> Result<(), Diagnostic> {
    let Some(named) = file.version else {
        return Ok(());
    };
    match front.effective_date {
        Some(date) if date != named => {
            let front_start = split.body_offset.saturating_sub(split.front.len() + 4).min(text.len());
            let at = text[front_start..].find("effective_date").map_or(front_start, |i| front_start + i);
            Err(Diagnostic::error(
                Kind::VersionDateMismatch,
                format!(
                    "effective_date is {}, but the file name says this version takes effect on {}",
                    date.iso(),
                    named.iso()
                ),
            )
            .at(Pos::of_offset(text, at))
            .help(format!(
                "set effective_date = {} or rename the file to …@{}.md",
                named.iso(),
                date.iso()
            )))
        }
        _ => {
            front.effective_date = Some(named);
            Ok(())
        }
    }
}

/// `privacy-policy` → `Privacy policy`: the title of a file or folder that has none.
pub fn humanize(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
