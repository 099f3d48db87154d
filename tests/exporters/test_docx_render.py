"""Issue #15, the Word side, as LibreOffice prints it: every .docx of the demo and of the larger
document (tests/exporters/conftest.py), the 字符集外字表 and a series of reports that end on every
line of a page, converted to PDF in one soffice run for the module and read back with pypdfium2.

LibreOffice stands in for Word here (no Word on the build machine) and substitutes fonts (仿宋 and
黑体 become WenQuanYi Zen Hei, digits DejaVu Sans), so these tests check what does not depend on a
face's widths: where pages break, what each page repeats, lines and their characters, positions of
page numbers. The XML side of the same items: test_docx_print."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest

from hbaccept_gui.core.charset import rare_characters
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import docx as word
from hbaccept_gui.exporters.charset_docx import write_charset_docx
from hbaccept_gui.exporters.charset_layout import charset_form
from hbaccept_gui.exporters.layout import ReportLayout, ReportSectionLayout, build_export_set

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

MM = 72 / 25.4
SECTION_HEADING = "统筹推动脱贫县（团场）全民艺术普及高质量发展任务"
#: Reports of 12 … 23 one-line paragraphs: one of every 22 ends on each line of its page, so some
#: end where the signature no longer fits below the last line.
FILLER = range(12, 24)


def filler_report(lines: int) -> ReportLayout:
    paragraphs = tuple(f"第{n}段，一行正文。" for n in range(1, lines + 1))
    return ReportLayout("filler", "filler", "关于测试的报告", (ReportSectionLayout("一、情况", paragraphs),),
                        "保定市图书馆", "2025年6月5日", "河北省文化和旅游厅")


@pytest.fixture(scope="module")
def demo_set():
    return build_export_set(evaluate(*load_demo()))


@pytest.fixture(scope="module")
def rendered(demo_set, large_export_set, tmp_path_factory) -> dict[str, Path]:
    """{name: PDF}: demo-附件1 …, demo-library_report, large-…, charset, filler-12 …"""
    folder = tmp_path_factory.mktemp("render")
    written = []
    for name, export_set in (("demo", demo_set), ("large", large_export_set)):
        written += [word.write_form_docx(f, folder / f"{name}-{f.annex_label}.docx") for f in export_set.forms]
        written += [word.write_report_docx(r, folder / f"{name}-{r.key}.docx") for r in export_set.reports]
    definition, demo = load_demo()
    written.append(write_charset_docx(charset_form(evaluate(definition, demo), rare_characters(definition, demo)),
                                      folder / "charset.docx"))
    written += [word.write_report_docx(filler_report(n), folder / f"filler-{n}.docx") for n in FILLER]
    out = folder / "pdf"
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                             "--convert-to", "pdf", "--outdir", str(out), *map(str, written)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return {path.stem: out / f"{path.stem}.pdf" for path in written}


# ---------------------------------------------------------------- reading a PDF


def page_lines(path: Path, gap: float = 4.0) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, top to bottom, (text, left, right, bottom, height) of each run of characters on one
    line with no gap wider than `gap` points: a table cell's line, or a whole body line. Boxes are
    the fonts' (loose), so every character of a line has the same bottom."""
    pages = []
    for page in pypdfium2.PdfDocument(path):
        textpage = page.get_textpage()
        chars = []
        for i in range(textpage.count_chars()):
            ch = textpage.get_text_range(i, 1)
            if ch.strip():
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                chars.append((ch, left, right, bottom, top - bottom))
        rows: list[list] = []
        for char in sorted(chars, key=lambda c: -c[3]):
            if rows and abs(rows[-1][0][3] - char[3]) < 2.5:
                rows[-1].append(char)
            else:
                rows.append([char])
        runs = []
        for row in rows:
            row.sort(key=lambda c: c[1])
            run = None
            for ch, left, right, bottom, height in row:
                if run and left - run[2] < gap:
                    run = (run[0] + ch, run[1], right, min(run[3], bottom), max(run[4], height))
                else:
                    if run:
                        runs.append(run)
                    run = (ch, left, right, bottom, height)
            runs.append(run)
        pages.append(runs)
    return pages


