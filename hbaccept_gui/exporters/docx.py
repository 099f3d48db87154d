"""Word files: one document per annex, laid out like the notice's forms, and the summary reports in
the GB/T 9704 official-document format. Both render the format-free layouts of `layout`.

Word only names fonts (Word/WPS substitute a missing face), so the names come from ExportSettings;
where a setting is None the official face is named if this PC has it, else the common Windows face.
python-docx sets only the Latin font of a run, and the default template's theme fonts win over
explicit ones, so every run and the document defaults carry explicit w:eastAsia/ascii/hAnsi fonts,
no *Theme attributes and the zh-CN language; the template's Letter page, paragraph spacing and
Calibri are all overridden. No Qt here."""

from __future__ import annotations

import re
import sys
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.parfmt import CT_PPr
from docx.oxml.text.run import CT_R
from docx.oxml.text.font import CT_RPr
from docx.shared import Emu, Mm, Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement

from hbaccept_gui.core.text import xml_safe
from hbaccept_gui.exporters.layout import BLANK_DATE, Cell, FormLayout, ReportLayout, Table
from hbaccept_gui.exporters.properties import property_text
from hbaccept_gui.exporters.settings import ExportSettings

CREATOR = "验收材料填报助手"
GAP = "\u3000\u3000"  # between two fields on one line

# GB/T 9704: A4, top 37 mm, left 28 mm, text block 156 × 225 mm (so right 26, bottom 35).
PORTRAIT_MARGINS = (37, 35, 28, 26)  # top, bottom, left, right in mm
LANDSCAPE_MARGINS = (20, 20, 20, 20)  # wide tables need the room
FOOTER_MM = 25  # puts the page number's dashes about 7 mm below the text block

TITLE_PT, REPORT_TITLE_PT, BODY_PT, NUMBER_PT = 18, 22, 16, 14
LINE_PT = 28.95  # fixed pitch giving GB/T 9704's 22 lines on a 225 mm text block
FIELDS_PT, NOTE_PT = 14, 12
CELL_PT = 10.5  # 五号, as official forms print their tables
CELL_LINE_PT = 12.5  # fixed, so a table is as tall in Word, WPS and LibreOffice whatever face stands in
ROW_MIN_PT = 22  # a row a clerk can still write in by hand
CELL_PAD_TWIPS = 20  # 1 pt above and below the text of a cell

#: zlib level of the parts in a saved file. python-docx deflates at zlib's default (6), which took
#: as long as building a form; 3 is about three times as fast for files ~30 % larger (1 and 2 are
#: no faster here, and larger).
DEFLATE_LEVEL = 3

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")
_LEVEL3 = re.compile(r"^\d+[.．]")


# ---------------------------------------------------------------- fonts and text


#: The official faces by role: (file in the Windows font folders, the family name Word knows).
_OFFICIAL = {
    "title": (("FZXBSJW.TTF", "方正小标宋简体"), ("方正小标宋简体.ttf", "方正小标宋简体"),
              ("FZXBSK.TTF", "方正小标宋_GBK"), ("方正小标宋_GBK.ttf", "方正小标宋_GBK")),
    "body": (("FS_GB2312.ttf", "仿宋_GB2312"), ("仿宋_GB2312.ttf", "仿宋_GB2312"),
             ("SIMFANG_GB2312.ttf", "仿宋_GB2312")),
    "heading2": (("KT_GB2312.ttf", "楷体_GB2312"), ("楷体_GB2312.ttf", "楷体_GB2312"),
                 ("SIMKAI_GB2312.ttf", "楷体_GB2312")),
}
_FALLBACK = {"title": "黑体", "body": "仿宋", "heading2": "楷体"}


def default_font(role: str) -> str:
    """The face to name when the setting is None: the official face where this Windows PC has it
    (a name Word cannot find would be substituted by something arbitrary), else the face every
    Chinese Windows has. Elsewhere (Linux CI, a Mac) always the fallback."""
    if sys.platform == "win32":
        from hbaccept_gui.exporters.fonts import font_dirs  # the PDF exporter's font folders

        for file, family in _OFFICIAL[role]:
            if any((folder / file).is_file() for folder in font_dirs()):
                return family
    return _FALLBACK[role]


