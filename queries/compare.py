"""Compare two slices of the corpus (two years, two documents, two jurisdictions).

- ``node_overlap`` / ``edge_overlap``: Jaccard index of the agencies / co-involvement ties.
- ``rank_correlation``: Spearman's ρ of a centrality measure over the agencies in both.
- ``qap_correlation``: Pearson correlation of the two shared-task matrices over the agencies
  in both, with a QAP permutation p-value: the rows and columns of one matrix are permuted
  together ``permutations`` times (seeded) and p = (#|r_perm| ≥ |r| + 1) / (permutations + 1).

Reorganised agencies can be mapped onto their successors first (``map_successors`` in the
filters), so 2017's 市城管委 and 2022's 市城管局 count as one agency.

>>> from queries.views import View, Involvement as I
>>> a = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating")])
>>> b = View.from_involvements([I("t2", "A", "lead"), I("t2", "B", "cooperating"), I("t2", "C", "cooperating")])
>>> result = compare(a, b)
>>> result["node_overlap"], result["edge_overlap"]
(0.666667, 0.333333)

Definitions (``govkg query --explain NAME``; docs/measures.md is generated from them):

:measure node_overlap, edge_overlap: Jaccard index of the agencies / the co-operation ties of two slices.
:formula: |A ∩ B| / |A ∪ B|
:normalisation: 0 to 1.
:reference: Jaccard, P. (1901). Bulletin de la Société Vaudoise des Sciences Naturelles 37, 547–579.

:measure rank_correlation: Spearman's ρ of one centrality measure over the agencies present in both slices.
:formula: ρ = Pearson correlation of the ranks
:normalisation: −1 to 1.
:reference: Spearman, C. (1904). The proof and measurement of association between two things. American Journal of Psychology 15, 72–101.

:measure qap_correlation: correlation of the two shared-task matrices over the agencies in both slices, with a permutation p-value that keeps each network's structure.
:formula: r = Pearson(S_A, S_B) over off-diagonal cells; p = (#{|r_perm| ≥ |r|} + 1) / (permutations + 1), rows and columns of one matrix permuted together (seed 42)
:normalisation: r between −1 and 1.
:reference: Krackhardt, D. (1987). QAP partialling as a test of spuriousness. Social Networks 9, 171–186; Hubert, L. J. (1987). Assignment Methods in Combinatorial Data Analysis.
"""

from __future__ import annotations

# numpy and scipy.stats (1.7 s to import) are imported where they are used.

from .centrality import centrality
from .registry import Option, Query
from .views import Filters, View

SEED = 42


def _matrix(view: View, nodes: list[str]) -> np.ndarray:
    import numpy as np

    graph = view.one_mode()
    index = {n: i for i, n in enumerate(nodes)}
    matrix = np.zeros((len(nodes), len(nodes)))
    for a, b, data in graph.edges(data=True):
        if a in index and b in index:
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = data["shared"]
    return matrix


def _offdiagonal_correlation(x: np.ndarray, y: np.ndarray) -> float:
    import numpy as np

    mask = ~np.eye(len(x), dtype=bool)
    a, b = x[mask], y[mask]
    if a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def qap(x: np.ndarray, y: np.ndarray, permutations: int = 999, seed: int = SEED) -> tuple[float, float]:
    import numpy as np

    observed = _offdiagonal_correlation(x, y)
    if observed != observed:
        return observed, float("nan")
    rng = np.random.default_rng(seed)
    extreme = 0
    for _ in range(permutations):
        order = rng.permutation(len(y))
        if abs(_offdiagonal_correlation(x, y[np.ix_(order, order)])) >= abs(observed) - 1e-12:
            extreme += 1
    return observed, (extreme + 1) / (permutations + 1)