def page_texts(path: Path) -> list[str]:
    """Each page's text without whitespace."""
    return ["".join(page.get_textpage().get_text_range().split()) for page in pypdfium2.PdfDocument(path)]


def squeezed(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------- reports (items 1, 8)


def test_the_signature_never_stands_alone_on_a_page(rendered, demo_set):
    """Item 1: the page with the unit and date also holds the end of the body text."""
    signature = {demo_set.reports[0].unit, demo_set.reports[0].date_text}
    names = [n for n in rendered if n.endswith("report") or n.startswith("filler")]
    assert len(names) == 4 + len(FILLER)
    for name in names:
        pages = page_lines(rendered[name], gap=20)
        page = next(p for p in pages if any(squeezed(line[0]) == "保定市图书馆" for line in p))
        others = [line[0] for line in page if squeezed(line[0]) not in {squeezed(s) for s in signature}
                  and not line[0].startswith("—")]
        assert others, name


def test_the_title_breaks_between_words_and_the_addressee_follows_flush_left(rendered):
    """Item 8: 「…有关情况／的报告」 was the break; no 主送机关 line was printed."""
    lines = page_lines(rendered["demo-cloud_report"], gap=20)[0]
    texts = [squeezed(line[0]) for line in lines]
    assert texts[:3] == ["关于2024年度公共文化云建设项目", "有关情况的报告", "河北省文化和旅游厅："]
    left_margin = 28 * MM
    assert abs(lines[2][1] - left_margin) < 2
    assert lines[0][3] - lines[1][3] == pytest.approx(36, abs=2)  # the title's pitch, not two grid lines
    assert texts[3].startswith("一、")


def test_a_full_body_line_holds_28_characters(rendered):
    """Item 8: GB/T 9704's 28 characters a line (27 were printed)."""
    widths = [len(squeezed(line[0])) for page in page_lines(rendered["large-library_report"], gap=20)
              for line in page if not any(ch.isascii() for ch in squeezed(line[0]))]
    assert max(widths) == 28
    assert widths.count(28) >= 10


def test_a_report_page_holds_22_lines_of_text(rendered):
    """A page of the long report without the title: 22 lines on the 28.95 pt pitch."""
    pages = page_lines(rendered["large-library_report"], gap=20)
    body = [line for line in pages[1] if not line[0].startswith("—")]
    assert len(body) == 22


# ---------------------------------------------------------------- forms: page breaks (items 3, 4, 5)


def test_annex5s_indicator_heading_is_printed_on_every_page_the_indicators_run_onto(rendered, large_export_set):
    """Item 3: page 2 began mid-block, under no heading."""
    texts = page_texts(rendered["large-附件5"])
    assert len(texts) >= 3
    reasons = [cell.text for row in next(f for f in large_export_set.forms if f.key == "annex5").table.body_rows
               for cell in row if cell.text.startswith("原因")]
    pages_with_reasons = [n for n, text in enumerate(texts) if any(squeezed(r)[:20] in text for r in reasons)]
    assert len(pages_with_reasons) >= 2
    for n in pages_with_reasons:
        assert "三级指标" in texts[n] and "涉及项目" in texts[n] and "绩效指标" in texts[n], n + 1


def test_annex5s_rows_are_never_split(rendered, large_export_set):
    """Item 4: each 300-character reason is printed whole on one page."""
    texts = page_texts(rendered["large-附件5"])
    form = next(f for f in large_export_set.forms if f.key == "annex5")
    reasons = [squeezed(c.text) for row in form.table.body_rows for c in row if c.text.startswith("原因")]
    assert len(reasons) >= 3
    for reason in reasons:
        assert sum(reason in text for text in texts) == 1, reason[:8]


def test_annex4s_second_section_heading_is_on_every_page_of_its_rows(rendered):
    """Item 5: the second section's rows on page 2 looked like more rows of the first."""
    texts = page_texts(rendered["large-附件4"])
    first = next(n for n, text in enumerate(texts) if SECTION_HEADING in text)
    assert first < len(texts) - 1
    for n in range(first, len(texts)):
        assert SECTION_HEADING in texts[n], n + 1
        assert "项目任务完成情况" in texts[n]
    assert not any(SECTION_HEADING in text for text in texts[:first])


def test_a_row_taller_than_a_page_starts_on_page_1_and_each_later_page_names_it(rendered):
    """Item 4: 附件2's row of 69 works moved to page 2 (leaving page 1 empty) and ran on to pages
    whose 序号 and 项目任务 were empty; it is cut into rows of a page each, labelled 「（续）」."""
    texts = page_texts(rendered["large-附件2"])
    assert len(texts) >= 3
    assert "项目说明" in texts[0] and "（续）" not in texts[0]
    for n, text in enumerate(texts[1:], 2):
        assert "1（续）" in text and "基础数字资源项目（续）" in text, n
    assert "（续）" not in "".join(page_texts(rendered["large-附件4"])[:1])


# ---------------------------------------------------------------- forms: page numbers (item 7)


def test_every_form_page_has_its_number_centred_10_mm_above_the_edge_as_in_the_pdf(rendered):
    names = [n for n in rendered if "附件" in n]
    assert any(len(page_lines(rendered[n])) >= 3 for n in names)
    for name in names:
        for number, page in enumerate(page_lines(rendered[name], gap=8), 1):
            width = pypdfium2.PdfDocument(rendered[name])[number - 1].get_size()[0]
            text, left, right, baseline, _height = next(line for line in page if squeezed(line[0]) == f"—{number}—")
            assert abs((left + right) / 2 - width / 2) < 3, (name, number)
            assert 8 * MM < baseline < 12 * MM, (name, number, baseline / MM)


# ---------------------------------------------------------------- forms: titles and labels (item 9)


def test_annex1s_title_is_one_line(rendered):
    lines = [line[0] for line in page_lines(rendered["demo-附件1"], gap=20)[0]]
    assert "2024年度全国智慧图书馆体系建设项目任务指标完成情况表" in map(squeezed, lines)


def stranded(path: Path, labels: set[str]) -> list[tuple[int, str, str]]:
    """(page, line above, character) where a label's last character stands alone on its line."""
    found = []
    for number, runs in enumerate(page_lines(path), 1):
        for text, left, right, baseline, _h in runs:
            if len(text) != 1:
                continue
            for above, a_left, a_right, a_baseline, _ah in runs:
                if 8 < a_baseline - baseline < 18 and a_left < right and left < a_right and len(above) >= 2 \
                        and any(label.endswith(above + text) for label in labels):
                    found.append((number, above, text))
    return found


def test_no_centred_label_leaves_one_character_alone_on_a_line(rendered, demo_set, large_export_set):
    """Item 9: 「二级指／标」, 「实际完成任务／量」, 「基础数字资源项／目」 in narrow columns."""
    for name, export_set in (("demo", demo_set), ("large", large_export_set)):
        for form in export_set.forms:
            labels = {c.text for row in form.table.header_rows + form.table.body_rows for c in row
                      if c.align == "center" and "\n" not in c.text and len(c.text) > 1}
            assert stranded(rendered[f"{name}-{form.annex_label}"], labels) == [], (name, form.annex_label)


# ---------------------------------------------------------------- 字符集外字表 (item 11)


def test_the_charset_lists_characters_print_large(rendered):
    """Item 11: 玊 at 10.5 pt was hard to tell from 王; the 字 column prints it at 20 pt, twice the
    height of the 玊 in its context on the same page."""
    heights = sorted(line[4] for line in page_lines(rendered["charset"])[0] if line[0] == "玊")
    context = [line[4] for line in page_lines(rendered["charset"], gap=20)[0] if "玊" in line[0] and len(line[0]) > 1]
    assert heights and context
    assert heights[-1] > 1.7 * min(context)
