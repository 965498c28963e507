//! Clause ids as real legal texts number them: one document in English, Chinese and Japanese
//! gives the same ids; a lettered terms of service gets letter ids with no false repeats, and
//! its links to GitHub's heading ids lead to the clauses; a link to a raw-HTML anchor is no
//! broken link; GitHub alerts render; the table of contents
//! goes down to h4; every unknown front-matter key is named.

mod common;
use common::*;
use regex::Regex;
use serde_json::Value;

const SITE: &str = r#"title = "Legal"
default_locale = "en"

[markdown]
unsafe_html = true

[brands.acme]
base_url = "https://legal.acme.example"
"#;

const NOTICE_EN: &str = r#"+++
title = "Notice"
+++

## I. Scope

1.1 This notice applies. See [how we use data](#bookmark-how-we-use-data) and [clause 6](#clause-6).

## II. Notices

### 6. Copyright notice

6.1 We act on notices.

<a id="bookmark-how-we-use-data"></a>

## Article 7. Governing law

> [!NOTE]
> Read this.
"#;

const NOTICE_ZH: &str = r#"+++
title = "通知"
+++

## 一、范围

1.1本通知适用。参见[我们如何使用数据](#bookmark-how-we-use-data)与[第 6 条](#clause-6)。

## 二、通知

### 6.侵权通知

6.1我们处理通知。

<a id="bookmark-how-we-use-data"></a>

## 第七条 适用法律

> [!NOTE] 注意
> 请阅读。
"#;

const NOTICE_JA: &str = r#"+++
title = "通知"
+++

## 一、範囲

１．１　本通知が適用されます。[データの利用](#bookmark-how-we-use-data)、[第6条](#clause-6)。

## 二、通知

### ６．著作権侵害の通知

６．１　当社は通知に対応します。

<a id="bookmark-how-we-use-data"></a>

## 第7条（準拠法）

> [!NOTE]
> お読みください。
"#;

/// The same notice as Taiwan, Korea, the Arab world and Israel number it: `6、` headings,
/// `第 7 條` and `제 7 조` with spaces, Arabic-Indic digits and `المادة`, `סעיף` after a
/// right-to-left mark.
const NOTICE_OTHERS: [(&str, &str); 4] = [
    ("zh-TW", "## 一、範圍\n\n1.1 本通知適用。\n\n## 二、通知\n\n### 6、侵權通知\n\n6.1 我們處理通知。\n\n## 第 7 條 準據法\n"),
    ("ko", "## I. 범위\n\n1.1 본 통지가 적용됩니다.\n\n## II. 통지\n\n### 6. 저작권 침해 통지\n\n6.1 통지를 처리합니다.\n\n## 제 7 조 (준거법)\n"),
    ("ar", "## I. النطاق\n\n١.١ ينطبق هذا الإشعار.\n\n## II. الإشعارات\n\n### ٦. إشعار حقوق النشر\n\n٦.١ نتصرف بناءً على الإشعارات.\n\n## المادة 7: القانون الحاكم\n"),
    ("he", "## I. היקף\n\n\u{200F}1.1 הודעה זו חלה.\n\n## II. הודעות\n\n### \u{200F}6. הודעת זכויות יוצרים\n\n6.1 אנו פועלים לפי הודעות.\n\n## סעיף 7: הדין החל\n"),
];

/// The GitHub terms' shape: `A.` … `R.` with `### 1.` restarting under each letter, and a
/// reference to "Section O.1".
fn lettered_terms() -> String {
    let mut md = String::from("+++\ntitle = \"Terms\"\n+++\n\n## Summary\n\nSee [Section O.1](#clause-O.1) and [Part A](#a-part-a).\n\n");
    for c in "ABCDEFGHIJKLMNOPQR".chars() {
        md.push_str(&format!("## {c}. Part {c}\n\n### 1. First\n\nText.\n\n### 2. Second\n\nText.\n\n"));
    }
    md
}

fn site() -> Fixture {
    let others: Vec<(String, String)> = NOTICE_OTHERS
        .iter()
        .map(|(locale, body)| {
            (format!("content/{locale}/legal/notice.md"), format!("+++\ntitle = \"Notice\"\n+++\n\n{body}"))
        })
        .collect();
    let mut files = vec![
        ("site.toml", SITE),
        ("content/en/legal/notice.md", NOTICE_EN),
        ("content/zh-CN/legal/notice.md", NOTICE_ZH),
        ("content/ja/legal/notice.md", NOTICE_JA),
    ];
    let terms = lettered_terms();
    files.push(("content/en/legal/terms.md", &terms));
    files.extend(others.iter().map(|(p, b)| (p.as_str(), b.as_str())));
    Fixture::new(&files)
}

/// The `clause-…` ids of a built page, in order.
fn clause_ids(page: &str) -> Vec<String> {
    let re = Regex::new(r#" id="(clause-[^"]+)""#).unwrap();
    re.captures_iter(page).map(|c| c[1].to_string()).collect()
}

#[test]
fn every_locale_of_a_document_gives_the_english_ids() {
    let site = site();
    site.build().ok();
    let en = clause_ids(&site.read("acme/en/legal/notice/index.html"));
    assert_eq!(en, ["clause-I", "clause-1.1", "clause-II", "clause-6", "clause-6.1", "clause-7"]);
    for locale in ["zh-CN", "ja", "zh-TW", "ko", "ar", "he"] {
        let ids = clause_ids(&site.read(&format!("acme/{locale}/legal/notice/index.html")));
        assert_eq!(ids, en, "{locale}");
    }
}

fn check(site: &Fixture) -> Value {
    let run = site.run(&["check", "--format", "json"]);
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()))
}

fn kinds(v: &Value) -> Vec<String> {
    v["findings"].as_array().unwrap().iter().map(|f| f["kind"].as_str().unwrap_or("").to_string()).collect()
}

/// No `broken-link` for the raw-HTML anchor or `#clause-6`, no `clause-mismatch` between the
/// locales, no `duplicate-clause` for the `### 1.` under each letter.
#[test]
fn check_finds_nothing_wrong_in_correct_real_numbering() {
    let v = check(&site());
    assert!(kinds(&v).iter().all(|k| k == "missing-translation"), "{v:#}");
}

/// Without `unsafe_html` the anchor is not in the page, and the link to it is broken.
#[test]
fn a_link_to_dropped_raw_html_is_broken() {
    let site = site();
    site.write("site.toml", &SITE.replace("unsafe_html = true", "unsafe_html = false"));
    let v = check(&site);
    let broken: Vec<&Value> =
        v["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "broken-link").collect();
    assert_eq!(broken.len(), 3, "one per locale: {v:#}");
    assert!(
        broken.iter().all(|f| f["message"].as_str().unwrap_or("").contains("bookmark-how-we-use-data")),
        "{v:#}"
    );
}

#[test]
fn a_lettered_terms_of_service_gets_letter_ids() {
    let site = site();
    site.build().ok();
    let page = site.read("acme/en/legal/terms/index.html");
    let ids = clause_ids(&page);
    assert_eq!(ids.len(), 18 * 3, "{ids:?}");
    assert_eq!(&ids[..3], ["clause-A", "clause-A.1", "clause-A.2"]);
    for letter in ["C", "D", "I", "L", "M", "O"] {
        assert!(ids.contains(&format!("clause-{letter}.1")), "{letter}: {ids:?}");
    }
    assert!(page.contains("<h2 id=\"clause-A\"><a class=\"self-link\" href=\"#clause-A\" aria-label=\"§ A\">§</a> A. Part A</h2>"), "{page}");
    assert!(!ids.iter().any(|id| id.ends_with("-2")), "{ids:?}");
    // `#a-part-a`, GitHub's id for `A. Part A`, leads to the clause.
    assert!(page.contains("<a href=\"#clause-A\">Part A</a>"), "{page}");
}

#[test]
fn alerts_render_as_boxes_with_titles() {
    let site = site();
    site.build().ok();
    let en = site.read("acme/en/legal/notice/index.html");
    assert!(en.contains("<div class=\"notice markdown-alert markdown-alert-note\" role=\"note\">"), "{en}");
    assert!(en.contains("<p class=\"markdown-alert-title\" lang=\"en\">Note</p>"), "{en}");
    let zh = site.read("acme/zh-CN/legal/notice/index.html");
    assert!(zh.contains("<p class=\"markdown-alert-title\">注意</p>") && !zh.contains("[!NOTE]"), "{zh}");
}

/// The table of contents lists headings down to h4, as a real terms of service numbers its
/// sections at `####` (the content stage's list; the theme shows it as `page.toc`).
#[test]
fn the_table_of_contents_reaches_h4() {
    use clause::content::markdown::{render, LinkEnv, RenderOptions, Target};
    let body = clause::content::placeholders::sentinel_markdown(
        "# Terms\n\n#### 1. Scope\n\n#### 2. Fees\n\n##### Note\n",
    )
    .unwrap();
    let resolve = |_: &str| Target::Missing;
    let env = LinkEnv { dir: "", page_depth: 1, resolve: &resolve };
    let toc = render(&body, 1, &env, &RenderOptions::default()).0.toc;
    let ids: Vec<(u8, &str)> = toc.iter().map(|t| (t.level, t.id.as_str())).collect();
    assert_eq!(ids, [(1, "terms"), (4, "clause-1"), (4, "clause-2")]);
}

#[test]
fn every_unknown_front_matter_key_is_named_with_its_place() {
    let site = site();
    site.write(
        "content/en/legal/terms.md",
        "+++\ntitle = \"T\"\nauthor = \"x\"\n  efective_date = 2022-01-01\n+++\n\nx\n",
    );
    let err = site.build().failed();
    assert!(err.contains("error[unknown-front-matter-key]: content/en/legal/terms.md:3:1"), "{err}");
    assert!(err.contains("error[unknown-front-matter-key]: content/en/legal/terms.md:4:3"), "{err}");
    assert!(err.contains("did you mean `effective_date`?"), "{err}");
}

/// Branch articles inserted between two others (Korea's 개인정보 보호법 has 제7조의2 to
/// 제7조의14) get one id in every language, and `check` finds the English and Korean texts
/// numbered alike.
#[test]
fn branch_articles_get_one_id_in_every_language() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/law.md", "+++\ntitle = \"Act\"\n+++\n\n## Article 7 (Commission)\n\nText.\n\n## Article 7-2 (Composition)\n\nText.\n\n## Article 8 (Duties)\n\nText.\n"),
        ("content/ko/law.md", "+++\ntitle = \"법\"\n+++\n\n## 제7조(보호위원회)\n\n본문.\n\n## 제7조의2(보호위원회의 구성 등)\n\n본문.\n\n## 제8조(보호위원회의 소관 사무)\n\n본문.\n"),
        ("content/ja/law.md", "+++\ntitle = \"法\"\n+++\n\n## 第七条（委員会）\n\n本文。\n\n## 第七条の二（構成）\n\n本文。\n\n## 第八条（所掌事務）\n\n本文。\n"),
    ]);
    site.build().ok();
    for locale in ["en", "ko", "ja"] {
        let ids = clause_ids(&site.read(&format!("acme/{locale}/law/index.html")));
        assert_eq!(ids, ["clause-7", "clause-7_2", "clause-8"], "{locale}");
    }
    let findings = kinds(&check(&site));
    assert!(!findings.iter().any(|k| k == "clause-mismatch" || k == "duplicate-clause"), "{findings:?}");
}

