"""Score extraction against hand-annotated gold files.

A gold file (the format of ``graph_builder/corpus/gold/README.md``) lists, for one document,
every task with a ``key`` (the first characters of its text as written) and its ``lead`` and
``cooperating`` agencies as written. Scoring follows that README:

* a gold task matches an extracted task when its folded key (whitespace removed, NFKC,
  traditional folded to simplified, first 12 characters) occurs in the extracted task's text,
  target or program title; gold tasks are matched in document order, each extracted task at
  most once;
* an agency matches when it equals the extracted mention or its cleaned name after the same
  folding;
* precision, recall and F1 over (task, role, agency) pairs, plus task recall. An extracted task
  that matches no gold task counts its agencies as false positives.

A corrections file is a gold file too (:func:`evaluate_corrections`): the extraction of each
document it names, with its rows applied, is the gold that the extraction without them is
scored against, so a researcher's review doubles as an annotation (:func:`gold_from_extraction`
writes it in the gold format, to keep).

>>> fold("牽頭單位 ：市發改委")
'牵头单位:市发改委'
>>> score = DocumentScore("d")
>>> score.tp, score.fp, score.fn = 9, 1, 0
>>> round(score.precision, 2), score.recall, round(score.f1, 3)
(0.9, 1.0, 0.947)
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import normalize_line

KEY_LENGTH = 12
ROLES = ("lead", "cooperating")


def fold(text: str | None) -> str:
    """Folded as the reader folds a line (punctuation, script, romanisation glosses masked),
    then NFKC and without whitespace, so a key copied from the document matches its task."""
    if not text:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", normalize_line(text)))


@dataclass
class Miss:
    """One difference between gold and extraction, for ``govkg eval -v``."""

    kind: str  # "missing task" | "missing agency" | "extra agency"
    task: str
    role: str = ""
    agency: str = ""

    def __str__(self) -> str:
        if self.kind == "missing task":
            return f"missing task   {self.task}"
        return f"{self.kind:<14} {self.role:<11} {self.agency}  ← {self.task}"


@dataclass
class DocumentScore:
    document: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    gold_tasks: int = 0
    matched_tasks: int = 0
    misses: list[Miss] = field(default_factory=list)
    error: str | None = None

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def task_recall(self) -> float:
        return self.matched_tasks / self.gold_tasks if self.gold_tasks else 1.0

    def add(self, other: "DocumentScore") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.gold_tasks += other.gold_tasks
        self.matched_tasks += other.matched_tasks

    def to_dict(self) -> dict:
        return {
            "document": self.document,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "task_recall": round(self.task_recall, 4),
            "gold_tasks": self.gold_tasks,
            "matched_tasks": self.matched_tasks,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "error": self.error,
        }


def _task_texts(task: dict) -> str:
    return " ".join(fold(task.get(k)) for k in ("text", "target", "program"))


def _agency_keys(mention: dict) -> set[str]:
    keys = {fold(mention.get("mention")), fold(mention.get("name"))}
    keys.discard("")
    return keys


def _match_agencies(gold: list[str], extracted: list[dict]) -> tuple[list[str], list[str], int]:
    """(gold agencies not found, extracted agencies not in gold, matches)."""
    remaining = list(extracted)
    missing: list[str] = []
    matches = 0
    for agency in gold:
        key = fold(agency)
        for index, mention in enumerate(remaining):
            if key in _agency_keys(mention):
                del remaining[index]
                matches += 1
                break
        else:
            missing.append(agency)
    return missing, [m.get("mention") or m.get("name") or "" for m in remaining], matches


def score_document(gold: dict, extracted_tasks: list[dict], name: str = "") -> DocumentScore:
    """Score one document: ``gold`` is a gold file's content, ``extracted_tasks`` the task
    dictionaries of ``govkg extract`` (``Task.to_dict``)."""
    score = DocumentScore(name or gold.get("file", ""))
    texts = [_task_texts(t) for t in extracted_tasks]
    used: set[int] = set()
    cursor = 0
    for gold_task in gold.get("tasks", []):
        score.gold_tasks += 1
        key = fold(gold_task["key"])[:KEY_LENGTH]
        order = list(range(cursor, len(texts))) + list(range(0, cursor))
        found = next((i for i in order if i not in used and key in texts[i]), None)
        label = gold_task["key"][:24]
        if found is None:
            score.misses.append(Miss("missing task", label))
            for role in ROLES:
                for agency in gold_task.get(role) or []:
                    score.fn += 1
                    score.misses.append(Miss("missing agency", label, role, agency))
            continue
        used.add(found)
        cursor = found + 1
        score.matched_tasks += 1
        for role in ROLES:
            missing, extra, matches = _match_agencies(gold_task.get(role) or [], extracted_tasks[found].get(role) or [])
            score.tp += matches
            score.fn += len(missing)
            score.fp += len(extra)
            score.misses += [Miss("missing agency", label, role, a) for a in missing]
            score.misses += [Miss("extra agency", label, role, a) for a in extra]
    for index, task in enumerate(extracted_tasks):
        if index in used:
            continue
        for role in ROLES:
            for mention in task.get(role) or []:
                score.fp += 1
                score.misses.append(Miss("extra agency", (task.get("text") or "")[:24], role, mention.get("mention", "")))
    return score


def load_gold(gold_dir: str | Path) -> list[tuple[Path, dict]]:
    """Every ``*.json`` gold file in ``gold_dir``, by name."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder of gold files")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise ValueError(f"{folder}: no gold files (*.json)")
    gold = []
    for path in files:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"{path}: not a gold file ({error})") from None
        if not isinstance(content, dict) or "tasks" not in content or "file" not in content:
            raise ValueError(f"{path}: not a gold file (needs 'file' and 'tasks')")
        gold.append((path, content))
    return gold


