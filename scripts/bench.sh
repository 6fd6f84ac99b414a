#!/usr/bin/env bash
# The benchmark, in one command: claw-lint against its peers on a folder of checkouts, plus the
# synthetic scaling trees. Prints Markdown tables (the ones in docs/benchmarks.md).
#
# Usage: scripts/bench.sh [--rounds N] [--no-slow] [--no-scaling] CHECKOUTS_DIR
#   CHECKOUTS_DIR holds one repository per subfolder (e.g. diffusers, keras, nanoGPT).
#
# It builds the release binary, makes a virtualenv under target/bench/ with the peers from PyPI
# (ruff, pydoclint, interrogate, repo-review with sp-repo-review), writes the synthetic trees
# (1k, 10k and 100k files, fixed seed) under target/bench/, and times an empty folder, every
# checkout and the synthetic trees. Speed is measured here, never in a timed test.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=7 slow=() scaling=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --no-slow) slow=(--no-slow); shift ;;
    --no-scaling) scaling=0; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[[ $# -eq 1 && -d "$1" ]] || { echo "usage: $0 [--rounds N] [--no-slow] [--no-scaling] CHECKOUTS_DIR" >&2; exit 2; }
checkouts="$(cd "$1" && pwd)"

work="$PWD/target/bench"
mkdir -p "$work"
cargo build --release --quiet
bin="$PWD/target/release/claw-lint"

venv="$work/venv"
if [[ ! -f "$venv/installed" ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet ruff pydoclint interrogate 'repo-review[cli]' sp-repo-review
  touch "$venv/installed"
fi
command -v hyperfine >/dev/null || echo "note: hyperfine is not needed; timings come from scripts/bench.py" >&2

empty="$work/empty"
mkdir -p "$empty"
trees=("$empty")
for d in "$checkouts"/*/; do trees+=("${d%/}"); done

synth=()
if [[ $scaling -eq 1 ]]; then
  for n in 1000 10000 100000; do
    dir="$work/synth-$n"
    [[ -d "$dir" ]] || python3 scripts/synth_tree.py "$n" "$dir"
    synth+=("$dir")
  done
fi

echo "claw-lint $("$bin" --version | awk '{print $2}'), $("$venv/bin/ruff" --version)," \
  "pydoclint $("$venv/bin/pip" show pydoclint | awk '/^Version/{print $2}')," \
  "interrogate $("$venv/bin/pip" show interrogate | awk '/^Version/{print $2}')," \
  "repo-review $("$venv/bin/pip" show repo-review | awk '/^Version/{print $2}')," \
  "sp-repo-review $("$venv/bin/pip" show sp-repo-review | awk '/^Version/{print $2}')"
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/^Mem/{print $2}') GiB RAM, $(uname -sr)"
echo
python3 scripts/bench.py --claw "$bin" --venv "$venv" --rounds "$rounds" "${slow[@]}" \
  --scaling "${synth[@]}" -- "${trees[@]}"
