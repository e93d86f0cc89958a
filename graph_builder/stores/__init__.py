"""Graph databases govkg loads and queries: Neo4j or any Bolt server (``neo4j_loader``), the
embedded LadybugDB (``ladybug_db``) and a local Bolt server to load into (``bolt_server``).

They read the property-graph tables of ``graph_builder.emit.property_graph``; a failure in any
of them is one :class:`~graph_builder.stores.errors.DatabaseError`.
"""
