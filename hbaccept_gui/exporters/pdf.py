"""PDF versions of the forms and reports, to print, stamp with the unit's red seal and scan.

Same layout as the Word files (the notice's forms; GB/T 9704 for the reports), but a PDF prints
the same everywhere: every font is embedded (`fonts`), the canvas starts in a CJK face so no
unembedded Helvetica sneaks in, and table text wraps inside its cell. Forms' tables page themselves
(`FormTable`): rows run on over pages with their labels repeated 「（续）」. The first page carries a
dashed seal placeholder of the unit's seal diameter where the stamp goes, and every page a 「草稿」
watermark while the document still has errors. What is taken from reportlab's internals lives in
`_reportlab_cjk`. No Qt here."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import accumulate, combinations
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer,
                                Table as RLTable, TableStyle)

from hbaccept_gui.exporters import fonts, page_code
from hbaccept_gui.exporters._reportlab_cjk import NO_LINE_END, NO_LINE_START, CJKParagraph, line_pieces
from hbaccept_gui.exporters.layout import (Cell, ExportSet, FormLayout, PrintedField, ReportLayout, Table, continued,
                                           title_breaks)
from hbaccept_gui.exporters.properties import property_text
from hbaccept_gui.exporters.settings import ExportSettings

LINE = 28.95  # GB/T 9704: 22 lines in the 225 mm text block
BODY_PT, TITLE_PT, PAGE_NO_PT = 16, 22, 14
SEAL_GREY, SEAL_TEXT_GREY, WATERMARK_GREY = colors.Color(0.55, 0.55, 0.55), colors.Color(0.7, 0.7, 0.7), \
    colors.Color(0.86, 0.86, 0.86)
CELL_PT, CELL_LEADING, CELL_PAD, RULE = 10.5, 14, 3, 0.6


def _style(role: str, size: float, leading: float, align=TA_LEFT, **kw) -> ParagraphStyle:
    return ParagraphStyle(f"{role}-{size}-{align}", fontName=fonts.primary(role), fontSize=size, leading=leading,
                          alignment=align, wordWrap="CJK", **kw)


def _para(text: str, style: ParagraphStyle, role: str) -> Paragraph:
    return CJKParagraph(fonts.markup(text, role, base=style.fontName), style)


# ---------------------------------------------------------------- page furniture


def draw_seal(canvas, cx: float, cy: float, settings: ExportSettings, label_xy: tuple[float, float] | None = None,
              label: bool = True):
    """The dashed circle where the red seal goes, of the setting's diameter; with `label`, 「盖章处」 in
    light grey (at `label_xy`, else centred)."""
    radius = settings.seal_diameter_mm * mm / 2
    page_code.note_seal(canvas, cx, cy, radius)  # the page code says where the seal goes (#16)
    canvas.saveState()
    canvas.setStrokeColor(SEAL_GREY)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 2)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    canvas.setDash()
    if not label:
        canvas.restoreState()
        return
    canvas.setFillColor(SEAL_TEXT_GREY)
    lx, ly = label_xy or (cx, cy - 3.5)
    fonts.draw_string(canvas, lx, ly, "盖章处", "body", 10, "center" if label_xy is None else "left")
    canvas.restoreState()


def _watermark(canvas, doc):
    width, height = doc.pagesize
    canvas.saveState()
    canvas.setFillColor(WATERMARK_GREY)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    fonts.draw_string(canvas, 0, -48, "草稿", "heading", 140, "center")
    canvas.restoreState()


def _build(path: Path, pagesize, margins: tuple[float, float, float, float], story, page_number, draft: bool,
           title: str, author: str, code: page_code.DocumentCode | None = None) -> Path:
    """One frame without padding, so the margins are the real ones; every font a CJK face. Each page
    gets the watermark first (under the text), then its number."""
    def decorate(canvas, doc):
        if draft:
            _watermark(canvas, doc)
        canvas.saveState()
        page_number(canvas, doc, canvas.getPageNumber())
        canvas.restoreState()

    top, right, bottom, left = margins
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(str(path), pagesize=pagesize, leftMargin=left, rightMargin=right, topMargin=top,
                          bottomMargin=bottom, title=property_text(title), author=property_text(author),
                          subject="草稿" if draft else "",
                          creator="hbaccept", lang="zh-CN", initialFontName=fonts.primary("body"),
                          initialFontSize=12)
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0, id="text")
    doc.addPageTemplates([PageTemplate("page", frames=[frame], onPage=decorate, pagesize=pagesize)])
    if code is None:
        doc.build(story)
    else:  # every page gets its page code (#16); the canvas holds the pages until it knows their count
        doc.build(story, canvasmaker=page_code.canvasmaker(code, margins))
    return path


# ---------------------------------------------------------------- forms


#: The smallest the header and footer fields are set to make a long unit name fit its line.
MIN_FIELD_PT = 8
#: Fields on lines of their own are this many sizes apart; the lines of one wrapped field closer.
FIELD_PITCH, WRAP_PITCH = 1.6, 1.4
#: A wrapped field's last line holds at least this many characters besides punctuation (and its
#: whole 「（加盖公章）」): no 「体」 or 「）」 alone on it.
MIN_LAST_LINE_CHARS = 2


class FieldLine(Flowable):
    """Label–value pairs on one line: the first at the left, the last at the right, others centred
    between; too wide for one line: one field per line, and a field wider than the line even at
    MIN_FIELD_PT (a unit's name of 70 characters) wraps onto lines of its own, under its value
    (`_field_lines`). With `settings`, the sealed field (the unit's, `PrintedField.sealed`) gets
    the seal placeholder where the stamp goes: centred on the unit's name (all its lines), and with
    room above and below so that its outline crosses no text but that field (the title above and
    the table below stay clear). Its 「（加盖公章）」 says what the circle is for: no 「盖章处」 label."""

    def __init__(self, fields: tuple[PrintedField, ...], size: float, settings: ExportSettings | None = None):
        super().__init__()
        self.size, self.full_size, self.settings = size, size, settings
        self.fields = fields
        self.texts = [field.text for field in fields]
        self.sealed_index = next((n for n, f in enumerate(fields) if f.sealed), None) if settings else None

    @property
    def radius(self) -> float:
        return self.settings.seal_diameter_mm * mm / 2 if self.sealed_index is not None else 0.0

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.size = self._fitting_size(avail_width)
        widths = [fonts.string_width(t, "body", self.size) for t in self.texts]
        self.one_line = sum(widths) + 2 * self.size * (len(widths) - 1) <= avail_width
        self.indents = [self._indent(n) for n in range(len(self.texts))]
        self.lines = [self._field_lines(n) for n in range(len(self.texts))]
        pitch = self.size * FIELD_PITCH
        if self.one_line or not self.texts:
            self.baselines = [self.size * 0.4] * len(self.texts)
        else:  # the sealed line first, the others below the circle
            self.baselines = [pitch * (len(self.texts) - 1 - n) + self._wrapped_height(range(n, len(self.texts)))
                              + self.size * 0.4 for n in range(len(self.texts))]
        if self.sealed_index is not None:
            self._make_room()
        self.height = max(self.baselines, default=0) + self.size * 1.2
        if self.sealed_index is not None:
            self.height = max(self.height, self._seal_centre()[1] + self.radius + 2)
        return self.width, self.height

    def _fitting_size(self, width: float) -> float:
        """The size set, or smaller when one field alone is wider than the line: a unit's name of
        40 characters shrinks to fit instead of running off the page with its 「（加盖公章）」. Not
        below MIN_FIELD_PT (about 55 characters on a portrait line): smaller would be hard to read,
        so a longer name wraps (`_field_lines`)."""
        widest = max((fonts.string_width(t, "body", self.full_size) for t in self.texts), default=0.0)
        return self.full_size if widest <= width else max(MIN_FIELD_PT, self.full_size * width / widest)

    def _indent(self, n: int) -> float:
        """Where a wrapped field's further lines start: under its value, so that the name stands as
        one block for the seal to be centred on; at the margin when the label takes a third of the line."""
        label = fonts.string_width(self._label(n), "body", self.size)
        return label if label <= self.width / 3 else 0.0

    def _label(self, n: int) -> str:
        return f"{self.fields[n].label}："

    def _field_lines(self, n: int) -> list[str]:
        """Field n as printed lines: itself, or, when wider than the line (checked with a little
        slack, as `_fitting_size` can miss the width by a rounding error), broken between characters
        as every paragraph of the PDF is (`CJKParagraph`), its label on the first line. Its last line
        is then mended so as not to strand a character (`_mended`)."""
        text = self.texts[n]
        if fonts.string_width(text, "body", self.size) <= self.width + 0.01:
            return [text]
        indent = self.indents[n]
        style = _style("body", self.size, self.size * WRAP_PITCH, leftIndent=indent, firstLineIndent=-indent)
        para = _para(text, style, "body")
        para.wrap(self.width, 1e9)
        return self._mended(_line_texts(para), n)

    def _mended(self, lines: list[str], n: int) -> list[str]:
        """The lines with characters moved from the line before onto a last line that would strand
        one (`_stranded`), as few as will do, keeping every line break one a paragraph could make (no
        line starting with 「）」, none ending with 「（」) and the label on the first line."""
        if len(lines) < 2 or not self._stranded(lines[-1], n):
            return lines
        prev, last = lines[-2], lines[-1]
        keep = len(self._label(n)) + 1 if len(lines) == 2 else 1
        for moved in range(1, len(prev) - keep + 1):
            head, tail = prev[:-moved], prev[-moved:] + last
            if fonts.string_width(tail, "body", self.size) > self.width - self.indents[n] + 0.01:
                break
            if tail[0] in NO_LINE_START or head[-1] in NO_LINE_END or head[-1].isspace():
                continue
            if not self._stranded(tail, n):
                return lines[:-2] + [head, tail]
        return lines

    def _stranded(self, last: str, n: int) -> bool:
        """Whether a wrapped field's last line is too short to stand alone: it splits the field's
        「（加盖公章）」, or holds fewer than MIN_LAST_LINE_CHARS characters besides it and punctuation."""
        note = self.fields[n].seal_note
        if note and not last.endswith(note):
            return True
        body = last[:len(last) - len(note)]
        return sum(1 for c in body if not c.isspace() and c not in NO_LINE_START + NO_LINE_END) < MIN_LAST_LINE_CHARS

    def _wrapped_height(self, fields) -> float:
        """How much further down the lines that `fields` wrap onto reach."""
        return sum(len(self.lines[n]) - 1 for n in fields) * self.size * WRAP_PITCH

    def _line_baseline(self, n: int, line: int) -> float:
        return self.baselines[n] - line * self.size * WRAP_PITCH

    def _make_room(self) -> None:
        """Lift every line so that the circle's bottom clears the flowable's bottom (the table), and
        fields other than the sealed one, when on lines of their own, clear the circle and the name
        (which a name of hundreds of characters makes taller than the circle)."""
        sealed = self.sealed_index
        lift = max(0.0, self.radius + 2 - self._name_middle())
        self.baselines = [b + lift for b in self.baselines]
        if not self.one_line:
            last_name_line = self._line_baseline(sealed, len(self.lines[sealed]) - 1)
            below = min(self._name_middle() - self.radius - 2 - self.size, last_name_line - self.size * FIELD_PITCH)
            others = [n for n in range(len(self.texts)) if n != sealed]
            for k, n in enumerate(others):
                self.baselines[n] = below - k * self.size * FIELD_PITCH - self._wrapped_height(others[:k])
            lowest = min(self._line_baseline(n, len(self.lines[n]) - 1) for n in range(len(self.texts)))
            shift = max(0.0, self.size * 0.4 - lowest)
            self.baselines = [b + shift for b in self.baselines]

    def _middle(self, baseline: float) -> float:
        return baseline + self.size * 0.35

    def _name_middle(self) -> float:
        """The height of the middle of the unit's name: of its line, or between its first and last."""
        n = self.sealed_index
        first = self._middle(self.baselines[n])
        if len(self.lines[n]) == 1:
            return first
        return (first + self._middle(self._line_baseline(n, len(self.lines[n]) - 1))) / 2

    def _x(self, n: int, line: int = 0) -> float:
        """Where field n (its `line`th line) starts."""
        if line:
            return self.indents[n]
        if not self.one_line or n == 0:
            return 0.0
        width = fonts.string_width(self.texts[n], "body", self.size)
        if n == len(self.texts) - 1:
            return self.width - width
        return self.width * n / (len(self.texts) - 1) - width / 2

    def _name_span(self) -> tuple[float, float]:
        """Left and right of the unit's name, over all its lines: without its label and seal note."""
        n = self.sealed_index
        field, lines = self.fields[n], self.lines[n]
        spans = []
        for k, line in enumerate(lines):
            start = len(self._label(n)) if k == 0 else 0
            end = len(line) - len(field.seal_note) if k == len(lines) - 1 else len(line)
            left = self._x(n, k) + fonts.string_width(line[:start], "body", self.size)
            spans.append((left, left + fonts.string_width(line[start:end], "body", self.size)))
        return min(left for left, _right in spans), max(right for _left, right in spans)

    def _seal_centre(self) -> tuple[float, float]:
        """Over the middle of the unit's name (of its block of lines when it wraps), inside the text block."""
        left, right = self._name_span()
        x = min(max((left + right) / 2, self.radius), self.width - self.radius)
        return x, self._name_middle()

    def draw(self):
        for n, lines in enumerate(self.lines):
            for k, text in enumerate(lines):
                fonts.draw_string(self.canv, self._x(n, k), self._line_baseline(n, k), text, "body", self.size)
        if self.sealed_index is not None:
            draw_seal(self.canv, *self._seal_centre(), self.settings, label=False)


def _grid(table: Table) -> dict[tuple[int, int], tuple[Cell, int, int]]:
    """{(row, col): (cell, last_row, last_col)} for every cell's top-left position."""
    rows, ncols = len(table.header_rows) + len(table.body_rows), len(table.widths)
    return {(r, c): (cell, min(r + cell.row_span, rows) - 1, min(c + cell.col_span, ncols) - 1)
            for r, c, cell in table.placements()}


_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
TOP_PAD, BOTTOM_PAD = 3, 4
_PADS = TOP_PAD + BOTTOM_PAD
_EMPTY_ROW = CELL_PT * 1.2 + _PADS
LARGE_PT = 20  # Cell.large: 玊 told apart from 王
#: A long text is cut into pieces of this many lines, one table row each, so that a page can end
#: between any two pieces: the page fills, and a row runs on over the next page.
PIECE_LINES = 4


def _cell_paragraph(cell: Cell, text: str | None = None) -> Paragraph | None:
    """A cell's text (or `text` in its style) as a Paragraph. The horizontal padding is the
    paragraph's indent, not the cell's, so a paragraph split for a continuation row keeps the width
    it is drawn at."""
    text = cell.text if text is None else text
    if not text.strip():
        return None
    return _para(text, *_cell_style(cell))


def _cell_style(cell: Cell) -> tuple[ParagraphStyle, str]:
    role = "heading" if cell.header else "body"
    size, leading = (LARGE_PT, LARGE_PT * 1.25) if cell.large else (CELL_PT, CELL_LEADING)
    style = _style(role, size, leading, _ALIGN.get(cell.align, TA_CENTER), leftIndent=CELL_PAD,
                   rightIndent=CELL_PAD)
    return style, role


def _continued_paragraph(cell: Cell) -> Paragraph | None:
    """A repeated label on the page where its rows continue: 「1（续）」, 「基础数字资源项目（续）」. A large
    character keeps its size, 「（续）」 is in the table's."""
    if not cell.text.strip():
        return None
    if not cell.large:
        return _cell_paragraph(cell, continued(cell.text))
    style, role = _cell_style(cell)
    small = fonts.markup(continued("").strip(), role, base=style.fontName)
    return CJKParagraph(f'{fonts.markup(cell.text, role, base=style.fontName)}<br/><font size="{CELL_PT}">'
                        f'{small}</font>', style)


def _line_texts(para: Paragraph) -> list[str]:
    return ["".join(w.text for w in line.words) for line in para.blPara.lines]


def _balanced(para: Paragraph, cell: Cell, width: float) -> Paragraph:
    """A heading or centred name that would leave one character alone on its last line (「实际完成任务／量」)
    is set narrower so that its lines balance (「实际完成／任务量」), keeping the number of lines."""
    style, role = _cell_style(cell)
    if "\n" in cell.text or fonts.string_width(cell.text, role, style.fontSize) <= width - 2 * CELL_PAD:
        return para  # upright on purpose, or on one line
    para.wrap(width, 1e9)
    lines = _line_texts(para)
    if len(lines) < 2 or len(lines[-1]) != 1:
        return para
    for chars in range(1, len(lines[-2])):
        inset = chars * style.fontSize / 2
        narrower = ParagraphStyle(f"{style.name}-balanced", parent=style, leftIndent=style.leftIndent + inset,
                                  rightIndent=style.rightIndent + inset)
        candidate = _para(cell.text, narrower, role)
        candidate.wrap(width, 1e9)
        got = _line_texts(candidate)
        if len(got) > len(lines):
            break
        if len(got[-1]) > 1:
            return candidate
    para.wrap(width, 1e9)
    return para


def _text_chunks(para: "CJKParagraph", width: float, limit: float) -> list[Paragraph]:
    """A long cell's paragraph cut into pieces no taller than `limit`, one per continuation row.
    Broken into lines once, blank lines included (each is a line of the cell, as in Word), so the
    cost is linear in the text whatever its shape: thousands of titles, one 100,000-character
    paragraph, or a hundred empty lines."""
    return line_pieces(para, width, max(1, int(limit // para.style.leading)))


@dataclass
class _Slot:
    """One cell of the grid a form's table is paged from: rows top…bottom, columns left…right.
    `owner` is the layout cell it belongs to (the pieces of one long text share it: no lines between
    them); `piece` marks a piece of a long text, set at the top of its row."""

    top: int
    left: int
    bottom: int
    right: int
    content: Paragraph | None
    cell: Cell
    owner: int
    key: tuple[int, int]  # the layout cell's (row, column)
    piece: bool = False


@dataclass
class _Grid:
    """A form's table as rows of known height, ready to be cut into pages (`FormTable`). `repeat`
    leading rows are the table's header rows; `groups` are (start, heads_end, end) in grid rows;
    a `heading` row keeps with the row after it."""

    col_w: list[float]
    heights: list[float]
    top_pad: list[float]
    bottom_pad: list[float]
    heading: list[bool]
    slots: list[_Slot]
    repeat: int
    groups: list[tuple[int, int, int]]
    frame_height: float

    def prefix(self, k: int) -> list[int]:
        """The rows printed above row k when a page starts there: the header rows, and the heading
        rows of the group that continues."""
        rows = list(range(self.repeat))
        for start, heads_end, end in self.groups:
            if heads_end <= k < end:
                rows += range(start, heads_end)
        return rows

    def breakable(self, b: int) -> bool:
        """A page may end before row b: not after a heading row, which goes with what it heads."""
        return b >= len(self.heights) or not self.heading[b - 1]


def _form_grid(table: Table, width: float, frame_height: float) -> _Grid:
    """The layout's table as a `_Grid`: a row with a text longer than PIECE_LINES lines becomes
    continuation rows holding pieces of it, so that pages can end inside the row (a text spanning
    rows puts its pieces in its first row and spans the others with its last piece)."""
    n_head = len(table.header_rows)
    col_w = [width * w / sum(table.widths) for w in table.widths]
    nrows = n_head + len(table.body_rows)
    placed = _grid(table)
    paras, heights = {}, {}
    for (r, c), (cell, _lr, lc) in placed.items():
        para = _cell_paragraph(cell)
        if para is not None and (cell.header or cell.align == "center"):  # labels and short names
            para = _balanced(para, cell, sum(col_w[c:lc + 1]))
        paras[(r, c)] = para
        heights[(r, c)] = para.wrap(sum(col_w[c:lc + 1]), 1e9)[1] + _PADS if para else _EMPTY_ROW
    piece = PIECE_LINES * CELL_LEADING
    pieces, out_rows = {}, [1] * nrows
    for (r, c), (cell, _lr, lc) in placed.items():
        if r >= n_head and paras[(r, c)] and not cell.large and heights[(r, c)] - _PADS > piece + 1:
            # a spanning text too: its pieces go in its first row
            pieces[(r, c)] = _text_chunks(paras[(r, c)], sum(col_w[c:lc + 1]), piece)
            out_rows[r] = max(out_rows[r], len(pieces[(r, c)]))
    first = [0, *accumulate(out_rows)]
    total = first[-1]

    slots: list[_Slot] = []
    for n, ((r, c), (cell, lr, lc)) in enumerate(placed.items()):
        if (r, c) in pieces:
            last = len(pieces[(r, c)]) - 1  # the last piece reaches down to the cell's end: no lines below it
            slots += [_Slot(first[r] + j, c, first[lr + 1] - 1 if j == last else first[r] + j, lc, chunk, cell, n,
                            (r, c), piece=True) for j, chunk in enumerate(pieces[(r, c)])]
        else:
            slots.append(_Slot(first[r], c, first[lr + 1] - 1, lc, paras[(r, c)], cell, n, (r, c)))
    top_pad, bottom_pad = [float(TOP_PAD)] * total, [float(BOTTOM_PAD)] * total
    for slot in slots:  # pieces of one text meet without padding: the text reads on
        if slot.piece and slot.top > first[_layout_row(first, slot.top)]:
            top_pad[slot.top] = 0
        if slot.piece and slot.top < first[_layout_row(first, slot.top) + 1] - 1:
            bottom_pad[slot.top] = 0
    out_h = [_EMPTY_ROW] * total
    for slot in slots:  # a piece sets its own row's height
        if slot.top == slot.bottom or slot.piece:
            content = slot.content.height if slot.piece else heights[slot.key] - _PADS
            if slot.content is None:
                content = CELL_PT * 1.2
            out_h[slot.top] = max(out_h[slot.top], content + top_pad[slot.top] + bottom_pad[slot.top])
    for slot in slots:  # a span's text taller than its rows: the last row grows
        if slot.bottom > slot.top and slot.content is not None and not slot.piece:
            need = heights[slot.key]
            have = sum(out_h[slot.top:slot.bottom + 1])
            if need > have:
                out_h[slot.bottom] += need - have
    headed: list[bool | None] = [None] * nrows  # whether every cell starting in the row is a heading
    for (r, _c), (cell, _lr, _lc) in placed.items():
        headed[r] = cell.header if headed[r] is None else headed[r] and cell.header
    heading = [False] * total
    for r in range(nrows):
        heading[first[r + 1] - 1] = bool(headed[r])
    groups = [(first[n_head + g.start], first[n_head + g.start + g.heads], first[n_head + g.end])
              for g in table.groups]
    return _Grid(col_w, out_h, top_pad, bottom_pad, heading, slots, first[n_head], groups, frame_height)


def _layout_row(first: list[int], o: int) -> int:
    """The layout row grid row `o` belongs to."""
    lo, hi = 0, len(first) - 2
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if first[mid] <= o:
            lo = mid
        else:
            hi = mid - 1
    return lo


class FormTable(Flowable):
    """A form's table from grid row `start` on, paged by itself: a page ends between any two rows
    (a long text runs on in its next piece), never right after a heading row; every page repeats
    the table's header rows, the heading rows of a group that continues, and, with 「（续）」, the
    labels (`Cell.repeat`: 序号, 项目任务, 一级/二级指标, a section's heading) whose rows continue.
    reportlab's own table splitting cannot split a row span and garbles repeated headers with it;
    here each page's part is a reportlab table that fits whole."""

    def __init__(self, grid: _Grid, start: int | None = None):
        super().__init__()
        self.grid = grid
        self.start = grid.repeat if start is None else start
        self._part = None

    def _estimate(self, rows: list[int]) -> float:
        extra = TOP_PAD if rows and self.grid.top_pad[rows[0]] == 0 else 0
        return sum(self.grid.heights[o] for o in rows) + extra

    def wrap(self, avail_width, avail_height):
        g = self.grid
        self.width = sum(g.col_w)
        rows = list(range(self.start, len(g.heights)))
        estimate = sum(g.heights[o] for o in g.prefix(self.start)) + self._estimate(rows)
        if estimate > avail_height:
            self.height = estimate
            return self.width, self.height
        self._part = _part_table(g, self.start, len(g.heights))
        self.width, self.height = self._part.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        g = self.grid
        n = len(g.heights)
        used = sum(g.heights[o] for o in g.prefix(self.start)) + (TOP_PAD if g.top_pad[self.start] == 0 else 0)
        ends, b = [], self.start
        while b < n and used + g.heights[b] <= avail_height:
            used += g.heights[b]
            b += 1
            if g.breakable(b):
                ends.append(b)
        while ends:
            end = ends.pop()
            part = _part_table(g, self.start, end)
            if part.wrap(avail_width, avail_height)[1] <= avail_height + 1e-6:
                return [part] if end >= n else [part, FormTable(g, end)]
        if avail_height < g.frame_height - 1:
            return []  # on to a fresh page
        # a fresh page and still no break fits (a row taller than a page): print it and go on, rather
        # than ask reportlab for ever for a page that does not exist
        end = max(b, self.start + 1)
        part = _part_table(g, self.start, end)
        return [part] if end >= n else [part, FormTable(g, end)]

    def draw(self):
        self._part.drawOn(self.canv, 0, 0)


def _part_table(g: _Grid, k: int, b: int) -> RLTable:
    """The reportlab table of one page: the prefix rows of row k, then rows k…b-1."""
    rows = g.prefix(k) + list(range(k, b))
    pos = {o: i for i, o in enumerate(rows)}
    heads = set(rows[:len(rows) - (b - k)])
    heights = [g.heights[o] for o in rows]
    top_pad = [g.top_pad[o] for o in rows]
    first_body = len(heads)
    if first_body < len(rows) and top_pad[first_body] == 0:  # a piece at the page's top: not against the rule
        top_pad[first_body], heights[first_body] = TOP_PAD, heights[first_body] + TOP_PAD
    placed = []
    for slot in g.slots:
        if slot.top in heads:
            last = max([o for o in rows if slot.top <= o <= slot.bottom])
            repeated = slot.top >= g.repeat and slot.cell.repeat and k > slot.top
            content = _continued_paragraph(slot.cell) if repeated else slot.content
        elif slot.top < k <= slot.bottom:  # runs on from the page before
            last = min(slot.bottom, b - 1)
            content = _continued_paragraph(slot.cell) if slot.cell.repeat and not slot.piece else None
            placed.append((pos[k], pos[last], slot, content))
            continue
        elif k <= slot.top < b:
            last, content = min(slot.bottom, b - 1), slot.content
        else:
            continue
        placed.append((pos[slot.top], pos[last], slot, content))
    ncols = len(g.col_w)
    data = [[""] * ncols for _ in rows]
    owner = [[None] * ncols for _ in rows]
    commands = []
    for top, bottom, slot, content in placed:
        for o in range(top, bottom + 1):
            owner[o][slot.left:slot.right + 1] = [slot.owner] * (slot.right + 1 - slot.left)
        if content is not None:
            data[top][slot.left] = [content]
            need = content.wrap(sum(g.col_w[slot.left:slot.right + 1]), 1e9)[1] + top_pad[top] \
                + g.bottom_pad[rows[bottom]]
            have = sum(heights[top:bottom + 1])
            if need > have + 1e-6:
                heights[bottom] += need - have
        if (bottom, slot.right) != (top, slot.left):
            commands.append(("SPAN", (slot.left, top), (slot.right, bottom)))
        if slot.piece:
            commands.append(("VALIGN", (slot.left, top), (slot.right, bottom), "TOP"))
    for o, row in enumerate(owner):  # a position no cell covers (a short layout row) is its own cell
        owner[o] = [-1 - o * ncols - c if n is None else n for c, n in enumerate(row)]
    for o in range(len(rows)):
        if top_pad[o] != TOP_PAD:
            commands.append(("TOPPADDING", (0, o), (-1, o), top_pad[o]))
        if g.bottom_pad[rows[o]] != BOTTOM_PAD:
            commands.append(("BOTTOMPADDING", (0, o), (-1, o), g.bottom_pad[rows[o]]))
    commands += _edges(owner)
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.primary("body"), CELL_PT),  # else empty cells set Helvetica
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PAD), ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PAD),
        ("BOX", (0, 0), (-1, -1), RULE, colors.black),
        *commands,
    ])
    return RLTable(data, colWidths=g.col_w, rowHeights=heights, style=style, hAlign="CENTER")


