"""The pipeline's steps are pure and put together in one place (issue 12): ``resolve`` returns a
new ``Corpus`` and leaves its input as it was; ``assemble`` gives the corpus the code gave
before the steps were made pure (tests/fixtures/build_before/corpus.json)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from graph_builder.pipeline import assemble, extract_paths, load_corpus
from graph_builder.resolve import resolve
from graph_builder.store import encode, encode_corpus

from conftest import CORPUS, write_doc

FIXTURE = Path(__file__).parent / "fixtures" / "build_before" / "corpus.json"


@pytest.fixture(scope="module")
def extractions(corpus_paths):
    return extract_paths(corpus_paths).extractions


def test_resolve_does_not_change_its_input(extractions):
    before = copy.deepcopy(extractions)
    corpus = resolve(extractions)
    assert extractions == before  # dataclass equality: every field, all the way down
    assert [e.to_dict() for e in extractions] == [e.to_dict() for e in before]
    assert not [m for e in extractions for m in e.mentions if m.agency_id is not None]
    # the corpus has its own tasks and mentions, each resolved
    assert all(m.agency_id for e in corpus.extractions for m in e.mentions)
    assert not {id(t) for e in extractions for t in e.tasks} & {id(t) for t in corpus.tasks}
    assert not {id(m) for e in extractions for m in e.mentions} & {id(m) for e in corpus.extractions for m in e.mentions}


def test_extraction_json_is_the_standard_librarys_text(extractions, tmp_path):
    import json

    from graph_builder.pipeline import extraction_json

    corpus = resolve(extractions)
    records = [e.to_dict() for e in corpus.extractions]
    assert extraction_json(corpus.extractions) == json.dumps(records, ensure_ascii=False, indent=2)
    # Text orjson could write differently (controls, quotes, U+2028) gives the standard
    # library's text too; text it refuses (a lone surrogate) is written with its escape.
    odd = extract_paths([write_doc(tmp_path, "odd.txt", "1.建设\u2028食堂\x7f\"站\\点\"。(市民政局牵头)\n")]).extractions
    odd[0].tasks[0].text += "\ud800"
    written = extraction_json(odd)
    assert "\\ud800" in written and json.loads(written) == [e.to_dict() for e in odd]
    odd[0].tasks[0].text = odd[0].tasks[0].text[:-1]
    assert extraction_json(odd) == json.dumps([e.to_dict() for e in odd], ensure_ascii=False, indent=2)


def test_the_model_has_no_post_init_for_a_copy_to_skip():
    # resolve copies tasks and mentions without calling __init__ (it is faster): that is the
    # same as dataclasses.replace only while no model class does work in __post_init__.
    import dataclasses

    from graph_builder import model

    classes = [c for c in vars(model).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert len(classes) > 5
    assert not [c.__name__ for c in classes if hasattr(c, "__post_init__")]


def test_resolving_the_same_extractions_twice_gives_equal_corpora(extractions):
    first, second = resolve(extractions), resolve(extractions)
    assert encode(first) == encode(second)


def test_a_split_adds_mentions_to_the_corpus_only(tmp_path):
    # 市公安局大数据局 is two agencies run together: the corpus has two mentions, the input one.
    path = write_doc(tmp_path, "split.txt", "杭州市人民政府办公厅\n2019年1月1日\n1.建设书房。\n牵头单位:市公安局\n"
                                            "2.建设书房。\n牵头单位:市大数据局\n3.建设书房。\n牵头单位:市公安局大数据局\n")
    extraction = extract_paths([path]).extractions[0]
    corpus = resolve([extraction])
    assert [m.name for m in extraction.tasks[2].lead] == ["市公安局大数据局"]
    assert [m.agency_id for m in corpus.tasks[2].lead] == ["杭州市/公安局", "杭州市/大数据发展管理局"]


def test_the_assembled_corpus_is_the_one_the_code_gave_before(corpus_result):
    expected = json.loads(FIXTURE.read_text("utf-8"))["corpus"]
    assembly = corpus_result  # conftest: assemble(the bundled corpus)
    assert assembly.errors == []
    # as the corpus file stores it (the fields only a correction sets are left out when unset)
    assert json.loads(json.dumps(encode_corpus(assembly.corpus)[0], ensure_ascii=False)) == expected
    assert [p.name for p in assembly.inputs] == [p.name for p in CORPUS.values()]


def test_load_corpus_is_the_assembly():
    corpus, errors = load_corpus([CORPUS["01"]])
    assembly = assemble([CORPUS["01"]])
    assert errors == assembly.errors == []
    assert encode(corpus) == encode(assembly.corpus)


def test_assembly_reports_unreadable_files_and_keeps_the_others(tmp_path):
    broken = tmp_path / "empty.txt"
    broken.write_text("这一行没有任务。\n", encoding="utf-8")
    assembly = assemble([CORPUS["01"], broken])
    assert len(assembly.corpus.documents) == 1
    assert len(assembly.errors) == 1 and "empty.txt" in assembly.errors[0]
    assert assembly.summary()["files with errors"] == 1
