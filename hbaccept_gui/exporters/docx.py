"""Word files: one document per annex, laid out like the notice's forms, and the summary reports in
the GB/T 9704 official-document format. Both render the format-free layouts of `layout`.

Word only names fonts (Word/WPS substitute a missing face), so the names come from ExportSettings;
where a setting is None the official face is named if this PC has it, else the common Windows face.
python-docx sets only the Latin font of a run, and the default template's theme fonts win over
explicit ones, so every run and the document defaults carry explicit w:eastAsia/ascii/hAnsi fonts,
no *Theme attributes and the zh-CN language; the template's Letter page, paragraph spacing and
Calibri are all overridden.

Word paginates when the file is opened, with the fonts of that PC, so nothing here can print a
label only where a page happens to break. What can be done is: every table repeats its header rows
(a form part with a heading of its own, such as 附件4's second section, is a table of its own,
`table_blocks`), no row is split (rows taller than a page are cut beforehand into rows of about a
page, their labels repeated with 「（续）」, `split_tall_rows`), and the rows of a short merged
label keep together. No Qt here."""

from __future__ import annotations

import math
import re
import sys
import zipfile
from collections import defaultdict
from copy import deepcopy
from dataclasses import dataclass, replace
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
from docx.oxml import OxmlElement, parse_xml
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
from hbaccept_gui.exporters.layout import BLANK_DATE, Cell, FormLayout, ReportLayout, Table, continued
from hbaccept_gui.exporters.properties import property_text
from hbaccept_gui.exporters.settings import ExportSettings

CREATOR = "验收材料填报助手"
GAP = "\u3000\u3000"  # between two fields on one line

# GB/T 9704 (the reports): A4, top 37 mm, left 28 mm, text block 156 × 225 mm (so right 26, bottom 35).
REPORT_MARGINS = (37, 35, 28, 26)  # top, bottom, left, right in mm
#: The forms' pages, as the PDF's (pdf.FORM_MARGINS, LANDSCAPE_FORM_MARGINS; a test keeps them
#: equal): the same column widths in both, so a header label wraps alike and the 18 pt title that
#: fits one line of the PDF fits one line here too (GB/T 9704's 156 mm left 「…完成／情况表」).
FORM_MARGINS = (20, 20, 20, 18)
LANDSCAPE_FORM_MARGINS = (15, 18, 15, 15)
FOOTER_MM = 25  # puts the page number's dashes about 7 mm below the text block

TITLE_PT, REPORT_TITLE_PT, BODY_PT, NUMBER_PT = 18, 22, 16, 14
LINE_PT = 28.95  # fixed pitch giving GB/T 9704's 22 lines on a 225 mm text block
FIELDS_PT, NOTE_PT = 14, 12
CELL_PT = 10.5  # 五号, as official forms print their tables
LARGE_PT, LARGE_LINE_PT = 20, 25  # Cell.large (字符集外字表's 玊, told apart from 王), as the PDF prints it
CELL_LINE_PT = 12.5  # fixed, so a table is as tall in Word, WPS and LibreOffice whatever face stands in
ROW_MIN_PT = 22  # a row a clerk can still write in by hand
CELL_PAD_TWIPS = 20  # 1 pt above and below the text of a cell
CELL_SIDE_TWIPS = 60  # 3 pt left and right, as the PDF's cells: narrow label columns need every point

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


def _set_page(section, landscape: bool, margins: tuple[float, float, float, float]) -> None:
    """A4 with `margins` (top, bottom, left, right in mm); landscape needs the orientation AND
    swapped sizes, else Word keeps portrait."""
    short, long = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    top, bottom, left, right = margins
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


def _span(span: int, room: int) -> int:
    return max(1, min(span, room))


def _column_widths(widths: tuple[float, ...], total: int) -> list[int]:
    """Twips proportional to the layout's relative widths, never more than the text width."""
    scale = Emu(total).twips / sum(widths)
    return [int(w * scale) for w in widths]


