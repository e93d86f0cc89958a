"""HTML, DOCX, XLSX and PDF input: real files written here with the libraries that make them,
read into the same tasks and relations as the equivalent text, with page/table/row provenance.

Every document is invented for the test.
"""

from __future__ import annotations

import datetime
import json

import pytest
from typer.testing import CliRunner

from govkg.cli import app
from graph_builder.ingest import IngestError, read_source
from graph_builder.pipeline import extract_paths

runner = CliRunner()

TITLE = "关于印发2024年民生实事项目的通知"
PROSE = ["1.建设公园3个。(市园林局牵头,市财政局配合)", "2.新增停车位500个。(市交通局牵头)"]
HEADER = ["序号", "任务", "牵头单位", "配合单位"]
# The lead of rows 1 and 2 is one vertically merged cell; row 3's co-operators are two lines
# of one cell.
ROWS = [
    ["1", "改造老旧小区10个", "市住建局", "市财政局"],
    ["2", "新建学校2所", "市住建局", "市发改委"],
    ["3", "增加养老床位100张", "市民政局", "市卫健委、市医保局"],
]
EXPECTED = [
    ("建设公园3个。", ["市园林局"], ["市财政局"]),
    ("新增停车位500个。", ["市交通局"], []),
    ("改造老旧小区10个", ["市住建局"], ["市财政局"]),
    ("新建学校2所", ["市住建局"], ["市发改委"]),
    ("增加养老床位100张", ["市民政局"], ["市卫健委", "市医保局"]),
]


def extract_one(path):
    result = extract_paths([path])
    assert result.errors == []
    (extraction,) = result.extractions
    return extraction


def relations(extraction):
    return [
        (t.text, [m.name for m in t.lead], [m.name for m in t.cooperating])
        for t in sorted(extraction.tasks, key=lambda t: t.span.line_start)
    ]


def spans(extraction):
    return [t.span.to_dict() for t in sorted(extraction.tasks, key=lambda t: t.span.line_start)]


def without_path(span: dict) -> dict:
    return {k: v for k, v in span.items() if k not in ("path", "line_start", "line_end")}


def test_the_equivalent_text_gives_the_expected_relations(tmp_path):
    text = "\n".join([TITLE, *PROSE, "", "| " + " | ".join(HEADER) + " |", *("| " + " | ".join(r) + " |" for r in ROWS)])
    path = tmp_path / "doc.txt"
    path.write_text(text + "\n", encoding="utf-8")
    extraction = extract_one(path)
    assert relations(extraction) == EXPECTED
    # Text input: no format key, spans as before (path and lines only).
    data = extraction.to_dict()
    assert "format" not in data["document"]
    assert all(set(t["source"]) == {"path", "line_start", "line_end"} for t in data["tasks"])


# -- DOCX --------------------------------------------------------------------------------------


def make_docx(path, *, numbered: bool = False):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(TITLE, style="Title")
    for line in PROSE:
        if numbered:  # Word's automatic numbering: the "1." is not in the text
            document.add_paragraph(line[2:], style="List Number")
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=len(ROWS) + 1, cols=4)
    for column, text in enumerate(HEADER):
        table.cell(0, column).text = text
    for r, row in enumerate(ROWS, 1):
        for column, text in enumerate(row):
            if (r, column) == (2, 2):
                continue  # under the merged cell
            if (r, column) == (3, 3):
                cell = table.cell(r, column)
                cell.text = "市卫健委"
                cell.add_paragraph("市医保局")  # a second paragraph in the cell
                continue
            table.cell(r, column).text = text
    table.cell(1, 2).merge(table.cell(2, 2))  # 牵头单位 merged over rows 1 and 2
    document.add_paragraph("抄送:市委办公室。")
    document.save(path)
    return path


def test_docx_paragraphs_and_table_in_document_order_with_a_merged_lead(tmp_path):
    extraction = extract_one(make_docx(tmp_path / "doc.docx"))
    assert relations(extraction) == EXPECTED
    assert extraction.document.format == "docx"
    assert [without_path(s) for s in spans(extraction)] == [
        {},
        {},
        {"table": 1, "row": 2},
        {"table": 1, "row": 3},
        {"table": 1, "row": 4},
    ]
    source = read_source(tmp_path / "doc.docx")
    assert source.lines[3:] == [
        "| 序号 | 任务 | 牵头单位 | 配合单位 |",
        "| 1 | 改造老旧小区10个 | 市住建局 | 市财政局 |",
        "| 2 | 新建学校2所 | 市住建局 | 市发改委 |",
        "| 3 | 增加养老床位100张 | 市民政局 | 市卫健委 市医保局 |",
        "抄送:市委办公室。",
    ]


