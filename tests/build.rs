//! `clause build` on fixture sites: what lands in the output, for every brand and locale.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn builds_every_brand_locale_and_document() {
    let site = small_site();
    let out = site.build().ok();
    assert!(out.starts_with("built "), "{out}");
    assert_eq!(out.lines().count(), 1, "one summary line: {out}");
    for path in [
        "acme/index.html",
        "acme/404.html",
        "acme/sitemap.xml",
        "acme/robots.txt",
        "acme/style.css",
        "acme/en/index.html",
        "acme/en/legal/index.html",
        "acme/en/legal/privacy/index.html",
        "acme/en/legal/terms/index.html",
        "acme/zh-CN/legal/privacy/index.html",
        "acme/zh-CN/legal/terms/index.html",
        "beta/en/legal/privacy/index.html",
        "manifest.json",
    ] {
        assert!(site.exists(path), "{path} missing");
    }
    assert!(!site.exists("beta/zh-CN"), "beta serves only en");
}

#[test]
fn placeholders_are_filled_and_values_escaped() {
    let site = small_site();
    site.build().ok();
    let page = site.read("acme/en/legal/privacy/index.html");
    assert!(!page.contains("{{channelName}}") && !page.contains("ClzPh"), "{page}");
    assert!(page.contains("<title>Acme Cloud Privacy Policy | Acme Cloud Legal</title>"), "{page}");
    assert!(page.contains("1.1</span> This policy applies to Acme Cloud, operated by AT&amp;T &lt;Cloud&gt; *Star* &lt;script&gt;alert(1)&lt;/script&gt;."), "{page}");
    assert!(!page.contains("<script>alert(1)</script>"));
    assert!(!page.contains("<em>Star</em>"));
    assert!(
        page.contains("<a href=\"https://console.acme.example\">https://console.acme.example</a>"),
        "{page}"
    );
    assert!(
        page.contains("<td>AT&amp;T &lt;Cloud&gt; *Star* &lt;script&gt;alert(1)&lt;/script&gt;</td>"),
        "{page}"
    );
    assert!(page.contains("<code>Acme Cloud</code>"), "{page}");
    assert!(page.contains("Literal {{notAPlaceholder}} stays."), "{page}");
    let beta = site.read("beta/en/legal/privacy/index.html");
    assert!(beta.contains("operated by Beta Ltd."), "{beta}");
    assert!(beta.contains("href=\"https://console.beta.example\""));
}

#[test]
fn md_links_resolve_inside_the_brand_folder() {
    let site = small_site();
    site.build().ok();
    let page = site.read("acme/en/legal/privacy/index.html");
    assert!(page.contains("href=\"../../legal/terms/index.html#clause-2.1\""), "{page}");
    check_relative_links(&site.out().join("acme"));
    check_relative_links(&site.out().join("beta"));
}

