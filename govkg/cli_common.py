"""Helpers every command shares: output formats, error reporting, the --aliases and --corrections options."""

from __future__ import annotations

import contextlib
import sys
from enum import Enum

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)

ALIASES_HELP = "CSV of alias overrides (jurisdiction,alias,canonical,type,source,action=merge|forbid)."
ALIASES_OPTION = typer.Option(None, "--aliases", help=ALIASES_HELP)


CORRECTIONS_HELP = ("A corrections file (CSV: document,sha256,line,task,action,agency,role,value,note) applied after extraction; "
                    "`govkg review` writes one. Rows that no longer match are reported, not applied.")
CORRECTIONS_OPTION = typer.Option(None, "--corrections", help=CORRECTIONS_HELP)


FROM_HELP = "A folder written by `govkg build`: read its stored corpus (corpus.json.gz) instead of the documents."
FROM_OPTION = typer.Option(None, "--from", help=FROM_HELP)

KEEP_DUPLICATES_HELP = ("Read every copy of a document saved several times (the same 文号 and the same tasks, as .txt, .docx, .html …); "
                        "by default the first is read and the others are named in a warning.")
KEEP_DUPLICATES_OPTION = typer.Option(False, "--keep-duplicates", help=KEEP_DUPLICATES_HELP)


class LeadPolicy(str, Enum):
    first_listed = "first-listed"
    stated_only = "stated-only"


LEAD_POLICY_OPTION = typer.Option(
    LeadPolicy.first_listed,
    "--lead-policy",
    help="Who leads when the text marks no role: first-listed (the first of several responsible units, "
    "as Chinese documents order them) or stated-only (a lead only where the text marks or states it).",
)


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"  # cells starting with = + - @ tab CR get a leading ' (no spreadsheet formulas)
    csv_raw = "csv-raw"  # the same CSV with cells exactly as they are


def guard(action):
    """Run ``action``; a ValueError (bad override file, bad option) is one clear line, exit 2; an
    OSError (a folder that is missing or read-only …) is one line naming the file, exit 1."""
    try:
        return action()
    except ValueError as error:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as error:
        err_console.print(f"[bold red]error:[/] {os_error_line(error)}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def os_error_line(error: OSError) -> str:
    """``[Errno 13] Permission denied: 'out/x.html'`` -> ``out/x.html: permission denied``."""
    reason = (error.strerror or str(error)).lower()
    if error.filename is None:
        return reason
    if isinstance(error, FileNotFoundError):
        from pathlib import Path

        parent = Path(error.filename).parent
        if not parent.exists():
            return f"{error.filename}: folder {parent} does not exist"
    return f"{error.filename}: {reason}"


def print_records(records: list[dict], format: TableFormat, columns: list[str], title: str = "") -> None:
    """Records as a rich table, JSON or CSV (lists joined with 、 in table and CSV; CSV cells made
    spreadsheet-safe by graph_builder.emit.spreadsheet unless the format is csv-raw)."""
    import csv
    import json

    if format is TableFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return
    from queries.tables import cell  # one rule for a cell, shared with the query tables
    if format in (TableFormat.csv, TableFormat.csv_raw):
        from graph_builder.emit.spreadsheet import safe_row

        row = safe_row if format is TableFormat.csv else list
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for record in records:
            writer.writerow(row([cell(record.get(c)) for c in columns]))
        return
    print_table(rich_table(records, columns, title))


def rich_table(records: list[dict], columns: list[str], title: str = ""):
    """The records as a rich table that stays readable in an 80-column terminal: no vertical
    rules, numbers right-aligned and never wrapped, a header wrapped between its words only,
    names and text wrapped within their column (CJK wraps between any two characters)."""
    from rich import box
    from rich.table import Table

    from queries.tables import cell

    rows = [[cell(record.get(c)) for c in columns] for record in records]
    table = Table(title=title or None, box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0))  # one space between columns
    for i, column in enumerate(columns):
        header = SHORT_HEADERS.get(column, column)
        values = [row[i] for row in rows]
        numeric = bool(values) and all(_is_number(v) for v in values if v != "")
        longest_word = max((len(word) for word in header.split()), default=1)
        if numeric:
            width = max([longest_word, *(len(v) for v in values)])
            table.add_column(header, justify="right", overflow="fold", min_width=width, max_width=width)
        else:
            table.add_column(header, overflow="fold", min_width=max(longest_word, min(8, max((len(v) for v in values), default=1))), ratio=1)
    for row in rows:
        table.add_row(*row)
    return table


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def print_table(table) -> None:
    """Print a table as wide as the terminal on a terminal; when standard output is a pipe or a
    file (where rich would assume 80 columns and wrap every name) as wide as its rows, one line
    a row, so that grep, less and a text file see whole rows."""
    if console.is_terminal:
        console.print(table)
        return
    wide = Console(file=console.file, width=10_000, no_color=True, highlight=False)
    width = wide.measure(table).maximum
    Console(file=console.file, width=max(width, 20), no_color=True, highlight=False).print(table)


