"""The ``govkg`` command line: parses options and calls library functions, nothing more.

Heavy libraries are imported inside the commands that need them, so ``govkg --help`` and
``govkg extract`` start fast.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.table import Table

from .cli_common import (
    ALIASES_OPTION,
    TableFormat,
    console,
    guard as _guard,
    print_records as _print_records,
    report_errors as _report_errors,
)
from .query_cli import query_app

app = typer.Typer(
    help="Turn Chinese government task-assignment documents into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(query_app, name="query")


class ExtractFormat(str, Enum):
    json = "json"
    table = "table"


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Documents to read (UTF-8, GB18030, Big5, UTF-16)."),
    format: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="json or table."),
    layout: Optional[str] = typer.Option(None, help="Force a layout instead of detecting it."),
    aliases: Optional[Path] = ALIASES_OPTION,
) -> None:
    """Extract tasks and their lead/cooperating agencies (with their canonical agency_id)."""
    from graph_builder.pipeline import extract_paths, extraction_json
    from graph_builder.resolve import resolve_corpus

    result = extract_paths(paths, layout=layout)
    _guard(lambda: resolve_corpus(result.extractions, overrides=aliases))
    if format is ExtractFormat.json:
        sys.stdout.write(extraction_json(result) + "\n")
    else:
        for extraction in result.extractions:
            _print_extraction_table(extraction)
    _report_errors(result.errors)
    if result.errors:
        raise typer.Exit(1)


def _print_extraction_table(extraction) -> None:
    document = extraction.document
    title = f"{document.title or document.path}  ({document.doc_number or 'no number'}, {document.year or '?'}, {document.layout})"
    table = Table(title=title, show_lines=False, expand=False)
    for column in ("#", "program", "task", "lead", "cooperating", "deadline/category", "lines"):
        table.add_column(column, overflow="fold")
    programs = {p.id: p for p in extraction.programs}
    for task in extraction.tasks:
        program = programs.get(task.program_id)
        table.add_row(
            task.seq or "",
            (program.label if program else "")[:16],
            task.text[:40] + ("…" if len(task.text) > 40 else ""),
            "、".join(m.mention for m in task.lead),
            "、".join(m.mention for m in task.cooperating)[:60],
            " ".join(filter(None, [task.deadline, task.category])),
            f"{task.span.line_start}-{task.span.line_end}",
        )
    console.print(table)
    for skipped in extraction.skipped:
        console.print(f"  skipped {skipped.path}:{skipped.line}: {skipped.reason}", highlight=False)


@app.command()
def build(
    paths: List[Path] = typer.Argument(None, help="Documents to read; the bundled example corpus when none."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output directory."),
    aliases: Optional[Path] = ALIASES_OPTION,
) -> None:
    """Run the whole job: extract, resolve and write the outputs to DIR."""
    from graph_builder.pipeline import build as run_build

    result, written = _guard(lambda: run_build(paths, out, aliases=aliases))
    table = Table(title="govkg build", show_header=False)
    for key, value in result.summary().items():
        table.add_row(key, str(value))
    console.print(table)
    for path in written:
        console.print(f"wrote {path}", highlight=False)
    _report_errors(result.errors)
    if result.errors:
        raise typer.Exit(1)


@app.command()
def agencies(
    paths: List[Path] = typer.Argument(None, help="Documents; the bundled corpus when none."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f"),
    merges: bool = typer.Option(False, "--merges", help="List every merge, split and alias decision with its evidence."),
    successors: bool = typer.Option(
        False, "--successors", help="Count reorganised agencies under their successors (and show the mapping)."
    ),
    aliases: Optional[Path] = ALIASES_OPTION,
) -> None:
    """List canonical agencies and groups with jurisdiction, type, aliases and role counts."""
    from graph_builder.pipeline import load_corpus
    from graph_builder.resolve.report import agency_records, decision_records

    corpus, errors = _guard(lambda: load_corpus(paths, aliases=aliases))
    if merges:
        records = decision_records(corpus)
        _print_records(records, format, ["action", "mention", "result", "score", "evidence"], "resolution decisions")
    else:
        records = agency_records(corpus, map_successors=successors)
        columns = ["name", "type", "lead_count", "cooperating_count", "aliases"]
        if successors:
            columns.append("predecessors")
        if format is not TableFormat.table:
            columns = ["id", "name", "kind", "jurisdiction", "type", "level", "lead_count", "cooperating_count", "aliases", "years"]
            if successors:
                columns.append("predecessors")
        _print_records(records, format, columns, "agencies")
    _report_errors(errors)
    if errors:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
