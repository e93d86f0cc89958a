"""Load the property graph into Neo4j (or any Bolt server that speaks Neo4j's Cypher) with the
official ``neo4j`` driver.

How, and why:

1. Uniqueness constraints on ``id`` for every label first, so MERGE finds nodes by index.
2. The ids and relationship keys the database already holds are read first. Nodes, then
   relationships, go in batches of ``UNWIND $rows AS row …``, one managed write transaction
   each (``session.execute_write``, retried by the driver on transient errors): ``CREATE``
   for what the database lacks, with the properties written in the pattern, ``MERGE`` on
   ``id``/``key`` with ``SET … +=`` for what it has (MERGE must look each row up first: a
   fresh load is several times faster with CREATE). Node batches return the nodes'
   ``elementId``; relationship endpoints are matched by it. ``benchmarks/neo4j_load.py
   --ceiling`` measures what the server itself does with the simplest statements.
3. Loading is idempotent: a second load of the same corpus changes nothing. The database is
   treated as govkg's own: after the upsert, nodes of govkg's labels and relationships of its
   types that are no longer in the corpus (held at the start, not in the corpus) are removed,
   so a re-load after a corpus change updates in place.
4. The node and relationship counts are read back and compared with the model; a mismatch
   is an error.

Each batch commits on its own, so a load that fails half-way (the server went away) leaves a
consistent database holding whole batches; running the load again completes it.

Connection settings follow Neo4j's conventions: ``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD`` and a database name.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from ..emit.property_graph import NODE_PROPERTIES, REL_PROPERTIES, PropertyGraph, as_property_graph
from ..model import Corpus
from .errors import DatabaseError

DEFAULT_BATCH = 1000


@dataclass
class Connection:
    uri: str = "bolt://localhost:7687"
    username: str = "neo4j"
    password: str | None = None
    database: str | None = None
    retry_seconds: float = 30.0  # how long the driver retries a batch on a transient failure

    @classmethod
    def from_env(cls, uri=None, username=None, password=None, database=None) -> "Connection":
        return cls(
            uri=uri or os.environ.get("NEO4J_URI", "bolt://localhost:7687"),
            username=username or os.environ.get("NEO4J_USERNAME", "neo4j"),
            password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )


def _batches(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def driver_for(connection: Connection):
    """A connected driver, or DatabaseError naming what is wrong with the settings."""
    import neo4j
    from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable

    try:
        driver = neo4j.GraphDatabase.driver(
            connection.uri, auth=(connection.username, connection.password or ""),
            max_transaction_retry_time=connection.retry_seconds,
        )
    except (ValueError, ConfigurationError) as error:
        raise DatabaseError(f"bad Neo4j URI {connection.uri!r}: {error}") from None
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        raise DatabaseError(f"{connection.uri}: authentication failed for user {connection.username!r} (check NEO4J_USERNAME / NEO4J_PASSWORD)") from None
    except (ServiceUnavailable, OSError) as error:
        driver.close()
        raise DatabaseError(f"{connection.uri}: no Bolt server reachable ({_first_line(error)})") from None
    return driver


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _node_query(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) SET n += row"


@dataclass
class LoadReport:
    nodes: dict[str, int]
    relationships: dict[str, int]
    seconds: float
    removed_nodes: int = 0
    removed_relationships: int = 0

    @property
    def relationships_per_second(self) -> float:
        return sum(self.relationships.values()) / self.seconds if self.seconds else 0.0


def load(
    data: Corpus | PropertyGraph,
    connection: Connection,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[str, int, int], None] | None = None,
) -> LoadReport:
    """Load ``data`` (a corpus, or its property-graph tables) into the server; return the counts
    read back. Raises DatabaseError on any failure."""
    from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired, TransientError

    graph = as_property_graph(data)
    driver = driver_for(connection)
    started = time.perf_counter()
    try:
        with driver.session(database=connection.database) as session:
            for label in NODE_PROPERTIES:
                session.run(f"CREATE CONSTRAINT govkg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE").consume()
            # What the database holds already: new nodes and relationships are CREATEd (several
            # times faster than MERGE, which must look for each first), those it has are MERGEd
            # and updated; what it has and the corpus no longer has is removed at the end.
            stored_ids = {label: _stored(session, f"MATCH (n:{label}) RETURN n.id AS v") for label in graph.nodes}
            types = sorted({g.type for g in graph.relationships} | STALE_TYPES)
            stored_keys = {type_: _stored(session, f"MATCH ()-[r:{type_}]->() RETURN r.key AS v") for type_ in types}
            total = graph.node_count() + graph.relationship_count()
            done = 0
            elements: dict[tuple[str, str], str] = {}  # (label, id) -> elementId, to find endpoints directly
            for label, rows in graph.nodes.items():
                for batch, query in _node_batches(label, rows, stored_ids[label], batch_size):
                    found = session.execute_write(lambda tx, q=query, b=batch: [(r["id"], r["element"]) for r in tx.run(q, rows=b)])
                    elements.update(((label, node_id), element) for node_id, element in found)
                    done += len(batch)
                    if progress:
                        progress(label, done, total)
            for group in graph.relationships:
                for batch, query in _relationship_batches(group, stored_keys[group.type], elements, batch_size):
                    session.execute_write(lambda tx, q=query, b=batch: tx.run(q, rows=b).consume())
                    done += len(batch)
                    if progress:
                        progress(group.type, done, total)
            removed_nodes, removed_rels = _remove_stale(session, graph, batch_size, stored_ids, stored_keys)
            nodes, relationships = read_counts(session, graph)
    except (ServiceUnavailable, SessionExpired, OSError) as error:
        raise DatabaseError(
            f"{connection.uri}: connection lost during the load ({_first_line(error)}); "
            "the batches already committed are consistent: run the load again to complete it"
        ) from None
    except TransientError as error:
        raise DatabaseError(f"{connection.uri}: the server kept refusing a batch ({_first_line(error)}); run the load again") from None
    except Neo4jError as error:
        raise DatabaseError(f"{connection.uri}: {error.code}: {error.message}") from None
    finally:
        driver.close()
    seconds = time.perf_counter() - started
    expected_nodes, expected_rels = graph.counts_by_label(), graph.counts_by_type()
    wrong = [f"{k}: {nodes.get(k, 0)} in the database, {v} in the model" for k, v in expected_nodes.items() if nodes.get(k, 0) != v]
    wrong += [f"{k}: {relationships.get(k, 0)} in the database, {v} in the model" for k, v in expected_rels.items() if relationships.get(k, 0) != v]
    if wrong:
        raise DatabaseError("counts read back differ from the model: " + "; ".join(wrong))
    return LoadReport(nodes, relationships, seconds, removed_nodes, removed_rels)


# Relationship types govkg writes (also those a corpus may no longer have: their stale rows go).
STALE_TYPES = frozenset(REL_PROPERTIES)


def _stored(session, query: str) -> set:
    return {record["v"] for record in session.run(query)}


def _inline(keys: tuple[str, ...], row: str) -> str:
    """``{k: row.k, …}``: properties written in the pattern (a map parameter set with ``+=``
    costs the server about twice as much). Keys are the model's own property names."""
    return "{" + ", ".join(f"`{key}`: {row}.`{key}`" for key in keys) + "}"


