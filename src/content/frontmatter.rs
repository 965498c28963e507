//! Front matter: the TOML (`+++`) or YAML (`---`) block at the top of a document.
//!
//! Splitting keeps track of line numbers, so that an error in the front matter or in the
//! body points at the line of the file a writer sees, front matter included.

use crate::diag::{did_you_mean, Diagnostic, Kind, Pos};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A calendar date, as written in `effective_date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (a time after it, as in `2022-01-28T00:00:00Z`, is ignored).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let date = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return None;
        }
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date { year: y.parse().ok()?, month: m.parse().ok()?, day: d.parse().ok()? };
        date.is_real().then_some(date)
    }

    fn is_real(&self) -> bool {
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&self.day)
    }

    /// `YYYY-MM-DD`. Written digit by digit (a page writes a few dozen dates: the formatting
    /// machinery was 1 % of a versioned build); a year past 9999 through `format!`.
    pub fn iso(&self) -> String {
        let (Ok(year @ 0..=9999), 0..=99, 0..=99) = (u16::try_from(self.year), self.month, self.day) else {
            return format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        };
        let digit = |n: u16, at: u16| char::from(b'0' + (n / at % 10) as u8);
        let mut iso = String::with_capacity(10);
        iso.extend([digit(year, 1000), digit(year, 100), digit(year, 10), digit(year, 1), '-']);
        let (month, day) = (u16::from(self.month), u16::from(self.day));
        iso.extend([digit(month, 10), digit(month, 1), '-', digit(day, 10), digit(day, 1)]);
        iso
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date like 2022-01-28")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).ok_or_else(|| E::custom(format!("`{v}` is not a date like 2022-01-28")))
            }
            // TOML dates arrive as a one-entry map holding their text.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, text)) = map.next_entry::<String, String>()? else {
                    return Err(de::Error::custom("expected a date like 2022-01-28"));
                };
                self.visit_str(&text)
            }
        }
        d.deserialize_any(V)
    }
}

/// The keys a document or section may set (SPEC §3). Unknown keys are errors, so that a
/// misspelt `efective_date` is caught; free-form data goes under `[extra]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub effective_date: Option<Date>,
    pub weight: Option<i64>,
    #[serde(default)]
    pub draft: bool,
    pub brands: Option<Vec<String>>,
    /// One line saying what this version changed (SPEC §6); placeholders allowed.
    pub summary: Option<String>,
    /// Whether this version asks users to accept it again (`false`: a correction); a
    /// value that is not a boolean is an error at its line.
    pub material: Option<bool>,
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}

impl FrontMatter {
    /// Whether the version is material: `material`, `true` when unset.
    pub fn is_material(&self) -> bool {
        self.material.unwrap_or(true)
    }
}

/// A file cut in two: its front matter and its body, with where each starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    pub front: &'a str,
    /// 1-based line of the front matter's first line (after the opening fence).
    pub front_line: usize,
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
    None,
}

/// Cuts `text` at its front matter fences. A byte-order mark and CRLF line ends are fine.
/// An opening fence with no closing one is an error at the opening fence.
pub fn split(text: &str) -> Result<Split<'_>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    let fence = text[start..first_line_end].trim_end();
    let format = match fence {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Ok(Split {
                format: Format::None,
                front: "",
                front_line: 1,
                body: &text[start..],
                body_offset: start,
            });
        }
    };
    let mut offset = first_line_end;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == fence {
            return Ok(Split {
                format,
                front: &text[first_line_end..offset],
                front_line: 2,
                body: &text[end..],
                body_offset: end,
            });
        }
        offset = end;
    }
    Err(Diagnostic::error(
        Kind::UnclosedFrontMatter,
        format!("front matter opened with `{fence}` is never closed"),
    )
    .at(Pos::new(1, 1))
    .help(format!("end the front matter with a line holding only `{fence}`")))
}

/// The keys [`FrontMatter`] takes.
const KEYS: [&str; 9] =
    ["title", "description", "effective_date", "weight", "draft", "brands", "summary", "material", "extra"];

/// Parses the front matter of a split file. Errors point at the file's own lines; every
/// unknown key is reported, not only the first.
pub fn parse(split: &Split<'_>) -> Result<FrontMatter, Vec<Diagnostic>> {
    parse_one(split).map_err(|d| {
        let unknown = if d.kind == Kind::UnknownFrontMatterKey { unknown_keys(split) } else { Vec::new() };
        if unknown.is_empty() {
            vec![d]
        } else {
            unknown
        }
    })
}

