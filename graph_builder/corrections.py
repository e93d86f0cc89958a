"""A researcher's corrections of what extraction got wrong, kept in a plain CSV file beside the
corpus and applied at every build, after extraction and before resolution
(``pipeline.assemble(..., corrections=FILE)``).

One row a correction; the columns (only ``document`` and ``action`` are needed in the header):

| column | holds |
|---|---|
| ``document`` | the document's id (``杭政办函-2017-33``) or its file name |
| ``sha256`` | the document's SHA-256 (8 hex digits or more) when the row was written: a row for a document that has changed since is stale, not applied |
| ``line`` | the line the task stands on (any of its lines); for ``add-task`` the lines ``12`` or ``12-14`` |
| ``task`` | the first characters of the task's text (its key, as in a gold file): with ``line``, which task |
| ``action`` | ``set-lead``, ``add-agency``, ``remove-agency``, ``split-agency``, ``merge-agencies``, ``drop-task``, ``add-task`` or ``confirm`` |
| ``agency`` | the agency or agencies the action names, several separated by ``|`` (a name may hold 、) |
| ``role`` | ``lead`` or ``cooperating`` (``add-agency``; ``remove-agency`` and ``add-task`` optionally) |
| ``value`` | ``split-agency``: the parts, separated by ``|``; ``merge-agencies``: the merged name |
| ``note`` | the researcher's own words, kept as provenance |

What each action does to the task the row names:

- ``set-lead``: the ``agency`` (one or several) lead; a unit that led and is not named now
  co-operates (the document still names it); a named unit that was not in the task is added.
- ``add-agency``: the ``agency`` in ``role`` (a unit already in the other role changes role).
- ``remove-agency``: the ``agency`` is no longer in the task (in ``role`` only, when given).
- ``split-agency``: one mention (``agency``) is the several units of ``value``, in its role.
- ``merge-agencies``: the mentions of ``agency`` are one unit, named ``value`` (default: the
  names joined), in the role of the first.
- ``drop-task``: what was read as a task is none; its lines are narrative.
- ``add-task``: the lines ``line`` (``12-14``) are a task the extraction missed, its agencies in
  ``agency`` (``role`` for all of them; by default the first leads and the others co-operate);
  a skipped line among them is no longer skipped.
- ``confirm``: the task was checked and is right as extracted (nothing changes; the review page
  and ``govkg eval`` count the document as reviewed).

Every mention a row sets gets ``basis = "corrected"`` and ``correction = "FILE:ROW"``; every
row that names a document read becomes a ``model.Correction`` of that document, ``applied``,
``redundant`` (the extraction already says so) or ``stale`` (not applied: the document changed,
or no task reads as the row says), with what was done or why not.

Bad rows are one error line naming the file and row (a ``CorrectionsError``, a ValueError), and
then nothing is applied:

>>> rows = parse_corrections("document,line,task,action,agency\\nd1,2,建设公园,set-lead,市财政局\\n", "c.csv")
>>> [(r.id, r.action, r.agencies) for r in rows]
[('c.csv:2', 'set-lead', ('市财政局',))]
>>> parse_corrections("document,action\\nd1,set-leader\\n", "c.csv")
Traceback (most recent call last):
...
graph_builder.corrections.CorrectionsError: c.csv:2: unknown action 'set-leader' (set-lead, add-agency, remove-agency, split-agency, merge-agencies, drop-task, add-task, confirm) (nothing applied)
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .ingest import SourceText, normalize_line
from .knowledge import is_collective
from .model import AgencyMention, Correction, Extraction, SourceSpan, Task

ACTIONS = ("set-lead", "add-agency", "remove-agency", "split-agency", "merge-agencies", "drop-task", "add-task", "confirm")
ROLES = ("lead", "cooperating")
COLUMNS = ("document", "sha256", "line", "task", "action", "agency", "role", "value", "note")
REQUIRED_COLUMNS = ("document", "action")
# Several agencies in one cell: a name may itself hold 、 (各区、县(市)政府), so they are cut at |.
LIST_SEPARATOR = re.compile(r"\s*[|｜]\s*")
# A spreadsheet-safe cell (graph_builder/emit/spreadsheet.py, a layer above this one) starts with
# an apostrophe before these; the apostrophe is not part of the value.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BASIS = "corrected"


class CorrectionsError(ValueError):
    """A corrections file that cannot be used; the message names the file and row."""


@dataclass(frozen=True)
class CorrectionRow:
    """One row of a corrections file, checked."""

    source: str
    row: int
    document: str
    action: str
    sha256: str = ""
    lines: tuple[int, int] | None = None
    key: str = ""
    agencies: tuple[str, ...] = ()
    role: str = ""
    value: str = ""
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.source}:{self.row}"

    @property
    def line(self) -> int | None:
        return self.lines[0] if self.lines else None

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(p for p in LIST_SEPARATOR.split(self.value.strip()) if p)


# -- reading and checking ---------------------------------------------------------------------


def load_corrections(path: str | Path) -> list[CorrectionRow]:
    """The rows of the corrections file at ``path``, every one checked (``CorrectionsError``
    naming the file and the first bad row otherwise)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorrectionsError(f"{path}: no such corrections file") from None
    except IsADirectoryError:
        raise CorrectionsError(f"{path}: is a folder, not a corrections file (CSV)") from None
    except OSError as error:
        raise CorrectionsError(f"{path}: cannot read the corrections file: {(error.strerror or str(error)).lower()}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorrectionsError(f"{path}: corrections must be a UTF-8 CSV file ({','.join(COLUMNS)}); byte {error.start} is not UTF-8") from None
    return parse_corrections(text, str(path))


def parse_corrections(text: str, source: str = "corrections.csv") -> list[CorrectionRow]:
    """The checked rows of a corrections file's text; ``source`` names it in errors and provenance."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise CorrectionsError(f"{source}:1: not a CSV header ({error})") from None
    if header is None or not any(cell.strip() for cell in header):
        raise CorrectionsError(f"{source}: empty; a corrections file starts with a header ({','.join(COLUMNS)})")
    names = [cell.strip().lower() for cell in header]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise CorrectionsError(f"{source}:1: unknown column {unknown[0]!r}; the columns are {', '.join(COLUMNS)}")
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    if missing:
        raise CorrectionsError(f"{source}:1: no {missing[0]!r} column; the header needs {' and '.join(REQUIRED_COLUMNS)}")
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise CorrectionsError(f"{source}:1: column {twice!r} twice")
    rows: list[CorrectionRow] = []
    errors: list[str] = []
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(f"{source}:{start}: not a CSV row ({error})")
            break
        number, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells) or cells[0].lstrip().startswith("#"):
            continue  # a blank row, or a comment a researcher wrote by hand
        if len(cells) > len(names):
            errors.append(f"{source}:{number}: {len(cells)} cells, the header has {len(names)} columns")
            continue
        values = {name: _unescape(cell.strip()) for name, cell in zip(names, cells)}
        try:
            rows.append(_check(values, source, number))
        except CorrectionsError as error:
            errors.append(str(error))
    if errors:
        more = f" (and {len(errors) - 1} more bad row{'s' if len(errors) > 2 else ''}; nothing applied)" if len(errors) > 1 else " (nothing applied)"
        raise CorrectionsError(errors[0] + more)
    return rows


def _unescape(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def _check(values: dict[str, str], source: str, number: int) -> CorrectionRow:
    def bad(message: str) -> CorrectionsError:
        return CorrectionsError(f"{source}:{number}: {message}")

    action = re.sub(r"[\s_]+", "-", values.get("action", "").lower())
    if not action:
        raise bad(f"no action ({', '.join(ACTIONS)})")
    if action not in ACTIONS:
        raise bad(f"unknown action {values['action']!r} ({', '.join(ACTIONS)})")
    document = values.get("document", "")
    if not document:
        raise bad("no document (its id, such as 杭政办函-2017-33, or its file name)")
    sha = values.get("sha256", "").lower()
    if sha and not re.fullmatch(r"[0-9a-f]{8,64}", sha):
        raise bad(f"sha256 {values['sha256']!r} is not 8 to 64 hex digits")
    lines = None
    line_text = values.get("line", "")
    if line_text:
        match = re.fullmatch(r"(\d+)(?:\s*[-–~]\s*(\d+))?", line_text)
        if not match or int(match.group(1)) < 1 or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise bad(f"line {line_text!r} is not a line number (12) or, for add-task, lines (12-14)")
        if match.group(2) and action != "add-task":
            raise bad(f"line {line_text!r}: a range of lines is for add-task; {action} names the task by one of its lines")
        lines = (int(match.group(1)), int(match.group(2) or match.group(1)))
    role = values.get("role", "").lower()
    role = {"牵头": "lead", "配合": "cooperating", "cooperate": "cooperating", "co-operating": "cooperating"}.get(role, role)
    if role and role not in ROLES:
        raise bad(f"role {values['role']!r} is not lead or cooperating")
    agencies = tuple(a for a in LIST_SEPARATOR.split(values.get("agency", "")) if a)
    row = CorrectionRow(source, number, document, action, sha, lines, values.get("task", ""), agencies, role,
                        values.get("value", ""), values.get("note", ""))
    if action == "add-task":
        if not lines:
            raise bad("add-task needs the lines of the task (line: 12 or 12-14)")
    elif action != "confirm" and not (lines or row.key):
        raise bad(f"{action} needs the task: its line, its first characters (task), or both")
    if action in ("set-lead", "add-agency", "remove-agency", "split-agency", "merge-agencies") and not agencies:
        raise bad(f"{action} needs the agency it names (agency)")
    if action == "add-agency" and not role:
        raise bad("add-agency needs the role (lead or cooperating)")
    if action == "split-agency":
        if len(agencies) != 1:
            raise bad("split-agency splits one agency (agency) into the parts of value")
        if len(row.parts) < 2:
            raise bad("split-agency needs two parts or more in value, separated by |")
    if action == "merge-agencies" and len(agencies) < 2:
        raise bad("merge-agencies needs two agencies or more (agency, separated by |)")
    return row


# -- applying ---------------------------------------------------------------------------------


@lru_cache(maxsize=65536)  # every row compares its key with the document's task texts
def fold(text: str | None) -> str:
    """How a key or a name is compared: folded as the reader folds a line (punctuation, script),
    NFKC, no whitespace (the same folding as ``evaluate.fold``)."""
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", normalize_line(text)))


def clean_name(text: str) -> str:
    """A name typed in a correction as the model keeps ``AgencyMention.name``: simplified, no
    spaces, no stray list punctuation."""
    return "".join(normalize_line(text).split()).strip("、,;:。.")


@dataclass
class AppliedCorrections:
    """What :func:`apply_corrections` gives: the corrected extractions (new objects where a row
    changed something), and the rows that name no document read."""

    extractions: list[Extraction]
    rows: list[CorrectionRow] = field(default_factory=list)
    unmatched: list[CorrectionRow] = field(default_factory=list)

    @property
    def corrections(self) -> list[Correction]:
        return [c for e in self.extractions for c in e.corrections]

    def counts(self) -> dict[str, int]:
        corrections = self.corrections
        return {
            "corrections applied": sum(1 for c in corrections if c.status == "applied"),
            "corrections redundant": sum(1 for c in corrections if c.status == "redundant"),
            "corrections stale": sum(1 for c in corrections if c.status == "stale"),
            "corrections of documents not read": len(self.unmatched),
        }

    def warnings(self) -> list[str]:
        """One line per stale row, and one per file for the rows that name documents not read."""
        lines = [f"{c.id}: stale correction, not applied: {c.detail}" for c in self.corrections if c.status == "stale"]
        by_source: dict[str, list[CorrectionRow]] = {}
        for row in self.unmatched:
            by_source.setdefault(row.source, []).append(row)
        for source, rows in by_source.items():
            shown = ", ".join(str(r.row) for r in rows[:8]) + (", …" if len(rows) > 8 else "")
            names = "、".join(dict.fromkeys(r.document for r in rows[:3]))
            lines.append(f"{source}: {len(rows)} correction{'s' if len(rows) > 1 else ''} (rows {shown}) name documents not read here "
                         f"({names}{'…' if len({r.document for r in rows}) > 3 else ''}); not applied")
        return lines


def documents_needing_lines(rows: list[CorrectionRow]) -> set[str]:
    """The ``document`` keys of the rows that read the document's lines (add-task)."""
    return {r.document for r in rows if r.action == "add-task"}


def matches_document(row: CorrectionRow, extraction: Extraction) -> bool:
    document = extraction.document
    return row.document in (document.id, document.path, Path(document.path).name)


def apply_corrections(
    extractions: list[Extraction],
    rows: list[CorrectionRow],
    sources: Mapping[str, SourceText] | None = None,
) -> AppliedCorrections:
    """``extractions`` with ``rows`` applied, in the file's order (a row sees what the rows
    before it did: an add-task row, then add-agency rows for that task). Pure: the extractions
    given are not changed; an extraction no row names is returned as it was. ``sources``: the
    lines of the documents that add-task rows read, by document path."""
    sources = sources or {}
    working: dict[int, Extraction] = {}
    result = AppliedCorrections(list(extractions), list(rows))
    for row in rows:
        index = next((i for i, e in enumerate(extractions) if matches_document(row, e)), None)
        if index is None:
            result.unmatched.append(row)
            continue
        if index not in working:
            working[index] = _copy(extractions[index])
        extraction = working[index]
        extraction.corrections.append(_apply(row, extraction, sources.get(extraction.document.path)))
    for index, extraction in working.items():
        result.extractions[index] = extraction
    return result


def _copy(extraction: Extraction) -> Extraction:
    """A copy that the rows may change: new tasks and lists (the mentions are replaced, never changed)."""
    tasks = [dataclasses.replace(t, lead=list(t.lead), cooperating=list(t.cooperating), notes=list(t.notes)) for t in extraction.tasks]
    return dataclasses.replace(extraction, tasks=tasks, skipped=list(extraction.skipped), line_roles=dict(extraction.line_roles),
                               corrections=list(extraction.corrections))


def _outcome(row: CorrectionRow, status: str, detail: str, task: Task | None = None) -> Correction:
    return Correction(row.source, row.row, row.action, status, detail, task.id if task else None, row.note or None)


def _apply(row: CorrectionRow, extraction: Extraction, source: SourceText | None) -> Correction:
    document = extraction.document
    changed = row.sha256 and not document.sha256.startswith(row.sha256)
    if row.action == "add-task":
        if changed:
            return _outcome(row, "stale", f"{document.path} changed since this row was written (sha256 {row.sha256[:8]}…, now {document.sha256[:8]}…)")
        return _add_task(row, extraction, source)
    if row.action == "confirm" and not (row.lines or row.key):
        if changed:
            return _outcome(row, "stale", f"{document.path} changed since it was confirmed (sha256 {row.sha256[:8]}…, now {document.sha256[:8]}…)")
        return _outcome(row, "applied", f"{document.path}: checked, right as extracted ({len(extraction.tasks)} tasks)")
    task, why = _find_task(extraction, row)
    if changed:
        still = (f"; the task still reads the same at line {task.span.line_start}: check it and write the new sha256 "
                 f"{document.sha256[:12]} in the row") if task else ""
        return _outcome(row, "stale", f"{document.path} changed since this row was written (sha256 {row.sha256[:8]}…, now {document.sha256[:8]}…){still}")
    if task is None:
        return _outcome(row, "stale", why)
    return ACTION_FUNCTIONS[row.action](row, extraction, task)


def _where(row: CorrectionRow) -> str:
    parts = []
    if row.line:
        parts.append(f"at line {row.line}")
    if row.key:
        parts.append(f"reading {row.key}")
    return " ".join(parts)


def _find_task(extraction: Extraction, row: CorrectionRow) -> tuple[Task | None, str]:
    """The one task ``row`` names by its line and key, or None and why."""
    key = fold(row.key)
    line = row.line
    candidates = [
        t for t in extraction.tasks
        if (line is None or t.span.line_start <= line <= t.span.line_end)
        and (not key or key in fold(t.text) or key in fold(t.target))
    ]
    if len(candidates) > 1 and line is not None:
        candidates = [t for t in candidates if t.span.line_start == line] or candidates
    if len(candidates) > 1 and key:
        candidates = [t for t in candidates if fold(t.text).startswith(key)] or candidates
    if len(candidates) == 1:
        return candidates[0], ""
    if not candidates:
        return None, f"no task of {extraction.document.path} {_where(row)} (the document's tasks moved or were read otherwise)"
    return None, f"{len(candidates)} tasks of {extraction.document.path} {_where(row)}; give both the line and the task's first characters"


def _same(text: str, mention: AgencyMention) -> bool:
    folded = fold(text)
    return folded in (fold(mention.mention), fold(mention.name))


def _names(task: Task) -> str:
    lead = "、".join(m.mention for m in task.lead) or "none"
    cooperating = "、".join(m.mention for m in task.cooperating) or "none"
    return f"lead {lead}; cooperating {cooperating}"


def _new_mention(text: str, role: str, task: Task, row: CorrectionRow) -> AgencyMention:
    name = clean_name(text)
    return AgencyMention(text, name, role, task.span, None, is_collective(name), BASIS, row.id)


def _set(mention: AgencyMention, role: str, row: CorrectionRow) -> AgencyMention:
    return dataclasses.replace(mention, role=role, basis=BASIS, correction=row.id)


def _set_lead(row: CorrectionRow, extraction: Extraction, task: Task) -> Correction:
    named = list(row.agencies)
    if len(task.lead) == len(named) and all(_same(n, m) for n, m in zip(named, task.lead)):
        return _outcome(row, "redundant", f"already so: {'、'.join(named)} lead{'s' if len(named) == 1 else ''} {task.id}", task)
    lead = []
    taken: set[int] = set()
    for name in named:
        found = next((m for m in [*task.lead, *task.cooperating] if id(m) not in taken and _same(name, m)), None)
        if found is not None:
            taken.add(id(found))
            lead.append(_set(found, "lead", row))
        else:
            lead.append(_new_mention(name, "lead", task, row))
    demoted = [_set(m, "cooperating", row) for m in task.lead if id(m) not in taken]
    cooperating = [m for m in task.cooperating if id(m) not in taken]
    before = _names(task)
    task.lead[:] = lead
    task.cooperating[:] = [*demoted, *cooperating]
    return _outcome(row, "applied", f"{task.id}: lead set to {'、'.join(named)} (was {before})", task)


def _add_agency(row: CorrectionRow, extraction: Extraction, task: Task) -> Correction:
    done = []
    for name in row.agencies:
        same_role = task.lead if row.role == "lead" else task.cooperating
        other_role = task.cooperating if row.role == "lead" else task.lead
        if any(_same(name, m) for m in same_role):
            continue
        moved = next((m for m in other_role if _same(name, m)), None)
        if moved is not None:
            other_role[:] = [m for m in other_role if m is not moved]
            same_role.append(_set(moved, row.role, row))
            done.append(f"{name} moved to {row.role}")
        else:
            same_role.append(_new_mention(name, row.role, task, row))
            done.append(f"{name} added as {row.role}")
    if not done:
        return _outcome(row, "redundant", f"already so: {'、'.join(row.agencies)} in {task.id} as {row.role}", task)
    return _outcome(row, "applied", f"{task.id}: {'; '.join(done)}", task)


def _remove_agency(row: CorrectionRow, extraction: Extraction, task: Task) -> Correction:
    lists = [task.lead] if row.role == "lead" else [task.cooperating] if row.role == "cooperating" else [task.lead, task.cooperating]
    found = {name: [(mentions, m) for mentions in lists for m in mentions if _same(name, m)] for name in row.agencies}
    missing = [name for name, hits in found.items() if not hits]
    if missing:  # a row applies whole or not at all
        where = f" as {row.role}" if row.role else ""
        return _outcome(row, "stale", f"{'、'.join(missing)} not among the agencies of {task.id}{where} ({_names(task)})", task)
    removed = []
    for hits in found.values():
        for mentions, mention in hits:
            if any(m is mention for m in mentions):
                mentions[:] = [m for m in mentions if m is not mention]
                removed.append(f"{mention.mention} ({mention.role})")
    return _outcome(row, "applied", f"{task.id}: removed {'、'.join(removed)}", task)


def _split_agency(row: CorrectionRow, extraction: Extraction, task: Task) -> Correction:
    name = row.agencies[0]
    for mentions in (task.lead, task.cooperating):
        for position, mention in enumerate(mentions):
            if _same(name, mention):
                pieces = [dataclasses.replace(mention, mention=part, name=clean_name(part), is_collective=is_collective(clean_name(part)),
                                              basis=BASIS, correction=row.id) for part in row.parts]
                mentions[position:position + 1] = pieces
                return _outcome(row, "applied", f"{task.id}: {mention.mention} split into {'、'.join(row.parts)} ({mention.role})", task)
    return _outcome(row, "stale", f"{name} not among the agencies of {task.id} ({_names(task)})", task)


def _merge_agencies(row: CorrectionRow, extraction: Extraction, task: Task) -> Correction:
    found: list[AgencyMention] = []
    for name in row.agencies:
        mention = next((m for m in task.mentions if all(m is not f for f in found) and _same(name, m)), None)
        if mention is None:
            return _outcome(row, "stale", f"{name} not among the agencies of {task.id} ({_names(task)})", task)
        found.append(mention)
    first = found[0]
    merged_text = row.value.strip() or "".join(m.mention for m in found)
    lines = [line for m in found for line in (m.span.line_start, m.span.line_end)]
    span = first.span if (min(lines), max(lines)) == (first.span.line_start, first.span.line_end) else \
        dataclasses.replace(first.span, line_start=min(lines), line_end=max(lines))
    merged = dataclasses.replace(first, mention=merged_text, name=clean_name(merged_text), span=span,
                                 is_collective=is_collective(clean_name(merged_text)), basis=BASIS, correction=row.id)
    target = task.lead if first.role == "lead" else task.cooperating
    target[next(i for i, m in enumerate(target) if m is first)] = merged
    for mention in found[1:]:
        mentions = task.lead if mention.role == "lead" else task.cooperating
        mentions[:] = [m for m in mentions if m is not mention]
    return _outcome(row, "applied", f"{task.id}: {'、'.join(m.mention for m in found)} merged into {merged_text} ({first.role})", task)


def _drop_task(row: CorrectionRow, extraction: Extraction, task: Task) -> Correction:
    extraction.tasks[:] = [t for t in extraction.tasks if t is not task]
    kept = {line for t in extraction.tasks for line in range(t.span.line_start, t.span.line_end + 1)}
    for line in range(task.span.line_start, task.span.line_end + 1):
        if extraction.line_roles.get(line) == "task" and line not in kept:
            extraction.line_roles[line] = "narrative"  # read, and assigns no task
    return _outcome(row, "applied", f"{task.id} dropped: not a task (lines {task.span.line_start}-{task.span.line_end}; {_names(task)})", task)


def _confirm(row: CorrectionRow, extraction: Extraction, task: Task) -> Correction:
    return _outcome(row, "applied", f"{task.id}: checked, right as extracted ({_names(task)})", task)


def _add_task(row: CorrectionRow, extraction: Extraction, source: SourceText | None) -> Correction:
    document = extraction.document
    first, last = row.lines
    if source is None:
        return _outcome(row, "stale", f"the lines of {document.path} are not at hand to make a task of")
    if last > len(source.lines):
        return _outcome(row, "stale", f"{document.path} has {len(source.lines)} lines, not {last}")
    text = "".join(line.strip() for line in source.normalized[first - 1:last])
    if not text:
        return _outcome(row, "stale", f"lines {first}-{last} of {document.path} are blank")
    if row.key and fold(row.key) not in fold(text):
        return _outcome(row, "stale", f"lines {first}-{last} of {document.path} no longer read {row.key} (they read {text[:30]})")
    existing = next((t for t in extraction.tasks if t.span.line_start == first and fold(t.text) == fold(text)), None)
    task_id = f"{document.id}/added-{first}"
    if existing is not None or any(t.id == task_id for t in extraction.tasks):
        return _outcome(row, "redundant", f"already so: a task stands at line {first} of {document.path}", existing)
    before = [t for t in extraction.tasks if t.span.line_start < first]
    neighbour = max(before, key=lambda t: t.span.line_start) if before else None
    span = SourceSpan.of_lines(document.path, first, last)
    if source.origins and any(source.origins):
        from .readers import span_with_origin  # page/table/row of an HTML, DOCX, XLSX or PDF line

        span = span_with_origin(span, source.origins)
    task = Task(task_id, None, neighbour.program_id if neighbour else None, text, span,
                neighbour.jurisdiction if neighbour else document.jurisdiction, target=text)
    for position, name in enumerate(row.agencies):
        role = row.role or ("lead" if position == 0 else "cooperating")
        (task.lead if role == "lead" else task.cooperating).append(_new_mention(name, role, task, row))
    index = next((i for i, t in enumerate(extraction.tasks) if t.span.line_start > first), len(extraction.tasks))
    extraction.tasks.insert(index, task)
    for line in range(first, last + 1):
        if source.lines[line - 1].strip():
            extraction.line_roles[line] = "task"
    unskipped = [s for s in extraction.skipped if first <= s.line <= last]
    extraction.skipped[:] = [s for s in extraction.skipped if not first <= s.line <= last]
    note = f"; line{'s' if len(unskipped) > 1 else ''} {', '.join(str(s.line) for s in unskipped)} no longer skipped" if unskipped else ""
    return _outcome(row, "applied", f"{task_id}: task added from lines {first}-{last} ({_names(task)}){note}", task)


ACTION_FUNCTIONS = {
    "set-lead": _set_lead,
    "add-agency": _add_agency,
    "remove-agency": _remove_agency,
    "split-agency": _split_agency,
    "merge-agencies": _merge_agencies,
    "drop-task": _drop_task,
    "confirm": _confirm,
}
