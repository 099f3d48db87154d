"""Is the file on disk still the one that was opened? Two instances (or a colleague on a shared
folder) may have one file open; without this check the second to save overwrote the first
without a word, and the first's work survived only until the next save replaced the `.bak`.

A `FileStamp` is taken when a document is opened or saved: the size and a SHA-256 of the content.
The content decides, not the modification time: FAT32 USB sticks keep it to 2 seconds (two saves
within them look alike), and copying a file back or touching it changes it without changing the
document. Before saving over the file, `changed_since` compares; the window then asks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.filenames import safe_name
from hbaccept_gui.core.storage import FILE_SUFFIX, atomic_write, read_file_bytes


@dataclass(frozen=True)
class FileStamp:
    size: int
    sha256: str


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of the file at `path` now; None if there is no readable save file there."""
    try:
        data = read_file_bytes(Path(path))
    except StorageError:
        return None
    return FileStamp(len(data), hashlib.sha256(data).hexdigest())


def changed_since(path: Path, stamp: FileStamp | None) -> bool:
    """Whether saving over `path` would destroy a version nobody here has seen: the file differs
    from `stamp` (None: there was no file when it was taken, and now there is one). A file that
    has gone is no loss."""
    current = file_stamp(path)
    if current is None:
        return False
    return current != stamp


def keep_other_version(path: Path, now: datetime | None = None) -> Path:
    """Copy the file at `path` to a free name beside it, 保定（另一处保存的版本 20261130-1907）.hbaccept,
    before it is overwritten. Raises StorageError if it cannot be kept (then do not overwrite)."""
    path = Path(path)
    data = read_file_bytes(path)
    stamp = f"{now or datetime.now():%Y%m%d-%H%M}"
    stem = safe_name(path.stem, "验收材料")
    for number in range(1, 1000):
        extra = "" if number == 1 else f"_{number}"
        target = path.with_name(f"{stem}（另一处保存的版本 {stamp}{extra}）{FILE_SUFFIX}")
        if not target.exists():
            atomic_write(target, data)
            return target
    raise StorageError("write_failed", 原因="找不到可用的文件名", 文件=path.name)
