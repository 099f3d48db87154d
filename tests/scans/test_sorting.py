"""Sorting pages into documents, on codes alone (no images): each rule of the list a clerk reads."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.exporters.page_code import DocumentCode, PageCode, key_hash, unit_hash
from hbaccept_gui.scans.reader import Reading
from hbaccept_gui.scans.seal import Stamp
from hbaccept_gui.scans.sorting import ERROR, NOTE, Expected, ScannedPage, sort_pages
from hbaccept_gui.scans.sources import PageSource

UNIT = unit_hash("保定市图书馆")
ANNEX3 = Expected(DocumentCode(2024, UNIT, "annex3", "AAAAAA", "附件3"), "附件3_表")
REPORT = Expected(DocumentCode(2024, UNIT, "library_report", "BBBBBB", "图书馆报告"), "报告")


def page(number, code: PageCode | None, stamp=None) -> ScannedPage:
    return ScannedPage(number, PageSource(Path(f"p{number}.jpg"), 0, 1), Reading(code, code.encode() if code else "", 0),
                       stamp, b"", (10, 10), b"")


def code(document="annex3", n=1, of=2, figures="AAAAAA", year=2024, unit=UNIT):
    return PageCode(year, unit, key_hash(document), n, of, figures)


def messages(result, severity):
    return [f.message for f in result.findings if f.severity == severity]


def test_another_years_page_is_skipped():
    result = sort_pages([ANNEX3], [page(1, code(n=1)), page(2, code(n=2)), page(3, code(year=2023))])
    assert "p3.jpg：是 2023 年度的页，已略过" in messages(result, NOTE)
    assert result.documents[0].complete


def test_a_page_of_a_document_not_in_todays_export_is_skipped():
    result = sort_pages([ANNEX3], [page(1, code(document="annex9", n=1, of=1))])
    assert "p1.jpg：本次导出的文件中没有它所属的文件，已略过" in messages(result, NOTE)


def test_an_old_copy_beside_the_reprinted_page_is_only_a_note():
    result = sort_pages([ANNEX3], [page(1, code(n=1)), page(2, code(n=2)), page(3, code(n=2, figures="CCCCCC"))])
    assert result.documents[0].complete and result.exit_code == 0
    assert any("打印后数据已修改，已改用重新打印的页" in m for m in messages(result, NOTE))


def test_of_two_copies_the_stamped_one_is_used():
    result = sort_pages([ANNEX3], [page(1, code(n=1), Stamp.NONE), page(2, code(n=1), Stamp.RED), page(3, code(n=2))])
    doc = result.documents[0]
    assert doc.pages[1].number == 2
    assert "附件3_表：第 1 页有 2 份（p1.jpg、p2.jpg），已使用“p2.jpg”" in messages(result, NOTE)
    assert "附件3_表：第 1 页未见红色公章" not in messages(result, NOTE)


def test_a_document_with_no_page_at_all_is_an_error():
    result = sort_pages([ANNEX3, REPORT], [page(1, code(n=1, of=1))])
    assert "报告：扫描件中没有这份文件的页" in messages(result, ERROR)
    assert result.lines()[:2] == ["附件3_表：齐全，共 1 页", "报告：未找到"]


def test_a_qr_that_is_not_ours_is_left_for_the_clerk():
    foreign = ScannedPage(1, PageSource(Path("x.png"), 0, 1), Reading(None, "https://example.com", 0), None, b"")
    result = sort_pages([ANNEX3], [foreign])
    assert "x.png：有二维码但不是本程序打印的页码，请手工指定属于哪份文件的第几页" in messages(result, ERROR)
