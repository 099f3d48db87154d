"""The 概览 tab: for every indicator of 附件1/附件3, assigned against completed with a bar coloured
against the programme's target (≥90 % from 附件5), and the open findings of each tab."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core.definition import IndicatorTable, one_line
from hbaccept_gui.core.cells import display_value
from hbaccept_gui.core.findings import ERROR
from hbaccept_gui.ui.qt import (
    QAbstractTableModel,
    QApplication,
    QColor,
    QHeaderView,
    QLabel,
    QModelIndex,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
    Qt,
)
from hbaccept_gui.ui.session import DocumentSession

MET = QColor("#2e7d32")
MISSED = QColor("#c62828")
RATE_COLUMN = 4


class OverviewModel(QAbstractTableModel):
    HEADINGS = ["表", "指标", "下达任务量", "实际完成任务量", "完成率"]

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        definition = session.definition
        self.rows = [(t, i) for t in definition.tables_of(IndicatorTable) for i in t.indicators]
        self.targets = {p.propose.table: p.target for p in definition.performance.indicators if p.propose}
        session.changed.connect(self._refresh)

    def _refresh(self, _summary=None) -> None:
        self.dataChanged.emit(self.index(0, 2), self.index(len(self.rows) - 1, RATE_COLUMN))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADINGS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.HEADINGS[section]
        return None

    def rate(self, row: int) -> Decimal | None:
        table, indicator = self.rows[row]
        return self.session.results.value(f"{table.id}.rate.{indicator.id}")

    def met(self, row: int) -> bool | None:
        rate = self.rate(row)
        target = self.targets.get(self.rows[row][0].id)
        return None if rate is None or target is None else target.is_met(rate)

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        table, indicator = self.rows[index.row()]
        results = self.session.results
        if role == Qt.DisplayRole:
            assigned = display_value(self.session.document.assigned.get(indicator.id))
            completed = results[f"{table.id}.completed.{indicator.id}"].text
            rate = results[f"{table.id}.rate.{indicator.id}"]
            values = [f"附件{table.number}", one_line(indicator.label), assigned or "—", completed or "—",
                      f"{rate.text}%" if rate.text else "未下达任务"]
            return values[index.column()]
        if role == Qt.ToolTipRole and index.column() >= 3:
            key = "completed" if index.column() == 3 else "rate"
            return results[f"{table.id}.{key}.{indicator.id}"].formula
        if role == Qt.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None


class RateBarDelegate(QStyledItemDelegate):
    """A progress bar for the 完成率 column: green when the target is met, red when missed."""

    def paint(self, painter, option, index) -> None:
        model = index.model()
        rate = model.rate(index.row())
        if rate is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 5, -4, -5)
        bar.minimum, bar.maximum = 0, 100
        bar.progress = int(min(rate, Decimal(100)))
        bar.text = index.data(Qt.DisplayRole)
        bar.textVisible = True
        bar.state = option.state | QStyle.State_Enabled
        met = model.met(index.row())
        colour = MET if met or met is None else MISSED
        bar.palette.setColor(bar.palette.ColorRole.Highlight, colour)
        QApplication.style().drawControl(QStyle.CE_ProgressBar, bar, painter)


class OverviewPage(QWidget):
    tab_title = "概览"
    table_id = "overview"

    def __init__(self, session: DocumentSession, tab_names: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.tab_names = tab_names
        self.views = []
        self.model = OverviewModel(session, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(RATE_COLUMN, RateBarDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        for column, width in ((0, 70), (2, 110), (3, 130), (4, 220)):
            self.table.setColumnWidth(column, width)
        self.findings = QLabel()
        self.findings.setObjectName("findingsSummary")
        self.findings.setWordWrap(True)
        self.findings.setTextFormat(Qt.RichText)
        layout = QVBoxLayout(self)
        title = QLabel("各项任务指标完成情况（绿色：达到绩效目标；红色：未达到；把鼠标停在数字上可以看到计算过程）")
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("各表审核结果："))
        layout.addWidget(self.findings)
        session.findingsChanged.connect(self.update_findings)
        self.update_findings()

    def update_findings(self) -> None:
        counts: dict[str, list[int]] = {}
        for finding in self.session.findings:
            entry = counts.setdefault(finding.ref.table, [0, 0])
            entry[0 if finding.severity == ERROR else 1] += 1
        lines = []
        for table_id, name in self.tab_names.items():
            errors, warnings = counts.get(table_id, [0, 0])
            if errors or warnings:
                lines.append(f"<b>{name}</b>：<span style='color:#c62828'>{errors} 个错误</span>，{warnings} 个提示")
            else:
                lines.append(f"{name}：<span style='color:#2e7d32'>没有发现问题</span>")
        self.findings.setText("<br>".join(lines))

    def focus_ref(self, ref) -> bool:
        return False
