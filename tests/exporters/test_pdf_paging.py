"""How the forms' tables run over pages (issue #15, items 3–6, 9, 11), read back from the PDFs of the
larger document (tests/exporters/conftest.py): 附件5's 绩效指标 block splits between indicator rows and
repeats its heading row and labels with 「（续）」; a row that runs on repeats 序号 and its task with
「（续）」; 附件4's second section heading comes again with 「（续）」; long texts run on without blank
lines and are left-aligned; no heading leaves one character alone on a line; a 字符集外字表 character
prints at 20 pt."""

from __future__ import annotations

import dataclasses

import pytest
from reportlab.lib.pagesizes import A4, landscape

from hbaccept_gui.core.charset import rare_characters
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters.charset_layout import CHAR_COLUMN, charset_form
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.exporters.pdf import CELL_LEADING, FORM_MARGINS, LANDSCAPE_FORM_MARGINS, write_form_pdf


def page_texts(pdf_probe, path) -> list[str]:
    return ["".join(c.text for c in page) for page in pdf_probe.pages(path)]


def form(export_set, label):
    return next(f for f in export_set.forms if f.annex_label == label)


def column_range(layout, column: int, span: int = 1) -> tuple[float, float]:
    """The x range of a table column on the page, from the layout's relative widths."""
    pagesize, margins = (landscape(A4), LANDSCAPE_FORM_MARGINS) if layout.landscape else (A4, FORM_MARGINS)
    width = pagesize[0] - margins[1] - margins[3]
    widths = layout.table.widths
    left = margins[3] + width * sum(widths[:column]) / sum(widths)
    return left, left + width * sum(widths[column:column + span]) / sum(widths)


def in_column(chars, x_range, size=None):
    left, right = x_range
    return [c for c in chars if left - 0.5 <= c.left and c.right <= right + 0.5 and (size is None or c.size == size)]


# ---------------------------------------------------------------- 附件5: the 绩效指标 block


def test_the_indicator_block_splits_between_indicator_rows(large_export_set, large_pdfs, pdf_probe):
    layout = form(large_export_set, "附件5")
    texts = page_texts(pdf_probe, large_pdfs["附件5"])
    first_indicator = next(row for row in layout.table.body_rows if row and row[0].repeat and not row[0].header)
    assert len(texts) >= 2
    assert first_indicator[1].text in texts[0]  # page 1 is not left empty below the heading row


def test_the_indicator_heading_row_and_labels_repeat_with_continued(large_pdfs, pdf_probe):
    texts = page_texts(pdf_probe, large_pdfs["附件5"])
    continued_pages = [t for t in texts[1:] if "指标（续）" in t]
    assert continued_pages, "no page continues the 绩效指标 block"
    for text in continued_pages:
        assert "二级指标三级指标涉及项目指标值完成量" in text
        assert "绩效指标（续）" in text  # the 一级指标, written upright
    # a 二级指标 group that runs on is named again
    assert any(f"{level}指标（续）" in text for text in continued_pages for level in ("质量", "效益", "产出", "满意度"))


# ---------------------------------------------------------------- rows and sections that run on


def test_a_row_that_runs_on_repeats_its_number_and_task(large_pdfs, pdf_probe):
    texts = page_texts(pdf_probe, large_pdfs["附件2"])
    assert len(texts) >= 3
    # row 1 (基础数字资源项目: 69 works and long texts) runs over pages 1–3
    for text in texts[1:3]:
        assert "1（续）" in text and "基础数字资源项目（续）" in text
    assert "（续）" not in texts[0]


def test_the_second_section_heading_of_annex4_repeats_on_its_pages(large_export_set, large_pdfs, pdf_probe):
    layout = form(large_export_set, "附件4")
    label = layout.table.body_rows[layout.table.groups[0].start][0].text
    texts = page_texts(pdf_probe, large_pdfs["附件4"])
    opened = next(n for n, t in enumerate(texts) if label in t)
    later = [t for t in texts[opened + 1:] if "序号项目任务" in t]  # pages with rows of the table
    assert later, "the section does not run on: the larger document should make it"
    assert all(f"{label}（续）" in t for t in later)
    assert f"{label}（续）" not in texts[opened]


# ---------------------------------------------------------------- long texts


def test_no_blank_lines_are_invented_inside_a_long_text(large_export_set, large_pdfs, pdf_probe):
    """Row 1's 项目任务完成情况 runs over pages 1 and 2 without a gap: every line one leading below the
    last (its pieces used to be centred in their rows, leaving blank lines)."""
    layout = form(large_export_set, "附件2")
    column = next(i for i, c in enumerate(layout.table.header_rows[0]) if c.text == "项目任务完成情况")
    for page in pdf_probe.pages(large_pdfs["附件2"])[:2]:
        lines = pdf_probe.lines(in_column(page, column_range(layout, column), size=10.5))
        row1 = [line for line in lines if "".join(c.text for c in line) != "项目任务完成情况"  # row 1 fills both
                and line[0].baseline > LANDSCAPE_FORM_MARGINS[2]]  # not the page number
        gaps = [a[0].baseline - b[0].baseline for a, b in zip(row1, row1[1:])]
        assert len(gaps) > 10
        assert [g for g in gaps if g != pytest.approx(CELL_LEADING, abs=1.0)] == []


