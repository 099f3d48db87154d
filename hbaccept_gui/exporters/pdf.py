"""PDF versions of the forms and reports, to print, stamp with the unit's red seal and scan.

Same layout as the Word files (the notice's forms; GB/T 9704 for the reports), but a PDF prints
the same everywhere: every font is embedded (`fonts`), the canvas starts in a CJK face so no
unembedded Helvetica sneaks in, and table text wraps inside its cell. Every page carries a dashed
seal placeholder of the unit's seal diameter where the stamp goes, and a 「草稿」 watermark while
the document still has errors. No Qt here."""

from __future__ import annotations

import math
import re
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib import textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Spacer,
                                Table as RLTable, TableStyle)
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import ParaLines, _handleBulletWidth, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

from hbaccept_gui.exporters import fonts
from hbaccept_gui.exporters.layout import Cell, ExportSet, FormLayout, PrintedField, ReportLayout, Table
from hbaccept_gui.exporters.properties import property_text
from hbaccept_gui.exporters.settings import ExportSettings

# reportlab's "may not start a line" list is Japanese-centric: without these a line can begin
# with 「，」. paragraph.py keeps its own copy of the name, so both are set.
_NO_LINE_START = "，。、；：？！）》」』】〕〉”’…—·％‰℃,.;:?!)]}%"
_CANNOT_START = textsplit.ALL_CANNOT_START + "".join(c for c in _NO_LINE_START
                                                     if c not in textsplit.ALL_CANNOT_START)
textsplit.ALL_CANNOT_START = rl_paragraph.ALL_CANNOT_START = _CANNOT_START
_CANNOT_END = "（《「『【〔〈“‘([{" + textsplit.CANNOT_END_LINE[0]


def _in_word(ch: str) -> bool:
    return bool(ch) and ord(ch) < 0x2E80 and not ch.isspace()


