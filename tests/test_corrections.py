"""Corrections (graph_builder/corrections.py): a researcher's CSV of fixes, applied after
extraction and before resolution, on documents written in the tests; every action, stale rows,
bad rows, and the corrected relation in every output (JSON, RDF, property graph, stored corpus)."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.corrections import CorrectionsError, apply_corrections, load_corrections, parse_corrections
from graph_builder.pipeline import assemble, extract_paths, extraction_json
from tests.conftest import write_doc

runner = CliRunner()

# Three tasks whose leads are inferred (no convention stated: the first listed leads; a single
# unit leads) and a skipped line that names an agency.
DOC = (
    "杭州市人民政府办公厅关于印发2024年民生实事项目的通知\n"
    "1.建设城市书房10个。\n"
    "责任单位:市文广旅局、市财政局\n"
    "2.改造老旧小区20个。\n"
    "责任单位:市住建局、市财政局、市发改委\n"
    "3.新建公园3个。\n"
    "责任单位:市园林局\n"
    "由市政府办公室牵头负责督查,每月通报。\n"
)
HEADER = "document,sha256,line,task,action,agency,role,value,note\n"


@pytest.fixture
def doc(tmp_path):
    return write_doc(tmp_path, "a.txt", DOC)


def document_id(path) -> str:
    return extract_paths([path]).extractions[0].document.id


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corrections_file(tmp_path, *rows: str, name: str = "corrections.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def task_of(assembly, suffix: str):
    return next(t for e in assembly.extractions for t in e.tasks if t.id.endswith(suffix))


def roles(task) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    return [(m.mention, m.basis) for m in task.lead], [(m.mention, m.basis) for m in task.cooperating]


def only_correction(assembly):
    (correction,) = assembly.corrections.corrections
    return correction


# -- each action ------------------------------------------------------------------------------


def test_the_document_is_what_the_tests_assume(doc):
    assembly = assemble([doc])
    assert roles(task_of(assembly, "/t1")) == ([("市文广旅局", "first_listed")], [("市财政局", "first_listed")])
    assert roles(task_of(assembly, "/t3")) == ([("市园林局", "single")], [])
    assert [s.line for s in assembly.extractions[0].skipped] == [8]


def test_set_lead_moves_the_named_unit_to_lead_and_the_old_lead_to_cooperating(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},{sha(doc)[:12]},3,建设城市书房,set-lead,市财政局,,,the finance bureau pays and leads")
    assembly = assemble([doc], corrections=file)
    task = task_of(assembly, "/t1")
    assert roles(task) == ([("市财政局", "corrected")], [("市文广旅局", "corrected")])
    assert {m.correction for m in task.mentions} == {f"{file}:2"}
    assert task.lead[0].agency_id == "杭州市/财政局"  # resolved after the correction
    correction = only_correction(assembly)
    assert (correction.status, correction.action, correction.task_id, correction.note) == ("applied", "set-lead", task.id, "the finance bureau pays and leads")
    # the other tasks are as extracted
    assert roles(task_of(assembly, "/t3")) == ([("市园林局", "single")], [])


def test_set_lead_to_a_unit_the_task_did_not_name_adds_it(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,6,,set-lead,市建委|市园林局,,,")
    task = task_of(assemble([doc], corrections=file), "/t3")
    assert roles(task) == ([("市建委", "corrected"), ("市园林局", "corrected")], [])
    assert task.lead[0].span == task.span  # a unit the text did not name stands for the task's lines


def test_add_agency_adds_a_unit_or_changes_its_role(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,4,,add-agency,市城管局,cooperating,,",
                            f"{document_id(doc)},,4,,add-agency,市财政局,lead,,")
    task = task_of(assemble([doc], corrections=file), "/t2")
    assert roles(task) == ([("市住建局", "first_listed"), ("市财政局", "corrected")],
                           [("市发改委", "first_listed"), ("市城管局", "corrected")])


def test_remove_agency(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,5,改造老旧小区,remove-agency,市发改委,,,")
    assembly = assemble([doc], corrections=file)
    assert roles(task_of(assembly, "/t2")) == ([("市住建局", "first_listed")], [("市财政局", "first_listed")])
    assert "removed 市发改委 (cooperating)" in only_correction(assembly).detail


def test_split_agency_makes_one_mention_several_in_its_role(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,2,,split-agency,市文广旅局,,市文化局|市旅游局,")
    task = task_of(assemble([doc], corrections=file), "/t1")
    assert roles(task) == ([("市文化局", "corrected"), ("市旅游局", "corrected")], [("市财政局", "first_listed")])
    assert [m.agency_id for m in task.lead] == ["杭州市/文化局", "杭州市/旅游局"]


def test_merge_agencies_makes_several_mentions_one(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,4,,merge-agencies,市财政局|市发改委,,市财政和发改联合办,")
    task = task_of(assemble([doc], corrections=file), "/t2")
    assert roles(task) == ([("市住建局", "first_listed")], [("市财政和发改联合办", "corrected")])


def test_drop_task_turns_its_lines_into_narrative(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,6,新建公园,drop-task,,,,")
    assembly = assemble([doc], corrections=file)
    extraction = assembly.extractions[0]
    assert [t.id.rsplit("/", 1)[1] for t in extraction.tasks] == ["t1", "t2"]
    assert extraction.line_roles[6] == extraction.line_roles[7] == "narrative"
    assert not any(m.agency_id == "杭州市/园林局" for m in extraction.mentions)


def test_add_task_from_lines_reads_them_and_they_are_no_longer_skipped(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,8,由市政府办公室牵头,add-task,市政府办公室,,,the office supervises")
    assembly = assemble([doc], corrections=file)
    extraction = assembly.extractions[0]
    task = extraction.tasks[-1]
    assert task.id == f"{extraction.document.id}/added-8"
    assert task.text == "由市政府办公室牵头负责督查,每月通报。"
    assert (task.span.line_start, task.span.line_end) == (8, 8)
    assert roles(task) == ([("市政府办公室", "corrected")], [])
    assert task.lead[0].agency_id == "杭州市/政府办公室"
    assert extraction.skipped == [] and extraction.line_roles[8] == "task"
    assert "line 8 no longer skipped" in only_correction(assembly).detail


def test_add_task_then_an_agency_for_it(doc, tmp_path):
    # rows apply in order: the second finds the task the first made
    file = corrections_file(tmp_path, f"{document_id(doc)},,8,,add-task,市政府办公室,lead,,",
                            f"{document_id(doc)},,8,,add-agency,市督考办,cooperating,,")
    task = assemble([doc], corrections=file).extractions[0].tasks[-1]
    assert roles(task) == ([("市政府办公室", "corrected")], [("市督考办", "corrected")])


def test_confirm_changes_nothing_and_is_recorded(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},{sha(doc)},6,新建公园,confirm,,,,", f"{document_id(doc)},,,,confirm,,,,")
    plain, confirmed = assemble([doc]), assemble([doc], corrections=file)
    assert [t.to_dict() for t in plain.corpus.tasks] == [t.to_dict() for t in confirmed.corpus.tasks]
    assert [(c.status, c.task_id) for c in confirmed.corrections.corrections] == [("applied", task_of(plain, "/t3").id), ("applied", None)]


def test_a_row_that_is_already_so_is_redundant(doc, tmp_path):
    file = corrections_file(tmp_path, f"{document_id(doc)},,2,,set-lead,市文广旅局,,,", f"{document_id(doc)},,2,,add-agency,市财政局,cooperating,,")
    assembly = assemble([doc], corrections=file)
    assert [c.status for c in assembly.corrections.corrections] == ["redundant", "redundant"]
    assert roles(task_of(assembly, "/t1")) == ([("市文广旅局", "first_listed")], [("市财政局", "first_listed")])


def test_apply_corrections_leaves_its_input_as_it_was(doc, tmp_path):
    extractions = extract_paths([doc]).extractions
    before = extraction_json(extractions)
    rows = parse_corrections(HEADER + f"{extractions[0].document.id},,2,,set-lead,市财政局,,,\n"
                                      f"{extractions[0].document.id},,6,,drop-task,,,,\n", "c.csv")
    applied = apply_corrections(extractions, rows)
    assert extraction_json(extractions) == before
    assert applied.extractions[0] is not extractions[0] and len(applied.extractions[0].tasks) == 2


def test_a_document_no_row_names_is_shared_unchanged(tmp_path, doc):
    other = write_doc(tmp_path, "b.txt", DOC.replace("城市书房", "社区食堂"))
    extractions = extract_paths([doc, other]).extractions
    rows = parse_corrections(HEADER + f"{extractions[0].document.id},,2,,set-lead,市财政局,,,\n", "c.csv")
    applied = apply_corrections(extractions, rows)
    assert applied.extractions[1] is extractions[1] and applied.extractions[1].corrections == []


# -- stale rows -------------------------------------------------------------------------------


def test_a_row_for_a_numbered_document_that_changed_is_stale_and_not_applied(tmp_path):
    numbered = DOC.replace("的通知\n", "的通知\n杭政办函〔2024〕5号\n", 1)
    doc = write_doc(tmp_path, "n.txt", numbered)
    assert document_id(doc) == "杭政办函-2024-5"  # the id is the document's number: it outlives an edit
    file = corrections_file(tmp_path, f"杭政办函-2024-5,{sha(doc)[:16]},3,建设城市书房,set-lead,市财政局,,,")
    assert roles(task_of(assemble([doc], corrections=file), "/t1"))[0] == [("市财政局", "corrected")]
    doc.write_text(numbered.replace("新建公园3个", "新建公园5个"), encoding="utf-8")
    assembly = assemble([doc], corrections=file)
    correction = only_correction(assembly)
    assert correction.status == "stale" and f"now {sha(doc)[:8]}" in correction.detail
    assert roles(task_of(assembly, "/t1")) == ([("市文广旅局", "first_listed")], [("市财政局", "first_listed")])


def test_a_changed_document_found_by_its_file_name_is_stale_with_a_hint(doc, tmp_path):
    # Keyed by file name (a document without a number gets a hash id, which changes with it).
    file = corrections_file(tmp_path, f"a.txt,{sha(doc)[:16]},2,建设城市书房,set-lead,市财政局,,,")
    doc.write_text(DOC.replace("新建公园3个", "新建公园5个"), encoding="utf-8")
    assembly = assemble([doc], corrections=file)
    correction = only_correction(assembly)
    assert correction.status == "stale"
    assert "changed since this row was written" in correction.detail and "still reads the same at line 2" in correction.detail
    assert roles(task_of(assembly, "/t1")) == ([("市文广旅局", "first_listed")], [("市财政局", "first_listed")])
    (warning,) = assembly.warnings
    assert warning.startswith(f"{file}:2: stale correction, not applied:")


def test_a_row_without_sha_follows_its_task_by_key_when_lines_move(doc, tmp_path):
    # a line inserted above: the task moved down one line, its key still finds it
    file = corrections_file(tmp_path, "a.txt,,,改造老旧小区,set-lead,市财政局,,,")
    doc.write_text(DOC.replace("\n1.建设", "\n各区、县(市)人民政府,市政府各部门:\n1.建设"), encoding="utf-8")
    task = task_of(assemble([doc], corrections=file), "/t2")
    assert task.span.line_start == 5
    assert roles(task)[0] == [("市财政局", "corrected")]


def test_a_row_whose_task_is_gone_is_stale(doc, tmp_path):
    file = corrections_file(tmp_path, "a.txt,,4,修建地铁,set-lead,市财政局,,,", "a.txt,,40,,drop-task,,,,",
                            "a.txt,,6,,remove-agency,市交通局,,,", "a.txt,,8-9,补充任务,add-task,,,,")
    assembly = assemble([doc], corrections=file)
    details = [(c.status, c.detail) for c in assembly.corrections.corrections]
    assert [s for s, _ in details] == ["stale"] * 4
    assert "no task of" in details[0][1] and "at line 4 reading 修建地铁" in details[0][1]
    assert "市交通局 not among the agencies" in details[2][1]
    assert "has 8 lines, not 9" in details[3][1]
    assert len(assembly.warnings) == 4
    assert assembly.summary()["corrections stale"] == 4


def test_rows_naming_documents_not_read_are_one_warning(doc, tmp_path):
    file = corrections_file(tmp_path, "x.txt,,2,,drop-task,,,,", "y.txt,,3,,drop-task,,,,")
    assembly = assemble([doc], corrections=file)
    assert assembly.warnings == [f"{file}: 2 corrections (rows 2, 3) name documents not read here (x.txt、y.txt); not applied"]
    assert len(assembly.corpus.tasks) == 3


# -- bad rows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("row, message", [
    ("a.txt,,2,,set-leader,市财政局,,,", "unknown action 'set-leader'"),
    (",,2,,drop-task,,,,", "no document"),
    ("a.txt,xyz,2,,drop-task,,,,", "sha256 'xyz' is not 8 to 64 hex digits"),
    ("a.txt,,two,,drop-task,,,,", "line 'two' is not a line number"),
    ("a.txt,,2-4,,drop-task,,,,", "a range of lines is for add-task"),
    ("a.txt,,,,set-lead,市财政局,,,", "set-lead needs the task"),
    ("a.txt,,2,,set-lead,,,,", "set-lead needs the agency"),
    ("a.txt,,2,,add-agency,市财政局,,,", "add-agency needs the role"),
    ("a.txt,,2,,add-agency,市财政局,boss,,", "role 'boss' is not lead or cooperating"),
    ("a.txt,,2,,split-agency,市文广旅局,,市文化局,", "two parts or more"),
    ("a.txt,,2,,merge-agencies,市财政局,,,", "two agencies or more"),
    ("a.txt,,,,add-task,,,,", "add-task needs the lines"),
    ("a.txt,,2,,drop-task,,,,,extra", "10 cells, the header has 9 columns"),
])
def test_a_bad_row_is_one_line_naming_the_file_and_row(tmp_path, row, message):
    file = corrections_file(tmp_path, "a.txt,,2,,confirm,,,,", row)
    with pytest.raises(CorrectionsError) as error:
        load_corrections(file)
    assert str(error.value).startswith(f"{file}:3: ") and message in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_files(tmp_path):
    cases = {
        "missing.csv": None,
        "latin.csv": "document,action\nd,confirm\n".encode("utf-16"),
        "columns.csv": "document,action,agnecy\n".encode(),
        "noaction.csv": "document,line\n".encode(),
        "empty.csv": b"",
    }
    messages = {}
    for name, data in cases.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
        with pytest.raises(CorrectionsError) as error:
            load_corrections(tmp_path / name)
        messages[name] = str(error.value)
    assert messages["missing.csv"] == f"{tmp_path / 'missing.csv'}: no such corrections file"
    assert "must be a UTF-8 CSV file" in messages["latin.csv"]
    assert messages["columns.csv"].endswith(":1: unknown column 'agnecy'; the columns are document, sha256, line, task, action, agency, role, value, note")
    assert "no 'action' column" in messages["noaction.csv"]
    assert "empty" in messages["empty.csv"]


def test_several_bad_rows_are_counted_and_nothing_is_built(doc, tmp_path):
    file = corrections_file(tmp_path, "a.txt,,2,,set-lead,市财政局,,,", "a.txt,,2,,frobnicate,,,,", "a.txt,,,,drop-task,,,,", "a.txt,,x,,confirm,,,,")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(doc), "--out", str(out), "--corrections", str(file)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: {file}:3: unknown action 'frobnicate' (set-lead, add-agency, remove-agency, split-agency, "
                                     "merge-agencies, drop-task, add-task, confirm) (and 2 more bad rows; nothing applied)")
    assert not out.exists()


def test_a_spreadsheet_safe_cell_and_a_byte_order_mark_are_read_back(doc, tmp_path):
    file = tmp_path / "excel.csv"
    file.write_bytes(("\ufeff" + HEADER + "a.txt,,2,,add-agency,'=市甲局,lead,,\r\n").encode("utf-8"))
    (row,) = load_corrections(file)
    assert row.agencies == ("=市甲局",) and row.role == "lead"


# -- the outputs ------------------------------------------------------------------------------


@pytest.fixture
def corrected_build(doc, tmp_path):
    file = corrections_file(tmp_path, f"a.txt,{sha(doc)[:16]},2,建设城市书房,set-lead,市财政局,,,checked against the budget",
                            "a.txt,,6,,drop-task,,,,")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(doc), "--out", str(out), "--corrections", str(file), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out, file, result


def test_the_build_summary_counts_the_corrections(corrected_build):
    out, file, result = corrected_build
    assert "corrections applied" in result.stdout and "│ 2 " in result.stdout.split("corrections applied", 1)[1].splitlines()[0]


def test_extraction_json_records_the_basis_the_row_and_the_decisions(corrected_build):
    out, file, _ = corrected_build
    (document,) = json.loads((out / "extraction.json").read_text(encoding="utf-8"))
    task = document["tasks"][0]
    assert task["lead"] == [{"mention": "市财政局", "name": "市财政局", "agency_id": "杭州市/财政局", "basis": "corrected", "correction": f"{file}:2"}]
    assert [(c["id"], c["action"], c["status"]) for c in document["corrections"]] == [(f"{file}:2", "set-lead", "applied"), (f"{file}:3", "drop-task", "applied")]
    assert document["corrections"][0]["note"] == "checked against the budget"


def test_turtle_has_the_correction_as_an_activity_and_conforms(corrected_build):
    from graph_builder.stores.rdf_files import read_graph
    from ontology.validation import validate

    out, file, _ = corrected_build
    graph = read_graph(out / "graph.ttl")
    rows = list(graph.query("""
        PREFIX govkg: <https://w3id.org/govkg/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dct: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?name ?basis ?action ?source ?row WHERE {
          ?m org:role govkg:lead ; org:member ?a ; govkg:roleBasis ?basis ; prov:wasGeneratedBy ?c .
          ?a skos:prefLabel ?name .
          ?c a govkg:Correction, prov:Activity ; govkg:correctionAction ?action ; dct:source ?source ; govkg:correctionRow ?row ; prov:used ?doc .
        }"""))
    assert [tuple(str(v) for v in r) for r in rows] == [("杭州市财政局", "corrected", "set-lead", str(file), "2")]
    dropped = list(graph.query("""PREFIX govkg: <https://w3id.org/govkg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?t WHERE { ?c govkg:correctionAction "drop-task" ; prov:invalidated ?t }"""))
    assert len(dropped) == 1 and str(dropped[0][0]).endswith(".t3")
    conforms, violations = validate(graph)
    assert conforms, [v.to_dict() for v in violations]


