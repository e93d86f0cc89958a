"""``govkg query …``: one sub-command per question of the query library."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import List, Optional

import sys

import typer
from typing_extensions import Annotated

from .cli_common import ALIASES_HELP, FROM_HELP, TableFormat, err_console, fail, guard, load_documents, print_records, report_errors

query_app = typer.Typer(help="Centrality and coordination-burden questions (networkx/igraph).", invoke_without_command=True, rich_markup_mode=None)

Paths = Annotated[Optional[List[Path]], typer.Argument(help="Documents; the bundled corpus when none.")]
Top = Annotated[int, typer.Option("--top", "-n", help="Rows to show (0 = all).")]


class QueryFormat(str, Enum):
    """TableFormat plus xlsx and parquet: the formats of a query's table."""

    table = "table"
    json = "json"
    csv = "csv"
    csv_raw = "csv-raw"
    xlsx = "xlsx"
    parquet = "parquet"


Format = Annotated[QueryFormat, typer.Option("--format", "-f", help="table, json, csv (safe to open in a spreadsheet), csv-raw (cells exactly), xlsx (a workbook) or parquet (for R/arrow, pandas, DuckDB); see --output.")]
Excel = Annotated[bool, typer.Option("--excel", help="CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends.")]
Output = Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the table to this file (xlsx, parquet: default QUERY.xlsx, QUERY.parquet).")]
Types = Annotated[Optional[List[str]], typer.Option("--type", help="Only rows whose agencies are all of this type (bureau, government, street, …); repeatable. Measures are computed on the whole view first.")]
By = Annotated[Optional[str], typer.Option("--by", help="Compute per jurisdiction, document or year in one call (a column for the slice; --top per slice).")]
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


def _table(view, run, top, format, columns, title, name, excel=False, output=None, types=None, by=None, table_extra=("agency",)):
    """Run ``run`` on the view (or on each slice with ``--by``), add agency ids and attributes,
    keep ``--type`` rows, and print or write the table. Logic lives in queries.tables/slices."""
    from queries.slices import by_slice, components_note
    from queries.tables import agency_columns, filter_types, to_csv, with_agency_attributes, write_parquet, write_xlsx

    if by:
        records = guard(lambda: by_slice(view, by, lambda part: filter_types(run(part), part, types or []), top))
    else:
        note = components_note(view)
        if note:
            err_console.print(note, highlight=False, soft_wrap=True, style="yellow")
        records = filter_types(run(view), view, types or [])
        records = records[:top] if top else records
    records = with_agency_attributes(records, view)
    if format is QueryFormat.table:
        columns = [c for column in columns for c in ([column, f"{column}_type"] if column in table_extra else [column])]
    else:
        columns = agency_columns(columns, records)
        columns = [c for c in columns if not records or c in records[0]] or columns
    if by:
        columns = [by, *columns]
    if format is QueryFormat.xlsx:
        path = write_xlsx(records, columns, output or Path(f"{name}.xlsx"), title)
        err_console.print(f"wrote {path} ({len(records)} rows)", highlight=False)
        return
    if format is QueryFormat.parquet:
        path = guard(lambda: write_parquet(records, columns, output or Path(f"{name}.parquet")))
        err_console.print(f"wrote {path} ({len(records)} rows)", highlight=False)
        return
    if format in (QueryFormat.csv, QueryFormat.csv_raw) and (excel or output):
        data = to_csv(records, columns, excel=excel, safe=format is QueryFormat.csv)
        if output:
            output.write_bytes(data)
            err_console.print(f"wrote {output} ({len(records)} rows)", highlight=False)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    if output:
        import contextlib
        import io

        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            print_records(records, TableFormat(format.value), columns, title)
        output.write_text(buffer.getvalue(), encoding="utf-8")
        err_console.print(f"wrote {output} ({len(records)} rows)", highlight=False)
        return
    print_records(records, TableFormat(format.value), columns, title)


