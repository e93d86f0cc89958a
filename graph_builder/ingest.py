"""Read a document into numbered lines: the original text for provenance, a normalised view
for matching.

Encodings: strict UTF-8 first (with or without BOM), UTF-16 by its BOM, then candidates from
charset-normalizer plus GB18030 and Big5, each scored for being plausible Chinese. The score
matters because charset-normalizer misreads short GB18030 text as Korean or Big5, and Big5
bytes decode as GB18030 *without error* into garbage. Plausible means: the Han characters,
once converted to simplified script, are mostly in GB2312 (the 6,763 characters that cover
nearly all modern usage) and there is no kana, Hangul or replacement character among them.

Normalisation is length-preserving, character by character, so an offset into the
normalised line is the same offset into the original: a parser matches on the normalised
text and cuts the surface form ("as written") out of the original at the same place.
"""

from __future__ import annotations

import codecs
import re
import hashlib
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from charset_normalizer import from_bytes


class IngestError(Exception):
    """A file that cannot be read as a document; the message names the file."""


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# Full-width forms that NFKC folds to one ASCII character: ,():; and friends. Anything NFKC
# would expand (… to ...) is left alone so offsets stay aligned.
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) == 1:
        return folded
    return char


class _FoldTable(dict):
    """``str.translate`` table that learns each character's fold once (translate runs in C)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


def to_simplified(text: str) -> str:
    """Traditional to simplified script with OpenCC, keeping the length unchanged.

    >>> to_simplified("市衛生健康委員會")
    '市卫生健康委员会'
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to character by character.
    return "".join(c if len(c) == 1 else text[i] for i, c in enumerate(_t2s().convert(ch) for ch in text))


def normalize_line(text: str) -> str:
    """Fold full-width punctuation and convert to simplified script, same length as ``text``.

    >>> normalize_line("牽頭單位：市發改委（鐵辦）")
    '牵头单位:市发改委(铁办)'
    """
    return _mask_glosses(to_simplified(text.translate(_FOLD)))


def normalize_lines(lines: list[str]) -> list[str]:
    """``[normalize_line(line) for line in lines]``, with the folding and the script conversion
    done on the whole text at once (one call each instead of one a line; OpenCC's phrases hold
    no line break, so no conversion spans two lines). A line whose conversion changed its
    length is converted again alone, character by character, as ``to_simplified`` does.

    >>> normalize_lines(["牽頭單位：市發改委", "", "（一）"])
    ['牵头单位:市发改委', '', '(一)']
    """
    folded_text = "\n".join(lines).translate(_FOLD)
    converted = _t2s().convert(folded_text).split("\n")
    folded = folded_text.split("\n")
    if len(converted) != len(lines):  # never seen: a conversion that made or ate a line break
        return [normalize_line(line) for line in lines]
    if list(map(len, converted)) == list(map(len, folded)):  # the usual case, compared in C
        return [_mask_glosses(simple) if "(" in simple else simple for simple in converted]
    out = []
    for line, simple in zip(folded, converted):
        if len(simple) != len(line):
            simple = to_simplified(line)
        out.append(_mask_glosses(simple) if "(" in simple else simple)
    return out


