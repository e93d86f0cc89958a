"""Tables of the resolution for people: agencies with their aliases and role counts, and
every decision with its evidence. Plain records, so a notebook can make a DataFrame of them.
"""

from __future__ import annotations

import json

from ..model import Corpus


def agency_records(corpus: Corpus, map_successors: bool = False, include_unmentioned: bool = False) -> list[dict]:
    """One record per canonical agency and group, sorted by id.

    With ``map_successors``, an agency that a reorganisation replaced is counted under its
    successor, and the successor's record lists its ``predecessors``: the way to compare the
    2017 and 2022 Hangzhou documents across the 2019 reform.
    """
    resolution = corpus.resolution
    successors = resolution.successor_map() if map_successors else {}
    documents_of: dict[str, set[str]] = {}
    years_of: dict[str, set[int]] = {}
    tasks_by_role: dict[str, dict[str, set[str]]] = {}
    for extraction in corpus.extractions:
        for task in extraction.tasks:
            for mention in task.roles():
                node_id = successors.get(mention.agency_id, mention.agency_id)
                tasks_by_role.setdefault(node_id, {"lead": set(), "cooperating": set()})[mention.role].add(task.id)
                documents_of.setdefault(node_id, set()).add(extraction.document.id)
                if extraction.document.year:
                    years_of.setdefault(node_id, set()).add(extraction.document.year)
    predecessors: dict[str, list[str]] = {}
    for predecessor, successor in successors.items():
        predecessors.setdefault(successor, []).append(predecessor)

    records = []
    for node in [*resolution.agencies.values(), *resolution.groups.values()]:
        if node.id in successors:
            continue  # counted under its successor
        roles = tasks_by_role.get(node.id, {"lead": set(), "cooperating": set()})
        mentioned = bool(roles["lead"] or roles["cooperating"])
        if not mentioned and not include_unmentioned and not predecessors.get(node.id):
            continue
        record = node.to_dict()
        aliases = set(record["aliases"])
        for predecessor in predecessors.get(node.id, []):
            aliases |= resolution.agencies[predecessor].aliases
        record["aliases"] = sorted(aliases)
        record["lead_count"] = len(roles["lead"])
        record["cooperating_count"] = len(roles["cooperating"])
        record["documents"] = sorted(documents_of.get(node.id, set()))
        record["years"] = sorted(years_of.get(node.id, set()))
        if map_successors:
            record["predecessors"] = sorted(predecessors.get(node.id, []))
        records.append(record)
    return sorted(records, key=lambda r: r["id"])


def decision_records(corpus: Corpus) -> list[dict]:
    """Every merge, split, alias and kept-apart decision with its evidence and score."""
    return [d.to_dict() for d in corpus.resolution.decisions]


def agencies_json(corpus: Corpus) -> str:
    return json.dumps(
        {
            "agencies": agency_records(corpus, include_unmentioned=True),
            "successions": [e.to_dict() for e in corpus.resolution.successions],
            "decisions": decision_records(corpus),
        },
        ensure_ascii=False,
        indent=2,
    )


__all__ = ["agency_records", "agencies_json", "decision_records"]