@pytest.mark.parametrize("heading", ["版权情况", "备注"])
def test_long_texts_are_left_aligned(large_export_set, large_pdfs, pdf_probe, heading):
    layout = form(large_export_set, "附件2")
    column = next(i for i, c in enumerate(layout.table.header_rows[0]) if c.text == heading)
    page = pdf_probe.pages(large_pdfs["附件2"])[0]
    lines = [line for line in pdf_probe.lines(in_column(page, column_range(layout, column), size=10.5))]
    body = lines[1:]  # below the heading cell
    assert len(body) > 5
    lefts = [line[0].left for line in body if line[0].text not in "（《“"]
    assert max(lefts) - min(lefts) < 2.0, lefts  # ink boxes: side bearings differ by a point or so


# ---------------------------------------------------------------- headings


def _cell_lines(lines, text: str) -> list[str] | None:
    """The printed lines that hold `text` (a cell's label), found as a run of consecutive lines."""
    strings = ["".join(c.text for c in line) for line in lines]
    target = text.replace("\n", "")
    for start in range(len(strings)):
        joined = ""
        for end in range(start, len(strings)):
            joined += strings[end]
            if joined == target:
                return strings[start:end + 1]
            if not target.startswith(joined):
                break
    return None


def _label_cells(layout):
    """(column, span, text) of the headings and centred labels (二级指标 such as 「满意度指标」, 涉及项目) of
    a form's table."""
    table = layout.table
    return [(c, min(cell.col_span, len(table.widths) - c), cell.text) for _r, c, cell in table.placements()
            if (cell.header or cell.align == "center") and len(cell.text.strip()) > 1]


@pytest.mark.parametrize("source", ["demo", "large"])
def test_no_label_leaves_one_character_alone_on_a_line(source, definition, large_export_set, tmp_path, pdf_probe):
    export_set = (build_export_set(evaluate(definition, load_demo()[1])) if source == "demo"
                  else large_export_set)
    for layout in export_set.forms:
        path = write_form_pdf(layout, tmp_path / f"{layout.key}.pdf")
        page = pdf_probe.pages(path)[0]
        for column, span, text in _label_cells(layout):
            if "\n" in text:  # written upright on purpose (「绩\n效\n指\n标」)
                continue
            lines = _cell_lines(pdf_probe.lines(in_column(page, column_range(layout, column, span), size=10.5)), text)
            if lines is None:
                continue  # on a later page only
            assert len(lines) == 1 or len(lines[-1]) > 1, f"{layout.annex_label}: {lines}"


# ---------------------------------------------------------------- 字符集外字表


def test_a_listed_character_prints_at_20_points(definition, tmp_path, pdf_probe):
    evaluation = evaluate(definition, load_demo()[1])
    layout = charset_form(evaluation, rare_characters(definition, evaluation.document))
    path = write_form_pdf(layout, tmp_path / "charset.pdf")
    page = pdf_probe.pages(path)[0]
    listed = in_column(page, column_range(layout, CHAR_COLUMN))
    chars = {c.text: c.size for c in listed if c.text in "玊讃"}
    assert set(chars) == {"玊", "讃"} and all(size >= 20 for size in chars.values()), chars


def test_a_continued_character_keeps_its_size(definition, tmp_path, pdf_probe):
    """A character listed in many places runs over pages: 「玊（续）」 on the next, the character large."""
    evaluation = evaluate(definition, load_demo()[1])
    layout = charset_form(evaluation, rare_characters(definition, evaluation.document))
    body = list(layout.table.body_rows)
    extra = [tuple(dataclasses.replace(c, text=f"位置{n}") for c in body[0][-2:]) for n in range(80)]
    spans = [dataclasses.replace(c, row_span=c.row_span + 80) for c in body[0][:-2]]
    body[0:1] = [tuple(spans) + body[0][-2:], *extra]
    layout = dataclasses.replace(layout, table=dataclasses.replace(layout.table, body_rows=tuple(body)))
    path = write_form_pdf(layout, tmp_path / "charset.pdf")
    pages = pdf_probe.pages(path)
    assert len(pages) >= 2
    second = in_column(pages[1], column_range(layout, CHAR_COLUMN))
    assert body[0][CHAR_COLUMN].text + "（续）" in "".join(c.text for c in second)
    assert next(c for c in second if c.text == body[0][CHAR_COLUMN].text).size >= 20


def test_a_text_spanning_rows_taller_than_a_page_runs_on(definition, tmp_path, pdf_probe):
    """A row-spanning cell longer than a page (here a 2,800-character 项目任务 over two rows) runs on over
    pages like any long text, whole and once, instead of stopping the export."""
    from hbaccept_gui.exporters.layout import Cell

    layout = form(build_export_set(evaluate(definition, load_demo()[1])), "附件2")
    label = "".join(f"第{n}段任务名称" for n in range(1, 300))
    rows = list(layout.table.body_rows) + [
        (Cell("3", row_span=2, repeat=True), Cell(label, row_span=2, repeat=True)) + (Cell("甲"),) * 6,
        (Cell("乙"),) * 6]
    layout = dataclasses.replace(layout, table=dataclasses.replace(layout.table, body_rows=tuple(rows)))
    path = write_form_pdf(layout, tmp_path / "span.pdf")
    texts = page_texts(pdf_probe, path)
    assert len(texts) > 3
    task = "".join(c.text for page in pdf_probe.pages(path) for c in in_column(page, column_range(layout, 1)))
    assert label in task.replace("项目任务", "") and task.count("第1段任务名称") == 1
    assert all("3（续）" in text for text in texts[1:])
