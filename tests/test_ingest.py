"""Reading files: encodings, script detection, length-preserving normalisation."""

from __future__ import annotations

import pytest

from graph_builder.ingest import IngestError, normalize_line, plausibility, read_source, source_from_bytes
from tests.conftest import CORPUS

TRADITIONAL = CORPUS["02"].read_text("utf-8")
SIMPLIFIED = CORPUS["05"].read_text("utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5"])
def test_traditional_document_decodes_in_every_encoding(encoding):
    source = source_from_bytes(TRADITIONAL.encode(encoding), "doc.txt")
    assert source.script == "traditional"
    assert source.lines[16].startswith("1 | 新建成中小學、幼兒園70所")
    assert source.encoding.replace("_", "-").startswith(encoding.split("-sig")[0].replace("_", "-")[:5])


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_simplified_document_in_gb_encodings(encoding):
    source = source_from_bytes(SIMPLIFIED.encode(encoding), "doc.txt")
    assert source.encoding == "gb18030"
    assert source.line(18) == "责任单位:市政府办公室、市政府各有关部门、各区县政府(列第一位者为工作牵头单位或汇总单位,下同)"


def test_short_gb18030_text_is_not_misread():
    # charset-normalizer alone calls short GB18030 text Korean or Big5.
    source = source_from_bytes("责任单位:市发改委、市财政局".encode("gb18030"), "short.txt")
    assert source.lines == ["责任单位:市发改委、市财政局"]


def test_big5_bytes_are_not_taken_for_gb18030_garbage():
    data = "牽頭單位:市發改委;配合單位:市財政局".encode("big5")
    data.decode("gb18030")  # decodes without error: the trap this guards against
    source = source_from_bytes(data, "short.txt")
    assert source.encoding == "big5"
    assert source.normalized == ["牵头单位:市发改委;配合单位:市财政局"]


def test_garbage_bytes_are_an_error_naming_the_file():
    with pytest.raises(IngestError, match="noise.bin: cannot decode"):
        source_from_bytes(bytes(range(128, 256)) * 4, "noise.bin")


def test_plausibility_separates_text_from_mojibake():
    text = "各区、县(市)人民政府,市政府各部门"
    mojibake = text.encode("big5", errors="ignore").decode("gb18030", errors="replace")
    assert plausibility(text) > 0.95
    assert plausibility(mojibake) < 0.9


def test_normalisation_keeps_length_and_converts_script():
    original = "牽頭單位：市衛生健康 委員會（鐵辦）"
    normalized = normalize_line(original)
    assert len(normalized) == len(original)
    assert normalized == "牵头单位:市卫生健康 委员会(铁办)"


def test_missing_file_and_directory_are_clear_errors(tmp_path):
    with pytest.raises(IngestError, match="nope.txt: no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(IngestError, match="is a directory"):
        read_source(tmp_path)


def test_crlf_line_endings_keep_line_numbers(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("第一行\r\n第二行\r\n".encode("utf-8"))
    source = read_source(path)
    assert source.lines == ["第一行", "第二行"]
