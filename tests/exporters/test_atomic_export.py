"""一键导出 is all or nothing (issue #14, item 2): a full disk, a denied write, a file that does not read
back whole, or a killed run never leaves a `<单位名称>_…` folder, zip or email draft behind, the next
export gets the normal name (not `…_2`), and the reason is said in Chinese, without the OS's
English. A killed run's hidden staging folder is removed by the next export; nothing else is."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from hbaccept_gui.core.journal import InstanceLock
from hbaccept_gui.core.os_errors import explain
from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters import bundle, docx, pdf, staging
from hbaccept_gui.exporters.bundle import ExportError, export_all

DAY = date(2025, 6, 5)
NAME = "保定市图书馆_2024年度验收材料_20250605"
OS_ENGLISH = ("No space", "Errno", "Permission denied", "File name too long", "No such file", "Traceback")


@pytest.fixture
def evaluation(definition, demo):
    return evaluate(definition, demo)


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def half_written_then(error: OSError, write):
    """`write` as a full disk stops it: half the file under its final name, then the error."""
    def writer(*args, **kwargs):
        path = Path(write(*args, **kwargs))
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        raise error

    return writer


def assert_chinese(message: str, reason: str) -> None:
    assert message.startswith(f"导出失败：{reason}"), message
    assert "已写出的部分已删除" in message or "没有写出任何文件" in message
    assert not any(text in message for text in OS_ENGLISH), message


def assert_nothing_left(parent: Path) -> None:
    assert sorted(p.name for p in parent.iterdir()) == []  # no folder, zip, draft, nor hidden staging


def assert_normal_export(evaluation, parent: Path) -> None:
    result = export_all(evaluation, parent, today=DAY)
    assert result.folder == parent / NAME
    assert sorted(p.name for p in parent.iterdir()) == [NAME, f"{NAME}.eml", f"{NAME}.zip"]
    assert all(p.parent == result.folder and p.is_file() for p in result.files)


FAILURES = {
    "a Word file": lambda mp: mp.setattr(docx, "write_form_docx", half_written_then(disk_full(), docx.write_form_docx)),
    "a PDF": lambda mp: mp.setattr(pdf, "write_report_pdf", half_written_then(disk_full(), pdf.write_report_pdf)),
    "the zip": lambda mp: mp.setattr(zipfile.ZipFile, "write", _fail_on_call(5, zipfile.ZipFile.write, disk_full())),
    "the email draft": lambda mp: mp.setattr(bundle, "write_eml", half_written_then(disk_full(), bundle.write_eml)),
    "the move into place": lambda mp: mp.setattr(staging, "_rename", _fail_on_call(3, staging._rename, disk_full())),
}


def _fail_on_call(n: int, function, error: OSError):
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise error
        return function(*args, **kwargs)

    return failing


@pytest.mark.parametrize("where", list(FAILURES))
def test_a_full_disk_leaves_nothing_and_the_next_export_gets_the_normal_name(evaluation, tmp_path, monkeypatch,
                                                                             where):
    FAILURES[where](monkeypatch)
    with pytest.raises(ExportError) as failed:
        export_all(evaluation, tmp_path, today=DAY)
    assert_chinese(failed.value.message, "磁盘空间不足")
    assert not failed.value.internal
    assert_nothing_left(tmp_path)
    monkeypatch.undo()
    assert_normal_export(evaluation, tmp_path)


def test_the_failing_step_is_named(evaluation, tmp_path, monkeypatch):
    FAILURES["a PDF"](monkeypatch)
    with pytest.raises(ExportError) as failed:
        export_all(evaluation, tmp_path, today=DAY)
    assert "正在写出 PDF：关于2024年度全国智慧图书馆体系建设项目有关情况的报告" in failed.value.message


@pytest.mark.parametrize(("error", "reason"), [
    (PermissionError(errno.EACCES, "Permission denied"), "没有写入权限"),
    (OSError(errno.EPERM, "Operation not permitted"), "没有写入权限"),
    (OSError(errno.ENAMETOOLONG, "File name too long"), "文件名过长"),
    (OSError(errno.ENOENT, "No such file or directory"), "文件夹不存在"),
])
def test_other_write_errors_are_said_in_chinese(evaluation, tmp_path, monkeypatch, error, reason):
    monkeypatch.setattr(pdf, "write_form_pdf", half_written_then(error, pdf.write_form_pdf))
    with pytest.raises(ExportError) as failed:
        export_all(evaluation, tmp_path, today=DAY)
    assert_chinese(failed.value.message, reason)
    assert_nothing_left(tmp_path)


def test_a_read_only_folder_is_refused_in_chinese(evaluation, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ExportError) as failed:
            export_all(evaluation, tmp_path, today=DAY)
    finally:
        tmp_path.chmod(0o700)
    assert_chinese(failed.value.message, "没有写入权限")
    assert_nothing_left(tmp_path)


@pytest.mark.parametrize(("errno_", "winerror", "reason"), [
    (errno.ENOSPC, None, "磁盘空间不足"), (errno.EACCES, None, "没有写入权限"), (errno.EPERM, None, "没有写入权限"),
    (errno.ENAMETOOLONG, None, "文件名过长"), (errno.ENOENT, None, "文件夹不存在"),
    (errno.ENOENT, 206, "文件名过长"),  # Windows: ERROR_FILENAME_EXCED_RANGE, which Python makes ENOENT
    (errno.EACCES, 32, "文件被其他程序占用"),  # Windows: ERROR_SHARING_VIOLATION (Word has the file open)
    (errno.ENOSPC, 112, "磁盘空间不足"), (9999, None, "系统错误（错误码 9999）"),
])
def test_errno_to_chinese(errno_, winerror, reason):
    error = OSError(errno_, "English text of the OS")
    if winerror is not None:
        error.winerror = winerror
    assert explain(error)[0] == reason
    assert "请" in explain(error)[1]  # and what to do


@pytest.mark.parametrize(("name", "damage"), [
    ("附件1_2024年度全国智慧图书馆体系建设项目任务指标完成情况表.docx", lambda data: data[:100]),
    ("附件2_2024年度全国智慧图书馆体系建设项目完成情况明细表.pdf", lambda data: data[: len(data) // 2]),
    ("附件2_2024年度全国智慧图书馆体系建设项目完成情况明细表.pdf", lambda data: data.replace(b"/Count 1", b"/Count 2")),
    ("保定市图书馆_2024年度验收材料.xlsx", lambda data: data[:-30]),
])
def test_a_file_that_does_not_read_back_whole_stops_the_export(evaluation, tmp_path, monkeypatch, name, damage):
    """No error from the writer, yet the file is not whole (a disk that lies, a filter driver…)."""
    def damaging(function, *args, **kwargs):
        def write():
            path = Path(function(*args, **kwargs))
            if path.name == name:
                path.write_bytes(damage(path.read_bytes()))
            return path
        return write

    monkeypatch.setattr(bundle, "_bind", damaging)
    with pytest.raises(ExportError) as failed:
        export_all(evaluation, tmp_path, today=DAY)
    assert failed.value.message.startswith(f"导出失败：读回检查时发现“{name}”"), failed.value.message
    assert_nothing_left(tmp_path)


def test_a_leftover_staging_folder_is_removed_and_nothing_else(evaluation, tmp_path):
    leftover = tmp_path / f"{staging.PREFIX}{'0' * 32}"
    (leftover / NAME).mkdir(parents=True)
    (leftover / NAME / "附件1.docx").write_bytes(b"PK\x03\x04 half")
    leftover.with_name(leftover.name + ".lock").write_bytes(b"")
    lone_lock = tmp_path / f"{staging.PREFIX}{'3' * 32}.lock"  # killed before it made its folder
    lone_lock.write_bytes(b"")
    os.utime(lone_lock, (1e9, 1e9))  # one just made may not be locked yet: left for a later export
    young_lock = tmp_path / f"{staging.PREFIX}{'4' * 32}.lock"
    young_lock.write_bytes(b"")
    kept = {
        "a folder of the clerk's": tmp_path / ".hbaccept-export-mine",
        "an earlier export": tmp_path / "保定市图书馆_2024年度验收材料_20250604",
    }
    for folder in kept.values():
        folder.mkdir()
        (folder / "keep.txt").write_text("keep", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    link = tmp_path / f"{staging.PREFIX}{'1' * 32}"
    link.symlink_to(outside, target_is_directory=True)

    result = export_all(evaluation, tmp_path, today=DAY)

    assert result.folder.name == NAME  # not NAME_2
    assert not leftover.exists() and not lone_lock.exists()
    assert list(tmp_path.glob(".hbaccept-export-*.lock")) == [young_lock]
    assert all((folder / "keep.txt").is_file() for folder in kept.values())
    assert link.is_symlink() and (outside / "keep.txt").is_file()


def test_the_staging_folder_of_a_running_export_is_left_alone(evaluation, tmp_path):
    """Its lock is held (by another window, here by this test): it is no leftover."""
    running = tmp_path / f"{staging.PREFIX}{'2' * 32}"
    running.mkdir()
    lock = InstanceLock(running.with_name(running.name + ".lock"))
    assert lock.acquire()
    try:
        export_all(evaluation, tmp_path, today=DAY)
        assert running.is_dir()
    finally:
        lock.release()


KILLED_RUN = """
import sys, time
from datetime import date
from pathlib import Path
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters.bundle import export_all