def test_the_property_graph_carries_the_row_on_the_relationship(corrected_build):
    out, file, _ = corrected_build
    result = runner.invoke(app, ["cypher", "--from", str(out), "--format", "json",
                                 "MATCH (a:Agency)-[r:LEADS]->(t:Task) RETURN a.name AS agency, r.basis AS basis, r.correction AS correction ORDER BY agency"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"agency": "杭州市住建局", "basis": "first_listed", "correction": None},
        {"agency": "杭州市财政局", "basis": "corrected", "correction": f"{file}:2"},
    ]


def test_the_stored_corpus_keeps_the_corrections_and_their_file(corrected_build, tmp_path):
    out, file, _ = corrected_build
    document = json.loads(gzip.decompress((out / "corpus.json.gz").read_bytes()))
    assert "Correction" in document["schema"] and "correction" in document["schema"]["AgencyMention"]
    assert document["corrections"]["sha256"] == sha(file)
    burden = runner.invoke(app, ["query", "burden", "--from", str(out), "--format", "json"])
    led = {r["agency"]: r["tasks_led"] for r in json.loads(burden.stdout)}
    assert led["杭州市财政局"] == 1 and led.get("杭州市文广旅局", 0) == 0
    # the corrections file changing makes the build stale
    file.write_text(file.read_text(encoding="utf-8") + "a.txt,,4,,confirm,,,,\n", encoding="utf-8")
    again = runner.invoke(app, ["query", "burden", "--from", str(out), "--format", "json"])
    assert f"{file}: changed since the build" in again.stderr