# A romanisation gloss in parentheses right after Han characters: 牵头单位(qiān tóu dān wèi).
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\([A-Za-z\u00c0-\u024f\u1e00-\u1eff\s'-]{2,}\)")


def _mask_glosses(text: str) -> str:
    """Blank out romanisation glosses (length kept, so offsets stay aligned).

    >>> _mask_glosses("市发改委(shì fā gǎi wěi)牵头").split()
    ['市发改委', '牵头']
    """
    return _GLOSS.sub(lambda m: " " * len(m.group(0)), text)


@dataclass
class SourceText:
    """One file as numbered lines. ``lines[i]`` is line ``i + 1``."""

    path: str
    encoding: str
    lines: list[str]  # original text, as decoded
    normalized: list[str]  # same lengths, simplified script, folded punctuation
    sha256: str
    script: str  # "simplified" | "traditional"
    # Set by a reader of another format (graph_builder.readers): where each line stands in the
    # original (a readers.LineOrigin or None per line), the format and what the file says
    # about itself (title, date). Plain text leaves them unset; parsers never look at them.
    origins: list | None = None
    format: str | None = None
    meta: dict | None = None

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def norm(self, number: int) -> str:
        return self.normalized[number - 1]

    @property
    def line_numbers(self) -> range:
        return range(1, len(self.lines) + 1)

    @cached_property
    def normalized_text(self) -> str:
        """The normalised lines joined by line breaks (made once: several passes search it)."""
        return "\n".join(self.normalized)

    def lines_with(self, pattern: re.Pattern) -> list[int]:
        r"""The numbers of the lines in which ``pattern`` finds a match (normalised view), found
        by one search of the whole text: a pass that looks for a rare line (a date, a portal's
        label) then runs Python only where one stands, not on each of a long document's lines.
        ``pattern`` must not match a line break (write ``[^\S\n]`` for a space).

        >>> source = source_from_bytes("一、总则\n\n2024年3月1日\n附 2024年3月2日\n".encode(), "t.txt")
        >>> source.lines_with(re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"))
        [3, 4]
        """
        text = self.normalized_text
        numbers: list[int] = []
        line, position = 1, 0
        for match in pattern.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            if not numbers or numbers[-1] != line:
                numbers.append(line)
        return numbers


_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@lru_cache(maxsize=None)
def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def plausibility(text: str) -> float:
    """How much ``text`` looks like real Chinese, from 0 (garbage) to 1.

    The share of Han characters that are common (in GB2312 once simplified), minus a penalty
    for characters that real Chinese government text does not contain.
    """
    han = [c for c in text if _is_han(c)]
    if not han:
        return 0.0
    simplified = to_simplified("".join(han))
    common = sum(1 for c in simplified if _in_gb2312(c)) / len(han)
    alien = sum(
        1
        for c in text
        if c == "\ufffd"
        or "\u3040" <= c <= "\u30ff"  # kana
        or "\uac00" <= c <= "\ud7af"  # Hangul
        or "\ue000" <= c <= "\uf8ff"  # private use
    )
    return max(0.0, common - 5 * alien / max(len(text), 1))


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

MIN_PLAUSIBILITY = 0.9


def sniff_format(data: bytes) -> str | None:
    """The office or PDF format of ``data`` by its first bytes, or None for anything else (text).

    ``"pdf"`` (``%PDF``), ``"docx"`` / ``"xlsx"`` (a ZIP with ``word/`` or ``xl/`` inside),
    ``"doc"`` / ``"xls"`` (an OLE2 compound file, D0 CF 11 E0, with a WordDocument or Workbook
    stream). A reader for a format can dispatch on this name.

    >>> sniff_format(b"%PDF-1.7 ..."), sniff_format("一、任务".encode()), sniff_format(b"PK\x03\x04....word/document.xml")
    ('pdf', None, 'docx')
    """
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data:
            return "docx"
        if b"xl/" in data:
            return "xlsx"
        return None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            return "xls"
        return "doc"  # an OLE2 file without either stream name found: most likely Word
    return None


# What to say about bytes that ``sniff_format`` recognises when they reach the text decoder:
# ``read_source`` hands PDF/DOCX/XLSX files to their readers, so this is bytes given as text
# (``source_from_bytes``), or a legacy format no reader takes.
FORMAT_ADVICE = {
    "pdf": "is a PDF file, not text; give govkg the file itself (it reads .pdf files by path)",
    "docx": "is a Word document (.docx), not text; give govkg the file itself (it reads .docx files by path)",
    "xlsx": "is an Excel workbook (.xlsx), not text; give govkg the file itself (it reads .xlsx files by path)",
    "doc": "is a legacy Word 97-2003 .doc file; save it as .docx",
    "xls": "is a legacy Excel 97-2003 .xls file; save it as .xlsx",
}


def decode(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` and return ``(text, encoding)``; raise IngestError if nothing fits."""
    kind = sniff_format(data)
    if kind:
        raise IngestError(f"{path}: {FORMAT_ADVICE[kind]}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise IngestError(
                    f"{path}: cannot decode: starts with a {encoding} byte-order mark but byte "
                    f"{error.start} is not {encoding}"
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return damaged, "utf-8"
    candidates: list[str] = []
    best = from_bytes(data)
    for match in best:
        if match.encoding not in candidates:
            candidates.append(match.encoding)
    for encoding in ("gb18030", "big5", "utf_16_le", "utf_16_be"):
        if encoding not in candidates:
            candidates.append(encoding)
    scored: list[tuple[float, str, str]] = []
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        scored.append((plausibility(text), encoding, text))
    if not scored:
        raise IngestError(f"{path}: cannot decode: no encoding fits its bytes")
    scored.sort(key=lambda item: -item[0])
    score, encoding, text = scored[0]
    if score < MIN_PLAUSIBILITY:
        raise IngestError(
            f"{path}: cannot decode: best guess {encoding} gives implausible Chinese "
            f"(score {score:.2f} < {MIN_PLAUSIBILITY})"
        )
    return text, encoding


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few undecodable bytes (a byte lost in transfer), each replaced by U+FFFD,
    or None. Any other encoding read as UTF-8 fails on most of its characters, not on a few;
    the lines with U+FFFD are reported (``damaged_lines``)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= 8 and bad * 200 <= len(text) and plausibility(text) >= MIN_PLAUSIBILITY:
        return text
    return None


def damaged_lines(source: SourceText) -> list[tuple[int, int]]:
    """(line number, count) of each line holding U+FFFD: characters lost before or in decoding."""
    return [(n, line.count("\ufffd")) for n, line in enumerate(source.lines, start=1) if "\ufffd" in line]


def detect_script(lines: list[str], normalized: list[str]) -> str:
    """"traditional" when converting to simplified changes a noticeable share of Han text."""
    # Only lines that normalisation changed can hold a changed character (the two are the
    # same length line by line); with none changed the text is simplified whatever its size.
    changed = sum(
        1 for line, simple in zip(lines, normalized) if line != simple for a, b in zip(line, simple) if a != b and _is_han(a)
    )
    if not changed:
        return "simplified"
    han_total = len(_HAN.findall("\n".join(lines)))
    if han_total and changed / han_total > 0.05:
        return "traditional"
    return "simplified"


def read_source(path: str | Path, display_path: str | None = None) -> SourceText:
    """Read ``path`` into a SourceText; IngestError names the file when it cannot be read.

    ``display_path`` is the name recorded for provenance (default: the path as given).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{path}: is a directory, not a document") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror}") from None
    from .readers import read_document  # HTML/DOCX/XLSX/PDF by magic bytes or suffix, else text

    return read_document(data, display_path or str(path), suffix=path.suffix)


def source_from_bytes(data: bytes, path: str) -> SourceText:
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    normalized = normalize_lines(lines)
    return SourceText(
        path=path,
        encoding=encoding,
        lines=lines,
        normalized=normalized,
        sha256=hashlib.sha256(data).hexdigest(),
        script=detect_script(lines, normalized),
    )
