"""The checks that the audit rules of a definition (resources/forms/<year>/rules.toml) name.

A check finds the cells a rule is about and the actual values the rule's Chinese message quotes;
it knows nothing of ids, severities or wording, which are data. Each check yields
(cell, {name: value}) pairs; `checks.check_document` adds 「位置」 and formats the message.
`RULE_CHECKS` lists every check with the names it supplies, so that the definition loader can
refuse a message that quotes a value no check gives."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlsplit

from hbaccept_gui.core import messages, participation
from hbaccept_gui.core.calc import DerivedMixed, Results, listed_items
from hbaccept_gui.core.cells import CellRef, achieved_column, all_refs, describe, get_value
from hbaccept_gui.core.dates import format_date
from hbaccept_gui.core.definition import Definition, DetailTable, IndicatorTable
from hbaccept_gui.core.document import Document, Unparsed, is_written, segments_text
from hbaccept_gui.core.draft import nothing_assigned_sentence
from hbaccept_gui.core.numbers import Quantity, format_fixed, format_number, normalise
from hbaccept_gui.core.text import first_bad_character

Hit = tuple[CellRef, dict[str, str]]


@dataclass
class AuditContext:
    definition: Definition
    doc: Document
    results: Results
    today: date
    _cells: list[tuple[CellRef, object]] | None = field(default=None, repr=False)
    _unit_values: dict[str, set[Decimal]] | None = field(default=None, repr=False)

    def cells(self) -> list[tuple[CellRef, object]]:
        """(cell, stored value) of every typed cell, read once for all the checks that walk them."""
        if self._cells is None:
            self._cells = [(ref, get_value(self.doc, ref)) for ref in all_refs(self.definition, self.doc)]
        return self._cells


@dataclass(frozen=True)
class RuleCheck:
    function: Callable[[AuditContext, dict], Iterator[Hit]]
    names: tuple[str, ...]  # the values its hits supply (位置 always)
    params: tuple[str, ...]  # the parameters a rule must give it


RULE_CHECKS: dict[str, RuleCheck] = {}


def check(*names: str, params: tuple[str, ...] = ()):
    def register(function):
        RULE_CHECKS[function.__name__] = RuleCheck(function, ("位置", *names), params)
        return function
    return register


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def amount(value: Decimal, unit: str) -> str:
    return f"{format_fixed(value, 2)}%" if unit == "%" else f"{format_number(value)} {unit}"


# ---------------------------------------------------------------- 表头


@check()
def required_header(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for header_field in ctx.definition.header_fields:
        if header_field.required and blank(ctx.doc.header.get(header_field.id)):
            yield CellRef("header", (), header_field.id), {}


@check("日期", "今天", params=("field",))
def date_not_future(ctx: AuditContext, params: dict) -> Iterator[Hit]:
    value = ctx.doc.header.get(params["field"])
    if isinstance(value, date) and value > ctx.today:
        yield CellRef("header", (), params["field"]), {"日期": format_date(value), "今天": format_date(ctx.today)}


_SEPARATORS = re.compile(r"[、，,；;/\s]+|或")
_DASHES = re.compile(r"[‐‑‒–—―－]")
_MOBILE = re.compile(r"(?:\+?86-?)?1[3-9]\d{9}", re.ASCII)
_LANDLINE = re.compile(r"(?:0\d{2,3}-?|\(0\d{2,3}\))\d{7,8}(?:(?:-|转)\d{1,6})?", re.ASCII)
_SERVICE = re.compile(r"[48]00-?\d{3}-?\d{4}", re.ASCII)


def plausible_phone(token: str) -> bool:
    return any(p.fullmatch(token) for p in (_MOBILE, _LANDLINE, _SERVICE))


def implausible_phone(text: str) -> str | None:
    """The first part of a phone field that is no phone number. Parts are split at separators
    and spaces, and rejoined while they are incomplete: 「0311 67960552」 is one number, 「0312-1234567
    15511872369」 two."""
    pending = ""
    for token in _SEPARATORS.split(_DASHES.sub("-", normalise(text))):
        pending += token
        if plausible_phone(pending):
            pending = ""
    return pending or None


@check("原文", params=("field",))
def phone(ctx: AuditContext, params: dict) -> Iterator[Hit]:
    value = ctx.doc.header.get(params["field"])
    if isinstance(value, str) and value.strip() and (bad := implausible_phone(value)):
        yield CellRef("header", (), params["field"]), {"原文": bad}


# An address ends where the ASCII does: 「https://x.cn/live（已发布）」 is https://x.cn/live.
_URL_TOKEN = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:/*|www\.)[!-~]*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def url_problem(text: str) -> str | None:
    """The first malformed web address in a 访问地址 cell. A cell in words only (the notice allows
    「如建设成果未发布请予以说明」) has none."""
    tokens = _URL_TOKEN.findall(text)
    if not tokens and not _CJK.search(text):
        tokens = [text.strip()]
    for token in tokens:
        token = token.rstrip(".,;:)]")
        if not _valid_url(token):
            return token
    return None


def _valid_url(token: str) -> bool:
    try:
        parts = urlsplit(token)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and ("." in host or host == "localhost") and token.isascii()


@check("原文")
def url(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for table in ctx.definition.tables_of(DetailTable):
        columns = [c.id for c in table.columns if c.kind == "url"]
        for task in table.tasks:
            for index, row in enumerate(ctx.doc.rows(task.id)):
                for column_id in columns:
                    text = row.text(column_id)
                    bad = url_problem(text) if text.strip() else None
                    if bad:
                        yield CellRef(table.id, (task.id, index), column_id), {"原文": bad}


# ---------------------------------------------------------------- 数字与文字


@check("原因")
def unparsed(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for ref, value in ctx.cells():
        if isinstance(value, Unparsed):
            yield ref, {"原因": value.reason}


@check("原因")
def bad_text(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for ref, value in ctx.cells():
        text = segments_text(value) if isinstance(value, list) else value
        if isinstance(text, str) and (bad := first_bad_character(text)):
            code, point = bad
            yield ref, {"原因": messages.reason(code, 码位=point)}


# ---------------------------------------------------------------- 明细表 ↔ 完成情况表


@dataclass(frozen=True)
class IndicatorFacts:
    """One indicator of 附件1/附件3 with what its detail table says about it."""

    table: IndicatorTable
    indicator_id: str
    unit: str
    assigned: Decimal | None
    detail_label: str
    task_labels: str
    has_rows: bool
    rows_assigned: Decimal  # in `unit`; rows counted in an alternative unit (TB) are not in it
    rows_assigned_text: str = ""  # the sum as shown, every unit named (「8小时、2TB」)
    rows_assigned_other: bool = False  # whether rows give a quantity in an alternative unit (2 TB)

    @property
    def rows_give_quantities(self) -> bool:
        """Whether the rows assign anything, in any unit."""
        return bool(self.rows_assigned) or self.rows_assigned_other

    @property
    def assigned_ref(self) -> CellRef:
        return CellRef(self.table.id, ("assigned",), self.indicator_id)


def indicator_facts(ctx: AuditContext) -> Iterator[IndicatorFacts]:
    for table in ctx.definition.tables_of(IndicatorTable):
        for indicator in table.indicators:
            feeders = ctx.definition.tasks_feeding(indicator.id)
            if not feeders:
                continue
            detail = ctx.definition.task(feeders[0].id)[0]
            assigned = ctx.doc.assigned.get(indicator.id)
            rows_assigned = sum((ctx.results.value(f"{detail.id}.{t.id}.assigned") for t in feeders), Decimal(0))
            others = _other_units(ctx, indicator, [f"{detail.id}.{t.id}.assigned" for t in feeders])
            yield IndicatorFacts(
                table, indicator.id, indicator.unit, assigned if isinstance(assigned, Decimal) else None,
                f"附件{detail.number}", "、".join(t.label for t in feeders),
                any(ctx.doc.rows(t.id) for t in feeders), rows_assigned,
                "、".join([amount(rows_assigned, indicator.unit), *others]), bool(others),
            )


def _other_units(ctx: AuditContext, indicator, keys: list[str]) -> list[str]:
    """What was counted in the indicator's alternative units, as a finding quotes it beside the sum
    in its own unit (「8 小时、2 TB」): hours and TB are compared with 下达任务量 apart."""
    parts = []
    for unit in indicator.alternative_units:
        other = sum((ctx.results.value(f"{key}.{unit}") for key in keys), Decimal(0))
        if other:
            parts.append(amount(other, unit))
    return parts


@check("下达", "合计", "明细表")
def assigned_sum(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for facts in indicator_facts(ctx):
        if facts.assigned is not None and facts.has_rows and facts.rows_assigned != facts.assigned:
            yield facts.assigned_ref, {"下达": amount(facts.assigned, facts.unit),
                                       "合计": facts.rows_assigned_text, "明细表": facts.detail_label}


@check("合计", "明细表")
def assigned_blank(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    """Rows that assign quantities to an indicator whose 下达任务量 is blank: assigned_sum compares
    only a filled one, so without this the detail table's figures would go unremarked."""
    for facts in indicator_facts(ctx):
        if blank(ctx.doc.assigned.get(facts.indicator_id)) and facts.rows_give_quantities:
            yield facts.assigned_ref, {"合计": facts.rows_assigned_text, "明细表": facts.detail_label}


