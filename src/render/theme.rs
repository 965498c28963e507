//! The theme: minijinja templates, static files and interface strings.
//!
//! The theme `default` is compiled into the binary; a site's `themes/<theme>/` overrides it
//! file by file. Every template is compiled at the start of a run, so a syntax error in
//! `404.html` fails the build before any page is written.

use super::theme_strings::{Strings, StringsFile};
use crate::config::locale::Locale;
use crate::diag::{Diagnostic, Kind, Pos};
use minijinja::Environment;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The templates every theme has.
pub const TEMPLATES: [&str; 8] = [
    "base.html",
    "page.html",
    "section.html",
    "home.html",
    "brand_index.html",
    "404.html",
    "versions.html",
    "changes.html",
];

macro_rules! builtin {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// The files of the built-in default theme, by path inside the theme folder.
const BUILTIN: &[(&str, &[u8])] = builtin!(
    "templates/base.html",
    "templates/page.html",
    "templates/section.html",
    "templates/home.html",
    "templates/brand_index.html",
    "templates/404.html",
    "templates/versions.html",
    "templates/changes.html",
    "static/style.css",
    "static/syntax.css",
    // Interface strings: en.toml holds every key; the rest are listed by tag.
    "i18n/en.toml",
    "i18n/ar.toml",
    "i18n/bg.toml",
    "i18n/cs.toml",
    "i18n/da.toml",
    "i18n/de.toml",
    "i18n/el.toml",
    "i18n/es.toml",
    "i18n/es-419.toml",
    "i18n/et.toml",
    "i18n/fi.toml",
    "i18n/fr.toml",
    "i18n/ga.toml",
    "i18n/he.toml",
    "i18n/hi.toml",
    "i18n/hr.toml",
    "i18n/hu.toml",
    "i18n/id.toml",
    "i18n/it.toml",
    "i18n/ja.toml",
    "i18n/ko.toml",
    "i18n/lt.toml",
    "i18n/lv.toml",
    "i18n/ms.toml",
    "i18n/mt.toml",
    "i18n/nl.toml",
    "i18n/pl.toml",
    "i18n/pt.toml",
    "i18n/pt-BR.toml",
    "i18n/ro.toml",
    "i18n/ru.toml",
    "i18n/sk.toml",
    "i18n/sl.toml",
    "i18n/sv.toml",
    "i18n/th.toml",
    "i18n/tr.toml",
    "i18n/uk.toml",
    "i18n/vi.toml",
    "i18n/zh-Hans.toml",
    "i18n/zh-Hant.toml",
);

/// The built-in default theme's files (for `init` and for documentation).
pub fn builtin_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    BUILTIN.iter().copied()
}

/// A theme file and where it came from, for messages.
#[derive(Debug, Clone)]
struct ThemeFile {
    bytes: Vec<u8>,
    /// `themes/default/templates/page.html`, or `(built-in default theme)/templates/page.html`.
    origin: PathBuf,
}

/// A loaded theme.
pub struct Theme {
    pub env: Environment<'static>,
    /// Static files: path inside `static/` → bytes.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Interface strings, by `i18n/` file.
    strings: Strings,
    origins: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// Loads the theme `name` of the site at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let files = collect_files(root, name)?;
        let mut errors = Vec::new();
        let mut env = Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
        env.set_formatter(html_formatter);
        let mut origins = BTreeMap::new();
        for (path, f) in &files {
            let Some(tpl) = path.strip_prefix("templates/") else {
                continue;
            };
            origins.insert(tpl.to_string(), f.origin.clone());
            let source = match String::from_utf8(f.bytes.clone()) {
                Ok(s) => s,
                Err(_) => {
                    errors.push(
                        Diagnostic::error(Kind::InvalidUtf8, "the template is not valid UTF-8")
                            .in_file(f.origin.clone())
                            .at(Pos::new(1, 1)),
                    );
                    continue;
                }
            };
            let source_for_errors = source.clone();
            if let Err(e) = env.add_template_owned(tpl.to_string(), source) {
                errors.push(template_error(&e, &f.origin, Some(&source_for_errors)));
            }
        }
        let strings = load_strings(&files, &mut errors);
        let statics = files
            .iter()
            .filter_map(|(p, f)| Some((p.strip_prefix("static/")?.to_string(), f.bytes.clone())))
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Theme { env, statics, strings, origins })
    }

    /// The interface strings for `locale`, each key from the first file that has it: the
    /// locale's tag and its CLDR parents (`pt-BR` → `pt`, `zh-TW` → `zh-Hant`), then its
    /// fallback chain, then English.
    pub fn strings_for(&self, locale: &Locale) -> BTreeMap<String, String> {
        self.strings.resolve(locale)
    }

    /// The keys of `en.toml` that resolve to English for `locale` (a locale not English).
    pub fn missing_strings(&self, locale: &Locale) -> Vec<String> {
        self.strings.missing(locale)
    }

    /// Renders template `name` with `ctx`; an error names the template file and line.
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String, Diagnostic> {
        let tpl = self.env.get_template(name).map_err(|e| template_error(&e, &self.origin(name), None))?;
        tpl.render(ctx).map_err(|e| {
            let origin = e.name().map(|n| self.origin(n)).unwrap_or_else(|| self.origin(name));
            template_error(&e, &origin, None)
        })
    }

    /// Like [`Theme::render`], appended to `out` (a buffer the caller reuses from page to page).
    /// minijinja renders into a `String` of its own (it writes to no `fmt::Write` of ours), so
    /// the page is copied once here.
    pub fn render_into(&self, name: &str, ctx: minijinja::Value, out: &mut String) -> Result<(), Diagnostic> {
        out.push_str(&self.render(name, ctx)?);
        Ok(())
    }

    fn origin(&self, template: &str) -> PathBuf {
        self.origins.get(template).cloned().unwrap_or_else(|| PathBuf::from(format!("templates/{template}")))
    }
}

