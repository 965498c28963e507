//! Fixture sites for the integration tests: written into temporary folders, built with the
//! real `clause` binary, and read back.
#![allow(dead_code)]

pub mod azurite;
pub mod gfm;
pub mod s3;
pub mod server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Reads a child's `stdout` to its end on a thread of its own (so the child never blocks on
/// a full pipe) and returns what `pick` finds in the first line it accepts, waiting at most
/// `patience`; `None` when no line did by then.
pub fn first_line<T: Send + 'static>(
    stdout: impl std::io::Read + Send + 'static,
    patience: std::time::Duration,
    pick: impl Fn(&str) -> Option<T> + Send + 'static,
) -> Option<T> {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(found) = pick(&line) {
                let _ = tx.send(found);
            }
        }
    });
    rx.recv_timeout(patience).ok()
}

/// A site in a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A site from `(path, text)` pairs.
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture { dir };
        for (path, text) in files {
            f.write(path, text);
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        self.write_bytes(path, text.as_bytes());
    }

    pub fn write_bytes(&self, path: &str, bytes: &[u8]) {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }

    /// Runs `clause <args> --root <site>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_clause"));
        cmd.args(args).arg("--root").arg(self.root());
        Run(cmd.output().expect("clause runs"))
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    /// The text of an output file.
    pub fn read(&self, path: &str) -> String {
        let p = self.out().join(path);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out().join(path).exists()
    }
}

/// Every entry below `dir` (its relative path, `/`-separated): a file with its bytes, a
/// folder or link as `None`.
pub fn tree_of(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            let bytes = e.file_type().is_file().then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect()
}

/// The output of a site, every file's bytes, taken before a build that must fail.
pub struct Untouched {
    out: PathBuf,
    before: BTreeMap<String, Option<Vec<u8>>>,
}

impl Untouched {
    pub fn take(out: &Path) -> Untouched {
        Untouched { out: out.to_path_buf(), before: tree_of(out) }
    }

    /// Asserts that the output is exactly as it was (every file's bytes, no file or folder
    /// more or fewer), holds none of clause's temporary files or marker, and has no staging
    /// folder left beside it.
    pub fn assert_same(&self, what: &str) {
        let after = tree_of(&self.out);
        let leftovers: Vec<&String> = after
            .keys()
            .filter(|p| {
                let name = p.rsplit('/').next().unwrap_or(p);
                name.starts_with(".clause-tmp-") || name == ".clause-incomplete"
            })
            .collect();
        assert!(leftovers.is_empty(), "{what}: clause's own files left in the output: {leftovers:?}");
        let keys: std::collections::BTreeSet<&String> = self.before.keys().chain(after.keys()).collect();
        let changed: Vec<&String> =
            keys.into_iter().filter(|k| self.before.get(*k) != after.get(*k)).collect();
        assert!(changed.is_empty(), "{what}: the output changed at {changed:?}");
        let parent = self.out.parent().unwrap();
        let staging: Vec<String> = std::fs::read_dir(parent)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("clause-staging") || n.contains(".clause-tmp-"))
            .collect();
        assert!(staging.is_empty(), "{what}: staging folders left beside the output: {staging:?}");
    }
}

/// Every HTML page below `dir`, with its path and text, in a stable order.
pub fn html_pages(dir: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| (e.path().to_path_buf(), std::fs::read_to_string(e.path()).unwrap_or_default()))
        .collect()
}

/// A finished run of the binary.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    /// Asserts success and returns stdout.
    pub fn ok(&self) -> String {
        assert_eq!(self.code(), 0, "stdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self.stdout()
    }
    /// Asserts exit 1 and returns stderr.
    pub fn failed(&self) -> String {
        assert_eq!(self.code(), 1, "stdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self.stderr()
    }
}

/// A small two-brand, two-locale site used by many tests.
pub const SITE_TOML: &str = r##"title = "{{channelName}} Legal"
default_locale = "en"

[vars]
postalCode = "000000"

[locales.zh-CN]
name = "简体中文"

[brands.acme]
base_url = "https://legal.acme.example"
[brands.acme.vars]
channelName = "Acme Cloud"
companyName = "AT&T <Cloud> *Star* <script>alert(1)</script>"
supportMail = "legal@acme.example"
consoleURLwithoutHttp = "console.acme.example"

[brands.beta]
base_url = "https://beta.example/legal"
locales = ["en"]
[brands.beta.vars]
channelName = "Beta"
companyName = "Beta Ltd."
supportMail = "help@beta.example"
consoleURLwithoutHttp = "console.beta.example"
"##;

pub const PRIVACY_EN: &str = r#"+++
title = "{{channelName}} Privacy Policy"
description = "How {{channelName}} protects you"
effective_date = 2022-01-28
weight = 10
+++

## I. Scope

1.1 This policy applies to {{channelName}}, operated by {{companyName}}.

1.2 Visit https://{{consoleURLwithoutHttp}} or write to {{supportMail}}.

| Who | Mail |
|---|---|
| {{companyName}} | {{supportMail}} |

See the [terms](terms.md#clause-2.1) and `{{channelName}}` in code.

Literal \{{notAPlaceholder}} stays.
"#;

pub const TERMS_EN: &str = r#"+++
title = "Terms"
weight = 20
+++

## 2. Terms

2.1 Back to the [policy](privacy.md).
"#;

/// The small site: en privacy + terms, zh-CN privacy only.
pub fn small_site() -> Fixture {
    Fixture::new(&[
        ("site.toml", SITE_TOML),
        ("content/en/legal/privacy.md", PRIVACY_EN),
        ("content/en/legal/terms.md", TERMS_EN),
        ("content/zh-CN/legal/privacy.md", "+++\ntitle = \"{{channelName}}隐私政策\"\neffective_date = 2022-01-28\n+++\n\n## I. 范围\n\n1.1 本政策适用于{{channelName}}。\n\n1.2 联系 {{supportMail}}。\n"),
    ])
}