fn parse_one(split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    match split.format {
        Format::None => Ok(FrontMatter::default()),
        Format::Toml => toml::from_str(split.front).map_err(|e| {
            let pos = e.span().map(|s| Pos::of_offset(split.front, s.start)).unwrap_or(Pos::new(1, 1));
            front_error(e.message(), pos.shifted(split.front_line))
        }),
        Format::Yaml if split.front.trim().is_empty() => Ok(FrontMatter::default()),
        Format::Yaml => serde_yaml_ng::from_str(split.front).map_err(|e| {
            let pos = e.location().map(|l| Pos::of_offset(split.front, l.index())).unwrap_or(Pos::new(1, 1));
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            front_error(&msg, pos.shifted(split.front_line))
        }),
    }
}

/// Every top-level key of the front matter that is not one of [`KEYS`], at its line and column.
/// A line scan (the parser stops at the first): top-level keys start their line, in YAML
/// unindented, in TOML before any `[table]`, whose own name counts as a key.
fn unknown_keys(split: &Split<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (mut in_table, mut in_string) = (false, false);
    for (i, line) in split.front.lines().enumerate() {
        let was_in_string = in_string;
        in_string ^= line.matches("\"\"\"").count() % 2 == 1 || line.matches("'''").count() % 2 == 1;
        let trimmed = line.trim_start();
        let column = line.len() - trimmed.len();
        let key = match split.format {
            _ if was_in_string || trimmed.starts_with('#') => None,
            Format::Toml if trimmed.starts_with('[') => {
                in_table = true;
                trimmed.trim_start_matches('[').split([']', '.']).next()
            }
            Format::Toml if !in_table => {
                trimmed.split_once('=').map(|(k, _)| k.split('.').next().unwrap_or(k))
            }
            Format::Yaml if column == 0 && !trimmed.starts_with('-') => {
                trimmed.split_once(':').map(|(k, _)| k)
            }
            _ => None,
        };
        let Some(key) = key.map(|k| k.trim().trim_matches(['"', '\''])).filter(|k| !k.is_empty()) else {
            continue;
        };
        if !KEYS.contains(&key) {
            let at = Pos::new(i + 1, line[..line.find(key).unwrap_or(column)].chars().count() + 1);
            let message = format!("unknown key `{key}`{}", did_you_mean(key, KEYS));
            out.push(front_error(&message, at.shifted(split.front_line)));
        }
    }
    out
}

