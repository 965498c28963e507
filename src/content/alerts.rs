//! GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`), which
//! comrak parses: rendered in a box the theme already styles (`notice`), with comrak's English
//! title marked `lang="en"` so that a page in another language reads it right, or the title
//! the writer gave on the marker's line (`> [!NOTE] 注意`), which is how a translation says it
//! in its own words. A line that holds Markdown (`> [!WARNING] See [the post](…)`) is no
//! title: it becomes the alert's first paragraph, as GitHub shows it.

use comrak::html::{ChildRendering, Context};
use comrak::nodes::{AstNode, NodeAlert, NodeValue};
use comrak::options::AlertStyleType;
use comrak::{parse_document, Arena, Options};
use std::fmt::{self, Write};

/// Moves every alert title that holds Markdown into the alert as its first paragraph, parsed,
/// so that its links are rewritten and checked like any other.
pub fn untitle<'a>(arena: &'a Arena<'a>, root: &'a AstNode<'a>, markdown: &str, options: &Options<'_>) {
    let alerts: Vec<_> = root
        .descendants()
        .filter(|n| matches!(&n.data.borrow().value, NodeValue::Alert(a) if a.title.as_deref().is_some_and(holds_markdown)))
        .collect();
    for alert in alerts {
        let (title, start) = {
            let mut data = alert.data.borrow_mut();
            let start = data.sourcepos.start;
            let NodeValue::Alert(a) = &mut data.value else { continue };
            (a.title.take().unwrap_or_default(), start)
        };
        let doc = parse_document(arena, &title, options);
        let (lines, columns) = (start.line.saturating_sub(1), title_column(markdown, start.line, &title));
        for node in doc.descendants() {
            // Positions on the marker's line, so that a broken link there is reported there.
            let mut data = node.data.borrow_mut();
            data.sourcepos.start.line += lines;
            data.sourcepos.end.line += lines;
            data.sourcepos.start.column += columns;
            data.sourcepos.end.column += columns;
        }
        let children: Vec<_> = doc.children().collect();
        for child in children.into_iter().rev() {
            alert.prepend(child);
        }
    }
}

/// How many characters come before the title on its line (positions count characters).
fn title_column(markdown: &str, line: usize, title: &str) -> usize {
    let text = markdown.lines().nth(line.saturating_sub(1)).unwrap_or("");
    text.rfind(title).map_or(0, |at| text[..at].chars().count())
}

/// Whether an alert's title has what only Markdown would show right: a link, emphasis, code,
/// raw HTML.
fn holds_markdown(title: &str) -> bool {
    title.contains(['[', '*', '_', '`', '<'])
}

/// The opening of an alert: `<div class="notice markdown-alert markdown-alert-note"
/// role="note">` and its title. comrak's own closing `</div>` ends it.
pub fn open<T>(context: &mut Context<T>, alert: &NodeAlert) -> Result<ChildRendering, fmt::Error> {
    context.cr()?;
    let class = alert.alert_type.css_class(AlertStyleType::Specific);
    write!(
        context,
        "<div class=\"notice markdown-alert {class}\" role=\"note\">\n<p class=\"markdown-alert-title\""
    )?;
    match &alert.title {
        Some(title) => {
            context.write_str(">")?;
            context.escape(title)?;
        }
        None => write!(context, " lang=\"en\">{}", alert.alert_type.default_title())?,
    }
    context.write_str("</p>\n")?;
    Ok(ChildRendering::HTML)
}