def progress(number, total, message):
    if number == 6:
        print("killing time", flush=True)
        time.sleep(120)

export_all(evaluate(*load_demo()), Path(sys.argv[1]), progress=progress, today=date(2025, 6, 5))
"""


def test_an_export_killed_mid_way_is_cleaned_up_by_the_next(evaluation, tmp_path):
    child = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "killing time"
    finally:
        child.kill()  # SIGKILL on POSIX: no finally, no atexit
        child.wait(timeout=30)
    left = sorted(p.name for p in tmp_path.iterdir())  # the staging folder and its lock, both hidden
    assert len(left) == 2 and left[0].startswith(staging.PREFIX) and left[1] == left[0] + ".lock"
    assert len(list((tmp_path / left[0] / NAME).iterdir())) == 5  # five files written

    assert_normal_export(evaluation, tmp_path)


def test_an_earlier_zip_or_email_draft_alone_also_keeps_its_name(evaluation, tmp_path):
    (tmp_path / f"{NAME}.zip").write_bytes(b"the clerk's")
    result = export_all(evaluation, tmp_path, today=DAY)
    assert result.folder.name == f"{NAME}_2" and result.archive.name == f"{NAME}_2.zip"
    assert (tmp_path / f"{NAME}.zip").read_bytes() == b"the clerk's"
