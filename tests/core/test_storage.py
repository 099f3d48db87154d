"""Saving never breaks a file; reading never shows a traceback."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hbaccept_gui.core import storage
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.core.storage import backup_path, load_document, load_document_bytes, save_document

EXT_B = "\U00020001"  # 𠀁, CJK Extension B: outside the BMP and outside GBK


def _title(doc, index):
    return doc.details["digital_resources"][0].items[index].title


def test_round_trip_keeps_rare_characters_and_exact_numbers(tmp_path, demo):
    demo.details["digital_resources"][0].items[0].title = f"《{EXT_B}书》"
    demo.funding["cloud"].budget = Decimal("1234567.1234")
    path = tmp_path / "保定.hbaccept"
    save_document(demo, path)
    _definition, loaded = load_document(path)
    assert loaded == demo
    assert _title(loaded, 3) == "《海琼玊蟾先生文集》"
    assert _title(loaded, 0) == f"《{EXT_B}书》"
    assert loaded.funding["cloud"].budget == Decimal("1234567.1234")


def test_saved_file_is_utf8_json_with_decimals_as_strings(tmp_path, demo):
    path = tmp_path / "a.hbaccept"
    save_document(demo, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "hbaccept-document"
    assert data["definition"] == "hebei-2024"
    assert data["document"]["funding"]["library"]["executed"] == "19.6"
    assert "玊" in path.read_text(encoding="utf-8")


def test_second_save_keeps_the_previous_version_as_bak(tmp_path, demo):
    path = tmp_path / "a.hbaccept"
    save_document(demo, path)
    first = path.read_bytes()
    demo.header["unit_name"] = "保定市图书馆（改）"
    save_document(demo, path)
    assert backup_path(path).read_bytes() == first
    assert load_document(path)[1].header["unit_name"] == "保定市图书馆（改）"
    assert not list(tmp_path.glob(".*.saving"))


@pytest.mark.parametrize(
    ("code", "expected"),
    [(errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有写入"), (errno.EROFS, "没有写入"), (errno.EIO, "保存失败")],
)
def test_failed_save_leaves_old_file_and_document_intact(tmp_path, demo, monkeypatch, code, expected):
    path = tmp_path / "a.hbaccept"
    save_document(demo, path)
    before = path.read_bytes()
    demo.header["contact"] = "新联系人"

    def failing_replace(src, dst):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.os, "replace", failing_replace)
    with pytest.raises(StorageError) as caught:
        save_document(demo, path)
    assert expected in caught.value.message
    assert "您的数据仍在程序中" in caught.value.message
    assert path.read_bytes() == before
    assert demo.header["contact"] == "新联系人"
    assert not list(tmp_path.glob(".*.saving"))


def test_disk_full_while_writing_the_temp_file(tmp_path, demo, monkeypatch):
    path = tmp_path / "a.hbaccept"
    save_document(demo, path)
    before = path.read_bytes()

    def full_fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage.os, "fsync", full_fsync)
    with pytest.raises(StorageError, match="磁盘空间不足"):
        save_document(demo, path)
    assert path.read_bytes() == before


def test_read_only_file_is_not_overwritten(tmp_path, demo):
    path = tmp_path / "a.hbaccept"
    save_document(demo, path)
    path.chmod(0o444)
    try:
        with pytest.raises(StorageError, match="没有写入"):
            save_document(demo, path)
    finally:
        path.chmod(0o644)


def test_missing_folder_is_a_clear_error(tmp_path, demo):
    with pytest.raises(StorageError, match="不存在"):
        save_document(demo, tmp_path / "nope" / "a.hbaccept")


# ---------------------------------------------------------------- refusing what is not ours


def _load_message(data: bytes) -> str:
    with pytest.raises(StorageError) as caught:
        load_document_bytes(data, "x.hbaccept")
    return caught.value.message


def _demo_dict() -> dict:
    return json.loads(demo_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空文件"),
        (b"   \n", "空文件"),
        (b"PK\x03\x04rest-of-a-docx", "办公文档"),
        (b"%PDF-1.7", "办公文档"),
        (b"\x00\x01\x02binary", "二进制"),
        ("单位名称,日期".encode("gbk"), "UTF-8"),
        (b'{"format": "hbaccept-document", "format_version": 2, "document": {', "损坏或不完整"),
        (b"[1, 2, 3]", "不是本程序的保存文件"),
        (b'{"name": "a JSON file of another program"}', "不是本程序的保存文件"),
        (b'{"a": NaN}', "不是本程序的保存文件"),
        (b"[" * 100000 + b"]" * 100000, "嵌套过深"),
        (b'{"format": "hbaccept-document", "format_version": "2"}', "版本号"),
        (b'{"format": "hbaccept-document", "format_version": 2, "definition": "hebei-1999"}', "表格定义"),
    ],
)
def test_corrupt_truncated_foreign_and_binary_files_are_refused(data, words):
    assert words in _load_message(data)


def test_truncated_demo_is_refused_with_advice_to_use_the_backup(tmp_path):
    text = demo_path().read_text(encoding="utf-8")
    path = tmp_path / "x.hbaccept"
    path.write_bytes(text[: len(text) // 2].encode("utf-8"))  # cut between characters, not inside one
    backup_path(path).write_bytes(demo_path().read_bytes())
    with pytest.raises(StorageError) as caught:
        load_document(path)
    assert "损坏或不完整" in caught.value.message and "“x.hbaccept.bak”" in caught.value.message


def test_newer_format_version_is_refused_with_upgrade_advice():
    raw = _demo_dict()
    raw["format_version"] = 99
    message = _load_message(json.dumps(raw).encode())
    assert "较新版本" in message and "第99版" in message


def test_wrong_shape_is_refused_with_where(tmp_path):
    raw = _demo_dict()
    raw["document"]["details"]["digital_resources"] = "not a list"
    message = _load_message(json.dumps(raw, ensure_ascii=False).encode())
    assert "document/details/digital_resources" in message


def test_lone_surrogate_is_refused():
    raw = json.dumps(_demo_dict(), ensure_ascii=True).replace("\\u4fdd", "\\ud800", 1)
    assert "无效的字符编码" in _load_message(raw.encode())


def test_huge_numbers_become_findings_not_crashes():
    raw = _demo_dict()
    raw["document"]["assigned"]["digital_resources"] = "9" * 35
    definition, doc = load_document_bytes(json.dumps(raw).encode())
    assert doc.assigned["digital_resources"].text == "9" * 35
    assert "太大" in doc.assigned["digital_resources"].reason


def test_missing_file_and_folder_are_named(tmp_path):
    with pytest.raises(StorageError, match="找不到"):
        load_document(tmp_path / "none.hbaccept")
    with pytest.raises(StorageError, match="文件夹"):
        load_document(tmp_path)


def test_utf8_bom_from_notepad_is_accepted():
    definition, doc = load_document_bytes(b"\xef\xbb\xbf" + demo_path().read_bytes())
    assert doc.header["unit_name"] == "保定市图书馆"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_loading_random_bytes_never_raises_anything_but_storage_error(data):
    try:
        load_document_bytes(data)
    except StorageError:
        pass


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0), st.binary(min_size=1, max_size=8))
def test_damaged_demo_never_raises_anything_but_storage_error(position, noise):
    data = bytearray(demo_path().read_bytes())
    position %= len(data)
    data[position:position + len(noise)] = noise
    try:
        load_document_bytes(bytes(data))
    except StorageError:
        pass


# ---------------------------------------------------------------- killed while saving

CHILD = r"""
import sys
from decimal import Decimal
from pathlib import Path
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.document import ItemRow
from hbaccept_gui.core.storage import atomic_write, document_bytes
definition, doc = load_demo()
doc.details["digital_resources"][0].items = [ItemRow(f"《第{i}种》", Decimal(i + 1)) for i in range(3000)]
versions = []
for name in ("A", "B"):
    doc.header["unit_name"] = name
    versions.append(document_bytes(doc))  # serialised once, so nearly all the loop is writing
