"""Two-step reach (queries/reach.py): by hand, against networkx on the bundled corpus, and as
`govkg query reach`, `--explain` and the page's node size: the one module is all it took."""

from __future__ import annotations

import csv
import io

import networkx as nx
from typer.testing import CliRunner

from govkg.cli import app
from queries import Filters, Involvement as I, View
from queries.reach import reach

runner = CliRunner()


def test_two_step_reach_by_hand():
    # A–B–C–D path, and E–F alone: B and C reach the whole path, A and D reach two of it.
    view = View.from_involvements([
        I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t2", "B", "lead"), I("t2", "C", "cooperating"),
        I("t3", "C", "lead"), I("t3", "D", "cooperating"), I("t4", "E", "lead"), I("t4", "F", "cooperating"),
    ])
    rows = {r["agency_id"]: r for r in reach(view)}
    assert {a: (r["partners"], r["two_step_reach"]) for a, r in rows.items()} == {
        "A": (1, 2), "B": (2, 3), "C": (2, 3), "D": (1, 2), "E": (1, 1), "F": (1, 1),
    }
    assert rows["B"]["two_step_reach_share"] == round(3 / 5, 6)
    assert [r["agency_id"] for r in reach(view)][:2] == ["B", "C"]


def test_a_task_of_three_is_one_step_for_all_of_them_and_one_agency_reaches_nobody():
    view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t1", "C", "cooperating")])
    assert {r["agency_id"]: r["two_step_reach"] for r in reach(view)} == {"A": 2, "B": 2, "C": 2}
    alone = View.from_involvements([I("t1", "A", "lead")])
    assert reach(alone) == [{"agency_id": "A", "agency": "A", "partners": 0, "two_step_reach": 0, "two_step_reach_share": 0.0}]


def test_reach_agrees_with_networkx_on_the_bundled_corpus(corpus):
    view = View.from_corpus(corpus, Filters())
    graph = view.one_mode()
    n = graph.number_of_nodes()
    for record in reach(view):
        within = nx.single_source_shortest_path_length(graph, record["agency_id"], cutoff=2)
        assert record["two_step_reach"] == len(within) - 1
        assert record["partners"] == graph.degree(record["agency_id"])
        assert record["two_step_reach_share"] == round((len(within) - 1) / (n - 1), 6)


def test_query_reach_command_list_and_explain():
    result = runner.invoke(app, ["query", "reach", "--top", "3", "--format", "csv", "--collective", "drop"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:4] == ["agency_id", "agency", "agency_type", "agency_jurisdiction"]
    assert list(rows[0])[-3:] == ["partners", "two_step_reach", "two_step_reach_share"]
    assert len(rows) == 3 and int(rows[0]["two_step_reach"]) >= int(rows[2]["two_step_reach"]) > int(rows[0]["partners"]) // 2
    by_year = runner.invoke(app, ["query", "reach", "--by", "year", "--top", "1", "--format", "json"])
    assert by_year.exit_code == 0 and '"year": "2017"' in by_year.stdout
    assert "reach " in runner.invoke(app, ["query", "--list"]).stdout
    explained = runner.invoke(app, ["query", "--explain", "two_step_reach"])
    assert explained.exit_code == 0 and "Borgatti" in explained.stdout and "(queries.reach)" in explained.stdout


def test_the_page_may_size_nodes_by_two_step_reach(tmp_path):
    page = tmp_path / "reach.html"
    result = runner.invoke(app, ["viz", "--measure", "two_step_reach", "--jurisdiction", "湖州市", "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert "node size: two_step_reach" in page.read_text("utf-8")
