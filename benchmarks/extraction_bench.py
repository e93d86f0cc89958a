"""Extraction speed: documents/s and MB/s of read + parse on one core.

    python benchmarks/extraction_bench.py [N] [FILES...]
    python benchmarks/extraction_bench.py --generated [SIZES...]      (default 100 1000)

Reads each file once (the bundled corpus by default) and parses it N times over (default: until
100 documents), so the figure is the engine's, not the disk's. With ``--generated`` it reads
and parses that many distinct generated documents (``generated_corpus.py``, every layout, one in
eight in traditional script) for each size, and prints the scaling exponent (time ~ n^k: k = 1
is linear). Wall-clock figures, and the same in CPU time (other jobs on a shared machine count
less there; ``extraction_cpu.py`` is the fairer before/after).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_builder.ingest import read_source  # noqa: E402
from graph_builder.parse import ParseError, parse_source  # noqa: E402
from graph_builder.pipeline import bundled_corpus  # noqa: E402


def run(paths: list[Path], documents: int) -> tuple[float, float, int, float]:
    sources = [read_source(p) for p in paths]
    size = [sum(len(line.encode("utf-8")) + 1 for line in s.lines) for s in sources]
    parsed = failed = 0
    nbytes = 0
    start, cpu = time.perf_counter(), time.process_time()
    while parsed + failed < documents:
        for source, length in zip(sources, size):
            try:
                parse_source(source)
                parsed += 1
            except ParseError:
                failed += 1
            nbytes += length
            if parsed + failed >= documents:
                break
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return (parsed + failed) / elapsed, nbytes / elapsed / 1e6, failed, (parsed + failed) / cpu


def run_generated(sizes: list[int]) -> None:
    import math

    from benchmarks.generated_corpus import generate
    from graph_builder.ingest import source_from_bytes

    run(bundled_corpus(), 10)  # warm the caches
    points = []
    for size in sizes:
        documents = [(d.name, d.text.encode("utf-8")) for d in generate(size, seed=size)]
        nbytes = sum(len(data) for _, data in documents)
        start, cpu = time.perf_counter(), time.process_time()
        failed = 0
        for name, data in documents:
            try:
                parse_source(source_from_bytes(data, name))
            except ParseError:
                failed += 1
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        points.append((size, elapsed))
        print(f"extraction, generated: {size} documents ({nbytes / 1e6:.1f} MB): {size / elapsed:.1f} documents/s, "
              f"{nbytes / elapsed / 1e6:.2f} MB/s ({failed} without a task); CPU time: {size / cpu:.1f} documents/s")
    if len(points) > 1:
        (n0, t0), (n1, t1) = points[0], points[-1]
        print(f"scaling exponent from {n0} to {n1} documents: {math.log(t1 / t0) / math.log(n1 / n0):.2f} (1.00 is linear)")


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--generated":
        run_generated([int(a) for a in args[1:]] or [100, 1000])
        return
    documents = int(args.pop(0)) if args and args[0].isdigit() else 100
    paths = [Path(a) for a in args] or bundled_corpus()
    run(paths, min(10, documents))  # warm the caches (OpenCC, rules)
    rate, mbs, failed, cpu_rate = run(paths, documents)
    print(f"extraction: {documents} documents from {len(paths)} files: {rate:.1f} documents/s, {mbs:.2f} MB/s, "
          f"{1000 / rate:.1f} ms a document ({failed} without a task); CPU time: {cpu_rate:.1f} documents/s")


if __name__ == "__main__":
    main()
