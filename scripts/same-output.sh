#!/usr/bin/env bash
# Proves a refactoring left behaviour unchanged: the JSON report of a full scan, minus the timing
# field `elapsed_ms` and the `root` as it was spelled on the command line, must be byte-identical
# between a baseline and the current dev build.
#
# Usage: scripts/same-output.sh BASELINE CHECKOUT [CHECKOUT...]
#   BASELINE  a claw-lint binary built from the commit before the change, or a directory of JSON
#             reports it wrote earlier, one `<checkout name>.json` per checkout (saves rescanning)
#   CHECKOUT  a repository to scan (e.g. clones of diffusers, keras, pytorch-lightning, nanoGPT,
#             llama.cpp)
# Exits 1 and prints the diff when any report differs.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n 2,11p "$0"; exit 2; }
baseline=$1
shift
cargo build --quiet
current="$PWD/target/debug/claw-lint"
volatile='"elapsed_ms":|^  "root":'
scan() { "$1" --isolated --format json --exit-zero "$2" | grep -Ev "$volatile"; }
status=0
for checkout in "$@"; do
  name=$(basename "$checkout")
  if [ -d "$baseline" ]; then
    old=$(grep -Ev "$volatile" "$baseline/$name.json")
  else
    old=$(scan "$baseline" "$checkout")
  fi
  if diff <(printf '%s\n' "$old") <(scan "$current" "$checkout") >"${TMPDIR:-/tmp}/same-output.$$.diff"; then
    echo "same: $name"
  else
    echo "DIFFERENT: $name"
    head -n 40 "${TMPDIR:-/tmp}/same-output.$$.diff"
    status=1
  fi
  rm -f "${TMPDIR:-/tmp}/same-output.$$.diff"
done
exit $status