/// Chinese agreements bold the clauses that limit liability, number and all (the law asks
/// that such terms be brought to the reader's attention): a bold clause is still the clause,
/// with the English id and no `clause-mismatch`.
#[test]
fn a_clause_written_in_bold_keeps_its_id() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        (
            "content/en/t.md",
            "+++\ntitle = \"T\"\n+++\n\n## 3. Liability\n\n3.1 We are liable.\n\n3.2 You agree to limits.\n",
        ),
        (
            "content/zh-CN/t.md",
            "+++\ntitle = \"T\"\n+++\n\n## 3. 责任\n\n3.1 我们承担责任。\n\n**3.2 您同意责任限制。**\n",
        ),
    ]);
    site.build().ok();
    let zh = site.read("acme/zh-CN/t/index.html");
    assert_eq!(clause_ids(&zh), ["clause-3", "clause-3.1", "clause-3.2"]);
    assert!(
        zh.contains("<span class=\"clause-number\">3.2</span><strong> 您同意责任限制。</strong>"),
        "{zh}"
    );
    let findings = kinds(&check(&site));
    assert!(!findings.iter().any(|k| k == "clause-mismatch"), "{findings:?}");
}

/// German statutes (bundestag/gesetze, official works, § 5 UrhG), cut down: BDSG § 20 ends
/// with a sentence citing § 63 of another law, which took `clause-63` from BDSG's own § 63
/// (a link `bdsg.md#clause-63` opened court procedure); UWG's inserted `§ 5a` and BGB's
/// repealed `§ 509 (weggefallen)` had no clause id; a German data-processing agreement
/// numbers `Artikel N` where its English source says `Article N`; German terms bold the number
/// alone (`**§ 12** Laufzeit`).
#[test]
fn german_statutes_give_clause_ids_to_sections_not_to_citations() {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/avv.md", "+++\ntitle = \"DPA\"\n+++\n\n## Article 1 Subject matter\n\nArticle 6 GDPR applies.\n\n## Article 2 Duties\n\n**2.1** The processor acts.\n\nSee [Article 1](#clause-1).\n"),
        ("content/de/avv.md", "+++\ntitle = \"AVV\"\n+++\n\n## Artikel 1 Gegenstand\n\nArt. 6 Abs. 1 lit. b DSGVO gilt.\n\n## Artikel 2 Pflichten\n\n**2.1** Der Auftragsverarbeiter handelt.\n\nSiehe [Artikel 1](#clause-1).\n"),
        ("content/de/bdsg.md", "+++\ntitle = \"BDSG\"\n+++\n\n#### § 20 Gerichtlicher Rechtsschutz\n\n(5) Beteiligte sind die Aufsichtsbehörde.\n\n§ 63 Nummer 3 und 4 der Verwaltungsgerichtsordnung bleibt unberührt.\n\n#### § 5a Irreführung durch Unterlassen\n\nText.\n\n#### § 63 Gemeinsam Verantwortliche\n\nText.\n\n#### § 509 (weggefallen)\n\n**§ 512** Abweichende Vereinbarungen.\n"),
        ("content/de/vertrag.md", "+++\ntitle = \"Vertrag\"\n+++\n\nIm Sinne von [§ 63 BDSG](bdsg.md#clause-63), [§ 5a](bdsg.md#clause-5a) und [§ 509](bdsg.md#clause-509).\n"),
    ]);
    site.build().ok();
    let bdsg = clause_ids(&site.read("acme/de/bdsg/index.html"));
    assert_eq!(bdsg, ["clause-20", "clause-5a", "clause-63", "clause-509", "clause-512"]);
    for locale in ["en", "de"] {
        let ids = clause_ids(&site.read(&format!("acme/{locale}/avv/index.html")));
        assert_eq!(ids, ["clause-1", "clause-2", "clause-2.1"], "{locale}");
    }
    let findings = kinds(&check(&site));
    assert!(findings.iter().all(|k| k == "missing-translation"), "{findings:?}");
}

