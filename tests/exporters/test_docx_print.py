"""Issue #15, the Word side, read from the .docx itself: page breaks in tables (repeated headings,
rows kept whole, merged groups kept together), page numbers on the forms, the report's addressee,
title breaks, document grid, signature and seal, form titles that fit, labels that strand no
character, and the 字符集外字表's large characters. What LibreOffice makes of it: test_docx_render."""

from __future__ import annotations

import math

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from hbaccept_gui.core.charset import rare_characters
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import docx as word
from hbaccept_gui.exporters import docx_form, docx_report, docx_table, docx_tall_rows, docx_text
from hbaccept_gui.exporters import fonts
from hbaccept_gui.exporters.charset_docx import write_charset_docx
from hbaccept_gui.exporters.charset_layout import charset_form
from hbaccept_gui.exporters.layout import (Cell, FormLayout, ReportLayout, ReportSectionLayout, Table,
                                           build_export_set)
from hbaccept_gui.exporters.settings import ExportSettings

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
SECTION_HEADING = "统筹推动脱贫县（团场）全民艺术普及高质量发展任务"


@pytest.fixture(scope="module")
def demo_set():
    return build_export_set(evaluate(*load_demo()))


@pytest.fixture(scope="module")
def written(large_export_set, demo_set, tmp_path_factory):
    """{(set, annex label or report key): python-docx Document} of the demo and the large document."""
    folder = tmp_path_factory.mktemp("print")
    out = {}
    for name, export_set in (("demo", demo_set), ("large", large_export_set)):
        for form in export_set.forms:
            out[(name, form.annex_label)] = docx.Document(
                word.write_form_docx(form, folder / f"{name}-{form.annex_label}.docx"))
        for report in export_set.reports:
            out[(name, report.key)] = docx.Document(word.write_report_docx(report, folder / f"{name}-{report.key}.docx"))
    return out


def form_of(export_set, annex: str) -> FormLayout:
    return next(f for f in export_set.forms if f.annex_label == annex)


def text_of(element) -> str:
    return "\n".join(p.xpath("string(.)") for p in element.iter(qn("w:p")))


def trs(table):
    return table._tbl.findall(qn("w:tr"))


def has(tr, tag: str) -> bool:
    return tr.trPr is not None and tr.trPr.find(qn(f"w:{tag}")) is not None


def keeps_with_next(tr) -> bool:
    return all(p.pPr is not None and p.pPr.find(qn("w:keepNext")) is not None for p in tr.iter(qn("w:p")))


# ---------------------------------------------------------------- tables (items 3, 4, 5)


def test_annex4s_second_section_is_a_table_whose_repeated_header_is_its_heading_and_the_columns(written):
    """Item 5: Word repeats only a table's first rows, so the section is a table of its own."""
    for name in ("demo", "large"):
        tables = written[(name, "附件4")].tables
        assert len(tables) == 2, name
        first, second = trs(tables[1])[:2]
        assert text_of(first) == SECTION_HEADING and has(first, "tblHeader")
        assert text_of(second).startswith("序号") and has(second, "tblHeader")
        assert not any(has(tr, "tblHeader") for tr in trs(tables[1])[2:])
        assert SECTION_HEADING not in text_of(tables[0]._tbl)


def test_annex5s_indicators_repeat_their_heading_row_with_the_first_level_label(written):
    """Item 3: page 2 of 附件5 started mid-block with no 二级指标… row and an empty merged cell."""
    for name in ("demo", "large"):
        tables = written[(name, "附件5")].tables
        indicators = next(t for t in tables if "二级指标" in text_of(t._tbl))
        heading = trs(indicators)[0]
        assert has(heading, "tblHeader") and "三级指标" in text_of(heading)
        assert text_of(heading.tc_lst[0]) == "绩\n效\n指\n标"  # the 一级指标, on every page
        assert not any(has(tr, "tblHeader") for tr in trs(indicators)[1:])
        assert "年度资金总额" not in text_of(indicators._tbl)  # the funding block is not repeated