def _break_at(chars, start: int, end: int) -> int:
    """Where to end a line whose first non-fitting character is chars[end]. reportlab lets one
    「，」 hang past the right edge (out of a table cell) and happily ends a line with 「（」;
    here the break moves back instead: no line starts with 「，」/「》」, none ends with 「（」/「《」,
    Latin words and numbers stay whole when possible. Never later than `end`, so nothing overflows."""
    def fine(b: int, whole_words: bool) -> bool:
        after, before = chars[b], chars[b - 1]
        if (after and after in _CANNOT_START) or (before and before in _CANNOT_END):
            return False
        return not (whole_words and _in_word(before) and before not in "/-" and _in_word(after))

    for whole_words, floor in ((True, (start + end) // 2), (False, end - 3)):
        for b in range(end, max(start + 1, floor) - 1, -1):
            if fine(b, whole_words):
                return b
    return end


def _cjk_lines(frags, max_widths, calc_bounds: bool) -> list:
    chars = []
    for frag in frags:
        chars += [cjkU(t, frag, "utf8") for t in frag.text] if frag.text else [cjkU(frag.text, frag, "utf8")]
    lines, start = [], 0
    while start < len(chars):
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        end, used, hard = start, 0.0, False
        while end < len(chars):
            width = chars[end].width
            if used + width > max_width + _FUZZ and end > start:
                break
            used, end = used + width, end + 1
            if hasattr(chars[end - 1].frag, "lineBreak"):
                hard = True
                break
        if end < len(chars) and not hard:
            end = _break_at(chars, start, end)
        used = sum(c.width for c in chars[start:end])
        line = makeCJKParaLine(chars[start:end], max_width, used, max_width - used, hard, calc_bounds)
        line.wordCount = max(1, sum(1 for c in chars[start:end] if c))  # gaps to justify: see JustifiedText
        lines.append(line)
        start = end
        while start < len(chars) and chars[start] == " ":  # no line starts with a space
            start += 1
    return lines


class JustifiedText(PDFTextObject):
    """reportlab justifies by widening spaces, and Chinese has none: with a line's characters
    counted as words (`_cjk_lines`), the word spacing it asks for goes between characters instead."""

    def setWordSpace(self, wordSpace):
        self.setCharSpace(wordSpace)


def _wrap_widths(style: ParagraphStyle, width: float) -> tuple[float, float]:
    """The first and later line widths `Paragraph.wrap` breaks at, computed as it does."""
    first = width - (style.leftIndent + style.firstLineIndent) - style.rightIndent
    return first, width - style.leftIndent - style.rightIndent


def _break_key(widths, auto_leading) -> tuple:
    """What a paragraph's lines depend on. Widths to a micropoint: the same width reached by
    another sum of margins differs in the last bit."""
    return tuple(round(w, 6) for w in widths), auto_leading


def line_pieces(para: "CJKParagraph", width: float, per_piece: int) -> list:
    """`para` cut into paragraphs of at most `per_piece` lines each, broken once at `width`: each
    piece gets its own lines (no piece is broken again), so cutting costs the paragraph's length
    however many pieces there are. The first piece keeps the first-line indent; the others are
    continuations (no indent, a last line justified like any other, no orphan control, which
    belongs to the paragraph's start)."""
    para.wrap(width, 1e9)
    lines = para.blPara.lines
    if len(lines) <= per_piece:
        return [para]
    rest = ParagraphStyle(f"{para.style.name}-cont", parent=para.style, firstLineIndent=0, allowOrphans=1)
    pieces = []
    for start in range(0, len(lines), per_piece):
        chunk = lines[start:start + per_piece]
        piece = CJKParagraph(None, para.style if start == 0 else rest,
                             frags=[word.clone() for line in chunk for word in line.words])
        piece.keep_lines(chunk, width)
        piece._JustifyLast = start + per_piece < len(lines) and not getattr(chunk[-1], "lineBreak", False)
        piece.wrap(width, 1e9)  # sets .height, which table row heights read
        pieces.append(piece)
    return pieces


class CJKParagraph(Paragraph):
    """A Paragraph whose CJK lines never pass the right edge (see `_break_at`), justify (see
    `JustifiedText`) and split across pages without inventing spaces; mixed fonts welcome."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        key = _break_key(maxWidths, auto_leading)
        if getattr(self, "_broken_for", None) != key:  # a table wraps each cell again: break it once
            self._broken_for = key
            self._lines = _cjk_lines(self.frags, maxWidths, auto_leading not in ("", "off"))
        return ParaLines(kind=1, lines=self._lines)

    def beginText(self, x, y):
        if self.style.alignment == TA_JUSTIFY:
            return JustifiedText(self.canv, x, y)
        return super().beginText(x, y)

    def split(self, availWidth, availHeight):
        """reportlab builds the rest of a split paragraph from its words and breaks it into lines
        again, so a paragraph running over n pages was broken n times: quadratic in its length.
        The rest keeps the lines it already has."""
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self.blPara.kind == 1:
            head, rest = parts
            rest.keep_lines(self.blPara.lines[len(head.blPara.lines):], availWidth)
            rest._JustifyLast = getattr(self, "_JustifyLast", False)  # a piece of a longer paragraph
        return parts

    def keep_lines(self, lines: list, width: float) -> None:
        """Take `lines`, broken already at `width` by the paragraph this one was cut from, as this
        paragraph's lines when it is wrapped at `width`; at any other width it breaks its words anew."""
        style = self.style
        auto_leading = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        self._broken_for = _break_key(_wrap_widths(style, width), auto_leading)
        self._lines = lines

    def _get_split_blParaFunc(self):
        """reportlab's own adds a space after every line when a paragraph is split across pages
        (right for English, wrong between Chinese characters) and edits the lines in place."""
        if self.blPara.kind != 1:
            return super()._get_split_blParaFunc()
        return lambda lines, start, stop: [word.clone() for line in lines.lines[start:stop] for word in line.words]


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


def draw_seal(canvas, cx: float, cy: float, settings: ExportSettings, label_xy: tuple[float, float] | None = None):
    """The dashed circle where the red seal goes, 「盖章处」 in light grey (at `label_xy`, else centred)."""
    radius = settings.seal_diameter_mm * mm / 2
    canvas.saveState()
    canvas.setStrokeColor(SEAL_GREY)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 2)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    canvas.setDash()
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
           title: str, author: str) -> Path:
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
    doc.build(story)
    return path


# ---------------------------------------------------------------- forms