/// Mozilla's terms (mozilla/legal-docs, CC BY-SA 3.0: `firefox_cloud_services_tos.md`) number
/// their sections as ordered list items that hold a heading, `8. #### Term; Termination`, in
/// every language: the heading takes the item's number, so `#clause-8` reaches section 8 in
/// each (before, the ids were the titles' slugs, `#term-termination` and `#laufzeit-kündigung`),
/// and the table of contents shows it.
#[test]
fn a_heading_that_opens_a_numbered_list_item_takes_its_number() {
    let terms = |title: &str, a: &str, b: &str| {
        format!("+++\ntitle = \"{title}\"\n+++\n\n7. #### {a}\n\n    Text.\n\n8. #### {b}\n\n    Text.\n")
    };
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/tos.md", &terms("Terms", "Changes", "Term; Termination")),
        ("content/de/tos.md", &terms("Bedingungen", "Änderungen", "Laufzeit; Kündigung")),
    ]);
    site.build().ok();
    for locale in ["en", "de"] {
        assert_eq!(
            clause_ids(&site.read(&format!("acme/{locale}/tos/index.html"))),
            ["clause-7", "clause-8"]
        );
    }
    let findings = kinds(&check(&site));
    assert!(findings.iter().all(|k| k == "missing-translation"), "{findings:?}");
    // The table of contents shows the number too, as it does for "1. Intro".
    let page = site.read("acme/de/tos/index.html");
    assert!(page.contains("<a href=\"#clause-8\">8. Laufzeit; Kündigung</a>"), "{page}");
}

