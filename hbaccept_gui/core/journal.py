"""The autosave journal and crash recovery, without Qt.

Each running instance owns a folder `<autosave>/<id>/` holding an OS file lock, the journaled
document and a little metadata. The lock dies with the process, even on SIGKILL or a power cut,
so at start-up a folder whose lock can be taken belongs to a session that ended without closing
cleanly: its journal is offered for restoring."""

from __future__ import annotations

import json
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hbaccept_gui.core.document import Document
from hbaccept_gui.core.storage import atomic_write, document_bytes

JOURNAL_NAME = "journal.hbaccept"
META_NAME = "meta.json"
LOCK_NAME = "lock"


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
class Orphan:
    """The journal of a session that did not close cleanly."""

    folder: Path
    original: str | None  # the file the document came from, if it had one
    saved_at: str
    lock: InstanceLock

    @property
    def journal(self) -> Path:
        return self.folder / JOURNAL_NAME

    def discard(self) -> None:
        self.lock.release()
        shutil.rmtree(self.folder, ignore_errors=True)


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

    def clear(self) -> None:
        """The document was saved or closed: nothing to recover."""
        for name in (JOURNAL_NAME, META_NAME, JOURNAL_NAME + ".bak", META_NAME + ".bak"):
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
    caller restores or discards them, so two starting instances never offer the same one."""
    orphans = []
    if not root.is_dir():
        return orphans
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder == own:
            continue
        lock = InstanceLock(folder / LOCK_NAME)
        try:
            if not lock.acquire():
                continue  # another running instance
        except OSError:
            continue
        if not (folder / JOURNAL_NAME).exists():
            lock.release()
            shutil.rmtree(folder, ignore_errors=True)
            continue
        orphans.append(Orphan(folder, *_meta(folder), lock=lock))
    return orphans


def _meta(folder: Path) -> tuple[str | None, str]:
    try:
        meta = json.loads((folder / META_NAME).read_text(encoding="utf-8"))
        original = meta.get("original") if isinstance(meta.get("original"), str) else None
        return original, str(meta.get("saved_at", ""))
    except (OSError, ValueError, AttributeError):
        return None, ""
