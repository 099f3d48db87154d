"""The Word files: each annex laid out like the notice's form, the reports in the GB/T 9704 format,
Chinese fonts that Word really uses, and files LibreOffice can open."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import docx as word
from hbaccept_gui.exporters import docx_table, docx_text
from hbaccept_gui.exporters.layout import (
    Cell,
    FormLayout,
    PrintedField,
    ReportLayout,
    ReportSectionLayout,
    Table,
    build_export_set,
)
from hbaccept_gui.exporters.settings import ExportSettings

GROUP_LABEL = "统筹推动脱贫县（团场）全民艺术普及高质量发展任务量"
THEME_ATTRS = [qn(f"w:{name}") for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]


@pytest.fixture(scope="module")
def demo_document():
    return load_demo()[1]


@pytest.fixture(scope="module")
def export_set():
    return build_export_set(evaluate(*load_demo()))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return tmp_path_factory.mktemp("docx")


@pytest.fixture(scope="module")
def forms(export_set, out):
    """{annex label: (layout, path)} for every form of the demo, written once for the module."""
    return {form.annex_label: (form, word.write_form_docx(form, out / f"{form.file_stem}.docx"))
            for form in export_set.forms}


@pytest.fixture(scope="module")
def reports(export_set, out):
    return [(report, word.write_report_docx(report, out / f"{report.file_stem}.docx"))
            for report in export_set.reports]


def open_form(forms, annex: str):
    return docx.Document(forms[annex][1])


def all_text(document) -> str:
    """Every paragraph of the body, table cells included, one per line."""
    return "\n".join(p.text for p in document.element.body.iter(qn("w:p")))


def tc_text(tc) -> str:
    """A cell's text (lxml's itertext repeats python-docx's run text, so go by paragraph)."""
    return "\n".join(p.text for p in tc.iter(qn("w:p")))


def rows_of(document):
    return document.tables[0]._tbl.tr_lst


def row_has(tr, tag: str) -> bool:
    return tr.trPr is not None and tr.trPr.find(qn(f"w:{tag}")) is not None


def parts(path: Path):
    """Every XML part of the document that holds text: body, styles, headers and footers."""
    document = docx.Document(path)
    yield document.element
    yield document.styles.element
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer):
            if not footer.is_linked_to_previous:
                yield footer._element


def body_paragraphs_after(document, heading: str):
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == heading)
    return paragraphs[start + 1]


# ---------------------------------------------------------------- forms


def test_every_annex_starts_with_its_label_top_left_then_its_title_centred(forms):
    for annex, (form, path) in forms.items():
        paragraphs = docx.Document(path).paragraphs
        assert paragraphs[0].text == annex
        assert paragraphs[1].text == form.title
        assert paragraphs[1].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraphs[0].runs[0].font.size == Pt(16)


def test_annex_1_is_called_附件1_and_shows_the_completed_1_0274(forms):
    document = open_form(forms, "附件1")
    assert document.paragraphs[0].text == "附件1"
    assert "1.0274" in all_text(document)


def test_header_line_prints_the_unit_with_the_seal_note_and_the_date(forms):
    text = all_text(open_form(forms, "附件1"))
    assert "单位名称：保定市图书馆（加盖公章）" in text
    assert "日期：2025年06月05日" in text


def test_an_empty_unit_leaves_room_to_write_and_still_asks_for_the_seal(forms, tmp_path):
    form = forms["附件1"][0]
    blank = dataclasses.replace(form, header_fields=tuple(dataclasses.replace(f, value="") for f in form.header_fields))
    text = all_text(docx.Document(word.write_form_docx(blank, tmp_path / "blank.docx")))
    assert "单位名称：\u3000\u3000\u3000\u3000\u3000\u3000（加盖公章）" in text
    assert "日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日" in text


def test_footer_fields_print_the_contact_and_phone(forms):
    text = all_text(open_form(forms, "附件1"))
    assert "项目联系人：王晓梅（示例）" in text
    assert "联系电话：0312-1234567" in text


def test_annex_2_description_gives_10274_leaves_and_every_title(forms, demo_document):
    text = all_text(open_form(forms, "附件2"))
    assert "10274" in text
    titles = [item.title for rows in demo_document.details.values() for row in rows for item in row.items]
    assert "《海琼玊蟾先生文集》" in titles
    for title in titles:
        assert title in text


