"""``govkg eval``: score extraction against hand-annotated gold files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import LEAD_POLICY_OPTION, LeadPolicy, console, guard


def eval_command(
    gold_dir: Path = typer.Argument(..., help="Folder of gold files (*.json), one per document."),
    docs: List[Path] = typer.Argument(None, help="Documents to score; by default those beside the gold folder."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every missed or extra task and agency."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    layout: Optional[str] = typer.Option(None, help="Use this one reader instead of the engine's choice."),
    lead_policy: LeadPolicy = LEAD_POLICY_OPTION,
) -> None:
    """Score extraction: (task, role, agency) precision, recall and F1, and task recall."""
    from graph_builder.evaluate import evaluate

    evaluation = guard(lambda: evaluate(gold_dir, docs, layout=layout, lead_policy=lead_policy.value))
    overall = evaluation.overall
    if as_json:
        records = [s.to_dict() for s in evaluation.documents] + [overall.to_dict()]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
        return  # stdout is the JSON document alone
    else:
        from rich.table import Table

        table = Table(title=f"govkg eval {gold_dir}")
        for column in ("document", "tasks", "task recall", "P", "R", "F1"):
            table.add_column(column, overflow="fold", justify="left" if column == "document" else "right")
        for score in evaluation.documents:
            table.add_row(
                score.document if not score.error else f"{score.document} ({score.error})",
                f"{score.matched_tasks}/{score.gold_tasks}",
                f"{score.task_recall:.3f}",
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
            )
        console.print(table)
        if verbose:
            for score in evaluation.documents:
                for miss in score.misses:
                    console.print(f"{score.document}: {miss}", highlight=False, soft_wrap=True)
    print(
        f"overall: {len(evaluation.documents)} documents, {overall.matched_tasks}/{overall.gold_tasks} tasks, "
        f"task recall {overall.task_recall:.3f}, P {overall.precision:.3f} R {overall.recall:.3f} F1 {overall.f1:.3f}"
    )