class FieldLine(Flowable):
    """Label–value pairs on one line: the first at the left, the last at the right, others centred
    between. The sealed field (the first, the unit's) gets the seal placeholder over its end. Too
    wide for one line: one field per line."""

    def __init__(self, fields: tuple[PrintedField, ...], size: float, settings: ExportSettings | None = None):
        super().__init__()
        self.size, self.settings = size, settings
        self.texts = [field.text for field in fields]
        self.seal_note = fields[0].seal_note if settings is not None and fields else ""
        self.sealed = bool(self.seal_note)

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        widths = [fonts.string_width(t, "body", self.size) for t in self.texts]
        self.one_line = sum(widths) + 2 * self.size * (len(widths) - 1) <= avail_width
        lines = 1 if self.one_line or not self.texts else len(self.texts)
        self.baseline = self.size * 0.4  # of the last line, from the bottom
        self.height = lines * self.size * 1.6
        if self.sealed:  # room above for the circle, so the stamp stays off the title
            self.height = max(self.height, self._seal_centre() + self.settings.seal_diameter_mm * mm / 2 + 2)
        return self.width, self.height

    def _seal_centre(self) -> float:
        return self.baseline + (len(self.texts) - 1) * self.size * 1.6 * (not self.one_line) + self.size * 0.35

    def draw(self):
        canvas, size, texts = self.canv, self.size, self.texts
        baseline = self.baseline
        if not self.one_line:
            for n, text in enumerate(texts):
                fonts.draw_string(canvas, 0, baseline + (len(texts) - 1 - n) * size * 1.6, text, "body", size)
            baseline += (len(texts) - 1) * size * 1.6
        else:
            for n, text in enumerate(texts):
                if n == 0:
                    fonts.draw_string(canvas, 0, baseline, text, "body", size)
                elif n == len(texts) - 1:
                    fonts.draw_string(canvas, self.width, baseline, text, "body", size, "right")
                else:
                    fonts.draw_string(canvas, self.width * n / (len(texts) - 1), baseline, text, "body", size, "center")
        if self.sealed:
            end = fonts.string_width(texts[0], "body", size)
            label_x = end + size / 2
            stamp_start = end - fonts.string_width(self.seal_note, "body", size)
            label_end = label_x + fonts.string_width("盖章处", "body", 10)
            draw_seal(canvas, (stamp_start + label_end) / 2, self._seal_centre(), self.settings,
                      label_xy=(label_x, baseline))


def _grid(table: Table) -> dict[tuple[int, int], tuple[Cell, int, int]]:
    """{(row, col): (cell, last_row, last_col)} for every cell's top-left position."""
    rows, ncols = len(table.header_rows) + len(table.body_rows), len(table.widths)
    return {(r, c): (cell, min(r + cell.row_span, rows) - 1, min(c + cell.col_span, ncols) - 1)
            for r, c, cell in table.placements()}


_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_PADS = 3 + 4  # top and bottom cell padding
_EMPTY_ROW = CELL_PT * 1.2 + _PADS


def _cell_paragraph(cell: Cell) -> Paragraph | None:
    """A cell's text as a Paragraph. The horizontal padding is the paragraph's indent, not the
    cell's, so a paragraph split for a continuation row keeps the width it is drawn at."""
    if not cell.text.strip():
        return None
    return _para(cell.text, *_cell_style(cell))


def _cell_style(cell: Cell) -> tuple[ParagraphStyle, str]:
    role = "heading" if cell.header else "body"
    style = _style(role, CELL_PT, CELL_LEADING, _ALIGN.get(cell.align, TA_CENTER), leftIndent=CELL_PAD,
                   rightIndent=CELL_PAD)
    return style, role


