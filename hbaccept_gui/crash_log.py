"""The crash trace, without Qt.

A clerk whose program vanished can only say "it closed", and a windowed build has no console to
print a trace on. So every session writes faulthandler's trace (and unhandled Python exceptions)
to its own log in the data folder, next to a lock held for the process lifetime. The OS drops the
lock when the process dies, even on SIGKILL or a power cut (as for the autosave journal), and a
clean exit deletes the log: the next start knows that a log whose lock it can take belongs to a
session that crashed. Such logs are kept, small and only the newest few, for 帮助 → 诊断信息 and a
support email."""

from __future__ import annotations

import faulthandler
import os
import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TextIO

from hbaccept_gui import APP_NAME, __version__
from hbaccept_gui.core.journal import InstanceLock

SESSION_PREFIX = "session-"
CRASH_PREFIX = "crash-"
#: A fault the program handled (the clerk got a message, the window went on): kept like a crash.
FAULT_PREFIX = "fault-"
LOG_SUFFIX = ".log"
LOCK_SUFFIX = ".lock"
KEEP_CRASHES = 5
#: A crash log fits in an email: the header (what ran) and the end (how it died) of a longer one.
CRASH_LOG_CAP = 64 * 1024
HEAD_BYTES = 2 * 1024
#: Past this, unhandled exceptions are no longer written: an error repeated in a loop must not fill the disk.
SESSION_LOG_CAP = 256 * 1024
TRACE_MARKERS = (b"Fatal Python error", b"Windows fatal exception", b"Traceback (most recent call last)")
NO_TRACE_NOTE = "没有记录到错误信息：程序可能是被强制结束的（例如在任务管理器中“结束任务”），或者电脑突然断电、死机。"
NO_CRASH = "没有崩溃记录。"
NO_FAULT = "没有程序出错记录。"


class CrashLog:
    """This session's log, and the logs that earlier sessions left behind by crashing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self._file: TextIO | None = None
        self._lock: InstanceLock | None = None
        self._previous_hook = None
        self._faulthandler_was_enabled: bool | None = None  # None: ours is not enabled

    def start(self) -> list[Path]:
        """The crash logs of sessions that died since the last start, newest first. Raises
        OSError if the folder cannot be written (nothing is then left enabled)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        found = [crash for log in sorted(self.folder.glob(f"{SESSION_PREFIX}*{LOG_SUFFIX}"))
                 if (crash := collect(log)) is not None]
        rotate(self.folder)
        self._open_own()
        return sorted((p for p in found if p.exists()), key=lambda p: p.name, reverse=True)

    def latest(self) -> Path | None:
        return latest_crash(self.folder)

    def close(self) -> None:
        """The clean exit: nothing to report at the next start."""
        if self._previous_hook is not None and sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook
        self._previous_hook = None
        if self._faulthandler_was_enabled is not None:
            self._restore_faulthandler()
        if self._file is not None:
            self._file.close()
            self._file = None
        if self.path is not None:
            unlink(self.path)
            self.path = None
        if self._lock is not None:
            self._lock.release()  # only after the log is gone, so no one takes a live log for a crash
            unlink(self._lock.path)
            self._lock = None

    def _open_own(self) -> None:
        """Lock first, then the log: a log without its lock taken would look like a crash."""
        name = f"{SESSION_PREFIX}{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}"
        lock = InstanceLock(self.folder / (name + LOCK_SUFFIX))
        if not lock.acquire():
            raise OSError(f"cannot lock {lock.path}")
        self._lock = lock
        self.path = self.folder / (name + LOG_SUFFIX)
        try:
            self._file = self.path.open("a", encoding="utf-8", errors="replace")
            self._file.write(header())
            self._file.flush()
        except OSError:
            self.close()
            raise
        self._faulthandler_was_enabled = faulthandler.is_enabled()
        faulthandler.enable(file=self._file, all_threads=True)
        self._previous_hook = sys.excepthook
        sys.excepthook = self._excepthook

    def _restore_faulthandler(self) -> None:
        """Back to what was there before (PYTHONFAULTHANDLER, pytest), if there is a stderr to
        write to: a windowed build has none."""
        faulthandler.disable()
        if self._faulthandler_was_enabled and stderr_usable():
            faulthandler.enable(file=sys.stderr, all_threads=True)
        self._faulthandler_was_enabled = None

    def _excepthook(self, kind, value, tb) -> None:
        """An exception nobody caught (in a Qt slot the program goes on): into the log, then on
        to the previous hook, so the console still shows it."""
        self._append(f"\n未处理的异常（{datetime.now():%Y-%m-%d %H:%M:%S}）：\n"
                     + "".join(traceback.format_exception(kind, value, tb)))
        (self._previous_hook or sys.__excepthook__)(kind, value, tb)

    def _append(self, text: str) -> None:
        if self._file is None:
            return
        try:
            if os.fstat(self._file.fileno()).st_size <= SESSION_LOG_CAP:
                self._file.write(text)
                self._file.flush()
        except (OSError, ValueError):
            pass  # the log is a help, never a second error