def form_table(table: Table, width: float, frame_height: float) -> FormTable:
    """The form's table as a flowable that pages itself (`FormTable`)."""
    return FormTable(_form_grid(table, width, frame_height))


def _edges(owner: list[list[int]]) -> list[tuple]:
    """Grid lines wherever two neighbouring grid positions belong to different cells."""
    rows, cols, out = len(owner), len(owner[0]), []
    for o in range(rows - 1):
        c = 0
        while c < cols:
            if owner[o][c] == owner[o + 1][c]:
                c += 1
                continue
            end = c
            while end + 1 < cols and owner[o][end + 1] != owner[o + 1][end + 1]:
                end += 1
            out.append(("LINEBELOW", (c, o), (end, o), RULE, colors.black))
            c = end + 1
    for c in range(1, cols):
        o = 0
        while o < rows:
            if owner[o][c - 1] == owner[o][c]:
                o += 1
                continue
            end = o
            while end + 1 < rows and owner[end + 1][c - 1] != owner[end + 1][c]:
                end += 1
            out.append(("LINEBEFORE", (c, o), (c, end), RULE, colors.black))
            o = end + 1
    return out


def form_story(form: FormLayout, width: float, frame_height: float, settings: ExportSettings) -> list:
    story = [
        _para(form.annex_label, _style("heading", 16, 22), "heading"),
        Spacer(1, 4),
        _para(form.title, _style("title", 18, 26, TA_CENTER), "title"),
        Spacer(1, 4),
        FieldLine(form.header_fields, 12, settings),
        Spacer(1, 4),
        form_table(form.table, width, frame_height),
    ]
    for note in form.notes:
        story += [Spacer(1, 4), _para(note, _style("body", CELL_PT, CELL_LEADING), "body")]
    if form.footer_fields:
        story += [Spacer(1, 10), FieldLine(form.footer_fields, 12)]
    return story


