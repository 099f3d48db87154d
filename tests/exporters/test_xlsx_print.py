"""#15 items 9–11 in the Excel workbook: 序号 as numbers; header labels broken so that no line holds a
lone character or starts with 「）」 (「全年执行数（」/「B）」 before); no row over Excel's 409 pt limit, a
long text going on in continuation rows with every character kept; the 字 of the 字符集外字表 at
≥ 20 pt; and the file opens in LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from hbaccept_gui.core.charset import rare_characters
from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters.charset_layout import charset_form
from hbaccept_gui.exporters.charset_xlsx import write_charset_xlsx
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.exporters.xlsx import write_workbook

#: Excel's limit for a row, in points.
EXCEL_MAX_ROW = 409
#: Closing marks a line must not start with.
CLOSING = set("）)]】」》，。、；：？！%")


def long_text(length: int, tag: str) -> str:
    """About `length` characters of Chinese running text starting with `tag`, ending in 「。」."""
    sentence = "按照省厅统一部署，完成资源加工、质检与入库工作，成果已在全省平台发布；"
    text = tag + sentence * (length // len(sentence) + 1)
    return text[:length - 1] + "。"


def excel_width(text: str) -> float:
    """A line's width in Excel column units: a CJK character of 11 pt 宋体 (≈ 14.7 px) is about 2.1
    widths of Calibri 11's 「0」 (7 px), the unit of Excel's column widths; Latin about 1.1."""
    return sum(2.1 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def workbook_of(definition, doc, tmp_path, name="book.xlsx"):
    return openpyxl.load_workbook(write_workbook(build_export_set(evaluate(definition, doc)), tmp_path / name))


def sheet(workbook, annex: str):
    return next(ws for ws in workbook.worksheets if ws.title.startswith(f"{annex} "))


def span_width(ws, cell) -> float:
    merged = next((r for r in ws.merged_cells.ranges if cell.coordinate in r), None)
    first, last = (merged.min_col, merged.max_col) if merged else (cell.column, cell.column)
    return sum(ws.column_dimensions[get_column_letter(c)].width for c in range(first, last + 1))


def header_cells(workbook):
    """The cells of the tables' header rows and labels (filled grey, as the forms print them)."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.fill.fill_type == "solid":
                    yield ws, cell


# ---------------------------------------------------------------- item 10: 序号


def test_serial_numbers_are_numbers(definition, demo, tmp_path):
    workbook = workbook_of(definition, demo, tmp_path)
    for annex, expected in (("附件2", [1, 2]), ("附件4", [1, 2, 3, 4, 5, 6, 7, 1, 2, 3, 4, 5, 6])):
        ws = sheet(workbook, annex)
        heading = next(c for c in ws["A"] if c.value == "序号")
        serials = [c for c in ws["A"][heading.row:] if c.value not in (None, "序号")
                   and not str(c.value).startswith("统筹") and not str(c.value).startswith("注")]
        assert [c.value for c in serials] == expected, annex
        assert {c.data_type for c in serials} == {"n"}


# ---------------------------------------------------------------- item 10: no stranded characters


def test_header_labels_break_between_words_and_fit_their_cells(definition, demo, tmp_path):
    workbook = workbook_of(definition, demo, tmp_path)
    checked = 0
    for ws, cell in header_cells(workbook):
        usable = span_width(ws, cell) - 1.5
        lines = cell.value.split("\n")
        vertical = all(len(line) == 1 for line in lines)  # 附件5's 「绩\n效\n指\n标」, as the notice prints it
        for line in lines:
            assert excel_width(line) <= usable, f"{ws.title} {cell.coordinate} {line!r} wraps again in Excel"
            if len(lines) > 1 and not vertical:
                assert len(line) > 1 and line[0] not in CLOSING, f"{ws.title} {cell.coordinate}: {cell.value!r}"
        checked += 1
    assert checked > 40
    annex5 = sheet(workbook, "附件5")
    labels = [c.value for _ws, c in header_cells(workbook) if _ws is annex5]
    assert "全年执行数\n（B）" in labels or "全年执\n行数\n（B）" in labels  # the unit on a line of its own


# ---------------------------------------------------------------- item 10: rows of at most 409 pt


