"""The hidden folder an export is written in before it is moved into place, all or nothing.

一键导出 writes `<名>/`, `<名>.zip` and `<名>.eml` into `.hbaccept-export-<32 hex digits>` beside
them, and renames them out of it only when everything is written and read back (`readback`): the
folder last, so a folder under its final name is always whole. On any failure the hidden folder is
removed. A run that was killed cannot remove it, so every export first removes the leftovers of
earlier runs: only folders named as ours are touched, never a symlink, and never one whose lock is
held, which belongs to an export still running (in another window or process). The lock is the
autosave journal's: the OS drops it when its process dies, even on SIGKILL or a power cut. It is a
file beside the folder (`<folder>.lock`), taken before the folder is made and given up after it is
gone, so no folder of a live run is ever without its lock held. No Qt."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import sys
import time
import uuid
from pathlib import Path

from hbaccept_gui.core.journal import InstanceLock

PREFIX = ".hbaccept-export-"
_OURS = re.compile(r"\.hbaccept-export-[0-9a-f]{32}")
LOCK_SUFFIX = ".lock"
_LONE_LOCK_AGE = 60  # seconds
_FILE_ATTRIBUTE_HIDDEN = 0x2


class Staging:
    """`with Staging(parent) as staging:` write into `staging.path`, then `staging.commit(...)`;
    leaving the block removes the folder whatever happened (after a commit it is empty)."""

    def __init__(self, parent: Path) -> None:
        self.path = parent / f"{PREFIX}{uuid.uuid4().hex}"
        self._lock = InstanceLock(_lock_path(self.path))

    def __enter__(self) -> Staging:
        if not self._lock.acquire():  # a fresh, unique name: cannot be taken unless the disk refuses
            raise OSError(errno.EACCES, "cannot lock", str(self._lock.path))
        try:
            _hide(self._lock.path)
            self.path.mkdir()
            _hide(self.path)
        except OSError:
            self._unlock()
            raise
        return self

    def __exit__(self, *_exc) -> None:
        _remove_tree(self.path)
        self._unlock()

    def _unlock(self) -> None:
        self._lock.release()  # before the unlink: Windows deletes no open file
        _unlink(self._lock.path)

    def commit(self, moves: list[tuple[Path, Path]]) -> None:
        """Rename each (source in here, target beside it) in order, after flushing the folder
        entries; if one fails, the ones done are moved back and the error raised."""
        for folder in [self.path] + [source for source, _target in moves if source.is_dir()]:
            _fsync_folder(folder)
        done: list[tuple[Path, Path]] = []
        try:
            for source, target in moves:
                if os.path.lexists(target):
                    raise FileExistsError(errno.EEXIST, "target exists", str(target))
                _rename(source, target)
                done.append((source, target))
        except OSError:
            for source, target in reversed(done):
                try:
                    _rename(target, source)
                except OSError:
                    pass  # left where it is: whole, under its final name
            raise
        _fsync_folder(self.path.parent)


def remove_leftovers(parent: Path) -> list[Path]:
    """Remove the staging folders of export runs that died (their locks free); returns them."""
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        folder = Path(entry.path)
        if entry.name.endswith(LOCK_SUFFIX):  # a run killed before it made its folder left only this
            folder = folder.with_name(entry.name[: -len(LOCK_SUFFIX)])
            if not _OURS.fullmatch(folder.name) or not _old_file(entry) or folder.exists():
                continue
        elif not _OURS.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        lock = InstanceLock(_lock_path(folder))
        if lock.path.is_symlink() or (entry.name.endswith(LOCK_SUFFIX) and not lock.path.exists()):
            continue  # not ours, or removed with its folder a moment ago
        try:
            if not lock.acquire():
                continue  # an export still running
        except OSError:
            continue
        try:
            gone = _remove_tree(folder) if folder.exists() else True
        finally:
            lock.release()
        if gone:
            _unlink(lock.path)
            removed.append(folder)
    return removed


def _old_file(entry: os.DirEntry) -> bool:
    """A regular file older than a minute: a lock file just made may not be locked yet."""
    try:
        return entry.is_file(follow_symlinks=False) and time.time() - entry.stat().st_mtime > _LONE_LOCK_AGE
    except OSError:
        return False


def _lock_path(folder: Path) -> Path:
    return folder.with_name(folder.name + LOCK_SUFFIX)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _remove_tree(path: Path) -> bool:
    """Remove `path` and all in it, read-only files too; False if something stayed."""
    def writable_again(function, name, _exc):
        try:
            os.chmod(name, stat.S_IWRITE | stat.S_IREAD)
            function(name)
        except OSError:
            pass

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=writable_again)
    else:
        shutil.rmtree(path, onerror=writable_again)
    return not os.path.lexists(path)


def _rename(source: Path, target: Path) -> None:
    """os.rename, retried briefly on Windows, where a virus scanner or the search indexer may hold
    a file just written open for a moment."""
    attempts = 6 if sys.platform == "win32" else 1
    for attempt in range(attempts):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _hide(path: Path) -> None:
    """The leading dot hides it on Linux; Windows Explorer needs the hidden attribute."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), _FILE_ATTRIBUTE_HIDDEN)


def _fsync_folder(folder: Path) -> None:
    """The renames themselves on the disk (POSIX; Windows has no directory fsync)."""
    if sys.platform == "win32":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
