"""帮助 → 诊断信息…: what technical support needs after a crash, as one text the clerk copies into
an email. The text (versions, the folder, the last crash log) is `crash_log`'s; this dialog only
shows it, copies it and opens the folder."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.crash_log import FAULT_PREFIX, base_versions, diagnostics_text, latest_crash
from hbaccept_gui.ui.qt import (
    QApplication,
    QDesktopServices,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QtCore,
    QUrl,
    QVBoxLayout,
    Qt,
    qVersion,
)
from hbaccept_gui.ui.settings import crash_dir


def versions() -> dict[str, str]:
    """qVersion() is the Qt actually loaded; QtCore.__version__ is the PySide6 binding's."""
    return {**base_versions(), "Qt": qVersion(), "PySide6": QtCore.__version__}


class DiagnosticsDialog(QDialog):
    def __init__(self, folder: Path, parent=None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.setWindowTitle("诊断信息")
        self.resize(760, 540)
        intro = QLabel("程序意外关闭时，会在下面的文件夹中留下诊断日志。如需求助，请点“复制全部”，"
                       "再粘贴到发给技术支持的邮件中。")
        intro.setWordWrap(True)
        self.text = QPlainTextEdit(diagnostics_text(folder, versions(), latest_crash(folder),
                                                    latest_crash(folder, FAULT_PREFIX)))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.status = QLabel()
        buttons = QDialogButtonBox()
        self.copy_button = buttons.addButton("复制全部", QDialogButtonBox.ActionRole)
        self.open_button = buttons.addButton("打开文件夹", QDialogButtonBox.ActionRole)
        buttons.addButton("关闭", QDialogButtonBox.RejectRole)
        self.copy_button.clicked.connect(self.copy_all)
        self.open_button.clicked.connect(self.open_folder)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.text, self.status, buttons):
            layout.addWidget(widget)

    def copy_all(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())
        self.status.setText("已复制到剪贴板，可以粘贴到邮件中。")

    def open_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # the file manager says so itself
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))


def show_diagnostics(parent) -> DiagnosticsDialog:
    """open(), not exec(): no nested event loop, and a test can read and click the open dialog."""
    dialog = DiagnosticsDialog(crash_dir(), parent)
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.open()
    return dialog
