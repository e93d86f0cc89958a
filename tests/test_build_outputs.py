"""`govkg build --out DIR`: atomic, owned outputs (issue 11).

A failed or interrupted build leaves DIR byte-for-byte as it was; govkg replaces and deletes
only the files its manifest lists; it refuses to overwrite a file it did not write.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.outputs import MANIFEST, STAGING_MARK
from tests.conftest import CORPUS, ctrl_c_delivered

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SMALL = str(CORPUS["02"])  # 19 tasks: a quick build


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if STAGING_MARK in p.name]


@pytest.fixture
def built(tmp_path) -> Path:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", SMALL, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_records_what_it_wrote_in_a_manifest(built):
    manifest = json.loads((built / MANIFEST).read_text("utf-8"))
    assert manifest["format"] == "govkg-manifest" and manifest["version"] == 1
    on_disk = sorted(p.name for p in built.iterdir() if p.name != MANIFEST)
    assert sorted(manifest["files"]) == on_disk
    assert {"extraction.json", "agencies.json", "graph.ttl", "graph.lbug", "network.html", "skipped.tsv"} <= set(on_disk)
    assert manifest["files"]["graph.ttl"]["bytes"] == (built / "graph.ttl").stat().st_size


def test_a_failed_build_leaves_the_folder_as_it_was(built):
    before = snapshot(built)
    result = runner.invoke(app, ["build", "typo.txt", "--out", str(built)])
    assert result.exit_code == 1
    assert "typo.txt: no such file" in result.stderr
    assert "nothing written" in result.stderr
    assert snapshot(built) == before
    assert leftovers(built.parent) == []


def test_a_file_that_cannot_be_read_stops_the_outputs_unless_allowed(built, tmp_path):
    before = snapshot(built)
    result = runner.invoke(app, ["build", str(CORPUS["05"]), "typo.txt", "--out", str(built)])
    assert result.exit_code == 1
    assert snapshot(built) == before
    result = runner.invoke(app, ["build", str(CORPUS["05"]), "typo.txt", "--out", str(built), "--allow-errors"])
    assert result.exit_code == 1
    assert "wrote" in result.stdout
    documents = json.loads((built / "extraction.json").read_text("utf-8"))
    assert [d["document"]["path"].rsplit("/", 1)[-1] for d in documents] == [CORPUS["05"].name]


def test_a_new_folder_is_not_created_by_a_failed_build(tmp_path):
    result = runner.invoke(app, ["build", "typo.txt", "--out", str(tmp_path / "deep" / "out")])
    assert result.exit_code == 1
    assert not (tmp_path / "deep").exists()


def test_govkg_deletes_only_the_files_it_wrote(built):
    (built / "graph.lbug.bak").write_bytes(b"a researcher's backup")
    (built / "notes.txt").write_text("mine", "utf-8")
    result = runner.invoke(app, ["build", SMALL, "--out", str(built), "--rdf-format", "nt"])
    assert result.exit_code == 0, result.output
    assert (built / "graph.nt").exists()
    assert not (built / "graph.ttl").exists()  # written by the previous build, not by this one
    assert (built / "graph.lbug.bak").read_bytes() == b"a researcher's backup"
    assert (built / "notes.txt").read_text("utf-8") == "mine"
    assert "graph.lbug.bak" not in json.loads((built / MANIFEST).read_text("utf-8"))["files"]


def test_govkg_refuses_to_overwrite_a_file_it_did_not_write(tmp_path):
    built = tmp_path / "mine"
    built.mkdir()
    (built / "graph.ttl").write_text("my own graph", "utf-8")
    before = snapshot(built)
    result = runner.invoke(app, ["build", SMALL, "--out", str(built)])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "will not overwrite" in result.stderr and "graph.ttl" in result.stderr and "--force" in result.stderr
    assert snapshot(built) == before
    result = runner.invoke(app, ["build", SMALL, "--out", str(built), "--force"])
    assert result.exit_code == 0, result.output
    assert (built / "graph.ttl").read_text("utf-8").startswith("@prefix")
    assert "graph.ttl" in json.loads((built / MANIFEST).read_text("utf-8"))["files"]


def test_out_that_is_a_symlink_to_a_folder_is_written_through(tmp_path):
    real = tmp_path / "elsewhere" / "real"
    real.mkdir(parents=True)
    link = tmp_path / "out"
    link.symlink_to(real, target_is_directory=True)
    result = runner.invoke(app, ["build", SMALL, "--out", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and (real / "graph.ttl").exists() and (real / MANIFEST).exists()
    assert leftovers(tmp_path) == [] and leftovers(real.parent) == []


def test_out_that_is_a_file_is_one_error_line(tmp_path):
    target = tmp_path / "out"
    target.write_text("a file", "utf-8")
    result = runner.invoke(app, ["build", SMALL, "--out", str(target)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {target}: is a file, not a folder; choose another --out"
    assert target.read_text("utf-8") == "a file"
    assert "Traceback" not in result.output


def test_out_where_nothing_can_be_written_is_one_error_line():
    result = runner.invoke(app, ["build", SMALL, "--out", "/proc/govkg-out"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: /proc/govkg-out: cannot write there")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_out_that_is_read_only_is_one_error_line(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    target.chmod(0o555)
    try:
        result = runner.invoke(app, ["build", SMALL, "--out", str(target)])
    finally:
        target.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {target}: folder is not writable"


def test_an_interrupted_build_leaves_the_folder_as_it_was(built):
    before = snapshot(built)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "govkg.cli", "build", "--out", str(built)],  # the bundled corpus: a few seconds of writing
        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=ctrl_c_delivered,
    )
    deadline = time.monotonic() + 120
    staged = []
    while time.monotonic() < deadline and process.poll() is None:
        staged = [p for p in built.parent.iterdir() if STAGING_MARK in p.name and any(p.iterdir())]
        if staged:
            break
        time.sleep(0.02)
    assert staged, "the build finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=120)
    assert process.returncode != 0
    assert snapshot(built) == before
    assert leftovers(built.parent) == []


def test_a_read_only_parent_stages_inside_the_folder(built, monkeypatch):
    """--out /shared/out where /shared is read-only and out is not: the staging folder goes inside."""
    import tempfile

    from graph_builder import outputs

    real_mkdtemp = tempfile.mkdtemp
    staged_in = []

    def mkdtemp(prefix, dir):
        if Path(dir) == built.parent:
            raise PermissionError(13, "Permission denied")
        staged_in.append(Path(dir))
        return real_mkdtemp(prefix=prefix, dir=dir)

    monkeypatch.setattr(outputs.tempfile, "mkdtemp", mkdtemp)
    (built / "graph.lbug.bak").write_bytes(b"keep")
    result = runner.invoke(app, ["build", SMALL, "--out", str(built), "--rdf-format", "nt"])
    assert result.exit_code == 0, result.output
    assert staged_in == [built]
    assert sorted(p.name for p in built.iterdir()) == sorted(
        [MANIFEST, "agencies.json", "corpus.json.gz", "extraction.json", "graph.lbug", "graph.lbug.bak", "graph.nt", "network.html", "skipped.tsv"]
    )


def test_a_staging_folder_left_by_a_killed_build_is_removed(built):
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()  # a process id that is gone
    abandoned = built.parent / f".out{STAGING_MARK}{process.pid}-abcd"
    abandoned.mkdir()
    (abandoned / "graph.ttl").write_text("half written", "utf-8")
    result = runner.invoke(app, ["build", SMALL, "--out", str(built)])
    assert result.exit_code == 0, result.output
    assert leftovers(built.parent) == []