@query_app.callback()
def query_main(
    ctx: typer.Context,
    list_queries: bool = typer.Option(False, "--list", help="Describe every query."),
    explain: Optional[str] = typer.Option(None, "--explain", metavar="MEASURE", help="Define a measure: formula, normalisation, reference (all of them: docs/measures.md)."),
) -> None:
    """Run one query; `govkg query --list` describes them all, `--explain MEASURE` defines one."""
    if explain:
        from queries.explain import explain as run_explain

        typer.echo(guard(lambda: run_explain(explain)), nl=False)
        raise typer.Exit(0)
    if list_queries:
        from queries import QUERIES

        for name, (_, description) in QUERIES.items():
            typer.echo(f"{name:12} {description}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


@query_app.command()
def burden(paths: Paths = None, top: Top = 20, format: Format = QueryFormat.table, doc: Docs = None, year: Years = None,
           jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
           successors: Successors = False, aliases: Aliases = None, excel: Excel = False, output: Output = None,
           type: Types = None, by: By = None, from_: FromDir = None) -> None:
    """Who leads and co-operates on the most tasks and projects, and carries the most coordination.

    coordination burden = Σ over the agency's tasks of (k − 1), k the units on the task; lead load =
    co-operating units it coordinates; every column: `govkg query --explain coordination_burden` etc.
    """
    from queries import burden as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    columns = ["agency", "tasks_led", "tasks_cooperated", "programs_led", "programs_cooperated", "partners",
               "lead_load", "cooperation_load", "coordination_burden"]
    if format is not QueryFormat.table:
        columns = ["agency_id", *columns, "lead_share"]
    _table(view, run, top, format, columns, "coordination burden", "burden", excel, output, type, by)


@query_app.command()
def centrality(paths: Paths = None, measure: Annotated[Optional[List[str]], typer.Option("--measure", "-m", help="Measures to show; repeatable (default: all).")] = None,
               top: Top = 20, format: Format = QueryFormat.table, doc: Docs = None, year: Years = None,
               jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
               successors: Successors = False, aliases: Aliases = None, excel: Excel = False, output: Output = None,
               type: Types = None, by: By = None, from_: FromDir = None) -> None:
    """Degree, strength, betweenness, closeness, eigenvector, PageRank, HITS, constraint, effective size, core.

    Definitions, formulas and references: `govkg query --explain betweenness` (or any measure).
    """
    from queries import MEASURES, centrality as run

    unknown = [m for m in measure or [] if m not in MEASURES]
    if unknown:
        fail(f"unknown measure {', '.join(unknown)}; known: {', '.join(MEASURES)}")
    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    chosen = list(measure or MEASURES)

    def ranked(part):
        records = run(part)
        if measure:
            first = chosen[0]
            records.sort(key=lambda r: (-(r[first] if r[first] is not None else float("-inf")), r["agency"]))
        return records

    columns = ["agency", *chosen] if format is QueryFormat.table else ["agency_id", "agency", *chosen]
    _table(view, ranked, top, format, columns, "centrality", "centrality", excel, output, type, by)


@query_app.command()
def pairs(paths: Paths = None, directed: Annotated[bool, typer.Option("--directed", help="Lead → cooperator pairs instead of shared-task pairs.")] = False,
          top: Top = 20, format: Format = QueryFormat.table, doc: Docs = None, year: Years = None,
          jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
          successors: Successors = False, aliases: Aliases = None, excel: Excel = False, output: Output = None,
          type: Types = None, by: By = None, from_: FromDir = None) -> None:
    """Agency pairs that share the most tasks (or, with --directed, recurring lead → cooperator pairs)."""
    from queries import lead_pairs, shared_pairs

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    if directed:
        _table(view, lead_pairs, top, format, ["lead", "cooperator", "tasks"], "lead → cooperator pairs", "lead-pairs",
               excel, output, type, by, table_extra=())
    else:
        _table(view, shared_pairs, top, format, ["agency_a", "agency_b", "shared_tasks", "newman_weight"], "pairs sharing tasks",
               "pairs", excel, output, type, by, table_extra=())


@query_app.command()
def brokerage(paths: Paths = None, group_by: Annotated[str, typer.Option("--group-by", help="jurisdiction or type.")] = "jurisdiction",
              top: Top = 20, format: Format = QueryFormat.table, doc: Docs = None, year: Years = None,
              jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
              successors: Successors = False, aliases: Aliases = None, excel: Excel = False, output: Output = None,
              type: Types = None, by: By = None, from_: FromDir = None) -> None:
    """Gould–Fernandez brokerage roles (coordinator, itinerant, gatekeeper, representative, liaison)."""
    from queries import brokerage as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    if group_by not in ("jurisdiction", "type"):
        fail(f"--group-by must be jurisdiction or type, not {group_by!r}")
    _table(view, lambda part: run(part, group_by=group_by), top, format,
           ["agency", "group", "coordinator", "itinerant", "gatekeeper", "representative", "liaison", "total"], "brokerage",
           "brokerage", excel, output, type, by, table_extra=())


@query_app.command()
def communities(paths: Paths = None, top: Top = 0, format: Format = QueryFormat.table, doc: Docs = None, year: Years = None,
                jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
                successors: Successors = False, aliases: Aliases = None, excel: Excel = False, output: Output = None,
                type: Types = None, by: By = None, from_: FromDir = None) -> None:
    """Louvain communities (seed 42) with the partition's modularity."""
    from queries import communities as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    _table(view, run, top, format, ["community", "size", "agency", "modularity"], "communities", "communities",
           excel, output, type, by)


@query_app.command()
def ego(agency: Annotated[str, typer.Argument(help="Agency name, alias or id (simplified or traditional).")],
        paths: Paths = None, top: Top = 0, format: Format = QueryFormat.table, doc: Docs = None, year: Years = None,
        jurisdiction: Jurisdictions = None, category: Categories = None, collective: Collective = "node",
        successors: Successors = False, aliases: Aliases = None, excel: Excel = False, output: Output = None,
        type: Types = None, from_: FromDir = None) -> None:
    """The partners of one agency, with shared tasks and who led."""
    from queries import ego as run

    view = _view(paths, doc, year, jurisdiction, category, collective, successors, aliases, from_)
    records = guard(lambda: run(view, agency))
    _table(view, lambda part: records, top, format, ["partner", "shared_tasks", "ego_leads", "partner_leads", "both_cooperate"],
           f"ego network of {records[0]['ego'] if records else agency}", "ego", excel, output, type, None, table_extra=("partner",))


@query_app.command()
def compare(a: Annotated[List[str], typer.Option("--a", help="Slice A: year=2017, doc=ID or jurisdiction=ID; repeatable.")],
            b: Annotated[List[str], typer.Option("--b", help="Slice B, same form as --a.")],
            paths: Paths = None, measure: Annotated[str, typer.Option("--measure", "-m")] = "degree",
            permutations: Annotated[int, typer.Option(help="QAP permutations.")] = 999,
            format: Format = QueryFormat.table, collective: Collective = "node",
            successors: Successors = False, aliases: Aliases = None, from_: FromDir = None) -> None:
    """Compare two slices: overlap, rank correlation of a measure, QAP correlation with p-value."""
    from queries import View, compare as run

    corpus, errors = load_documents(paths, aliases, from_)
    report_errors(errors)
    views = [View.from_corpus(corpus, guard(lambda s=spec: _slice(s, collective, successors))) for spec in (a, b)]
    result = run(*views, measure=measure, permutations=permutations)
    records = [{"statistic": k, "value": v} for k, v in result.items()]
    if format is QueryFormat.xlsx:
        from queries.tables import write_xlsx

        err_console.print(f"wrote {write_xlsx(records, ['statistic', 'value'], Path('compare.xlsx'), 'comparison')}", highlight=False)
        return
    if format is QueryFormat.parquet:
        from queries.tables import write_parquet

        # one row, a column a statistic: their types differ (counts, correlations, p-values)
        err_console.print(f"wrote {guard(lambda: write_parquet([result], list(result), Path('compare.parquet')))}", highlight=False)
        return
    format = TableFormat(format.value)
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
