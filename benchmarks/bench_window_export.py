"""What a clerk waits for in the window: from the click on 一键导出 to the dialog saying it is done,
for the first export after start-up (the window idle for 3 s before the click) and for a later
one; start-up to the first paint; and keystrokes while the background warm-up runs. Each figure
with the warm-up (ui/warm_up.py) on and off, alternating, in fresh processes (issue [Speed]).

    .venv/bin/python benchmarks/bench_window_export.py [runs] [--windows-fonts]

Offscreen Qt, the real start (`run_gui(demo=True)`, as `hbaccept --demo`), the dialogs of the
export answered at once (Yes to the warnings, the folder chosen, the done box closed as it opens).
Start-up is also measured for an empty PySide6 window the same way (goal: ≤ 3× that). The typing
figure is the delay of each of ~60 keystrokes, 40 ms apart, into 项目联系人 from 0.8 s to 3.2 s
after the window appears (the warm-up starts at 1 s): how late the keystroke's timer fired plus
the time Qt took to handle it.

--windows-fonts: the exports embed stand-ins at the Windows font names, as bench_cold_export.py's.

Goals (issue [Speed]): the first export ≤ 0.5 s after 3 s idle; start-up unchanged. The machine
may be shared: medians of one run, on and off alternating, are what to compare."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_cold_export import bytecode_cached, standin_fonts

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
RUNS = 5

CHILD = r"""
import json, sys, time
T0, MODE, OUT = float(sys.argv[1]), sys.argv[2], sys.argv[3]
from hbaccept_gui.ui.qt import QApplication, QEvent, QFileDialog, QMessageBox, QObject, QTimer, QWidget, Qt

figures = {}

class FirstPaint(QObject):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Paint and type(watched).__name__ == self.kind and "startup" not in figures:
            figures["startup"] = time.monotonic() - T0
            QTimer.singleShot(0, shown)
        return False

def shown():
    figures["shown_at"] = time.monotonic()
    if MODE == "empty":
        QApplication.instance().quit()
    elif MODE == "export":
        QTimer.singleShot(3000, export_twice)
    elif MODE == "type":
        typing()
    elif MODE == "start":
        close()

if MODE == "empty":
    app = QApplication(sys.argv)
    spy = FirstPaint("QWidget")
    app.installEventFilter(spy)
    w = QWidget(); w.resize(800, 600); w.show()
    app.exec()
    print(json.dumps(figures)); sys.exit(0)

import os
if os.environ.get("HBACCEPT_BENCH_FONTS"):
    from pathlib import Path
    from hbaccept_gui.exporters import fonts
    fonts.font_dirs = lambda: [Path(os.environ["HBACCEPT_BENCH_FONTS"])]
from hbaccept_gui.ui.app import make_application, run_gui
from hbaccept_gui.ui import warm_up

done_at = []
QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Yes)
QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: OUT)
QMessageBox.exec = lambda box: done_at.append(time.monotonic()) or 0  # the 导出完成 box, as it opens
def refuse(*args, **kwargs):
    figures["error"] = str(args[2:3])
    return QMessageBox.Ok
QMessageBox.critical = staticmethod(refuse)

def window():
    return next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow")

def export_twice():
    for name in ("first_export", "later_export"):
        start = time.monotonic()
        window().act_export.trigger()
        figures[name] = done_at[-1] - start if done_at else None
    warm = warm_up.current()
    figures["warm_failed"] = warm.failed if warm else None
    close()

def typing():
    editor = window().header_bar.editors["contact"]
    editor.setFocus()
    from PySide6.QtTest import QTest
    delays, base = [], figures["shown_at"] + 0.8
    planned = [base + 0.04 * i for i in range(60)]
    def key():
        QTest.keyClick(editor, Qt.Key_A)
        delays.append(time.monotonic() - planned[len(delays)])
        if len(delays) < len(planned):
            QTimer.singleShot(max(0, round((planned[len(delays)] - time.monotonic()) * 1000)), key)
        else:
            figures["keys"] = delays
            editor.clear()
            close()
    QTimer.singleShot(max(0, round((planned[0] - time.monotonic()) * 1000)), key)

