"""Faults in the window (#14): a hostile recent file at start-up, settings of the wrong types,
non-regular files, another instance on the same file, 另存为's proposed name."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.ui.qt import QApplication, QFileDialog, QMessageBox, Qt, QTimer
from hbaccept_gui.ui.settings import Settings, load_settings, save_settings, settings_path


def hostile_demo(folder: Path, number: str = "1e1000000") -> Path:
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["document"]["funding"]["library"]["budget"] = "@NUMBER@"
    path = folder / "大数.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False).replace('"@NUMBER@"', number), encoding="utf-8")
    return path


# ---------------------------------------------------------------- item 3: start-up survives any recent file


def test_a_recent_file_with_a_hostile_number_does_not_stop_the_start(open_window, home, tmp_path, dialogs):
    path = hostile_demo(tmp_path)
    save_settings(Settings(recent_files=[str(path)]))
    window = open_window()
    assert window.session is not None and window.session.path is None, "a new document instead"
    kind, text = dialogs.asked[-1]
    assert kind == "warning" and "大数.hbaccept" in text and "附件5" in text and "超出本程序能精确处理的范围" in text
    again = open_window()  # and every start after it
    assert again.session is not None


def test_a_bug_while_opening_the_last_document_still_starts_a_new_one(open_window, home, tmp_path, dialogs,
                                                                     monkeypatch):
    from hbaccept_gui.ui import main_window

    path = tmp_path / "上次.hbaccept"
    path.write_bytes(demo_path().read_bytes())
    save_settings(Settings(recent_files=[str(path)]))

    def broken(_path):
        raise ArithmeticError("a bug, not a bad file")

    monkeypatch.setattr(main_window, "load_document", broken)
    monkeypatch.setattr("sys.excepthook", lambda *args: None)
    window = open_window()
    assert window.session is not None and window.session.path is None
    assert dialogs.asked[-1][0] == "warning" and "上次的文档“上次.hbaccept”无法打开" in dialogs.asked[-1][1]


# ---------------------------------------------------------------- item 7: settings of the wrong types


WRONG_SETTINGS = {
    "geometry-number": '{"window_geometry": 5, "last_folder": "KEEP"}',
    "geometry-surrogate": '{"window_geometry": "\\ud800", "last_folder": "KEEP"}',
    "geometry-not-ascii": '{"window_geometry": "几何", "last_folder": "KEEP"}',
    "recent-string": '{"recent_files": "C:\\\\文档\\\\保定.hbaccept", "last_folder": "KEEP"}',
    "recent-numbers": '{"recent_files": [1, 2], "last_folder": "KEEP"}',
    "recent-surrogate": '{"recent_files": ["\\udc80.hbaccept"], "last_folder": "KEEP"}',
    "folder-list": '{"last_folder": ["x"], "export_folder": "KEEP"}',
    "folder-nul": '{"last_folder": "a\\u0000b", "export_folder": "KEEP"}',
    "version-text": '{"settings_version": "1", "last_folder": "KEEP"}',
    "version-bool": '{"settings_version": true, "last_folder": "KEEP"}',
    "version-float": '{"settings_version": 1.5, "last_folder": "KEEP"}',
    "flag-number": '{"findings_visible": 0, "last_folder": "KEEP"}',
    "height-huge": '{"findings_height": 1e400, "last_folder": "KEEP"}',
}


@pytest.mark.parametrize("content", list(WRONG_SETTINGS.values()), ids=list(WRONG_SETTINGS))
def test_a_setting_of_the_wrong_type_falls_back_to_its_default(open_window, home, content):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(content, encoding="utf-8")
    window = open_window()
    assert window.session is not None
    assert "设置文件中有无效的设置" in window.statusBar().currentMessage()
    assert settings_path().with_name("settings.json.broken").read_text(encoding="utf-8") == content
    assert "KEEP" in (window.settings.last_folder, window.settings.export_folder), "the valid settings are kept"
    window.close()
    settings, notice = load_settings()
    assert notice is None, "the file written at close is a good one"


@pytest.mark.parametrize("content", ['{"recent_files": ' + "[" * 100000 + "]" * 100000 + "}",
                                     "[" * 100000 + "]" * 100000, '["a list"]', '"text"', "{ truncated"],
                         ids=["deep-value", "deep", "list", "string", "truncated"])
def test_a_settings_file_that_cannot_be_read_gives_all_defaults(open_window, home, content):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(content, encoding="utf-8")
    window = open_window()
    assert window.session is not None
    assert "设置文件已损坏" in window.statusBar().currentMessage()
    assert settings_path().with_name("settings.json.broken").exists()


def test_a_settings_fifo_does_not_block_the_start(open_window, home):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(settings_path())
    window = open_window()
    assert "设置文件已损坏" in window.statusBar().currentMessage()



# ---------------------------------------------------------------- item 9: non-regular files in the window


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_given_on_the_command_line_or_dropped_is_refused(open_window, home, tmp_path, dialogs):
    fifo = tmp_path / "管道.hbaccept"
    os.mkfifo(fifo)
    window = open_window(file=str(fifo))
    assert window.session is not None and window.session.path is None
    assert dialogs.asked[-1][0] == "warning" and "不是普通文件" in dialogs.asked[-1][1]
    assert not window.open_path(fifo)


# ---------------------------------------------------------------- item 8: 另存为 proposes a safe name


def press_save_as(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)


@pytest.mark.parametrize(("unit", "expected"), [("../../escaped", "escaped.hbaccept"), ("CON", "CON_.hbaccept"),
                                                ("x:y*?", "xy.hbaccept"), ("保定\u202e市图书馆", "保定市图书馆.hbaccept"),
                                                ("", "验收材料.hbaccept")])
def test_save_as_proposes_the_export_safe_name_in_the_last_folder(open_window, qtbot, tmp_path, monkeypatch, unit,
                                                                  expected):
    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, suggested, _filter: proposed.append(suggested) or ("", ""))
    window = open_window(demo=True)
    window.settings.last_folder = str(tmp_path)
    window.session.set_text(CellRef("header", (), "unit_name"), unit)
    press_save_as(qtbot, window)
    assert [Path(p) for p in proposed] == [tmp_path / expected]


def test_save_as_never_proposes_a_folder_that_is_gone(open_window, qtbot, tmp_path, monkeypatch):
    proposed = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, suggested, _filter: proposed.append(suggested) or ("", ""))
    window = open_window(demo=True)
    window.settings.last_folder = str(tmp_path / "已删除的文件夹")
    press_save_as(qtbot, window)
    assert Path(proposed[0]).parent.is_dir()


# ---------------------------------------------------------------- item 4: two instances on one file


def answer_next_box(qtbot, button_text: str, seen: list) -> None:
    """Click `button_text` in the next modal message box, as the clerk would."""

    tries = []

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if len(tries) < 250:  # 5 s, then give up: the test then fails on what it sees
                tries.append(1)
                QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().replace("&", "").startswith(button_text))
        qtbot.mouseClick(button, Qt.LeftButton)

    QTimer.singleShot(0, click)


def press_save(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier)


def set_contact(window, name):
    window.session.set_text(CellRef("header", (), "contact"), name)


@pytest.fixture
def shared(tmp_path):
    path = tmp_path / "共用" / "保定.hbaccept"
    path.parent.mkdir()
    path.write_bytes(demo_path().read_bytes())
    return path


def test_opening_a_file_another_instance_has_open_says_so(open_window, shared, dialogs):
    first = open_window(file=str(shared))
    assert not dialogs.asked
    second = open_window(file=str(shared))
    assert second.session.path == shared
    kind, text = dialogs.asked[-1]
    assert kind == "warning" and "“保定.hbaccept”已在本机另一个窗口中打开" in text
    first.new_document()  # no longer open there
    dialogs.asked.clear()
    assert second.open_path(shared, ask=False) and not dialogs.asked


def two_saves(open_window, qtbot, shared):
    """A and B open the file; B saves first. Returns A, edited, about to save."""
    a = open_window(file=str(shared))
    b = open_window(file=str(shared))
    set_contact(b, "乙的修改")
    press_save(qtbot, b)
    assert not b.session.dirty
    set_contact(a, "甲的修改")
    return a


def contact_in(path: Path) -> str:
    from hbaccept_gui.core.storage import load_document

    return load_document(path)[1].header["contact"]


def test_saving_over_a_file_another_instance_saved_asks_and_overwrite_keeps_both(open_window, qtbot, shared, dialogs):
    a = two_saves(open_window, qtbot, shared)
    seen = []
    answer_next_box(qtbot, "覆盖", seen)
    press_save(qtbot, a)
    assert "“保定.hbaccept”在您打开之后已被修改" in seen[0]
    assert contact_in(shared) == "甲的修改" and not a.session.dirty
    [kept] = shared.parent.glob("保定（另一处保存的版本 *）.hbaccept")
    assert contact_in(kept) == "乙的修改"
    assert str(kept) in dialogs.asked[-1][1]
    set_contact(a, "甲的第二次修改")
    press_save(qtbot, a)  # its own version now: no question
    assert contact_in(shared) == "甲的第二次修改"


def test_save_as_leaves_the_other_version_alone(open_window, qtbot, shared, tmp_path, monkeypatch):
    a = two_saves(open_window, qtbot, shared)
    mine = tmp_path / "甲的.hbaccept"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(mine), ""))
    seen = []
    answer_next_box(qtbot, "另存为", seen)
    press_save(qtbot, a)
    assert seen and contact_in(shared) == "乙的修改" and contact_in(mine) == "甲的修改"
    assert a.session.path == mine


def test_cancel_writes_nothing(open_window, qtbot, shared):
    a = two_saves(open_window, qtbot, shared)
    before = shared.read_bytes()
    seen = []
    answer_next_box(qtbot, "取消", seen)
    press_save(qtbot, a)
    assert seen and shared.read_bytes() == before and a.session.dirty
    assert list(shared.parent.glob("*另一处*")) == []


def test_a_file_only_touched_or_copied_back_is_not_a_change(open_window, qtbot, shared):
    a = open_window(file=str(shared))
    set_contact(a, "甲的修改")
    shared.write_bytes(shared.read_bytes())  # same content, new modification time
    os.utime(shared, (1, 1))
    press_save(qtbot, a)
    assert contact_in(shared) == "甲的修改"