def table_blocks(table: Table) -> list[Table]:
    """The layout's table as the Word tables it is written as. Word repeats only a table's first
    rows on the pages it runs onto, and cannot add a row where a page happens to break, so each of
    the layout's row groups (附件4's second section, 附件5's 绩效指标 block) becomes a table of its
    own whose repeated header rows are the group's heading rows and the all-header row under them
    (附件4's column heading): every page of the group starts with its heading, where the PDF prints
    it with 「（续）」. The rows before, between and after groups are tables under the form's header
    rows (the first) or under none; `_joint` keeps the tables apart."""
    body, head = table.body_rows, table.header_rows
    cuts = sorted({0, len(body)} | {n for g in table.groups for n in (g.start, g.end) if 0 <= n <= len(body)})
    starts = {g.start: g.heads for g in table.groups}
    blocks = []
    for first, end in zip(cuts, cuts[1:]):
        if first in starts:
            heads = starts[first]
            while first + heads < end and _all_header(body[first + heads]):
                heads += 1
            blocks.append(Table(table.widths, body[first:first + heads], body[first + heads:end]))
        else:
            blocks.append(Table(table.widths, head if first == 0 else (), body[first:end]))
    return blocks or [Table(table.widths, head, ())]


def _all_header(row) -> bool:
    return bool(row) and all(cell.header for cell in row)


def _joint(document) -> None:
    """What stands between two Word tables of one form so that Word keeps them apart (adjacent
    tables are joined into one) yet prints nothing: an empty paragraph, hidden, 1 pt high."""
    paragraph = document.add_paragraph()
    _format(paragraph._p, "", "宋体", 1, WD_ALIGN_PARAGRAPH.LEFT, False, exact=1)
    mark = _mark_rPr(paragraph)
    mark.insert_element_before(OxmlElement("w:vanish"), *_AFTER_VANISH)


