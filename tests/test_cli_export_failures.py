"""`hbaccept export` when something fails (issue #14, items 2 and 5): a Chinese message and exit code
2, never a traceback, and no half-written folder; a 单位名称 of 274 characters exports."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hbaccept_gui.cli import main
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.storage import save_document
from hbaccept_gui.exporters import docx, pdf

LONG_UNIT = "保定市玊" + "图书馆古籍保护中心" * 30  # 274 characters, 玊 outside GB 2312


def document_file(folder: Path, unit: str | None = None) -> Path:
    _definition, document = load_demo()
    if unit is not None:
        document.header["unit_name"] = unit
    path = folder / "单位.hbaccept"
    save_document(document, path)
    return path


def test_a_unit_name_of_274_characters_exports_without_a_traceback(tmp_path):
    """In a real process, as the clerk runs it: was `ValueError: exceeded 255 char limit for property`."""
    source = document_file(tmp_path, LONG_UNIT)
    done = subprocess.run([sys.executable, "-m", "hbaccept_gui", "export", str(source), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "已导出 17 个文件" in done.stdout


@pytest.fixture
def source(tmp_path):
    return document_file(tmp_path)


def export(capsys, source: Path, out: Path) -> tuple[int, str]:
    code = main(["export", str(source), "--out", str(out)])
    return code, capsys.readouterr().err


def test_a_full_disk_is_said_in_chinese_and_leaves_nothing(source, tmp_path, monkeypatch, capsys):
    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pdf, "write_report_pdf", full)
    out = tmp_path / "out"
    code, err = export(capsys, source, out)
    assert code == 2
    assert err.startswith("错误：导出失败：磁盘空间不足（正在写出 PDF：") and "请腾出磁盘空间" in err
    assert "No space" not in err and "Errno" not in err and "Traceback" not in err
    assert list(out.iterdir()) == []


def test_a_fault_of_the_program_is_said_in_chinese_without_a_traceback(source, tmp_path, monkeypatch, capsys):
    def broken(*_args, **_kwargs):
        raise ValueError("exceeded 255 char limit for property")

    monkeypatch.setattr(docx, "write_form_docx", broken)
    out = tmp_path / "out"
    code, err = export(capsys, source, out)
    assert code == 2
    assert err.startswith("错误：导出失败：程序出错（正在写出 Word：附件1）")
    assert "Traceback" not in err and "ValueError" not in err and "exceeded" not in err
    assert list(out.iterdir()) == []



def test_the_trace_of_a_fault_of_the_program_is_kept_and_its_place_said(source, tmp_path, monkeypatch, capsys):
    """The frozen exe has no console of its own: the traceback goes to the diagnostics folder."""
    from hbaccept_gui.crash_log import FAULT_PREFIX, crash_logs

    monkeypatch.setenv("HBACCEPT_HOME", str(tmp_path / "home"))

    def broken(*_args, **_kwargs):
        raise ValueError("exceeded 255 char limit for property")

    monkeypatch.setattr(docx, "write_form_docx", broken)
    code, err = export(capsys, source, tmp_path / "out")
    [log] = crash_logs(tmp_path / "home" / "data" / "crash", FAULT_PREFIX)
    assert code == 2 and f"错误详情已保存到：{log}" in err
    assert "ValueError: exceeded 255 char limit" in log.read_text(encoding="utf-8")


def test_an_output_path_that_is_a_file_is_said_in_chinese(source, tmp_path, capsys):
    taken = tmp_path / "a-file"
    taken.write_text("x", encoding="utf-8")
    code, err = export(capsys, source, taken)
    assert code == 2 and err.startswith("错误：导出失败：") and "Errno" not in err and "File exists" not in err
