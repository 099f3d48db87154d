"""Which projects (programmes) a unit takes part in, and what of the year's forms belongs to them.

Not every unit takes part in both projects of the notice (in 2024 only some cities and the provincial
library did the library project; the others did the cloud project only). A unit that does not take part
in a project must not be shown, audited, drafted, listed or exported for it: empty annexes with a
seal circle invite questions. What belongs to a project is read from the definition's `programme`
fields (tables, reports, checklist items), never from table ids, so next year's forms follow without
code. A part without a programme (附件5, which prints both projects' rows as the notice does, and
checklist items about both) belongs to every unit.

The participation itself is `Document.programmes`, saved in the file (format version 4) and changed as
an undoable edit (`SetProgrammes`). `suggest` reads what is filled in, so the window can propose it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from hbaccept_gui.core.cells import CHECKLIST, CellRef
from hbaccept_gui.core.definition import (
    ChecklistItem,
    Definition,
    DetailTable,
    IndicatorTable,
    PerformanceTable,
    Report,
    Table,
)
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.edits import Edit

#: The undo step's name in 编辑 → 撤销.
EDIT_LABEL = "修改参与的项目"


# ---------------------------------------------------------------- the participation


def all_programmes(definition: Definition) -> tuple[str, ...]:
    return tuple(p.id for p in definition.programmes)


def normalised(definition: Definition, programmes) -> tuple[str, ...]:
    """Known ids, once each, in the definition's order; none known means every programme (a file
    from another program's year, or a hand-edited one, loses nothing by showing everything)."""
    wanted = set(programmes or ())
    chosen = tuple(p for p in all_programmes(definition) if p in wanted)
    return chosen or all_programmes(definition)


def taking_part(definition: Definition, doc: Document) -> tuple[str, ...]:
    return normalised(definition, doc.programmes)


def programme_names(definition: Definition, programmes, joiner: str = "和") -> str:
    """全国智慧图书馆体系建设项目和公共文化云建设项目, or the one taken part in."""
    return joiner.join(definition.programme(p).name for p in normalised(definition, programmes))


def parts_text(definition: Definition, programme: str) -> str:
    """What taking part in `programme` adds: 附件1、附件2、总结报告."""
    names = [f"附件{t.number}" for t in definition.tables if getattr(t, "programme", None) == programme]
    names += ["总结报告" for r in definition.reports if r.programme == programme]
    return "、".join(names)


# ---------------------------------------------------------------- what belongs to it


def programme_of(definition: Definition, part_id: str) -> str | None:
    """The programme of a table or report id; None for parts of both (附件5) and anything else
    (the header, the 材料清单)."""
    if definition.has_report(part_id):
        return definition.report(part_id).programme
    if definition.has_table(part_id):
        return getattr(definition.table(part_id), "programme", None)
    return None


def applies(definition: Definition, doc: Document, part_id: str) -> bool:
    """Whether the table, report or tab `part_id` belongs to what the unit takes part in."""
    programme = programme_of(definition, part_id)
    return programme is None or programme in taking_part(definition, doc)


def tables(definition: Definition, doc: Document) -> tuple[Table, ...]:
    return tuple(t for t in definition.tables if applies(definition, doc, t.id))


def reports(definition: Definition, doc: Document) -> tuple[Report, ...]:
    return tuple(r for r in definition.reports if applies(definition, doc, r.id))


def ref_applies(definition: Definition, doc: Document, ref: CellRef) -> bool:
    """Whether a finding about `ref` concerns the unit: not when it is in a table or report of a
    project the unit does not take part in."""
    if ref.table == CHECKLIST:
        return checklist_item_applies(definition, doc, ref.row[0])
    return applies(definition, doc, ref.table)


def checklist_item_applies(definition: Definition, doc: Document, item_id: str) -> bool:
    item = next((i for i in definition.checklist if i.id == item_id), None)
    return item is not None and item in checklist_items(definition, doc)


def checklist_items(definition: Definition, doc: Document) -> tuple[ChecklistItem, ...]:
    """The materials the unit hands in: items of its projects and of both; an item about tables
    (附件1、附件3) only when one of them is the unit's."""
    chosen = taking_part(definition, doc)
    return tuple(i for i in definition.checklist
                 if (i.programme is None or i.programme in chosen) and (not i.produces or produced(definition, doc, i)))


