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
"""

from __future__ import annotations

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
