#!/usr/bin/env bash
# Builds one corpus with several clause binaries, interleaved: every round runs each binary
# once, the order reversed every other round, so the machine's drift (±10 % a minute here)
# falls on all of them alike. Prints one line per run and the medians.
#
#   bench/interleaved.sh ROUNDS CORPUS BIN...      # CORPUS: a gen_corpus.py --out folder
#
# OUT (default /dev/shm/clause-bench): where the builds write, each run into a new folder
# OUT/r<round>-<binary>, removed after it. KEEP=1 keeps every run's folder until the end, as
# measuring on ext4 needs: removing a build's tens of thousands of files makes file creation
# scan the inode tables for recently deleted inodes for the next few minutes (the kernel's
# `recently_deleted`), which made builds 5-15x slower and their times meaningless. So on the
# disk, leave five minutes after a large removal before measuring, and have room for every
# run's output (1.7 GB a run of the --versions 3 corpus). `sync` runs before every build.
set -euo pipefail
rounds=$1 corpus=$2
shift 2
bins=("$@")
out=${OUT:-/dev/shm/clause-bench}
log=$(mktemp)
mkdir -p "$out"
for r in $(seq 1 "$rounds"); do
    order=("${bins[@]}")
    if (( r % 2 == 0 )); then
        order=()
        for (( i = ${#bins[@]} - 1; i >= 0; i-- )); do order+=("${bins[$i]}"); done
    fi
    for b in "${order[@]}"; do
        name=$(basename "$b")
        sync
        /usr/bin/time -f "%e %M %U %S" -o "$log.run" "$b" build --root "$corpus/clause" \
            --out "$out/r$r-$name" --as-of 2026-12-06 >/dev/null
        echo "$r $name $(cat "$log.run")" | tee -a "$log"
        [[ -n ${KEEP:-} ]] || rm -rf "${out:?}/r$r-$name"
    done
done
echo "--- medians: binary, wall s (min-max), peak RSS MB, user+sys CPU s"
for b in "${bins[@]}"; do
    name=$(basename "$b")
    awk -v n="$name" '$2 == n { print $3, $4, $5 + $6 }' "$log" | python3 -c '
import statistics as st, sys
rows = [list(map(float, l.split())) for l in sys.stdin]
wall = [r[0] for r in rows]
print(sys.argv[1], "%.3f (%.2f-%.2f)" % (st.median(wall), min(wall), max(wall)),
      "%.1f" % (st.median(r[1] for r in rows) / 1024), "%.2f" % st.median(r[2] for r in rows))' "$name"
done
rm -rf "$out" "$log" "$log.run"