@dataclass(frozen=True)
class _Faces:
    title: str
    body: str
    heading1: str
    heading2: str
    number: str
    bold_level3: bool  # 「1.」 headings bold: local practice, not the standard

    @classmethod
    def resolve(cls, settings: ExportSettings) -> _Faces:
        return cls(settings.title_font or default_font("title"), settings.body_font or default_font("body"),
                   settings.heading1_font or "黑体", settings.heading2_font or default_font("heading2"),
                   settings.page_number_font or "宋体", settings.bold_level3_headings)


def heavy(face: str) -> bool:
    """小标宋 and 黑体 are heavy already; any other title face is set bold to look like a title."""
    return "小标宋" in face or "黑" in face


def _set_font(rPr, face: str, size: float | None = None, bold: bool | None = None) -> None:
    """Explicit fonts for every script, no theme fonts (they would win), Chinese language."""
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            rPr.remove_all(tag)
        rPr.get_or_add_sz().set(qn("w:val"), str(round(size * 2)))
        szCs = OxmlElement("w:szCs")
        szCs.set(qn("w:val"), str(round(size * 2)))
        rPr.sz.addnext(szCs)
    if bold is not None:
        rPr._remove_b()
        if bold:
            rPr._add_b()
    fonts = rPr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face)
    _set_lang(rPr)


def _set_lang(rPr) -> None:
    rPr.remove_all("w:lang")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")  # Latin text stays English (spelling); Chinese is zh-CN
    lang.set(qn("w:eastAsia"), "zh-CN")
    rPr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


@cache
def _rPr(face: str, size: float, bold: bool) -> CT_RPr:
    """The run properties for (face, size, bold), built once by `_set_font` and copied into every
    run and paragraph mark that uses them: python-docx's per-element get-or-add calls made
    formatting each run cost more than everything else in a form. Never modify the returned one."""
    rPr = OxmlElement("w:rPr")
    _set_font(rPr, face, size, bold)
    return rPr


@cache
def _pPr(face: str, size: float, align, exact: float | None = None) -> CT_PPr:
    """The properties of one of our paragraphs (alignment, no spacing, an `exact` line pitch if
    given, the mark in our font), built once through python-docx and copied like `_rPr`."""
    paragraph = Paragraph(OxmlElement("w:p"), None)
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    _mark_rPr(paragraph).extend(deepcopy(child) for child in _rPr(face, size, False))
    if exact is not None:
        _exact(paragraph, exact)
    return paragraph._p.pPr


def _add_run(p: CT_P, text: str, face: str, size: float, bold: bool = False) -> CT_R:
    r = SubElement(p, qn("w:r"))
    r.append(deepcopy(_rPr(face, size, bold)))
    if text:
        r.text = xml_safe(text)  # python-docx's setter: tabs and line breaks as Word elements
    return r


def _run(paragraph, text: str, face: str, size: float, bold: bool = False) -> Run:
    return Run(_add_run(paragraph._p, text, face, size, bold), paragraph)


def _format(p: CT_P, text: str, face: str, size: float, align, bold: bool, exact: float | None = None) -> None:
    """Give an unformatted paragraph (new, or holding at most a style, as a new footer's) our
    properties and `text` as one run."""
    template = _pPr(face, size, align, exact)
    if p.pPr is None:
        p.insert(0, deepcopy(template))
    else:
        p.pPr.extend(deepcopy(child) for child in template)
    if text:
        _add_run(p, text, face, size, bold)


def _paragraph(container, text: str, face: str, size: float, align=WD_ALIGN_PARAGRAPH.LEFT,
               bold: bool = False, paragraph=None):
    """A paragraph with one run and no extra spacing; `paragraph` reuses an existing empty one."""
    paragraph = paragraph if paragraph is not None else container.add_paragraph()
    _format(paragraph._p, text, face, size, align, bold)
    return paragraph


def _mark_rPr(paragraph):
    """The paragraph mark's run properties: they size an empty paragraph (python-docx has no API)."""
    pPr = paragraph._p.get_or_add_pPr()
    rPr = pPr.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        pPr.insert_element_before(rPr, "w:sectPr", "w:pPrChange")
    return rPr


# ---------------------------------------------------------------- document and page


#: Parts of the templates that their copies share instead of copying (see `_new_document`), each
#: with its XML, serialized once.
_SHARED: dict[Part, bytes] = {}


def _new_document(face: str, size: float, title: str):
    """A copy of `_template`: copying the parsed package takes half the time of opening and
    adjusting python-docx's default template for every file. The styles part is not copied but
    shared by all copies of the template, and `save` writes its XML serialized once: it is a
    340 KB tree (python-docx's template defines 164 styles) whose copying and serializing took a
    third of each file's time. Nothing changes styles after `_template` (a test checks it)."""
    document = deepcopy(_template(face, size), {id(part): part for part in _SHARED})
    _properties(document, title)
    return document