/// Every relative href and src of every page in `brand_dir` names a file in it.
fn check_relative_links(brand_dir: &Path) {
    let re = regex::Regex::new(r##"(?:href|src)="([^"#]*)(#[^"]*)?""##).unwrap();
    for (path, html) in html_pages(brand_dir) {
        if path.file_name().is_some_and(|n| n == "404.html") {
            continue;
        }
        for cap in re.captures_iter(&html) {
            let url = &cap[1];
            if url.is_empty() || url.contains(':') {
                continue;
            }
            let target = path.parent().unwrap().join(url);
            let target = std::fs::canonicalize(&target)
                .unwrap_or_else(|_| panic!("{}: link {url} leads nowhere", path.display()));
            assert!(target.starts_with(std::fs::canonicalize(brand_dir).unwrap()), "{url} leaves the brand");
            assert!(target.is_file(), "{}: {url} is not a file", path.display());
        }
    }
}

#[test]
fn fallback_pages_come_from_the_fallback_locale() {
    let site = small_site();
    site.build().ok();
    let terms = site.read("acme/zh-CN/legal/terms/index.html");
    assert!(terms.contains("<html lang=\"zh-CN\""), "{terms}");
    assert!(terms.contains("lang=\"en\""), "the body carries the language it is in");
    assert!(
        terms.contains("<link rel=\"canonical\" href=\"https://legal.acme.example/en/legal/terms/\">"),
        "{terms}"
    );
    assert!(terms.contains("本文档尚无简体中文版本"), "{terms}");
    let sitemap = site.read("acme/sitemap.xml");
    assert!(!sitemap.contains("<loc>https://legal.acme.example/zh-CN/legal/terms/</loc>"));
    assert!(sitemap.contains("<loc>https://legal.acme.example/zh-CN/legal/privacy/</loc>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = small_site();
    site.build().ok();
    let first = snapshot(&site.out());
    site.build().ok();
    assert_eq!(first, snapshot(&site.out()));
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Pages are hashed in batches (src/digest.rs); a site of many brands makes full ones, of
/// pages of different lengths, next to lone static files hashed one by one.
#[test]
fn manifest_lists_every_file_with_its_sha256() {
    let site = small_site();
    let mut toml = SITE_TOML.to_string();
    for b in 0..20 {
        toml.push_str(&format!(
            "\n[brands.extra{b}]\nbase_url = \"https://{b}.example\"\n[brands.extra{b}.vars]\n"
        ));
        for name in ["channelName", "companyName", "supportMail", "consoleURLwithoutHttp"] {
            toml.push_str(&format!("{name} = \"{}\"\n", "x".repeat(b * 37 + 1)));
        }
    }
    site.write("site.toml", &toml);
    site.build().ok();
    let manifest: serde_json::Value = serde_json::from_str(&site.read("manifest.json")).unwrap();
    let files = manifest["files"].as_array().unwrap();
    let on_disk = snapshot(&site.out());
    assert_eq!(files.len(), on_disk.len() - 1, "every file but the manifest itself");
    assert!(files.len() > 100, "{} files", files.len());
    for f in files {
        let path = f["path"].as_str().unwrap();
        use sha2::Digest;
        let digest = hex::encode(sha2::Sha256::digest(&on_disk[path]));
        assert_eq!(f["sha256"].as_str().unwrap(), digest, "{path}");
    }
}

#[test]
fn brand_and_locale_flags_restrict_the_build() {
    let site = small_site();
    site.run(&["build", "--brand", "beta"]).ok();
    assert!(site.exists("beta/en/legal/privacy/index.html"));
    assert!(!site.exists("acme"));
    site.run(&["build", "--locale", "zh-CN"]).ok();
    assert!(site.exists("acme/zh-CN/legal/privacy/index.html"));
    assert!(!site.exists("acme/en/legal/privacy/index.html"));
    let manifest = site.read("manifest.json");
    assert!(!manifest.contains("beta/en/legal"), "the manifest holds exactly this run");
}

#[test]
fn shards_split_the_brands() {
    let site = small_site();
    site.run(&["build", "--shard", "1/2"]).ok();
    assert!(site.exists("acme") && !site.exists("beta"));
    site.run(&["build", "--shard", "2/2"]).ok();
    assert!(!site.exists("acme") && site.exists("beta"));
    assert_eq!(site.run(&["build", "--shard", "3/2"]).code(), 2);
    assert_eq!(site.run(&["build", "--brand", "nope"]).code(), 2);
}

#[test]
fn overrides_allow_lists_drafts_and_assets() {
    let site = small_site();
    site.write(
        "content/en/legal/privacy.beta.md",
        "+++\ntitle = \"Beta's own policy\"\n+++\n\nOnly for {{channelName}}. ![map](map.png)\n",
    );
    site.write(
        "content/en/legal/acme-only.md",
        "+++\ntitle = \"Acme only\"\nbrands = [\"acme\"]\n+++\n\nText.\n",
    );
    site.write("content/en/legal/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\n\nNot yet.\n");
    site.write_bytes("content/en/legal/map.png", b"\x89PNG fake");
    site.build().ok();
    assert!(site.read("beta/en/legal/privacy/index.html").contains("Only for Beta."));
    assert!(site.read("acme/en/legal/privacy/index.html").contains("operated by AT&amp;T"));
    assert!(site.exists("acme/en/legal/acme-only/index.html"));
    assert!(!site.exists("beta/en/legal/acme-only"));
    assert!(!site.exists("acme/en/legal/draft"));
    assert!(site.read("beta/en/legal/privacy/index.html").contains("src=\"../../legal/map.png\""));
    assert!(site.exists("beta/en/legal/map.png"));
    assert!(site.exists("acme/zh-CN/legal/map.png"), "a locale gets its fallback's files");
    site.run(&["build", "--drafts"]).ok();
    assert!(site.exists("acme/en/legal/draft/index.html"));
}

#[test]
fn sections_list_documents_by_weight_then_title() {
    let site = small_site();
    // Ties of weight (15) and of no weight, each pair written so that file name order and
    // title order disagree: only the title can put them in order.
    site.write("content/en/legal/b-first.md", "+++\ntitle = \"Zulu\"\nweight = 15\n+++\n\nx\n");
    site.write("content/en/legal/z-last.md", "+++\ntitle = \"Alpha\"\nweight = 15\n+++\n\nx\n");
    site.write("content/en/legal/aaa.md", "+++\ntitle = \"Yankee\"\n+++\n\nx\n");
    site.write("content/en/legal/zzz.md", "+++\ntitle = \"Bravo\"\n+++\n\nx\n");
    site.build().ok();
    let section = site.read("acme/en/legal/index.html");
    let at =
        |title: &str| section.find(&format!(">{title}<")).unwrap_or_else(|| panic!("{title}: {section}"));
    let order =
        [at("Acme Cloud Privacy Policy"), at("Alpha"), at("Zulu"), at("Terms"), at("Bravo"), at("Yankee")];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "weight 10, the two of weight 15 by title, weight 20, then the unweighted by title: {section}"
    );
}

#[test]
fn brand_index_sends_readers_to_the_default_locale() {
    let site = small_site();
    site.build().ok();
    let index = site.read("acme/index.html");
    assert!(index.contains("<meta http-equiv=\"refresh\" content=\"0; url=en/index.html\">"), "{index}");
    assert!(index.contains("href=\"zh-CN/index.html\""));
    let not_found = site.read("beta/404.html");
    assert!(not_found.contains("href=\"https://beta.example/legal/style.css\""), "{not_found}");
}

#[test]
fn static_files_of_the_site_win_over_the_theme() {
    let site = small_site();
    site.write("static/style.css", "body { color: red }");
    site.write("static/img/logo.svg", "<svg/>");
    site.build().ok();
    assert_eq!(site.read("acme/style.css"), "body { color: red }");
    assert!(site.exists("beta/img/logo.svg"));
}

#[test]
fn a_theme_template_of_the_site_overrides_the_builtin_one() {
    let site = small_site();
    site.write("themes/default/templates/404.html", "gone: {{ site.brand.name }}");
    site.build().ok();
    assert_eq!(site.read("acme/404.html"), "gone: Acme Cloud");
}

#[test]
fn yaml_front_matter_crlf_and_bom_are_read() {
    let site = small_site();
    site.write("content/en/legal/yaml.md", "\u{feff}---\r\ntitle: \"{{channelName}} YAML\"\r\neffective_date: 2023-05-01\r\n---\r\n\r\n1.1 Windows line ends.\r\n");
    site.build().ok();
    let page = site.read("acme/en/legal/yaml/index.html");
    assert!(page.contains("<h1>Acme Cloud YAML</h1>"), "{page}");
    assert!(page.contains("May 1, 2023"));
    assert!(page.contains("id=\"clause-1.1\""));
}

#[test]
fn the_example_portal_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    let page = std::fs::read_to_string(out.path().join("public/acme/en/agreement/privacy-policy/index.html"))
        .unwrap();
    // Every line of the seed document is on the page, word for word, values filled in.
    let seed = std::fs::read_to_string(root.join("content/en/agreement/privacy-policy.md")).unwrap();
    let text = html_text(&page);
    for line in seed
        .split("+++")
        .nth(2)
        .unwrap()
        .lines()
        .map(|l| l.trim_start_matches(['#', '-', ' ']))
        .filter(|l| !l.is_empty())
    {
        let filled = fill_acme(line);
        assert!(text.contains(&filled), "missing from the page: {filled}");
    }
    assert!(!page.contains("{{"));
}

fn fill_acme(line: &str) -> String {
    [
        ("{{channelName}}", "Acme"),
        ("{{companyName}}", "Acme Cloud Limited"),
        ("{{consoleURLwithoutHttp}}", "console.acme.example"),
        ("{{supportMail}}", "legal@acme.example"),
        ("{{supportNumber}}", "+1-555-0100"),
        ("{{companyAddress}}", "1 Acme Way, Springfield"),
        ("{{postalCode}}", "100001"),
    ]
    .iter()
    .fold(line.to_string(), |acc, (k, v)| acc.replace(k, v))
}

/// The text of an HTML page: tags removed, entities decoded, self-link marks dropped.
fn html_text(html: &str) -> String {
    let no_links = regex::Regex::new(r#"<a class="self-link"[^>]*>[§#]</a> "#).unwrap().replace_all(html, "");
    let no_tags = regex::Regex::new(r"<[^>]+>").unwrap().replace_all(&no_links, "");
    no_tags
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}
