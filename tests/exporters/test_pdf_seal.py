"""The seal placeholder of the forms (issue #15, items 2 and 14): a dashed circle of the setting's
diameter, measured from the drawn path, centred on the unit's name; its outline crosses no printed
text but the 单位名称 line (not the title above, not the table below), and the 「（加盖公章）」 the line
prints is not said again by a grey 「盖章处」."""

from __future__ import annotations

import math

import pytest
from reportlab.lib.units import mm

from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.exporters.pdf import write_form_pdf
from hbaccept_gui.exporters.settings import ExportSettings


@pytest.fixture(scope="module")
def demo_forms(definition):
    return build_export_set(evaluate(definition, load_demo()[1])).forms


def _unit_line(lines, unit_field_text: str):
    return next(line for line in lines if "".join(c.text for c in line).startswith(unit_field_text[:5]))


def _touches(char, circle) -> bool:
    """Whether any part of the character's box lies inside the circle (or on its outline)."""
    nearest_x = min(max(circle.x, char.left), char.right)
    nearest_y = min(max(circle.y, char.bottom), char.top)
    return math.hypot(nearest_x - circle.x, nearest_y - circle.y) < circle.diameter / 2


@pytest.mark.parametrize("diameter", [40, 42, 45, 50])
def test_the_circle_has_the_diameter_of_the_setting(demo_forms, tmp_path, pdf_probe, diameter):
    path = write_form_pdf(demo_forms[0], tmp_path / "seal.pdf", ExportSettings(seal_diameter_mm=diameter))
    circles = pdf_probe.circles(path)
    assert len(circles) == 1
    assert circles[0].diameter == pytest.approx(diameter * mm, abs=0.2)


@pytest.mark.parametrize("source", ["demo", "large"])
def test_the_circle_crosses_no_text_but_the_unit_line(source, demo_forms, large_export_set, tmp_path, pdf_probe):
    forms = demo_forms if source == "demo" else large_export_set.forms
    for form in forms:
        path = write_form_pdf(form, tmp_path / f"{form.key}.pdf")
        (circle,) = pdf_probe.circles(path)
        sealed = next(f for f in form.header_fields if f.sealed)
        lines = pdf_probe.lines(pdf_probe.pages(path)[0])
        unit_line = _unit_line(lines, sealed.text)
        others = [c for line in lines if line is not unit_line for c in line]
        inside = "".join(c.text for c in others if _touches(c, circle))
        assert inside == "", f"{form.annex_label}: the seal covers 「{inside}」"
        # centred on the unit's name, which it covers
        name = [c for c in unit_line if c.text in sealed.value]
        assert name and min(c.left for c in name) < circle.x < max(c.right for c in name)
        assert all(_touches(c, circle) for c in name)


def test_no_grey_label_repeats_the_seal_note(demo_forms, tmp_path, pdf_probe):
    for form in demo_forms:
        path = write_form_pdf(form, tmp_path / f"{form.key}.pdf")
        text = "".join(c.text for c in pdf_probe.pages(path)[0])
        assert "（加盖公章）" in text and "盖章处" not in text
