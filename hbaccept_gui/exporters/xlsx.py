"""The Excel workbook: one sheet per annex, laid out like the paper form.

Every sheet has 「附件N」 in A1, the title merged and centred across the table, the header fields
line (单位名称：…（加盖公章）   日期：…), the table with merged cells for its spans, the notes and the
footer fields; it prints on A4 (landscape where the form is), one page wide, with the table's
header rows repeated on every page.

Numbers are numbers: where a layout cell has an exact `value`, the cell holds that Decimal (an int
when integral) with a number format that shows the same digits as the form's text, unit included
(1 → `0"万筒子叶"` shows 「1万筒子叶」, 1.0274 → `0.0000`). Percentages are written as true
percentages: the value divided by 100 (exact in Decimal) with `0.00%`, so Excel and WPS show
98.00%, the formula bar shows 98.00% too, and the cell computes as 0.98 in a clerk's own formulas.
A computed cell carries a comment 「自动计算：<how it was computed>」. The whole numbers of a 「序号」
column are numbers too; a total kept in two units (「15小时、2TB」) has no `value` and is text.

Printing as the PDF prints: header cells in 黑体 (not bold), a `large` cell at 20 pt. Excel and WPS
break Chinese anywhere, which stranded 「）」 and 「B）」 on lines of their own, so the form's labels
(header cells and the labels down the side) carry their own line breaks, the unit on a line of its
own; another short text only where it would strand a character. No row is higher than Excel's
409 pt: a longer text goes on in continuation rows (see `_SheetWriter.table`), so that every
character prints, rather than a capped row that clips the end.

No cell of the workbook is ever a formula: text a spreadsheet would run (=, +, -, @ …) is stored
as text and marked with a quote prefix so Excel keeps it text when the cell is edited. Control
characters XML cannot hold are removed. No Qt here."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from hbaccept_gui.core.text import xml_safe
from hbaccept_gui.exporters.layout import Cell, ExportSet, FormLayout, PrintedField, Table, place
from hbaccept_gui.exporters.properties import property_text

CREATOR = "验收材料填报助手"
COMMENT_PREFIX = "自动计算："
DRAFT_MARK = "草稿"

FONT_NAME = "宋体"
HEADING_FONT_NAME = "黑体"
BODY_SIZE = 11
TITLE_SIZE = 16
LARGE_SIZE = 20  # Cell.large: 玊 told apart from 王, as the PDF prints it

#: Total width of a table in Excel column units; fit-to-width printing scales it onto the page.
TOTAL_WIDTH = {False: 96.0, True: 150.0}  # by landscape
LINE_HEIGHT = 15.0  # points per wrapped line of 11 pt 宋体
ROW_PADDING = 5.0
MIN_TABLE_ROW = 22.0
#: Excel's highest row is 409 pt: a taller row is cut to 409 and its text clipped on screen and in
#: print. A text that needs more is written over continuation rows instead (see `_SheetWriter.table`),
#: each at most this high, so every character stays printable and nothing is shrunk.
MAX_ROW_HEIGHT = 400.0
LINES_PER_ROW = int((MAX_ROW_HEIGHT - ROW_PADDING) // LINE_HEIGHT)
#: Room kept free on a line we break ourselves, so that an office suite whose character widths differ
#: a little from `text_width` still does not wrap it again (and strand its last character).
BREAK_MARGIN = 0.5

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
#: The rows of a text cut into pieces read as one cell: no rule between them.
PIECE_BORDERS = {(True, False): Border(left=THIN, right=THIN, top=THIN),  # (first, last) piece
                 (False, False): Border(left=THIN, right=THIN),
                 (False, True): Border(left=THIN, right=THIN, bottom=THIN)}
EXCEL_MAX_ROW_HEIGHT = 409.0
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFEDEDED", end_color="FFEDEDED")

_FORMULA_START = ("=", "+", "-", "@")
_STYLE_IDS = {"font": "fontId", "fill": "fillId", "border": "borderId", "alignment": "alignmentId"}
_SHEET_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")
_SERIAL = re.compile(r"[1-9]\d{0,5}", re.ASCII)
_NUMBER_TEXT = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(.*)", re.DOTALL | re.ASCII)


# ---------------------------------------------------------------- styles


@cache
def _font(name: str = FONT_NAME, size: float = BODY_SIZE, bold: bool = False, color: str | None = None) -> Font:
    return Font(name=name, size=size, bold=bold, color=color)


@cache
def _alignment(horizontal: str, wrap: bool | None = True) -> Alignment:
    return Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)


# ---------------------------------------------------------------- text


def _put_text(cell, text: object) -> None:
    """Store `text` as text, never as a formula, whatever it starts with."""
    value = xml_safe(text)
    if not value:
        cell.value = None
        return
    cell.value = value
    cell.data_type = "s"  # openpyxl makes anything starting with '=' a formula: undo that
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True  # Excel/WPS keep it text when the clerk edits the cell


# ---------------------------------------------------------------- numbers


def _plain_number(value: Decimal) -> int | Decimal:
    if value == value.to_integral_value():
        return int(value)
    return value


def number_and_format(text: str, value: Decimal) -> tuple[int | Decimal, str] | None:
    """The value to write and the number format that shows `text`; None when no format can
    (then the text is written). 98.00% → (0.98, '0.00%'); 1万筒子叶 → (1, '0"万筒子叶"')."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return None
    match = _NUMBER_TEXT.fullmatch(text.strip())
    if match is None:
        return None
    sign, whole, fraction, suffix = match.groups()
    fraction = fraction or ""
    suffix = suffix.strip()
    grouped = "," in whole
    places = len(fraction)
    try:  # Excel rounds half away from zero, like the core: compare with what it would show
        shown = format(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")
    except InvalidOperation:
        return None
    if shown != sign.replace("+", "") + whole.replace(",", "") + ("." + fraction if fraction else "") or sign == "+":
        return None
    digits = ("#,##0" if grouped else "0") + ("." + "0" * places if places else "")
    if suffix == "%":
        return _plain_number(value / 100), digits + "%"
    if '"' in suffix or "\\" in suffix:
        return None
    return _plain_number(value), digits + (f'"{suffix}"' if suffix else "")


# ---------------------------------------------------------------- sizes


def _char_width(char: str) -> float:
    if char in "\t":
        return 4.0
    return 2.1 if unicodedata.east_asian_width(char) in ("W", "F") else 1.1


def text_width(text: str) -> float:
    """Width of one line of text in Excel column units (CJK characters count about two)."""
    return sum(_char_width(c) for c in text)


def line_count(text: str, width: float, scale: float = 1.0) -> int:
    """How many lines `text` wraps to in a cell `width` column units wide."""
    usable = max(width - 1.5, 2.0)
    return sum(max(1, math.ceil(text_width(line) * scale / usable)) for line in xml_safe(text).split("\n"))


#: Marks a line must not start with (they end the text before them) and marks it must not end with.
_CLOSING = set("）)]】」』》〉，。、；：？！…%’”")
_OPENING = set("（([【「『《〈‘“")
_BRACKETS = {"（": "）", "(": ")"}
_MAX_GROUP = 8  # a bracketed unit up to this long is kept on one line: 「（万筒子叶）」, 「（B/A）」


def _tokens(text: str) -> list[str]:
    """The pieces a line may not be broken inside: a short bracketed group (the unit of a label), a
    run of Latin letters and digits, any other single character; a closing mark is glued to what it
    closes and an opening mark to what it opens, so neither 「）」 nor 「（」 is left alone."""
    tokens: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        end = text.find(_BRACKETS[char], i) if char in _BRACKETS else -1
        if 0 < end - i < _MAX_GROUP:
            token = text[i:end + 1]
        elif char.isascii() and char.isalnum():
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isalnum() or text[j] in "./-"):
                j += 1
            token = text[i:j]
        else:
            token = char
        i += len(token)
        if tokens and (token[0] in _CLOSING or tokens[-1][-1] in _OPENING):
            tokens[-1] += token
        else:
            tokens.append(token)
    return tokens


