"""A generated corpus of task-assignment *documents* with their gold annotations, for measuring
extraction at any scale: ``govkg eval`` on the gold says whether the engine still reads every
layout (F1 must stay 1.0), the extraction benchmark how fast it reads them.

    python benchmarks/generated_corpus.py OUT_DIR [N] [--seed S]
    govkg eval OUT_DIR/gold OUT_DIR/docs

writes N documents (default 100) into ``OUT_DIR/docs`` and one gold file each into
``OUT_DIR/gold`` (the format of ``graph_builder/corpus/gold/README.md``). Seeded: the same
arguments give the same files.

Documents look like the real ones: every layout the engine reads (bracketed clauses in several
bracket styles and verb forms, labelled lines, (一) items with labelled clauses, pipe tables,
one-cell-per-line tables, run-together tables, space-separated tables, a whole document on one
line), a jurisdiction's bureaus drawn from a pool with a skewed popularity, the same bureau
written in its full and short names (市卫生健康委员会 / 市卫健委), collectives (各区政府,
各街道), and one document in eight in traditional script.

>>> docs = generate(3, seed=1)
>>> [d.layout for d in docs]
['bracket_clause', 'labelled_lines', 'enumerated_clause']
>>> docs[0].gold["tasks"][0]["lead"] == [docs[0].tasks[0].lead]
True
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

CITIES = ["江临市", "青川市", "云岭市", "海澄市", "松原市", "白河市", "东阳市", "南屏市"]
DISTRICTS = ["城东区", "城西区", "湖滨区", "新港区", "山阳县", "清水县"]

# (full stem, short stem): a bureau is written either way, with the level in front.
BUREAUS = [
    ("发展和改革委员会", "发改委"), ("财政局", "财政局"), ("教育局", "教育局"), ("民政局", "民政局"),
    ("卫生健康委员会", "卫健委"), ("住房和城乡建设局", "住建局"), ("交通运输局", "交通运输局"),
    ("公安局", "公安局"), ("人力资源和社会保障局", "人社局"), ("城市管理局", "城管局"), ("商务局", "商务局"),
    ("文化广电旅游局", "文广旅局"), ("生态环境局", "生态环境局"), ("自然资源和规划局", "自然资源规划局"),
    ("应急管理局", "应急局"), ("市场监督管理局", "市场监管局"), ("农业农村局", "农业农村局"), ("水利局", "水利局"),
    ("医疗保障局", "医保局"), ("体育局", "体育局"), ("数据资源管理局", "数据局"), ("退役军人事务局", "退役军人局"),
]
COLLECTIVES = {"市": ["各区县政府", "各开发区管委会", "市直各有关单位"], "区": ["各街道", "各镇人民政府", "区直各有关单位"], "县": ["各乡镇人民政府", "县直各有关单位"]}

VERBS = ["新建", "改造", "提升", "建设", "完成", "新增", "整治", "扩建"]
OBJECTS = ["社区食堂", "口袋公园", "农贸市场", "公办幼儿园", "居家养老服务中心", "公共停车位", "老旧小区", "背街小巷",
           "健身步道", "公共厕所", "城市书房", "充电桩", "农村公路", "排水管网", "学校食堂", "婴幼儿托育机构"]
MEASURES = ["个", "家", "所", "处", "公里", "座"]
PURPOSES = ["方便群众就近办事", "提升城市品质", "改善居民生活条件", "补齐公共服务短板", "增强群众获得感"]

LAYOUTS = [
    "bracket_clause", "labelled_lines", "enumerated_clause", "pipe_table", "cell_per_line",
    "run_together", "spaced_table", "one_line",
]


@dataclass
class GeneratedTask:
    text: str
    lead: str
    cooperating: list[str]


@dataclass
class GeneratedDocument:
    name: str
    layout: str
    script: str
    text: str
    tasks: list[GeneratedTask]
    gold: dict = field(default_factory=dict)


def _t2s_to_traditional():
    import opencc

    return opencc.OpenCC("s2t")


class _Pool:
    """A jurisdiction's units with a skewed popularity (a few bureaus appear everywhere)."""

    def __init__(self, rng: random.Random, level: str):
        self.rng = rng
        self.level = level
        self.bureaus = BUREAUS[:]
        rng.shuffle(self.bureaus)
        self.weights = [1 / (rank + 1) for rank in range(len(self.bureaus))]
        self.full = {stem: rng.random() < 0.3 for stem, _ in self.bureaus}  # this document's naming habit

    def units(self, count: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < count:
            full, short = self.rng.choices(self.bureaus, self.weights)[0]
            name = self.level + (full if self.full[full] else short)
            if name not in chosen:
                chosen.append(name)
        return chosen

    def collective(self) -> str:
        return self.rng.choice(COLLECTIVES[self.level])


def _task(rng: random.Random, pool: _Pool, with_purpose: bool) -> GeneratedTask:
    number = rng.choice([3, 5, 8, 10, 12, 20, 30, 50, 100, 120])
    text = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}{number}{rng.choice(MEASURES)}"
    if with_purpose:
        text += f",{rng.choice(PURPOSES)}"
    units = pool.units(rng.randint(1, 4))
    cooperating = units[1:]
    if rng.random() < 0.25:
        cooperating.append(pool.collective())
    return GeneratedTask(text + "。", units[0], cooperating)


