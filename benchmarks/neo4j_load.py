"""Load throughput (relationships per second) into a Bolt server (ArcadeDB, started here on a
free loopback port) through the Neo4j loader, and into embedded LadybugDB through COPY, at about
10⁴, 10⁵ and 10⁶ relationships.

    python benchmarks/neo4j_load.py [--max 1000000] [--bolt-max 100000]

The Bolt path is row-by-row MERGE over the network and is measured up to ``--bolt-max``
(default 10⁵: at 10⁶ it takes most of an hour here); use ``--bolt-max 1000000`` to measure it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_corpus  # noqa: E402
from graph_builder.emit.property_graph import property_graph  # noqa: E402
from graph_builder.stores import ladybug_db  # noqa: E402
from graph_builder.stores.bolt_server import free_port  # noqa: E402
from graph_builder.stores.neo4j_loader import Connection, load  # noqa: E402

# tasks -> about 7 relationships per task (LEADS/COOPERATES_ON, PART_OF, IN_JURISDICTION).
SIZES = [(300, 1_500), (2_000, 15_000), (5_000, 150_000)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max", type=int, default=1_100_000)
    parser.add_argument("--bolt-max", type=int, default=110_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bolt_port, http_port = free_port(), free_port()
        password = "benchmark-pw"
        server = subprocess.Popen(
            [sys.executable, "-m", "graph_builder.stores.bolt_server", "--bolt-port", str(bolt_port), "--http-port", str(http_port),
             "--root", str(Path(folder) / "arcadedb"), "--password", password],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        try:
            while not server.stdout.readline().startswith("READY"):
                if server.poll() is not None:
                    raise SystemExit("the Bolt server did not start")
            connection = Connection(f"bolt://127.0.0.1:{bolt_port}", "root", password, "govkg")
            print(f"{'relationships':>14} {'COPY (LadybugDB)':>18} {'rel/s':>12} {'Bolt MERGE (ArcadeDB)':>22} {'rel/s':>10}")
            for agencies, tasks in SIZES:
                graph = property_graph(synthetic_corpus(agencies, tasks))
                relationships = graph.relationship_count()
                if relationships > args.max:
                    break
                start = time.perf_counter()
                ladybug_db.build_database(graph, Path(folder) / f"bench-{tasks}.lbug")
                copy_seconds = time.perf_counter() - start
                bolt_cell = bolt_rate = "-"
                if relationships <= args.bolt_max:
                    report = load(graph, connection, batch_size=2000)
                    bolt_cell, bolt_rate = f"{report.seconds:.1f}s", f"{report.relationships_per_second:,.0f}"
                print(f"{relationships:>14,} {copy_seconds:>17.2f}s {relationships / copy_seconds:>12,.0f} {bolt_cell:>22} {bolt_rate:>10}", flush=True)
        finally:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()


if __name__ == "__main__":
    main()
