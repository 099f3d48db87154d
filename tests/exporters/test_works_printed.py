"""#20 item 4: the printed 附件2 gives the clerk's 项目任务完成情况 and, under it, the list of the
digitised works (「累计共完成…1、《…》…叶」), generated from the works, in Word, PDF and Excel; a row
with works needs no text (audit rule D04), so leaving it empty no longer makes the export a 草稿."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from hbaccept_gui.core.document import ItemRow
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters.docx import write_form_docx
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.exporters.pdf import write_form_pdf
from hbaccept_gui.exporters.xlsx import write_workbook

CLERK = "馆藏古籍数字化已全部完成并通过验收。"
LIST = ["累计共完成9种古籍10274叶。", "1、《续吴先贤讃》 317叶", "2、《周易传义》 609叶", "3、《甲子会纪》 270叶",
        "4、《海琼玊蟾先生文集》 497叶", "5、《三朝北盟会编》 3865叶", "6、《大明一统志》 2993叶", "7、《东洲初稿》 621叶",
        "8、《可泉辛巳集》 306叶", "9、《畿辅七名家诗钞》 796叶"]


def demo_with_description(text: str):
    definition, doc = load_demo()
    doc.rows("digital_resources")[0].values["description"] = text
    return definition, doc


def annex2(export_set):
    return next(form for form in export_set.forms if form.annex_label == "附件2")


def description_cell(form) -> str:
    """The 项目任务完成情况 of the first contractor row of 附件2 as the layout prints it."""
    column = [c.text for c in form.table.header_rows[0]].index("项目任务完成情况")
    return form.table.body_rows[0][column].text


def squeezed(text: str) -> str:
    return "".join(text.split())


def pdf_text(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return squeezed(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).element.body.iter(qn("w:p")))


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """附件2 of the demo with the clerk's own text, as layout, Word, PDF and Excel."""
    folder = tmp_path_factory.mktemp("works")
    definition, doc = demo_with_description(CLERK)
    export_set = build_export_set(evaluate(definition, doc))
    form = annex2(export_set)
    workbook = openpyxl.load_workbook(write_workbook(export_set, folder / "book.xlsx"))
    sheet = next(ws for ws in workbook.worksheets if ws.title.startswith("附件2"))
    excel = next(c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and CLERK in c.value)
    return {"layout": description_cell(form), "docx": docx_text(write_form_docx(form, folder / "a2.docx")),
            "pdf": pdf_text(write_form_pdf(form, folder / "a2.pdf", draft=export_set.draft)), "xlsx": excel}


def test_the_clerks_text_is_printed_and_the_list_under_it(written):
    assert written["layout"].split("\n") == [CLERK, *LIST]
    assert written["xlsx"] == written["layout"]


def test_word_prints_the_text_and_every_line_of_the_list(written):
    lines = written["docx"].split("\n")
    start = lines.index(CLERK)
    assert lines[start:start + 1 + len(LIST)] == [CLERK, *LIST]


def test_pdf_prints_the_text_then_the_list(written):
    assert squeezed(CLERK + "".join(LIST)) in written["pdf"]


@pytest.mark.parametrize("text", ["", "  \n"])
def test_an_empty_description_prints_the_list_and_the_export_is_clean(text):
    definition, doc = demo_with_description(text)
    evaluation = evaluate(definition, doc)
    assert not [f for f in evaluation.findings if f.severity == "error"]
    export_set = build_export_set(evaluation)
    assert not export_set.draft
    assert description_cell(annex2(export_set)).split("\n") == LIST


def test_the_list_follows_the_works_and_leaves_blank_lines_out():
    definition, doc = demo_with_description(CLERK)
    items = doc.rows("digital_resources")[0].items
    items[3].count = Decimal(551)
    items.append(ItemRow("", None))  # a line left blank in the works list
    printed = description_cell(annex2(build_export_set(evaluate(definition, doc)))).split("\n")
    assert printed[1] == "累计共完成9种古籍10328叶。"
    assert printed[5] == "4、《海琼玊蟾先生文集》 551叶"
    assert printed[-1] == "9、《畿辅七名家诗钞》 796叶"


def test_a_row_without_works_prints_the_clerks_text_alone():
    definition, doc = demo_with_description(CLERK)
    doc.rows("digital_resources")[0].items = []
    assert description_cell(annex2(build_export_set(evaluate(definition, doc)))) == CLERK
