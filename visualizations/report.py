r"""``govkg report``: one static, offline HTML file a researcher can send to a colleague.

Corpus summary and coverage, the top agencies by coordination burden and by centrality (bar
charts), the degree distribution, a heat map of the most frequent lead → co-operating pairs, the
year-by-year comparison when the corpus spans years, the definitions of every measure shown, and, for each agency in
the tables, the tasks behind its numbers with their source lines quoted from the documents. Charts
are matplotlib SVG inlined in the page with the glyphs drawn as paths (no font needed to view
them, CJK included); no script, no external resource, and a Content-Security-Policy that forbids
every fetch. The HTML is the Jinja2 template ``templates/report.html`` (as the network page's);
this module gives it the data (:func:`report_context`).

>>> from queries.views import View, Involvement as I
>>> html = report_html(None, View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating")]))
>>> html.startswith("<!DOCTYPE html>") and html.count("<svg") == 4  # burden, betweenness, degrees, who leads whom
True
>>> sorted(set(re.findall(r'https?://[^\s"]+', html)))  # XML namespaces only: nothing is fetched
['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from collections import Counter
from importlib import resources
from pathlib import Path

from queries import Filters, View, burden, centrality, lead_pairs
from queries.explain import definition
from queries.slices import components

TOP = 15
CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "SimHei", "DejaVu Sans"]
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _svg(figure) -> str:
    """A matplotlib figure as inline SVG (text as paths, no XML prologue, no fixed ids clash)."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # matplotlib's RDF credits


def _matplotlib():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": CJK_FONTS, "svg.fonttype": "path",
                         "axes.unicode_minus": False, "svg.hashsalt": "govkg"})
    return plt


def bar_chart(labels: list[str], values: list[float], title: str, xlabel: str) -> str:
    plt = _matplotlib()
    figure, axes = plt.subplots(figsize=(7, 0.32 * max(len(labels), 3) + 1))
    positions = list(range(len(labels)))[::-1]
    axes.barh(positions, values, color="#4C78A8")
    axes.set_yticks(positions, labels)
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def histogram(values: list[int], title: str, xlabel: str) -> str:
    plt = _matplotlib()
    figure, axes = plt.subplots(figsize=(7, 3.2))
    counts = Counter(values)
    xs = sorted(counts)
    axes.bar(xs, [counts[x] for x in xs], color="#F58518", width=0.8)
    axes.set_xlabel(xlabel)
    axes.set_ylabel("agencies")
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)


def heat_map(rows: list[str], columns: list[str], counts: list[list[int]], title: str) -> str:
    """Counts as a heat map (rows: lead agencies, columns: co-operating ones), numbers in the cells."""
    plt = _matplotlib()
    figure, axes = plt.subplots(figsize=(1.2 + 0.55 * len(columns), 1.2 + 0.4 * len(rows)))
    image = axes.imshow(counts, cmap="Blues", aspect="auto")
    axes.set_xticks(range(len(columns)), labels=columns, rotation=60, ha="right", fontsize=7)
    axes.set_yticks(range(len(rows)), labels=rows, fontsize=7)
    peak = max((max(r) for r in counts if r), default=0)
    for i, row in enumerate(counts):
        for j, value in enumerate(row):
            if value:
                axes.text(j, i, str(value), ha="center", va="center", fontsize=6, color="white" if value > peak / 2 else "black")
    axes.set_xlabel("co-operating agency", fontsize=8)
    axes.set_ylabel("lead agency", fontsize=8)
    axes.set_title(title, fontsize=9)
    figure.colorbar(image, ax=axes, shrink=0.6)
    return _svg(figure)


