"""``govkg query …``: one sub-command per question of the query library."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from typing_extensions import Annotated

from .cli_common import ALIASES_HELP, FROM_HELP, TableFormat, fail, guard, load_documents, print_records, report_errors

query_app = typer.Typer(help="Centrality and coordination-burden questions (networkx/igraph).", invoke_without_command=True, rich_markup_mode=None)

Paths = Annotated[Optional[List[Path]], typer.Argument(help="Documents; the bundled corpus when none.")]
Top = Annotated[int, typer.Option("--top", "-n", help="Rows to show (0 = all).")]
Format = Annotated[TableFormat, typer.Option("--format", "-f")]
Docs = Annotated[Optional[List[str]], typer.Option("--doc", help="Only this document (id or path); repeatable.")]
Years = Annotated[Optional[List[int]], typer.Option("--year", help="Only this year; repeatable.")]
Jurisdictions = Annotated[Optional[List[str]], typer.Option("--jurisdiction", help="Only tasks of this jurisdiction id (杭州市, 杭州市/上城区) and below.")]
Categories = Annotated[Optional[List[str]], typer.Option("--category", help="Only this target category (A类 …).")]
Collective = Annotated[str, typer.Option("--collective", help="Collective units: node (one node), expand (to members), drop.")]
Successors = Annotated[bool, typer.Option("--successors", help="Count reorganised agencies under their successors.")]
Aliases = Annotated[Optional[Path], typer.Option("--aliases", help=ALIASES_HELP)]
FromDir = Annotated[Optional[Path], typer.Option("--from", help=FROM_HELP)]


def _view(paths, docs, years, jurisdictions, categories, collective, successors, aliases, from_=None):
    from queries import Filters, View

    corpus, errors = load_documents(paths, aliases, from_)
    report_errors(errors)
    filters = guard(
        lambda: Filters(
            documents=tuple(docs or ()), years=tuple(years or ()), jurisdictions=tuple(jurisdictions or ()),
            categories=tuple(categories or ()), collective=collective, map_successors=successors,
        )
    )
    view = View.from_corpus(corpus, filters)
    if not view.involvements:
        typer.echo("no tasks with agencies match these filters", err=True)
        raise typer.Exit(1)
    return view


def _show(records, top, format, columns, title):
    print_records(records[:top] if top else records, format, columns, title)


@query_app.callback()
def query_main(
    ctx: typer.Context,
    list_queries: bool = typer.Option(False, "--list", help="Describe every query."),
) -> None:
    """Run one query; `govkg query --list` describes them all."""
    if list_queries:
        from queries import QUERIES

        for name, (_, description) in QUERIES.items():
            typer.echo(f"{name:12} {description}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


@query_app.command()
def burden(paths: Paths = None, top: Top = 20, format: Format = TableFormat.table, doc: Docs = None, year: Years = None,
           jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
           successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """Who leads and co-operates on the most tasks and projects, and carries the most coordination."""
    from queries import burden as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    columns = ["agency", "tasks_led", "tasks_cooperated", "programs_led", "programs_cooperated", "partners",
               "lead_load", "cooperation_load", "coordination_burden"]
    if format is not TableFormat.table:
        columns = ["agency_id", *columns, "lead_share"]
    _show(run(view), top, format, columns, "coordination burden")


@query_app.command()
def centrality(paths: Paths = None, measure: Annotated[Optional[List[str]], typer.Option("--measure", "-m", help="Measures to show; repeatable (default: all).")] = None,
               top: Top = 20, format: Format = TableFormat.table, doc: Docs = None, year: Years = None,
               jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
               successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """Degree, strength, betweenness, closeness, eigenvector, PageRank, HITS, constraint, effective size, core."""
    from queries import MEASURES, centrality as run

    unknown = [m for m in measure or [] if m not in MEASURES]
    if unknown:
        fail(f"unknown measure {', '.join(unknown)}; known: {', '.join(MEASURES)}")
    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    records = run(view)
    chosen = list(measure or MEASURES)
    if measure:
        first = chosen[0]
        records.sort(key=lambda r: (-(r[first] if r[first] is not None else float("-inf")), r["agency"]))
    columns = ["agency", *chosen] if format is TableFormat.table else ["agency_id", "agency", *chosen]
    _show(records, top, format, columns, "centrality")


@query_app.command()
def pairs(paths: Paths = None, directed: Annotated[bool, typer.Option("--directed", help="Lead → cooperator pairs instead of shared-task pairs.")] = False,
          top: Top = 20, format: Format = TableFormat.table, doc: Docs = None, year: Years = None,
          jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
          successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """Agency pairs that share the most tasks (or, with --directed, recurring lead → cooperator pairs)."""
    from queries import lead_pairs, shared_pairs

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    if directed:
        _show(lead_pairs(view), top, format, ["lead", "cooperator", "tasks"], "lead → cooperator pairs")
    else:
        _show(shared_pairs(view), top, format, ["agency_a", "agency_b", "shared_tasks", "newman_weight"], "pairs sharing tasks")


@query_app.command()
def brokerage(paths: Paths = None, group_by: Annotated[str, typer.Option("--group-by", help="jurisdiction or type.")] = "jurisdiction",
              top: Top = 20, format: Format = TableFormat.table, doc: Docs = None, year: Years = None,
              jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
              successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """Gould–Fernandez brokerage roles (coordinator, itinerant, gatekeeper, representative, liaison)."""
    from queries import brokerage as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    records = guard(lambda: run(view, group_by=group_by))
    _show(records, top, format, ["agency", "group", "coordinator", "itinerant", "gatekeeper", "representative", "liaison", "total"], "brokerage")


@query_app.command()
def communities(paths: Paths = None, top: Top = 0, format: Format = TableFormat.table, doc: Docs = None, year: Years = None,
                jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
                successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """Louvain communities (seed 42) with the partition's modularity."""
    from queries import communities as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    _show(run(view), top, format, ["community", "size", "agency", "modularity"], "communities")


