"""Scans in the forms scanners and phones write them: a black-and-white (1-bit, G4) multi-page TIFF,
a CMYK JPEG, a palette PNG, a photo larger than we need."""

from __future__ import annotations

import pytest
from PIL import Image

from hbaccept_gui.scans.sorting import read_scans
from hbaccept_gui.scans.seal import Stamp
from hbaccept_gui.scans import sources
from hbaccept_gui.scans.sources import page_images

import fake_scans as fs

DPI = 200


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory):
    path = fs.write_coded_pdfs(fs.demo_export_set(), tmp_path_factory.mktemp("sources"),
                               keys=("cloud_report",))["cloud_report"]
    return fs.render_pages(path, DPI)


def test_a_black_and_white_tiff_is_read_and_its_seal_cannot_be_checked(report_pages, tmp_path):
    pages = [p.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1") for p in report_pages]
    pages[0].save(tmp_path / "黑白.tif", save_all=True, append_images=pages[1:], compression="group4")
    scanned, unreadable = read_scans([tmp_path / "黑白.tif"])
    assert not unreadable
    assert [(p.code.page, p.name) for p in scanned] == [(1, "黑白.tif 第 1 页"), (2, "黑白.tif 第 2 页")]
    assert scanned[1].stamp is Stamp.GREY  # the signature page has the seal


def test_cmyk_jpeg_and_palette_png(report_pages, tmp_path):
    report_pages[0].convert("CMYK").save(tmp_path / "cmyk.jpg", quality=80)
    report_pages[1].convert("P", palette=Image.Palette.ADAPTIVE).save(tmp_path / "palette.png")
    scanned, unreadable = read_scans([tmp_path / "cmyk.jpg", tmp_path / "palette.png"])
    assert not unreadable
    assert [p.code.page for p in scanned] == [1, 2]
    assert [mode for _source, image in page_images(tmp_path / "cmyk.jpg") for mode in [image.mode]] == ["RGB"]


def test_a_huge_photo_is_scaled_down_before_reading(report_pages, tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_PIXELS", 1_500_000)  # a 50-megapixel photo, in small
    report_pages[0].save(tmp_path / "big.png", compress_level=1)
    (_source, image), = list(page_images(tmp_path / "big.png"))
    assert image.width * image.height <= 1_500_000 < report_pages[0].width * report_pages[0].height
    scanned, _unreadable = read_scans([tmp_path / "big.png"])
    assert scanned[0].code.page == 1


def test_a_scanners_pdf_page_is_its_jpeg_and_any_other_pdf_is_rendered(report_pages, tmp_path):
    scanner = fs.save_pdf([fs.colour_scan(p) for p in report_pages], tmp_path / "扫描仪.pdf", DPI)
    taken = [image.size for _source, image in page_images(scanner)]
    assert taken == [p.size for p in report_pages]  # the scanner's own pixels, not a rendering
    exported = fs.write_coded_pdfs(fs.demo_export_set(), tmp_path / "export", keys=("annex3",))["annex3"]
    (_source, image), = list(page_images(exported))
    assert image.size == (round(297 / 25.4 * sources.PDF_DPI), round(210 / 25.4 * sources.PDF_DPI))  # landscape A4
    scanned, _unreadable = read_scans([exported])
    assert scanned[0].code.page == 1