def test_a_header_label_spanning_into_the_body_is_merged_only_in_the_header_and_continues_open(written):
    """The 绩效指标 column below the repeated row: cells without lines between them, so it reads as
    one merged cell, and no vMerge into the body, which Word would leave empty on page 2."""
    indicators = next(t for t in written[("demo", "附件5")].tables if "二级指标" in text_of(t._tbl))
    rows = trs(indicators)
    first_column = [tr.tc_lst[0] for tr in rows if tr.tc_lst[0].tcPr.find(qn("w:gridSpan")) is None]
    assert all(tc.tcPr.find(qn("w:vMerge")) is None for tc in first_column)

    def open_edges(tc):
        borders = tc.tcPr.find(qn("w:tcBorders"))
        return {e.tag.split("}")[1] for e in borders if e.get(qn("w:val")) == "nil"} if borders is not None else set()

    assert open_edges(first_column[0]) == {"bottom"}
    assert all(open_edges(tc) == {"top", "bottom"} for tc in first_column[1:-1])
    assert open_edges(first_column[-1]) == {"top"}


def test_table_blocks_follow_the_layouts_row_groups(demo_set):
    annex4, annex5 = form_of(demo_set, "附件4"), form_of(demo_set, "附件5")
    blocks = docx_table.table_blocks(annex4.table)
    assert [len(b.header_rows) for b in blocks] == [1, 2]
    assert sum(len(b.header_rows) + len(b.body_rows) for b in blocks) == 1 + len(annex4.table.body_rows)
    group = annex5.table.groups[0]
    blocks = docx_table.table_blocks(annex5.table)
    assert [len(b.body_rows) for b in blocks] == [group.start, group.end - group.start - 1,
                                                  len(annex5.table.body_rows) - group.end]
    assert [len(b.header_rows) for b in blocks] == [0, 1, 0]
    plain = form_of(demo_set, "附件1").table
    assert docx_table.table_blocks(plain) == [plain]


def test_a_merged_task_taller_than_half_a_page_is_not_tied_together(written):
    """Two contractors with 300-character texts: keeping them together would leave most of a page
    empty before them (and a group taller than a page is broken anyway)."""
    rows = trs(written[("large", "附件4")].tables[0])
    assert not keeps_with_next(next(tr for tr in rows if "非遗直播" in text_of(tr)))


def test_short_merged_groups_keep_together_and_their_last_row_lets_go(tmp_path):
    table = Table((1, 2, 2), (tuple(Cell(t, header=True) for t in ("序号", "项目任务", "承建单位")),),
                  ((Cell("1", row_span=3), Cell("任务甲", row_span=3), Cell("甲一")), (Cell("甲二"),), (Cell("甲三"),),
                   (Cell("2"), Cell("任务乙"), Cell("乙一"))))
    form = FormLayout("t", "t", "附件9", "测试表", False, (), table, (), (), "t")
    rows = trs(docx.Document(word.write_form_docx(form, tmp_path / "t.docx")).tables[0])
    assert [keeps_with_next(tr) for tr in rows[1:]] == [True, True, False, False]


def test_a_tall_groups_first_row_keeps_with_the_second_if_they_are_short():
    """The label's first row is not left alone at the foot of a page (LibreOffice ignores keep-with-
    next in tables; Word applies it to rows)."""
    assert docx_table._kept(2, 5, [0, 0, 30, 30, 300, 300], 600) == (2, 3)
    assert docx_table._kept(2, 5, [0, 0, 30, 30, 30, 30], 600) == (2, 5)
    assert docx_table._kept(2, 5, [0, 0, 300, 30, 300, 300], 600) == (2, 2)


def test_no_row_is_ever_split_across_pages(written):
    """Item 4: cantSplit on every row, also of the larger document: a row taller than a page is cut
    into rows that fit (next tests), as Word would otherwise break it anywhere (ECMA-376 17.4.6:
    after first moving it to a new page, leaving the page before empty)."""
    for (name, key), document in written.items():
        if key.startswith("附件"):
            assert all(has(tr, "cantSplit") for t in document.tables for tr in trs(t)), (name, key)


def test_a_row_taller_than_a_page_is_cut_into_rows_whose_labels_say_they_continue(written):
    """Item 4: 附件2's first row (the clerk's text and 69 works) is taller than a landscape page:
    each further piece repeats 序号 and 项目任务 with 「（续）」 and holds the next lines of the texts."""
    rows = trs(written[("large", "附件2")].tables[0])[1:]
    first = [text_of(tc) for tc in rows[0].tc_lst]
    assert first[:2] == ["1", "基础数字资源项目"] and "项目说明" in first[5]
    pieces = [tr for tr in rows if text_of(tr.tc_lst[0]) == "1（续）"]
    assert len(pieces) >= 2
    assert all(text_of(tr.tc_lst[1]) == "基础数字资源项目（续）" for tr in pieces)
    printed = "".join(text_of(tr.tc_lst[5]) for tr in rows[:rows.index(pieces[-1]) + 1]).replace("\n", "")
    assert "".join(f"{n + 9}、《保定府志卷{n}》 {100 + 7 * n}叶" for n in range(1, 61)) in printed  # all, in order


