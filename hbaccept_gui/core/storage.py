"""Save files: versioned JSON, written atomically, read with suspicion.

Saving never leaves a half-written file where the document was: the new content goes to a temp
file in the same folder, is flushed and fsynced, the previous version is kept as `<name>.bak`, and
only then does an atomic rename put the new file in place. Reading refuses anything that is not
one of our files, or comes from a newer program, with a Chinese message instead of a traceback;
older files are migrated (`migrations`)."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import stat
import sys
import time
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from hbaccept_gui import __version__
from hbaccept_gui.core import json_numbers
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.definition_loader import available_definitions, load_definition, years_installed_text
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.messages import DAMAGED_NO_BACKUP, DAMAGED_WITH_BACKUP
from hbaccept_gui.core.migrations import CURRENT_VERSION, migrate
from hbaccept_gui.core.os_errors import NAME_TOO_LONG, explain, name_too_long
from hbaccept_gui.core.serialize import document_from_dict, document_to_dict
from hbaccept_gui.resources import resource_path

FORMAT_NAME = "hbaccept-document"
FILE_SUFFIX = ".hbaccept"
BACKUP_SUFFIX = ".bak"
#: The largest save file read (docs/file-format.md): a document with 2,000 itemised works is
#: about 0.2 MB, so 64 MB leaves room for any real one and stops a wrong file before reading it.
MAX_FILE_MB = 64
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
_OFFICE_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")
_SCHEMA_WORDS = {
    "type": "类型不对",
    "required": "缺少必需的项",
    "additionalProperties": "有不认识的项",
    "const": "取值不对",
    "oneOf": "段落格式不对",
    "minLength": "不能为空",
    "maxLength": "过长",
}


# ---------------------------------------------------------------- writing


def document_bytes(doc: Document) -> bytes:
    data = {
        "format": FORMAT_NAME,
        "format_version": CURRENT_VERSION,
        "definition": doc.definition_id,
        "app_version": __version__,
        "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "document": document_to_dict(doc),
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def save_document(doc: Document, path: Path | str) -> None:
    """Write `doc` to `path` atomically, keeping the previous version as `.bak`.
    Raises StorageError; the file on disk and `doc` are then both unchanged."""
    path = Path(path)
    try:
        data = document_bytes(doc)
    except UnicodeEncodeError:
        raise StorageError("write_failed", 原因="文档中含有无效的字符编码", 文件=path.name) from None
    atomic_write(path, data)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` as the module's docstring says. Every failure, the checks before
    the write included (a name too long fails already when asking whether the file exists), is a
    StorageError saying why in Chinese; the file at `path` is then as it was."""
    folder = path.parent
    temp = folder / f".{path.name}.saving"
    try:
        _check_target(path)
        mode = _kept_mode(path)
        with os.fdopen(_create_exclusive(temp, mode), "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if _stat_or_none(path) is not None:
            _keep_backup(path)
        _replace(temp, path)
        _fsync_folder(folder)
    except OSError as error:
        _remove_quietly(temp)
        raise _storage_error(error, path) from error


def _check_target(path: Path) -> None:
    """Refuse before writing: a folder that is missing or is a file, a read-only file. Raises
    StorageError, or the OSError of looking (then said by `_storage_error`)."""
    folder_info = _stat_or_none(path.parent)
    if folder_info is None:
        raise _missing_folder_error(path)
    if not stat.S_ISDIR(folder_info.st_mode):
        raise _not_a_folder_error(path.parent)
    info = _stat_or_none(path)
    if info is not None and not info.st_mode & stat.S_IWUSR:
        raise StorageError("read_only", 文件=path.name)


def _stat_or_none(path: Path) -> os.stat_result | None:
    """os.stat of `path`; None if nothing is there (ENOENT; ENOTDIR: a file is in the way, which
    `_missing_folder_error` then names). Any other OSError (too long, no permission) is raised."""
    try:
        return os.stat(path)
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ENOTDIR) and not name_too_long(error):
            return None
        raise


#: A new file exclusively: never an existing file, never through a symlink (O_NOFOLLOW where the
#: system has it; on Windows O_EXCL alone, which also refuses an existing link), in binary mode.
_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _create_exclusive(temp: Path, mode: int | None) -> int:
    """A descriptor of a file newly created at `temp`. What is there already (the leftover of a
    killed save, or a symlink planted to redirect the write) is unlinked, never written through;
    if something reappears before the create, the create fails instead of following it. The file
    gets `mode` exactly (the original file's), else the default of new files (0666 less umask)."""
    _remove_quietly(temp)
    descriptor = os.open(temp, _EXCLUSIVE, 0o666 if mode is None else mode)
    if mode is not None and hasattr(os, "fchmod"):
        try:
            os.fchmod(descriptor, mode)  # os.open's mode passed through the umask
        except OSError:
            os.close(descriptor)
            raise
    return descriptor