@query_app.command()
def ego(agency: Annotated[str, typer.Argument(help="Agency name, alias or id (simplified or traditional).")],
        paths: Paths = None, top: Top = 0, format: Format = TableFormat.table, doc: Docs = None, year: Years = None,
        jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
        successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """The partners of one agency, with shared tasks and who led."""
    from queries import ego as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    records = guard(lambda: run(view, agency))
    _show(records, top, format, ["partner", "shared_tasks", "ego_leads", "partner_leads", "both_cooperate"], f"ego network of {records[0]['ego'] if records else agency}")


@query_app.command()
def compare(a: Annotated[List[str], typer.Option("--a", help="Slice A: year=2017, doc=ID or jurisdiction=ID; repeatable.")],
            b: Annotated[List[str], typer.Option("--b", help="Slice B, same form as --a.")],
            paths: Paths = None, measure: Annotated[str, typer.Option("--measure", "-m")] = "degree",
            permutations: Annotated[int, typer.Option(help="QAP permutations.")] = 999,
            format: Format = TableFormat.table, collective: Collective = "node",
            successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """Compare two slices: overlap, rank correlation of a measure, QAP correlation with p-value."""
    from queries import View, compare as run

    corpus, errors = load_documents(paths, aliases, from_)
    report_errors(errors)
    views = [View.from_corpus(corpus, guard(lambda s=spec: _slice(s, collective, successors))) for spec in (a, b)]
    result = run(*views, measure=measure, permutations=permutations)
    records = [{"statistic": k, "value": v} for k, v in result.items()]
    print_records(records if format is not TableFormat.json else [result], format,
                  ["statistic", "value"] if format is not TableFormat.json else list(result), "comparison")


def _slice(specs: list[str], collective: str, successors: bool):
    from queries import Filters

    fields = {"year": [], "doc": [], "jurisdiction": [], "category": []}
    for spec in specs:
        key, sep, value = spec.partition("=")
        if not sep or key not in fields:
            raise ValueError(f"slice {spec!r}: use year=2017, doc=ID, jurisdiction=ID or category=A类")
        fields[key].append(int(value) if key == "year" else value)
    return Filters(documents=tuple(fields["doc"]), years=tuple(fields["year"]), jurisdictions=tuple(fields["jurisdiction"]),
                   categories=tuple(fields["category"]), collective=collective, map_successors=successors)
