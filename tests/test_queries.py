"""The query library: every measure against values recomputed by hand on small graphs, the
igraph paths against networkx, and the researchers' questions on the bundled corpus."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from govkg.cli import app
from queries import (
    Filters,
    Involvement as I,
    View,
    brokerage,
    burden,
    centrality,
    communities,
    compare,
    ego,
    lead_pairs,
    shared_pairs,
)
from queries.compare import qap

runner = CliRunner()

# A small world written out by hand:
#   t1: A leads, B and C co-operate      (k = 3)
#   t2: A leads, B co-operates           (k = 2)
#   t3: C leads, D co-operates           (k = 2)
#   t4: D leads, E co-operates           (k = 2)
SMALL = [
    I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t1", "C", "cooperating"),
    I("t2", "A", "lead"), I("t2", "B", "cooperating"),
    I("t3", "C", "lead"), I("t3", "D", "cooperating"),
    I("t4", "D", "lead"), I("t4", "E", "cooperating"),
]


@pytest.fixture
def small():
    return View.from_involvements(
        SMALL,
        task_program={"t1": "p1", "t2": "p1", "t3": "p2", "t4": "p3"},
        attributes={n: {"jurisdiction": "X" if n in "AB" else "Y", "type": "bureau"} for n in "ABCDE"},
    )


def distance_graph(view):
    """The one-mode graph with distance = 1 / shared tasks, as networkx wants it."""
    graph = view.one_mode()
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1 / data["shared"]
    return graph


def by_id(rows, key="agency_id"):
    return {r[key]: r for r in rows}


def test_one_mode_weights_by_hand(small):
    graph = small.one_mode()
    assert graph["A"]["B"]["shared"] == 2
    assert graph["A"]["B"]["newman"] == pytest.approx(1 / 2 + 1 / 1)  # t1 (k=3) + t2 (k=2)
    assert graph["B"]["C"]["newman"] == pytest.approx(0.5)
    assert not graph.has_edge("A", "D")
    directed = small.directed()
    assert directed["A"]["B"]["weight"] == 2 and directed.has_edge("C", "D") and not directed.has_edge("B", "A")


def test_burden_by_hand(small):
    rows = by_id(burden(small))
    a, c, d = rows["A"], rows["C"], rows["D"]
    assert (a["tasks_led"], a["tasks_cooperated"], a["programs_led"]) == (2, 0, 1)  # t1, t2 are one program
    assert a["lead_load"] == 2 + 1 and a["partners"] == 2 and a["coordination_burden"] == 2 + 1
    assert (c["tasks_led"], c["tasks_cooperated"], c["lead_share"]) == (1, 1, 0.5)
    assert c["cooperation_load"] == 1 and c["partners"] == 3 and c["coordination_burden"] == 2 + 1
    assert d["cooperation_load"] == 1 and d["lead_load"] == 1
    assert burden(small)[0]["agency_id"] == "B"  # most tasks co-operated on (2), ties by name


def test_centrality_by_hand_and_against_networkx(small):
    rows = by_id(centrality(small))
    graph = distance_graph(small)
    expected_betweenness = nx.betweenness_centrality(graph, weight="distance")
    expected_closeness = nx.closeness_centrality(graph, distance="distance")
    for node in "ABCDE":
        assert rows[node]["betweenness"] == pytest.approx(expected_betweenness[node], abs=1e-6)
        assert rows[node]["closeness"] == pytest.approx(expected_closeness[node], abs=1e-6)
    # By hand: C lies on every path between {A, B} and {D, E}: 2·2 = 4 pairs, plus A–D… only via C.
    # Pairs not involving C: AB (direct), AD, AE, BD, BE (through C), DE (direct) -> 4 of 6.
    assert rows["C"]["betweenness"] == pytest.approx(4 / 6)
    assert (rows["A"]["degree"], rows["A"]["strength"]) == (2, 3)
    constraint = nx.constraint(graph, weight="shared")
    effective = nx.effective_size(graph)
    for node in "ABCDE":
        assert rows[node]["constraint"] == pytest.approx(constraint[node], abs=1e-6)
        assert rows[node]["effective_size"] == pytest.approx(effective[node], abs=1e-6)
    pagerank = nx.pagerank(small.directed(), weight="weight")
    assert rows["E"]["pagerank"] == pytest.approx(pagerank["E"], abs=1e-6)
    hubs, authorities = nx.hits(small.directed())
    assert rows["A"]["hub"] == pytest.approx(hubs["A"], abs=1e-4)
    assert rows["B"]["authority"] == pytest.approx(authorities["B"], abs=1e-4)
    eigen = nx.eigenvector_centrality_numpy(graph, weight="shared")
    assert rows["C"]["eigenvector"] == pytest.approx(eigen["C"], abs=1e-6)
    # The triangle A-B-C is the 2-core; D, E are 1-core.
    assert {n for n in "ABCDE" if rows[n]["core"]} == {"A", "B", "C"}


def test_igraph_agrees_with_networkx_on_a_random_graph():
    import random

    rng = random.Random(7)
    involvements = []
    for task in range(60):
        members = rng.sample([f"a{i:02d}" for i in range(25)], rng.randint(2, 5))
        involvements.append(I(f"t{task}", members[0], "lead"))
        involvements += [I(f"t{task}", m, "cooperating") for m in members[1:]]
    view = View.from_involvements(involvements)
    rows = by_id(centrality(view))
    graph = distance_graph(view)
    betweenness = nx.betweenness_centrality(graph, weight="distance")
    closeness = nx.closeness_centrality(graph, distance="distance")
    for node in graph:
        assert rows[node]["betweenness"] == pytest.approx(betweenness[node], abs=1e-6)
        assert rows[node]["closeness"] == pytest.approx(closeness[node], abs=1e-6)


def test_brokerage_roles_by_hand(small):
    rows = by_id(brokerage(small))
    # A→C→D with no A→D: C brokers; A in X, C and D in Y: gatekeeper.
    # C→D→E: all in Y: coordinator for D.
    assert rows["C"]["gatekeeper"] == 1 and rows["C"]["total"] == 1
    assert rows["D"]["coordinator"] == 1
    assert rows["A"]["total"] == 0
    with pytest.raises(ValueError):
        brokerage(small, group_by="colour")


def test_communities_and_modularity(small):
    rows = communities(small)
    community = {r["agency_id"]: r["community"] for r in rows}
    assert community["A"] == community["B"]
    graph = small.one_mode()
    parts = {}
    for node, number in community.items():
        parts.setdefault(number, set()).add(node)
    assert rows[0]["modularity"] == pytest.approx(nx.community.modularity(graph, parts.values(), weight="shared"), abs=1e-6)
    assert rows == communities(small)  # seeded: the same every run


def test_pairs_and_ego(small):
    assert (shared_pairs(small)[0]["agency_a_id"], shared_pairs(small)[0]["agency_b_id"]) == ("A", "B")
    assert lead_pairs(small)[0] == {"lead_id": "A", "lead": "A", "cooperator_id": "B", "cooperator": "B", "tasks": 2}
    rows = ego(small, "C")
    assert [(r["partner_id"], r["shared_tasks"], r["ego_leads"], r["partner_leads"], r["both_cooperate"]) for r in rows] == [
        ("A", 1, 0, 1, 0), ("B", 1, 0, 0, 1), ("D", 1, 1, 0, 0),
    ]
    with pytest.raises(ValueError, match="no agency"):
        ego(small, "Z")


def test_compare_and_qap():
    a = View.from_involvements(SMALL)
    b = View.from_involvements(SMALL[:5] + [I("t9", "B", "lead"), I("t9", "C", "cooperating")])
    result = compare(a, b, permutations=199)
    assert result["agencies_both"] == 3 and result["node_overlap"] == pytest.approx(3 / 5)
    assert result["ties_both"] == 3
    # Identical matrices correlate perfectly.
    import numpy as np

    matrix = np.array([[0, 2, 1, 0], [2, 0, 1, 0], [1, 1, 0, 3], [0, 0, 3, 0]], dtype=float)
    r, p = qap(matrix, matrix, permutations=99)
    assert r == pytest.approx(1.0) and 0 < p <= 1


def test_filters_collective_modes(corpus):
    node = View.from_corpus(corpus, Filters())
    dropped = View.from_corpus(corpus, Filters(collective="drop"))
    expanded = View.from_corpus(corpus, Filters(collective="expand"))
    group = "杭州市/上城区/group/street_offices/all"
    assert group in node.agencies and group not in dropped.agencies and group not in expanded.agencies
    street = "杭州市/上城区/湖滨街道办事处"
    assert by_id(burden(expanded))[street]["tasks_cooperated"] > by_id(burden(dropped))[street]["tasks_cooperated"]
    only_2019 = View.from_corpus(corpus, Filters(years=(2019,), jurisdictions=("湖州市",)))
    assert all(a.startswith("湖州市") for a in only_2019.agencies)
    assert len(View.from_corpus(corpus, Filters(categories=("C类",))).tasks) == 2
    with pytest.raises(ValueError):
        Filters(collective="sometimes")


def test_who_cooperates_most_on_the_bundled_corpus(corpus):
    rows = burden(View.from_corpus(corpus, Filters(collective="drop")))
    # Recomputed from the extraction: count tasks per agency in the co-operating role.
    counts = {}
    projects = {}
    for task in corpus.tasks:
        for mention in task.cooperating:
            if mention.agency_id in corpus.resolution.agencies:
                counts.setdefault(mention.agency_id, set()).add(task.id)
                projects.setdefault(mention.agency_id, set()).add(task.program_id)
    most = max(counts, key=lambda a: len(counts[a]))
    assert rows[0]["agency_id"] == most == "杭州市/上城区/住房和城市建设局"
    assert rows[0]["tasks_cooperated"] == len(counts[most]) == 53
    assert max(projects, key=lambda a: len(projects[a])) == most
    assert rows[0]["programs_cooperated"] == len(projects[most])


def test_successor_mapping_joins_the_two_hangzhou_years(corpus):
    plain = compare(View.from_corpus(corpus, Filters(years=(2017,))), View.from_corpus(corpus, Filters(years=(2022,))), permutations=99)
    mapped = compare(
        View.from_corpus(corpus, Filters(years=(2017,), map_successors=True)),
        View.from_corpus(corpus, Filters(years=(2022,), map_successors=True)),
        permutations=99,
    )
    assert mapped["agencies_both"] > plain["agencies_both"]
    assert "杭州市城市管理委员会" in plain["agencies_only_a"] and "杭州市城市管理委员会" not in mapped["agencies_only_a"]


def test_query_results_are_deterministic(corpus):
    view = View.from_corpus(corpus)
    assert centrality(view) == centrality(View.from_corpus(corpus))
    assert communities(view) == communities(View.from_corpus(corpus))


def test_query_commands():
    result = runner.invoke(app, ["query", "burden", "--top", "10", "--collective", "drop", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 10 and rows[0]["agency"] == "上城区住房和城市建设局"
    listing = runner.invoke(app, ["query", "--list"])
    assert "brokerage" in listing.stdout and "compare" in listing.stdout
    centrality_rows = json.loads(runner.invoke(app, ["query", "centrality", "-m", "betweenness", "--format", "json", "--top", "3"]).stdout)
    assert centrality_rows[0]["betweenness"] >= centrality_rows[1]["betweenness"]
    ego_rows = runner.invoke(app, ["query", "ego", "市城管局", "--format", "csv"])
    assert ego_rows.exit_code == 0 and ego_rows.stdout.startswith("partner_id,partner,partner_type,")
    traditional = runner.invoke(app, ["query", "ego", "市衛生健康委員會", "--format", "json"])
    assert json.loads(traditional.stdout)[0]["ego"] == "杭州市卫生健康委员会"
    compared = runner.invoke(app, ["query", "compare", "--a", "year=2017", "--b", "year=2022", "--successors", "--format", "json", "--permutations", "99"])
    assert json.loads(compared.stdout)[0]["agencies_both"] > 0
    for args in (["query", "pairs", "--directed", "--top", "3"], ["query", "brokerage", "--group-by", "type"], ["query", "communities", "--top", "5"]):
        assert runner.invoke(app, args).exit_code == 0
    bad = runner.invoke(app, ["query", "compare", "--a", "decade=1990", "--b", "year=2022"])
    assert bad.exit_code == 2 and "slice" in bad.stderr
    nothing = runner.invoke(app, ["query", "burden", "--year", "1999"])
    assert nothing.exit_code == 1


def test_eigenvector_is_computed_in_each_component_on_its_own():
    # Two cities that share no task: each one's agencies are ranked among themselves.
    tasks = [("t1", "A", "B"), ("t2", "A", "C"), ("t3", "B", "C"), ("t4", "A", "B"),  # city 1: a triangle
             ("u1", "X", "Y"), ("u2", "Y", "Z")]  # city 2: a path
    view = View.from_involvements([I(t, a, "lead") for t, a, _ in tasks] + [I(t, b, "cooperating") for t, _, b in tasks])
    rows = {r["agency_id"]: r for r in centrality(view)}
    graph = view.one_mode()
    for members in (["A", "B", "C"], ["X", "Y", "Z"]):
        expected = nx.eigenvector_centrality_numpy(graph.subgraph(members), weight="shared")
        for agency in members:
            assert rows[agency]["eigenvector"] == pytest.approx(expected[agency], abs=1e-6)
    assert min(rows[a]["eigenvector"] for a in "XYZ") > 0  # not 0 because city 1's eigenvalue is larger
