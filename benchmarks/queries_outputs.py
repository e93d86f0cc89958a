"""Every query's full output as JSON, for before/after comparisons of the query library.

    python benchmarks/queries_outputs.py OUT.json [--agencies 5000 --tasks 200000]
    python benchmarks/queries_outputs.py --compare BEFORE.json AFTER.json

Dumps, on the bundled corpus (every collective mode, successors mapped) and on a generated
corpus: the view (involvements, agencies, tasks, edge arrays, the networkx graphs with their
node and edge order), burden, centrality, shared and lead pairs, brokerage by jurisdiction and
by type, communities, ego of a few agencies and per-jurisdiction slices. ``--compare`` reports
the first differences; floats compare to 1e-9 (relative).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _plain(value):
    import numpy as np

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return "nan" if math.isnan(value) else value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


def dump_view(view) -> dict:
    from queries import brokerage, burden, centrality, communities, ego, lead_pairs, shared_pairs
    from queries.slices import by_slice, components

    out = {
        "involvements": [[i.task, i.agency, i.role] for i in view.involvements],
        "agencies": view.agencies,
        "tasks": view.tasks,
        "agencies_of_task": view.agencies_of_task,
        "one_mode_edges": list(view.one_mode_edges),
        "directed_edges": list(view.directed_edges),
        "one_mode_graph": [list(view.one_mode().nodes(data=True)), list(view.one_mode().edges(data=True))],
        "directed_graph": [list(view.directed().nodes(data=True)), list(view.directed().edges(data=True))],
        "components": components(view),
        "burden": burden(view),
        "centrality": centrality(view),
        "shared_pairs": shared_pairs(view),
        "lead_pairs": lead_pairs(view),
        "brokerage": brokerage(view),
        "brokerage_type": brokerage(view, group_by="type"),
        "communities": communities(view),
    }
    for agency in view.agencies[:: max(1, len(view.agencies) // 4)][:4]:
        out[f"ego {agency}"] = ego(view, agency)
    if len(view.tasks) < 5000:
        out["two_mode_graph"] = [list(view.two_mode().nodes(data=True)), list(view.two_mode().edges(data=True))]
        out["burden_by_jurisdiction"] = by_slice(view, "jurisdiction", burden)
        out["centrality_by_document"] = by_slice(view, "document", centrality)
    return _plain(out)


def dump(agencies: int, tasks: int) -> dict:
    from benchmarks.synthetic import synthetic_corpus
    from graph_builder.pipeline import load_corpus
    from queries import Filters, View

    corpus, _ = load_corpus()
    result = {}
    for collective in ("node", "expand", "drop"):
        result[f"samples {collective}"] = dump_view(View.from_corpus(corpus, Filters(collective=collective)))
    result["samples successors"] = dump_view(View.from_corpus(corpus, Filters(map_successors=True, collective="expand")))
    if agencies:
        result["generated"] = dump_view(View.from_corpus(synthetic_corpus(agencies, tasks), Filters()))
    return result


def compare(a, b, where: str, problems: list[str]) -> None:
    if len(problems) > 20:
        return
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))) or not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            problems.append(f"{where}: {a!r} != {b!r}")
    elif isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            problems.append(f"{where}: keys {list(a)[:5]} != {list(b)[:5]}")
        for key in a:
            if key in b:
                compare(a[key], b[key], f"{where}/{key}", problems)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{where}: length {len(a)} != {len(b)}")
        for index, (x, y) in enumerate(zip(a, b)):
            compare(x, y, f"{where}[{index}]", problems)
    elif a != b or type(a) is not type(b):
        problems.append(f"{where}: {a!r} != {b!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?")
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--compare", nargs=2)
    args = parser.parse_args()
    if args.compare:
        before, after = (json.loads(Path(p).read_text()) for p in args.compare)
        problems: list[str] = []
        compare(before, after, "", problems)
        print("\n".join(problems[:20]) if problems else "identical (floats to 1e-9)")
        raise SystemExit(1 if problems else 0)
    Path(args.out).write_text(json.dumps(dump(args.agencies, args.tasks), ensure_ascii=False))


if __name__ == "__main__":
    main()
