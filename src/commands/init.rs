//! `clause init DIR`: a small working site to start from. `clause build` and `clause check`
//! pass on it as written: two brands, two locales, a section and a document with
//! placeholders and numbered clauses.

use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        r##"# A clause site. See the README of clause for every key.
title = "{{channelName}} Legal Center"
default_locale = "en"
output_dir = "public"

[vars]
supportMail = "legal@example.com"

[locales.de]
name = "Deutsch"

[brands.alpha]
base_url = "https://legal.alpha.example"
[brands.alpha.vars]
channelName = "Alpha Cloud"
companyName = "Alpha Cloud Ltd."

[brands.beta]
base_url = "https://legal.beta.example"
[brands.beta.vars]
channelName = "Beta Hosting"
companyName = "Beta Hosting GmbH"
supportMail = "privacy@beta.example"
"##,
    ),
    (
        "content/en/legal/_index.md",
        "+++\ntitle = \"Legal\"\ndescription = \"Agreements and policies of {{channelName}}\"\n+++\n",
    ),
    (
        "content/en/legal/privacy-policy.md",
        r#"+++
title = "{{channelName}} Privacy Policy"
description = "How {{channelName}} handles your information"
effective_date = 2024-01-01
summary = "Adds your right to a copy of your information (2.1)."
weight = 10
+++

## 1. Who we are

1.1 {{channelName}} is provided by {{companyName}}.

1.2 Write to {{supportMail}} with any question about this policy.

## 2. Your rights

2.1 You may ask for a copy of your information at any time; see [clause 1.2](#clause-1.2) for how to reach us.
"#,
    ),
    (
        "content/en/legal/privacy-policy@2023-01-01.md",
        r#"+++
title = "{{channelName}} Privacy Policy"
description = "How {{channelName}} handles your information"
summary = "The first version."
weight = 10
+++

## 1. Who we are

1.1 {{channelName}} is provided by {{companyName}}.

1.2 Write to {{supportMail}} with any question.
"#,
    ),
    (
        "content/de/legal/privacy-policy@2023-01-01.md",
        r#"+++
title = "Datenschutzerklärung von {{channelName}}"
description = "Wie {{channelName}} mit Ihren Daten umgeht"
summary = "Die erste Fassung."
weight = 10
+++

## 1. Wer wir sind

1.1 {{channelName}} wird von {{companyName}} angeboten.

1.2 Schreiben Sie an {{supportMail}}, wenn Sie Fragen haben.
"#,
    ),
    (
        "content/de/legal/_index.md",
        "+++\ntitle = \"Rechtliches\"\ndescription = \"Verträge und Richtlinien von {{channelName}}\"\n+++\n",
    ),
    (
        "content/de/legal/privacy-policy.md",
        r#"+++
title = "Datenschutzerklärung von {{channelName}}"
description = "Wie {{channelName}} mit Ihren Daten umgeht"
effective_date = 2024-01-01
summary = "Ergänzt Ihr Recht auf eine Kopie Ihrer Daten (2.1)."
weight = 10
+++

## 1. Wer wir sind

1.1 {{channelName}} wird von {{companyName}} angeboten.

1.2 Schreiben Sie an {{supportMail}}, wenn Sie Fragen zu dieser Erklärung haben.

## 2. Ihre Rechte

2.1 Sie können jederzeit eine Kopie Ihrer Daten verlangen; wie Sie uns erreichen, steht in [Ziffer 1.2](#clause-1.2).
"#,
    ),
];

/// Writes the starter site into `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<Vec<String>, String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; clause init writes only into a new or empty folder",
                dir.display()
            ));
        }
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let full = dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&full, text).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
        written.push(path.to_string());
    }
    Ok(written)
}
