"""Document ⇄ the JSON-ready dict of the save file (docs/file-format.md).

Numbers are written as strings of their exact decimal value ("1.0274"), dates as ISO strings,
derived values not at all. Reading is tolerant of what a person or another program may have
written (numbers as JSON numbers, 1万筒子叶 with its unit): values go through the same parser as
typing does, and what it refuses is kept as `Unparsed` for the checks to report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hbaccept_gui.core.cells import CellRef, describe, parse_cell
from hbaccept_gui.core.definition import Definition, DetailTable
from hbaccept_gui.core.document import (
    ChecklistEntry,
    ContractorRow,
    Document,
    FieldSegment,
    Funding,
    ItemRow,
    PerfEntry,
    Segment,
    SourceUnit,
    TextSegment,
    Unparsed,
    Value,
    new_document,
)
from hbaccept_gui.core.errors import ParseError
from hbaccept_gui.core.numbers import NumberSpec, Quantity, format_number, parse_number
from hbaccept_gui.core.participation import normalised

#: The contractor-row key of a merged row's source unit (format version 3).
SOURCE_KEY = "source_unit"


def value_to_json(value: Value) -> str | dict | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, Quantity):
        return {"value": format_number(value.value), "unit": value.unit}  # format version 5
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Unparsed):
        return value.text
    return value


def document_to_dict(doc: Document) -> dict:
    data = {
        "header": {k: value_to_json(v) for k, v in doc.header.items()},
        "programmes": list(doc.programmes),
        "assigned": {k: value_to_json(v) for k, v in doc.assigned.items()},
        "details": {task: [_row_to_dict(row) for row in rows] for task, rows in doc.details.items()},
        "funding": {k: _funding_to_dict(f) for k, f in doc.funding.items()},
        "local_funds": doc.local_funds,
        "performance": {
            k: {"achieved": value_to_json(p.achieved), "achieved_text": p.achieved_text, "reason": p.reason}
            for k, p in doc.performance.items()
        },
        "other_notes": doc.other_notes,
        "reports": {
            report: {section: [_segment_to_dict(s) for s in segments] for section, segments in sections.items()}
            for report, sections in doc.reports.items()
        },
        "checklist": {k: {"done": e.done, "note": e.note} for k, e in doc.checklist.items()},
    }
    if doc.merged_from:
        data["merged_from"] = [_source_to_dict(source) for source in doc.merged_from]
    return data


def _funding_to_dict(funding: Funding) -> dict:
    return {"budget": value_to_json(funding.budget), "executed": value_to_json(funding.executed)}


def _row_to_dict(row: ContractorRow) -> dict:
    data = {k: value_to_json(v) for k, v in row.values.items()}
    if row.items:
        data["items"] = [{"title": i.title, "count": value_to_json(i.count)} for i in row.items]
    if row.source:
        data[SOURCE_KEY] = row.source
    return data


def _source_to_dict(source: SourceUnit) -> dict:
    return {
        "unit": source.unit,
        "file": source.file,
        "assigned": {k: value_to_json(v) for k, v in source.assigned.items()},
        "completed": {k: value_to_json(v) for k, v in source.completed.items()},
        "funding": {k: _funding_to_dict(f) for k, f in source.funding.items()},
        "rows": source.rows,
    }


def _segment_to_dict(segment: Segment) -> dict:
    if isinstance(segment, FieldSegment):
        return {"field": segment.key}
    return {"text": segment.text}


def document_from_dict(definition: Definition, data: dict) -> Document:
    """Build a document from a dict that already passed the JSON Schema."""
    doc = new_document(definition)
    for field_id, raw in data.get("header", {}).items():
        if field_id in doc.header:
            doc.header[field_id] = _read_cell(definition, CellRef("header", (), field_id), raw)
    doc.programmes = _programmes(definition, data.get("programmes"))
    doc.assigned.update(_indicator_numbers(definition, data.get("assigned", {})))
    for task_id, rows in data.get("details", {}).items():
        if task_id in doc.details:
            table, _task = definition.task(task_id)
            doc.details[task_id] = [_row_from_dict(definition, table, task_id, i, r) for i, r in enumerate(rows)]
    _performance_from_dict(definition, doc, data)
    for report_id, sections in data.get("reports", {}).items():
        for section_id, segments in sections.items():
            if section_id in doc.reports.get(report_id, {}):
                doc.reports[report_id][section_id] = [_segment_from_dict(s) for s in segments]
    for item_id, raw in data.get("checklist", {}).items():
        if item_id in doc.checklist:
            doc.checklist[item_id] = ChecklistEntry(done=bool(raw.get("done")), note=raw.get("note") or "")
    doc.merged_from = [_source_from_dict(definition, raw) for raw in data.get("merged_from", [])]
    return doc


def _programmes(definition: Definition, raw: list | None) -> list[str]:
    """The projects taken part in. Files before version 4 have none: they read as every project,
    which is what those versions showed and exported; unknown ids are dropped, and if none is
    left the unit takes part in every project, so nothing typed is hidden by a foreign file."""
    return list(normalised(definition, raw))


def _row_from_dict(definition: Definition, table: DetailTable, task_id: str, index: int, raw: dict) -> ContractorRow:
    row = ContractorRow()
    known = {c.id for c in table.columns}
    row.source = raw.get(SOURCE_KEY) or ""
    for key, value in raw.items():
        if key in ("items", SOURCE_KEY):
            continue
        if key in known:
            row.values[key] = _read_cell(definition, CellRef(table.id, (task_id, index), key), value)
        else:
            row.values[key] = value  # another program's column: kept and written back as it was
    _table, task = definition.task(task_id)
    if task.items is None:
        if "items" in raw:
            row.values["items"] = raw["items"]  # a works list where this year's task has none: kept as it was
        return row
    for item in raw.get("items", []):
        row.items.append(ItemRow(title=item.get("title") or "", count=_read_number(item.get("count"),
                                                                                  task.items.count_spec)))
    return row


def _performance_from_dict(definition: Definition, doc: Document, data: dict) -> None:
    doc.funding.update(_funding_from_dict(definition, data.get("funding", {}), doc.funding))
    for perf_id, raw in data.get("performance", {}).items():
        if perf_id in doc.performance:
            doc.performance[perf_id] = PerfEntry(
                achieved=_read_number(raw.get("achieved"), definition.performance.indicator(perf_id).spec),
                achieved_text=raw.get("achieved_text") or "",
                reason=raw.get("reason") or "",
            )
    doc.local_funds = data.get("local_funds") or ""
    doc.other_notes = data.get("other_notes") or ""


def _funding_from_dict(definition: Definition, raw: dict, known) -> dict[str, Funding]:
    spec = definition.performance.amount_spec
    return {programme: Funding(_read_number(value.get("budget"), spec), _read_number(value.get("executed"), spec))
            for programme, value in raw.items() if programme in known}


def _indicator_numbers(definition: Definition, raw: dict) -> dict:
    known = set(definition.indicator_ids)
    return {i: _read_number(value, definition.indicator(i).spec) for i, value in raw.items() if i in known}


def _completed_numbers(definition: Definition, raw: dict) -> dict:
    """A share's completed amounts: by indicator, and by `indicator.TB` for an alternative unit."""
    found = _indicator_numbers(definition, raw)
    for key, value in raw.items():
        indicator_id, _, unit = key.rpartition(".")
        if indicator_id in definition.indicator_ids:
            indicator = definition.indicator(indicator_id)
            if unit in indicator.alternative_units:
                found[key] = _read_number(value, replace(indicator.spec, unit=unit))
    return found


