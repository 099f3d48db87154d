"""Prepare 一键导出 while the clerk types: after the window is up, load the exporters' libraries and
the export fonts in a background thread, so the first export is as fast as a later one.

Why a thread, and why it is harmless:
- The work is imports and font tables, plain Python without Qt: nothing here touches a widget.
  Steps that would need Qt objects do not belong here.
- The thread holds the GIL only in slices (the switch interval is 1 ms while it runs), pauses
  between steps and waits while the clerk is typing or clicking, so typing stays responsive
  (benchmarks/bench_window_export.py measures keystrokes while it runs); it starts only once the
  window has been shown and idle a moment.
- Last, it rehearses an export of the built-in demo into a temporary folder (deleted after): the
  libraries' first-use work (templates, tables) happens there, not in the clerk's first export.
  It pauses between files, and gives way as soon as a real export starts.
- It can never crash the program: every step's error is swallowed (the export itself will meet
  the same problem and say so in Chinese). It can never block exit: it is a daemon thread, told to
  stop before Qt quits and waited for at most STOP_WAIT_S.
- An export started while it runs first lets it finish (`settle`), so the two never import the
  same modules at once; the export would have spent that time importing them anyway.

`HBACCEPT_WARM_UP=0` turns it off (benchmarks measure the window with and without it)."""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from collections.abc import Callable

DISABLE_ENV = "HBACCEPT_WARM_UP"
#: After the window is shown: long enough for the first paint and the start-up dialogs' events.
DELAY_MS = 1000
#: Between steps the thread sleeps this long, handing the GIL back to the window.
PAUSE_S = 0.02
STOP_WAIT_S = 2.0

#: In the order an export needs them: the bundle and the fonts (checked before anything is
#: written), then each format's writer with its library.
MODULES = ("hbaccept_gui.exporters.bundle", "hbaccept_gui.exporters.fonts", "hbaccept_gui.exporters.pdf",
           "hbaccept_gui.exporters.docx", "hbaccept_gui.exporters.xlsx", "hbaccept_gui.exporters.charset_layout",
           "hbaccept_gui.exporters.charset_docx", "hbaccept_gui.exporters.charset_xlsx")


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "1").strip().lower() not in ("0", "no", "off", "false")


def _importer(name: str) -> Callable[[], None]:
    def step() -> None:
        importlib.import_module(name)

    step.__name__ = f"import {name}"
    return step


def load_fonts() -> None:
    """Register every export face and read what a PDF needs of it: the character tables (for the
    per-character fallback) and the glyph tables and font bytes (for embedding)."""
    from reportlab.pdfbase import pdfmetrics

    from hbaccept_gui.exporters import fonts

    for face in fonts._all_faces():
        face.has(" ")
        parsed = pdfmetrics.getFont(face.name).face
        for name in ("glyphPos", "hmetrics", "_ttf_data"):
            getattr(parsed, name)


class Stopped(Exception):
    """Raised inside the rehearsal's progress callback to end it early."""


def rehearse_export(checkpoint: Callable[[], None]) -> None:
    """Export the built-in demo (never the clerk's document, which the window may be changing) into
    a temporary folder, then delete it: what only a real export warms (python-docx's template,
    openpyxl's and reportlab's first-use tables, the font subsets) is warm for the clerk's first.
    `checkpoint` runs between files: it pauses, or raises Stopped."""
    import shutil
    import tempfile
    from pathlib import Path

    from hbaccept_gui.core.pipeline import evaluate, load_demo
    from hbaccept_gui.exporters.bundle import export_all

    folder = Path(tempfile.mkdtemp(prefix="hbaccept-warm-up-"))
    try:
        export_all(evaluate(*load_demo()), folder, progress=lambda *_args: checkpoint())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def default_steps() -> list[Callable[[], None]]:
    steps = [_importer(name) for name in MODULES[:2]]
    steps.append(load_fonts)
    steps += [_importer(name) for name in MODULES[2:]]
    steps.append(REHEARSAL)
    return steps


#: Marks the rehearsal in a list of steps: WarmUp calls it with its checkpoint.
REHEARSAL = rehearse_export
#: While the warm-up runs, the window's thread gets the GIL back within this long (Python's
#: default is 5 ms, felt as lag in typing when the other thread is busy).
SWITCH_INTERVAL_S = 0.001
#: A step starts only once the clerk has not typed or clicked for this long: while keys arrive,
#: the warm-up waits instead of competing with them.
QUIET_S = 0.4


