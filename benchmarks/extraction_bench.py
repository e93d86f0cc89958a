"""Extraction speed: documents/s and MB/s of read + parse on one core.

    python benchmarks/extraction_bench.py [N] [FILES...]

Reads each file once (the bundled corpus by default) and parses it N times over (default: until
100 documents), so the figure is the engine's, not the disk's. Prints one line per size.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_builder.ingest import read_source  # noqa: E402
from graph_builder.parse import ParseError, parse_source  # noqa: E402
from graph_builder.pipeline import bundled_corpus  # noqa: E402


def run(paths: list[Path], documents: int) -> tuple[float, float, int]:
    sources = [read_source(p) for p in paths]
    size = [sum(len(line.encode("utf-8")) + 1 for line in s.lines) for s in sources]
    parsed = failed = 0
    nbytes = 0
    start = time.perf_counter()
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
    elapsed = time.perf_counter() - start
    return (parsed + failed) / elapsed, nbytes / elapsed / 1e6, failed


def main() -> None:
    args = sys.argv[1:]
    documents = int(args.pop(0)) if args and args[0].isdigit() else 100
    paths = [Path(a) for a in args] or bundled_corpus()
    run(paths, min(10, documents))  # warm the caches (OpenCC, rules)
    rate, mbs, failed = run(paths, documents)
    print(f"extraction: {documents} documents from {len(paths)} files: {rate:.1f} documents/s, {mbs:.2f} MB/s, "
          f"{1000 / rate:.1f} ms a document ({failed} without a task)")


if __name__ == "__main__":
    main()
