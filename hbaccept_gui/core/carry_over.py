"""从上一年度文件新建: start next year's document from this year's. What stays true from one year
to the next comes over — the unit, its contacts, the projects it takes part in, its contractors
(the columns the definition marks `carries_over`: name, 子项目, 访问地址) and the wording of the
report sections that are not about one year's figures (also marked `carries_over`). Figures,
works, 完成情况 texts, the date and the 材料清单 ticks do not: they are this year's to fill in.

Nothing is dropped silently: rows, sections and projects the new year's definition no longer has
are listed, and carried text that names the old year is listed too (audit rule Y01 keeps pointing
at it until it is changed). Bound figures in a carried section become plain text: they were last
year's figures, and the keys they named may not exist in the new definition."""

from __future__ import annotations

from dataclasses import dataclass, field

from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.definition import Definition, DetailTable
from hbaccept_gui.core.document import ContractorRow, Document, TextSegment, new_contractor_row, new_document
from hbaccept_gui.core.report_text import render_segments
from hbaccept_gui.core.rules import year_named


@dataclass
class CarryOver:
    document: Document
    left_behind: list[str] = field(default_factory=list)  # what the new year has no place for
    old_year_texts: list[str] = field(default_factory=list)  # where carried text names the old year


def carry_over(old_definition: Definition, old: Document, new_definition: Definition) -> CarryOver:
    result = CarryOver(new_document(new_definition))
    new = result.document
    for spec in new_definition.header_fields:
        value = old.header.get(spec.id)
        if spec.kind != "date" and isinstance(value, str):
            new.header[spec.id] = value
    known = {p.id for p in new_definition.programmes}
    new.programmes = [p for p in old.programmes if p in known]
    result.left_behind += [f"项目“{old_definition.programme(p).name}”：{new_definition.year}年度不再有这个项目"
                           for p in old.programmes if p not in known]
    _carry_rows(old_definition, old, new_definition, result)
    _carry_reports(old_definition, old, new_definition, result)
    result.old_year_texts = old_year_mentions(new_definition, new, old_definition.year)
    return result


def _carry_rows(old_definition: Definition, old: Document, new_definition: Definition, result: CarryOver) -> None:
    new_tasks = {task.id: table for table in new_definition.tables_of(DetailTable) for task in table.tasks}
    for old_table in old_definition.tables_of(DetailTable):
        for task in old_table.tasks:
            rows = old.rows(task.id)
            table = new_tasks.get(task.id)
            if rows and table is None:
                result.left_behind.append(f"附件{old_table.number}“{task.label}”的{len(rows)}个承建单位："
                                          f"{new_definition.year}年度表格中已没有这一任务")
            elif rows:
                carried = [_carried_row(table, row) for row in rows]
                result.document.details[task.id] = [row for row in carried if any(row.values.values())]


def _carried_row(table: DetailTable, old: ContractorRow) -> ContractorRow:
    """A blank row of the new table with the old row's carried columns (an old column the new table
    lacks or no longer carries stays behind)."""
    row = new_contractor_row(table)
    for column in table.columns:
        if column.carries_over and old.text(column.id):
            row.values[column.id] = old.text(column.id)
    return row


def _carry_reports(old_definition: Definition, old: Document, new_definition: Definition, result: CarryOver) -> None:
    results = recompute(old_definition, old)
    new_reports = {r.id: r for r in new_definition.reports}
    for report in old_definition.reports:
        for section in report.sections:
            segments = old.reports.get(report.id, {}).get(section.id) or []
            text = render_segments(results, segments).strip()
            if not section.carries_over or not text:
                continue
            target = new_reports.get(report.id)
            if target is None or section.id not in {s.id for s in target.sections}:
                result.left_behind.append(f"{report.title}“{section.label}”：{new_definition.year}年度的报告没有这一部分")
                continue
            result.document.reports[report.id][section.id] = [TextSegment(text)]


def old_year_mentions(definition: Definition, doc: Document, old_year: int) -> list[str]:
    """Where the text of `doc` names `old_year` (「2024年」, 「2024年度」): report sections and the
    detail rows' texts, as the clerk finds them."""
    found = []
    for report in definition.reports:
        for section in report.sections:
            segments = doc.reports.get(report.id, {}).get(section.id) or []
            if any(year_named(s.text, old_year) for s in segments if isinstance(s, TextSegment)):
                found.append(f"{report.title}“{section.label}”")
    for table in definition.tables_of(DetailTable):
        for task in table.tasks:
            for n, row in enumerate(doc.rows(task.id), 1):
                if any(year_named(v, old_year) for v in row.values.values() if isinstance(v, str)):
                    found.append(f"附件{table.number}“{task.label}”第{n}个承建单位")
    return found
