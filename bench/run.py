#!/usr/bin/env python3
"""Times clause against Hugo on the corpus of ../shared/bench/gen_corpus.py, in interleaved
runs, and prints medians, ratios and what each run wrote.

    python3 bench/run.py                  # 20 brands x 8 locales x 30 documents, 5 rounds, on this disk
    python3 bench/run.py --tmpfs          # outputs on /dev/shm instead
    python3 bench/run.py --big            # also 100 brands x 8 x 30: time, memory, bytes written
    python3 bench/run.py --versions 3     # also a corpus with 3 versions of each document (clause only)

Each round runs, in rotating order:
  - clause, all brands, into a new folder; Hugo likewise (one process per brand, the way its
    users build a white-label portal: `--config hugo.toml,brands/<brand>.toml`);
  - clause, one brand (--brand brand00), into a new folder;
  - clause and Hugo over their previous output with nothing changed (Hugo: `hugo` again
    into the same folders);
  - clause over its previous output after one document changed (a copy of the corpus whose
    content/en/agreement/policy-000.md gets a new sentence each round).
Outputs go below the working folder (the disk a CI runner or a writer builds on) unless
--tmpfs. New-folder runs write into folders of their own and nothing is deleted before the
end: on ext4, creating files right after deleting thousands is slow in the kernel's inode
allocator, which would penalise whoever runs after a clean-up. Peak memory is the max RSS
(for Hugo, the largest of its processes), read with wait4. Files written are counted by
comparing every output file's inode and modification time before and after the run.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from release import release_binary

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
EDITED = Path("content/en/agreement/policy-000.md")


def run(cmd, check=True):
    """Runs cmd; returns (seconds, max RSS in MB, its output, exit code)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen([str(c) for c in cmd], stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    if check and code != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{text}")
    return elapsed, usage.ru_maxrss / 1024, text, code


def ensure_hugo():
    if shutil.which("hugo"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing hugo from Debian ...", flush=True)
        subprocess.run(["apt-get", "update"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "hugo"], check=False, stdout=subprocess.DEVNULL)
    return bool(shutil.which("hugo"))


def generate(corpus, brands, locales, docs, versions=1):
    if not (corpus / "clause" / "site.toml").exists():
        cmd = [sys.executable, str(GEN), "--brands", str(brands), "--locales", str(locales),
               "--docs", str(docs), "--out", str(corpus)]
        if versions > 1:
            cmd += ["--versions", str(versions)]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def stamps(path):
    """Every file below path: (inode, mtime_ns, size)."""
    found = {}
    for dirpath, _, names in os.walk(path):
        for n in names:
            p = os.path.join(dirpath, n)
            s = os.lstat(p)
            found[p] = (s.st_ino, s.st_mtime_ns, s.st_size)
    return found


def written(before, after):
    """(files written or new, their bytes, files removed)."""
    changed = [p for p, s in after.items() if before.get(p, (None, None))[:2] != s[:2]]
    return len(changed), sum(after[p][2] for p in changed), len(set(before) - set(after))


class Contender:
    """A timed run: `commands(out)` gives its processes; `fresh` runs into a new folder."""

    def __init__(self, name, commands, fresh, before=None):
        self.name, self.commands, self.fresh, self.before = name, commands, fresh, before
        self.times, self.rss, self.wrote = [], [], []

    def measure(self, out):
        if self.before:
            self.before()
        ahead = {} if self.fresh else stamps(out)
        total, peak = 0.0, 0.0
        for cmd in self.commands(out):
            t, rss, _, _ = run(cmd)
            total += t
            peak = max(peak, rss)
        self.times.append(total)
        self.rss.append(peak)
        self.wrote.append(written(ahead, stamps(out)))


def edit_one_document(root, counter=[0]):
    """Adds a different sentence to one document each time."""
    path = root / EDITED
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nEdit \d+\.\n$", "\n", text)
    counter[0] += 1
    path.write_text(text.rstrip("\n") + f"\n\nEdit {counter[0]}.\n", encoding="utf-8")


def contenders(corpus, edit_root, clause, brands, hugo):
    build = lambda root: (lambda out: [[clause, "build", "--root", root, "--out", out]])
    c = [
        Contender("clause, new folder", build(corpus / "clause"), True),
        Contender("clause, one brand", lambda out: [[clause, "build", "--root", corpus / "clause",
                                                     "--out", out, "--brand", "brand00"]], True),
        Contender("clause, nothing changed", build(corpus / "clause"), False),
        Contender("clause, one doc changed", build(edit_root), False, lambda: edit_one_document(edit_root)),
    ]
    if hugo:
        hugo_cmds = lambda out: [["hugo", "--quiet", "--source", corpus / "hugo", "--config",
                                  f"{corpus}/hugo/hugo.toml,{corpus}/hugo/brands/{b}.toml", "-d", out / b]
                                 for b in brands]
        c.insert(1, Contender("hugo, new folder", hugo_cmds, True))
        c.insert(4, Contender("hugo, nothing changed", hugo_cmds, False))
    return c


def summary(cs):
    print()
    print(f"{'run':<26} {'median s':>9} {'min s':>8} {'max s':>8} {'peak MB':>8} {'files written':>14} {'MB written':>11}")
    for c in cs:
        files = statistics.median(w[0] for w in c.wrote)
        mb = statistics.median(w[1] for w in c.wrote) / 1e6
        print(f"{c.name:<26} {statistics.median(c.times):>9.3f} {min(c.times):>8.3f} {max(c.times):>8.3f} "
              f"{max(c.rss):>8.0f} {files:>14.0f} {mb:>11.1f}")
    med = {c.name: statistics.median(c.times) for c in cs}
    print()
    print(f"clause all / one brand:              {med['clause, new folder'] / med['clause, one brand']:.2f}x   (target on tmpfs: at most 3x)")
    if "hugo, new folder" in med:
        print(f"hugo / clause, new folder:           {med['hugo, new folder'] / med['clause, new folder']:.1f}x faster   (target: 10x on disk, 40x on tmpfs)")
        print(f"hugo / clause, nothing changed:      {med['hugo, nothing changed'] / med['clause, nothing changed']:.1f}x faster   (target: 30x)")
    peak = max(max(c.rss) for c in cs if c.name.startswith("clause"))
    print(f"clause peak memory:                  {peak:.0f} MB   (target: at most 256 MB)")


def big(args, clause, out_base):
    corpus = args.work / f"corpus-100x{args.locales}x{args.docs}"
    generate(corpus, 100, args.locales, args.docs)
    times, peaks = [], []
    for r in range(3):
        out = out_base / f"big{r}"
        t, m, _, _ = run([clause, "build", "--root", corpus / "clause", "--out", out])
        times.append(t)
        peaks.append(m)
    size = sum(s[2] for s in stamps(out).values())
    pages = 100 * args.locales * args.docs
    t = statistics.median(times)
    print(f"100 brands x {args.locales} x {args.docs} ({pages} document pages), new folder: median {t:.3f}s, "
          f"peak RSS {max(peaks):.0f} MB, {size / 1e6:.0f} MB written ({size / 1e6 / t:.0f} MB/s)")


def pages_of(output):
    m = re.search(r"built (\d+) pages", output)
    return int(m.group(1)) if m else None


def versions(args, clause, out_base):
    """Time per page written, the one-version corpus beside the one with --versions N: the
    two builds alternate, round by round, and each output is removed once measured (three
    1.2 GB outputs left side by side on tmpfs would measure the kernel's memory, not clause)."""
    corpora = {}
    for v in (1, args.versions):
        corpora[v] = args.work / (f"corpus-{args.brands}x{args.locales}x{args.docs}" + ("" if v == 1 else f"-v{v}"))
        generate(corpora[v], args.brands, args.locales, args.docs, v)
    results = {1: [], args.versions: []}
    for r in range(args.rounds):
        for v, corpus in corpora.items():
            out = out_base / f"v{v}-{r}"
            t, m, output, code = run([clause, "build", "--root", corpus / "clause", "--out", out], check=False)
            shutil.rmtree(out, ignore_errors=True)
            if code != 0:
                first = "\n    ".join(output.strip().splitlines()[:6])
                print(f"--versions {v}: THE BUILD FAILED (exit {code}); clause does not build this corpus yet:\n    {first}")
                return
            results[v].append((t, pages_of(output), m))
    per_page = {}
    for v, rs in results.items():
        t = statistics.median(r[0] for r in rs)
        pages = rs[0][1]
        per_page[v] = t / pages
        print(f"--versions {v}: median {t:.3f}s of {len(rs)} (min {min(r[0] for r in rs):.3f}s) for {pages} pages, "
              f"{t / pages * 1e6:.1f} us per page, peak RSS {max(r[2] for r in rs):.0f} MB")
    print(f"time per page, {args.versions} versions / 1 version: {per_page[args.versions] / per_page[1]:.2f}x   (target: at most 1.25x)")
    peak = {v: max(r[2] for r in rs) for v, rs in results.items()}
    print(f"peak RSS, {args.versions} versions / 1 version: {peak[args.versions] / peak[1]:.2f}x   (target: at most 2x)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--brands", type=int, default=20)
    ap.add_argument("--locales", type=int, default=8)
    ap.add_argument("--docs", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--work", type=Path, default=REPO / "target" / "bench",
                    help="where the corpora and (unless --tmpfs) the outputs go (default: target/bench, on this disk)")
    ap.add_argument("--tmpfs", action="store_true", help="outputs on /dev/shm (tmpfs) instead of the working folder's disk")
    ap.add_argument("--big", action="store_true", help="also time 100 brands x 8 x 30")
    ap.add_argument("--versions", type=int, default=0, help="also time a corpus with this many versions per document")
    ap.add_argument("--no-hugo", action="store_true")
    args = ap.parse_args()

    clause = release_binary()
    args.work = args.work.resolve()
    corpus = args.work / f"corpus-{args.brands}x{args.locales}x{args.docs}"
    generate(corpus, args.brands, args.locales, args.docs)
    edit_root = args.work / "edited-clause-corpus"
    if not edit_root.exists():
        shutil.copytree(corpus / "clause", edit_root)
    out_base = Path("/dev/shm/clause-bench") if args.tmpfs else args.work / "out"
    brands = [f"brand{b:02d}" for b in range(args.brands)]
    hugo = not args.no_hugo and ensure_hugo()
    if not hugo:
        print("hugo not available: timing clause alone", file=sys.stderr)
    cs = contenders(corpus, edit_root, clause, brands, hugo)

    shutil.rmtree(out_base, ignore_errors=True)
    out_base.mkdir(parents=True)
    fs = subprocess.run(["stat", "-f", "-c", "%T", str(out_base)], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()
    print(f"corpus: {args.brands} brands x {args.locales} locales x {args.docs} documents; outputs in {out_base} ({fs}); "
          f"{args.rounds} rounds; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    # The over-previous-output runs start from an output of their own, built before timing.
    for c in cs:
        if not c.fresh:
            for cmd in c.commands(out_base / slug(c.name)):
                run(cmd)
    for r in range(args.rounds):
        k = r % len(cs)
        for c in cs[k:] + cs[:k]:
            out = out_base / (f"round{r}-{slug(c.name)}" if c.fresh else slug(c.name))
            c.measure(out)
        print(f"  round {r + 1}: " + ", ".join(f"{c.name} {c.times[-1]:.3f}s" for c in cs), flush=True)
    summary(cs)
    shutil.rmtree(out_base, ignore_errors=True)
    out_base.mkdir(parents=True)
    if args.big:
        big(args, clause, out_base)
        shutil.rmtree(out_base, ignore_errors=True)
        out_base.mkdir(parents=True)
    if args.versions > 1:
        versions(args, clause, out_base)
    shutil.rmtree(out_base, ignore_errors=True)
    load = os.getloadavg()
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


if __name__ == "__main__":
    main()
