//! Multilingual pages (SPEC §3 clauses, §5 page contents) on a portal with four locales, one
//! of them without documents, and brands limited to some locales.

mod common;
use common::*;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::Path;

const SITE: &str = r##"title = "{{channelName}} Legal"
default_locale = "en"

[locales.ja]
fallback = "zh-CN"

[brands.one]
base_url = "https://one.example/legal"
locales = ["en", "de", "ja"]
[brands.one.vars]
channelName = "One"

[brands.two]
base_url = "https://two.example"
[brands.two.vars]
channelName = "Two"
[brands.two.locale_vars.de]
channelName = "Zwei"
"##;

const POLICY_EN: &str = "+++\ntitle = \"{{channelName}} Policy\"\neffective_date = 2022-01-28\n+++\n\n## I. Scope\n\n1.1 Applies to {{channelName}}.\n\n1.2 Again.\n\n## II. Data\n\n2.1 Data.\n\n## 隐私 Notes\n\nplain\n";
const POLICY_ZH: &str = "+++\ntitle = \"{{channelName}}政策\"\neffective_date = 2022-01-28\n+++\n\n## I. 范围\n\n1.1 适用于{{channelName}}。\n\n1.2 再次。\n\n## II. 数据\n\n2.1 数据。\n";
const POLICY_DE: &str = "+++\ntitle = \"{{channelName}} Richtlinie\"\neffective_date = 2022-01-28\n+++\n\n## I. Umfang\n\n1.1 Gilt für {{channelName}}.\n\n1.2 Nochmals.\n\n## II. Daten\n\n2.1 Daten.\n";

fn portal() -> Fixture {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/legal/policy.md", POLICY_EN),
        (
            "content/en/legal/cookies.md",
            "+++\ntitle = \"Cookies\"\neffective_date = 2023-06-05\n+++\n\n1.1 Cookies.\n",
        ),
        ("content/zh-CN/legal/policy.md", POLICY_ZH),
        ("content/de/legal/policy.md", POLICY_DE),
    ]);
    std::fs::create_dir_all(site.root().join("content/ja")).unwrap();
    site.build().ok();
    site
}

fn attr(html: &str, re: &str) -> Vec<String> {
    Regex::new(re).unwrap().captures_iter(html).map(|c| c[1].to_string()).collect()
}

