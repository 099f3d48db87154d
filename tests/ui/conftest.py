"""The real window, on a fresh settings/autosave folder per test (HBACCEPT_HOME).

Modal dialogs would block an unattended run forever, so every QMessageBox the window opens is
answered by `dialogs` (which records what was asked), and the projects dialog of 新建 by
`programmes_dialog`; tests that care set the answer."""

from __future__ import annotations

import pytest

from hbaccept_gui.ui.app import make_application, start_window
from hbaccept_gui.ui.clipboard import hand_clipboard_to_qt
from hbaccept_gui.ui.qt import QMessageBox


class DialogRecorder:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []
        self.answer = QMessageBox.Cancel

    def question(self, _parent, title, text, *args, **kwargs):
        self.asked.append(("question", text))
        return self.answer

    def notice(self, kind):
        def show(_parent, title, text, *args, **kwargs):
            self.asked.append((kind, text))
            return QMessageBox.Ok

        return show


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    recorder = DialogRecorder()
    monkeypatch.setattr(QMessageBox, "question", recorder.question)
    for kind in ("warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, recorder.notice(kind))
    return recorder


class ProgrammesAnswer:
    """The 新建/单位信息 dialog (which projects the unit takes part in) is modal too: answered with
    `choice` (default: both, what a new document had before it was asked) and recorded. A test that
    drives the real dialog sets `real = True`."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.choice: tuple[str, ...] | None = ("library", "cloud")
        self.real = False


@pytest.fixture(autouse=True)
def programmes_dialog(monkeypatch):
    from hbaccept_gui.ui.programmes_dialog import ProgrammesDialog
    from hbaccept_gui.ui.qt import QDialog

    answer = ProgrammesAnswer()

    def exec_(dialog):
        if answer.real:
            return QDialog.exec(dialog)
        answer.asked.append(dialog.windowTitle())
        if answer.choice is None:
            return QDialog.Rejected
        dialog.set_choice(answer.choice)
        return QDialog.Accepted

    monkeypatch.setattr(ProgrammesDialog, "exec", exec_)
    return answer


@pytest.fixture(autouse=True)
def clipboard_left_to_qt():
    """Clipboard data made in Python (a test's QMimeData, a report copied with its figures) would
    be deleted by Qt after Python has shut down and crash the test run at exit, as it crashed
    the app before hand_clipboard_to_qt: every test leaves the clipboard as the app does."""
    yield
    hand_clipboard_to_qt()


@pytest.fixture
def home(tmp_path, monkeypatch):
    folder = tmp_path / "home"
    monkeypatch.setenv("HBACCEPT_HOME", str(folder))
    return folder


def _discard_changes(window) -> None:
    if window.session is not None:
        window.session.undo_stack.setClean()  # no save prompt when the test is over


@pytest.fixture
def open_window(qtbot, home):
    """Start the window as `hbaccept` would (demo=True for the Baoding demo)."""
    make_application()

    def opener(**kwargs):
        window = start_window(**kwargs)
        qtbot.addWidget(window, before_close_func=_discard_changes)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        return window

    return opener


def page_of(window, table_id):
    return window.page(table_id)
