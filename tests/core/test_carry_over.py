"""#18 item 4: 从上一年度文件新建 / `hbaccept carry`, from the 2024 demo to the changed-year fixture:
what stays true comes over, figures do not, nothing is dropped silently, old years are pointed at."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from hbaccept_gui.core.carry_over import carry_over
from hbaccept_gui.core.definition_loader import load_definition
from hbaccept_gui.core.document import ContractorRow, FieldSegment, TextSegment
from hbaccept_gui.core.pipeline import evaluate, load_demo
from hbaccept_gui.core.storage import load_document, save_document

MEASURES = "2024年，我馆成立了项目工作专班，明确分工。"


def old_document():
    """The demo with a contractor of a task 2025 no longer has, and a measures section naming 2024
    with a bound figure in it."""
    definition, doc = load_demo()
    doc.details["market_zones_fair"] = [ContractorRow({"contractor": "某文创公司", "subproject": "文采会专区",
                                                       "url": "https://example.invalid/fair", "assigned": Decimal(1),
                                                       "description": "已完成文采会专区", "completed": Decimal(1)})]
    doc.reports["library_report"]["measures"] = [TextSegment(MEASURES + "完成"),
                                                 FieldSegment("annex1.completed.digital_resources"),
                                                 TextSegment("。")]
    return definition, doc


def test_what_stays_true_comes_over_and_figures_do_not(with_2025):
    old_definition, old = old_document()
    new = carry_over(old_definition, old, with_2025).document
    assert new.definition_id == "hebei-2025"
    assert new.header["unit_name"] == "保定市图书馆" and new.header["phone"] == old.header["phone"]
    assert new.header.get("date") is None
    assert new.programmes == old.programmes
    [row] = new.rows("digital_resources")
    assert row.values["contractor"] == "保定市图书馆"
    assert row.values["subproject"] == old.rows("digital_resources")[0].values["subproject"]
    assert row.values["assigned"] is None and row.values["description"] == "" and row.items == []
    assert all(value is None for value in new.assigned.values())
    assert not any(entry.done for entry in new.checklist.values())


def test_report_wording_not_about_figures_comes_over_with_its_figures_as_plain_text(with_2025):
    old_definition, old = old_document()
    new = carry_over(old_definition, old, with_2025).document
    assert new.reports["library_report"]["measures"] == [TextSegment(MEASURES + "完成1.0274万筒子叶。")]
    assert new.reports["library_report"]["results"] == []  # this year's figures: not carried
    assert new.reports["cloud_report"]["problems"] == old.reports["cloud_report"]["problems"]


def test_rows_the_new_year_lacks_are_listed_and_old_years_pointed_at(with_2025):
    old_definition, old = old_document()
    carried = carry_over(old_definition, old, with_2025)
    assert carried.left_behind == ["附件4“赶大集专区建设（文采会部分）”的1个承建单位：2025年度表格中已没有这一任务"]
    assert "关于2025年度全国智慧图书馆体系建设项目有关情况的报告“组织推进项目建设的具体措施”" in carried.old_year_texts


def test_the_carried_document_evaluates_and_saves_in_the_new_year(with_2025, tmp_path):
    old_definition, old = old_document()
    new = carry_over(old_definition, old, with_2025).document
    evaluate(with_2025, new)
    save_document(new, tmp_path / "2025.hbaccept")
    definition, reopened = load_document(tmp_path / "2025.hbaccept")
    assert definition.year == 2025 and reopened.rows("digital_resources")[0].values["contractor"] == "保定市图书馆"


def test_the_command_line_carries_a_file_to_an_installed_year(tmp_path):
    """`hbaccept carry FILE --year 2024 --out NEW` (only 2024 is shipped: carry to itself) and the
    refusal of a year that is not installed."""
    demo = tmp_path / "demo.hbaccept"
    run = [sys.executable, "-m", "hbaccept_gui"]
    subprocess.run(run + ["demo", "--out", str(demo)], check=True, capture_output=True)
    out = tmp_path / "next.hbaccept"
    done = subprocess.run(run + ["carry", str(demo), "--year", "2024", "--out", str(out)], capture_output=True,
                          text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert "已从" in done.stdout and out.is_file()
    definition, document = load_document(out)
    assert definition.id == load_definition("hebei-2024").id and document.header["unit_name"] == "保定市图书馆"
    refused = subprocess.run(run + ["carry", str(demo), "--year", "2031", "--out", str(tmp_path / "x.hbaccept")],
                             capture_output=True, text=True, encoding="utf-8")
    assert refused.returncode == 2 and "2031" in refused.stderr and "Traceback" not in refused.stderr


def test_audit_keeps_pointing_at_carried_text_that_names_the_old_year(with_2025):
    """Rule Y01 (提示): until the clerk rewrites 「2024年，…」 in the carried 2025 document."""
    old_definition, old = old_document()
    new = carry_over(old_definition, old, with_2025).document
    hits = [f for f in evaluate(with_2025, new).findings if f.rule == "Y01"]
    assert [f.severity for f in hits] == ["warning"]
    assert "组织推进项目建设的具体措施" in hits[0].message and "“2024年”" in hits[0].message
    new.reports["library_report"]["measures"] = [TextSegment("2025年，我馆成立了项目工作专班。")]
    assert not [f for f in evaluate(with_2025, new).findings if f.rule == "Y01"]
