"""#13 item 9 in the files: 附件3 prints 实际完成任务量 of 建设或优化艺术普及数字资源 as 「15小时、2TB」 in
Word, PDF, Excel and `hbaccept show`; Excel writes that cell as text (it is not one number) with the
formula note saying that 完成率 counts hours only, and keeps the one-number cells numbers; 附件4 prints
the TB row's 年度承担任务指标量 as 「2TB」 (实际完成量 is not a printed column)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from hbaccept_gui.cli import main
from hbaccept_gui.core.pipeline import demo_path

from test_clerk_figures import docx_text, one

TASK = "art_resources"
BOTH = "15小时、2TB"


def tb_file(folder: Path) -> Path:
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    document = raw["document"]
    document["assigned"][TASK] = "20"
    document["details"][TASK] = [
        {"contractor": name, "subproject": "", "assigned": assigned, "description": "建设艺术普及数字资源。",
         "url": "https://www.hebeiwhy.cn/res", "remarks": "", "completed": done}
        for name, assigned, done in (("石家庄市群众艺术馆", "10", "10"), ("正定县文化馆", "10", "5"),
                                     ("赞皇县文化馆", {"value": "2", "unit": "TB"}, {"value": "2", "unit": "TB"}))]
    path = folder / "tb.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tb_export(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tb")
    path = tb_file(folder)
    assert main(["export", str(path), "--out", str(folder / "out"), "--format", "docx,pdf,xlsx"]) == 0
    return path, next(p for p in (folder / "out").iterdir() if p.is_dir())


def pdf_cells(path: Path) -> str:
    """The PDF's text in reading order, without the line breaks and spaces a narrow cell adds
    (「15小时、\\n2TB」); not -layout, which interleaves the lines of neighbouring cells."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


def test_word_prints_both_units_in_annex3(tb_export):
    # the Word writer breaks a narrow cell's text into lines itself, as the PDF does: join them again
    assert BOTH in re.sub(r"\s+", "", docx_text(one(tb_export[1], "附件3_*.docx")))


def test_pdf_prints_both_units_in_annex3(tb_export):
    assert BOTH in pdf_cells(one(tb_export[1], "附件3_*.pdf"))


def test_pdf_and_word_print_the_tb_row_of_annex4(tb_export):
    assert "2TB" in pdf_cells(one(tb_export[1], "附件4_*.pdf"))
    assert "2TB" in re.sub(r"\s+", "", docx_text(one(tb_export[1], "附件4_*.docx")))


def sheet(folder: Path, prefix: str):
    workbook = openpyxl.load_workbook(one(folder, "*验收材料.xlsx"))
    return next(ws for ws in workbook.worksheets if ws.title.startswith(prefix))


def test_excel_writes_the_two_unit_total_as_text_with_its_note(tb_export):
    ws = sheet(tb_export[1], "附件3 ")
    [cell] = [c for row in ws.iter_rows() for c in row if c.value == BOTH]
    assert cell.data_type == "s"
    assert "不计入完成率" in cell.comment.text
    column = ws.cell(row=cell.row - 1, column=cell.column)  # 下达任务量 above it: still one number
    assert column.data_type == "n" and column.value == 20


def test_excel_writes_the_tb_row_of_annex4_as_text(tb_export):
    ws = sheet(tb_export[1], "附件4 ")
    assert [c.value for row in ws.iter_rows() for c in row if c.value == "2TB"] == ["2TB"]


def test_show_prints_both_units(tb_export, capsys):
    assert main(["show", str(tb_export[0])]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("建设或优化艺术普及数字资源时长"))
    assert line.split()[-1] == BOTH