def _form_page_number(canvas, doc, number: int):
    fonts.draw_string(canvas, doc.pagesize[0] / 2, 10 * mm, f"— {number} —", "number", 10.5, "center")


FORM_MARGINS = (20 * mm, 18 * mm, 20 * mm, 20 * mm)  # top, right, bottom, left
LANDSCAPE_FORM_MARGINS = (15 * mm, 15 * mm, 18 * mm, 15 * mm)


def write_form_pdf(form: FormLayout, path, settings: ExportSettings = ExportSettings(), draft: bool = False,
                   code: page_code.DocumentCode | None = None) -> Path:
    pagesize, margins = (landscape(A4), LANDSCAPE_FORM_MARGINS) if form.landscape else (A4, FORM_MARGINS)
    width, height = pagesize[0] - margins[1] - margins[3], pagesize[1] - margins[0] - margins[2]
    return _build(path, pagesize, margins, form_story(form, width, height, settings), _form_page_number, draft,
                  form.title, _unit(form), code)


def _unit(form: FormLayout) -> str:
    return next((field.value for field in form.header_fields if field.sealed), "")


# ---------------------------------------------------------------- reports (GB/T 9704)

REPORT_MARGINS = (37 * mm, 26 * mm, 35 * mm, 28 * mm)  # top, right, bottom, left: text block 156 × 225 mm
REPORT_WIDTH = A4[0] - REPORT_MARGINS[1] - REPORT_MARGINS[3]
#: A long paragraph goes into the story in pieces of this many lines: reportlab rebuilds what is
#: left of a paragraph at every page break, which made a 100,000-character section quadratic.
REPORT_PIECE_LINES = 2 * 22
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")


