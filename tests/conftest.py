"""Shared fixtures: the bundled corpus, parsed once per test session."""

from __future__ import annotations

import pytest

from graph_builder.pipeline import bundled_corpus

CORPUS = {path.name.split("_", 1)[0]: path for path in bundled_corpus()}


@pytest.fixture(scope="session")
def corpus_paths():
    return bundled_corpus()


@pytest.fixture(scope="session")
def corpus_result(corpus_paths):
    """The bundled corpus extracted and resolved, as `govkg build` sees it (an ``Assembly``)."""
    from graph_builder.pipeline import assemble

    return assemble(corpus_paths)


@pytest.fixture(scope="session")
def corpus():
    """The bundled corpus as the model every output reads (extractions + resolution)."""
    from graph_builder.pipeline import assemble

    assembly = assemble()
    assert assembly.errors == []
    return assembly.corpus


@pytest.fixture(scope="session")
def by_number(corpus_result):
    """Extraction by the corpus file's two-digit prefix: '01' … '05'."""
    return {e.document.path.rsplit("/", 1)[-1].split("_", 1)[0]: e for e in corpus_result.extractions}


def ctrl_c_delivered():
    """A ``preexec_fn`` for a child the test stops with SIGINT, as Ctrl-C at a terminal does.

    A shell that starts a job in the background (``pytest … &``, a CI step) sets SIGINT to
    "ignored", every child inherits that, and Python then never raises KeyboardInterrupt: the
    child would run to its end and the test would wait for nothing."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_doc(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def watch_offline(page) -> tuple[list[str], list[str]]:
    """Block every request that leaves the file the browser opened and record it, and record the
    page's console errors: (requests, errors), filled as the page runs."""
    requests: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return requests, errors
