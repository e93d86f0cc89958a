"""Extraction CPU time per document, for this checkout and others, in interleaved rounds, so
that a before/after comparison is fair on a machine whose load changes from minute to minute.

    python benchmarks/extraction_cpu.py [--rounds N] [ROOT ...]

Each ROOT is a checkout (``git worktree add /tmp/old COMMIT``); this one is always measured.
Every round runs each checkout in a fresh process: read the bundled corpus 8 times over
(40 documents), then parse it, timing each with ``process_time``; the best round is kept.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

ONE_RUN = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from graph_builder.ingest import read_source
from graph_builder.parse import parse_source
from graph_builder.pipeline import bundled_corpus
paths = bundled_corpus()
for p in paths: parse_source(read_source(p))  # warm the caches (OpenCC, rules)
t0 = time.process_time(); sources = [read_source(p) for p in paths * 8]; t1 = time.process_time()
for s in sources: parse_source(s)
t2 = time.process_time()
print(len(sources), t1 - t0, t2 - t1)
"""


def main() -> None:
    args = sys.argv[1:]
    rounds = 5
    if "--rounds" in args:
        at = args.index("--rounds")
        rounds = int(args[at + 1])
        del args[at : at + 2]
    roots = [str(HERE.parent)] + [str(Path(a).resolve()) for a in args]
    best: dict[str, tuple[float, float, int]] = {}
    for _ in range(rounds):
        for root in roots:
            out = subprocess.run([sys.executable, "-c", ONE_RUN, root], capture_output=True, text=True, check=True).stdout.split()
            count, read, parse = int(out[0]), float(out[1]), float(out[2])
            if root not in best or read + parse < sum(best[root][:2]):
                best[root] = (read, parse, count)
    for root, (read, parse, count) in best.items():
        print(f"{root}: read {1000 * read / count:.1f} ms, parse {1000 * parse / count:.1f} ms a document; "
              f"{count / (read + parse):.0f} documents/s (best of {rounds} rounds)")


if __name__ == "__main__":
    main()
