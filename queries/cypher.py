"""Cypher for researchers who work in Neo4j: the cookbook in ``queries/cypher/*.cypher`` and a
runner for the embedded LadybugDB graph or a Bolt server.

Each cookbook file starts with ``//`` comment lines saying what it answers, and runs
unchanged on Neo4j (cypher-shell), ArcadeDB over Bolt and LadybugDB; the tests check that all
three, and the Python query library, give the same rows.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator


def cookbook() -> dict[str, str]:
    folder = resources.files("queries").joinpath("cypher")
    return {p.name.removesuffix(".cypher"): p.read_text("utf-8") for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".cypher")}


def describe(text: str) -> str:
    return " ".join(line[2:].strip() for line in text.splitlines() if line.startswith("//"))


def resolve_query(text: str, book: dict[str, str] | None = None) -> str:
    """A cookbook name, a .cypher file or Cypher text -> Cypher text without its final ';'."""
    book = cookbook() if book is None else book
    if text.strip() in book:
        text = book[text.strip()]
    elif text.strip().endswith(".cypher") and Path(text.strip()).exists():
        text = Path(text.strip()).read_text("utf-8")
    return re.sub(r";\s*$", "", text.strip())


def parse_params(pairs: list[str]) -> dict:
    """``["name=杭州市城市管理局", "top=5"]`` -> {"name": "杭州市城市管理局", "top": 5}."""
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise ValueError(f"--param {pair!r}: use name=value")
        name, value = pair.split("=", 1)
        params[name] = int(value) if re.fullmatch(r"-?\d+", value) else value
    return params


PROMPT, CONTINUATION = "cypher> ", "   ...> "


def statements(read: Callable[[str], str] = input) -> Iterator[str]:
    r"""The statements typed at a prompt, each as soon as a line ends with ``;``: ``read(prompt)``
    gives a line (``input`` by default; the prompt is ``PROMPT``, or ``CONTINUATION`` inside a
    statement). It ends at end of input or at an empty line outside a statement.

    >>> lines = iter(["MATCH (a:Agency)", "RETURN a.name;", "", "RETURN 1;"])
    >>> list(statements(lambda prompt: next(lines)))
    ['MATCH (a:Agency)\nRETURN a.name;']
    """
    buffer: list[str] = []
    while True:
        try:
            line = read(PROMPT if not buffer else CONTINUATION)
        except EOFError:
            return
        if not line.strip() and not buffer:
            return
        buffer.append(line)
        if line.rstrip().endswith(";"):
            yield "\n".join(buffer)
            buffer = []


class Runner:
    """Runs Cypher on LadybugDB (``db`` path, or the bundled corpus built in memory) or, with a
    connection, on a Bolt server."""

    def __init__(self, db: str | Path | None = None, uri: str | None = None, connection=None):
        self.connection = connection
        self.db = db
        self._ladybug = None
        if connection is None:
            from graph_builder.stores import ladybug_db

            if db is not None:
                self._ladybug = ladybug_db.open_database(db)
            else:
                from graph_builder.pipeline import load_corpus

                corpus, _ = load_corpus()
                self._ladybug, _, _ = ladybug_db.build_database(corpus)

    def describe(self) -> str:
        if self.connection is not None:
            return self.connection.uri
        return str(self.db) if self.db else "the bundled corpus (in memory)"

    def run(self, query: str, parameters: dict | None = None) -> list[dict]:
        query = resolve_query(query, {})
        if self.connection is not None:
            from graph_builder.stores.neo4j_loader import DatabaseError, run_query

            try:
                return run_query(self.connection, query, parameters)
            except DatabaseError as error:
                raise ValueError(str(error)) from None
        from graph_builder.stores import ladybug_db

        return ladybug_db.run_query(self._ladybug, query, parameters)
