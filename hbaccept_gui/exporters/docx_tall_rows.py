"""Rows taller than a page, cut beforehand into rows of about a page whose labels are repeated
with 「（续）」 (`split_tall_rows`): Word would break such a row where the page ends and print
nothing on the next page to say what the rest belongs to."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from docx.shared import Twips

from hbaccept_gui.exporters.docx_table import (CELL_LINE_PT, CELL_PAD_TWIPS, CELL_PT, CELL_SIDE_TWIPS, LARGE_PT,
                                               _merged_areas, _row_heights, wrap)
from hbaccept_gui.exporters.layout import Cell, Table, continued


#: Cell lines left free at the foot of a page by a tall row's pieces: what is left of a page is
#: estimated (Word lays out with the fonts of the PC that opens the file), and a piece that does
#: not fit moves on to the next page whole.
TALL_SLACK_LINES = 3
#: A first piece shorter than this many lines is not worth it: the row starts on the next page.
TALL_MIN_LINES = 4


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
