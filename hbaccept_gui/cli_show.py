"""The tables of a document as plain text for a terminal (`hbaccept show`).

Columns are aligned by display width (a Chinese character takes two cells of a terminal), wide
tables are turned so that each indicator is a line, and itemised works are listed under their
contractor, so the output reads like the paper form without needing a window."""

from __future__ import annotations

import unicodedata

from hbaccept_gui.core.cells import CellRef, achieved_column, display_value, get_value
from hbaccept_gui.core.definition import DetailTable, IndicatorTable, PerformanceTable, one_line
from hbaccept_gui.core.pipeline import Evaluation
from hbaccept_gui.core.report_text import render_segments

RULE = "─" * 78


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table_lines(rows: list[list[str]]) -> list[str]:
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def render(evaluation: Evaluation) -> str:
    definition = evaluation.definition
    lines = [_header_line(evaluation), ""]
    for table in definition.tables:
        lines += [RULE, f"附件{table.number}  {table.title}", RULE]
        if isinstance(table, IndicatorTable):
            lines += _indicator_table(evaluation, table)
        elif isinstance(table, DetailTable):
            lines += _detail_table(evaluation, table)
        else:
            lines += _performance_table(evaluation, table)
        lines.append("")
    for report in definition.reports:
        lines += [RULE, report.title, RULE]
        for section in report.sections:
            lines.append(section.heading)
            body = render_segments(evaluation.results, evaluation.document.reports[report.id][section.id])
            lines += [f"    {line}" for line in body.splitlines()] or ["    （未填写）"]
        lines.append("")
    return "\n".join(lines)


def _header_line(evaluation: Evaluation) -> str:
    parts = []
    for header_field in evaluation.definition.header_fields:
        value = display_value(evaluation.document.header.get(header_field.id)) or "（未填写）"
        parts.append(f"{header_field.label}：{value}")
    return "  ".join(parts)


def _indicator_table(evaluation: Evaluation, table: IndicatorTable) -> list[str]:
    results = evaluation.results
    rows = [[table.corner_label, one_line(table.assigned_label), one_line(table.completed_label), "完成率"]]
    for indicator in table.indicators:
        prefix = "  " if indicator.group else ""
        assigned = display_value(evaluation.document.assigned.get(indicator.id))
        completed = results[f"{table.id}.completed.{indicator.id}"]
        rate = results[f"{table.id}.rate.{indicator.id}"]
        rows.append([prefix + one_line(indicator.label), assigned, completed.text, f"{rate.text}%" if rate.text else "—"])
    if table.groups:
        rows.insert(1 + [i.group for i in table.indicators].index(table.groups[0].id),
                    [one_line(table.groups[0].label), "", "", ""])
    return table_lines(rows) + [evaluation.definition.note]


def _detail_table(evaluation: Evaluation, table: DetailTable) -> list[str]:
    doc, results = evaluation.document, evaluation.results
    lines = []
    for task in table.tasks:
        rows = doc.rows(task.id)
        indicator = evaluation.definition.indicator(task.indicator)
        total = results[f"{table.id}.{task.id}.completed"]
        lines.append(f"{task.number}. {task.label}（实际完成 {total.text} {indicator.unit}）")
        if not rows:
            lines.append("    （无承建单位）")
        for index, row in enumerate(rows):
            lines += _contractor_lines(evaluation, table, task, index, row)
    return lines + [evaluation.definition.note]


def _contractor_lines(evaluation, table, task, index, row) -> list[str]:
    indicator = evaluation.definition.indicator(task.indicator)
    lines = [f"    承建单位{index + 1}：{row.text('contractor') or '（未填写）'}"]
    for column in table.columns:
        if column.kind in ("serial", "task") or column.id == "contractor":
            continue
        ref = CellRef(table.id, (task.id, index), column.id)
        derived = evaluation.results.at(ref)
        shown = derived.text if derived else display_value(get_value(evaluation.document, ref))
        if column.kind == "quantity" and shown:
            shown = f"{shown} {indicator.unit}"
        if shown:
            body = shown.splitlines() or [""]
            lines.append(f"        {one_line(column.label)}：{body[0]}")
            lines += [f"            {line}" for line in body[1:]]
    if task.items is not None:
        count = evaluation.results[f"{table.id}.{task.id}.{index}.count"]
        lines.append(f"        {task.items.label}（{len(row.items)} {task.items.noun}，{count.text} {task.items.count_unit}）")
        numbered = [[f"{n + 1}", item.title, display_value(item.count)] for n, item in enumerate(row.items)]
        lines += [f"            {line}" for line in table_lines(numbered)] if numbered else []
    return lines


def _performance_table(evaluation: Evaluation, table: PerformanceTable) -> list[str]:
    doc, results = evaluation.document, evaluation.results
    rows = [[table.label("funding_label"), table.label("budget_label"), table.label("executed_label"),
             table.label("rate_label")]]
    for funding_row in table.funding:
        funding = doc.funding[funding_row.programme]
        rate = results[f"{table.id}.funding.{funding_row.programme}.rate"]
        rows.append([funding_row.label, display_value(funding.budget), display_value(funding.executed),
                     f"{rate.text}%" if rate.text else "—"])
    lines = table_lines(rows) + [f"（金额单位：{table.amount_unit}）",
                                 f"{table.label('local_funds_label')}{doc.local_funds}", ""]
    rows = [[table.label(k) for k in ("level2_label", "level3_label", "target_label", "achieved_label",
                                       "reason_label")]]
    for indicator in table.indicators:
        entry = doc.performance[indicator.id]
        column = achieved_column(indicator)
        achieved = display_value(getattr(entry, column)) + ("%" if column == "achieved" and entry.achieved else "")
        rows.append([indicator.level2, indicator.label, indicator.target.text, achieved, entry.reason])
    return lines + table_lines(rows) + [f"{table.label('other_label')}：{doc.other_notes}"]

