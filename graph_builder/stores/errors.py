"""The one error of the graph databases, so that a caller catches the same type whichever
store it loads or queries (the LadybugDB module used to borrow the Neo4j loader's).

Not a ValueError, unlike :class:`graph_builder.store.StoreError` (a missing or damaged
``corpus.json.gz``): the CLI reports a database failure with exit status 1, a bad option or
file with 2.
"""


class DatabaseError(Exception):
    """A load or query that could not be done or did not check out; the message is one clear line."""
