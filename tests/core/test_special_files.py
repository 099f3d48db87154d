"""Anything but a regular file is refused before reading (#14 item 9): a FIFO blocked for ever,
/dev/zero grew to 18 GB. Files over the documented limit are refused before reading too."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from hbaccept_gui.core import storage
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.merge import read_sources
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.core.storage import MAX_FILE_BYTES, load_document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")
WITHIN_S = 10


def outcome_within(call, seconds: float = WITHIN_S):
    """What `call()` raised or returned, or fail if it is still running after `seconds` (the old
    code blocked for ever: the thread is a daemon, so the test run still ends)."""
    result = {}

    def run():
        try:
            result["value"] = call()
        except BaseException as error:  # noqa: BLE001 - reported to the test
            result["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still reading after {seconds} s")
    return result


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "管道.hbaccept"
    os.mkfifo(path)
    yield path
    try:  # release a reader the old code left blocked
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


def test_a_fifo_is_refused_at_once(fifo):
    error = outcome_within(lambda: load_document(fifo))["error"]
    assert isinstance(error, StorageError) and error.code == "not_regular"
    assert "“管道.hbaccept”不是普通文件" in error.message


def test_a_symlink_to_a_fifo_is_refused(fifo, tmp_path):
    link = tmp_path / "链接.hbaccept"
    link.symlink_to(fifo)
    assert outcome_within(lambda: load_document(link))["error"].code == "not_regular"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_a_device_is_refused_without_reading(device, monkeypatch):
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    error = outcome_within(lambda: load_document(device))["error"]
    assert isinstance(error, StorageError) and error.code == "not_regular"


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "大.hbaccept"
    with open(big, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing to read, if anything read it
    opened = []
    monkeypatch.setattr(storage.os, "open", lambda *args, **kwargs: opened.append(args) or os.open(*args, **kwargs))
    with pytest.raises(StorageError) as caught:
        load_document(big)
    assert caught.value.code == "too_large" and "64 MB" in caught.value.message
    assert opened == [], "refused on its size, before opening"


def test_a_file_swapped_for_a_fifo_after_the_check_is_still_refused(fifo, tmp_path, monkeypatch):
    regular = os.stat(demo_path())
    monkeypatch.setattr(Path, "stat", lambda self, **kwargs: regular)  # the first look sees a regular file
    error = outcome_within(lambda: load_document(fifo))["error"]
    assert isinstance(error, StorageError) and error.code == "not_regular"


def test_a_folder_is_still_named_as_a_folder(tmp_path):
    with pytest.raises(StorageError, match="是一个文件夹"):
        load_document(tmp_path)


def test_merge_reports_a_fifo_among_its_inputs_and_reads_the_rest(fifo, tmp_path):
    sources, problems = outcome_within(lambda: read_sources([demo_path(), fifo]))["value"]
    assert [s.file for s in sources] == [demo_path().name]
    assert [p.file for p in problems] == [fifo.name] and "不是普通文件" in problems[0].message