def test_every_printed_cell_text_is_in_the_table(forms):
    """Line for line, whatever lines a short label is broken into (`docx_table.label_lines`)."""
    for form, path in forms.values():
        text = "".join(all_text(docx.Document(path)).split())
        for row in form.table.header_rows + form.table.body_rows:
            for cell in row:
                for line in cell.text.split("\n"):
                    assert "".join(line.split()) in text, (form.annex_label, line)


def test_annexes_3_and_4_are_landscape_a4_pages(forms):
    for annex in ("附件3", "附件4"):
        section = open_form(forms, annex).sections[0]
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert section.page_width > section.page_height
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_forms_have_the_pdf_forms_margins_so_columns_are_as_wide_as_in_the_pdf(forms):
    """Issue #15 item 9: with GB/T 9704's 156 mm the 18 pt title wrapped 「…完成／情况表」 and narrow
    label columns stranded a character where the PDF's did not."""
    from reportlab.lib.units import mm

    from hbaccept_gui.exporters import pdf

    for annex, margins in (("附件1", pdf.FORM_MARGINS), ("附件3", pdf.LANDSCAPE_FORM_MARGINS)):
        section = open_form(forms, annex).sections[0]
        top, right, bottom, left = (round(m / mm, 1) for m in margins)
        assert [round(m.mm, 1) for m in (section.top_margin, section.right_margin, section.bottom_margin,
                                         section.left_margin)] == [top, right, bottom, left], annex


def test_landscape_forms_match_their_layout_flag(forms):
    for form, path in forms.values():
        section = docx.Document(path).sections[0]
        assert (section.page_width > section.page_height) == form.landscape, form.annex_label


def test_header_rows_repeat_on_every_page_and_no_row_splits(forms):
    for form, path in forms.values():
        rows = rows_of(docx.Document(path))
        headers = len(form.table.header_rows)
        assert row_has(rows[0], "tblHeader") == bool(headers), form.annex_label
        assert all(row_has(tr, "tblHeader") for tr in rows[:headers])
        assert not any(row_has(tr, "tblHeader") for tr in rows[headers:])
        assert all(row_has(tr, "cantSplit") for tr in rows), form.annex_label


def test_annex_3_group_header_spans_six_columns(forms):
    document = open_form(forms, "附件3")
    group = next(tc for tc in rows_of(document)[0].tc_lst if tc_text(tc) == GROUP_LABEL)
    assert group.tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "6"
    assert len(rows_of(document)[0].tc_lst) == 8  # 项目名称, six indicators, the group


def test_row_spans_become_vertical_merges(forms):
    """Every row span is a vertical merge, except a header cell that spans from its table's header
    rows into the body (附件5's 绩效指标): Word repeats only the header rows on a new page, so it is
    merged there and continues as open cells (see test_docx_print)."""
    for form, path in forms.values():
        spans = 0
        for block in docx_table.table_blocks(form.table):
            heads, rows = len(block.header_rows), len(block.header_rows) + len(block.body_rows)
            spans += sum(1 for r, _c, cell in block.placements()
                         if min(cell.row_span, rows - r) > 1 and not (r < heads < r + cell.row_span))
        restarts = [v for v in docx.Document(path).element.iter(qn("w:vMerge")) if v.get(qn("w:val")) == "restart"]
        assert len(restarts) == spans, form.annex_label


def test_column_widths_follow_the_layout_and_fill_the_text_width(forms):
    for form, path in forms.values():
        document = docx.Document(path)
        section = document.sections[0]
        widths = [int(c.get(qn("w:w"))) for c in document.tables[0]._tbl.iter(qn("w:gridCol"))]
        text_width = Emu(section.page_width - section.left_margin - section.right_margin).twips
        assert text_width - len(widths) <= sum(widths) <= text_width
        for got, relative in zip(widths, form.table.widths):
            assert abs(got / widths[0] - relative / form.table.widths[0]) < 0.01


