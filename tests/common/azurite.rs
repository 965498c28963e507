//! A real Azure Blob Storage for the deploy tests: Azurite (the npm package `azurite`,
//! Microsoft's emulator) on 127.0.0.1, a free port, a temporary folder for its data, killed
//! when dropped; and an independent way to look into a container: requests signed with the
//! emulator's well-known Shared Key (HMAC-SHA256 by `ring`), sent with `ureq`. Nothing here
//! uses clause's code. Without Azurite the tests fail, loudly, naming the command that
//! installs it.
#![allow(dead_code)]

use base64::Engine;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

/// The emulator's account and key: public, the same in every Azurite.
const ACCOUNT: &str = "devstoreaccount1";
const KEY: &str = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const VERSION: &str = "2021-08-06";

/// The `azurite-blob` command, on PATH or in npm's global folder; panics with how to install it.
fn azurite_binary() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).map(|d| d.join("azurite-blob")).find(|c| c.is_file()));
    let npm_global = || {
        let prefix = Command::new("npm").args(["prefix", "-g"]).output().ok()?;
        let bin = PathBuf::from(String::from_utf8_lossy(&prefix.stdout).trim()).join("bin/azurite-blob");
        bin.is_file().then_some(bin)
    };
    on_path.or_else(npm_global).unwrap_or_else(|| {
        panic!(
            "azurite-blob is not installed (the Azure deploy test needs a real Blob service): run \
             scripts/test.sh, or `npm install -g azurite@3.37.0`"
        )
    })
}

pub struct Azurite {
    child: Child,
    _data: tempfile::TempDir,
    /// `http://127.0.0.1:<port>`
    pub url: String,
}

impl Drop for Azurite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Azurite {
    /// Starts the Blob service and waits until it says it listens.
    pub fn start() -> Azurite {
        let data = tempfile::tempdir().expect("temp dir");
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a port").port();
        let mut child = Command::new(azurite_binary())
            .args(["--blobHost", "127.0.0.1", "--blobPort", &port.to_string(), "--skipApiVersionCheck"])
            .arg("--location")
            .arg(data.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("azurite-blob starts");
        let stdout = child.stdout.take().expect("stdout");
        super::first_line(stdout, Duration::from_secs(60), |line| {
            line.contains("successfully listen").then_some(())
        })
        .expect("Azurite listens within 60 s");
        Azurite { child, _data: data, url: format!("http://127.0.0.1:{port}") }
    }

    /// The environment clause needs to reach this emulator (and nothing else).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![("AZURE_STORAGE_USE_EMULATOR", "true".into()), ("AZURITE_BLOB_STORAGE_URL", self.url.clone())]
    }

    pub fn create_container(&self, name: &str) {
        self.signed("PUT", name, &[("restype", "container")]).send_bytes(&[]).expect("create container");
    }

    /// Every blob of `container` with its size.
    pub fn list(&self, container: &str) -> BTreeMap<String, u64> {
        let query = [("comp", "list"), ("restype", "container")];
        let body = self.signed("GET", container, &query).call().expect("list").into_string().expect("body");
        let re = regex::Regex::new(r"<Name>([^<]*)</Name>.*?<Content-Length>(\d+)</Content-Length>")
            .expect("regex");
        re.captures_iter(&body).map(|c| (unescape(&c[1]), c[2].parse().expect("size"))).collect()
    }

    /// A blob's bytes and its Content-Type and Cache-Control.
    pub fn get(&self, container: &str, name: &str) -> (Vec<u8>, String, String) {
        let response = self.signed("GET", &format!("{container}/{name}"), &[]).call().expect("get blob");
        let header = |h: &str| response.header(h).unwrap_or_default().to_string();
        let (content_type, cache_control) = (header("content-type"), header("cache-control"));
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut response.into_reader(), &mut bytes).expect("blob bytes");
        (bytes, content_type, cache_control)
    }

    /// A request for `path` below the account, signed with Shared Key (Blob service rules:
    /// the verb, twelve standard headers (all empty here), the x-ms- headers, the resource).
    fn signed(&self, verb: &str, path: &str, query: &[(&str, &str)]) -> ureq::Request {
        let date = httpdate::fmt_http_date(SystemTime::now());
        let mut sorted = query.to_vec();
        sorted.sort();
        let resource: String = sorted.iter().map(|(k, v)| format!("\n{k}:{v}")).collect();
        let to_sign = format!(
            "{verb}\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:{date}\nx-ms-version:{VERSION}\n/{ACCOUNT}/{ACCOUNT}/{path}{resource}"
        );
        let key = ring::hmac::Key::new(
            ring::hmac::HMAC_SHA256,
            &base64::engine::general_purpose::STANDARD.decode(KEY).expect("key"),
        );
        let signature = base64::engine::general_purpose::STANDARD
            .encode(ring::hmac::sign(&key, to_sign.as_bytes()).as_ref());
        let query: String = query.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
        let url = format!("{}/{ACCOUNT}/{path}{}{query}", self.url, if query.is_empty() { "" } else { "?" });
        ureq::request(verb, &url)
            .set("x-ms-date", &date)
            .set("x-ms-version", VERSION)
            .set("Authorization", &format!("SharedKey {ACCOUNT}:{signature}"))
    }
}

fn unescape(xml: &str) -> String {
    xml.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
