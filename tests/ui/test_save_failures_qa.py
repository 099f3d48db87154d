"""QA defects in the real window: 另存为 under a name too long, or into a "folder" that is a file,
said in an error box (no silent failure, no traceback), the `*` and the data kept; a damaged file
opened says where help is, naming a .bak only when there is one."""

from __future__ import annotations

from pathlib import Path

import pytest

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.ui.qt import QFileDialog, Qt

CONTACT = CellRef("header", (), "contact")


def save_as_answering(qtbot, window, monkeypatch, answer: Path | str) -> None:
    """文件 → 另存为… (Ctrl+Shift+S), the file dialog answered with `answer`, as typed + Enter."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(answer), ""))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)


def edited_window(open_window, path: Path | None = None):
    window = open_window(file=str(path)) if path else open_window(demo=True)
    window.session.set_text(CONTACT, "新联系人")
    assert window.session.dirty and "*" in window.windowTitle()
    return window


def assert_nothing_lost(window, dialogs, words: str) -> None:
    kind, text = dialogs.asked[-1]
    assert kind == "critical" and words in text and "您的数据仍在程序中" in text
    assert window.session.dirty and "*" in window.windowTitle()
    assert window.session.document.header["contact"] == "新联系人"


@pytest.mark.parametrize("typed", ["验" * 200, "验" * 200 + ".hbaccept"])
def test_save_as_under_a_200_character_name_says_the_name_is_too_long(open_window, qtbot, monkeypatch, tmp_path,
                                                                     dialogs, typed):
    window = edited_window(open_window)
    before = window.session.path
    save_as_answering(qtbot, window, monkeypatch, tmp_path / typed)
    assert_nothing_lost(window, dialogs, "文件名过长")
    assert "请缩短文件名" in dialogs.asked[-1][1]
    assert window.session.path == before
    assert list(tmp_path.glob("*.hbaccept*")) == [] and list(tmp_path.glob(".*.saving")) == []


def test_save_as_from_an_open_file_to_a_too_long_name_leaves_the_open_file_intact(open_window, qtbot, monkeypatch,
                                                                                  tmp_path, dialogs):
    path = tmp_path / "保定.hbaccept"
    path.write_bytes(demo_path().read_bytes())
    window = edited_window(open_window, path)
    save_as_answering(qtbot, window, monkeypatch, tmp_path / ("验" * 200))
    assert_nothing_lost(window, dialogs, "文件名过长")
    assert path.read_bytes() == demo_path().read_bytes() and window.session.path == path


def test_save_as_into_a_file_taken_for_a_folder_says_it_is_a_file(open_window, qtbot, monkeypatch, tmp_path, dialogs):
    (tmp_path / "x.hbaccept").write_text("mine", encoding="utf-8")
    window = edited_window(open_window)
    save_as_answering(qtbot, window, monkeypatch, tmp_path / "x.hbaccept" / "y.hbaccept")
    assert_nothing_lost(window, dialogs, "“x.hbaccept”是一个文件，不是文件夹")
    assert "不存在" not in dialogs.asked[-1][1]
    assert (tmp_path / "x.hbaccept").read_text(encoding="utf-8") == "mine"


def test_opening_a_damaged_file_names_a_backup_only_when_there_is_one(open_window, tmp_path, dialogs):
    window = open_window(demo=True)
    path = tmp_path / "x.hbaccept"
    path.write_bytes(b"")
    assert not window.open_path(path, ask=False)
    kind, text = dialogs.asked[-1]
    assert kind == "warning" and "空文件" in text and "备份文件（.bak）" not in text and "有备份文件" not in text
    (tmp_path / "x.hbaccept.bak").write_bytes(demo_path().read_bytes())
    assert not window.open_path(path, ask=False)
    assert "同一文件夹中有备份文件“x.hbaccept.bak”，可改为打开它" in dialogs.asked[-1][1]
