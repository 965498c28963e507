//! The portal the accessibility and print tests look at: four brands whose `brandColor`
//! ranges from very light to very dark (and one without), in English, Simplified Chinese,
//! Japanese and Arabic (right to left), with long URLs, a wide table, code and footnotes.
//! It is built with the real binary into a temporary folder and served over 127.0.0.1 on the
//! brands' own `base_url`, so that even `404.html`, which links absolutely, loads nothing
//! from outside.

use crate::common::Fixture;

/// The brands: (id, brandColor).
pub const BRANDS: &[(&str, Option<&str>)] =
    &[("sun", Some("#f5e663")), ("night", Some("#111122")), ("coral", Some("#ff7f50")), ("plain", None)];

/// One kind of page, at a path below a brand's folder. To add a page kind (the version
/// list, a version, a redline), add a row: every test walks this table.
pub struct PageKind {
    pub kind: &'static str,
    pub path: &'static str,
    /// Whether the page is a legal text a reader prints (the print test prints these): every
    /// document, version and redline.
    pub document: bool,
    /// Whether the page has a header and navigation before its main content, and so a skip
    /// link (every page but the brand index, which is its main content alone).
    pub skip_link: bool,
}

const fn page(kind: &'static str, path: &'static str) -> PageKind {
    PageKind { kind, path, document: false, skip_link: true }
}

const fn document(kind: &'static str, path: &'static str) -> PageKind {
    PageKind { kind, path, document: true, skip_link: true }
}

/// Every page kind that exists, each in the locales that make it differ.
pub const PAGE_KINDS: &[PageKind] = &[
    PageKind { kind: "brand index", path: "index.html", document: false, skip_link: false },
    page("locale home", "en/index.html"),
    page("locale home, right to left", "ar/index.html"),
    page("section", "en/legal/index.html"),
    page("section, Japanese", "ja/legal/index.html"),
    document("document", "en/legal/privacy/index.html"),
    document("translated document, Chinese", "zh-CN/legal/privacy/index.html"),
    document("translated document, Japanese", "ja/legal/privacy/index.html"),
    document("translated document, right to left", "ar/legal/privacy/index.html"),
    document("fallback document", "ja/legal/terms/index.html"),
    document("fallback document, right to left", "ar/legal/terms/index.html"),
    page("404", "404.html"),
    page("version list", "en/legal/privacy/versions/index.html"),
    page("version list, right to left", "ar/legal/privacy/versions/index.html"),
    document("archived version", "en/legal/privacy/versions/2023-01-01/index.html"),
    document("upcoming version", "en/legal/privacy/versions/2099-01-01/index.html"),
    document("upcoming version, right to left", "ar/legal/privacy/versions/2099-01-01/index.html"),
    document("redline", "en/legal/privacy/changes/2024-03-01/index.html"),
    document("redline of a fallback, Japanese", "ja/legal/privacy/changes/2099-01-01/index.html"),
    document("redline, right to left", "ar/legal/privacy/changes/2099-01-01/index.html"),
];

fn site_toml(origin: &str) -> String {
    let mut toml = String::from(
        "title = \"{{channelName}} Legal\"\ndefault_locale = \"en\"\n\n[markdown]\nhighlight = true\n\n\
         [locales.zh-CN]\nname = \"简体中文\"\n[locales.ja]\nname = \"日本語\"\n[locales.ar]\nname = \"العربية\"\n",
    );
    for (id, color) in BRANDS {
        let name = format!("{}{} Cloud", id[..1].to_uppercase(), &id[1..]);
        toml.push_str(&format!(
            "\n[brands.{id}]\nbase_url = \"{origin}/{id}\"\n[brands.{id}.vars]\nchannelName = \"{name}\"\n\
             companyName = \"{name} Holdings S.A.\"\nsupportMail = \"privacy@{id}.example\"\n\
             consoleURLwithoutHttp = \"console.{id}.example\"\n"
        ));
        if let Some(c) = color {
            toml.push_str(&format!("brandColor = \"{c}\"\n"));
        }
    }
    toml
}

const PRIVACY_EN: &str = r#"+++
title = "{{channelName}} Privacy Policy"
description = "How {{channelName}} protects your information"
effective_date = 2024-03-01
+++

## I. Scope

1.1 This policy applies to {{channelName}}, operated by {{companyName}}.

1.2 Manage your data at https://{{consoleURLwithoutHttp}}/account/settings/privacy/data-export/requests/a-very-long-path-segment-that-never-breaks-0123456789abcdef0123456789.

1.3 The regulator's guidance is at [the supervisory authority](https://regulator.example/guidance/cloud-services) and our sub-processors are listed below[^1].

| Sub-processor | Purpose | Location | Contact |
|---|---|---|---|
| {{companyName}} | Hosting-and-storage-of-customer-data-in-primary-regions | Frankfurt am Main, Germany | {{supportMail}} |
| Mailer Ltd. | Transactional-electronic-mail-delivery | Dublin, Ireland | https://mailer.example/contact/data-protection-officer |

## II. Your rights

2.1 You may ask for a copy of your data by writing to {{supportMail}}.

2.2 Requests are answered within thirty days. A request in `application/json` looks like:

```json
{"request": "export", "account": "0123456789abcdef0123456789abcdef0123456789abcdef"}
```

### II.1 Erasure