def save(document, path: Path) -> Path:
    """Write `document` as python-docx's `Document.save` does (the same parts, in the same order,
    through its own content-types builder), but with the shared parts' XML serialized once and
    deflated at DEFLATE_LEVEL: python-docx's writer has no way to choose either."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL) as archive:
        archive.writestr("[Content_Types].xml", _ContentTypesItem.from_parts(parts).blob)
        archive.writestr("_rels/.rels", package.rels.xml)
        for part in parts:
            archive.writestr(part.partname.membername, _SHARED.get(part) or part.blob)
            if len(part.rels):
                archive.writestr(part.partname.rels_uri.membername, part.rels.xml)
    return Path(path)


@cache
def _template(face: str, size: float):
    """A document whose defaults are our font at `size` with no paragraph spacing: the template's
    Calibri, en-US/ja-JP languages, 10 pt space after and 1.15 line spacing would otherwise leak
    into every paragraph we do not format ourselves (empty ones, table cells). Only ever copied
    (its styles part shared, see `_new_document`)."""
    document = Document()
    styles = document.styles.element
    _set_font(styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")), face, size)
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    for fonts in styles.iter(qn("w:rFonts")):  # the template's other styles: inherit our font
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)
    normal = document.styles["Normal"]
    _set_font(normal.element.get_or_add_rPr(), face, size)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    lang = document.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    styles_part = document.part.part_related_by(RT.STYLES)
    _SHARED[styles_part] = styles_part.blob
    return document


def _properties(document, title: str) -> None:
    core = document.core_properties
    core.title, core.author, core.last_modified_by = property_text(title), CREATOR, CREATOR  # ≤ 255, else ValueError
    core.comments = core.subject = core.keywords = ""
    core.created = core.modified = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)  # written as UTC
    core.revision = 1


def _set_page(section, landscape: bool) -> None:
    """A4; landscape needs the orientation AND swapped sizes, else Word keeps portrait."""
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    top, bottom, left, right = LANDSCAPE_MARGINS if landscape else PORTRAIT_MARGINS
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)


def _text_width(section) -> int:
    return section.page_width - section.left_margin - section.right_margin


# ---------------------------------------------------------------- forms


def write_form_docx(form: FormLayout, path: Path, settings: ExportSettings = ExportSettings()) -> Path:
    """One annex as its own document: 附件N, title, 单位名称/日期 line, the table, notes, contact line."""
    return save(build_form_docx(form, settings), path)


def build_form_docx(form: FormLayout, settings: ExportSettings = ExportSettings()):
    """The document of `write_form_docx`, unsaved, for exporters that adjust it (the 字符集外字表)."""
    faces = _Faces.resolve(settings)
    document = _new_document(faces.body, CELL_PT, form.title)
    section = document.sections[0]
    _set_page(section, form.landscape)
    width = _text_width(section)
    _form_head(document, form, faces, width)
    _table(document, form.table, faces.body, width)
    _form_tail(document, form, faces, width)
    return document


def _form_head(document, form: FormLayout, faces: _Faces, width: int) -> None:
    if form.annex_label:  # a list that is no annex of the notice (字符集外字表) starts with its title
        _paragraph(document, form.annex_label, faces.heading1, BODY_PT)
    title = _paragraph(document, form.title, faces.title, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER,
                       bold=not heavy(faces.title))
    title.paragraph_format.space_after = Pt(8)
    if form.header_fields:
        _fields_lines(document, form.header_fields, faces.body, width)[-1].paragraph_format.space_after = Pt(4)


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


def _span(span: int, room: int) -> int:
    return max(1, min(span, room))


def _column_widths(widths: tuple[float, ...], total: int) -> list[int]:
    """Twips proportional to the layout's relative widths, never more than the text width."""
    scale = Emu(total).twips / sum(widths)
    return [int(w * scale) for w in widths]


