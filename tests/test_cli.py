"""Every command through typer's CliRunner, on the bundled corpus and on bad input."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from govkg.cli import app
from tests.conftest import CORPUS, write_doc

runner = CliRunner()


def test_extract_json_on_all_five_documents():
    result = runner.invoke(app, ["extract", *map(str, sorted(CORPUS.values())), "--format", "json"])
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)
    assert [len(d["tasks"]) for d in documents] == [32, 19, 163, 50, 81]
    task = documents[0]["tasks"][0]
    for key in ("id", "seq", "program", "text", "target", "category", "deadline", "leader", "jurisdiction", "source", "lead", "cooperating"):
        assert key in task
    assert task["source"]["line_start"] == 76
    assert [m["mention"] for m in task["lead"]] == ["市城管委", "市林水局"]
    assert set(documents[1]["document"]) >= {"issuer", "doc_number", "date", "year", "jurisdiction", "title"}
    traditional = documents[1]["tasks"][1]["lead"][0]
    assert (traditional["mention"], traditional["name"]) == ("市體育局", "市体育局")


def test_extract_table_prints_rows():
    result = runner.invoke(app, ["extract", str(CORPUS["05"]), "--format", "table"])
    assert result.exit_code == 0
    assert "市跑改办" in result.stdout


def test_errors_name_the_file_and_other_files_still_run(tmp_path):
    bad = write_doc(tmp_path, "noise.txt", "")
    bad.write_bytes(bytes(range(128, 256)) * 3)
    prose = write_doc(tmp_path, "prose.txt", "今天天气很好。\n")
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), str(bad), str(prose), str(CORPUS["02"])])
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.stderr
    assert "noise.txt: cannot decode" in result.stderr
    assert "prose.txt: no task found" in result.stderr
    assert len(json.loads(result.stdout)) == 1  # the good file was still processed
    assert "Traceback" not in result.output


def test_build_with_no_paths_runs_on_the_bundled_corpus(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "345" in result.stdout  # 32 + 19 + 163 + 50 + 81 tasks
    documents = json.loads((out / "extraction.json").read_text("utf-8"))
    assert len(documents) == 5
    assert (out / "skipped.tsv").exists()


def test_query_and_export_answer_from_the_readable_files_and_exit_1_for_an_unreadable_one(tmp_path):
    """README: 'exit status 1 for a file that cannot be read' — query and export too, not only
    extract and build; the answer from the other files is still printed or written."""
    missing = str(tmp_path / "missing.txt")
    readable = str(CORPUS["01"])
    burden = runner.invoke(app, ["query", "burden", missing, readable, "--top", "2", "--format", "json"])
    assert burden.exit_code == 1, burden.output
    assert "missing.txt: no such file" in burden.stderr
    assert len(json.loads(burden.stdout)) == 2  # the readable document was still answered
    alone = runner.invoke(app, ["query", "burden", readable, "--top", "2", "--format", "json"])
    assert alone.exit_code == 0 and json.loads(alone.stdout) == json.loads(burden.stdout)
    compare = runner.invoke(app, ["query", "compare", "--a", "year=2017", "--b", "year=2022", missing, readable, str(CORPUS["02"]),
                                  "--format", "json"])
    assert compare.exit_code == 1 and "missing.txt: no such file" in compare.stderr
    assert json.loads(compare.stdout)[0]["agencies_a"] > 0
    for format in ("gexf", "ucinet", "edges"):
        target = tmp_path / f"network.{format}"
        exported = runner.invoke(app, ["export", format, missing, readable, "-o", str(target)])
        assert exported.exit_code == 1, (format, exported.output)
        assert "missing.txt: no such file" in exported.stderr and target.stat().st_size > 0
    assert "Traceback" not in burden.output + compare.output + exported.output