def lead_pair_matrix(pairs: list[dict], size: int = 12) -> tuple[list[str], list[str], list[list[int]]]:
    """The leads and co-operators of the most frequent lead → co-operating pairs, and the number
    of tasks of each pair (0 where they never meet).

    >>> lead_pair_matrix([{"lead": "甲", "cooperator": "乙", "tasks": 3}, {"lead": "甲", "cooperator": "丙", "tasks": 1}])
    (['甲'], ['乙', '丙'], [[3, 1]])
    """
    ranked = sorted(pairs, key=lambda p: (-p["tasks"], p["lead"], p["cooperator"]))
    leads = list(dict.fromkeys(p["lead"] for p in ranked))[:size]
    cooperators = list(dict.fromkeys(p["cooperator"] for p in ranked if p["lead"] in leads))[:size]
    count = {(p["lead"], p["cooperator"]): p["tasks"] for p in pairs}
    return leads, cooperators, [[count.get((lead, c), 0) for c in cooperators] for lead in leads]


def _source_path(path: str) -> Path | None:
    """A provenance path (``corpus/NAME`` for the bundled documents) as a file on this machine."""
    if path.startswith("corpus/"):
        candidate = Path(str(resources.files("graph_builder.corpus"))) / path[len("corpus/"):]
    else:
        candidate = Path(path)
    return candidate if candidate.exists() else None


class _Sources:
    """Lines of the source documents, read once each (decoded as ingest decodes them)."""

    def __init__(self):
        self.cache: dict[str, list[str] | None] = {}

    def lines(self, path: str, start: int, end: int) -> list[str]:
        if path not in self.cache:
            found = _source_path(path)
            lines = None
            if found:
                try:
                    from graph_builder.ingest import read_source

                    lines = read_source(found).lines
                except Exception:  # any reader failure: quote nothing rather than fail the report
                    lines = None
            self.cache[path] = lines
        lines = self.cache[path]
        return lines[start - 1 : end] if lines else []


