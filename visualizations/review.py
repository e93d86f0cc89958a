"""``govkg review``: one offline page listing what in a corpus deserves a human look, most doubtful
first, each item with its source lines beside what govkg made of them, and the means to correct
it: the page writes the rows of a corrections file (``graph_builder/corrections.py``), which the
researcher downloads as ``corrections.csv`` and passes to ``govkg build --corrections``, and
for a merge of two names an ``aliases.csv`` row for ``--aliases``.

What is listed, and how doubtful (:data:`DOUBT`; 1 is the most):

- a document whose tasks mostly name no agency (its agency coverage), or whose lines carry
  warnings (damaged characters, a convention read from a damaged sentence);
- a task whose lead was inferred, not read: the first listed unit taken to lead with no
  convention stated (``first_listed``), the only responsible unit (``single``), agencies
  inherited from a merged cell, a convention read leniently, or no lead at all;
- a fuzzy merge of two names into one agency, and a near miss kept apart (the resolution's
  decisions);
- a skipped line, first those that name agencies.

An item a row of the corrections file already corrected or confirmed is listed last, marked so.
The page follows the network page's rules (``network.py``): no request (a Content-Security-Policy
allows only its own script, by hash), document text only ever set as text, never as HTML.

>>> DOUBT["first_listed"] > DOUBT["single"]
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from graph_builder.model import Corpus, Extraction, Task

# How doubtful each kind of item is: the order of the page. A lead inferred without the
# document's own words is the most common error a reviewer finds; a single responsible unit
# almost always leads.
DOUBT = {
    "warnings": 0.75,  # a document with damaged lines or a leniently read convention
    "lenient_convention": 0.65,  # a lead by a convention read from a damaged sentence
    "first_listed": 0.6,  # the first listed unit taken to lead, no convention stated
    "merged_cell": 0.55,  # agencies inherited from the merged cell of the row above
    "no_lead": 0.5,  # agencies, none of them marked to lead
    "single": 0.35,  # the only responsible unit taken to lead
    "skipped_with_agencies": 0.8,  # a skipped line that names agencies: a task may be lost
    "skipped": 0.4,
    "fuzzy_merge": 0.4,  # plus up to 0.3 as the score falls to the threshold
    "kept_apart": 0.25,  # plus up to 0.2 as the score rises
}
COVERAGE_WEIGHT = 0.9  # a document whose tasks name no agency at all scores 0.9
LISTED_FROM = 0.2  # a document is listed from this doubt on
CONTEXT = 1  # lines of context shown around an item's own lines
TOP = 500  # items on the page, most doubtful first
MERGED_CELL_NOTE = "(inferred)"  # how extraction marks agencies inherited from a merged cell
KEY_LENGTH = 24  # characters of a task's text written as the row's task key


@dataclass
class ReviewItem:
    """One thing to look at: where it stands, why it is doubtful, and what govkg made of it."""

    kind: str  # document | lead | merge | kept-apart | skipped
    doubt: float
    reasons: list[str]
    document_id: str = ""
    path: str = ""
    sha256: str = ""
    line_start: int | None = None
    line_end: int | None = None
    task_id: str = ""
    key: str = ""  # the task key a correction row names the task by
    text: str = ""
    lead: list[dict] = field(default_factory=list)
    cooperating: list[dict] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    source: list[dict] = field(default_factory=list)  # {"line", "text", "own"}: the lines quoted
    status: str = ""  # "" | "corrected" | "confirmed": what the corrections file already did
    corrections: list[str] = field(default_factory=list)  # the rows that did it, FILE:ROW

    def to_dict(self) -> dict:
        out = asdict(self)
        out["doubt"] = round(self.doubt, 3)
        return out


def _mentions(task: Task, corpus: Corpus, role: str) -> list[dict]:
    labels = {**{a.id: a.name for a in corpus.resolution.agencies.values()}, **{g.id: g.name for g in corpus.resolution.groups.values()}}
    return [{"mention": m.mention, "name": m.name, "agency": labels.get(m.agency_id, ""), "agency_id": m.agency_id or "",
             "basis": m.basis or "", "correction": m.correction or ""} for m in (task.lead if role == "lead" else task.cooperating)]


def agency_coverage(row) -> float:
    """A document's share of tasks that name an agency: the coverage report's own figure when it
    has one, else from its task counts (graph_builder/coverage.py)."""
    figure = getattr(row, "agency_coverage", None)
    if figure is None:
        figure = row.to_dict().get("agency_coverage")
    if figure is not None:
        return float(figure)
    return (row.tasks - row.without_agency) / row.tasks if row.tasks else 0.0


def _task_doubt(task: Task, extraction: Extraction) -> tuple[float, list[str]]:
    found: list[tuple[float, str]] = []
    bases = {m.basis for m in task.lead}
    if "first_listed" in bases:
        found.append((DOUBT["first_listed"], "the first listed unit was taken to lead: the document states no convention"))
    if any(MERGED_CELL_NOTE in note for note in task.notes):
        found.append((DOUBT["merged_cell"], "agencies inherited from the merged cell of the row above"))
    if "stated" in bases and extraction.document.lead_convention_fuzzy:
        found.append((DOUBT["lenient_convention"], "the lead convention was read from a damaged sentence"))
    if "single" in bases:
        found.append((DOUBT["single"], "the only responsible unit was taken to lead"))
    if task.cooperating and not task.lead:
        found.append((DOUBT["no_lead"], "agencies, none marked to lead"))
    if not found:
        return 0.0, []
    found.sort(key=lambda f: -f[0])
    return found[0][0], [reason for _, reason in found]


def review_items(corpus: Corpus, lines_of=None, top: int = TOP) -> list[ReviewItem]:
    """What in ``corpus`` deserves a look, most doubtful first (reviewed items last), at most
    ``top``. ``lines_of(path, first, last)``: the document's lines, quoted beside each item (none
    when absent)."""
    from graph_builder.coverage import coverage_report

    lines_of = lines_of or (lambda path, first, last: [])
    items: list[ReviewItem] = []

    def quote(item: ReviewItem) -> None:
        if not item.path or item.line_start is None:
            return
        first = max(1, item.line_start - CONTEXT)
        last = (item.line_end or item.line_start) + CONTEXT
        for number, text in enumerate(lines_of(item.path, first, last), start=first):
            item.source.append({"line": number, "text": text, "own": item.line_start <= number <= (item.line_end or item.line_start)})

    for extraction, row in zip(corpus.extractions, coverage_report(corpus.extractions)):
        document = extraction.document
        base = {"document_id": document.id, "path": document.path, "sha256": document.sha256}
        done: dict[str, tuple[str, list[str]]] = {}
        for correction in extraction.corrections:
            if correction.status == "applied" and correction.task_id:
                status = "confirmed" if correction.action == "confirm" else "corrected"
                previous = done.get(correction.task_id, ("confirmed", []))
                done[correction.task_id] = ("corrected" if "corrected" in (status, previous[0]) else "confirmed", [*previous[1], correction.id])
        document_rows = [c.id for c in extraction.corrections if c.status == "applied" and c.action == "confirm" and not c.task_id]

        coverage = agency_coverage(row)
        reasons, doubt = [], (1 - coverage) * COVERAGE_WEIGHT
        if row.tasks and coverage < 1:
            reasons.append(f"agency coverage {coverage:.0%}: {row.without_agency} of {row.tasks} tasks name no agency")
        if document.warnings:
            doubt = max(doubt, DOUBT["warnings"])
            reasons += document.warnings
        if row.tasks and row.with_lead < row.tasks:
            lead_doubt = 0.5 * (1 - row.with_lead / row.tasks)
            doubt = max(doubt, lead_doubt)
            reasons.append(f"{row.tasks - row.with_lead} of {row.tasks} tasks have no lead")
        if doubt >= LISTED_FROM:
            items.append(ReviewItem("document", doubt, reasons, **base, text=document.title or "",
                                    details={"tasks": row.tasks, "with_lead": row.with_lead, "without_agency": row.without_agency,
                                             "skipped": row.skipped, "agency_coverage": round(coverage, 3), "readers": row.readers,
                                             "convention": row.convention, "layout": document.layout},
                                    status="confirmed" if document_rows else "", corrections=document_rows))

        for task in extraction.tasks:
            doubt, reasons = _task_doubt(task, extraction)
            status, rows = done.get(task.id, ("", []))
            if not reasons and not status:
                continue
            item = ReviewItem("lead", doubt, reasons or ["corrected by a row of the corrections file"], **base,
                              line_start=task.span.line_start, line_end=task.span.line_end, task_id=task.id,
                              key=task.text[:KEY_LENGTH], text=task.text, lead=_mentions(task, corpus, "lead"),
                              cooperating=_mentions(task, corpus, "cooperating"), status=status, corrections=rows)
            quote(item)
            items.append(item)

        for skipped in extraction.skipped:
            names_agencies = "agencies" in skipped.reason
            item = ReviewItem("skipped", DOUBT["skipped_with_agencies" if names_agencies else "skipped"], [skipped.reason], **base,
                              line_start=skipped.line, line_end=skipped.line, key=skipped.text.strip()[:KEY_LENGTH], text=skipped.text)
            quote(item)
            items.append(item)

    items += _merge_items(corpus, lines_of)
    items.sort(key=lambda i: (bool(i.status), -i.doubt, i.path, i.line_start or 0, i.kind, i.task_id))
    return items[:top] if top else items


def _merge_items(corpus: Corpus, lines_of) -> list[ReviewItem]:
    """The resolution's fuzzy merges and near misses, each with where its names were read."""
    resolution = corpus.resolution
    where: dict[tuple[str, str], tuple] = {}  # (agency id, name) -> (extraction, task, mention), first seen
    for extraction in corpus.extractions:
        for task in extraction.tasks:
            for mention in task.mentions:
                for name in (mention.name, mention.mention):
                    where.setdefault((mention.agency_id, name), (extraction, task, mention))

    def occurrence(agency_id: str, names: list[str]) -> list[dict]:
        out = []
        for name in names:
            hit = where.get((agency_id, name))
            if hit is None:
                continue
            extraction, task, mention = hit
            first, last = max(1, mention.span.line_start - CONTEXT), mention.span.line_end + CONTEXT
            out.append({"name": name, "path": extraction.document.path, "line": mention.span.line_start, "task_id": task.id,
                        "task": task.text[:40],
                        "source": [{"line": n, "text": t, "own": mention.span.line_start <= n <= mention.span.line_end}
                                   for n, t in enumerate(lines_of(extraction.document.path, first, last), start=first)]})
        return out

    items = []
    for decision in resolution.decisions:
        if decision.action == "fuzzy-merge":
            keep = resolution.agencies.get(decision.result)
            if keep is None:
                continue
            dropped = [n.strip() for n in decision.mention.split(" / ") if n.strip()]
            kept = sorted(keep.names - {n for n in dropped})
            # the name an aliases.csv row keeps the dropped ones apart from: the canonical one as written
            target = next((n for n in kept if n.endswith(keep.canonical)), kept[0] if kept else keep.canonical)
            score = decision.score or 100.0
            doubt = DOUBT["fuzzy_merge"] + 0.3 * max(0.0, min(1.0, (100 - score) / 15))
            items.append(ReviewItem("merge", doubt, [f"{'、'.join(dropped)} merged into {keep.name} (score {score:.1f}): {decision.evidence}"],
                                    details={"agency_id": keep.id, "agency": keep.name, "jurisdiction": keep.jurisdiction_id,
                                             "canonical": keep.canonical, "dropped": dropped, "kept": kept, "target": target, "score": round(score, 1),
                                             "evidence": decision.evidence,
                                             "occurrences": occurrence(keep.id, dropped) + occurrence(keep.id, kept[:1])}))
        elif decision.action == "kept-apart":
            ids = [i.strip() for i in decision.result.split("|")]
            agencies = [resolution.agencies.get(i) for i in ids]
            if len(agencies) != 2 or None in agencies:
                continue
            score = decision.score or 0.0
            doubt = DOUBT["kept_apart"] + 0.2 * max(0.0, min(1.0, (score - 75) / 25))
            a, b = agencies
            items.append(ReviewItem("kept-apart", doubt, [f"{a.name} and {b.name} kept apart (score {score:.1f}): {decision.evidence}"],
                                    details={"agencies": [{"id": x.id, "name": x.name, "canonical": x.canonical, "jurisdiction": x.jurisdiction_id,
                                                           "names": sorted(x.names)} for x in agencies],
                                             "score": round(score, 1), "evidence": decision.evidence,
                                             "occurrences": occurrence(a.id, sorted(a.names)[:1]) + occurrence(b.id, sorted(b.names)[:1])}))
    return items