2.3 You may ask us to erase your data; see the [terms](terms.md#clause-1.1).

[^1]: The list is updated when a sub-processor changes.
"#;

const TERMS_EN: &str = r#"+++
title = "{{channelName}} Terms of Service"
effective_date = 2023-06-15
+++

## 1. Agreement

1.1 These terms bind you and {{companyName}} when you use {{channelName}}.

1.2 Our [privacy policy](privacy.md) explains how we handle data.

## 2. Contact

2.1 Write to {{supportMail}}.
"#;

const PRIVACY_ZH: &str = r#"+++
title = "{{channelName}}隐私政策"
effective_date = 2024-03-01
+++

## 一、范围

1.1 本政策适用于{{companyName}}运营的{{channelName}}。

1.2 您可以在 https://{{consoleURLwithoutHttp}}/account/settings/privacy/data-export 管理您的数据。

## 二、您的权利

2.1 您可以写信至 {{supportMail}} 索取数据副本。
"#;

const PRIVACY_JA: &str = r#"+++
title = "{{channelName}} プライバシーポリシー"
effective_date = 2024-03-01
+++

## I. 適用範囲

1.1 本ポリシーは、{{companyName}}が運営する{{channelName}}に適用されます。

1.2 データの管理は https://{{consoleURLwithoutHttp}}/account/settings/privacy/data-export で行えます。

## II. お客様の権利

2.1 データの写しは {{supportMail}} 宛てにご請求ください。
"#;

const PRIVACY_AR: &str = r#"+++
title = "سياسة الخصوصية لدى {{channelName}}"
effective_date = 2024-03-01
+++

## I. النطاق

1.1 تسري هذه السياسة على {{channelName}} التي تشغّلها {{companyName}}.

1.2 يمكنك إدارة بياناتك عبر https://{{consoleURLwithoutHttp}}/account/settings/privacy/data-export/requests/a-very-long-path-segment.

| الجهة | الغرض |
|---|---|
| {{companyName}} | استضافة البيانات وتخزينها |

## II. حقوقك

2.1 يحق لك طلب نسخة من بياناتك بالكتابة إلى {{supportMail}}.
"#;

/// Writes the portal with every brand on `origin` (`http://127.0.0.1:PORT`) and builds it.
/// The privacy policy before its current version: other words in 1.1, no table, no 2.2.
fn older_privacy() -> String {
    let text = PRIVACY_EN.replace("effective_date = 2024-03-01", "summary = \"The first version.\"");
    let text = text.replace("operated by {{companyName}}", "run by {{companyName}} and its partners");
    let cut = |t: &str, from: &str, to: &str| match (t.find(from), t.find(to)) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &t[..a], &t[b..]),
        _ => t.to_string(),
    };
    cut(&cut(&text, "| Sub-processor", "## II."), "2.2 Requests", "## ")
}

/// The version announced to come: one clause changed, one added, one removed.
fn newer_privacy() -> String {
    PRIVACY_EN
        .replace("effective_date = 2024-03-01", "summary = \"Answers within fourteen days.\"")
        .replace("within thirty days", "within fourteen days")
        .replace("2.1 You may ask for a copy of your data by writing to {{supportMail}}.\n\n", "")
        .replace("## II. Your rights", "## II. Your rights\n\n2.0 You may object to processing at any time.")
}

pub fn build(origin: &str) -> Fixture {
    let site = Fixture::new(&[
        ("site.toml", &site_toml(origin)),
        ("content/en/_index.md", "+++\ntitle = \"Legal documents\"\n+++\n\nThe documents that govern your use of {{channelName}}.\n"),
        ("content/en/legal/_index.md", "+++\ntitle = \"Policies\"\ndescription = \"Privacy and terms\"\n+++\n"),
        ("content/en/legal/privacy.md", &PRIVACY_EN.replace("+++\n\n## I.", "summary = \"Sub-processors listed.\"\n+++\n\n## I.")),
        ("content/en/legal/privacy@2023-01-01.md", &older_privacy()),
        ("content/en/legal/privacy@2099-01-01.md", &newer_privacy()),
        ("content/en/legal/terms.md", TERMS_EN),
        ("content/zh-CN/legal/privacy.md", PRIVACY_ZH),
        ("content/ja/_index.md", "+++\ntitle = \"法的文書\"\n+++\n"),
        ("content/ja/legal/_index.md", "+++\ntitle = \"ポリシー\"\n+++\n"),
        ("content/ja/legal/privacy.md", PRIVACY_JA),
        ("content/ar/_index.md", "+++\ntitle = \"الوثائق القانونية\"\n+++\n\nالوثائق التي تحكم استخدامك لخدمة {{channelName}}.\n"),
        ("content/ar/legal/_index.md", "+++\ntitle = \"السياسات\"\n+++\n"),
        ("content/ar/legal/privacy.md", PRIVACY_AR),
    ]);
    site.build().ok();
    site
}

/// The example portal of this repository (three brands; en, zh-CN, ja and ar), copied with
/// every brand's `base_url` moved to `origin`, and built: a portal whose content the tests
/// did not write.
pub fn example(origin: &str) -> Fixture {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let base = regex::Regex::new(r#"(?m)^\[brands\.([a-z0-9-]+)\]\nbase_url = "[^"]*""#).unwrap();
    let toml = base.replace_all(&toml, format!("[brands.$1]\nbase_url = \"{origin}/$1\""));
    let site = Fixture::new(&[("site.toml", &toml)]);
    for entry in walkdir::WalkDir::new(root.join("content")).into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            site.write_bytes(&rel, &std::fs::read(entry.path()).unwrap());
        }
    }
    site.build().ok();
    site
}

/// The brands of a built portal: the folders of its output.
pub fn brands_of(site: &Fixture) -> Vec<String> {
    let mut brands: Vec<String> = std::fs::read_dir(site.out())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    brands.sort();
    brands
}
