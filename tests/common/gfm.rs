//! The examples of the GitHub Flavored Markdown spec (tests/data/gfm-spec.txt, CC-BY-SA 4.0),
//! read once for every test that walks them.

/// One example: its number (from 1), its Markdown and the HTML the spec expects.
pub struct Example {
    pub number: usize,
    pub markdown: String,
    pub html: String,
}

pub fn examples() -> Vec<Example> {
    let spec = include_str!("../data/gfm-spec.txt");
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if !(line.starts_with(&fence) && line[32..].trim_start().starts_with("example")) {
            continue;
        }
        let (mut md, mut html, mut in_html) = (String::new(), String::new(), false);
        for l in lines.by_ref() {
            if l == fence {
                break;
            }
            if l == "." && !in_html {
                in_html = true;
                continue;
            }
            let target = if in_html { &mut html } else { &mut md };
            target.push_str(&l.replace('→', "\t"));
            target.push('\n');
        }
        out.push(Example { number: out.len() + 1, markdown: md, html });
    }
    out
}
