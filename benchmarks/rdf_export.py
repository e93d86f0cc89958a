"""RDF export throughput: triples per second for building the quads and writing Turtle at about
10⁴, 10⁵ and 10⁶ triples, with pyoxigraph (the bulk path) and, up to 10⁵, rdflib. "end to
end" is triples / (building + writing Turtle), the figure issue 14 sets a target for.

    python benchmarks/rdf_export.py [--no-rdflib]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_corpus  # noqa: E402
from graph_builder.emit import rdf  # noqa: E402

# Tasks that give roughly 10^4, 10^5 and 10^6 triples (about 85 triples per task).
SIZES = [(200, 120), (1000, 1200), (3000, 12000)]


def main() -> None:
    print(f"{'triples':>10} {'build quads':>12} {'oxigraph ttl':>13} {'triples/s':>12} {'end to end/s':>13} {'rdflib ttl':>11} {'triples/s':>12}")
    for agencies, tasks in SIZES:
        corpus = synthetic_corpus(agencies, tasks)
        start = time.perf_counter()
        quads = rdf.quads(corpus, named_graphs=False)
        built = time.perf_counter() - start
        start = time.perf_counter()
        data = rdf.serialize(quads, "ttl")
        oxigraph = time.perf_counter() - start
        rdflib_cell = rdflib_rate = "-"
        if len(quads) <= 200_000 and "--no-rdflib" not in sys.argv:
            start = time.perf_counter()
            rdf.serialize_rdflib(quads, "ttl")
            seconds = time.perf_counter() - start
            rdflib_cell, rdflib_rate = f"{seconds:.2f}s", f"{len(quads) / seconds:,.0f}"
        end_to_end = len(quads) / (built + oxigraph)
        print(f"{len(quads):>10,} {built:>11.2f}s {oxigraph:>12.2f}s {len(quads) / oxigraph:>12,.0f} {end_to_end:>13,.0f} {rdflib_cell:>11} {rdflib_rate:>12}  ({len(data) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
