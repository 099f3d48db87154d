"""Hostile inputs on the command line (#14 items 3 and 9): `validate`, `merge` and `export` exit 2
with a Chinese message and never print a traceback, whatever file they are given."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hbaccept_gui.core.pipeline import demo_path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 60


def hbaccept(*args, timeout: float = TIMEOUT_S) -> subprocess.CompletedProcess:
    """The real program in a fresh process, as a clerk's batch file would run it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "hbaccept_gui", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout)


def hostile_demo(folder: Path, number: str, name: str = "大数.hbaccept") -> Path:
    """The demo with 下达任务量 of 附件1 as the bare JSON number `number`."""
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["document"]["assigned"]["digital_resources"] = "@NUMBER@"
    path = folder / name
    path.write_text(json.dumps(raw, ensure_ascii=False).replace('"@NUMBER@"', number), encoding="utf-8")
    return path


@pytest.mark.parametrize("number", ["1e1000000", "1e-2000000"])
def test_validate_refuses_a_number_beyond_the_arithmetic_with_exit_2(tmp_path, number):
    result = hbaccept("validate", hostile_demo(tmp_path, number))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("错误：“大数.hbaccept”中附件1 下达任务量「基础数字资源项目建设数量（万筒子叶）」")


def test_merge_skips_a_file_with_such_a_number_when_asked(unit_files, tmp_path):
    units = unit_files(tmp_path / "units", count=2)
    hostile = hostile_demo(tmp_path, "1e1000000")
    target = tmp_path / "市.hbaccept"
    result = hbaccept("merge", units[0], hostile, units[1], "--out", target, "--unit", "某市")
    assert result.returncode == 2 and "Traceback" not in result.stderr and not target.exists()
    assert "超出本程序能精确处理的范围" in result.stderr
    result = hbaccept("merge", units[0], hostile, units[1], "--out", target, "--unit", "某市", "--skip-unreadable")
    assert result.returncode == 0, result.stderr
    assert "已汇总 2 个单位" in result.stdout and "大数.hbaccept" in result.stderr


# ---------------------------------------------------------------- item 9: only regular files, within the limit

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")


@posix_only
@pytest.mark.parametrize("command", ["validate", "show", "draft"])
def test_a_fifo_given_as_file_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "管道.hbaccept"
    os.mkfifo(fifo)
    result = hbaccept(command, fifo, timeout=30)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "“管道.hbaccept”不是普通文件" in result.stderr


@posix_only
def test_dev_zero_is_refused_without_reading_it(tmp_path):
    result = hbaccept("export", "/dev/zero", "--out", tmp_path / "out", timeout=30)
    assert result.returncode == 2 and "不是普通文件" in result.stderr and "Traceback" not in result.stderr


@posix_only
def test_merge_with_a_fifo_among_the_inputs_skips_it_when_asked(unit_files, tmp_path):
    units = unit_files(tmp_path / "units", count=2)
    fifo = tmp_path / "管道.hbaccept"
    os.mkfifo(fifo)
    target = tmp_path / "市.hbaccept"
    result = hbaccept("merge", units[0], fifo, units[1], "--out", target, "--unit", "某市", "--skip-unreadable",
                      timeout=30)
    assert result.returncode == 0, result.stderr
    assert "已汇总 2 个单位" in result.stdout and "“管道.hbaccept”不是普通文件" in result.stderr


def test_a_file_over_the_limit_is_refused_with_the_limit(tmp_path):
    big = tmp_path / "大.hbaccept"
    with open(big, "wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)
    result = hbaccept("validate", big)
    assert result.returncode == 2 and "保存文件最大 64 MB" in result.stderr


# ---------------------------------------------------------------- item 11: two files of one name


def test_merge_tells_two_same_named_files_from_different_folders_apart(unit_doc, tmp_path):
    from hbaccept_gui.core.storage import save_document

    paths = []
    for folder in ("县A", "县B"):  # the same unit's file, sent twice from two folders
        (tmp_path / folder).mkdir()
        paths.append(tmp_path / folder / "u004.hbaccept")
        save_document(unit_doc(4), paths[-1])
    result = hbaccept("merge", *paths, "--out", tmp_path / "市.hbaccept", "--unit", "某市")
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"“县B{os.sep}u004.hbaccept”与“县A{os.sep}u004.hbaccept”的内容完全相同" in result.stdout