def header() -> str:
    started = datetime.now().astimezone().isoformat(timespec="seconds")
    return (f"{APP_NAME} 诊断日志\n启动时间：{started}\n程序版本：{__version__}\n"
            f"Python：{platform.python_version()}\n操作系统：{platform.platform()}\n进程号：{os.getpid()}\n\n")


def collect(log: Path) -> Path | None:
    """The crash log made of a dead session's log; None while that session still runs (a second
    instance) or when another starting instance collected it first."""
    lock = InstanceLock(log.with_suffix(LOCK_SUFFIX))
    try:
        if not lock.acquire():
            return None
    except OSError:
        return None
    crash = log.with_name(CRASH_PREFIX + log.name[len(SESSION_PREFIX):])
    try:
        crash.write_bytes(finished(log.read_bytes()))
        log.unlink()
    except OSError:
        crash = None
    finally:
        lock.release()
        unlink(lock.path)
    return crash


def finished(data: bytes) -> bytes:
    """A dead session's log as kept: small, and saying so when the session left no trace."""
    if not any(marker in data for marker in TRACE_MARKERS):
        data += f"\n{NO_TRACE_NOTE}\n".encode("utf-8")
    return capped(data)


def capped(data: bytes, cap: int = CRASH_LOG_CAP) -> bytes:
    """The head and the tail of an over-long log, `cap` bytes in all."""
    if len(data) <= cap:
        return data
    marker = "\n……（中间部分过长，已省略）……\n".encode("utf-8")
    tail = cap - HEAD_BYTES - len(marker)
    return data[:HEAD_BYTES] + marker + data[-tail:]


def crash_logs(folder: Path, prefix: str = CRASH_PREFIX) -> list[Path]:
    """Newest first: the names start with the session's start time (a fault's: its time)."""
    return sorted(folder.glob(f"{prefix}*{LOG_SUFFIX}"), key=lambda p: p.name, reverse=True)


def latest_crash(folder: Path, prefix: str = CRASH_PREFIX) -> Path | None:
    logs = crash_logs(folder, prefix) if folder.is_dir() else []
    return logs[0] if logs else None


def rotate(folder: Path, keep: int = KEEP_CRASHES) -> None:
    for prefix in (CRASH_PREFIX, FAULT_PREFIX):
        for old in crash_logs(folder, prefix)[keep:]:
            unlink(old)


def note_fault(folder: Path, what: str, fault: BaseException) -> Path | None:
    """Keep the traceback of a fault the program handled — an export that failed with 「程序出错」:
    the clerk was told, but a windowed build has no console, and support needs the trace. Written
    as fault-<time>.log beside the crash logs (newest few kept, shown in 帮助 → 诊断信息); it
    does not count as a crash at the next start. Never raises: the log is a help, not a second error."""
    text = (header() + f"程序出错（已处理）：{what}\n时间：{datetime.now():%Y-%m-%d %H:%M:%S}\n\n"
            + "".join(traceback.format_exception(fault)))
    path = folder / f"{FAULT_PREFIX}{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}{LOG_SUFFIX}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(capped(text.encode("utf-8", errors="replace")))
        rotate(folder)
    except OSError:
        return None
    return path


def unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def stderr_usable() -> bool:
    """sys.stderr is None in a windowed build, and a pipe-less stand-in elsewhere (pytest)."""
    try:
        return sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False


def base_versions() -> dict[str, str]:
    """The versions known without Qt; the window adds Qt's and PySide6's."""
    return {"程序版本": __version__, "Python": platform.python_version()}


def read_log(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"（无法读取 {path}：{error.strerror or error}）"


def diagnostics_text(folder: Path, versions: dict[str, str], last_log: Path | None,
                     last_fault: Path | None = None) -> str:
    """Everything a support email needs, in one text the clerk can paste: the versions, where
    the logs are, the last crash log and the last handled fault of the program."""
    lines = [f"{APP_NAME} 诊断信息", f"生成时间：{datetime.now():%Y-%m-%d %H:%M:%S}", ""]
    lines += [f"{label}：{value}" for label, value in versions.items()]
    lines += [f"操作系统：{platform.platform()}", f"诊断日志文件夹：{folder}", ""]
    if last_log is None:
        lines.append(NO_CRASH)
    else:
        lines += [f"最近一次崩溃记录（{last_log.name}）：", "", read_log(last_log)]
    lines.append("")
    if last_fault is None:
        lines.append(NO_FAULT)
    else:
        lines += [f"最近一次程序出错记录（{last_fault.name}）：", "", read_log(last_fault)]
    return "\n".join(lines)