def _by_keys(rows: list[dict], props=lambda row: row) -> dict[tuple[str, ...], list[dict]]:
    """Rows grouped by the properties they set (None values are not set, as ``+=`` with a
    null leaves the property out), in their order."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for row in rows:
        groups.setdefault(tuple(k for k, v in props(row).items() if v is not None), []).append(row)
    return groups


def _node_batches(label: str, rows: list[dict], stored: set, size: int):
    """(rows, query) batches: CREATE for ids the database does not have, MERGE for the others.
    Each returns the rows' ids and elementIds."""
    new = [row for row in rows if row["id"] not in stored]
    old = [row for row in rows if row["id"] in stored]
    for keys, group in _by_keys(new).items():
        query = f"UNWIND $rows AS row CREATE (n:{label} {_inline(keys, 'row')}) RETURN row.id AS id, elementId(n) AS element"
        for batch in _batches(group, size):
            yield [{k: row[k] for k in keys} for row in batch], query
    for batch in _batches(old, size):
        yield batch, _node_query(label) + " RETURN row.id AS id, elementId(n) AS element"


def _relationship_batches(group, stored: set, elements: dict, size: int):
    """(rows, query) batches: endpoints found by elementId; CREATE for keys the database does
    not have, MERGE (on the key) for the others."""
    start, end = group.start_label, group.end_label
    match = "UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.start MATCH (b) WHERE elementId(b) = row.end "
    new = [row for row in group.rows if row["props"]["key"] not in stored]
    old = [row for row in group.rows if row["props"]["key"] in stored]

    def located(row: dict, props: dict) -> dict:
        # an endpoint the model lacks matches nothing (as MATCH by id did): the counts read
        # back then differ and the load reports it
        return {"start": elements.get((start, row["start"]), ""), "end": elements.get((end, row["end"]), ""), "props": props}

    for keys, rows in _by_keys(new, lambda row: row["props"]).items():
        query = match + f"CREATE (a)-[r:{group.type} {_inline(keys, 'row.props')}]->(b)"
        for batch in _batches(rows, size):
            yield [located(row, {k: row["props"][k] for k in keys}) for row in batch], query
    query = match + f"MERGE (a)-[r:{group.type} {{key: row.props.key}}]->(b) SET r += row.props"
    for batch in _batches(old, size):
        yield [located(row, row["props"]) for row in batch], query


