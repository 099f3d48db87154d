"""The 概览 tab: for every indicator of 附件1/附件3 of the projects the unit takes part in, assigned
against completed with a bar coloured against the programme's target (≥90 % from 附件5), and the
open findings of each tab shown."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core import participation
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
    QPainter,
    QRect,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
    Qt,
)
from hbaccept_gui.ui.session import DocumentSession

MET = QColor("#2e7d32")
MISSED = QColor("#c62828")
#: The rest of the 完成率 bar, its border, and its text on the trough and on the colour.
BAR_TROUGH = QColor("#eeeeee")
BAR_BORDER = QColor("#9e9e9e")
BAR_TEXT = QColor("#212121")
BAR_TEXT_ON_COLOUR = QColor("#ffffff")
RATE_COLUMN = 4


class OverviewModel(QAbstractTableModel):
    HEADINGS = ["表", "指标", "下达任务量", "实际完成任务量", "完成率"]

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        definition = session.definition
        self.rows = self._rows()
        self.targets = {p.propose.table: p.target for p in definition.performance.indicators if p.propose}
        session.changed.connect(self._refresh)

    def _rows(self) -> list:
        """The indicators of the unit's projects: a unit of the cloud project only sees no library rows."""
        session = self.session
        return [(t, i) for t in participation.tables(session.definition, session.document)
                if isinstance(t, IndicatorTable) for i in t.indicators]

    def _refresh(self, summary=None) -> None:
        if summary is not None and summary.structural and self._rows() != self.rows:
            self.beginResetModel()  # 单位信息 changed the projects
            self.rows = self._rows()
            self.endResetModel()
            return
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
    """The 完成率 column as a bar: green when the target is met, red when missed, with the rate
    written on it.

    Painted here rather than by the style's progress bar: Qt's Windows styles (windowsvista, the
    default on Windows 10, and windows11) draw progress bars from the system theme, which ignores
    the palette (a blue bar) and leaves out the text, and the classic windows style draws separate
    blocks. Only the cell's background and selection come from the style; the bar looks the same
    under every style (tests/ui/test_overview_bar.py checks its pixels under each one)."""

    def paint(self, painter, option, index) -> None:
        model = index.model()
        rate = model.rate(index.row())
        if rate is None:
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.text = ""  # the background and the selection only: the text goes onto the bar
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, cell, painter, option.widget)

        met = model.met(index.row())
        colour = MET if met or met is None else MISSED
        bar = option.rect.adjusted(4, 5, -4, -5)
        filled = QRect(bar)
        filled.setWidth(round(bar.width() * float(min(max(rate, Decimal(0)), Decimal(100))) / 100))
        text = index.data(Qt.DisplayRole)
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing, False)
        painter.fillRect(bar, BAR_TROUGH)
        painter.fillRect(filled, colour)
        painter.setPen(BAR_BORDER)
        painter.drawRect(bar.adjusted(0, 0, -1, -1))
        painter.setFont(option.font)
        # The text is centred across the whole bar: white where it lies on the colour, dark on the trough.
        for clip, pen in ((filled, BAR_TEXT_ON_COLOUR), (bar.adjusted(filled.width(), 0, 0, 0), BAR_TEXT)):
            if clip.width() > 0:
                painter.setClipRect(clip)
                painter.setPen(pen)
                painter.drawText(bar, Qt.AlignCenter, text)
        painter.restore()


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
        self.programmes = QLabel()
        self.programmes.setObjectName("overviewProgrammes")
        layout.addWidget(self.programmes)
        title = QLabel("各项任务指标完成情况（绿色：达到绩效目标；红色：未达到；把鼠标停在数字上可以看到计算过程）")
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("各表审核结果："))
        layout.addWidget(self.findings)
        session.findingsChanged.connect(self.update_findings)
        session.changed.connect(self._follow_programmes)
        self.update_findings()
        self.update_programmes()

    def _follow_programmes(self, summary) -> None:
        if summary.structural:
            self.update_programmes()
            self.update_findings()

    def update_programmes(self) -> None:
        definition = self.session.definition
        names = participation.programme_names(definition, self.session.document.programmes, "、")
        self.programmes.setText(f"本单位参与：{names}（可在“文件 → 单位信息”中修改）")

    def update_findings(self) -> None:
        counts: dict[str, list[int]] = {}
        for finding in self.session.findings:
            entry = counts.setdefault(finding.ref.table, [0, 0])
            entry[0 if finding.severity == ERROR else 1] += 1
        lines = []
        definition, doc = self.session.definition, self.session.document
        for table_id, name in self.tab_names.items():
            if not participation.applies(definition, doc, table_id):
                continue  # a tab of a project the unit does not take part in: not shown
            errors, warnings = counts.get(table_id, [0, 0])
            lines.append(findings_line(name, errors, warnings))
        self.findings.setText("<br>".join(lines))

    def focus_ref(self, ref) -> bool:
        return False


def findings_line(name: str, errors: int, warnings: int) -> str:
    """One tab's line: errors in red only when there are some (「0 个错误」 in red alarmed clerks
    whose tab had only 提示), warnings in orange, a clean tab in green."""
    parts = []
    if errors:
        parts.append(f"<span style='color:#c62828'>{errors} 个错误</span>")
    if warnings:
        parts.append(f"<span style='color:#b45309'>{warnings} 个提示</span>")
    if not parts:
        return f"{name}：<span style='color:#2e7d32'>没有发现问题</span>"
    return f"<b>{name}</b>：{'，'.join(parts)}"
