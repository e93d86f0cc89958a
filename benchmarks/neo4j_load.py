"""Load throughput (relationships per second) into a Bolt server (ArcadeDB, started here on a
free loopback port) through the Neo4j loader, and into embedded LadybugDB through COPY, at about
10⁴, 10⁵ and 10⁶ relationships.

    python benchmarks/neo4j_load.py [--max 1000000] [--bolt-max 100000]

The Bolt path (UNWIND batches: CREATE for what the database lacks, MERGE for what it has) is
measured up to ``--bolt-max`` (default 10⁵); use ``--bolt-max 1000000`` to measure it.

``--ceiling`` first measures what the server itself can do at best, with the simplest Cypher:
UNWIND-CREATE of bare nodes, of bare relationships between two fixed nodes (no lookup), of
relationships whose endpoints are found by elementId and by an indexed ``id`` property, and
the same with properties; batches of ``--ceiling-batch`` rows, one transaction each.
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
    parser.add_argument("--ceiling", action="store_true")
    parser.add_argument("--ceiling-rows", type=int, default=20_000)
    parser.add_argument("--ceiling-batch", type=int, default=5000)
    parser.add_argument("--no-load", action="store_true", help="only the ceiling")
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
            if args.ceiling:
                for round_ in (1, 2):  # the first round also warms the server's JIT up
                    print(f"server ceiling, round {round_}:")
                    ceiling(connection, args.ceiling_rows, args.ceiling_batch)
            if args.no_load:
                return
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


def ceiling(connection: Connection, count: int, batch: int) -> None:
    """The server's own rates for the simplest statements (in a label of their own, Ceiling*)."""
    import random

    from graph_builder.stores.neo4j_loader import driver_for

    driver = driver_for(connection)
    random.seed(7)
    pairs = [(random.randrange(count), random.randrange(count)) for _ in range(count)]
    with driver.session(database=connection.database) as session:
        session.run("CREATE CONSTRAINT ceiling_id IF NOT EXISTS FOR (n:CeilingNode) REQUIRE n.id IS UNIQUE").consume()

        def timed(label: str, query: str, rows: list) -> list:
            start, out = time.perf_counter(), []
            for first in range(0, len(rows), batch):
                out += session.execute_write(lambda tx, b=rows[first:first + batch]: [r.data() for r in tx.run(query, rows=b)])
            seconds = time.perf_counter() - start
            print(f"  ceiling: {label:58} {len(rows) / seconds:9,.0f} /s  ({len(rows):,} in {seconds:.1f} s)", flush=True)
            return out

        found = timed("UNWIND CREATE node {id}", "UNWIND $rows AS row CREATE (n:CeilingNode {id: row}) RETURN row AS id, elementId(n) AS element", list(range(count)))
        element = {row["id"]: row["element"] for row in found}
        timed("UNWIND CREATE bare relationship, two fixed nodes", "MATCH (a:CeilingNode {id: 0}) MATCH (b:CeilingNode {id: 1}) UNWIND $rows AS row CREATE (a)-[:CEILING_BARE]->(b)", list(range(count)))
        timed("UNWIND MATCH by elementId, CREATE bare relationship", "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.s MATCH (b) WHERE elementId(b) = row.e CREATE (a)-[:CEILING_ELEMENT]->(b)",
              [{"s": element[a], "e": element[b]} for a, b in pairs])
        timed("UNWIND MATCH by indexed id, CREATE bare relationship", "UNWIND $rows AS row MATCH (a:CeilingNode {id: row.s}) MATCH (b:CeilingNode {id: row.e}) CREATE (a)-[:CEILING_ID]->(b)",
              [{"s": a, "e": b} for a, b in pairs])
        timed("the same by elementId, CREATE with {key, weight}", "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.s MATCH (b) WHERE elementId(b) = row.e CREATE (a)-[:CEILING_PROPS {key: row.k, weight: row.w}]->(b)",
              [{"s": element[a], "e": element[b], "k": f"k{i}", "w": 1} for i, (a, b) in enumerate(pairs)])
        timed("the same, MERGE on key (what a re-load does)", "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.s MATCH (b) WHERE elementId(b) = row.e MERGE (a)-[r:CEILING_PROPS {key: row.k}]->(b) SET r.weight = row.w",
              [{"s": element[a], "e": element[b], "k": f"k{i}", "w": 2} for i, (a, b) in enumerate(pairs)])
        session.run("MATCH (n:CeilingNode) DETACH DELETE n").consume()
    driver.close()


if __name__ == "__main__":
    main()
