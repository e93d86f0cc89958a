"""The table of queries (queries/registry.py) and the library functions the CLI only calls:
every entry is a command with the shared filters and shows columns its records carry; a new
entry becomes a command with no CLI code; the Cypher prompt, SPARQL's query and store choice
and RDF file reading work without the CLI."""

from __future__ import annotations

import csv
import io

import pytest
import typer
from typer.testing import CliRunner

from govkg.cli import app
from govkg.query_cli import _command
from graph_builder.stores.rdf_files import corpus_graph, read_graph
from queries import QUERIES, Involvement as I, View
from queries import cypher, sparql
from queries.explain import definitions
from queries.registry import Option, Query, page_measures

runner = CliRunner()
SHARED = ["--top", "--format", "--doc", "--year", "--jurisdiction", "--category", "--collective", "--successors", "--aliases",
          "--excel", "--output", "--type", "--from"]

SMALL = View.from_involvements(
    [I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t1", "C", "cooperating"), I("t2", "B", "lead"), I("t2", "A", "cooperating"),
     I("t3", "C", "lead"), I("t3", "D", "cooperating")],
    attributes={n: {"jurisdiction": "X" if n in "AB" else "Y", "type": "bureau"} for n in "ABCD"},
)
OPTIONS = {"ego": {"agency": "A"}, "brokerage": {"group_by": "jurisdiction"}}


def test_every_view_query_is_a_command_with_the_shared_filters():
    for name, entry in QUERIES.items():
        result = runner.invoke(app, ["query", name, "--help"])
        assert result.exit_code == 0, result.output
        shared = SHARED if entry.input == "view" else ["--format", "--collective", "--successors", "--aliases", "--from"]
        for flag in shared + [f for o in entry.options if not o.argument for f in o.flags[:1]]:
            assert flag in result.stdout, f"query {name} --help lacks {flag}"
        assert ("--by" in result.stdout) is (entry.by and entry.input == "view"), name


@pytest.mark.parametrize("name", [n for n, e in QUERIES.items() if e.input == "view"])
def test_the_columns_an_entry_shows_are_in_its_records(name):
    entry = QUERIES[name]
    options = {o.name: o.default for o in entry.options} | OPTIONS.get(name, {})
    records = entry.records(SMALL, options)
    assert records, name
    for table in (True, False):
        assert set(entry.column_names(table, options)) <= set(records[0]), (name, table)


def test_every_page_measure_is_in_its_records_and_defined():
    defined = {n for e in definitions() for n in e["names"]}
    for measure, entry in page_measures().items():
        assert measure in defined
        assert all(measure in r and "agency_id" in r for r in entry.function(SMALL)), measure


def test_a_new_entry_is_a_command_without_cli_code():
    def leads(view, minimum=0):
        """Agencies by the tasks they lead."""
        rows = [{"agency_id": a, "agency": view.label(a), "led": sum(1 for i in view.involvements if i.agency == a and i.role == "lead")}
                for a in view.agencies]
        return sorted((r for r in rows if r["led"] >= minimum), key=lambda r: (-r["led"], r["agency"]))

    entry = Query(name="leads", function=leads, description="tasks led", columns=("agency", "led"),
                  options=(Option("minimum", int, 0, "Only agencies leading this many tasks.", flags=("--minimum",)),))
    toy = typer.Typer()
    toy.command("leads")(_command(entry))
    toy.command("other")(lambda: None)  # two commands: typer keeps the sub-command names
    result = runner.invoke(toy, ["leads", "--jurisdiction", "湖州市", "--minimum", "3", "--format", "csv", "--top", "0"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:2] == ["agency_id", "agency"] and list(rows[0])[-1] == "led"
    assert rows and all(int(r["led"]) >= 3 for r in rows) and all(r["agency_jurisdiction"] == "湖州市" for r in rows)
    assert "--minimum" in runner.invoke(toy, ["leads", "--help"]).stdout


def test_a_bad_option_is_one_line_before_the_documents_are_read():
    result = runner.invoke(app, ["query", "centrality", "-m", "fame", "--from", "does-not-exist"])
    assert result.exit_code == 2 and "unknown measure fame" in result.output


def test_cypher_statements_at_a_prompt():
    prompts = []

    def typed(*lines):
        feed = iter(lines)

        def read(prompt):
            prompts.append(prompt)
            try:
                return next(feed)
            except StopIteration:
                raise EOFError from None
        return list(cypher.statements(read))

    prompts.clear()
    assert typed("MATCH (a)", "RETURN a;", "RETURN 1;", "unfinished") == ["MATCH (a)\nRETURN a;", "RETURN 1;"]
    assert prompts == [cypher.PROMPT, cypher.CONTINUATION, cypher.PROMPT, cypher.PROMPT, cypher.CONTINUATION]
    assert typed("", "RETURN 1;") == []
    assert typed("RETURN", "", "1;") == ["RETURN\n\n1;"]  # an empty line inside a statement continues it


def test_sparql_query_and_store_choice(tmp_path):
    book = sparql.cookbook()
    assert sparql.resolve_query("tasks_of_document") == book["tasks_of_document"]
    query_file = tmp_path / "count.rq"
    query_file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    assert sparql.resolve_query(str(query_file)) == query_file.read_text("utf-8")
    assert sparql.resolve_query("ASK { ?s ?p ?o }") == "ASK { ?s ?p ?o }"
    with pytest.raises(ValueError, match="not both"):
        sparql.open_store(tmp_path / "g.ttl", tmp_path)
    with pytest.raises(ValueError, match="no such file"):
        sparql.open_store(tmp_path / "g.ttl")
    built = runner.invoke(app, ["build", "--out", str(tmp_path / "out"), "--rdf-format", "trig", "--jobs", "1"])
    assert built.exit_code == 0, built.output
    from_file, info = sparql.open_store(tmp_path / "out" / "graph.trig")
    from_dir, stored = sparql.open_store(from_dir=tmp_path / "out")
    assert info is None and stored is not None and stored.stale() == []
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert sparql.run(from_file, count) == sparql.run(from_dir, count)
    # the same graph through rdflib, as `govkg validate` reads it
    assert len(read_graph(tmp_path / "out" / "graph.trig")) == sparql.run(from_file, count)[0]["n"] == len(corpus_graph())


def test_read_graph_names_the_file_it_cannot_read(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://e/a> <http://e/p> .", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.ttl: not valid turtle"):
        read_graph(broken)
    with pytest.raises(ValueError, match=r"unknown RDF file type '\.csv'"):
        (tmp_path / "g.csv").write_text("", encoding="utf-8")
        read_graph(tmp_path / "g.csv")