def test_pieces_hold_what_is_left_of_the_first_page_then_a_page_each():
    assert docx_tall_rows._piece_lines(100, 30, 40) == [30, 40, 30]
    assert docx_tall_rows._piece_lines(100, 2, 40) == [40, 40, 20]  # too little left: it starts on the next page
    assert docx_tall_rows._cut_text("一二三四五六\n七八", 4, [1, 2]) == ["一二三四", "五六\n七八"]
    assert docx_tall_rows._cut_text("短", 4, [1, 1]) == ["短", ""]


def test_estimated_row_heights_count_the_lines_a_cell_wraps_into():
    widths = docx_table._column_widths((1.0, 1.0), Mm(100))
    table = Table((1.0, 1.0), (), ((Cell("短"), Cell("字" * 60)), (Cell("字" * 600), Cell(""))))
    spans, _owner = docx_table._merged_areas(table, 2, 2)
    heights = docx_table._row_heights(spans, 2, widths)
    per_line = (Emu(Mm(50)).pt - 6) / docx_table.CELL_PT  # 50 mm less the cell's 3 pt sides: 12.9 characters
    assert heights[0] == pytest.approx(math.ceil(60 / per_line) * docx_table.CELL_LINE_PT + 2, abs=0.5)
    assert heights[1] == pytest.approx(math.ceil(600 / per_line) * docx_table.CELL_LINE_PT + 2, abs=0.5)


# ---------------------------------------------------------------- page numbers (item 7)


def test_every_form_has_a_centred_page_number_field_as_the_pdf_prints_it(written):
    for (name, key), document in written.items():
        if not key.startswith("附件"):
            continue
        footer = document.sections[0].footer
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert " PAGE " in [t.text for t in footer._element.iter(qn("w:instrText"))]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.runs[0].font.size == Pt(10.5)
        assert not document.settings.odd_and_even_pages_header_footer  # one footer, centred on every page


# ---------------------------------------------------------------- reports (items 1, 8)


def signature_index(document, unit: str) -> int:
    return next(n for n, p in enumerate(document.paragraphs) if p.text == unit)


def test_the_last_body_paragraph_keeps_with_the_signature(written, demo_set):
    """Item 1: the cloud report's unit and date stood alone on page 2."""
    for (name, key), document in written.items():
        if key.startswith("附件"):
            continue
        paragraphs = document.paragraphs
        unit = signature_index(document, demo_set.reports[0].unit)
        assert [p.text for p in paragraphs[unit - 2:unit]] == ["", ""]
        last_body = paragraphs[unit - 3]
        assert last_body.text.strip(), (name, key)
        assert all(p.paragraph_format.keep_with_next for p in paragraphs[unit - 3:unit + 1]), (name, key)
        assert not paragraphs[unit + 1].paragraph_format.keep_with_next


def test_the_report_starts_with_the_addressee_flush_left_under_the_title_and_an_empty_line(written):
    """Item 8: GB/T 9704 7.3.2, 主送机关 under the title, one line between, flush left (顶格)."""
    for name in ("demo", "large"):
        document = written[(name, "library_report")]
        paragraphs = document.paragraphs
        assert paragraphs[1].text == ""
        addressee = paragraphs[2]
        assert addressee.text == "河北省文化和旅游厅："
        assert not addressee.paragraph_format.first_line_indent and not addressee.paragraph_format.left_indent
        assert addressee.alignment in (WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY)
        assert addressee.runs[0].font.size == Pt(16)
        assert paragraphs[3].text.startswith("一、")


def test_a_report_without_an_addressee_has_no_empty_colon_line(tmp_path):
    report = ReportLayout("r", "r", "关于测试的报告", (ReportSectionLayout("一、措施", ("正文。",)),), "保定市图书馆",
                          "2025年6月5日")
    texts = [p.text for p in docx.Document(word.write_report_docx(report, tmp_path / "r.docx")).paragraphs]
    assert "：" not in texts and texts[2] == "一、措施"


