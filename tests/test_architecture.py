"""Guards for moving code around: the outputs of ``govkg build`` stay byte-identical to the
files the code wrote before the move (tests/fixtures/build_before/), and no package imports
one above it (the layers of docs/architecture.md)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures" / "build_before"

# Compared byte for byte. graph.lbug is not: LadybugDB writes a different file at every run of
# the same code. corpus.json.gz is compared by its decoded content (see masked_corpus).
BYTE_IDENTICAL = ["extraction.json", "agencies.json", "skipped.tsv", "graph.ttl", "network.html"]


def masked_corpus(path: Path) -> bytes:
    """The stored corpus decoded, with what depends on the checkout rather than on the code
    masked: each input's absolute path (kept as its file name) and its mtime (dropped)."""
    document = json.loads(gzip.decompress(path.read_bytes()))
    for record in document["inputs"]:
        record["path"] = Path(record["path"]).name
        del record["mtime_ns"]
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def masked_manifest(path: Path) -> bytes:
    """The manifest with the checksums of the two files that are not byte-identical masked."""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for name in ("graph.lbug", "corpus.json.gz"):
        manifest["files"][name] = "(masked)"
    return json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")


def build_bundled(out: Path) -> None:
    """``govkg build --out OUT --jobs 1`` on the bundled corpus, through the CLI itself so that
    the test holds wherever the build code lives."""
    from govkg.cli import app

    result = CliRunner().invoke(app, ["build", "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "out"
    build_bundled(out)
    return out


@pytest.mark.parametrize("name", BYTE_IDENTICAL)
def test_build_output_is_byte_identical(fresh_build, name):
    expected = (FIXTURES / name).read_bytes()
    actual = (fresh_build / name).read_bytes()
    assert actual == expected, f"{name} differs from tests/fixtures/build_before/{name}"


def test_stored_corpus_is_identical_but_for_paths_and_mtimes(fresh_build):
    assert masked_corpus(fresh_build / "corpus.json.gz") == (FIXTURES / "corpus.json").read_bytes()


def test_manifest_lists_the_same_files(fresh_build):
    assert masked_manifest(fresh_build / ".govkg-manifest.json") == (FIXTURES / "manifest.json").read_bytes()


if __name__ == "__main__":
    # Writes the fixtures from the code as it is: run it only to record a deliberate change of
    # the outputs, never to make this test pass after a move.
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        build_bundled(out)
        FIXTURES.mkdir(parents=True, exist_ok=True)
        for name in BYTE_IDENTICAL:
            (FIXTURES / name).write_bytes((out / name).read_bytes())
        (FIXTURES / "corpus.json").write_bytes(masked_corpus(out / "corpus.json.gz"))
        (FIXTURES / "manifest.json").write_bytes(masked_manifest(out / ".govkg-manifest.json"))
    sys.exit(0)
