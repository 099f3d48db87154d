"""The 审核结果 panel under the tabs: every finding of the audit rules with its severity, the tab
it is on, the rule id and the message. Clicking one asks the window to show and select the cell."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.findings import ERROR, Finding
from hbaccept_gui.ui.qt import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QStyle,
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


def summary_text(findings: list[Finding]) -> str:
    errors = sum(f.severity == ERROR for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return "审核通过：没有发现问题。"
    verdict = "有错误，导出的 PDF 会带“草稿”水印。" if errors else "没有错误，可以导出；提示仅供核对。"
    return f"{errors} 个错误，{warnings} 个提示。{verdict}点击一条可跳到对应的格子。"


class FindingsPanel(QDockWidget):
    jump = Signal(object)  # CellRef

    def __init__(self, session: DocumentSession, tab_names: dict[str, str], parent=None) -> None:
        super().__init__("审核结果", parent)
        self.setObjectName("findingsPanel")
        self.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetClosable)
        self.session = session
        self.tab_names = tab_names
        self.summary = QLabel()
        self.summary.setObjectName("findingsSummaryLine")
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
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        self.setWidget(body)
        session.findingsChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        findings = sorted(self.session.findings, key=lambda f: f.severity != ERROR)  # errors first, stable
        self.summary.setText(summary_text(findings))
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
