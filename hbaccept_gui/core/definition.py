"""The shape of a year's forms, as frozen dataclasses.

A definition is data (resources/forms/<year>/*.toml, read by `definition_loader`); these classes
only say what the data means, so that the model, the calculations, the editors and the exporters
can be generated from it instead of repeating it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from hbaccept_gui.core.numbers import NumberSpec
from hbaccept_gui.core.targets import Target

#: 附件5 percentages (完成量 of ≥90% targets): growth rates may exceed 100 %, but not absurdly.
PERCENT_SPEC = NumberSpec(percent=True, places=2, max=Decimal("100000"))


def one_line(label: str) -> str:
    """A printed label without the line breaks the paper form puts in narrow cells."""
    return label.replace("\n", "")


@dataclass(frozen=True)
class Programme:
    id: str
    name: str


@dataclass(frozen=True)
class HeaderField:
    id: str
    label: str
    kind: str  # "text" or "date"
    required: bool = False
    hint: str = ""
    sealed: bool = False  # the unit's seal goes over this field: printed with its hint 「（加盖公章）」


@dataclass(frozen=True)
class Deadline:
    id: str
    date: date
    label: str


@dataclass(frozen=True)
class Indicator:
    """One column of 附件1/附件3: a quantity assigned by the ministry and its completed amount."""

    id: str
    label: str
    unit: str
    places: int
    max: Decimal
    table: str
    group: str | None = None
    #: Units the detail rows may count in instead of `unit` (附件4: 「按时长或TB量统计」): totalled apart,
    #: never converted; 下达任务量 and 完成率 stay in `unit`.
    alternative_units: tuple[str, ...] = ()

    @property
    def spec(self) -> NumberSpec:
        return NumberSpec(unit=self.unit, places=self.places, max=self.max)

    @property
    def detail_spec(self) -> NumberSpec:
        """What a contractor row's quantity accepts: the unit, or one of the alternatives (2TB)."""
        return NumberSpec(unit=self.unit, places=self.places, max=self.max, alternatives=self.alternative_units)

    @property
    def name(self) -> str:
        """The label without its unit in brackets: 基础数字资源项目建设数量."""
        plain = one_line(self.label)
        suffix = f"（{self.unit}）"
        return plain[: -len(suffix)] if plain.endswith(suffix) else plain


@dataclass(frozen=True)
class IndicatorGroup:
    id: str
    label: str


@dataclass(frozen=True)
class IndicatorTable:
    id: str
    number: int
    programme: str
    title: str
    corner_label: str
    assigned_label: str
    completed_label: str
    header_fields: tuple[str, ...]
    footer_fields: tuple[str, ...]
    orientation: str
    indicators: tuple[Indicator, ...]
    groups: tuple[IndicatorGroup, ...] = ()
    kind: str = "indicators"

    def group(self, group_id: str) -> IndicatorGroup:
        return next(g for g in self.groups if g.id == group_id)


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    kind: str  # serial, task, text, longtext, url, quantity
    hint: str = ""
    printed: bool = True
    carries_over: bool = False  # 从上一年度文件新建 copies it (the contractor, not its figures)


@dataclass(frozen=True)
class ItemsSpec:
    """The itemised list behind a completed quantity (digitised books and their leaf counts)."""

    label: str
    noun: str
    title_label: str
    count_label: str
    count_unit: str
    count_aliases: tuple[str, ...]
    count_max: Decimal
    divisor: Decimal

    @property
    def item(self) -> str:
        """One work, as buttons and undo steps name it: the noun without its measure word
        (种古籍 → 古籍, 部有声读物 → 有声读物)."""
        return self.noun[1:]

    @property
    def count_spec(self) -> NumberSpec:
        return NumberSpec(unit=self.count_unit, aliases=self.count_aliases, places=0, max=self.count_max)


@dataclass(frozen=True)
class DetailTask:
    id: str
    number: str
    label: str
    indicator: str
    completion: str  # "items" or "quantity"
    section: str | None = None
    hints: tuple[tuple[str, str], ...] = ()
    items: ItemsSpec | None = None


@dataclass(frozen=True)
class DetailSection:
    id: str
    label: str
    repeat_header: bool = False


@dataclass(frozen=True)
class DetailTable:
    id: str
    number: int
    programme: str
    title: str
    header_fields: tuple[str, ...]
    footer_fields: tuple[str, ...]
    orientation: str
    contractor_placeholder: str
    columns: tuple[Column, ...]
    tasks: tuple[DetailTask, ...]
    sections: tuple[DetailSection, ...] = ()
    kind: str = "details"

    def column(self, column_id: str) -> Column:
        return next(c for c in self.columns if c.id == column_id)

    def hint(self, task: DetailTask, column_id: str) -> str:
        """The notice's guidance for this cell: the task's own, else the column's (「下同」)."""
        own = dict(task.hints)
        return own.get(column_id, self.column(column_id).hint)

    def tasks_in(self, section_id: str | None) -> tuple[DetailTask, ...]:
        return tuple(t for t in self.tasks if t.section == section_id)


@dataclass(frozen=True)
class Proposal:
    """How a 完成率 indicator's 完成量 is proposed from a completion table."""

    rule: str
    table: str
    cap: Decimal | None = None


