"""The query library: documented functions over the graph views, each returning plain records
(a list of dicts; ``pandas.DataFrame(records)`` in a notebook).

>>> from graph_builder.pipeline import load_corpus
>>> from queries import View, Filters, burden
>>> corpus, _ = load_corpus()
>>> top = burden(View.from_corpus(corpus, Filters()))[0]
>>> top["agency"], top["tasks_cooperated"]
('上城区各街道办事处', 73)
"""

from .brokerage import brokerage
from .burden import burden
from .centrality import MEASURES, centrality
from .communities import communities
from .compare import compare
from .pairs import ego, find_agency, lead_pairs, shared_pairs
from .views import COLLECTIVE_MODES, Filters, Involvement, View

# name -> (function, one-line description) for `govkg query --list`.
QUERIES = {
    "burden": (burden, "tasks and programs led / co-operated on, partners, lead load, cooperation load, coordination burden"),
    "centrality": (centrality, "degree, strength, betweenness, closeness, eigenvector, PageRank, HITS, constraint, effective size, core"),
    "pairs": (shared_pairs, "agency pairs that share the most tasks (with Newman's collaboration weight); --directed: lead → cooperator pairs that recur most"),
    "brokerage": (brokerage, "Gould–Fernandez brokerage roles on the lead → cooperating graph"),
    "communities": (communities, "Louvain communities (fixed seed) with modularity"),
    "ego": (ego, "partners of one agency with shared tasks and roles"),
    "compare": (compare, "two slices compared: overlap, rank correlation, QAP correlation with p-value"),
}

__all__ = [
    "COLLECTIVE_MODES", "Filters", "Involvement", "MEASURES", "QUERIES", "View", "brokerage", "burden",
    "centrality", "communities", "compare", "ego", "find_agency", "lead_pairs", "shared_pairs",
]
