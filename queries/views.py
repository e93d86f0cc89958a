"""Graph views built once from the model, with the filters every query takes.

The unit of everything here is an *involvement*: (task, agency, role). From the list of
involvements that pass the filters come

- the **two-mode** agency–task graph (edges carry the role),
- the **one-mode** agency–agency co-involvement graph, built with sparse matrices
  (B Bᵀ for shared tasks; B D⁻¹ Bᵀ for Newman's collaboration weight Σ 1/(k−1)),
- the **directed** lead → cooperating graph (weight = tasks).

Small example: one task led by A with B and C co-operating gives the one-mode edges A–B, A–C,
B–C with shared = 1 and newman = 1/(3−1) = 0.5 each, and the directed edges A→B, A→C.

>>> from queries.views import View, Involvement
>>> view = View.from_involvements([Involvement("t1", "A", "lead"), Involvement("t1", "B", "cooperating"),
...                                Involvement("t1", "C", "cooperating")])
>>> sorted(view.one_mode().edges(data="newman"))
[('A', 'B', 0.5), ('A', 'C', 0.5), ('B', 'C', 0.5)]
>>> sorted(view.directed().edges(data="weight"))
[('A', 'B', 1), ('A', 'C', 1)]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Optional

# networkx, numpy and scipy are imported inside the methods that use them, so that importing
# the query library (govkg --help, govkg query --list) stays light.

from graph_builder.memory import gc_paused
from graph_builder.model import Corpus

COLLECTIVE_MODES = ("node", "expand", "drop")


@dataclass(frozen=True)
class Involvement:
    task: str
    agency: str
    role: str  # "lead" | "cooperating"


@dataclass
class Filters:
    """Which part of the corpus a query looks at.

    ``collective``: ``node`` counts a collective unit (各街道办事处) as one node, ``expand``
    replaces it by the members the corpus names, ``drop`` leaves it out.
    ``map_successors``: count reorganised agencies under their successors.
    """

    documents: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    collective: str = "node"
    map_successors: bool = False

    def __post_init__(self):
        if self.collective not in COLLECTIVE_MODES:
            raise ValueError(f"collective must be one of {', '.join(COLLECTIVE_MODES)}, not {self.collective!r}")


@dataclass
class View:
    involvements: list[Involvement]
    labels: dict[str, str] = field(default_factory=dict)  # node id -> display name
    attributes: dict[str, dict] = field(default_factory=dict)  # node id -> jurisdiction, type, ...
    task_program: dict[str, Optional[str]] = field(default_factory=dict)
    task_labels: dict[str, str] = field(default_factory=dict)
    # task id -> {"document", "year", "jurisdiction", "path", "line_start", "line_end"}, for
    # exports, per-jurisdiction slices and links back to the source lines
    task_meta: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def from_involvements(cls, involvements: Iterable[Involvement], **kwargs) -> "View":
        return cls(list(dict.fromkeys(involvements)), **kwargs)

    @classmethod
    def from_corpus(cls, corpus: Corpus, filters: Filters | None = None) -> "View":
        filters = filters or Filters()
        with gc_paused():
            resolution = corpus.resolution
            successors = resolution.successor_map() if filters.map_successors else {}
            groups = resolution.groups
            collective = filters.collective
            # (task, agency) -> role; one involvement per pair, the lead role wins (see _lead_wins).
            # Plain tuples here, Involvement objects once at the end: this loop runs once per
            # mention (~800,000 at 200,000 tasks).
            roles: dict[tuple[str, str], str] = {}
            task_program: dict[str, Optional[str]] = {}
            task_labels: dict[str, str] = {}
            task_meta: dict[str, dict] = {}
            for extraction in corpus.extractions:
                document = extraction.document
                if filters.documents and document.id not in filters.documents and document.path not in filters.documents:
                    continue
                if filters.years and document.year not in filters.years:
                    continue
                document_id, year = document.id, document.year
                for task in extraction.tasks:
                    jurisdiction = task.jurisdiction.id if task.jurisdiction else None
                    if filters.jurisdictions and not any(
                        jurisdiction == j or (jurisdiction or "").startswith(j + "/") for j in filters.jurisdictions
                    ):
                        continue
                    if filters.categories and task.category not in filters.categories:
                        continue
                    task_id, span = task.id, task.span
                    task_program[task_id] = task.program_id
                    task_labels[task_id] = task.target or task.text
                    task_meta[task_id] = {
                        "document": document_id, "year": year, "jurisdiction": jurisdiction,
                        "path": span.path, "line_start": span.line_start, "line_end": span.line_end,
                    }
                    for mention in task.mentions:
                        role = mention.role
                        node_id = mention.agency_id
                        if successors:
                            node_id = successors.get(node_id, node_id)
                        if node_id in groups:
                            if collective == "drop":
                                continue
                            if collective == "expand":
                                for member in groups[node_id].members:
                                    key = (task_id, successors.get(member, member))
                                    if role == "lead" or key not in roles:
                                        roles[key] = role
                                continue
                        key = (task_id, node_id)
                        if role == "lead" or key not in roles:
                            roles[key] = role
            # sorted by (task, agency): the keys are unique, so this is _lead_wins's order
            involvements = [Involvement(task, agency, roles[task, agency]) for task, agency in sorted(roles)]
            labels, attributes = {}, {}
            for node_id in dict.fromkeys(agency for _, agency in roles):
                node = resolution.node(node_id)
                labels[node_id] = node.name
                attributes[node_id] = {
                    "jurisdiction": node.jurisdiction_id,
                    "type": node.type,
                    "level": node.level,
                    "kind": node.kind,
                    "aliases": sorted(node.aliases),
                }
            return cls(involvements, labels, attributes, task_program, task_labels, task_meta)

    # -- basic sets ------------------------------------------------------------------------
    @cached_property
    def agencies(self) -> list[str]:
        return sorted({i.agency for i in self.involvements}, key=lambda a: (self.label(a), a))

    @cached_property
    def tasks(self) -> list[str]:
        return sorted({i.task for i in self.involvements})

    def label(self, node_id: str) -> str:
        return self.labels.get(node_id, node_id)

    @cached_property
    def agencies_of_task(self) -> dict[str, dict[str, str]]:
        """task -> {agency: role}"""
        out: dict[str, dict[str, str]] = {}
        with gc_paused():
            for involvement in self.involvements:
                out.setdefault(involvement.task, {})[involvement.agency] = involvement.role
        return out

    @cached_property
    def _codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per involvement: (agency index, task index, role) as numpy arrays, computed once for
        the matrices below."""
        import numpy as np

        agency_index = {a: i for i, a in enumerate(self.agencies)}
        task_index = {t: j for j, t in enumerate(self.tasks)}
        involvements = self.involvements
        rows = np.fromiter((agency_index[i.agency] for i in involvements), dtype=np.int64, count=len(involvements))
        cols = np.fromiter((task_index[i.task] for i in involvements), dtype=np.int64, count=len(involvements))
        roles = np.array([i.role for i in involvements], dtype=object)
        return rows, cols, roles

    @cached_property
    def incidence(self) -> sparse.csr_matrix:
        """B: agencies × tasks, 1 where the agency is on the task."""
        import numpy as np
        from scipy import sparse

        rows, cols, _ = self._codes
        data = np.ones(len(rows))
        matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(self.agencies), len(self.tasks)))
        matrix.data[:] = 1.0  # duplicates collapse to one
        return matrix

    # -- graphs ----------------------------------------------------------------------------
    def two_mode(self) -> nx.Graph:
        """Bipartite agency–task graph; agency nodes have bipartite=0, tasks bipartite=1."""
        import networkx as nx

        graph = nx.Graph()
        for agency in self.agencies:
            graph.add_node(agency, bipartite=0, label=self.label(agency), **self.attributes.get(agency, {}))
        for task in self.tasks:
            graph.add_node(task, bipartite=1, label=self.task_labels.get(task, task), program=self.task_program.get(task))
        for involvement in self.involvements:
            graph.add_edge(involvement.agency, involvement.task, role=involvement.role)
        return graph

    @cached_property
    def one_mode_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(i, j, shared, newman) arrays over agency indices, i < j: the one-mode graph
        computed with sparse products, never pair by pair in Python."""
        import numpy as np
        from scipy import sparse

        incidence = self.incidence
        empty = np.array([], dtype=np.int64)
        if incidence.shape[1] == 0:
            return empty, empty, np.array([]), np.array([])
        sizes = np.asarray(incidence.sum(axis=0)).ravel()
        inverse = np.where(sizes > 1, 1.0 / np.maximum(sizes - 1, 1), 0.0)
        shared = sparse.triu(incidence @ incidence.T, k=1).tocsr()
        newman = sparse.triu(incidence @ sparse.diags(inverse) @ incidence.T, k=1).tocsr()
        shared.sort_indices()
        newman.sort_indices()
        coo = shared.tocoo()
        if np.array_equal(shared.indptr, newman.indptr) and np.array_equal(shared.indices, newman.indices):
            newman_values = newman.data.copy()  # same pattern (the usual case): no lookups
        else:
            newman_values = np.asarray(newman[coo.row, coo.col]).ravel()
        return coo.row.astype(np.int64), coo.col.astype(np.int64), coo.data.astype(np.int64), newman_values

    @cached_property
    def directed_edges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(lead index, cooperator index, tasks) arrays: Lᵀ-style product of the lead and
        cooperating incidence matrices."""
        import numpy as np
        from scipy import sparse

        agency_codes, task_codes, roles = self._codes
        shape = (len(self.agencies), len(self.tasks))

        def incidence_of(role: str) -> sparse.csr_matrix:
            chosen = roles == role
            rows, cols = agency_codes[chosen], task_codes[chosen]
            return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)

        product = (incidence_of("lead") @ incidence_of("cooperating").T).tocoo()
        keep = product.row != product.col
        return product.row[keep].astype(np.int64), product.col[keep].astype(np.int64), product.data[keep].astype(np.int64)

    def one_mode(self) -> nx.Graph:
        """Agency–agency graph: ``shared`` tasks, ``newman`` Σ 1/(k−1), ``weight`` = shared."""
        import networkx as nx

        graph = nx.Graph()
        for agency in self.agencies:
            graph.add_node(agency, label=self.label(agency), **self.attributes.get(agency, {}))
        rows, cols, shared, newman = self.one_mode_edges
        with gc_paused():
            _add_edges(graph, self.agencies, rows, cols, shared=shared, weight=shared, newman=newman)
        return graph

    def directed(self) -> nx.DiGraph:
        """Lead → cooperating graph; ``weight`` = tasks on which the lead had that cooperator."""
        import networkx as nx

        graph = nx.DiGraph()
        for agency in self.agencies:
            graph.add_node(agency, label=self.label(agency), **self.attributes.get(agency, {}))
        rows, cols, tasks = self.directed_edges
        with gc_paused():
            _add_edges(graph, self.agencies, rows, cols, weight=tasks)
        return graph