@dataclass(frozen=True)
class PerfIndicator:
    id: str
    level2: str
    label: str
    programme: str
    programme_label: str
    target: Target
    propose: Proposal | None = None
    may_be_negative: bool = False  # a growth rate may fall: −3.5% is a 完成量 to report, not a typo

    @property
    def spec(self) -> NumberSpec:
        """What its numeric 完成量 accepts: a percentage, negative only where the definition says so."""
        return replace(PERCENT_SPEC, negative=self.may_be_negative)


@dataclass(frozen=True)
class FundingRow:
    programme: str
    label: str


@dataclass(frozen=True)
class PerformanceTable:
    id: str
    number: int
    title: str
    orientation: str
    unit_label: str
    amount_unit: str
    amount_places: int
    amount_max: Decimal
    labels: dict[str, str]
    funding: tuple[FundingRow, ...]
    indicators: tuple[PerfIndicator, ...]
    amount_shown_places: int = 0
    kind: str = "performance"

    @property
    def amount_spec(self) -> NumberSpec:
        return NumberSpec(unit=self.amount_unit, places=self.amount_places, max=self.amount_max,
                          shown_places=self.amount_shown_places)

    def indicator(self, indicator_id: str) -> PerfIndicator:
        return next(i for i in self.indicators if i.id == indicator_id)

    def label(self, key: str) -> str:
        return self.labels[key]


@dataclass(frozen=True)
class OutlineHeading:
    """One heading of a drafted report section, with the prompt the clerk replaces."""

    heading: str
    prompt: str


@dataclass(frozen=True)
class ReportSection:
    id: str
    number: str
    label: str
    outline: tuple[OutlineHeading, ...] = ()
    carries_over: bool = False  # not about one year's figures: 从上一年度文件新建 copies its wording

    @property
    def heading(self) -> str:
        """As the notice numbers it: 1.组织推进项目建设的具体措施."""
        return f"{self.number}.{self.label}"


@dataclass(frozen=True)
class Report:
    id: str
    programme: str
    title: str
    sections: tuple[ReportSection, ...]
    addressee: str = ""  # 主送机关: the report's first line, 「河北省文化和旅游厅：」 (GB/T 9704)


@dataclass(frozen=True)
class DraftWording:
    """The sentences 生成初稿 writes into section 2 of a report; {names} become bound figures or
    lists (see core/draft.py for the names each sentence may use)."""

    results_section: str
    indicator: str
    contractors: str
    works: str
    no_contractors: str
    nothing_assigned: str
    closing: OutlineHeading


@dataclass(frozen=True)
class AuditRule:
    """One 审核公式: which check finds the cells, how grave it is, and what the clerk reads."""

    id: str
    check: str
    severity: str  # "error" or "warning"
    message: str
    params: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ChecklistItem:
    """One of the materials the notice asks for, with its deadline and what the app makes of it."""

    id: str
    label: str
    deadline: str  # a Deadline id
    programme: str | None = None
    produces: tuple[str, ...] = ()  # ids of tables/reports the export writes, or "charset"
    note: str = ""


Table = IndicatorTable | DetailTable | PerformanceTable


@dataclass(frozen=True)
class Definition:
    id: str
    year: int
    issuer: str
    title: str
    issued: date
    mailbox: str
    tracking_system: str
    contact: str
    contact_phones: tuple[str, ...]
    note: str
    programmes: tuple[Programme, ...]
    header_fields: tuple[HeaderField, ...]
    deadlines: tuple[Deadline, ...]
    tables: tuple[Table, ...]
    reports: tuple[Report, ...]
    draft: DraftWording
    rules: tuple[AuditRule, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def table(self, table_id: str) -> Table:
        return self._index["tables"][table_id]

    def header_field(self, field_id: str) -> HeaderField:
        return self._index["header"][field_id]

    def programme(self, programme_id: str) -> Programme:
        return self._index["programmes"][programme_id]

    def indicator(self, indicator_id: str) -> Indicator:
        return self._index["indicators"][indicator_id]

    def task(self, task_id: str) -> tuple[DetailTable, DetailTask]:
        return self._index["tasks"][task_id]

    def report(self, report_id: str) -> Report:
        return self._index["reports"][report_id]

    def has_table(self, table_id: str) -> bool:
        return table_id in self._index["tables"]

    def has_report(self, report_id: str) -> bool:
        return report_id in self._index["reports"]

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Every indicator of the indicator tables (附件1, 附件3), in order."""
        return tuple(self._index["indicators"])

    def deadline(self, deadline_id: str) -> Deadline:
        return next(d for d in self.deadlines if d.id == deadline_id)

    @property
    def performance(self) -> PerformanceTable:
        return next(t for t in self.tables if isinstance(t, PerformanceTable))

    def tables_of(self, kind: type) -> tuple:
        return tuple(t for t in self.tables if isinstance(t, kind))

    def tables_fed_by(self, detail: DetailTable) -> tuple[IndicatorTable, ...]:
        """The indicator tables (附件1, 附件3) that `detail`'s tasks roll up into, in order."""
        fed = {self.indicator(task.indicator).table for task in detail.tasks}
        return tuple(t for t in self.tables_of(IndicatorTable) if t.id in fed)

    def tasks_feeding(self, indicator_id: str) -> tuple[DetailTask, ...]:
        return self._index["feeders"].get(indicator_id, ())