def _table(document, table: Table, face: str, width: int) -> None:
    """The form's table, written as XML row by row (python-docx's per-cell API and `merge` took
    most of a form's time): a merged cell is a w:tc with gridSpan over the columns it spans and
    vMerge restart/continue down the rows, as python-docx's `merge` writes it."""
    rows = table.header_rows + table.body_rows
    widths = _column_widths(table.widths, width)
    grid = document.add_table(rows=0, cols=len(widths))
    _table_properties(grid, sum(widths))
    for column, twips in zip(grid._tbl.tblGrid.gridCol_lst, widths):
        column.w = Twips(twips)
    spans, owner = _merged_areas(table, len(rows), len(widths))
    for r in range(len(rows)):
        tr = _row(repeat=r < len(table.header_rows))
        c = 0
        while c < len(widths):
            top, left = owner.get((r, c), (r, c))
            cell, bottom, right = spans.get((top, left), (None, r, c))
            tc = _tc(tr, sum(widths[left:right + 1]), right - left + 1,
                     None if bottom == top else "restart" if r == top else "continue")
            if cell is not None and r == top:
                _cell_text(tc, cell, face)
            else:
                SubElement(tc, qn("w:p"))  # a w:tc holds at least one paragraph
            c = right + 1
        grid._tbl.append(tr)


def _merged_areas(table: Table, nrows: int, ncols: int):
    """({(row, col): (cell, bottom, right)} for each layout cell's top-left, {(row, col): its
    top-left} for every grid position a layout cell covers); spans end at the table's edge."""
    spans, owner = {}, {}
    for r, c, cell in table.placements():
        bottom, right = r + _span(cell.row_span, nrows - r) - 1, c + _span(cell.col_span, ncols - c) - 1
        spans[(r, c)] = (cell, bottom, right)
        owner.update({(rr, cc): (r, c) for rr in range(r, bottom + 1) for cc in range(c, right + 1)})
    return spans, owner


def _tc(tr, twips: int, grid_span: int, v_merge: str | None):
    """An empty w:tc: width, span, vertical merge, centred vertically; children in schema order."""
    tc = SubElement(tr, qn("w:tc"))
    tcPr = SubElement(tc, qn("w:tcPr"))
    SubElement(tcPr, qn("w:tcW"), {qn("w:type"): "dxa", qn("w:w"): str(twips)})
    if grid_span > 1:
        SubElement(tcPr, qn("w:gridSpan"), {qn("w:val"): str(grid_span)})
    if v_merge is not None:
        SubElement(tcPr, qn("w:vMerge"), {qn("w:val"): v_merge} if v_merge == "restart" else {})
    SubElement(tcPr, qn("w:vAlign"), {qn("w:val"): "center"})
    return tc


def _cell_text(tc, cell: Cell, face: str) -> None:
    """A newline in the cell's text starts a new paragraph in the cell."""
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(
        cell.align, WD_ALIGN_PARAGRAPH.CENTER)
    for line in xml_safe(cell.text).split("\n"):
        _format(SubElement(tc, qn("w:p")), line, face, CELL_PT, align, cell.header, exact=CELL_LINE_PT)


def _table_properties(grid, twips: int) -> None:
    """Centred, fixed layout of the given width, single black borders on every cell."""
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    tblPr = grid._tbl.tblPr
    tblW = tblPr.find(qn("w:tblW"))
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), str(twips))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for attr, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "000000")):
            line.set(qn(f"w:{attr}"), value)
        borders.append(line)
    tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    margins = OxmlElement("w:tblCellMar")  # a little air above and below text on a fixed pitch
    for edge, twips in (("top", CELL_PAD_TWIPS), ("left", 85), ("bottom", CELL_PAD_TWIPS), ("right", 85)):
        margins.append(OxmlElement(f"w:{edge}", attrs={qn("w:w"): str(twips), qn("w:type"): "dxa"}))
    tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")


def _row(repeat: bool):
    """A w:tr whose cantSplit keeps it on one page, whose tblHeader (header rows) repeats it on
    every page, with a minimum height that leaves room to write. Children in schema order."""
    tr = OxmlElement("w:tr")
    trPr = SubElement(tr, qn("w:trPr"))
    SubElement(trPr, qn("w:cantSplit"))
    SubElement(trPr, qn("w:trHeight"), {qn("w:val"): str(ROW_MIN_PT * 20), qn("w:hRule"): "atLeast"})
    if repeat:
        SubElement(trPr, qn("w:tblHeader"))
    return tr


# ---------------------------------------------------------------- reports


