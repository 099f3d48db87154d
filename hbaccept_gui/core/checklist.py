"""材料清单: what the notice asks each unit to hand in, by when, and what this program makes of it.

The items and deadlines are data (checklist.toml, notice.toml [[deadlines]]); the clerk's ticks and
notes live in the document. Days left are counted from a `today` the caller passes, so the tab and
the tests agree on what "还剩 3 天" means."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from hbaccept_gui.core.cells import CHECKLIST, CellRef
from hbaccept_gui.core.definition import ChecklistItem, Deadline, Definition
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.edits import SetValue
from hbaccept_gui.core.participation import checklist_items, produced

#: What 一键导出 writes for each kind of thing an item can name.
FORMATS_BY_KIND = {"report": "Word、PDF", "table": "Word、PDF、Excel", "charset": "Excel、Word"}


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    deadline: Deadline
    days_left: int
    done: bool
    note: str
    generated: str  # what the program exports for it, or that it must be prepared elsewhere

    @property
    def days_text(self) -> str:
        return days_left_text(self.days_left)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0 and not self.done


def days_left_text(days: int) -> str:
    if days > 0:
        return f"还剩 {days} 天"
    if days == 0:
        return "今天截止"
    return f"已逾期 {-days} 天"


def generated_text(definition: Definition, item: ChecklistItem) -> str:
    if not item.produces:
        return "需另行准备"
    names, kinds = [], []
    for produced in item.produces:
        kind, name = _produced(definition, produced)
        names.append(name)
        kinds.append(kind)
    return f"一键导出：{'、'.join(names)}（{FORMATS_BY_KIND[kinds[0]]}）"


def _produced(definition: Definition, produced: str) -> tuple[str, str]:
    if produced == "charset":
        return "charset", "字符集外字表"
    if definition.has_report(produced):
        return "report", "总结报告"
    return "table", f"附件{definition.table(produced).number}"


def as_for_unit(definition: Definition, doc: Document, item: ChecklistItem) -> ChecklistItem:
    """`item` as it concerns the unit: only what is exported for its projects, and a label that
    names only those annexes (任务指标完成情况表（附件3） for a unit of the cloud project only)."""
    kept = produced(definition, doc, item)
    if kept == item.produces:
        return item
    return replace(item, label=_relabelled(definition, item, kept), produces=kept)


def _relabelled(definition: Definition, item: ChecklistItem, kept: tuple[str, ...]) -> str:
    """The label with its trailing list of annexes (（附件1、附件3）) cut to those kept; a label
    that lists them otherwise is left as the definition words it."""
    listed = "（" + "、".join(_produced(definition, p)[1] for p in item.produces) + "）"
    if not item.label.endswith(listed):
        return item.label
    return item.label[: -len(listed)] + "（" + "、".join(_produced(definition, p)[1] for p in kept) + "）"


def checklist_rows(definition: Definition, doc: Document, today: date) -> list[ChecklistRow]:
    """The materials the unit hands in (core/participation: only those of its projects)."""
    rows = []
    for item in (as_for_unit(definition, doc, i) for i in checklist_items(definition, doc)):
        deadline = definition.deadline(item.deadline)
        entry = doc.checklist[item.id]
        rows.append(ChecklistRow(item, deadline, (deadline.date - today).days, entry.done, entry.note,
                                 generated_text(definition, item)))
    return rows


#: The note a scanned material gets; a note of the clerk's own (anything else) is never replaced.
STAMPED_NOTE = "盖章扫描件"
STAMPED_LABEL = "导入盖章扫描件"


def plan_stamped(definition: Definition, doc: Document, exported: set[str], complete: set[str]) -> list[SetValue]:
    """After 导入盖章扫描件 (#16): every item whose stamped documents (those of `exported`, the forms
    and reports of today's export) are all in `complete` is ticked and noted 「盖章扫描件已齐」; an item
    still missing some says which (「盖章扫描件缺：附件4」). One undoable step in the window."""
    edits: list[SetValue] = []
    for item in checklist_items(definition, doc):
        stamped = [p for p in item.produces if p in exported]
        if not stamped:
            continue
        missing = [_produced(definition, p)[1] if not definition.has_report(p) else definition.report(p).title
                   for p in stamped if p not in complete]
        entry = doc.checklist[item.id]
        note = f"{STAMPED_NOTE}缺：{'、'.join(missing)}" if missing else f"{STAMPED_NOTE}已齐"
        if not missing and not entry.done:
            edits.append(SetValue(CellRef(CHECKLIST, (item.id,), "done"), False, True, label=STAMPED_LABEL))
        if entry.note != note and (not entry.note or entry.note.startswith(STAMPED_NOTE)):
            edits.append(SetValue(CellRef(CHECKLIST, (item.id,), "note"), entry.note, note, label=STAMPED_LABEL))
    return edits

