//! A translation's headings keep the ids of its source's. A heading's id is the slug of its
//! text, so `## What we collect` is `#what-we-collect` in English and `#was-wir-erheben` in
//! German, and a link the translation took from the source (`[see](#what-we-collect)`, its
//! destination a code the translator cannot change) would lead nowhere. Import writes the
//! source's id after each translated heading whose own would differ (`## Was wir erheben
//! {#what-we-collect}`, Hugo's and Zola's syntax), as clause numbers already give numbered
//! headings the same id in every language.

use crate::content::anchors::HeadingId;
use crate::content::markdown::{render, LinkEnv, RenderOptions, Target};
use crate::content::placeholders::sentinel_markdown;

/// `body` (a translation of `source`, with its structure) with the source's heading ids
/// (`wanted`, from the site's render of `source`) written where its own differ. A numbered
/// heading's id is its clause's in every language; its text's id (an alias that in-page links
/// may use) is written only when `source` links to it. Left as it is when the two do not have
/// the same headings.
pub fn keep_source_ids(source: &str, wanted: &[HeadingId], body: String) -> String {
    let have = headings(&body);
    if wanted.len() != have.len() {
        return body;
    }
    let mut lines: Vec<(usize, &str)> = Vec::new();
    for (s, t) in wanted.iter().zip(&have) {
        let needed = match s.numbered {
            false => s.id != t.id,
            true => s.text_id != t.text_id && source.contains(&format!("#{}", s.text_id)),
        };
        if needed {
            lines.push((t.line, if s.numbered { &s.text_id } else { &s.id }));
        }
    }
    if lines.is_empty() {
        return body;
    }
    with_ids(&body, &lines)
}

/// The headings of a body, their lines counted from its first.
fn headings(body: &str) -> Vec<HeadingId> {
    let Ok(sentinelled) = sentinel_markdown(body) else {
        return Vec::new();
    };
    let resolve = |_: &str| Target::Missing;
    let env = LinkEnv { dir: "", page_depth: 1, resolve: &resolve };
    render(&sentinelled, 1, &env, &RenderOptions::default()).0.headings
}

/// `body` with ` {#id}` written at the end of the text of each heading line given.
fn with_ids(body: &str, ids: &[(usize, &str)]) -> String {
    let mut out = String::with_capacity(body.len() + ids.len() * 24);
    for (i, line) in body.split_inclusive('\n').enumerate() {
        match ids.iter().find(|(l, _)| *l == i + 1) {
            Some((_, id)) => out.push_str(&line_with_id(line, id)),
            None => out.push_str(line),
        }
    }
    out
}

/// One heading line with its id: before an ATX heading's closing `#`s, else at its end.
fn line_with_id(line: &str, id: &str) -> String {
    let text = line.trim_end();
    let unclosed = text.trim_end_matches('#');
    let head = match unclosed.len() < text.len() && unclosed.ends_with([' ', '\t']) {
        true => unclosed.trim_end(),
        false => text,
    };
    format!("{head} {{#{id}}}{}{}", &text[head.len()..], &line[text.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translated_headings_get_the_sources_ids_where_theirs_differ() {
        let source = "## What we collect\n\n## 2. Scope\n\nSee [x](#what-we-collect).\n\n## Contact\n";
        let body = "## Was wir erheben\n\n## 2. Umfang\n\nSiehe [x](#what-we-collect).\n\n## Contact\n";
        let out = keep_source_ids(source, &headings(source), body.to_string());
        assert_eq!(
            out,
            "## Was wir erheben {#what-we-collect}\n\n## 2. Umfang\n\nSiehe [x](#what-we-collect).\n\n## Contact\n"
        );
        let ids: Vec<String> = headings(&out).into_iter().map(|h| h.id).collect();
        assert_eq!(ids, ["what-we-collect", "clause-2", "contact"]);
    }

    #[test]
    fn a_numbered_headings_alias_is_kept_when_the_source_links_to_it() {
        let source = "See [A](#a-definitions).\n\n## A. Definitions\n\n## B. Terms\n";
        let body = "Siehe [A](#a-definitions).\n\n## A. Begriffe\n\n## B. Bedingungen\n";
        let out = keep_source_ids(source, &headings(source), body.to_string());
        assert!(out.contains("## A. Begriffe {#a-definitions}\n\n## B. Bedingungen\n"), "{out}");
    }

    #[test]
    fn closing_hashes_setext_headings_and_repeats() {
        assert_eq!(line_with_id("## Titel ##\r\n", "t"), "## Titel {#t} ##\r\n");
        assert_eq!(line_with_id("## C#\n", "c"), "## C# {#c}\n");
        let source = "Same\n====\n\n## Same\n";
        let body = "Gleich\n======\n\n## Gleich\n";
        let out = keep_source_ids(source, &headings(source), body.to_string());
        assert_eq!(out, "Gleich {#same}\n======\n\n## Gleich {#same-2}\n");
    }
}