def test_header_cells_are_set_in_heiti_not_bold_as_the_pdf_sets_them_and_centred(forms):
    """Issue #15 item 9: bold in both formats or neither; the PDF sets header cells in its heading
    face (黑体), not bold."""
    from hbaccept_gui.exporters import pdf
    from hbaccept_gui.exporters.layout import Cell

    assert pdf._cell_style(Cell("项目名称", header=True))[1] == "heading"
    document = open_form(forms, "附件1")
    first = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert first.text == "项目名称"
    assert not first.runs[0].bold and first.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert first.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_a_newline_in_a_cell_starts_a_new_paragraph(forms):
    document = open_form(forms, "附件5")
    tc = next(tc for tr in document.element.body.iter(qn("w:tr")) for tc in tr.tc_lst
              if tc_text(tc).startswith("绩\n"))
    assert [p.text for p in tc.iter(qn("w:p"))] == list("绩效指标")


def test_control_characters_in_a_cell_are_dropped_not_fatal(tmp_path):
    table = Table((1.0, 2.0), ((Cell("名称\x07", header=True), Cell("说明\x00\x1b", header=True)),),
                  ((Cell("a\x0bb"), Cell("第一行\r\n第二行\x07", align="left")),))
    form = FormLayout("annex9", "附件9_测试", "附件9", "标题\x07", False, (PrintedField("unit_name", "单位名称", "保定\x01市", seal_note="（加盖公章）"),),
                      table, ("注：\x08",), (PrintedField("phone", "联系电话", "\x0c"),), "附件9")
    document = docx.Document(word.write_form_docx(form, tmp_path / "control.docx"))
    text = all_text(document)
    assert "名称" in text and "说明" in text and "ab" in text and "单位名称：保定市（加盖公章）" in text
    assert not any(ch in text for ch in "\x00\x01\x07\x08\x0b\x0c\x1b\r")
    cell = document.tables[0].rows[1].cells[1]
    assert [p.text for p in cell.paragraphs] == ["第一行", "第二行"]


def test_every_run_names_an_east_asian_font_without_theme_fonts(forms, reports):
    paths = [path for _form, path in forms.values()] + [path for _report, path in reports]
    for path in paths:
        for part in parts(path):
            for run in part.iter(qn("w:r")):
                fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
                assert fonts.get(qn("w:eastAsia")) and fonts.get(qn("w:ascii")) and fonts.get(qn("w:hAnsi"))
                lang = run.find(qn("w:rPr")).find(qn("w:lang"))
                assert lang.get(qn("w:eastAsia")) == "zh-CN"
            for fonts in part.iter(qn("w:rFonts")):
                assert not any(attr in fonts.attrib for attr in THEME_ATTRS), path.name


def test_normal_style_uses_the_body_font_without_extra_spacing(forms):
    document = open_form(forms, "附件1")
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert normal.paragraph_format.space_after == 0
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "仿宋"
    assert defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}").get(qn("w:after")) == "0"


def test_font_settings_name_the_faces_and_light_title_faces_are_bold(forms, tmp_path):
    form = forms["附件1"][0]
    settings = ExportSettings(title_font="宋体", body_font="仿宋_GB2312", heading1_font="方正黑体简体")
    document = docx.Document(word.write_form_docx(form, tmp_path / "fonts.docx", settings))
    label, title = document.paragraphs[0].runs[0], document.paragraphs[1].runs[0]
    assert label.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正黑体简体"
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体" and title.bold
    cell = document.tables[0].rows[1].cells[1].paragraphs[0].runs[0]
    assert cell.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heavy = docx.Document(word.write_form_docx(form, tmp_path / "heavy.docx", ExportSettings(title_font="方正小标宋简体")))
    assert not heavy.paragraphs[1].runs[0].bold


def test_default_fonts_are_the_common_faces_off_windows(monkeypatch):
    monkeypatch.setattr(docx_text.sys, "platform", "linux")
    assert [docx_text.default_font(r) for r in ("title", "body", "heading2")] == ["黑体", "仿宋", "楷体"]


