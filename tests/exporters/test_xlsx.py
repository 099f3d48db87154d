"""The Excel workbook: one sheet per annex laid out like the paper form, numbers as exact numbers,
user text never a formula, printable on A4."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from lxml import etree
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange

from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters.layout import PrintedField, build_export_set
from hbaccept_gui.exporters.xlsx import CREATOR, number_and_format, write_workbook

GROUP_LABEL = "统筹推动脱贫县（团场）全民艺术普及高质量发展任务量"


@pytest.fixture
def export_set(definition, demo):
    return build_export_set(evaluate(definition, demo))


@pytest.fixture
def workbook_path(export_set, tmp_path):
    return write_workbook(export_set, tmp_path / "保定市图书馆_2024年度验收材料.xlsx")


@pytest.fixture
def workbook(workbook_path):
    return openpyxl.load_workbook(workbook_path)


def sheet(workbook, annex: str):
    return next(ws for ws in workbook.worksheets if ws.title.startswith(f"{annex} "))


def find(ws, predicate):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None and predicate(cell.value):
                return cell
    raise AssertionError(f"no matching cell in {ws.title}")


def find_text(ws, text: str):
    return find(ws, lambda v: isinstance(v, str) and text in v)


def flat(value) -> object:
    """A header label without the line breaks the writer puts where it wraps (「全年执行数\n（B）」)."""
    return value.replace("\n", "") if isinstance(value, str) else value


def find_label(ws, text: str):
    return find(ws, lambda v: flat(v) == text)


def right_of(ws, cell, steps: int = 1):
    return ws.cell(cell.row, cell.column + steps)


def execution_rate(ws):
    """The 执行率 of the first funding row: the one cell of its row formatted as a percentage."""
    label = find(ws, lambda v: v == "全国智慧图书馆体系建设项目")
    return next(c for c in ws[label.row] if c.number_format.endswith("%"))


def all_cells(workbook):
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            yield from row


def merged_range_at(ws, cell):
    return next((r for r in ws.merged_cells.ranges if r.min_row == cell.row and r.min_col == cell.column), None)


def test_writes_the_file_and_returns_its_path(export_set, tmp_path):
    target = tmp_path / "book.xlsx"
    assert write_workbook(export_set, target) == target
    assert target.stat().st_size > 0


def test_five_sheets_one_per_annex_in_order(workbook, export_set):
    assert workbook.sheetnames == [form.sheet_name for form in export_set.forms]
    assert [name.split(" ")[0] for name in workbook.sheetnames] == [f"附件{n}" for n in range(1, 6)]


def test_each_sheet_starts_with_annex_label_and_a_bold_title_merged_across_the_table(workbook, export_set):
    for ws, form in zip(workbook.worksheets, export_set.forms):
        assert ws["A1"].value == form.annex_label
        title = find(ws, lambda v, t=form.title: v == t)
        assert title.font.b and title.font.sz > ws["A1"].font.sz - 0.01 and title.font.sz >= 14
        assert title.alignment.horizontal == "center"
        merged = merged_range_at(ws, title)
        assert merged is not None and merged.min_col == 1 and merged.max_col == len(form.table.widths)


def test_header_fields_line_names_the_unit_for_the_seal(workbook):
    ws = sheet(workbook, "附件1")
    assert find_text(ws, "单位名称：").value == "单位名称：保定市图书馆（加盖公章）"
    assert find_text(ws, "日期：").value == "日期：2025年06月05日"
    assert find_text(sheet(workbook, "附件5"), "金额单位：").value == "金额单位：万元"


def test_notes_and_footer_fields_follow_the_table(workbook):
    ws = sheet(workbook, "附件1")
    note = find_text(ws, "注：下达任务指标中无相关指标任务量的表格")
    footer = find_text(ws, "项目联系人：")
    assert "联系电话：0312-1234567" in footer.value
    assert find_text(ws, "实际完成任务量").row < note.row < footer.row


def test_annex1_assigned_and_completed_are_exact_numbers(workbook):
    ws = sheet(workbook, "附件1")
    assigned = right_of(ws, find(ws, lambda v: v == "下达任务量"))
    completed = right_of(ws, find(ws, lambda v: v == "实际完成任务量"))
    assert assigned.data_type == "n" and assigned.value == 1 and assigned.number_format == "0"
    assert completed.data_type == "n" and Decimal(str(completed.value)) == Decimal("1.0274")
    assert completed.number_format == "0.0000"


def test_computed_cells_carry_the_formula_as_a_comment(workbook, export_set):
    ws = sheet(workbook, "附件1")
    completed = right_of(ws, find(ws, lambda v: v == "实际完成任务量"))
    expected = export_set.forms[0].table.body_rows[1][1].formula
    assert expected and completed.comment is not None
    assert completed.comment.text == f"自动计算：{expected}"
    assert completed.comment.author == CREATOR
    assigned = right_of(ws, find(ws, lambda v: v == "下达任务量"))
    assert assigned.comment is None  # typed, not computed
    rate = execution_rate(sheet(workbook, "附件5"))
    assert rate.comment is not None and "÷" in rate.comment.text


def test_annex2_description_lists_the_digitised_works(workbook):
    ws = sheet(workbook, "附件2")
    description = find_text(ws, "10274")
    # the clerk's sentence, then 累计共完成… and one line per work
    assert "《海琼玊蟾先生文集》" in description.value and description.value.count("\n") == 10
    assert description.alignment.wrap_text and description.alignment.horizontal == "left"
    assert ws.row_dimensions[description.row].height >= 11 * 15  # eleven wrapped lines fit
    quantity = next(c for row in ws.iter_rows() for c in row if c.value == 1 and c.column > 1)  # A holds 序号 1
    assert quantity.number_format == '0"万筒子叶"'  # shows 1万筒子叶 as on the form


def test_annex3_group_header_is_merged_across_the_six_sub_indicator_columns(workbook):
    ws = sheet(workbook, "附件3")
    group = find_label(ws, GROUP_LABEL)
    merged = merged_range_at(ws, group)
    assert merged is not None and merged.max_col - merged.min_col + 1 == 6 and merged.min_row == merged.max_row
    assert flat(ws.cell(group.row + 1, group.column).value) == "活动直录播场次（场）"
    corner = find(ws, lambda v: v == "项目名称")
    corner_range = merged_range_at(ws, corner)
    assert corner_range is not None and corner_range.max_row - corner_range.min_row == 1  # spans both header rows


def test_header_cells_are_set_in_heiti_like_the_pdf_centred_filled_and_framed(workbook):
    """#15 item 9: the PDF sets header cells in 黑体 (its heading face), not bold, and so does Word:
    Excel the same, so the three look alike."""
    ws = sheet(workbook, "附件3")
    for text in ("项目名称", GROUP_LABEL, "培训人员数量（人次）", "下达任务量"):
        cell = find_label(ws, text)
        assert cell.font.name == "黑体" and not cell.font.b
        assert cell.alignment.horizontal == "center" and cell.alignment.wrap_text
        assert cell.fill.fill_type == "solid"
        assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
    assert not any(c.font.b for ws in workbook.worksheets for row in ws.iter_rows() for c in row
                   if c.value is not None and c.fill.fill_type == "solid"), "no header cell is bold"
    group = find_label(ws, GROUP_LABEL)
    last_covered = ws.cell(group.row, group.column + 5)
    assert last_covered.border.right.style == "thin" and last_covered.border.top.style == "thin"


def test_every_cell_a_merged_table_cell_covers_is_framed_on_all_sides_in_the_file(workbook_path):
    """The writer frames covered cells itself (openpyxl's merge formatting is skipped), so a
    merged area in Excel and WPS shows the borders of all the cells it covers. Read from the
    file's XML: openpyxl's reader would format merged ranges again on loading."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(workbook_path) as package:
        styles = etree.fromstring(package.read("xl/styles.xml"))
        sheets = [etree.fromstring(package.read(name)) for name in package.namelist()
                  if name.startswith("xl/worksheets/sheet")]
    borders = [{side.tag.removeprefix(main): side.get("style") for side in border}
               for border in styles.find(f"{main}borders")]
    xf_borders = [int(xf.get("borderId", 0)) for xf in styles.find(f"{main}cellXfs")]

    def framed(sides):
        return all(sides.get(edge) == "thin" for edge in ("left", "right", "top", "bottom"))

    covered = 0
    for sheet_xml in sheets:
        cells = {c.get("r"): borders[xf_borders[int(c.get("s", 0))]] for c in sheet_xml.iter(f"{main}c")}
        for merged in sheet_xml.iter(f"{main}mergeCell"):
            area = CellRange(merged.get("ref"))
            if not framed(cells[area.coord.split(":")[0]]):
                continue  # the title, notes and field lines are not framed
            for row, column in area.cells:
                assert framed(cells[f"{get_column_letter(column)}{row}"]), merged.get("ref")
                covered += 1
    assert covered > 50


def test_annex5_shows_the_execution_rate_as_98_00_percent(workbook):
    ws = sheet(workbook, "附件5")
    rate = execution_rate(ws)
    assert rate.column == 6 and ws.cell(rate.row, 2).value == "全国智慧图书馆体系建设项目"
    assert rate.data_type == "n" and Decimal(str(rate.value)) == Decimal("0.98")
    assert rate.number_format == "0.00%"  # a true percentage: Excel shows 98.00%
    merged = merged_range_at(ws, rate)
    assert merged is not None and merged.max_col - merged.min_col == 1
    funding_total = find_label(ws, "年度资金总额")
    assert merged_range_at(ws, funding_total).max_row - funding_total.row == 2


@pytest.mark.parametrize("text, value, expected", [
    ("98.00%", Decimal("98.00"), (Decimal("0.98"), "0.00%")),
    ("100%", Decimal("100"), (1, "0%")),
    ("6.5%", Decimal("6.5"), (Decimal("0.065"), "0.0%")),
    ("1.0274", Decimal("1.0274"), (Decimal("1.0274"), "0.0000")),
    ("1万筒子叶", Decimal("1"), (1, '0"万筒子叶"')),
    ("10,274", Decimal("10274"), (10274, "#,##0")),
    ("102.74%", Decimal("102.7372"), (Decimal("1.027372"), "0.00%")),
    ("-3", Decimal("-3"), (-3, "0")),
])
def test_number_format_shows_the_same_digits_as_the_form(text, value, expected):
    written, number_format = number_and_format(text, value)
    assert (written, number_format) == expected
    assert type(written) is type(expected[0])


@pytest.mark.parametrize("text, value", [("约1", Decimal("1")), ("2", Decimal("1")), ("1", Decimal("NaN"))])
def test_a_number_whose_text_no_format_can_show_is_written_as_the_text(text, value):
    assert number_and_format(text, value) is None


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1", "@x", "=1+1"])
def test_formula_like_description_and_subproject_stay_text(definition, demo, tmp_path, text):
    row = demo.details["digital_resources"][0]
    row.values["subproject"] = text
    row.values["description"] = text + "\n第二行"
    row.values["contractor"] = text
    path = write_workbook(build_export_set(evaluate(definition, demo)), tmp_path / "book.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = sheet(workbook, "附件2")
    typed = text + "\n第二行\n"  # the description, with the works list printed under it
    for cell in (find(ws, lambda v: v == text), find(ws, lambda v: isinstance(v, str) and v.startswith(typed))):
        assert cell.data_type == "s" and cell.value.startswith(text) and cell.quotePrefix
    assert not [c.coordinate for c in all_cells(workbook) if c.data_type == "f"]


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1", "@x"])
def test_formula_like_title_and_fields_stay_text(export_set, tmp_path, text):
    form = dataclasses.replace(export_set.forms[0], title=text, notes=(text,), footer_fields=(PrintedField("x", text, text),))
    path = write_workbook(dataclasses.replace(export_set, forms=(form,) + export_set.forms[1:]), tmp_path / "b.xlsx")
    workbook = openpyxl.load_workbook(path)
    ws = sheet(workbook, "附件1")
    for expected in (text, f"{text}：{text}"):
        cell = find(ws, lambda v, e=expected: v == e)
        assert cell.data_type == "s" and cell.quotePrefix
    assert not [c.coordinate for c in all_cells(workbook) if c.data_type == "f"]


def test_no_cell_of_the_demo_workbook_is_a_formula(workbook):
    assert not [c.coordinate for c in all_cells(workbook) if c.data_type == "f"]


def test_control_characters_xml_cannot_hold_are_removed(definition, demo, tmp_path):
    row = demo.details["digital_resources"][0]
    row.values["remarks"] = "备\x00注\x07一\x1b二\x0b三\ufffe"
    path = write_workbook(build_export_set(evaluate(definition, demo)), tmp_path / "book.xlsx")
    assert find_text(sheet(openpyxl.load_workbook(path), "附件2"), "备注一").value == "备注一二三"


def test_landscape_sheets_for_annex3_and_annex4_on_a4_one_page_wide(workbook, export_set):
    orientations = {ws.title.split(" ")[0]: ws.page_setup.orientation for ws in workbook.worksheets}
    assert orientations["附件3"] == orientations["附件4"] == "landscape"
    for ws, form in zip(workbook.worksheets, export_set.forms):
        assert ws.page_setup.orientation == ("landscape" if form.landscape else "portrait")
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0


def test_print_title_rows_repeat_the_table_header(workbook):
    ws = sheet(workbook, "附件3")
    header_top = find(ws, lambda v: v == "项目名称").row
    assert ws.print_title_rows == f"${header_top}:${header_top + 1}"
    for other in workbook.worksheets:  # 附件5 has no heading to repeat (see layout.performance_form)
        assert bool(other.print_title_rows) == (not other.title.startswith("附件5")), other.title


def test_column_widths_follow_the_layout(workbook, export_set):
    ws = sheet(workbook, "附件2")
    widths = [ws.column_dimensions[letter].width for letter in "ABCDEFGH"]
    relative = export_set.forms[1].table.widths
    assert widths.index(max(widths)) == relative.index(max(relative))  # 项目任务完成情况 is widest
    assert min(widths) > 3


def test_document_properties_name_the_title_and_creator(workbook):
    assert workbook.properties.creator == "验收材料填报助手"
    assert workbook.properties.title == "保定市图书馆2024年度验收材料"


def test_a_document_with_errors_is_marked_draft(definition, demo, tmp_path):
    demo.header["contact"] = ""
    export_set = build_export_set(evaluate(definition, demo))
    assert export_set.draft
    workbook = openpyxl.load_workbook(write_workbook(export_set, tmp_path / "draft.xlsx"))
    for ws in workbook.worksheets:
        assert find(ws, lambda v: v == "草稿").row == 1
    assert "草稿" in workbook.properties.title


def test_libreoffice_converts_the_workbook_to_pdf(workbook_path, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH")
    profile = (tmp_path / "lo-profile").as_uri()
    out = tmp_path / "pdf"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(out), str(workbook_path)],
        capture_output=True, text=True, timeout=240,
    )
    pdf = out / workbook_path.with_suffix(".pdf").name
    assert result.returncode == 0 and pdf.exists(), result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert len(document) >= 5  # at least a page per sheet
    assert "1.0274" in text and "98.00%" in text and "1万筒子叶" in text
