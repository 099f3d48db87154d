"""A unit name too long for its line even at the smallest field size (MIN_FIELD_PT, about 55 characters
on a portrait line) wraps on the PDF forms instead of running off the paper: broken between characters
as every paragraph of the PDF is, the label on the first line, no character stranded on the last, and
the seal circle centred on the name's block of lines, crossing no other text, inside its flowable.
Names that fit print as before (one line; the demo's PDFs are byte for byte the same)."""

from __future__ import annotations

import math

import pytest
from reportlab.lib.pagesizes import A4, landscape

from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters import fonts, pdf
from hbaccept_gui.exporters._reportlab_cjk import NO_LINE_END, NO_LINE_START
from hbaccept_gui.exporters.layout import PrintedField, build_export_set
from hbaccept_gui.exporters.settings import ExportSettings

#: 68 characters with its label and seal note: 544 pt at 8 pt, the portrait line is 487 pt.
JOINT_BODY = "河北省某某市某某县文化广电和旅游局（某某县图书馆、某某县文化馆、某某县博物馆、某某县非物质文化遗产保护中心）联合体"
#: Long enough to wrap on the landscape forms too (three lines and more on a portrait line).
VERY_LONG = "保定市玊" + "图书馆古籍保护中心" * 30
SEAL_NOTE = "（加盖公章）"
PORTRAIT_WIDTH = A4[0] - pdf.FORM_MARGINS[1] - pdf.FORM_MARGINS[3]


def _forms(definition, name: str):
    _definition, document = load_demo()
    document.header["unit_name"] = name
    return build_export_set(evaluate(definition, document)).forms


@pytest.fixture(scope="module", params=[JOINT_BODY, VERY_LONG, VERY_LONG * 3],
                ids=["68-characters", "274-characters", "taller-than-the-seal"])
def printed(request, definition, tmp_path_factory, pdf_probe):
    """{annex label: (form, path, page-1 characters, circle)} of 附件1 (portrait, 单位名称),
    附件2 (landscape) and 附件5 (portrait, 单位) with the long name."""
    folder = tmp_path_factory.mktemp("long-unit")
    out = {}
    for form in _forms(definition, request.param):
        if form.annex_label in ("附件1", "附件2", "附件5"):
            path = pdf.write_form_pdf(form, folder / f"{form.key}.pdf")
            out[form.annex_label] = form, path, pdf_probe.pages(path)[0], pdf_probe.circles(path)
    return request.param, out


def _sealed(form) -> PrintedField:
    return next(f for f in form.header_fields if f.sealed)


def _name_block(lines, field: PrintedField):
    """The printed lines of the sealed field: from the one starting with its label to the one
    with its seal note (on one line, the date follows)."""
    texts = ["".join(c.text for c in line) for line in lines]
    first = next(n for n, t in enumerate(texts) if t.startswith(f"{field.label}："))
    last = next(n for n in range(first, len(texts)) if field.seal_note in texts[n])
    return lines[first:last + 1]


def _name_chars(block, field: PrintedField):
    """The characters of the unit's name in its block: without the label and the seal note."""
    chars = [c for line in block for c in line]
    return chars[len(f"{field.label}："):len(chars) - len(field.seal_note)]


def _touches(char, circle) -> bool:
    nearest_x = min(max(circle.x, char.left), char.right)
    nearest_y = min(max(circle.y, char.bottom), char.top)
    return math.hypot(nearest_x - circle.x, nearest_y - circle.y) < circle.diameter / 2


@pytest.mark.parametrize("annex", ["附件1", "附件2", "附件5"])
def test_no_character_runs_past_the_margins(printed, annex):
    _name, forms = printed
    form, _path, chars, _circles = forms[annex]
    width, height = landscape(A4) if form.landscape else A4
    _top, right, _bottom, left = pdf.LANDSCAPE_FORM_MARGINS if form.landscape else pdf.FORM_MARGINS
    outside = "".join(c.text for c in chars if c.left < left - 1 or c.right > width - right + 1
                      or c.bottom < 0 or c.top > height)
    assert outside == "", f"{annex}: 「{outside}」 outside the margins"


@pytest.mark.parametrize("annex", ["附件1", "附件2", "附件5"])
def test_the_whole_name_is_printed_in_order_at_a_readable_size(printed, annex, pdf_probe):
    name, forms = printed
    form, _path, chars, _circles = forms[annex]
    field = _sealed(form)
    assert field.text in "".join(c.text for c in chars)
    block = _name_block(pdf_probe.lines(chars), field)
    assert "".join(c.text for line in block for c in line) == field.text
    assert min(c.size for line in block for c in line) >= pdf.MIN_FIELD_PT - 0.01
    if name != JOINT_BODY or not form.landscape:
        assert len(block) >= 2, f"{annex}: the name should wrap"


