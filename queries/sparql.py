"""SPARQL over the built graph (pyoxigraph's in-memory store), and the cookbook in
``queries/sparql/*.rq``: each file's first comment lines say what it answers.

Agencies' names are ``skos:prefLabel``; per-document statements sit in one named graph per
document, and queries see the union of all graphs.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pyoxigraph as ox


def cookbook() -> dict[str, str]:
    """name -> query text of every cookbook query."""
    folder = resources.files("queries").joinpath("sparql")
    return {p.name.removesuffix(".rq"): p.read_text("utf-8") for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".rq")}


def describe(query_text: str) -> str:
    lines = [line[1:].strip() for line in query_text.splitlines() if line.startswith("#")]
    return " ".join(lines)


def store_from_quads(quads) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def store_from_file(path: str | Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")) or ox.RdfFormat.TURTLE)
    return store


def _value(term) -> object:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype else ""
        if datatype.endswith("#integer"):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        return term.value
    return term.value


def run(store: ox.Store, query: str, parameters: dict[str, str] | None = None) -> list[dict]:
    """Run a SELECT (rows as dicts) or ASK (one row ``{"ask": bool}``) query.

    ``parameters`` substitute ``$name`` placeholders with string literals.
    """
    for name, value in (parameters or {}).items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        query = query.replace(f"${name}", f'"{escaped}"')
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise ValueError(f"SPARQL syntax error: {error}") from None
    if isinstance(result, bool):
        return [{"ask": result}]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return [{name: _value(solution[name]) for name in names} for solution in result]
    raise ValueError("only SELECT and ASK queries are supported here; use CONSTRUCT through pyoxigraph directly")
