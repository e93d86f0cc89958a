"""Interactive, offline network pages built with pyvis (vis-network underneath).

pyvis holds the nodes, edges and options; the page itself comes from our own templates
(``templates/page.html``, and its script ``templates/app.js``), because pyvis's own pages are not offline: ``cdn_resources="local"``
still loads vis-network from a CDN and ``"in_line"`` still adds bootstrap from one. Here
vis-network's JS and CSS (shipped inside the pyvis package) are inlined, and a
Content-Security-Policy allows only the page's own scripts (by hash) and no network fetch.

Text from documents is never HTML: tooltips are plain strings (vis-network shows a string
title as text; multi-line tooltips use newlines), and the heading, legend and search results
are set with ``textContent``. pyvis would switch every tooltip to ``innerHTML`` when any title
contains "href", and does not escape its heading; neither of its templates is used.

The layout is computed in Python (``graph_builder/writers/layout.py``: Fruchterman–Reingold per
component, seeded, components packed), the same the GEXF export writes, and shown as it is: no
physics runs in the browser, so a 500-node page is ready as soon as it is drawn.

The first view is meant to be read without zooming (issue 23): node size is an agency's whole
involvement (tasks led + co-operated on) unless ``--measure`` says otherwise, and a switch on
the page sizes the nodes by tasks co-operated on, tasks led or the chosen measure instead; the
largest nodes of the view and of each jurisdiction are labelled, the label's size following the
node's rank, in screen pixels whatever the zoom that fits the layout; a label that would cover
a larger node's label goes above its node or is left out until the reader zooms in (the page's
script places them).
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pyvis.network import Network

from graph_builder.model import Corpus
from queries import QUERIES, Filters, View
from queries.burden import burden as burden_records
from queries.registry import page_measures

from graph_builder.writers.layout import PALETTE, TASK_COLOUR, TASK_SIZE, colours as _colors, layout_graph, node_size, positions  # shared with the GEXF export

# What node size may show: the ``page_measures`` of the table of queries (queries/registry.py),
# measure -> the query whose records carry it, in the table's order.
PAGE_MEASURES = page_measures()
BURDEN_MEASURES = QUERIES["burden"].page_measures
CENTRALITY_MEASURES = QUERIES["centrality"].page_measures
VIEWS = ("agencies", "two-mode", "ego")
COLOR_BY = ("jurisdiction", "type")
FONT_STACK = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


# An agency's whole involvement: tasks it leads plus tasks it co-operates on (the page's default
# size; a measure of the page, not a query column).
TOTAL = "tasks"
TOTAL_DESCRIPTION = "tasks led + co-operated on"
SWITCH_MEASURES = (TOTAL, "tasks_cooperated", "tasks_led")  # offered by the page's size switch
MEASURE_NAMES = {TOTAL: TOTAL_DESCRIPTION, "tasks_cooperated": "tasks co-operated on", "tasks_led": "tasks led"}
SWITCH_NAMES = {TOTAL: "all tasks", "tasks_cooperated": "tasks co-operated", "tasks_led": "tasks led"}  # the switch's own words


@dataclass
class PageOptions:
    view: str = "agencies"
    measure: str = TOTAL
    color_by: str = "jurisdiction"
    agency: str | None = None  # for the ego view
    directed: bool = False  # arrows lead -> cooperating on the agencies view
    title: str | None = None

    def check(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {self.view!r}")
        if self.measure != TOTAL and self.measure not in PAGE_MEASURES:
            raise ValueError(f"measure must be one of {', '.join([TOTAL, *PAGE_MEASURES])}, not {self.measure!r}")
        if self.color_by not in COLOR_BY:
            raise ValueError(f"color-by must be jurisdiction or type, not {self.color_by!r}")
        if self.view == "ego" and not self.agency:
            raise ValueError("the ego view needs --agency NAME")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    folder = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    return folder.joinpath("vis-network.min.js").read_text("utf-8"), folder.joinpath("vis-network.css").read_text("utf-8")


def _colors(keys: list[str]) -> dict[str, str]:
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(sorted(set(keys)))}


@lru_cache(maxsize=1)
def _to_traditional():
    """One OpenCC s2t converter per process: constructing one takes ~66 ms (issue 14)."""
    import opencc

    return opencc.OpenCC("s2t")


def _search_keys(names: list[str]) -> list[str]:
    """Simplified and traditional forms of every name, so a search in either script finds it."""
    to_traditional = _to_traditional()
    keys = set()
    for name in names:
        keys.add(name)
        keys.add(to_traditional.convert(name))
    return sorted(keys)


LABELLED = 25  # the largest nodes of the view, labelled in the first view
LABELLED_PER_JURISDICTION = 3  # and the largest of each jurisdiction, so that every cluster is named
ZOOM_LABELS = 1.1  # from this scale on, every node is labelled
LABEL_PIXELS = (18, 12)  # screen size of the first and of the last-ranked label


def label_ranks(values: dict[str, float], groups: dict[str, str], labels: dict[str, str]) -> dict[str, int]:
    """node -> its rank among the nodes labelled in the first view (0 the largest): the
    ``LABELLED`` largest by ``values`` and the ``LABELLED_PER_JURISDICTION`` largest of each
    group, ranked by value (ties by label). A node of value 0 is never labelled.

    >>> label_ranks({"a": 5, "b": 1, "c": 0, "d": 2}, {"a": "X", "b": "Y", "c": "Y", "d": "X"}, {})
    {'a': 0, 'd': 1, 'b': 2}
    """
    ordered = sorted((node for node in values if values[node] > 0), key=lambda n: (-values[n], labels.get(n, n), n))
    chosen = set(ordered[:LABELLED])
    per_group: dict[str, int] = {}
    for node in ordered:
        group = groups.get(node, "")
        if per_group.get(group, 0) < LABELLED_PER_JURISDICTION:
            chosen.add(node)
        per_group[group] = per_group.get(group, 0) + 1
    return {node: rank for rank, node in enumerate(n for n in ordered if n in chosen)}


def build_network(corpus: Corpus, filters: Filters | None = None, options: PageOptions | None = None) -> tuple[Network, dict]:
    """A pyvis Network for the chosen view, and the page's legend and search data."""
    options = options or PageOptions()
    options.check()
    view = View.from_corpus(corpus, filters or Filters())
    if not view.involvements:
        raise ValueError("no tasks with agencies match these filters")
    measures = {r["agency_id"]: r for r in burden_records(view)}  # the tooltips show burden's counts
    for record in measures.values():
        record[TOTAL] = record["tasks_led"] + record["tasks_cooperated"]
    source = PAGE_MEASURES.get(options.measure)
    if source is not None and source.function is not burden_records:
        for record in source.function(view):
            measures[record["agency_id"]][options.measure] = record[options.measure]
    switch = list(dict.fromkeys([options.measure, *SWITCH_MEASURES]))
    one_mode = view.one_mode()

    agencies = list(view.agencies)
    if options.view == "ego":
        from queries import find_agency

        center = find_agency(view, options.agency)
        agencies = [center, *sorted(one_mode.neighbors(center), key=lambda a: (view.label(a), a))]
    keep = set(agencies)

    colors = _colors([view.attributes[a][options.color_by] or "?" for a in agencies])
    # Per measure of the size switch: each node's size and its rank among the labelled nodes.
    # The densest jurisdiction is a hairball of labels: only the largest nodes are labelled until
    # the reader zooms in (the page shows every label from a scale of ZOOM_LABELS).
    sizes: dict[str, dict[str, float]] = {}
    ranks: dict[str, dict[str, int]] = {}
    tops: dict[str, float] = {}
    groups = {a: view.attributes[a]["jurisdiction"] or "" for a in agencies}
    names = {a: view.label(a) for a in agencies}
    for measure in switch:
        values = {a: float(measures[a].get(measure) or 0) for a in agencies}
        tops[measure] = top = max(values.values(), default=0.0)
        sizes[measure] = {a: node_size(v, top) for a, v in values.items()}
        ranks[measure] = label_ranks(values, groups, names)
    top = tops[options.measure]
    years_of: dict[str, set[int]] = {}
    for involvement in view.involvements:
        year = view.task_meta.get(involvement.task, {}).get("year")
        if year:
            years_of.setdefault(involvement.agency, set()).add(year)
    network = Network(height="100%", width="100%", directed=options.directed or options.view == "two-mode", cdn_resources="in_line")
    # The layout is computed here, the one the GEXF export writes (graph_builder/writers/layout.py):
    # the page shows it as it is (no physics in the browser).
    spots = positions(layout_graph(view, agencies, options.view == "two-mode"))

    for agency in agencies:
        record = measures[agency]
        attributes = view.attributes[agency]
        partners = sorted(
            ((one_mode[agency][other]["shared"], view.label(other)) for other in one_mode.neighbors(agency)),
            key=lambda item: (-item[0], item[1]),
        )[:5]
        aliases = [a for a in attributes.get("aliases", []) if a != view.label(agency)]
        lines = [
            view.label(agency),
            f"{'集合单位 collective unit' if attributes['kind'] == 'group' else attributes['type']} · {attributes['jurisdiction']}",
            f"aliases: {'、'.join(aliases) if aliases else '—'}",
            f"leads {record['tasks_led']} tasks · co-operates on {record['tasks_cooperated']} · partners {record['partners']}",
            f"{MEASURE_NAMES.get(options.measure, options.measure)}: {record.get(options.measure)}",
        ]
        if partners:
            lines.append("top partners: " + "; ".join(f"{name} ({count})" for count, name in partners))
        network.add_node(
            agency,
            label=view.label(agency),
            fullLabel=view.label(agency),
            rank=ranks[options.measure].get(agency, -1),
            ranks={m: ranks[m].get(agency, -1) for m in switch},
            sizes={m: sizes[m][agency] for m in switch},
            title="\n".join(lines),
            color=colors[attributes[options.color_by] or "?"],
            size=sizes[options.measure][agency],
            x=spots[agency][0],
            y=spots[agency][1],
            shape="dot" if attributes["kind"] == "agency" else "diamond",
            borderWidth=3 if options.view == "ego" and agency == agencies[0] else 1,
            jurisdiction=attributes["jurisdiction"] or "",
            years=sorted(years_of.get(agency, ())),
        )

    max_width = 1
    if options.view == "two-mode":
        documents = {t.id: corpus.document_of(t) for t in corpus.tasks}
        tasks_by_id = {t.id: t for t in corpus.tasks}
        for task_id in view.tasks:
            task = tasks_by_id[task_id]
            document = documents[task_id]
            title = "\n".join(filter(None, [
                task.text,
                f"target: {task.target}" if task.target and task.target != task.text else None,
                f"document: {document.title or document.path} ({document.doc_number or document.id})",
                f"deadline: {task.deadline}" if task.deadline else None,
                f"source: {task.span.path}:{task.span.line_start}-{task.span.line_end}",
            ]))
            short = (task.text[:14] + "…") if len(task.text) > 14 else task.text
            meta = view.task_meta.get(task_id, {})
            network.add_node(task_id, label=short, fullLabel=short, rank=-1, ranks={m: -1 for m in switch}, sizes={m: 6 for m in switch},
                             title=title, color=TASK_COLOUR, shape="square", size=TASK_SIZE, x=spots[task_id][0], y=spots[task_id][1],
                             jurisdiction=meta.get("jurisdiction") or "", years=[meta["year"]] if meta.get("year") else [])
        for involvement in view.involvements:
            lead = involvement.role == "lead"
            network.add_edge(involvement.agency, involvement.task, color="#c0392b" if lead else "#7f8c8d",
                             dashes=not lead, width=2 if lead else 1, title="牵头 lead" if lead else "配合 cooperating")
    elif options.directed and options.view == "agencies":
        directed = view.directed()
        for source, target, data in sorted(directed.edges(data=True)):
            max_width = max(max_width, data["weight"])
            network.add_edge(source, target, value=data["weight"], title=f"{view.label(source)} → {view.label(target)}: {data['weight']} tasks")
    else:
        for a, b, data in sorted(one_mode.edges(data=True)):
            if a in keep and b in keep:
                max_width = max(max_width, data["shared"])
                network.add_edge(a, b, value=data["shared"], title=f"{view.label(a)} – {view.label(b)}: {data['shared']} shared tasks")

    network.set_options(json.dumps({
        "nodes": {"font": {"face": FONT_STACK, "size": 14, "strokeWidth": 4, "strokeColor": "#ffffff"}},  # a halo: legible over edges
        "edges": {"smooth": False, "color": {"inherit": "both", "opacity": 0.5}, "scaling": {"min": 1, "max": 8},
                  "arrows": {"to": {"enabled": network.directed, "scaleFactor": 0.5}}},
        "physics": {"enabled": False},  # the positions are the layout's (above)
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    }))

    shown_tasks = set(view.tasks)
    names = [view.label(a) for a in agencies]
    aliases_all = [alias for a in agencies for alias in view.attributes[a].get("aliases", [])]
    legend = {
        "size": _size_legend(options.measure, top),
        "sizes": [{"measure": m, "name": SWITCH_NAMES.get(m, m), "legend": _size_legend(m, tops[m])} for m in switch],
        "measure": options.measure,
        "label_pixels": list(LABEL_PIXELS),
        "colour": [{"label": key, "color": color} for key, color in colors.items()],
        "colour_by": options.color_by,
        "edges": {
            "agencies": "edge width: shared tasks" + (" (lead → cooperating, arrows)" if options.directed else f" (max {max_width})"),
            "ego": f"edge width: shared tasks (max {max_width})",
            "two-mode": "solid red: lead (牵头) · dashed grey: cooperating (配合) · grey squares: tasks",
        }[options.view],
        "search": [
            {"id": a, "keys": _search_keys([view.label(a), *view.attributes[a].get("aliases", [])])} for a in agencies
        ],
        "names": sorted(set(names) | set(aliases_all)),
        "jurisdictions": sorted({view.attributes[a]["jurisdiction"] for a in agencies if view.attributes[a]["jurisdiction"]}),
        "years": sorted({y for a in agencies for y in years_of.get(a, ())}),
        "zoom_labels": ZOOM_LABELS,
        "documents": len({corpus.document_of(t).id for t in corpus.tasks if t.id in shown_tasks}),
    }
    return network, legend


