"""The same notice saved several times (.txt, .docx, .html: the same 文号, the same tasks) is one
document: read once, the other copies named in a warning; ``--keep-duplicates`` reads them all
(issue 23). The files are written here with python-docx and as plain HTML."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.pipeline import assemble
from queries import Filters, View, burden

runner = CliRunner()

NUMBER = "杭政办函〔2024〕5号"
TITLE = "杭州市人民政府办公厅关于印发2024年民生实事项目的通知"
HEADER = ["序号", "项目", "牵头单位", "配合单位"]
ROWS = [
    ["1", "改造老旧小区10个", "市住建局", "市财政局、市城管局"],
    ["2", "新建学校2所", "市教育局", "市发改委、市财政局"],
    ["3", "增加养老床位100张", "市民政局", "市卫健委、市财政局"],
]
SIGNATURE = ["杭州市人民政府办公厅", "2024年3月1日"]


def write_text(path, rows=ROWS):
    lines = [NUMBER, TITLE, "", "| " + " | ".join(HEADER) + " |", *("| " + " | ".join(r) + " |" for r in rows), "", *SIGNATURE]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx(path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(NUMBER)
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for column, text in enumerate(HEADER):
        table.cell(0, column).text = text
    for r, row in enumerate(ROWS, 1):
        for column, text in enumerate(row):
            table.cell(r, column).text = text
    for line in SIGNATURE:
        document.add_paragraph(line)
    document.save(path)
    return path


def write_html(path):
    cells = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in ROWS)
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
                    f"<p>{NUMBER}</p><h1>{TITLE}</h1><table><tr>{head}</tr>{cells}</table>"
                    + "".join(f"<p>{line}</p>" for line in SIGNATURE) + "</body></html>", encoding="utf-8")
    return path


@pytest.fixture
def copies(tmp_path):
    folder = tmp_path / "notices"
    folder.mkdir()
    return [write_text(folder / "a_notice.txt"), write_docx(folder / "b_notice.docx"), write_html(folder / "c_notice.html")]


def cooperations(corpus, name="杭州市财政局"):
    (record,) = [r for r in burden(View.from_corpus(corpus, Filters())) if r["agency"] == name]
    return record["tasks_cooperated"]


def test_the_same_notice_in_three_formats_is_read_once_and_the_copies_are_named(copies):
    assembly = assemble(copies)
    assert assembly.errors == []
    assert [e.document.path for e in assembly.extractions] == [str(copies[0])]
    assert len(assembly.corpus.tasks) == 3
    assert cooperations(assembly.corpus) == 3  # not 9: one co-operation per task, not per copy
    assert assembly.duplicates == [
        f"{copies[1]}: the same document as {copies[0]} ({NUMBER}, the same 3 tasks): read once (--keep-duplicates reads every copy)",
        f"{copies[2]}: the same document as {copies[0]} ({NUMBER}, the same 3 tasks): read once (--keep-duplicates reads every copy)",
    ]
    assert assembly.warnings == assembly.duplicates


def test_keep_duplicates_reads_every_copy_under_an_id_of_its_own(copies):
    assembly = assemble(copies, keep_duplicates=True)
    ids = [e.document.id for e in assembly.extractions]
    assert len(ids) == 3 and len(set(ids)) == 3 and ids[0] == "杭政办函-2024-5"
    assert all(i.startswith("杭政办函-2024-5-") for i in ids[1:])
    assert cooperations(assembly.corpus) == 9
    assert len(assembly.duplicates) == 2 and all("kept as well (--keep-duplicates)" in line for line in assembly.duplicates)


def test_a_byte_for_byte_copy_kept_with_keep_duplicates_still_gets_an_id_of_its_own(tmp_path):
    first = write_text(tmp_path / "a.txt")
    second = tmp_path / "b.txt"
    second.write_bytes(first.read_bytes())
    third = tmp_path / "c.txt"
    third.write_bytes(first.read_bytes())
    assert len(assemble([first, second, third]).extractions) == 1
    ids = [e.document.id for e in assemble([first, second, third], keep_duplicates=True).extractions]
    assert len(set(ids)) == 3, ids


def test_the_same_number_with_other_tasks_is_kept_apart_and_said(tmp_path):
    first = write_text(tmp_path / "a.txt")
    amended = write_text(tmp_path / "b.txt", rows=ROWS[:2])  # a revised notice under the old number
    assembly = assemble([first, amended])
    assert [len(e.tasks) for e in assembly.extractions] == [3, 2]
    (line,) = assembly.duplicates
    assert line.startswith(f"{amended}: the same number as {first} ({NUMBER}) with other tasks: kept as a document of its own, id 杭政办函-2024-5-")
    assert line.endswith(assembly.extractions[1].document.id)


def test_build_and_query_warn_naming_the_files_and_keep_duplicates_counts_every_copy(copies, tmp_path):
    folder = copies[0].parent
    built = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    for copy in copies[1:]:
        assert f"warning: {copy}: the same document as {copies[0]}" in built.stderr
    assert len(json.loads((tmp_path / "out" / "extraction.json").read_text("utf-8"))) == 1
    once = runner.invoke(app, ["query", "burden", str(folder), "--format", "json"])
    every = runner.invoke(app, ["query", "burden", str(folder), "--format", "json", "--keep-duplicates"])
    assert once.exit_code == every.exit_code == 0
    co_op = {r["agency"]: r["tasks_cooperated"] for r in json.loads(once.stdout)}
    co_op_every = {r["agency"]: r["tasks_cooperated"] for r in json.loads(every.stdout)}
    assert co_op["杭州市财政局"] == 3 and co_op_every["杭州市财政局"] == 9
    assert "the same document as" in once.stderr and "kept as well" in every.stderr