def _render(layout: str, tasks: list[GeneratedTask], rng: random.Random) -> list[str]:
    """The document's body in one layout; the title and preamble are added around it."""
    lines: list[str] = []
    if layout == "bracket_clause":
        opening, closing = rng.choice([("(", ")"), ("[", "]"), ("【", "】"), ("〔", "〕")])
        for i, t in enumerate(tasks, 1):
            clause = f"{t.lead}牵头" + (f",{'、'.join(t.cooperating)}配合" if t.cooperating else "")
            lines.append(f"{i}.{t.text}{opening}{clause}{closing}")
    elif layout == "labelled_lines":
        for i, t in enumerate(tasks, 1):
            lines.append(f"{i}.{t.text}")
            lines.append(f"牵头单位:{t.lead}")
            if t.cooperating:
                lines.append(f"配合单位:{'、'.join(t.cooperating)}")
    elif layout == "enumerated_clause":
        numerals = "一二三四五六七八九十"
        lines.append("一、重点任务")
        for i, t in enumerate(tasks):
            seq = numerals[i] if i < 10 else numerals[9] + numerals[i - 10]
            part = f"牵头单位:{t.lead}" + (f";责任单位:{','.join(t.cooperating)}" if t.cooperating else "")
            lines.append(f"({seq}){t.text}({part})")
    elif layout == "pipe_table":
        lines.append("| 序号 | 工作任务 | 牵头单位 | 配合单位 |")
        lines.append("|---|---|---|---|")
        for i, t in enumerate(tasks, 1):
            lines.append(f"| {i} | {t.text} | {t.lead} | {'、'.join(t.cooperating)} |")
    elif layout == "cell_per_line":
        lines += ["序号", "", "项目名称", "", "牵头单位", "", "配合单位", ""]
        for i, t in enumerate(tasks, 1):
            lines += [str(i), "", t.text, "", t.lead, ""]
            lines += ["、".join(t.cooperating) if t.cooperating else "/", ""]
    elif layout == "run_together":
        row = "序号工作任务牵头单位配合单位"
        for i, t in enumerate(tasks, 1):
            row += f"{i}{t.text}{t.lead}{'、'.join(t.cooperating)}"
        lines.append(row)
    elif layout == "spaced_table":
        lines.append("序号 项目名称 牵头单位 配合单位 完成时限")
        for i, t in enumerate(tasks, 1):
            lines.append(f"{i} {t.text} {t.lead} {'、'.join(t.cooperating) or ' '} 年底前")
    elif layout == "one_line":
        parts = []
        for i, t in enumerate(tasks, 1):
            clause = f"{t.lead}牵头" + (f",{'、'.join(t.cooperating)}配合" if t.cooperating else "")
            parts.append(f"{i}.{t.text}({clause})")
        lines.append("今年重点抓好以下工作:" + "".join(parts))
    return lines