@pytest.mark.parametrize(("title", "lines"), [
    ("关于2024年度公共文化云建设项目有关情况的报告", ["关于2024年度公共文化云建设项目", "有关情况的报告"]),
    ("关于2024年度全国智慧图书馆体系建设项目有关情况的报告", ["关于2024年度全国智慧图书馆体系建设项目", "有关情况的报告"]),
    ("关于测试的报告", ["关于测试的报告"]),
])
def test_titles_break_after_a_word_never_before_a_particle(title, lines):
    """Item 8: GB/T 9704 回行时要做到词意完整; 「…有关情况／的报告」 was how the cloud title broke."""
    assert docx_report.title_lines(title, 20) == lines


def test_a_title_without_a_known_word_to_break_after_still_fits_and_starts_no_line_with_a_particle():
    lines = docx_report.title_lines("甲乙丙丁戊己庚辛壬癸的子丑寅卯辰巳午未申酉戌亥", 10)
    assert all(docx_text.char_width(line) <= 10 for line in lines) and "".join(lines).startswith("甲乙")
    assert not any(line[0] in docx_report.TITLE_NO_LINE_START for line in lines[1:])


def test_the_reports_title_is_printed_in_those_lines(written):
    title = written[("demo", "cloud_report")].paragraphs[0]
    assert title.text == "关于2024年度公共文化云建设项目\n有关情况的报告"
    assert title._p.xpath(".//w:br")


