"""QA defects of saving and opening (too-long names, a file where a folder should be, a folder
that cannot be written, a damaged file with or without a .bak beside it): every OSError becomes a
StorageError with a Chinese cause and advice, the old file intact and the document unchanged."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from hbaccept_gui.core import storage
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.journal import JOURNAL_NAME, InstanceLock, Journal, Orphan
from hbaccept_gui.core.merge import read_sources
from hbaccept_gui.core.os_errors import explain
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.core.storage import atomic_write, load_document, save_document

LONG_NAME = "验" * 200 + ".hbaccept"  # 609 bytes in UTF-8: over any file system's 255


def save_message(doc, path: Path) -> str:
    with pytest.raises(StorageError) as caught:
        save_document(doc, path)
    return caught.value.message


def load_message(path: Path) -> str:
    with pytest.raises(StorageError) as caught:
        load_document(path)
    return caught.value.message


# ---------------------------------------------------------------- defect 1: a name too long


def test_a_200_character_chinese_name_is_refused_with_a_clear_reason(tmp_path, demo):
    demo.header["contact"] = "新联系人"
    message = save_message(demo, tmp_path / LONG_NAME)
    assert "文件名过长" in message and "请缩短文件名" in message and "260" in message
    assert "您的数据仍在程序中" in message and "Errno" not in message and "File name" not in message
    assert demo.header["contact"] == "新联系人"
    assert list(tmp_path.iterdir()) == []


def test_a_too_long_folder_name_is_refused_the_same_way(tmp_path, demo):
    message = save_message(demo, tmp_path / ("长" * 200) / "保定.hbaccept")
    assert "文件名过长" in message and "不存在" not in message


def test_a_name_too_long_for_the_temporary_file_leaves_the_old_file_intact(tmp_path, demo, monkeypatch):
    path = tmp_path / "保定.hbaccept"
    save_document(demo, path)
    before = path.read_bytes()
    real_open = os.open

    def too_long(target, *args, **kwargs):
        if Path(target).name.endswith(".saving"):
            raise OSError(errno.ENAMETOOLONG, "File name too long", str(target))
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(storage.os, "open", too_long)
    assert "文件名过长" in save_message(demo, path)
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_windows_path_not_found_from_a_too_long_path_says_too_long(tmp_path, demo, monkeypatch):
    path = tmp_path / ("长" * 30) / ("验" * 120 + ".hbaccept")  # > 260 characters in all
    path.parent.mkdir()

    def windows_open(target, *args, **kwargs):
        error = OSError(errno.ENOENT, "The system cannot find the path specified", str(target))
        error.winerror = 3  # ERROR_PATH_NOT_FOUND, as Windows says it of a path over 260 characters
        raise error

    monkeypatch.setattr(storage.os, "open", windows_open)
    message = save_message(demo, path)
    assert "文件名过长" in message and "不存在" not in message


def test_opening_a_too_long_name_says_so_in_chinese(tmp_path):
    message = load_message(tmp_path / LONG_NAME)
    assert "文件名过长" in message and "File name" not in message


def test_autosave_into_a_too_long_folder_is_a_storage_error(tmp_path, demo):
    with pytest.raises(StorageError, match="文件名过长"):
        atomic_write(tmp_path / ("长" * 200) / "journal.hbaccept", b"{}")


@pytest.mark.parametrize(("error", "winerror", "filename", "reason"), [
    (errno.ENAMETOOLONG, None, None, "文件名过长"),
    (errno.ENOENT, 206, None, "文件名过长"),  # ERROR_FILENAME_EXCED_RANGE
    (errno.ENOENT, 3, "C:\\" + "长" * 300, "文件名过长"),  # ERROR_PATH_NOT_FOUND of a too-long path
    (errno.ENOENT, 3, "C:\\不存在的文件夹\\保定.hbaccept", "文件夹不存在"),  # …of a short one
    (errno.ENOTDIR, 267, None, "不是文件夹"),  # ERROR_DIRECTORY
])
def test_os_errors_explain_too_long_names_on_every_system(error, winerror, filename, reason):
    raised = OSError(error, "English text of the OS", filename)
    if winerror is not None:
        raised.winerror = winerror
    said, advice = explain(raised)
    assert reason in said and "请" in advice
    if reason == "文件名过长":
        assert "260" in advice and "缩短" in advice


# ---------------------------------------------------------------- defect 2: a file, or a folder not writable


def test_a_file_where_the_folder_should_be_is_named_as_a_file(tmp_path, demo):
    (tmp_path / "x.hbaccept").write_text("mine", encoding="utf-8")
    message = save_message(demo, tmp_path / "x.hbaccept" / "y.hbaccept")
    assert "“x.hbaccept”是一个文件，不是文件夹" in message and "不存在" not in message
    assert (tmp_path / "x.hbaccept").read_text(encoding="utf-8") == "mine"


def test_a_file_further_up_the_path_is_named_too(tmp_path, demo):
    (tmp_path / "x.hbaccept").write_text("mine", encoding="utf-8")
    message = save_message(demo, tmp_path / "x.hbaccept" / "子文件夹" / "y.hbaccept")
    assert "“x.hbaccept”是一个文件，不是文件夹" in message and "不存在" not in message


def test_a_missing_folder_still_says_it_does_not_exist(tmp_path, demo):
    message = save_message(demo, tmp_path / "没有" / "y.hbaccept")
    assert "不存在" in message and "没有" in message


@pytest.mark.parametrize(("code", "words"), [(errno.EACCES, "没有写入"), (errno.EPERM, "没有写入"),
                                             (errno.EROFS, "只读")])
def test_an_existing_folder_that_cannot_be_written_says_so(tmp_path, demo, monkeypatch, code, words):
    real_open = os.open

    def refused(target, *args, **kwargs):
        if Path(target).parent == tmp_path and args and args[0] & os.O_CREAT:
            raise OSError(code, os.strerror(code), str(target))
        return real_open(target, *args, **kwargs)

    monkeypatch.setattr(storage.os, "open", refused)
    message = save_message(demo, tmp_path / "保定.hbaccept")
    assert words in message and "不存在" not in message and "您的数据仍在程序中" in message


def test_a_folder_that_cannot_even_be_looked_into_says_no_permission(tmp_path, demo, monkeypatch):
    """A folder without search permission: even asking whether the file exists is refused."""
    real_stat = os.stat

    def refused(target, *args, **kwargs):
        if Path(target).parent == tmp_path:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real_stat(target, *args, **kwargs)

    monkeypatch.setattr(storage.os, "stat", refused)
    message = save_message(demo, tmp_path / "保定.hbaccept")
    assert "没有写入" in message and "不存在" not in message


# ---------------------------------------------------------------- defect 3: the .bak only when there is one


def damaged(folder: Path, name: str = "x.hbaccept", data: bytes | None = None) -> Path:
    path = folder / name
    text = demo_path().read_text(encoding="utf-8")
    path.write_bytes(text[: len(text) // 2].encode("utf-8") if data is None else data)
    return path


@pytest.mark.parametrize("data", [None, b""], ids=["truncated", "empty"])
def test_a_damaged_file_without_a_backup_does_not_send_the_clerk_looking_for_one(tmp_path, data):
    message = load_message(damaged(tmp_path, data=data))
    assert "请改用同一文件夹中的备份文件" not in message and "有备份文件" not in message
    assert "恢复未保存的工作" in message and "副本" in message


@pytest.mark.parametrize("data", [None, b""], ids=["truncated", "empty"])
def test_a_damaged_file_with_a_backup_names_it(tmp_path, data):
    path = damaged(tmp_path, data=data)
    (tmp_path / "x.hbaccept.bak").write_bytes(demo_path().read_bytes())
    message = load_message(path)
    assert "同一文件夹中有备份文件“x.hbaccept.bak”，可改为打开它" in message
    assert "恢复未保存的工作" not in message


def test_merge_repeats_the_advice_as_the_window_gives_it(tmp_path):
    path = damaged(tmp_path)
    _sources, [problem] = read_sources([path])
    assert "有备份文件" not in problem.message and "恢复未保存的工作" in problem.message
    (tmp_path / "x.hbaccept.bak").write_bytes(demo_path().read_bytes())
    _sources, [problem] = read_sources([path])
    assert "“x.hbaccept.bak”" in problem.message


def test_a_damaged_autosave_is_recovered_from_its_backup_without_advice_to_open_it(tmp_path, demo):
    journal = Journal(tmp_path / "autosave")
    journal.write(demo, None)
    journal.write(demo, None)
    (journal.folder / JOURNAL_NAME).write_bytes(b"{")
    orphan_problem = _read_as_orphan(journal)
    assert "损坏" in orphan_problem and "可改为打开它" not in orphan_problem


def _read_as_orphan(journal: Journal) -> str:
    recovered = Orphan(journal.folder, None, "", InstanceLock(journal.folder / "lock")).read()
    assert recovered.from_backup
    return recovered.problem