@check("完成", "下达", "完成率")
def below_assigned(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for facts in indicator_facts(ctx):
        completed = ctx.results[f"{facts.table.id}.completed.{facts.indicator_id}"]
        if facts.assigned and facts.has_rows and completed.value is not None and completed.value < facts.assigned:
            rate = ctx.results[f"{facts.table.id}.rate.{facts.indicator_id}"]
            mixed = isinstance(completed, DerivedMixed) and completed.mixed  # 「15小时、2TB」
            shown = completed.text if mixed else amount(completed.value, facts.unit)
            yield completed.ref, {"完成": shown, "下达": amount(facts.assigned, facts.unit),
                                  "完成率": amount(rate.value, "%")}


@check("下达", "明细表", "任务")
def rows_missing(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for facts in indicator_facts(ctx):
        if facts.assigned and not facts.has_rows:
            yield facts.assigned_ref, {"下达": amount(facts.assigned, facts.unit), "明细表": facts.detail_label,
                                       "任务": facts.task_labels}


@check(params=("columns",))
def row_required(ctx: AuditContext, params: dict) -> Iterator[Hit]:
    """The `columns` of every detail row must be filled in, except the `given_by_works` columns of a
    row with an itemised list: the printed table lists its works there, so the list is the answer."""
    by_works = set(params.get("given_by_works", ()))
    for table in ctx.definition.tables_of(DetailTable):
        columns = [c.id for c in table.columns if c.id in params["columns"]]
        for task in table.tasks:
            for index, row in enumerate(ctx.doc.rows(task.id)):
                answered = by_works if listed_items(row) else set()
                for column_id in columns:
                    if column_id not in answered and blank(row.values.get(column_id)):
                        yield CellRef(table.id, (task.id, index), column_id), {}


@check("已填")
def item_incomplete(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for table in ctx.definition.tables_of(DetailTable):
        for task in table.tasks:
            if task.items is None:
                continue
            for index, row in enumerate(ctx.doc.rows(task.id)):
                for number, item in enumerate(row.items):
                    path = (task.id, index, number)
                    if blank(item.title) and item.count is not None:
                        yield CellRef(table.id, path, "title"), {"已填": task.items.count_label}
                    elif not blank(item.title) and item.count is None:
                        yield CellRef(table.id, path, "count"), {"已填": task.items.title_label}



@check("题名", "条数", params=("column",))
def works_typed_too(ctx: AuditContext, params: dict) -> Iterator[Hit]:
    """A row whose text (`column`, 项目任务完成情况) already names works of its list: the printed
    table gives the list under the text, so it would be printed twice."""
    for table in ctx.definition.tables_of(DetailTable):
        for task in (t for t in table.tasks if t.items is not None):
            for index, row in enumerate(ctx.doc.rows(task.id)):
                text = row.text(params["column"])
                typed = [title for item in listed_items(row) if (title := item.title.strip()) and title in text]
                if typed:
                    yield CellRef(table.id, (task.id, index), params["column"]), {"题名": typed[0],
                                                                                 "条数": str(len(typed))}

# ---------------------------------------------------------------- 附件5


#: The `note` param of executed_over_budget: which state of 「其他说明」 its rule is about.
NOTE_STATES = ("blank", "filled")


@check("执行", "预算", params=("note",))
def executed_over_budget(ctx: AuditContext, params: dict) -> Iterator[Hit]:
    """B > A, with 「其他说明」 blank (`note = "blank"`: the reason is missing) or filled (`"filled"`:
    any text silences the first, a disclaimer as much as a reason, so the overrun is still named)."""
    if params["note"] not in NOTE_STATES:
        raise ValueError(f"executed_over_budget: note must be one of {NOTE_STATES}, not {params['note']!r}")
    table = ctx.definition.performance
    if blank(ctx.doc.other_notes) != (params["note"] == "blank"):
        return
    for row in table.funding:
        funding = ctx.doc.funding[row.programme]
        a, b = funding.budget, funding.executed
        if isinstance(a, Decimal) and isinstance(b, Decimal) and b > a:
            money = table.amount_spec
            yield CellRef(table.id, ("funding", row.programme), "executed"), {
                "执行": f"{money.format(b)} {money.unit}", "预算": f"{money.format(a)} {money.unit}"}


@check("另一项")
def funding_incomplete(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    table = ctx.definition.performance
    labels = {"budget": table.label("budget_label"), "executed": table.label("executed_label")}
    for row in table.funding:
        funding = ctx.doc.funding[row.programme]
        filled = {"budget": funding.budget is not None, "executed": funding.executed is not None}
        if filled["budget"] != filled["executed"]:
            missing, given = ("executed", "budget") if filled["budget"] else ("budget", "executed")
            yield CellRef(table.id, ("funding", row.programme), missing), {"另一项": labels[given]}


@check("完成量", "指标值")
def target_missed_reason(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    table = ctx.definition.performance
    for indicator in table.indicators:
        entry = ctx.doc.performance[indicator.id]
        achieved = entry.achieved
        if isinstance(achieved, Decimal) and indicator.target.is_met(achieved) is False and blank(entry.reason):
            yield CellRef(table.id, ("perf", indicator.id), "reason"), {
                "完成量": f"{format_number(achieved)}%", "指标值": indicator.target.text}


@check("填写", "来源", "计算")
def completion_rate_differs(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    table = ctx.definition.performance
    for indicator in table.indicators:
        if indicator.propose is None:
            continue
        achieved = ctx.doc.performance[indicator.id].achieved
        proposed = ctx.results[f"{table.id}.perf.{indicator.id}.proposed"].value
        if isinstance(achieved, Decimal) and proposed is not None and achieved != proposed:
            source = ctx.definition.table(indicator.propose.table)
            yield CellRef(table.id, ("perf", indicator.id), achieved_column(indicator)), {
                "填写": f"{format_number(achieved)}%", "来源": f"附件{source.number}", "计算": amount(proposed, "%")}


# ---------------------------------------------------------------- 总结报告


def report_sections(ctx: AuditContext, section_ids=None) -> Iterator[tuple[CellRef, str]]:
    """(cell, typed text) of the report sections, optionally only those named."""
    for report in ctx.definition.reports:
        for section in report.sections:
            if section_ids is None or section.id in section_ids:
                ref = CellRef(report.id, (), section.id)
                yield ref, segments_text(ctx.doc.reports[report.id][section.id])


def unit_values(ctx: AuditContext) -> dict[str, set[Decimal]]:
    """Every number the tables hold, by unit (aliases folded): what a report may quote."""
    if ctx._unit_values is not None:
        return ctx._unit_values
    values: dict[str, set[Decimal]] = {}
    for derived in ctx.results.values():
        if derived.value is not None:
            values.setdefault(derived.unit, set()).add(derived.value)
    for ref, value in ctx.cells():
        if isinstance(value, Quantity):  # 2 TB typed where 小时 is the unit
            values.setdefault(value.unit, set()).add(value.value)
            continue
        info = describe(ctx.definition, ref) if isinstance(value, Decimal) else None
        if info is not None and info.spec is not None:
            values.setdefault("%" if info.spec.percent else info.spec.unit, set()).add(value)
    ctx._unit_values = values
    return values


def unit_aliases(definition: Definition) -> dict[str, str]:
    """Unit as written → unit as the tables hold it (筒子叶 → 叶)."""
    aliases = {"%": "%"}
    for table in definition.tables_of(IndicatorTable):
        aliases.update({i.unit: i.unit for i in table.indicators})
        aliases.update({u: u for i in table.indicators for u in i.alternative_units})
    for table in definition.tables_of(DetailTable):
        for task in table.tasks:
            if task.items:
                aliases[task.items.count_unit] = task.items.count_unit
                aliases.update({a: task.items.count_unit for a in task.items.count_aliases})
    return aliases


def quoted_numbers(definition: Definition, text: str) -> Iterator[tuple[str, Decimal, str]]:
    """(as written, value, unit) of each number followed by a unit of the tables."""
    aliases = unit_aliases(definition)
    units = "|".join(re.escape(u) for u in sorted(aliases, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\d.])(\d+(?:,\d{{3}})*(?:\.\d+)?)\s*({units})")
    for match in pattern.finditer(unicodedata.normalize("NFKC", text)):
        yield match.group(0), Decimal(match.group(1).replace(",", "")), aliases[match.group(2)]


@check("原文", "单位", "表格", params=("sections",))
def report_numbers(ctx: AuditContext, params: dict) -> Iterator[Hit]:
    for ref, text in report_sections(ctx, params["sections"]):
        for written, value, unit in quoted_numbers(ctx.definition, text):
            known = unit_values(ctx).get(unit, set())
            if value not in known:
                shown = "、".join(format_number(v) for v in sorted(known)[:6]) or "（无）"
                yield ref, {"原文": written, "单位": unit, "表格": shown}


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@check("原文", "表格")
def report_says_nothing_assigned(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    """A report that still says what 生成初稿 writes for a programme without tasks (「本年度本单位
    未承担…的任务指标。」) while that programme's tables have figures: drafted before they were filled.
    The sentence is the definition's own, so another year's wording is found as well."""
    definition = ctx.definition
    shared = {f"附件{t.number}" for t in definition.tables if participation.programme_of(definition, t.id) is None}
    for found in participation.evidence(definition, ctx.doc):
        annexes = [a for a in found.annexes if a not in shared]
        if not annexes:
            continue
        sentence = nothing_assigned_sentence(definition, found.programme)
        wanted = _compact(sentence).rstrip("。.；;，,")
        for ref, text in report_sections(ctx):
            if wanted and wanted in _compact(text):
                yield ref, {"原文": sentence, "表格": "、".join(annexes)}


@check("提示", params=("marker",))
def report_prompt(ctx: AuditContext, params: dict) -> Iterator[Hit]:
    marker = params["marker"]
    for ref, text in report_sections(ctx):
        start = text.find(marker)
        if start >= 0:
            end = text.find("】", start)
            yield ref, {"提示": text[start:end + 1] if end > 0 else text[start:start + 20]}


@check()
def report_empty(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    for report in ctx.definition.reports:
        for section in report.sections:
            if not is_written(ctx.doc.reports[report.id][section.id]):
                yield CellRef(report.id, (), section.id), {}


# ---------------------------------------------------------------- 上一年度


@check("原文")
def last_years_text(ctx: AuditContext, _params: dict) -> Iterator[Hit]:
    """Text that names the year before the document's (「2023年」 in a 2024 document): what
    从上一年度文件新建 carried over and nobody has rewritten yet, or a typo of the year."""
    for ref, value in ctx.cells():
        text = value if isinstance(value, str) else segments_text(value) if isinstance(value, list) else ""
        found = year_named(text, ctx.definition.year - 1)
        if found:
            yield ref, {"原文": found}


def year_named(text: str, year: int) -> str | None:
    """「2024年」 or 「2024年度」 where `text` names `year`, else None (Y01, and what 从上一年度文件新建
    lists)."""
    found = re.search(rf"{year}\s*年度?", text)
    return found.group() if found else None
