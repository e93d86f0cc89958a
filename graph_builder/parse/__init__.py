"""Layout parsers behind one interface, chosen by detection on the document's content.

Every module in this package that defines ``PARSER`` is a layout (see ``base.LayoutParser``);
``parse_source`` asks each to score the document and runs the best. A new layout is one new
module: nothing else needs to change.
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
import re
from functools import lru_cache

from .. import jurisdictions
from ..ingest import SourceText
from ..model import Document, Extraction
from .base import LayoutParser, ParseContext, ParseError
from .metadata import extract_metadata, jurisdiction_names

__all__ = ["parse_source", "registry", "detect_layout", "ParseError"]


@lru_cache(maxsize=1)
def registry() -> dict[str, LayoutParser]:
    """Every layout parser in this package, by name."""
    parsers: dict[str, LayoutParser] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        parser = getattr(module, "PARSER", None)
        if parser is not None:
            parsers[parser.name] = parser
    return parsers


def detect_layout(source: SourceText) -> tuple[LayoutParser, dict[str, float]]:
    scores = {name: parser.detect(source) for name, parser in registry().items()}
    best = max(scores, key=lambda name: (scores[name], name))
    if scores[best] <= 0:
        raise ParseError(
            f"{source.path}: no known layout (tried {', '.join(sorted(scores))}); "
            "expected a task table, 责任单位: lines or a numbered project list"
        )
    return registry()[best], scores


def document_id(source: SourceText, doc_number: str | None) -> str:
    """Readable and stable: the document number (杭政办函-2017-33), else a content hash."""
    if doc_number:
        return re.sub(r"[〔〕\[\]()【】\s]+", "-", doc_number).strip("-").replace("号", "")
    return "doc-" + hashlib.sha256(source.sha256.encode()).hexdigest()[:12]


def parse_source(source: SourceText, layout: str | None = None) -> Extraction:
    """Parse one document into an Extraction; every non-blank line ends up with a role."""
    if layout:
        if layout not in registry():
            raise ParseError(f"{source.path}: unknown layout {layout!r}; known: {', '.join(sorted(registry()))}")
        parser = registry()[layout]
    else:
        parser, _ = detect_layout(source)
    document = Document(
        id="",
        path=source.path,
        layout=parser.name,
        script=source.script,
        encoding=source.encoding,
        sha256=source.sha256,
    )
    context = ParseContext(source=source, document=document)
    extract_metadata(context)
    document.id = document_id(source, document.doc_number_simplified)
    city, district = jurisdiction_names(document.issuer or "")
    document.jurisdiction = jurisdictions.find(city, district) if (city or district) else None
    if document.jurisdiction is None:
        document.jurisdiction = jurisdictions.by_doc_prefix(document.doc_number_simplified)
    parser.parse(context)
    if document.title is None:
        # No title line (a portal page, a bare attachment): the first heading names it.
        headings = [n for n, role in sorted(context.line_roles.items()) if role == "heading"]
        titled = [source.norm(n).strip() for n in headings if len(source.norm(n).strip()) > 4]
        document.title = re.sub(r"\s+", "", titled[0]).rstrip("|").strip() if titled else None
    for number in context.unclaimed():
        context.skip(number, f"not recognised by the {parser.name} layout")
    context.skipped.sort(key=lambda s: s.line)
    return Extraction(
        document=document,
        programs=context.programs,
        tasks=context.tasks,
        skipped=context.skipped,
        line_roles=dict(sorted(context.line_roles.items())),
    )
