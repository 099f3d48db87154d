"""Files dropped anywhere on the window open, whatever widget they land on.

Text boxes accept drops themselves: a save file dropped on a report typed its path
(`file:///…hbaccept`) into the text. An application event filter sees the drag before any
widget of the window does, takes drags that carry local files, and hands them to the window (which
opens a save file, takes scans to 导入盖章扫描件, and says in Chinese why a foreign file cannot be
opened)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hbaccept_gui.ui.qt import QApplication, QEvent, QObject, QTimer, QWidget

DRAG_EVENTS = (QEvent.DragEnter, QEvent.DragMove, QEvent.Drop)
#: What a dropped file must end with to be taken as a scan (导入盖章扫描件) rather than opened as a
#: document (hbaccept_gui.scans.sources reads them; not imported here: Pillow and the decoder load
#: only when scans are read).
SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")


def local_files(mime) -> list[Path]:
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropFilter(QObject):
    def __init__(self, window: QWidget, open_files: Callable[[list[Path]], object]) -> None:
        super().__init__(window)
        self.window = window
        self.open_files = open_files
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() not in DRAG_EVENTS or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window:
            return False
        files = local_files(event.mimeData())
        if not files:
            return False
        event.acceptProposedAction()
        if event.type() == QEvent.Drop:
            QTimer.singleShot(0, lambda: self.open_files(files))
        return True
