"""Saving through a planted symlink, and the file's mode (#14 item 10): the temporary file is
created exclusively and never followed; a 0600 file stays 0600."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from hbaccept_gui.core import storage
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.storage import atomic_write, backup_path, load_document, save_document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks and modes are POSIX here")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def victim(tmp_path):
    """A file elsewhere that a planted link points at: it must never change."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    path = folder / "victim.txt"
    path.write_bytes(b"untouched")
    return path


def test_a_symlink_planted_at_the_temporary_name_is_not_followed(tmp_path, demo, victim):
    path = tmp_path / "保定.hbaccept"
    (tmp_path / ".保定.hbaccept.saving").symlink_to(victim)
    save_document(demo, path)
    assert victim.read_bytes() == b"untouched"
    assert not os.path.lexists(tmp_path / ".保定.hbaccept.saving")
    assert not path.is_symlink() and load_document(path)[1] == demo


def test_a_symlink_planted_again_after_the_cleanup_makes_the_save_fail_not_follow(tmp_path, demo, victim, monkeypatch):
    path = tmp_path / "保定.hbaccept"
    save_document(demo, path)
    before = path.read_bytes()
    temp = tmp_path / ".保定.hbaccept.saving"
    removed = storage._remove_quietly

    def remove_then_plant(target: Path) -> None:
        removed(target)
        if target == temp and not os.path.lexists(temp):
            temp.symlink_to(victim)  # the race: planted between the cleanup and the create

    monkeypatch.setattr(storage, "_remove_quietly", remove_then_plant)
    demo.header["contact"] = "新联系人"
    with pytest.raises(StorageError):
        atomic_write(path, b"new content")
    assert victim.read_bytes() == b"untouched"
    assert path.read_bytes() == before


def test_the_backup_copy_is_not_written_through_a_planted_symlink(tmp_path, demo, victim, monkeypatch):
    path = tmp_path / "保定.hbaccept"
    save_document(demo, path)
    first = path.read_bytes()

    def no_hard_links(_source, target):
        Path(target).symlink_to(victim)  # as if planted there, and the file system had no links
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(storage.os, "link", no_hard_links)
    demo.header["contact"] = "新联系人"
    save_document(demo, path)
    assert victim.read_bytes() == b"untouched"
    assert backup_path(path).read_bytes() == first and not backup_path(path).is_symlink()
    assert load_document(path)[1].header["contact"] == "新联系人"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_saving_keeps_the_files_mode_and_the_backups(tmp_path, demo, mode, monkeypatch):
    path = tmp_path / "保定.hbaccept"
    save_document(demo, path)
    path.chmod(mode)
    old_umask = os.umask(0o022)
    try:
        demo.header["contact"] = "第二次"
        save_document(demo, path)
        assert mode_of(path) == mode and mode_of(backup_path(path)) == mode
        monkeypatch.setattr(storage.os, "link", lambda *_args: (_ for _ in ()).throw(OSError(1, "no links")))
        demo.header["contact"] = "第三次（备份是复制的）"
        save_document(demo, path)
        assert mode_of(path) == mode and mode_of(backup_path(path)) == mode
    finally:
        os.umask(old_umask)
    assert load_document(path)[1].header["contact"] == "第三次（备份是复制的）"


def test_a_new_file_gets_the_usual_mode(tmp_path, demo):
    old_umask = os.umask(0o027)
    try:
        save_document(demo, tmp_path / "新.hbaccept")
    finally:
        os.umask(old_umask)
    assert mode_of(tmp_path / "新.hbaccept") == 0o640


def test_a_leftover_temporary_file_of_a_killed_save_does_not_block_saving(tmp_path, demo):
    path = tmp_path / "保定.hbaccept"
    (tmp_path / ".保定.hbaccept.saving").write_bytes(b"half a docu")
    save_document(demo, path)
    assert load_document(path)[1] == demo
