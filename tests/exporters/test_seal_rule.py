"""Where the seal goes is decided once: the definition marks the unit's header field `sealed`, the
layout carries that on its PrintedField, and Word, PDF and Excel all read it. No exporter matches
labels, so a renamed unit label still gets 「（加盖公章）」 and a field that merely says 单位 does not."""

from __future__ import annotations

import dataclasses

import docx
import openpyxl
import pypdfium2
import pytest

from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import docx as word
from hbaccept_gui.exporters import pdf, xlsx
from hbaccept_gui.exporters.layout import PrintedField, build_export_set
from hbaccept_gui.exporters.settings import ExportSettings

RENAMED = "填报单位"


@pytest.fixture(scope="module")
def export_set():
    definition, document = load_demo()
    return build_export_set(evaluate(definition, document))


@pytest.fixture(scope="module")
def relabelled(export_set):
    """附件1 with the unit's field renamed and a field called 单位名称 that is not sealed."""
    form = export_set.forms[0]
    unit = next(f for f in form.header_fields if f.sealed)
    fields = (dataclasses.replace(unit, label=RENAMED), PrintedField("other", "单位名称", "不盖章的单位"))
    return dataclasses.replace(form, header_fields=fields)


def test_the_definition_marks_the_unit_field_sealed_and_every_form_carries_it(export_set):
    for form in export_set.forms:
        sealed = [f for f in form.header_fields if f.sealed]
        assert [(f.id, f.seal_note) for f in sealed] == [("unit_name", "（加盖公章）")], form.annex_label
        assert not any(f.sealed for f in form.footer_fields)


def test_annex5_says_unit_and_its_amount_unit_is_not_sealed(export_set):
    annex5 = next(f for f in export_set.forms if f.key == "annex5")
    assert [f.text for f in annex5.header_fields] == ["单位：保定市图书馆（加盖公章）", "金额单位：万元"]


def test_a_blank_field_prints_room_to_write_and_the_date_its_frame(export_set):
    blank = [dataclasses.replace(f, value="") for f in export_set.forms[0].header_fields]
    assert [f.text for f in blank] == ["单位名称：\u3000\u3000\u3000\u3000\u3000\u3000（加盖公章）",
                                       "日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"]


SEALED, PLAIN = f"{RENAMED}：保定市图书馆（加盖公章）", "单位名称：不盖章的单位"


def test_word_reads_sealed_not_the_label(relabelled, tmp_path):
    document = docx.Document(word.write_form_docx(relabelled, tmp_path / "a.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert SEALED in text and PLAIN in text and "不盖章的单位（加盖公章）" not in text


def test_excel_reads_sealed_not_the_label(export_set, relabelled, tmp_path):
    path = xlsx.write_workbook(dataclasses.replace(export_set, forms=(relabelled,)), tmp_path / "a.xlsx")
    values = [str(c.value) for row in openpyxl.load_workbook(path).worksheets[0].iter_rows() for c in row if c.value]
    assert any(SEALED in v for v in values) and any(PLAIN in v for v in values)
    assert not any("不盖章的单位（加盖公章）" in v for v in values)


def test_pdf_reads_sealed_not_the_label_and_names_the_sealed_unit(relabelled, tmp_path):
    path = pdf.write_form_pdf(relabelled, tmp_path / "a.pdf", ExportSettings())
    text = "".join(pypdfium2.PdfDocument(path)[0].get_textpage().get_text_range().split())
    assert SEALED in text and PLAIN in text and "不盖章的单位（加盖公章）" not in text
    assert pdf._unit(relabelled) == "保定市图书馆"
