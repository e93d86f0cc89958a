"""``govkg export gexf|graphml|pajek|ucinet|edges``: the agency network for Gephi, R, UCINET,
Pajek and spreadsheets, with the filters of ``govkg query``. One sub-command per writer in
``graph_builder.writers.WRITERS``."""

# no `from __future__ import annotations`: typer must see the option types built inside the factories

from pathlib import Path
from typing import Optional

import typer
from typing_extensions import Annotated

from .cli_common import console, finish, guard
from .query_cli import Aliases, Categories, Collective, Corrections, Docs, Jurisdictions, KeepDuplicates, Paths, Successors, Years, _view

TwoMode = Annotated[bool, typer.Option("--two-mode", help="Agencies × tasks (bipartite; edge role lead/cooperating, weight 2/1).")]
Directed = Annotated[bool, typer.Option("--directed", help="Lead → cooperating arcs (weight = tasks) instead of shared-task edges.")]


def _run(format, paths, output, two_mode, directed, doc, year, jurisdiction, category, collective, successors, aliases,
         keep_duplicates=False, corrections=None, **options):
    from graph_builder.writers import export_network, find_writer

    view, errors = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, keep_duplicates=keep_duplicates, corrections=corrections)
    path = output or Path("network" + find_writer(format).SUFFIX)
    written = guard(lambda: export_network(view, format, path, two_mode=two_mode, directed=directed, **options))
    kind = "agency × task" if two_mode else ("lead → cooperating" if directed else "agency co-operation")
    tasks = f", {len(view.tasks)} tasks" if two_mode else ""
    console.print(f"wrote {', '.join(map(str, written))}: {kind} network of {len(view.agencies)} agencies{tasks}",
                  highlight=False, soft_wrap=True)
    finish(errors)  # the files that could not be read: exit 1, as extract and build


def _command(format: str, description: str):
    from graph_builder.writers import find_writer

    suffix = find_writer(format).SUFFIX

    def command(paths: Paths = None,
                output: Annotated[Optional[Path], typer.Option("-o", "--output", help=f"File to write (default network{suffix}).")] = None,
                two_mode: TwoMode = False, directed: Directed = False, doc: Docs = None, year: Years = None,
                jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
                successors: Successors = False, aliases: Aliases = None, keep_duplicates: KeepDuplicates = False,
                corrections: Corrections = None) -> None:
        _run(format, paths, output, two_mode, directed, doc, year, jurisdiction, category, collective, successors, aliases,
             keep_duplicates, corrections)

    command.__doc__ = f"The agency network as {description}; the filters of `govkg query`."
    return command


def _ucinet_command(description: str):
    def command(paths: Paths = None,
                output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default network.dl).")] = None,
                dl_format: Annotated[str, typer.Option("--dl-format", help="fullmatrix or edgelist1 (edgelist2 for --two-mode).")] = "fullmatrix",
                two_mode: TwoMode = False, directed: Directed = False, doc: Docs = None, year: Years = None,
                jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
                successors: Successors = False, aliases: Aliases = None, keep_duplicates: KeepDuplicates = False,
                corrections: Corrections = None) -> None:
        _run("ucinet", paths, output, two_mode, directed, doc, year, jurisdiction, category, collective, successors, aliases,
             keep_duplicates, corrections, dl_format=dl_format)

    command.__doc__ = f"The agency network as {description}; the filters of `govkg query`."
    return command


def register(export_app: typer.Typer) -> None:
    """Add one ``govkg export FORMAT`` sub-command per network writer."""
    from graph_builder.writers import WRITERS

    for name, module in WRITERS.items():
        factory = _ucinet_command(module.DESCRIPTION) if name == "ucinet" else _command(name, module.DESCRIPTION)
        export_app.command(name)(factory)
