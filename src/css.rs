//! Values written into CSS. The default theme prints a page's canonical URL and effective
//! date in the page margins (`@page` margin boxes), which only a `<style>` in the page can
//! say, so templates need a value as a CSS string: the `css_string` filter. HTML escaping
//! would be wrong there (a `<style>` element's text is not decoded), so every character that
//! could end the string, the declaration or the element is written as a CSS escape.

use std::fmt::Write;

/// `value` as a quoted CSS string, safe inside a `<style>` element: `"`, `\`, `<`, `>`, `&`,
/// `'` and control characters become hex escapes (`\22 `), everything else stays as it is.
pub fn css_string(value: &str) -> minijinja::Value {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\' | '<' | '>' | '&' | '\'') || c.is_control() {
            // The space ends the escape, so a hex digit after it is read as itself.
            let _ = write!(out, "\\{:x} ", c as u32);
        } else {
            out.push(c);
        }
    }
    out.push('"');
    minijinja::Value::from_safe_string(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_css_string_cannot_end_the_string_or_the_style_element() {
        assert_eq!(css_string("https://x.example/en/a/").to_string(), "\"https://x.example/en/a/\"");
        assert_eq!(
            css_string("a\"b\\c</style><script>\n").to_string(),
            "\"a\\22 b\\5c c\\3c /style\\3e \\3c script\\3e \\a \""
        );
        assert_eq!(css_string("2022年1月28日").to_string(), "\"2022年1月28日\"");
        assert!(css_string("x").is_safe());
    }
}
