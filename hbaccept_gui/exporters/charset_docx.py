"""The 字符集外字表 as a Word file: the annexes' form writer, set in 宋体 so the characters print.

The forms' body face may be 仿宋_GB2312, which by definition lacks every character of this list, so
the whole list is set in 宋体 (SimSun, on every Chinese Windows, GBK and CJK Ext-A complete). Word
only names fonts, so, as the PDF exporter falls back per character (`exporters.fonts`), the 字
column names SimSun-ExtB for the ideographs of planes 2 and 3 (CJK Ext-B and later, 𠀀). Known
limits: Ext-C and later are in neither face (Word substitutes what the PC has), and an Ext-B
character inside the 上下文 text stays in a 宋体 run, relying on Word's own fallback (not verified
here: no Windows Word on the build machine)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hbaccept_gui.exporters.charset_layout import CHAR_COLUMN
from hbaccept_gui.exporters.docx_form import build_form_docx
from hbaccept_gui.exporters.docx_package import save
from hbaccept_gui.exporters.docx_text import _set_font
from hbaccept_gui.exporters.layout import FormLayout
from hbaccept_gui.exporters.settings import ExportSettings

TABLE_FACE = "宋体"
EXT_B_FACE = "SimSun-ExtB"
_PLANE_2 = 0x20000  # CJK Ext-B starts here


def word_face(ch: str) -> str:
    """The Windows face that has `ch`: SimSun-ExtB from CJK Ext-B on, else 宋体."""
    return EXT_B_FACE if ord(ch) >= _PLANE_2 else TABLE_FACE


def write_charset_docx(form: FormLayout, path: Path, settings: ExportSettings = ExportSettings()) -> Path:
    """The list in 宋体 throughout, its header cells too (the annexes set theirs in 黑体); the 字
    column's characters at 20 pt (Cell.large, see `docx_table._cell_text`), 玊 told apart from 王."""
    document = build_form_docx(form, replace(settings, body_font=TABLE_FACE, heading1_font=TABLE_FACE))
    _glyph_faces(document.tables[-1])
    return save(document, path)


def _glyph_faces(table) -> None:
    """Each character of the 字 column in a face that has it (a merged cell is listed once per row)."""
    for cell in table.column_cells(CHAR_COLUMN):
        for run in (r for p in cell.paragraphs for r in p.runs if r.text):
            _set_font(run._r.get_or_add_rPr(), word_face(run.text[0]))
