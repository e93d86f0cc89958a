"""Every command through typer's CliRunner, on the bundled corpus and on bad input."""

from __future__ import annotations

import json
import re

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


def test_query_tables_are_whole_rows_when_piped_and_fit_an_80_column_terminal(monkeypatch):
    """Piped (CliRunner's standard output is no terminal), a row is one line with the whole
    name; on an 80-column terminal every column shows, no header word is cut, no line is wider."""
    import io

    from rich.cells import cell_len
    from rich.console import Console

    from govkg import cli_common

    args = ["query", "burden", "--top", "3", "--collective", "drop"]
    expected = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    piped = runner.invoke(app, args)
    assert piped.exit_code == 0, piped.output
    for record in expected:
        (line,) = [line for line in piped.stdout.splitlines() if record["agency"] in line]
        assert line.split()[-1] == str(record["coordination_burden"])  # the whole row on its line
    screen = io.StringIO()
    monkeypatch.setattr(cli_common, "console", Console(file=screen, force_terminal=True, width=80, color_system=None))
    on_terminal = runner.invoke(app, args)
    assert on_terminal.exit_code == 0, on_terminal.output
    lines = screen.getvalue().splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 80
    header = " ".join(lines[:6])
    for word in ("agency", "type", "led", "co-op", "projects", "partners", "lead", "load", "leads", "served", "burden"):
        assert f" {word} " in f" {header} ", (word, header)
    assert str(expected[0]["coordination_burden"]) in screen.getvalue()


# -- the README a new user reads first (issue 23) ---------------------------------------------

README = (CORPUS["01"].parents[2] / "README.md")


def test_the_readme_shows_a_command_for_your_own_documents_on_its_first_screen(tmp_path):
    import shlex
    import shutil

    first_screen = README.read_text("utf-8").splitlines()[:40]
    (line,) = [line for line in first_screen if "govkg build my_docs/" in line]
    command = shlex.split(line.split("#", 1)[0])
    assert command[0].endswith("govkg")
    docs = tmp_path / "my_docs"
    docs.mkdir()
    for key in ("01", "02"):
        shutil.copy(CORPUS[key], docs / CORPUS[key].name)
    arguments = [str(tmp_path / a) if a.startswith("my_") else a for a in command[1:]]
    result = runner.invoke(app, [*arguments, "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "my_out" / "network.html").exists()


def _keys(sentence: str) -> set[str]:
    """The names in a README sentence's `a, b, c` lists (a parenthesis inside one is a gloss)."""
    return {key for group in re.findall(r"`([^`]+)`", sentence) for key in re.split(r"[,\s{}]+", re.sub(r"\([^)]*\)", "", group)) if key}


def test_the_readme_lists_every_json_key(tmp_path):
    text = README.read_text("utf-8")
    result = runner.invoke(app, ["extract", str(CORPUS["01"])])
    document = json.loads(result.stdout)[0]
    shown = text.split("The first task of the first sample, as printed", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(shown) == document["tasks"][0]  # "real output, whole"
    bullet = text.split("- `document`:", 1)[1].split("\n- ", 1)[0]
    assert _keys(bullet) == set(document["document"]) | set(document["document"]["jurisdiction"]) | {"format"}
    agencies_text = text.split("In JSON\neach record has", 1)[1].split("\n\n", 1)[0]
    records = json.loads(runner.invoke(app, ["agencies", "--format", "json", "--successors"]).stdout)
    assert set().union(*map(set, records)) == _keys(agencies_text) - {"agency", "group", "--successors"}