def _add_edges(graph, nodes: list[str], rows, cols, **columns) -> None:
    """Edges (nodes[rows[k]], nodes[cols[k]]) with attributes columns[name][k], in array order,
    into a graph that already has every node and no edge: what ``add_edge`` per edge gives
    (the same adjacency order and attribute dicts, Python ints and floats), written straight
    into networkx's adjacency dicts because ``add_edge`` costs ~2 µs an edge (300,000 edges
    at 5,000 agencies). The arrays hold no duplicate pair and no self-loop."""
    import networkx as nx

    names = list(columns)
    values = [columns[name].tolist() for name in names]
    succ = graph._succ if graph.is_directed() else graph._adj
    pred = graph._pred if graph.is_directed() else graph._adj
    for i, j, *data in zip(rows.tolist(), cols.tolist(), *values):
        u, v = nodes[i], nodes[j]
        attributes = dict(zip(names, data))
        succ[u][v] = attributes
        pred[v][u] = attributes
    if hasattr(nx, "_clear_cache"):
        nx._clear_cache(graph)


def _lead_wins(involvements: list[Involvement]) -> list[Involvement]:
    """One involvement per (task, agency): if an agency is listed as both lead and cooperating
    on one task (possible once groups are expanded), it counts as lead."""
    best: dict[tuple[str, str], Involvement] = {}
    for involvement in involvements:
        key = (involvement.task, involvement.agency)
        if key not in best or involvement.role == "lead":
            best[key] = involvement
    return sorted(best.values(), key=lambda i: (i.task, i.agency, i.role))
