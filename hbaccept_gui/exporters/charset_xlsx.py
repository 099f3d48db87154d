"""The 字符集外字表 as an Excel workbook: one sheet written by the annexes' sheet writer, so it has
the same title line, framed and merged table, repeated heading and A4 print setup, and the same
guards (no formulas, nothing XML cannot hold). Every cell names 宋体 (GBK and CJK Ext-A complete),
the headings 黑体 as on every form; the 字 column (`Cell.large`) is set at 20 pt so that 玊 is not
read as 王. A cell has one font, so a CJK Ext-B character relies on the office suite's own fallback
to SimSun-ExtB (not verified here: no Windows Excel on the build machine). No Qt here."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from hbaccept_gui.exporters.properties import property_text
from hbaccept_gui.exporters.layout import FormLayout
from hbaccept_gui.exporters.xlsx import CREATOR, _sheet_title, _SheetWriter


def build_charset_workbook(form: FormLayout, draft: bool = False) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(form.sheet_name, set())
    _SheetWriter(sheet, form, draft).write()
    workbook.properties.title = property_text(form.title)
    workbook.properties.creator = workbook.properties.lastModifiedBy = CREATOR
    return workbook


def write_charset_xlsx(form: FormLayout, path: Path, draft: bool = False) -> Path:
    path = Path(path)
    build_charset_workbook(form, draft).save(path)
    return path
