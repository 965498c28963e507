#!/usr/bin/env python3
"""Times clause against Hugo (and Zola, when a `zola` binary is on the PATH) on the corpus of
../shared/bench/gen_corpus.py, in interleaved runs, and prints medians and ratios.

    python3 bench/run.py                      # 20 brands x 8 locales x 30 documents, 5 rounds
    python3 bench/run.py --rounds 9 --out-base /dev/shm/clause-bench   # outputs on tmpfs
    python3 bench/run.py --big                # also 100 brands x 8 x 30: time, memory, bytes

Each round runs, in rotating order: clause building all brands, clause building one brand
(--brand brand00), and Hugo building every brand the way its users do (one process per
brand, `--config hugo.toml,brands/<brand>.toml`). Every run starts from an empty output
folder (removed before the timer starts). Peak memory is the max RSS of the process (for
Hugo, the largest of its per-brand processes), read with wait4.

Hugo comes from Debian (`apt-get install hugo`); when it is missing and we are root, the
script installs it.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def run(cmd, quiet=True):
    """Runs cmd; returns (seconds, max RSS in MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL if quiet else None, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def ensure_hugo():
    if shutil.which("hugo"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing hugo from Debian ...", flush=True)
        subprocess.run(["apt-get", "update"], check=False, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "hugo"], check=False, stdout=subprocess.DEVNULL)
    return bool(shutil.which("hugo"))


def generate(corpus, brands, locales, docs):
    if not (corpus / "clause" / "site.toml").exists():
        subprocess.run([sys.executable, str(GEN), "--brands", str(brands), "--locales", str(locales),
                        "--docs", str(docs), "--out", str(corpus)], check=True)


def du_bytes(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def contenders(corpus, clause, brands, zola):
    """Each contender: a function from its output folder to the commands of one run."""
    c = {
        "clause, all brands": lambda out: [[clause, "build", "--root", corpus / "clause", "--out", out]],
        "clause, one brand": lambda out: [[clause, "build", "--root", corpus / "clause", "--out", out, "--brand", "brand00"]],
        "hugo, all brands": lambda out: [["hugo", "--quiet", "--source", corpus / "hugo", "--config",
                                          f"{corpus}/hugo/hugo.toml,{corpus}/hugo/brands/{b}.toml", "-d", out / b]
                                         for b in brands],
    }
    if zola:
        c["zola, all brands"] = lambda out: [["zola", "--root", corpus / "zola", "--config", corpus / "zola" / "brands" / f"{b}.toml",
                                              "build", "--force", "--output-dir", out / b] for b in brands]
    return c


def measure(commands):
    """Runs a contender's commands one after the other: (total seconds, largest RSS)."""
    total, peak = 0.0, 0.0
    for cmd in commands:
        t, rss = run([str(x) for x in cmd])
        total += t
        peak = max(peak, rss)
    return total, peak


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--brands", type=int, default=20)
    ap.add_argument("--locales", type=int, default=8)
    ap.add_argument("--docs", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "clause-bench")
    ap.add_argument("--out-base", type=Path, default=None,
                    help="where outputs go (default: /dev/shm/clause-bench when it exists, else WORK/out)")
    ap.add_argument("--big", action="store_true", help="also time 100 brands x 8 x 30")
    ap.add_argument("--no-hugo", action="store_true")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    clause = REPO / "target" / "release" / "clause"
    corpus = args.work / f"corpus-{args.brands}x{args.locales}x{args.docs}"
    generate(corpus, args.brands, args.locales, args.docs)
    # Outputs go to tmpfs by default: on ext4, creating thousands of folders soon after
    # thousands were deleted is slow in the kernel's inode allocator (recently_deleted), for
    # every generator alike, and that measures the disk's history rather than the tools.
    shm = Path("/dev/shm")
    out_base = args.out_base or (shm / "clause-bench" if shm.is_dir() else args.work / "out")
    brands = [f"brand{b:02d}" for b in range(args.brands)]
    have_hugo = not args.no_hugo and ensure_hugo()
    zola = shutil.which("zola") is not None
    runs = contenders(corpus, clause, brands, zola)
    if not have_hugo:
        runs.pop("hugo, all brands")
        print("hugo not available: timing clause alone", file=sys.stderr)

    print(f"corpus: {args.brands} brands x {args.locales} locales x {args.docs} documents; outputs in {out_base}; {args.rounds} rounds")
    results = {name: [] for name in runs}
    names = list(runs)
    # Every run writes into a new, empty folder, and nothing is deleted until the end: on
    # ext4, creating files right after deleting many costs far more (the allocator skips
    # recently deleted inodes), which would penalise whoever runs after a clean-up.
    shutil.rmtree(out_base, ignore_errors=True)
    for r in range(args.rounds):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            out = out_base / f"round{r}" / name.replace(", ", "-").replace(" ", "-")
            out.parent.mkdir(parents=True, exist_ok=True)
            results[name].append(measure(runs[name](out)))
        print(f"  round {r + 1}: " + ", ".join(f"{n} {results[n][-1][0]:.3f}s" for n in names), flush=True)

    med = {n: statistics.median(t for t, _ in v) for n, v in results.items()}
    rss = {n: max(m for _, m in v) for n, v in results.items()}
    print()
    print(f"{'run':<22} {'median s':>9} {'min s':>8} {'max s':>8} {'peak RSS MB':>12}")
    for n in names:
        ts = [t for t, _ in results[n]]
        print(f"{n:<22} {med[n]:>9.3f} {min(ts):>8.3f} {max(ts):>8.3f} {rss[n]:>12.1f}")
    print()
    full, one = med["clause, all brands"], med["clause, one brand"]
    print(f"clause all / clause one brand: {full / one:.2f}x   (target: at most 4x)")
    if "hugo, all brands" in med:
        print(f"hugo all / clause all:         {med['hugo, all brands'] / full:.1f}x faster (target: at least 10x)")
    if "zola, all brands" in med:
        print(f"zola all / clause all:         {med['zola, all brands'] / full:.1f}x faster")
    print(f"clause peak memory:            {rss['clause, all brands']:.0f} MB all brands, {rss['clause, one brand']:.0f} MB one brand (target: at most 512 MB)")

    shutil.rmtree(out_base, ignore_errors=True)
    if args.big:
        big = args.work / f"corpus-100x{args.locales}x{args.docs}"
        generate(big, 100, args.locales, args.docs)
        times, peaks = [], []
        for r in range(3):
            out = out_base / f"big{r}"
            t, m = run([str(clause), "build", "--root", str(big / "clause"), "--out", str(out)])
            times.append(t)
            peaks.append(m)
        size = du_bytes(out)
        shutil.rmtree(out_base, ignore_errors=True)
        pages = 100 * args.locales * args.docs
        t = statistics.median(times)
        print(f"100 brands x {args.locales} x {args.docs} ({pages} document pages): median {t:.3f}s, peak RSS {max(peaks):.0f} MB, "
              f"{size / 1e6:.0f} MB written ({size / 1e6 / t:.0f} MB/s)")


if __name__ == "__main__":
    main()
