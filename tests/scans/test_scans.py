"""Stamped scans back in: a realistic mix of scanner PDFs, a multi-page TIFF and phone photos of
the demo's pages, turned, skewed, blurred, in greyscale and at JPEG quality 60, shuffled, with a page
dropped, a page twice, a page of another unit, a page printed before an edit and a page with no
code; some stamped with a red seal. Everything is built once for the module at 150 dpi."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from hbaccept_gui.exporters.page_code import decode
from hbaccept_gui.scans import check_scans, expected_documents, write_stamped
from hbaccept_gui.scans.assemble import TooLarge
from hbaccept_gui.scans.reader import read_page
from hbaccept_gui.scans.seal import Stamp, check_stamp
from hbaccept_gui.scans.sorting import ERROR, NOTE, read_scans, sort_pages

import fake_scans as fs

DPI = 150


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Today's export (after an edit), the scans of it and the files they are in."""
    base = tmp_path_factory.mktemp("scans")
    before = fs.demo_export_set()
    today = fs.demo_export_set(fs.one_more_leaf)
    other = fs.demo_export_set(unit="正定县图书馆")
    printed = {"today": fs.write_coded_pdfs(today, base / "today"),
               "before": fs.write_coded_pdfs(before, base / "before", keys=("annex1",)),
               "other": fs.write_coded_pdfs(other, base / "other", keys=("annex3",))}
    pages = {name: {key: fs.render_pages(path, DPI) for key, path in paths.items()}
             for name, paths in printed.items()}
    now = pages["today"]

    scans = base / "in"
    scans.mkdir()
    # A scanner PDF, upside down: both report pages, stamped on the signature page, in reverse order.
    library = [fs.turn(fs.sealed(now["library_report"][1]), 180),
               fs.turn(fs.colour_scan(now["library_report"][0]), 180)]
    fs.save_pdf(library, scans / "扫描1.pdf", DPI)
    # A multi-page TIFF: 附件2 stamped and turned a quarter, 附件5 stamped, and 附件1 as printed before the edit.
    tiff = [fs.turn(fs.sealed(now["annex2"][0]), 90), fs.sealed(now["annex5"][0]),
            fs.sealed(pages["before"]["annex1"][0])]
    tiff[0].save(scans / "扫描2.tif", save_all=True, append_images=tiff[1:], compression="tiff_deflate")
    # Phone photos: 附件3 in greyscale (twice), 附件4 page 1 stamped and skewed, its page 2 missing.
    grey = fs.blur(now["annex3"][0].convert("L"))
    (scans / "IMG_0001.jpg").write_bytes(fs.jpeg(grey))
    (scans / "IMG_0002.jpg").write_bytes(fs.jpeg(fs.skew(grey, -2)))
    _exif_rotated(fs.skew(fs.sealed(now["annex4"][0]), 3), scans / "IMG_0003.jpg")
    # The cloud report, not stamped, blurred, as PNG; then another unit's page and a page with no code.
    fs.blur(fs.colour_scan(now["cloud_report"][0])).save(scans / "云1.png", compress_level=1)
    fs.skew(fs.colour_scan(now["cloud_report"][1]), -3).save(scans / "云2.png", compress_level=1)
    fs.colour_scan(pages["other"]["annex3"][0]).save(scans / "别的单位.png", compress_level=1)
    blank = fs.colour_scan(now["annex5"][0]).crop((0, 0, 1240, 1400))  # the code cut off
    blank.save(scans / "裁掉页码.png", compress_level=1)
    files = sorted(scans.iterdir())
    random.Random(16).shuffle(files)
    return today, files, base


def _exif_rotated(page: Image.Image, path: Path) -> None:
    """A phone's photo: stored sideways, with EXIF orientation 6 saying how to show it."""
    exif = Image.Exif()
    exif[0x0112] = 6
    page.transpose(Image.Transpose.ROTATE_90).save(path, "JPEG", quality=60, exif=exif.tobytes())


@pytest.fixture(scope="module")
def result(world):
    today, files, _base = world
    return check_scans(today, files)


def _doc(result, key):
    return next(d for d in result.documents if d.expected.key == key)


def _messages(result, severity):
    return [f.message for f in result.findings if f.severity == severity]


def test_every_page_is_read_from_every_kind_of_file(result):
    assert not result.unreadable
    assert len(result.pages) == 12
    assert sum(p.code is not None for p in result.pages) == 11


def test_complete_documents_have_their_pages_in_order(result):
    complete = {d.expected.key for d in result.documents if d.complete}
    assert complete == {"annex2", "annex3", "annex5", "library_report", "cloud_report"}
    library = _doc(result, "library_report")
    assert [p.name for p in library.ordered()] == ["扫描1.pdf 第 2 页", "扫描1.pdf 第 1 页"]


def test_a_missing_page_is_named(result):
    annex4 = _doc(result, "annex4")
    assert annex4.missing == [2]
    assert any("附件4" in m and "缺第 2 页（共 2 页）" in m for m in _messages(result, ERROR))


