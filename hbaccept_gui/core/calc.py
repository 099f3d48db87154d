"""Every derived value of a document, recomputed from what was typed.

Roll-ups go one way only: works → contractor row → task → indicator (附件2/附件4 → 附件1/附件3),
then percentages and the 完成率 proposals of 附件5. Each value carries the formula that made it,
in Chinese, for tooltips and for the report text. Exact decimals throughout; percentages are
rounded half up to 2 places, quantities to the places of their indicator (万筒子叶: 4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.definition import (
    Definition,
    DetailTable,
    DetailTask,
    Indicator,
    IndicatorTable,
    ItemsSpec,
    Proposal,
)
from hbaccept_gui.core.document import ContractorRow, Document, ItemRow
from hbaccept_gui.core.numbers import DECIMAL_CONTEXT, format_fixed, format_number, round_half_up

PERCENT_PLACES = 2
HUNDRED = Decimal(100)
#: A formula names at most this many contractors (and adds at most this many terms); the rest are
#: counted (「等 N 个承建单位」), so that a city's tooltip with 60 contractors still fits the screen.
MAX_NAMED_CONTRIBUTIONS = 10
NOTHING_COMPLETED = "尚未填写承建单位的实际完成量"
#: What a bound works list says while the list has no titled work, so a drafted sentence still reads.
EMPTY_WORKS = "（清单未填写）"


@dataclass(frozen=True)
class Derived:
    key: str
    label: str
    value: Decimal | None
    unit: str
    formula: str
    ref: CellRef | None = None
    places: int | None = None  # fixed decimals when shown (percentages), else canonical

    @property
    def text(self) -> str:
        """The value as shown in a cell: 1.0274, 102.74, or empty when it cannot be computed."""
        if self.value is None:
            return ""
        if self.places is not None:
            return format_fixed(self.value, self.places)
        return format_number(self.value)

    @property
    def text_with_unit(self) -> str:
        """As a table cell or a formula shows it: 1.0274 万筒子叶, 102.74%."""
        if self.value is None:
            return "—"
        return f"{self.text}{self.unit}" if self.unit == "%" else f"{self.text} {self.unit}"

    @property
    def text_in_prose(self) -> str:
        """As Chinese running text writes it, with no space before the unit: 12场, 1.0274万筒子叶."""
        return "—" if self.value is None else f"{self.text}{self.unit}"


@dataclass(frozen=True)
class DerivedText(Derived):
    """A derived text instead of a number: a works list (「《续吴先贤讃》317叶、《周易传义》609叶」), which a
    report binds like a figure (生成初稿, 插入数据项) so that the list follows every edit of the tables.
    `value` stays None, so whatever sums or compares figures (R01's table values) passes it by;
    `blank` is shown while there is nothing to list."""

    words: str = ""
    blank: str = "—"

    @property
    def text(self) -> str:
        return self.words

    @property
    def text_with_unit(self) -> str:
        return self.words or self.blank

    @property
    def text_in_prose(self) -> str:
        return self.words or self.blank


@dataclass(frozen=True)
class DerivedMixed(Derived):
    """A total of a quantity that may be counted in more than one unit (附件4: 「按时长或TB量统计」):
    `value` is the total in the indicator's unit, the only one 下达任务量 and 完成率 know; `others`
    are the totals in the alternative units, kept apart because hours and terabytes do not convert.
    While an alternative total is not zero, every text names all units (「15小时、2TB」), and
    `value` alone would misstate the cell, so exporters write it as text (see `mixed`)."""

    others: tuple[tuple[Decimal, str], ...] = ()

    @property
    def mixed(self) -> bool:
        return any(amount for amount, _unit in self.others)

    @property
    def text(self) -> str:
        if not self.mixed or self.value is None:
            return super().text
        parts = [f"{super().text}{self.unit}"]
        parts += [f"{format_number(amount)}{unit}" for amount, unit in self.others if amount]
        return "、".join(parts)

    @property
    def text_with_unit(self) -> str:
        return self.text if self.mixed else super().text_with_unit

    @property
    def text_in_prose(self) -> str:
        return self.text if self.mixed else super().text_in_prose


class Results(dict):
    """Derived values by key (e.g. "annex1.completed.digital_resources")."""

    def __init__(self) -> None:
        super().__init__()
        self.by_ref: dict[CellRef, Derived] = {}

    def value(self, key: str) -> Decimal | None:
        return self[key].value

    def at(self, ref: CellRef) -> Derived | None:
        """The derived value shown in a cell, if the cell is a computed one."""
        return self.by_ref.get(ref)


def recompute(definition: Definition, doc: Document) -> Results:
    results = Results()
    for table in definition.tables_of(DetailTable):
        for task in table.tasks:
            _task_totals(definition, table, task, doc.rows(task.id), results)
    for table in definition.tables_of(IndicatorTable):
        for indicator in table.indicators:
            _indicator_values(definition, table, indicator, doc, results)
    _funding_rates(definition, doc, results)
    _proposals(definition, results)
    results.by_ref = {d.ref: d for d in results.values() if d.ref is not None}
    return results


def _add(results: Results, derived: Derived) -> None:
    results[derived.key] = derived


def _task_totals(definition: Definition, table: DetailTable, task: DetailTask, rows: list[ContractorRow],
                 results: Results) -> None:
    indicator = definition.indicator(task.indicator)
    base = f"{table.id}.{task.id}"
    completed, assigned, parts = [], [], []
    for index, row in enumerate(rows):
        if task.items is not None:
            value = _items_row(table, task, indicator, index, row, results)
        else:
            value = row.number("completed")
            value = value if isinstance(value, Decimal) else None
        if value is not None:
            completed.append(value)
            parts.append(format_number(value))
        quantity = row.number("assigned")
        if isinstance(quantity, Decimal):
            assigned.append(quantity)
    label = f"附件{table.number} {task.label}"
    total = sum(completed, Decimal(0))
    others = _other_unit_totals(results, base, label, indicator, rows)
    _add(results, DerivedMixed(f"{base}.completed", f"{label} 实际完成量", total, indicator.unit,
                               _hours_formula(rows, parts, total, indicator, others["completed"]),
                               others=_totals(others["completed"])))
    total_assigned = sum(assigned, Decimal(0))
    _add(results, DerivedMixed(f"{base}.assigned", f"{label} 年度承担任务指标量合计", total_assigned, indicator.unit,
                               f"Σ {len(rows)} 个承建单位 = {format_number(total_assigned)} {indicator.unit}"
                               + _others_formula(others["assigned"]), others=_totals(others["assigned"])))
    if task.items is not None:
        _items_task_totals(table, task, rows, results)


#: (unit, total, terms) of each alternative unit of a task's quantity column.
OtherTotals = list[tuple[str, Decimal, list[str]]]


def _other_unit_totals(results: Results, base: str, label: str, indicator: Indicator,
                       rows: list[ContractorRow]) -> dict[str, OtherTotals]:
    """The rows' quantities counted in each alternative unit (TB), totalled per unit and column, and
    kept as derived values of their own (`annex4.art_resources.completed.TB`) for reports and checks."""
    found: dict[str, OtherTotals] = {"completed": [], "assigned": []}
    for unit in indicator.alternative_units:
        for column, what in (("completed", "实际完成量"), ("assigned", "年度承担任务指标量合计")):
            amounts = [a for a in (row.amount(column, unit, indicator.unit) for row in rows) if a is not None]
            total = sum(amounts, Decimal(0))
            terms = [format_number(a) for a in amounts]
            found[column].append((unit, total, terms))
            _add(results, Derived(f"{base}.{column}.{unit}", f"{label} {what}（{unit}）", total, unit,
                                  f"Σ {len(amounts)} 个按{unit}统计的承建单位 {' + '.join(terms) or '0'} = "
                                  f"{format_number(total)} {unit}"))
    return found


def _hours_formula(rows: list[ContractorRow], parts: list[str], total: Decimal, indicator: Indicator,
                   others: OtherTotals) -> str:
    """The task's sum; where rows are also counted in another unit, the rows in the indicator's unit
    are named as such (「Σ 2 个按小时统计的承建单位 10 + 5 = 15 小时；另按TB统计 2 = 2 TB…」)."""
    if not any(terms for _unit, _total, terms in others):
        return _sum_formula(rows, parts, total, indicator.unit)
    return (f"Σ {len(parts)} 个按{indicator.unit}统计的承建单位 {' + '.join(parts) or '0'} = "
            f"{format_number(total)} {indicator.unit}{_others_formula(others)}")


def _totals(others: OtherTotals) -> tuple[tuple[Decimal, str], ...]:
    return tuple((total, unit) for unit, total, _terms in others)


def _others_formula(others: OtherTotals) -> str:
    """「；另按TB统计 2 + 1 = 3 TB（单位不同，不相加）」 for each alternative unit that has amounts."""
    return "".join(f"；另按{unit}统计 {' + '.join(terms)} = {format_number(total)} {unit}（单位不同，不相加）"
                   for unit, total, terms in others if terms)


def _sum_formula(rows: list[ContractorRow], parts: list[str], total: Decimal, unit: str) -> str:
    if not rows:
        return f"没有承建单位 = 0 {unit}"
    return f"Σ {len(rows)} 个承建单位 {' + '.join(parts) or '0'} = {format_number(total)} {unit}"


def _items_row(table: DetailTable, task: DetailTask, indicator: Indicator, index: int, row: ContractorRow,
               results: Results) -> Decimal:
    spec = task.items
    counts = [item.count for item in row.items if isinstance(item.count, Decimal)]
    leaves = sum(counts, Decimal(0))
    value = round_half_up(DECIMAL_CONTEXT.divide(leaves, spec.divisor), indicator.places)
    base = f"{table.id}.{task.id}.{index}"
    name = f"附件{table.number} {task.label} {contractor_name(table, index, row)}"
    works = len(counted_items(row.items))
    _add(results, Derived(f"{base}.count", f"{name} {spec.count_label}合计", leaves, spec.count_unit,
                          f"Σ {works} {spec.noun} = {format_number(leaves)} {spec.count_unit}"))
    _add(results, Derived(f"{base}.items", f"{name} {spec.label}条数", Decimal(works), spec.noun[:1],
                          f"{works} {spec.noun}"))
    formula = (f"Σ {works} {spec.noun} {format_number(leaves)} {spec.count_unit} ÷ "
               f"{format_number(spec.divisor)} = {format_number(value)} {indicator.unit}")
    _add(results, Derived(f"{base}.completed", f"{name} 实际完成量", value, indicator.unit, formula,
                          ref=CellRef(table.id, (task.id, index), "completed")))
    _add(results, _works(f"{base}.works", f"{name} {spec.label}", spec, row.items))
    return value


def counted_items(items: list[ItemRow]) -> list[ItemRow]:
    """The works that count as a 种: a title and a number of leaves. A pasted line with an empty
    or unreadable count (or no title) is not a work yet, so 60 lines with one empty count are 59 种."""
    return [item for item in items if item.title.strip() and isinstance(item.count, Decimal)]


def contractor_name(table: DetailTable, index: int, row: ContractorRow) -> str:
    """A contractor as the clerk knows it: its name, or 承建单位N (the table's placeholder) while unnamed."""
    return row.text("contractor").strip() or table.contractor_placeholder.format(n=index + 1)


def listed_items(row: ContractorRow) -> list[ItemRow]:
    """The items a printed list shows: those with a title or a count (a line left blank shows nothing)."""
    return [item for item in row.items if item.title.strip() or item.count is not None]


def works_text(spec: ItemsSpec, items: list[ItemRow]) -> str:
    """「《续吴先贤讃》317叶、《周易传义》609叶」: the titled works as running text names them, each with its
    count where the count is a number (an untitled work has nothing to name)."""
    named = []
    for item in items:
        title = item.title.strip()
        if title:
            count = item.count
            named.append(f"{title}{format_number(count)}{spec.count_unit}" if isinstance(count, Decimal) else title)
    return "、".join(named)


def _works(key: str, label: str, spec: ItemsSpec, items: list[ItemRow]) -> DerivedText:
    named = sum(1 for item in items if item.title.strip())
    return DerivedText(key, label, None, "", f"{named} {spec.noun}的{spec.title_label}和{spec.count_label}",
                       words=works_text(spec, items), blank=EMPTY_WORKS)


def _items_task_totals(table: DetailTable, task: DetailTask, rows: list[ContractorRow], results: Results) -> None:
    spec = task.items
    base = f"{table.id}.{task.id}"
    leaves = sum((results[f"{base}.{i}.count"].value for i in range(len(rows))), Decimal(0))
    works = sum(len(counted_items(row.items)) for row in rows)
    label = f"附件{table.number} {task.label}"
    _add(results, Derived(f"{base}.count", f"{label} {spec.count_label}合计", leaves, spec.count_unit,
                          f"Σ {works} {spec.noun} = {format_number(leaves)} {spec.count_unit}"))
    _add(results, Derived(f"{base}.items", f"{label} {spec.label}条数", Decimal(works), spec.noun[:1],
                          f"{works} {spec.noun}"))
    # The whole task's list, so that a report bound to it still lists every work after rows are added,
    # removed or reordered (a row's key would then name another row, or none).
    _add(results, _works(f"{base}.works", f"{label} {spec.label}", spec, [item for row in rows for item in row.items]))


def _indicator_values(definition: Definition, table: IndicatorTable, indicator: Indicator, doc: Document,
                      results: Results) -> None:
    feeders = definition.tasks_feeding(indicator.id)
    assigned = doc.assigned.get(indicator.id)
    assigned = assigned if isinstance(assigned, Decimal) else None
    has_rows = any(doc.rows(task.id) for task in feeders)
    completed = None
    terms = []
    if assigned is not None or has_rows:
        sources = [(task, results[f"{definition.task(task.id)[0].id}.{task.id}.completed"].value) for task in feeders]
        completed = round_half_up(sum((v for _t, v in sources), Decimal(0)), indicator.places)
        terms = [f"{task.label} {format_number(v)}" for task, v in sources]
    _add(results, Derived(f"{table.id}.assigned.{indicator.id}", f"附件{table.number} 下达任务量 {indicator.name}",
                          assigned, indicator.unit, f"附件{table.number} 填写的下达任务量"))
    others = _indicator_other_units(definition, table, indicator, feeders, completed is not None, doc, results)
    formula = _completed_formula(definition, indicator, feeders, terms, completed, doc, results)
    other_lines = _other_contributions(definition, indicator, feeders, doc)
    if other_lines:  # rows in TB only: not "nothing filled in", but nothing in hours
        formula = formula.replace(NOTHING_COMPLETED, f"没有按{indicator.unit}统计的承建单位")
    formula += "".join(f"；{line}" for line in other_lines)
    _add(results, DerivedMixed(f"{table.id}.completed.{indicator.id}",
                               f"附件{table.number} 实际完成任务量 {indicator.name}", completed, indicator.unit,
                               formula, ref=CellRef(table.id, ("completed",), indicator.id), others=others))
    rate, rate_formula = _rate(completed, assigned)
    _add(results, Derived(f"{table.id}.rate.{indicator.id}", f"附件{table.number} 完成率 {indicator.name}", rate, "%",
                          _rate_basis(indicator, others) + rate_formula, ref=CellRef(table.id, ("rate",), indicator.id),
                          places=PERCENT_PLACES))


def _indicator_other_units(definition: Definition, table: IndicatorTable, indicator: Indicator,
                           feeders: tuple[DetailTask, ...], shown: bool, doc: Document,
                           results: Results) -> tuple[tuple[Decimal, str], ...]:
    """The completed totals in each alternative unit (TB) over the feeding tasks, also kept as
    `annex3.completed.art_resources.TB`; none while the indicator's cell is blank."""
    found = []
    for unit in indicator.alternative_units:
        amounts = [results[f"{definition.task(t.id)[0].id}.{t.id}.completed.{unit}"].value for t in feeders]
        total = sum(amounts, Decimal(0)) if shown else None
        _add(results, Derived(f"{table.id}.completed.{indicator.id}.{unit}",
                              f"附件{table.number} 实际完成任务量 {indicator.name}（{unit}）", total, unit,
                              f"按{unit}统计的承建单位合计 = {format_number(total or 0)} {unit}（附件4，不计入完成率）"))
        if total is not None:
            found.append((total, unit))
    return tuple(found)


def _other_contributions(definition: Definition, indicator: Indicator, feeders: tuple[DetailTask, ...],
                         doc: Document) -> list[str]:
    """「另按TB统计 2 TB：丙文化馆 2（附件4，单位不同，不相加，不计入完成率）」 for each alternative unit used."""
    lines = []
    for unit in indicator.alternative_units:
        parts = []
        for task in feeders:
            table = definition.task(task.id)[0]
            for index, row in enumerate(doc.rows(task.id)):
                amount = row.amount("completed", unit, indicator.unit)
                if amount is not None:
                    parts.append(Contribution(contractor_name(table, index, row), amount))
        if parts:
            total = sum((c.value for c in parts), Decimal(0))
            detail = definition.task(feeders[0].id)[0]
            lines.append(f"另按{unit}统计 {format_number(total)} {unit}：{_named(parts)}"
                         f"（附件{detail.number}，单位不同，不相加，不计入完成率）")
    return lines


def _rate_basis(indicator: Indicator, others: tuple[tuple[Decimal, str], ...]) -> str:
    """Where a quantity may be counted in other units, the rate says which one it is computed in."""
    if not indicator.alternative_units:
        return ""
    left_out = "、".join(f"{format_number(amount)}{unit}" for amount, unit in others if amount)
    note = f"，按{left_out}统计的部分不计入" if left_out else ""
    return f"完成率只按下达任务量的单位（{indicator.unit}）计算{note}："


@dataclass(frozen=True)
class Contribution:
    """What one contractor row adds to an indicator: the clerk wants to see who did what."""

    name: str
    value: Decimal


def contributions(definition: Definition, task: DetailTask, rows: list[ContractorRow],
                  results: Results) -> list[Contribution]:
    """The rows of a task that have a completed quantity, named as the table prints them."""
    table = definition.task(task.id)[0]
    found = []
    for index, row in enumerate(rows):
        if task.items is not None:
            value = results[f"{table.id}.{task.id}.{index}.completed"].value
        else:
            value = row.number("completed")
        if isinstance(value, Decimal):
            found.append(Contribution(contractor_name(table, index, row), value))
    return found


def _completed_formula(definition: Definition, indicator: Indicator, feeders: tuple[DetailTask, ...],
                       terms: list[str], completed: Decimal | None, doc: Document, results: Results) -> str:
    """「6 + 4 + 3 = 13 场：石家庄市群众艺术馆 6、正定县文化馆 4、赞皇县文化馆 3（附件4）」: the sum and
    who it comes from. Where several tasks feed the indicator, the sum is of the tasks."""
    if not terms:
        return "无明细"
    detail = definition.task(feeders[0].id)[0]
    parts = [c for task in feeders for c in contributions(definition, task, doc.rows(task.id), results)]
    total = f"{format_number(completed)} {indicator.unit}"
    if len(feeders) > 1:
        head = f"{' + '.join(terms)} = {total}"
    elif len(parts) > MAX_NAMED_CONTRIBUTIONS:
        head = f"Σ {len(parts)} 个承建单位 = {total}"
    elif len(parts) > 1:
        head = f"{' + '.join(format_number(c.value) for c in parts)} = {total}"
    else:
        head = total
    if not parts:
        return f"{head}（附件{detail.number} {NOTHING_COMPLETED}）"
    return f"{head}：{_named(parts)}（附件{detail.number}）"


def _named(parts: list[Contribution]) -> str:
    shown = "、".join(f"{c.name} {format_number(c.value)}" for c in parts[:MAX_NAMED_CONTRIBUTIONS])
    rest = len(parts) - MAX_NAMED_CONTRIBUTIONS
    return f"{shown}等 {len(parts)} 个承建单位" if rest > 0 else shown


def _rate(part: Decimal | None, whole: Decimal | None) -> tuple[Decimal | None, str]:
    if part is None or whole is None:
        return None, "缺少数据，无法计算"
    if whole == 0:
        return None, "分母为 0，无法计算"
    rate = round_half_up(DECIMAL_CONTEXT.divide(part * HUNDRED, whole), PERCENT_PLACES)
    return rate, f"{format_number(part)} ÷ {format_number(whole)} × 100% = {format_fixed(rate, PERCENT_PLACES)}%"


def _funding_rates(definition: Definition, doc: Document, results: Results) -> None:
    table = definition.performance
    for row in table.funding:
        funding = doc.funding[row.programme]
        budget = funding.budget if isinstance(funding.budget, Decimal) else None
        executed = funding.executed if isinstance(funding.executed, Decimal) else None
        rate, formula = _rate(executed, budget)
        _add(results, Derived(f"{table.id}.funding.{row.programme}.rate",
                              f"附件{table.number} {table.label('rate_label')} {row.label}", rate, "%",
                              f"B ÷ A：{formula}", ref=CellRef(table.id, ("funding", row.programme), "rate"),
                              places=PERCENT_PLACES))


def _proposals(definition: Definition, results: Results) -> None:
    table = definition.performance
    for indicator in table.indicators:
        if indicator.propose is None:
            continue
        value, formula = PROPOSAL_RULES[indicator.propose.rule](definition, indicator.propose, results)
        _add(results, Derived(f"{table.id}.perf.{indicator.id}.proposed", f"附件{table.number} {indicator.label} 建议完成量",
                              value, "%", formula, ref=CellRef(table.id, ("perf", indicator.id), "proposed"),
                              places=PERCENT_PLACES))


def _mean_completion_rate(definition: Definition, proposal: Proposal, results: Results) -> tuple[Decimal | None, str]:
    """Mean of the completion rates of the indicators that were assigned a quantity, each capped."""
    table = definition.table(proposal.table)
    rates = [results[f"{table.id}.rate.{i.id}"].value for i in table.indicators]
    rates = [r for r in rates if r is not None]
    if not rates:
        return None, f"附件{table.number} 没有下达任务量，无法计算"
    capped = [min(r, proposal.cap) if proposal.cap is not None else r for r in rates]
    mean = round_half_up(DECIMAL_CONTEXT.divide(sum(capped, Decimal(0)), Decimal(len(capped))), PERCENT_PLACES)
    shown = "、".join(f"{format_fixed(r, PERCENT_PLACES)}%" for r in rates)
    cap_note = f"（超过{format_number(proposal.cap)}%的按{format_number(proposal.cap)}%计）" if proposal.cap else ""
    return mean, f"附件{table.number} 各项完成率 {shown} 的平均{cap_note} = {format_fixed(mean, PERCENT_PLACES)}%"


#: The proposal rules a definition may name (annex5.toml, `propose.rule`).
PROPOSAL_RULES = {"mean_completion_rate": _mean_completion_rate}
