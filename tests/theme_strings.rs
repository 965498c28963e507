//! The default theme speaks the locales real portals ship: a locale finds its interface
//! strings by its language (`es-ES` → `es`), its script (`zh-TW` → Traditional), key by key
//! (`pt-BR` → `pt`), and `check` warns only where readers would see English.

mod common;
use common::*;
use serde_json::Value;

const SITE: &str = r#"title = "Legal"
default_locale = "en"

[brands.acme]
base_url = "https://acme.example"
"#;

const PRIVACY_EN: &str = "+++\ntitle = \"Privacy\"\neffective_date = 2025-12-09\n+++\n\n## 1. Scope\n\n1.1 Applies.\n\n## 2. Data\n\n2.1 Data.\n";

/// A portal in en, fr, es-ES (no `es` locale), pt-BR, zh-TW, ms and Klingon (`tlh`, for
/// which no theme has strings): fr and pt-BR translate the policy, the others show English.
fn portal() -> Fixture {
    let site = Fixture::new(&[
        ("site.toml", SITE),
        ("content/en/legal/privacy.md", PRIVACY_EN),
        ("content/fr/legal/privacy.md", "+++\ntitle = \"Confidentialité\"\neffective_date = 2025-12-09\n+++\n\n## 1. Champ\n\n1.1 S’applique.\n\n## 2. Données\n\n2.1 Données.\n"),
        ("content/pt-BR/legal/privacy.md", "+++\ntitle = \"Privacidade\"\neffective_date = 2025-12-09\n+++\n\n## 1. Âmbito\n\n1.1 Aplica-se.\n\n## 2. Dados\n\n2.1 Dados.\n"),
    ]);
    for locale in ["es-ES", "zh-TW", "ms", "tlh"] {
        std::fs::create_dir_all(site.root().join("content").join(locale)).unwrap();
    }
    site.build().ok();
    site
}

fn page(site: &Fixture, locale: &str) -> String {
    site.read(&format!("acme/{locale}/legal/privacy/index.html"))
}

#[test]
fn each_locale_shows_its_own_chrome() {
    let site = portal();
    let fr = page(&site, "fr");
    assert!(fr.contains(">Sommaire</h2>"), "{fr}");
    assert!(
        fr.contains("En cas de divergence avec la version en anglais, la version en anglais fait foi."),
        "{fr}"
    );
    assert!(fr.contains("Aller au contenu"));
    let es = page(&site, "es-ES");
    assert!(es.contains(">Índice</h2>"), "es-ES → es: {es}");
    assert!(es.contains("Este documento aún no está disponible en "), "the fallback notice: {es}");
    let zh = page(&site, "zh-TW");
    assert!(zh.contains(">目錄</h2>"), "Traditional, not 目录: {zh}");
    assert!(zh.contains("本文件尚無"), "{zh}");
    let ms = page(&site, "ms");
    assert!(
        ms.contains(">Kandungan</h2>") && ms.contains("Dokumen ini belum tersedia dalam bahasa "),
        "{ms}"
    );
    let tlh = page(&site, "tlh");
    assert!(tlh.contains(">Contents</h2>") && tlh.contains("This document is not yet available"), "{tlh}");
}

#[test]
fn a_regional_file_falls_back_key_by_key_to_its_language() {
    let site = portal();
    let br = page(&site, "pt-BR");
    assert!(br.contains("Pular para o conteúdo"), "pt-BR's own word: {br}");
    assert!(br.contains(">Índice</h2>"), "pt's, which pt-BR.toml does not repeat: {br}");
    assert!(br.contains("Esta é uma tradução."), "{br}");
    assert!(!br.contains("Saltar para o conteúdo"), "not Portugal's where Brazil's differs");
}

#[test]
fn a_site_file_for_a_region_overrides_only_its_keys() {
    let site = portal();
    site.write("themes/default/i18n/fr-CA.toml", "contents = \"Table des matières\"\n");
    site.write("content/fr-CA/legal/privacy.md", "+++\ntitle = \"Confidentialité\"\n+++\n\n## 1. Champ\n");
    site.build().ok();
    let ca = page(&site, "fr-CA");
    assert!(ca.contains(">Table des matières</h2>"), "{ca}");
    assert!(ca.contains("Aller au contenu"), "the rest from the built-in fr.toml: {ca}");
}

#[test]
fn check_warns_only_where_readers_would_see_english() {
    let site = portal();
    let run = site.run(&["check", "--strict", "--format", "json"]);
    let v: Value = serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stdout()));
    let missing: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "missing-theme-string")
        .filter_map(|f| f["locale"].as_str())
        .collect();
    assert_eq!(missing, ["tlh"], "{v:#}");
}
