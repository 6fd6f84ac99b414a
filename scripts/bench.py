#!/usr/bin/env python3
"""Times claw-lint and its peers on a set of trees and prints Markdown tables.

Each round runs every command once, in an order shuffled per round, so that a machine busy
with other work slows both sides alike and their ratio holds; one warm-up round comes first.
Wall time is measured around spawn and wait; peak RSS is the child's ru_maxrss from wait4
(what `/usr/bin/time -v` reports). Reported: the median and the min-max over the rounds.

Called by scripts/bench.sh, which builds the binary and installs the peers.
"""

import argparse
import os
import random
import statistics
import time


class Together:
    """Copies of one command started at once: the host's own ceiling for running two
    single-threaded scans side by side (no shared memory, no locks, no work stealing), against
    which the `--threads 2` speedup is read."""

    def __init__(self, argv, copies):
        self.argvs = [argv] * copies


def run_once(argv):
    """Runs argv (or every command of a `Together`, at once) with its input and output on
    /dev/null; returns (seconds until the last exits, largest peak RSS in MiB).

    posix_spawn (vfork and exec) rather than subprocess.Popen, whose fork and descriptor
    bookkeeping added about a millisecond to every run: on an empty folder that was a fifth of
    the time measured. The "harness" row of the tables (`true`, spawned the same way) shows what
    is left of it.
    """
    null = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
        argvs = argv.argvs if isinstance(argv, Together) else [argv]
        start = time.perf_counter()
        pids = [os.posix_spawnp(a[0], a, os.environ, file_actions=actions) for a in argvs]
        peak = max(os.wait4(pid, 0)[2].ru_maxrss for pid in pids)
        elapsed = time.perf_counter() - start
    finally:
        os.close(null)
    return elapsed, peak / 1024


def measure(commands, rounds):
    """Alternates the commands for `rounds` rounds after a warm-up; returns name -> samples.

    Each round runs every command once, in an order shuffled per round (fixed seed): in a fixed
    order the command after repo-review (a Python process) was always the one slowed, by 2-3 ms
    on an empty folder, so a place in the order showed up as a difference between tools.
    """
    samples = {name: [] for name, _ in commands}
    for _, argv in commands:
        run_once(argv)
    order = random.Random(20261202)
    for _ in range(rounds):
        for name, argv in order.sample(commands, len(commands)):
            samples[name].append(run_once(argv))
    return samples


def fmt_time(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.3f} s"


def summary(values):
    times = [t for t, _ in values]
    rss = max(m for _, m in values)
    return statistics.median(times), min(times), max(times), rss


def count_files(tree):
    total = py = 0
    for folder, dirs, files in os.walk(tree):
        dirs[:] = [d for d in dirs if d != ".git"]
        total += len(files)
        py += sum(f.endswith(".py") for f in files)
    return total, py


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claw", required=True, help="the claw-lint binary")
    parser.add_argument("--venv", required=True, help="virtualenv holding the peers")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--slow-rounds", type=int, default=1,
                        help="rounds for the slow peers (pydoclint, interrogate)")
    parser.add_argument("--no-slow", action="store_true", help="skip pydoclint and interrogate")
    parser.add_argument("--scaling", nargs="*", default=[], help="synthetic trees, smallest first")
    parser.add_argument("trees", nargs="*")
    args = parser.parse_args()
    claw = [args.claw, "--isolated", "--format", "json", "--exit-zero"]
    peer = lambda tool: os.path.join(args.venv, "bin", tool)  # noqa: E731
    ruff = [peer("ruff"), "check", "--no-cache", "--isolated", "--select", "D417", "--exit-zero",
            "--quiet"]
    floor = lambda tree: ["sh", "-c", 'find -H "$1" -type f -not -path "*/.git/*" -print0 '  # noqa: E731
                          '| xargs -0 cat > /dev/null', "sh", tree]

    harness = summary(measure([("true", ["true"])], args.rounds)["true"])
    print(f"Harness: spawning `true` the same way takes {fmt_time(harness[0])} "
          f"({fmt_time(harness[1])}–{fmt_time(harness[2])}); every cell below includes it.")
    print("Host ceiling: twice the `--threads 1` time over the time two `--threads 1` scans "
          "started at once take, the most two threads could give on this host.")
    print()
    print("| tree | files (.py) | claw-lint | `--threads 1` | `--threads 2` | 2 vs 1 thread "
          "| host ceiling | ruff D417 | claw / ruff | peak RSS claw / ruff | read every byte "
          "| repo-review |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    slow_rows = []
    for tree in args.trees:
        name = os.path.basename(os.path.normpath(tree)) or tree
        total, py = count_files(tree)
        commands = [
            ("claw", claw + [tree]),
            ("ruff", ruff + [tree]),
            ("claw1", claw + ["--threads", "1", tree]),
            ("claw2", claw + ["--threads", "2", tree]),
            ("pair", Together(claw + ["--threads", "1", tree], 2)),
            ("floor", floor(tree)),
            ("review", [peer("repo-review"), "--format", "json", tree]),
        ]
        s = {k: summary(v) for k, v in measure(commands, args.rounds).items()}
        ratio = s["claw"][0] / s["ruff"][0] if s["ruff"][0] else float("nan")
        speedup = s["claw1"][0] / s["claw2"][0]
        # Two one-thread scans at once do twice the work: what two threads could give here.
        ceiling = 2 * s["claw1"][0] / s["pair"][0]
        cell = lambda k: f"{fmt_time(s[k][0])} ({fmt_time(s[k][1])}–{fmt_time(s[k][2])})"  # noqa: E731
        print(f"| {name} | {total} ({py}) | {cell('claw')} | {cell('claw1')} | {cell('claw2')} "
              f"| {speedup:.2f}× | {ceiling:.2f}× | {cell('ruff')} | {ratio:.2f}× "
              f"| {s['claw'][3]:.0f} / {s['ruff'][3]:.0f} MiB | {fmt_time(s['floor'][0])} "
              f"| {fmt_time(s['review'][0])} |")
        if not args.no_slow and py:
            slow = measure([
                ("pydoclint", [peer("pydoclint"), "--quiet", tree]),
                ("interrogate", [peer("interrogate"), "--quiet", "--fail-under", "0", tree]),
            ], args.slow_rounds)
            slow_rows.append((name, {k: summary(v) for k, v in slow.items()}))
    if slow_rows:
        print()
        print("| tree | pydoclint | interrogate |")
        print("|---|---|---|")
        for name, s in slow_rows:
            print(f"| {name} | {fmt_time(s['pydoclint'][0])} ({s['pydoclint'][3]:.0f} MiB) "
                  f"| {fmt_time(s['interrogate'][0])} ({s['interrogate'][3]:.0f} MiB) |")
    if args.scaling:
        print()
        print("| synthetic tree | files | claw-lint | per 1k files | peak RSS | ruff D417 "
              "| claw / ruff |")
        print("|---|---|---|---|---|---|---|")
        for tree in args.scaling:
            total, _ = count_files(tree)
            rounds = max(1, args.rounds if total <= 20000 else args.rounds // 2)
            s = {k: summary(v) for k, v in measure(
                [("claw", claw + [tree]), ("ruff", ruff + [tree])], rounds).items()}
            print(f"| {os.path.basename(tree)} | {total} | {fmt_time(s['claw'][0])} "
                  f"| {fmt_time(s['claw'][0] / total * 1000)} | {s['claw'][3]:.0f} MiB "
                  f"| {fmt_time(s['ruff'][0])} | {s['claw'][0] / s['ruff'][0]:.2f}× |")


if __name__ == "__main__":
    main()
