"""``govkg report``: the offline HTML report (logic in visualizations/report.py)."""

from __future__ import annotations

from pathlib import Path

import typer
from typing_extensions import Annotated

from .cli_common import KEEP_DUPLICATES_HELP, console, finish, guard, load_documents
from .query_cli import Aliases, Categories, Collective, Corrections, Docs, Jurisdictions, Paths, Successors, Years


def report_command(paths: Paths = None,
                   output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path("report.html"),
                   title: Annotated[str, typer.Option("--title", help="The report's heading.")] = "govkg report",
                   top: Annotated[int, typer.Option("--top", "-n", help="Agencies per table and chart.")] = 15,
                   doc: Docs = None, year: Years = None, jurisdiction: Jurisdictions = None, category: Categories = None,
                   collective: Collective = "node", successors: Successors = False, aliases: Aliases = None,
                   keep_duplicates: Annotated[bool, typer.Option("--keep-duplicates", help=KEEP_DUPLICATES_HELP)] = False,
                   corrections: Corrections = None) -> None:
    """One static, offline HTML report: corpus and coverage, top agencies by burden and centrality with
    charts, the degree distribution, definitions, and the tasks and source lines behind every number."""
    from queries import Filters
    from visualizations.report import write_report

    corpus, errors = load_documents(paths, aliases, keep_duplicates=keep_duplicates, corrections=corrections)
    filters = guard(lambda: Filters(documents=tuple(doc or ()), years=tuple(year or ()), jurisdictions=tuple(jurisdiction or ()),
                                    categories=tuple(category or ()), collective=collective, map_successors=successors))
    path = guard(lambda: write_report(corpus, output, filters, title=title, top=top))
    console.print(f"wrote {path}\nopen it in a browser: {path.resolve().as_uri()}", highlight=False, soft_wrap=True)
    finish(errors)
