//! Code highlighting with syntect: CSS classes (`hl-…`), never inline colours, so that the
//! theme's stylesheet decides the look and a strict Content-Security-Policy holds.
//!
//! The syntax set is loaded once per process, the first time a page has fenced code with a
//! language, and never when no page has any.

use comrak::adapters::SyntaxHighlighterAdapter;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write};
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The prefix of every highlighting class.
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Whether the syntax set has been loaded in this process (for tests and benchmarks).
pub fn syntaxes_loaded() -> bool {
    LOADED.get().is_some()
}

static LOADED: OnceLock<()> = OnceLock::new();

/// The comrak adapter. `keep` is text that must come out of highlighting in one piece (the
/// document's placeholder sentinels): where a grammar would split it, the block is written
/// without highlighting instead, so a placeholder always receives its value.
pub struct Highlighter<'a> {
    pub keep: Option<&'a str>,
}

impl SyntaxHighlighterAdapter for Highlighter<'_> {
    fn write_highlighted(&self, output: &mut dyn Write, lang: Option<&str>, code: &str) -> fmt::Result {
        let token = lang.and_then(|l| l.split_whitespace().next()).unwrap_or("");
        let html = (!token.is_empty()).then(|| highlight(token, code)).flatten();
        match html {
            Some(h) if self.survives(code, &h) => output.write_str(&h),
            _ => comrak::html::escape(output, code),
        }
    }

    fn write_pre_tag(&self, output: &mut dyn Write, attributes: HashMap<&'static str, Cow<'_, str>>) -> fmt::Result {
        write_tag(output, "pre", attributes)
    }

    fn write_code_tag(&self, output: &mut dyn Write, attributes: HashMap<&'static str, Cow<'_, str>>) -> fmt::Result {
        write_tag(output, "code", attributes)
    }
}

impl Highlighter<'_> {
    fn survives(&self, code: &str, html: &str) -> bool {
        match self.keep {
            Some(k) => code.matches(k).count() == html.matches(k).count(),
            None => true,
        }
    }
}

fn write_tag(output: &mut dyn Write, tag: &str, attributes: HashMap<&'static str, Cow<'_, str>>) -> fmt::Result {
    let mut attrs: Vec<_> = attributes.into_iter().collect();
    attrs.sort();
    write!(output, "<{tag}")?;
    for (k, v) in attrs {
        write!(output, " {k}=\"")?;
        comrak::html::escape(output, &v)?;
        output.write_str("\"")?;
    }
    output.write_str(">")
}

/// Highlighted HTML for `code` in `lang`, or `None` when syntect does not know the language.
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let _ = LOADED.set(());
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes() {
        let html = highlight("json", "{\"a\": 1}\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(highlight("no-such-language", "x").is_none());
    }
}