@pytest.fixture
def long_description(definition, demo):
    """The demo with a 2,000-character 项目任务完成情况 and a 600-character 备注 in 附件2's first row."""
    row = demo.details["digital_resources"][0]
    row.values["description"] = long_text(2000, "开头")
    row.values["remarks"] = long_text(600, "备注开头")
    return demo


def test_no_row_is_higher_than_excel_allows(definition, long_description, tmp_path):
    workbook = workbook_of(definition, long_description, tmp_path)
    for ws in workbook.worksheets:
        heights = [d.height for d in ws.row_dimensions.values() if d.height is not None]
        assert max(heights) <= EXCEL_MAX_ROW, ws.title


def test_a_long_text_goes_on_in_continuation_rows_with_every_character(definition, long_description, tmp_path):
    ws = sheet(workbook_of(definition, long_description, tmp_path), "附件2")
    annex2 = build_export_set(evaluate(definition, long_description)).forms[1]
    text = next(c.text for row in annex2.table.body_rows for c in row if c.text.startswith("开头"))  # + works list
    start = next(c for c in ws["F"] if isinstance(c.value, str) and c.value.startswith("开头"))
    serial = next(r for r in ws.merged_cells.ranges if ws.cell(start.row, 1).coordinate in r)
    rows = range(start.row, serial.max_row + 1)  # the rows 序号 1 stands over
    parts = [ws.cell(r, 6).value for r in rows if ws.cell(r, 6).value]
    assert len(parts) > 1, "cut over several rows"
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    for r in rows:
        assert ws.row_dimensions[r].height <= EXCEL_MAX_ROW
    # 序号, 项目任务 and 承建单位 stand over all the rows the text takes: the row keeps its identity
    for column_index in (1, 2, 3):
        merged = next(r for r in ws.merged_cells.ranges if ws.cell(start.row, column_index).coordinate in r)
        assert merged.max_row >= start.row + len(parts) - 1
    remarks = [ws.cell(start.row + n, 8).value for n in range(len(parts))]
    assert "".join(v for v in remarks if v).replace("\n", "").startswith("备注开头")


# ---------------------------------------------------------------- item 11: 字 at ≥ 20 pt


def test_the_character_column_of_the_charset_list_is_printed_large(definition, demo, tmp_path):
    evaluation = evaluate(definition, demo)
    form = charset_form(evaluation, rare_characters(definition, demo))
    ws = openpyxl.load_workbook(write_charset_xlsx(form, tmp_path / "list.xlsx")).active
    characters = [c for c in ws["B"] if c.value in ("玊", "讃")]
    assert len(characters) == 2
    for cell in characters:
        assert cell.font.sz >= 20
        assert (ws.row_dimensions[cell.row].height or 15) >= 20 * 1.25, "the row is high enough for it"


# ---------------------------------------------------------------- the file opens


def test_libreoffice_opens_the_long_text_workbook(definition, long_description, tmp_path):
    """The workbook with continuation rows converts to PDF in LibreOffice with the whole text, and its
    rows are within Excel's limit (LibreOffice itself would take higher rows)."""
    path = write_workbook(build_export_set(evaluate(definition, long_description)), tmp_path / "long.xlsx")
    heights = [d.height for d in openpyxl.load_workbook(path)["附件2 智慧图书馆体系完成情况明细表"].row_dimensions.values()
               if d.height is not None]
    assert max(heights) <= EXCEL_MAX_ROW
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice, Debian package libreoffice-calc-nogui) is not installed")
    result = subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                            capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "long.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    squeezed = "".join(text.split())
    ending = long_description.details["digital_resources"][0].values["description"][-30:]
    assert ending in squeezed, "the end of the long text is printed"


def test_libreoffice_prints_no_line_starting_with_a_closing_bracket(definition, demo, tmp_path):
    """Rendered by LibreOffice (whose character widths are not Excel's), the labels still break where
    the writer broke them: today's 「全年执行数（」/「B）」 and 「…（场」/「）」 are gone."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (libreoffice-calc-nogui) or pdftotext (poppler-utils) is not installed")
    path = write_workbook(build_export_set(evaluate(definition, demo)), tmp_path / "demo.xlsx")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], capture_output=True, timeout=240,
                   check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "demo.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert [line for line in lines if line[0] in CLOSING] == []
    assert "（B）" in lines  # 全年执行数（B）: the unit on a line of its own
