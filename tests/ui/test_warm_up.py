"""The background warm-up (ui/warm_up.py): it loads what an export needs, a step that fails is
swallowed, it stops when asked, an export waits for it, and closing the window while it runs
exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hbaccept_gui.ui import warm_up
from hbaccept_gui.ui.app import make_application

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def application():
    """The UI tests' fixtures (conftest) look at the clipboard: they need the application."""
    return make_application()


def test_the_default_steps_load_the_exporters_and_the_fonts(home):
    warm = warm_up.WarmUp(pause=0)
    warm.start()
    warm.settle()
    assert warm.finished.is_set() and warm.failed == []
    assert {"reportlab.platypus", "openpyxl", "docx", "hbaccept_gui.exporters.pdf"} <= set(sys.modules)
    from hbaccept_gui.exporters import fonts

    assert fonts.chain.cache_info().currsize >= len(fonts.ROLES)


def test_a_failing_step_is_swallowed_and_the_rest_still_run():
    ran = []

    def broken():
        raise RuntimeError("a damaged font")

    warm = warm_up.WarmUp([broken, lambda: ran.append("next")], pause=0)
    warm.start()
    warm.settle()
    assert warm.failed == ["broken"] and ran == ["next"]


def test_stop_ends_it_after_the_current_step():
    started, release, ran = threading.Event(), threading.Event(), []

    def slow():
        started.set()
        release.wait(10)

    warm = warm_up.WarmUp([slow, lambda: ran.append("never")], pause=0)
    warm.start()
    assert started.wait(10)
    release.set()
    warm.stop()
    assert not warm.running and ran == []
    warm.start()  # a stopped warm-up never starts again
    assert not warm.running


def test_stop_before_start_runs_nothing():
    ran = []
    warm = warm_up.WarmUp([lambda: ran.append("step")], pause=0)
    warm.stop()
    warm.start()
    warm.settle()
    assert ran == [] and not warm.running


def test_it_can_be_turned_off(monkeypatch):
    monkeypatch.setenv(warm_up.DISABLE_ENV, "0")
    assert warm_up.schedule(None, None) is None


CHILD = r"""
import sys, time
from hbaccept_gui.ui import warm_up
from hbaccept_gui.ui.app import make_application, run_gui
from hbaccept_gui.ui.qt import QApplication, QMessageBox, QTimer

MODE = sys.argv[1]
for kind in ("critical", "warning", "information", "question"):  # a modal box would hang the test
    setattr(QMessageBox, kind, lambda *args, kind=kind: print(kind, args[2:3], flush=True) or QMessageBox.Ok)
warm_up.DELAY_MS = 0 if MODE != "before" else 60_000
if MODE == "during":
    def slow_step():  # an import that takes a while: the window closes in the middle of it
        time.sleep(0.5)
    warm_up.default_steps = lambda: [slow_step, slow_step, slow_step]

def window():
    return next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")

def close_when_ready():
    warm = warm_up.current()
    if MODE == "during" and not warm.running:
        QTimer.singleShot(20, close_when_ready)
        return
    if MODE == "export":
        warm.finished.wait(120)
        from hbaccept_gui.ui.export_dialog import run_export
        result = run_export(window(), __import__("pathlib").Path(sys.argv[2]), ask=False)
        print("exported:", len(result.files), "failed steps:", warm.failed, flush=True)
    print("closing; warm-up running:", warm.running, flush=True)
    window().session.undo_stack.setClean()
    window().close()

make_application()
QTimer.singleShot(300, close_when_ready)
started = time.monotonic()
code = run_gui(demo=True)
print("exit after", round(time.monotonic() - started, 1), "s; warm-up finished:", warm_up.current().finished.is_set(),
      flush=True)
sys.exit(code)
"""


def run_child(tmp_path, mode: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HBACCEPT_HOME=str(tmp_path / "home"), PYTHONPATH=str(ROOT))
    env.pop(warm_up.DISABLE_ENV, None)
    return subprocess.run([sys.executable, "-c", CHILD, mode, str(tmp_path / "out")], env=env, capture_output=True,
                          text=True, timeout=120)


def test_closing_the_window_during_the_warm_up_exits_cleanly(tmp_path):
    done = run_child(tmp_path, "during")
    assert "closing; warm-up running: True" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "warm-up finished: True" in done.stdout


def test_closing_the_window_before_the_warm_up_exits_cleanly(tmp_path):
    done = run_child(tmp_path, "before")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stdout + done.stderr
    assert "warm-up finished: False" in done.stdout  # never started


def test_an_export_after_the_warm_up_writes_everything(tmp_path):
    done = run_child(tmp_path, "export")
    assert "failed steps: []" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert list((tmp_path / "out").glob("*/*.pdf")) and list((tmp_path / "out").glob("*/*.xlsx"))


def test_the_rehearsal_leaves_nothing_behind(tmp_path, monkeypatch, home):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    passed = []
    warm_up.rehearse_export(lambda: passed.append(1))
    assert passed and [p for p in tmp_path.iterdir() if p != home] == []

    def stop_at_once():
        raise warm_up.Stopped

    warm = warm_up.WarmUp([warm_up.REHEARSAL], pause=0)
    warm._skip_rehearsal.set()  # as settle() does when a real export starts
    warm._checkpoint = stop_at_once
    warm.start()
    warm.finished.wait(60)
    assert warm.failed == [] and [p for p in tmp_path.iterdir() if p != home] == []


def test_it_waits_while_the_clerk_types():
    """A step starts only after QUIET_S without a key or a click; an export (settle) does not wait."""
    ran = []
    warm = warm_up.WarmUp([lambda: ran.append(1), lambda: ran.append(2)], pause=0)
    warm.note_input()
    warm.last_input += 3600  # the clerk "keeps typing" for an hour
    warm.start()
    assert not warm.finished.wait(2 * warm_up.QUIET_S) and ran == [1]
    warm.settle()
    assert ran == [1, 2] and warm.finished.is_set()


def test_key_presses_reach_the_warm_up(qtbot):
    from hbaccept_gui.ui.qt import QApplication, QLineEdit, Qt

    warm = warm_up.WarmUp([], pause=0)
    warm._thread = type("Running", (), {"is_alive": lambda self: True})()  # looks busy: the filter stays
    watch = warm_up.watch_input(QApplication.instance(), warm)
    try:
        editor = QLineEdit()
        qtbot.addWidget(editor)
        qtbot.keyClick(editor, Qt.Key_A)
        assert warm.last_input > 0
    finally:
        QApplication.instance().removeEventFilter(watch)
        watch.deleteLater()
