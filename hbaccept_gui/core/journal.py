"""The autosave journal and crash recovery, without Qt.

Each running instance owns a folder `<autosave>/<id>/` holding an OS file lock, the journaled
document and a little metadata. The lock dies with the process, even on SIGKILL or a power cut,
so at start-up a folder whose lock can be taken belongs to a session that ended without closing
cleanly: its journal is offered for restoring.

Nothing journaled is ever deleted without the clerk saying so: a journal that cannot be read is
retried from its `.bak` (the previous autosave, kept by `atomic_write`), and if that fails too the
folder is moved into `<autosave>/无法恢复/`, where it stays for support to look at.

The folder also records which file the instance has open (`open.json`, kept while the document is
open, unlike the journal), so that a second instance opening the same file can say so."""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.storage import atomic_write, backup_path, document_bytes, load_document

JOURNAL_NAME = "journal.hbaccept"
META_NAME = "meta.json"
LOCK_NAME = "lock"
OPEN_NAME = "open.json"
#: Where journals that cannot be read are kept (under the autosave folder), never deleted.
KEPT_DIR = "无法恢复"


class InstanceLock:
    """An exclusive, non-blocking lock on a file, released by the OS when the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases flock and msvcrt locks alike
            self.fd = None


@dataclass
class Recovered:
    """A journal read back: the document, and whether it came from the `.bak` because the
    journal itself could not be read (`problem` then says why)."""

    definition: Definition
    document: Document
    from_backup: bool = False
    problem: str = ""


@dataclass
class Orphan:
    """The journal of a session that did not close cleanly."""

    folder: Path
    original: str | None  # the file the document came from, if it had one
    saved_at: str
    lock: InstanceLock

    @property
    def journal(self) -> Path:
        return self.folder / JOURNAL_NAME

    @property
    def backup(self) -> Path:
        return backup_path(self.journal)

    @property
    def size(self) -> int:
        """Bytes of the journal (of its `.bak` when the journal is gone)."""
        for path in (self.journal, self.backup):
            try:
                return path.stat().st_size
            except OSError:
                continue
        return 0

    @property
    def saved_time(self) -> datetime | None:
        """When it was journaled (aware, local); the journal's modification time if the metadata
        is lost; None if neither is known."""
        moment = parse_time(self.saved_at)
        if moment is not None:
            return moment
        for path in (self.journal, self.backup):
            try:
                return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            except OSError:
                continue
        return None

    @property
    def saved_label(self) -> str:
        """When it was journaled, as a clerk reads it: 2026年11月30日 19:07 (local time)."""
        moment = self.saved_time
        return time_label(moment) if moment else "时间不明"

    def read(self) -> Recovered:
        """The journaled document, from the `.bak` if the journal cannot be read.
        Raises StorageError (the journal's problem) if neither can."""
        try:
            return Recovered(*load_document(self.journal, advice=False))  # its .bak is tried here
        except StorageError as error:
            first = error
        if self.backup.is_file():
            try:
                return Recovered(*load_document(self.backup), from_backup=True, problem=first.message)
            except StorageError:
                pass
        raise first

    def release(self) -> None:
        """Leave it for a later start: nothing is removed."""
        self.lock.release()

    def discard(self) -> None:
        self.lock.release()
        shutil.rmtree(self.folder, ignore_errors=True)

    def set_aside(self) -> Path:
        """Move the folder into `<autosave>/无法恢复/` (kept, never deleted) and return where it
        went; if it cannot be moved it stays where it is, also kept."""
        kept = self.folder.parent / KEPT_DIR
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = kept / f"{stamp}-{self.folder.name}"
        self.lock.release()  # Windows cannot move a folder holding an open file
        try:
            kept.mkdir(exist_ok=True)
            self.folder.rename(target)
        except OSError:
            return self.folder
        return target


def parse_time(iso: str) -> datetime | None:
    """An ISO time as an aware local datetime (a time without offset is taken as local); None if
    it is not one."""
    try:
        return datetime.fromisoformat(iso).astimezone()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def time_label(moment: datetime) -> str:
    """2026年11月30日 19:07, in local time."""
    local = moment.astimezone()
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def local_time_label(iso: str) -> str:
    """An ISO time (with or without offset) as local time, 2026年11月30日 19:07; "" if unreadable."""
    moment = parse_time(iso)
    return time_label(moment) if moment else ""


def size_label(size: int) -> str:
    """Bytes as a clerk reads them: 812 字节, 35.2 KB, 1.4 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class Journal:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / uuid.uuid4().hex
        self.folder.mkdir(parents=True, exist_ok=True)
        self.lock = InstanceLock(self.folder / LOCK_NAME)
        self.lock.acquire()

    def write(self, doc: Document, original: Path | None) -> None:
        """Raises StorageError; the caller decides how loudly to complain."""
        atomic_write(self.folder / JOURNAL_NAME, document_bytes(doc))
        meta = {"original": str(original) if original else None,
                "saved_at": datetime.now().astimezone().isoformat(timespec="seconds")}
        atomic_write(self.folder / META_NAME, json.dumps(meta, ensure_ascii=False).encode("utf-8"))

    def note_open(self, path: Path | None) -> None:
        """Record the file this instance has open (None: none), for `open_elsewhere` in other
        instances. Best effort: a failure only costs that warning."""
        try:
            if path is None:
                (self.folder / OPEN_NAME).unlink(missing_ok=True)
                return
            data = json.dumps({"path": str(Path(path).resolve())}, ensure_ascii=False).encode("utf-8")
            atomic_write(self.folder / OPEN_NAME, data)
        except (OSError, StorageError):
            pass

    def clear(self) -> None:
        """The document was saved or closed: nothing to recover. The backups go first, so that a
        crash half-way leaves a journal (offered again, harmless), never a lone stale backup."""
        for name in (JOURNAL_NAME + ".bak", META_NAME + ".bak", JOURNAL_NAME, META_NAME):
            try:
                (self.folder / name).unlink()
            except OSError:
                pass

    def close(self) -> None:
        self.clear()
        self.lock.release()
        shutil.rmtree(self.folder, ignore_errors=True)


def find_orphans(root: Path, own: Path | None = None) -> list[Orphan]:
    """Journals left by sessions that ended without closing. Their locks are held until the
    caller restores, discards, sets aside or releases them, so two starting instances never offer
    the same one."""
    orphans = []
    if not root.is_dir():
        return orphans
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder == own or folder.name == KEPT_DIR:
            continue
        lock = InstanceLock(folder / LOCK_NAME)
        try:
            if not lock.acquire():
                continue  # another running instance
        except OSError:
            continue
        if not (folder / JOURNAL_NAME).exists() and not (folder / (JOURNAL_NAME + ".bak")).exists():
            lock.release()
            shutil.rmtree(folder, ignore_errors=True)
            continue
        orphans.append(Orphan(folder, *_meta(folder), lock=lock))
    return orphans


def open_elsewhere(root: Path, path: Path, own: Path | None = None) -> bool:
    """Whether another running instance (its folder's lock is held) has `path` open."""
    wanted = _same_file_key(path)
    if not root.is_dir():
        return False
    for folder in root.iterdir():
        if folder == own or not folder.is_dir() or _open_path(folder) != wanted:
            continue
        if _alive(folder):
            return True
    return False


def _open_path(folder: Path) -> str | None:
    try:
        recorded = json.loads((folder / OPEN_NAME).read_text(encoding="utf-8")).get("path")
    except (OSError, ValueError, AttributeError):
        return None
    return _same_file_key(Path(recorded)) if isinstance(recorded, str) else None


def _same_file_key(path: Path) -> str:
    """Paths compared as the file system does (case-insensitive on Windows)."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        resolved = path.absolute()
    return os.path.normcase(str(resolved))


def _alive(folder: Path) -> bool:
    lock = InstanceLock(folder / LOCK_NAME)
    try:
        if not (folder / LOCK_NAME).exists():
            return False
        if lock.acquire():
            lock.release()
            return False
    except OSError:
        return False
    return True


def _meta(folder: Path) -> tuple[str | None, str]:
    try:
        meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
        original = meta.get("original") if isinstance(meta.get("original"), str) else None
        return original, str(meta.get("saved_at", ""))
    except (OSError, ValueError, AttributeError):
        return None, ""
