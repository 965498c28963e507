//! Every example of the GitHub Flavored Markdown spec (tests/data/gfm-spec.txt, CC-BY-SA 4.0)
//! renders through clause's pipeline (placeholder sentinels, link rewriting, clause and
//! heading ids) exactly as comrak renders it alone, once the ids and self-links clause adds
//! are taken out. Where comrak matches the spec's expected HTML, so does clause.

mod common;
use clause::content::markdown::{self, LinkEnv, RenderOptions, Target};
use clause::content::placeholders::sentinel_markdown;
use common::gfm::examples;
use regex::Regex;

fn through_clause(md: &str, opts: &RenderOptions) -> String {
    let body = sentinel_markdown(md).expect("no example holds `{{`");
    let resolve = |_: &str| Target::Missing;
    let env = LinkEnv { dir: "section", page_depth: 2, resolve: &resolve };
    let (rendered, _link_errors) = markdown::render(&body, 1, &env, opts);
    rendered.pieces.fill(&[])
}

/// Takes out what clause adds on purpose: ids on headings and clause paragraphs, self-links,
/// and the span around a clause paragraph's number.
fn without_anchors(html: &str) -> String {
    let self_link = Regex::new(
        r#"<a class="self-link" href="[^"]*"(?: aria-label="[^"]*")?(?: aria-hidden="true" tabindex="-1")?>[§#]</a> "#,
    )
    .unwrap();
    let ids = Regex::new(r#"<(h[1-6]|p) id="[^"]*"(?: class="clause")?>"#).unwrap();
    let number = Regex::new(r#"<span class="clause-number">([^<]*)</span>"#).unwrap();
    let html = self_link.replace_all(html, "");
    let html = number.replace_all(&html, "$1");
    ids.replace_all(&html, "<$1>").into_owned()
}

#[test]
fn every_gfm_example_renders_as_comrak_renders_it() {
    let opts = RenderOptions { unsafe_html: true, highlight: false };
    let comrak_opts = markdown::comrak_options(&opts);
    let examples = examples();
    assert!(examples.len() >= 670, "found {} examples", examples.len());
    let (mut differ, mut comrak_matches, mut clause_matches) = (Vec::new(), 0, 0);
    for ex in &examples {
        let plain = comrak::markdown_to_html(&ex.markdown, &comrak_opts);
        let ours = without_anchors(&through_clause(&ex.markdown, &opts));
        if plain != ours {
            differ.push(format!("example {}:\n{}\ncomrak: {plain}\nclause: {ours}", ex.number, ex.markdown));
        }
        comrak_matches += usize::from(plain == ex.html);
        clause_matches += usize::from(ours == ex.html);
    }
    assert!(differ.is_empty(), "{} examples differ:\n{}", differ.len(), differ.join("\n"));
    assert_eq!(clause_matches, comrak_matches);
    assert!(comrak_matches > 600, "comrak matched only {comrak_matches} examples");
}

#[test]
fn clause_ids_are_really_added_where_numbers_lead() {
    let opts = RenderOptions { unsafe_html: true, highlight: false };
    let html = through_clause("## 4.1 Sharing\n\n4.1.2 We share.\n", &opts);
    assert!(html.contains("<h2 id=\"clause-4.1\">"), "{html}");
    assert!(html.contains("<p id=\"clause-4.1.2\" class=\"clause\">"), "{html}");
    assert_eq!(without_anchors(&html), "<h2>4.1 Sharing</h2>\n<p>4.1.2 We share.</p>\n");
}