path = Path(sys.argv[1])
print("ready", flush=True)
n = 0
while True:
    atomic_write(path, versions[n % 2])
    n += 1
"""


def test_killed_mid_save_always_leaves_the_old_or_the_new_document(tmp_path):
    """SIGKILL at many moments of a save loop: the file on disk is always a whole document."""
    path = tmp_path / "killed.hbaccept"
    temp = tmp_path / ".killed.hbaccept.saving"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    rng = random.Random(2024)
    killed_mid_write = 0
    for _attempt in range(30):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, env=env)
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.12))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        killed_mid_write += temp.exists()
        if not path.exists():
            continue  # killed before the very first save finished: there was nothing to break
        _definition, doc = load_document(path)
        assert doc.header["unit_name"] in ("A", "B")
        assert len(doc.details["digital_resources"][0].items) == 3000
    assert killed_mid_write > 0, "no kill landed inside a save: the test proved nothing"


def test_works_list_under_a_task_without_one_is_kept_but_not_checked():
    raw = _demo_dict()
    raw["document"]["details"]["support_platform"] = [
        {"contractor": "x", "subproject": "y", "description": "z", "items": [{"title": "t", "count": "abc"}]}]
    definition, doc = load_document_bytes(json.dumps(raw).encode())
    from hbaccept_gui.core.checks import check_document
    from hbaccept_gui.core.serialize import document_to_dict

    assert [f for f in check_document(definition, doc) if f.ref.row[:1] == ("support_platform",)] == []
    assert document_to_dict(doc)["details"]["support_platform"][0]["items"] == [{"title": "t", "count": "abc"}]
