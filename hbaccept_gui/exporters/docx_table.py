"""A form's table as Word tables: the layout's table cut into the tables Word repeats header rows
of (`table_blocks`), each written as XML row by row with merged cells, fixed line pitch, rows that
never split and short merged groups kept on one page (`_table`), and the row heights Word will
lay out, estimated (`_row_heights`)."""

from __future__ import annotations

import math

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Twips
from lxml.etree import SubElement

from hbaccept_gui.core.text import xml_safe
from hbaccept_gui.exporters.docx_package import _page_room
from hbaccept_gui.exporters.docx_text import _format, _mark_rPr, char_width
from hbaccept_gui.exporters.layout import Cell, Table

CELL_PT = 10.5  # 五号, as official forms print their tables
LARGE_PT, LARGE_LINE_PT = 20, 25  # Cell.large (字符集外字表's 玊, told apart from 王), as the PDF prints it
CELL_LINE_PT = 12.5  # fixed, so a table is as tall in Word, WPS and LibreOffice whatever face stands in
ROW_MIN_PT = 22  # a row a clerk can still write in by hand
CELL_PAD_TWIPS = 20  # 1 pt above and below the text of a cell
CELL_SIDE_TWIPS = 60  # 3 pt left and right, as the PDF's cells: narrow label columns need every point


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
