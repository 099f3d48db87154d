"""Cold start to first paint, and edit → recompute with 2,000 itemised works, in the real window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gui.py

Goals (issue [GUI]): cold start ≤ 0.6 s median on a 2-core machine; edit → recompute ≤ 5 ms."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
STARTS = 9
EDITS = 60

CHILD = r"""
import sys, time
from hbaccept_gui.ui.qt import QEvent, QObject
from hbaccept_gui.ui.app import make_application, start_window

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Paint:
            print(f"{time.time():.6f}", flush=True)
            app.exit(0)
        return False

app = make_application(sys.argv)
window = start_window(demo=True)
spy = FirstPaint()
window.installEventFilter(spy)
window.show()
app.exec()
"""


def cold_starts() -> list[float]:
    times = []
    env = dict(os.environ, PYTHONPATH=str(ROOT), HBACCEPT_HOME=tempfile.mkdtemp(prefix="hbaccept-bench-"))
    for _ in range(STARTS):
        start = time.time()
        done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
        times.append(float(done.stdout.strip().splitlines()[-1]) - start)
    return times


def edit_times() -> list[float]:
    os.environ["HBACCEPT_HOME"] = tempfile.mkdtemp(prefix="hbaccept-bench-")
    from hbaccept_gui.core.cells import CellRef
    from hbaccept_gui.core.document import ItemRow
    from hbaccept_gui.ui.app import make_application, start_window

    app = make_application()
    window = start_window(demo=True)
    session = window.session
    session.document.details["digital_resources"][0].items = [
        ItemRow(f"《示例古籍第{i}种》", Decimal(300 + i % 700)) for i in range(2000)]
    window.set_session(type(session)(session.definition, session.document))  # views over 2,000 works
    window.show()
    for tab in window.pages:  # every tab visited: all views are listening
        tab.page  # noqa: B018
    window.show_page("annex2")
    app.processEvents()
    session = window.session
    times = []
    for n in range(EDITS):
        ref = CellRef("annex2", ("digital_resources", 0, n % 2000), "count")
        start = time.perf_counter()
        session.set_text(ref, str(400 + n))
        times.append((time.perf_counter() - start) * 1000)
        app.processEvents()
    assert session.results.value("annex2.digital_resources.count") > 0
    session.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, 0)
    app.processEvents()
    return times


def main() -> None:
    starts = cold_starts()
    print(f"cold start to first paint (demo, {STARTS} runs): median {statistics.median(starts):.3f} s, "
          f"min {min(starts):.3f} s, max {max(starts):.3f} s")
    edits = edit_times()
    print(f"edit → recompute → views told, 2,000 works ({EDITS} edits): median {statistics.median(edits):.2f} ms, "
          f"max {max(edits):.2f} ms")


if __name__ == "__main__":
    main()
