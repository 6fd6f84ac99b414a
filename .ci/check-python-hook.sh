#!/usr/bin/env bash
# The `language: python` pre-commit route: a local hook whose only dependency is the claw-lint
# wheel (what a PyPI release gives users), so pre-commit installs a prebuilt binary in seconds
# instead of compiling it. Usage: .ci/check-python-hook.sh path/to/claw_lint-*.whl
set -euo pipefail
wheel="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
# Resolved before the cd below: $0 may be a relative path.
readme="$(cd "$(dirname "$0")/.." && pwd)/README.md"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/pre-commit-home"
repo="$work/repo"
mkdir -p "$repo/tinynet"
cd "$repo"
git init -q
printf '# tinynet\n\nA tiny network for CIFAR-10 experiments.\n' > README.md
printf '"""A tiny model."""\n' > tinynet/__init__.py
# The README's `language: python` snippet exactly as written, only the PyPI pin replaced by the wheel.
python3 - "$readme" "$wheel" > .pre-commit-config.yaml <<'PY'
import re, sys
readme, wheel = open(sys.argv[1]).read(), sys.argv[2]
after = readme[readme.index("**Faster: `language: python` with the wheel.**"):]
snippet = re.search(r"```yaml\n(.*?)```", after, re.S).group(1)
assert '"claw-lint==' in snippet, "the README snippet no longer pins the wheel"
print(re.sub(r'"claw-lint==[^"]*"', '"' + wheel + '"', snippet), end="")
PY
git add -A
if pre-commit run --all-files --color never > "$work/bad.log" 2>&1; then
  cat "$work/bad.log"
  echo "python hook: expected a failure on a repository without CONTRIBUTING and LICENSE" >&2
  exit 1
fi
grep -q "missing-contributing" "$work/bad.log" || { cat "$work/bad.log"; exit 1; }
printf '# Contributing\n\n## Setup\n\n    pip install -e .\n\n## Tests\n\n    pytest\n' > CONTRIBUTING.md
printf 'MIT License\n' > LICENSE
# The docs hook fails on a vague parameter doc (a warning: the snippet's --fail-on warning) ...
cat > tinynet/layers.py <<'PY'
def dropout(x, rate=0.1):
    """Apply dropout.

    Args:
        x: The input.
        rate: The rate.
    """
    return x
PY
git add -A
if pre-commit run claw-lint-docs --all-files --color never > "$work/docs.log" 2>&1; then
  cat "$work/docs.log"
  echo "python docs hook: expected a failure on a vague parameter doc" >&2
  exit 1
fi
# ... and passes once the doc says what the value means.
cat > tinynet/layers.py <<'PY'
def dropout(x, rate=0.1):
    """Apply dropout.

    Args:
        x: Activations of shape (batch, features).
        rate: Probability of zeroing each element, in [0, 1); 0 disables dropout.
    """
    return x
PY
git add -A
pre-commit run --all-files --color never > "$work/good.log" 2>&1 || { cat "$work/good.log"; exit 1; }
echo "python hooks (README snippet): fail on the bare repository and on a vague doc, pass once fixed"