def test_default_fonts_prefer_the_official_faces_installed_on_windows(monkeypatch, tmp_path):
    from hbaccept_gui.exporters import fonts

    (tmp_path / "FZXBSJW.TTF").write_bytes(b"")
    (tmp_path / "FS_GB2312.ttf").write_bytes(b"")
    monkeypatch.setattr(docx_text.sys, "platform", "win32")
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    assert [docx_text.default_font(r) for r in ("title", "body", "heading2")] == ["方正小标宋简体", "仿宋_GB2312", "楷体"]


# ---------------------------------------------------------------- reports


def test_report_has_its_title_in_22pt_and_the_three_headings_in_heiti(reports):
    for report, path in reports:
        document = docx.Document(path)
        title = document.paragraphs[0]
        assert title.text.replace("\n", "") == report.title and title.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert title.runs[0].font.size == Pt(22)
        headings = [p for p in document.paragraphs if p.text[:2] in ("一、", "二、", "三、")]
        assert [p.text for p in headings] == ["一、组织推进项目建设的具体措施", "二、项目任务总体完成情况及取得的成效",
                                              "三、项目建设存在的困难以及意见建议"]
        assert all(p.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体" for p in headings)


def test_report_body_is_16pt_on_an_exact_28_95pt_pitch_indented_two_characters(tmp_path):
    text = "2024年，我馆完成古籍数字化10274筒子叶。"
    report = ReportLayout("r", "r", "关于测试的报告", (ReportSectionLayout("一、措施", (text,)),), "保定市图书馆",
                          "2025年6月5日")
    document = docx.Document(word.write_report_docx(report, tmp_path / "r.docx"))
    body = body_paragraphs_after(document, "一、措施")
    assert body.text == text
    assert body.runs[0].font.size == Pt(16)
    assert body.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    assert body.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert abs(body.paragraph_format.line_spacing.pt - 28.95) < 0.05
    assert body.paragraph_format.first_line_indent == Pt(32)


def test_report_level_2_headings_are_in_kaiti(tmp_path):
    report = ReportLayout("r", "r", "关于测试的报告", (ReportSectionLayout("一、措施", ("（一）加强组织领导。正文。",)),),
                          "保定市图书馆", "2025年6月5日")
    body = body_paragraphs_after(docx.Document(word.write_report_docx(report, tmp_path / "r.docx")), "一、措施")
    assert [(r.text, r.element.rPr.rFonts.get(qn("w:eastAsia"))) for r in body.runs] == [
        ("（一）加强组织领导。", "楷体"), ("正文。", "仿宋")]


def test_an_empty_section_prints_its_heading_and_an_empty_paragraph(export_set, tmp_path):
    drafted = export_set.reports[0]
    report = dataclasses.replace(drafted, sections=tuple(dataclasses.replace(s, paragraphs=()) for s in drafted.sections))
    document = docx.Document(word.write_report_docx(report, tmp_path / "empty.docx"))
    for section in report.sections:
        assert body_paragraphs_after(document, section.heading).text == ""


def test_report_ends_with_the_unit_over_the_date_four_characters_from_the_right(reports):
    report, path = reports[0]
    paragraphs = docx.Document(path).paragraphs
    assert [p.text for p in paragraphs[-4:]] == ["", "", "保定市图书馆", "2025年6月5日"]
    date = paragraphs[-1]
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT and date.paragraph_format.right_indent == Pt(64)


def test_report_page_is_a4_with_the_gbt9704_margins(reports):
    section = docx.Document(reports[0][1]).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]


def test_report_page_numbers_are_a_page_field_right_on_odd_left_on_even_pages(reports):
    document = docx.Document(reports[0][1])
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    sides = ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
    for footer, align in sides:
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == align
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.runs[0].font.size == Pt(14)
        assert paragraph.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"


# ---------------------------------------------------------------- LibreOffice


def test_every_word_file_opens_in_libreoffice_and_converts_to_pdf(forms, reports, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    paths = [path for _form, path in forms.values()] + [path for _report, path in reports]
    out = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(out), *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for path in paths:
        pdf = out / f"{path.stem}.pdf"
        assert pdf.is_file() and pdf.stat().st_size > 1000, (path.name, result.stdout, result.stderr)
    import pypdfium2

    for form, path in forms.values():
        width, height = pypdfium2.PdfDocument(out / f"{path.stem}.pdf")[0].get_size()
        assert (width > height) == form.landscape, form.annex_label
