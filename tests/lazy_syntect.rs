//! syntect's syntax set is loaded once per process, and only when a page has fenced code
//! with a language (its own test binary, so that no other test has loaded it before).

use clause::content::highlight::syntaxes_loaded;
use clause::content::markdown::{render, LinkEnv, RenderOptions, Target};
use clause::content::placeholders::sentinel_markdown;

fn render_text(md: &str) -> String {
    let body = sentinel_markdown(md).unwrap();
    let resolve = |_: &str| Target::Missing;
    let env = LinkEnv { dir: "", page_depth: 1, resolve: &resolve };
    render(&body, 1, &env, &RenderOptions { unsafe_html: false, highlight: true }).0.pieces.fill(&[])
}

#[test]
fn the_syntax_set_loads_only_for_code_with_a_language() {
    render_text("# Title\n\n1.1 Text and `inline code`.\n\n```\nno language\n```\n");
    assert!(!syntaxes_loaded(), "no fenced code with a language yet");
    let html = render_text("```json\n{\"a\": 1}\n```\n");
    assert!(syntaxes_loaded());
    assert!(html.contains("hl-"), "{html}");
}
