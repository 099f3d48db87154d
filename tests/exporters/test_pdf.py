"""PDF export: what a clerk prints, stamps and scans. Checked with poppler's tools, as a reader of
the PDF would see it: the text comes out (玊 too), every font is embedded, pages have the right
orientation, drafts are marked, long text stays inside its cell."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
import reportlab

from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters import fonts
from hbaccept_gui.exporters.layout import Cell, ReportSectionLayout, build_export_set
from hbaccept_gui.exporters.pdf import (LANDSCAPE_FORM_MARGINS, CJKParagraph, _style, write_all_pdf,
                                        write_form_pdf, write_report_pdf)


def poppler(tool: str, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True).stdout


def text_of(pdf: Path, *options: str) -> str:
    return poppler("pdftotext", *options, pdf, "-")


def page_number(n: int) -> str:
    """「— n —」 as pdftotext gives it (it drops the thin spaces around the number)."""
    return f"—{n}—"


@pytest.fixture(scope="module")
def export_set(definition):
    from hbaccept_gui.core.pipeline import load_demo

    _definition, document = load_demo()
    return build_export_set(evaluate(definition, document))


@pytest.fixture(scope="module")
def exported(export_set, tmp_path_factory) -> dict[str, Path]:
    """Every form (by annex label) and report (by key) of the demo, exported once."""
    paths = write_all_pdf(export_set, tmp_path_factory.mktemp("pdf"))
    keys = [f.annex_label for f in export_set.forms] + [r.key for r in export_set.reports]
    return dict(zip(keys, paths))


def test_every_form_and_report_is_written_under_its_file_name(export_set, exported):
    assert [p.name for p in exported.values()] == [f"{x.file_stem}.pdf" for x in export_set.forms + export_set.reports]
    assert all(p.read_bytes().startswith(b"%PDF") for p in exported.values())


def test_forms_show_annex_label_title_header_line_and_numbers(export_set, exported):
    annex1 = text_of(exported["附件1"], "-layout")
    assert "附件1" in annex1
    assert "2024年度全国智慧图书馆体系建设项目任务指标完成情况表" in annex1
    assert "单位名称：保定市图书馆（加盖公章）" in annex1 and "日期：2025年06月05日" in annex1
    assert "1.0274" in annex1
    assert "盖章处" not in annex1 and page_number(1) in annex1  # 「（加盖公章）」 says it: the circle has no label
    assert "10274" in text_of(exported["附件2"], "-layout")
    for form in export_set.forms:
        assert form.title in text_of(exported[form.annex_label], "-layout")


def test_every_work_title_comes_out_including_the_rare_character(demo, exported):
    annex2 = text_of(exported["附件2"], "-layout")
    titles = [item.title for item in demo.details["digital_resources"][0].items]
    assert "《海琼玊蟾先生文集》" in titles
    for title in titles:
        assert title in annex2


def test_reports_have_title_headings_signature_seal_and_page_number(export_set, exported):
    for report in export_set.reports:
        text = text_of(exported[report.key], "-layout")
        assert report.title in "".join(text.split())  # the title takes two lines
        assert all(section.heading in text for section in report.sections)
        assert "保定市图书馆" in text and "2025年6月5日" in text
        assert "盖章处" in text and page_number(1) in text


def test_every_font_is_embedded_and_there_is_no_helvetica(exported):
    for path in exported.values():
        listing = poppler("pdffonts", path)
        rows = listing.splitlines()[2:]
        assert rows, listing
        assert "Helvetica" not in listing
        for row in rows:  # name type [type] encoding emb sub uni object ID
            assert row.split()[-5] == "yes", f"{path.name}: {row}"


def test_landscape_forms_are_landscape_the_rest_portrait(export_set, exported):
    landscape = {f.annex_label for f in export_set.forms if f.landscape}
    assert {"附件3", "附件4"} <= landscape
    for key, path in exported.items():
        size = next(line for line in poppler("pdfinfo", path).splitlines() if line.startswith("Page size"))
        width, height = (float(n) for n in size.split()[2:5:2])
        assert (width > height) == (key in landscape), (key, size)


def test_a_draft_carries_the_watermark_and_a_clean_export_does_not(export_set, tmp_path):
    form = export_set.forms[0]
    draft = write_form_pdf(form, tmp_path / "draft.pdf", draft=True)
    clean = write_form_pdf(form, tmp_path / "clean.pdf")
    # the watermark is set diagonally: pdftotext gives its characters one per line
    assert "草稿" in "".join(text_of(draft, "-raw").split())
    assert "草" not in text_of(clean, "-raw") and "稿" not in text_of(clean, "-raw")
    assert "Subject:         草稿" in poppler("pdfinfo", draft)
    report = write_report_pdf(export_set.reports[0], tmp_path / "report.pdf", draft=True)
    assert "草稿" in "".join(text_of(report, "-raw").split())


def test_missing_characters_reports_what_no_font_has():
    missing = fonts.missing_characters(["《海琼玊蟾先生文集》", "私用区\ue000", "扩展G\U00030000字"])
    assert list(missing) == ["\ue000", "\U00030000"]
    assert missing["\U00030000"] == ["扩展G\U00030000字"]
    assert fonts.has_glyph("玊") and fonts.face_for("玊", "body").has("玊")
    assert fonts.missing_characters(["零宽\u200b空格\ufeff"]) == {}  # not printed at all


def test_the_bundled_font_is_truetype_and_covers_gbk():
    face = fonts.bundled_face()
    assert face.path.suffix == ".ttc" and (face.path.parent / "wqy-zenhei.COPYRIGHT").exists()
    gbk = [bytes([a, b]).decode("gbk") for a in range(0xB0, 0xF8) for b in range(0xA1, 0xFF)
           if (a, b) < (0xD7, 0xFA)]  # the GB 2312 level-1/2 hanzi block
    assert all(face.has(ch) for ch in gbk + list("玊—“”…≥％"))


def test_a_character_the_role_font_lacks_is_drawn_with_the_next_font(monkeypatch, tmp_path):
    """仿宋_GB2312 lacks 玊: stand in a Latin-only TrueType font (reportlab's Vera) as 仿宋."""
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    shutil.copy(vera, tmp_path / "FS_GB2312.ttf")
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    fonts.chain.cache_clear()
    try:
        body = fonts.chain("body")
        assert [f.label for f in body] == ["仿宋_GB2312", "文泉驿正黑"]
        fallback = fonts.bundled_face().name
        assert fonts.runs("A玊B", "body") == [(body[0].name, "A"), (fallback, "玊"), (body[0].name, "B")]
        assert fonts.markup("A<玊>&", "body") == f'A&lt;<font name="{fallback}">玊</font>&gt;&amp;'
        paragraph = CJKParagraph(fonts.markup("A玊B", "body"), _style("body", 12, 16))
        assert paragraph.wrap(200, 100)[1] == 16
    finally:
        fonts.chain.cache_clear()


def test_no_line_starts_with_a_comma_or_ends_with_an_opening_bracket():
    style = _style("body", 10, 14)
    for width in range(60, 200, 7):
        text = "项目名称（示例），基础数字资源项目建设数量（万筒子叶）：1.0274，《海琼玊蟾先生文集》497叶。" * 3
        paragraph = CJKParagraph(fonts.markup(text, "body"), style)
        paragraph.wrap(width, 10_000)
        lines = ["".join(w.text for w in line.words) for line in paragraph.blPara.lines]
        assert "".join(lines) == text
        assert all(line[0] not in "，。：》）" for line in lines[1:]), lines
        assert all(line[-1] not in "（《" for line in lines), lines
        assert all(line.currentWidth <= width + 1e-6 for line in paragraph.blPara.lines)


def test_a_very_long_description_wraps_inside_its_cell_over_more_pages(export_set, tmp_path):
    form = next(f for f in export_set.forms if f.annex_label == "附件2")
    long = "，".join(f"第{n}项古籍《海琼玊蟾先生文集》数字化加工完成共计{n * 37}叶" for n in range(1, 150)) + "。完"
    rows = list(form.table.body_rows)
    column = next(i for i, c in enumerate(rows[0]) if c.text.startswith("2024"))
    rows[0] = tuple(dataclasses.replace(c, text=long) if i == column else c for i, c in enumerate(rows[0]))
    # and a task with 40 contractors: its 序号 and 项目任务 span 40 rows, more than a page
    rows += [(Cell(f"承建单位{n}"),) + (Cell(),) * 5 for n in range(40)]
    rows[-40] = (Cell("3", row_span=40), Cell("多家承建单位的任务", row_span=40)) + rows[-40]
    table = dataclasses.replace(form.table, body_rows=tuple(rows))
    path = write_form_pdf(dataclasses.replace(form, table=table), tmp_path / "long.pdf")

    pages = int(next(line.split()[1] for line in poppler("pdfinfo", path).splitlines() if line.startswith("Pages")))
    assert pages > 5
    flat = "".join(text_of(path).split())
    assert all(f"第{n}项" in flat for n in range(1, 150)) and "。完" in flat
    assert all(f"承建单位{n}" in flat for n in range(40))
    assert flat.count("序号") == pages  # the header row once on every page, never more

    # no word of the description column reaches past the column's right edge
    width = 841.89 - LANDSCAPE_FORM_MARGINS[1] - LANDSCAPE_FORM_MARGINS[3]
    left = LANDSCAPE_FORM_MARGINS[3] + width * sum(table.widths[:column]) / sum(table.widths)
    right = left + width * table.widths[column] / sum(table.widths)
    words = [line for line in poppler("pdftotext", "-bbox", path, "-").splitlines() if "<word " in line]
    inside = [w for w in words if left <= float(w.split('xMin="')[1].split('"')[0]) < right]
    assert len(inside) > 100
    assert all(float(w.split('xMax="')[1].split('"')[0]) <= right + 0.5 for w in inside)


def test_seal_diameter_is_the_setting(export_set, tmp_path):
    from hbaccept_gui.exporters.settings import ExportSettings

    small = write_form_pdf(export_set.forms[0], tmp_path / "small.pdf", ExportSettings(seal_diameter_mm=40))
    large = write_form_pdf(export_set.forms[0], tmp_path / "large.pdf", ExportSettings(seal_diameter_mm=50))
    assert small.read_bytes() != large.read_bytes()


def test_report_paragraphs_flow_over_pages_with_alternating_page_numbers(export_set, tmp_path):
    report = export_set.reports[0]
    text = "2024年，我馆成立项目领导小组，制定实施方案，完成了9种10274筒子叶古籍的数字化工作。" * 6
    sections = tuple(ReportSectionLayout(s.heading, (text, "（一）加强组织领导。" + text, text))
                     for s in report.sections)
    path = write_report_pdf(dataclasses.replace(report, sections=sections), tmp_path / "report.pdf")
    output = text_of(path, "-layout")
    assert page_number(1) in output and page_number(2) in output
    flat = "".join(output.split())
    assert flat.count("10274筒子叶") == 3 * 3 * 6
