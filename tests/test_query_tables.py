"""Tables for papers (ids and agency type on every agency row, --type, CSV for Excel, xlsx) and
honest defaults (a note when the view is several networks, --by for one measure per slice)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from queries import Filters, View, burden, centrality
from queries.slices import by_slice, components, slices

runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, ["query", *args])
    assert result.exit_code == 0, result.output
    return result


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_for_excel_has_a_byte_order_mark_and_the_ids(tmp_path):
    result = invoke("pairs", "--top", "5", "--format", "csv", "--excel")
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = rows_of(raw.decode("utf-8-sig"))
    assert len(rows) == 5
    assert {"agency_a_id", "agency_a", "agency_a_type", "agency_b_id", "agency_b", "agency_b_type", "shared_tasks"} <= set(rows[0])
    plain = invoke("pairs", "--top", "5", "--format", "csv").stdout_bytes
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert rows_of(plain.decode("utf-8"))[0]["agency_a_id"] == rows[0]["agency_a_id"]
    written = tmp_path / "pairs.csv"
    invoke("pairs", "--top", "5", "--format", "csv", "--excel", "-o", str(written))
    assert written.read_bytes() == raw


@pytest.mark.parametrize("command", ["burden", "centrality", "brokerage", "communities"])
def test_every_agency_table_has_id_and_type(command):
    rows = rows_of(invoke(command, "--top", "3", "--format", "csv").stdout)
    assert rows and all(r["agency_id"] and r["agency_type"] for r in rows)
    assert {"agency_jurisdiction", "agency_level"} <= set(rows[0])
    if command != "brokerage":  # its terminal table shows the group (jurisdiction or type) instead
        table = invoke(command, "--top", "3", *(["-m", "degree"] if command == "centrality" else [])).stdout
        assert "type" in table and rows[0]["agency_type"][:5] in table  # (narrow test terminal: cells fold)


def test_type_filter_keeps_only_bureaus(corpus):
    rows = rows_of(invoke("burden", "--top", "0", "--format", "csv", "--type", "bureau").stdout)
    assert rows and {r["agency_type"] for r in rows} == {"bureau"}
    everyone = burden(View.from_corpus(corpus, Filters()))
    bureaus = [r["agency_id"] for r in everyone if View.from_corpus(corpus, Filters()).attributes[r["agency_id"]]["type"] == "bureau"]
    assert [r["agency_id"] for r in rows] == bureaus  # measures from the whole view, rows filtered
    pairs = rows_of(invoke("pairs", "--top", "0", "--format", "csv", "--type", "bureau").stdout)
    assert pairs and all(r["agency_a_type"] == r["agency_b_type"] == "bureau" for r in pairs)


def test_xlsx_workbook_matches_the_library(tmp_path, corpus):
    from openpyxl import load_workbook

    path = tmp_path / "burden.xlsx"
    result = invoke("burden", "--top", "10", "--format", "xlsx", "-o", str(path))
    assert "wrote" in result.output
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["agency_id", "agency", "agency_type"]
    values = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    expected = burden(View.from_corpus(corpus, Filters()))[:10]
    assert [(v["agency_id"], v["tasks_cooperated"], v["lead_share"]) for v in values] == [
        (e["agency_id"], e["tasks_cooperated"], e["lead_share"]) for e in expected
    ]
    assert isinstance(values[0]["coordination_burden"], int)


def test_a_view_of_several_networks_says_so(corpus):
    view = View.from_corpus(corpus, Filters())
    sizes = components(view)
    assert len(sizes) > 1
    result = invoke("centrality", "--top", "3")
    assert f"this view is {len(sizes)} separate networks" in result.stderr
    assert str(sizes[0]) in result.stderr and "--by jurisdiction" in result.stderr
    assert "separate networks" not in result.stdout  # CSV and JSON stay clean
    sliced = invoke("centrality", "--top", "3", "--by", "jurisdiction")
    assert "separate networks" not in sliced.stderr


def test_by_jurisdiction_computes_per_slice_in_one_call(corpus):
    view = View.from_corpus(corpus, Filters())
    rows = json.loads(invoke("centrality", "-m", "eigenvector", "--by", "jurisdiction", "--top", "0", "--format", "json").stdout)
    assert {r["jurisdiction"] for r in rows} == set(slices(view, "jurisdiction"))
    huzhou_rows = [r for r in rows if r["jurisdiction"] == "湖州市"]
    alone = centrality(View.from_corpus(corpus, Filters(jurisdictions=("湖州市",))))
    assert {r["agency_id"]: r["eigenvector"] for r in huzhou_rows} == {r["agency_id"]: r["eigenvector"] for r in alone}
    assert max(r["eigenvector"] for r in huzhou_rows) > 0.1  # no longer 0 because another city dominates
    top2 = by_slice(view, "year", burden, top=2)
    assert [r["year"] for r in top2] == sorted(r["year"] for r in top2) and len(top2) == 2 * len(slices(view, "year"))


def test_unknown_slice_is_one_clear_error():
    result = runner.invoke(app, ["query", "burden", "--by", "city"])
    assert result.exit_code == 2 and "--by must be one of" in result.output


def test_parquet_tables_keep_ids_types_and_numbers(tmp_path):
    import pyarrow.parquet as pq

    target = tmp_path / "burden.parquet"
    result = runner.invoke(app, ["query", "burden", "--format", "parquet", "-o", str(target), "--top", "5"])
    assert result.exit_code == 0, result.output
    rows = pq.read_table(target).to_pylist()
    assert len(rows) == 5
    assert {"agency_id", "agency", "agency_type", "tasks_led", "coordination_burden"} <= set(rows[0])
    assert all(isinstance(r["coordination_burden"], int) for r in rows)
    csv_rows = runner.invoke(app, ["query", "burden", "--format", "json", "--top", "5"]).stdout
    assert [r["agency_id"] for r in rows] == [r["agency_id"] for r in json.loads(csv_rows)]


def test_query_csv_raw_and_a_spreadsheet_csv_file_are_both_available(tmp_path):
    raw = runner.invoke(app, ["query", "burden", "--format", "csv-raw", "--top", "3"])
    assert raw.exit_code == 0, raw.output
    assert raw.stdout.splitlines()[0].startswith("agency_id,agency,")
    compared = runner.invoke(app, ["query", "compare", "--a", "year=2017", "--b", "year=2019", "--format", "csv-raw"])
    assert compared.exit_code == 0 and compared.stdout.startswith("statistic,value")


def test_an_excel_csv_file_never_carries_a_live_formula(tmp_path):
    from queries.tables import to_csv

    records = [{"agency": "=HYPERLINK(\"http://x\")", "tasks": 3}, {"agency": "@SUM(A1)", "tasks": -1}]
    safe = to_csv(records, ["agency", "tasks"], excel=True).decode("utf-8-sig").splitlines()
    assert safe[1].startswith("\"'=HYPERLINK") and safe[2].startswith("'@SUM") and safe[2].endswith(",-1")
    raw = to_csv(records, ["agency", "tasks"], excel=True, safe=False).decode("utf-8-sig").splitlines()
    assert raw[1].startswith("\"=HYPERLINK")