# -- the page ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _app_js() -> str:
    """The page's script, ``templates/review.js``, with ``%(data)s`` where the data goes; inlined
    byte for byte after the substitution (its hash is in the Content-Security-Policy)."""
    return resources.files("visualizations").joinpath("templates", "review.js").read_text("utf-8")


def existing_rows(corrections: str | Path | None) -> list[dict]:
    """The rows of a corrections file as the page keeps them (column -> text), so a download
    holds them and the new ones."""
    if corrections is None:
        return []
    from graph_builder.corrections import load_corrections

    out = []
    for row in load_corrections(corrections):
        lines = "" if row.lines is None else (str(row.lines[0]) if row.lines[0] == row.lines[1] else f"{row.lines[0]}-{row.lines[1]}")
        out.append({"document": row.document, "sha256": row.sha256, "line": lines, "task": row.key, "action": row.action,
                    "agency": "|".join(row.agencies), "role": row.role, "value": row.value, "note": row.note, "from": row.id})
    return out


def review_html(corpus: Corpus, lines_of=None, title: str = "govkg review", corrections: str | Path | None = None,
                warnings: list[str] | None = None, top: int = TOP, items: list[ReviewItem] | None = None) -> str:
    """The review page as one HTML string (``items``: :func:`review_items` of ``corpus``, all of
    them, when already made)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    from graph_builder.corrections import COLUMNS

    from .network import _hash, _script_json

    items = review_items(corpus, lines_of, top=0) if items is None else items
    shown = items[:top] if top else items
    data = {
        "title": title,
        "columns": list(COLUMNS),
        "alias_columns": ["jurisdiction", "alias", "canonical", "type", "source", "action"],
        "corrections": str(corrections) if corrections else "",
        "existing": existing_rows(corrections),
        "warnings": list(warnings or []),
        "items": [i.to_dict() for i in shown],
        "hidden": len(items) - len(shown),
        "documents": len(corpus.extractions),
        "tasks": sum(len(e.tasks) for e in corpus.extractions),
    }
    app_js = _app_js() % {"data": _script_json(data)}
    csp = "; ".join(["default-src 'none'", f"script-src {_hash(app_js)}", "style-src 'unsafe-inline'", "img-src data:",
                     "connect-src 'none'", "base-uri 'none'", "form-action 'none'"])
    folder = Path(str(resources.files("visualizations").joinpath("templates")))
    environment = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))
    # The script is trusted code; everything from the documents is inside its JSON, escaped for a
    # script context, and set as textContent by it.
    return environment.get_template("review.html").render(csp=csp, title=title, app_js=Markup(app_js))


def write_review(corpus: Corpus, out_dir: str | Path, lines_of=None, title: str = "govkg review",
                 corrections: str | Path | None = None, warnings: list[str] | None = None, top: int = TOP,
                 items: list[ReviewItem] | None = None) -> Path:
    """Write ``review.html`` into ``out_dir`` (made when missing); its path."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder}: is a file, not a folder; choose another --out")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "review.html"
    path.write_text(review_html(corpus, lines_of, title, corrections, warnings, top, items), encoding="utf-8")
    return path


def source_lines(inputs: list[Path] | None = None):
    """``lines_of(path, first, last)`` for :func:`review_items`: the lines of each document read
    once, found through ``inputs`` (the files given, by their provenance path) or where the
    provenance path points (``corpus/NAME`` for the bundled documents)."""
    from graph_builder.pipeline import display_path

    from .report import _Sources

    paths = {display_path(p): Path(p) for p in inputs or []}
    sources = _Sources()

    def lines_of(path: str, first: int, last: int) -> list[str]:
        found = paths.get(path)
        return sources.lines(str(found) if found else path, first, last)

    return lines_of