fn front_error(message: &str, pos: Pos) -> Diagnostic {
    let message = message.trim();
    let unknown = message.contains("unknown field") || message.starts_with("unknown key");
    let kind = if unknown { Kind::UnknownFrontMatterKey } else { Kind::InvalidFrontMatter };
    Diagnostic::error(kind, format!("front matter: {message}"))
        .at(pos)
        .help("front matter takes title, description, effective_date (2022-01-28), weight (a whole number), draft (true/false), brands ([\"id\", …]), summary, material (true/false) and [extra]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_padded_like_format() {
        for (year, month, day) in
            [(2024, 5, 1), (1, 1, 1), (999, 12, 31), (9999, 10, 9), (10000, 1, 2), (-5, 3, 4)]
        {
            let date = Date { year, month, day };
            assert_eq!(date.iso(), format!("{year:04}-{month:02}-{day:02}"));
        }
    }

    #[test]
    fn splits_toml_yaml_and_none() {
        let s = split("+++\ntitle = \"A\"\n+++\nbody\n").unwrap();
        assert_eq!(
            (s.format, s.front, s.body, s.body_offset),
            (Format::Toml, "title = \"A\"\n", "body\n", 20)
        );
        let s = split("---\ntitle: A\n---\n\nbody").unwrap();
        assert_eq!((s.format, s.front, s.body), (Format::Yaml, "title: A\n", "\nbody"));
        let s = split("# Just a heading\n").unwrap();
        assert_eq!((s.format, s.body), (Format::None, "# Just a heading\n"));
    }

    #[test]
    fn bom_and_crlf_are_fine() {
        let s = split("\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nbody\r\n").unwrap();
        assert_eq!(parse(&s).unwrap().title.as_deref(), Some("A"));
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = split("+++\ntitle = \"A\"\n").unwrap_err();
        assert_eq!(e.kind, Kind::UnclosedFrontMatter);
    }

    #[test]
    fn errors_point_at_the_file_line() {
        let s = split("+++\ntitle = \"A\"\nweight = \"ten\"\n+++\n").unwrap();
        let e = &parse(&s).unwrap_err()[0];
        assert_eq!((e.kind, e.line), (Kind::InvalidFrontMatter, Some(3)));
        let s = split("---\ntitle: A\nefective_date: 2022-01-01\n---\n").unwrap();
        let e = &parse(&s).unwrap_err()[0];
        assert_eq!((e.kind, e.line), (Kind::UnknownFrontMatterKey, Some(3)));
    }

    /// Fuzzing found: YAML counts a lone CR as a line break, clause counts LF; positions are
    /// now taken from the error's byte offset, so they agree with the rest of clause.
    #[test]
    fn yaml_errors_count_lines_like_the_rest_of_clause() {
        let text = "---\ntitle: \"a\"\r\r\r\r\r\r\r\r\r\rweight: [\n---\n";
        let e = &parse(&split(text).unwrap()).unwrap_err()[0];
        assert!(e.line.unwrap() <= text.lines().count(), "{:?}", e.line);
    }

    #[test]
    fn material_is_true_unless_set_and_must_be_a_boolean() {
        let parsed = |text: &str| parse(&split(text).unwrap());
        assert!(parsed("+++\ntitle = \"A\"\n+++\n").unwrap().is_material());
        assert!(!parsed("---\nmaterial: false\n---\n").unwrap().is_material());
        let e = &parsed("+++\ntitle = \"A\"\nmaterial = \"no\"\n+++\n").unwrap_err()[0];
        assert_eq!((e.kind, e.line), (Kind::InvalidFrontMatter, Some(3)));
        let e = &parsed("---\ntitle: A\nmaterial: yes\n---\n").unwrap_err()[0];
        assert_eq!((e.kind, e.line), (Kind::InvalidFrontMatter, Some(3)));
    }

    #[test]
    fn dates_from_toml_and_yaml() {
        let s = split("+++\neffective_date = 2022-01-28\n+++\n").unwrap();
        assert_eq!(parse(&s).unwrap().effective_date, Date::parse("2022-01-28"));
        let s = split("---\neffective_date: 2022-01-28\n---\n").unwrap();
        assert_eq!(parse(&s).unwrap().effective_date.map(|d| d.iso()), Some("2022-01-28".into()));
        assert!(Date::parse("2022-02-30").is_none());
        assert!(Date::parse("2022-1-3").is_none());
    }

    fn unknown(text: &str) -> Vec<(usize, usize, String)> {
        let errors = parse(&split(text).unwrap()).unwrap_err();
        errors.into_iter().map(|e| (e.line.unwrap_or(0), e.column.unwrap_or(0), e.message)).collect()
    }

    #[test]
    fn every_unknown_key_is_reported_at_its_line_and_column() {
        let found = unknown(
            "+++\ntitle = \"A\"\nefective_date = 2022-01-01\nauthor = \"x\"\n[extra]\nfoo = 1\n[seo]\n+++\n",
        );
        let at: Vec<_> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, [(3, 1), (4, 1), (7, 2)], "{found:?}");
        assert!(found[0].2.contains("`efective_date`; did you mean `effective_date`?"), "{}", found[0].2);
        let found =
            unknown("---\ntitle: A\nauthor: x\nbrands:\n  - acme\ndesc: |\n  a: b\n\"tags\": [a]\n---\n");
        let at: Vec<_> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, [(3, 1), (6, 1), (8, 2)], "{found:?}");
    }

    #[test]
    fn every_key_front_matter_takes_is_known_and_named_in_the_help() {
        // serde's own list: "unknown field `x`, expected one of `title`, …".
        let message = toml::from_str::<FrontMatter>("x = 1").unwrap_err().message().to_string();
        let taken: Vec<&str> = message.split('`').skip(3).step_by(2).collect();
        assert_eq!(taken, KEYS, "{message}");
        let help = front_error("", Pos::new(1, 1)).help.unwrap_or_default();
        assert!(KEYS.iter().all(|k| help.contains(k)), "{help}");
        let found = unknown("+++\nmaterial = false\nauthor = \"x\"\n+++\n");
        assert_eq!(found.iter().map(|(l, _, _)| *l).collect::<Vec<_>>(), [3], "{found:?}");
    }

    #[test]
    fn toml_multi_line_strings_and_dotted_keys_are_read_as_toml_reads_them() {
        let found = unknown("+++\ndescription = \"\"\"\nnot = a key\n\"\"\"\nextra.a = 1\nx.y = 2\n+++\n");
        assert_eq!(found.iter().map(|(l, _, m)| (*l, m.contains("`x`"))).collect::<Vec<_>>(), [(6, true)]);
    }
}
