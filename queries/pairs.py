"""Pairs of agencies, and the network around one agency.

- ``shared_pairs``: unordered agency pairs by the number of tasks they share (and Newman's
  collaboration weight Σ 1/(k−1)).
- ``lead_pairs``: ordered lead → cooperator pairs by the number of tasks that repeat them.
- ``ego``: one agency's partners with the tasks they share and in which roles.

>>> from queries.views import View, Involvement as I
>>> view = View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating"),
...     I("t2", "A", "lead"), I("t2", "B", "cooperating"), I("t2", "C", "cooperating")])
>>> [(r["agency_a_id"], r["agency_b_id"], r["shared_tasks"]) for r in shared_pairs(view)][:1]
[('A', 'B', 2)]
>>> [(r["lead_id"], r["cooperator_id"], r["tasks"]) for r in lead_pairs(view)]
[('A', 'B', 2), ('A', 'C', 1)]

Definitions (``govkg query --explain NAME``; docs/measures.md is generated from them):

:measure shared_tasks: tasks two agencies both work on, in whatever roles: the one-mode projection of the agency × task matrix.
:formula: s_ij = (B Bᵀ)_ij, B the agency × task incidence matrix
:normalisation: none (a count).
:reference: Breiger, R. L. (1974). The duality of persons and groups. Social Forces 53, 181–190.

:measure newman_weight: shared tasks weighted down by task size: a task with k units adds 1/(k − 1) to each of its pairs.
:formula: w_ij = Σ over tasks t with i, j ∈ t of 1 / (k_t − 1)
:normalisation: an agency's weights sum to its number of tasks with partners.
:reference: Newman, M. E. J. (2001). Scientific collaboration networks. II. Shortest paths, weighted networks, and centrality. Phys. Rev. E 64, 016132.

:measure tasks: (pairs --directed) tasks on which the lead agency had that cooperating agency.
:formula: (L Cᵀ)_ij, L and C the lead and cooperating incidence matrices
:normalisation: none (a count).
:reference: govkg; a directed two-mode projection (Breiger 1974).
"""

from __future__ import annotations

# graph_builder.ingest (normalize_line; ~50 ms of imports) is imported in find_agency, the
# only place that needs it: `govkg query burden` imports this module too.

from graph_builder.memory import gc_paused

from .registry import Option, Query
from .views import View


def _label_ranks(view: View):
    """Per agency index, the rank of its display name: ``view.agencies`` is sorted by (name,
    id), so ranks compare as the names do (equal names, equal ranks)."""
    import numpy as np

    labels = [view.label(a) for a in view.agencies]
    changes = [0] + [int(labels[k] != labels[k - 1]) for k in range(1, len(labels))]
    return np.cumsum(changes, dtype=np.int64)


def shared_pairs(view: View) -> list[dict]:
    # Straight from the edge arrays, in the order one_mode().edges() gives (i < j, row by row),
    # sorted by the same keys with a stable lexsort; no networkx graph.
    import numpy as np

    with gc_paused():
        rows_i, rows_j, shared, newman = view.one_mode_edges
        if len(rows_i) == 0:
            return []
        weights = [round(value, 6) for value in newman.tolist()]
        ranks = _label_ranks(view)
        order = np.lexsort((np.arange(len(rows_i)), ranks[rows_j], ranks[rows_i], -np.array(weights), -shared))
        agencies, label = view.agencies, view.label
        first, second, counts = rows_i.tolist(), rows_j.tolist(), shared.tolist()
        rows = []
        for k in order.tolist():
            a, b = agencies[first[k]], agencies[second[k]]  # i < j: a sorts before b by (name, id)
            rows.append(
                {
                    "agency_a_id": a,
                    "agency_a": label(a),
                    "agency_b_id": b,
                    "agency_b": label(b),
                    "shared_tasks": counts[k],
                    "newman_weight": weights[k],
                }
            )
        return rows


