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

from graph_builder.memory import gc_paused

from .registry import Query
from .views import View


# From this many involvements on, the counts come from numpy/scipy arrays (importing them
# costs ~0.3 s, the Python loop ~1.5 s at 800,000 involvements); below, plain Python, so that
# ``govkg query burden`` on a few documents starts fast. tests/test_queries.py checks that both
# give the same counts.
ARRAYS_FROM = 20_000


def burden(view: View) -> list[dict]:
    """One record per agency, sorted by tasks co-operated on, then tasks led, then name."""
    with gc_paused():
        counts = _counts_arrays(view) if len(view.involvements) >= ARRAYS_FROM else _counts_python(view)
        led, cooperated, programs_led, programs_cooperated, partners, lead_load, cooperation_load, coordination = counts
        rows = []
        for k, agency in enumerate(view.agencies):
            tasks_led, tasks_cooperated = led[k], cooperated[k]
            rows.append(
                {
                    "agency_id": agency,
                    "agency": view.label(agency),
                    "tasks_led": tasks_led,
                    "tasks_cooperated": tasks_cooperated,
                    "lead_share": round(tasks_led / (tasks_led + tasks_cooperated), 4) if tasks_led + tasks_cooperated else 0.0,
                    "programs_led": programs_led[k],
                    "programs_cooperated": programs_cooperated[k],
                    "partners": partners[k],
                    "lead_load": lead_load[k],
                    "cooperation_load": cooperation_load[k],
                    "coordination_burden": coordination[k],
                }
            )
        rows.sort(key=lambda r: (-r["tasks_cooperated"], -r["tasks_led"], r["agency"], r["agency_id"]))
        return rows


def _counts_python(view: View) -> tuple[list[int], ...]:
    """Per agency index: tasks led, tasks co-operated, programs led, programs co-operated,
    partners, lead load, cooperation load, coordination burden. Lists indexed by agency, and
    set updates with whole task member dicts (C speed)."""
    agencies = view.agencies
    index = {agency: k for k, agency in enumerate(agencies)}
    count = len(agencies)
    led, cooperated, lead_load, coordination = [0] * count, [0] * count, [0] * count, [0] * count
    programs_led = [set() for _ in range(count)]
    programs_cooperated = [set() for _ in range(count)]
    partners = [set() for _ in range(count)]  # includes the agency itself: subtracted below
    answers_to = [set() for _ in range(count)]
    task_program = view.task_program
    for task, members in view.agencies_of_task.items():
        program = task_program.get(task) or task
        leads = [a for a, r in members.items() if r == "lead"]
        cooperators = sum(1 for r in members.values() if r == "cooperating")
        ties = len(members) - 1
        for agency, role in members.items():
            k = index[agency]
            partners[k].update(members)
            coordination[k] += ties
            if role == "lead":
                led[k] += 1
                programs_led[k].add(program)
                lead_load[k] += cooperators
            else:
                cooperated[k] += 1
                programs_cooperated[k].add(program)
                answers_to[k].update(leads)
    return (
        led, cooperated, [len(s) for s in programs_led], [len(s) for s in programs_cooperated],
        [len(s) - (agency in s) for agency, s in zip(agencies, partners)], lead_load, [len(s) for s in answers_to], coordination,
    )


def _counts_arrays(view: View) -> tuple[list[int], ...]:
    """The same counts as _counts_python, from the involvements' index arrays."""
    import numpy as np
    from scipy import sparse

    n, tasks = len(view.agencies), len(view.tasks)
    agency_codes, task_codes, roles = view._codes
    # one role per (task, agency), the last listed, as view.agencies_of_task keeps
    key = task_codes * n + agency_codes
    _, first_from_end = np.unique(key[::-1], return_index=True)
    keep = len(key) - 1 - first_from_end
    agency, task, role = agency_codes[keep], task_codes[keep], roles[keep]
    lead, cooperating = role == "lead", role == "cooperating"
    other = ~lead

    def per_agency(chosen, weights=None) -> list[int]:
        return np.bincount(agency[chosen], weights=weights, minlength=n).astype(np.int64).tolist()

    size = np.bincount(task, minlength=tasks)
    cooperators = np.bincount(task[cooperating], minlength=tasks)
    program_of: dict = {}
    program = np.array([program_of.setdefault(view.task_program.get(t) or t, len(program_of)) for t in view.tasks], dtype=np.int64)

    def distinct_programs(chosen) -> list[int]:
        pairs = np.unique(agency[chosen] * max(len(program_of), 1) + program[task[chosen]])
        return np.bincount(pairs // max(len(program_of), 1), minlength=n).astype(np.int64).tolist()

    rows_i, rows_j, _, _ = view.one_mode_edges
    partners = (np.bincount(rows_i, minlength=n) + np.bincount(rows_j, minlength=n)).astype(np.int64).tolist()
    ones = np.ones(len(agency), dtype=np.int64)
    as_lead = sparse.csr_matrix((ones[lead], (agency[lead], task[lead])), shape=(n, tasks))
    as_other = sparse.csr_matrix((ones[other], (agency[other], task[other])), shape=(n, tasks))
    answers_to = (as_other @ as_lead.T).tocsr()  # [i, j]: tasks where i co-operates and j leads
    answers_to.eliminate_zeros()
    return (
        per_agency(lead), per_agency(other), distinct_programs(lead), distinct_programs(other), partners,
        per_agency(lead, cooperators[task[lead]]), np.diff(answers_to.indptr).tolist(), per_agency(slice(None), size[task] - 1),
    )


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
