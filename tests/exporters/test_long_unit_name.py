"""A 单位名称 of hundreds of characters with a rare character (issue #14, item 5): python-docx refused
the 字符集外字表's title property (`ValueError: exceeded 255 char limit for property`) and the export
stopped half-way. Document properties are cut to 255 characters; the documents keep the whole name."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters.bundle import export_all
from hbaccept_gui.exporters.properties import MAX_LENGTH, property_text

LONG_UNIT = "保定市玊" + "图书馆古籍保护中心" * 30  # 274 characters, 玊 outside GB 2312


@pytest.fixture(scope="module")
def exported(definition, tmp_path_factory):
    from hbaccept_gui.core.pipeline import load_demo

    _definition, document = load_demo()
    document.header["unit_name"] = LONG_UNIT
    return export_all(evaluate(definition, document), tmp_path_factory.mktemp("long"), today=date(2025, 6, 5))


def test_a_unit_name_of_274_characters_exports_every_file(exported):
    assert len(LONG_UNIT) > MAX_LENGTH
    suffixes = sorted(p.suffix for p in exported.files)
    assert suffixes.count(".docx") == 8 and suffixes.count(".xlsx") == 2 and suffixes.count(".pdf") == 7
    assert any("字符集外字表" in p.name for p in exported.files)


def test_word_and_excel_properties_are_cut_to_255_characters(exported):
    for path in exported.files:
        if path.suffix == ".docx":
            title = Document(str(path)).core_properties.title
        elif path.suffix == ".xlsx":
            title = load_workbook(path, read_only=True).properties.title
        else:
            continue
        assert 0 < len(title) <= MAX_LENGTH, path.name
    charset = next(p for p in exported.files if p.suffix == ".docx" and "字符集外字表" in p.name)
    title = Document(str(charset)).core_properties.title
    assert title.startswith("保定市玊图书馆") and title.endswith("…") and len(title) == MAX_LENGTH


def test_the_documents_keep_the_whole_name(exported):
    charset = next(p for p in exported.files if p.suffix == ".docx" and "字符集外字表" in p.name)
    assert any(LONG_UNIT in paragraph.text for paragraph in Document(str(charset)).paragraphs)
    annex1 = next(p for p in exported.files if p.name.startswith("附件1") and p.suffix == ".docx")
    with zipfile.ZipFile(annex1) as package:
        assert LONG_UNIT in package.read("word/document.xml").decode("utf-8")


def test_property_text_keeps_short_text_and_cuts_long_text_whole():
    assert property_text("保定市图书馆") == "保定市图书馆"
    assert property_text("第一行\n第二行") == "第一行 第二行"
    assert property_text("字" * 255) == "字" * 255
    assert property_text("字" * 256) == "字" * 254 + "…"
    # a base character and its combining mark, or a variation selector, stay together or go together
    assert property_text("字" * 253 + "e\u0301" + "尾") == "字" * 253 + "…"
    assert property_text("字" * 253 + "葛\U000E0100" + "尾") == "字" * 253 + "…"
    assert property_text("a\x00b") == "ab"  # nothing XML cannot hold


def test_a_long_unit_name_shrinks_to_its_line_on_the_pdf_instead_of_running_off(definition, tmp_path):
    """45 characters and 「（加盖公章）」 do not fit a portrait line at 12 pt: the field line is set
    smaller, and every character stays inside the right margin."""
    import pypdfium2

    from hbaccept_gui.core.pipeline import load_demo
    from hbaccept_gui.exporters import pdf
    from hbaccept_gui.exporters.layout import build_export_set

    _definition, document = load_demo()
    document.header["unit_name"] = "河北省石家庄市井陉矿区文化广电和旅游局所属公共图书馆暨文化馆总分馆制建设联合体"
    form = build_export_set(evaluate(definition, document)).forms[0]
    path = pdf.write_form_pdf(form, tmp_path / "a.pdf")
    page = pypdfium2.PdfDocument(path)[0]
    text = page.get_textpage()
    right = page.get_width() - pdf.FORM_MARGINS[1] + 1
    chars = [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]
    assert "".join(c for c, _box in chars).replace(" ", "").count("联合体（加盖公章）") == 1
    assert max(box[2] for c, box in chars if c.strip()) <= right
