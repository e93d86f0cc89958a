"""Mentions to canonical agencies, with the evidence for every decision.

The order of the steps, and why:

1. **Scope.** A name belongs to the government it serves. The level prefix decides: 市 is the
   city the task's government sits in (市规划和自然资源局 in a 上城区 document is Hangzhou's), 区/县
   the district or county itself, no prefix the task's own jurisdiction; a name that opens with
   a jurisdiction's name (拱墅区政府, 长兴县政府) belongs to that jurisdiction.
2. **Collective units** (各街道办事处, 各区、县(市)政府(管委会)) become groups, by the rules in
   ``groups.yaml``.
3. **Splits.** A name that is two known agencies of its jurisdiction run together
   (市公安局大数据局) is split.
4. **Aliases** from ``aliases.csv`` map abbreviations and known spellings onto canonical names;
   traditional script was already converted by ingest (recorded as a ``script`` decision).
5. **Branches** (市规划和自然资源局上城分局) become units of the parent body located in the district.
6. **Fuzzy merges** within one jurisdiction and level only: the level prefix is split off and
   abbreviations expanded before scoring (a plain score cannot tell 区市场监督局 ~ 区市场监管局,
   a typo, from 区市场监管局 ~ 市市场监管局, two bodies: both score 83.3), and a merge also needs
   the names to differ only by deleted or one substituted character with the same final
   character. Two bodies the alias data knows as distinct never merge. Near misses are listed
   as ``kept-apart`` so a researcher can review them.
7. **Reorganisations** from ``successions.csv`` become succession events between agencies.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from rapidfuzz import fuzz

from .. import jurisdictions
from ..model import (
    Agency,
    AgencyGroup,
    AgencyMention,
    Corpus,
    Decision,
    Extraction,
    Jurisdiction,
    Resolution,
    SuccessionEvent,
    Task,
)
from ..knowledge import has_agency_form, name_rules, strip_trailing_parenthetical
from ..memory import gc_paused
from .knowledge import Knowledge, expand_abbreviations, level_prefix, load_knowledge

FUZZY_THRESHOLD = 85.0
REVIEW_THRESHOLD = 75.0


def _short(jurisdiction: Jurisdiction) -> str:
    """杭州市 -> 杭州, 上城区 -> 上城."""
    return jurisdiction.name[:-1] if len(jurisdiction.name) > 2 else jurisdiction.name


def _city_of(jurisdiction: Jurisdiction) -> Jurisdiction:
    current = jurisdiction
    while current.level not in ("city", "province") and current.parent_id:
        parent = jurisdictions.by_id(current.parent_id)
        if parent is None:
            break
        current = parent
    return current


@lru_cache(maxsize=1)
def _longest_name_first() -> tuple[Jurisdiction, ...]:
    return tuple(sorted(jurisdictions.all_jurisdictions().values(), key=lambda j: -len(j.name)))


def scope(name: str, context: Jurisdiction | None) -> tuple[Jurisdiction | None, str, str]:
    """(owner jurisdiction, level prefix, name without prefix) of a name used in ``context``.

    >>> j = jurisdictions.find("杭州市", "上城区")
    >>> owner, prefix, core = scope("市规划和自然资源局上城分局", j); owner.id, prefix, core
    ('杭州市', '市', '规划和自然资源局上城分局')
    >>> scope("区住房和城建局", j)[0].id, scope("拱墅区政府", jurisdictions.find("杭州市"))[0].id
    ('杭州市/上城区', '杭州市/拱墅区')
    """
    for known in _longest_name_first():
        if known.level in ("district", "county") and name.startswith(known.name) and len(name) > len(known.name):
            if context is None or known.parent_id in (context.id, context.parent_id) or known.id == context.id:
                return known, "", name[len(known.name) :]
    prefix, level, core = level_prefix(name)
    if context is None:
        return None, prefix, core
    if level == "city":
        return _city_of(context), prefix, core
    return context, prefix, core


def _display(owner: Jurisdiction, canonical: str) -> str:
    if _short(owner) in canonical or canonical.startswith(owner.name):
        return canonical
    return owner.name + canonical


class _Builder:
    def __init__(self, knowledge: Knowledge):
        self.knowledge = knowledge
        self.resolution = Resolution()
        self.known_by_owner: dict[str, set[str]] = defaultdict(set)
        self.alias_backed: set[str] = set()  # agency ids whose canonical comes from the data
        self.mention_counts: Counter[str] = Counter()
        self._mentions: list[AgencyMention] = []
        self._scopes: dict[tuple[str, str | None], tuple[Jurisdiction | None, str, str]] = {}
        self._known_names: dict[str, set[str]] = {}
        self._splits: dict[tuple[str, str, str], list[str] | None] = {}
        self._plain_ids: dict[tuple[str, str], str] = {}  # see agency
        self._plain_mentions: dict[tuple[str, str, str, bool], str] = {}  # see _resolve_mention

    def known_names(self, owner_id: str) -> set[str]:
        """The names the data knows for ``owner_id``, gathered once per owner in a run."""
        found = self._known_names.get(owner_id)
        if found is None:
            found = self._known_names[owner_id] = self.knowledge.known_names(owner_id)
        return found

    def scope(self, name: str, context: Jurisdiction | None) -> tuple[Jurisdiction | None, str, str]:
        """:func:`scope`, looked up once per name and context in a run."""
        key = (name, context.id if context is not None else None)  # an id's hash is cached, a dataclass's is not
        found = self._scopes.get(key)
        if found is None:
            found = self._scopes[key] = scope(name, context)
        return found

    # -- agencies ----------------------------------------------------------------------
    def agency(self, owner: Jurisdiction, name: str, surface: str, depth: int = 0) -> str:
        """The agency id for ``name`` (simplified, prefix included) owned by ``owner``."""
        if depth == 0 and (owner.id, name) in self._plain_ids:
            return self._plain_ids[(owner.id, name)]
        knowledge = self.knowledge
        _, prefix, core = self.scope(name, owner) if depth else ("", *level_prefix(name)[0::2])
        row = knowledge.alias(owner.id, name)
        canonical_type = None
        if row is not None:
            if row.type == "typo" and depth == 0:
                # The data corrects a typo to another name as written: resolve that name.
                target_owner, _, _ = self.scope(row.canonical, owner)
                agency_id = self.agency(target_owner or owner, row.canonical, surface, depth + 1)
                self._decide("alias", surface, agency_id, None, f"aliases.csv: {row.source}")
                return agency_id
            canonical = row.canonical
            canonical_type = row.type or None
            self._decide("alias", surface, f"{owner.id}/{canonical}", None, f"aliases.csv: {row.source}")
        else:
            canonical = core
            stripped = strip_trailing_parenthetical(core)
            if stripped != core and has_agency_form(stripped):
                self._decide("qualifier", surface, f"{owner.id}/{stripped}", None, f"dropped qualifier {core[len(stripped):]}")
                canonical = stripped
        unit_of = located_in = None
        branch = self._branch(owner, prefix, canonical)
        if branch:
            parent_name, district = branch
            unit_of = self.agency(owner, parent_name, parent_name, depth + 1)
            located_in = district.id
            canonical_type = "branch"
        agency_id = f"{owner.id}/{canonical}"
        agency = self.resolution.agencies.get(agency_id)
        if agency is None:
            agency_type = canonical_type or knowledge.agency_type(canonical)
            level = owner.level
            if agency_type == "street":
                level = "street"
            elif located_in:
                level = jurisdictions.by_id(located_in).level
            agency = Agency(
                id=agency_id,
                name=_display(owner, canonical),
                canonical=canonical,
                jurisdiction_id=owner.id,
                level=level,
                type=agency_type,
                unit_of=unit_of,
                located_in=located_in,
                mentioned=False,
            )
            self.resolution.agencies[agency_id] = agency
        if row is not None:
            self.alias_backed.add(agency_id)
        elif depth == 0 and canonical == core and not branch:
            # Read as written, nothing decided and the agency made: the next mention of the name
            # (a corpus names the same units again and again) is given the same id at once.
            self._plain_ids[(owner.id, name)] = agency_id
        return agency_id

    def _branch(self, owner: Jurisdiction, prefix: str, canonical: str):
        for suffix in name_rules()["branch_suffixes"]:
            if not canonical.endswith(suffix):
                continue
            for district in jurisdictions.all_jurisdictions().values():
                if district.parent_id != owner.id:
                    continue
                marker = _short(district) + suffix
                if canonical.endswith(marker) and len(canonical) > len(marker):
                    parent = canonical[: -len(marker)]
                    if has_agency_form(parent):
                        return prefix + parent, district
        return None

    def _decide(self, action, mention, result, score, evidence) -> None:
        decision = Decision(action, mention, result, score, evidence)
        if all(d.to_dict() != decision.to_dict() for d in self.resolution.decisions[-50:]):
            self.resolution.decisions.append(decision)

    # -- groups ------------------------------------------------------------------------
    def group(self, owner: Jurisdiction, name: str, surface: str) -> str:
        kind, member_type = self.knowledge.group_kind(name)
        some = any(marker in name for marker in self.knowledge.some_markers)
        scope_word = "some" if some else "all"
        group_id = f"{owner.id}/group/{kind}/{scope_word}"
        group = self.resolution.groups.get(group_id)
        if group is None:
            prefix, _, _ = level_prefix(name)
            group = AgencyGroup(
                id=group_id,
                name=f"{owner.name}{name if not prefix else name[len(prefix):]}" if kind == "other" else _group_label(self.knowledge, owner, kind, some),
                group_kind=kind,
                scope=scope_word,
                jurisdiction_id=owner.id,
                level=owner.level,
                member_type=member_type,
            )
            if kind == "other":
                group.id = f"{owner.id}/group/{name}"
                group_id = group.id
            self.resolution.groups[group_id] = group
        return group_id


def _group_label(knowledge: Knowledge, owner: Jurisdiction, kind: str, some: bool) -> str:
    label = knowledge.group_labels.get(kind, kind)
    if some:
        label = label.replace(knowledge.all_word, knowledge.some_word)
    return f"{owner.name}{label}"


@gc_paused()  # new tasks and mentions for a whole corpus, none freed: see parse_source
def resolve(
    extractions: list[Extraction],
    aliases: str | None = None,
    knowledge: Knowledge | None = None,
) -> Corpus:
    """The corpus of ``extractions``: their mentions resolved into canonical agencies, groups
    and succession events, with the decisions taken (``aliases``: a CSV of overrides, read by
    :func:`.knowledge.load_knowledge`; or a loaded ``knowledge``).

    Pure: ``extractions`` are not changed. The corpus holds new ``Extraction``, ``Task`` and
    ``AgencyMention`` objects (each mention with its ``agency_id``; a run-together name split
    into its parts); what resolution does not touch (documents, programs, spans, skipped
    lines) is shared with the input.
    """
    knowledge = knowledge or load_knowledge(aliases)
    builder = _Builder(knowledge)
    extractions = [_copy_for_resolution(e) for e in extractions]

    def owner_of(task: Task, document) -> Jurisdiction | None:
        return task.jurisdiction or document.jurisdiction

    # Names standing alone, per owner: what a split may cut a run-together name into.
    standalone: dict[str, set[str]] = defaultdict(set)
    for extraction in extractions:
        for task in extraction.tasks:
            context = owner_of(task, extraction.document)
            for mention in task.mentions:
                owner, prefix, core = builder.scope(mention.name, context)
                if owner is not None and not mention.is_collective:
                    standalone[owner.id].add(prefix + core)

    for extraction in extractions:
        for task in extraction.tasks:
            context = owner_of(task, extraction.document) or Jurisdiction("unknown", "unknown", "city")
            for role_list in (task.lead, task.cooperating):
                resolved: list[AgencyMention] = []
                for mention in role_list:
                    resolved.extend(_resolve_mention(builder, mention, context, standalone))
                role_list[:] = resolved  # the copy's own list

    _merge_near_duplicates(builder)
    _link_group_members(builder)
    _successions(builder)
    return Corpus(extractions, builder.resolution)


def _copy_for_resolution(extraction: Extraction) -> Extraction:
    """``extraction`` with new tasks and mentions, which resolution fills in."""
    return _shallow_copy(extraction, tasks=[
        _shallow_copy(task, lead=[_shallow_copy(m) for m in task.lead], cooperating=[_shallow_copy(m) for m in task.cooperating])
        for task in extraction.tasks
    ])


def _shallow_copy(instance, **changes):
    """``dataclasses.replace`` for the model's plain dataclasses (none has a ``__post_init__``)
    without calling ``__init__``: a corpus has a mention object per agency named, and replace
    cost more than resolving them (a test checks that the model has no ``__post_init__``)."""
    copy = object.__new__(type(instance))
    fields = instance.__dict__.copy()
    if changes:
        fields.update(changes)
    copy.__dict__ = fields
    return copy


def _resolve_mention(builder: _Builder, mention: AgencyMention, context: Jurisdiction, standalone) -> list[AgencyMention]:
    """The resolved mention(s) for ``mention`` (a copy made for this run: its agency_id is set)."""
    key = (context.id, mention.name, mention.mention, mention.is_collective)
    plain = builder._plain_mentions.get(key)
    if plain is not None:  # the same name, written the same way, resolved plainly before
        mention.agency_id = plain
        _note_alias(builder, mention)
        return [mention]
    owner, prefix, core = builder.scope(mention.name, context)
    converted = mention.mention != mention.name and re.sub(r"\s+", "", mention.mention) != mention.name
    if converted:
        builder._decide("script", mention.mention, mention.name, None, "traditional to simplified script (OpenCC t2s)")
    if mention.is_collective:
        mention.agency_id = builder.group(owner, mention.name, mention.mention)
        _note_alias(builder, mention)
        return [mention]
    parts = _split(builder, owner, prefix, core, standalone)
    if parts:
        pieces = []
        offset = 0
        for part in parts:
            surface_part = part if not pieces else part[len(prefix) :]
            position = mention.mention.find(surface_part, offset)
            surface = mention.mention[position : position + len(surface_part)] if position >= 0 else surface_part
            offset = max(offset, position + len(surface_part))
            piece = AgencyMention(surface, part, mention.role, mention.span, is_collective=False, basis=mention.basis,
                                  correction=mention.correction)  # a corrected name split keeps its row
            piece.agency_id = builder.agency(owner, part, surface)
            _note_alias(builder, piece)
            pieces.append(piece)
        builder._decide(
            "split",
            mention.mention,
            " + ".join(p.agency_id for p in pieces),
            None,
            f"both halves are known agencies of {owner.name}: {' / '.join(parts)}",
        )
        return pieces
    mention.agency_id = builder.agency(owner, mention.name, mention.mention)
    if not converted and (owner.id, mention.name) in builder._plain_ids:
        # Nothing decided on the way (no script conversion, split, alias or qualifier): the next
        # such mention is given the id at once.
        builder._plain_mentions[key] = mention.agency_id
    _note_alias(builder, mention)
    return [mention]


def _note_alias(builder: _Builder, mention: AgencyMention) -> None:
    node = builder.resolution.agencies.get(mention.agency_id) or builder.resolution.groups.get(mention.agency_id)
    builder._mentions.append(mention)
    node.aliases.add(mention.mention)
    node.names.add(mention.name)
    if isinstance(node, Agency):
        node.mentioned = True
    builder.mention_counts[mention.agency_id] += 1


def _split(builder: _Builder, owner: Jurisdiction, prefix: str, core: str, standalone) -> list[str] | None:
    """市公安局大数据局 -> [市公安局, 市大数据局] when both are known agencies of the owner.

    Asked once per name and owner in a run (a name recurs under many tasks; ``standalone`` is
    complete before the first call)."""
    key = (owner.id, prefix, core)
    if key not in builder._splits:
        builder._splits[key] = _split_once(builder, owner, prefix, core, standalone.get(owner.id, ()))
    return builder._splits[key]


def _split_once(builder: _Builder, owner: Jurisdiction, prefix: str, core: str, standalone: set[str]) -> list[str] | None:
    name = prefix + core
    known_in_data = builder.known_names(owner.id)
    if name in known_in_data:
        return None

    def known(candidate: str) -> bool:
        return candidate in standalone or candidate in known_in_data

    finals = name_rules()["agency_final_chars"]
    for cut in range(2, len(core) - 1):
        head, tail = core[:cut], core[cut:]
        if head[-1] not in finals or len(tail) < 3:
            continue
        if any(tail.endswith(s) for s in name_rules()["branch_suffixes"]):
            continue
        if known(prefix + head) and known(prefix + tail):
            return [prefix + head, prefix + tail]
    return None


def _merge_near_duplicates(builder: _Builder) -> None:
    resolution = builder.resolution
    by_bucket: dict[tuple[str, str], list[Agency]] = defaultdict(list)
    for agency in resolution.agencies.values():
        if agency.mentioned:
            by_bucket[(agency.jurisdiction_id, agency.level)].append(agency)
    redirect: dict[str, str] = {}
    for bucket in by_bucket.values():
        bucket.sort(key=lambda a: a.id)
        for index, first in enumerate(bucket):
            for second in bucket[index + 1 :]:
                if first.id in redirect or second.id in redirect:
                    continue
                verdict = _compare(builder, first, second)
                if verdict is None:
                    continue
                score, merge, reason = verdict
                if not merge:
                    builder._decide("kept-apart", f"{first.name} ~ {second.name}", f"{first.id} | {second.id}", score, reason)
                    continue
                keep, drop = sorted(
                    (first, second),
                    key=lambda a: (a.id not in builder.alias_backed, -builder.mention_counts[a.id], -len(a.canonical), a.id),
                )
                redirect[drop.id] = keep.id
                keep.aliases |= drop.aliases
                keep.names |= drop.names
                builder._decide("fuzzy-merge", " / ".join(sorted(drop.aliases)), keep.id, score, reason)
    if not redirect:
        return
    for agency_id in redirect:
        del resolution.agencies[agency_id]
    for agency in resolution.agencies.values():
        if agency.unit_of in redirect:
            agency.unit_of = redirect[agency.unit_of]
    for mention in builder._mentions:
        if mention.agency_id in redirect:
            mention.agency_id = redirect[mention.agency_id]


def _is_subsequence(short: str, long: str) -> bool:
    iterator = iter(long)
    return all(char in iterator for char in short)


def _compare(builder: _Builder, a: Agency, b: Agency):
    """(score, merge?, reason) for two agencies of one jurisdiction and level, or None when
    they are too far apart to mention."""
    left, right = expand_abbreviations(a.canonical), expand_abbreviations(b.canonical)
    score = fuzz.ratio(left, right)
    if score < REVIEW_THRESHOLD:
        return None
    if builder.knowledge.is_forbidden(a.canonical, b.canonical) or any(
        builder.knowledge.is_forbidden(x, y) for x in a.names for y in b.names
    ):
        return score, False, "forbidden by the alias overrides"
    if a.id in builder.alias_backed and b.id in builder.alias_backed:
        return score, False, "both are distinct canonical bodies in aliases.csv"
    if a.type != b.type or a.unit_of != b.unit_of:
        return score, False, f"different type or parent ({a.type}, {b.type})"
    if left[-1] != right[-1]:
        return score, False, f"different name suffix ({left[-1]} / {right[-1]})"
    if score < FUZZY_THRESHOLD:
        return score, False, f"score {score:.1f} below {FUZZY_THRESHOLD}"
    short, long = sorted((left, right), key=len)
    if left == right:
        return score, True, f"same name once abbreviations are expanded ({left})"
    if _is_subsequence(short, long):
        return score, True, f"one name is the other with characters left out ({short} ⊂ {long})"
    if len(left) == len(right):
        differing = [(x, y) for x, y in zip(left, right) if x != y]
        if len(differing) == 1 and not any(c in name_rules()["numeral_chars"] for c in differing[0]):
            return score, True, f"one character differs ({differing[0][0]} / {differing[0][1]})"
    return score, False, "names differ by more than a typo"


def _link_group_members(builder: _Builder) -> None:
    """Members the corpus names: governments of the group's sub-jurisdictions, street offices
    or commands of its own jurisdiction. Departments are too open a set to enumerate."""
    agencies = builder.resolution.agencies
    sub_levels = {
        "district_county_governments": ("district", "county"),
        "district_governments": ("district",),
        "county_governments": ("county",),
    }
    for group in builder.resolution.groups.values():
        if not group.member_type or group.group_kind in ("departments", "other"):
            continue
        suffix = builder.knowledge.member_suffixes.get(group.group_kind, "")
        members = []
        for agency in agencies.values():
            if agency.type != group.member_type or not agency.mentioned or not agency.canonical.endswith(suffix):
                continue
            if group.group_kind in sub_levels:
                jurisdiction = jurisdictions.by_id(agency.jurisdiction_id)
                if jurisdiction and jurisdiction.parent_id == group.jurisdiction_id and jurisdiction.level in sub_levels[group.group_kind]:
                    members.append(agency.id)
            elif agency.jurisdiction_id == group.jurisdiction_id:
                members.append(agency.id)
        group.members = sorted(members)


def _successions(builder: _Builder) -> None:
    resolution = builder.resolution
    events: dict[tuple, SuccessionEvent] = {}
    for row in builder.knowledge.successions:
        jurisdiction_id = row["jurisdiction"]
        predecessor = f"{jurisdiction_id}/{row['predecessor']}"
        if predecessor not in resolution.agencies:
            continue
        successor = f"{jurisdiction_id}/{row['successor']}"
        if successor not in resolution.agencies:
            owner = jurisdictions.by_id(jurisdiction_id)
            resolution.agencies[successor] = Agency(
                id=successor,
                name=_display(owner, row["successor"]),
                canonical=row["successor"],
                jurisdiction_id=jurisdiction_id,
                level=owner.level,
                type=builder.knowledge.agency_type(row["successor"]),
                mentioned=False,
            )
        key = (jurisdiction_id, successor, int(row["year"]), row["kind"])
        event = events.get(key)
        if event is None:
            event = SuccessionEvent(
                id=f"{jurisdiction_id}/change/{row['year']}/{row['successor']}/{row['kind']}",
                jurisdiction_id=jurisdiction_id,
                predecessor_ids=[],
                successor_id=successor,
                year=int(row["year"]),
                change=row["kind"],
                source=row["source"],
            )
            events[key] = event
        event.predecessor_ids.append(predecessor)
    resolution.successions = sorted(events.values(), key=lambda e: e.id)