class SignatureBlock(Flowable):
    """Unit over date, the date four characters in from the right, the unit centred over it, two
    blank lines above; the seal centred over both with them a little below its centre (GB/T 9704
    7.3.5.1), so its top comes within one line of the text above."""

    def __init__(self, unit: str, date_text: str, settings: ExportSettings):
        super().__init__()
        self.unit, self.date_text, self.settings = unit, date_text, settings

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, 4 * LINE
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        date_w = fonts.string_width(self.date_text, "body", BODY_PT)
        unit_w = fonts.string_width(self.unit, "body", BODY_PT)
        centre = self.width - 4 * BODY_PT - date_w / 2
        centre = min(centre, self.width - unit_w / 2)  # a long unit name stays inside the margin
        date_y = LINE - BODY_PT  # baselines on the report's line grid
        unit_y = date_y + LINE
        fonts.draw_string(canvas, centre, date_y, self.date_text, "body", BODY_PT, "center")
        fonts.draw_string(canvas, centre, unit_y, self.unit, "body", BODY_PT, "center")
        seal_y = (date_y + unit_y) / 2 + BODY_PT * 0.35 + 6
        radius = self.settings.seal_diameter_mm * mm / 2
        label_w = fonts.string_width("盖章处", "body", 10)
        draw_seal(canvas, centre, seal_y, self.settings,
                  label_xy=(centre - label_w / 2, min(unit_y + BODY_PT + 8, seal_y + radius - 16)))


