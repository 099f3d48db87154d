"""Soak: a clerk's session in the real window, for a set time, watched for anything that would
take the program down or corrupt the document.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/soak.py --seconds 180 [--seed N]

Drives the demo document as a clerk does, with key and mouse events and the clipboard: clicks
cells of every tab and types numbers (full-width too) and Chinese text, moves with Enter and
Tab, pastes blocks copied "from Excel", undoes and redoes, adds and removes rows, types into the
reports, 生成初稿, 一键导出 and saves; dialogs are answered as a clerk would. Between actions it
checks what a crash of the binding or a stray editor would break first: the reference counts
of None, True, False and small ints (PySide6 6.12.0 freed None), Qt's warnings about editors and
indexes, and the unit name (a Tab that escaped a table once overwrote it). Prints the figures
and exits 1 on the first problem, 0 after the time is up. CI runs it for 60 s."""

from __future__ import annotations

import argparse
import faulthandler
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtTest import QTest  # noqa: E402

from hbaccept_gui.core.cells import CellRef  # noqa: E402
from hbaccept_gui.ui.app import make_application, start_window  # noqa: E402
from hbaccept_gui.ui.clipboard import hand_clipboard_to_qt  # noqa: E402
from hbaccept_gui.ui.export_dialog import run_export  # noqa: E402
from hbaccept_gui.ui.qt import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QDialog,
    QEvent,
    QInputMethodEvent,
    QKeyEvent,
    QMenu,
    QMessageBox,
    QMimeData,
    QProgressDialog,
    QTimer,
    Qt,
    qInstallMessageHandler,
)
from hbaccept_gui.ui.report_page import ReportPage  # noqa: E402

#: Reference counts move a little with what Python allocates; the 6.12.0 bug lost thousands a minute.
REFCOUNT_TOLERANCE = 500
SINGLETONS = {"None": None, "True": True, "False": False, "0": 0, "1": 1}
#: Qt messages that mean a view lost track of its editor or a model of its rows.
FATAL_WORDS = ("editor", "index", "QModelIndex", "commitData", "QAbstractItemView", "QPersistentModelIndex",
               "QBasicTimer", "QObject::", "QPainter", "recursive repaint")
CELL_TEXTS = ["12", "３４．５", "1,234", " 56 ", "7%", "0.5", "100", "测试文字", "保定市某单位", "abc", "１２３．４"]
REPORT_TEXTS = ["本年度按计划推进项目建设。", "完成情况良好", "存在的困难：经费紧张。", "12345"]
CHECK_EVERY = 10


class Problem(Exception):
    """What the soak found: the run stops and says it."""


class DialogAnswerer:
    """Answers the window's modal dialogs as a clerk would, from a timer that keeps running inside
    their event loops: 是 to "export anyway", 否 to "overwrite my report text", close the rest."""

    def __init__(self) -> None:
        self.answered: Counter[str] = Counter()
        self.timer = QTimer(interval=30)
        self.timer.timeout.connect(self.answer)
        self.timer.start()

    def answer(self) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            preferred = (QMessageBox.Yes if "导出" in dialog.windowTitle() else QMessageBox.No, QMessageBox.Close,
                         QMessageBox.Ok)
            button = next((dialog.button(b) for b in preferred if dialog.button(b) is not None), None)
            self.answered[dialog.windowTitle()] += 1
            (button.click() if button is not None else dialog.reject())
        elif isinstance(dialog, QDialog) and dialog.isVisible() and not isinstance(dialog, QProgressDialog):
            self.answered[dialog.windowTitle()] += 1
            dialog.reject()


class QtMessages:
    """Every message Qt prints, kept; the ones about editors and indexes are problems."""

    def __init__(self, install: bool = True) -> None:
        self.all: Counter[str] = Counter()
        if install:
            qInstallMessageHandler(self.handle)

    def handle(self, _kind, _context, message: str) -> None:
        self.all[message] += 1

    def fatal(self) -> list[str]:
        return [m for m in self.all if any(word in m for word in FATAL_WORDS)]


def refcounts() -> dict[str, int]:
    return {name: sys.getrefcount(value) for name, value in SINGLETONS.items()}