/// Volotea's conditions of carriage (Open Terms Archive's france-versions, ODC-BY 1.0, cut
/// down): § 2.3 quotes the documents asked for as a list of headings in a blockquote,
/// `> 1.  #### Résidents`. Quoted points are no sections of the document: they take no clause
/// number from their list (before, clauses 1 and 2 again, with two false duplicate-clause
/// warnings).
#[test]
fn a_quoted_list_of_headings_takes_no_clause_numbers() {
    let page = "+++\ntitle = \"Conditions\"\n+++\n\n### 1\\. Définitions\n\nTexte.\n\n### 2\\. Objet\n\n#### 2.3 Réductions spéciales\n\nLes justificatifs :\n\n> 1.  #### Résidents\n>     \n>     Certificat de résidence.\n>     \n> 2.  #### Familles nombreuses\n>     \n>     Titre de famille nombreuse.\n";
    let site = Fixture::new(&[("site.toml", SITE), ("content/en/coc.md", page)]);
    site.build().ok();
    let ids = clause_ids(&site.read("acme/en/coc/index.html"));
    assert_eq!(ids, ["clause-1", "clause-2", "clause-2.3"]);
    let findings = kinds(&check(&site));
    assert!(!findings.iter().any(|k| k == "duplicate-clause"), "{findings:?}");
}