def _report_paragraph(text: str, body: ParagraphStyle) -> Paragraph:
    """A body paragraph; one starting with （一） gets its heading sentence in 楷体 (GB/T level 2)."""
    if not _LEVEL2.match(text):
        return _para(text, body, "body")
    end = text.find("。")
    head, rest = (text[:end + 1], text[end + 1:]) if end >= 0 else (text, "")
    return CJKParagraph(fonts.markup(head, "kai", base=body.fontName) + fonts.markup(rest, "body"), body)


#: GB/T 9704: a full body line holds 28 characters. 28 × 16 pt is 5.8 pt wider than the 156 mm text
#: block, so lines may run that far over and are set tighter (0.2 pt a character), as Word's document
#: grid does; the first-line indent is two characters of that pitch.
CHARS_PER_LINE = 28
PITCH = REPORT_WIDTH / CHARS_PER_LINE
SQUEEZE = CHARS_PER_LINE * BODY_PT - REPORT_WIDTH + 0.01


def title_lines(title: str, width: float, size: float = TITLE_PT) -> list[str]:
    """The title broken between words only (GB/T 9704 7.3.1, 回行时要做到词意完整; `layout.title_breaks`):
    the fewest lines that fit, then the most even, the longer line first (a trapezoid). A title with
    no break that fits is left to ordinary wrapping."""
    def fits(line: str) -> bool:
        return fonts.string_width(line, "title", size) <= width + 0.01

    if fits(title):
        return [title]
    points = title_breaks(title)
    best = None
    for count in range(1, len(points) + 1):
        for cut in combinations(points, count):
            bounds = (0, *cut, len(title))
            lines = [title[a:b] for a, b in zip(bounds, bounds[1:])]
            if not all(fits(line) for line in lines):
                continue
            widths = [fonts.string_width(line, "title", size) for line in lines]
            key = (max(widths), -widths[0])
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None:
            return best[1]
    return [title]