def compare(a: View, b: View, measure: str = "degree", permutations: int = 999) -> dict:
    nodes_a, nodes_b = set(a.agencies), set(b.agencies)
    common = sorted(nodes_a & nodes_b)
    edges_a = {frozenset(e) for e in a.one_mode().edges()}
    edges_b = {frozenset(e) for e in b.one_mode().edges()}
    union_nodes, union_edges = nodes_a | nodes_b, edges_a | edges_b
    result = {
        "agencies_a": len(nodes_a),
        "agencies_b": len(nodes_b),
        "agencies_both": len(common),
        "node_overlap": round(len(common) / len(union_nodes), 6) if union_nodes else 0.0,
        "ties_a": len(edges_a),
        "ties_b": len(edges_b),
        "ties_both": len(edges_a & edges_b),
        "edge_overlap": round(len(edges_a & edges_b) / len(union_edges), 6) if union_edges else 0.0,
        "measure": measure,
        "rank_correlation": None,
        "qap_correlation": None,
        "qap_p_value": None,
        "agencies_only_a": sorted(a.label(n) for n in nodes_a - nodes_b),
        "agencies_only_b": sorted(b.label(n) for n in nodes_b - nodes_a),
    }
    if len(common) >= 3:
        values_a = {r["agency_id"]: r[measure] for r in centrality(a)}
        values_b = {r["agency_id"]: r[measure] for r in centrality(b)}
        first, second = [values_a[n] for n in common], [values_b[n] for n in common]
        if len(set(first)) > 1 and len(set(second)) > 1:  # ρ is undefined for a constant measure
            from scipy import stats

            rho = stats.spearmanr(first, second).statistic
            result["rank_correlation"] = round(float(rho), 6)
        r, p = qap(_matrix(a, common), _matrix(b, common), permutations=permutations)
        result["qap_correlation"] = None if r != r else round(r, 6)
        result["qap_p_value"] = None if p != p else round(p, 6)
    return result


def slice_filters(specs: list[str], collective: str = "node", map_successors: bool = False) -> Filters:
    """The filters of one slice written as ``year=2017``, ``doc=ID``, ``jurisdiction=ID`` or
    ``category=A类`` (repeatable: the slice is their intersection, as with ``--year`` and ``--doc``).

    >>> slice_filters(["year=2017", "jurisdiction=杭州市"]).years
    (2017,)
    >>> slice_filters(["2017"])
    Traceback (most recent call last):
    ...
    ValueError: slice '2017': use year=2017, doc=ID, jurisdiction=ID or category=A类
    """
    fields = {"year": [], "doc": [], "jurisdiction": [], "category": []}
    for spec in specs:
        key, sep, value = spec.partition("=")
        if not sep or key not in fields:
            raise ValueError(f"slice {spec!r}: use year=2017, doc=ID, jurisdiction=ID or category=A类")
        fields[key].append(int(value) if key == "year" else value)
    return Filters(documents=tuple(fields["doc"]), years=tuple(fields["year"]), jurisdictions=tuple(fields["jurisdiction"]),
                   categories=tuple(fields["category"]), collective=collective, map_successors=map_successors)


def compare_slices(corpus, a: list[str], b: list[str], measure: str = "degree", permutations: int = 999,
                   collective: str = "node", map_successors: bool = False) -> dict:
    """``compare`` of the two slices ``a`` and ``b`` of a corpus (``slice_filters`` specs): what
    ``govkg query compare --a … --b …`` prints."""
    filters = [slice_filters(spec, collective, map_successors) for spec in (a, b)]
    return compare(*(View.from_corpus(corpus, f) for f in filters), measure=measure, permutations=permutations)


QUERY = Query(
    name="compare",
    function=compare,
    run=compare_slices,
    input="corpus",
    order=70,
    description="two slices compared: overlap, rank correlation, QAP correlation with p-value",
    help="Compare two slices: overlap, rank correlation of a measure, QAP correlation with p-value.",
    options=(
        Option("a", list[str], help="Slice A: year=2017, doc=ID or jurisdiction=ID; repeatable.", flags=("--a",), required=True),
        Option("b", list[str], help="Slice B, same form as --a.", flags=("--b",), required=True),
        Option("measure", str, "degree", flags=("--measure", "-m")),
        Option("permutations", int, 999, "QAP permutations."),
    ),
    columns=("statistic", "value"),
    title="comparison",
)