#[test]
fn every_page_has_its_lang_canonical_and_alternates() {
    let site = portal();
    let page = site.read("one/de/legal/policy/index.html");
    assert!(page.contains("<html lang=\"de\" dir=\"ltr\">"));
    assert_eq!(
        attr(&page, r#"rel="canonical" href="([^"]+)""#),
        ["https://one.example/legal/de/legal/policy/"]
    );
    let alternates = attr(&page, r#"hreflang="([^"]+)" href="#);
    assert_eq!(alternates, ["de", "en", "x-default"], "one serves en, de, ja; ja has no policy of its own");
    assert!(page.contains("<title>One Richtlinie | One Legal</title>"));
    let two = site.read("two/de/legal/policy/index.html");
    assert!(two.contains("<title>Zwei Richtlinie | Zwei Legal</title>"), "locale_vars apply");
    assert_eq!(attr(&two, r#"hreflang="([^"]+)" href="#), ["de", "en", "zh-CN", "x-default"]);
    let mut checked = 0;
    for (brand, base) in [("one", "https://one.example/legal"), ("two", "https://two.example")] {
        let dir = site.out().join(brand);
        for (path, html) in html_pages(&dir) {
            let rel = path.strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
            // Fragments are a version's text for a product to embed (no chrome, no alternates,
            // `noindex`), not pages for readers: tests/versions_data.rs checks them.
            if rel == "index.html" || rel == "404.html" || rel.ends_with("/fragment.html") {
                continue;
            }
            lang_canonical_and_alternates(&dir, base, &rel, &html);
            checked += 1;
        }
    }
    assert_eq!(checked, 28, "every home, section and document page of both brands");
}

/// The output page that `url` (on the brand's `base`) names: `…/x/` is `x/index.html`.
fn page_at(dir: &Path, base: &str, url: &str) -> std::path::PathBuf {
    let rel = url.strip_prefix(base).unwrap_or_else(|| panic!("{url} is not on {base}"));
    dir.join(rel.trim_start_matches('/')).join("index.html")
}

/// One page (`rel` below the brand folder `dir`): `lang` is its locale; one canonical, a
/// page of the brand; `hreflang` links to pages of the brand in the language they name,
/// each locale once, its own among them unless it is a fallback page, and `x-default` last.
fn lang_canonical_and_alternates(dir: &Path, base: &str, rel: &str, html: &str) {
    let locale = rel.split('/').next().unwrap();
    assert!(html.contains(&format!("<html lang=\"{locale}\" dir=")), "{rel}: lang");
    let canonical = attr(html, r#"<link rel="canonical" href="([^"]+)""#);
    assert_eq!(canonical.len(), 1, "{rel}: {canonical:?}");
    assert!(page_at(dir, base, &canonical[0]).is_file(), "{rel}: canonical {} leads nowhere", canonical[0]);
    let own = format!("{base}/{}", rel.trim_end_matches("index.html"));
    let fallback = html.contains("notice-fallback");
    // A fallback page's canonical is the page it is built from, where the brand has it.
    assert!(fallback || canonical[0] == own, "{rel}: canonical {}", canonical[0]);
    let links = Regex::new(r#"<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">"#).unwrap();
    let alternates: Vec<(String, String)> =
        links.captures_iter(html).map(|c| (c[1].to_string(), c[2].to_string())).collect();
    assert_eq!(alternates.last().map(|a| a.0.as_str()), Some("x-default"), "{rel}: {alternates:?}");
    let tags: Vec<&str> = alternates.iter().map(|a| a.0.as_str()).collect();
    let unique: BTreeSet<&str> = tags.iter().copied().collect();
    assert_eq!(unique.len(), tags.len(), "{rel}: a locale twice: {tags:?}");
    for (tag, href) in &alternates {
        let target = page_at(dir, base, href);
        assert!(target.is_file(), "{rel}: hreflang {tag} {href} leads nowhere");
        if tag != "x-default" {
            assert!(href.starts_with(&format!("{base}/{tag}/")), "{rel}: hreflang {tag} is {href}");
            let there = std::fs::read_to_string(&target).unwrap();
            assert!(!there.contains("notice-fallback"), "{rel}: hreflang {tag} leads to a fallback page");
        }
    }
    assert_eq!(tags.contains(&locale), !fallback, "{rel}: its own locale among {tags:?}");
}

#[test]
fn a_locale_without_documents_falls_back_along_its_chain() {
    let site = portal();
    // ja falls back to zh-CN, then en.
    let policy = site.read("two/ja/legal/policy/index.html");
    assert!(policy.contains("<html lang=\"ja\""));
    assert!(
        policy.contains("<article class=\"document\" lang=\"zh-CN\""),
        "the body is in the language it is in"
    );
    assert!(
        policy.contains("この文書はまだ日本語に翻訳されていません。中国語 (中国)版を表示しています。"),
        "{policy}"
    );
    assert_eq!(
        attr(&policy, r#"rel="canonical" href="([^"]+)""#),
        ["https://two.example/zh-CN/legal/policy/"]
    );
    // Brand one has no zh-CN: its ja policy is the zh-CN text, canonical on itself.
    let one = site.read("one/ja/legal/policy/index.html");
    assert!(one.contains("One政策"));
    assert_eq!(
        attr(&one, r#"rel="canonical" href="([^"]+)""#),
        ["https://one.example/legal/ja/legal/policy/"]
    );
    let cookies = site.read("two/ja/legal/cookies/index.html");
    assert!(cookies.contains("lang=\"en\""), "cookies exist only in en");
    let sitemap = site.read("two/sitemap.xml");
    assert!(!sitemap.contains("<loc>https://two.example/ja/legal/policy/</loc>"));
    assert!(sitemap.contains("<loc>https://two.example/zh-CN/legal/policy/</loc>"));
    assert!(sitemap.contains("hreflang=\"x-default\" href=\"https://two.example/en/legal/policy/\""));
    assert_eq!(
        site.read("two/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://two.example/sitemap.xml\n"
    );
}

#[test]
fn clause_ids_are_the_same_set_in_every_translation() {
    let site = portal();
    let ids = |path: &str| -> BTreeSet<String> {
        attr(&site.read(path), r#"id="(clause-[^"]+)""#).into_iter().collect()
    };
    let en = ids("two/en/legal/policy/index.html");
    assert_eq!(
        en,
        ["clause-1.1", "clause-1.2", "clause-2.1", "clause-I", "clause-II"].map(String::from).into()
    );
    assert_eq!(ids("two/zh-CN/legal/policy/index.html"), en);
    assert_eq!(ids("two/de/legal/policy/index.html"), en);
    assert_eq!(ids("one/en/legal/policy/index.html"), en);
    let page = site.read("two/en/legal/policy/index.html");
    assert!(page.contains("<h2 id=\"隐私-notes\">"), "CJK kept in heading ids: {page}");
    assert!(page.contains("href=\"#clause-1.1\" aria-label=\"§ 1.1\">§</a>"), "a visible link to itself");
}

#[test]
fn dates_read_naturally_in_each_locale() {
    let site = portal();
    assert!(site.read("two/en/legal/policy/index.html").contains(">January 28, 2022</time>"));
    assert!(site.read("two/de/legal/policy/index.html").contains(">28. Januar 2022</time>"));
    assert!(site.read("two/zh-CN/legal/policy/index.html").contains(">2022年1月28日</time>"));
    assert!(site.read("two/ja/legal/policy/index.html").contains(">2022年1月28日</time>"));
    assert!(site.read("two/de/legal/policy/index.html").contains("Gültig ab"), "theme strings in German");
}

#[test]
fn the_switcher_links_the_same_document_in_the_brands_other_locales() {
    let site = portal();
    let page = site.read("one/en/legal/policy/index.html");
    let links = attr(&page, r#"<li><a href="([^"]+)" hreflang="#);
    assert_eq!(
        links,
        [
            "../../../de/legal/policy/index.html",
            "../../../en/legal/policy/index.html",
            "../../../ja/legal/policy/index.html"
        ]
    );
    assert!(page.contains(">Deutsch</a>") && page.contains(">日本語</a>"), "CLDR names");
    let de = site.read("one/de/legal/policy/index.html");
    assert!(
        de.contains("Dies ist eine Übersetzung. Bei Abweichungen gilt die Fassung auf Englisch."),
        "{de}"
    );
    assert!(!page.contains("notice-translation"), "the source itself has no notice");
}

#[test]
fn breadcrumbs_and_table_of_contents() {
    let site = portal();
    let page = site.read("two/en/legal/policy/index.html");
    assert!(page.contains("<li><a href=\"../../../en/index.html\">Home</a></li>\n<li><a href=\"../../../en/legal/index.html\">Legal</a></li>\n<li><span aria-current=\"page\">Two Policy</span></li>"), "{page}");
    assert!(page.contains("<li class=\"toc-level-2\"><a href=\"#clause-I\">I. Scope</a></li>"));
}

#[test]
fn pages_hold_no_inline_script_or_style() {
    let site = portal();
    for (path, html) in html_pages(&site.out()) {
        assert!(
            !html.contains("<script") && !html.contains(" style=") && !html.contains("<style"),
            "{}",
            path.display()
        );
        assert!(!html.contains("http://") && !html.contains("fonts.googleapis"), "no external resources");
    }
}

#[test]
fn theme_string_files_with_unknown_keys_are_errors() {
    let site = portal();
    site.write(
        "themes/default/i18n/fr.toml",
        "skip_to_content = \"Aller au contenu\"\nskip_to_contnet = \"x\"\n",
    );
    let err = site.build().failed();
    assert!(
        err.contains("error[unknown-theme-string]: themes/default/i18n/fr.toml:2:1: `skip_to_contnet`"),
        "{err}"
    );
}

#[test]
fn a_missing_theme_string_falls_back_to_english() {
    let site = portal();
    site.write("themes/default/i18n/de.toml", "contents = \"Inhaltsverzeichnis\"\n");
    site.build().ok();
    let de = site.read("two/de/legal/policy/index.html");
    assert!(de.contains("Inhaltsverzeichnis"));
    assert!(de.contains("Skip to content"), "English where German is missing");
}

#[test]
fn brand_name_colour_and_logo_from_brand_vars() {
    let site = Fixture::new(&[
        ("site.toml", "default_locale = \"en\"\n[brands.one]\nbase_url = \"https://one.example\"\n[brands.one.vars]\nchannelName = \"One\"\nbrandName = \"One & Only\"\nbrandColor = \"#1f4e9a\"\nbrandLogo = \"img/logo.svg\"\n[brands.two]\nbase_url = \"https://two.example\"\n[brands.two.vars]\nchannelName = \"Two\"\nbrandColor = \"red; background: url(x)\"\nbrandLogo = \"javascript:alert(1)\"\n"),
        ("content/en/legal/policy.md", "+++\ntitle = \"Policy\"\n+++\n\nText.\n"),
    ]);
    site.build().ok();
    let one = site.read("one/en/legal/policy/index.html");
    assert!(one.contains("<span class=\"brand-name\">One &amp; Only</span>"), "{one}");
    assert!(
        one.contains("<img class=\"brand-logo\" src=\"../../../img/logo.svg\""),
        "relative to the brand root"
    );
    assert!(site.read("one/404.html").contains("src=\"https://one.example/img/logo.svg\""));
    assert!(one.contains("href=\"../../../brand.css\""));
    let css = site.read("one/brand.css");
    let light = ":root { --brand: #1f4e9a; --brand-text: #1f4e9a; --brand-focus: #1f4e9a; }\n";
    assert!(css.starts_with(light), "readable on white as it is: {css}");
    let dark = css.split("(prefers-color-scheme: dark)").nth(1).unwrap_or_else(|| panic!("{css}"));
    assert!(!dark.contains("#1f4e9a"), "too dark on the dark scheme's background: lightened ({css})");
    let two = site.read("two/en/legal/policy/index.html");
    assert!(two.contains("<span class=\"brand-name\">Two</span>"), "channelName when there is no brandName");
    assert!(!two.contains("brand-logo") && !two.contains("javascript"), "a script URL is no logo");
    assert!(!two.contains("brand.css") && !site.exists("two/brand.css"), "only a hex colour is used");
}

/// The default theme writes the table of contents, the hreflang links and the locale switcher
/// from ready-made HTML (`page.toc_html`, `page.alternates_html`, `page.translations_html`).
/// A theme looping over the lists (`page.toc`, `page.alternates`, `page.translations`) must
/// get byte-identical pages: the lists stay usable, and the HTML is what the loops would write.
#[test]
fn ready_made_lists_equal_the_lists_looped_in_a_template() {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let swap = |file: &str, pairs: &[(&str, &str)]| {
        let mut text = std::fs::read_to_string(theme.join(file)).unwrap();
        for (ready, looped) in pairs {
            assert!(text.contains(ready), "{file} no longer holds {ready}");
            text = text.replace(ready, looped);
        }
        text
    };
    let base = swap(
        "base.html",
        &[
            (
                "{%- if page.alternates_html %}\n{{ page.alternates_html }}\n{%- endif %}",
                "{%- for a in page.alternates %}\n<link rel=\"alternate\" hreflang=\"{{ a.hreflang }}\" href=\"{{ a.href }}\">\n{%- endfor %}",
            ),
            (
                "<ul>\n{{ page.translations_html }}\n</ul>",
                "<ul>\n{%- for tr in page.translations %}\n<li><a href=\"{{ root }}{{ tr.url }}\" hreflang=\"{{ tr.tag }}\" lang=\"{{ tr.tag }}\"{% if tr.tag == lang.tag %} aria-current=\"page\"{% endif %}>{{ tr.name }}</a></li>\n{%- endfor %}\n</ul>",
            ),
        ],
    );
    let page = swap(
        "page.html",
        &[(
            "{{ page.toc_html }}",
            "<ol>\n{%- for h in page.toc %}\n<li class=\"toc-level-{{ h.level }}\"><a href=\"#{{ h.id }}\">{{ h.title }}</a></li>\n{%- endfor %}\n</ol>",
        )],
    );
    let site = portal();
    // A heading with a placeholder (a table of contents per brand) and characters to escape.
    site.write(
        "content/en/legal/terms.md",
        "+++\ntitle = \"Terms\"\n+++\n\n## {{channelName}} & 1 < 2 \"quoted\"\n\nText.\n\n### Sub\n\nMore.\n",
    );
    site.write("site.toml", &SITE.replace("channelName = \"Two\"", "channelName = \"Two & <Co>\""));
    let built = |site: &Fixture| {
        site.build().ok();
        html_pages(&site.out())
            .into_iter()
            .map(|(p, t)| (p.strip_prefix(site.out()).unwrap().to_path_buf(), t))
            .collect::<Vec<_>>()
    };
    let ready = built(&site);
    site.write("themes/default/templates/base.html", &base);
    site.write("themes/default/templates/page.html", &page);
    let looped = built(&site);
    assert_eq!(ready.len(), looped.len());
    assert!(ready
        .iter()
        .any(|(_, t)| t.contains("Two &amp; &lt;Co&gt; &amp; 1 &lt; 2 &quot;quoted&quot;</a></li>")));
    for ((path, a), (_, b)) in ready.iter().zip(&looped) {
        assert_eq!(a, b, "{}", path.display());
    }
}

/// Values that differ between locales at both locale layers: `companyName` in
/// `[locales.L.vars]` only, `channelName` in `[brands.B.locale_vars.L]` only.
const VALUES_BY_LOCALE: &str = r##"title = "{{channelName}} Legal"
default_locale = "en"

[vars]
companyName = "Global Holdings"

[locales.en.vars]
companyName = "English Holdings Ltd"

[locales.de.vars]
companyName = "Deutsche Holding GmbH"

[brands.acme]
base_url = "https://acme.example"
[brands.acme.vars]
channelName = "Acme"
[brands.acme.locale_vars.en]
channelName = "Acme Cloud"
[brands.acme.locale_vars.de]
channelName = "Acme Wolke"
"##;

/// The part of a page between `from` and `to`.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from} in {html}"));
    let end = html[start..].find(to).unwrap_or_else(|| panic!("no {to} after {from} in {html}")) + start;
    &html[start..end]
}

/// README, Placeholders: a fallback page is filled with the values of the locale its file is
/// written in (the legal entity named in an English text is the English one), at both locale
/// layers; the page around the text (site title, brand name, footer, theme strings) is the
/// reader's locale.
#[test]
fn a_fallback_page_fills_its_text_with_the_values_of_the_locale_it_is_written_in() {
    let site = Fixture::new(&[
        ("site.toml", VALUES_BY_LOCALE),
        (
            "content/en/legal/policy.md",
            "+++\ntitle = \"{{channelName}} Policy\"\ndescription = \"Kept by {{companyName}}\"\neffective_date = 2024-03-01\n+++\n\n## 1. Scope\n\n1.1 {{channelName}} is run by {{companyName}}.\n",
        ),
        (
            "content/de/legal/agb.md",
            "+++\ntitle = \"{{channelName}} AGB\"\n+++\n\n1.1 {{channelName}} wird von {{companyName}} betrieben.\n",
        ),
    ]);
    site.build().ok();
    let page = site.read("acme/de/legal/policy/index.html");
    assert!(page.contains("<html lang=\"de\""), "{page}");
    let article = between(&page, "<article", "</article>");
    assert!(article.contains("lang=\"en\""), "the text is English: {article}");
    assert!(article.contains("Acme Cloud is run by English Holdings Ltd."), "{article}");
    assert!(article.contains("<h1>Acme Cloud Policy</h1>"), "{article}");
    for german in ["Wolke", "Deutsche", "Global"] {
        assert!(!article.contains(german), "a German or default value in English text: {article}");
    }
    assert!(page.contains("<meta name=\"description\" content=\"Kept by English Holdings Ltd\">"), "{page}");
    // Around the text, the reader's locale: its values and its theme strings.
    assert!(page.contains("<title>Acme Cloud Policy | Acme Wolke Legal</title>"), "{page}");
    assert!(page.contains("<span class=\"brand-name\">Acme Wolke</span>"), "{page}");
    assert!(page.contains("<span class=\"site-title\">Acme Wolke Legal</span>"), "{page}");
    assert!(page.contains("<p>Acme Wolke Legal · Deutsche Holding GmbH</p>"), "the footer: {page}");
    assert!(
        page.contains("Dieses Dokument liegt noch nicht auf Deutsch vor. Es wird auf Englisch angezeigt."),
        "{page}"
    );
    assert!(article.contains("Gültig ab") && article.contains("1. März 2024"), "{article}");
    // The same brand's pages written in each locale take that locale's values.
    let en = site.read("acme/en/legal/policy/index.html");
    assert!(en.contains("Acme Cloud is run by English Holdings Ltd."), "{en}");
    assert!(en.contains("<title>Acme Cloud Policy | Acme Cloud Legal</title>"), "{en}");
    let agb = site.read("acme/de/legal/agb/index.html");
    assert!(agb.contains("Acme Wolke wird von Deutsche Holding GmbH betrieben."), "{agb}");
    assert!(agb.contains("<h1>Acme Wolke AGB</h1>"), "{agb}");
}

/// The seed's own sentence (the example portal's privacy policy, §2): a bare URL in Chinese and
/// Japanese text, a placeholder inside it, and no space before the sentence goes on. The link
/// is the console's address, and `）。` stays text after it (GFM alone runs it to the next space).
#[test]
fn a_bare_url_in_chinese_or_japanese_ends_before_the_sentence_punctuation() {
    let site = Fixture::new(&[
        ("site.toml", "title = \"Legal\"\ndefault_locale = \"en\"\n[brands.acme]\nbase_url = \"https://acme.example\"\n[brands.acme.vars]\nchannelName = \"Acme\"\nconsoleURLwithoutHttp = \"console.acme.example\"\n"),
        ("content/en/privacy.md", "+++\ntitle = \"Privacy\"\n+++\n\nwebsite(https://{{consoleURLwithoutHttp}}).\n"),
        ("content/zh-CN/privacy.md", "+++\ntitle = \"隐私\"\n+++\n\n{{channelName}}云服务网站：指{{channelName}}官方网站（https://{{consoleURLwithoutHttp}}）。\n"),
        ("content/ja/privacy.md", "+++\ntitle = \"プライバシー\"\n+++\n\n{{channelName}}公式ウェブサイト（https://{{consoleURLwithoutHttp}}/ja/）をいいます。\n"),
    ]);
    site.build().ok();
    let link = |url: &str| format!("<a href=\"{url}\">{url}</a>");
    let zh = site.read("acme/zh-CN/privacy/index.html");
    assert!(zh.contains(&format!("官方网站（{}）。", link("https://console.acme.example"))), "{zh}");
    let ja = site.read("acme/ja/privacy/index.html");
    assert!(
        ja.contains(&format!("公式ウェブサイト（{}）をいいます。", link("https://console.acme.example/ja/"))),
        "{ja}"
    );
    let fragment = site.read("acme/zh-CN/privacy/fragment.html");
    assert!(fragment.contains(&link("https://console.acme.example")), "{fragment}");
    let en = site.read("acme/en/privacy/index.html");
    assert!(en.contains(&format!("website({}).", link("https://console.acme.example"))), "{en}");
}
