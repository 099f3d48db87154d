"""Long text in the PDFs (issue #14, item 6): a cell or report section of 100,000 characters and a cell
of blank lines export whole, over as many pages as they need, and breaking them into lines costs
their length once (it was quadratic: 100,000 characters took more than 300 s). Behaviour only; the
timings are printed by benchmarks/bench_long_text.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters import _reportlab_cjk, fonts, pdf
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.exporters.pdf import CJKParagraph, _style, line_pieces, write_form_pdf, write_report_pdf

from long_texts import numbered_text, with_description, with_section


def poppler(tool: str, *args: object) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True).stdout


#: What pdftotext gives at a page break of 附件2: the page number, then the repeated header row, read
#: together with the row's 序号 and task repeated with 「（续）」 (issue #15).
PAGE_BREAK = re.compile("—[0-9]+—(版权情况备注序号(1（续）)?项目任务(基础数字资源项目（续）)?"
                        "承建单位子项目名称年度承担任务指标量项目任务完成情况)?")


def flat_text(path: Path) -> str:
    return "".join(poppler("pdftotext", path, "-").split())


def without_page_breaks(flat: str) -> str:
    return PAGE_BREAK.sub("", flat)


def pages(path: Path) -> int:
    return int(next(line.split()[1] for line in poppler("pdfinfo", path).splitlines() if line.startswith("Pages")))


def column_text(path: Path, form, heading: str) -> str:
    """The text printed in the table column under `heading`, page after page (pdftotext cropped to
    the column, so the repeated header row and labels of the other columns stay out)."""
    from reportlab.lib.pagesizes import A4, landscape

    from hbaccept_gui.exporters.pdf import LANDSCAPE_FORM_MARGINS

    widths = form.table.widths
    column = next(i for i, c in enumerate(form.table.header_rows[0]) if c.text == heading)
    width = landscape(A4)[0] - LANDSCAPE_FORM_MARGINS[1] - LANDSCAPE_FORM_MARGINS[3]
    left = LANDSCAPE_FORM_MARGINS[3] + width * sum(widths[:column]) / sum(widths)
    size = width * widths[column] / sum(widths)
    bottom = int(landscape(A4)[1] - LANDSCAPE_FORM_MARGINS[2])  # above the page number
    text = poppler("pdftotext", "-x", int(left) + 1, "-y", 0, "-W", int(size) - 2, "-H", bottom,
                   path, "-")
    return "".join(text.split())


@pytest.fixture(scope="module")
def export_set(definition):
    from hbaccept_gui.core.pipeline import load_demo

    _definition, document = load_demo()
    return build_export_set(evaluate(definition, document))


def test_a_100000_character_cell_exports_whole_over_many_pages(export_set, tmp_path):
    text = numbered_text(100_000)
    path = write_form_pdf(with_description(export_set, text), tmp_path / "long.pdf")
    assert pages(path) > 50
    flat = flat_text(path)
    assert flat.count("序号") == pages(path)  # the header row on every page
    # every sentence, once, in order: no piece lost or repeated at a row or page break
    column = column_text(path, with_description(export_set, text), "项目任务完成情况")
    assert text in column.replace("项目任务完成情况", "") and flat.count("第1句：") == 1


def test_a_100000_character_report_section_exports_whole(export_set, tmp_path):
    text = numbered_text(100_000)
    path = write_report_pdf(with_section(export_set, text), tmp_path / "long.pdf")
    assert pages(path) > 100
    flat = flat_text(path)
    assert text in without_page_breaks(flat) and flat.count("第1句：") == 1
    assert "保定市图书馆" in flat and "盖章处" in flat  # the signature still comes at the end


def test_120_blank_lines_in_one_cell_split_across_pages(export_set, tmp_path):
    """Was reportlab's LayoutError: a row taller than a page."""
    path = write_form_pdf(with_description(export_set, "开始" + "\n" * 120 + "结束"), tmp_path / "blank.pdf")
    assert pages(path) >= 3
    flat = flat_text(path)
    assert "开始" in flat and "结束" in flat and flat.index("开始") < flat.index("结束")
    assert "2基础支撑平台项目" in flat  # the rows after it are there too


def test_a_long_text_is_broken_into_lines_once(export_set, tmp_path, monkeypatch):
    """Complexity, not time: the characters broken into lines for a 20,000-character cell and report
    section add up to about their length (a few pieces are wrapped again, at most twice over). The old
    code broke the rest of the text again for every piece and page: about 70 times the length."""
    broken = []
    real = _reportlab_cjk._cjk_lines

    def counting(frags, max_widths, calc_bounds, squeeze=0.0):
        broken.append(sum(len(frag.text or " ") for frag in frags))
        return real(frags, max_widths, calc_bounds, squeeze)

    monkeypatch.setattr(_reportlab_cjk, "_cjk_lines", counting)
    text = numbered_text(20_000)
    write_form_pdf(with_description(export_set, text), tmp_path / "cell.pdf")
    assert sum(broken) < 2 * len(text)
    broken.clear()
    write_report_pdf(with_section(export_set, text), tmp_path / "report.pdf")
    assert sum(broken) < 2 * len(text)


def test_pieces_have_the_lines_of_the_whole_paragraph_and_justify_like_it():
    style = _style("body", 16, 28.95, pdf.TA_JUSTIFY, firstLineIndent=32)
    text = numbered_text(3000)
    whole = CJKParagraph(fonts.markup(text, "body"), style)
    whole.wrap(pdf.REPORT_WIDTH, 1e9)
    expected = ["".join(w.text for w in line.words) for line in whole.blPara.lines]

    pieces = line_pieces(CJKParagraph(fonts.markup(text, "body"), style), pdf.REPORT_WIDTH, 10)
    assert len(pieces) == -(-len(expected) // 10)
    got = []
    for piece in pieces:
        piece.wrap(pdf.REPORT_WIDTH, 1e9)
        got += ["".join(w.text for w in line.words) for line in piece.blPara.lines]
    assert got == expected
    assert pieces[0].style.firstLineIndent == 32 and all(p.style.firstLineIndent == 0 for p in pieces[1:])
    # the last line of every piece but the last is a full line of the paragraph: justified
    assert all(p._JustifyLast for p in pieces[:-1]) and not getattr(pieces[-1], "_JustifyLast", False)


def test_a_piece_split_at_a_page_end_keeps_its_lines(monkeypatch):
    """reportlab rebuilds the rest of a split paragraph from its words; the rest keeps its lines
    and is not broken again."""
    style = _style("body", 16, 28.95, pdf.TA_JUSTIFY)
    para = CJKParagraph(fonts.markup(numbered_text(2000), "body"), style)
    para.wrap(pdf.REPORT_WIDTH, 1e9)
    lines = len(para.blPara.lines)
    head, rest = para.split(pdf.REPORT_WIDTH, 10 * 28.95)
    monkeypatch.setattr(_reportlab_cjk, "_cjk_lines", lambda *args: pytest.fail("broken again"))
    assert rest.wrap(pdf.REPORT_WIDTH, 1e9)[1] == pytest.approx((lines - 10) * 28.95)
