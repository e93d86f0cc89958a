"""Involvement and coordination burden per agency.

Definitions (k = number of agencies on a task, after the view's filters):

- ``tasks_led`` / ``tasks_cooperated``: tasks on which the agency is lead / co-operating.
- ``lead_share``: tasks_led / (tasks_led + tasks_cooperated).
- ``programs_led`` / ``programs_cooperated``: distinct programs (projects) among those tasks.
- ``partners``: distinct other agencies sharing at least one task.
- ``lead_load``: Σ over tasks it leads of the number of co-operating units it must coordinate.
- ``cooperation_load``: distinct lead agencies it answers to (over tasks it co-operates on).
- ``coordination_burden``: Σ over all its tasks of (k − 1), the pairwise ties each task costs it.

Example: A leads t1 with B and C; B leads t2 with A.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"), I("t1", "C", "cooperating"),
...                                I("t2", "B", "lead"), I("t2", "A", "cooperating")])
>>> rows = {r["agency_id"]: r for r in burden(view)}
>>> {k: rows["A"][k] for k in ("tasks_led", "tasks_cooperated", "lead_load", "cooperation_load", "coordination_burden")}
{'tasks_led': 1, 'tasks_cooperated': 1, 'lead_load': 2, 'cooperation_load': 1, 'coordination_burden': 3}

Definitions (``govkg query --explain NAME``; docs/measures.md is generated from them):

:measure tasks_led, tasks_cooperated: tasks on which the agency is a lead (牵头) unit / a cooperating (配合, 责任) unit.
:formula: led(i) = |{t : role(i, t) = lead}|, cooperated(i) = |{t : role(i, t) = cooperating}|
:normalisation: none (counts of tasks in the view); an agency listed in both roles on one task counts as lead.
:reference: the documents' own role words (牵头单位 / 配合单位); see "Who leads" in the README.

:measure lead_share: the share of an agency's tasks that it leads.
:formula: led(i) / (led(i) + cooperated(i))
:normalisation: 0 to 1.
:reference: descriptive; govkg.

:measure programs_led, programs_cooperated: distinct programs (projects, 民生实事 items) among the tasks it leads / co-operates on.
:formula: |{program(t) : role(i, t) = lead}| (a task without a program counts as its own)
:normalisation: none (counts).
:reference: descriptive; govkg.

:measure partners: distinct other agencies that share at least one task with it (its degree in the co-operation network).
:formula: |{j ≠ i : ∃t, i ∈ t and j ∈ t}|
:normalisation: none; divide by n − 1 to compare networks of different sizes.
:reference: Freeman, L. C. (1978/79). Centrality in social networks: conceptual clarification. Social Networks 1, 215–239.

:measure lead_load: how many co-operating units it must coordinate, summed over the tasks it leads.
:formula: Σ over t with role(i, t) = lead of |C_t|, C_t the cooperating units of t
:normalisation: none (a count of lead → cooperator assignments).
:reference: govkg; the out-strength of the lead → cooperating graph (Barrat et al. 2004).

:measure cooperation_load: distinct lead agencies it answers to over the tasks it co-operates on.
:formula: |{j : ∃t, role(j, t) = lead and role(i, t) = cooperating}|
:normalisation: none (the in-degree of the lead → cooperating graph).
:reference: govkg; in-degree (Freeman 1978/79).

:measure coordination_burden: the pairwise ties its tasks cost it: each task with k units ties it to k − 1 others.
:formula: Σ over tasks t that include i of (k_t − 1)
:normalisation: none; equals the strength of the agency in the shared-task network.
:reference: govkg; the one-mode projection of an affiliation network (Breiger 1974; Newman 2001).
"""

from __future__ import annotations

from .registry import Query
from .views import View


def burden(view: View) -> list[dict]:
    """One record per agency, sorted by tasks co-operated on, then tasks led, then name."""
    stats = {
        agency: {
            "led": set(), "cooperated": set(), "programs_led": set(), "programs_cooperated": set(),
            "partners": set(), "lead_load": 0, "answers_to": set(), "burden": 0,
        }
        for agency in view.agencies
    }
    for task, members in view.agencies_of_task.items():
        program = view.task_program.get(task) or task
        leads = [a for a, r in members.items() if r == "lead"]
        cooperators = [a for a, r in members.items() if r == "cooperating"]
        size = len(members)
        for agency, role in members.items():
            record = stats[agency]
            record["partners"].update(a for a in members if a != agency)
            record["burden"] += size - 1
            if role == "lead":
                record["led"].add(task)
                record["programs_led"].add(program)
                record["lead_load"] += len(cooperators)
            else:
                record["cooperated"].add(task)
                record["programs_cooperated"].add(program)
                record["answers_to"].update(leads)
    rows = []
    for agency, record in stats.items():
        led, cooperated = len(record["led"]), len(record["cooperated"])
        rows.append(
            {
                "agency_id": agency,
                "agency": view.label(agency),
                "tasks_led": led,
                "tasks_cooperated": cooperated,
                "lead_share": round(led / (led + cooperated), 4) if led + cooperated else 0.0,
                "programs_led": len(record["programs_led"]),
                "programs_cooperated": len(record["programs_cooperated"]),
                "partners": len(record["partners"]),
                "lead_load": record["lead_load"],
                "cooperation_load": len(record["answers_to"]),
                "coordination_burden": record["burden"],
            }
        )
    rows.sort(key=lambda r: (-r["tasks_cooperated"], -r["tasks_led"], r["agency"], r["agency_id"]))
    return rows


_COLUMNS = ("agency", "tasks_led", "tasks_cooperated", "programs_led", "programs_cooperated", "partners", "lead_load",
            "cooperation_load", "coordination_burden")

QUERY = Query(
    name="burden",
    function=burden,
    order=10,
    description="tasks and programs led / co-operated on, partners, lead load, cooperation load, coordination burden",
    help="Who leads and co-operates on the most tasks and projects, and carries the most coordination.\n\n"
    "coordination burden = Σ over the agency's tasks of (k − 1), k the units on the task; lead load =\n"
    "co-operating units it coordinates; every column: `govkg query --explain coordination_burden` etc.",
    columns=lambda table, options: _COLUMNS if table else ("agency_id", *_COLUMNS, "lead_share"),
    title="coordination burden",
    page_measures=("tasks_cooperated", "tasks_led", "programs_cooperated", "programs_led", "partners", "lead_load",
                   "cooperation_load", "coordination_burden"),
)