#: CT_RPr's children after w:vanish, in schema order.
_AFTER_VANISH = ("w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
                 "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                 "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _table(document, table: Table, face: str, width: int, header_face: str | None = None) -> None:
    """The form's table, written as XML row by row (python-docx's per-cell API and `merge` took
    most of a form's time): a merged cell is a w:tc with gridSpan over the columns it spans and
    vMerge restart/continue down the rows, as python-docx's `merge` writes it. Header cells are
    set in `header_face` (黑体, as the PDF sets them), not bold. A header cell that spans down into
    the body (附件5's 绩效指标) is merged only within the header rows, which Word repeats on every
    page, and continues below as cells without lines between them (see `_open_edges`); the rows of
    a merged cell that starts in the body keep together where they fit (`_keep_rows`)."""
    rows = table.header_rows + table.body_rows
    nhead = len(table.header_rows)
    widths = _column_widths(table.widths, width)
    grid = document.add_table(rows=0, cols=len(widths))
    _table_properties(grid, sum(widths))
    for column, twips in zip(grid._tbl.tblGrid.gridCol_lst, widths):
        column.w = Twips(twips)
    spans, owner = _merged_areas(table, len(rows), len(widths))
    trs = []
    for r in range(len(rows)):
        tr = _row(repeat=r < nhead)
        c = 0
        while c < len(widths):
            top, left = owner.get((r, c), (r, c))
            cell, bottom, right = spans.get((top, left), (None, r, c))
            merged_to = min(bottom, nhead - 1) if top < nhead else bottom
            v_merge = None if merged_to == top or r > merged_to else "restart" if r == top else "continue"
            tc = _tc(tr, sum(widths[left:right + 1]), right - left + 1, v_merge)
            if merged_to < bottom and r >= merged_to:
                _open_edges(tc, top=r > merged_to, bottom=r < bottom)
            if cell is not None and r == top:
                _cell_text(tc, cell, header_face if cell.header and header_face else face,
                           sum(widths[left:right + 1]))
            else:
                SubElement(tc, qn("w:p"))  # a w:tc holds at least one paragraph
            c = right + 1
        grid._tbl.append(tr)
        trs.append(tr)
    heights = _row_heights(spans, len(rows), widths)
    room = _page_room(document.sections[-1]) - sum(heights[:nhead])
    _keep_rows(trs, [_kept(top, bottom, heights, room) for (top, _c), (_cell, bottom, _r) in spans.items()
                     if top >= nhead and bottom > top])


def _kept(top: int, bottom: int, heights: list[float], room: float) -> tuple[int, int]:
    """The rows of a merged group to keep on one page: all of them where they take at most
    KEEP_FRACTION of a page; else the first two where those do, so the label's first row is never
    left alone at the foot of a page (附件5's 效益指标 over a short row and a tall one); else none."""
    for last in (bottom, top + 1):
        if sum(heights[top:last + 1]) <= room * KEEP_FRACTION:
            return top, last
    return top, top


#: A merged group of rows is kept on one page only if it takes at most this share of a page: a
#: taller one would leave most of the page before it empty, and a group taller than a page is
#: broken by Word anyway.
KEEP_FRACTION = 0.5


def _page_room(section) -> float:
    """The height of the text block, in points."""
    return Emu(section.page_height - section.top_margin - section.bottom_margin).pt


def _row_heights(spans, nrows: int, widths: list[int]) -> list[float]:
    """Each row's height in points as Word will lay it out, near enough to decide what keeps
    together: cell text wraps at the cell's width on the fixed CELL_LINE_PT pitch (Chinese breaks
    between any two characters, so a line holds width ÷ 10.5 pt characters)."""
    heights = [float(ROW_MIN_PT)] * nrows
    for (top, left), (cell, bottom, right) in spans.items():
        if bottom == top:
            size, pitch = (LARGE_PT, LARGE_LINE_PT) if cell.large else (CELL_PT, CELL_LINE_PT)
            room = Twips(sum(widths[left:right + 1]) - 2 * CELL_SIDE_TWIPS).pt / size
            lines = sum(max(1, math.ceil(char_width(line) / max(1.0, room))) for line in cell.text.split("\n"))
            heights[top] = max(heights[top], lines * pitch + 2 * Twips(CELL_PAD_TWIPS).pt)
    return heights


# ---------------------------------------------------------------- rows taller than a page

#: Cell lines left free at the foot of a page by a tall row's pieces: what is left of a page is
#: estimated (Word lays out with the fonts of the PC that opens the file), and a piece that does
#: not fit moves on to the next page whole.
TALL_SLACK_LINES = 3
#: A first piece shorter than this many lines is not worth it: the row starts on the next page.
TALL_MIN_LINES = 4


def _head_height(form: FormLayout, width: int) -> float:
    """What a form prints above its table, in points (single-spaced lines are about 1.3 em)."""
    fields = len(_pack([xml_safe(f.text) for f in form.header_fields], Emu(width).pt / FIELDS_PT))
    label = 1.3 * BODY_PT if form.annex_label else 0
    return label + 1.3 * form_title_size(form.title, Emu(width).pt) + 8 + fields * 1.3 * FIELDS_PT + 4


def split_tall_rows(table: Table, widths: list[int], page: float, left: float) -> tuple[Table, float]:
    """`table` with every body row taller than a page cut into rows that each hold as many lines
    of its long texts as fit, and the points still free on the page after it (`left`: free where
    it starts). Word breaks a row taller than a page where the page ends and prints nothing on the
    next page to say what the rest belongs to. Cut here, the first piece fills what is left of its
    page and every further piece is a page less the repeated header rows and some slack, so it
    always starts a page: there it repeats the row's labels (Cell.repeat: 序号, 项目任务, 二级指标)
    with 「（续）」, as the PDF does. Estimated, so a piece may move on and leave a gap; never is a
    label repeated in the middle of a page unless a piece is far shorter than estimated."""
    nhead = len(table.header_rows)
    rows = table.header_rows + table.body_rows
    spans, _owner = _merged_areas(table, len(rows), len(widths))
    heights = _row_heights(spans, len(rows), widths)
    pad = 2 * Twips(CELL_PAD_TWIPS).pt
    room = page - sum(heights[:nhead])  # a page under the repeated header rows
    full = int((room - pad) // CELL_LINE_PT) - TALL_SLACK_LINES
    left -= sum(heights[:nhead])
    pieces: dict[int, list[int]] = {}
    for r in range(nhead, len(rows)):
        if heights[r] <= left:
            left -= heights[r]
        elif heights[r] <= room:
            left = room - heights[r]
        else:
            pieces[r] = _piece_lines(round((heights[r] - pad) / CELL_LINE_PT),
                                     int((left - pad) // CELL_LINE_PT) - TALL_SLACK_LINES, full)
            left = room - pieces[r][-1] * CELL_LINE_PT - pad
    return (_cut(table, spans, pieces, widths) if pieces else table), left


def _piece_lines(lines: int, first: int, full: int) -> list[int]:
    """How many lines each piece of a row of `lines` lines holds: `first` (where that is at least
    TALL_MIN_LINES), then `full` a piece."""
    counts = [first] if first >= TALL_MIN_LINES else []
    while sum(counts) < lines:
        counts.append(min(max(1, full), lines - sum(counts)))
    return counts


def _cut(table: Table, spans, pieces: dict[int, list[int]], widths: list[int]) -> Table:
    """The table with row r of `pieces` written as len(pieces[r]) rows: its long texts cut by lines
    (`_cut_text`), its short ones in the first, its labels again with 「（续）」 in the others; a
    merged cell over such a row (序号 over a task's contractors) is cut where the pieces start."""
    nhead = len(table.header_rows)
    nrows = nhead + len(table.body_rows)
    count = [len(pieces.get(r, [1])) for r in range(nrows)]
    first = [sum(count[:r]) for r in range(nrows + 1)]
    out: dict[int, list[tuple[int, Cell]]] = defaultdict(list)
    for (top, left), (cell, bottom, right) in spans.items():
        if top == bottom and top in pieces:
            size = LARGE_PT if cell.large else CELL_PT
            room = Twips(sum(widths[left:right + 1]) - 2 * CELL_SIDE_TWIPS).pt / size
            texts = _cut_text(cell.text, room, pieces[top])
            for j, text in enumerate(texts):
                shown = text if j == 0 or any(texts[1:]) else continued(cell.text) if cell.repeat and cell.text else ""
                out[first[top] + j].append((left, replace(cell, text=shown, row_span=1)))
            continue
        starts = [first[top]] + ([first[r] + j for r in range(top, bottom + 1) if r in pieces
                                  for j in range(1, count[r])] if top >= nhead else [])
        ends = starts[1:] + [first[bottom + 1]]
        for j, (start, end) in enumerate(zip(starts, ends)):
            text = cell.text if j == 0 else continued(cell.text) if cell.repeat and cell.text else ""
            out[start].append((left, replace(cell, text=text, row_span=end - start)))
    rows = tuple(tuple(cell for _c, cell in sorted(out[n], key=lambda item: item[0])) for n in range(first[-1]))
    return Table(table.widths, rows[:first[nhead]], rows[first[nhead]:])


def _cut_text(text: str, room: float, counts: list[int]) -> list[str]:
    """`text` wrapped at `room` characters a line and dealt out to pieces of `counts` lines; a
    paragraph cut between two pieces goes on as a paragraph of the next."""
    lines = [(line, n == len(wrapped) - 1)  # (line, ends its paragraph)
             for paragraph in text.split("\n") for wrapped in [wrap(paragraph, room)] for n, line in enumerate(wrapped)]
    texts, start = [], 0
    for n in counts:
        chunk = lines[start:start + n]
        start += n
        texts.append("".join(line + ("\n" if end else "") for line, end in chunk).rstrip("\n"))
    return texts


def _open_edges(tc, top: bool, bottom: bool) -> None:
    """No line above (`top`) and/or below (`bottom`) this cell: cells stacked like this read as
    one merged cell, yet each page shows the label of the header row above them."""
    tcPr = tc.find(qn("w:tcPr"))
    borders = OxmlElement("w:tcBorders")
    for edge, open_ in (("top", top), ("bottom", bottom)):
        if open_:
            borders.append(OxmlElement(f"w:{edge}", attrs={qn("w:val"): "nil"}))
    tcPr.insert_element_before(borders, "w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                               "w:vAlign", "w:hideMark")


def _keep_rows(trs, groups) -> None:
    """Keep the rows of each (top, bottom) group on one page: every paragraph of every row but the
    last keeps with the next, which Word applies to table rows. A merged 序号/项目任务 or 二级指标
    is printed in its first row only; Word cannot repeat it where a page break falls inside its
    rows, so none falls there unless the group is taller than a page."""
    for top, bottom in groups:
        for tr in trs[top:bottom]:
            for p in tr.iter(qn("w:p")):
                pPr = p.get_or_add_pPr()
                if pPr.find(qn("w:keepNext")) is None:
                    pPr.insert_element_before(OxmlElement("w:keepNext"), *_AFTER_KEEP_NEXT)


#: CT_PPr's children after w:keepNext, in schema order.
_AFTER_KEEP_NEXT = ("w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
                    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
                    "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                    "w:pPrChange")


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


def _cell_text(tc, cell: Cell, face: str, twips: int | None = None) -> None:
    """A newline in the cell's text starts a new paragraph in the cell. A centred label in a cell
    `twips` wide is broken by `label_lines`, so none leaves one character alone on a line."""
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(
        cell.align, WD_ALIGN_PARAGRAPH.CENTER)
    size, pitch = (LARGE_PT, LARGE_LINE_PT) if cell.large else (CELL_PT, CELL_LINE_PT)
    text = xml_safe(cell.text)
    if align == WD_ALIGN_PARAGRAPH.CENTER and twips is not None:
        text = label_lines(text, Twips(twips - 2 * CELL_SIDE_TWIPS).pt / size)
    for line in text.split("\n"):
        _format(SubElement(tc, qn("w:p")), line, face, size, align, False, exact=pitch)


#: A line of a label never starts with these (closing brackets and punctuation).
_NO_LABEL_LINE_START = "）)》」』】〕，、。；：？！%％"


def label_lines(text: str, room: float) -> str:
    """A one-line label that Word would wrap at `room` characters leaving one character alone on
    its last line (「实际完成任务／量」, 「二级指／标」), broken by hand into as many lines of even
    length instead (「实际完成／任务量」, 「二级／指标」); any other text as it is."""
    wrapped = wrap(text, room)
    if "\n" in text or len(wrapped) < 2 or char_width(wrapped[-1]) > 1:
        return text
    target, lines, line = math.ceil(char_width(text) / len(wrapped)), [], ""
    for ch in text:
        if line and char_width(line + ch) > target and ch not in _NO_LABEL_LINE_START:
            lines.append(line)
            line = ""
        line += ch
    lines.append(line)
    fits = len(lines) <= len(wrapped) and all(char_width(x) <= room for x in lines)
    return "\n".join(lines) if fits else text


def wrap(paragraph: str, room: float) -> list[str]:
    """`paragraph` in lines as Word wraps Chinese: as many characters as fit in `room` (half-width
    ones counting a half), breaking between any two."""
    lines, line = [], ""
    for ch in paragraph:
        if line and char_width(line + ch) > room:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


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
    for edge, twips in (("top", CELL_PAD_TWIPS), ("left", CELL_SIDE_TWIPS), ("bottom", CELL_PAD_TWIPS),
                        ("right", CELL_SIDE_TWIPS)):
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
    """A summary report in the GB/T 9704 layout: 2号 title broken between words, one empty line, the
    主送机关 line, 3号 仿宋 body on a 28 × 22 grid, 黑体 一、 headings, unit centred over the date with
    a seal placeholder, 「— 1 —」 page numbers on odd/even sides."""
    faces = _Faces.resolve(settings)
    document = _new_document(faces.body, BODY_PT, report.title)
    section = document.sections[0]
    _set_page(section, False, REPORT_MARGINS)
    _report_grid(section)
    title = _paragraph(document, "\n".join(title_lines(report.title, Emu(_text_width(section)).pt / REPORT_TITLE_PT)),
                       faces.title, REPORT_TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, bold=not heavy(faces.title))
    _exact(title, 36)
    _off_grid(title)
    _body(document, "", faces)  # GB/T 9704: one empty line below the title
    if report.addressee:
        _addressee(document, report.addressee, faces)
    for part in report.sections:
        _indented(document, part.heading, faces.heading1)
        for text in part.paragraphs or ("",):
            _body(document, text, faces)
    _condense(document.paragraphs[1:], section)
    _signature(document, report, faces, settings)
    _page_numbers(document, section, faces.number)
    return save(document, path)


#: GB/T 9704: 28 characters on a line, 22 lines on a page of the 156 × 225 mm text block.
GRID_CHARS = 28
#: CT_RPr's children after w:spacing, in schema order.
_AFTER_CHAR_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                       "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                       "w:specVanish", "w:oMath")


def _grid_pitch(section) -> float:
    """The character pitch of a full line: 156 mm / 28 = 15.79 pt, less than a 16 pt character."""
    return Emu(_text_width(section)).pt / GRID_CHARS


def _report_grid(section) -> None:
    """Word's document grid (页面设置 → 文档网格) as a line grid of 22 lines (the paragraphs' exact
    28.95 pt pitch keeps them there), with the 28-character pitch recorded in charSpace (4096ths of
    a point relative to the 16 pt default). Not the 「行和字符网格」 type: LibreOffice gives every
    16 pt character two cells of a 15.79 pt grid (12–14 characters on a line, measured), so the 28
    characters come from `_condense` instead, which every renderer honours."""
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))
    grid.set(qn("w:charSpace"), str(round((_grid_pitch(section) - BODY_PT) * 4096)))


def _condense(paragraphs, section) -> None:
    """Every run (and paragraph mark) of the body text set a little tighter, to the whole twentieth
    of a point that lets 28 characters fit on a line (-0.25 pt: 28 × 15.75 pt ≤ 156 mm)."""
    twentieths = str(math.floor((_grid_pitch(section) - BODY_PT) * 20))
    for paragraph in paragraphs:
        for rPr in paragraph._p.iter(qn("w:rPr")):
            rPr.remove_all("w:spacing")
            rPr.insert_element_before(OxmlElement("w:spacing", attrs={qn("w:val"): twentieths}),
                                      *_AFTER_CHAR_SPACING)


def _off_grid(paragraph) -> None:
    """Not snapped to the line grid: LibreOffice gives a line of the 22 pt title on its 36 pt pitch
    two grid lines (57.9 pt) unless told so; Word leaves an exact pitch alone either way."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.insert_element_before(OxmlElement("w:snapToGrid", attrs={qn("w:val"): "0"}), *_AFTER_AUTOSPACE[3:])


def _no_autospace(paragraph) -> None:
    """No extra space between Chinese and digits: Word and WPS add about a quarter character there,
    which the signature's centring cannot know of."""
    pPr = paragraph._p.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        pPr.insert_element_before(OxmlElement(tag, attrs={qn("w:val"): "0"}), *_AFTER_AUTOSPACE)


#: CT_PPr's children after w:snapToGrid / w:autoSpaceDN, in schema order.
_AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                    "w:pPrChange")


#: Words after which a title may break (GB/T 9704 7.3.1: 回行时要做到词意完整), best first: a line
#: ends with the name of the project rather than inside it.
TITLE_BREAK_AFTER = ("项目", "情况", "工作", "体系", "建设", "年度", "关于")
#: A title line never starts with a particle or punctuation (「…有关情况／的报告」).
TITLE_NO_LINE_START = "的之和与及、，。：；）》"


def title_lines(title: str, room: float) -> list[str]:
    """`title` in lines of at most `room` characters (`char_width`), broken only after one of
    TITLE_BREAK_AFTER (the earliest-listed word that fits wins, then the most even lines), never
    before a particle; where no such break fits, at the last character boundary that does."""
    if char_width(title) <= room:
        return [title]
    best = None
    for rank, word in enumerate(TITLE_BREAK_AFTER):
        for end in (m.end() for m in re.finditer(re.escape(word), title)):
            rest = title[end:]
            if not rest or rest[0] in TITLE_NO_LINE_START or char_width(title[:end]) > room:
                continue
            lines = [title[:end]] + title_lines(rest, room)
            if all(char_width(line) <= room for line in lines):
                key = (rank, len(lines), abs(char_width(lines[0]) - char_width(lines[-1])))
                best = min(best, (key, lines)) if best else (key, lines)
    if best:
        return best[1]
    end = _last_fitting_break(title, room)
    return [title[:end]] + title_lines(title[end:], room)


def _last_fitting_break(text: str, room: float) -> int:
    """The last boundary whose line fits, not before a particle nor inside a run of digits or letters."""
    fits = [n for n in range(1, len(text)) if char_width(text[:n]) <= room]
    for n in reversed(fits):
        if text[n] not in TITLE_NO_LINE_START and not (text[n - 1].isascii() and text[n].isascii()):
            return n
    return fits[-1] if fits else 1


def _addressee(document, addressee: str, faces: _Faces) -> None:
    """The 主送机关 line, flush left on the line grid, ending with a full-width colon."""
    paragraph = _paragraph(document, f"{xml_safe(addressee).rstrip('：:')}：", faces.body, BODY_PT,
                           WD_ALIGN_PARAGRAPH.JUSTIFY)
    _exact(paragraph, LINE_PT)
    paragraph.paragraph_format.widow_control = False


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


def _signature(document, report: ReportLayout, faces: _Faces, settings: ExportSettings) -> None:
    """Room for the seal, the unit centred over the date, the date four characters in from the right
    (GB/T 9704 for a sealed document), the seal placeholder over both. Word cannot centre one line
    over another, so the unit's right indent comes from both widths, measured in the faces the PDF
    embeds from this PC (仿宋 on a Windows PC, where Word sets it too: 「2025」 is 4 half-width
    digits there but 0.64 em each in the Linux fallback); no autospace, which would widen the date
    by what no width knows of. The last body paragraph, the empty lines and the unit keep with the
    next paragraph: the signature never stands alone on a page."""
    from hbaccept_gui.exporters import fonts  # the PDF's faces: loaded only when a report is written

    date = xml_safe(report.date_text) or BLANK_DATE
    unit = xml_safe(report.unit).replace("\n", "")
    date_pt, unit_pt = (fonts.string_width(text, "body", BODY_PT) for text in (date, unit))
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(2):
        _body(document, "", faces).paragraph_format.keep_with_next = True
    lines = []
    for text, indent, keep in ((unit, DATE_INDENT_PT + (date_pt - unit_pt) / 2, True), (date, DATE_INDENT_PT, False)):
        paragraph = _paragraph(document, text, faces.body, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT)
        _exact(paragraph, LINE_PT)
        _no_autospace(paragraph)
        paragraph.paragraph_format.right_indent = Pt(max(0.0, indent))
        paragraph.paragraph_format.keep_with_next = keep
        lines.append(paragraph)
    centre = Emu(_text_width(document.sections[0])).pt - DATE_INDENT_PT - date_pt / 2
    _seal(lines[0], min(centre, Emu(_text_width(document.sections[0])).pt - unit_pt / 2),
          settings.seal_diameter_mm, faces.body)


#: GB/T 9704: the date four characters in from the right margin.
DATE_INDENT_PT = 4 * BODY_PT


#: The seal placeholder's outline: the PDF's grey, 0.6 pt, dashed.
SEAL_RGB, SEAL_LINE_PT = "8C8C8C", 0.6


def _seal(paragraph, centre_pt: float, diameter_mm: float, face: str) -> None:
    """A dashed circle of the seal's diameter behind the text, centred at `centre_pt` from the left
    margin, with unit and date a little below its centre (GB/T 9704 7.3.5.1, as the PDF draws it).
    Floating and anchored to the unit's paragraph, so it moves with the signature: DrawingML for
    Word 2010+/WPS/LibreOffice, VML as the fallback older readers take."""
    diameter = Mm(diameter_mm).pt
    left = centre_pt - diameter / 2
    top = LINE_PT - BODY_PT * 0.35 - 6 - diameter / 2  # from the top of the unit's line
    _run(paragraph, "", face, BODY_PT)._r.append(parse_xml(_SEAL_XML.format(
        x=int(Pt(left)), y=int(Pt(top)), d=int(Pt(diameter)), line=int(Pt(SEAL_LINE_PT)), rgb=SEAL_RGB,
        xpt=f"{left:.2f}", ypt=f"{top:.2f}", dpt=f"{diameter:.2f}", linept=f"{SEAL_LINE_PT}")))


_SEAL_XML = (
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word">'
    '<mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="1"'
    ' locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="margin"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{d}" cy="{d}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="1" name="盖章处" descr="印章位置（盖章处）"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{d}" cy="{d}"/></a:xfrm>'
    '<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:noFill/>'
    '<a:ln w="{line}"><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill><a:prstDash val="dash"/></a:ln>'
    '</wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:oval style="position:absolute;margin-left:{xpt}pt;margin-top:{ypt}pt;width:{dpt}pt;'
    'height:{dpt}pt;z-index:-251657216;mso-position-horizontal-relative:margin;'
    'mso-position-vertical-relative:text" filled="f" strokecolor="#{rgb}" strokeweight="{linept}pt">'
    '<v:stroke dashstyle="dash"/><w10:wrap anchorx="margin"/></v:oval></w:pict></mc:Fallback>'
    '</mc:AlternateContent>')


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


def _number_runs(paragraph, face: str, size: float) -> None:
    _run(paragraph, "— ", face, size)
    _page_field(paragraph, face, size)
    _run(paragraph, " —", face, size)


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
        _number_runs(paragraph, face, NUMBER_PT)


def _page_field(paragraph, face: str, size: float) -> None:
    """A PAGE field (begin, instruction, separate, shown number, end): Word fills in each page's
    number; the 1 is only what shows before the field is updated."""
    for tag, attrs, text in (("w:fldChar", {"w:fldCharType": "begin"}, None), ("w:instrText", {}, " PAGE "),
                             ("w:fldChar", {"w:fldCharType": "separate"}, None), ("w:t", {}, "1"),
                             ("w:fldChar", {"w:fldCharType": "end"}, None)):
        element = OxmlElement(tag, attrs={qn(k): v for k, v in attrs.items()})
        if text is not None:
            element.set(qn("xml:space"), "preserve")
            element.text = text
        _run(paragraph, "", face, size)._r.append(element)
