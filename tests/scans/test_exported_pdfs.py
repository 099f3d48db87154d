"""The exported PDFs themselves, picked by mistake instead of the stamped scans: their pages are
drawn (vector text and the code as vector modules), not a scan of a printed sheet, so they never
count as stamped pages, in the core and through `hbaccept scans`. A scanner's PDF with an invisible
OCR text layer over its page image, and our own 盖章版 PDF read back, are still scans."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as pdf_canvas

from hbaccept_gui.cli_common import EXIT_CONTENT_ERRORS
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.storage import save_document
from hbaccept_gui.scans import check_scans, write_stamped
from hbaccept_gui.scans.seal import Stamp
from hbaccept_gui.scans.sorting import ERROR, NOTE

import fake_scans as fs

DPI = 150
ADVICE = "不是盖章后的扫描件：请打印、盖章、扫描后再导入"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The demo saved and exported, and every exported page scanned in colour and stamped."""
    base = tmp_path_factory.mktemp("exported")
    save_document(load_demo()[1], base / "保定.hbaccept")
    today = fs.demo_export_set()
    exported = fs.write_coded_pdfs(today, base / "export")
    scans = {key: [fs.sealed(page) for page in fs.render_pages(path, DPI)] for key, path in exported.items()}
    return base, today, exported, scans


def _doc(result, key):
    return next(d for d in result.documents if d.expected.key == key)


def _messages(result, severity):
    return [f.message for f in result.findings if f.severity == severity]


def test_the_exported_pdfs_fed_back_are_refused_and_nothing_is_complete(world):
    _base, today, exported, _scans = world
    four = [exported[k] for k in ("annex1", "annex2", "annex3", "annex5")]
    result = check_scans(today, four)
    assert len(result.pages) == 4
    assert not any(d.complete for d in result.documents)
    errors = _messages(result, ERROR)
    for path in four:
        assert any(f"“{path.name}”是导出的 PDF 文件本身，{ADVICE}" in m for m in errors), errors
    assert result.exit_code == 1
    # they are known to carry no seal, not "a greyscale scan that cannot be checked"
    assert all(p.stamp in (Stamp.NONE, None) for p in result.pages)
    assert not any("黑白扫描" in f.message for f in result.findings)
    annex1 = _doc(result, "annex1")
    assert annex1.pages == {} and annex1.pages_total == 1
    assert result.lines()[0].endswith("：未盖章（导入的是导出的 PDF 文件本身）")
    assert not any(f.document == "annex1" and "没有这份文件的页" in f.message for f in result.findings)


def test_a_page_assigned_by_hand_from_an_exported_pdf_still_does_not_count(world):
    from hbaccept_gui.scans.sorting import sort_pages, expected_documents

    _base, today, exported, _scans = world
    result = check_scans(today, [exported["annex3"]])
    again = sort_pages(expected_documents(today), result.pages, (), {result.pages[0].number: ("annex3", 1)})
    assert not _doc(again, "annex3").complete


def test_scans_mixed_with_one_exported_pdf_still_count(world, tmp_path):
    _base, today, exported, scans = world
    pages = [page for key, taken in scans.items() if key != "annex1" for page in taken]
    scanner = fs.save_pdf(pages, tmp_path / "扫描.pdf", DPI)
    result = check_scans(today, [scanner, exported["annex1"]])
    assert [d.expected.key for d in result.documents if not d.complete] == ["annex1"]
    assert any(m.startswith("附件1") and f"“{exported['annex1'].name}”是导出的 PDF 文件本身" in m
               for m in _messages(result, ERROR))
    written = write_stamped(result, tmp_path)
    assert len(written.paths) == len(result.documents) - 1
    assert not any(p.name.startswith("附件1") for p in written.paths)


def test_an_exported_pdf_beside_the_scan_of_the_same_page_is_only_noted(world, tmp_path):
    _base, today, exported, scans = world
    scanner = fs.save_pdf(scans["annex1"], tmp_path / "扫描.pdf", DPI)
    result = check_scans(today, [exported["annex1"], scanner])
    annex1 = _doc(result, "annex1")
    assert annex1.complete and annex1.pages[1].source.path == scanner
    assert any(f"“{exported['annex1'].name}”是导出的 PDF 文件本身" in m for m in _messages(result, NOTE))
    assert not any("导出的 PDF 文件本身" in m for m in _messages(result, ERROR))