def test_docx_automatic_numbering_is_written_out(tmp_path):
    source = read_source(make_docx(tmp_path / "doc.docx", numbered=True))
    assert source.lines[1:3] == PROSE
    assert relations(extract_one(tmp_path / "doc.docx"))[:2] == EXPECTED[:2]


def test_docx_merged_seq_makes_sub_rows_of_one_item(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    rows = [HEADER, ["1", "城市更新", "市住建局", "市财政局"], ["", "城市更新", "市城管局", "各区政府"], ["2", "新建学校2所", "市教育局", "市发改委"]]
    for r, row in enumerate(rows):
        for column, text in enumerate(row):
            if text and not (r == 2 and column in (0, 1)):
                table.cell(r, column).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    document.save(tmp_path / "sub.docx")
    extraction = extract_one(tmp_path / "sub.docx")
    assert [(t.seq, t.text, [m.name for m in t.lead]) for t in extraction.tasks] == [
        ("1", "城市更新", ["市住建局"]),
        ("1", "城市更新", ["市城管局"]),
        ("2", "新建学校2所", ["市教育局"]),
    ]
    assert extraction.tasks[0].program_id == extraction.tasks[1].program_id != extraction.tasks[2].program_id


# -- XLSX --------------------------------------------------------------------------------------


def make_xlsx(path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "民生实事"
    sheet["A1"] = "2024年民生实事项目责任分解表"
    sheet.merge_cells("A1:E1")  # the title across the sheet
    sheet.append([*HEADER, "完成时限"])  # row 2
    sheet.append([1, "改造老旧小区10个", "市住建局", "市财政局", datetime.date(2024, 6, 30)])  # row 3
    sheet.append([2.0, "新建学校2所", None, "市发改委", datetime.datetime(2024, 12, 31)])  # row 4
    sheet.merge_cells("C3:C4")  # 牵头单位 shared by rows 3 and 4
    sheet.append([3, "增加养老床位100张", "市民政局", "市卫健委\n市医保局", "年底"])  # row 5
    second = workbook.create_sheet("Sheet2")
    second.append(HEADER)
    second.append([1, "建设公园3个", "市园林局", "市财政局"])
    workbook.save(path)
    return path


def test_xlsx_each_sheet_a_table_with_merged_cells_filled(tmp_path):
    extraction = extract_one(make_xlsx(tmp_path / "doc.xlsx"))
    assert relations(extraction) == [
        *EXPECTED[2:],
        ("建设公园3个", ["市园林局"], ["市财政局"]),
    ]
    assert [t.deadline for t in extraction.tasks] == ["2024年6月30日", "2024年12月31日", "年底", None]
    assert [without_path(s) for s in spans(extraction)] == [
        {"sheet": "民生实事", "table": 1, "row": 3},
        {"sheet": "民生实事", "table": 1, "row": 4},
        {"sheet": "民生实事", "table": 1, "row": 5},
        {"sheet": "Sheet2", "table": 2, "row": 2},
    ]
    assert extraction.document.title == "2024年民生实事项目责任分解表"
    source = read_source(tmp_path / "doc.xlsx")
    assert source.lines[:3] == ["民生实事", "2024年民生实事项目责任分解表", "| 序号 | 任务 | 牵头单位 | 配合单位 | 完成时限 |"]


# -- HTML --------------------------------------------------------------------------------------

HTML = f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>{TITLE}_政府文件_某市人民政府门户网站</title>
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2024-03-05 09:30">
<script>var x = "1.不是任务(市某局牵头)";</script>
<style>p {{ color: red }}</style>
</head><body>
<nav><a href="/">首页</a> <a href="/zwgk">政务公开</a></nav>
<div class="content">
<p>{PROSE[0]}</p>
<p>{PROSE[1].replace("市交通局", "<span>市交通局</span>")}</p>
<table border="1">
<tr><th>序号</th><th>任务</th><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>1</td><td>改造老旧小区10个</td><td rowspan="2">市住建局</td><td>市财政局</td></tr>
<tr><td>2</td><td>新建学校2所</td><td>市发改委</td></tr>
<tr><td>3</td><td>增加养老床位100张</td><td>市民政局</td><td>市卫健委<br>市医保局</td></tr>
</table>
</div>
</body></html>
"""


def test_html_blocks_and_table_with_br_and_rowspan(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    extraction = extract_one(path)
    assert relations(extraction) == EXPECTED
    document = extraction.document
    assert (document.format, document.date, document.year) == ("html", "2024-03-05", 2024)
    assert [without_path(s) for s in spans(extraction)][2:] == [
        {"table": 1, "row": 2},
        {"table": 1, "row": 3},
        {"table": 1, "row": 4},
    ]
    source = read_source(path)
    assert source.lines[0] == TITLE  # from the meta tags: the body does not repeat it
    assert not any("首页" in line or "不是任务" in line or "color" in line for line in source.lines)
    assert source.lines[-1] == "| 3 | 增加养老床位100张 | 市民政局 | 市卫健委 市医保局 |"


def test_html_in_gb2312_and_a_doc_that_is_really_html(tmp_path):
    page = HTML.replace('charset="utf-8"', 'charset="gb2312"')
    path = tmp_path / "download.doc"  # portals serve HTML under .doc
    path.write_bytes(page.encode("gb18030"))
    assert relations(extract_one(path)) == EXPECTED


# -- PDF ---------------------------------------------------------------------------------------


def make_pdf(path):
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built in: no font file needed
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=16)
    data = [HEADER, *(list(r) for r in ROWS)]
    data[2][2] = ""  # under the merged cell
    data[3][3] = Paragraph("市卫健委<br/>市医保局", style)  # two lines in one cell
    table = Table(data)
    table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("SPAN", (2, 1), (2, 2)),
        ])
    )
    story = [Paragraph(TITLE, style), Paragraph(PROSE[0], style), PageBreak(), Paragraph(PROSE[1], style), table]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def test_pdf_text_layer_and_ruled_table_with_pages(tmp_path):
    extraction = extract_one(make_pdf(tmp_path / "doc.pdf"))
    assert relations(extraction) == EXPECTED
    assert [without_path(s) for s in spans(extraction)] == [
        {"page": 1},
        {"page": 2},
        {"page": 2, "table": 1, "row": 2},
        {"page": 2, "table": 1, "row": 3},
        {"page": 2, "table": 1, "row": 4},
    ]
    mention = extraction.tasks[-1].cooperating[-1]
    assert (mention.name, mention.span.page, mention.span.row, mention.span.column) == ("市医保局", 2, 4, 4)


def test_scanned_pdf_says_run_ocr(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(50, 50, 400, 600, fill=1)  # an image stand-in: marks, no text
    page.showPage()
    page.save()
    with pytest.raises(IngestError, match="is a scanned PDF without a text layer; run OCR first"):
        read_source(path)


# -- formats govkg does not read ---------------------------------------------------------------

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("notice.doc", OLE2, "is a legacy Word 97-2003 .doc file; save it as .docx"),
        ("tasks.xls", OLE2, "is a legacy Excel 97-2003 .xls file; save it as .xlsx"),
        ("notice.wps", OLE2, "is a WPS Writer .wps file; save it as .docx"),
        ("unknown.bin", OLE2, "is a legacy Office 97-2003 file (.doc/.xls); save it as .docx/.xlsx"),
        ("notice.rtf", b"{\\rtf1\\ansi hello}", "is an RTF file; save it as .docx"),
        ("broken.docx", "市发改委".encode(), "is not a valid .docx file"),
    ],
)
def test_unread_formats_give_one_line_naming_the_format(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and message in errors[0] and name in errors[0], result.output
    assert "Traceback" not in result.output


def test_scanned_pdf_through_the_command_line(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.showPage()
    page.save()
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert "scan.pdf: is a scanned PDF without a text layer; run OCR first" in result.output


def test_extract_json_names_page_table_and_row(tmp_path):
    result = runner.invoke(app, ["extract", str(make_pdf(tmp_path / "doc.pdf"))])
    assert result.exit_code == 0, result.output
    (document,) = json.loads(result.stdout)
    assert document["document"]["format"] == "pdf"
    assert document["tasks"][-1]["source"] == {
        "path": str(tmp_path / "doc.pdf"),
        "line_start": 7,
        "line_end": 7,
        "page": 2,
        "table": 1,
        "row": 4,
    }


def test_pdf_table_over_two_pages_counts_its_rows_on_and_keeps_wrapped_names_whole(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=12)
    rows = [HEADER] + [
        [
            str(i),
            Paragraph(f"完成第{i}项民生工程建设任务并持续推进相关配套设施的改造提升工作", cell),
            Paragraph("市发展和改革委员会", cell),  # wraps in its narrow column
            Paragraph("市财政局、市自然资源和规划局、市住房和城乡建设局", cell),
        ]
        for i in range(1, 41)
    ]
    table = Table(rows, colWidths=[30, 200, 70, 150])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))

    def page_number(canvas, document):
        canvas.setFont("STSong-Light", 10)
        canvas.drawString(280, 30, f"- {document.page} -")

    path = tmp_path / "long.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([table], onFirstPage=page_number, onLaterPages=page_number)
    extraction = extract_one(path)
    assert len(extraction.tasks) == 40
    assert {m.name for t in extraction.tasks for m in t.lead} == {"市发展和改革委员会"}
    assert {m.name for t in extraction.tasks for m in t.cooperating} == {"市财政局", "市自然资源和规划局", "市住房和城乡建设局"}
    pages = {t.span.page for t in extraction.tasks}
    assert pages == {1, 2}
    assert [(t.span.table, t.span.row) for t in extraction.tasks] == [(1, i + 1) for i in range(1, 41)]
    assert extraction.skipped == []


def test_rdf_spans_name_page_table_and_row_and_conform(tmp_path):
    import rdflib

    from graph_builder.emit import rdf
    from graph_builder.pipeline import load_corpus
    from ontology.validation import validate

    corpus, errors = load_corpus([make_pdf(tmp_path / "doc.pdf")])
    assert errors == []
    graph = rdflib.Graph()
    for quad in rdf.to_rdflib(rdf.quads(corpus)).quads():
        graph.add(quad[:3])
    conforms, violations = validate(graph)
    assert conforms, violations[:5]
    rows = graph.query(
        """PREFIX govkg: <https://w3id.org/govkg/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?page ?table ?row ?column WHERE {
            ?span oa:hasSelector/oa:exact "市医保局" ;
                govkg:page ?page ; govkg:tableNumber ?table ; govkg:row ?row ; govkg:column ?column .
        }"""
    )
    assert {(int(p), int(t), int(r), int(c)) for p, t, r, c in rows} == {(2, 1, 4, 4)}
    formats = {str(o) for o in graph.objects(None, rdflib.URIRef("https://w3id.org/govkg/ontology#sourceFormat"))}
    assert formats == {"pdf"}


def test_encrypted_pdf_asks_for_a_copy_without_password(tmp_path):
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), encrypt="secret")
    page.drawString(72, 700, "1. task")
    page.showPage()
    page.save()
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert "locked.pdf: is an encrypted PDF; save a copy without a password" in result.stderr


LAYOUT_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>某区关于2023年为民办实事项目的通知 - 某区政府</title></head>
<body><table width="100%"><tr><td><img src="logo.png"></td><td>网站首页 | 政务公开</td></tr>
<tr><td colspan="2">
<h1>某区关于2023年为民办实事项目的通知</h1>
<p>各街道:</p><p>　　现将有关事项通知如下。</p>
<table border="1"><caption>2023年为民办实事项目</caption>
<thead><tr><td>序号</td><td>项目</td><td>责任单位</td></tr></thead>
<tbody><tr><td colspan="3"><b>一、教育</b></td></tr>
<tr><td>1</td><td>新建幼儿园1所</td><td><p>区教育局</p><p>区发改局</p></td></tr>
<tr><td>2</td><td>改造操场 | 3个</td><td>区教育局、<br/>各街道</td></tr></tbody></table>
<p>某区人民政府<br>2023年2月1日</p>
</td></tr></table></body></html>
"""


def test_html_layout_table_is_read_as_text_and_the_data_table_inside_as_rows(tmp_path):
    path = tmp_path / "portal.htm"
    path.write_text(LAYOUT_PAGE, encoding="utf-8")
    source = read_source(path)
    assert source.lines[5:9] == [
        "| 序号 | 项目 | 责任单位 |",
        "一、教育",  # a row that is one cell across the table: a heading line
        "| 1 | 新建幼儿园1所 | 区教育局 区发改局 |",
        "| 2 | 改造操场 / 3个 | 区教育局、 各街道 |",  # a | inside a cell cannot open a cell
    ]
    extraction = extract_one(path)
    assert relations(extraction) == [
        ("新建幼儿园1所", ["区教育局"], ["区发改局"]),
        ("改造操场/3个", ["区教育局"], ["各街道"]),
    ]
    assert (extraction.document.title, extraction.document.date) == ("某区关于2023年为民办实事项目的通知", "2023-02-01")
    assert extraction.skipped == []


def test_xlsx_rows_under_a_merged_seq_keep_their_own_agencies(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append([1, "城市更新", "市住建局", "市财政局"])
    sheet.append([None, "老旧管网改造", "市城管局", "各区政府"])
    sheet.merge_cells("A2:A3")
    sheet.append([2, "新建学校2所", "市教育局", "市发改委"])
    workbook.save(tmp_path / "sub.xlsx")
    extraction = extract_one(tmp_path / "sub.xlsx")
    assert [(t.seq, t.text, [m.name for m in t.lead], [m.name for m in t.cooperating]) for t in extraction.tasks] == [
        ("1", "城市更新", ["市住建局"], ["市财政局"]),
        ("1", "老旧管网改造", ["市城管局"], ["各区政府"]),
        ("2", "新建学校2所", ["市教育局"], ["市发改委"]),
    ]
    assert [t.span.row for t in extraction.tasks] == [2, 3, 4]
    # The row under the merged 序号 is written without that cell; its cells keep their columns.
    assert [(m.name, m.span.column) for m in extraction.tasks[1].mentions] == [("市城管局", 3), ("各区政府", 4)]


def test_html_two_row_header_with_a_spanning_group_cell(tmp_path):
    path = tmp_path / "two.html"
    path.write_text(
        """<!DOCTYPE html><html><body><p>2024年重点任务分解表</p>
<table><tr><th rowspan="2">序号</th><th rowspan="2">重点任务</th><th colspan="2">责任单位</th></tr>
<tr><th>牵头单位</th><th>配合单位</th></tr>
<tr><td>1</td><td>建设公园3个</td><td>市园林局</td><td>市财政局<br>各区政府</td></tr>
<tr><td>2</td><td>新增停车位</td><td>市交通局</td><td></td></tr></table></body></html>""",
        encoding="utf-8",
    )
    extraction = extract_one(path)
    assert relations(extraction) == [
        ("建设公园3个", ["市园林局"], ["市财政局", "各区政府"]),
        ("新增停车位", ["市交通局"], []),
    ]
    assert [t.span.row for t in extraction.tasks] == [3, 4]
    assert extraction.skipped == []


def test_html_pre_keeps_its_lines_and_skipped_lines_name_their_table_row(tmp_path):
    path = tmp_path / "pre.html"
    path.write_text(
        """<!DOCTYPE html><html><body>
<pre>1.建设公园3个。(市园林局牵头,市财政局配合)
2.新增停车位500个。(市交通局牵头)</pre>
<table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr>
<tr><td>1</td><td>改造老旧小区10个</td><td>市住建局</td></tr>
<tr><td></td><td></td><td>备注:无</td></tr></table></body></html>""",
        encoding="utf-8",
    )
    extraction = extract_one(path)
    assert relations(extraction)[:2] == EXPECTED[:2]
    (skipped,) = [s.to_dict() for s in extraction.skipped]
    assert {k: skipped[k] for k in ("line", "text", "table", "row")} == {"line": 5, "text": "|  |  | 备注:无 |", "table": 1, "row": 3}


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".html", ".pdf"])
def test_every_format_hands_its_grid_to_the_one_table_model_with_the_merged_cell_marked(tmp_path, suffix):
    """DOCX, XLSX, HTML and PDF tables reach ``assemble_table`` as the same ``Table`` (the grid
    segmenter, cells in their columns): the lead merged over rows 1 and 2 is a cell of row 2
    marked as spanned from above, not a text to re-parse, and both rows read it as their lead."""
    from graph_builder.parse.table import table_rows
    from graph_builder.parse.tables import find_tables

    if suffix == ".html":
        path = tmp_path / "page.html"
        path.write_text(HTML, encoding="utf-8")
    else:
        path = {".docx": make_docx, ".xlsx": make_xlsx, ".pdf": make_pdf}[suffix](tmp_path / f"doc{suffix}")
    (table, *_) = find_tables(read_source(path), set())
    assert (table.segmenter, table.grid, table.fields[:4]) == ("grid", True, ["seq", "text", "lead", "cooperating"])
    leads = [[(cell.text, cell.spanned) for cell in row.cells[2]] for row in table_rows(table)]
    assert leads == [[("市住建局", False)], [("市住建局", True)], [("市民政局", False)]]
    extraction = extract_one(path)
    assert "grid" in extraction.document.readers
    by_text = {text: lead for text, lead, _ in relations(extraction)}
    assert by_text["改造老旧小区10个"] == by_text["新建学校2所"] == ["市住建局"]
