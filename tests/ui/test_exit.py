"""Quitting never crashes: text copied from a report (clipboard data made in Python) once made
the program segfault on exit, after the clerk's work was saved but before settings were — and
a crash log would have blamed the next start for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from hbaccept_gui.ui.app import make_application, run_gui
from hbaccept_gui.ui.qt import QApplication, QTimer
from hbaccept_gui.ui.report_page import ReportPage

def copy_from_a_report_and_quit():
    window = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")
    page = next(tab.page for tab in window.pages if isinstance(tab.page, ReportPage))
    editor = next(iter(page.editors.values()))
    editor.selectAll()
    editor.copy()
    print("copied:", QApplication.clipboard().text()[:8], flush=True)
    window.session.undo_stack.setClean()
    window.close()

make_application()
QTimer.singleShot(300, copy_from_a_report_and_quit)
sys.exit(run_gui(demo=True))
"""


def test_quitting_after_copying_report_text_exits_cleanly(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HBACCEPT_HOME=str(tmp_path), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=60)
    assert "copied: （一）" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, f"exit code {done.returncode}: {done.stderr[-2000:]}"
