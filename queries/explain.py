"""What each measure means, read from the ``Definitions`` section of each query module's
docstring, for ``govkg query --explain MEASURE`` and ``docs/measures.md``.

A definition in a module docstring reads::

    :measure degree: number of partners …
    :formula: C_D(i) = |{j : s_ij > 0}|
    :normalisation: none …
    :reference: Freeman, L. C. (1978/79) …

(several names may share one entry: ``:measure hub, authority: …``; a line that starts with
neither ``:`` nor a blank continues the field above it).

>>> definition("betweenness")["reference"].startswith("Freeman")
True
>>> sorted(definition("gatekeeper")) == ["definition", "formula", "module", "names", "normalisation", "reference"]
True

Regenerate the reference page with ``python -m queries.explain > docs/measures.md``.
"""

from __future__ import annotations

import importlib
import re
import sys

FIELDS = ("formula", "normalisation", "reference")
_FIELD = re.compile(r"^:(measure ([^:]+)|formula|normalisation|reference):\s*(.*)$")


def _parse(docstring: str, module: str) -> list[dict]:
    entries: list[dict] = []
    current = None
    last = None
    for raw in docstring.splitlines():
        line = raw.strip()
        match = _FIELD.match(line)
        if match:
            if match.group(1).startswith("measure"):
                current = {"names": [n.strip() for n in match.group(2).split(",")], "module": f"queries.{module}",
                           "definition": match.group(3), **dict.fromkeys(FIELDS, "")}
                entries.append(current)
                last = "definition"
            elif current is not None:
                last = match.group(1)
                current[last] = match.group(3)
        elif not line:
            current, last = None, None
        elif current is not None and last:
            current[last] += " " + line
    return entries


def modules() -> tuple[str, ...]:
    """The query modules, read from the table of queries (``queries.registry``) in its order,
    each once (``ego`` lives in ``pairs``): a new measure is listed where it is declared,
    not in a second hand-written list.

    >>> modules()[:2], modules()[-3:]
    (('burden', 'centrality'), ('brokerage', 'communities', 'compare'))
    """
    from queries.registry import queries

    return tuple(dict.fromkeys(entry.function.__module__.rpartition(".")[2] for entry in queries().values()))


def definitions() -> list[dict]:
    """Every measure entry, in module order."""
    entries = []
    for module in modules():
        entries += _parse(importlib.import_module(f"queries.{module}").__doc__ or "", module)
    return entries


def definition(name: str) -> dict:
    """The entry that defines ``name`` (a measure or column name, e.g. ``betweenness``)."""
    wanted = name.strip().lower().replace("-", "_")
    for entry in definitions():
        if wanted in entry["names"]:
            return entry
    known = sorted(n for e in definitions() for n in e["names"])
    raise ValueError(f"no measure {name!r}; known: {', '.join(known)}")


def explain(name: str) -> str:
    """Plain text for the terminal."""
    entry = definition(name)
    lines = [f"{', '.join(entry['names'])}  ({entry['module']})", "", entry["definition"], ""]
    for field in FIELDS:
        if entry[field]:
            lines.append(f"{field}: {entry[field]}")
    return "\n".join(lines) + "\n"


def markdown() -> str:
    """docs/measures.md."""
    out = [
        "# Measures",
        "",
        "What every number of `govkg query` means. Generated from the `Definitions` section of each",
        "query module's docstring (`queries/*.py`) by `python -m queries.explain > docs/measures.md`;",
        "a test fails when this file and the docstrings disagree. In the terminal:",
        "`govkg query --explain MEASURE`.",
        "",
        "Notation: i, j agencies; t a task; k_t the number of agencies on task t; s_ij the tasks i",
        "and j share; n the agencies in the view.",
        "",
    ]
    module = None
    for entry in definitions():
        if entry["module"] != module:
            module = entry["module"]
            out += [f"## `{module}`", ""]
        out += [f"### {', '.join(f'`{n}`' for n in entry['names'])}", "", entry["definition"], ""]
        for field in FIELDS:
            if entry[field]:
                value = f"`{entry[field]}`" if field == "formula" else entry[field]
                out.append(f"- **{field}**: {value}")
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(markdown())
