r"""``govkg report``: one static, offline HTML file a researcher can send to a colleague.

Corpus summary and coverage, the top agencies by coordination burden and by centrality (bar
charts), the degree distribution, a heat map of the most frequent lead → co-operating pairs, the
year-by-year comparison when the corpus spans years, the definitions of every measure shown, and, for each agency in
the tables, the tasks behind its numbers with their source lines quoted from the documents. Charts
are matplotlib SVG inlined in the page with the glyphs drawn as paths (no font needed to view
them, CJK included); no script, no external resource, and a Content-Security-Policy that forbids
every fetch.

>>> from queries.views import View, Involvement as I
>>> html = report_html(None, View.from_involvements([I("t1", "A", "lead"), I("t1", "B", "cooperating")]))
>>> html.startswith("<!DOCTYPE html>") and html.count("<svg") == 4  # burden, betweenness, degrees, who leads whom
True
>>> sorted(set(re.findall(r'https?://[^\s"]+', html)))  # XML namespaces only: nothing is fetched
['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']
"""

from __future__ import annotations

import datetime as _dt
import html
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


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _number(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return _e(value)


def _anchor(agency_id: str, index: dict[str, int]) -> str:
    return f"agency-{index[agency_id]}"


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


def report_html(corpus, view: View, title: str = "govkg report", top: int = TOP) -> str:
    """The report as one HTML string (``corpus`` may be None for a bare view)."""
    burden_rows = burden(view)
    centrality_rows = centrality(view)
    by_id = {r["agency_id"]: r for r in centrality_rows}
    sizes = components(view)
    top_burden = sorted(burden_rows, key=lambda r: (-r["coordination_burden"], r["agency"]))[:top]
    top_between = centrality_rows[:top]
    shown = list(dict.fromkeys([r["agency_id"] for r in top_burden] + [r["agency_id"] for r in top_between]))
    index = {agency: i for i, agency in enumerate(shown, start=1)}
    sources = _Sources()

    def link(agency_id: str, value, role: str = "") -> str:
        return f'<a href="#{_anchor(agency_id, index)}{("-" + role) if role else ""}">{_number(value)}</a>'

    parts: list[str] = []
    add = parts.append
    add(f"<h1>{_e(title)}</h1>")
    add(f'<p class="meta">Generated by govkg on {_dt.date.today().isoformat()}. Every count links to the tasks it counts, '
        "each with its source lines.</p>")

    # -- corpus summary and coverage --------------------------------------------------------
    add('<h2 id="corpus">Corpus and coverage</h2>')
    if corpus is not None:
        add("<table><tr><th>document</th><th>文号</th><th>year</th><th>jurisdiction</th><th>tasks</th>"
            "<th>with a lead</th><th>with agencies</th><th>skipped lines</th><th>file</th></tr>")
        for extraction in corpus.extractions:
            document = extraction.document
            tasks = extraction.tasks
            add(f"<tr><td>{_e(document.title)}</td><td>{_e(document.doc_number)}</td><td>{_e(document.year)}</td>"
                f"<td>{_e(document.jurisdiction.name if document.jurisdiction else '')}</td><td>{len(tasks)}</td>"
                f"<td>{sum(1 for t in tasks if t.lead)}</td><td>{sum(1 for t in tasks if t.lead or t.cooperating)}</td>"
                f"<td>{len(extraction.skipped)}</td><td><code>{_e(document.path)}</code></td></tr>")
        add("</table>")
    add(f"<p>The view: {len(view.agencies)} agencies and groups on {len(view.tasks)} tasks, "
        f"{sum(1 for i in view.involvements if i.role == 'lead')} lead and "
        f"{sum(1 for i in view.involvements if i.role == 'cooperating')} cooperating relations.</p>")
    if len(sizes) > 1:
        add(f'<p class="note">This view is {len(sizes)} separate networks (agencies per component: '
            f"{_e(', '.join(map(str, sizes[:15])))}{', …' if len(sizes) > 15 else ''}). Closeness and eigenvector "
            "centrality compare agencies only within one network; <code>govkg query centrality --by jurisdiction</code> "
            "computes them per jurisdiction.</p>")

    # -- burden ---------------------------------------------------------------------------
    add('<h2 id="burden">Top agencies by coordination burden</h2>')
    add(bar_chart([r["agency"] for r in top_burden], [r["coordination_burden"] for r in top_burden],
                  "coordination burden (Σ k − 1 over its tasks)", "pairwise ties its tasks cost it"))
    add("<table><tr><th>#</th><th>agency</th><th>type</th><th>tasks led</th><th>tasks co-operated</th>"
        "<th>partners</th><th>lead load</th><th>coordination burden</th></tr>")
    for rank, r in enumerate(top_burden, start=1):
        a = r["agency_id"]
        add(f"<tr><td>{rank}</td><td>{link(a, r['agency'])}</td><td>{_e(view.attributes.get(a, {}).get('type'))}</td>"
            f"<td>{link(a, r['tasks_led'], 'lead')}</td><td>{link(a, r['tasks_cooperated'], 'cooperating')}</td>"
            f"<td>{r['partners']}</td><td>{r['lead_load']}</td><td>{link(a, r['coordination_burden'])}</td></tr>")
    add("</table>")

    # -- centrality -----------------------------------------------------------------------
    add('<h2 id="centrality">Top agencies by betweenness centrality</h2>')
    add(bar_chart([r["agency"] for r in top_between], [r["betweenness"] for r in top_between],
                  "betweenness (distance = 1 / shared tasks)", "share of shortest paths through the agency"))
    add("<table><tr><th>#</th><th>agency</th><th>type</th><th>degree</th><th>strength</th><th>betweenness</th>"
        "<th>closeness</th><th>eigenvector</th><th>PageRank</th><th>constraint</th></tr>")
    for rank, r in enumerate(top_between, start=1):
        a = r["agency_id"]
        add(f"<tr><td>{rank}</td><td>{link(a, r['agency'])}</td><td>{_e(view.attributes.get(a, {}).get('type'))}</td>"
            f"<td>{link(a, r['degree'])}</td><td>{r['strength']}</td><td>{_number(r['betweenness'])}</td>"
            f"<td>{_number(r['closeness'])}</td><td>{_number(r['eigenvector'])}</td><td>{_number(r['pagerank'])}</td>"
            f"<td>{_number(r['constraint'])}</td></tr>")
    add("</table>")
    add('<h2 id="degree">Degree distribution</h2>')
    add(histogram([r["degree"] for r in centrality_rows], "partners per agency", "degree (agencies sharing a task)"))

    # -- who leads whom -------------------------------------------------------------------
    pairs = lead_pairs(view)
    if pairs:
        leads, cooperators, counts = lead_pair_matrix(pairs)
        add('<h2 id="pairs">Who leads whom: the most frequent lead → co-operating pairs</h2>')
        add(heat_map(leads, cooperators, counts, "tasks a lead agency leads with a co-operating one"))

    # -- year by year ---------------------------------------------------------------------
    years = sorted({meta["year"] for meta in view.task_meta.values() if meta.get("year")})
    if len(years) > 1:
        add('<h2 id="years">Year by year</h2>')
        add("<table><tr><th>year</th><th>tasks</th><th>agencies</th><th>lead relations</th>"
            "<th>co-operating relations</th><th>highest coordination burden</th></tr>")
        for year, row in year_by_year(view, years):
            add(f"<tr><td>{year}</td><td>{row['tasks']}</td><td>{row['agencies']}</td><td>{row['lead']}</td>"
                f"<td>{row['cooperating']}</td><td>{_e(row['top'])}</td></tr>")
        add("</table>")

    # -- definitions ----------------------------------------------------------------------
    add('<h2 id="definitions">Definitions</h2><dl>')
    for name in ("tasks_led", "coordination_burden", "lead_load", "partners", "degree", "strength", "betweenness",
                 "closeness", "eigenvector", "pagerank", "constraint"):
        entry = definition(name)
        add(f"<dt>{_e(', '.join(entry['names']))}</dt><dd>{_e(entry['definition'])}<br>"
            f"<span class=\"formula\">{_e(entry['formula'])}</span><br>normalisation: {_e(entry['normalisation'])}<br>"
            f"<cite>{_e(entry['reference'])}</cite></dd>")
    add("</dl>")

    # -- evidence -------------------------------------------------------------------------
    add('<h2 id="evidence">The tasks behind the numbers</h2>')
    for agency in shown:
        roles = {"lead": [], "cooperating": []}
        for task, members in sorted(view.agencies_of_task.items()):
            if agency in members:
                roles[members[agency]].append(task)
        anchor = _anchor(agency, index)
        add(f'<section id="{anchor}"><h3>{_e(view.label(agency))} <small>{_e(agency)}</small></h3>')
        for role in ("lead", "cooperating"):
            add(f'<h4 id="{anchor}-{role}">{role}: {len(roles[role])} tasks</h4><ol>')
            for task in roles[role]:
                meta = view.task_meta.get(task, {})
                others = [view.label(a) for a in view.agencies_of_task[task] if a != agency]
                where = f"{meta.get('path', '')}:{meta.get('line_start', '')}–{meta.get('line_end', '')}" if meta else ""
                quoted = sources.lines(meta["path"], meta["line_start"], meta["line_end"]) if meta.get("path") else []
                add(f"<li><code>{_e(task)}</code> {_e(view.task_labels.get(task, ''))}"
                    f"<br><small>with {_e('、'.join(others) or 'no other unit')} · source <code>{_e(where)}</code></small>"
                    + (f"<pre>{_e(chr(10).join(quoted))}</pre>" if quoted else "") + "</li>")
            add("</ol>")
        add("</section>")

    body = "\n".join(parts)
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{_e(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; }}
th {{ background: #f3f3f3; }}
.note {{ background: #fff7e0; border-left: 4px solid #f0b400; padding: 0.5em 1em; }}
.meta {{ color: #666; }}
.formula {{ font-family: monospace; }}
pre {{ background: #f7f7f7; padding: 0.4em; white-space: pre-wrap; font-size: 0.85em; }}
svg {{ max-width: 100%; height: auto; display: block; margin: 1em 0; }}
dt {{ font-weight: bold; margin-top: 0.8em; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""


def write_report(corpus, output: str | Path, filters: Filters | None = None, title: str = "govkg report", top: int = TOP) -> Path:
    """Write the report of ``corpus`` (restricted by ``filters``) into ``output``."""
    view = View.from_corpus(corpus, filters or Filters())
    if not view.involvements:
        raise ValueError("no tasks with agencies match these filters")
    output = Path(output)
    output.write_text(report_html(corpus, view, title, top), encoding="utf-8")
    return output
