"""``govkg query …``: one sub-command per entry of the table of queries (``queries.registry``),
each with the same filter options; this module parses options and calls the library."""

from __future__ import annotations

import inspect
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from typing_extensions import Annotated

from .cli_common import ALIASES_HELP, CORRECTIONS_HELP, FROM_HELP, KEEP_DUPLICATES_HELP, TableFormat, err_console, finish, guard, load_documents, print_records, report_errors

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
KeepDuplicates = Annotated[bool, typer.Option("--keep-duplicates", help=KEEP_DUPLICATES_HELP)]
Corrections = Annotated[Optional[Path], typer.Option("--corrections", help=CORRECTIONS_HELP)]


def _view(paths, docs, years, jurisdictions, categories, collective, successors, aliases, from_=None, keep_duplicates=False,
          corrections=None):
    """The query view of the documents (or ``--from DIR``) and the error lines of the files that
    could not be read: the caller answers from the others, then ends with ``finish(errors)``
    (exit 1, as ``extract`` and ``build`` do)."""
    from queries import Filters, View

    corpus, errors = load_documents(paths, aliases, from_, keep_duplicates=keep_duplicates, corrections=corrections)
    filters = guard(
        lambda: Filters(
            documents=tuple(docs or ()), years=tuple(years or ()), jurisdictions=tuple(jurisdictions or ()),
            categories=tuple(categories or ()), collective=collective, map_successors=successors,
        )
    )
    view = View.from_corpus(corpus, filters)
    if not view.involvements:
        report_errors(errors)
        typer.echo("no tasks with agencies match these filters", err=True)
        raise typer.Exit(1)
    return view, errors


def _table(view, run, top, format, columns, title, name, excel=False, output=None, types=None, by=None, table_extra=("agency",)):
    """Run ``run`` on the view (or on each slice with ``--by``), add agency ids and attributes,
    keep ``--type`` rows, and print or write the table. Logic lives in queries.tables/slices.
    ``title`` is a string or ``title(records)`` of the records ``run`` gave (``[]`` with --by)."""
    from queries.slices import by_slice, components_note
    from queries.tables import agency_columns, filter_types, to_csv, with_agency_attributes, write_parquet, write_xlsx

    if by:
        records = guard(lambda: by_slice(view, by, lambda part: filter_types(run(part), part, types or []), top))
        title = title([]) if callable(title) else title
    else:
        note = components_note(view)
        if note:
            err_console.print(note, highlight=False, soft_wrap=True, style="yellow")
        records = guard(lambda: run(view))
        title = title(records) if callable(title) else title
        records = filter_types(records, view, types or [])
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
        from queries.registry import queries

        for name, entry in queries().items():
            typer.echo(f"{name:12} {entry.description}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


# -- the commands, made from the table of queries -------------------------------------------

def _annotation(option):
    """A library ``queries.registry.Option`` as the Annotated type typer reads."""
    kind = List[str] if option.type in (list, list[str], List[str]) else option.type
    if option.default is None and not option.required:
        kind = Optional[kind]
    info = typer.Argument(help=option.help) if option.argument else typer.Option(*option.flags, help=option.help)
    return Annotated[kind, info]


def _parameters(entry) -> list[inspect.Parameter]:
    """The command's parameters: the query's arguments, the documents, the query's options, then
    the shared options (every filter for a query over one view; the corpus options for one over
    the corpus, such as compare)."""
    def parameter(name, annotation, default=inspect.Parameter.empty):
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)

    def own(arguments: bool):
        return [parameter(o.name, _annotation(o), inspect.Parameter.empty if o.required else o.default)
                for o in entry.options if o.argument is arguments]

    if entry.input == "corpus":
        shared = [("format", Format, QueryFormat.table), ("collective", Collective, "node"), ("successors", Successors, False),
                  ("aliases", Aliases, None), ("from_", FromDir, None), ("keep_duplicates", KeepDuplicates, False),
                  ("corrections", Corrections, None)]
    else:
        shared = [("top", Top, entry.top), ("format", Format, QueryFormat.table), ("doc", Docs, None), ("year", Years, None),
                  ("jurisdiction", Jurisdictions, None), ("category", Categories, None), ("collective", Collective, "node"),
                  ("successors", Successors, False), ("aliases", Aliases, None), ("excel", Excel, False), ("output", Output, None),
                  ("type", Types, None), *([("by", By, None)] if entry.by else []), ("from_", FromDir, None),
                  ("keep_duplicates", KeepDuplicates, False), ("corrections", Corrections, None)]
    return [*own(True), parameter("paths", Paths, None), *own(False), *(parameter(*p) for p in shared)]


def _run(entry, values: dict) -> None:
    """One query: the filters to a view (or the corpus), the query's records, the table."""
    options = {o.name: values[o.name] for o in entry.options}
    if entry.check:
        guard(lambda: entry.check(options))
    if entry.input == "corpus":
        finish(_statistics(entry, values, options))
        return
    view, errors = _view(values["paths"], values["doc"], values["year"], values["jurisdiction"], values["category"],
                         values["collective"], values["successors"], values["aliases"], values["from_"], values["keep_duplicates"],
                         values["corrections"])
    if entry.check_view:
        guard(lambda: entry.check_view(view, options))
    table = values["format"] is QueryFormat.table
    _table(view, lambda part: entry.records(part, options), values["top"], values["format"], entry.column_names(table, options),
           lambda records: entry.title_for(records, options), entry.file_stem(options), values["excel"], values["output"],
           values["type"], values.get("by"), table_extra=entry.typed_columns)
    finish(errors)


def _statistics(entry, values: dict, options: dict) -> list[str]:
    """A query over the whole corpus that gives one dict of statistics (compare): one row per
    statistic, or in JSON and Parquet one record with a field per statistic. Returns the error
    lines of the files that could not be read."""
    corpus, errors = load_documents(values["paths"], values["aliases"], values["from_"], keep_duplicates=values["keep_duplicates"],
                                    corrections=values["corrections"])
    if errors and not corpus.documents:
        finish(errors)  # nothing was read: nothing to compare
    result = guard(lambda: entry.records(corpus, {**options, "collective": values["collective"], "map_successors": values["successors"]}))
    records = [{"statistic": k, "value": v} for k, v in result.items()]
    columns, title, stem = entry.column_names(True, options), entry.title_for([result], options), entry.file_stem(options)
    format = values["format"]
    if format is QueryFormat.xlsx:
        from queries.tables import write_xlsx

        err_console.print(f"wrote {write_xlsx(records, columns, Path(f'{stem}.xlsx'), title)}", highlight=False)
        return errors
    if format is QueryFormat.parquet:
        from queries.tables import write_parquet

        # one row, a column a statistic: their types differ (counts, correlations, p-values)
        err_console.print(f"wrote {guard(lambda: write_parquet([result], list(result), Path(f'{stem}.parquet')))}", highlight=False)
        return errors
    format = TableFormat(format.value)
    print_records(records if format is not TableFormat.json else [result], format,
                  columns if format is not TableFormat.json else list(result), title)
    return errors


def _command(entry):
    """The ``govkg query NAME`` function typer reads: the signature of ``_parameters``."""
    def command(**values) -> None:
        _run(entry, values)

    command.__signature__ = inspect.Signature(_parameters(entry))
    command.__name__ = entry.name.replace("-", "_")
    command.__doc__ = entry.help or entry.description
    return command


def _register() -> None:
    from queries.registry import queries

    for name, entry in queries().items():
        query_app.command(name)(_command(entry))


_register()
