//! A black-box run of hundreds of mutated and hostile sites, tried as an attacker would:
//! every build ends in exit 0 or 1, never a panic or a hang; a failed build leaves the
//! previous output exactly as it was; and no value or raw HTML ever becomes live markup.

mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift), so a failure can be replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "{{",
    "}}",
    "{{channelName}}",
    "{{ nope }}",
    "\\{{",
    "{{{x}}}",
    "+++\n",
    "---\n",
    "\0",
    "\u{feff}",
    "\u{202E}",
    "\r\n",
    "\r",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](terms.md#clause-9.9)",
    "[x](../../../../etc/passwd)",
    "[x](nope.md)",
    "![x](data:text/html,<b>)",
    "\n## 1.1 Heading\n",
    "\n1.1 clause\n",
    "\nIV. \n",
    "> > > > >",
    "- - - - -",
    "```json\n{\"a\": \"{{channelName}}\"}\n```\n",
    "| a | b |\n|---|---|\n| {{supportMail}} | x |\n",
    "title = ",
    "weight = \"x\"",
    "draft = true",
    "brands = [\"zzz\"]",
    "[brands.new]\n",
    "[vars]\n",
    "base_url = \"javascript:x\"",
    "default_locale = \"xx\"",
    "\u{FFFF}",
    "é",
    "中文",
];

const VALUE_TOKENS: &[&str] = &[
    "<script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "javascript:alert(1)",
    "*emph*",
    "&amp;",
    "{{supportMail}}",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(3) {
        let at = if bytes.is_empty() { 0 } else { rng.below(bytes.len() + 1) };
        match rng.below(4) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] = rng.next() as u8;
            }
            1 if !bytes.is_empty() => {
                let end = (at + rng.below(40)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.bytes());
            }
        }
    }
    String::from_utf8(bytes.clone()).unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned())
}

fn hostile_values(rng: &mut Rng) -> String {
    let v = VALUE_TOKENS[rng.below(VALUE_TOKENS.len())];
    SITE_TOML.replace("\"Acme Cloud\"", &format!("{:?}", format!("Acme {v}")))
}

fn run_build(site: &Fixture) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(["build", "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("a build hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// No live script, event handler or script URL in any page of the output. Text is escaped
/// (`&lt;`), so every raw `<` starts a real tag: only tags are searched.
fn assert_no_live_markup(site: &Fixture, seed: u64) {
    let live = regex::Regex::new(
        r#"(?i)<script|<[a-z][^<>]*\son[a-z]+\s*=|(href|src)\s*=\s*["']?\s*(javascript|vbscript|data:text)"#,
    )
    .unwrap();
    for (path, html) in html_pages(&site.out()) {
        if let Some(m) = live.find(&html) {
            panic!("seed {seed}: live markup `{}` in {}", m.as_str(), path.display());
        }
    }
}

#[test]
fn three_hundred_mutated_sites() {
    let (mut built, mut failed) = (0, 0);
    for seed in 1..=300u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let site = small_site();
        site.build().ok();
        let before = Untouched::take(&site.out());
        let targets = [
            "site.toml",
            "content/en/legal/privacy.md",
            "content/en/legal/terms.md",
            "content/zh-CN/legal/privacy.md",
        ];
        let target = targets[rng.below(targets.len())];
        let original = std::fs::read_to_string(site.root().join(target)).unwrap();
        let base =
            if target == "site.toml" && rng.below(2) == 0 { hostile_values(&mut rng) } else { original };
        let mutated = mutate(&mut rng, &base);
        site.write(target, &mutated);
        if std::env::var("CLAUSE_SHOW_SEED").is_ok_and(|s| s == seed.to_string()) {
            eprintln!("seed {seed}: {target}:\n{mutated}");
        }
        let (code, err) = run_build(&site);
        assert!(code == 0 || code == 1, "seed {seed}: exit {code}\n{err}");
        assert!(!err.contains("panicked"), "seed {seed}: {err}");
        if code == 1 {
            failed += 1;
            assert!(err.contains("error["), "seed {seed}: {err}");
            before.assert_same(&format!("seed {seed}"));
        } else {
            built += 1;
        }
        assert_no_live_markup(&site, seed);
    }
    // Both outcomes must really occur, or the mutations test nothing.
    assert!(built > 30 && failed > 30, "built {built}, failed {failed}");
}

/// The check above can fail: with raw HTML allowed, an event handler does reach the page.
#[test]
fn the_live_markup_check_sees_live_markup() {
    let site = small_site();
    site.write(
        "site.toml",
        &SITE_TOML.replacen(
            "default_locale = \"en\"",
            "default_locale = \"en\"\n[markdown]\nunsafe_html = true",
            1,
        ),
    );
    site.write(
        "content/en/legal/terms.md",
        "+++\ntitle = \"T\"\n+++\n\n<img src=\"x\" onerror=\"alert(1)\">\n",
    );
    site.build().ok();
    let caught = std::panic::catch_unwind(|| assert_no_live_markup(&site, 0));
    assert!(caught.is_err());
}
