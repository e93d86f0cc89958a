"""The generated corpus (benchmarks/generated_corpus.py): every layout it writes is extracted
exactly as its gold says, so extraction can be measured at scale on it."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generated_corpus import LAYOUTS, generate, write  # noqa: E402
from graph_builder.evaluate import evaluate  # noqa: E402


def test_every_generated_layout_is_extracted_as_its_gold_says(tmp_path):
    paths = write(tmp_path, 6 * len(LAYOUTS), seed=11)
    evaluation = evaluate(tmp_path / "gold")
    overall = evaluation.overall
    assert len(evaluation.documents) == len(paths) == 48
    assert not [s.document for s in evaluation.documents if s.error]
    assert (overall.f1, overall.task_recall) == (1.0, 1.0), [m for s in evaluation.documents for m in s.misses][:5]
    assert overall.gold_tasks > 48 * 3


def test_the_generated_corpus_covers_every_layout_and_both_scripts():
    documents = generate(len(LAYOUTS) * 2, seed=3)
    assert {d.layout for d in documents} == set(LAYOUTS)
    assert {d.script for d in documents} == {"simplified", "traditional"}


def test_the_same_seed_gives_the_same_documents():
    first, second = generate(10, seed=5), generate(10, seed=5)
    assert [d.text for d in first] == [d.text for d in second]
    assert [d.text for d in generate(10, seed=6)] != [d.text for d in first]
