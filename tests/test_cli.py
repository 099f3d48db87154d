"""`hbaccept` on the command line: demo, validate (exit codes 0/1/2, --json), show, Chinese help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hbaccept_gui.cli import main
from hbaccept_gui.core.pipeline import demo_path

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_writes_a_file_that_validates_clean(tmp_path, capsys):
    target = tmp_path / "示例.hbaccept"
    code, out, _err = run(capsys, "demo", "--out", str(target))
    assert code == 0 and "已写出示例文档" in out
    code, out, _err = run(capsys, "validate", str(target))
    assert code == 0
    assert "审核结果：0 个错误" in out
    assert "1.0274 万筒子叶" in out and "102.74%" in out


def test_demo_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "a.hbaccept"
    target.write_text("mine", encoding="utf-8")
    code, _out, err = run(capsys, "demo", "--out", str(target))
    assert code == 2 and "已存在" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert run(capsys, "demo", "--out", str(target), "--force")[0] == 0
    assert (tmp_path / "a.hbaccept.bak").read_text(encoding="utf-8") == "mine"


def test_validate_json_has_every_derived_value(capsys):
    code, out, _err = run(capsys, "validate", "--json", str(demo_path()))
    report = json.loads(out)
    assert code == 0 and report["clean"] is True
    assert report["derived"]["annex1.completed.digital_resources"]["value"] == "1.0274"
    assert report["derived"]["annex1.rate.digital_resources"]["value"] == "102.74"
    assert report["derived"]["annex2.digital_resources.count"]["value"] == "10274"
    assert report["derived"]["annex5.funding.library.rate"]["value"] == "98.00"
    # The shipped demo is drafted: only the outline prompts still waiting for the clerk remain.
    assert {(f["rule"], f["severity"]) for f in report["findings"]} == {("R02", "warning")}


def test_validate_exits_1_on_content_errors_and_names_the_cell(tmp_path, capsys):
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["document"]["header"]["contact"] = ""
    raw["document"]["details"]["digital_resources"][0]["items"][3]["count"] = "四百九十七"
    path = tmp_path / "bad.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(capsys, "validate", "--json", str(path))
    report = json.loads(out)
    assert code == 1 and report["clean"] is False
    messages = [f["message"] for f in report["findings"]]
    assert "表头「项目联系人」：必须填写" in messages
    assert any("附件2 基础数字资源项目 第1个承建单位 数字化古籍清单第4行「筒子叶数（叶）」" in m and "阿拉伯数字" in m
               for m in messages)
    assert {f["rule"] for f in report["findings"] if f["severity"] == "error"} == {"H01", "N01"}
    # The lost 497 叶 also shows where 附件1/附件5 fall short; the report's works list is bound, so it
    # follows the table instead of disagreeing with it (no R01).
    warnings = {f["rule"] for f in report["findings"] if f["severity"] == "warning"}
    assert {"D02", "P04"} <= warnings and "R01" not in warnings
    code, out, _err = run(capsys, "validate", str(path))
    assert code == 1 and "[错误]" in out


@pytest.mark.parametrize("content", [b"", b"\x00\x01", b"{not json", b'{"format": "other"}'])
def test_validate_exits_2_when_the_file_cannot_be_read(tmp_path, capsys, content):
    path = tmp_path / "broken.hbaccept"
    path.write_bytes(content)
    code, _out, err = run(capsys, "validate", str(path))
    assert code == 2
    assert err.startswith("错误：") and "Traceback" not in err


def test_validate_missing_file(capsys, tmp_path):
    code, _out, err = run(capsys, "validate", str(tmp_path / "none.hbaccept"))
    assert code == 2 and "找不到文件" in err


def test_show_prints_the_tables_like_the_paper_form(capsys):
    code, out, _err = run(capsys, "show", str(demo_path()))
    assert code == 0
    assert "附件1  2024年度全国智慧图书馆体系建设项目任务指标完成情况表" in out
    assert "102.74%" in out and "1.0274" in out
    assert "《海琼玊蟾先生文集》" in out
    assert "统筹推动脱贫县（团场）全民艺术普及高质量发展任务量" in out
    assert "一、组织推进项目建设的具体措施" in out  # as the exported report prints it


def test_show_prints_every_label_the_exported_forms_print(capsys):
    """附件5's 单位：, 绩效指标 and 涉及项目, 附件4's section heading: the exporters' layout, all of it."""
    _code, out, _err = run(capsys, "show", str(demo_path()))
    annex4, annex5 = out.split("附件4  ")[1].split("附件5  ")
    assert "■ 统筹推动脱贫县（团场）全民艺术普及高质量发展任务" in annex4
    assert "单位：保定市图书馆  金额单位：万元" in annex5
    assert "■ 绩效指标" in annex5 and "涉及项目：全国智慧图书馆体系建设" in annex5
    assert "执行率（B/A）：98.00%" in annex5
    assert "注：下达任务指标中无相关指标任务量的表格，可不用填写。" in annex4
    assert "项目联系人：王晓梅（示例）  联系电话：0312-1234567" in annex5


def test_help_is_in_chinese():
    done = subprocess.run([sys.executable, "-m", "hbaccept_gui", "--help"], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 0
    assert "用法：" in done.stdout and "显示本帮助并退出" in done.stdout
    assert "show this help" not in done.stdout and "usage:" not in done.stdout


def test_usage_errors_are_in_chinese():
    done = subprocess.run([sys.executable, "-m", "hbaccept_gui", "validate"], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 2
    assert "缺少必需的参数" in done.stderr


def test_console_that_cannot_show_rare_characters_gets_no_traceback():
    done = subprocess.run([sys.executable, "-m", "hbaccept_gui", "show", str(demo_path())], cwd=ROOT,
                          capture_output=True, env={"PYTHONIOENCODING": "ascii", "PATH": ""}, timeout=60)
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr


def test_export_writes_the_folder_zip_and_email(tmp_path, capsys):
    code, out, _err = run(capsys, "export", str(demo_path()), "--out", str(tmp_path), "--format", "docx,xlsx")
    assert code == 0
    assert "已导出 10 个文件" in out and "邮件草稿" in out
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    assert folder.name.startswith("保定市图书馆_2024年度验收材料_")
    # 5 forms + 2 reports and the workbook, plus the 字符集外字表 in both formats (the demo has 玊 and 讃)
    assert len(list(folder.glob("*.docx"))) == 7 + 1 and len(list(folder.glob("*.xlsx"))) == 1 + 1
    assert list(tmp_path.glob("*.zip")) and list(tmp_path.glob("*.eml"))


def test_export_refuses_an_unknown_format(tmp_path, capsys):
    code, _out, err = run(capsys, "export", str(demo_path()), "--out", str(tmp_path), "--format", "odt")
    assert code == 2 and "不认识的格式" in err


def test_a_command_runs_without_the_cyclic_collector_and_gives_it_back(tmp_path, capsys, monkeypatch):
    """A command is one short task: the cyclic collector is off while it runs (it walked every
    object the exporters' imports made, a tenth of a cold export's CPU), and on again afterwards
    for a caller that goes on, also when the command fails."""
    import gc

    from hbaccept_gui import cli

    seen = []
    real = cli._validate
    monkeypatch.setattr(cli, "_validate", lambda args: seen.append(gc.isenabled()) or real(args))
    assert gc.isenabled()
    assert run(capsys, "validate", str(demo_path()))[0] == 0
    assert seen == [False] and gc.isenabled()
    assert run(capsys, "validate", str(tmp_path / "无此文件.hbaccept"))[0] == 2
    assert seen == [False, False] and gc.isenabled()