def test_a_page_printed_before_the_edit_must_be_printed_again(result):
    annex1 = _doc(result, "annex1")
    assert [p.name for p in annex1.stale] == ["扫描2.tif 第 3 页"]
    assert not annex1.complete
    assert any(m.startswith("附件1") and "此页打印后数据已修改，请重新打印后盖章" in m for m in _messages(result, ERROR))


def test_another_units_page_is_skipped_and_said(result):
    assert "别的单位.png：是其他单位的页，已略过" in _messages(result, NOTE)


def test_a_page_without_a_code_is_left_for_the_clerk(result):
    assert [p.name for p in result.unassigned] == ["裁掉页码.png"]
    assert "裁掉页码.png：未能识别页码，请手工指定属于哪份文件的第几页" in _messages(result, ERROR)


def test_a_page_twice_is_said_once(result):
    annex3 = _doc(result, "annex3")
    assert list(annex3.doubled) == [1]
    assert any("附件3" in m and "第 1 页有 2 份" in m for m in _messages(result, NOTE))


def test_seals_red_missing_and_not_checkable(result):
    stamps = {d.expected.key: [p.stamp for p in d.ordered()] for d in result.documents}
    assert stamps["annex2"] == [Stamp.RED]
    assert stamps["annex5"] == [Stamp.RED]
    assert stamps["annex4"] == [Stamp.RED]
    assert stamps["library_report"] == [None, Stamp.RED]  # only the signature page has a seal
    assert stamps["cloud_report"] == [None, Stamp.NONE]
    assert stamps["annex3"] == [Stamp.GREY]
    notes = _messages(result, NOTE)
    assert any(m.startswith("关于2024年度公共文化云") and m.endswith("第 2 页未见红色公章") for m in notes)
    assert any(m.startswith("附件3") and m.endswith("第 1 页是黑白扫描，无法检查是否已盖章") for m in notes)
    assert sum("未见红色公章" in m for m in notes) == 1


def test_the_clerks_list_and_exit_code(result):
    lines = result.lines()
    assert lines[0].startswith("附件1_") and lines[0].endswith("：未找到")
    assert any(line.startswith("附件4_") and line.endswith("：缺页，已有 1/2 页") for line in lines)
    assert any(line.startswith("附件2_") and line.endswith("：齐全，共 1 页") for line in lines)
    assert result.exit_code == 1


def test_assigning_the_unread_page_by_hand(result, world):
    today, _files, _base = world
    page = result.unassigned[0]
    again = sort_pages(expected_documents(today), result.pages, assigned={page.number: ("annex4", 2)})
    assert _doc(again, "annex4").complete
    assert not again.unassigned


def _pdf_codes(path: Path):
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            image = pdf[i].render(scale=100 / 72).to_pil()
            barcodes = zxingcpp.read_barcodes(image)
            out.append((decode(barcodes[0].text), barcodes[0].orientation))
        return out
    finally:
        pdf.close()


def test_stamped_pdfs_one_per_complete_document_upright_in_order(result, tmp_path):
    written = write_stamped(result, tmp_path)
    names = sorted(p.name for p in written.paths)
    assert names == sorted(f"{d.expected.name}（盖章版）.pdf" for d in result.documents if d.complete)
    library = next(p for p in written.paths if p.name.startswith("关于2024年度全国智慧图书馆"))
    codes = _pdf_codes(library)
    assert [(c.page, c.pages) for c, _turn in codes] == [(1, 2), (2, 2)]
    assert all(abs(turn) <= 5 for _code, turn in codes)  # upright: the code reads the right way up
    assert written.total_bytes == sum(p.stat().st_size for p in written.paths)


def test_stamped_pdfs_fit_a_small_limit_and_keep_the_seal_red(result, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    unlimited = write_stamped(result, tmp_path / "a")
    limit = unlimited.total_bytes // 3
    written = write_stamped(result, tmp_path / "b", limit=limit)
    assert written.total_bytes <= limit and written.step > 0
    annex2 = next(p for p in written.paths if p.name.startswith("附件2_"))
    image = pdfium.PdfDocument(str(annex2))[0].render(scale=100 / 72).to_pil()
    assert check_stamp(image, *read_page(image).seal_circle()) is Stamp.RED


def test_a_limit_that_cannot_be_met_writes_nothing(result, tmp_path):
    with pytest.raises(TooLarge) as raised:
        write_stamped(result, tmp_path, limit=10_000)
    assert "超过" in raised.value.message
    assert list(tmp_path.iterdir()) == []


def test_unreadable_files_are_named_and_give_exit_code_2(world, tmp_path):
    today, files, _base = world
    broken = tmp_path / "坏文件.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    text = tmp_path / "说明.jpg"
    text.write_text("这不是图片", encoding="utf-8")
    pages, unreadable = read_scans([broken, text, tmp_path / "不存在.png"])
    assert pages == []
    assert [u.path.name for u in unreadable] == ["坏文件.pdf", "说明.jpg", "不存在.png"]
    assert "不是可以读取的 PDF 文件" in unreadable[0].message
    assert sort_pages(expected_documents(today), pages, unreadable).exit_code == 2
