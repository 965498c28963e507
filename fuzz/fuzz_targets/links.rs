//! `.md` link rewriting through the whole Markdown renderer: never a panic, and a rewritten
//! link never climbs above the brand folder.
#![no_main]
use clause::content::markdown::{render, LinkEnv, RenderOptions, Target};
use clause::content::placeholders::sentinel_markdown;
use libfuzzer_sys::fuzz_target;

fn resolve(path: &str) -> Target {
    match path {
        "legal/terms" | "terms" => Target::Page(format!("{path}/")),
        p if p.ends_with(".png") => Target::Asset,
        p if p.ends_with("/_index") => Target::Page(format!("{}/", p.trim_end_matches("/_index"))),
        _ => Target::Missing,
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() > 4096 {
        return;
    }
    let text = String::from_utf8_lossy(data);
    let Ok(body) = sentinel_markdown(&text) else { return };
    let env = LinkEnv { dir: "legal", page_depth: 2, resolve: &resolve };
    let (rendered, errors) = render(&body, 1, &env, &RenderOptions { unsafe_html: false, highlight: false });
    for e in &errors {
        assert!(e.line.is_some() && e.column.is_some());
    }
    // A link that does not resolve is an error (the build stops) and is left as written;
    // every rewritten link stays inside the brand folder.
    if errors.is_empty() {
        let html = rendered.pieces.fill(&vec!["v"; body.sentinels.names.len()]);
        assert!(!html.contains("\"../../../"), "a link leaves the brand folder: {html}");
    }
});
