//! Placeholder scanning and filling: never a panic, never a sentinel left in the output, and
//! a value never becomes markup.
#![no_main]
use clause::content::fill::Pieces;
use clause::content::placeholders::{sentinel_markdown, Template};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = Template::parse(&text).map(|(t, _)| t.source_text());
    let Ok(body) = sentinel_markdown(&text) else { return };
    // Wrap the sentinelled text in HTML contexts the renderer produces.
    let html = format!("<p>{0}</p><a href=\"{0}\" title=\"{0}\">x</a><img src='{0}'><i class={0}>", body.markdown.replace(['"', '\'', '<', '>'], ""));
    let pieces = Pieces::from_html(&html, &body.sentinels);
    let hostile = "<b>\"'&javascript:alert(1) x=y";
    let values = vec![hostile; body.sentinels.names.len()];
    let out = pieces.fill(&values);
    if !body.sentinels.names.is_empty() {
        assert!(!out.contains(&format!("{}0Q", body.sentinels.prefix)), "a sentinel survived");
    }
    assert!(!out.contains("<b>"), "a value became markup: {out}");
    for _ in 0..3 {
        let _ = body.source_column(&clause::diag::LineIndex::new(&body.markdown), 1, 1);
    }
});
