"""The reports' first page as GB/T 9704 sets it (issue #15, item 8), read back from the PDF: the
主送机关 line 「河北省文化和旅游厅：」 flush left under the title, the title broken between words
(回行时要做到词意完整), and full body lines of 28 characters inside the 156 mm text block."""

from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4

from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters.layout import build_export_set, title_breaks
from hbaccept_gui.exporters.pdf import BODY_PT, REPORT_MARGINS, TITLE_PT, write_report_pdf


@pytest.fixture(scope="module")
def demo_reports(definition, tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    reports = build_export_set(evaluate(definition, load_demo()[1])).reports
    return {r.key: (r, write_report_pdf(r, folder / f"{r.key}.pdf")) for r in reports}


def text(line) -> str:
    return "".join(c.text for c in line)


def test_the_addressee_line_is_under_the_title_flush_left(demo_reports, pdf_probe):
    for report, path in demo_reports.values():
        lines = pdf_probe.lines(pdf_probe.pages(path)[0])
        title = [n for n, line in enumerate(lines) if line[0].size == TITLE_PT]
        addressee = lines[title[-1] + 1]
        assert text(addressee) == f"{report.addressee}：" == "河北省文化和旅游厅："
        assert addressee[0].left == pytest.approx(REPORT_MARGINS[3], abs=1.5)


def test_titles_break_between_words(demo_reports, pdf_probe):
    for report, path in demo_reports.values():
        lines = [text(line) for line in pdf_probe.lines(pdf_probe.pages(path)[0]) if line[0].size == TITLE_PT]
        assert "".join(lines) == report.title
        ends = [sum(len(line) for line in lines[:n + 1]) for n in range(len(lines) - 1)]
        assert all(end in title_breaks(report.title) for end in ends), lines
    cloud = [text(line) for line in pdf_probe.lines(pdf_probe.pages(demo_reports["cloud_report"][1])[0])
             if line[0].size == TITLE_PT]
    assert cloud == ["关于2024年度公共文化云建设项目", "有关情况的报告"]


def test_full_body_lines_hold_28_characters_inside_the_text_block(large_pdfs, pdf_probe):
    right = A4[0] - REPORT_MARGINS[1]
    counts = []
    for page in pdf_probe.pages(large_pdfs["library_report"]):
        body = [c for c in page if c.size == BODY_PT]
        for line in pdf_probe.lines(body):
            assert line[-1].right <= right + 0.5, text(line)
            if all(ord(c.text) > 0x2E80 for c in line):  # Chinese only: 28 of them fill a line
                counts.append(len(line))
    assert max(counts) == 28
    assert counts.count(28) > 20
