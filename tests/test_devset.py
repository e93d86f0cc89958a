"""The development set of real documents: well-formed, and extracted at the level the README states."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph_builder.evaluate import evaluate

DEVSET = Path(__file__).resolve().parent / "devset"
GOLD = sorted((DEVSET / "gold").glob("*.json"))


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_each_gold_file_is_traceable_and_matches_its_document(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert gold["url"].startswith("http") and gold["layout"]
    document = (DEVSET / "docs" / gold["file"]).read_text(encoding="utf-8")
    flat = re.sub(r"\s+", "", document)
    for task in gold["tasks"]:
        assert re.sub(r"\s+", "", task["key"]) in flat, task["key"]


def test_the_development_set_is_extracted_as_the_readme_says():
    evaluation = evaluate(DEVSET / "gold")
    overall = evaluation.overall
    assert len(evaluation.documents) == len(GOLD) >= 40
    assert not [s.document for s in evaluation.documents if s.error]
    assert overall.f1 >= 0.95 and overall.task_recall >= 0.95
