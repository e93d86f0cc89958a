"""Atomic, owned output folders (issue 11).

A build writes into a staging folder beside its output folder and moves the finished files in
only when the whole build succeeded; a failed or interrupted build leaves the folder exactly as
it was. A manifest in the folder (``.govkg-manifest.json``) lists the files govkg wrote there:
govkg replaces or deletes only those, and refuses to overwrite a file it did not write.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> folder = OutputFolder(out)
>>> with folder.staging() as stage:
...     _ = (stage / "a.txt").write_text("one")
...     sorted(p.name for p in folder.commit())
['a.txt']
>>> sorted(p.name for p in out.iterdir()), sorted(read_manifest(out))
(['.govkg-manifest.json', 'a.txt'], ['a.txt'])
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from .inputs import OUTPUT_MANIFEST as MANIFEST  # named where folders are read: they skip govkg's own

MANIFEST_FORMAT = "govkg-manifest"
MANIFEST_VERSION = 1
STAGING_MARK = ".govkg-staging-"


class OutputError(ValueError):
    """The output folder cannot be used: a file, not writable, or holding files govkg did not write."""


def read_manifest(folder: str | Path) -> dict[str, dict]:
    """name -> {"bytes", "sha256"} of the files govkg wrote into ``folder`` ({} when none)."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") != MANIFEST_FORMAT or not isinstance(data.get("files"), dict):
            raise ValueError("not a govkg manifest")
        return {str(name): dict(entry) for name, entry in data["files"].items()}
    except (OSError, ValueError, UnicodeDecodeError, AttributeError) as error:
        raise OutputError(f"{path}: unreadable manifest ({error}); remove it only if the folder holds nothing of value") from None


def _entry(path: Path) -> dict:
    if path.is_dir():
        return {"kind": "folder"}
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


def _write_manifest(folder: Path, files: dict[str, dict]) -> None:
    from govkg import __version__

    data = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "govkg": __version__, "files": dict(sorted(files.items()))}
    temporary = folder / (MANIFEST + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextlib.contextmanager
def _interrupts_deferred():
    """Ctrl-C during the moves is held until they are done, so the folder is never half-moved."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def _remove_abandoned(*folders: Path) -> None:
    """Staging folders left by a build that was killed (its process is gone): removed."""
    for folder in folders:
        if not folder.is_dir():
            continue
        for stage in folder.glob(f".*{STAGING_MARK}*"):
            pid = stage.name.split(STAGING_MARK, 1)[1].split("-", 1)[0]
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                shutil.rmtree(stage, ignore_errors=True)
            except OSError:
                pass  # alive, or not ours to ask about: leave it


class OutputFolder:
    """The output folder of one build.

    ``check(names)`` before the work (fails early), ``staging()`` for the files, ``commit()``
    inside it once everything is written.
    """

    def __init__(self, target: str | Path, force: bool = False):
        self.target = Path(target)
        self.force = force
        self.stage: Path | None = None
        self.committed = False
        self._created: list[Path] = []

    def check(self, names: list[str] | tuple[str, ...] = ()) -> None:
        """Raise OutputError if the folder cannot take these outputs."""
        target = self.target
        if target.exists() and not target.is_dir():
            raise OutputError(f"{target}: is a file, not a folder; choose another --out")
        for parent in target.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise OutputError(f"{target}: {parent} is a file, not a folder")
                break
        if target.is_dir() and not os.access(target, os.W_OK | os.X_OK):
            raise OutputError(f"{target}: folder is not writable")
        self._refuse_foreign(names)

    def _refuse_foreign(self, names) -> None:
        if self.force or not self.target.is_dir():
            return
        owned = read_manifest(self.target)
        foreign = [n for n in names if n not in owned and ((self.target / n).exists() or (self.target / n).is_symlink())]
        if foreign:
            listed = ", ".join(foreign[:3]) + (" …" if len(foreign) > 3 else "")
            raise OutputError(
                f"{self.target}: will not overwrite {listed}: not written by govkg (not in {MANIFEST}); "
                "move it away, choose another --out, or pass --force"
            )

    @contextlib.contextmanager
    def staging(self):
        """A fresh folder beside the target (on the same file system, so that the moves are
        renames), or inside it when its parent is read-only; removed on leaving, whatever happens."""
        real = self.target.resolve() if self.target.exists() else self.target  # beside a symlink's target
        parent = real.parent
        missing = [p for p in [parent, *parent.parents] if not p.exists()]
        prefix = f".{real.name}{STAGING_MARK}{os.getpid()}-"
        _remove_abandoned(parent, real)
        try:
            for folder in reversed(missing):
                folder.mkdir()
                self._created.append(folder)
            self.stage = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        except OSError as error:
            try:
                if not real.is_dir():
                    raise
                self.stage = Path(tempfile.mkdtemp(prefix=prefix, dir=real))
            except OSError:
                self._remove_created()
                raise OutputError(f"{self.target}: cannot write there ({error.strerror or error})") from None
        committed = False
        try:
            yield self.stage
            committed = self.committed
        finally:
            shutil.rmtree(self.stage, ignore_errors=True)
            self.stage = None
            if not committed:
                self._remove_created()

    def _remove_created(self) -> None:
        for folder in reversed(self._created):  # innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty
        self._created = []

    def commit(self) -> list[Path]:
        """Move every staged file into the target folder; delete the files a previous build
        wrote that this one did not; record the new set in the manifest. Returns the paths."""
        assert self.stage is not None, "commit() belongs inside staging()"
        names = sorted(p.name for p in self.stage.iterdir() if p.name != MANIFEST)
        self.check(names)
        target = self.target
        created_target = not target.exists()
        try:
            target.mkdir(exist_ok=True)
        except OSError as error:
            raise OutputError(f"{target}: cannot create the folder ({error.strerror or error})") from None
        old = read_manifest(target)
        new = {name: _entry(self.stage / name) for name in names}
        with _interrupts_deferred():
            try:
                # The manifest first lists old and new files, so that a crash mid-way leaves every
                # file govkg wrote still owned by it.
                _write_manifest(target, {**old, **new})
                for name in names:
                    destination = target / name
                    if destination.is_dir() and not destination.is_symlink():
                        shutil.rmtree(destination)
                    os.replace(self.stage / name, destination)
                for name in sorted(set(old) - set(new)):
                    _remove(target / name)
                _write_manifest(target, new)
            except OSError as error:
                if created_target:
                    shutil.rmtree(target, ignore_errors=True)
                raise OutputError(f"{target}: could not move the outputs in ({error.strerror or error})") from None
        self.committed = True
        return [target / name for name in names]
