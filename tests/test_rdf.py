"""RDF: Turtle an independent parser accepts, SHACL conformance, round trip, provenance,
determinism, both writers agreeing, and the SPARQL cookbook agreeing with the query library."""

from __future__ import annotations

import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.emit import rdf
from ontology.validation import validate
from queries import Filters, View, burden, shared_pairs
from queries import sparql as sparql_lib
from tests.conftest import CORPUS

runner = CliRunner()
ORG = "http://www.w3.org/ns/org#"
GOVKG = "https://w3id.org/govkg/ontology#"


@pytest.fixture(scope="module")
def quads(corpus):
    return rdf.quads(corpus)


@pytest.fixture(scope="module")
def turtle(quads):
    return rdf.serialize(quads, "ttl")


def test_turtle_parses_with_independent_parsers(turtle, tmp_path):
    triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert len(triples) > 20000
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("raptor2-utils (rapper) is not installed; `make test` installs it as root")
    path = tmp_path / "graph.ttl"
    path.write_bytes(turtle)
    result = subprocess.run([rapper, "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"returned {len(set(triples))} triples" in result.stderr


def test_turtle_is_readable(turtle):
    text = turtle.decode("utf-8")
    assert "@prefix agency: <https://w3id.org/govkg/id/agency/>" in text
    assert "\\%" not in text  # no backslash noise before percent-encoded characters
    assert "agency:%E6%9D%AD%E5%B7%9E%E5%B8%82." in text
    assert '"杭州市城乡建设委员会"@zh-hans' in text.lower() or '"杭州市城乡建设委员会"@zh-Hans' in text


def test_graph_conforms_to_the_shapes(quads):
    graph = rdflib.Graph()
    for quad in rdf.to_rdflib(quads).quads():
        graph.add(quad[:3])
    conforms, violations = validate(graph)
    assert conforms, violations[:5]


def test_a_membership_without_provenance_does_not_conform():
    from graph_builder.pipeline import load_corpus

    one_document, _ = load_corpus([CORPUS["02"]])  # the shapes are the same for one document or five
    graph = rdflib.Graph()
    for quad in rdf.to_rdflib(rdf.quads(one_document)).quads():
        graph.add(quad[:3])
    membership = next(graph.subjects(rdflib.RDF.type, rdflib.URIRef(ORG + "Membership")))
    graph.remove((membership, rdflib.URIRef(GOVKG + "sourceSpan"), None))
    conforms, violations = validate(graph)
    assert not conforms
    assert any(v.path == "govkg:sourceSpan" for v in violations)


def test_round_trip_memberships_equal_relations_with_spans(corpus, quads):
    relations = {(t.id, m.role, m.agency_id) for t in corpus.tasks for m in t.mentions}
    store = sparql_lib.store_from_quads(quads)
    rows = sparql_lib.run(store, f"""
        PREFIX org: <{ORG}> PREFIX govkg: <{GOVKG}> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT (COUNT(DISTINCT ?m) AS ?n) (COUNT(DISTINCT ?withspan) AS ?spans) WHERE {{
          ?m a org:Membership .
          OPTIONAL {{ ?m govkg:sourceSpan ?s . ?s govkg:lineStart ?l ; oa:hasSelector ?q . ?q oa:exact ?e . BIND(?m AS ?withspan) }}
        }}""")
    assert rows[0]["n"] == len(relations) == rows[0]["spans"]
    leads = sparql_lib.run(store, f"PREFIX govkg: <{GOVKG}> SELECT (COUNT(*) AS ?n) WHERE {{ ?a govkg:leads ?t }}")
    assert leads[0]["n"] == len({r for r in relations if r[1] == "lead"})


def test_output_is_byte_identical_between_runs(corpus, turtle):
    assert rdf.serialize(rdf.quads(corpus), "ttl") == turtle
    from graph_builder.pipeline import load_corpus

    again, _ = load_corpus()
    assert rdf.serialize(rdf.quads(again), "trig") == rdf.serialize(rdf.quads(corpus), "trig")


def test_rdflib_and_oxigraph_write_the_same_triples(quads):
    ours = set(ox.parse(rdf.serialize(quads, "nt"), format=ox.RdfFormat.N_TRIPLES))
    theirs = set(ox.parse(rdf.serialize_rdflib(quads, "nt"), format=ox.RdfFormat.N_TRIPLES))
    assert ours == theirs
    one_graph = [q for q in quads if q.graph_name == quads[-1].graph_name]  # one document: rdflib's Turtle writer is slow
    ours = set(ox.parse(rdf.serialize(one_graph, "ttl"), format=ox.RdfFormat.TURTLE))
    turtle_theirs = set(ox.parse(rdf.serialize_rdflib(one_graph, "ttl"), format=ox.RdfFormat.TURTLE))
    assert turtle_theirs == ours and len(ours) > 500


def test_trig_has_one_named_graph_per_document(corpus, quads):
    parsed = list(ox.parse(rdf.serialize(quads, "trig"), format=ox.RdfFormat.TRIG))
    graphs = {q.graph_name.value for q in parsed if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(graphs) == len(corpus.documents) == 5
    nquads = list(ox.parse(rdf.serialize(quads, "nq"), format=ox.RdfFormat.N_QUADS))
    assert len(nquads) == len(parsed)
    jsonld = json.loads(rdf.serialize(quads, "jsonld"))
    assert jsonld


def test_base_iri_is_the_users(corpus):
    custom = rdf.quads(corpus, "https://example.org/kg/")
    assert all(q.subject.value.startswith(("https://example.org/kg/", GOVKG)) for q in custom)
    with pytest.raises(ValueError, match="base IRI"):
        rdf.quads(corpus, "not an iri")


def test_sparql_cookbook_agrees_with_the_query_library(corpus, quads):
    store = sparql_lib.store_from_quads(quads)
    book = sparql_lib.cookbook()
    rows = sparql_lib.run(store, book["tasks_per_agency_by_role"])
    expected = {r["agency_id"]: (r["tasks_led"], r["tasks_cooperated"]) for r in burden(View.from_corpus(corpus, Filters()))}
    assert {r["agency_id"]: (r["tasks_led"], r["tasks_cooperated"]) for r in rows} == expected
    pairs = sparql_lib.run(store, book["shared_task_pairs"])
    expected_pairs = {(p["agency_a_id"], p["agency_b_id"]): p["shared_tasks"] for p in shared_pairs(View.from_corpus(corpus, Filters()))}
    assert {tuple(sorted((r["agency_a_id"], r["agency_b_id"]))): r["shared_tasks"] for r in pairs} == {
        tuple(sorted(k)): v for k, v in expected_pairs.items()
    }
    tasks = sparql_lib.run(store, book["tasks_of_document"], {"doc_number": "杭政办函〔2017〕33号"})
    assert len(tasks) == 32 and tasks[0]["line_start"] == 76 and tasks[0]["lead"] in ("杭州市城市管理委员会、杭州市林业水利局", "杭州市林业水利局、杭州市城市管理委员会")
    provenance = sparql_lib.run(store, book["provenance_of_relation"], {"agency": "杭州市城市管理局"})
    mentions = {(r["mention"], r["line_start"]) for r in provenance}
    assert ("市城管局", 19) in mentions and ("市城管局", 31) in mentions


def test_cli_export_validate_and_sparql(tmp_path):
    target = tmp_path / "graph.trig"
    result = runner.invoke(app, ["export", "rdf", "--format", "trig", "-o", str(target), "--base-iri", "https://example.org/kg/"])
    assert result.exit_code == 0, result.output
    assert b"https://example.org/kg/" in target.read_bytes()
    turtle = tmp_path / "graph.ttl"
    runner.invoke(app, ["export", "rdf", str(CORPUS["01"]), "-o", str(turtle)])  # one document: SHACL takes 2 s, not 9
    checked = runner.invoke(app, ["validate", str(turtle)])
    assert checked.exit_code == 0 and "conforms" in checked.stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n<https://x.org/m> a org:Membership .\n", encoding="utf-8"
    )
    failed = runner.invoke(app, ["validate", str(broken)])
    assert failed.exit_code == 1 and "does not conform" in failed.stdout
    garbage = tmp_path / "garbage.ttl"
    garbage.write_text("this is not turtle", encoding="utf-8")
    assert runner.invoke(app, ["validate", str(garbage)]).exit_code == 2
    rows = runner.invoke(app, ["sparql", "tasks_per_agency_by_role", "--graph", str(turtle), "--format", "json"])
    from graph_builder.pipeline import load_corpus

    library = burden(View.from_corpus(load_corpus([CORPUS["01"]])[0], Filters()))
    assert json.loads(rows.stdout)[0]["tasks_cooperated"] == max(r["tasks_cooperated"] for r in library)
    bad = runner.invoke(app, ["sparql", "SELECT * WHERE { ?s ?p }"])
    assert bad.exit_code == 2 and "SPARQL syntax error" in bad.stderr
    assert runner.invoke(app, ["export", "rdf", "--base-iri", "nope"]).exit_code == 2


def test_build_writes_graph_files(tmp_path):
    result = runner.invoke(app, ["build", "--out", str(tmp_path), "--rdf-format", "ttl", "--rdf-format", "nq"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.ttl").stat().st_size > 0 and (tmp_path / "graph.nq").stat().st_size > 0


# -- a SPARQL portal that loads the TriG or N-Quads file (issue 23) -----------------------------

PLAIN_QUERY = """PREFIX govkg: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?agency (COUNT(DISTINCT ?task) AS ?tasks) WHERE { ?node govkg:cooperatesOn ?task ; skos:prefLabel ?agency }
GROUP BY ?agency ORDER BY DESC(?tasks) ?agency"""


@pytest.mark.parametrize("format", ["trig", "nq"])
def test_a_portal_that_loads_the_file_answers_plain_sparql_without_graph(corpus, tmp_path, format):
    """A store loaded from graph.trig / graph.nq answers a query with no GRAPH from its default
    graph only (Oxigraph's, Fuseki's and GraphDB's default): with --union-default-graph every
    relation is there too, and the counts are those of govkg query burden."""
    expected = sorted((r["agency"], r["tasks_cooperated"]) for r in burden(View.from_corpus(corpus, Filters())) if r["tasks_cooperated"])

    def rows(path, **query_options):
        store = ox.Store()
        store.load(path=str(path), format=ox.RdfFormat.from_extension(format))
        return store, sorted((s["agency"].value, int(s["tasks"].value)) for s in store.query(PLAIN_QUERY, **query_options))

    plain = tmp_path / f"graph.{format}"
    assert runner.invoke(app, ["export", "rdf", "--format", format, "-o", str(plain)]).exit_code == 0
    store, found = rows(plain)
    assert found == []  # what the portal saw: the relations live only in the documents' graphs
    assert rows(plain, use_default_graph_as_union=True)[1] == expected  # a store told to query the union
    union = tmp_path / f"union.{format}"
    result = runner.invoke(app, ["export", "rdf", "--format", format, "--union-default-graph", "-o", str(union)])
    assert result.exit_code == 0, result.output
    union_store, found = rows(union)
    assert found == expected and len(expected) > 100
    # Each statement still sits in its document's graph: the named graphs are those of the plain file.
    named = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert [tuple(map(str, s)) for s in union_store.query(named)] == [tuple(map(str, s)) for s in store.query(named)]
    assert len(list(union_store.named_graphs())) == len(corpus.extractions)


def test_build_writes_the_union_into_the_default_graph_when_asked(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(CORPUS["01"]), "--out", str(out), "--rdf-format", "nq", "--rdf-format", "ttl",
                                 "--union-default-graph", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    store = ox.Store()
    store.load(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    prefix = "PREFIX govkg: <https://w3id.org/govkg/ontology#> "
    (plain_sparql,) = store.query(prefix + "SELECT (COUNT(*) AS ?n) WHERE { ?a govkg:leads ?t }")
    (in_graphs,) = store.query(prefix + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a govkg:leads ?t } }")
    leads = {(m.agency_id, t.id) for t in _tasks_of(CORPUS["01"]) for m in t.roles() if m.role == "lead"}
    assert int(plain_sparql["n"].value) == int(in_graphs["n"].value) == len(leads) > 0
    # The Turtle file of the same build is the same graph as without the option (triples merge the graphs).
    plain = runner.invoke(app, ["export", "rdf", str(CORPUS["01"]), "-o", str(tmp_path / "plain.ttl")])
    assert plain.exit_code == 0 and (out / "graph.ttl").read_bytes() == (tmp_path / "plain.ttl").read_bytes()


def _tasks_of(path):
    from graph_builder.pipeline import load_corpus

    corpus, _ = load_corpus([path])
    return corpus.tasks
