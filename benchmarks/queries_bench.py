"""Time of the full query set (burden, centrality, brokerage, communities, pairs) on the
bundled corpus and on a generated corpus of 5,000 agencies and 200,000 tasks.

    python benchmarks/queries_bench.py [--small]   # --small: 1,000 agencies / 20,000 tasks

Wall and CPU time per step (CPU time of this process, all threads: steadier than wall time on
a shared machine, as long as the libraries run on one core).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_corpus  # noqa: E402
from graph_builder.pipeline import load_corpus  # noqa: E402
from queries import Filters, View, brokerage, burden, centrality, communities, lead_pairs, shared_pairs  # noqa: E402

STEPS = [
    ("view", lambda corpus, view: View.from_corpus(corpus, Filters())),
    ("one-mode projection (sparse)", lambda corpus, view: view.one_mode_edges),
    ("burden", lambda corpus, view: burden(view)),
    ("centrality (igraph)", lambda corpus, view: centrality(view)),
    ("pairs", lambda corpus, view: shared_pairs(view)),
    ("lead pairs", lambda corpus, view: lead_pairs(view)),
    ("brokerage", lambda corpus, view: brokerage(view)),
    ("communities (Louvain)", lambda corpus, view: communities(view)),
]


def run(name: str, corpus) -> None:
    print(f"\n{name}: {len(corpus.tasks):,} tasks, {len(corpus.resolution.agencies):,} agencies")
    total = cpu_total = 0.0
    view = None
    print(f"  {'':32} {'wall':>8}   {'CPU':>8}")
    for label, step in STEPS:
        start, cpu_start = time.perf_counter(), time.process_time()
        result = step(corpus, view)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        total += seconds
        cpu_total += cpu
        if label == "view":
            view = result
        print(f"  {label:32} {seconds:8.2f} s {cpu:8.2f} s")
    edges = len(view.one_mode_edges[0])
    print(f"  {'total':32} {total:8.2f} s {cpu_total:8.2f} s   ({edges:,} co-involvement ties)")


def main() -> None:
    corpus, _ = load_corpus()
    run("bundled corpus", corpus)
    agencies, tasks = (1000, 20000) if "--small" in sys.argv else (5000, 200_000)
    start = time.perf_counter()
    generated = synthetic_corpus(agencies, tasks)
    print(f"\n(generated corpus built in {time.perf_counter() - start:.1f} s)")
    run("generated corpus", generated)


if __name__ == "__main__":
    main()
