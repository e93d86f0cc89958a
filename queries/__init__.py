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



def __getattr__(name):
    """``QUERIES``: name -> ``queries.registry.Query``, the table every measure module declares
    its entries in (``govkg query --list`` order); built on first use."""
    if name == "QUERIES":
        from .registry import queries

        return queries()
    raise AttributeError(f"module 'queries' has no attribute {name!r}")


__all__ = [
    "COLLECTIVE_MODES", "Filters", "Involvement", "MEASURES", "QUERIES", "View", "brokerage", "burden",
    "centrality", "communities", "compare", "ego", "find_agency", "lead_pairs", "shared_pairs",
]
