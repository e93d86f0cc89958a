"""Progress within one long document (issue 11): ``parse_source(progress=...)`` reports how far
the readers are, and the CLI draws a bar for a document that takes more than about a second —
only on a terminal."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generated_corpus import LAYOUTS, big_document  # noqa: E402
from govkg import cli_common  # noqa: E402
from govkg.cli import app  # noqa: E402
from graph_builder.ingest import source_from_bytes  # noqa: E402
from graph_builder.parse import parse_source  # noqa: E402
from graph_builder.pipeline import extract_paths  # noqa: E402

runner = CliRunner()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_progress_grows_to_the_end_and_changes_nothing(layout):
    text, _ = big_document(layout, 20_000)
    source = source_from_bytes(text.encode("utf-8"), f"{layout}.txt")
    calls: list[tuple[int, int]] = []
    with_progress = parse_source(source, progress=lambda done, total: calls.append((done, total)))
    positions = [done for done, _ in calls]
    assert len(calls) > 10, calls  # reported along the way, not only at the end
    assert all(a < b for a, b in zip(positions, positions[1:])), positions
    assert calls[-1][0] == calls[-1][1]  # it reaches the end
    assert len({total for _, total in calls}) == 1  # the passes were known from the start
    assert calls[-1][1] % (len(text)) == 0  # characters, once a pass of the readers
    assert positions[len(positions) // 2] < calls[-1][1]  # the middle is not the end
    assert json.dumps(with_progress.to_dict()) == json.dumps(parse_source(source).to_dict())


def test_the_pipeline_reports_each_document_it_parses_in_process(tmp_path):
    paths = []
    for index, layout in enumerate(("pipe_table", "bracket_clause")):
        text, _ = big_document(layout, 10_000, seed=index)
        path = tmp_path / f"{layout}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    seen: dict[str, list[tuple[int, int]]] = {}
    result = extract_paths(paths, document_progress=lambda path, done, total: seen.setdefault(path, []).append((done, total)))
    assert not result.errors
    assert list(seen) == [str(p) for p in paths]
    for calls in seen.values():
        assert calls[-1][0] == calls[-1][1] and calls[0][0] < calls[-1][0]


def _long_document(tmp_path) -> Path:
    text, _ = big_document("labelled_lines", 30_000)
    path = tmp_path / "long_list.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_bar_when_standard_error_is_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(cli_common, "DOCUMENT_BAR_DELAY", 0.0)
    result = runner.invoke(app, ["extract", str(_long_document(tmp_path)), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "long_list.txt" not in result.stderr and "characters/s" not in result.output
    assert "%" not in result.stderr


def test_a_bar_for_a_long_document_on_a_terminal(tmp_path, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(cli_common, "err_console", Console(file=screen, force_terminal=True, width=120))
    monkeypatch.setattr(cli_common, "DOCUMENT_BAR_DELAY", 0.0)  # this small document stands for a long one
    result = runner.invoke(app, ["extract", str(_long_document(tmp_path)), "--format", "table"])
    assert result.exit_code == 0, result.output
    drawn = screen.getvalue()
    assert "long_list.txt" in drawn and "%" in drawn


def test_no_bar_for_a_document_read_within_the_delay(tmp_path, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(cli_common, "err_console", Console(file=screen, force_terminal=True, width=120))
    monkeypatch.setattr(cli_common, "DOCUMENT_BAR_DELAY", 3600.0)
    result = runner.invoke(app, ["extract", str(_long_document(tmp_path)), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "long_list.txt" not in screen.getvalue()
