#!/usr/bin/env bash
# The `language: python` pre-commit route: a local hook whose only dependency is the claw-lint
# wheel (what a PyPI release gives users), so pre-commit installs a prebuilt binary in seconds
# instead of compiling it. Usage: .ci/check-python-hook.sh path/to/claw_lint-*.whl
set -euo pipefail
wheel="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
repo="$work/repo"
mkdir -p "$repo/tinynet"
cd "$repo"
git init -q
printf '# tinynet\n\nA tiny network for CIFAR-10 experiments.\n' > README.md
printf '"""A tiny model."""\n' > tinynet/__init__.py
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: local
    hooks:
      - id: claw-lint
        name: claw-lint
        entry: claw-lint
        language: python
        additional_dependencies: ["$wheel"]
        pass_filenames: false
        always_run: true
YAML
git add -A
if pre-commit run --all-files --color never > "$work/bad.log" 2>&1; then
  cat "$work/bad.log"
  echo "python hook: expected a failure on a repository without CONTRIBUTING and LICENSE" >&2
  exit 1
fi
grep -q "missing-contributing" "$work/bad.log" || { cat "$work/bad.log"; exit 1; }
printf '# Contributing\n\n## Setup\n\n    pip install -e .\n\n## Tests\n\n    pytest\n' > CONTRIBUTING.md
printf 'MIT License\n' > LICENSE
git add -A
pre-commit run --all-files --color never > "$work/good.log" 2>&1 || { cat "$work/good.log"; exit 1; }
echo "python hook: fails on the bare repository, passes once CONTRIBUTING and LICENSE exist"
