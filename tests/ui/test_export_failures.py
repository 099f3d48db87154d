"""一键导出 from the window when something fails (issue #14, items 2 and 5): every failure, not only an
OSError, is said in a Chinese message box; the document stays in the window as it was; a fault of
the program goes as a traceback to stderr, never to the clerk; nothing half-written is left."""

from __future__ import annotations

import errno
import os

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.exporters import docx, pdf
from hbaccept_gui.ui.export_dialog import run_export

LONG_UNIT = "保定市玊" + "图书馆古籍保护中心" * 30  # 274 characters, 玊 outside GB 2312
UNIT = CellRef("header", (), "unit_name")


def test_a_unit_name_of_274_characters_with_a_rare_character_exports(open_window, tmp_path, dialogs):
    """Was `ValueError: exceeded 255 char limit for property`, uncaught in the window."""
    window = open_window(demo=True)
    out = tmp_path / "out"  # tmp_path holds the test's settings folder too
    out.mkdir()
    window.session.set_text(UNIT, LONG_UNIT)
    result = run_export(window, parent_folder=out, ask=False)
    assert result is not None and result.folder.exists()
    assert any("字符集外字表" in p.name for p in result.files)
    assert not [kind for kind, _text in dialogs.asked if kind == "critical"]


def test_a_fault_of_the_program_is_said_in_chinese_and_the_traceback_goes_to_stderr(open_window, tmp_path, dialogs,
                                                                                   monkeypatch, capsys):
    window = open_window(demo=True)
    out = tmp_path / "out"  # tmp_path holds the test's settings folder too
    out.mkdir()
    window.session.set_text(UNIT, "保定市图书馆（测试）")
    before = window.session.document.header["unit_name"]

    def broken(*_args, **_kwargs):
        raise ValueError("exceeded 255 char limit for property")

    monkeypatch.setattr(docx, "write_report_docx", broken)
    assert run_export(window, parent_folder=out, ask=False) is None

    kind, text = dialogs.asked[-1]
    assert kind == "critical"
    assert text.startswith("导出失败：程序出错（正在写出 Word：") and "文档没有受影响" in text
    assert "ValueError" not in text and "exceeded" not in text and "Traceback" not in text
    err = capsys.readouterr().err
    assert "Traceback" in err and "ValueError: exceeded 255 char limit" in err
    assert window.session.document.header["unit_name"] == before  # the document is kept, still editable
    assert window.session.dirty and window.session.undo_stack.canUndo()  # the edit is there, unsaved, undoable
    assert list(out.iterdir()) == []


def test_a_fault_before_writing_is_caught_too(open_window, tmp_path, dialogs, monkeypatch):
    window = open_window(demo=True)
    out = tmp_path / "out"  # tmp_path holds the test's settings folder too
    out.mkdir()

    def broken(_evaluation):
        raise KeyError("annex9")

    monkeypatch.setattr("hbaccept_gui.ui.export_dialog.build_export_set", broken)
    assert run_export(window, parent_folder=out, ask=False) is None
    kind, text = dialogs.asked[-1]
    assert kind == "critical" and text.startswith("导出失败：程序出错") and "KeyError" not in text


def test_the_trace_of_a_handled_fault_is_kept_for_the_diagnostics(open_window, tmp_path, dialogs, monkeypatch):
    """A windowed build has no console: the traceback goes to fault-<time>.log beside the crash
    logs, and 帮助 → 诊断信息 shows it; the next start does not take it for a crash."""
    from hbaccept_gui.crash_log import FAULT_PREFIX, crash_logs, diagnostics_text, latest_crash
    from hbaccept_gui.ui.settings import crash_dir

    window = open_window(demo=True)
    out = tmp_path / "out"
    out.mkdir()

    def broken(_evaluation):
        raise KeyError("annex9")

    monkeypatch.setattr("hbaccept_gui.ui.export_dialog.build_export_set", broken)
    run_export(window, parent_folder=out, ask=False)
    [fault] = crash_logs(crash_dir(), FAULT_PREFIX)
    text = fault.read_text(encoding="utf-8")
    assert "程序出错（已处理）：一键导出" in text and "KeyError: 'annex9'" in text and "Traceback" in text
    assert latest_crash(crash_dir()) is None  # not a crash
    shown = diagnostics_text(crash_dir(), {}, None, latest_crash(crash_dir(), FAULT_PREFIX))
    assert "最近一次程序出错记录" in shown and "KeyError: 'annex9'" in shown


def test_a_full_disk_is_said_in_chinese_and_leaves_nothing(open_window, tmp_path, dialogs, monkeypatch, capsys):
    window = open_window(demo=True)
    out = tmp_path / "out"  # tmp_path holds the test's settings folder too
    out.mkdir()

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pdf, "write_form_pdf", full)
    assert run_export(window, parent_folder=out, ask=False) is None
    kind, text = dialogs.asked[-1]
    assert kind == "critical" and text.startswith("导出失败：磁盘空间不足")
    assert "No space" not in text and "Errno" not in text
    assert "Traceback" not in capsys.readouterr().err  # the disk's fault, not the program's: no trace
    assert list(out.iterdir()) == []

    monkeypatch.undo()
    result = run_export(window, parent_folder=out, ask=False)
    assert not result.folder.name.endswith("_2")
