"""Figures as a clerk types them reach the files unchanged, through `hbaccept draft` and `hbaccept
export` (#13 items 7, 8 and 14): money in 万元 keeps two decimals in Word, PDF and Excel (number
format 0.00); a negative 增长率 is a number like any other; drafted report text puts no space
between a number and its Chinese unit."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from hbaccept_gui.cli import main
from hbaccept_gui.core.pipeline import demo_path

LIVE = [("石家庄市群众艺术馆", "6"), ("正定县文化馆", "4"), ("赞皇县文化馆", "3")]
DECLINE_REASON = "受场馆维修闭馆影响，服务人次下降。"
#: A number directly followed by a space and a Chinese character: what running text must not hold.
SPACED_UNIT = re.compile(r"\d[ \u3000]+[\u4e00-\u9fff]")


def clerk_file(folder: Path) -> Path:
    """The demo with money typed as 50.00 and 52.30 万元, a falling 增长率, and three contractors
    of 全民艺术普及相关直录播 (12 assigned, 13 done), so that the cloud report has figures too."""
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    document = raw["document"]
    document["funding"]["library"] = {"budget": "50.00", "executed": "52.30"}
    document["other_notes"] = "超出预算部分由地方资金补足。"
    document["performance"]["library_visits_growth"] = {"achieved": "-3.5", "achieved_text": "",
                                                        "reason": DECLINE_REASON}
    document["assigned"]["live_broadcasts"] = "12"
    document["details"]["live_broadcasts"] = [
        {"contractor": name, "subproject": "", "assigned": "4", "description": "已完成直录播。",
         "url": "https://www.hebeiwhy.cn/live", "remarks": "", "completed": done, "items": []}
        for name, done in LIVE]
    path = folder / "clerk.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, _err = capsys.readouterr()
    return code, out


def docx_text(path: Path) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in docx.Document(path).element.body.iter(qn("w:p")))


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def one(folder: Path, pattern: str) -> Path:
    [found] = list(folder.glob(pattern))
    return found


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The export folder of the clerk's file, drafted first (`hbaccept draft --force`)."""
    folder = tmp_path_factory.mktemp("clerk")
    path = clerk_file(folder)
    assert main(["draft", str(path), "--force"]) == 0
    assert main(["export", str(path), "--out", str(folder / "out"), "--format", "docx,pdf,xlsx"]) == 0
    return next(p for p in (folder / "out").iterdir() if p.is_dir())


# ---------------------------------------------------------------- item 7: 万元 with two decimals


def test_word_prints_money_with_its_two_decimals(exported):
    text = docx_text(one(exported, "附件5_*.docx"))
    assert "50.00" in text and "52.30" in text
    assert "52.3\n" not in text and "\n50\n" not in text


def test_pdf_prints_money_with_its_two_decimals(exported):
    words = pdf_text(one(exported, "附件5_*.pdf")).split()
    assert "50.00" in words and "52.30" in words
    assert "50" not in words and "52.3" not in words


def annex5_sheet(exported):
    workbook = openpyxl.load_workbook(one(exported, "*验收材料.xlsx"))
    return next(ws for ws in workbook.worksheets if ws.title.startswith("附件5 "))


def test_excel_holds_money_as_numbers_formatted_with_two_decimals(exported):
    ws = annex5_sheet(exported)
    label = next(c for row in ws.iter_rows() for c in row if c.value == "全国智慧图书馆体系建设项目")
    money = [c for c in ws[label.row] if isinstance(c.value, (int, float)) and not c.number_format.endswith("%")]
    assert [Decimal(str(c.value)) for c in money] == [Decimal("50"), Decimal("52.3")]
    assert [c.number_format for c in money] == ["0.00", "0.00"]


# ---------------------------------------------------------------- item 8: a falling 增长率


def test_a_negative_growth_rate_is_exported_as_a_number(exported):
    text = docx_text(one(exported, "附件5_*.docx"))
    assert "-3.5%" in text and DECLINE_REASON in text
    ws = annex5_sheet(exported)
    label = next(c for row in ws.iter_rows() for c in row if c.value == "智慧图书馆服务人次增长率")
    [growth] = [c for c in ws[label.row] if isinstance(c.value, (int, float))]
    assert (Decimal(str(growth.value)), growth.number_format) == (Decimal("-0.035"), "0.0%")


def test_validate_takes_a_negative_growth_rate_and_asks_only_for_its_reason(tmp_path, capsys):
    path = clerk_file(tmp_path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["document"]["performance"]["library_visits_growth"]["reason"] = ""
    raw["document"]["performance"]["library_satisfaction"]["achieved"] = "-96"  # not a growth rate
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, out = run(capsys, "validate", "--json", str(path))
    findings = [(f["rule"], f["row"][-1], f["message"]) for f in json.loads(out)["findings"]
                if f["table"] == "annex5" and f["severity"] == "error"]
    assert code == 1
    assert [(rule, row) for rule, row, _m in findings] == [("N01", "library_satisfaction"),
                                                            ("P03", "library_visits_growth")]
    assert "“-96”是负数，本栏不能为负" in findings[0][2]
    assert "完成量 -3.5% 未达到指标值 ≥5%" in findings[1][2]


# ---------------------------------------------------------------- item 14: no spaces in running text


def test_drafted_reports_write_numbers_and_units_together(exported):
    cloud = docx_text(one(exported, "*公共文化云建设项目有关情况的报告.docx"))
    library = docx_text(one(exported, "*全国智慧图书馆体系建设项目有关情况的报告.docx"))
    assert "下达任务量12场，实际完成13场，完成率108.33%。" in cloud
    assert "下达任务量1万筒子叶，实际完成1.0274万筒子叶" in library and "共完成9种古籍、10274叶的数字化" in library
    assert not SPACED_UNIT.findall(cloud + library)


def test_the_pdf_report_has_no_space_before_a_unit_either(exported):
    text = pdf_text(one(exported, "*公共文化云建设项目有关情况的报告.pdf"))
    assert "实际完成13场" in text.replace("\n", "")
    assert "13 场" not in text


def test_merged_money_keeps_two_decimals_in_the_summary_and_the_breakdown_form(unit_files, tmp_path, capsys):
    """Library budget 20 / executed 19.5 万元 in each of 12 units: 240.00 and 234.00 in the city file."""
    target = tmp_path / "石家庄市.hbaccept"
    units = [str(path) for path in unit_files(tmp_path / "units")]
    code, out = run(capsys, "merge", *units, "--out", str(target), "--unit", "石家庄市")
    assert code == 0
    [money] = [line.split() for line in out.splitlines() if "全国智慧图书馆体系建设项目资金（万元）" in line]
    assert money[-2:] == ["240.00", "234.00"]
    assert run(capsys, "export", str(target), "--out", str(tmp_path / "导出"), "--format", "xlsx")[0] == 0
    folder = next(p for p in (tmp_path / "导出").iterdir() if p.is_dir())
    workbook = openpyxl.load_workbook(one(folder, "*验收材料.xlsx"))
    ws = next(ws for ws in workbook.worksheets if ws.title.startswith("汇总附表"))
    label = [c for row in ws.iter_rows() for c in row if c.value == "全国智慧图书馆体系建设项目资金（万元）"][-1]
    figures = [c for c in ws[label.row] if isinstance(c.value, (int, float))]
    assert [(c.value, c.number_format) for c in figures] == [(240, "0.00"), (234, "0.00")]
