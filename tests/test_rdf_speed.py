"""The bulk RDF path (issue 14): statements kept as strings and written without a pyoxigraph
object per statement must give what pyoxigraph gives from the objects, byte for byte, in every
format, and the objects made on demand must be the same terms."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from benchmarks.synthetic import synthetic_corpus
from graph_builder.emit import rdf
from graph_builder.pipeline import load_corpus


@pytest.fixture(scope="module")
def corpora():
    corpus, _ = load_corpus()
    return {"samples": corpus, "generated": synthetic_corpus(60, 80)}


@pytest.mark.parametrize("name", ["samples", "generated"])
@pytest.mark.parametrize("base", [rdf.DEFAULT_BASE_IRI, "https://example.org/kg#"])
def test_strings_write_what_pyoxigraph_writes_from_objects(corpora, name, base):
    statements = rdf.quads(corpora[name], base)
    objects = list(statements)  # pyoxigraph Quads, through the old path of serialize
    assert isinstance(objects[0], ox.Quad) and len(objects) == len(statements)
    for format in ("ttl", "nt", "trig", "nq", "jsonld"):
        assert rdf.serialize(statements, format, base) == rdf.serialize(objects, format, base), format
    triples = rdf.quads(corpora[name], base, named_graphs=False)
    assert isinstance(triples[0], ox.Triple)
    for format in ("ttl", "nt"):
        assert rdf.serialize(triples, format, base) == rdf.serialize(list(triples), format, base) == rdf.serialize(statements, format, base)


def test_statement_order_is_the_order_of_the_terms(corpora):
    statements = rdf.quads(corpora["samples"])
    assert list(statements) == sorted(statements, key=rdf._quad_key)
    triples = rdf.quads(corpora["samples"], named_graphs=False)
    assert list(triples) == sorted(triples, key=rdf._triple_key)


ODD_TERMS = [
    '"a \\"quoted\\" word"', '"tab\\there"', '"back\\\\slash %41"', '"line\\nbreak"@en', '"007"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"+7"^^<http://www.w3.org/2001/XMLSchema#integer>', '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', '"x"^^<http://example.org/other#type>', '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>',
    "<https://w3id.org/govkg/id/agency/-dash>", "<https://w3id.org/govkg/id/agency/dot.>", "<https://w3id.org/govkg/id/agency/>",
    "<https://w3id.org/govkg/id/agency/a~b>", "<https://w3id.org/govkg/id/agency/a/b>", "<http://example.org/no-prefix>",
    "<https://w3id.org/govkg/id/agency/%E6%9D%AD.x%2E>", '"中文 “引号” 100%"@zh-hans', '""',
]


def test_turtle_writer_matches_pyoxigraph_on_odd_terms():
    subject = "https://w3id.org/govkg/id/task/t1"
    predicates = [rdf.RDF_TYPE_IRI, "http://purl.org/dc/terms/identifier", "http://example.org/p"]
    rows = sorted({f"{subject}\0{p}\0{o}" for p in predicates for o in ODD_TERMS}
                  | {f"{o[1:-1]}\0{predicates[1]}\0{ODD_TERMS[0]}" for o in ODD_TERMS if o.startswith("<")})
    statements = rdf.Statements(rows, named_graphs=False)
    objects = list(statements)
    expected = ox.serialize(objects, format=ox.RdfFormat.TURTLE, prefixes=rdf.prefixes())
    assert rdf._turtle(rows, rdf.prefixes()) == expected
    assert rdf.serialize(statements, "ttl") == rdf.serialize(objects, "ttl")
    assert rdf.serialize(statements, "nt") == rdf.serialize(objects, "nt")


def test_literals_are_pyoxigraphs_forms():
    for text in ["plain", "a\"b", "c\\d", "e\nf", "g\rh", "\x01\x7f", "\u2028", ""]:
        assert rdf._literal(text) == str(ox.Literal(text))
        assert rdf._literal(text, language="zh-Hans") == str(ox.Literal(text, language="zh-Hans"))
        xsd = "http://www.w3.org/2001/XMLSchema#"
        assert rdf._literal(text, datatype=xsd + "gYear") == str(ox.Literal(text, datatype=ox.NamedNode(xsd + "gYear")))
        assert rdf._literal(text, datatype=xsd + "string") == str(ox.Literal(text))


def test_statements_that_are_not_quads_refuse_quad_formats(corpora):
    with pytest.raises(ValueError, match="needs quads"):
        rdf.serialize(rdf.quads(corpora["generated"], named_graphs=False), "trig")
