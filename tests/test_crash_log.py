"""The crash log without Qt: a session that dies leaves its trace for the next start, a running
second instance keeps its log, a clean exit leaves nothing, the logs stay few and small."""

from __future__ import annotations

import faulthandler
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hbaccept_gui import __version__
from hbaccept_gui.core.journal import InstanceLock
from hbaccept_gui.crash_log import (
    CRASH_LOG_CAP,
    KEEP_CRASHES,
    NO_CRASH,
    NO_TRACE_NOTE,
    SESSION_LOG_CAP,
    CrashLog,
    capped,
    diagnostics_text,
)

ROOT = Path(__file__).resolve().parents[1]
HEADER = "验收材料填报助手 诊断日志\n程序版本：0.0.9\n\n"
TRACE = ("Fatal Python error: Segmentation fault\n\n"
         "Current thread 0x00007f (most recent call first):\n  File \"x.py\", line 1\n")

CHILD = r"""
import os, sys
from pathlib import Path
from hbaccept_gui.crash_log import CrashLog
CrashLog(Path(sys.argv[1])).start()
os.abort()
"""


def no_core_dump() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "crash"


@pytest.fixture
def crash_log(folder):
    log = CrashLog(folder)
    yield log
    log.close()


def dead_session(folder: Path, stamp: str, text: str) -> Path:
    """The log of a session that died: its lock file is there, but nobody holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"session-{stamp}-4242.lock").touch()
    log = folder / f"session-{stamp}-4242.log"
    log.write_text(text, encoding="utf-8")
    return log


def names(folder: Path, pattern: str) -> list[str]:
    return sorted(p.name for p in folder.glob(pattern))


def test_an_aborted_session_leaves_its_trace_for_the_next_start(folder, crash_log, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(folder)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60, preexec_fn=no_core_dump)
    assert done.returncode == -signal.SIGABRT, done.stderr
    crashes = crash_log.start()
    assert [p.name for p in crashes] == names(folder, "crash-*.log") and len(crashes) == 1
    text = crashes[0].read_text(encoding="utf-8")
    assert f"程序版本：{__version__}" in text and "Fatal Python error: Aborted" in text
    assert NO_TRACE_NOTE not in text
    assert names(folder, "session-*") == sorted([crash_log.path.name, crash_log.path.with_suffix(".lock").name])


def test_a_session_that_left_no_trace_says_why_there_is_none(folder, crash_log):
    dead_session(folder, "20250101-080000", HEADER)
    [crash] = crash_log.start()
    assert crash.name == "crash-20250101-080000-4242.log"
    assert crash.read_text(encoding="utf-8") == f"{HEADER}\n{NO_TRACE_NOTE}\n"
    assert not (folder / "session-20250101-080000-4242.lock").exists()


def test_the_log_of_a_running_second_instance_is_left_alone(folder, crash_log):
    live = dead_session(folder, "20250101-080000", HEADER)
    lock = InstanceLock(live.with_suffix(".lock"))
    assert lock.acquire()
    try:
        assert crash_log.start() == []
        assert live.read_text(encoding="utf-8") == HEADER
        assert names(folder, "crash-*") == []
    finally:
        lock.release()


def test_only_the_newest_crash_logs_are_kept(folder, crash_log):
    folder.mkdir(parents=True)
    for day in range(1, 8):
        (folder / f"crash-2025010{day}-080000-1.log").write_text(TRACE, encoding="utf-8")
    dead_session(folder, "20250108-080000", HEADER + TRACE)
    assert [p.name for p in crash_log.start()] == ["crash-20250108-080000-4242.log"]
    kept = [f"crash-2025010{day}-080000-{1 if day < 8 else 4242}.log" for day in range(8, 8 - KEEP_CRASHES, -1)]
    assert names(folder, "crash-*") == sorted(kept)
    assert crash_log.latest() == folder / kept[0]


def test_a_long_log_keeps_its_header_and_its_trace(folder, crash_log):
    dead_session(folder, "20250101-080000", HEADER + "x" * 1_000_000 + "\n" + TRACE)
    [crash] = crash_log.start()
    data = crash.read_bytes()
    assert len(data) == CRASH_LOG_CAP
    assert data.startswith(HEADER.encode()) and data.endswith(TRACE.encode())
    assert "已省略".encode() in data
    assert capped(b"short") == b"short"


def test_a_clean_close_leaves_nothing_behind(folder):
    hook, tracing = sys.excepthook, faulthandler.is_enabled()
    log = CrashLog(folder)
    assert log.start() == []
    assert log.path.read_text(encoding="utf-8").startswith("验收材料填报助手 诊断日志")
    assert faulthandler.is_enabled() and sys.excepthook is not hook
    log.close()
    assert list(folder.iterdir()) == []
    assert sys.excepthook is hook and faulthandler.is_enabled() == tracing
    again = CrashLog(folder)
    try:
        assert again.start() == [], "a clean exit is not a crash"
    finally:
        again.close()


def test_a_folder_that_cannot_be_written_leaves_nothing_enabled(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    hook = sys.excepthook
    with pytest.raises(OSError):
        CrashLog(blocker / "crash").start()
    assert sys.excepthook is hook


def test_unhandled_exceptions_are_logged_then_passed_on(crash_log, monkeypatch):
    passed_on = []
    monkeypatch.setattr(sys, "excepthook", lambda *info: passed_on.append(info[1]))
    crash_log.start()
    try:
        raise ValueError("槽函数中的错误")
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
        assert passed_on == [error]
    text = crash_log.path.read_text(encoding="utf-8")
    assert "未处理的异常" in text and "Traceback (most recent call last)" in text
    assert "ValueError: 槽函数中的错误" in text
    for _ in range(400):
        sys.excepthook(ValueError, ValueError("长" * 1000), None)
    assert crash_log.path.stat().st_size < SESSION_LOG_CAP + 4000, "a loop of errors must not fill the disk"
    assert len(passed_on) == 401


def test_the_diagnostics_text_holds_versions_folder_and_last_crash(folder):
    folder.mkdir()
    crash = folder / "crash-20250101-080000-1.log"
    crash.write_text(HEADER + TRACE, encoding="utf-8")
    versions = {"程序版本": "9.8.7", "Python": "3.11.9", "Qt": "6.5.3", "PySide6": "6.5.3.1"}
    text = diagnostics_text(folder, versions, crash)
    for label, value in versions.items():
        assert f"{label}：{value}" in text
    assert "操作系统：" in text and str(folder) in text
    assert (HEADER + TRACE) in text and NO_CRASH not in text
    assert text.index(HEADER + TRACE) < text.index("没有程序出错记录。")  # the crash, then the handled faults
    assert NO_CRASH in diagnostics_text(folder, versions, None)
