"""Autosave and crash recovery: an edit is journaled within 2 seconds; after the process is killed
(SIGKILL), the next start lists the work (unit, file, local time, size) and the clerk decides about
each journal. Nothing journaled is deleted without a click that says so: unreadable journals are
retried from their .bak and otherwise kept in 无法恢复/."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.journal import JOURNAL_NAME, KEPT_DIR, META_NAME, Journal, find_orphans
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.ui.app import offer_recovery
from hbaccept_gui.ui.main_window import autosave_dir
from hbaccept_gui.ui.qt import QFileDialog, QMessageBox, Qt

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources/samples/baoding-2024.hbaccept"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock semantics and SIGKILL are POSIX")

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


@pytest.fixture
def shanghai(monkeypatch):
    """Local time is China's, whatever the machine says."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def crashed_journal(unit: str, original: Path | None = None, saved_at: str | None = None) -> Path:
    """The folder a killed session leaves: a journal of the demo under `unit`, lock free."""
    _definition, doc = load_demo()
    doc.header["unit_name"] = unit
    journal = Journal(autosave_dir())
    journal.write(doc, original)
    if saved_at:
        meta = {"original": str(original) if original else None, "saved_at": saved_at}
        (journal.folder / META_NAME).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    journal.lock.release()
    return journal.folder


def shown(qtbot, *keys_then):
    """run_dialog for offer_recovery: show the real dialog, record what it lists, then do
    `keys_then` (keys, or callables taking qtbot and the dialog) as the clerk would."""
    seen = {}

    def run(dialog):
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.table.setFocus()
        table = dialog.table
        seen["rows"] = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
        seen["dialog"] = dialog
        for step in keys_then:
            if callable(step):
                step(qtbot, dialog)
            else:
                qtbot.keyClick(dialog.table if dialog.isVisible() else dialog, step)
        if dialog.isVisible():
            dialog.reject()

    return run, seen


def click(button_name):
    """A step for `shown`: click the dialog's button `button_name`."""
    return lambda qtbot, dialog: qtbot.mouseClick(getattr(dialog, button_name), Qt.LeftButton)


def test_killed_app_offers_its_unsaved_edit_at_the_next_start(open_window, home, qtbot):
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
    run, seen = shown(qtbot, Qt.Key_Return)
    assert offer_recovery(window, run_dialog=run)
    assert "上次程序意外关闭" in seen["dialog"].intro.text()
    assert seen["rows"][0][:2] == ["崩溃前的单位", "未保存过的新文档"]
    assert window.session.document.header["unit_name"] == "崩溃前的单位"
    assert window.session.dirty and "*" in window.windowTitle()
    run, seen = shown(qtbot, Qt.Key_Return)
    assert not offer_recovery(window, run_dialog=run), "offered once only"
    assert "dialog" not in seen


def test_every_orphan_is_listed_and_those_not_chosen_are_kept(open_window, home, qtbot, shanghai, tmp_path):
    first = crashed_journal("甲县图书馆", tmp_path / "甲县.hbaccept", "2026-11-30T19:07:57+08:00")
    second = crashed_journal("乙县图书馆", None, "2026-11-30T20:05:00+09:00")  # 19:05 in China: older
    window = open_window()
    run, seen = shown(qtbot, Qt.Key_Down, Qt.Key_Return)  # the second line: 乙县
    assert offer_recovery(window, run_dialog=run)
    rows = seen["rows"]
    assert [row[0] for row in rows] == ["甲县图书馆", "乙县图书馆"]  # newest first
    assert rows[0][1] == str(tmp_path / "甲县.hbaccept") and rows[1][1] == "未保存过的新文档"
    assert rows[0][2] == "2026年11月30日 19:07" and rows[1][2] == "2026年11月30日 19:05"
    assert all(row[3].endswith("KB") for row in rows)
    assert window.session.document.header["unit_name"] == "乙县图书馆"
    assert not second.exists(), "restored: now journaled by this window"
    assert (first / JOURNAL_NAME).is_file(), "not chosen: kept, not deleted"
    run, seen = shown(qtbot, click("later_button"))
    assert not offer_recovery(window, run_dialog=run)
    assert [row[0] for row in seen["rows"]] == ["甲县图书馆"], "offered again at the next start"
    assert (first / JOURNAL_NAME).is_file()
    orphans = find_orphans(autosave_dir(), window.journal.folder)
    for orphan in orphans:
        orphan.release()
    assert [orphan.folder for orphan in orphans] == [first], "and its lock is free again for the next start"


