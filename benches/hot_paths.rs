//! The hot paths of a build, one at a time: placeholder scanning, Markdown rendering,
//! filling a rendered body with a brand's values, rendering a page template, writing a page
//! with its SHA-256, and hashing a batch of pages. Run with `cargo bench`; the example
//! portal's privacy policy (the seed document, 30 KB) is the input.

use clause::content::cache::DocCache;
use clause::content::markdown::{self, LinkEnv, RenderOptions, Target};
use clause::content::placeholders::sentinel_markdown;
use clause::output::writer::Writer;
use clause::render::context::{splice_in_place, RunCache};
use clause::render::pages::BrandView;
use clause::render::prepare::prepare;
use clause::render::sink::Sink;
use clause::site::plan::PageKind;
use clause::site::selection::Selection;
use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    divan::main();
}

fn policy() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/en/agreement/privacy-policy.md");
    let text = std::fs::read_to_string(path).expect("the example portal's privacy policy");
    text.split("+++").nth(2).unwrap_or_default().to_string()
}

fn values() -> BTreeMap<String, String> {
    [
        ("channelName", "Acme Cloud"),
        ("companyName", "Acme Cloud Limited"),
        ("consoleURLwithoutHttp", "console.acme.example"),
        ("supportMail", "legal@acme.example"),
        ("supportNumber", "+1-555-0100"),
        ("companyAddress", "1 Acme Way, Springfield"),
        ("postalCode", "100001"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn resolve(_: &str) -> Target {
    Target::Page("agreement/x/".into())
}

#[divan::bench]
fn placeholder_scanning(bencher: divan::Bencher) {
    let text = policy();
    bencher.bench(|| sentinel_markdown(divan::black_box(&text)).map_or(0, |s| s.markdown.len()));
}

#[divan::bench]
fn markdown_rendering(bencher: divan::Bencher) {
    let body = sentinel_markdown(&policy()).expect("no malformed placeholder");
    let env = LinkEnv { dir: "agreement", page_depth: 2, resolve: &resolve };
    let opts = RenderOptions { unsafe_html: false, highlight: true };
    bencher.bench(|| markdown::render(divan::black_box(&body), 1, &env, &opts).0.ids.len());
}

#[divan::bench]
fn filling_one_brand(bencher: divan::Bencher) {
    let body = sentinel_markdown(&policy()).expect("no malformed placeholder");
    let env = LinkEnv { dir: "agreement", page_depth: 2, resolve: &resolve };
    let (rendered, _) = markdown::render(&body, 1, &env, &RenderOptions::default());
    let values = values();
    bencher.bench(|| rendered.pieces.fill_map(divan::black_box(&values)).len());
}

#[divan::bench]
fn template_rendering(bencher: divan::Bencher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let prepared = prepare(root, &Selection::default(), false, &mut DocCache::default())
        .ok()
        .and_then(|loaded| loaded.ready().ok())
        .unwrap_or_else(|| panic!("the example portal builds"));
    let data = RunCache::new(&prepared.site, &prepared.theme);
    let bp = &prepared.plan.brands[0];
    let view = BrandView::new(&prepared.site, bp, &data);
    let lp = &bp.locales[0];
    let page = lp.pages.iter().find(|p| p.kind == PageKind::Document).expect("a document");
    bencher.bench(|| {
        let (ctx, body) = view.document(lp, page).expect("a source");
        let mut html = String::new();
        prepared.theme.render_into("page.html", ctx.into_value(), &mut html).expect("renders");
        splice_in_place(&mut html, 0, Some(&body));
        html.len()
    });
}

#[divan::bench]
fn writing_a_page(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let writer = Writer::open(&dir.path().join("out")).expect("a writer");
    let page = "x".repeat(38 * 1024);
    let mut n = 0u64;
    bencher.bench_local(|| {
        n += 1;
        writer.put(&format!("b/{}/index.html", n % 512), page.as_bytes()).map(|w| w.bytes)
    });
}

/// Sixteen pages of 38 KB, hashed one by one (`sha2`) and side by side (`tape-sha256`), as
/// the manifest needs: `src/digest.rs` picks the second for batches.
#[divan::bench(args = ["one by one", "batch of 16"])]
fn hashing_16_pages(bencher: divan::Bencher, how: &str) {
    let pages: Vec<Vec<u8>> = (0..16u8).map(|i| vec![b'a' + i; 38 * 1024 + usize::from(i) * 13]).collect();
    let refs: Vec<&[u8]> = pages.iter().map(Vec::as_slice).collect();
    bencher.bench(|| match how {
        "one by one" => refs.iter().map(|p| clause::render::sink::Sha256::of(p)).collect::<Vec<_>>(),
        _ => clause::output::digest::sha256_many(divan::black_box(&refs)),
    });
}
