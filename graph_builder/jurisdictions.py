"""The administrative units governments serve, read from ``data/jurisdictions.yaml``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from .model import Jurisdiction


@lru_cache(maxsize=1)
def _rows() -> list[dict]:
    text = resources.files("graph_builder.data").joinpath("jurisdictions.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@lru_cache(maxsize=1)
def all_jurisdictions() -> dict[str, Jurisdiction]:
    return {
        row["id"]: Jurisdiction(id=row["id"], name=row["name"], level=row["level"], parent_id=row.get("parent"))
        for row in _rows()
    }


def by_id(jurisdiction_id: str | None) -> Jurisdiction | None:
    return all_jurisdictions().get(jurisdiction_id) if jurisdiction_id else None


def with_ancestors(jurisdiction_ids) -> list[Jurisdiction]:
    """The jurisdictions named by ``jurisdiction_ids`` and every one they sit in, sorted by id.

    An id the data file does not know stands for itself (a city, with no parent).

    >>> [j.id for j in with_ancestors(["杭州市/上城区"])]
    ['杭州市', '杭州市/上城区', '浙江省']
    """
    found: dict[str, Jurisdiction] = {}
    pending = list(jurisdiction_ids)
    while pending:
        jurisdiction_id = pending.pop()
        if jurisdiction_id in found:
            continue
        known = all_jurisdictions().get(jurisdiction_id)
        found[jurisdiction_id] = known or Jurisdiction(jurisdiction_id, jurisdiction_id.rsplit("/", 1)[-1], "city")
        if known and known.parent_id:
            pending.append(known.parent_id)
    return [found[k] for k in sorted(found)]


def find(city: str | None = None, district: str | None = None) -> Jurisdiction | None:
    """The jurisdiction named by a city and/or district name.

    >>> find("杭州市", "上城区").id, find(None, "上城区").id, find("湖州市").level
    ('杭州市/上城区', '杭州市/上城区', 'city')

    A name the data file does not know still gives a jurisdiction (level from its suffix), so
    a new city's documents parse; it is just not nested under a province.
    """
    table = all_jurisdictions()
    if district:
        matches = [j for j in table.values() if j.name == district and (city is None or j.parent_id == find(city).id)]
        if len(matches) == 1:
            return matches[0]
        parent = find(city) if city else None
        level = "county" if district.endswith("县") else "district"
        jid = f"{parent.id}/{district}" if parent else district
        return Jurisdiction(jid, district, level, parent.id if parent else None)
    if city:
        matches = [j for j in table.values() if j.name == city]
        if matches:
            return matches[0]
        return Jurisdiction(city, city, "city", None)
    return None


def by_doc_prefix(doc_number: str | None) -> Jurisdiction | None:
    """The city whose document numbers start like ``doc_number`` (杭政办函… -> 杭州市)."""
    if not doc_number:
        return None
    for row in _rows():
        if row["level"] == "city" and any(doc_number.startswith(p) for p in row.get("doc_prefixes", [])):
            return all_jurisdictions()[row["id"]]
    return None
