"""Property-based tests (hypothesis): whatever an agency's name or a task's text holds — markup,
quotes, backslashes, control characters, text that looks like Cypher or SPARQL — the pipeline
does not crash, the Turtle parses, the page runs no script from the data and the graph database
holds exactly what the model holds; and agency lists split back into the names they were made
of."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_builder.ingest import normalize_line, source_from_bytes
from graph_builder.parse.cells import Cell, split_agencies

LEVELS = ["市", "区", "县", "省"]
STEMS = ["发展和改革", "财政", "教育", "民政", "城市管理", "住房和城乡建设", "卫生健康", "交通运输", "体育", "商务", "文化广电旅游", "生态环境"]
ENDINGS = ["局", "委", "委员会", "办公室", "中心"]

agency_names = st.builds(lambda level, stem, ending: level + stem + ending, st.sampled_from(LEVELS), st.sampled_from(STEMS), st.sampled_from(ENDINGS))


@settings(max_examples=200, deadline=None)
@given(st.lists(agency_names, min_size=1, max_size=8, unique=True), st.sampled_from(["、", ",", ";", "\n"]))
def test_an_agency_list_splits_back_into_its_names(names, separator):
    text = separator.join(names)
    source = source_from_bytes(text.encode("utf-8"), "list.txt")
    cell = Cell.from_line(source, 1, 0, len(source.norm(1))) if separator != "\n" else _lines_cell(source)
    assert [item.name for item in split_agencies(cell)] == names


def _lines_cell(source):
    cell = Cell.from_line(source, 1, 0, len(source.norm(1)))
    for line in list(source.line_numbers)[1:]:
        cell.add(source, line)
    return cell


# Text with everything a hostile or careless document may hold (no line breaks: a name or a
# task is one line; no characters that end a list or a clause, so the document's shape stays).
PIECES = ["<", ">", "&", "\"", "'", "\\", "/", "`", "$", "%", "{", "}", "#", "=", "+", "-", "@", "*", "\t",
          "</script>", "<script>alert(1)</script>", "MATCH (n) DETACH DELETE n", "} ; DROP", "\\u0000", "SERVICE <http://x>", "${x}"]
HOSTILE = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=3)),
    min_size=1, max_size=6,
).map(lambda parts: re.sub(r"[\n\r、,;:()()\[\]【】〔〕|]", "", "".join(parts))).filter(lambda s: s.strip())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(task=HOSTILE, name=HOSTILE)
def test_hostile_names_and_text_never_break_an_output(tmp_path, task, name):
    import pyoxigraph as ox

    from graph_builder.emit import rdf
    from graph_builder.stores.ladybug_db import build_database
    from graph_builder.pipeline import load_corpus
    from visualizations import write_page

    document = tmp_path / "doc.txt"
    agency = f"市{name}局"
    document.write_text(f"1.推进{task}工作。(牵头单位:{agency};配合单位:市财政局)\n", encoding="utf-8")
    corpus, errors = load_corpus([document])
    assert errors == []
    # the name as the reader folds it (full-width forms, script), the mention as written
    assert [m.name for t in corpus.tasks for m in t.lead] == [re.sub(r"\s+", "", normalize_line(agency))]
    # Turtle that parses, and holds the name as a literal, exactly
    turtle = rdf.serialize(rdf.quads(corpus), "ttl")
    graph = ox.Store()
    graph.load(turtle, ox.RdfFormat.TURTLE)
    assert len(graph) > 0
    # a page in which no script comes from the data: the only script elements are the page's own
    page = write_page(corpus, tmp_path / "page.html").read_text("utf-8")
    assert page.count("<script") == _own_scripts(corpus, tmp_path)
    # the graph database holds what the model holds, whatever the names say
    connection, _, _ = build_database(corpus, None)
    agencies = connection.execute("MATCH (a:Agency) RETURN count(a)").get_next()[0]
    assert agencies == len(corpus.resolution.agencies)


_SCRIPTS: dict[str, int] = {}


def _own_scripts(corpus, tmp_path) -> int:
    """Script elements of a page for a plain corpus: the template's own."""
    if "n" not in _SCRIPTS:
        from graph_builder.pipeline import load_corpus
        from visualizations import write_page

        plain = tmp_path / "plain.txt"
        plain.write_text("1.推进改革工作。(牵头单位:市发改委;配合单位:市财政局)\n", encoding="utf-8")
        plain_corpus, _ = load_corpus([plain])
        _SCRIPTS["n"] = write_page(plain_corpus, tmp_path / "plain.html").read_text("utf-8").count("<script")
    return _SCRIPTS["n"]
