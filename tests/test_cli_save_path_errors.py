"""The command line says the QA's save and open failures as the window does: a name too long, a
file taken for a folder, a damaged file with or without a .bak beside it."""

from __future__ import annotations

from hbaccept_gui.cli import main
from hbaccept_gui.core.pipeline import demo_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_to_a_too_long_name_says_so(tmp_path, capsys):
    code, _out, err = run(capsys, "demo", "--out", str(tmp_path / ("验" * 200 + ".hbaccept")))
    assert code == 2 and "文件名过长" in err and "Traceback" not in err and "程序出错" not in err
    assert list(tmp_path.iterdir()) == []


def test_demo_into_a_file_taken_for_a_folder_says_it_is_a_file(tmp_path, capsys):
    (tmp_path / "x.hbaccept").write_text("mine", encoding="utf-8")
    code, _out, err = run(capsys, "demo", "--out", str(tmp_path / "x.hbaccept" / "y.hbaccept"))
    assert code == 2 and "“x.hbaccept”是一个文件，不是文件夹" in err


def test_validate_a_damaged_file_names_the_backup_only_when_there_is_one(tmp_path, capsys):
    path = tmp_path / "x.hbaccept"
    text = demo_path().read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    code, _out, err = run(capsys, "validate", str(path))
    assert code == 2 and "损坏或不完整" in err and "有备份文件" not in err and "备份文件（.bak）" not in err
    (tmp_path / "x.hbaccept.bak").write_bytes(demo_path().read_bytes())
    code, _out, err = run(capsys, "validate", str(path))
    assert code == 2 and "同一文件夹中有备份文件“x.hbaccept.bak”" in err