class Clerk:
    """The actions, each as a clerk does it through the window."""

    def __init__(self, window, rng: random.Random, folder: Path) -> None:
        self.window = window
        self.rng = rng
        self.folder = folder
        self.done: Counter[str] = Counter()
        self.saved_once = False

    # ------------------------------------------------------------ helpers

    def settle(self) -> None:
        QApplication.processEvents()

    def click_tab(self, index: int) -> None:
        bar = self.window.tabs.tabBar()
        QTest.mouseClick(bar, Qt.LeftButton, Qt.NoModifier, bar.tabRect(index).center())
        self.settle()

    def page_with(self, kind) -> object:
        """Switch to a random tab whose page is a `kind` and return the page."""
        tabs = [i for i, tab in enumerate(self.window.pages) if kind(tab.page)]
        index = self.rng.choice(tabs)
        self.click_tab(index + 1)  # tab 0 is 概览
        return self.window.pages[index].page

    def click_cell(self, view, editable: bool = True):
        model = view.model()
        cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())
                 if not editable or model.flags(model.index(r, c)) & Qt.ItemIsEditable]
        if not cells:
            return None
        index = self.rng.choice(cells)
        view.scrollTo(index)
        QTest.mouseClick(view.viewport(), Qt.LeftButton, Qt.NoModifier, view.visualRect(index).center())
        self.settle()
        return index

    def key(self, widget, key, modifiers=Qt.NoModifier) -> None:
        QTest.keyClick(widget, key, modifiers)
        self.settle()

    def type_text(self, widget, text: str) -> None:
        """ASCII as key presses; anything else as a Chinese IME commits it."""
        if text.isascii():
            QTest.keyClicks(widget, text)
        else:
            event = QInputMethodEvent()
            event.setCommitString(text)
            QApplication.sendEvent(widget, event)
        self.settle()

    def focus(self):
        return QApplication.focusWidget() or self.window

    # ------------------------------------------------------------ actions

    def type_into_cell(self) -> None:
        page = self.page_with(lambda p: bool(getattr(p, "views", None)))
        view = self.rng.choice(page.views)
        if self.click_cell(view) is None:
            return
        text = self.rng.choice(CELL_TEXTS)
        first = text[0]
        QApplication.sendEvent(view, QKeyEvent(QEvent.KeyPress, Qt.Key_unknown, Qt.NoModifier, first))
        self.settle()
        editor = self.focus()
        if view.state() != QAbstractItemView.EditingState:
            return
        if text[1:]:
            self.type_text(editor, text[1:])
        self.key(editor, self.rng.choice([Qt.Key_Return, Qt.Key_Tab]))
        if view.state() == QAbstractItemView.EditingState:  # refused: the clerk gives up on it
            self.key(self.focus(), Qt.Key_Escape)
            self.done["refused"] += 1

    def move_around(self) -> None:
        page = self.page_with(lambda p: bool(getattr(p, "views", None)))
        view = self.rng.choice(page.views)
        if self.click_cell(view, editable=False) is None:
            return
        for _ in range(self.rng.randint(1, 8)):
            self.key(view, self.rng.choice([Qt.Key_Return, Qt.Key_Tab, Qt.Key_Backtab, Qt.Key_Down, Qt.Key_Right]))

    def paste_block(self) -> None:
        page = self.page_with(lambda p: bool(getattr(p, "views", None)))
        view = self.rng.choice(page.views)
        if self.click_cell(view) is None:
            return
        rows = [[str(self.rng.randint(1, 999)) for _ in range(self.rng.randint(1, 2))]
                for _ in range(self.rng.randint(1, 3))]
        text = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
        html = "<table>" + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows) + "</table>"
        mime = QMimeData()
        mime.setText(text)
        mime.setHtml(html)
        QApplication.clipboard().setMimeData(mime)
        self.key(view, Qt.Key_V, Qt.ControlModifier)

    def undo_redo(self) -> None:
        for _ in range(self.rng.randint(1, 4)):
            self.window.act_undo.trigger()
            self.settle()
        for _ in range(self.rng.randint(0, 3)):
            self.window.act_redo.trigger()
            self.settle()

    def add_or_remove_row(self) -> None:
        page = self.page_with(lambda p: hasattr(p, "works"))
        view = self.rng.choice(page.views)
        self.click_cell(view, editable=False)
        shortcut = (Qt.Key_Equal, Qt.ControlModifier | Qt.ShiftModifier) if self.rng.random() < 0.6 else (
            Qt.Key_Minus, Qt.ControlModifier)
        self.key(view, *shortcut)
        chooser = QApplication.activePopupWidget()
        if isinstance(chooser, QMenu):  # 插入行 on a row of no task asks which task: the clerk picks one
            chooser.setActiveAction(self.rng.choice([a for a in chooser.actions() if a.data()]))
            self.key(chooser, Qt.Key_Return)

    def type_report(self) -> None:
        page = self.page_with(lambda p: isinstance(p, ReportPage))
        editor = self.rng.choice(list(page.editors.values()))
        QTest.mouseClick(editor.viewport(), Qt.LeftButton, Qt.NoModifier, editor.viewport().rect().center())
        self.settle()
        self.key(editor, Qt.Key_End, Qt.ControlModifier)
        self.type_text(editor, self.rng.choice(REPORT_TEXTS))
        if self.rng.random() < 0.3:
            self.key(editor, Qt.Key_Z, Qt.ControlModifier)

    def type_contact(self) -> None:
        editor = self.window.header_bar.editors["contact"]
        QTest.mouseClick(editor, Qt.LeftButton)
        self.key(editor, Qt.Key_A, Qt.ControlModifier)
        self.type_text(editor, self.rng.choice(["张三", "李四", "王五"]))
        self.key(editor, Qt.Key_Tab)

    def draft(self) -> None:
        page = self.page_with(lambda p: isinstance(p, ReportPage))
        QTest.mouseClick(page.draft_button, Qt.LeftButton)
        self.settle()

    def switch_tabs(self) -> None:
        for _ in range(self.rng.randint(1, 4)):
            self.click_tab(self.rng.randrange(self.window.tabs.count()))
            self.window.grab()

    def export(self) -> None:
        target = self.folder / "exports"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        if run_export(self.window, target) is None:
            raise Problem("一键导出 did not finish")

    def save(self) -> None:
        if not self.saved_once:
            self.saved_once = self.window._save_to(self.folder / "soak.hbaccept")
            return
        focus = self.focus()
        self.key(focus, Qt.Key_S, Qt.ControlModifier)
        if self.window.session.dirty:
            raise Problem(f"Ctrl+S in a {type(focus).__name__} (visible: {focus.isVisible()}) left the document "
                          f"unsaved; status bar: {self.window.statusBar().currentMessage()!r}")


