"""Parsing documents in worker processes (``govkg build --jobs N``, issue 14).

Extraction is per document and pure, so documents are parsed in a process pool and the
results come back in input order: resolution and every output are the same whatever N is.
Workers ignore Ctrl-C; the parent stops them and re-raises, so an interrupted build leaves
no process behind and (see :mod:`.outputs`) no partial output.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Callable, Iterator, Optional, TypeVar

T = TypeVar("T")


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def map_in_order(
    work: Callable[[Path], T],
    paths: list[Path],
    jobs: int = 1,
    progress: Optional[Callable[[int, int], None]] = None,
) -> Iterator[T]:
    """``work(path)`` for every path, in the order of ``paths``; ``jobs`` = 0 means one per
    core. One job, or one document, runs in this process. ``progress(done, total)`` is called
    as each document is done. ``work`` is handed in (``pipeline.parse_one`` with its options,
    a module-level function so that it pickles) rather than imported, so that this module does
    not import the pipeline that calls it."""
    jobs = min(jobs or default_jobs(), len(paths))
    if jobs <= 1:
        for done, path in enumerate(paths, start=1):
            outcome = work(path)
            if progress:
                progress(done, len(paths))
            yield outcome
        return
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    chunk = max(1, min(32, len(paths) // (jobs * 8)))
    try:
        outcomes = executor.map(work, paths, chunksize=chunk)
        for done, outcome in enumerate(outcomes, start=1):
            if progress:
                progress(done, len(paths))
            yield outcome
    except BaseException:  # Ctrl-C, an error, or the caller stopped early: stop the workers now
        executor.shutdown(wait=False, cancel_futures=True)
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
        raise
    executor.shutdown()