def _remove_stale(session, graph: PropertyGraph, batch_size: int, stored_ids: dict | None = None, stored_keys: dict | None = None) -> tuple[int, int]:
    """Delete govkg nodes and relationships that the corpus no longer has: those the database
    held before the load (``stored_*``, read at its start) minus those of the corpus, named
    in short lists (not the corpus's whole list of keys, which the server scans per row)."""
    removed_nodes = removed_rels = 0
    types = sorted({g.type for g in graph.relationships} | STALE_TYPES)
    if stored_keys is None:
        stored_keys = {t: _stored(session, f"MATCH ()-[r:{t}]->() RETURN r.key AS v") for t in types}
    if stored_ids is None:
        stored_ids = {label: _stored(session, f"MATCH (n:{label}) RETURN n.id AS v") for label in graph.nodes}
    for group_type in types:
        keys = {row["props"]["key"] for g in graph.relationships if g.type == group_type for row in g.rows}
        stale = sorted(stored_keys.get(group_type, set()) - keys, key=str)
        for batch in _batches(stale, batch_size):
            result = session.execute_write(
                lambda tx, t=group_type, k=batch: tx.run(f"MATCH ()-[r:{t}]->() WHERE r.key IN $keys DELETE r RETURN count(*) AS removed", keys=k).single()
            )
            removed_rels += result["removed"] if result else 0
    for label, rows in graph.nodes.items():
        ids = {row["id"] for row in rows}
        stale = sorted(stored_ids.get(label, set()) - ids, key=str)
        for batch in _batches(stale, batch_size):
            result = session.execute_write(
                lambda tx, l=label, i=batch: tx.run(f"MATCH (n:{l}) WHERE n.id IN $ids DETACH DELETE n RETURN count(*) AS removed", ids=i).single()
            )
            removed_nodes += result["removed"] if result else 0
    return removed_nodes, removed_rels


def read_counts(session, graph: PropertyGraph) -> tuple[dict[str, int], dict[str, int]]:
    nodes = {label: session.run(f"MATCH (n:{label}) RETURN count(n) AS c").single()["c"] for label in graph.nodes}
    relationships = {}
    for type_ in sorted({g.type for g in graph.relationships}):
        relationships[type_] = session.run(f"MATCH ()-[r:{type_}]->() RETURN count(r) AS c").single()["c"]
    return nodes, relationships


def run_query(connection: Connection, query: str, parameters: dict | None = None) -> list[dict]:
    """Run one Cypher query on a Bolt server; rows as dicts. DatabaseError on any failure."""
    from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

    driver = driver_for(connection)
    try:
        with driver.session(database=connection.database) as session:
            return [dict(record) for record in session.run(query, parameters or {})]
    except Neo4jError as error:
        raise DatabaseError(f"{error.code}: {_first_line(Exception(error.message or str(error)))}") from None
    except (ServiceUnavailable, SessionExpired) as error:
        raise DatabaseError(f"{connection.uri}: connection lost ({_first_line(error)})") from None
    finally:
        driver.close()
