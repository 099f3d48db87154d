"""The 审核结果 panel under the tabs: every finding of the audit rules with its severity, the tab
it is on, the rule id and the message. Clicking one asks the window to show and select the cell.
Its title line sums the findings up and collapses the panel to that line."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.findings import ERROR, Finding
from hbaccept_gui.ui.qt import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Qt,
    Signal,
)
from hbaccept_gui.ui.session import DocumentSession

REF_ROLE = Qt.UserRole + 1
COLUMNS = ("级别", "所在页", "规则", "说明")
#: Rows of findings the panel shows when it starts: at 1366×768 the forms keep the height.
COMPACT_ROWS = 3
MAX_HEIGHT = 16777215  # QWIDGETSIZE_MAX: no limit
ERROR_STYLE = "color: #b91c1c;"


def summary_text(findings: list[Finding], collapsed: bool = False) -> str:
    """The panel's one line: the counts and the verdict, and what a click does."""
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        text = "审核通过：没有发现问题。"
    else:
        verdict = "有错误，导出的 PDF 会带“草稿”水印。" if errors else "没有错误，可以导出；提示仅供核对。"
        text = f"{errors} 个错误，{warnings} 个提示。{verdict}"
    if collapsed:
        return f"{text}（点击展开列表）"
    return text + ("点击一条可跳到对应的格子。" if findings else "")


class FindingsPanel(QDockWidget):
    """Docked under the tabs. Its title bar is the summary line: a click collapses the panel to
    that one line (or expands it again), so the forms keep the screen on a 1366×768 PC. It starts
    with a few rows; its height, collapsed state and visibility are kept in the settings."""

    jump = Signal(object)  # CellRef

    def __init__(self, session: DocumentSession, tab_names: dict[str, str], parent=None) -> None:
        super().__init__("审核结果", parent)
        self.setObjectName("findingsPanel")
        self.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable)
        self.session = session
        self.tab_names = tab_names
        self.collapsed = False
        self.expanded_height = 0  # 0: the compact height
        self.setTitleBarWidget(self._title_bar())
        self.tree = QTreeWidget()
        self.tree.setObjectName("findingsList")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        for column, width in enumerate((70, 220, 50)):
            self.tree.setColumnWidth(column, width)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemClicked.connect(self._activated)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)
        session.findingsChanged.connect(self.refresh)
        self.refresh()

    def _title_bar(self) -> QWidget:
        self.summary = QPushButton()
        self.summary.setObjectName("findingsSummaryLine")
        self.summary.setFlat(True)
        self.summary.setCursor(Qt.PointingHandCursor)
        self.summary.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.summary.clicked.connect(lambda: self.set_collapsed(not self.collapsed))
        close = QToolButton()
        close.setObjectName("findingsClose")
        close.setAutoRaise(True)
        close.setIcon(self.style().standardIcon(QStyle.SP_TitleBarCloseButton))
        close.setToolTip("隐藏审核结果（按 F8 或“查看 → 审核结果”再显示）")
        close.clicked.connect(self.close)
        bar = QWidget()
        bar.setObjectName("findingsBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(4, 1, 2, 1)
        row.addWidget(self.summary, 1)
        row.addWidget(close)
        return bar

    # ------------------------------------------------------------ size and state

    def compact_height(self) -> int:
        """The title line, the column headings and COMPACT_ROWS findings."""
        rows = self.tree.sizeHintForRow(0) if self.tree.topLevelItemCount() else self.fontMetrics().height() + 6
        tree = self.tree.header().sizeHint().height() + COMPACT_ROWS * rows + 2 * self.tree.frameWidth()
        return self.titleBarWidget().sizeHint().height() + tree + 6

    def collapsed_height(self) -> int:
        return self.titleBarWidget().sizeHint().height() + 2

    def set_collapsed(self, collapsed: bool) -> None:
        if collapsed == self.collapsed:
            return
        if collapsed and self.isVisible():
            self.expanded_height = self.height()
        self.collapsed = collapsed
        self.tree.setVisible(not collapsed)
        self.setMaximumHeight(self.collapsed_height() if collapsed else MAX_HEIGHT)
        self._update_summary()
        if not collapsed:
            self._resize(self.expanded_height or self.compact_height())

    def _resize(self, height: int) -> None:
        window = self.parent()
        if isinstance(window, QMainWindow):
            window.resizeDocks([self], [height], Qt.Vertical)

    def restore(self, settings) -> None:
        """As the clerk left it (Settings.findings_*); compact and open the first time."""
        height = settings.findings_height
        self.expanded_height = height if isinstance(height, int) and height > 0 else 0
        self.set_collapsed(settings.findings_collapsed is True)
        if not self.collapsed:
            self._resize(self.expanded_height or self.compact_height())
        self.setVisible(settings.findings_visible is not False)

    def remember(self, settings) -> None:
        """Into `settings`, to be saved with them (the window saves them when it closes)."""
        if not self.collapsed and self.isVisible():
            self.expanded_height = self.height()
        settings.findings_height = self.expanded_height
        settings.findings_collapsed = self.collapsed
        settings.findings_visible = not self.isHidden()

    # ------------------------------------------------------------ the findings

    def _update_summary(self) -> None:
        findings = self.session.findings
        self.summary.setText(f"审核结果：{summary_text(findings, self.collapsed)}")
        self.summary.setToolTip("点击收起审核结果列表" if not self.collapsed else "点击展开审核结果列表")
        self.summary.setStyleSheet("QPushButton { text-align: left; padding: 2px 4px; %s }"
                                   % (ERROR_STYLE if any(f.severity == ERROR for f in findings) else ""))

    def refresh(self) -> None:
        findings = sorted(self.session.findings, key=lambda f: f.severity != ERROR)  # errors first, stable
        self._update_summary()
        self.tree.clear()
        error_icon = self.style().standardIcon(QStyle.SP_MessageBoxCritical)
        warning_icon = self.style().standardIcon(QStyle.SP_MessageBoxWarning)
        for finding in findings:
            item = QTreeWidgetItem([finding.severity_label, self.tab_names.get(finding.ref.table, finding.ref.table),
                                    finding.rule, finding.message])
            item.setIcon(0, error_icon if finding.severity == ERROR else warning_icon)
            item.setToolTip(3, finding.message)
            item.setData(0, REF_ROLE, finding.ref)
            self.tree.addTopLevelItem(item)

    def ref_at(self, row: int) -> CellRef:
        return self.tree.topLevelItem(row).data(0, REF_ROLE)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.jump.emit(item.data(0, REF_ROLE))
