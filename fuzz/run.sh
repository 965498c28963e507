#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 150), two at a time, from the seeds in
# fuzz/seeds/<target>/ plus what earlier runs found (fuzz/corpus/<target>/, not committed).
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 enables them on the stable toolchain.
#   cargo install cargo-fuzz && fuzz/run.sh 300
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-150}
targets=(front_matter placeholders links clause_numbers)
for t in "${targets[@]}"; do mkdir -p "fuzz/corpus/$t"; done
run() {
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$1" "fuzz/corpus/$1" "fuzz/seeds/$1" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -print_final_stats=1 > "fuzz/$1.log" 2>&1 \
    && echo "$1: no crash ($(grep -c . "fuzz/corpus/$1" -r -l | wc -l) corpus files)" \
    || { echo "$1: FAILED, see fuzz/$1.log and fuzz/artifacts/$1/"; return 1; }
}
status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" & a=$!
  run "${targets[i+1]}" & b=$!
  wait $a || status=1
  wait $b || status=1
done
exit $status
