"""Addressing every editable cell of a document: where it lives, what it accepts, what it is called.

A `CellRef` names a cell the way the paper form does (table, row, column). The GUI edits through
`set_cell`, the file loader and the checks use `parse_cell` and `describe`, so a clerk sees the same
parser and the same Chinese wording everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hbaccept_gui.core import dates, text
from hbaccept_gui.core.definition import (
    Definition,
    DetailTable,
    IndicatorTable,
    PerfIndicator,
    PerformanceTable,
    one_line,
)
from hbaccept_gui.core.document import Document, Segment, TextSegment, Value
from hbaccept_gui.core.numbers import NumberSpec, Quantity, format_number, parse_number

#: The table id of the 材料清单 tab: CellRef(CHECKLIST, (item_id,), "done" | "note").
CHECKLIST = "checklist"


@dataclass(frozen=True)
class CellRef:
    table: str  # "header", a table id (annex1…annex5) or a report id
    row: tuple = ()
    column: str = ""


@dataclass(frozen=True)
class CellInfo:
    """What a cell accepts and what it is called, for messages ({表}{行}{列}) and editors."""

    kind: str  # text, longtext, url, date, number, report
    table_label: str
    row_label: str
    column_label: str
    spec: NumberSpec | None = None

    @property
    def location(self) -> str:
        row = f" {self.row_label}" if self.row_label else ""
        return f"{self.table_label}{row}「{self.column_label}」"


@dataclass(frozen=True)
class Change:
    """What an edit did, so that undo can put `old` back and views redraw only this cell."""

    ref: CellRef
    old: Value | list[Segment]
    new: Value | list[Segment]


def achieved_column(indicator: PerfIndicator) -> str:
    """附件5 完成量 is a percentage for numeric targets (≥90%) and words for the others."""
    return "achieved" if indicator.target.kind == "numeric" else "achieved_text"


def describe(definition: Definition, ref: CellRef) -> CellInfo:
    if ref.table == "header":
        header_field = definition.header_field(ref.column)
        return CellInfo(header_field.kind, "表头", "", header_field.label)
    if ref.table == CHECKLIST:
        item = next(i for i in definition.checklist if i.id == ref.row[0])
        return CellInfo("text", "材料清单", item.label, "备注" if ref.column == "note" else "已完成")
    if definition.has_report(ref.table):
        report = definition.report(ref.table)
        section = next(s for s in report.sections if s.id == ref.column)
        return CellInfo("report", report.title, "", section.heading)
    table = definition.table(ref.table)
    annex = f"附件{table.number}"
    if isinstance(table, IndicatorTable):
        indicator = definition.indicator(ref.column)
        row_label = one_line(table.assigned_label if ref.row[0] == "assigned" else table.completed_label)
        return CellInfo("number", annex, row_label, one_line(indicator.label), indicator.spec)
    if isinstance(table, DetailTable):
        return _describe_detail(definition, table, annex, ref)
    return _describe_performance(table, annex, ref)


def _describe_detail(definition: Definition, table: DetailTable, annex: str, ref: CellRef) -> CellInfo:
    _table, task = definition.task(ref.row[0])
    row_label = f"{task.label} 第{ref.row[1] + 1}个承建单位"
    indicator = definition.indicator(task.indicator)
    if len(ref.row) == 3:
        items = task.items
        row_label += f" {items.label}第{ref.row[2] + 1}行"
        if ref.column == "title":
            return CellInfo("text", annex, row_label, items.title_label)
        return CellInfo("number", annex, row_label, f"{items.count_label}（{items.count_unit}）", items.count_spec)
    column = table.column(ref.column)
    if column.kind == "quantity":
        spec = indicator.detail_spec
        units = "或".join((spec.unit, *spec.alternatives))  # 小时或TB
        return CellInfo("number", annex, row_label, f"{one_line(column.label)}（{units}）", spec)
    return CellInfo(column.kind, annex, row_label, one_line(column.label))


def _describe_performance(table: PerformanceTable, annex: str, ref: CellRef) -> CellInfo:
    part = ref.row[0]
    if part == "funding":
        row = next(f for f in table.funding if f.programme == ref.row[1])
        label = table.label("budget_label" if ref.column == "budget" else "executed_label")
        return CellInfo("number", annex, f"{table.label('funding_label')} {row.label}",
                        f"{label}（{table.amount_unit}）", table.amount_spec)
    if part == "perf":
        indicator = next(i for i in table.indicators if i.id == ref.row[1])
        if ref.column == "reason":
            return CellInfo("longtext", annex, indicator.label, table.label("reason_label"))
        if ref.column == "achieved":
            return CellInfo("number", annex, indicator.label, table.label("achieved_label"), indicator.spec)
        return CellInfo("text", annex, indicator.label, table.label("achieved_label"))
    label = table.label("local_funds_label" if part == "local_funds" else "other_label")
    return CellInfo("longtext", annex, "", label.rstrip("：:"))


def parse_cell(info: CellInfo, raw: str) -> Value | list[Segment]:
    """The value to store for what was typed into a cell described by `info`; ParseError if refused."""
    if info.kind == "number":
        return parse_number(raw, info.spec)
    if info.kind == "date":
        return dates.parse_date(raw)
    checked = text.check_text(raw)
    if info.kind == "report":
        return [TextSegment(checked)] if checked else []
    return checked if info.kind == "longtext" else checked.strip()


def cell_text(definition: Definition, doc: Document, ref: CellRef) -> str:
    """What a typed cell shows, in the window and in the exports alike."""
    return display_value(get_value(doc, ref), describe(definition, ref).spec)


def get_value(doc: Document, ref: CellRef) -> Value | list[Segment]:
    container, key = _slot(doc, ref)
    if isinstance(container, dict):
        return container.get(key)
    return getattr(container, key)


def put_value(doc: Document, ref: CellRef, value: Value | list[Segment]) -> None:
    """Store an already parsed value (undo and redo use this)."""
    container, key = _slot(doc, ref)
    if isinstance(container, dict):
        container[key] = value
    else:
        setattr(container, key, value)


def set_cell(definition: Definition, doc: Document, ref: CellRef, raw: str) -> Change:
    """Parse what was typed and store it. Raises ParseError (nothing changed) if it is refused."""
    new = parse_cell(describe(definition, ref), raw)
    old = get_value(doc, ref)
    put_value(doc, ref, new)
    return Change(ref, old, new)


def _slot(doc: Document, ref: CellRef) -> tuple[object, str]:
    if ref.table == "header":
        return doc.header, ref.column
    if ref.table in doc.reports:
        return doc.reports[ref.table], ref.column
    if ref.table == CHECKLIST:
        return doc.checklist[ref.row[0]], ref.column
    if ref.row[:1] == ("assigned",):
        return doc.assigned, ref.column
    if len(ref.row) < 2 or not isinstance(ref.row[1], int):  # not (task, row[, work]): 附件5's parts
        return _performance_slot(doc, ref)
    row = doc.details[ref.row[0]][ref.row[1]]
    if len(ref.row) == 3:
        return row.items[ref.row[2]], ref.column
    return row.values, ref.column


def _performance_slot(doc: Document, ref: CellRef) -> tuple[object, str]:
    part = ref.row[0]
    if part == "funding":
        return doc.funding[ref.row[1]], ref.column
    if part == "perf":
        return doc.performance[ref.row[1]], ref.column
    return doc, "local_funds" if part == "local_funds" else "other_notes"


def display_value(value: Value, spec: NumberSpec | None = None) -> str:
    """How a stored value reads in a cell: canonical numbers (with the decimals `spec` always
    shows: 50.00 万元), dates as printed, refused text as typed."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return spec.format(value) if spec is not None else format_number(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Quantity):
        return value.text
    if hasattr(value, "reason"):
        return value.text
    return dates.format_date(value)


