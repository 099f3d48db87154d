"""The reportlab internals the PDF exporter overrides (hbaccept_gui/exporters/_reportlab_cjk.py), guarded
by what they exist for (issue #15, item 14): justified report lines reach the right edge on both sides
of a page break (`CJKParagraph._get_split_blParaFunc`, `JustifiedText.setWordSpace`), no printed line
starts with 「，。；：」 (`_cjk_lines`), and the installed reportlab is inside the range pyproject.toml pins."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
import reportlab
from packaging.requirements import Requirement
from reportlab.lib.pagesizes import A4

from hbaccept_gui.exporters.layout import ReportSectionLayout
from hbaccept_gui.exporters.pdf import BODY_PT, REPORT_MARGINS, write_report_pdf

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_installed_reportlab_is_inside_the_pinned_range():
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = next(Requirement(d) for d in dependencies if Requirement(d).name == "reportlab")
    assert pinned.specifier, "reportlab must be pinned to a range: _reportlab_cjk.py overrides its internals"
    assert pinned.specifier.contains(reportlab.Version), (reportlab.Version, str(pinned.specifier))


def _long_report(export_set):
    """The demo's library report with one paragraph of about 2,000 characters in its first section:
    it runs over a page break, mid-paragraph."""
    report = export_set.reports[0]
    text = "".join(f"第{n}项：完成古籍数字化加工，质检合格，已入库；读者可在线检索、浏览与下载。" for n in range(1, 60))
    first = ReportSectionLayout(report.sections[0].heading, (text,))
    return dataclasses.replace(report, sections=(first,) + report.sections[1:]), text


@pytest.fixture(scope="module")
def long_report_pdf(large_export_set, tmp_path_factory):
    report, text = _long_report(large_export_set)
    return write_report_pdf(report, tmp_path_factory.mktemp("split") / "report.pdf"), text


def _paragraph_lines(pdf_probe, path, text):
    """The printed lines of the long paragraph, page by page (its first and last line left out:
    the first is indented, the last is not justified)."""
    pages = []
    for page in pdf_probe.pages(path):
        lines = [line for line in pdf_probe.lines([c for c in page if c.size == BODY_PT])
                 if "".join(c.text for c in line) in text]
        pages.append(lines)
    return pages


def test_justified_lines_reach_the_right_edge_on_both_sides_of_a_page_break(long_report_pdf, pdf_probe):
    path, text = long_report_pdf
    pages = _paragraph_lines(pdf_probe, path, text)
    assert len(pages) >= 2 and pages[0] and pages[1], "the paragraph must run over a page break"
    right = A4[0] - REPORT_MARGINS[1]
    before = pages[0][1:]  # lines above the break (the indented first line aside)
    after = pages[1][:-1] if len(pages) == 2 else pages[1]  # lines below it (the paragraph's last aside)
    assert len(before) >= 5 and len(after) >= 5
    for line in before + after:
        assert line[-1].loose_right == pytest.approx(right, abs=1.0), "".join(c.text for c in line)


def test_no_printed_line_starts_with_closing_punctuation(large_pdfs, long_report_pdf, pdf_probe):
    paths = [long_report_pdf[0], large_pdfs["library_report"], large_pdfs["cloud_report"]]
    starts = []
    for path in paths:
        for page in pdf_probe.pages(path):
            starts += [line[0].text for line in pdf_probe.lines([c for c in page if c.size == BODY_PT])]
    assert len(starts) > 100
    assert not [s for s in starts if s in "，。；：、？！）》"]


def test_a_paragraph_split_across_pages_gets_no_spaces(long_report_pdf):
    """reportlab's own split (`Paragraph._get_split_blParaFunc`) appends a space to every line of the
    part before a page break: invisible, but copying or searching the PDF finds 「质检合 格」."""
    import pypdfium2 as pdfium

    path, _text = long_report_pdf
    document = pdfium.PdfDocument(str(path))
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    assert len(texts) >= 2
    for number, text in enumerate(texts, 1):
        assert text.replace(f"— {number} —", "").count(" ") == 0, number


def test_exporting_leaves_reportlab_global_line_breaking_lists_as_shipped(large_pdfs):
    """The exporter's line breaking is its own (`_cjk_lines`): reportlab's process-wide 「may not start a
    line」 lists, which only reportlab's own CJK wrapping reads, are not patched."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph as rl_paragraph

    assert large_pdfs  # PDFs were written in this process
    shipped = "".join(textsplit.CANNOT_START_LINE)
    assert textsplit.ALL_CANNOT_START == shipped and rl_paragraph.ALL_CANNOT_START == shipped
