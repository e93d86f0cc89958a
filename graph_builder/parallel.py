"""Parsing documents in worker processes (``govkg build --jobs N``, issue 14).

Extraction is per document and pure, so documents are parsed in a process pool and the
results come back in input order: resolution and every output are the same whatever N is.
Workers ignore Ctrl-C; the parent stops them and re-raises, so an interrupted build leaves
no process behind and (see :mod:`.outputs`) no partial output.
"""

from __future__ import annotations

import os
import signal
from functools import partial
from pathlib import Path
from typing import Callable, Iterator, Optional


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def parse_all(
    paths: list[Path],
    layout: Optional[str] = None,
    lead_policy: str = "first-listed",
    jobs: int = 1,
    progress: Optional[Callable[[int, int], None]] = None,
) -> Iterator[tuple]:
    """``(extraction, error)`` for every path, in the order of ``paths``; ``jobs`` = 0 means
    one per core. One job, or one document, parses in this process. ``progress(done, total)``
    is called as each document is done."""
    from .pipeline import parse_one

    jobs = min(jobs or default_jobs(), len(paths))
    if jobs <= 1:
        for done, path in enumerate(paths, start=1):
            outcome = parse_one(path, layout, lead_policy)
            if progress:
                progress(done, len(paths))
            yield outcome
        return
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)
    chunk = max(1, min(32, len(paths) // (jobs * 8)))
    try:
        outcomes = executor.map(partial(parse_one, layout=layout, lead_policy=lead_policy), paths, chunksize=chunk)
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
