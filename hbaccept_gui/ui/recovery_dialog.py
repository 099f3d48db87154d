"""恢复未保存的工作: after a crash, every journal that can be read is listed (单位, 原文件, 自动保存时间,
大小) and the clerk decides for each: restore one into the window, save one as a file, give one up
(after a second question), or leave them all for the next start. Nothing is removed without a
click that says so: what the clerk does not decide about stays in the autosave folder."""

from __future__ import annotations

from dataclasses import dataclass

from hbaccept_gui.core.filenames import safe_name
from hbaccept_gui.core.journal import Orphan, Recovered, size_label
from hbaccept_gui.ui.save_file_dialogs import ask_save_path, save_copy
from hbaccept_gui.ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

COLUMNS = ("单位名称", "原文件", "自动保存时间", "大小")


@dataclass
class RecoveryEntry:
    """An orphaned journal that reads back, and what to show about it."""

    orphan: Orphan
    recovered: Recovered

    @property
    def unit(self) -> str:
        unit = self.recovered.document.header.get("unit_name")
        return unit.strip() if isinstance(unit, str) and unit.strip() else "（未填写单位名称）"

    @property
    def origin(self) -> str:
        return self.orphan.original or "未保存过的新文档"

    def cells(self) -> tuple[str, ...]:
        return self.unit, self.origin, self.orphan.saved_label, size_label(self.orphan.size)


class RecoveryDialog(QDialog):
    """`chosen` is the entry to restore into the window (None: none); `entries` those left."""

    def __init__(self, parent, entries: list[RecoveryEntry], last_folder: str = "") -> None:
        super().__init__(parent)
        self.entries = list(entries)
        self.chosen: RecoveryEntry | None = None
        self.last_folder = last_folder
        self.setWindowTitle("恢复未保存的工作")
        self.resize(820, 320)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore())
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton("恢复到窗口(&R)", QDialogButtonBox.AcceptRole)
        self.save_button = self.buttons.addButton("另存为文件(&S)…", QDialogButtonBox.ActionRole)
        self.drop_button = self.buttons.addButton("放弃所选(&D)…", QDialogButtonBox.DestructiveRole)
        self.later_button = self.buttons.addButton("以后再说(&L)", QDialogButtonBox.RejectRole)
        for button in (self.save_button, self.drop_button, self.later_button):
            button.setAutoDefault(False)  # Enter always means 恢复, wherever the focus is
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        self.save_button.clicked.connect(self.save_copy)
        self.drop_button.clicked.connect(self.drop)
        self.later_button.clicked.connect(self.reject)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self) -> None:
        count = len(self.entries)
        self.intro.setText(
            f"上次程序意外关闭，有 {count} 份尚未保存的工作。选中一份后点“恢复到窗口”继续编辑，"
            "或“另存为文件”保存下来。没有处理的草稿保留在自动保存文件夹中，下次启动时会再次列出。")
        self.table.setRowCount(count)
        for row, entry in enumerate(self.entries):
            for column, text in enumerate(entry.cells()):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        if count:
            self.table.selectRow(0)
        for button in (self.restore_button, self.save_button, self.drop_button):
            button.setEnabled(bool(count))

    def current(self) -> RecoveryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def restore(self) -> None:
        entry = self.current()
        if entry is not None:
            self.chosen = entry
            self.entries.remove(entry)
            self.accept()

    def save_copy(self) -> bool:
        """Write the selected draft to a file of the clerk's choosing; only then is it removed."""
        entry = self.current()
        if entry is None:
            return False
        path = ask_save_path(self, "把恢复的工作另存为", self.last_folder, f"{safe_name(entry.unit, '验收材料')}（恢复）")
        if path is None or not save_copy(self, entry.recovered.document, path):
            return False
        self._forget(entry)
        entry.orphan.discard()
        QMessageBox.information(self, "已保存", f"已保存到：\n{path}")
        return True

    def drop(self) -> bool:
        entry = self.current()
        if entry is None:
            return False
        answer = QMessageBox.question(
            self, "放弃草稿", f"放弃“{entry.unit}”（{entry.orphan.saved_label}）的草稿后将无法找回，确定放弃吗？",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        self._forget(entry)
        entry.orphan.discard()
        return True

    def _forget(self, entry: RecoveryEntry) -> None:
        self.entries.remove(entry)
        self._fill()
        if not self.entries:
            self.accept()
