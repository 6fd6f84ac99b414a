#!/usr/bin/env python3
"""Writes a synthetic ML repository of N files for the scaling benchmark.

About 80% of the files are Python modules with classes and functions documented in the Google and
NumPy styles (some parameters well described, some vague, some missing), 10% Markdown and 10%
YAML, spread over nested packages, plus the community files a real project has. The tree is a
pure function of (N, seed), so every run and every machine scans the same bytes.

Usage: synth_tree.py N OUT_DIR [--seed S]
"""

import argparse
import os
import random

NAMES = ["hidden_size", "num_layers", "dropout", "learning_rate", "eps", "momentum", "batch_size",
         "temperature", "mode", "padding", "weight_decay", "num_heads", "vocab_size", "max_len",
         "activation", "reduction", "beta1", "seed", "device", "dtype", "path", "name", "scale"]
TYPES = ["int", "float", "str", "bool", "torch.Tensor", "Optional[int]", "list[int]", "dict"]
GOOD = ["Probability of zeroing an element during training, in [0, 1).",
        "Number of transformer blocks stacked in the encoder; 12 for the base model.",
        "Small constant added to the variance to avoid division by zero, typically 1e-5.",
        "Step size of the optimizer; 1e-4 is a good start for fine-tuning.",
        "One of 'mean', 'sum' or 'none': how the per-element losses are reduced.",
        "Input of shape (batch, seq_len, hidden_size)."]
VAGUE = ["The {name}.", "{name} value.", "Input tensor.", "Optional.", "The {name} to use."]
WORDS = ("model training data loader layer attention encoder decoder batch tensor gradient "
         "optimizer schedule checkpoint metric evaluation token embedding config").split()


def sentence(rng, n=8):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def describe(rng, name):
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(GOOD)
    if roll < 0.85:
        return rng.choice(VAGUE).format(name=name)
    return ""


def function(rng, indent, style, method):
    name = "_".join(rng.sample(WORDS, 2))
    params = rng.sample(NAMES, rng.randint(1, 6))
    # Parameters with a default come last, as Python requires.
    required = rng.randint(0, len(params))
    args = (["self"] if method else []) + [
        f"{p}: {rng.choice(TYPES)}" + (" = None" if i >= required else "")
        for i, p in enumerate(params)]
    pad = " " * indent
    out = [f"{pad}def {name}({', '.join(args)}):"]
    body = pad + "    "
    out.append(f'{body}"""{sentence(rng)}')
    out.append("")
    if style == "google":
        out.append(f"{body}Args:")
        for p in params:
            if rng.random() < 0.9:
                out.append(f"{body}    {p} ({rng.choice(TYPES)}): {describe(rng, p)}")
        out.append("")
        out.append(f"{body}Returns:")
        out.append(f"{body}    {sentence(rng, 5)}")
    else:
        out.append(f"{body}Parameters")
        out.append(f"{body}----------")
        for p in params:
            if rng.random() < 0.9:
                out.append(f"{body}{p} : {rng.choice(TYPES)}")
                out.append(f"{body}    {describe(rng, p)}")
    out.append(f'{body}"""')
    for _ in range(rng.randint(2, 12)):
        out.append(f"{body}{rng.choice(params)} = {rng.choice(params)}  # {sentence(rng, 4)}")
    out.append(f"{body}return {params[0]}")
    out.append("")
    return out


def python_module(rng):
    style = rng.choice(["google", "numpy"])
    lines = [f'"""{sentence(rng)}"""', "", "import torch", "from typing import Optional", ""]
    for _ in range(rng.randint(1, 4)):
        lines += function(rng, 0, style, False)
    for _ in range(rng.randint(0, 2)):
        cls = "".join(w.capitalize() for w in rng.sample(WORDS, 2))
        lines += [f"class {cls}(torch.nn.Module):", f'    """{sentence(rng)}"""', ""]
        for _ in range(rng.randint(1, 4)):
            lines += function(rng, 4, style, True)
    return "\n".join(lines) + "\n"


def markdown(rng):
    parts = [f"# {sentence(rng, 3)}", ""]
    for _ in range(rng.randint(2, 6)):
        parts += [f"## {sentence(rng, 2)}", "", sentence(rng, 20), "", "```bash",
                  "pip install -e .", "pytest tests/", "```", ""]
    return "\n".join(parts)


def yaml(rng):
    lines = [f"name: {rng.choice(WORDS)}", "model:"]
    for p in rng.sample(NAMES, 6):
        lines.append(f"  {p}: {rng.randint(1, 1024)}")
    lines += ["optimizer:", f"  lr: {rng.choice(['1e-4', '3e-4', '0.01'])}", "data:",
              f"  batch_size: {rng.choice([8, 16, 32])}", ""]
    return "\n".join(lines)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = args.out
    fixed = {
        "README.md": "# synth\n\nA synthetic ML library. See [CONTRIBUTING](CONTRIBUTING.md).\n",
        "CONTRIBUTING.md": "# Contributing\n\n## Setup\n\n```bash\npip install -e .\n```\n\n"
                           "## Tests\n\n```bash\npytest tests\n```\n",
        "LICENSE": "MIT License\n",
        "pyproject.toml": '[project]\nname = "synth"\nversion = "0.1.0"\n'
                          'dependencies = ["torch"]\n',
    }
    for rel, text in fixed.items():
        write(root, rel, text)
    for i in range(max(0, args.count - len(fixed))):
        package = f"synth/pkg{i // 400:03d}/sub{(i // 40) % 10}"
        roll = rng.random()
        if roll < 0.8:
            folder = "tests" if i % 10 == 0 else package
            prefix = "test_" if folder == "tests" else "mod_"
            write(root, f"{folder}/{prefix}{i:06d}.py", python_module(rng))
        elif roll < 0.9:
            write(root, f"docs/{package[6:]}/page{i:06d}.md", markdown(rng))
        else:
            write(root, f"configs/{package[6:]}/run{i:06d}.yaml", yaml(rng))


if __name__ == "__main__":
    main()
