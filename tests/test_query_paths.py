"""The fast paths of the query library (issue 14) against the straightforward implementations
they replaced, kept here as references: burden's array and Python counts, brokerage from
sparse products vs the loop over every two-step path, pairs from the edge arrays vs the
networkx graphs, modularity vs networkx, and a view built from the corpus vs one from its
involvements. On the bundled corpus in every collective mode and on a generated corpus with
several jurisdictions and groups (mutual ties, closed and open triads of every role)."""

from __future__ import annotations

import gc

import networkx as nx
import pytest

from benchmarks.synthetic import synthetic_corpus
from graph_builder.pipeline import load_corpus
from queries import Filters, Involvement as I, View, brokerage, burden, communities, lead_pairs, shared_pairs
from queries.burden import _counts_arrays, _counts_python
from queries.brokerage import ROLES, _role
from queries.communities import _modularity
from graph_builder.memory import gc_paused


@pytest.fixture(scope="module")
def views():
    corpus, _ = load_corpus()
    result = {collective: View.from_corpus(corpus, Filters(collective=collective)) for collective in ("node", "expand", "drop")}
    result["successors"] = View.from_corpus(corpus, Filters(collective="expand", map_successors=True))
    generated = synthetic_corpus(600, 3000, block=100)  # six jurisdictions
    for agency in generated.resolution.agencies.values():  # a second grouping for brokerage
        agency.type = ("bureau", "office", "committee")[int(agency.canonical[-1]) % 3]
    result["generated"] = View.from_corpus(generated, Filters())
    return result


def reference_brokerage(view, group_by):
    graph = view.directed()
    group = {node: view.attributes.get(node, {}).get(group_by) for node in graph.nodes}
    counts = {node: dict.fromkeys(ROLES, 0) for node in graph.nodes}
    for broker in graph.nodes:
        for source in graph.predecessors(broker):
            for target in graph.successors(broker):
                if source == target or graph.has_edge(source, target):
                    continue
                counts[broker][_role(group[source], group[broker], group[target])] += 1
    rows = [{"agency_id": n, "agency": view.label(n), "group": group[n], **r, "total": sum(r.values())} for n, r in counts.items()]
    rows.sort(key=lambda r: (-r["total"], r["agency"], r["agency_id"]))
    return rows


def reference_shared_pairs(view):
    rows = []
    for a, b, data in view.one_mode().edges(data=True):
        first, second = sorted((a, b), key=lambda x: (view.label(x), x))
        rows.append({"agency_a_id": first, "agency_a": view.label(first), "agency_b_id": second, "agency_b": view.label(second),
                     "shared_tasks": data["shared"], "newman_weight": round(data["newman"], 6)})
    rows.sort(key=lambda r: (-r["shared_tasks"], -r["newman_weight"], r["agency_a"], r["agency_b"]))
    return rows


def reference_lead_pairs(view):
    rows = [{"lead_id": a, "lead": view.label(a), "cooperator_id": b, "cooperator": view.label(b), "tasks": data["weight"]}
            for a, b, data in view.directed().edges(data=True)]
    rows.sort(key=lambda r: (-r["tasks"], r["lead"], r["cooperator"]))
    return rows


@pytest.mark.parametrize("name", ["node", "expand", "drop", "successors", "generated"])
def test_fast_paths_match_the_references(views, name):
    view = views[name]
    assert _counts_arrays(view) == _counts_python(view)
    for group_by in ("jurisdiction", "type"):
        assert brokerage(view, group_by) == reference_brokerage(view, group_by)
    assert shared_pairs(view) == reference_shared_pairs(view)
    assert lead_pairs(view) == reference_lead_pairs(view)
    parts = [sorted({r["agency_id"] for r in communities(view) if r["community"] == c}) for c in {r["community"] for r in communities(view)}]
    assert _modularity(view, parts, 1.0) == nx.community.modularity(view.one_mode(), parts, weight="shared")
    assert _modularity(view, parts, 0.5) == nx.community.modularity(view.one_mode(), parts, weight="shared", resolution=0.5)


def test_generated_view_has_every_brokerage_role(views):
    totals = {role: sum(r[role] for r in brokerage(views["generated"], "type")) for role in ROLES}
    assert all(totals.values()), totals


def test_view_from_corpus_matches_view_from_involvements(views):
    view = views["expand"]
    again = View.from_involvements(reversed(view.involvements))
    assert sorted(again.involvements, key=lambda i: (i.task, i.agency)) == view.involvements
    assert again.agencies_of_task.keys() == view.agencies_of_task.keys()


def test_views_and_graphs_with_duplicate_roles_keep_their_old_meaning():
    # A view built by hand may list one agency in both roles on a task: the last one listed
    # counts in burden (agencies_of_task), both count in the directed graph (as before).
    view = View.from_involvements([I("t1", "A", "lead"), I("t1", "A", "cooperating"), I("t1", "B", "cooperating"),
                                   I("t2", "B", "lead"), I("t2", "A", "cooperating")])
    assert _counts_arrays(view) == _counts_python(view)
    assert lead_pairs(view) == reference_lead_pairs(view)
    assert brokerage(view, "jurisdiction") == reference_brokerage(view, "jurisdiction")
    graph = view.one_mode()
    assert list(graph.edges(data=True)) == [("A", "B", {"shared": 2, "weight": 2, "newman": 2.0})]


def test_gc_paused_restores_the_collector():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            raise RuntimeError
    assert gc.isenabled()


@pytest.mark.parametrize("name", ["node", "expand", "drop", "successors", "generated"])
def test_components_in_python_match_scipy(views, name, monkeypatch):
    from queries import slices

    view = views[name]
    in_python = slices.components(view) if len(view.involvements) < slices.ARRAYS_FROM else None
    monkeypatch.setattr(slices, "ARRAYS_FROM", 0)
    with_scipy = slices.components(view)
    monkeypatch.setattr(slices, "ARRAYS_FROM", 10**12)
    assert slices.components(view) == with_scipy
    assert in_python is None or in_python == with_scipy
    assert sum(with_scipy) == len(view.agencies)


@pytest.mark.parametrize("name", ["node", "expand", "drop", "successors", "generated"])
@pytest.mark.parametrize("resolution", [1.0, 0.5])
def test_louvain_driver_matches_networkx(views, name, resolution):
    from queries.communities import SEED, _louvain

    view = views[name]
    graph = view.one_mode()
    expected = nx.community.louvain_communities(graph, weight="shared", resolution=resolution, seed=SEED)
    assert _louvain(view, resolution) == expected


def test_graph_modularity_matches_networkx_with_self_loops():
    from queries.communities import _graph_modularity

    graph = nx.Graph()
    graph.add_weighted_edges_from([(0, 1, 3), (1, 2, 1), (2, 2, 4), (2, 3, 2), (3, 4, 5), (4, 4, 1), (0, 4, 1)])
    for parts in ([{0, 1}, {2, 3}, {4}], [{0, 1, 2, 3, 4}], [{n} for n in range(5)]):
        for resolution in (1.0, 0.7):
            assert _graph_modularity(graph, parts, resolution) == nx.community.modularity(graph, parts, resolution=resolution)
