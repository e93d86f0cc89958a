"""Guards for moving code around: the outputs of ``govkg build`` stay byte-identical to the
files the code wrote before the move (tests/fixtures/build_before/), and no package imports
one above it (the layers of docs/architecture.md)."""

from __future__ import annotations

import ast
import gzip
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "build_before"

# Compared byte for byte. graph.lbug is not: LadybugDB writes a different file at every run of
# the same code. corpus.json.gz is compared by its decoded content (see masked_corpus).
BYTE_IDENTICAL = ["extraction.json", "agencies.json", "skipped.tsv", "graph.ttl", "network.html"]


def masked_corpus(path: Path) -> bytes:
    """The stored corpus decoded, with what depends on the checkout rather than on the code
    masked: each input's absolute path (kept as its file name) and its mtime (dropped), and the
    checksum of the knowledge files (it changes with every marker word added, the outputs
    compared here need not)."""
    document = json.loads(gzip.decompress(path.read_bytes()))
    document["knowledge"] = "(masked)"
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


# -- the import contract ---------------------------------------------------------------------

# The layers, lowest first, as docs/architecture.md draws them. A module may import its own
# layer and those below it, never one above: data flows up from the model to the CLI. A module
# belongs to the layer of the longest prefix that names it.
LAYERS = [
    ("model and knowledge", ["graph_builder.model", "graph_builder.memory", "graph_builder.knowledge", "graph_builder.data", "graph_builder.jurisdictions",
                             "graph_builder.corpus", "ontology",
                             "graph_builder",  # the package's face: a docstring, no imports
                             "govkg"]),  # govkg/__init__.py holds only __version__, which the corpus file records
    ("read", ["graph_builder.ingest", "graph_builder.readers", "graph_builder.inputs"]),
    ("extract", ["graph_builder.parse"]),
    ("resolve", ["graph_builder.resolve"]),
    ("assemble", ["graph_builder.pipeline", "graph_builder.parallel", "graph_builder.evaluate", "graph_builder.coverage",
                  "graph_builder.corrections"]),
    ("writers and stores", ["graph_builder.emit", "graph_builder.stores", "graph_builder.store", "graph_builder.outputs"]),
    ("queries", ["queries"]),
    ("presentations", ["visualizations", "graph_builder.writers"]),  # the page and the network exports, both drawn from a query view
    ("build", ["graph_builder.build"]),
    ("cli", ["govkg.cli", "govkg.cli_common", "govkg.eval_cli", "govkg.export_cli", "govkg.query_cli", "govkg.report_cli",
             "govkg.review_cli"]),
    ("tools", ["tests", "benchmarks", "scripts"]),
]

# Steps of one layer's neighbourhood that must not know each other: resolve reads what parse
# found only through the model, so that parse can be rebuilt without touching resolve.
INDEPENDENT = [("graph_builder.resolve", "graph_builder.parse")]

PROJECT_ROOTS = {"graph_builder", "queries", "visualizations", "govkg", "ontology", "tests", "benchmarks", "scripts"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))
            if p.relative_to(ROOT).parts[0] in PROJECT_ROOTS and "fixtures" not in p.parts}


def imports_of(name: str, path: Path, known: set[str]) -> list[tuple[int, str]]:
    """Every project module ``path`` imports, at any depth of the file (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            for alias in node.names:  # `from pkg import submodule` imports the submodule
                sub = f"{module}.{alias.name}"
                found.append((node.lineno, sub if sub in known else module))
    return sorted({(line, target) for line, target in found if target.split(".")[0] in PROJECT_ROOTS})


def layer_of(module: str) -> int:
    best, layer = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, layer = len(prefix), index
    assert layer is not None, f"{module} is on no layer of LAYERS: place it (and in docs/architecture.md)"
    return layer


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def contract_violations() -> list[str]:
    modules = project_modules()
    found = []
    for name, path in modules.items():
        own = layer_of(name)
        for line, target in imports_of(name, path, set(modules)):
            where = f"{path.relative_to(ROOT)}:{line}: {name} imports {target}"
            if layer_of(target) > own:
                found.append(f"{where} ({LAYERS[own][0]} -> {LAYERS[layer_of(target)][0]}, a layer above)")
            for a, b in INDEPENDENT:
                if (_under(name, a) and _under(target, b)) or (_under(name, b) and _under(target, a)):
                    found.append(f"{where} ({a} and {b} are independent)")
    return found


def test_every_module_is_on_a_layer():
    for name in project_modules():
        layer_of(name)


def test_no_import_runs_back_up():
    assert contract_violations() == []


def test_the_contract_sees_an_import_inside_a_function(tmp_path):
    # The check must read nested imports: the lazy ones are most of the arrows that ran back up.
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from visualizations import write_page\n    from ..parse import cells\n")
    assert imports_of("graph_builder.emit.probe", source, {"graph_builder.parse.cells"}) == [
        (2, "visualizations"), (3, "graph_builder.parse.cells")]


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