def _size_legend(measure: str, top: float) -> str:
    return f"node size: {MEASURE_NAMES.get(measure, measure)}" + (f" (max {top:g})" if top else "")


@lru_cache(maxsize=1)
def _app_js() -> str:
    """The page's own script, ``templates/app.js``, with ``%(data)s`` where the page's data goes.
    It is inlined byte for byte (its hash is in the Content-Security-Policy)."""
    return resources.files("visualizations").joinpath("templates", "app.js").read_text("utf-8")


def _script_json(value) -> str:
    """JSON safe inside a <script> element: no '</script>', no HTML-significant characters."""
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True)
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_page(network: Network, legend: dict, heading: str, meta: str) -> str:
    """The self-contained page: vis-network inlined, data as JSON, CSP forbidding any fetch."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    nodes, edges, _, _, _, options = network.get_network_data()
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options), "legend": legend, "heading": heading, "meta": meta}
    app_js = _app_js() % {"data": _script_json(data)}
    vis_js, vis_css = _vis_assets()
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {_hash(vis_js)} {_hash(app_js)}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    folder = Path(str(resources.files("visualizations").joinpath("templates")))
    environment = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]))
    template = environment.get_template("page.html")
    # The assets and the app script are trusted code (markupsafe.Markup); everything taken from
    # documents sits inside the JSON, escaped for a script context, or is set as textContent.
    from markupsafe import Markup

    return template.render(csp=csp, title=heading, vis_js=Markup(vis_js), vis_css=Markup(vis_css), app_js=Markup(app_js))


def write_page(corpus: Corpus, output: str | Path, filters: Filters | None = None, options: PageOptions | None = None) -> Path:
    """Build the page for ``corpus`` and write it as UTF-8; returns the path."""
    options = options or PageOptions()
    network, legend = build_network(corpus, filters, options)
    heading = options.title or {
        "agencies": "机构协作网络 · agency co-operation network",
        "two-mode": "单位—任务 · agencies and tasks",
        "ego": f"{options.agency} 的合作网络 · ego network",
    }[options.view]
    documents = legend["documents"]
    meta = f"{len(network.nodes)} nodes · {len(network.edges)} edges · {documents} document{'s' if documents != 1 else ''}"
    html = render_page(network, legend, heading, meta)
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


__all__ = ["PageOptions", "build_network", "render_page", "write_page", "VIEWS", "COLOR_BY", "PAGE_MEASURES", "BURDEN_MEASURES",
           "CENTRALITY_MEASURES", "TOTAL", "label_ranks"]
