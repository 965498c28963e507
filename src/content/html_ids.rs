//! The link targets that raw HTML in Markdown puts in a page: `<a id="x">`, `<a name="x">`,
//! any element's `id`. Kept raw HTML (`unsafe_html = true`) is part of the page, so a link to
//! `#x` is not broken; `check` finds these ids in `Rendered::ids`. A small scan of start tags
//! and their attributes, not an HTML parser: comments are skipped, quotes honoured.

/// The ids and anchor names that the start tags in `html` define, in order.
pub fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let is_a = rest[..name_len].eq_ignore_ascii_case("a");
        rest = attributes(&rest[name_len..], is_a, &mut out);
    }
    out
}

/// Reads the attributes of a start tag up to its `>`, keeping `id` (and `name` on `<a>`);
/// returns what follows the tag.
fn attributes<'h>(mut rest: &'h str, is_a: bool, out: &mut Vec<String>) -> &'h str {
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            return rest.get(1..).unwrap_or("");
        }
        let name_len =
            rest.find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c)).unwrap_or(rest.len());
        let name = &rest[..name_len];
        rest = rest[name_len..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(after_eq) = rest.strip_prefix('=') else {
            continue;
        };
        let (value, after) = value(after_eq.trim_start_matches(|c: char| c.is_ascii_whitespace()));
        rest = after;
        let wanted = name.eq_ignore_ascii_case("id") || (is_a && name.eq_ignore_ascii_case("name"));
        if wanted && !value.is_empty() {
            out.push(decode(value));
        }
    }
}

/// A quoted or unquoted attribute value and what follows it.
fn value(s: &str) -> (&str, &str) {
    match s.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let body = &s[1..];
            let end = body.find(q).unwrap_or(body.len());
            (&body[..end], body.get(end + 1..).unwrap_or(""))
        }
        _ => {
            let end = s.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(s.len());
            (&s[..end], &s[end..])
        }
    }
}

/// The entities an id is likely to hold, decoded as the browser would.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_anchor_names_are_found() {
        assert_eq!(ids(r#"<a id="bookmark-how-we-use-data"></a>"#), ["bookmark-how-we-use-data"]);
        assert_eq!(ids(r#"<a name="public-account-data"></a>"#), ["public-account-data"]);
        assert_eq!(ids("<div class=\"x\" ID='Q1'>\n<span id=plain>x</span></div>"), ["Q1", "plain"]);
        assert_eq!(ids(r##"<A NAME="up" href="#x">"##), ["up"]);
        assert_eq!(ids(r#"<a id="R&amp;D">"#), ["R&D"]);
    }

    #[test]
    fn other_attributes_comments_and_text_are_not_ids() {
        assert!(ids(r#"<input name="email"> <a data-id="x" title="id=y">"#).is_empty());
        assert!(ids(r#"<!-- <a id="old"> --> 1 < 2 </a> <a id="">"#).is_empty());
        assert!(ids("<a id=").is_empty());
        assert_eq!(ids("<a hidden id=\"late\">"), ["late"]);
    }
}
