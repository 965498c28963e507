//! A `clause serve` process for tests: started on a free port, read through HTTP and its
//! event stream, killed when dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long a test waits for something that should take well under a second.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub struct Server {
    child: Child,
    pub addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `clause serve --watch --port 0` on `root` and waits for its address.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_in(root, extra, None)
    }

    /// Like [`Server::start`], serving from a folder in `tmpdir` (`TMPDIR`) when given.
    pub fn start_in(root: &Path, extra: &[&str], tmpdir: Option<&Path>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_clause"));
        if let Some(dir) = tmpdir {
            command.env("TMPDIR", dir);
        }
        let mut child = command
            .args(["serve", "--watch", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("clause serve starts");
        let stdout = child.stdout.take().unwrap();
        let addr = super::first_line(stdout, PATIENCE, |line| {
            line.strip_prefix("serving http://").map(|rest| rest.split('/').next().unwrap_or("").to_string())
        })
        .expect("serve prints its address");
        Server { child, addr }
    }

    /// Sends `signal` (`TERM`, `HUP`, `INT`, `KILL`) and waits for the process to end.
    pub fn stop(&mut self, signal: &str) {
        let sent = Command::new("kill").arg(format!("-{signal}")).arg(self.child.id().to_string()).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -{signal}");
        let deadline = Instant::now() + PATIENCE;
        while self.child.try_wait().expect("serve's status").is_none() {
            assert!(Instant::now() < deadline, "serve still runs after SIG{signal}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// (status, body) of a GET; a server that stops answering fails the test after
    /// [`PATIENCE`] rather than hanging it.
    pub fn get(&self, path: &str) -> (u16, String) {
        match agent().get(&self.url(path)).call() {
            Ok(r) => (r.status(), r.into_string().unwrap_or_default()),
            Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap_or_default()),
            Err(e) => panic!("GET {path}: {e}"),
        }
    }

    /// Opens the event stream; each `data:` line arrives on the receiver.
    pub fn events(&self) -> Receiver<String> {
        // serve sends a comment every 15 s to an idle stream: a read timeout of PATIENCE
        // ends only a stream the server stopped serving.
        let response = agent().get(&self.url("/__clause/events")).call().expect("event stream");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(response.into_reader()).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send(data.to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        rx
    }

    /// Sends `raw` as the request line and returns the raw response (no client normalizes it).
    pub fn raw(&self, request_target: &str) -> String {
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET {request_target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr)
            .unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Waits until `path` answers 200 with a body containing `needle`.
    pub fn wait_for(&self, path: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let (code, body) = self.get(path);
            if code == 200 && body.contains(needle) {
                return body;
            }
            assert!(start.elapsed() < PATIENCE, "{path} never showed {needle:?}; last: {code} {body}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// An HTTP client that gives up on a connection or a read after [`PATIENCE`].
fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new().timeout_connect(PATIENCE).timeout_read(PATIENCE).build()
}

/// Every event from now on, up to the first whose JSON contains all of `needles` (included).
pub fn events_until(rx: &Receiver<String>, needles: &[&str]) -> Vec<String> {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let e = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no event with {needles:?} in {seen:?}"));
        let done = needles.iter().all(|n| e.contains(n));
        seen.push(e);
        if done {
            return seen;
        }
    }
}

/// Waits for an event whose JSON contains all of `needles`.
pub fn wait_event(rx: &Receiver<String>, needles: &[&str]) -> String {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let e = rx.recv_timeout(left).unwrap_or_else(|_| panic!("no event with {needles:?}"));
        if needles.iter().all(|n| e.contains(n)) {
            return e;
        }
    }
}
