"""Agency coverage: the unit names a document's lines hold, how many landed in a task, and a
warning for a document read badly (issue 20: nothing lost silently)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.ingest import read_source, source_from_bytes
from graph_builder.parse import parse_source
from graph_builder.parse.agency_spans import WELL_READ, agency_coverage, names_in_line
from graph_builder.pipeline import extract_paths

DEVSET = Path(__file__).parent / "devset" / "docs"

WELL = "1.新建公园3个。(市园林局牵头,市财政局配合)\n2.改造道路10公里。(市住建局牵头,市交通局配合)\n"
# A list whose units stand on lines of their own after a word no reader knows as a role:
# the tasks are read, their units are not.
BADLY = (
    "1.新建公园3个。\n督办:市园林局、市财政局、市体育局\n"
    "2.改造道路10公里。\n督办:市住建局、市交通局、市城管局\n"
    "3.新建学校2所。(市教育局牵头)\n"
)


def test_names_are_found_by_their_form_with_role_words_and_tails_taken_off():
    assert names_in_line("由市园林局牵头,市财政局、区政府等部门配合") == ["市园林局", "市财政局", "区政府"]
    # Not names: a label, a figure, a task that opens with a verb.
    assert names_in_line("责任单位:建设养老服务中心3个,新建社区卫生服务中心") == []


def test_a_document_read_well_places_every_name_and_gets_no_warning(tmp_path):
    path = tmp_path / "well.txt"
    path.write_text(WELL, encoding="utf-8")
    (extraction,) = extract_paths([path]).extractions
    document = extraction.document
    assert (document.agency_names, document.agency_names_placed) == (4, 4)
    assert not any("layout not recognised well" in w for w in document.warnings)


def test_a_document_read_badly_is_warned_of_with_the_count(tmp_path):
    path = tmp_path / "badly.txt"
    path.write_text(BADLY, encoding="utf-8")
    (extraction,) = extract_paths([path]).extractions
    document = extraction.document
    assert document.agency_names == 7 and document.agency_names_share < WELL_READ
    missing = document.agency_names - document.agency_names_placed
    assert f"{path}: layout not recognised well: {missing} of 7 agency names not placed — check it or annotate it" in document.warnings


def test_the_warning_reaches_the_command_line(tmp_path):
    path = tmp_path / "badly.txt"
    path.write_text(BADLY, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(path), "--out", str(tmp_path / "out")])
    assert "layout not recognised well" in result.output


def test_no_devset_document_under_the_mark_goes_without_its_warning():
    under = 0
    for path in sorted(DEVSET.glob("*.txt")):
        source = read_source(path)
        extraction = parse_source(source)
        found = agency_coverage(source, extraction)
        assert (extraction.document.agency_names, extraction.document.agency_names_placed) == (found.names, found.placed)
        (read,) = extract_paths([path]).extractions
        warned = any("layout not recognised well" in w for w in read.document.warnings)
        assert warned == (found.share < WELL_READ), path.name
        under += found.share < WELL_READ
    print(f"devset documents under {WELL_READ}: {under}")


def test_names_in_lines_no_task_expects_are_not_counted():
    text = "各区县政府,市政府各部门:\n1.新建公园3个。(市园林局牵头)\n"
    source = source_from_bytes(text.encode(), "a.txt")
    found = agency_coverage(source, parse_source(source))
    assert (found.names, found.placed) == (1, 1)  # the addressees are the preamble's
