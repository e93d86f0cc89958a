"""Folders and glob patterns as input, for every command that takes documents (issue 14)."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.inputs import DOCUMENT_SUFFIXES, InputError, expand_inputs
from tests.conftest import CORPUS

runner = CliRunner()


@pytest.fixture
def folder(tmp_path):
    """corpus/02…txt, corpus/sub/05…txt, and files that are not documents."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    shutil.copy(CORPUS["02"], root / CORPUS["02"].name)
    shutil.copy(CORPUS["05"], root / "sub" / CORPUS["05"].name)
    (root / "README.md").write_text("not a document", "utf-8")
    (root / "sub" / "notes.json").write_text("{}", "utf-8")
    return root


def _documents(result) -> list[str]:
    assert result.exit_code == 0, result.output
    return [d["document"]["path"].rsplit("/", 1)[-1] for d in json.loads(result.stdout)]


def test_a_folder_is_searched_recursively_for_documents(folder):
    result = runner.invoke(app, ["extract", str(folder)])
    assert _documents(result) == [CORPUS["02"].name, CORPUS["05"].name]


def test_a_glob_pattern_spans_folders(folder):
    result = runner.invoke(app, ["extract", f"{folder}/**/*.txt"])
    assert _documents(result) == [CORPUS["02"].name, CORPUS["05"].name]
    result = runner.invoke(app, ["extract", f"{folder}/*.txt"])
    assert _documents(result) == [CORPUS["02"].name]


def test_the_same_file_named_twice_is_read_once(folder):
    document = folder / CORPUS["02"].name
    result = runner.invoke(app, ["extract", str(document), str(folder), f"{folder}/*.txt", str(document)])
    assert _documents(result) == [CORPUS["02"].name, CORPUS["05"].name]


def test_an_empty_folder_is_one_error_line(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("x", "utf-8")
    result = runner.invoke(app, ["extract", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert "empty: no documents in this folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["extract"], ["agencies"], ["query", "burden"], ["build", "--out", "OUT"]])
def test_a_pattern_that_matches_nothing_is_one_error_line(tmp_path, command):
    command = [str(tmp_path / "out") if c == "OUT" else c for c in command]
    result = runner.invoke(app, [*command, str(tmp_path / "nothing" / "*.txt")])
    assert result.exit_code == 2, result.output
    assert "*.txt: no document matches this pattern" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_agencies_and_query_take_a_folder(folder):
    result = runner.invoke(app, ["agencies", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    jurisdictions = {r["jurisdiction"] for r in json.loads(result.stdout)}
    assert {"杭州市", "湖州市"} <= jurisdictions  # 02 is Hangzhou's, 05 (in sub/) Huzhou's
    result = runner.invoke(app, ["query", "burden", str(folder), "--format", "json", "--top", "1"])
    assert result.exit_code == 0, result.output


def test_eval_takes_a_folder_of_documents(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    source_gold = CORPUS["02"].parent / "gold" / (CORPUS["02"].stem + ".json")
    shutil.copy(source_gold, gold / source_gold.name)
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS["02"], docs / CORPUS["02"].name)
    result = runner.invoke(app, ["eval", str(gold), str(docs)])
    assert result.exit_code == 0, result.output
    assert "19/19 tasks" in result.stdout


def test_expand_inputs_keeps_missing_files_for_the_reader_and_lists_suffixes_once(tmp_path):
    assert expand_inputs([tmp_path / "missing.txt"]) == [tmp_path / "missing.txt"]
    assert ".txt" in DOCUMENT_SUFFIXES
    with pytest.raises(InputError):
        expand_inputs([str(tmp_path / "*.txt")])


def test_folders_pick_up_every_format_a_reader_reads():
    from graph_builder.inputs import DOCUMENT_SUFFIXES
    from graph_builder.readers import registry

    assert set(DOCUMENT_SUFFIXES) == {".txt"} | {s for reader in registry().values() for s in reader.suffixes}


def test_a_folder_of_mixed_formats_is_read_whole(tmp_path):
    from docx import Document as Docx

    from graph_builder.pipeline import extract_paths

    (tmp_path / "a.txt").write_text("1.建设口袋公园5个。(市园林局牵头)\n", encoding="utf-8")
    word = Docx()
    word.add_paragraph("1.改造背街小巷。(市城管局牵头,各区政府配合)")
    word.save(tmp_path / "b.docx")
    (tmp_path / "c.html").write_text("<html><body><p>1.新建学校。(市教育局牵头)</p></body></html>", encoding="utf-8")
    result = extract_paths([tmp_path])
    assert not result.errors
    assert [t.text for e in result.extractions for t in e.tasks] == ["建设口袋公园5个。", "改造背街小巷。", "新建学校。"]


# -- govkg's own outputs are no documents (issue 23) -------------------------------------------


def test_a_second_build_of_the_same_folder_skips_the_folder_the_first_wrote_and_says_so(folder):
    out = folder / "out"
    first = runner.invoke(app, ["build", str(folder), "--out", str(out), "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert (out / "network.html").exists() and (out / ".govkg-manifest.json").exists()
    (out / "my_notes.txt").write_text("笔记:下次再看。\n", "utf-8")  # the researcher's own file beside the outputs
    again = runner.invoke(app, ["build", str(folder), "--out", str(out), "--jobs", "1"])
    assert again.exit_code == 0, again.output  # network.html and my_notes.txt are not read as documents
    assert f"note: {out}: skipped: a folder govkg build wrote (it holds .govkg-manifest.json)" in again.stderr
    stored = json.loads((out / "extraction.json").read_text("utf-8"))
    assert [d["document"]["path"].rsplit("/", 1)[-1] for d in stored] == [CORPUS["02"].name, CORPUS["05"].name]
    # The same for a pattern: out/network.html matches, and is skipped with the same note.
    pattern = runner.invoke(app, ["extract", f"{folder}/**/*.*"])
    assert _documents(pattern) == [CORPUS["02"].name, CORPUS["05"].name]
    assert f"{out}: skipped" in pattern.stderr
    only_outputs = runner.invoke(app, ["extract", f"{folder}/**/*.html"])
    assert only_outputs.exit_code == 2
    assert "no document matches this pattern" in only_outputs.stderr and f"{out}: skipped" in only_outputs.stderr


def test_a_build_into_the_documents_folder_itself_skips_only_the_files_it_wrote_there(folder):
    first = runner.invoke(app, ["build", str(folder), "--out", str(folder), "--jobs", "1"])
    assert first.exit_code == 0, first.output
    assert (folder / "network.html").exists()
    again = runner.invoke(app, ["build", str(folder), "--out", str(folder), "--jobs", "1"])
    assert again.exit_code == 0, again.output
    assert f"note: {folder}: skipped network.html: written by govkg build (listed in .govkg-manifest.json)" in again.stderr
    notes = []
    assert [p.name for p in expand_inputs([folder], notes)] == [CORPUS["02"].name, CORPUS["05"].name]
    assert len(notes) == 1
