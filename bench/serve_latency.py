#!/usr/bin/env python3
"""Measures `clause serve --watch` on the benchmark corpus (20 brands x 8 locales x 30
documents): from saving one document to its rebuilt pages being ready (the reload event on
/__clause/events, then the new text over HTTP), and, with Debian's chromium and
chromium-driver installed, from the save to the open page having reloaded itself.

    python3 bench/serve_latency.py [--saves 20]

Each save rewrites content/en/agreement/policy-000.md the way editors do (write a
temporary file, rename it over). The script starts and stops everything it needs.
"""
import argparse
import http.client
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from release import release_binary

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
PAGE = "/brand00/en/agreement/policy-000/index.html"
LAST = "/brand19/en/agreement/policy-000/index.html"   # the last brand's copy of the page


def start_serve(clause, root):
    proc = subprocess.Popen([str(clause), "serve", "--watch", "--port", "0", "--root", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if line.startswith("serving http://"):
            addr = line.split("http://")[1].split("/")[0]
            threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
            return proc, addr
    sys.exit("clause serve did not start")


def listen(addr, events):
    host, port = addr.split(":")
    conn = http.client.HTTPConnection(host, int(port))
    conn.request("GET", "/__clause/events")
    resp = conn.getresponse()
    for raw in resp:
        line = raw.decode().strip()
        if line.startswith("data: "):
            events.put((time.perf_counter(), json.loads(line[6:])))


def save(path, text):
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def get(addr, path):
    with urllib.request.urlopen(f"http://{addr}{path}") as r:
        return r.read().decode()


def webdriver(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())["value"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def browser_session(profile):
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
            f"--user-data-dir={profile}"]
    caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": shutil.which("chromium"), "args": args}}}}
    session = webdriver(port, "POST", "/session", caps)["sessionId"]
    return driver, port, session


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--saves", type=int, default=20)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "clause-bench")
    args = ap.parse_args()
    clause = release_binary()
    corpus = args.work / "serve-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    subprocess.run([sys.executable, str(GEN), "--brands", "20", "--locales", "8", "--docs", "30", "--out", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    doc = corpus / "clause" / "content" / "en" / "agreement" / "policy-000.md"
    original = doc.read_text(encoding="utf-8")

    proc, addr = start_serve(clause, corpus / "clause")
    events = queue.Queue()
    threading.Thread(target=listen, args=(addr, events), daemon=True).start()
    time.sleep(0.5)
    ready, served, last = [], [], []
    try:
        for i in range(args.saves):
            marker = f"Revision {i} of this policy."
            t0 = time.perf_counter()
            save(doc, original.replace("## ", f"{marker}\n\n## ", 1))
            while True:
                t, e = events.get(timeout=10)
                if e.get("type") == "reload" and PAGE in e.get("paths", []):
                    ready.append((t - t0) * 1000)
                    break
            assert marker in get(addr, PAGE)
            served.append((time.perf_counter() - t0) * 1000)
            assert marker in get(addr, LAST)
            last.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.3)
        print(f"save -> reload event (pages rebuilt, {args.saves} saves): median {statistics.median(ready):.1f} ms, "
              f"min {min(ready):.1f}, max {max(ready):.1f}  (target: under 100 ms)")
        print(f"save -> new page served over HTTP:                 median {statistics.median(served):.1f} ms")
        print(f"save -> the last brand's new page served:          median {statistics.median(last):.1f} ms, "
              f"min {min(last):.1f}, max {max(last):.1f}  (target: at most 50 ms)")
        if shutil.which("chromium") and shutil.which("chromedriver"):
            measure_browser(addr, doc, original, args.saves)
        else:
            print("browser reload: not measured (install chromium and chromium-driver)")
    finally:
        doc.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait()


def measure_browser(addr, doc, original, saves):
    with tempfile.TemporaryDirectory() as profile:
        driver, port, session = browser_session(profile)
        try:
            base = f"/session/{session}"
            webdriver(port, "POST", f"{base}/url", {"url": f"http://{addr}{PAGE}"})
            reloads = []
            for i in range(saves):
                webdriver(port, "POST", f"{base}/execute/sync", {"script": "window.clauseMark = 1; return 1;", "args": []})
                time.sleep(0.3)
                t0 = time.time() * 1000
                save(doc, original.replace("## ", f"Browser revision {i}.\n\n## ", 1))
                script = "return window.clauseMark === undefined ? performance.timing.loadEventEnd : 0;"
                deadline = time.time() + 10
                while time.time() < deadline:
                    end = webdriver(port, "POST", f"{base}/execute/sync", {"script": script, "args": []})
                    if end:
                        reloads.append(end - t0)
                        break
                    time.sleep(0.01)
            print(f"save -> open page reloaded in Chromium ({len(reloads)} saves): median {statistics.median(reloads):.1f} ms, "
                  f"min {min(reloads):.1f}, max {max(reloads):.1f}  (target: under 300 ms)")
        finally:
            try:
                webdriver(port, "DELETE", f"/session/{session}")
            finally:
                driver.terminate()


if __name__ == "__main__":
    main()
