"""SPARQL over the built graph (pyoxigraph's in-memory store), and the cookbook in
``queries/sparql/*.rq``: each file's first comment lines say what it answers.

Agencies' names are ``skos:prefLabel``; per-document statements sit in one named graph per
document, and queries see the union of all graphs.
"""

from __future__ import annotations

import re
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


def resolve_query(query: str, book: dict[str, str] | None = None) -> str:
    """A cookbook name, an existing ``.rq`` file or SPARQL text -> the SPARQL text.

    >>> resolve_query("tasks_of_document").lstrip().startswith("#")
    True
    >>> resolve_query("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    """
    book = cookbook() if book is None else book
    if query in book:
        return book[query]
    if query.endswith(".rq") and Path(query).exists():
        return Path(query).read_text("utf-8")
    return query


def open_store(graph: str | Path | None = None, from_dir: str | Path | None = None):
    """The store a query runs on, and the stored corpus's information (for its staleness
    warning) or None: a graph file (``graph``), the corpus ``govkg build`` stored in
    ``from_dir`` (minted with that build's base IRI), or the bundled corpus when neither.
    Both, or a missing graph file, is a ValueError.

    >>> store, info = open_store()
    >>> info is None and len(store) > 1000
    True
    """
    if graph is not None and from_dir is not None:
        raise ValueError("give --graph FILE or --from DIR, not both")
    if graph is not None:
        if not Path(graph).exists():
            raise ValueError(f"{graph}: no such file")
        return store_from_file(graph), None
    from graph_builder.emit import rdf

    if from_dir is not None:
        from graph_builder.store import load_stored
        from ontology.namespaces import DEFAULT_BASE_IRI

        corpus, info = load_stored(Path(from_dir))
        return store_from_quads(rdf.quads(corpus, info.options.get("base_iri") or DEFAULT_BASE_IRI)), info
    from graph_builder.pipeline import load_corpus

    corpus, _ = load_corpus()
    return store_from_quads(rdf.quads(corpus)), None


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


# Tokens that may contain "$" or "#" without being a parameter or a comment: strings, IRIs, comments.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def parameter_names(query: str) -> list[str]:
    r"""The ``$name`` placeholders of a query, in order, ignoring comments, strings and IRIs.

    >>> parameter_names('# set $x\nSELECT $agency ?t WHERE { ?a <http://e/$y> "$z" FILTER(?n = $agency) }')
    ['agency']
    """
    return list(dict.fromkeys(_PARAMETER.findall(_SKIP.sub(" ", query))))


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["doc_number=2017"]`` -> ``{"doc_number": "2017"}``: values stay strings (SPARQL parameters
    are compared with STR(...)); a pair without ``=`` is a ValueError."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise ValueError(f"--param {pair!r}: use name=value")
        params[name] = value
    return params


def run(store: ox.Store, query: str, parameters: dict[str, str] | None = None) -> list[dict]:
    """Run a SELECT (rows as dicts) or ASK (one row ``{"ask": bool}``) query.

    ``parameters`` bind the query's ``$name`` variables to string literals through pyoxigraph's
    substitutions (SEP-0007): a value is never pasted into the query text, so no value can change
    what the query does. pyoxigraph substitutes only variables of the SELECT clause, so each
    ``$name`` is projected (the cookbook's are) and its constant column is left out of the rows.
    An unknown or missing parameter is a ValueError.
    """
    parameters = dict(parameters or {})
    expected = parameter_names(query)
    unknown = [name for name in parameters if name not in expected]
    if unknown:
        takes = "$" + ", $".join(expected) if expected else "no parameters"
        raise ValueError(f"unknown parameter {', '.join(unknown)}: this query takes {takes}")
    missing = [name for name in expected if name not in parameters]
    if missing:
        raise ValueError(f"missing parameter ${missing[0]}: give --param {missing[0]}=VALUE")
    substitutions = {ox.Variable(name): ox.Literal(str(value)) for name, value in parameters.items()}
    try:
        result = store.query(query, use_default_graph_as_union=True, substitutions=substitutions or None)
    except SyntaxError as error:
        raise ValueError(f"SPARQL syntax error: {error}") from None
    except RuntimeError as error:  # a parameter missing from the SELECT clause
        raise ValueError(f"SPARQL: {error}; put each $parameter in the SELECT clause") from None
    if isinstance(result, bool):
        return [{"ask": result}]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables if v.value not in parameters]
        return [{name: _value(solution[name]) for name in names} for solution in result]
    raise ValueError("only SELECT and ASK queries are supported here; use CONSTRUCT through pyoxigraph directly")
