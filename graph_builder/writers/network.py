"""The graph every network export writes: the query view's agency network with flat attributes.

``network(view)`` is the one-mode co-operation network (agencies sharing tasks; ``weight`` =
shared tasks, ``newman`` = Σ 1/(k−1)); ``directed=True`` gives lead → cooperating arcs
(``weight`` = tasks on which that lead had that cooperator); ``two_mode=True`` the agency × task
graph (``role`` lead/cooperating, ``weight`` 2 for lead and 1 for cooperating).

Node ids are the canonical agency ids (``杭州市/城市管理局``) and task ids
(``杭政办函-2017-33/t1``), stable across runs; an agency's label is its name, a task's label its
id (its text is the ``text`` attribute, its source lines ``source``). Every attribute is a string, an int or a float —
lists are joined with ``;`` — so that GEXF, GraphML, Pajek and UCINET readers take them as they are.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t2", "B", "lead")])
>>> sorted(network(view).edges(data="weight"))
[('A', 'B', 1)]
>>> network(view).nodes["B"]["tasks_led"], network(view).nodes["B"]["tasks_cooperated"]
(1, 1)
>>> sorted(network(view, two_mode=True).edges(data="role"))
[('A', 't1', 'lead'), ('B', 't1', 'cooperating'), ('B', 't2', 'lead')]
"""

from __future__ import annotations


from queries.views import View

LIST_SEPARATOR = ";"
ROLE_WEIGHT = {"lead": 2, "cooperating": 1}


def _flat(value):
    """A value every format can hold: lists joined, None as the empty string, bools as ints."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(v) for v in items)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


LIST_ATTRIBUTES = ("years", "documents", "aliases")  # lists, joined by LIST_SEPARATOR unless kept


def agency_attributes(view: View, keep_lists: bool = False) -> dict[str, dict]:
    """Per agency: label, kind, jurisdiction, type, level, years, documents, aliases and role
    counts; with ``keep_lists`` the lists stay tuples (GEXF writes them as ``liststring``)."""
    led: dict[str, int] = {a: 0 for a in view.agencies}
    cooperated: dict[str, int] = {a: 0 for a in view.agencies}
    years: dict[str, set] = {a: set() for a in view.agencies}
    documents: dict[str, set] = {a: set() for a in view.agencies}
    for involvement in view.involvements:
        if involvement.role == "lead":
            led[involvement.agency] += 1
        else:
            cooperated[involvement.agency] += 1
        meta = view.task_meta.get(involvement.task, {})
        if meta.get("year") is not None:
            years[involvement.agency].add(meta["year"])
        if meta.get("document"):
            documents[involvement.agency].add(meta["document"])
    def listed(values):
        return tuple(str(v) for v in values) if keep_lists else _flat(values)

    out = {}
    for agency in view.agencies:
        attributes = view.attributes.get(agency, {})
        out[agency] = {
            "label": view.label(agency),
            "mode": "agency",
            "kind": _flat(attributes.get("kind", "agency")),
            "jurisdiction": _flat(attributes.get("jurisdiction")),
            "type": _flat(attributes.get("type")),
            "level": _flat(attributes.get("level")),
            "years": listed(sorted(years[agency])),
            "documents": listed(sorted(documents[agency])),
            "aliases": listed(sorted(attributes.get("aliases", []))),
            "tasks_led": led[agency],
            "tasks_cooperated": cooperated[agency],
            "tasks": led[agency] + cooperated[agency],
        }
    return out


def network(view: View, two_mode: bool = False, directed: bool = False, keep_lists: bool = False) -> nx.Graph:
    """The agency network of ``view`` with flat attributes (see the module docstring; with
    ``keep_lists`` the list attributes stay tuples)."""
    import networkx as nx  # here: the CLI imports this module for --help
    if two_mode and directed:
        raise ValueError("--two-mode and --directed do not combine: the agency × task graph has no direction")
    nodes = agency_attributes(view, keep_lists)
    if two_mode:
        graph = nx.Graph(mode="static")
        for agency, attributes in nodes.items():
            graph.add_node(agency, bipartite=0, **attributes)
        for task in view.tasks:
            meta = view.task_meta.get(task, {})
            graph.add_node(
                task, bipartite=1, label=task, text=view.task_labels.get(task, ""), mode="task",
                program=_flat(view.task_program.get(task)), document=_flat(meta.get("document")),
                year=_flat(meta.get("year")), jurisdiction=_flat(meta.get("jurisdiction")),
                source=_flat(f"{meta['path']}:{meta['line_start']}-{meta['line_end']}" if meta.get("path") else None),
            )
        for involvement in view.involvements:
            graph.add_edge(involvement.agency, involvement.task, role=involvement.role, weight=ROLE_WEIGHT[involvement.role])
        return graph
    graph = nx.DiGraph() if directed else nx.Graph()
    for agency, attributes in nodes.items():
        graph.add_node(agency, **attributes)
    agencies = view.agencies
    if directed:
        for i, j, tasks in zip(*view.directed_edges):
            graph.add_edge(agencies[i], agencies[j], weight=int(tasks))
    else:
        for i, j, shared, newman in zip(*view.one_mode_edges):
            graph.add_edge(agencies[i], agencies[j], weight=int(shared), newman=round(float(newman), 6))
    return graph


def unique_labels(graph: nx.Graph) -> dict[str, str]:
    """node -> label, with the node id appended to any label two nodes share (Pajek and UCINET
    identify vertices by label)."""
    import networkx as nx  # here: the CLI imports this module for --help
    labels = {node: str(data.get("label") or node) for node, data in graph.nodes(data=True)}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {node: (label if counts[label] == 1 else f"{label} [{node}]") for node, label in labels.items()}


def ordered_nodes(graph: nx.Graph) -> list[str]:
    """Agencies first, then tasks (the two modes of a two-mode network), each in view order."""
    import networkx as nx  # here: the CLI imports this module for --help
    return sorted(graph.nodes, key=lambda n: graph.nodes[n].get("bipartite", 0))
