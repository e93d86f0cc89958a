"""JSON-LD: compacted with a real @context, one named graph per document, and the same quads as
TriG once expanded — checked with three independent readers (oxigraph, rdflib, pyld)."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.emit import rdf
from ontology.namespaces import PREFIXES
from tests.conftest import CORPUS

runner = CliRunner()


@pytest.fixture(scope="module")
def quads(corpus):
    return rdf.quads(corpus)


@pytest.fixture(scope="module")
def trig_quads(quads):
    return set(ox.parse(rdf.serialize(quads, "trig"), format=ox.RdfFormat.TRIG))


@pytest.fixture(scope="module")
def jsonld_bytes(quads):
    return rdf.serialize(quads, "jsonld")


def test_jsonld_is_compacted_with_a_context_and_a_graph_per_document(jsonld_bytes, corpus):
    document = json.loads(jsonld_bytes)
    context = document["@context"]
    for prefix in ("govkg", "org", "prov", "dct", "skos"):
        assert context[prefix] == PREFIXES[prefix]
    named = [node for node in document["@graph"] if "@graph" in node]
    assert len(named) == len(corpus.documents) == 5
    assert all(node["@id"].startswith("graph:") for node in named)
    text = jsonld_bytes.decode("utf-8")
    assert '"@type"' in text and "org:Organization" in text and "杭州市" in text  # compact IRIs, Chinese as written
    assert "http://www.w3.org/ns/org#Organization" not in text


def test_jsonld_expands_to_the_same_quads_as_trig(jsonld_bytes, trig_quads):
    assert set(ox.parse(jsonld_bytes, format=ox.RdfFormat.JSON_LD)) == trig_quads


def test_rdflib_reads_the_same_quads(jsonld_bytes, trig_quads):
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=jsonld_bytes.decode("utf-8"), format="json-ld")
    nquads = dataset.serialize(format="nquads", encoding="utf-8")
    assert set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) == trig_quads


def test_pyld_expands_one_document_graph_to_the_same_quads(corpus, trig_quads):
    """pyld is slow on the whole corpus: one document (the 2022 traditional-script one)."""
    from pyld import jsonld

    quads_one = [q for q in rdf.quads(corpus) if "2022" in str(q.graph_name)]
    assert quads_one
    document = json.loads(rdf.serialize(quads_one, "jsonld"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert set(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) == set(quads_one) <= trig_quads


def test_cli_export_jsonld_validates(tmp_path):
    path = tmp_path / "graph.jsonld"
    result = runner.invoke(app, ["export", "rdf", str(CORPUS["02"]), "--format", "jsonld", "-o", str(path)])  # SHACL: one document
    assert result.exit_code == 0, result.output
    assert "@context" in json.loads(path.read_text("utf-8"))
    checked = runner.invoke(app, ["validate", str(path)])
    assert checked.exit_code == 0, checked.output
    assert "conforms" in checked.stdout
    # every named graph is read, not the default graph alone: as many triples as the Turtle
    turtle = tmp_path / "graph.ttl"
    runner.invoke(app, ["export", "rdf", str(CORPUS["02"]), "-o", str(turtle)])
    counted = runner.invoke(app, ["validate", str(turtle)])
    triples = [re.search(r"(\d+)\s+triples", r.stdout).group(1) for r in (checked, counted)]
    assert triples[0] == triples[1]