def write_report_docx(report: ReportLayout, path: Path, settings: ExportSettings = ExportSettings()) -> Path:
    """A summary report in the GB/T 9704 layout: 2号 title, 3号 仿宋 body on a fixed 28.95 pt pitch,
    黑体 一、 headings, unit and date at the end, 「— 1 —」 page numbers on odd/even sides."""
    faces = _Faces.resolve(settings)
    document = _new_document(faces.body, BODY_PT, report.title)
    section = document.sections[0]
    _set_page(section, landscape=False)
    title = _paragraph(document, report.title, faces.title, REPORT_TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER,
                       bold=not heavy(faces.title))
    _exact(title, 36)
    _body(document, "", faces)  # GB/T 9704: one empty line below the title
    for part in report.sections:
        _indented(document, part.heading, faces.heading1)
        for text in part.paragraphs or ("",):
            _body(document, text, faces)
    _signature(document, report, faces)
    _page_numbers(document, section, faces.number)
    return save(document, path)


def _exact(paragraph, points: float) -> None:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(points)


def _indented(document, text: str, face: str):
    """A text line: fixed pitch, justified, first line indented two characters."""
    paragraph = _paragraph(document, text, face, BODY_PT, WD_ALIGN_PARAGRAPH.JUSTIFY)
    _exact(paragraph, LINE_PT)
    paragraph.paragraph_format.widow_control = False  # keeps the 22-line page of GB/T 9704
    paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")  # Word keeps 2 chars
    return paragraph


def _body(document, text: str, faces: _Faces):
    """A body paragraph. A leading 「（一）…。」 is a level-2 heading in 楷体 (GB/T 9704); a leading
    「1.…。」 a level-3 heading, bold only where local practice wants it."""
    text = xml_safe(text)
    level2, level3 = _LEVEL2.match(text), faces.bold_level3 and _LEVEL3.match(text)
    if not (level2 or level3):
        return _indented(document, text, faces.body)
    lead, rest = _split_heading(text)
    paragraph = _indented(document, "", faces.body)
    _run(paragraph, lead, faces.heading2 if level2 else faces.body, BODY_PT, bold=not level2)
    if rest:
        _run(paragraph, rest, faces.body, BODY_PT)
    return paragraph


def _split_heading(text: str) -> tuple[str, str]:
    """The heading part of 「（一）加强组织领导。正文…」 is its first sentence."""
    end = text.find("。")
    return (text, "") if end < 0 else (text[: end + 1], text[end + 1:])


def char_width(text: str) -> float:
    """Width in characters: half-width digits and letters count a half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _signature(document, report: ReportLayout, faces: _Faces) -> None:
    """Room for the seal, the unit centred over the date, the date four characters in from the right
    (GB/T 9704 for a sealed document)."""
    date = xml_safe(report.date_text) or BLANK_DATE
    unit = xml_safe(report.unit).replace("\n", "")
    indent = max(0.0, 4 + (char_width(date) - char_width(unit)) / 2)
    for _ in range(2):
        _body(document, "", faces).paragraph_format.keep_with_next = True
    for text, chars, keep in ((unit, indent, True), (date, 4, False)):
        paragraph = _paragraph(document, text, faces.body, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
        _exact(paragraph, LINE_PT)
        paragraph.paragraph_format.right_indent = Pt(chars * BODY_PT)
        paragraph.paragraph_format.keep_with_next = keep


def _page_numbers(document, section, face: str) -> None:
    """「— 1 —」 in 4号 宋体: odd pages right, even pages left, one character in from the edge."""
    document.settings.odd_and_even_pages_header_footer = True
    section.footer_distance = Mm(FOOTER_MM)
    for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        align = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
        paragraph = _paragraph(footer, "", face, NUMBER_PT, align, paragraph=footer.paragraphs[0])
        if odd:
            paragraph.paragraph_format.right_indent = Pt(NUMBER_PT)
        else:
            paragraph.paragraph_format.left_indent = Pt(NUMBER_PT)
        _run(paragraph, "— ", face, NUMBER_PT)
        _page_field(paragraph, face)
        _run(paragraph, " —", face, NUMBER_PT)


def _page_field(paragraph, face: str) -> None:
    """A PAGE field (begin, instruction, separate, shown number, end): Word fills in each page's
    number; the 1 is only what shows before the field is updated."""
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None), ("w:instrText", {}, " PAGE "),
                             ("w:fldChar", {"w:fldCharType": "separate"}, None), ("w:t", {}, "1"),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        element = OxmlElement(tag, attrs={qn(k): v for k, v in attrs.items()})
        if text is not None:
            element.set(qn("xml:space"), "preserve")
            element.text = text
        _run(paragraph, "", face, NUMBER_PT)._r.append(element)