def _title_paragraph(title: str) -> Paragraph:
    style = _style("title", TITLE_PT, 35, TA_CENTER, spaceAfter=LINE)
    return CJKParagraph("<br/>".join(fonts.markup(line, "title", base=style.fontName)
                                     for line in title_lines(title, REPORT_WIDTH)), style)


def report_story(report: ReportLayout, settings: ExportSettings) -> list:
    heading = _style("heading", BODY_PT, LINE, TA_JUSTIFY, firstLineIndent=2 * PITCH, squeeze=SQUEEZE)
    body = _style("body", BODY_PT, LINE, TA_JUSTIFY, firstLineIndent=2 * PITCH, squeeze=SQUEEZE)
    story: list = [_title_paragraph(report.title)]
    if report.addressee:  # 主送机关: under the title, flush left (GB/T 9704 7.3.3)
        story.append(_para(f"{report.addressee}：", _style("body", BODY_PT, LINE, squeeze=SQUEEZE), "body"))
    for section in report.sections:
        story.append(_para(section.heading, heading, "heading"))
        for text in section.paragraphs:
            story += line_pieces(_report_paragraph(text, body), REPORT_WIDTH, REPORT_PIECE_LINES)
    signature = SignatureBlock(report.unit, report.date_text, settings)
    # the seal never stands alone on a page: the last paragraph goes with it
    story[-1:] = [KeepTogether([story[-1], signature])]
    return story


