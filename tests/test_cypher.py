"""Cypher: the Neo4j loader against a real Bolt server (ArcadeDB, started here in its own
process and stopped by PID), the embedded LadybugDB graph, the cookbook on both and against
the Python query library, and the failure cases."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.emit.property_graph import property_graph
from graph_builder.pipeline import load_corpus
from graph_builder.stores import ladybug_db
from graph_builder.stores.bolt_server import free_port
from graph_builder.stores.neo4j_loader import Connection, DatabaseError, load, run_query
from queries import Filters, View, burden, ego, lead_pairs, shared_pairs
from queries.cypher import cookbook, resolve_query
from tests.conftest import CORPUS

runner = CliRunner()
PASSWORD = "govkg-test-pw"


class BoltServer:
    """An ArcadeDB Bolt server in a child process."""

    def __init__(self, root):
        self.root = root
        self.bolt_port = free_port()
        self.http_port = free_port()
        self.process = None

    def start(self, timeout: float = 180):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph_builder.stores.bolt_server", "--bolt-port", str(self.bolt_port),
             "--http-port", str(self.http_port), "--root", str(self.root), "--password", PASSWORD],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("READY"):
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"the Bolt server exited: {self.process.stderr.read()[-2000:]}")
        raise RuntimeError("the Bolt server did not start in time")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    @property
    def connection(self) -> Connection:
        return Connection(f"bolt://127.0.0.1:{self.bolt_port}", "root", PASSWORD, "govkg")


@pytest.fixture(scope="module")
def bolt(tmp_path_factory):
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("arcadedb-embedded is not installed: `make test` installs the dev extras")
        pytest.skip("arcadedb-embedded is not installed (pip install -e '.[dev]')")
    server = BoltServer(tmp_path_factory.mktemp("arcadedb")).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def graph(corpus):
    return property_graph(corpus)


@pytest.fixture(scope="module")
def embedded(corpus):
    connection, _, _ = ladybug_db.build_database(corpus)
    return connection


@pytest.mark.bolt
def test_load_twice_changes_nothing_and_counts_match_the_model(bolt, graph):
    first = load(graph, bolt.connection, batch_size=200)
    assert first.nodes == graph.counts_by_label() and first.relationships == graph.counts_by_type()
    second = load(graph, bolt.connection, batch_size=200)
    assert (second.nodes, second.relationships) == (first.nodes, first.relationships)
    assert second.removed_nodes == second.removed_relationships == 0


@pytest.mark.bolt
def test_reload_after_a_corpus_change_updates_in_place(bolt, graph):
    smaller, _ = load_corpus([CORPUS["01"], CORPUS["02"]])
    small_graph = property_graph(smaller)
    report = load(small_graph, bolt.connection)
    assert report.nodes == small_graph.counts_by_label() and report.removed_nodes > 0
    assert run_query(bolt.connection, "MATCH (t:Task) WHERE t.document_id = '湖政办发-2019-9' RETURN count(t) AS n")[0]["n"] == 0
    full = load(graph, bolt.connection)
    assert full.nodes == graph.counts_by_label()


@pytest.mark.bolt
def test_cookbook_gives_the_same_rows_on_ladybug_arcadedb_and_python(bolt, graph, embedded, corpus):
    load(graph, bolt.connection)
    params = {"partners_of_agency": {"name": "杭州市城市管理局"}, "tasks_of_document": {"doc_number": "杭政办函〔2017〕33号"}}
    expected = _python_answers(corpus)
    for name, text in cookbook().items():
        query = resolve_query(text)
        on_ladybug = ladybug_db.run_query(embedded, query, params.get(name))
        on_bolt = run_query(bolt.connection, query, params.get(name))
        assert on_ladybug == on_bolt, name
        assert on_ladybug == expected[name], name


def _python_answers(corpus) -> dict[str, list[dict]]:
    view = View.from_corpus(corpus, Filters(collective="drop"))
    rows = burden(view)
    per_agency = sorted(
        ({"agency_id": r["agency_id"], "agency": r["agency"], "tasks_led": r["tasks_led"], "tasks_cooperated": r["tasks_cooperated"]} for r in rows),
        key=lambda r: (-r["tasks_cooperated"], -r["tasks_led"], r["agency_id"]),
    )
    top = sorted(
        ({"agency_id": r["agency_id"], "agency": r["agency"], "projects": r["programs_cooperated"], "tasks": r["tasks_cooperated"]} for r in rows if r["tasks_cooperated"]),
        key=lambda r: (-r["projects"], -r["tasks"], r["agency_id"]),
    )[:20]
    directed = sorted(({"lead_id": p["lead_id"], "cooperator_id": p["cooperator_id"], "tasks": p["tasks"]} for p in lead_pairs(view)),
                      key=lambda r: (-r["tasks"], r["lead_id"], r["cooperator_id"]))[:25]
    pairs = sorted(
        ({"agency_a_id": min(p["agency_a_id"], p["agency_b_id"]), "agency_b_id": max(p["agency_a_id"], p["agency_b_id"]), "shared_tasks": p["shared_tasks"]} for p in shared_pairs(view)),
        key=lambda r: (-r["shared_tasks"], r["agency_a_id"], r["agency_b_id"]),
    )[:25]
    partners = sorted(({"partner_id": r["partner_id"], "partner": r["partner"], "shared_tasks": r["shared_tasks"]} for r in ego(view, "杭州市城市管理局")),
                      key=lambda r: (-r["shared_tasks"], r["partner_id"]))
    document = next(e for e in corpus.extractions if e.document.doc_number == "杭政办函〔2017〕33号")
    tasks = sorted(
        ({"task_id": t.id, "task": t.text, "lead_id": m.agency_id, "mention": m.mention, "line_start": m.span.line_start, "line_end": m.span.line_end}
         for t in document.tasks for m in t.lead),
        key=lambda r: (r["line_start"], r["task_id"], r["lead_id"]),
    )
    agencies = corpus.resolution.agencies
    renamed = sorted(
        ({"predecessor": agencies[p].name, "successor": agencies[e.successor_id].name, "year": e.year, "change": e.change}
         for e in corpus.resolution.successions for p in e.predecessor_ids),
        key=lambda r: (r["year"], r["predecessor"]),
    )
    return {
        "tasks_per_agency": per_agency, "top_cooperating_agencies": top, "lead_cooperator_pairs": directed,
        "shared_task_pairs": pairs, "partners_of_agency": partners, "tasks_of_document": tasks, "renamed_agencies": renamed,
    }


@pytest.mark.bolt
def test_server_going_away_mid_load_then_a_rerun_completes(graph, tmp_path):
    server = BoltServer(tmp_path / "db").start()
    killed = []

    def kill_after_some_batches(label, done, total):
        if done > 600 and not killed:
            killed.append(done)
            server.stop()

    try:
        impatient = server.connection
        impatient.retry_seconds = 3
        with pytest.raises(DatabaseError, match="connection lost during the load.*run the load again"):
            load(graph, impatient, batch_size=100, progress=kill_after_some_batches)
        assert killed
        server.start()
        report = load(graph, server.connection, batch_size=500)
        assert report.nodes == graph.counts_by_label() and report.relationships == graph.counts_by_type()
    finally:
        server.stop()


@pytest.mark.bolt
def test_bad_connection_settings_are_one_clear_line(bolt):
    result = runner.invoke(app, ["export", "neo4j", "--uri", f"bolt://127.0.0.1:{free_port()}", "--password", "x"])
    assert result.exit_code == 1 and "no Bolt server reachable" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(app, ["export", "neo4j", "--uri", bolt.connection.uri, "--user", "root", "--password", "wrong-password", "--database", "govkg"])
    assert result.exit_code == 1 and "authentication failed" in result.stderr
    result = runner.invoke(app, ["export", "neo4j", "--uri", "nonsense://x"])
    assert result.exit_code == 1 and "bad Neo4j URI" in result.stderr
    env = {"NEO4J_URI": bolt.connection.uri, "NEO4J_USERNAME": "root", "NEO4J_PASSWORD": PASSWORD, "NEO4J_DATABASE": "govkg"}
    result = runner.invoke(app, ["export", "neo4j"], env=env)
    assert result.exit_code == 0, result.output
    assert "removed 0 stale nodes" in result.stdout


@pytest.mark.bolt
def test_cypher_command_on_bolt_and_malformed_queries(bolt, graph):
    load(graph, bolt.connection)
    args = ["--uri", bolt.connection.uri, "--user", "root", "--password", PASSWORD, "--database", "govkg"]
    result = runner.invoke(app, ["cypher", "renamed_agencies", "--format", "csv", *args])
    assert result.exit_code == 0 and "杭州市城市管理委员会,杭州市城市管理局,2019,rename" in result.stdout
    bad = runner.invoke(app, ["cypher", "MATCH (n RETURN n", *args])
    assert bad.exit_code == 2 and "SyntaxError" in bad.stderr and "Traceback" not in bad.output


def test_embedded_database_counts_and_queries(embedded, graph, tmp_path):
    for label, expected in graph.counts_by_label().items():
        assert ladybug_db.run_query(embedded, f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"] == expected
    result = runner.invoke(app, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0
    rows = runner.invoke(app, ["cypher", "top_cooperating_agencies", "--db", str(tmp_path / "graph.lbug"), "--format", "csv"])
    assert rows.stdout.splitlines()[1].startswith("杭州市/上城区/住房和城市建设局,上城区住房和城市建设局,46,53")
    malformed = runner.invoke(app, ["cypher", "MATCH (n RETURN n", "--db", str(tmp_path / "graph.lbug")])
    assert malformed.exit_code == 2 and "Parser exception" in malformed.stderr
    missing = runner.invoke(app, ["cypher", "MATCH (n) RETURN n", "--db", str(tmp_path / "nope.lbug")])
    assert missing.exit_code == 2 and "no such database" in missing.stderr
    prompt = runner.invoke(app, ["cypher", "--db", str(tmp_path / "graph.lbug")], input="MATCH (d:Document)\nRETURN count(d) AS n;\n\n")
    assert prompt.exit_code == 0 and "5" in prompt.stdout


def test_symmetric_pattern_needs_its_where_clause_on_ladybug(embedded):
    """What the README warns about: without WHERE, LadybugDB pairs an agency with itself."""
    query = ("MATCH (a:Agency {name: '杭州市城市管理局'})-[:LEADS|COOPERATES_ON]->(t:Task)<-[:LEADS|COOPERATES_ON]-(b:Agency) "
             "RETURN count(*) AS n, sum(CASE WHEN a.id = b.id THEN 1 ELSE 0 END) AS self_pairs")
    assert ladybug_db.run_query(embedded, query)[0]["self_pairs"] > 0


def test_neo4j_admin_csv_files(tmp_path, graph):
    result = runner.invoke(app, ["export", "neo4j-csv", "--out", str(tmp_path)])
    assert result.exit_code == 0 and "neo4j-admin database import full" in result.stdout
    with (tmp_path / "nodes_Agency.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "id:ID(Agency)" and rows[0][-1] == ":LABEL" and "aliases:string[]" in rows[0]
    assert len(rows) - 1 == graph.counts_by_label()["Agency"]
    with (tmp_path / "rels_LEADS_Agency_Task.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:2] == [":START_ID(Agency)", ":END_ID(Task)"] and header[-1] == ":TYPE"
    total = sum(sum(1 for _ in p.open(encoding="utf-8")) - 1 for p in tmp_path.glob("rels_*.csv"))
    assert total == graph.relationship_count()


@pytest.mark.bolt
def test_created_and_merged_rows_hold_the_models_properties(bolt, graph):
    # A load CREATEs what the database lacks and MERGEs what it has (issue 14): both must
    # leave exactly the model's properties (a None property is not set).
    def stored():
        nodes = run_query(bolt.connection, "MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS p")
        rels = run_query(bolt.connection, "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS p")
        return (sorted(json.dumps([r["label"], r["p"]], sort_keys=True, ensure_ascii=False, default=str) for r in nodes),
                sorted(json.dumps([r["type"], r["start"], r["end"], r["p"]], sort_keys=True, ensure_ascii=False, default=str) for r in rels))

    expected_nodes = sorted(json.dumps([label, {k: v for k, v in row.items() if v is not None}], sort_keys=True, ensure_ascii=False, default=str)
                            for label, rows in graph.nodes.items() for row in rows)
    expected_rels = sorted(json.dumps([g.type, row["start"], row["end"], {k: v for k, v in row["props"].items() if v is not None}],
                                      sort_keys=True, ensure_ascii=False, default=str) for g in graph.relationships for row in g.rows)
    smaller, _ = load_corpus([CORPUS["01"], CORPUS["02"]])
    load(property_graph(smaller), bolt.connection)  # then the full corpus: part merged, part created
    load(graph, bolt.connection)
    assert stored() == (expected_nodes, expected_rels)
    load(graph, bolt.connection)  # all merged
    assert stored() == (expected_nodes, expected_rels)
