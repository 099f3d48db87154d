"""附件5 in two grids as on paper: 年度资金总额 (A, B typed; B/A computed) and the nine 绩效指标
(指标值 as printed; 完成量 typed, with the proposal from 附件1/附件3 shown while it is empty)."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef, achieved_column
from hbaccept_gui.core.definition import PerformanceTable
from hbaccept_gui.ui.sheet_model import SheetModel, ViewCell


class FundingModel(SheetModel):
    def __init__(self, session, table: PerformanceTable, parent=None) -> None:
        self.table = table
        super().__init__(session, parent)

    def column_labels(self) -> list[str]:
        return [f"{self.table.label('budget_label')}\n（{self.table.amount_unit}）",
                f"{self.table.label('executed_label')}\n（{self.table.amount_unit}）",
                self.table.label("rate_label")]

    def row_labels(self) -> list[str]:
        return [row.label for row in self.table.funding]

    def build_layout(self) -> list[list[ViewCell]]:
        rows = []
        for row in self.table.funding:
            path = ("funding", row.programme)
            rows.append([
                ViewCell(ref=CellRef(self.table.id, path, "budget"), number=True),
                ViewCell(ref=CellRef(self.table.id, path, "executed"), number=True),
                ViewCell(derived=CellRef(self.table.id, path, "rate"), number=True, percent=True),
            ])
        return rows


class PerfIndicatorModel(SheetModel):
    def __init__(self, session, table: PerformanceTable, parent=None) -> None:
        self.table = table
        super().__init__(session, parent)

    def column_labels(self) -> list[str]:
        return [self.table.label(k) for k in ("level2_label", "level3_label", "programme_label", "target_label",
                                               "achieved_label", "reason_label")]

    def build_layout(self) -> list[list[ViewCell]]:
        rows = []
        for indicator in self.table.indicators:
            path = ("perf", indicator.id)
            column = achieved_column(indicator)
            proposed = self.session.results.get(f"{self.table.id}.perf.{indicator.id}.proposed")
            hint = f"建议：{proposed.text}%（{proposed.formula}）" if proposed and proposed.value is not None else ""
            rows.append([
                ViewCell(text=indicator.level2),
                ViewCell(text=indicator.label),
                ViewCell(text=indicator.programme_label),
                ViewCell(text=indicator.target.text),
                ViewCell(ref=CellRef(self.table.id, path, column), hint=hint, number=column == "achieved",
                         percent=column == "achieved"),
                ViewCell(ref=CellRef(self.table.id, path, "reason")),
            ])
        return rows

    def on_changed(self, summary) -> None:
        """Proposals follow 附件1/附件3, so the hints are laid out again after every edit."""
        self.cells = self.build_layout()
        super().on_changed(summary)
        self.dataChanged.emit(self.index(0, 4), self.index(self.rowCount() - 1, 4))