def _report_page_number(canvas, doc, number: int):
    """「— 1 —」 7 mm below the text block; odd pages right, even pages left, one character in."""
    top, right, bottom, left = REPORT_MARGINS
    y = bottom - 7 * mm - PAGE_NO_PT * 0.8
    text = f"— {number} —"
    if number % 2:
        fonts.draw_string(canvas, doc.pagesize[0] - right - PAGE_NO_PT, y, text, "number", PAGE_NO_PT, "right")
    else:
        fonts.draw_string(canvas, left + PAGE_NO_PT, y, text, "number", PAGE_NO_PT)


def write_report_pdf(report: ReportLayout, path, settings: ExportSettings = ExportSettings(),
                     draft: bool = False, code: page_code.DocumentCode | None = None) -> Path:
    return _build(path, A4, REPORT_MARGINS, report_story(report, settings), _report_page_number, draft,
                  report.title, report.unit, code)


# ---------------------------------------------------------------- all of them


def write_all_pdf(export_set: ExportSet, folder, settings: ExportSettings = ExportSettings()) -> list[Path]:
    folder = Path(folder)
    paths = [write_form_pdf(f, folder / f"{f.file_stem}.pdf", settings, export_set.draft,
                            page_code.document_code(export_set, f)) for f in export_set.forms]
    paths += [write_report_pdf(r, folder / f"{r.file_stem}.pdf", settings, export_set.draft,
                               page_code.document_code(export_set, r)) for r in export_set.reports]
    return paths
