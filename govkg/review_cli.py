"""``govkg review``: the offline page of what deserves a human look (logic in visualizations/review.py)."""

from __future__ import annotations

from pathlib import Path

import typer
from typing_extensions import Annotated

from .cli_common import console, finish, guard, report_warnings
from .query_cli import Aliases, Corrections, Paths


def review_command(paths: Paths = None,
                   out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write review.html into (made when missing).")] = Path("review"),
                   corrections: Corrections = None,
                   aliases: Aliases = None,
                   top: Annotated[int, typer.Option("--top", "-n", help="Items on the page, most doubtful first (0 = all).")] = 500,
                   title: Annotated[str, typer.Option("--title", help="The page's heading.")] = "govkg review") -> None:
    """An offline page listing what deserves a human look, most doubtful first — documents with low agency
    coverage or warnings, inferred leads, fuzzy merges, skipped lines — each beside its source lines, where
    the researcher corrects it and downloads corrections.csv for `govkg build --corrections`."""
    from graph_builder.pipeline import assemble
    from visualizations.review import review_items, source_lines, write_review

    assembly = guard(lambda: assemble(list(paths) if paths else None, aliases=aliases, corrections=corrections))
    stale = assembly.corrections.warnings() if assembly.corrections else []
    report_warnings(stale)
    items = review_items(assembly.corpus, source_lines(assembly.inputs), top=0)
    path = guard(lambda: write_review(assembly.corpus, out, title=title, corrections=corrections, warnings=stale, top=top, items=items))
    kinds: dict[str, int] = {}
    for item in items:
        if not item.status:
            kinds[item.kind] = kinds.get(item.kind, 0) + 1
    shown = ", ".join(f"{count} {kind}" for kind, count in kinds.items())
    reviewed = sum(1 for item in items if item.status)
    console.print(f"wrote {path}: {sum(kinds.values())} items to look at ({shown}){f'; {reviewed} already corrected or confirmed' if reviewed else ''}"
                  f"\nopen it in a browser: {path.resolve().as_uri()}", highlight=False, soft_wrap=True)
    finish(assembly.errors)
