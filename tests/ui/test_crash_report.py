"""The crash trace: the real program, killed with SIGABRT and SIGSEGV, leaves faulthandler's trace
in its log; the next start finds it and says where it is; 帮助 → 诊断信息 shows the versions and the
last crash log and copies them for a support email."""

from __future__ import annotations

import os
import platform
import select
import signal
import subprocess
import sys
from pathlib import Path

import PySide6

from hbaccept_gui import __version__
from hbaccept_gui.ui.app import after_start, start_crash_log
from hbaccept_gui.ui.diagnostics_dialog import DiagnosticsDialog
from hbaccept_gui.ui.qt import QApplication, QDesktopServices, QPushButton, Qt, qVersion
from hbaccept_gui.ui.settings import crash_dir

ROOT = Path(__file__).resolve().parents[2]
STARTED_WITHIN_S = 20

#: The real `run_gui`, saying when its window is up (after_start runs from the event loop).
CHILD = r"""
import sys
from hbaccept_gui.ui import app
shown = app.after_start
def after_start(window, crashes):
    shown(window, crashes)
    print("started", len(crashes), flush=True)
app.after_start = after_start
sys.exit(app.run_gui(demo=True))
"""
#: The same, closing its window as soon as it is up.
CLEAN_CHILD = CHILD.replace('print("started"', 'window.close(); print("started"')
FATAL = {signal.SIGABRT: "Fatal Python error: Aborted", signal.SIGSEGV: "Fatal Python error: Segmentation fault"}


def no_core_dump() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def start_child(home: Path, cwd: Path, script: str = CHILD) -> subprocess.Popen:
    env = dict(os.environ, HBACCEPT_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, cwd=cwd, text=True,
                            preexec_fn=no_core_dump)


def read_line(child: subprocess.Popen, timeout: float) -> str:
    ready, _, _ = select.select([child.stdout], [], [], timeout)
    return child.stdout.readline() if ready else "(nothing printed in time)"


def kill_both(home: Path, cwd: Path) -> dict[int, int]:
    """Two instances at once (neither may take the other's log), one aborted, one segfaulted:
    {signal: pid}."""
    children = {sig: start_child(home, cwd) for sig in FATAL}
    try:
        for child in children.values():
            assert read_line(child, STARTED_WITHIN_S).split() == ["started", "0"]
        for sig, child in children.items():
            child.send_signal(sig)
            assert child.wait(timeout=STARTED_WITHIN_S) == -sig
    finally:
        for child in children.values():
            if child.poll() is None:
                child.kill()
            child.wait()
            child.stdout.close()
    return {sig: child.pid for sig, child in children.items()}


def test_a_crash_leaves_a_trace_that_the_next_start_points_to(open_window, home, dialogs, tmp_path):
    pids = kill_both(home, tmp_path)
    for sig, pid in pids.items():
        [log] = crash_dir().glob(f"session-*-{pid}.log")
        text = log.read_text(encoding="utf-8")
        assert FATAL[sig] in text and "in run_gui" in text, text
    crash_log, crashes = start_crash_log()
    crash_log.close()
    assert sorted(c.name for c in crashes) == sorted(c.name for c in crash_dir().glob("crash-*.log"))
    assert {c.name.rsplit("-", 1)[1] for c in crashes} == {f"{pid}.log" for pid in pids.values()}
    window = open_window()
    after_start(window, crashes)
    assert dialogs.asked == [("information", dialogs.asked[0][1])]
    assert "程序此前有 2 次意外关闭" in dialogs.asked[0][1] and str(crashes[0]) in dialogs.asked[0][1]
    after_start(window, crashes[1:])
    assert "程序上次意外关闭" in dialogs.asked[1][1] and str(crashes[1]) in dialogs.asked[1][1]
    assert "帮助 → 诊断信息" in dialogs.asked[1][1]
    after_start(window, [])
    assert len(dialogs.asked) == 2, "no crash, no message"


def test_a_clean_exit_leaves_no_crash_log(home, tmp_path):
    child = start_child(home, tmp_path, CLEAN_CHILD)
    try:
        assert read_line(child, STARTED_WITHIN_S).split() == ["started", "0"]
        assert child.wait(timeout=STARTED_WITHIN_S) == 0
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()
    assert crash_dir().is_dir() and list(crash_dir().iterdir()) == []


def test_an_unwritable_data_folder_costs_only_the_crash_log(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("HBACCEPT_HOME", str(blocker))
    assert start_crash_log() == (None, [])


def test_help_diagnostics_shows_the_versions_and_the_last_crash_and_copies_them(open_window, home, qtbot,
                                                                                 monkeypatch):
    crash_dir().mkdir(parents=True)
    (crash_dir() / "crash-20250101-080000-1.log").write_text("更早的崩溃\n", encoding="utf-8")
    last = "验收材料填报助手 诊断日志\nFatal Python error: Segmentation fault\n  File \"x.py\", line 7 in 填表\n"
    (crash_dir() / "crash-20250102-080000-2.log").write_text(last, encoding="utf-8")
    window = open_window()
    [help_menu] = [a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)"]
    assert window.act_diagnostics in help_menu.actions()
    window.act_diagnostics.trigger()
    dialog = window.findChild(DiagnosticsDialog)
    assert dialog.isVisible() and dialog.windowTitle() == "诊断信息"
    text = dialog.text.toPlainText()
    for part in (f"程序版本：{__version__}", f"Python：{platform.python_version()}", f"Qt：{qVersion()}",
                 f"PySide6：{PySide6.__version__}", str(crash_dir()), last):
        assert part in text
    assert "更早的崩溃" not in text
    qtbot.mouseClick(dialog.copy_button, Qt.LeftButton)
    assert QApplication.clipboard().text() == text
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(dialog.open_button, Qt.LeftButton)
    assert opened == [str(crash_dir())]
    [close] = [b for b in dialog.findChildren(QPushButton) if b.text() == "关闭"]
    qtbot.mouseClick(close, Qt.LeftButton)
    assert not dialog.isVisible()