def _kept_mode(path: Path) -> int | None:
    """The permission bits of the file being replaced (a 0600 file stays 0600); None if new."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _keep_backup(path: Path) -> None:
    """The current file becomes `.bak` without ever being absent: a hard link (or a copy where
    the file system has none, e.g. FAT32 USB sticks) is renamed over the old backup."""
    staging = path.with_name(f".{path.name}.bak.saving")
    _remove_quietly(staging)
    try:
        try:
            os.link(path, staging)
        except OSError:
            _copy_exclusive(path, staging)
        _replace(staging, backup_path(path))
    finally:
        _remove_quietly(staging)


def _copy_exclusive(source: Path, target: Path) -> None:
    """shutil.copyfile into a file created as `_create_exclusive` does, with the source's mode."""
    with open(source, "rb") as reading, os.fdopen(_create_exclusive(target, _kept_mode(source)), "wb") as writing:
        shutil.copyfileobj(reading, writing)


def _replace(source: Path, target: Path) -> None:
    """os.replace, retried briefly on Windows where a virus scanner or the search indexer may hold
    the target open for a moment."""
    attempts = 6 if sys.platform == "win32" else 1
    for attempt in range(attempts):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def _storage_error(error: OSError, path: Path) -> StorageError:
    """The StorageError of saving to `path` that failed with `error`: the cause and the advice are
    os_errors' (the one place OS errors are said in Chinese), the folder named when it is missing
    or is a file."""
    if name_too_long(error):
        return StorageError("name_too_long", 文件=path.name, 建议=NAME_TOO_LONG[1])
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return StorageError("disk_full", 文件=path.name)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(error, PermissionError):
        return StorageError("read_only", 文件=path.name)
    if error.errno in (errno.ENOENT, errno.ENOTDIR) and _stat_or_none_quietly(path.parent) is None:
        return _missing_folder_error(path)
    reason, advice = explain(error)
    return StorageError("os_failed", 原因=reason, 建议=advice)


def _missing_folder_error(path: Path) -> StorageError:
    """The folder of `path` is not there: say which file stands where a folder should (Linux says
    ENOTDIR, Windows "path not found"), else that the folder does not exist."""
    for ancestor in path.parents:
        info = _stat_or_none_quietly(ancestor)
        if info is not None:
            if not stat.S_ISDIR(info.st_mode):
                return _not_a_folder_error(ancestor)
            break
    return StorageError("no_folder", 文件夹=str(path.parent))


def _stat_or_none_quietly(path: Path) -> os.stat_result | None:
    """os.stat of `path`; None for anything the lookup cannot answer (a NUL in the name included)."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _not_a_folder_error(file: Path) -> StorageError:
    return StorageError("not_a_folder", 名称=file.name, 路径=str(file))


# ---------------------------------------------------------------- reading


def load_document(path: Path | str, advice: bool = True) -> tuple[Definition, Document]:
    """Read a save file. Raises StorageError with a message for the user on any problem; a
    damaged file's message says what can help: its `.bak` if there is one beside it, else the
    autosave or a copy (`advice=False`: nothing, for a caller that tries the `.bak` itself)."""
    path = Path(path)
    return load_document_bytes(read_file_bytes(path), path.name,
                               damaged_advice(path) if advice else "")


def damaged_advice(path: Path | None) -> str:
    """What to do when the save file at `path` is damaged (empty, cut short): open its `.bak`
    when there is one, else look for the autosave or a copy."""
    backup = backup_path(path) if path is not None else None
    info = _stat_or_none_quietly(backup) if backup is not None else None
    if info is not None and stat.S_ISREG(info.st_mode):
        return DAMAGED_WITH_BACKUP.format(备份=backup.name)
    return DAMAGED_NO_BACKUP


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. Folders, FIFOs and devices are refused
    before reading (a FIFO would block for ever, /dev/zero never ends); the file is opened without
    blocking, checked again once open (it may have been swapped), and read no further than the
    limit (it may be growing)."""
    name = path.name
    try:
        _check_regular(path.stat(), name)
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            _check_regular(os.fstat(handle.fileno()), name)
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _read_error(error, path) from None
    if len(data) > MAX_FILE_BYTES:
        raise StorageError("too_large", 文件=name, 大小=f"超过 {MAX_FILE_MB} MB", 上限=MAX_FILE_MB)
    return data


def _read_error(error: OSError, path: Path) -> StorageError:
    if name_too_long(error):
        return StorageError("read_failed", 文件=path.name, 原因=NAME_TOO_LONG[0], 建议=NAME_TOO_LONG[1])
    if isinstance(error, FileNotFoundError):
        return StorageError("not_found", 文件=str(path))
    if isinstance(error, PermissionError):
        return StorageError("no_permission_read", 文件=path.name)
    reason, advice = explain(error)
    return StorageError("read_failed", 文件=path.name, 原因=reason, 建议=advice)


