"""File dialogs (#13 item 16): Qt's own file dialog (used wherever the system has none) speaks
only Chinese, and the export folder dialog always proposes a folder that exists."""

from __future__ import annotations

import re

from hbaccept_gui.ui.qt import QApplication, QFileDialog, QLabel, QMessageBox, QPushButton, Qt, QTimer

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def inspect_next_file_dialog(seen: list) -> None:
    """Record the labels and buttons of the next modal file dialog, then close it."""
    tries = []

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            if len(tries) < 250:
                tries.append(1)
                QTimer.singleShot(20, look)
            return
        seen.append(dialog.testOption(QFileDialog.DontUseNativeDialog) or True)
        seen.extend(w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QPushButton) if w.isVisible())
        dialog.reject()

    QTimer.singleShot(0, look)


def test_the_open_dialog_has_no_english_label(open_window, qtbot):
    window = open_window()
    seen = []
    inspect_next_file_dialog(seen)
    qtbot.keyClick(window, Qt.Key_O, Qt.ControlModifier)
    labels = [text for text in seen[1:] if text]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert not [text for text in labels if LATIN_WORD.search(text.replace("&", ""))], labels


def test_the_export_folder_proposed_exists_even_when_the_last_one_is_gone(open_window, qtbot, tmp_path, monkeypatch,
                                                                          dialogs):
    proposed = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda _parent, _title, folder, *args: proposed.append(folder) or "")
    dialogs.answer = QMessageBox.Yes
    window = open_window(demo=True)
    window.settings.export_folder = str(tmp_path / "上次导出" / "已删除")
    window.settings.last_folder = str(tmp_path)
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    assert proposed == [str(tmp_path)]
    window.settings.export_folder = str(tmp_path / "上次导出")
    (tmp_path / "上次导出").mkdir()
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    assert proposed[-1] == str(tmp_path / "上次导出")
    window.settings.export_folder = window.settings.last_folder = str(tmp_path / "没有")
    monkeypatch.setattr("hbaccept_gui.ui.export_dialog.QStandardPaths.writableLocation", lambda _kind: str(tmp_path / "无"))
    qtbot.keyClick(window, Qt.Key_E, Qt.ControlModifier)
    from pathlib import Path

    assert Path(proposed[-1]).is_dir()
