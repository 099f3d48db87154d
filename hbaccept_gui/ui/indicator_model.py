"""附件1/附件3 as on paper: one column per indicator, rows 下达任务量 (typed), 实际完成任务量 (rolled
up from the detail table) and a 完成率 row the paper leaves to the reader."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.definition import IndicatorTable, one_line
from hbaccept_gui.ui.sheet_model import SheetModel, ViewCell

RATE_LABEL = "完成率"


def unit_apart(label: str) -> str:
    """A heading with its unit (in brackets) on a line of its own, as the paper form prints it;
    the rest wraps at the width of the column (sheet_view.SheetHeader)."""
    text = one_line(label)
    if text.endswith("）") and "（" in text:
        return f"{text[: text.rindex('（')]}\n{text[text.rindex('（'):]}"
    return text


class IndicatorModel(SheetModel):
    def __init__(self, session, table: IndicatorTable, parent=None) -> None:
        self.table = table
        super().__init__(session, parent)

    def build_layout(self) -> list[list[ViewCell]]:
        table = self.table
        assigned = [ViewCell(ref=CellRef(table.id, ("assigned",), i.id), number=True) for i in table.indicators]
        completed = [ViewCell(derived=CellRef(table.id, ("completed",), i.id), number=True) for i in table.indicators]
        rates = [ViewCell(derived=CellRef(table.id, ("rate",), i.id), number=True, percent=True)
                 for i in table.indicators]
        return [assigned, completed, rates]

    def column_labels(self) -> list[str]:
        return [unit_apart(i.label) for i in self.table.indicators]

    def row_labels(self) -> list[str]:
        return [one_line(self.table.assigned_label), one_line(self.table.completed_label), RATE_LABEL]

    def groups(self) -> list[tuple[int, int, str]]:
        """(first column, column count, label) of each indicator group: the two-level header."""
        found = []
        for group in self.table.groups:
            columns = [n for n, i in enumerate(self.table.indicators) if i.group == group.id]
            found.append((columns[0], len(columns), one_line(group.label)))
        return found
