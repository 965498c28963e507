//! An XLIFF 1.2 file written with quick-xml: one `<file>` naming the source file, one
//! `<trans-unit>` per unit. Paired Markdown (emphasis, links) is `<g>`, everything else a
//! translator must keep is an empty `<x/>` whose `equiv-text` shows what it stands for: the
//! two kinds translate-toolkit's podebug and the common CAT tools keep intact (README, "A
//! translator's guide").

use crate::content::segments::Code;
use crate::translate::prefill::{Prefill, State};
use crate::translate::rebuild::Tag;
use crate::translate::units::Unit;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// The XLIFF 1.2 namespace.
pub const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// One file to write.
pub struct Xliff<'a> {
    /// The source file, relative to the site root (`content/en/privacy.md`).
    pub original: String,
    pub source_language: &'a str,
    pub target_language: &'a str,
    pub units: Vec<OutUnit<'a>>,
}

/// A unit as exported: its source, the translation it has (if any), and whether a CAT tool
/// may change it (`false`: shown for context only).
pub struct OutUnit<'a> {
    pub unit: &'a Unit,
    pub target: Option<&'a Prefill>,
    pub translate: bool,
}

/// The file's bytes.
pub fn write(file: &Xliff<'_>) -> String {
    let mut w = Writer::new(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = write_file(&mut w, file);
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

type Result = std::io::Result<()>;

fn write_file(w: &mut Writer<Vec<u8>>, file: &Xliff<'_>) -> Result {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    newline(w, 0)?;
    let xliff = BytesStart::new("xliff").with_attributes([("version", "1.2"), ("xmlns", XLIFF_NS)]);
    w.write_event(Event::Start(xliff))?;
    newline(w, 1)?;
    let head = BytesStart::new("file").with_attributes([
        ("original", file.original.as_str()),
        ("source-language", file.source_language),
        ("target-language", file.target_language),
        ("datatype", "x-markdown"),
        ("tool-id", "clause"),
    ]);
    w.write_event(Event::Start(head))?;
    newline(w, 2)?;
    w.write_event(Event::Start(BytesStart::new("header")))?;
    let tool = BytesStart::new("tool").with_attributes([
        ("tool-id", "clause"),
        ("tool-name", "clause"),
        ("tool-version", env!("CARGO_PKG_VERSION")),
    ]);
    w.write_event(Event::Empty(tool))?;
    w.write_event(Event::End(BytesEnd::new("header")))?;
    newline(w, 2)?;
    w.write_event(Event::Start(BytesStart::new("body")))?;
    for unit in &file.units {
        newline(w, 3)?;
        write_unit(w, unit)?;
    }
    newline(w, 2)?;
    w.write_event(Event::End(BytesEnd::new("body")))?;
    newline(w, 1)?;
    w.write_event(Event::End(BytesEnd::new("file")))?;
    newline(w, 0)?;
    w.write_event(Event::End(BytesEnd::new("xliff")))?;
    newline(w, 0)
}

fn newline(w: &mut Writer<Vec<u8>>, depth: usize) -> Result {
    let indent = format!("\n{}", "  ".repeat(depth));
    w.write_event(Event::Text(BytesText::new(&indent)))
}

fn write_unit(w: &mut Writer<Vec<u8>>, out: &OutUnit<'_>) -> Result {
    let mut start = BytesStart::new("trans-unit");
    start.push_attribute(("id", out.unit.id.as_str()));
    start.push_attribute(("xml:space", "preserve"));
    if !out.translate {
        start.push_attribute(("translate", "no"));
    }
    // A translation of an unchanged source is approved: CAT tools (translate-toolkit,
    // Weblate) count and keep it as translated, not as a draft.
    if out.target.is_some_and(|t| t.state == State::Translated) {
        start.push_attribute(("approved", "yes"));
    }
    w.write_event(Event::Start(start))?;
    newline(w, 4)?;
    w.write_event(Event::Start(BytesStart::new("source")))?;
    write_tags(w, out.unit, &out.unit.tags)?;
    w.write_event(Event::End(BytesEnd::new("source")))?;
    if let Some(target) = out.target {
        newline(w, 4)?;
        let state = match target.state {
            State::Translated => "translated",
            State::NeedsReview => "needs-review-translation",
        };
        w.write_event(Event::Start(BytesStart::new("target").with_attributes([("state", state)])))?;
        write_tags(w, out.unit, &target.tags)?;
        w.write_event(Event::End(BytesEnd::new("target")))?;
    }
    newline(w, 3)?;
    w.write_event(Event::End(BytesEnd::new("trans-unit")))
}

/// Inline content: text, `<g>` around a pair's content, `<x/>` for a code alone.
fn write_tags(w: &mut Writer<Vec<u8>>, unit: &Unit, tags: &[Tag]) -> Result {
    for tag in tags {
        match tag {
            Tag::Text(text) => w.write_event(Event::Text(BytesText::new(&xml_chars(text))))?,
            Tag::Open(id) => {
                let (id, ctype) = (id.to_string(), ctype(unit.code(*id)));
                w.write_event(Event::Start(
                    BytesStart::new("g").with_attributes([("id", id.as_str()), ("ctype", ctype)]),
                ))?;
            }
            Tag::Close(_) => w.write_event(Event::End(BytesEnd::new("g")))?,
            Tag::Alone(id) => {
                let id_text = id.to_string();
                let mut x = BytesStart::new("x")
                    .with_attributes([("id", id_text.as_str()), ("ctype", ctype(unit.code(*id)))]);
                if let Some(equiv) = unit.equiv(*id) {
                    x.push_attribute(("equiv-text", xml_chars(equiv).as_ref()));
                }
                w.write_event(Event::Empty(x))?;
            }
        }
    }
    Ok(())
}

/// XLIFF 1.2's `ctype` for a code: its own values where one fits, `x-` names otherwise.
fn ctype(code: Option<Code>) -> &'static str {
    match code {
        Some(Code::Emphasis) => "italic",
        Some(Code::Strong) => "bold",
        Some(Code::Link) => "link",
        Some(Code::LineBreak) => "lb",
        Some(Code::Image) => "x-image",
        Some(Code::Strikethrough) => "x-strikethrough",
        Some(Code::CodeSpan) => "x-code",
        Some(Code::Html) => "x-html",
        Some(Code::Placeholder) => "x-placeholder",
        Some(Code::ClauseNumber) => "x-clause-number",
        Some(Code::Footnote) => "x-footnote",
        Some(Code::Autolink) => "x-autolink",
        Some(Code::Other) | None => "x-other",
    }
}

/// Text as XML 1.0 can hold it: a character it cannot (a C0 control other than tab and line
/// ends, U+FFFE, U+FFFF) becomes U+FFFD.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().any(bad) {
        text.chars().map(|c| if bad(c) { '\u{fffd}' } else { c }).collect::<String>().into()
    } else {
        text.into()
    }
}