def ocr_scan_pdf(pages, path, dpi):
    """A scanner's PDF after OCR (as ocrmypdf or Acrobat make it): each page one JPEG over the whole
    page, with the recognised text over it drawn invisibly (text render mode 3)."""
    c = pdf_canvas.Canvas(str(path))
    for page in pages:
        w, h = page.width * 72 / dpi, page.height * 72 / dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(fs.jpeg(page, 75))), 0, 0, w, h)
        text = c.beginText(40, h - 60)
        text.setTextRenderMode(3)
        text.setFont("Helvetica", 11)
        for line in ("2024 Annual Report", "Baoding Library", "HB2024 page 1/1 OCR layer " * 3):
            text.textLine(line)
        c.drawText(text)
        c.showPage()
    c.setCreator("ocrmypdf 16.0")
    c.save()
    return path


def test_an_ocred_scan_still_counts(world, tmp_path):
    import pypdfium2 as pdfium

    _base, today, _exported, scans = world
    pages = [page for taken in scans.values() for page in taken]
    scan = ocr_scan_pdf(pages, tmp_path / "OCR扫描.pdf", DPI)
    document = pdfium.PdfDocument(str(scan))
    assert document[0].get_textpage().count_chars() > 40  # the OCR layer is there
    document.close()
    result = check_scans(today, [scan])
    assert all(d.complete for d in result.documents), result.lines()
    assert result.exit_code == 0
    assert not any("导出的 PDF" in f.message for f in result.findings)


def test_our_stamped_pdfs_read_back_still_count(world, tmp_path):
    _base, today, _exported, scans = world
    pages = [page for taken in scans.values() for page in taken]
    first = check_scans(today, [fs.save_pdf(pages, tmp_path / "扫描.pdf", DPI)])
    out = tmp_path / "out"
    out.mkdir()
    written = write_stamped(first, out)
    again = check_scans(today, written.paths)
    assert all(d.complete for d in again.documents) and again.exit_code == 0


run = fs.run_cli_scans


def test_the_cli_refuses_the_exported_pdfs_and_writes_nothing(world, tmp_path, capsys):
    base, _today, exported, _scans = world
    four = [exported[k] for k in ("annex1", "annex2", "annex3", "annex5")]
    code, out = run(capsys, base / "保定.hbaccept", *four, "--out", tmp_path)
    assert code == EXIT_CONTENT_ERRORS, out.out
    assert f"错误：附件1_2024年度全国智慧图书馆体系建设项目任务指标完成情况表：“{four[0].name}”是导出的 PDF 文件本身，{ADVICE}" \
        in out.out
    assert "没有齐全的文件，未写出盖章版 PDF。" in out.out
    assert list(tmp_path.glob("*（盖章版）.pdf")) == []
    assert "齐全，共" not in out.out


def test_a_photo_pasted_into_a_word_pdf_is_a_scan_and_a_drawn_page_is_unstamped_not_grey(world, tmp_path):
    """A clerk's photo of the stamped sheet put into Word and saved as PDF: the picture covers only
    part of the page and there is visible text beside it, but the code was read off the picture."""
    from hbaccept_gui.scans.reader import read_page
    from hbaccept_gui.scans.seal import check_stamp

    _base, today, exported, scans = world
    path = tmp_path / "照片.pdf"
    c = pdf_canvas.Canvas(str(path))
    c.drawImage(ImageReader(io.BytesIO(fs.jpeg(scans["annex1"][0], 80))), 60, 160, 420, 594)
    c.drawString(60, 120, "Stamped annex 1, photographed")
    c.save()
    result = check_scans(today, [path])
    page, = result.pages
    assert not page.drawn and page.stamp is Stamp.RED
    assert _doc(result, "annex1").complete
    # the exported page rendered: exactly black and white, so no red is "not stamped", not "greyscale"
    rendered = fs.render_pages(exported["annex1"], DPI)[0]
    circle = read_page(rendered).seal_circle()
    assert check_stamp(rendered, *circle) is Stamp.GREY  # taken for a greyscale scan…
    assert check_stamp(rendered, *circle, drawn=True) is Stamp.NONE  # …unless known to be drawn
