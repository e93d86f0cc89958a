"""Header/data CSV files for ``neo4j-admin database import``, the fastest way to put a very
large corpus into a new Neo4j database.

One file per node label (``nodes_Agency.csv``: ``id:ID(Agency)`` plus properties and
``:LABEL``) and one per relationship type and endpoint labels (``rels_LEADS_Agency_Task.csv``:
``:START_ID(Agency)``, ``:END_ID(Task)``, properties, ``:TYPE``). Each label has its own ID
space, so ids need only be unique within a label. List properties use ``;`` (neo4j-admin's
default array delimiter).

These files are import data, not spreadsheets, and are written exactly: neo4j-admin stores each
cell verbatim, so the apostrophe that ``emit/spreadsheet.py`` puts before a cell starting with
= + - @ would become part of an agency's name in the database. Open them in a spreadsheet only
as text (or use ``--format csv`` of ``govkg agencies`` / ``govkg query``, which is made safe).

A corpus writer (see ``graph_builder.emit``): ``write(corpus, folder)`` writes the files;
``import_command(folder, written)`` is the command that imports them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..model import Corpus

NAME = "neo4j-csv"
SUFFIX = ""  # a folder of files
DESCRIPTION = "CSV files for neo4j-admin database import"

_TYPES = {"STRING": "string", "INT64": "long", "BOOLEAN": "boolean", "STRING[]": "string[]"}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v).replace(";", ",") for v in value)
    return str(value)


def write(corpus: Corpus, target: str | Path, **options) -> list[Path]:
    """Write the files into the folder ``target`` (made if missing); the files written, node
    files first. No options."""
    if options:
        raise ValueError(f"the neo4j-admin CSV writer takes no option ({', '.join(options)})")
    from .property_graph import NODE_PROPERTIES, REL_PROPERTIES, property_graph  # here: the CLI imports this module for --help

    folder = Path(target)
    folder.mkdir(parents=True, exist_ok=True)
    graph = property_graph(corpus)
    written: list[Path] = []
    for label, rows in graph.nodes.items():
        columns = NODE_PROPERTIES[label]
        path = folder / f"nodes_{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            header = [f"id:ID({label})"] + [f"{name}:{_TYPES[kind]}" for name, kind in columns.items() if name != "id"] + [":LABEL"]
            writer.writerow(header)
            for row in rows:
                writer.writerow([_cell(row["id"])] + [_cell(row.get(name)) for name in columns if name != "id"] + [label])
        written.append(path)
    for group in graph.relationships:
        columns = REL_PROPERTIES[group.type]
        path = folder / f"rels_{group.type}_{group.start_label}_{group.end_label}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([f":START_ID({group.start_label})", f":END_ID({group.end_label})"] + [f"{n}:{_TYPES[k]}" for n, k in columns.items()] + [":TYPE"])
            for row in group.rows:
                writer.writerow([row["start"], row["end"]] + [_cell(row["props"].get(n)) for n in columns] + [group.type])
        written.append(path)
    return written


def import_command(folder: str | Path, written: list[Path], database: str = "neo4j") -> str:
    """The ``neo4j-admin database import`` command for the files :func:`write` wrote into
    ``folder``. A file's name gives its label or type: ``nodes_LABEL.csv``,
    ``rels_TYPE_START_END.csv`` (labels have no underscore; a type may)."""
    node_args, rel_args = [], []
    for path in written:
        stem = Path(path).stem
        if stem.startswith("nodes_"):
            node_args.append(f"--nodes={stem[len('nodes_'):]}={Path(path).name}")
        else:
            type_ = stem[len("rels_"):].rsplit("_", 2)[0]
            rel_args.append(f"--relationships={type_}={Path(path).name}")
    return " \\\n    ".join(
        [f"cd {Path(folder).resolve()} && neo4j-admin database import full", *node_args, *rel_args, "--array-delimiter=';'", "--overwrite-destination", database]
    )