ACTIONS = {  # name: weight
    "type_into_cell": 30, "move_around": 10, "paste_block": 8, "undo_redo": 8, "add_or_remove_row": 5,
    "type_report": 6, "type_contact": 3, "switch_tabs": 6, "draft": 1, "export": 1, "save": 3,
}


def check(window, baseline: dict[str, int], messages: QtMessages, unit: str) -> None:
    now = refcounts()
    lost = {name: baseline[name] - now[name] for name in baseline if baseline[name] - now[name] > REFCOUNT_TOLERANCE}
    if lost:
        raise Problem(f"references lost: {lost}")
    if messages.fatal():
        raise Problem(f"Qt warned: {messages.fatal()}")
    if window.session.document.header.get("unit_name") != unit:
        raise Problem(f"单位名称 changed to {window.session.document.header.get('unit_name')!r}")


def soak(seconds: float, seed: int) -> int:
    faulthandler.enable()
    messages = QtMessages()
    make_application(sys.argv[:1])
    window = start_window(demo=True)
    window.show()
    answerer = DialogAnswerer()
    folder = Path(tempfile.mkdtemp(prefix="hbaccept-soak-files-"))
    rng = random.Random(seed)
    clerk = Clerk(window, rng, folder)
    unit = window.session.document.header["unit_name"]
    clerk.switch_tabs()
    baseline = refcounts()
    names, weights = zip(*ACTIONS.items())
    started = time.monotonic()
    actions = 0
    trail: deque[str] = deque(maxlen=8)
    try:
        while time.monotonic() - started < seconds:
            name = rng.choices(names, weights)[0]
            if not window.isActiveWindow():  # after a dialog closed offscreen, as a clerk clicks the window
                window.activateWindow()
                QApplication.processEvents()
            trail.append(f"{name} on {window.tabs.tabText(window.tabs.currentIndex())}")
            getattr(clerk, name)()
            clerk.done[name] += 1
            actions += 1
            if messages.fatal() or actions % CHECK_EVERY == 0:
                check(window, baseline, messages, unit)
        check(window, baseline, messages, unit)
    except Problem as problem:
        print(f"SOAK FAILED after {actions} actions ({time.monotonic() - started:.0f} s, seed {seed}): {problem}")
        print(f"last actions (the tab they started on): {' → '.join(trail)}")
        return 1
    finally:
        answerer.timer.stop()
        window.session.undo_stack.setClean()
        window.close()
        hand_clipboard_to_qt()  # as the app does on quitting: the pasted blocks were made in Python
        shutil.rmtree(folder, ignore_errors=True)
    report(seconds, seed, actions, clerk, answerer, messages, baseline, window)
    return 0


def peak_memory_mb() -> float:
    if sys.platform == "win32":
        return float("nan")
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(seconds, seed, actions, clerk, answerer, messages, baseline, window) -> None:
    now = refcounts()
    print(f"soak passed: {actions} actions in {seconds / 60:.1f} min (seed {seed}), "
          f"{actions / seconds:.1f} actions/s, undo steps {window.session.undo_stack.count()}, "
          f"peak memory {peak_memory_mb():.0f} MB")
    print("actions: " + ", ".join(f"{name} {clerk.done[name]}" for name in ACTIONS) + f", refused {clerk.done['refused']}")
    print("dialogs answered: " + (", ".join(f"{t} {n}" for t, n in answerer.answered.items()) or "none"))
    print("refcounts start → end: " + ", ".join(f"{name} {baseline[name]} → {now[name]}" for name in SINGLETONS))
    print("Qt messages: " + ("; ".join(f"{m!r} ×{n}" for m, n in messages.all.items()) or "none"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    args = parser.parse_args()
    os.environ.setdefault("HBACCEPT_HOME", tempfile.mkdtemp(prefix="hbaccept-soak-"))  # never the clerk's own
    return soak(args.seconds, args.seed)


if __name__ == "__main__":
    sys.exit(main())