def _wrap(tokens: list[str], limit: float) -> list[str]:
    lines: list[str] = []
    for token in tokens:
        if lines and text_width(lines[-1] + token) <= limit:
            lines[-1] += token
        else:
            lines.append(token)
    return lines


def _char_wrap(text: str, width: float) -> list[str]:
    """How an office suite wraps one line of CJK text with no line-breaking rules: anywhere."""
    return _wrap(list(text), max(width - 1.5, 2.0))


def strands(text: str, width: float) -> bool:
    """Whether wrapping `text` (one line) in a cell `width` wide leaves a character alone on its last
    line, or starts a line with a closing mark (「全年执行数（」 /「B）」)."""
    lines = _char_wrap(text, width)
    return len(lines) > 1 and any(len(line) == 1 or line[0] in _CLOSING for line in lines[1:])


def balanced_lines(text: str, width: float) -> str:
    """`text` (one line) broken into as few lines as fit a cell `width` wide, as even as possible
    (the least squared room left over the lines, so no last line holds a lone 「量」), never inside a
    bracketed unit or before a closing mark. The breaks are written into the text, so that Excel and
    WPS, which would break anywhere, print them as they are. Unchanged if it fits on one line."""
    usable = max(width - 1.5 - BREAK_MARGIN, 2.0)
    tokens = _tokens(text)
    if text_width(text) <= usable or len(tokens) < 2:
        return text
    count = len(_wrap(tokens, usable))
    widths = [text_width(t) for t in tokens]
    size = len(tokens)
    inf = float("inf")
    # best[k][i]: the least cost of the first i tokens on k lines; back[k][i]: where line k starts
    best = [[inf] * (size + 1) for _ in range(count + 1)]
    back = [[0] * (size + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for i in range(1, size + 1):
            line = 0.0
            for j in range(i - 1, -1, -1):
                line += widths[j]
                if line > usable and j < i - 1:
                    break
                cost = best[k - 1][j] + (usable - line) ** 2
                if cost < best[k][i]:
                    best[k][i], back[k][i] = cost, j
    if best[count][size] == inf:
        return "\n".join(_wrap(tokens, usable))
    lines, i = [], size
    for k in range(count, 0, -1):
        j = back[k][i]
        lines.append("".join(tokens[j:i]))
        i = j
    return "\n".join(reversed(lines))


def _unit_apart(text: str) -> tuple[str, str]:
    """(name, unit) of a label ending in its unit in brackets, 「全年执行数」「（B）」; ("…", "") if none."""
    if text.endswith("）") and "（" in text:
        at = text.rindex("（")
        if 0 < at and len(text) - at <= _MAX_GROUP:
            return text[:at], text[at:]
    return text, ""


def heading_text(text: str, width: float) -> str:
    """A header label as the paper form breaks it: the unit on a line of its own (「全年执行数」「（B）」),
    the rest in even lines; the whole label evenly where the unit alone does not fit a line."""
    usable = max(width - 1.5 - BREAK_MARGIN, 2.0)
    if text_width(text) <= usable:
        return text
    name, unit = _unit_apart(text)
    if unit and text_width(unit) <= usable:
        return f"{balanced_lines(name, width)}\n{unit}"
    return balanced_lines(text, width)


def label_text(text: str, width: float, header: bool) -> str:
    """What a cell shows: header cells (the form's own labels) are always broken where they wrap
    (`heading_text`); another cell's line only where wrapping would strand a character, and only a
    short one (3 lines at most: a long text is left to flow, as a clerk may widen the column)."""
    lines = []
    for line in text.split("\n"):
        if header:
            lines.append(heading_text(line, width))
        elif len(_char_wrap(line, width)) <= 3 and strands(line, width):
            lines.append(balanced_lines(line, width))
        else:
            lines.append(line)
    return "\n".join(lines)


def pieces(text: str, width: float, lines_per_piece: int = LINES_PER_ROW) -> list[str]:
    """`text` cut, at the ends of its wrapped lines, into pieces of at most `lines_per_piece` lines:
    each goes into a row of its own, as no Excel row is higher than 409 pt. Joined again they give
    the text, except a line break of its own where a cut falls (the next row starts there anyway)."""
    lines: list[tuple[str, bool]] = []  # (wrapped line, last line of its paragraph)
    for paragraph in xml_safe(text).split("\n"):
        wrapped = _char_wrap(paragraph, width) or [""]
        lines += [(line, n == len(wrapped) - 1) for n, line in enumerate(wrapped)]
    out = []
    for first in range(0, len(lines), lines_per_piece):
        chunk = lines[first:first + lines_per_piece]
        ends = ["\n" if last and k < len(chunk) - 1 else "" for k, (_line, last) in enumerate(chunk)]
        out.append("".join(line + end for (line, _last), end in zip(chunk, ends)))
    return out


def column_widths(table: Table, landscape: bool) -> list[float]:
    total = sum(table.widths) or 1.0
    return [max(4.0, round(TOTAL_WIDTH[landscape] * w / total, 1)) for w in table.widths]


# ---------------------------------------------------------------- grid


# ---------------------------------------------------------------- sheet


class _PlainMerge(MergedCellRange):
    """A merged range that leaves its cells' styles alone. openpyxl's `merge_cells` then calls
    `format`, which copies the top-left cell's border sides onto the edge cells and its protection
    onto every cell, hashing a style object per cell: most of a sheet's time. Our writer styles
    every covered cell itself (the full frame and fill in a table; nothing around the title, notes
    and field lines, where the top-left cell has no border either), so `format` only added border
    objects no cell kept to styles.xml; the sheets' XML is the same without it."""

    def format(self) -> None:
        pass


def _merge(ws: Worksheet, row: int, column: int, last_row: int, last_column: int) -> None:
    """`ws.merge_cells` without the reformatting (see `_PlainMerge`): the range is recorded and its
    covered cells become MergedCells by openpyxl's own code."""
    merged = _PlainMerge(ws, f"{get_column_letter(column)}{row}:{get_column_letter(last_column)}{last_row}")
    ws.merged_cells.add(merged)
    ws._clean_merge_range(merged)


def _sheet_title(name: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("_", xml_safe(name).replace("\n", " ")).strip().strip("'")[:31] or "Sheet"
    title, n = base, 2
    while title.lower() in used:
        tail = f"({n})"
        title, n = base[: 31 - len(tail)] + tail, n + 1
    used.add(title.lower())
    return title


def _fields_text(fields: tuple[PrintedField, ...]) -> list[str]:
    return [xml_safe(field.text) for field in fields]


class _SheetWriter:
    def __init__(self, ws: Worksheet, form: FormLayout, draft: bool):
        self.ws, self.form, self.draft = ws, form, draft
        self.widths = column_widths(form.table, form.landscape) or [TOTAL_WIDTH[form.landscape]]
        self.columns = len(self.widths)
        self.heights: dict[int, float] = {}
        self.row = 1
        self.style_ids: dict[tuple[str, int], tuple[object, int]] = {}

    def style(self, cell, **styles) -> None:
        """Set a cell's font, fill, border and alignment. openpyxl finds a style object in the
        workbook's list by hashing all its attributes, recursively, on every assignment (most of
        a sheet's time): each shared object (`_font`, `_alignment`, BORDER, HEADER_FILL) is looked
        up once per sheet and its index copied after that. The object is kept with its index, so
        its id cannot be reused."""
        for attr, value in styles.items():
            known = self.style_ids.get((attr, id(value)))
            if known is None:
                setattr(cell, attr, value)
                self.style_ids[(attr, id(value))] = (value, getattr(cell._style, _STYLE_IDS[attr]))
            else:
                if not cell._style:  # a cell never styled has none yet (as openpyxl's setter does)
                    cell._style = StyleArray()
                setattr(cell._style, _STYLE_IDS[attr], known[1])

    # helpers
    def span_width(self, col: int, span: int) -> float:
        return sum(self.widths[col - 1: col - 1 + span])

    def need(self, row: int, height: float) -> None:
        self.heights[row] = max(self.heights.get(row, 0.0), height)

    def merged_line(self, text: str, *, font: Font, horizontal: str, first: int = 1, span: int | None = None,
                    scale: float = 1.0, line: float = LINE_HEIGHT) -> None:
        span = self.columns - first + 1 if span is None else span
        cell = self.ws.cell(self.row, first)
        _put_text(cell, text)
        self.style(cell, font=font, alignment=_alignment(horizontal))
        if span > 1:
            _merge(self.ws, self.row, first, self.row, first + span - 1)
        self.need(self.row, line_count(text, self.span_width(first, span), scale) * line + ROW_PADDING)

    # parts
    def write(self) -> None:
        ws, form = self.ws, self.form
        for n, width in enumerate(self.widths, 1):
            ws.column_dimensions[get_column_letter(n)].width = width

        if form.annex_label or self.draft:  # a list that is no annex (字符集外字表) starts with its title
            self.label_line()
            self.row = 2

        self.merged_line(form.title, font=_font(size=TITLE_SIZE, bold=True), horizontal="center",
                         scale=TITLE_SIZE / BODY_SIZE, line=TITLE_SIZE * 1.4)
        self.need(self.row, 32.0)
        self.row += 1

        if form.header_fields:
            self.fields_line(_fields_text(form.header_fields))
            self.row += 1

        first_header = self.row
        self.table(form.table.header_rows, header=True)
        last_header = self.row - 1
        self.table(form.table.body_rows, header=False)

        for note in form.notes:
            if xml_safe(note).strip():
                self.merged_line(note, font=_font(), horizontal="left")
                self.need(self.row, 20.0)
                self.row += 1
        if form.footer_fields:
            self.row += 1  # a blank line, as on the paper form
            self.merged_line("　　　　".join(_fields_text(form.footer_fields)),
                             font=_font(), horizontal="left")
            self.need(self.row, 22.0)
            self.row += 1

        for row, height in self.heights.items():  # a safety net: `table` keeps rows below it
            ws.row_dimensions[row].height = round(min(height, EXCEL_MAX_ROW_HEIGHT), 1)
        self.print_setup(first_header, last_header)

    def label_line(self) -> None:
        """Row 1: 「附件N」 on the left, 「草稿」 on the right while errors remain."""
        ws, form = self.ws, self.form
        label = ws.cell(1, 1)
        _put_text(label, form.annex_label if not (self.draft and self.columns == 1)
                  else f"{form.annex_label}（{DRAFT_MARK}）")
        self.style(label, font=_font(HEADING_FONT_NAME, 12), alignment=_alignment("left", wrap=None))
        if self.draft and self.columns > 1:
            mark = ws.cell(1, self.columns)
            _put_text(mark, DRAFT_MARK)
            self.style(mark, font=_font(HEADING_FONT_NAME, 14, bold=True, color="FFC00000"),
                       alignment=_alignment("right", wrap=None))
        self.need(1, 20.0)

    def fields_line(self, parts: list[str]) -> None:
        font = _font()
        if len(parts) == 1 or self.columns == 1:
            self.merged_line("　　".join(parts), font=font, horizontal="left")
            return
        left, right = parts[0], "　　".join(parts[1:])
        # the right part takes as few columns from the right as it needs, leaving one for the left
        need = text_width(right) + 2
        span = 1
        while span < self.columns - 1 and self.span_width(self.columns - span + 1, span) < need:
            span += 1
        self.merged_line(left, font=font, horizontal="left", first=1, span=self.columns - span)
        self.merged_line(right, font=font, horizontal="right", first=self.columns - span + 1, span=span)
        self.need(self.row, 22.0)

    def table(self, rows: tuple[tuple[Cell, ...], ...], header: bool) -> None:
        """The rows of a layout table. A layout row with a text too tall for one Excel row becomes
        several rows: that text is cut into pieces (`pieces`), one per row, and every other cell of
        the row, and every cell spanning it, is merged over all of them."""
        if not rows:
            return
        ws, top = self.ws, self.row
        placed = place(rows, self.columns)
        count = max([r + max(1, c.row_span) for r, _, c in placed] + [len(rows)])
        split = {(r, c): self.cut(item, c + 1) for r, c, item in placed if max(1, item.row_span) == 1}
        split = {key: parts for key, parts in split.items() if len(parts) > 1}
        size = [max([len(parts) for (r, _c), parts in split.items() if r == n] + [1]) for n in range(count)]
        start = [top + sum(size[:n]) for n in range(count)]
        last_row = start[-1] + size[-1] - 1
        for row in range(top, last_row + 1):
            for c in range(self.columns):
                self.style(ws.cell(row, c + 1), border=BORDER)  # cells no layout cell covers stay framed
            self.need(row, MIN_TABLE_ROW)
        serials = self.serial_columns() if not header else set()
        spanning = []
        for r, c, item in placed:
            row, col = start[r], c + 1
            is_header = header or item.header
            end = min(r + max(1, item.row_span), count) - 1
            bottom, cols_spanned = start[end] + size[end] - 1, max(1, item.col_span)
            if (r, c) in split:
                self.write_pieces(split[(r, c)], row, col, bottom, item, is_header)
                continue
            if bottom > row or cols_spanned > 1:
                _merge(ws, row, col, bottom, col + cols_spanned - 1)
            # the form's labels, in the heading and down the side (a task's name), are broken evenly
            label = is_header or getattr(item, "repeat", False)
            text = label_text(xml_safe(item.text), self.span_width(col, cols_spanned), label)
            self.write_cell(ws.cell(row, col), item, is_header, text=text, serial=col in serials)
            self.frame(row, col, bottom, cols_spanned, is_header)
            height = self.height(text, item, col, cols_spanned)
            if bottom == row:
                self.need(row, height)
            else:
                spanning.append((row, bottom - row + 1, height))
        for row, rows_spanned, height in spanning:  # a tall merged cell: share out what is missing
            have = sum(self.heights.get(row + k, MIN_TABLE_ROW) for k in range(rows_spanned))
            if have < height:
                extra = (height - have) / rows_spanned
                for k in range(rows_spanned):
                    self.heights[row + k] = self.heights.get(row + k, MIN_TABLE_ROW) + extra
        self.row = last_row + 1

    def cut(self, item: Cell, col: int) -> list[str]:
        """The pieces of a one-row cell's text, one per Excel row (a single piece when it fits)."""
        width = self.span_width(col, max(1, item.col_span))
        if item.large or line_count(item.text, width) * LINE_HEIGHT + ROW_PADDING <= MAX_ROW_HEIGHT:
            return [item.text]
        return pieces(item.text, width)

    def write_pieces(self, parts: list[str], row: int, col: int, bottom: int, item: Cell, header: bool) -> None:
        """A long text over rows row…bottom, one piece each, framed as one cell; its last piece's
        cell reaches down to `bottom` when the row's other texts took more pieces."""
        cols = max(1, item.col_span)
        for n, part in enumerate(parts):
            at = row + n
            below = bottom if n == len(parts) - 1 else at
            if below > at or cols > 1:
                _merge(self.ws, at, col, below, col + cols - 1)
            self.write_cell(self.ws.cell(at, col), item, header, text=part, comment=n == 0)
            border = PIECE_BORDERS[(n == 0, n == len(parts) - 1)]
            for r in range(at, below + 1):
                for c in range(col, col + cols):
                    self.style(self.ws.cell(r, c), border=border)
                    if header:
                        self.style(self.ws.cell(r, c), fill=HEADER_FILL)
            self.need(at, self.height(part, item, col, cols))

    def frame(self, row: int, col: int, bottom: int, cols: int, header: bool) -> None:
        for r in range(row, bottom + 1):
            for c in range(col, col + cols):
                covered = self.ws.cell(r, c)
                self.style(covered, border=BORDER)
                if header:
                    self.style(covered, fill=HEADER_FILL)

    def height(self, text: str, item: Cell, col: int, cols: int) -> float:
        if item.large:
            scale = LARGE_SIZE / BODY_SIZE
            return line_count(text, self.span_width(col, cols), scale) * LARGE_SIZE * 1.4 + ROW_PADDING
        return line_count(text, self.span_width(col, cols)) * LINE_HEIGHT + ROW_PADDING

    def serial_columns(self) -> set[int]:
        """The columns headed 「序号」: their whole numbers are written as numbers, not text."""
        placed = place(self.form.table.header_rows, self.columns) if self.form.table.header_rows else []
        return {c + 1 for _r, c, cell in placed if cell.text.strip() == "序号" and max(1, cell.col_span) == 1}

    def write_cell(self, cell, item: Cell, header: bool, text: str | None = None, serial: bool = False,
                   comment: bool = True) -> None:
        """One cell: its number with a format showing the form's text, else its text. Header cells
        are set in 黑体, not bold, as the PDF and Word set them; a `large` cell at 20 pt."""
        text = item.text if text is None else text
        written = number_and_format(item.text, item.value) if item.value is not None else None
        if written is None and serial and _SERIAL.fullmatch(text.strip()):
            written = int(text.strip()), "0"
        if written is not None:
            cell.value, cell.number_format = written
        else:
            _put_text(cell, text)
        horizontal = item.align if item.align in ("left", "right", "center") else "center"
        size = LARGE_SIZE if item.large else BODY_SIZE
        font = _font(HEADING_FONT_NAME, size) if header else _font(size=size)
        self.style(cell, alignment=_alignment(horizontal), font=font)
        if header:
            self.style(cell, fill=HEADER_FILL)
        if item.formula and comment:
            note = Comment(xml_safe(COMMENT_PREFIX + item.formula), CREATOR)
            note.width, note.height = 320, 90
            cell.comment = note

    def print_setup(self, first_header: int, last_header: int) -> None:
        ws, form = self.ws, self.form
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if form.landscape else ws.ORIENTATION_PORTRAIT
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages tall as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top, ws.page_margins.bottom = 0.7, 0.7
        ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
        if last_header >= first_header:
            ws.print_title_rows = f"{first_header}:{last_header}"
        ws.print_area = f"A1:{get_column_letter(self.columns)}{self.row - 1}"
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        if self.draft:
            ws.oddHeader.right.text = DRAFT_MARK


# ---------------------------------------------------------------- workbook


def build_workbook(export_set: ExportSet) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for form in export_set.forms:
        ws = wb.create_sheet(_sheet_title(form.sheet_name, used))
        _SheetWriter(ws, form, export_set.draft).write()
    if not wb.worksheets:
        wb.create_sheet("Sheet")
    wb.active = 0
    unit = xml_safe(export_set.unit).strip()
    draft = "（草稿）" if export_set.draft else ""
    wb.properties.title = property_text(f"{unit}{export_set.year}年度验收材料{draft}")
    wb.properties.subject = "、".join(xml_safe(form.title) for form in export_set.forms)[:250]
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = CREATOR
    return wb


def write_workbook(export_set: ExportSet, path: Path) -> Path:
    """Write the workbook of all forms to `path` and return it."""
    path = Path(path)
    build_workbook(export_set).save(path)
    return path