def generate(count: int, seed: int = 7) -> list[GeneratedDocument]:
    """``count`` documents, layouts in turn, with their gold annotations."""
    rng = random.Random(seed)
    traditional = None
    documents = []
    for index in range(count):
        layout = LAYOUTS[index % len(LAYOUTS)]
        city = rng.choice(CITIES)
        district = rng.choice(DISTRICTS + [None, None])
        level = "市" if district is None else district[-1]
        government = city + (district or "")
        pool = _Pool(rng, level)
        table = layout in ("pipe_table", "cell_per_line", "run_together", "spaced_table")
        # Table cells hold no sentence of purpose (a comma would read as a list in a spaced row).
        tasks = [_task(rng, pool, with_purpose=not table and rng.random() < 0.4) for _ in range(rng.randint(3, 12))]
        if layout == "run_together":
            for t in tasks:
                t.text = t.text.rstrip("。")  # a run-together row's text ends where the lead begins
        year = rng.randint(2015, 2025)
        title = f"{government}{year}年民生实事项目责任分工"
        body = [title, f"{government}人民政府办公室", f"各有关单位:现将{year}年民生实事项目责任分工印发给你们,请认真抓好落实。"]
        body += _render(layout, tasks, rng)
        body.append(f"{government}人民政府办公室")
        body.append(f"{year}年2月1日")
        text = "\n".join(body) + "\n"
        script = "simplified"
        if index % 8 == 7 and layout not in ("run_together",):
            traditional = traditional or _t2s_to_traditional()
            text, script = traditional.convert(text), "traditional"
        name = f"gen_{index:05d}_{layout}.txt"
        document = GeneratedDocument(name, layout, script, text, tasks)
        convert = traditional.convert if script == "traditional" else (lambda s: s)
        document.gold = {
            "file": name,
            "layout": layout,
            "script": script,
            "tasks": [
                {
                    "key": convert(t.text[:12]),
                    "lead": [convert(t.lead)],
                    "cooperating": [convert(c) for c in t.cooperating],
                }
                for t in tasks
            ],
        }
        documents.append(document)
    return documents


TABLE_LAYOUTS = ("pipe_table", "cell_per_line", "spaced_table")


def big_document(layout: str, size: int, seed: int = 7) -> tuple[str, int]:
    """One document of about ``size`` bytes (UTF-8) in ``layout``, and how many tasks it holds.

    Long documents are made as real ones are long: a pipe or spaced table repeats tables of
    500 rows, each with its header under a heading of its own (第N部分); a list layout repeats
    blocks of ten items under such headings, the numbering starting again in each (a
    run-together block is one line). A one-cell-per-line table is one table, and a one-line
    document one line, numbered on to the end (hundreds of thousands of rows or items).
    """
    rng = random.Random(seed)
    pool = _Pool(rng, "市")
    table = layout in TABLE_LAYOUTS
    head = "江临市2024年重点工作任务分解表\n江临市人民政府办公室\n各有关单位:现将2024年重点工作任务分解印发给你们,请认真抓好落实。\n"
    parts, written, count, block = [head], len(head.encode("utf-8")), 0, 0
    while written < size:
        tasks = [_task(rng, pool, with_purpose=not table and rng.random() < 0.4) for _ in range(500 if table else 10)]
        if layout == "run_together":
            for t in tasks:
                t.text = t.text.rstrip("。")
        if layout == "one_line":
            items = [f"{count + i}.{t.text}({t.lead}牵头" + (f",{'、'.join(t.cooperating)}配合)" if t.cooperating else ")")
                     for i, t in enumerate(tasks, 1)]
            chunk = ("今年重点抓好以下工作:" if not block else "") + "".join(items)
        elif layout == "cell_per_line":
            rows = _render(layout, tasks, rng)[8:]  # one header, for the whole table
            rows[::8] = [str(count + i) for i in range(1, len(tasks) + 1)]
            chunk = "\n".join((["序号", "", "项目名称", "", "牵头单位", "", "配合单位", ""] if not block else []) + rows) + "\n"
        else:
            chunk = f"第{block + 1}部分\n" + "\n".join(_render(layout, tasks, rng)) + "\n"
        parts.append(chunk)
        written += len(chunk.encode("utf-8"))
        count += len(tasks)
        block += 1
    if layout == "one_line":
        parts.append("\n")
    return "".join(parts), count

def write(out: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` documents and their gold into ``out/docs`` and ``out/gold``."""
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    paths = []
    for document in generate(count, seed):
        path = out / "docs" / document.name
        path.write_text(document.text, encoding="utf-8")
        gold = out / "gold" / (Path(document.name).stem + ".json")
        gold.write_text(json.dumps(document.gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    args = sys.argv[1:]
    if not args:
        print(__doc__.split("\n\n")[1])
        raise SystemExit(2)
    seed = 7
    if "--seed" in args:
        at = args.index("--seed")
        seed = int(args[at + 1])
        del args[at : at + 2]
    out = Path(args[0])
    count = int(args[1]) if len(args) > 1 else 100
    paths = write(out, count, seed)
    print(f"{len(paths)} documents in {out / 'docs'}, gold in {out / 'gold'}")


if __name__ == "__main__":
    main()
