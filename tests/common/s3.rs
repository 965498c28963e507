//! A real S3 server for the deploy tests: `s3s-fs` on 127.0.0.1 (a free port, a temporary
//! folder as its root, credentials on its command line), killed when dropped; and an
//! independent way to look into its bucket: requests signed by `rusty-s3` and sent with
//! `ureq`, and the server's own folder read directly. Nothing here uses clause's code.
//! Without `s3s-fs` the tests fail, loudly, naming the command that installs it.
#![allow(dead_code)]

use rusty_s3::{Credentials, S3Action, UrlStyle};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

pub const ACCESS_KEY: &str = "clause-test-key";
/// Searched for in every output of clause: it must never be printed.
pub const SECRET_KEY: &str = "Sup3rSecret-do-not-print-7f3a9c";
pub const REGION: &str = "us-east-1";
const SIGNED_FOR: Duration = Duration::from_secs(600);

/// The `s3s-fs` binary, on PATH or in ~/.cargo/bin; panics with how to install it.
pub fn s3s_fs_binary() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("s3s-fs")).find(|c| c.is_file()))
        .unwrap_or_default();
    let in_cargo =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/s3s-fs")).filter(|p| p.is_file());
    on_path.or(in_cargo).unwrap_or_else(|| {
        panic!(
            "s3s-fs is not installed (the deploy tests need a real S3 server): run scripts/test.sh, \
             or `cargo install s3s-fs --version 0.14.1 --features binary --locked`"
        )
    })
}

pub struct S3Server {
    child: Child,
    pub root: tempfile::TempDir,
    pub endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl S3Server {
    /// Starts s3s-fs on 127.0.0.1 and waits until it says where it listens.
    pub fn start() -> S3Server {
        let root = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(s3s_fs_binary())
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--access-key",
                ACCESS_KEY,
                "--secret-key",
                SECRET_KEY,
            ])
            .arg(root.path())
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs starts");
        let stdout = child.stdout.take().expect("stdout");
        let re = regex::Regex::new(r"running at (http://127\.0\.0\.1:\d+)").expect("regex");
        let endpoint = super::first_line(stdout, Duration::from_secs(30), move |line| {
            re.captures(line).map(|c| c[1].to_string())
        })
        .expect("s3s-fs reports its address within 30 s");
        S3Server { child, root, endpoint }
    }

    /// Creates bucket `name` (a folder of the server's root) and a client for it.
    pub fn bucket(&self, name: &str) -> Bucket {
        std::fs::create_dir_all(self.root.path().join(name)).expect("bucket folder");
        self.client(name, SECRET_KEY)
    }

    pub fn client(&self, name: &str, secret: &str) -> Bucket {
        let url = self.endpoint.parse().expect("endpoint URL");
        let bucket = rusty_s3::Bucket::new(url, UrlStyle::Path, name.to_string(), REGION).expect("bucket");
        Bucket { bucket, creds: Credentials::new(ACCESS_KEY, secret), root: self.root.path().to_path_buf() }
    }

    /// The environment clause needs to reach this server (and nothing else).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.into()),
            ("AWS_REGION", REGION.into()),
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]
    }
}

/// An object's headers, as a plain HTTP client sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub content_type: String,
    pub cache_control: String,
    pub last_modified: String,
}

/// One bucket of the server, seen from outside clause.
pub struct Bucket {
    bucket: rusty_s3::Bucket,
    creds: Credentials,
    root: PathBuf,
}

impl Bucket {
    /// Every key below `prefix` with its size (ListObjectsV2, every page).
    pub fn list(&self, prefix: &str) -> BTreeMap<String, u64> {
        let mut found = BTreeMap::new();
        let mut token: Option<String> = None;
        loop {
            let mut action = self.bucket.list_objects_v2(Some(&self.creds));
            action.with_prefix(prefix.to_string());
            if let Some(t) = &token {
                action.with_continuation_token(t.clone());
            }
            let body = ureq::get(action.sign(SIGNED_FOR).as_str())
                .call()
                .expect("list")
                .into_string()
                .expect("body");
            let page = rusty_s3::actions::ListObjectsV2::parse_response(&body).expect("ListObjectsV2 XML");
            found.extend(page.contents.into_iter().map(|c| (c.key, c.size.unwrap_or(0))));
            match page.next_continuation_token {
                Some(t) => token = Some(t),
                None => return found,
            }
        }
    }

    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let url = self.bucket.get_object(Some(&self.creds), key).sign(SIGNED_FOR);
        match ureq::get(url.as_str()).call() {
            Ok(r) => {
                let mut bytes = Vec::new();
                r.into_reader().read_to_end(&mut bytes).expect("body");
                Some(bytes)
            }
            Err(ureq::Error::Status(404, _)) => None,
            Err(e) => panic!("GET {key}: {e}"),
        }
    }

    pub fn head(&self, key: &str) -> Head {
        let url = self.bucket.head_object(Some(&self.creds), key).sign(SIGNED_FOR);
        let r = ureq::head(url.as_str()).call().unwrap_or_else(|e| panic!("HEAD {key}: {e}"));
        let h = |name: &str| r.header(name).unwrap_or_default().to_string();
        Head {
            content_type: h("content-type"),
            cache_control: h("cache-control"),
            last_modified: h("last-modified"),
        }
    }

    pub fn put(&self, key: &str, bytes: &[u8]) {
        let url = self.bucket.put_object(Some(&self.creds), key).sign(SIGNED_FOR);
        ureq::put(url.as_str()).send_bytes(bytes).unwrap_or_else(|e| panic!("PUT {key}: {e}"));
    }

    pub fn delete(&self, key: &str) {
        let url = self.bucket.delete_object(Some(&self.creds), key).sign(SIGNED_FOR);
        ureq::delete(url.as_str()).call().unwrap_or_else(|e| panic!("DELETE {key}: {e}"));
    }

    /// Every file of the server's folder (objects and their metadata) with its bytes and
    /// modification time: two equal snapshots mean nothing in the store changed at all.
    pub fn snapshot(&self) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        snapshot_of(&self.root)
    }
}

/// Every file below `dir` with its bytes and modification time.
pub fn snapshot_of(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
            let modified = e.metadata().expect("metadata").modified().expect("mtime");
            (rel, (std::fs::read(e.path()).expect("read"), modified))
        })
        .collect()
}
