"""Measure definitions: `query --explain`, docs/measures.md kept current, `query --list` lists only
real commands, `cypher --top`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from queries import MEASURES, QUERIES
from queries.explain import definitions, markdown

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def test_docs_measures_md_is_generated_from_the_docstrings():
    current = (ROOT / "docs" / "measures.md").read_text("utf-8")
    assert current == markdown(), "docs/measures.md is stale: run `python -m queries.explain > docs/measures.md`"


def test_every_measure_and_column_has_a_complete_definition():
    names = {n for e in definitions() for n in e["names"]}
    assert set(MEASURES) <= names
    assert {"tasks_led", "coordination_burden", "lead_load", "shared_tasks", "newman_weight", "gatekeeper", "modularity", "qap_correlation"} <= names
    for entry in definitions():
        assert entry["definition"] and entry["formula"] and entry["normalisation"] and entry["reference"], entry["names"]
    references = " ".join(e["reference"] for e in definitions())
    for author in ("Freeman", "Burt", "Gould", "Fernandez", "Newman", "Krackhardt"):
        assert author in references


@pytest.mark.parametrize("measure", ["betweenness", "coordination_burden", "gatekeeper", "constraint"])
def test_explain_prints_definition_formula_normalisation_reference(measure):
    result = runner.invoke(app, ["query", "--explain", measure])
    assert result.exit_code == 0, result.output
    for field in ("formula:", "normalisation:", "reference:"):
        assert field in result.stdout
    assert measure in result.stdout


def test_explain_unknown_measure_lists_the_known_ones():
    result = runner.invoke(app, ["query", "--explain", "fame"])
    assert result.exit_code == 2 and "known:" in result.output and "betweenness" in result.output


def test_query_list_advertises_only_real_commands():
    listing = runner.invoke(app, ["query", "--list"])
    assert listing.exit_code == 0
    listed = [line.split()[0] for line in listing.stdout.splitlines() if line.strip()]
    assert listed == list(QUERIES)
    assert "lead-pairs" not in listed
    for name in listed:
        result = runner.invoke(app, ["query", name, "--help"])
        assert result.exit_code == 0, f"`query --list` names {name!r}, which is not a command"


def test_burden_help_says_what_burden_is():
    result = runner.invoke(app, ["query", "burden", "--help"])
    assert "(k − 1)" in result.stdout and "--explain" in result.stdout


def test_cypher_top_limits_rows():
    result = runner.invoke(app, ["cypher", "top_cooperating_agencies", "--top", "3", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 + 3
    everything = runner.invoke(app, ["cypher", "top_cooperating_agencies", "--format", "csv"])
    assert len(everything.stdout.strip().splitlines()) > 4
    assert everything.stdout.strip().splitlines()[:4] == lines
