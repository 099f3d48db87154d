"""What the clipboard holds when the program quits.

Data that Python code put on the clipboard (a report's text copied with its bound figures, see
ReportEditor.createMimeDataFromSelection) is owned by Qt's clipboard, which deletes it only when
the process exits, after Python has shut down: deleting its Python wrapper then crashed the
program on quitting. Before Python goes, the clipboard's text is handed over to data Qt makes
itself, so the copy still pastes into Word or an email after the program has closed."""

from __future__ import annotations

import shiboken6

from hbaccept_gui.ui.qt import QApplication


def hand_clipboard_to_qt() -> None:
    clipboard = QApplication.clipboard()
    data = clipboard.mimeData()
    if data is None or not shiboken6.createdByPython(data):
        return  # another program's data, Qt's own, or nothing: leave it alone
    clipboard.setText(data.text()) if data.hasText() else clipboard.clear()