def _source_from_dict(definition: Definition, raw: dict) -> SourceUnit:
    programmes = {row.programme for row in definition.performance.funding}
    return SourceUnit(
        unit=raw.get("unit", ""),
        file=raw.get("file", ""),
        assigned=_indicator_numbers(definition, raw.get("assigned", {})),
        completed=_completed_numbers(definition, raw.get("completed", {})),
        funding=_funding_from_dict(definition, raw.get("funding", {}), programmes),
        rows=raw.get("rows", 0),
    )


def _segment_from_dict(raw: dict) -> Segment:
    if "field" in raw:
        return FieldSegment(raw["field"])
    return TextSegment(raw.get("text", ""))


def _read_number(raw: object, spec: NumberSpec) -> Decimal | Quantity | Unparsed | None:
    if raw is None:
        return None
    if isinstance(raw, dict):
        text = _quantity_text(raw)
    else:
        text = format_number(raw) if isinstance(raw, Decimal) else str(raw)
    try:
        return parse_number(text, spec)
    except ParseError as error:
        return Unparsed(text, error.reason)


def _quantity_text(raw: dict) -> str:
    """{"value": "2", "unit": "TB"} as typed (2TB), so that it goes through the typing parser: a unit
    this year's definition does not allow there comes back as Unparsed, named by the checks."""
    amount = raw.get("value")
    amount = format_number(amount) if isinstance(amount, Decimal) else str(amount)
    return f"{amount}{raw.get('unit', '')}"


def _read_cell(definition: Definition, ref: CellRef, raw: object) -> Value:
    """A stored cell through the typing parser; numbers and dates it refuses become Unparsed.
    Text is kept exactly as stored (the checks report control characters)."""
    info = describe(definition, ref)
    if raw is None:
        return None if info.kind in ("number", "date") else ""
    if info.kind == "number":
        return _read_number(raw, info.spec)
    text = format_number(raw) if isinstance(raw, Decimal) else str(raw)
    if info.kind != "date":
        return text
    try:
        return parse_cell(info, text)
    except ParseError as error:
        return Unparsed(text, error.reason)