def document_for(gold_path: Path, gold: dict, docs: list[Path]) -> Path | None:
    """The document a gold file annotates: among ``docs`` by file name, else beside the gold
    folder (``../NAME`` or ``../docs/NAME``)."""
    name = gold["file"]
    for doc in docs:
        if doc.name == name:
            return doc
    if docs:
        return None
    for candidate in (gold_path.parent.parent / name, gold_path.parent.parent / "docs" / name, gold_path.parent / name):
        if candidate.is_file():
            return candidate
    return None


@dataclass
class Evaluation:
    documents: list[DocumentScore]

    @property
    def overall(self) -> DocumentScore:
        total = DocumentScore("overall")
        for score in self.documents:
            total.add(score)
        return total


def evaluate(
    gold_dir: str | Path,
    docs: list[str | Path] | None = None,
    layout: str | None = None,
    lead_policy: str = "first-listed",
    corrections: str | Path | None = None,
) -> Evaluation:
    """Extract and resolve the annotated documents, then score each against its gold file.

    With ``docs``, only gold files whose document is among them are scored; ``corrections``:
    a corrections file applied to the extraction before it is scored.
    """
    from .inputs import expand_inputs
    from .pipeline import assemble

    doc_paths = expand_inputs(docs) if docs else []  # a folder stands for the documents in it
    pairs = []
    scores: list[DocumentScore] = []
    for gold_path, gold in load_gold(gold_dir):
        doc = document_for(gold_path, gold, doc_paths)
        if doc is None:
            if not doc_paths:
                score = DocumentScore(gold["file"], error=f"{gold_path}: document {gold['file']} not found")
                score.gold_tasks = len(gold["tasks"])
                score.fn = sum(len(t.get(r) or []) for t in gold["tasks"] for r in ROLES)
                scores.append(score)
            continue
        pairs.append((doc, gold))
    if doc_paths and not pairs:
        raise ValueError(f"{gold_dir}: no gold file annotates any of the {len(doc_paths)} documents given")
    result = assemble([doc for doc, _ in pairs], layout=layout, lead_policy=lead_policy, corrections=corrections)
    by_path = {e.document.path: e for e in result.extractions}
    from .pipeline import display_path

    errors = Counter()
    for doc, gold in pairs:
        extraction = by_path.get(display_path(doc))
        if extraction is None:
            message = next((e for e in result.errors if str(doc) in e), f"{doc}: not extracted")
            errors[message] += 1
            score = DocumentScore(gold["file"], error=message)
            score.gold_tasks = len(gold["tasks"])
            score.fn = sum(len(t.get(r) or []) for t in gold["tasks"] for r in ROLES)
            for t in gold["tasks"]:
                score.misses.append(Miss("missing task", t["key"][:24]))
            scores.append(score)
            continue
        programs = {p.id: p for p in extraction.programs}
        tasks = [t.to_dict(programs) for t in extraction.tasks]
        scores.append(score_document(gold, tasks, gold["file"]))
    scores.sort(key=lambda s: s.document)
    return Evaluation(scores)


