"""Document metadata shared by every layout: number, issuer, date, year, title, jurisdiction.

Read from the document's own words: a labelled header (文號: / 成文日期: / 發布單位:), the
signature block (the issuing office on the line above the date), the title line (…关于…的通知),
and the document number pattern 杭政办函〔2017〕33号.
"""

from __future__ import annotations

import re

from ..ingest import SourceText
from .base import ATTACHMENT_LIST, CATEGORY_LEGEND, DATE_IN_TEXT, PAREN_CHINESE_NUMBERED, ParseContext, chinese_number, previous_text_line
from .cells import LEAD_CONVENTION, find_lead_convention

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*\d{1,4}\s*号")
DATE_CN = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(印发)?\s*$")
DATE_ANY_CN = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_ISO = re.compile(r"((?:19|20)\d{2})-\s*(\d{1,2})-\s*(\d{1,2})")
ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,30}(人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|办公厅|办公室)$")
TITLE_LINE = re.compile(r"^《?([\u4e00-\u9fff]{2,30}?)(?:关于)(.+?)的(通知|意见|决定|方案|函|通报)》?")
_PORTAL_LABELS = "索引号|文号|成文日期|发布日期|发布单位|发文机关|主题分类|公开方式|有效性|标题"
LABELLED = re.compile(rf"^\s*({_PORTAL_LABELS})\s*[::]")
# What a LABELLED line holds, within one line (a DATE_CN line: base.DATE_IN_TEXT): the lines worth
# testing are found by one search of the whole text (SourceText.lines_with), not one per line.
_LABEL_IN_TEXT = re.compile(rf"(?:{_PORTAL_LABELS})[^\S\n]*[::]")
JURISDICTION_IN_NAME = re.compile(
    r"^(?:(?P<province>[\u4e00-\u9fff]{2,3}省))?(?:(?P<city>[\u4e00-\u9fff]{2,3}?市))?(?:(?P<district>[\u4e00-\u9fff]{1,3}?[区县]))?"
)


