"""The email draft's body says what it carries (issue #16 item 5): 「盖章扫描件」 only over stamped
PDFs; our own PDFs are named unstamped, and while no stamped scan is attached the body says the
stamped versions follow."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.exporters.eml import attachment_kinds, submission_body

WORD = Path("附件1_2024年度全国智慧图书馆体系建设项目任务指标完成情况表.docx")
PDF = Path("附件1_2024年度全国智慧图书馆体系建设项目任务指标完成情况表.pdf")
STAMPED = Path("附件1_2024年度全国智慧图书馆体系建设项目任务指标完成情况表（盖章版）.pdf")


def _body(attachments):
    return submission_body("保定市图书馆", 2024, "全国智慧图书馆体系建设项目", "王晓梅", "0312-1234567", attachments)


def test_todays_export_does_not_claim_stamped_scans():
    body = _body([WORD, PDF])
    assert "盖章扫描件及" not in body
    assert "（PDF 版（未盖章）及 Word 版）" in body
    assert "加盖公章的扫描件待盖章后另行报送。" in body


def test_with_stamped_scans_it_says_so_and_lists_them():
    body = _body([STAMPED, WORD])
    assert "（盖章扫描件及 Word 版）" in body
    assert "另行报送" not in body
    assert f"1. {STAMPED.name}\n2. {WORD.name}" in body


def test_kinds_of_attachments():
    assert attachment_kinds([STAMPED, PDF, WORD]) == "盖章扫描件、PDF 版（未盖章）及 Word 版"
    assert attachment_kinds([STAMPED]) == "盖章扫描件"
    assert attachment_kinds([]) == "（无附件）"


def test_body_ends_with_the_unit_and_its_contact():
    assert _body([WORD]).endswith("保定市图书馆\n联系人：王晓梅  联系电话：0312-1234567\n")
