"""Command-line speed as a user meets it: start-up, `govkg build`, queries on a built graph.

    python benchmarks/cli_bench.py [--repeat N] [--root DIR] [--skip-build]

Each command runs in a fresh process (``python -m govkg.cli …``), N times (default 3); the
table shows the median wall time and the peak memory (max RSS) of the process. ``--root DIR``
runs another checkout of govkg (for example ``git archive <commit> | tar -x -C DIR``) with the
same Python, so that before/after figures come from the same machine in the same hour.
Commands that checkout does not have are shown as "n/a".
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(command: list[str], root: Path, cwd: Path) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, exit status) of one process."""
    environment = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "120"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss // 1024, process.returncode


def measure(label: str, command: list[str], root: Path, cwd: Path, repeat: int, rows: list) -> None:
    times, memory = [], []
    for _ in range(repeat):
        seconds, peak, status = run(command, root, cwd)
        if status != 0:
            rows.append((label, None, None))
            print(f"{label:55} n/a (exit {status})", flush=True)
            return
        times.append(seconds)
        memory.append(peak)
    median = statistics.median(times)
    rows.append((label, median, max(memory)))
    print(f"{label:55} {median:7.2f} s  (min {min(times):.2f}, {max(memory)} MB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--root", type=Path, default=HERE.parent, help="the govkg checkout to run")
    parser.add_argument("--skip-build", action="store_true", help="only start-up and queries (reuses an existing build)")
    args = parser.parse_args()
    root = args.root.resolve()
    python = sys.executable
    govkg = [python, "-m", "govkg.cli"]
    rows: list = []
    with tempfile.TemporaryDirectory(prefix="govkg-bench-") as scratch:
        cwd = Path(scratch)
        out = cwd / "out"
        print(f"govkg at {root}; {os.cpu_count()} cores; {args.repeat} runs each, median", flush=True)
        measure("python -c pass", [python, "-c", "pass"], root, cwd, args.repeat, rows)
        measure("govkg --help", [*govkg, "--help"], root, cwd, args.repeat, rows)
        measure("govkg build --help", [*govkg, "build", "--help"], root, cwd, args.repeat, rows)
        measure("govkg query --list", [*govkg, "query", "--list"], root, cwd, args.repeat, rows)
        if not args.skip_build:
            measure("govkg build (5 samples, --jobs 1)", [*govkg, "build", "--out", str(out), "--jobs", "1"], root, cwd, args.repeat, rows)
            measure("govkg build (5 samples, default jobs)", [*govkg, "build", "--out", str(out)], root, cwd, args.repeat, rows)
        if not (out / "corpus.json.gz").exists():  # an older checkout: no --jobs, no stored corpus
            run([*govkg, "build", "--out", str(out)], root, cwd)
        measure("govkg query burden (re-reads the 5 documents)", [*govkg, "query", "burden"], root, cwd, args.repeat, rows)
        measure("govkg query burden --from out", [*govkg, "query", "burden", "--from", str(out)], root, cwd, args.repeat, rows)
        measure("govkg agencies --from out", [*govkg, "agencies", "--from", str(out)], root, cwd, args.repeat, rows)
        measure("govkg query centrality --from out", [*govkg, "query", "centrality", "--from", str(out)], root, cwd, args.repeat, rows)
        measure("govkg cypher top_cooperating_agencies --from out",
                [*govkg, "cypher", "top_cooperating_agencies", "--from", str(out)], root, cwd, args.repeat, rows)
        measure("govkg sparql tasks_per_agency_by_role --from out",
                [*govkg, "sparql", "tasks_per_agency_by_role", "--from", str(out)], root, cwd, args.repeat, rows)


if __name__ == "__main__":
    main()
