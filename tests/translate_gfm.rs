//! Translation exchange over every example of the GitHub Flavored Markdown spec
//! (tests/data/gfm-spec.txt, CC-BY-SA 4.0): cutting a body into segments and writing it back
//! changes nothing. Written back with the source's own words the body is byte for byte the
//! same; written back with every word run escaped as a translator's typed text would be, it
//! renders to the same HTML, so escaping keeps text as typed without changing a block.

mod common;
use clause::content::markdown::{comrak_options, RenderOptions};
use clause::content::segments::{segments, Part};
use clause::translate::rebuild::{body_with, segment_markdown, tag_of, KnownText, Tag};

/// The examples' numbers and Markdown.
fn examples() -> Vec<(usize, String)> {
    common::gfm::examples().into_iter().map(|e| (e.number, e.markdown)).collect()
}

/// The body written back, each segment from its own tags; `known` decides whether a text
/// run keeps its bytes (identity) or is escaped as typed text.
fn written_back(body: &str, keep_bytes: bool) -> Option<String> {
    let segs = segments(body).ok()?;
    let written: Vec<Option<String>> = segs
        .iter()
        .map(|s| {
            let tags: Vec<Tag> = s.parts.iter().map(tag_of).collect();
            let known = if keep_bytes { vec![KnownText::of(body, s)] } else { Vec::new() };
            let known: Vec<&KnownText> = known.iter().collect();
            Some(segment_markdown(body, s, &tags, &known))
        })
        .collect();
    Some(body_with(body, &segs, &written))
}

/// The HTML, white space runs made one space: a line break inside a paragraph (which a
/// translation writes as a space) reads the same.
fn html(md: &str) -> String {
    let html = comrak::markdown_to_html(md, &comrak_options(&RenderOptions::default()));
    html.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_example_comes_back_byte_for_byte_with_its_own_words() {
    let mut checked = 0;
    for (n, md) in examples() {
        let Some(back) = written_back(&md, true) else { continue };
        assert_eq!(back, md, "example {n}");
        checked += 1;
    }
    assert!(checked > 600, "only {checked} examples could be cut into segments");
}

#[test]
fn every_example_renders_the_same_with_its_words_escaped_as_typed_text() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (n, md) in examples() {
        // Known exceptions: text typed right after a bare web address that starts with `&` or
        // `<` (626, 627): the backslash that keeps it text is read as part of the address.
        if [626, 627].contains(&n) {
            continue;
        }
        let Some(back) = written_back(&md, false) else { continue };
        checked += 1;
        if html(&back) != html(&md) {
            failures.push(format!(
                "example {n}:\n{md}---- written back:\n{back}---- renders\n{}---- instead of\n{}",
                html(&back),
                html(&md)
            ));
        }
    }
    assert!(checked > 600, "only {checked} examples could be cut into segments");
    assert!(
        failures.is_empty(),
        "{} of {checked} examples render otherwise:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_parts_of_every_segment_cover_it_in_order() {
    for (n, md) in examples() {
        let Ok(segs) = segments(&md) else { continue };
        for s in segs {
            let joined: String = s.parts.iter().map(|p: &Part| &md[p.raw().clone()]).collect();
            assert_eq!(joined, &md[s.range.clone()], "example {n}");
        }
    }
}
