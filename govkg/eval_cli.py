"""``govkg eval``: score extraction against hand-annotated gold files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .cli_common import CORRECTIONS_OPTION, LEAD_POLICY_OPTION, LeadPolicy, console, fail, guard, report_warnings


def eval_command(
    gold_dir: Path = typer.Argument(..., help="Folder of gold files (*.json), one per document; or a corrections file (.csv), "
                                               "whose rows applied to the extraction are the gold."),
    docs: List[Path] = typer.Argument(None, help="Documents to score; by default those beside the gold folder (or the corrections file)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every missed or extra task and agency."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    layout: Optional[str] = typer.Option(None, help="Use this one reader instead of the engine's choice."),
    lead_policy: LeadPolicy = LEAD_POLICY_OPTION,
    corrections: Optional[Path] = CORRECTIONS_OPTION,
    save_gold: Optional[Path] = typer.Option(None, "--save-gold", help="With a corrections file: write the gold it makes, one JSON file per document, into this folder (a gold folder for later runs)."),
) -> None:
    """Score extraction: (task, role, agency) precision, recall and F1, and task recall."""
    from graph_builder.evaluate import evaluate, evaluate_corrections

    if gold_dir.is_file():
        if corrections is not None:
            fail(f"{gold_dir} is the gold already; --corrections applies to a gold folder")
        evaluation = guard(lambda: evaluate_corrections(gold_dir, docs, layout=layout, lead_policy=lead_policy.value))
        report_warnings(evaluation.warnings)
        if save_gold is not None:
            guard(lambda: _save_gold(evaluation.gold, save_gold))
    else:
        if save_gold is not None:
            fail("--save-gold writes the gold of a corrections file; give the corrections file instead of a gold folder")
        evaluation = guard(lambda: evaluate(gold_dir, docs, layout=layout, lead_policy=lead_policy.value, corrections=corrections))
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


def _save_gold(gold: dict[str, dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in gold.items():
        target = folder / f"{Path(name).stem}.json"
        target.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
