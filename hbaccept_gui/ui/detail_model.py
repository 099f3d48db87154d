"""附件2/附件4 as on paper: under each task its contractor rows (承建单位1, 2, …), 序号 and 项目任务
spanning them, the section of 统筹推动脱贫县 sub-tasks in its own band. A task without contractors
shows one empty row; typing into it adds the first contractor. The last column, 实际完成量, is not
printed: it is what 附件1/附件3 are rolled up from."""

from __future__ import annotations

from dataclasses import dataclass

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.definition import DetailTable, DetailTask
from hbaccept_gui.core.edits import EditGroup, plan_insert_contractor, plan_value
from hbaccept_gui.ui.qt import QModelIndex, Qt
from hbaccept_gui.ui.sheet_model import SheetModel, ViewCell

COMPLETED_TOOLTIP = ("纸质表格没有这一栏：请填写本承建单位实际完成的数量（单位同下达任务量；"
                     "可按其他单位统计的，格内灰色提示写明，如“2TB”），"
                     "程序据此汇总出{附件}的“实际完成任务量”。")


def alternative_units_hint(indicator) -> str:
    """Grey guidance in an empty quantity cell that may be counted in another unit: the clerk sees
    there, before typing, that 2TB is understood (附件4: 「按时长或TB量统计」)."""
    if not indicator.alternative_units:
        return ""
    others = "或".join(indicator.alternative_units)
    return f"{indicator.unit}数；按{others}统计的填如“2{indicator.alternative_units[0]}”"


@dataclass(frozen=True)
class RowSlot:
    kind: str  # "section", "contractor" or "placeholder"
    task: DetailTask | None = None
    index: int = 0  # contractor index within the task
    label: str = ""


class DetailModel(SheetModel):
    def __init__(self, session, table: DetailTable, parent=None) -> None:
        self.table = table
        self.slots: list[RowSlot] = []
        super().__init__(session, parent)

    def column_labels(self) -> list[str]:
        return [c.label for c in self.table.columns]

    def row_labels(self) -> list[str]:
        return ["" for _ in self.slots]

    def build_layout(self) -> list[list[ViewCell]]:
        self.slots = []
        for section_id in [None] + [s.id for s in self.table.sections]:
            if section_id is not None:
                section = next(s for s in self.table.sections if s.id == section_id)
                self.slots.append(RowSlot("section", label=section.label))
            for task in self.table.tasks_in(section_id):
                rows = self.session.document.rows(task.id)
                if not rows:
                    self.slots.append(RowSlot("placeholder", task))
                self.slots += [RowSlot("contractor", task, i) for i in range(len(rows))]
        self.spans = self._spans()
        return [self._row(slot) for slot in self.slots]

    def _row(self, slot: RowSlot) -> list[ViewCell]:
        if slot.kind == "section":
            return [ViewCell(text=slot.label)] + [ViewCell() for _ in self.table.columns[1:]]
        return [self._cell(slot, column) for column in self.table.columns]

    def _cell(self, slot: RowSlot, column) -> ViewCell:
        task = slot.task
        unit = self.session.definition.indicator(task.indicator).unit
        if column.kind == "serial":
            return ViewCell(text=task.number)
        if column.kind == "task":
            return ViewCell(text=task.label)
        hint = self.table.hint(task, column.id)
        if column.id == "contractor":
            hint = self.table.contractor_placeholder.format(n=slot.index + 1)
        number = column.kind == "quantity"
        if number and not hint:
            hint = alternative_units_hint(self.session.definition.indicator(task.indicator))
        if slot.kind == "placeholder":
            if column.id == "completed" and task.items is not None:
                return ViewCell(hint=f"在下方{task.items.label}中逐种填写，自动汇总", number=True)
            return ViewCell(hint=hint, placeholder_task=task.id, number=number, unit=unit)
        ref = CellRef(self.table.id, (task.id, slot.index), column.id)
        if column.id == "completed" and task.items is not None:
            return ViewCell(derived=ref, number=True, unit=unit)
        return ViewCell(ref=ref, hint=hint, number=number, unit=unit)

    def _spans(self) -> list[tuple[int, int, int, int]]:
        spans, row = [], 0
        while row < len(self.slots):
            slot = self.slots[row]
            if slot.kind == "section":
                spans.append((row, 0, 1, len(self.table.columns)))
                row += 1
                continue
            count = 1
            while row + count < len(self.slots) and self.slots[row + count].task is slot.task:
                count += 1
            if count > 1:
                spans += [(row, 0, count, 1), (row, 1, count, 1)]
            row += count
        return spans

    def headerData(self, section: int, orientation, role=Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.ToolTipRole and self.table.columns[section].id == "completed":
            fed = self.session.definition.tables_fed_by(self.table)
            return COMPLETED_TOOLTIP.format(附件="、".join(f"附件{t.number}" for t in fed))
        return super().headerData(section, orientation, role)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        value = super().data(index, role)
        if role == Qt.ToolTipRole and index.isValid() and (source := self.source_unit(index)):
            return "\n".join(filter(None, (f"来源单位：{source}", value)))
        return value

    def source_unit(self, index: QModelIndex) -> str:
        """In a merged document, the unit a contractor row came from (shown on its 承建单位 cell)."""
        slot = self.slots[index.row()]
        if slot.kind != "contractor" or self.table.columns[index.column()].id != "contractor":
            return ""
        return self.session.document.rows(slot.task.id)[slot.index].source

    # ------------------------------------------------------------ rows

    def slot(self, row: int) -> RowSlot:
        return self.slots[row]

    def edit_ref(self, index: QModelIndex) -> CellRef | None:
        slot = self.slots[index.row()]
        if slot.kind == "placeholder" and self.cell(index).placeholder_task:
            return CellRef(self.table.id, (slot.task.id, 0), self.table.columns[index.column()].id)
        return super().edit_ref(index)

    def plan_placeholder(self, index: QModelIndex, raw: str):
        """Typing into the empty row of a task adds its first contractor and sets the value: one undo step."""
        if not raw.strip():
            return None
        slot = self.slots[index.row()]
        ref = self.edit_ref(index)
        insert = plan_insert_contractor(self.session.definition, self.session.document, slot.task.id, 0)
        value = plan_value(self.session.definition, ref, insert.row.values.get(ref.column), raw)
        return EditGroup([insert, value], label="添加承建单位")
