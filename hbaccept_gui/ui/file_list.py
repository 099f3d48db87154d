"""The list of files a dialog works on — 汇总's unit files, 导入盖章扫描件's scans: added with a file
dialog (or by a drop on the dialog), each file once, removed by selection. `changed` tells the
dialog that its last result no longer matches the list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from hbaccept_gui.ui.qt import (QAbstractItemView, QFileDialog, QHBoxLayout, QListWidget, QListWidgetItem,
                                QPushButton, Qt, Signal)


class FileList(QListWidget):
    changed = Signal()

    def __init__(self, title: str, file_filter: str, folder: Callable[[], str]) -> None:
        super().__init__()
        self.title, self.file_filter, self.folder = title, file_filter, folder
        self.setSelectionMode(QAbstractItemView.ExtendedSelection)

    def paths(self) -> list[Path]:
        return [Path(self.item(i).data(Qt.UserRole)) for i in range(self.count())]

    def add_paths(self, paths: Iterable) -> None:
        listed = set(self.paths())
        for path in map(Path, paths):
            if path not in listed:
                item = QListWidgetItem(path.name)
                item.setData(Qt.UserRole, str(path))
                item.setToolTip(str(path))
                self.addItem(item)
                listed.add(path)
        self.changed.emit()

    def choose(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, self.title, self.folder(), self.file_filter)
        self.add_paths(names)

    def remove_selected(self) -> None:
        for item in self.selectedItems():
            self.takeItem(self.row(item))
        self.changed.emit()

    def button_row(self, add_label: str, *more) -> QHBoxLayout:
        """The row under the list: `add_label` (「添加文件(&A)…」) opens the file dialog, 「移除所选」
        takes the selection off, then the dialog's own widgets `more`, then room for what follows."""
        add = QPushButton(add_label)
        add.clicked.connect(self.choose)
        remove = QPushButton("移除所选(&R)")
        remove.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        for widget in (add, remove, *more):
            row.addWidget(widget)
        row.addStretch(1)
        return row
