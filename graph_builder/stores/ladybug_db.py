"""The property graph as an embedded LadybugDB database: Cypher with no server.

Loaded with ``COPY … FROM`` a DataFrame per table (never row by row: a lost-row bug was seen
with UNWIND loads at 2M relationships), then the counts are read back and compared with the
model. LadybugDB does not enforce Neo4j's rule that a relationship is used at most once per
pattern, so a symmetric co-occurrence query returns an agency as its own partner unless it
says ``WHERE a.id <> b.id``; the cookbook queries do.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pandas as pd

from ..emit import RDF_WRITERS
from ..emit.property_graph import NODE_PROPERTIES, REL_ENDPOINTS, REL_PROPERTIES, PropertyGraph, as_property_graph
from ..model import Corpus
from .errors import DatabaseError

def _frame(rows: list[dict], columns: dict[str, str]) -> pd.DataFrame:
    """A DataFrame COPY can read: integers as Python objects (None stays null; pandas'
    nullable Int64 trips LadybugDB's scanner), booleans as plain bools."""
    data = {}
    for name, kind in columns.items():
        values = [row.get(name) for row in rows]
        if kind == "BOOLEAN":
            data[name] = pd.Series([bool(v) for v in values], dtype=bool)
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=list(columns))


def _schema_statements() -> list[str]:
    statements = []
    for label, columns in NODE_PROPERTIES.items():
        fields = ", ".join(f"{name} {kind}" for name, kind in columns.items())
        statements.append(f"CREATE NODE TABLE {label}({fields}, PRIMARY KEY(id))")
    for type_, endpoints in REL_ENDPOINTS.items():
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in endpoints)
        fields = ", ".join(f"{name} {kind}" for name, kind in REL_PROPERTIES[type_].items())
        statements.append(f"CREATE REL TABLE {type_}({pairs}, {fields})")
    return statements


def connect(path: str | Path | None = None):
    """A connection to the database at ``path`` (in memory when None)."""
    import ladybug

    database = ladybug.Database(str(path)) if path else ladybug.Database()
    return ladybug.Connection(database)


RDF_SUFFIXES = {writer.SUFFIX for writer in RDF_WRITERS.values()} | {".json"}


def open_database(path: str | Path):
    """A connection to an existing database file; a ValueError naming the file when it is
    missing, a folder, not a LadybugDB database (checked by its first bytes, before LadybugDB
    touches it) or held open by another process."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: no such database (govkg build writes out/graph.lbug)")
    if path.is_dir():
        raise ValueError(f"{path}: a folder, not a LadybugDB database file (govkg build writes out/graph.lbug)")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != b"LBUG":
        hint = f"; it looks like an RDF graph: govkg sparql --graph {path}" if path.suffix.lower() in RDF_SUFFIXES else ""
        raise ValueError(f"{path}: not a LadybugDB database (govkg build writes out/graph.lbug){hint}")
    try:
        return connect(path)
    except RuntimeError as error:
        held = re.search(r"Lock is held by PID (\d+)", str(error))
        if held:
            raise ValueError(
                f"{path}: the database is open in another process (PID {held.group(1)}); "
                "close that govkg cypher prompt or notebook first"
            ) from None
        raise ValueError(f"{path}: cannot open the database: {str(error).splitlines()[0]}") from None


def build_database(data: Corpus | PropertyGraph, path: str | Path | None = None):
    """Create (or replace) the embedded database of ``data`` (a corpus, or its property-graph
    tables) at ``path`` (in memory when None); return (connection, seconds, relationships)."""
    graph = as_property_graph(data)
    if path is not None:
        target = Path(path)
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        for sidecar in target.parent.glob(target.name + ".*"):
            sidecar.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
    connection = connect(path)
    started = time.perf_counter()
    for statement in _schema_statements():
        connection.execute(statement)
    for label, rows in graph.nodes.items():
        if rows:
            frame = _frame(rows, NODE_PROPERTIES[label])  # noqa: F841 - read by COPY below
            connection.execute(f"COPY {label} FROM frame")
    for group in graph.relationships:
        if not group.rows:
            continue
        columns = REL_PROPERTIES[group.type]
        frame = pd.DataFrame({"from": [r["start"] for r in group.rows], "to": [r["end"] for r in group.rows]})
        props = _frame([r["props"] for r in group.rows], columns)
        frame = pd.concat([frame, props], axis=1)  # noqa: F841 - read by COPY below
        connection.execute(f"COPY {group.type} FROM frame (from='{group.start_label}', to='{group.end_label}')")
    seconds = time.perf_counter() - started
    _check_counts(connection, graph)
    return connection, seconds, graph.relationship_count()


def _check_counts(connection, graph: PropertyGraph) -> None:
    wrong = []
    for label, expected in graph.counts_by_label().items():
        found = connection.execute(f"MATCH (n:{label}) RETURN count(n)").get_next()[0]
        if found != expected:
            wrong.append(f"{label}: {found} in the database, {expected} in the model")
    for type_, expected in graph.counts_by_type().items():
        found = connection.execute(f"MATCH ()-[r:{type_}]->() RETURN count(r)").get_next()[0]
        if found != expected:
            wrong.append(f"{type_}: {found} in the database, {expected} in the model")
    if wrong:
        raise DatabaseError("LadybugDB counts differ from the model after COPY: " + "; ".join(wrong))


def run_query(connection, query: str, parameters: dict | None = None) -> list[dict]:
    """Run Cypher on the embedded database; rows as dicts. ValueError with the engine's message
    when the query is malformed."""
    try:
        result = connection.execute(query, parameters or {})
    except RuntimeError as error:
        raise ValueError(str(error).strip().splitlines()[0]) from None
    columns = result.get_column_names()
    rows = []
    while result.has_next():
        rows.append(dict(zip(columns, result.get_next())))
    return rows
