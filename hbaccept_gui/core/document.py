"""The document a clerk fills in: plain mutable dataclasses keyed by the ids of the definition.

Only what a person types is stored; everything that can be computed (roll-ups, percentages, B/A)
is computed by `calc` and never saved, so the tables and the reports cannot disagree. A value that
could not be parsed (from a hand-edited or foreign file) is kept as `Unparsed`, so nothing is lost
and the checks can name it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hbaccept_gui.core.definition import Definition, DetailTable
from hbaccept_gui.core.numbers import Quantity


@dataclass(frozen=True)
class Unparsed:
    """Text found where a number or a date belongs; `reason` says in Chinese why it was refused."""

    text: str
    reason: str


NumberValue = Decimal | Unparsed | None
#: A contractor row's quantity: a Decimal in the indicator's unit, or a Quantity in one of its
#: alternative units (2 TB where 附件3 counts 小时).
QuantityValue = Decimal | Quantity | Unparsed | None
DateValue = date | Unparsed | None
Value = str | Decimal | Quantity | date | Unparsed | None


@dataclass
class ItemRow:
    """One itemised work: 《周易传义》, 609 叶."""

    title: str = ""
    count: NumberValue = None


@dataclass
class ContractorRow:
    """One 承建单位 row under a task of 附件2/附件4. `values` is keyed by the table's column ids:
    text columns hold str, quantity columns Decimal in the indicator's unit, Quantity in an
    alternative unit (2 TB), or Unparsed. Keys a definition does not know
    (from a file written by another year's program) are kept and written back unchanged."""

    values: dict[str, Value] = field(default_factory=dict)
    items: list[ItemRow] = field(default_factory=list)
    source: str = ""  # in a merged document: the unit whose file the row came from (正定县图书馆)

    def text(self, column_id: str) -> str:
        value = self.values.get(column_id)
        return value if isinstance(value, str) else ""

    def number(self, column_id: str) -> QuantityValue:
        """The quantity as stored; whoever sums it takes only the Decimals (the indicator's unit)
        or asks `amount` for the unit it totals."""
        value = self.values.get(column_id)
        return value if isinstance(value, (Decimal, Quantity, Unparsed)) else None

    def amount(self, column_id: str, unit: str, main_unit: str) -> Decimal | None:
        """The quantity if it is counted in `unit` (`main_unit` being the indicator's own), else None."""
        value = self.values.get(column_id)
        if isinstance(value, Decimal):
            return value if unit == main_unit else None
        return value.value if isinstance(value, Quantity) and value.unit == unit else None


@dataclass
class Funding:
    budget: NumberValue = None  # 全年预算数（A）
    executed: NumberValue = None  # 全年执行数（B）


@dataclass
class PerfEntry:
    """One row of 附件5's indicators. Numeric targets (≥90%) take `achieved` as a percentage;
    worded targets (比上一年度增加, 长期) take `achieved_text`."""

    achieved: NumberValue = None
    achieved_text: str = ""
    reason: str = ""


@dataclass(frozen=True)
class TextSegment:
    text: str


@dataclass(frozen=True)
class FieldSegment:
    """A figure bound to the tables: renders the current value of the derived value `key`."""

    key: str


Segment = TextSegment | FieldSegment


@dataclass
class ChecklistEntry:
    """The clerk's tick and note against one item of the 材料清单."""

    done: bool = False
    note: str = ""


@dataclass
class SourceUnit:
    """One unit's share of a merged (汇总) document, as its own file stated it when merged: the
    merged tables hold only the sums, so this is the record of who contributed what. `completed`
    is what the unit's file computed, kept as a record rather than recomputed, so that it still
    says what the unit reported after the city clerk edits the merged rows."""

    unit: str  # 单位名称 of the file
    file: str  # the file's name, to find it again
    assigned: dict[str, NumberValue] = field(default_factory=dict)  # 下达任务量 by indicator id
    completed: dict[str, NumberValue] = field(default_factory=dict)  # 实际完成任务量 by indicator id
    funding: dict[str, Funding] = field(default_factory=dict)  # 全年预算数/执行数 by programme id
    rows: int = 0  # detail rows (承建单位) it contributed to 附件2/附件4


@dataclass
class Document:
    definition_id: str
    header: dict[str, Value] = field(default_factory=dict)
    #: The programme ids the unit takes part in (core/participation.py decides what follows from it);
    #: empty reads as all of them.
    programmes: list[str] = field(default_factory=list)
    assigned: dict[str, NumberValue] = field(default_factory=dict)  # 下达任务量 by indicator id
    details: dict[str, list[ContractorRow]] = field(default_factory=dict)  # by task id
    funding: dict[str, Funding] = field(default_factory=dict)  # by programme id
    local_funds: str = ""
    performance: dict[str, PerfEntry] = field(default_factory=dict)
    other_notes: str = ""
    reports: dict[str, dict[str, list[Segment]]] = field(default_factory=dict)
    checklist: dict[str, ChecklistEntry] = field(default_factory=dict)  # by checklist item id
    merged_from: list[SourceUnit] = field(default_factory=list)  # empty unless made by 汇总

    @property
    def merged(self) -> bool:
        return bool(self.merged_from)

    def rows(self, task_id: str) -> list[ContractorRow]:
        return self.details.setdefault(task_id, [])


def new_document(definition: Definition) -> Document:
    """An empty document with a slot for every cell the definition has."""
    doc = Document(definition_id=definition.id, programmes=[p.id for p in definition.programmes])
    for header_field in definition.header_fields:
        doc.header[header_field.id] = None if header_field.kind == "date" else ""
    for indicator_id in definition.indicator_ids:
        doc.assigned[indicator_id] = None
    for table in definition.tables_of(DetailTable):
        for task in table.tasks:
            doc.details[task.id] = []
    for row in definition.performance.funding:
        doc.funding[row.programme] = Funding()
    for indicator in definition.performance.indicators:
        doc.performance[indicator.id] = PerfEntry()
    for report in definition.reports:
        doc.reports[report.id] = {section.id: [] for section in report.sections}
    for item in definition.checklist:
        doc.checklist[item.id] = ChecklistEntry()
    return doc


def new_contractor_row(table: DetailTable) -> ContractorRow:
    """A blank row; the contractor name starts empty (the placeholder 承建单位N is only a hint)."""
    values: dict[str, Value] = {}
    for column in table.columns:
        if column.kind in ("text", "longtext", "url"):
            values[column.id] = ""
        elif column.kind == "quantity":
            values[column.id] = None
    return ContractorRow(values=values)


def segments_text(segments: list[Segment]) -> str:
    """The typed text of a report section, with bound fields left out."""
    return "".join(s.text for s in segments if isinstance(s, TextSegment))


def is_written(segments: list[Segment]) -> bool:
    """Whether a report section holds anything: text beyond spaces, or a bound figure."""
    return bool(segments_text(segments).strip()) or any(isinstance(s, FieldSegment) for s in segments)
