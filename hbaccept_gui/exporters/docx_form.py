"""The annex forms as Word files, one document per annex, laid out like the notice's forms:
附件N, the title on one line where it fits, the 单位名称/日期 fields, the table (`docx_table`, its
tall rows cut by `docx_tall_rows`), notes, the contact line and 「— 1 —」 page numbers."""

from __future__ import annotations

import math
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Emu, Mm, Pt

from hbaccept_gui.core.text import xml_safe
from hbaccept_gui.exporters.docx_package import _new_document, _page_room, _set_page, _text_width, save
from hbaccept_gui.exporters.docx_table import CELL_PT, _column_widths, _joint, _table, table_blocks
from hbaccept_gui.exporters.docx_tall_rows import split_tall_rows
from hbaccept_gui.exporters.docx_text import (BODY_PT, _Faces, _no_autospace, _number_runs, _paragraph, char_width,
                                              heavy)
from hbaccept_gui.exporters.layout import FormLayout
from hbaccept_gui.exporters.settings import ExportSettings

GAP = "\u3000\u3000"  # between two fields on one line

#: The forms' pages, as the PDF's (pdf.FORM_MARGINS, LANDSCAPE_FORM_MARGINS; a test keeps them
#: equal): the same column widths in both, so a header label wraps alike and the 18 pt title that
#: fits one line of the PDF fits one line here too (GB/T 9704's 156 mm left 「…完成／情况表」).
FORM_MARGINS = (20, 20, 20, 18)
LANDSCAPE_FORM_MARGINS = (15, 18, 15, 15)

TITLE_PT = 18
FIELDS_PT, NOTE_PT = 14, 12


def write_form_docx(form: FormLayout, path: Path, settings: ExportSettings = ExportSettings()) -> Path:
    """One annex as its own document: 附件N, title, 单位名称/日期 line, the table, notes, contact line."""
    return save(build_form_docx(form, settings), path)


def build_form_docx(form: FormLayout, settings: ExportSettings = ExportSettings()):
    """The document of `write_form_docx`, unsaved, for exporters that adjust it (the 字符集外字表)."""
    faces = _Faces.resolve(settings)
    document = _new_document(faces.body, CELL_PT, form.title)
    section = document.sections[0]
    _set_page(section, form.landscape, LANDSCAPE_FORM_MARGINS if form.landscape else FORM_MARGINS)
    width = _text_width(section)
    _form_head(document, form, faces, width)
    page, left = _page_room(section), _page_room(section) - _head_height(form, width)
    for n, block in enumerate(table_blocks(form.table)):
        if n:
            _joint(document)
        block, left = split_tall_rows(block, _column_widths(block.widths, width), page, left)
        _table(document, block, faces.body, width, faces.heading1)
    _form_tail(document, form, faces, width)
    _form_page_numbers(section, faces.number)
    return document


def _form_head(document, form: FormLayout, faces: _Faces, width: int) -> None:
    if form.annex_label:  # a list that is no annex of the notice (字符集外字表) starts with its title
        _paragraph(document, form.annex_label, faces.heading1, BODY_PT)
    size = form_title_size(form.title, Emu(width).pt)
    title = _paragraph(document, form.title, faces.title, size, WD_ALIGN_PARAGRAPH.CENTER,
                       bold=not heavy(faces.title))
    _no_autospace(title)
    title.paragraph_format.space_after = Pt(8)
    if form.header_fields:
        _fields_lines(document, form.header_fields, faces.body, width)[-1].paragraph_format.space_after = Pt(4)


#: A form title never shrinks below this to fit one line; a longer one wraps (字符集外字表 of a long unit name).
TITLE_MIN_PT = 14
#: Room kept free on the title's line, in characters: the title face's digits may be wider than
#: half a character (the Linux fallback's are 0.64), and Word justifies nothing here.
TITLE_SLACK = 1


def form_title_size(title: str, width_pt: float) -> float:
    """The form title's size: 18 pt (小二) where it fits on one line of the text block, else the
    largest half point that does (「2024年度全国智慧图书馆体系建设项目任务指标完成情况表」, 26
    characters: 18 pt on the forms' 172 mm, 16 pt on GB/T 9704's 156 mm), never below TITLE_MIN_PT."""
    fitting = math.floor(2 * width_pt / (char_width(title) + TITLE_SLACK)) / 2
    return max(TITLE_MIN_PT, min(TITLE_PT, fitting))


def _form_tail(document, form: FormLayout, faces: _Faces, width: int) -> None:
    """Notes and contact lines stay with the table's last row: rather carry a row over to the next
    page than leave the contact line alone on it."""
    tail = [_paragraph(document, note, faces.body, NOTE_PT) for note in form.notes]
    if form.footer_fields:
        lines = _fields_lines(document, form.footer_fields, faces.body, width)
        lines[0].paragraph_format.space_before = Pt(10)
        tail += lines
    if not tail:
        return
    tail[0].paragraph_format.space_before = tail[0].paragraph_format.space_before or Pt(4)
    last_row = document.tables[-1].rows[-1].cells if document.tables[-1].rows else []
    for paragraph in [p for cell in last_row for p in cell.paragraphs] + tail[:-1]:
        paragraph.paragraph_format.keep_with_next = True


def _fields_lines(document, fields, face: str, width: int) -> list:
    """The fields as in the notice, 「单位名称：…        日期：…」: as many as fit on a line, the last
    of a line flush right on a right tab stop; a field that no longer fits starts a new line."""
    paragraphs = []
    for line in _pack([xml_safe(field.text) for field in fields], Emu(width).pt / FIELDS_PT):
        text = GAP.join(line[:-1]) + GAP + "\t" + line[-1] if len(line) > 1 else line[0]
        paragraph = _paragraph(document, text, face, FIELDS_PT)
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        paragraphs.append(paragraph)
    return paragraphs


def _pack(texts: list[str], room: float) -> list[list[str]]:
    """Lines of texts separated by GAP, each at most `room` characters wide, filled from the end:
    the fields that belong together (项目联系人 and 联系电话) come last and share a line."""
    lines: list[list[str]] = []
    for text in reversed(texts):
        if lines and char_width(GAP.join([text] + lines[0]) + GAP) <= room:
            lines[0].insert(0, text)
        else:
            lines.insert(0, [text])
    return lines


def _head_height(form: FormLayout, width: int) -> float:
    """What a form prints above its table, in points (single-spaced lines are about 1.3 em)."""
    fields = len(_pack([xml_safe(f.text) for f in form.header_fields], Emu(width).pt / FIELDS_PT))
    label = 1.3 * BODY_PT if form.annex_label else 0
    return label + 1.3 * form_title_size(form.title, Emu(width).pt) + 8 + fields * 1.3 * FIELDS_PT + 4


#: The forms' page number, as the PDF prints it: 五号, centred, its baseline 10 mm above the page's edge.
FORM_NUMBER_PT, FORM_FOOTER_MM = 10.5, 8


def _form_page_numbers(section, face: str) -> None:
    """「— 1 —」 centred under every page of a form, where the PDF prints it."""
    section.footer_distance = Mm(FORM_FOOTER_MM)
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = _paragraph(footer, "", face, FORM_NUMBER_PT, WD_ALIGN_PARAGRAPH.CENTER,
                           paragraph=footer.paragraphs[0])
    _number_runs(paragraph, face, FORM_NUMBER_PT)
