"""The itemised works of one contractor row (题名, 筒子叶数), with an empty last row: typing or
pasting there appends works, as at the bottom of an Excel sheet."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.edits import EditGroup, InsertRow, plan_paste_items, plan_value
from hbaccept_gui.core.document import ItemRow
from hbaccept_gui.ui.qt import QModelIndex
from hbaccept_gui.ui.sheet_model import SheetModel, ViewCell

COLUMNS = ("title", "count")


class ItemsModel(SheetModel):
    def __init__(self, session, table_id: str, task_id: str, parent=None) -> None:
        self.table_id = table_id
        self.task_id = task_id
        self.row_index: int | None = None
        self.spec = session.definition.task(task_id)[1].items
        super().__init__(session, parent)

    def show_row(self, row_index: int | None) -> None:
        """Show the works of contractor `row_index` (None: no contractor chosen)."""
        self.row_index = row_index
        self.relayout()

    def rows_exist(self) -> bool:
        rows = self.session.document.rows(self.task_id)
        return self.row_index is not None and self.row_index < len(rows)

    def items(self) -> list[ItemRow]:
        return self.session.document.rows(self.task_id)[self.row_index].items if self.rows_exist() else []

    def column_labels(self) -> list[str]:
        return [self.spec.title_label, f"{self.spec.count_label}（{self.spec.count_unit}）"]

    def build_layout(self) -> list[list[ViewCell]]:
        if not self.rows_exist():
            return []
        cells = [
            [ViewCell(ref=self._ref(n, "title")), ViewCell(ref=self._ref(n, "count"), number=True)]
            for n in range(len(self.items()))
        ]
        append = [ViewCell(hint="在此输入或粘贴，自动添加新行", placeholder_task=self.task_id),
                  ViewCell(placeholder_task=self.task_id, number=True)]
        return cells + [append]

    def row_labels(self) -> list[str]:
        return [str(n + 1) for n in range(len(self.items()))] + ["＋"] if self.rows_exist() else []

    def _ref(self, item: int, column: str) -> CellRef:
        return CellRef(self.table_id, (self.task_id, self.row_index, item), column)

    def edit_ref(self, index: QModelIndex) -> CellRef | None:
        if index.row() == len(self.items()):
            return self._ref(index.row(), COLUMNS[index.column()])
        return super().edit_ref(index)

    def plan_placeholder(self, index: QModelIndex, raw: str):
        if not raw.strip():
            return None
        ref = self.edit_ref(index)
        label = f"添加{self.session.definition.task(self.task_id)[1].items.item}"
        insert = InsertRow((self.task_id, self.row_index), index.row(), ItemRow(), label=label)
        value = plan_value(self.session.definition, ref, getattr(insert.row, ref.column), raw)
        return EditGroup([insert, value], label=label)

    def plan_paste(self, row: int, column: int, block: list[list[str]]):
        if not self.rows_exist():
            return None
        return plan_paste_items(self.session.definition, self.session.document, self.task_id, self.row_index,
                                row, column, block)

    def on_changed(self, summary) -> None:
        if summary.structural or (self.row_index is not None and not self.rows_exist()):
            if not self.rows_exist():
                self.row_index = 0 if self.session.document.rows(self.task_id) else None
            self.relayout()
            return
        super().on_changed(summary)
