"""The coverage report: what became of each document's lines, in extract --report and build."""

from __future__ import annotations

from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.coverage import coverage
from graph_builder.ingest import read_source
from graph_builder.parse import parse_source
from tests.conftest import write_doc

runner = CliRunner()

DOC = (
    "关于印发重点工作分工的通知\n各单位:\n"
    "1.建设口袋公园5个。(市园林局牵头,市财政局配合)\n2.改造背街小巷。\n"
    "由市政府督查室牵头负责跟踪督办,每季度通报一次。\n"
)


def test_every_line_is_counted_once(tmp_path):
    extraction = parse_source(read_source(write_doc(tmp_path, "a.txt", DOC)))
    row = coverage(extraction)
    assert row.lines == 5 == row.task_lines + row.furniture + row.narrative + sum(
        1 for r in extraction.line_roles.values() if r == "skipped"
    )
    assert (row.tasks, row.with_lead, row.without_agency, row.skipped) == (2, 1, 1, 1)
    assert row.convention == "none" and row.readers == ["prose"]


def test_extract_report_prints_the_table_and_the_reasons_on_stderr(tmp_path):
    path = write_doc(tmp_path, "a.txt", DOC)
    result = runner.invoke(app, ["extract", str(path), "--report"])
    assert result.exit_code == 0, result.output
    assert result.stdout.lstrip().startswith("[")  # the JSON stays clean
    assert "coverage" in result.stderr and "a.txt" in result.stderr
    assert "a.txt: 1 skipped: names a role (牵头负责) and agencies (市政府督查室) that landed in no task" in result.stderr


def test_a_damaged_convention_is_reported_as_read_leniently(tmp_path):
    text = "责任单位列第一位者为牵头单位(下同)\n1.建设公园。\n责任单位:市园林局、市财政局\n"
    stated = coverage(parse_source(read_source(write_doc(tmp_path, "s.txt", text))))
    damaged = coverage(parse_source(read_source(write_doc(tmp_path, "d.txt", text.replace("牵头", "牵\ufffd")))))
    assert (stated.convention, damaged.convention) == ("stated", "lenient")


def test_build_prints_the_coverage_of_every_document(tmp_path):
    path = write_doc(tmp_path, "a.txt", DOC)
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    table = result.stdout[result.stdout.index("coverage") :]
    row = next(line for line in table.splitlines() if line.lstrip().startswith("a.txt"))
    # the last line goes on task 2 (which has no clause), its 由X牵头 reported as lost
    assert row.split()[1:] == ["prose", "3", "2", "1", "2", "1", "none"]