def close():
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Discard)  # 保存修改吗？ no
    window().session.undo_stack.setClean()
    window().close()

def watchdog():  # a benchmark must never hang: give up after 60 s
    figures["error"] = "watchdog"
    print(json.dumps(figures), flush=True)
    import os
    os._exit(3)

app = make_application(sys.argv)
QTimer.singleShot(60_000, watchdog)
spy = FirstPaint("MainWindow")
app.installEventFilter(spy)
code = run_gui(demo=True)
print(json.dumps(figures))
sys.exit(code)
"""


#: One settings/autosave/cache folder for every child: the font cache and the compiled bytecode
#: are warm (after the untimed first run) as on a PC that has exported before, the window opens as
#: it was left.
HOME = tempfile.mkdtemp(prefix="hbaccept-bench-")
#: The folder of stand-in Windows fonts (--windows-fonts), else None: the bundled font.
FONTS: Path | None = None


def child(mode: str, warm: bool) -> dict:
    import time

    env = bytecode_cached(dict(os.environ, PYTHONPATH=str(ROOT), HBACCEPT_HOME=HOME,
                               HBACCEPT_WARM_UP="1" if warm else "0"), Path(HOME) / "pycache")
    if FONTS:
        env["HBACCEPT_BENCH_FONTS"] = str(FONTS)
    out = tempfile.mkdtemp(prefix="hbaccept-bench-out-")
    done = subprocess.run([sys.executable, "-c", CHILD, repr(time.monotonic()), mode, out], env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def median(values) -> str:
    values = [v for v in values if v is not None]
    return f"{statistics.median(values):6.3f} s" if values else "   n/a  "


def main() -> int:
    global FONTS
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = int(args[0]) if args else RUNS
    if "--windows-fonts" in sys.argv:
        FONTS = standin_fonts(Path(HOME) / "Fonts")
        if FONTS is None:
            print("stand-in fonts not installed (fonts-droid-fallback, fonts-wqy-zenhei): Windows set not measured")
            return 1
    results: dict[tuple[str, bool], list[dict]] = {}
    child("export", True)  # untimed: writes the font cache and the window's settings
    for _ in range(runs):
        results.setdefault(("empty", False), []).append(child("empty", False))
        for warm in (True, False):
            results.setdefault(("export", warm), []).append(child("export", warm))
            results.setdefault(("type", warm), []).append(child("type", warm))
            for _ in range(2):
                results.setdefault(("start", warm), []).append(child("start", warm))
    print(f"{runs} runs each, offscreen Qt, {os.cpu_count()} cores (the machine may be shared); medians; "
          f"fonts: {'Windows stand-ins' if FONTS else 'bundled WenQuanYi Zen Hei'}")
    empty = [r["startup"] for r in results[("empty", False)]]
    print(f"start-up to first paint, empty PySide6 window        {median(empty)}")
    for warm in (True, False):
        label = "warm-up on " if warm else "warm-up off"
        exports = results[("export", warm)]
        starts = [r["startup"] for r in exports + results[("type", warm)] + results[("start", warm)]]
        keys = [d for r in results[("type", warm)] for d in r["keys"]]
        errors = {r.get("error") for r in exports} - {None}
        print(f"[{label}] start-up to first paint, demo window        {median(starts)}"
              f"  ({statistics.median(starts) / statistics.median(empty):.1f}× the empty window)")
        first, later = (median(r[key] for r in exports) for key in ("first_export", "later_export"))
        print(f"[{label}] first 一键导出 after 3 s idle (click → done) {first}")
        print(f"[{label}] a later 一键导出                              {later}")
        keys.sort()
        print(f"[{label}] keystroke delay while warming: median {statistics.median(keys) * 1000:5.1f} ms, "
              f"95th percentile {keys[int(len(keys) * 0.95)] * 1000:5.1f} ms, worst {keys[-1] * 1000:5.1f} ms "
              f"(n={len(keys)})")
        if errors:
            print(f"[{label}] export failed: {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
