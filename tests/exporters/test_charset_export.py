"""The 字符集外字表 as Excel and Word: read back, opened in LibreOffice, and part of 一键导出 whenever
the document has characters outside GB 2312."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from hbaccept_gui.core.cells import all_refs, get_value, put_value
from hbaccept_gui.core.charset import rare_characters
from hbaccept_gui.core.document import ItemRow, TextSegment
from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters.bundle import export_all
from hbaccept_gui.exporters.charset_docx import write_charset_docx
from hbaccept_gui.exporters.charset_layout import HEADINGS, charset_form
from hbaccept_gui.exporters.charset_xlsx import write_charset_xlsx
from hbaccept_gui.exporters.fonts import has_glyph

DAY = date(2025, 6, 5)
TITLE = "保定市图书馆 字符集外字表"
LIST_NAME = "保定市图书馆_2024年度字符集外字表"


def list_form(definition, doc):
    evaluation = evaluate(definition, doc)
    return charset_form(evaluation, rare_characters(definition, doc))


@pytest.fixture
def demo_form(definition, demo):
    demo.details["digital_resources"][0].items.append(ItemRow("=𠀀SUM(1)", Decimal(1)))  # outside GBK, formula-like
    return list_form(definition, demo)


@pytest.fixture
def workbook_path(demo_form, tmp_path):
    return write_charset_xlsx(demo_form, tmp_path / f"{LIST_NAME}.xlsx")


@pytest.fixture
def docx_path(demo_form, tmp_path):
    return write_charset_docx(demo_form, tmp_path / f"{LIST_NAME}.docx")


def rows_of(ws) -> list[list]:
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def scrub(definition, doc) -> None:
    """Replace the demo's two rare characters by common ones everywhere."""
    common = str.maketrans("玊讃", "玉赞")
    for ref in all_refs(definition, doc):
        value = get_value(doc, ref)
        if isinstance(value, str):
            put_value(doc, ref, value.translate(common))
        elif isinstance(value, list):
            put_value(doc, ref, [TextSegment(s.text.translate(common)) if isinstance(s, TextSegment) else s
                                 for s in value])


# ---------------------------------------------------------------- Excel


def test_excel_list_has_the_title_the_headings_and_玊_with_its_code_point(workbook_path):
    ws = openpyxl.load_workbook(workbook_path).active
    rows = rows_of(ws)
    assert rows[0][0] == TITLE
    assert tuple(rows[1]) == HEADINGS
    yu = next(row for row in rows if row[1] == "玊")
    assert yu[2] == "U+738A" and yu[3:6] == ["是", "否", "否"]
    locations = [row[6] for row in rows[2:] if row[6]]
    assert "附件2 基础数字资源项目 第1个承建单位 数字化古籍清单第4行「题名」" in locations


def test_excel_list_spans_a_character_over_its_occurrences_and_numbers_it(definition, demo, tmp_path):
    # The demo has 玊 in its works list only (the drafted report binds that list, it does not type it).
    demo.details["digital_resources"][0].values["description"] += "其中《海琼玊蟾先生文集》为明刻本。"
    demo.reports["library_report"]["problems"].append(TextSegment("《海琼玊蟾先生文集》尚需修复。"))
    ws = openpyxl.load_workbook(write_charset_xlsx(list_form(definition, demo), tmp_path / "list.xlsx")).active
    first = next(cell for cell in ws["B"] if cell.value == "玊")
    merged = next(r for r in ws.merged_cells.ranges if first.coordinate in r)
    assert merged.max_row - merged.min_row + 1 == 3  # description, works list, library report
    assert ws.cell(first.row, 1).value in (1, 2) and ws.cell(first.row, 1).data_type == "n"


def test_excel_list_keeps_formula_like_text_as_text_and_flags_characters_outside_gbk(workbook_path):
    ws = openpyxl.load_workbook(workbook_path).active
    row = next(r for r in ws.iter_rows() if r[1].value == "\U00020000")
    missing = "否" if has_glyph("\U00020000") else "是"  # only Windows' SimSun-ExtB has Ext-B
    assert [c.value for c in row[2:6]] == ["U+20000", "是", "是", missing]
    excerpt = row[7]
    assert excerpt.value == "=\U00020000SUM(1)" and excerpt.data_type == "s" and excerpt.quotePrefix


def test_excel_list_prints_landscape_with_the_heading_repeated(workbook_path):
    ws = openpyxl.load_workbook(workbook_path).active
    assert ws.title == "字符集外字表"
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$2:$2"


# ---------------------------------------------------------------- Word


def test_word_list_has_the_title_and_玊_in_a_face_that_has_it(docx_path):
    document = docx.Document(docx_path)
    assert document.paragraphs[0].text == TITLE
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(HEADINGS)
    cells = {cell.text: cell for cell in table.column_cells(1)}
    yu = cells["玊"]
    assert table.rows[[c.text for c in table.column_cells(1)].index("玊")].cells[2].text == "U+738A"
    fonts = yu.paragraphs[0].runs[0]._r.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    ext_b = cells["\U00020000"].paragraphs[0].runs[0]._r.rPr.rFonts
    assert ext_b.get(qn("w:eastAsia")) == "SimSun-ExtB"


def test_word_list_names_宋体_everywhere_not_the_gb2312_official_faces(docx_path):
    document = docx.Document(docx_path)
    faces = {run._r.rPr.rFonts.get(qn("w:eastAsia")) for cell in document.tables[0]._cells
             for p in cell.paragraphs for run in p.runs}
    assert faces == {"宋体", "SimSun-ExtB"}
    assert document.sections[0].page_width > document.sections[0].page_height


# ---------------------------------------------------------------- LibreOffice


def test_both_lists_open_in_libreoffice_and_convert_to_pdf(workbook_path, docx_path, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    profile = (tmp_path / "lo-profile").as_uri()
    import pypdfium2

    for path in (workbook_path, docx_path):
        out = tmp_path / f"pdf-{path.suffix[1:]}"
        result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                                 "--convert-to", "pdf", "--outdir", str(out), str(path)],
                                capture_output=True, text=True, timeout=240)
        pdf = out / f"{path.stem}.pdf"
        assert result.returncode == 0 and pdf.is_file(), (path.name, result.stdout, result.stderr)
        document = pypdfium2.PdfDocument(str(pdf))
        text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
        assert "U+738A" in text and "U+8B83" in text, path.name


# ---------------------------------------------------------------- 一键导出


def test_export_all_writes_the_list_in_the_chosen_formats(definition, demo, tmp_path):
    evaluation = evaluate(definition, demo)
    both = export_all(evaluation, tmp_path / "both", formats=("docx", "xlsx"), today=DAY)
    names = {p.name for p in both.files}
    assert {f"{LIST_NAME}.docx", f"{LIST_NAME}.xlsx"} <= names
    excel_only = export_all(evaluation, tmp_path / "xlsx", formats=("xlsx",), today=DAY)
    assert [p.name for p in excel_only.files] == ["保定市图书馆_2024年度验收材料.xlsx", f"{LIST_NAME}.xlsx"]
    pdf_only = export_all(evaluation, tmp_path / "pdf", formats=("pdf",), today=DAY)
    assert not any("字符集外字表" in p.name for p in pdf_only.files)


def test_a_document_without_rare_characters_exports_no_list(definition, demo, tmp_path):
    scrub(definition, demo)
    assert rare_characters(definition, demo) == []
    result = export_all(evaluate(definition, demo), tmp_path, formats=("docx", "xlsx"), today=DAY)
    assert not any("字符集外字表" in p.name for p in result.files)
    assert len(result.files) == 5 + 2 + 1
