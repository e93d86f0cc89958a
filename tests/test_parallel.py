"""`govkg build --jobs N`: documents parsed in worker processes, outputs unchanged (issue 14)."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from govkg import cli_common
from govkg.cli import app
from graph_builder.outputs import MANIFEST
from graph_builder.parallel import default_jobs, map_in_order
from graph_builder.pipeline import bundled_corpus, extract_paths, parse_one
from tests.conftest import CORPUS, write_doc

runner = CliRunner()


def test_jobs_1_and_jobs_2_give_byte_identical_outputs(tmp_path):
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}"
        result = runner.invoke(app, ["build", "--out", str(out), "--jobs", jobs])
        assert result.exit_code == 0, result.output
        # graph.lbug is LadybugDB's own file and differs run to run even with one job; the corpus
        # it is loaded from is corpus.json.gz, compared here with everything else.
        outputs[jobs] = {p.name: p.read_bytes() for p in out.iterdir() if p.name not in ("graph.lbug", MANIFEST)}
    assert "corpus.json.gz" in outputs["1"] and "graph.ttl" in outputs["1"]
    assert outputs["1"] == outputs["2"]


def test_parallel_results_come_back_in_input_order_with_errors_in_place(tmp_path):
    bad = write_doc(tmp_path, "prose.txt", "今天天气很好。\n")
    paths = [CORPUS["05"], bad, CORPUS["01"], tmp_path / "missing.txt", CORPUS["02"]]
    serial = list(map_in_order(parse_one, paths, jobs=1))
    parallel = list(map_in_order(parse_one, paths, jobs=2))
    assert [e.document.path if e else error for e, error in parallel] == [e.document.path if e else error for e, error in serial]
    assert [e is None for e, _ in parallel] == [False, True, False, True, False]


def test_the_same_document_number_in_two_files_is_kept_apart_whatever_the_jobs(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(CORPUS["02"].read_bytes() + "\n附:另一份\n".encode())  # other bytes, the same tasks
    ids = [[e.document.id for e in extract_paths([CORPUS["02"], copy], jobs=jobs, keep_duplicates=True).extractions] for jobs in (1, 2)]
    assert ids[0] == ids[1] and len(set(ids[0])) == 2
    # Without keep_duplicates the copy is read once, whatever the jobs (tests/test_duplicates.py).
    once = [[e.document.id for e in extract_paths([CORPUS["02"], copy], jobs=jobs).extractions] for jobs in (1, 2)]
    assert once == [ids[0][:1], ids[0][:1]]


def test_progress_is_reported_for_every_document():
    calls = []
    extract_paths(bundled_corpus(), jobs=2, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 5) for i in range(1, 6)]
    assert default_jobs() >= 1


def test_a_progress_bar_with_documents_per_second_only_on_a_terminal(tmp_path, monkeypatch):
    result = runner.invoke(app, ["build", str(CORPUS["02"]), "--out", str(tmp_path / "plain")])
    assert result.exit_code == 0 and "documents/s" not in result.output  # not a terminal
    screen = io.StringIO()
    monkeypatch.setattr(cli_common, "err_console", Console(file=screen, force_terminal=True, width=120))
    result = runner.invoke(app, ["build", str(CORPUS["02"]), "--out", str(tmp_path / "terminal"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "parsing" in screen.getvalue() and "1/1" in screen.getvalue()


def test_jobs_must_be_positive(tmp_path):
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "out"), "--jobs", "0"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --jobs must be 1 or more"
