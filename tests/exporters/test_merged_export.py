"""A merged (汇总) document exports like any other, plus the 汇总附表 of who contributed what: twelve
unit files merged, saved, reopened and exported; the Excel, Word and PDF files read back the sums."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest

from hbaccept_gui.core.merge import merge, read_sources
from hbaccept_gui.core.pipeline import evaluate, evaluate_file, load_demo
from hbaccept_gui.core.storage import save_document
from hbaccept_gui.exporters.bundle import export_all
from hbaccept_gui.exporters.layout import BREAKDOWN_KEY, build_export_set
from test_pdf import text_of
from test_xlsx import find_text, right_of, sheet

CITY = "石家庄市文化广电和旅游局"


@pytest.fixture(scope="module")
def exported(unit_doc, counties, tmp_path_factory):
    folder = tmp_path_factory.mktemp("merge")
    paths = []
    for k in range(1, 13):
        paths.append(folder / f"{counties[k - 1]}.hbaccept")
        save_document(unit_doc(k), paths[-1])
    sources, problems = read_sources(paths)
    result = merge(sources, CITY)
    assert problems == [] and result.ok
    merged_path = folder / "石家庄市.hbaccept"
    save_document(result.document, merged_path)
    return export_all(evaluate_file(merged_path), folder / "out", formats=("docx", "pdf", "xlsx"),
                      today=date(2025, 6, 10))


def exact(values):
    """Excel cells as exact decimals (openpyxl reads numbers back as int or float)."""
    return [Decimal(str(v)) for v in values]


def _file(exported, stem: str, suffix: str):
    return next(p for p in exported.files if p.name.startswith(stem) and p.suffix == suffix)


def test_the_export_has_the_breakdown_as_one_more_form(exported):
    names = [p.name for p in exported.files]
    assert "汇总附表_2024年度验收材料汇总各单位情况表.docx" in names
    assert "汇总附表_2024年度验收材料汇总各单位情况表.pdf" in names
    assert len(names) == 2 * (6 + 2) + 1


def test_the_workbook_reads_back_the_summed_totals(exported):
    workbook = openpyxl.load_workbook(_file(exported, CITY, ".xlsx"))
    annex1 = sheet(workbook, "附件1")
    completed = find_text(annex1, "实际完成")
    assert exact(c.value for c in annex1[completed.row][1:3]) == [Decimal("7.8"), 4]
    assigned = find_text(annex1, "下达")
    assert exact(c.value for c in annex1[assigned.row][1:3]) == [Decimal("7.8"), 4]
    annex3 = sheet(workbook, "附件3")
    row = annex3[find_text(annex3, "实际完成").row]
    assert row[1].value == 702 and row[5].value == 24
    annex5 = sheet(workbook, "附件5")
    library = find_text(annex5, "全国智慧图书馆体系建设项目")
    assert [right_of(annex5, library, n).value for n in (2, 3)] == [240, 234]


def test_the_breakdown_sheet_lists_every_unit_and_the_sums(exported, counties):
    workbook = openpyxl.load_workbook(_file(exported, CITY, ".xlsx"))
    ws = next(ws for ws in workbook.worksheets if ws.title.startswith("汇总附表"))
    units = [c.value for c in ws["B"] if isinstance(c.value, str) and c.value.endswith("图书馆")]
    assert units == [f"{c}图书馆" for c in counties]
    third = find_text(ws, "行唐县图书馆")
    books = next(r for r in range(third.row, third.row + 6)
                 if ws.cell(r, 6).value == "基础数字资源项目建设数量（万筒子叶）")
    assert exact(ws.cell(books, c).value for c in (7, 8)) == [Decimal("0.3"), Decimal("0.3")]
    total = find_text(ws, "合计")
    lines = {ws.cell(r, 6).value: exact((ws.cell(r, 7).value, ws.cell(r, 8).value))
             for r in range(total.row, ws.max_row + 1) if ws.cell(r, 7).value is not None}
    assert lines["基础数字资源项目建设数量（万筒子叶）"] == [Decimal("7.8"), Decimal("7.8")]
    assert lines["全民艺术普及相关直录播数量（场）"] == [624, 702]
    assert lines["公共文化云建设项目资金（万元）"] == [78, Decimal("70.2")]
    assert ws.cell(total.row, 4).value == 64  # detail rows: 12 + 4 + 24 + 12 + 12


def test_the_word_breakdown_names_each_unit_and_the_totals(exported, counties):
    table = docx.Document(_file(exported, "汇总附表", ".docx")).tables[0]
    texts = [cell.text for row in table.rows for cell in row.cells]
    assert all(f"{c}图书馆" in texts for c in counties)
    assert "合计" in texts and "7.8" in texts and "702" in texts


def test_the_pdf_breakdown_and_annex2_say_where_each_row_came_from(exported):
    assert "晋州市图书馆" in text_of(_file(exported, "汇总附表", ".pdf"))
    annex2 = text_of(_file(exported, "附件2", ".pdf")).replace("\n", "")  # long cells wrap
    assert "来源：井陉县图书馆" in annex2 and "来源：晋州市图书馆" in annex2


def test_a_normal_document_has_no_breakdown(definition):
    _definition, demo = load_demo()
    forms = build_export_set(evaluate(definition, demo)).forms
    assert BREAKDOWN_KEY not in [f.key for f in forms]
    remarks = [cell.text for form in forms for row in form.table.body_rows for cell in row]
    assert not any("来源：" in text for text in remarks)