def _check_regular(info: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise StorageError("is_directory", 文件=name)
    if not stat.S_ISREG(info.st_mode):
        raise StorageError("not_regular", 文件=name)
    if info.st_size > MAX_FILE_BYTES:
        raise StorageError("too_large", 文件=name, 大小=f"{info.st_size // (1024 * 1024)} MB", 上限=MAX_FILE_MB)


def load_document_bytes(data: bytes, name: str = "文件",
                        advice: str = DAMAGED_NO_BACKUP) -> tuple[Definition, Document]:
    """The document in `data` (the file `name`); `advice`: what to do if it is damaged."""
    raw, odd_numbers = _parse_json(data, name, advice)
    version = raw.get("format_version")
    if raw.get("format") != FORMAT_NAME:
        raise StorageError("foreign", 文件=name)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StorageError("bad_version", 文件=name, 版本=str(version)[:20])
    if version > CURRENT_VERSION:
        raise StorageError("newer_version", 文件=name, 版本=version, 本版=CURRENT_VERSION)
    definition_id = raw.get("definition")
    if not isinstance(definition_id, str) or definition_id not in available_definitions():
        raise StorageError("unknown_definition", 文件=name, 定义=str(definition_id)[:100],
                           年度=_year_of(definition_id), 已有=years_installed_text())
    raw = migrate(raw, version)
    _check_schema(raw, name)
    _check_unicode(raw, name)
    definition = load_definition(definition_id)
    if odd_numbers:
        _check_numbers(definition, raw["document"], name)
    return definition, document_from_dict(definition, raw["document"])


def _year_of(definition_id: object) -> str:
    """「2030年度」 out of hebei-2030, as the clerk knows the file; 「另一年度」 if it says none."""
    found = re.search(r"(19|20)\d\d", definition_id) if isinstance(definition_id, str) else None
    return f"{found.group()}年度" if found else "另一年度"


def _check_numbers(definition: Definition, document: dict, name: str) -> None:
    """A JSON number the exact arithmetic cannot hold (1e1000000, 1e-2000000) refuses the file,
    naming the cell, before it can crash a print or turn silently into 0."""
    found = json_numbers.find_unrepresentable(document)
    if found is not None:
        path, value = found
        raise StorageError("number_out_of_range", 文件=name, 位置=json_numbers.location(definition, path),
                           数字=json_numbers.shown_number(value))


def _parse_json(data: bytes, name: str, advice: str) -> tuple[dict, bool]:
    """The parsed object, and whether it holds a JSON number the exact arithmetic cannot (only
    then is the document searched for it, to name its cell)."""
    if not data.strip():
        raise StorageError("empty", 文件=name, 建议=advice)
    if data.startswith(_OFFICE_MAGIC):
        raise StorageError("office_file", 文件=name)
    if b"\x00" in data:
        raise StorageError("binary", 文件=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StorageError("not_utf8", 文件=name) from None
    numbers = _JsonNumbers()
    try:
        parsed = json.loads(text, parse_float=numbers.decimal, parse_int=numbers.integer,
                            parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise StorageError("bad_json", 文件=name, 行=error.lineno, 列=error.colno, 建议=advice) from None
    except RecursionError:
        raise StorageError("too_deep", 文件=name) from None
    except ValueError:  # NaN/Infinity
        raise StorageError("foreign", 文件=name) from None
    if not isinstance(parsed, dict):
        raise StorageError("foreign", 文件=name)
    return parsed, numbers.odd


class _JsonNumbers:
    """JSON numbers read exactly, noting any the arithmetic cannot hold. Our own files store
    numbers as strings, so for them these hooks are hardly ever called."""

    def __init__(self) -> None:
        self.odd = False

    def decimal(self, text: str) -> Decimal:
        value = Decimal(text)
        self.odd = self.odd or not json_numbers.representable(value)
        return value

    def integer(self, digits: str) -> int | Decimal:
        """An int, except past the arithmetic's digits: a Decimal then, so that `_check_numbers`
        names its cell (int() would refuse it past 4,300 digits anyway)."""
        if len(digits.lstrip("-")) <= json_numbers.MAX_DIGITS:
            return int(digits)
        return self.decimal(digits)


def _refuse_constant(constant: str) -> None:
    raise ValueError(f"{constant} is not allowed")


@lru_cache(maxsize=1)
def _validator():
    """The JSON Schema compiled to Python by fastjsonschema: ~50 ms at first use against ~150 ms
    for importing jsonschema, which counts at every start of the window (the tests still check the
    schema and the shipped files with jsonschema, the reference implementation)."""
    import fastjsonschema

    with resource_path("schema", "hbaccept-document.schema.json").open("rb") as handle:
        return fastjsonschema.compile(json.load(handle))


def _check_schema(data: dict, name: str) -> None:
    import fastjsonschema

    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as error:
        where = "/".join(str(p) for p in error.path[1:]) or "（顶层）"
        raise StorageError("schema", 文件=name, 路径=where[:200], 原因=_SCHEMA_WORDS.get(error.rule, "格式不对")) from None


def _check_unicode(data: object, name: str) -> None:
    """Lone UTF-16 halves (\\ud800 escapes) cannot be written back or printed: refuse the file."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise StorageError("bad_unicode", 文件=name) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