/// Escapes `&<>"'` (minijinja's default also escapes `/`, which makes every URL unreadable).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if value.is_safe() || state.auto_escape() == minijinja::AutoEscape::None {
        return minijinja::escape_formatter(out, state, value);
    }
    let written = match value.as_str() {
        Some(s) => crate::content::fill::escape_html_to(out, s),
        None if value.is_undefined() || value.is_none() => Ok(()),
        None => crate::content::fill::escape_html_to(out, &value.to_string()),
    };
    written.map_err(minijinja::Error::from)
}

/// A template error at its file, line and column (the column when the source is known).
fn template_error(e: &minijinja::Error, origin: &Path, source: Option<&str>) -> Diagnostic {
    let what = match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    };
    let mut d = Diagnostic::error(Kind::TemplateError, what).in_file(origin.to_path_buf());
    if let Some(line) = e.line() {
        let column = match (e.range(), source) {
            (Some(r), Some(src)) => Pos::of_offset(src, r.start).column,
            _ => 1,
        };
        d = d.at(Pos::new(line, column));
    }
    d.help("fix the template; minijinja follows Jinja2 syntax ({% if x %}…{% endif %}, {{ value }})")
}

/// The built-in files, then the site theme's, by path inside the theme folder.
fn collect_files(root: &Path, name: &str) -> Result<BTreeMap<String, ThemeFile>, Vec<Diagnostic>> {
    let mut files: BTreeMap<String, ThemeFile> = BUILTIN
        .iter()
        .map(|(p, b)| {
            (
                p.to_string(),
                ThemeFile {
                    bytes: b.to_vec(),
                    origin: PathBuf::from(format!("(built-in default theme)/{p}")),
                },
            )
        })
        .collect();
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        if name == "default" {
            return Ok(files);
        }
        return Err(vec![Diagnostic::error(
            Kind::UnknownTheme,
            format!("theme `{name}` has no folder themes/{name}/"),
        )
        .in_file("site.toml")
        .help("create the folder or set theme = \"default\"")]);
    }
    for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            vec![Diagnostic::error(Kind::UnreadableFile, format!("cannot read: {e}"))
                .in_file(crate::diag::relative(root, entry.path()))]
        })?;
        files.insert(key, ThemeFile { bytes, origin: crate::diag::relative(root, entry.path()) });
    }
    Ok(files)
}

/// The `i18n/<tag>.toml` files among the theme's files, read.
fn load_strings(files: &BTreeMap<String, ThemeFile>, errors: &mut Vec<Diagnostic>) -> Strings {
    let i18n: Vec<StringsFile> = files
        .iter()
        .filter_map(|(path, f)| {
            let tag = path.strip_prefix("i18n/")?.strip_suffix(".toml")?;
            Some(StringsFile { tag, bytes: &f.bytes, origin: &f.origin })
        })
        .collect();
    super::theme_strings::load(&i18n, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_strings_file_of_the_default_theme_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .filter_map(|e| Some(format!("i18n/{}", e.ok()?.file_name().to_str()?)))
            .collect();
        on_disk.sort();
        let mut built_in: Vec<String> =
            builtin_files().map(|(p, _)| p.to_string()).filter(|p| p.starts_with("i18n/")).collect();
        built_in.sort();
        assert!(on_disk.len() >= 40, "{on_disk:?}");
        assert_eq!(built_in, on_disk);
    }
}