def test_a_corpus_without_corrections_stores_no_correction_field(doc, tmp_path):
    out = tmp_path / "plain"
    assert runner.invoke(app, ["build", str(doc), "--out", str(out)]).exit_code == 0
    document = json.loads(gzip.decompress((out / "corpus.json.gz").read_bytes()))
    assert "Correction" not in document["schema"] and "correction" not in document["schema"]["AgencyMention"]
    assert "corrections" not in document
    assert "correction" not in (out / "extraction.json").read_text(encoding="utf-8")


# -- every command that reads documents -------------------------------------------------------


@pytest.mark.parametrize("command", [
    ["extract"], ["agencies", "--format", "json"], ["query", "burden", "--format", "json"], ["query", "compare", "--a", "year=2024", "--b", "year=2024"],
    ["export", "gexf", "-o", "{tmp}/n.gexf"], ["export", "rdf", "-o", "{tmp}/g.ttl"], ["export", "neo4j-csv", "--out", "{tmp}/csv"],
    ["viz", "-o", "{tmp}/v.html"], ["report", "-o", "{tmp}/r.html"], ["review", "--out", "{tmp}/review"],
])
def test_every_command_that_reads_documents_takes_corrections(doc, tmp_path, command):
    file = corrections_file(tmp_path, "a.txt,,2,,set-lead,市财政局,,,", "a.txt,,99,,drop-task,,,,")
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = runner.invoke(app, [*args, str(doc), "--corrections", str(file)])
    assert result.exit_code == 0, result.output
    assert f"warning: {file}:3: stale correction, not applied" in result.stderr
    if command == ["extract"]:
        assert json.loads(result.stdout)[0]["tasks"][0]["lead"][0]["mention"] == "市财政局"
    bad = runner.invoke(app, [*args, str(doc), "--corrections", str(tmp_path / "nope.csv")])
    assert bad.exit_code == 2 and bad.stderr.strip() == f"error: {tmp_path / 'nope.csv'}: no such corrections file"


