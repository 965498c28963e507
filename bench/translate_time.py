#!/usr/bin/env python3
"""Times `clause translate export` and `import` for one locale of the bench corpus, and
`clause check` (which now counts segments left), on the working folder's disk.

    python3 bench/translate_time.py [--rounds 7] [--locale de] [--clause target/release/clause]
                                    [--before OLD_CLAUSE]   # check's time without the count

Prints the median wall time of each over the rounds (outputs are written under --work)."""
import argparse, os, re, shutil, statistics, subprocess, sys, time

def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--locale", default="de")
    ap.add_argument("--clause", default="target/release/clause")
    ap.add_argument("--before", help="an older clause binary, to time check without the segment count")
    ap.add_argument("--work", default="target/bench-translate")
    a = ap.parse_args()
    corpus = os.path.join(a.work, "corpus")
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, "../shared/bench/gen_corpus.py", "--out", corpus], check=True, stdout=subprocess.DEVNULL)
    root = os.path.join(corpus, "clause")
    out = os.path.join(a.work, "xlf")
    times = {"export": [], "import": [], "check": [], "check (before)": []}
    for _ in range(a.rounds):
        shutil.rmtree(out, ignore_errors=True)
        times["export"].append(run([a.clause, "translate", "export", "--root", root, "--to", a.locale, "--out", out]))
        files = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(out, a.locale)) for f in fs if f.endswith(".xlf")]
        for f in files:  # a translator's work: every unit without a target gets one (its source)
            text = open(f, encoding="utf-8").read()
            units = text.split("</trans-unit>")
            fill = lambda u: u if "<target" in u else re.sub(r"<source>(.*?)</source>", r"<source>\1</source><target>\1</target>", u, flags=re.S)
            text = "</trans-unit>".join(fill(u) for u in units)
            open(f, "w", encoding="utf-8").write(text)
        times["import"].append(run([a.clause, "translate", "import", "--root", root, *files]))
        times["check"].append(run([a.clause, "check", "--root", root, "--format", "json"]))
        if a.before:
            times["check (before)"].append(run([a.before, "check", "--root", root, "--format", "json"]))
    n = len(files)
    for k, v in times.items():
        if v:
            print(f"{k:16} median {statistics.median(v):.3f} s  (min {min(v):.3f}, max {max(v):.3f}, {len(v)} rounds)")
    print(f"files per locale: {n}; load average: {os.getloadavg()[0]:.1f}")

main()