def _iso(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def labelled_fields(source: SourceText) -> dict[str, tuple[str, int]]:
    """Fields of a portal header such as ``文號: | 杭政辦函〔2022〕20號 | 成文日期: | 2022-04-07 |``."""
    fields: dict[str, tuple[str, int]] = {}
    for number in source.lines_with(_LABEL_IN_TEXT):
        norm = source.norm(number)
        if not LABELLED.match(norm):
            continue
        cells = [c.strip() for c in norm.split("|")]
        originals = [c.strip() for c in source.line(number).split("|")]
        for index, cell in enumerate(cells):
            label = cell.rstrip(":: ")
            if cell.endswith((":", ":")) and index + 1 < len(cells):
                fields[label] = (originals[index + 1], number)
    return fields


def extract_metadata(context: ParseContext) -> None:
    """Fill the document's metadata from the source and mark the lines it read."""
    source, document = context.source, context.document
    fields = labelled_fields(source)
    for _, number in fields.values():
        context.mark(number, "metadata")

    # Document number: the labelled one, else the first in the opening lines.
    number_text = number_line = None
    if "文号" in fields:
        number_text, number_line = fields["文号"]
    else:
        for number in list(source.line_numbers)[:15]:
            match = DOC_NUMBER.search(source.norm(number))
            if match:
                number_text = source.line(number)[match.start() : match.end()]
                number_line = number
                break
    if number_text:
        document.doc_number = number_text.strip()
        document.doc_number_simplified = re.sub(r"\s+", "", source.norm(number_line)[
            source.line(number_line).find(number_text) : source.line(number_line).find(number_text) + len(number_text)
        ]) or number_text
        if source.norm(number_line).strip() == document.doc_number_simplified:
            context.mark(number_line, "metadata")

    # Issuer and date from the signature block: an office's name, then a date line.
    for current in source.lines_with(DATE_IN_TEXT):
        date = DATE_CN.match(source.norm(current))
        previous = previous_text_line(source, current)
        if not date or previous is None:
            continue
        issuer = source.norm(previous).strip()
        if not date.group(4) and ISSUER_LINE.match(issuer):
            document.issuer = issuer
            document.date = _iso(*date.group(1, 2, 3))
            context.mark(previous, "metadata")
            context.mark(current, "metadata")
            break
    if document.date is None and "成文日期" in fields:
        match = DATE_ISO.search(fields["成文日期"][0])
        if match:
            document.date = _iso(*match.groups())
    if document.issuer is None and "发布单位" in fields:
        document.issuer = re.sub(r"\s+", "", fields["发布单位"][0])

    # Title: the first "…关于…的通知" line in the opening lines.
    for number in list(source.line_numbers)[:10]:
        norm = source.norm(number).strip()
        match = TITLE_LINE.match(norm)
        if match:
            title = DOC_NUMBER.sub("", norm)
            title = re.sub(r"^[《\s]+|[》\s]+$|\(\s*\)$", "", title).strip()
            title = title.strip("《》()")
            document.title = title
            if document.issuer is None:
                document.issuer = match.group(1)
            context.mark(number, "metadata")
            break

    # Year: the year the document's title or first heading is about, else its date's year.
    for text in filter(None, [document.title, *(source.norm(n) for n in list(source.line_numbers)[:20])]):
        match = re.search(r"((?:19|20)\d{2})年(?:度)?(?:市政府|《?政府工作报告|民生实事|为民办实事|政府|重点工作|十方面)", text)
        if match:
            document.year = int(match.group(1))
            break
    if document.year is None and document.date:
        document.year = int(document.date[:4])

    # A category column's legend, (注:A类指责任目标;B类指激励目标): read once for the document.
    for number in source.lines_with(_LEGEND_IN_TEXT):
        norm = source.norm(number)
        legend = CATEGORY_LEGEND.findall(norm)
        if legend and "|" not in norm:
            for letter, label in legend:
                document.category_labels[f"{letter}类"] = label.strip()
            context.mark(number, "note")

    convention = find_lead_convention(source.normalized_text)
    if convention:
        document.lead_convention = convention.strip("()")
        document.lead_convention_fuzzy = LEAD_CONVENTION.fullmatch(convention) is None  # found by _fuzzy_lead_convention


_LEGEND_IN_TEXT = re.compile(r"[A-Z一二三四]类(?:指|为|是)")


def attachment_titles(source: SourceText) -> dict[str, str]:
    r"""The titles the preamble's list of attachments gives (附件:1. … 2. …), by number.

    >>> from graph_builder.ingest import source_from_bytes
    >>> attachment_titles(source_from_bytes("附件:1. 目标任务分解表\n2. 民生实事分解表\n附件1\n".encode(), "t"))
    {'1': '目标任务分解表', '2': '民生实事分解表'}
    """
    titles: dict[str, str] = {}
    for number in source.line_numbers:
        norm = source.norm(number)
        listed = ATTACHMENT_LIST.match(norm)
        if listed and ("附件" in norm or titles) and "|" not in norm and len(listed.group(2)) <= 60:
            titles[listed.group(1)] = listed.group(2).strip()
        elif titles:
            break  # the list ended
    return titles


def restatements(source: SourceText, before: int) -> dict[int, str]:
    """The body's restatements of numbered projects before line ``before`` ((一)加大…。), by
    number: the descriptions of the programs a table numbers."""
    found: dict[int, str] = {}
    for number in range(1, before):
        norm = source.norm(number).strip()
        restated = PAREN_CHINESE_NUMBERED.match(norm)
        if restated and "。" in norm:
            found.setdefault(chinese_number(restated.group(1)), restated.group(2).strip())
    return found


def jurisdiction_names(name: str) -> tuple[str | None, str | None]:
    """(city, district) named at the start of an office's name.

    >>> jurisdiction_names("杭州市上城区人民政府办公室")
    ('杭州市', '上城区')
    >>> jurisdiction_names("湖州市人民政府办公室")
    ('湖州市', None)
    """
    match = JURISDICTION_IN_NAME.match(name or "")
    if not match:
        return None, None
    return match.group("city"), match.group("district")