@pytest.mark.parametrize("annex", ["附件1", "附件2", "附件5"])
def test_the_wrapped_name_keeps_its_label_first_and_strands_nothing_on_its_last_line(printed, annex, pdf_probe):
    _name, forms = printed
    form, _path, chars, _circles = forms[annex]
    field = _sealed(form)
    block = ["".join(c.text for c in line) for line in _name_block(pdf_probe.lines(chars), field)]
    assert block[0].startswith(f"{field.label}：") and len(block[0]) > len(field.label) + 1
    last = block[-1]
    assert last.endswith(SEAL_NOTE)
    assert len([c for c in last[:-len(SEAL_NOTE)] if c not in NO_LINE_START + NO_LINE_END]) >= 2, last
    assert not any(line[0] in NO_LINE_START for line in block[1:])
    assert not any(line[-1] in NO_LINE_END for line in block[:-1])


@pytest.mark.parametrize("annex", ["附件1", "附件2", "附件5"])
def test_the_seal_is_centred_on_the_name_block_and_crosses_no_other_text(printed, annex, pdf_probe):
    _name, forms = printed
    form, _path, chars, circles = forms[annex]
    assert len(circles) == 1
    (circle,) = circles
    field = _sealed(form)
    lines = pdf_probe.lines(chars)
    block = _name_block(lines, field)
    name = _name_chars(block, field)
    left, right = min(c.left for c in name), max(c.right for c in name)
    bottom, top = min(c.bottom for c in name), max(c.top for c in name)
    assert left < circle.x < right and bottom < circle.y < top
    assert circle.x == pytest.approx((left + right) / 2, abs=circle.diameter / 2)
    assert circle.y == pytest.approx((bottom + top) / 2, abs=2)
    others = [c for line in lines if not any(line is b for b in block) for c in line]
    inside = "".join(c.text for c in others if _touches(c, circle))
    assert inside == "", f"{annex}: the seal covers 「{inside}」"


def _field_line(name: str, label: str = "单位名称", note: str = SEAL_NOTE, width: float = PORTRAIT_WIDTH):
    line = pdf.FieldLine((PrintedField("unit_name", label, name, seal_note=note),
                          PrintedField("fill_date", "日期", "2025年06月05日")), 12, ExportSettings())
    line.wrap(width, 1e9)
    return line


@pytest.mark.parametrize("extra", range(0, 90, 7))
def test_a_wrapped_field_breaks_as_the_paragraphs_do_and_loses_nothing(extra):
    name = JOINT_BODY + "甲乙丙丁戊己庚辛壬癸（子丑）、" * (extra // 7) + "联合体"[:extra % 3]
    line = _field_line(name)
    lines = line.lines[0]
    assert line.size == pdf.MIN_FIELD_PT and len(lines) >= 2
    assert "".join(lines) == line.texts[0]
    for k, text in enumerate(lines):
        assert line._x(0, k) + fonts.string_width(text, "body", line.size) <= PORTRAIT_WIDTH + 0.01
    assert lines[0].startswith("单位名称：")
    assert lines[-1].endswith(SEAL_NOTE) and len(lines[-1]) >= len(SEAL_NOTE) + 2
    assert not any(text[0] in NO_LINE_START for text in lines[1:])
    assert not any(text[-1] in NO_LINE_END for text in lines[:-1])


def test_a_long_label_stays_on_the_first_line_and_no_lone_character_ends_the_field():
    label = "填报单位（加盖公章）"
    for extra in range(0, 60):
        line = _field_line(JOINT_BODY + "馆" * extra, label=label, note="")
        first, last = line.lines[0][0], line.lines[0][-1]
        assert first.startswith(f"{label}：") and len(first) > len(label) + 1
        assert len([c for c in last if c not in NO_LINE_START + NO_LINE_END]) >= 2, (extra, last)
        assert "".join(line.lines[0]) == line.texts[0]


@pytest.mark.parametrize("name", [JOINT_BODY, VERY_LONG, VERY_LONG * 3])
def test_the_flowable_makes_room_for_the_circle_and_the_date_goes_below_it(name):
    line = _field_line(name)
    x, y = line._seal_centre()
    assert y - line.radius >= 0 and y + line.radius <= line.height
    assert line.radius <= x <= line.width - line.radius
    date_top = line._line_baseline(1, 0) + line.size
    assert date_top <= y - line.radius
    assert date_top <= line._line_baseline(0, len(line.lines[0]) - 1) - 0.2 * line.size  # under the name too
    assert line._line_baseline(1, 0) >= 0
    for k in range(len(line.lines[0])):
        assert 0 <= line._line_baseline(0, k) and line._line_baseline(0, k) + line.size <= line.height


@pytest.mark.parametrize("name", ["保定市图书馆", "",
                                  "河北省石家庄市井陉矿区文化广电和旅游局所属公共图书馆暨文化馆总分馆制建设联合体"])
def test_a_name_that_fits_stays_on_one_line(name, definition, tmp_path, pdf_probe):
    """Up to about 55 characters the field shrinks (not below MIN_FIELD_PT) and keeps to one line."""
    form = _forms(definition, name)[0]
    path = pdf.write_form_pdf(form, tmp_path / "fits.pdf")
    field = _sealed(form)
    block = _name_block(pdf_probe.lines(pdf_probe.pages(path)[0]), field)
    assert len(block) == 1 and "".join(c.text for c in block[0]).startswith("".join(field.text.split()))
