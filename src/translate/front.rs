//! A translation's front matter: the source's, line for line, with the translated `title`,
//! `description` and `summary` written in place of the source's (TOML or YAML). Everything
//! else (`effective_date`, `brands`, `draft`, `weight`, `material`) stays the source's, so a
//! translation can neither publish a draft nor reach other brands.

use crate::content::frontmatter::{self, Format};
use crate::diag::{Diagnostic, Kind};
use crate::translate::units::front_value;

/// `text` (a whole source file) with each `(key, value)` written into its front matter.
pub fn with_values(text: &str, values: &[(&str, String)]) -> Result<String, Diagnostic> {
    let split = frontmatter::split(text)?;
    let front_start = split.front.as_ptr() as usize - text.as_ptr() as usize;
    let mut lines: Vec<String> = split.front.lines().map(str::to_string).collect();
    for (key, value) in values {
        let Some((first, count)) = find_key(&lines, key, split.format) else { continue };
        let line = match split.format {
            Format::Toml => format!("{key} = {}", toml::Value::String(value.clone())),
            _ => format!("{key}: {}", serde_json::Value::String(value.clone())),
        };
        lines.splice(first..first + count, [line]);
    }
    let ending = if split.front.contains("\r\n") { "\r\n" } else { "\n" };
    let mut front = lines.join(ending);
    if split.front.ends_with('\n') {
        front.push_str(ending);
    }
    let out = format!("{}{}{}", &text[..front_start], front, &text[front_start + split.front.len()..]);
    check(&out, values)?;
    Ok(out)
}

/// The line a top-level `key` starts on and how many lines its value takes.
fn find_key(lines: &[String], key: &str, format: Format) -> Option<(usize, usize)> {
    let starts =
        |l: &str, sep: char| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(sep));
    match format {
        Format::Toml => {
            let end = lines.iter().position(|l| l.trim_start().starts_with('[')).unwrap_or(lines.len());
            let first = lines[..end].iter().position(|l| starts(l.trim_start(), '='))?;
            let value = lines[first].split_once('=').map_or("", |(_, v)| v.trim_start());
            let quote = ["\"\"\"", "'''"].into_iter().find(|q| value.starts_with(q));
            let count = match quote {
                Some(q) if !value[3..].contains(q) => {
                    lines[first + 1..].iter().position(|l| l.contains(q)).map_or(1, |k| k + 2)
                }
                _ => 1,
            };
            Some((first, count))
        }
        _ => {
            let first = lines.iter().position(|l| starts(l, ':'))?;
            let more =
                lines[first + 1..].iter().take_while(|l| l.is_empty() || l.starts_with([' ', '\t'])).count();
            let trailing_blank =
                lines[first + 1..first + 1 + more].iter().rev().take_while(|l| l.is_empty()).count();
            Some((first, 1 + more - trailing_blank))
        }
    }
}

/// The written front matter must read back with the values given.
fn check(text: &str, values: &[(&str, String)]) -> Result<(), Diagnostic> {
    let split = frontmatter::split(text)?;
    let front = frontmatter::parse(&split).map_err(|mut ds| ds.remove(0))?;
    match values.iter().find(|(k, v)| front_value(&front, k) != Some(v.as_str())) {
        None => Ok(()),
        Some((key, _)) => Err(Diagnostic::error(
            Kind::Internal,
            format!("clause wrote the translated {key} into the front matter, but it does not read back"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_replace_the_sources_in_toml_and_yaml() {
        let toml = "+++\ntitle = \"Privacy\"\nsummary = \"\"\"\ntwo\nlines\"\"\"\neffective_date = 2024-05-01\n[extra]\ntitle = 1\n+++\nBody\n";
        let out =
            with_values(toml, &[("title", "Datenschutz \"&\"".into()), ("summary", "Neu".into())]).unwrap();
        assert_eq!(out, "+++\ntitle = 'Datenschutz \"&\"'\nsummary = \"Neu\"\neffective_date = 2024-05-01\n[extra]\ntitle = 1\n+++\nBody\n");
        let yaml = "---\ntitle: Privacy\ndescription: >\n  folded\n  text\nweight: 2\n---\nBody\n";
        let out = with_values(yaml, &[("description", "Kurz: {{x}}".into())]).unwrap();
        assert_eq!(out, "---\ntitle: Privacy\ndescription: \"Kurz: {{x}}\"\nweight: 2\n---\nBody\n");
    }
}
