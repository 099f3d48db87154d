"""文件 → 汇总…: pick the units' files, name the merged unit, see what each unit contributed, then
save the merged document and open it. Reading, checking and merging are `core.merge`, saving is
`core.storage`, the breakdown is the exported 汇总附表's layout: the dialog only shows them.

Opened on a document that is itself a merge, the dialog first shows that document's breakdown."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.core.filenames import safe_name
from hbaccept_gui.core.merge import MergeProblem, MergeResult, merge, read_sources
from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters.layout import Table, breakdown_form, place
from hbaccept_gui.ui.save_file_dialogs import FILE_FILTER, ask_save_path, save_copy
from hbaccept_gui.ui.file_list import FileList
from hbaccept_gui.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    Qt,
)

MAX_LISTED = 10
PIXELS_PER_WIDTH = 70  # a layout's relative column width of 1.0, on screen


def fill_table(widget: QTableWidget, table: Table) -> None:
    """A layout table (headings, spans, text) shown read-only, as it will be printed."""
    widget.clear()
    widget.clearSpans()
    heading = table.header_rows[0] if table.header_rows else ()
    widget.setColumnCount(len(table.widths))
    widget.setRowCount(len(table.body_rows))
    widget.setHorizontalHeaderLabels([cell.text for cell in heading])
    for row, column, cell in place(table.body_rows, len(table.widths)):
        item = QTableWidgetItem(cell.text)
        item.setTextAlignment((Qt.AlignRight if cell.value is not None else Qt.AlignLeft) | Qt.AlignVCenter)
        widget.setItem(row, column, item)
        if cell.row_span > 1 or cell.col_span > 1:
            widget.setSpan(row, column, cell.row_span, cell.col_span)
    widget.resizeColumnsToContents()  # Qt sizes by unspanned cells only: the layout's widths are the floor
    for column, width in enumerate(table.widths):
        widget.setColumnWidth(column, max(widget.columnWidth(column), int(width * PIXELS_PER_WIDTH)))


def problem_lines(problems: list[MergeProblem]) -> list[str]:
    lines = []
    for problem in problems:
        lines.append(f"{'错误' if problem.blocking else '提示'}：{problem.message}")
        lines += [f"    • {detail}" for detail in problem.details]
    return lines


class MergeDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.main_window = window
        self.result: MergeResult | None = None
        self.setWindowTitle("汇总各单位的验收材料")
        self.resize(1100, 720)
        self.files = FileList("选择各单位的验收材料文件", FILE_FILTER, lambda: window.settings.last_folder)
        self.files.changed.connect(self._forget_result)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("汇总后的单位名称，如“石家庄市文化广电和旅游局”")
        self.messages = QPlainTextEdit(readOnly=True)
        self.messages.setMaximumHeight(110)
        self.breakdown = QTableWidget()
        self.breakdown.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.breakdown.verticalHeader().hide()
        self.breakdown.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.breakdown_title = QLabel()
        self.merge_button = QPushButton("汇总(&M)")
        self.merge_button.clicked.connect(self.run_merge)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.save_button = self.buttons.addButton("保存并打开汇总文件(&S)…", QDialogButtonBox.AcceptRole)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_and_open)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._show_current_breakdown()

    def _lay_out(self) -> None:
        file_buttons = self.files.button_row("添加文件(&A)…")
        unit_line = QHBoxLayout()
        unit_line.addWidget(QLabel("汇总单位名称："))
        unit_line.addWidget(self.unit, 1)
        unit_line.addWidget(self.merge_button)
        layout = QVBoxLayout(self)
        intro = QLabel("选择各单位（县、馆或各市）的验收材料文件：下达任务量和年度资金相加，明细表各行依次排列并注明"
                       "来源单位，合计和完成率重新计算。年度不同、同一单位重复或审核有错误的文件不能汇总。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.files, 1)
        layout.addLayout(file_buttons)
        layout.addLayout(unit_line)
        layout.addWidget(self.messages)
        layout.addWidget(self.breakdown_title)
        layout.addWidget(self.breakdown, 2)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ files

    def paths(self) -> list[Path]:
        return self.files.paths()

    def add_paths(self, paths) -> None:
        self.files.add_paths(paths)

    def _forget_result(self) -> None:
        self.result = None
        self.save_button.setEnabled(False)

    # ------------------------------------------------------------ merging

    def run_merge(self) -> MergeResult | None:
        """Merge the listed files; unreadable ones are skipped only if the clerk agrees."""
        self._forget_result()
        sources, unreadable = read_sources(self.paths())
        if unreadable and not self._skip(unreadable, len(sources)):
            self.messages.setPlainText("\n".join(problem_lines(unreadable) + ["没有汇总。请移除或更换这些文件后重试。"]))
            return None
        result = merge(sources, self.unit.text())
        skipped = [f"已跳过（按您的选择）：{problem.message}" for problem in unreadable]
        if not result.ok:
            self.messages.setPlainText("\n".join(skipped + problem_lines(result.problems)
                                                 + ["以上文件有问题，没有汇总。请处理后重新汇总。"]))
            return None
        self.result = result
        self.messages.setPlainText("\n".join([f"已汇总 {len(result.document.merged_from)} 个单位，可以保存。"] + skipped
                                             + problem_lines(result.problems)))
        self._show_breakdown(result, "汇总结果：各单位的数据和合计（导出时作为“汇总附表”）")
        self.save_button.setEnabled(True)
        return result

    def _skip(self, unreadable: list[MergeProblem], readable: int) -> bool:
        listed = "\n".join(f"• {p.message}" for p in unreadable[:MAX_LISTED])
        more = f"\n……共 {len(unreadable)} 个" if len(unreadable) > MAX_LISTED else ""
        text = f"以下文件无法读取：\n{listed}{more}\n\n跳过这些文件，只汇总其余 {readable} 个文件吗？"
        return QMessageBox.question(self, "有文件无法读取", text, QMessageBox.Yes | QMessageBox.No) == QMessageBox.Yes

    def _show_breakdown(self, result, title: str) -> None:
        self.breakdown_title.setText(title)
        fill_table(self.breakdown, breakdown_form(evaluate(result.definition, result.document)).table)

    def _show_current_breakdown(self) -> None:
        session = self.main_window.session
        if session is not None and session.document.merged:
            count = len(session.document.merged_from)
            self._show_breakdown(session, f"当前文档是 {count} 个单位的汇总，各单位的数据如下（汇总时的数据）：")

    # ------------------------------------------------------------ saving

    def save_and_open(self) -> bool:
        if self.result is None:
            return False
        unit = safe_name(self.result.document.header.get("unit_name") or "", "汇总")
        path = ask_save_path(self, "保存汇总文件", self.main_window.settings.last_folder, unit)
        if path is None or not save_copy(self, self.result.document, path):
            return False
        self.accept()
        self.main_window.open_path(path)
        return True


def run_merge(window) -> None:
    MergeDialog(window).exec()