def _text_chunks(para: "CJKParagraph", width: float, limit: float) -> list[Paragraph]:
    """A long cell's paragraph cut into pieces no taller than `limit`, one per continuation row.
    Broken into lines once, blank lines included (each is a line of the cell, as in Word), so the
    cost is linear in the text whatever its shape: thousands of titles, one 100,000-character
    paragraph, or a hundred empty lines."""
    return line_pieces(para, width, max(1, int(limit // para.style.leading)))


def form_table(table: Table, width: float, frame_height: float) -> RLTable:
    """The form's table, page-safe. reportlab cannot split a row (its in-row split garbles repeated
    headers) nor a row span across pages, so before it sees the table: a row taller than half a page
    becomes continuation rows holding pieces of its long text, and a row span taller than a page
    becomes a "soft" merge (text in its first row, no lines inside). Lines are drawn per cell edge,
    so neither shows: the cell looks merged, and `FormTable` closes each page's last row."""
    ncols, n_head = len(table.widths), len(table.header_rows)
    col_w = [width * w / sum(table.widths) for w in table.widths]
    nrows = n_head + len(table.body_rows)
    placed = _grid(table)
    paras, heights = {}, {}
    for (r, c), (cell, _lr, lc) in placed.items():
        paras[(r, c)] = _cell_paragraph(cell)
        heights[(r, c)] = paras[(r, c)].wrap(sum(col_w[c:lc + 1]), 1e9)[1] + _PADS if paras[(r, c)] else _EMPTY_ROW
    row_h = [max([_EMPTY_ROW] + [heights[(r, c)] for (rr, c), (_cell, lr, _lc) in placed.items()
                                 if rr == r and lr == r]) for r in range(nrows)]
    limit = frame_height - sum(row_h[:n_head]) - 6
    piece = max(min(limit, 8 * CELL_LEADING), 2 * CELL_LEADING)

    # continuation rows: pieces[(r, c)] lists the paragraphs of a long cell, one per output row
    pieces, out_rows = {}, []
    for r in range(nrows):
        count = 1
        if r >= n_head and row_h[r] > limit / 2:
            for (rr, c), (_cell, lr, lc) in placed.items():
                if rr == r and lr == r and paras[(r, c)] and heights[(r, c)] > piece:
                    pieces[(r, c)] = _text_chunks(paras[(r, c)], sum(col_w[c:lc + 1]), piece - _PADS)
                    count = max(count, len(pieces[(r, c)]))
        out_rows.append(count)
    first = [sum(out_rows[:r]) for r in range(nrows + 1)]
    out_h = []
    for r in range(nrows):
        sub = [[_EMPTY_ROW] for _ in range(out_rows[r])]
        for (rr, c), (_cell, lr, _lc) in placed.items():
            if rr == r and lr == r:
                for j, chunk in enumerate(pieces.get((r, c), [])):
                    sub[j].append(chunk.height + _PADS)
                if (r, c) not in pieces:
                    sub[0].append(heights[(r, c)])
        out_h += [max(h) for h in sub]

    data = [[""] * ncols for _ in range(first[-1])]
    owner = [[None] * ncols for _ in range(first[-1])]
    commands = []
    for n, ((r, c), (cell, lr, lc)) in enumerate(placed.items()):
        top, bottom = first[r], first[lr + 1] - 1
        for o in range(top, bottom + 1):
            owner[o][c:lc + 1] = [n] * (lc + 1 - c)
        if (r, c) in pieces:
            for j, chunk in enumerate(pieces[(r, c)]):
                data[top + j][c] = [chunk]
                if lc > c:
                    commands.append(("SPAN", (c, top + j), (lc, top + j)))
            continue
        data[top][c] = [paras[(r, c)]] if paras[(r, c)] else ""
        tall = max(sum(out_h[top:bottom + 1]), heights[(r, c)]) > limit
        last = top if tall else bottom
        if (last, lc) != (top, c):
            commands.append(("SPAN", (c, top), (lc, last)))
    for o, row in enumerate(owner):  # a position no cell covers (a short layout row) is its own cell
        owner[o] = [-1 - o * ncols - c if n is None else n for c, n in enumerate(row)]
    for r in range(nrows):  # continuation rows read as one: no padding where they meet
        if out_rows[r] > 1:
            commands += [("BOTTOMPADDING", (0, first[r]), (-1, first[r + 1] - 2), 0),
                         ("TOPPADDING", (0, first[r] + 1), (-1, first[r + 1] - 1), 0)]
    commands += _edges(owner)
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.primary("body"), CELL_PT),  # else empty cells set Helvetica
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BOX", (0, 0), (-1, -1), RULE, colors.black),
        *commands,
    ])
    return FormTable(data, colWidths=col_w, style=style, repeatRows=first[n_head], splitByRow=1, splitInRow=0,
                     hAlign="CENTER")


class FormTable(RLTable):
    """Closes every page's part with a bottom line: reportlab's 'splitlast' style works only at the
    first page break, and a soft-merged cell has no line of its own there. The next page's first
    row gets its top padding back: a continuation row has none, and its text would touch the
    repeated header."""

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            parts[0].setStyle([("LINEBELOW", (0, -1), (-1, -1), RULE, colors.black)])
            first = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
            parts[1].setStyle([("TOPPADDING", (0, first), (-1, first), 3)])
        return parts


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


def write_form_pdf(form: FormLayout, path, settings: ExportSettings = ExportSettings(), draft: bool = False) -> Path:
    pagesize, margins = (landscape(A4), LANDSCAPE_FORM_MARGINS) if form.landscape else (A4, FORM_MARGINS)
    width, height = pagesize[0] - margins[1] - margins[3], pagesize[1] - margins[0] - margins[2]
    return _build(path, pagesize, margins, form_story(form, width, height, settings), _form_page_number, draft,
                  form.title, _unit(form))


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


def report_story(report: ReportLayout, settings: ExportSettings) -> list:
    title = _style("title", TITLE_PT, 35, TA_CENTER, spaceAfter=LINE)
    heading = _style("heading", BODY_PT, LINE, TA_JUSTIFY, firstLineIndent=2 * BODY_PT)
    body = _style("body", BODY_PT, LINE, TA_JUSTIFY, firstLineIndent=2 * BODY_PT)
    story: list = [_para(report.title, title, "title")]
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
                     draft: bool = False) -> Path:
    return _build(path, A4, REPORT_MARGINS, report_story(report, settings), _report_page_number, draft,
                  report.title, report.unit)


# ---------------------------------------------------------------- all of them


def write_all_pdf(export_set: ExportSet, folder, settings: ExportSettings = ExportSettings()) -> list[Path]:
    folder = Path(folder)
    paths = [write_form_pdf(f, folder / f"{f.file_stem}.pdf", settings, export_set.draft) for f in export_set.forms]
    paths += [write_report_pdf(r, folder / f"{r.file_stem}.pdf", settings, export_set.draft)
              for r in export_set.reports]
    return paths
