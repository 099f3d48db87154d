"""The page code: what it carries, that it reads back as written, and that the figures hash follows
what the page prints."""

from __future__ import annotations

import dataclasses
import io

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from hbaccept_gui.exporters import page_code
from hbaccept_gui.exporters.page_code import PageCode, PageCodeError, SealSpot, decode

from fake_scans import demo_export_set, one_more_leaf


@pytest.mark.parametrize("code", [
    PageCode(2024, "FEF09C", "9AA7", 1, 1, "7F3A9B"),
    PageCode(2024, "FEF09C", "9AA7", 2, 3, "7F3A9B", SealSpot(110, 205, 21)),
    PageCode(2031, "000000", "FFFF", 12, 12, "ABCDEF", SealSpot(0, 999, 7)),
])
def test_a_code_reads_back_as_written(code):
    assert decode(code.encode()) == code


def test_the_payload_stays_in_qr_alphanumeric_mode():
    text = PageCode(2024, "FEF09C", "9AA7", 12, 12, "7F3A9B", SealSpot(270, 190, 25)).encode()
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


@pytest.mark.parametrize("text", ["", "hello", "https://example.com/", "HB2:2024:FEF09C:9AA7:1:1:7F3A9B",
                                  "HB1:2024:FEF09C:9AA7:3:2:7F3A9B", "HB1:2024:fef09c:9AA7:1:1:7F3A9B",
                                  "HB1:2024:FEF09C:9AA7:0:1:7F3A9B", "HB1:2024:FEF09C:9AA7:1:1:7F3A9B:X1",
                                  "HB1:2024:FEF09C:9AA7:1:1:7F3A9B:S523810"])
def test_other_texts_are_refused(text):
    with pytest.raises(PageCodeError):
        decode(text)


def test_readable_line_is_what_the_issue_shows():
    code = PageCode(2024, "FEF09C", "9AA7", 2, 3, "7F3A9B")
    assert code.readable("附件3") == "HB2024·附件3·2/3·7F3A"


def test_figures_hash_changes_with_a_printed_figure_and_only_where_printed():
    before, after = demo_export_set(), demo_export_set(one_more_leaf)
    hashes = {a.key: (page_code.figures_hash(a), page_code.figures_hash(b))
              for a, b in zip(before.forms + before.reports, after.forms + after.reports)}
    assert hashes["annex2"][0] != hashes["annex2"][1]  # the book's leaf count
    assert hashes["annex1"][0] != hashes["annex1"][1]  # the roll-up to 万筒子叶
    assert hashes["annex3"][0] == hashes["annex3"][1]  # 公共文化云: untouched
    assert page_code.figures_hash(before.forms[0]) == page_code.figures_hash(demo_export_set().forms[0])


def test_a_changed_header_field_changes_the_hash():
    form = demo_export_set().forms[2]
    fields = tuple(dataclasses.replace(f, value="0312-7654321") if f.id == "phone" else f for f in form.footer_fields
                   + form.header_fields)
    changed = dataclasses.replace(form, footer_fields=fields[:len(form.footer_fields)],
                                  header_fields=fields[len(form.footer_fields):])
    assert changed != form
    assert page_code.figures_hash(changed) != page_code.figures_hash(form)


def test_labels_name_the_annex_or_the_reports_project():
    export_set = demo_export_set()
    assert [page_code.document_label(x) for x in export_set.forms + export_set.reports] == \
        ["附件1", "附件2", "附件3", "附件4", "附件5", "图书馆报告", "文化云报告"]


def test_canvasmaker_numbers_pages_of_the_whole_document_and_notes_the_seal():
    document = page_code.DocumentCode(2024, page_code.unit_hash("保定市图书馆"), "annex3", "7F3A9B", "附件3")
    out = io.BytesIO()
    canvas = page_code.canvasmaker(document, (20 * mm, 18 * mm, 20 * mm, 20 * mm))(out, pagesize=A4)
    for number in range(3):
        if number == 1:  # a flowable's coordinates: the seal is noted where the page puts it
            canvas.saveState()
            canvas.translate(100 * mm, 150 * mm)
            page_code.note_seal(canvas, 5 * mm, 0, 21 * mm)
            canvas.restoreState()
        canvas.showPage()
    canvas.save()
    pdf = pdfium.PdfDocument(out.getvalue())
    codes = []
    for index in range(len(pdf)):
        found = zxingcpp.read_barcodes(pdf[index].render(scale=150 / 72).to_pil())
        codes.append(decode(found[0].text))
    assert [(c.page, c.pages) for c in codes] == [(1, 3), (2, 3), (3, 3)]
    assert codes[0].seal is None and codes[2].seal is None
    assert codes[1].seal == SealSpot(105 - 20, 150 - 3, 21)  # mm from the code's corner (20 mm, 3 mm)
    assert {c.document for c in codes} == {page_code.key_hash("annex3")}
    text = pdf[0].get_textpage().get_text_range()
    assert "HB2024·附件3·1/3·7F3A" in text.replace("\r", "").replace("\n", "")


def test_the_code_brings_no_font_of_its_own():
    """pdf.py starts every canvas in an embedded CJK face; the code must not add reportlab's
    default Helvetica (renderPDF would), which is never embedded."""
    from hbaccept_gui.exporters import fonts

    out = io.BytesIO()
    canvas = page_code.canvasmaker(page_code.DocumentCode(2024, "FEF09C", "annex1", "7F3A9B", "附件1"),
                                   (20 * mm, 18 * mm, 20 * mm, 20 * mm))(out, pagesize=A4,
                                                                         initialFontName=fonts.primary("body"))
    canvas.showPage()
    canvas.save()
    assert b"Helvetica" not in out.getvalue()
    assert zxingcpp.read_barcodes(pdfium.PdfDocument(out.getvalue())[0].render(scale=2).to_pil())


def test_a_last_page_left_open_is_coded_and_no_blank_page_is_added():
    out = io.BytesIO()
    canvas = page_code.canvasmaker(page_code.DocumentCode(2024, "FEF09C", "annex1", "7F3A9B", "附件1"),
                                   (20 * mm, 18 * mm, 20 * mm, 20 * mm))(out, pagesize=A4)
    canvas.drawString(100, 700, "1")
    canvas.showPage()
    canvas.drawString(100, 700, "2")
    canvas.save()  # as Canvas.save does, the open page is shown
    pdf = pdfium.PdfDocument(out.getvalue())
    assert len(pdf) == 2
    found = zxingcpp.read_barcodes(pdf[1].render(scale=150 / 72).to_pil())
    assert (decode(found[0].text).page, decode(found[0].text).pages) == (2, 2)