# -- a corrections file as gold ---------------------------------------------------------------

GOLD_KEY_LENGTH = 24  # characters of a task's text a gold key keeps (the scorer reads the first KEY_LENGTH)


def gold_from_extraction(extraction, notes: str = "") -> dict:
    """``extraction`` as a gold file (the format of ``graph_builder/corpus/gold/README.md``):
    each task's key and its agencies as written."""
    from pathlib import PurePath

    document = extraction.document
    programs = {p.id: p for p in extraction.programs}
    tasks = []
    for task in extraction.tasks:
        program = programs.get(task.program_id)
        tasks.append({
            "section": program.section if program else None, "seq": task.seq, "program": program.title if program else None,
            "key": task.text[:GOLD_KEY_LENGTH],
            "lead": [m.mention for m in task.lead], "cooperating": [m.mention for m in task.cooperating],
            "deadline": task.deadline, "category": task.category, "leader": task.leader.name if task.leader else None,
            "jurisdiction": None,
        })
    return {
        "file": PurePath(document.path).name,
        "jurisdiction": document.jurisdiction.id if document.jurisdiction else None,
        "year": document.year, "issuer": document.issuer, "doc_number": document.doc_number, "date": document.date,
        "script": document.script, **({"notes": notes} if notes else {}), "tasks": tasks,
    }


@dataclass
class CorrectionsEvaluation(Evaluation):
    """:func:`evaluate_corrections`: the scores, the gold made of each document the corrections
    file names (by file name), and the lines about rows that were not applied."""

    gold: dict[str, dict] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def evaluate_corrections(
    corrections: str | Path,
    docs: list[str | Path] | None = None,
    layout: str | None = None,
    lead_policy: str = "first-listed",
) -> CorrectionsEvaluation:
    """Score the extraction of the documents a corrections file names against that extraction
    with the file's rows applied: the gold is what the researcher made of govkg's reading.
    ``docs``: the documents (folders and globs; by default the folder the corrections file
    stands in, where a researcher keeps it with the corpus). A document whose rows are all stale
    (it changed since the review) is listed with that error and scores nothing; documents no
    row names are not scored (nobody reviewed them)."""
    from .corrections import load_corrections
    from .inputs import expand_inputs
    from .pipeline import correct, extract_paths
    from .resolve import resolve

    rows = load_corrections(corrections)
    paths = expand_inputs(list(docs) if docs else [Path(corrections).parent])
    extracted = extract_paths(paths, layout=layout, lead_policy=lead_policy)
    applied = correct(extracted.extractions, rows, paths)
    # Both resolved, as `govkg eval` scores a resolved extraction (a run-together name is two units).
    originals = resolve(extracted.extractions).extractions
    correcteds = resolve(applied.extractions).extractions
    result = CorrectionsEvaluation([], warnings=[*extracted.errors, *applied.warnings()])
    notes = f"govkg's extraction with the corrections of {corrections}"
    for original, corrected in zip(originals, correcteds):
        if not corrected.corrections:
            continue  # no row names this document
        name = Path(original.document.path).name
        if all(c.status == "stale" for c in corrected.corrections):
            score = DocumentScore(name, error=f"all {len(corrected.corrections)} corrections stale (the document changed); review it again")
            result.documents.append(score)
            continue
        gold = gold_from_extraction(corrected, notes)
        result.gold[name] = gold
        programs = {p.id: p for p in original.programs}
        result.documents.append(score_document(gold, [t.to_dict(programs) for t in original.tasks], name))
    if not result.documents:
        raise ValueError(f"{corrections}: no row names any of the {len(extracted.extractions)} documents read")
    result.documents.sort(key=lambda s: s.document)
    return result
