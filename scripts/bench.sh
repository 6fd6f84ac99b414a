#!/usr/bin/env bash
# Benchmark: wall time and peak memory of a full scan, release build, on the given checkouts.
# Usage: scripts/bench.sh PATH [PATH...]   (e.g. a diffusers checkout)
# Speed is measured here, never in a timed test. Each target is scanned 3 times after one warm-up.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/claw-lint"
for target in "$@"; do
  files=$(git -C "$target" ls-files 2>/dev/null | wc -l || echo "?")
  "$bin" --isolated --format json --exit-zero "$target" >/dev/null
  for run in 1 2 3; do
    /usr/bin/time -f "%e s wall, %M KiB peak" "$bin" --isolated --format json --exit-zero "$target" 2>&1 >/dev/null \
      | sed "s|^|$(basename "$target") ($files tracked files) run $run: |"
  done
  for threads in 1 2; do
    /usr/bin/time -f "%e s wall, %M KiB peak" "$bin" --isolated --threads "$threads" --format json --exit-zero "$target" 2>&1 >/dev/null \
      | sed "s|^|$(basename "$target") --threads $threads: |"
  done
done
