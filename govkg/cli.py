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
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Turn Chinese government task-assignment documents into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err_console = Console(stderr=True)


class ExtractFormat(str, Enum):
    json = "json"
    table = "table"


def _report_errors(errors: list[str]) -> None:
    for error in errors:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)


@app.command()
def extract(
    paths: List[Path] = typer.Argument(..., help="Documents to read (UTF-8, GB18030, Big5, UTF-16)."),
    format: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="json or table."),
    layout: Optional[str] = typer.Option(None, help="Force a layout instead of detecting it."),
) -> None:
    """Extract tasks and their lead/cooperating agencies from documents."""
    from graph_builder.pipeline import extract_paths, extraction_json

    result = extract_paths(paths, layout=layout)
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
) -> None:
    """Run the whole job: extract, resolve and write the outputs to DIR."""
    from graph_builder.pipeline import build as run_build

    result, written = run_build(paths, out)
    table = Table(title="govkg build", show_header=False)
    for key, value in result.summary().items():
        table.add_row(key, str(value))
    console.print(table)
    for path in written:
        console.print(f"wrote {path}", highlight=False)
    _report_errors(result.errors)
    if result.errors:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