class WarmUp:
    """The steps, run once in a daemon thread; `stop` and `settle` may be called from the window."""

    def __init__(self, steps: list[Callable[[], None]] | None = None, pause: float = PAUSE_S) -> None:
        self.steps = default_steps() if steps is None else steps
        self.pause = pause
        self.failed: list[str] = []  # names of steps that raised (for tests and diagnostics)
        self.finished = threading.Event()
        self._stop = threading.Event()
        self._hurry = threading.Event()
        self._skip_rehearsal = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_input = float("-inf")  # time.monotonic() of the clerk's last key or click

    def note_input(self) -> None:
        self.last_input = time.monotonic()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None or self._stop.is_set():
            return
        self._thread = threading.Thread(target=self._run, name="hbaccept-warm-up", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, SWITCH_INTERVAL_S))
        try:
            for step in self.steps:
                if self._stop.is_set():
                    return
                try:
                    step(self._checkpoint) if step is REHEARSAL else step()
                except BaseException:  # noqa: BLE001 - never a crash; the export will say what is wrong
                    if not (self._stop.is_set() or self._skip_rehearsal.is_set()):
                        self.failed.append(getattr(step, "__name__", repr(step)))
                self._breathe()
        finally:
            sys.setswitchinterval(interval)
            self.finished.set()

    def _breathe(self) -> None:
        """Between steps: a short pause, longer while the clerk is typing (unless hurried)."""
        if self._hurry.is_set():
            return
        self._hurry.wait(self.pause)
        while not self._hurry.is_set() and time.monotonic() - self.last_input < QUIET_S:
            self._hurry.wait(QUIET_S)

    def _checkpoint(self) -> None:
        """Between two files of the rehearsal: stop if asked (exit, or a real export wants to start),
        else pause a moment for the window."""
        if self._stop.is_set() or self._skip_rehearsal.is_set():
            raise Stopped
        self._breathe()

    def stop(self, timeout: float = STOP_WAIT_S) -> None:
        """No further step; wait a moment for the current one. Exit never waits longer than that."""
        self._stop.set()
        self._hurry.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def settle(self) -> None:
        """Let a running warm-up finish its loading at full speed (an export is about to need the
        same modules) and drop the rehearsal; return at once if it never started or is done."""
        if self._thread is None:
            return
        self._hurry.set()
        self._skip_rehearsal.set()
        self._thread.join()


_current: WarmUp | None = None


def schedule(window, app, delay_ms: int | None = None, warm_up: WarmUp | None = None) -> WarmUp | None:
    """Start the warm-up `delay_ms` (default DELAY_MS) after now (call it once the window is shown).
    It stops when the application is about to quit; the timer dies with the window if that closes
    first."""
    global _current
    if not enabled():
        return None
    from hbaccept_gui.ui.qt import QTimer

    warm = _current = warm_up or WarmUp()

    def begin() -> None:
        watch_input(app, warm)
        warm.start()

    QTimer.singleShot(DELAY_MS if delay_ms is None else delay_ms, window, begin)
    app.aboutToQuit.connect(warm.stop)
    return warm


def watch_input(app, warm: WarmUp):
    """Tell `warm` of every key press and click while it runs (an application-wide event filter,
    removed once it has finished: it is Python code called for every event)."""
    from hbaccept_gui.ui.qt import QEvent, QObject, QTimer

    kinds = {QEvent.KeyPress, QEvent.MouseButtonPress, QEvent.Wheel, QEvent.InputMethod}

    class InputWatch(QObject):
        def eventFilter(self, _watched, event) -> bool:
            if event.type() in kinds:
                warm.note_input()
            return False

    watch = InputWatch(app)
    app.installEventFilter(watch)
    poll = QTimer(watch, interval=250)

    def remove_when_done() -> None:
        if warm.finished.is_set() or not warm.running:
            poll.stop()
            app.removeEventFilter(watch)
            watch.deleteLater()

    poll.timeout.connect(remove_when_done)
    poll.start()
    return watch


def settle() -> None:
    """Before an export or a print: let the warm-up (if any) finish first."""
    if _current is not None:
        _current.settle()


def current() -> WarmUp | None:
    return _current
