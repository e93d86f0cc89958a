"""Memory-management helpers shared by the steps that build millions of objects (the RDF
statements, the query views); layer 0, so that writers and queries can both use them."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def gc_paused():
    """The cyclic garbage collector off for a block that creates many objects and frees none
    (RDF statements, a view's involvements, a query's records, networkx graphs). With a large
    corpus in memory, every few thousand new objects set off a collection that walks all of
    them: at 200,000 tasks that cost more than the work itself (views 2-3x slower, half the
    time of a 10⁶-triple export). Nested blocks are fine; the previous state comes back on exit.

    >>> import gc
    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