def lead_pairs(view: View) -> list[dict]:
    # From the edge arrays, as shared_pairs.
    import numpy as np

    with gc_paused():
        leads, cooperators, tasks = view.directed_edges
        if len(leads) == 0:
            return []
        ranks = _label_ranks(view)
        # ties keep the order of directed().edges(): by lead index, then array order
        order = np.lexsort((np.arange(len(leads)), leads, ranks[cooperators], ranks[leads], -tasks))
        agencies, label = view.agencies, view.label
        first, second, counts = leads.tolist(), cooperators.tolist(), tasks.tolist()
        rows = []
        for k in order.tolist():
            a, b = agencies[first[k]], agencies[second[k]]
            rows.append({"lead_id": a, "lead": label(a), "cooperator_id": b, "cooperator": label(b), "tasks": counts[k]})
        return rows


def find_agency(view: View, query: str) -> str:
    """The id of the agency named ``query``: its id, display name, or any alias, in simplified
    or traditional script; a unique substring of a display name also works."""
    from graph_builder.ingest import normalize_line

    wanted = normalize_line(query.strip())
    for agency in view.agencies:
        names = {agency, view.label(agency), *view.attributes.get(agency, {}).get("aliases", [])}
        if wanted in {normalize_line(n) for n in names}:
            return agency
    partial = [a for a in view.agencies if wanted in normalize_line(view.label(a))]
    if len(partial) == 1:
        return partial[0]
    if partial:
        raise ValueError(f"{query!r} matches several agencies: {', '.join(view.label(a) for a in partial[:8])}")
    raise ValueError(f"no agency named {query!r} in the selected documents")


def ego(view: View, agency: str) -> list[dict]:
    """Partners of ``agency`` with shared tasks and the roles they met in."""
    center = find_agency(view, agency)
    partners: dict[str, dict] = {}
    for task, members in view.agencies_of_task.items():
        if center not in members:
            continue
        my_role = members[center]
        for other, role in members.items():
            if other == center:
                continue
            record = partners.setdefault(other, {"shared": 0, "it_leads": 0, "i_lead": 0, "both_cooperate": 0})
            record["shared"] += 1
            if role == "lead" and my_role == "cooperating":
                record["it_leads"] += 1
            elif my_role == "lead" and role == "cooperating":
                record["i_lead"] += 1
            elif my_role == role == "cooperating":
                record["both_cooperate"] += 1
    rows = [
        {
            "ego_id": center,
            "ego": view.label(center),
            "partner_id": other,
            "partner": view.label(other),
            "shared_tasks": record["shared"],
            "ego_leads": record["i_lead"],
            "partner_leads": record["it_leads"],
            "both_cooperate": record["both_cooperate"],
        }
        for other, record in partners.items()
    ]
    rows.sort(key=lambda r: (-r["shared_tasks"], r["partner"], r["partner_id"]))
    return rows


def pairs(view: View, directed: bool = False) -> list[dict]:
    """``shared_pairs``, or with ``directed`` the ``lead_pairs``: the rows of ``govkg query pairs``."""
    return lead_pairs(view) if directed else shared_pairs(view)


QUERY = (
    Query(
        name="pairs",
        function=shared_pairs,
        run=pairs,
        order=30,
        description="agency pairs that share the most tasks (with Newman's collaboration weight); --directed: lead → cooperator pairs that recur most",
        help="Agency pairs that share the most tasks (or, with --directed, recurring lead → cooperator pairs).",
        options=(Option("directed", bool, False, "Lead → cooperator pairs instead of shared-task pairs.", flags=("--directed",)),),
        columns=lambda table, options: ("lead", "cooperator", "tasks") if options.get("directed")
        else ("agency_a", "agency_b", "shared_tasks", "newman_weight"),
        title=lambda records, options: "lead → cooperator pairs" if options.get("directed") else "pairs sharing tasks",
        file_name=lambda options: "lead-pairs" if options.get("directed") else "pairs",
        typed_columns=(),
    ),
    Query(
        name="ego",
        function=ego,
        order=60,
        description="partners of one agency with shared tasks and roles",
        help="The partners of one agency, with shared tasks and who led.",
        options=(Option("agency", str, help="Agency name, alias or id (simplified or traditional).", argument=True, required=True),),
        check_view=lambda view, options: find_agency(view, options["agency"]),
        columns=("partner", "shared_tasks", "ego_leads", "partner_leads", "both_cooperate"),
        title=lambda records, options: f"ego network of {records[0]['ego'] if records else options['agency']}",
        typed_columns=("partner",),
        top=0,
        by=False,
    ),
)