def produced(definition: Definition, doc: Document, item: ChecklistItem) -> tuple[str, ...]:
    """What 一键导出 writes for `item` for this unit: its tables and reports of the unit's projects."""
    return tuple(p for p in item.produces if p == "charset" or applies(definition, doc, p))


def exports_charset(definition: Definition, doc: Document) -> bool:
    """Whether the unit hands in the 字符集外字表: only with the resources of a project that asks
    for it (in 2024 the library project's)."""
    return any("charset" in produced(definition, doc, i) for i in checklist_items(definition, doc))


# ---------------------------------------------------------------- suggesting it from the content


@dataclass(frozen=True)
class Evidence:
    """What is filled in for one programme: the annexes it was found in (附件1、附件2、附件5)."""

    programme: str
    annexes: tuple[str, ...] = field(default_factory=tuple)


def _filled_text(*texts: str) -> bool:
    return any(t.strip() for t in texts)


def _indicator_filled(doc: Document, table: IndicatorTable) -> bool:
    """A typed 下达任务量 other than 0: 0 is what a unit without the task writes."""
    return any(_typed(doc.assigned.get(i.id)) for i in table.indicators)


def _typed(value) -> bool:
    return value is not None and value != Decimal(0)


def _detail_filled(doc: Document, table: DetailTable) -> bool:
    return any(doc.rows(t.id) for t in table.tasks)


def _performance_programmes(doc: Document, table: PerformanceTable) -> set[str]:
    """The programmes whose rows of 附件5 hold something: A or B, or an indicator's 完成量 or reason."""
    found = {r.programme for r in table.funding
             if doc.funding[r.programme].budget is not None or doc.funding[r.programme].executed is not None}
    for indicator in table.indicators:
        entry = doc.performance[indicator.id]
        if entry.achieved is not None or _filled_text(entry.achieved_text, entry.reason):
            found.add(indicator.programme)
    return found


def evidence(definition: Definition, doc: Document) -> list[Evidence]:
    """Per programme with anything filled in its tables, where. The reports are left out: 生成初稿
    writes into both, so text there says nothing about taking part."""
    found: dict[str, list[str]] = {}
    for table in definition.tables:
        annex = f"附件{table.number}"
        if isinstance(table, IndicatorTable) and _indicator_filled(doc, table):
            found.setdefault(table.programme, []).append(annex)
        elif isinstance(table, DetailTable) and _detail_filled(doc, table):
            found.setdefault(table.programme, []).append(annex)
        elif isinstance(table, PerformanceTable):
            for programme in _performance_programmes(doc, table):
                found.setdefault(programme, []).append(annex)
    return [Evidence(p, tuple(found[p])) for p in all_programmes(definition) if p in found]


def suggest(definition: Definition, doc: Document) -> tuple[str, ...] | None:
    """The programmes the filled-in tables point to, or None when nothing is filled in yet."""
    found = evidence(definition, doc)
    return tuple(e.programme for e in found) or None


def hidden_content(definition: Definition, doc: Document, programmes) -> list[Evidence]:
    """What is filled in for programmes left out of `programmes`, outside 附件5 (which stays): kept
    in the file, but no longer shown, audited or exported. The dialog says so before it is chosen."""
    chosen = normalised(definition, programmes)
    shared = {f"附件{t.number}" for t in definition.tables if programme_of(definition, t.id) is None}
    left_out = []
    for found in evidence(definition, doc):
        annexes = tuple(a for a in found.annexes if a not in shared)
        if found.programme not in chosen and annexes:
            left_out.append(Evidence(found.programme, annexes))
    return left_out


# ---------------------------------------------------------------- changing it


@dataclass
class SetProgrammes(Edit):
    """文件 → 单位信息: the projects taken part in, as one undo step. Structural: tabs appear and go."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    label: str = EDIT_LABEL
    structural = True

    def apply(self, doc: Document) -> None:
        doc.programmes = list(self.new)

    def revert(self, doc: Document) -> None:
        doc.programmes = list(self.old)


def plan_set_programmes(definition: Definition, doc: Document, programmes) -> SetProgrammes | None:
    """The edit to take part in `programmes`, or None if that is already so."""
    new = normalised(definition, programmes)
    old = tuple(doc.programmes)
    return None if new == taking_part(definition, doc) and old == new else SetProgrammes(old, new)