def test_from_refuses_corrections(corrected_build):
    out, file, _ = corrected_build
    result = runner.invoke(app, ["query", "burden", "--from", str(out), "--corrections", str(file)])
    assert result.exit_code == 2
    assert "--corrections applies when documents are read" in result.stderr


# -- govkg eval against a corrections file ----------------------------------------------------


def test_eval_scores_the_extraction_against_the_corrected_one(doc, tmp_path):
    file = corrections_file(tmp_path, "a.txt,,2,,set-lead,市财政局,,,", "a.txt,,8,,add-task,市政府办公室,,,")
    result = runner.invoke(app, ["eval", str(file), "--json", "--save-gold", str(tmp_path / "gold")])
    assert result.exit_code == 0, result.output
    (score, overall) = json.loads(result.stdout)
    # gold: t1 lead 财政局 / coop 文广旅局, and a 4th task; the extraction has the roles swapped and no 4th task
    assert (score["document"], score["gold_tasks"], score["matched_tasks"]) == ("a.txt", 4, 3)
    assert (score["tp"], score["fp"], score["fn"]) == (4, 2, 3)
    assert (tmp_path / "gold" / "a.json").is_file()
    # the gold kept scores the corrected extraction perfectly
    again = runner.invoke(app, ["eval", str(tmp_path / "gold"), str(doc), "--json", "--corrections", str(file)])
    assert json.loads(again.stdout)[-1]["f1"] == 1.0 and json.loads(again.stdout)[-1]["task_recall"] == 1.0


def test_eval_of_a_corrections_file_naming_no_document_read_is_an_error(doc, tmp_path):
    file = corrections_file(tmp_path, "other.txt,,2,,drop-task,,,,")
    result = runner.invoke(app, ["eval", str(file), str(doc)])
    assert result.exit_code == 2 and "no row names any of the 1 documents read" in result.stderr
