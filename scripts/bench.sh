#!/usr/bin/env bash
# The benchmark, in one command: claw-lint against its peers on a folder of checkouts, plus the
# synthetic scaling trees. Prints Markdown tables (the ones in docs/benchmarks.md).
#
# Usage: scripts/bench.sh [--rounds N] [--no-slow] [--no-scaling] CHECKOUTS_DIR
#   CHECKOUTS_DIR holds one repository per subfolder (e.g. diffusers, keras, nanoGPT).
#
# It builds the release binary, makes a virtualenv under target/bench/ with the peers from PyPI
# (ruff, repo-review with sp-repo-review, and unless --no-slow pydoclint and interrogate, which
# are not installed when they will not run), writes the synthetic trees
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
[[ -x "$venv/bin/pip" ]] || python3 -m venv "$venv"
if [[ ! -f "$venv/installed" ]]; then
  "$venv/bin/pip" install --quiet ruff 'repo-review[cli]' sp-repo-review
  touch "$venv/installed"
fi
if [[ ${#slow[@]} -eq 0 && ! -f "$venv/installed-slow" ]]; then
  "$venv/bin/pip" install --quiet pydoclint interrogate
  touch "$venv/installed-slow"
fi
version() { "$venv/bin/pip" show "$1" | awk -v name="$1" '/^Version/{print name, $2}'; }
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

peers=("$("$venv/bin/ruff" --version)" "$(version repo-review)" "$(version sp-repo-review)")
[[ ${#slow[@]} -gt 0 ]] || peers+=("$(version pydoclint)" "$(version interrogate)")
line="claw-lint $("$bin" --version | awk '{print $2}')"
for peer in "${peers[@]}"; do line+=", $peer"; done
echo "$line"
echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/^Mem/{print $2}') GiB RAM, $(uname -sr)"
echo
python3 scripts/bench.py --claw "$bin" --venv "$venv" --rounds "$rounds" "${slow[@]}" \
  --scaling "${synth[@]}" -- "${trees[@]}"
