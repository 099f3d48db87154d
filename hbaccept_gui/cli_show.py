"""The forms and reports of a document as plain text for a terminal (`hbaccept show`).

It prints the layouts the exporters print (exporters.layout), so every label of the paper form is
here too: 单位名称 and 日期 above a table, the headings, 附件4's 统筹推动脱贫县（团场） section,
附件5's 单位： and 绩效指标, the note and the contact below. A table narrow enough for a terminal
is drawn as a grid aligned by display width (a Chinese character takes two cells); a wider one is
listed row by row, each value under its column's heading."""

from __future__ import annotations

import unicodedata

from hbaccept_gui.core.pipeline import Evaluation
from hbaccept_gui.exporters.layout import Cell, FormLayout, PrintedField, ReportLayout, Table, build_export_set

RULE = "─" * 78
GRID_WIDTH = 100  # display columns a grid may take before the table is turned or listed row by row
TURNED_WIDTH = 130  # a wide table of short values (附件3) is printed turned, a line per column


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table_lines(rows: list[list[str]]) -> list[str]:
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def render(evaluation: Evaluation) -> str:
    export_set = build_export_set(evaluation)
    lines = []
    for form in export_set.forms:
        lines += form_lines(form) + [""]
    for report in export_set.reports:
        lines += report_lines(report) + [""]
    return "\n".join(lines)


def fields_line(fields: tuple[PrintedField, ...]) -> list[str]:
    return ["  ".join(f"{field.label}：{field.value or '（未填写）'}" for field in fields)] if fields else []


def form_lines(form: FormLayout) -> list[str]:
    lines = [RULE, f"{form.annex_label}  {form.title}", RULE] + fields_line(form.header_fields)
    grid = grid_rows(form.table)
    if grid_width(grid) <= GRID_WIDTH:
        lines += table_lines(grid)
    elif grid_width(turned(grid)) <= TURNED_WIDTH:
        lines += table_lines(turned(grid))
    else:
        lines += listed_rows(form.table)
    return lines + list(form.notes) + fields_line(form.footer_fields)


def grid_width(grid: list[list[str]]) -> int:
    return sum(max(width(row[c]) for row in grid) + 2 for c in range(len(grid[0])))


def turned(grid: list[list[str]]) -> list[list[str]]:
    """A wide table of few rows (附件3: 13 indicators, 下达 and 完成) with a line per column."""
    return [list(column) for column in zip(*grid)]


def one_line(cell: Cell) -> str:
    """A cell's lines on one line; a label printed one character a line (绩/效/指/标) as a word."""
    parts = [part.strip() for part in cell.text.splitlines() if part.strip()]
    return ("" if all(len(part) == 1 for part in parts) else " / ").join(parts)


def grid_rows(table: Table) -> list[list[str]]:
    """Every row of the table with each cell's text in its first column (spans left blank)."""
    rows = len(table.header_rows) + len(table.body_rows)
    grid = [[""] * len(table.widths) for _ in range(rows)]
    for row, column, cell in table.placements():
        grid[row][column] = one_line(cell)
    return grid


def column_headings(table: Table) -> list[str]:
    """What the heading rows say over each column ("统筹推动… / 送戏下乡" for a grouped one)."""
    headings: list[list[str]] = [[] for _ in table.widths]
    for row, column, cell in table.placements():
        if row >= len(table.header_rows) or not cell.text.strip():
            continue
        for covered in range(column, min(column + cell.col_span, len(table.widths))):
            headings[covered].append(one_line(cell))
    return [" / ".join(parts) for parts in headings]


def listed_rows(table: Table) -> list[str]:
    """Row by row, each value under its column's heading. A body row of headings only (附件4's
    repeated heading, 附件5's 二级指标 / 三级指标 …) gives the headings of the rows after it."""
    headings = column_headings(table)
    rows: dict[int, list[tuple[int, Cell]]] = {}
    for row, column, cell in table.placements():
        if row >= len(table.header_rows):
            rows.setdefault(row, []).append((column, cell))
    lines = []
    for cells in rows.values():
        if all(cell.header for _column, cell in cells) and len(cells) > 1:
            lines += [f"■ {one_line(cell)}" for column, cell in cells if column == 0 and cell.text.strip()]
            for column, cell in cells:
                span = min(cell.col_span, len(headings) - column)
                headings[column:column + span] = [one_line(cell)] * span
            continue
        lines += row_lines(cells, headings)
    return lines


def row_lines(cells: list[tuple[int, Cell]], headings: list[str]) -> list[str]:
    lines = []
    for column, cell in cells:
        if not cell.text.strip():
            continue
        covered = set(headings[column:column + cell.col_span])
        if column == 0 or cell.header or len(covered) > 1 or not headings[column]:
            lines.append(f"■ {one_line(cell)}" if column == 0 else f"  {one_line(cell)}")
            continue
        body = cell.text.strip().splitlines()
        lines.append(f"    {headings[column]}：{body[0]}")
        lines += [f"        {part}" for part in body[1:]]
    return lines


def report_lines(report: ReportLayout) -> list[str]:
    lines = [RULE, report.title, RULE]
    for section in report.sections:
        lines.append(section.heading)
        lines += [f"    {paragraph}" for paragraph in section.paragraphs] or ["    （未填写）"]
    return lines + [f"{report.unit or '（单位名称未填写）'}  {report.date_text or '（日期未填写）'}"]