def _number(value) -> str:
    """A measure as the report prints it: a float to 4 significant digits, others as they are."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)


def year_by_year(view: View, years: list[int]) -> list[tuple[int, dict]]:
    """Per year: tasks, agencies, lead and co-operating relations, and the agency with the
    highest coordination burden that year (the comparison a reorganisation study starts from)."""
    rows = []
    for year in years:
        tasks = {t for t, meta in view.task_meta.items() if meta.get("year") == year}
        involvements = [i for i in view.involvements if i.task in tasks]
        part = View.from_involvements(involvements)
        ranked = sorted(burden(part), key=lambda r: (-r["coordination_burden"], r["agency"])) if involvements else []
        name = view.labels.get(ranked[0]["agency_id"], ranked[0]["agency"]) if ranked else ""
        rows.append((year, {
            "tasks": len(tasks), "agencies": len({i.agency for i in involvements}),
            "lead": sum(1 for i in involvements if i.role == "lead"),
            "cooperating": sum(1 for i in involvements if i.role == "cooperating"),
            "top": f"{name} ({ranked[0]['coordination_burden']})" if ranked else "",
        }))
    return rows


def report_context(corpus, view: View, title: str = "govkg report", top: int = TOP) -> dict:
    """Everything ``templates/report.html`` shows, as data (``corpus`` may be None for a bare
    view): the rows of each table, the charts as SVG, the evidence of each agency shown."""
    from markupsafe import Markup

    burden_rows = burden(view)
    centrality_rows = centrality(view)
    sizes = components(view)
    top_burden = sorted(burden_rows, key=lambda r: (-r["coordination_burden"], r["agency"]))[:top]
    top_between = centrality_rows[:top]
    shown = list(dict.fromkeys([r["agency_id"] for r in top_burden] + [r["agency_id"] for r in top_between]))
    index = {agency: i for i, agency in enumerate(shown, start=1)}
    sources = _Sources()

    documents = []
    for extraction in (corpus.extractions if corpus is not None else []):
        document, tasks = extraction.document, extraction.tasks
        documents.append({
            "title": document.title, "doc_number": document.doc_number, "year": document.year,
            "jurisdiction": document.jurisdiction.name if document.jurisdiction else "", "tasks": len(tasks),
            "with_lead": sum(1 for t in tasks if t.lead), "with_agencies": sum(1 for t in tasks if t.lead or t.cooperating),
            "skipped": len(extraction.skipped), "path": document.path,
        })
    pairs = lead_pairs(view)
    heat = None
    if pairs:
        leads, cooperators, counts = lead_pair_matrix(pairs)
        heat = Markup(heat_map(leads, cooperators, counts, "tasks a lead agency leads with a co-operating one"))
    years = sorted({meta["year"] for meta in view.task_meta.values() if meta.get("year")})

    evidence = []
    for agency in shown:
        roles = {"lead": [], "cooperating": []}
        for task, members in sorted(view.agencies_of_task.items()):
            if agency in members:
                roles[members[agency]].append(task)
        entries = {}
        for role, tasks in roles.items():
            entries[role] = []
            for task in tasks:
                meta = view.task_meta.get(task, {})
                entries[role].append({
                    "id": task, "text": view.task_labels.get(task, ""),
                    "others": "、".join(view.label(a) for a in view.agencies_of_task[task] if a != agency) or "no other unit",
                    "where": f"{meta.get('path', '')}:{meta.get('line_start', '')}–{meta.get('line_end', '')}" if meta else "",
                    "quoted": "\n".join(sources.lines(meta["path"], meta["line_start"], meta["line_end"]) if meta.get("path") else []),
                })
        evidence.append({"anchor": f"agency-{index[agency]}", "label": view.label(agency), "id": agency, "roles": entries})

    return {
        "title": title, "csp": Markup(CSP), "date": _dt.date.today().isoformat(), "corpus": corpus is not None, "documents": documents,
        "agencies": len(view.agencies), "tasks": len(view.tasks),
        "lead": sum(1 for i in view.involvements if i.role == "lead"),
        "cooperating": sum(1 for i in view.involvements if i.role == "cooperating"),
        "components": sizes,
        "burden": [{**r, "type": view.attributes.get(r["agency_id"], {}).get("type")} for r in top_burden],
        "burden_chart": Markup(bar_chart([r["agency"] for r in top_burden], [r["coordination_burden"] for r in top_burden],
                                         "coordination burden (Σ k − 1 over its tasks)", "pairwise ties its tasks cost it")),
        "centrality": [{**r, "type": view.attributes.get(r["agency_id"], {}).get("type")} for r in top_between],
        "centrality_chart": Markup(bar_chart([r["agency"] for r in top_between], [r["betweenness"] for r in top_between],
                                             "betweenness (distance = 1 / shared tasks)", "share of shortest paths through the agency")),
        "degree_chart": Markup(histogram([r["degree"] for r in centrality_rows], "partners per agency", "degree (agencies sharing a task)")),
        "heat_map": heat,
        "years": year_by_year(view, years) if len(years) > 1 else [],
        "definitions": [definition(name) for name in DEFINED],
        "anchors": {agency: f"agency-{i}" for agency, i in index.items()},
        "evidence": evidence,
    }


# The measures the report defines, in its order.
DEFINED = ("tasks_led", "coordination_burden", "lead_load", "partners", "degree", "strength", "betweenness",
           "closeness", "eigenvector", "pagerank", "constraint")


def report_html(corpus, view: View, title: str = "govkg report", top: int = TOP) -> str:
    """The report as one HTML string: ``templates/report.html`` (Jinja2, autoescaped, as the
    network page's template) over :func:`report_context`."""
    return _template().render(**report_context(corpus, view, title, top))


def _template():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = Path(str(resources.files("visualizations").joinpath("templates")))
    environment = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    environment.filters["number"] = _number
    return environment.get_template("report.html")


def write_report(corpus, output: str | Path, filters: Filters | None = None, title: str = "govkg report", top: int = TOP) -> Path:
    """Write the report of ``corpus`` (restricted by ``filters``) into ``output``."""
    view = View.from_corpus(corpus, filters or Filters())
    if not view.involvements:
        raise ValueError("no tasks with agencies match these filters")
    output = Path(output)
    output.write_text(report_html(corpus, view, title, top), encoding="utf-8")
    return output