def test_the_report_page_has_a_22_line_grid_and_its_text_28_characters_a_line(written):
    """Item 8: 156 mm hold 27 characters of 16 pt; 28 need a pitch of 15.79 pt. Word's grid type
    「行和字符」 would do it in Word but LibreOffice spreads every character over two cells of such a
    grid (test_docx_render measures 28 a line as printed), so the grid is of lines and the
    characters are set 0.25 pt closer."""
    document = written[("demo", "library_report")]
    section = document.sections[0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and int(grid.get(qn("w:linePitch"))) == round(docx_report.LINE_PT * 20)
    width = Emu(section.page_width - section.left_margin - section.right_margin).pt
    assert int(Emu(section.page_height - section.top_margin - section.bottom_margin).pt / docx_report.LINE_PT) == 22
    assert 16 + int(grid.get(qn("w:charSpace"))) / 4096 == pytest.approx(width / 28, abs=0.01)
    body = next(p for p in document.paragraphs if p.text.startswith("（一）"))
    spacing = [int(r._r.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20 for r in body.runs]
    pitch = 16 + spacing[0]
    assert set(spacing) == {spacing[0]} and 28 * pitch <= width < 29 * pitch


def test_the_unit_is_centred_over_the_date_by_their_printed_widths(written, demo_set):
    """Item 8: the unit was right-aligned with the date (their widths counted alike: 6 characters)."""
    report = demo_set.reports[0]
    document = written[("demo", "library_report")]
    n = signature_index(document, report.unit)
    unit, date = document.paragraphs[n], document.paragraphs[n + 1]
    assert date.text == report.date_text and date.paragraph_format.right_indent == Pt(64)
    date_pt, unit_pt = (fonts.string_width(t, "body", 16) for t in (report.date_text, report.unit))
    unit_centre = unit.paragraph_format.right_indent.pt + unit_pt / 2
    assert unit_centre == pytest.approx(64 + date_pt / 2, abs=0.1)
    for paragraph in (unit, date):  # no Chinese–digit autospace, which no width knows of
        assert paragraph._p.pPr.find(qn("w:autoSpaceDN")).get(qn("w:val")) == "0"


def seal_of(document):
    anchors = list(document.element.body.iter(f"{{{WP}}}anchor"))
    assert len(anchors) == 1
    return anchors[0]


@pytest.mark.parametrize("diameter", [42.0, 50.0])
def test_the_report_has_a_dashed_seal_circle_of_the_set_diameter_centred_over_the_date(demo_set, tmp_path, diameter):
    """Item 8: a floating dashed circle behind the unit and date, anchored to the unit's line."""
    report = demo_set.reports[0]
    path = word.write_report_docx(report, tmp_path / "r.docx", ExportSettings(seal_diameter_mm=diameter))
    document = docx.Document(path)
    anchor = seal_of(document)
    assert anchor.get("behindDoc") == "1"
    extent = anchor.find(f"{{{WP}}}extent")
    assert int(extent.get("cx")) == int(extent.get("cy")) == pytest.approx(Mm(diameter), abs=Pt(0.1))
    assert anchor.find(f".//{{{A}}}prstGeom").get("prst") == "ellipse"
    assert anchor.find(f".//{{{A}}}prstDash").get("val") == "dash"
    assert anchor.find(f".//{{{A}}}noFill") is not None
    section = document.sections[0]
    width = Emu(section.page_width - section.left_margin - section.right_margin).pt
    left = Emu(int(anchor.find(f"{{{WP}}}positionH/{{{WP}}}posOffset").text)).pt
    date_pt = fonts.string_width(report.date_text, "body", 16)
    assert left + Mm(diameter).pt / 2 == pytest.approx(width - 64 - date_pt / 2, abs=0.5)
    unit_paragraph = document.paragraphs[signature_index(document, report.unit)]
    assert unit_paragraph._p.xpath(".//wp:anchor")  # moves with the signature
    assert "v:oval" in unit_paragraph._p.xml and 'dashstyle="dash"' in unit_paragraph._p.xml  # VML fallback


# ---------------------------------------------------------------- form titles and labels (item 9)


def test_a_form_title_keeps_18_pt_where_it_fits_and_shrinks_where_it_would_wrap():
    assert docx_form.form_title_size("2024年度全国智慧图书馆体系建设项目任务指标完成情况表", Mm(172).pt) == 18
    assert docx_form.form_title_size("2024年度全国智慧图书馆体系建设项目任务指标完成情况表", Mm(156).pt) == 16
    assert docx_form.form_title_size("很" * 80, Mm(156).pt) == docx_form.TITLE_MIN_PT


def test_annex1s_title_is_printed_at_18_pt_on_the_pdf_forms_width(written):
    title = written[("demo", "附件1")].paragraphs[1]
    assert title.text == "2024年度全国智慧图书馆体系建设项目任务指标完成情况表"
    assert title.runs[0].font.size == Pt(18)


@pytest.mark.parametrize(("text", "room", "lines"), [
    ("实际完成任务量", 6.4, ["实际完成", "任务量"]),
    ("二级指标", 3.7, ["二级", "指标"]),
    ("其他说明", 3.2, ["其他", "说明"]),
    ("全国智慧图书馆体系建设", 5.2, ["全国智慧", "图书馆体", "系建设"]),
    ("年度承担任务指标量", 4.5, ["年度承", "担任务", "指标量"]),
    ("项目名称", 6, ["项目名称"]),  # fits
    ("全年执行数（B）", 4.2, ["全年执行数（B）"]),  # its last line holds more than one character
    ("绩\n效\n指\n标", 1, ["绩", "效", "指", "标"]),  # written a character a line
])
def test_labels_that_would_strand_a_character_are_broken_evenly(text, room, lines):
    assert docx_table.label_lines(text, room).split("\n") == lines


def test_a_centred_cell_is_written_in_the_even_lines(tmp_path):
    table = Table((1.0, 6.0), (), ((Cell("实际完成任务量", header=True), Cell("说明", align="left")),))
    form = FormLayout("t", "t", "附件9", "测试表", False, (), table, (), (), "t")
    document = docx.Document(word.write_form_docx(form, tmp_path / "t.docx"))
    cells = document.tables[0].rows[0].cells
    room = Emu(cells[0].width).pt
    assert room < 7 * 10.5 + 6  # the label would wrap
    assert [p.text for p in cells[0].paragraphs] == ["实际完成", "任务量"]


# ---------------------------------------------------------------- 字符集外字表 (item 11)


def test_the_character_column_of_the_charset_list_prints_at_20_pt_on_a_pitch_that_holds_it(tmp_path):
    definition, demo = load_demo()
    form = charset_form(evaluate(definition, demo), rare_characters(definition, demo))
    document = docx.Document(write_charset_docx(form, tmp_path / "list.docx"))
    column = [c.text for c in document.tables[0].rows[0].cells].index("字")
    chars = [cell for cell in document.tables[0].column_cells(column)[1:] if cell.text]
    assert {c.text for c in chars} >= {"玊", "讃"}
    for cell in chars:
        paragraph = cell.paragraphs[0]
        assert paragraph.runs[0].font.size >= Pt(20)
        assert paragraph.paragraph_format.line_spacing >= Pt(20)
    other = document.tables[0].rows[1].cells[column + 1].paragraphs[0]
    assert other.runs[0].font.size == Pt(10.5)
