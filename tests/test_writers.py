"""The corpus writers behind one registry (graph_builder.emit.WRITERS, issue 12): each module
writes what the serialisers wrote before, and the registry is where the CLI and build take their
format choices from."""

from __future__ import annotations

import io

import pytest
from typer.testing import CliRunner

from graph_builder import emit
from graph_builder.emit import RDF_WRITERS, WRITERS, neo4j_csv, rdf
from graph_builder.writers import WRITERS as NETWORK_WRITERS, find_writer
from govkg.cli import app

runner = CliRunner()


def test_every_writer_has_the_registry_shape():
    for name, module in [*WRITERS.items(), *NETWORK_WRITERS.items()]:
        assert isinstance(module.SUFFIX, str) and module.DESCRIPTION and callable(module.write), name
    for name, module in WRITERS.items():
        assert module.NAME == name


def test_one_lookup_finds_corpus_and_network_writers():
    assert not set(WRITERS) & set(NETWORK_WRITERS)
    assert find_writer("trig") is WRITERS["trig"] and find_writer("gexf") is NETWORK_WRITERS["gexf"]
    with pytest.raises(ValueError, match="unknown format 'rdfxml'; known: ttl, nt, trig, nq, jsonld, neo4j-csv, gexf"):
        find_writer("rdfxml")
    with pytest.raises(ValueError, match="unknown RDF format 'neo4j-csv'"):
        emit.rdf_writer("neo4j-csv")


@pytest.mark.parametrize("name", list(RDF_WRITERS))
def test_each_rdf_writer_writes_what_the_serialiser_writes(corpus, tmp_path, name):
    writer = RDF_WRITERS[name]
    target = tmp_path / f"graph{writer.SUFFIX}"
    assert writer.write(corpus, target) == [target]
    expected = rdf.serialize(rdf.quads(corpus, named_graphs=writer.NAMED_GRAPHS), name)
    assert target.read_bytes() == expected
    stream = io.BytesIO()
    assert emit.write(corpus, name, stream) == []  # a stream (standard output): nothing named
    assert stream.getvalue() == expected


def test_rdf_formats_come_from_the_registry():
    assert set(rdf.FORMATS) == set(RDF_WRITERS)
    assert rdf.QUAD_FORMATS == {"trig", "nq", "jsonld"}
    from graph_builder.build import output_names
    from graph_builder.stores.ladybug_db import RDF_SUFFIXES

    assert output_names(("nt", "jsonld"))[3:5] == ["graph.nt", "graph.jsonld"]
    assert RDF_SUFFIXES == {".ttl", ".nt", ".trig", ".nq", ".jsonld", ".json"}


def test_cli_format_choices_are_the_registry():
    for command in (["build", "--help"], ["export", "rdf", "--help"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0
        assert "|".join(RDF_WRITERS) in result.output.replace("\n", "").replace(" ", "")
    result = runner.invoke(app, ["export", "rdf", "--format", "neo4j-csv"])
    assert result.exit_code == 2  # not an RDF format


def test_neo4j_csv_writer_and_its_import_command(corpus, tmp_path):
    written = WRITERS["neo4j-csv"].write(corpus, tmp_path / "import")
    names = [p.name for p in written]
    assert names[0].startswith("nodes_") and "rels_COOPERATES_ON_Agency_Task.csv" in names
    command = neo4j_csv.import_command(tmp_path / "import", written, "graph")
    assert "--relationships=COOPERATES_ON=rels_COOPERATES_ON_Agency_Task.csv" in command
    assert "--relationships=IN_JURISDICTION=rels_IN_JURISDICTION_Jurisdiction_Jurisdiction.csv" in command
    assert "--nodes=AgencyGroup=nodes_AgencyGroup.csv" in command
    assert command.startswith(f"cd {(tmp_path / 'import').resolve()} && neo4j-admin database import full \\\n    --nodes=")
    assert command.endswith("--array-delimiter=';' \\\n    --overwrite-destination \\\n    graph")
    with pytest.raises(ValueError, match="takes no option"):
        WRITERS["neo4j-csv"].write(corpus, tmp_path / "x", database="graph")
