"""Autosave and crash recovery: an edit is journaled within 2 seconds; after the process is killed
(SIGKILL), the next start offers the work back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.ui.app import offer_recovery
from hbaccept_gui.ui.main_window import autosave_dir

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys, time
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.ui.app import make_application, start_window
from hbaccept_gui.ui.main_window import autosave_dir
app = make_application()
window = start_window(demo=True)
window.show()
app.processEvents()
window.session.set_text(CellRef("header", (), "unit_name"), "崩溃前的单位")
edited = time.monotonic()
while not list(autosave_dir().glob("*/journal.hbaccept")):
    app.processEvents()
    time.sleep(0.02)
    if time.monotonic() - edited > 10:
        print("no journal", flush=True)
        sys.exit(1)
print(f"journaled {time.monotonic() - edited:.3f}", flush=True)
while True:
    app.processEvents()
    time.sleep(0.05)
"""


def test_killed_app_offers_its_unsaved_edit_at_the_next_start(open_window, home, dialogs):
    env = dict(os.environ, HBACCEPT_HOME=str(home), QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, env=env, text=True)
    try:
        line = child.stdout.readline().split()
        assert line[0] == "journaled", line
        assert float(line[1]) < 2.0, "the edit must be journaled within 2 seconds"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
    window = open_window()
    asked = []
    assert offer_recovery(window, ask=lambda text: asked.append(text) or True)
    assert "上次程序意外关闭" in asked[0]
    assert window.session.document.header["unit_name"] == "崩溃前的单位"
    assert window.session.dirty and "*" in window.windowTitle()
    assert not offer_recovery(window, ask=lambda text: True), "offered once only"


def test_a_clean_close_leaves_nothing_to_recover(open_window, home):
    window = open_window(demo=True)
    window.session.set_text(CellRef("header", (), "contact"), "某人")
    window.write_journal()
    assert list(autosave_dir().glob("*/journal.hbaccept"))
    window.session.undo_stack.setClean()
    window.close()
    second = open_window()
    assert not offer_recovery(second, ask=lambda text: True)


def test_a_corrupt_journal_is_reported_and_set_aside(open_window, home, dialogs):
    orphan = autosave_dir() / "deadbeef"
    orphan.mkdir(parents=True)
    (orphan / "journal.hbaccept").write_bytes(b"\x00garbage")
    window = open_window()
    assert not offer_recovery(window, ask=lambda text: True)
    kind, text = dialogs.asked[-1]
    assert kind == "warning" and "自动保存的草稿已损坏" in text
    assert not orphan.exists()
    assert window.session is not None


def test_declining_recovery_discards_the_journal(open_window, home):
    orphan = autosave_dir() / "cafe"
    orphan.mkdir(parents=True)
    (orphan / "journal.hbaccept").write_bytes((ROOT / "resources/samples/baoding-2024.hbaccept").read_bytes())
    window = open_window()
    assert not offer_recovery(window, ask=lambda text: False)
    assert not orphan.exists()
