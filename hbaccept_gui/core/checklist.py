"""材料清单: what the notice asks each unit to hand in, by when, and what this program makes of it.

The items and deadlines are data (checklist.toml, notice.toml [[deadlines]]); the clerk's ticks and
notes live in the document. Days left are counted from a `today` the caller passes, so the tab and
the tests agree on what "还剩 3 天" means."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hbaccept_gui.core.definition import ChecklistItem, Deadline, Definition
from hbaccept_gui.core.document import Document

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
    if produced in definition._index["reports"]:
        return "report", "总结报告"
    return "table", f"附件{definition.table(produced).number}"


def checklist_rows(definition: Definition, doc: Document, today: date) -> list[ChecklistRow]:
    rows = []
    for item in definition.checklist:
        deadline = definition.deadline(item.deadline)
        entry = doc.checklist[item.id]
        rows.append(ChecklistRow(item, deadline, (deadline.date - today).days, entry.done, entry.note,
                                 generated_text(definition, item)))
    return rows