def test_a_corrupt_journal_is_restored_from_its_backup_and_kept(open_window, home, qtbot, dialogs):
    folder = crashed_journal("备份中的单位")
    (folder / JOURNAL_NAME).rename(folder / (JOURNAL_NAME + ".bak"))
    (folder / JOURNAL_NAME).write_bytes(b'{"format": "hbaccept-document", "form')  # cut short
    window = open_window()
    run, seen = shown(qtbot, Qt.Key_Return)
    assert offer_recovery(window, run_dialog=run)
    assert seen["rows"][0][0] == "备份中的单位"
    assert window.session.document.header["unit_name"] == "备份中的单位"
    kind, text = dialogs.asked[-1]
    assert kind == "warning" and "再早一次自动保存" in text
    kept = list((autosave_dir() / KEPT_DIR).iterdir())
    assert len(kept) == 1 and (kept[0] / JOURNAL_NAME).read_bytes().endswith(b'"form')
    assert str(kept[0]) in text


def test_an_unreadable_journal_is_moved_aside_never_deleted(open_window, home, qtbot, dialogs):
    orphan = autosave_dir() / "deadbeef"
    orphan.mkdir(parents=True)
    (orphan / "journal.hbaccept").write_bytes(b"\x00garbage")
    window = open_window()
    run, seen = shown(qtbot, Qt.Key_Return)
    assert not offer_recovery(window, run_dialog=run)
    assert "dialog" not in seen, "nothing readable to list"
    kind, text = dialogs.asked[-1]
    assert kind == "warning" and "自动保存的草稿已损坏" in text and "没有删除" in text
    assert not orphan.exists()
    kept = list((autosave_dir() / KEPT_DIR).iterdir())
    assert len(kept) == 1 and (kept[0] / JOURNAL_NAME).read_bytes() == b"\x00garbage"
    assert str(kept[0]) in text
    assert window.session is not None
    assert not offer_recovery(window, run_dialog=run)
    assert (kept[0] / JOURNAL_NAME).exists(), "the kept folder is not an orphan to clean up"


def test_giving_a_draft_up_asks_first(open_window, home, qtbot, dialogs):
    folder = crashed_journal("要放弃的单位")
    window = open_window()
    dialogs.answer = QMessageBox.No
    run, seen = shown(qtbot, click("drop_button"))
    assert not offer_recovery(window, run_dialog=run)
    assert "无法找回" in dialogs.asked[-1][1]
    assert folder.exists()
    dialogs.answer = QMessageBox.Yes
    run, seen = shown(qtbot, click("drop_button"))
    assert not offer_recovery(window, run_dialog=run)
    assert not folder.exists()


def test_a_draft_can_be_saved_as_a_file(open_window, home, qtbot, tmp_path, monkeypatch):
    folder = crashed_journal("另存的单位")
    target = tmp_path / "恢复的.hbaccept"
    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, suggested, _filter: proposed.append(suggested) or (str(target), ""))
    window = open_window()
    run, seen = shown(qtbot, click("save_button"))
    assert not offer_recovery(window, run_dialog=run)
    assert Path(proposed[0]).name == "另存的单位（恢复）.hbaccept"
    from hbaccept_gui.core.storage import load_document

    assert load_document(target)[1].header["unit_name"] == "另存的单位"
    assert not folder.exists()


def test_a_clean_close_leaves_nothing_to_recover(open_window, home, qtbot):
    window = open_window(demo=True)
    window.session.set_text(CellRef("header", (), "contact"), "某人")
    window.write_journal()
    assert list(autosave_dir().glob("*/journal.hbaccept"))
    window.session.undo_stack.setClean()
    window.close()
    second = open_window()
    run, seen = shown(qtbot, Qt.Key_Return)
    assert not offer_recovery(second, run_dialog=run)
    assert "dialog" not in seen
