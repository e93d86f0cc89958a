"""A built graph you can query: corpus.json.gz and --from DIR (issue 14)."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.emit.property_graph import property_graph
from graph_builder.build import write_outputs
from graph_builder.pipeline import load_corpus
from graph_builder.store import CORPUS_FILE, encode, load_stored, save_corpus
from tests.conftest import CORPUS

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The bundled corpus built once for this module."""
    out = tmp_path_factory.mktemp("built") / "out"
    result = runner.invoke(app, ["build", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_outputs_rebuilt_from_the_stored_corpus_are_byte_identical(built, tmp_path):
    corpus, info = load_stored(built)
    assert info.stale() == []
    again = tmp_path / "again"
    again.mkdir()
    written = write_outputs(corpus, again)
    names = [p.name for p in written]
    assert {"extraction.json", "agencies.json", "graph.ttl", "network.html", "skipped.tsv", "graph.lbug"} <= set(names)
    for name in names:
        if name == "graph.lbug":
            continue  # LadybugDB files differ run to run; its input is compared below
        assert (again / name).read_bytes() == (built / name).read_bytes(), name
    parsed, _ = load_corpus()
    assert property_graph(corpus) == property_graph(parsed)
    assert encode(corpus) == encode(parsed)


def test_the_corpus_file_is_versioned_gzip_json_without_pickle(built, tmp_path):
    document = json.loads(gzip.decompress((built / CORPUS_FILE).read_bytes()))
    assert document["format"] == "govkg-corpus" and document["version"] == 1
    assert len(document["inputs"]) == 5
    assert all(len(i["sha256"]) == 64 for i in document["inputs"])
    assert len(document["knowledge"]) == 64
    assert "Task" in document["schema"] and "Corpus" in document["schema"]
    # The same corpus gives the same bytes.
    corpus, _ = load_stored(built)
    inputs = [i["path"] for i in document["inputs"]]
    save_corpus(corpus, tmp_path / CORPUS_FILE, inputs, None, document["options"])
    assert (tmp_path / CORPUS_FILE).read_bytes() == (built / CORPUS_FILE).read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ["query", "burden", "--format", "json"],
        ["query", "centrality", "--format", "json", "--top", "5"],
        ["query", "compare", "--a", "year=2017", "--b", "year=2022", "--successors", "--format", "json"],
        ["agencies", "--format", "json"],
        ["agencies", "--merges", "--format", "csv"],
        ["sparql", "tasks_per_agency_by_role", "--format", "json"],
        ["export", "rdf", "--format", "nt"],
    ],
)
def test_from_answers_as_the_documents_do(built, command):
    parsed = runner.invoke(app, command)
    stored = runner.invoke(app, [*command, "--from", str(built)])
    assert parsed.exit_code == 0 and stored.exit_code == 0, stored.output
    assert stored.stdout == parsed.stdout
    assert stored.stderr == parsed.stderr  # the same notes (several networks …), and no stale warning
    assert "warning" not in stored.stderr


def test_viz_and_cypher_from_a_built_folder(built, tmp_path):
    page = tmp_path / "page.html"
    result = runner.invoke(app, ["viz", "--from", str(built), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert page.read_bytes() == (built / "network.html").read_bytes()
    result = runner.invoke(app, ["cypher", "top_cooperating_agencies", "--from", str(built), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["agency"] == "上城区住房和城市建设局"


def test_from_refuses_documents_too_and_a_folder_without_a_build(built, tmp_path):
    result = runner.invoke(app, ["query", "burden", str(CORPUS["02"]), "--from", str(built)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: give documents or --from DIR, not both"
    result = runner.invoke(app, ["agencies", "--from", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path / CORPUS_FILE}: no stored corpus; run govkg build --out {tmp_path} first" in result.stderr
    assert "Traceback" not in result.output


def test_a_corpus_file_of_another_version_is_refused(built, tmp_path):
    document = json.loads(gzip.decompress((built / CORPUS_FILE).read_bytes()))
    document["version"] = 99
    (tmp_path / CORPUS_FILE).write_bytes(gzip.compress(json.dumps(document).encode()))
    result = runner.invoke(app, ["query", "burden", "--from", str(tmp_path)])
    assert result.exit_code == 2
    assert "corpus file version 99" in result.stderr and "rebuild it with govkg build" in result.stderr
    (tmp_path / CORPUS_FILE).write_bytes(b"not gzip")
    result = runner.invoke(app, ["query", "burden", "--from", str(tmp_path)])
    assert result.exit_code == 2 and "not a govkg corpus file" in result.stderr


def test_stale_inputs_give_a_warning(tmp_path):
    documents = tmp_path / "docs"
    documents.mkdir()
    first = documents / CORPUS["02"].name
    second = documents / CORPUS["05"].name
    shutil.copy(CORPUS["02"], first)
    shutil.copy(CORPUS["05"], second)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(documents), "--out", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["query", "burden", "--from", str(out), "--top", "1"])
    assert result.exit_code == 0 and "warning" not in result.stderr
    first.write_bytes(first.read_bytes() + "\n".encode())
    second.unlink()
    result = runner.invoke(app, ["query", "burden", "--from", str(out), "--top", "1"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.strip().splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2
    assert f"{first.resolve()}: changed since the build" in result.stderr
    assert f"{second.resolve()}: no longer exists" in result.stderr