# Narrower headers for terminal tables (JSON and CSV keep the full field names).
SHORT_HEADERS = {
    "lead_count": "lead",
    "cooperating_count": "coop",
    "tasks_led": "led",
    "tasks_cooperated": "co-op",
    "programs_led": "projects led",
    "programs_cooperated": "projects co-op",
    "lead_load": "lead load",
    "cooperation_load": "leads served",
    "coordination_burden": "burden",
    "agency_type": "type",
    "partner_type": "type",
    "shared_tasks": "shared",
    "newman_weight": "newman",
    "effective_size": "eff. size",
}


def report_warnings(warnings: list[str]) -> None:
    """Lines to check by hand (damaged characters, a leniently read convention); exit status unchanged."""
    for warning in warnings:
        err_console.print(f"[bold yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)


def report_notes(notes: list[str]) -> None:
    """What govkg left out on purpose (folders of its own outputs); exit status unchanged."""
    for note in notes:
        err_console.print(f"[bold]note:[/] {note}", highlight=False, soft_wrap=True)


def report_errors(errors: list[str]) -> None:
    for error in errors:
        err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)




def fail(message: str, code: int = 2):
    """Print one error line and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def finish(errors: list[str]) -> None:
    """Report the files that could not be read; exit 1 if there were any."""
    report_errors(errors)
    if errors:
        raise typer.Exit(1)


def load_documents(paths, aliases=None, from_dir=None, keep_duplicates=False, corrections=None):
    """The corpus a command works on, and the per-file errors: the documents in ``paths`` (the
    bundled corpus when none; ``corrections`` applied), or with ``from_dir`` the corpus
    ``govkg build`` stored there. What was left out (folders of govkg's outputs, copies of a
    document), the documents' warnings and the corrections' stale rows are printed on
    standard error."""
    if from_dir is None:
        from graph_builder.pipeline import assemble

        assembly = guard(lambda: assemble(list(paths) if paths else None, aliases=aliases, keep_duplicates=keep_duplicates,
                                          corrections=corrections))
        report_notes(assembly.notes)
        report_warnings(assembly.warnings)
        return assembly.corpus, assembly.errors
    if paths:
        fail("give documents or --from DIR, not both")
    if aliases:
        fail("--aliases applies when documents are read; --from DIR keeps the aliases of its build")
    if keep_duplicates:
        fail("--keep-duplicates applies when documents are read; --from DIR keeps the documents of its build")
    if corrections:
        fail("--corrections applies when documents are read; --from DIR keeps the corrections of its build")
    from graph_builder.store import load_stored

    corpus, info = guard(lambda: load_stored(from_dir))
    warn_if_stale(info)
    return corpus, []


def warn_if_stale(info) -> None:
    """One warning line per input that changed since the stored corpus was built."""
    for reason in info.stale():
        err_console.print(f"[yellow]warning:[/] {info.path} may be stale: {reason}; run govkg build again", highlight=False, soft_wrap=True)


# A long document gets a bar of its own once it has taken this long (seconds): short ones,
# nearly all, never flash one.
DOCUMENT_BAR_DELAY = 1.0


@contextlib.contextmanager
def progress_bar(description: str, documents: bool = True):
    """A ``progress(done, total)`` callback that draws a rich bar with documents/s on standard
    error, or None when standard error is not a terminal (pipes, CI, tests).

    The callback's ``document(path, done, total)`` attribute is for the progress within one
    document (``extract_paths(document_progress=...)``): a document still being parsed after
    ``DOCUMENT_BAR_DELAY`` gets a second bar, with its share read and characters/s, until it
    is done. With ``documents=False`` only that bar is drawn (one command, one document)."""
    if not err_console.is_terminal:
        yield None
        return
    import time

    from rich.progress import BarColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class CountColumn(ProgressColumn):
        def render(self, task):
            if task.fields.get("kind") == "document":
                return Text(f"{task.percentage:3.0f}%", style="progress.percentage")
            return Text(f"{task.completed:.0f}/{task.total:.0f}", style="progress.download")

    class RateColumn(ProgressColumn):
        def render(self, task):
            if not task.speed:
                return Text("")
            if task.fields.get("kind") == "document":
                return Text(f"{task.speed / 1e6:,.2f} M characters/s", style="progress.data.speed")
            return Text(f"{task.speed:,.0f} documents/s", style="progress.data.speed")

    columns = (TextColumn("{task.description}"), BarColumn(), CountColumn(), RateColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = None
        current: dict = {"path": None, "started": 0.0, "task": None}

        def progress(done: int, total: int) -> None:
            nonlocal task
            if not documents:
                return
            if task is None:
                task = bar.add_task(description, total=total)
            bar.update(task, completed=done)

        def document(path: str, done: int, total: int) -> None:
            now = time.monotonic()
            if current["path"] != path:
                if current["task"] is not None:
                    bar.remove_task(current["task"])
                current.update(path=path, started=now, task=None)
            if current["task"] is None and now - current["started"] >= DOCUMENT_BAR_DELAY and done < total:
                name = path.rsplit("/", 1)[-1]
                current["task"] = bar.add_task(f"  {name}", total=total, completed=done, kind="document")
            elif current["task"] is not None:
                bar.update(current["task"], completed=done, total=total)
                if done >= total:
                    bar.remove_task(current["task"])
                    current["task"] = None

        progress.document = document
        yield progress