def all_refs(definition: Definition, doc: Document):
    """Every typed cell of the document, in the order of the paper forms."""
    for header_field in definition.header_fields:
        yield CellRef("header", (), header_field.id)
    for table in definition.tables:
        if isinstance(table, IndicatorTable):
            yield from (CellRef(table.id, ("assigned",), i.id) for i in table.indicators)
        elif isinstance(table, DetailTable):
            yield from _detail_refs(table, doc)
        else:
            yield from _performance_refs(table)
    for report in definition.reports:
        yield from (CellRef(report.id, (), s.id) for s in report.sections)


def _detail_refs(table: DetailTable, doc: Document):
    editable = [c.id for c in table.columns if c.kind not in ("serial", "task")]
    for task in table.tasks:
        for index, row in enumerate(doc.rows(task.id)):
            for column_id in editable:
                if not (column_id == "completed" and task.items is not None):
                    yield CellRef(table.id, (task.id, index), column_id)
            for item_index in range(len(row.items)):
                yield CellRef(table.id, (task.id, index, item_index), "title")
                yield CellRef(table.id, (task.id, index, item_index), "count")


def _performance_refs(table: PerformanceTable):
    for row in table.funding:
        yield CellRef(table.id, ("funding", row.programme), "budget")
        yield CellRef(table.id, ("funding", row.programme), "executed")
    yield CellRef(table.id, ("local_funds",), "text")
    for indicator in table.indicators:
        yield CellRef(table.id, ("perf", indicator.id), achieved_column(indicator))
        yield CellRef(table.id, ("perf", indicator.id), "reason")
    yield CellRef(table.id, ("other",), "text")
