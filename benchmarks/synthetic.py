"""A generated corpus of any size, built straight into the model (no text to parse), for
benchmarks. Shaped like the real thing: agencies belong to jurisdictions of about 200 bodies
each (a city's bureaus), every task stays within one jurisdiction, has one lead and 1–5
co-operating units (4 agencies a task on average, as in the bundled corpus), and members are
drawn with a skewed (Zipf-like) popularity, as a few bureaus appear everywhere. Seeded: the
same arguments give the same corpus."""

from __future__ import annotations

import numpy as np

from graph_builder.model import (
    Agency,
    AgencyMention,
    Corpus,
    Document,
    Extraction,
    Jurisdiction,
    Program,
    Resolution,
    SourceSpan,
    Task,
)

CITY = Jurisdiction("合成市", "合成市", "city")


def synthetic_corpus(agencies: int, tasks: int, seed: int = 7, documents: int = 10, block: int = 200) -> Corpus:
    rng = np.random.default_rng(seed)
    resolution = Resolution()
    blocks = max(1, agencies // block)
    ids = [f"合成市{i % blocks:03d}/单位{i:05d}" for i in range(agencies)]
    for number, agency_id in enumerate(ids):
        resolution.agencies[agency_id] = Agency(
            id=agency_id, name=f"合成市{number % blocks:03d}单位{number:05d}", canonical=f"单位{number:05d}",
            jurisdiction_id=agency_id.split("/")[0], level="city", type="bureau",
            aliases={f"市单位{number:05d}"}, names={f"市单位{number:05d}"},
        )
    members_of = [np.arange(b, agencies, blocks) for b in range(blocks)]
    weights_of = []
    for pool in members_of:
        popularity = 1.0 / np.arange(1, len(pool) + 1) ** 0.8
        weights_of.append(np.cumsum(popularity / popularity.sum()))
    per_document = max(1, tasks // documents)
    extractions = []
    made = 0
    for d in range(documents):
        count = per_document if d < documents - 1 else tasks - made
        document = Document(id=f"synthetic-{d}", path=f"synthetic/{d}.txt", layout="synthetic", script="simplified",
                            encoding="utf-8", title=f"合成文件{d}", year=2015 + d % 8, jurisdiction=CITY, sha256=f"{d:064d}")
        programs = [Program(id=f"{document.id}/p{p + 1}", seq=str(p + 1), title=f"项目{p + 1}") for p in range(max(1, count // 20))]
        sizes = rng.integers(2, 7, size=count)
        homes = rng.integers(0, blocks, size=count)
        task_list = []
        for t in range(count):
            pool = members_of[homes[t]]
            picks = np.searchsorted(weights_of[homes[t]], rng.random(int(sizes[t])))
            members = list(dict.fromkeys(pool[np.minimum(picks, len(pool) - 1)].tolist()))
            span = SourceSpan(document.path, t + 1, t + 1)
            task = Task(id=f"{document.id}/t{t + 1}", seq=str(t + 1), program_id=programs[t % len(programs)].id,
                        text=f"任务{t + 1}", span=span, jurisdiction=CITY)
            for rank, member in enumerate(members):
                role = "lead" if rank == 0 else "cooperating"
                mention = AgencyMention(f"市单位{member:05d}", f"市单位{member:05d}", role, span, agency_id=ids[member])
                (task.lead if role == "lead" else task.cooperating).append(mention)
            task_list.append(task)
        made += count
        extractions.append(Extraction(document, programs, task_list, [], {}))
    return Corpus(extractions, resolution)
