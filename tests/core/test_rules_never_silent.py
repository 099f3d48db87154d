"""Three things the audit once let pass without a word (QA): an overrun of the budget that any text in
「其他说明」 silenced (P05), a detail table assigning quantities under a blank 下达任务量 (D08), and a
report still saying 「本年度本单位未承担…的任务指标。」 after that project's tables were filled (R04).
Each fires on the data it is about, stays silent otherwise, and works in the changed year too."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal

import pytest

from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.definition_loader import forms_root, load_definition_folder
from hbaccept_gui.core.document import Funding, TextSegment, Unparsed, new_contractor_row, new_document
from hbaccept_gui.core.draft import plan_draft
from hbaccept_gui.core.errors import DefinitionError
from hbaccept_gui.core.findings import ERROR, WARNING
from hbaccept_gui.core.numbers import Quantity
from hbaccept_gui.core.pipeline import load_demo

TODAY = date(2025, 6, 10)
CLOUD_REPORT = "关于2024年度公共文化云建设项目有关情况的报告"
CLOUD_RESULTS = f"{CLOUD_REPORT}「2.项目任务总体完成情况及取得的成效」"
NO_CLOUD_TASKS = "本年度本单位未承担公共文化云建设项目的任务指标。"
LIBRARY_EXECUTED = "附件5 年度资金总额 全国智慧图书馆体系建设项目「全年执行数（B）（万元）」"
DEMO_DISCLAIMER = "本示例中附件5的资金数和完成量、项目联系人、联系电话、子项目名称均为示例数据，仅供演示，请按本单位实际情况填写。"


def fired(definition, doc, rule: str):
    return [f for f in check_document(definition, doc, today=TODAY) if f.rule == rule]


def the_one(definition, doc, rule: str):
    found = fired(definition, doc, rule)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


def add_row(definition, doc, task_id: str, **values):
    table, _task = definition.task(task_id)
    row = new_contractor_row(table)
    row.values.update(contractor="河北省群众艺术馆", description="已完成。", **values)
    doc.rows(task_id).append(row)
    return row


def redraft(definition, doc) -> None:
    for edit in plan_draft(definition, doc, recompute(definition, doc), overwrite=True).edits:
        edit.apply(doc)


# ---------------------------------------------------------------- P05: an overrun with 其他说明 filled


def test_p05_names_the_overrun_the_demo_disclaimer_used_to_silence():
    definition, doc = load_demo()
    assert doc.other_notes == DEMO_DISCLAIMER  # a disclaimer, no reason for an overrun
    doc.funding["library"].executed = Decimal("25")
    finding = the_one(definition, doc, "P05")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("annex5", ("funding", "library"), "executed")
    assert finding.message == (f"{LIBRARY_EXECUTED}：全年执行数 25.00 万元 超过全年预算数 20.00 万元，"
                               "请确认「其他说明」写明了超出的原因")
    assert fired(definition, doc, "P01") == []  # a note is there: not an error


@pytest.mark.parametrize(("notes", "rule", "severity"), [
    ("", "P01", ERROR),
    ("  \n", "P01", ERROR),  # spaces are no note
    ("超支部分由地方财政资金补足。", "P05", WARNING),
    (DEMO_DISCLAIMER, "P05", WARNING),
])
def test_an_overrun_is_never_silent_and_named_once(notes, rule, severity):
    definition, doc = load_demo()
    doc.funding["library"].executed = Decimal("25")
    doc.other_notes = notes
    found = fired(definition, doc, "P01") + fired(definition, doc, "P05")
    assert [(f.rule, f.severity) for f in found] == [(rule, severity)]


@pytest.mark.parametrize("executed", ["20", "19.6"])
def test_p05_is_silent_within_the_budget(executed):
    definition, doc = load_demo()
    doc.funding["library"].executed = Decimal(executed)
    assert fired(definition, doc, "P05") == []


def test_p05_is_silent_when_a_or_b_is_missing():
    definition, doc = load_demo()
    doc.funding["cloud"] = Funding(None, Decimal("5"))
    assert fired(definition, doc, "P05") == []


# ---------------------------------------------------------------- D08: rows under a blank 下达任务量


def test_d08_fires_on_contractor_rows_under_a_blank_assigned_quantity():
    definition, doc = load_demo()
    add_row(definition, doc, "live_broadcasts", assigned=Decimal(3), completed=Decimal(3))
    assert doc.assigned["live_broadcasts"] is None
    finding = the_one(definition, doc, "D08")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("annex3", ("assigned",), "live_broadcasts")
    assert finding.message == ("附件3 下达任务量「全民艺术普及相关直录播数量（场）」：下达任务量未填写，"
                               "而附件4各承建单位年度承担任务指标量合计为 3 场：如有下达任务，请填写下达任务量")
    assert fired(definition, doc, "D01") == [] and fired(definition, doc, "D03") == []


def test_d08_fires_when_the_library_assignment_is_cleared():
    definition, doc = load_demo()
    doc.assigned["digital_resources"] = None
    finding = the_one(definition, doc, "D08")
    assert finding.ref == CellRef("annex1", ("assigned",), "digital_resources")
    assert "而附件2各承建单位年度承担任务指标量合计为 1 万筒子叶：" in finding.message


def test_d08_sums_every_row_and_names_an_alternative_unit():
    definition, doc = load_demo()
    add_row(definition, doc, "art_resources", assigned=Decimal(10))
    add_row(definition, doc, "art_resources", assigned=Decimal(5))
    add_row(definition, doc, "art_resources", assigned=Quantity(Decimal(2), "TB"))
    assert "合计为 15 小时、2 TB：" in the_one(definition, doc, "D08").message


def test_d08_fires_on_rows_counted_only_in_an_alternative_unit():
    definition, doc = load_demo()
    add_row(definition, doc, "art_resources", assigned=Quantity(Decimal(2), "TB"))
    assert "合计为 0 小时、2 TB：" in the_one(definition, doc, "D08").message


@pytest.mark.parametrize("assigned", [Decimal(3), Decimal(5), Decimal(0)])
def test_d08_leaves_a_filled_assigned_quantity_to_d01(assigned):
    definition, doc = load_demo()
    add_row(definition, doc, "live_broadcasts", assigned=Decimal(3), completed=Decimal(3))
    doc.assigned["live_broadcasts"] = assigned
    assert fired(definition, doc, "D08") == []


def test_d08_leaves_an_unreadable_assigned_quantity_to_n01():
    definition, doc = load_demo()
    add_row(definition, doc, "live_broadcasts", assigned=Decimal(3))
    doc.assigned["live_broadcasts"] = Unparsed("三场", "“三场”不是数字")
    assert fired(definition, doc, "D08") == []


def test_d08_is_silent_on_rows_without_quantities_and_on_no_rows():
    definition, doc = load_demo()
    assert fired(definition, doc, "D08") == []  # the demo: 附件3 and 附件4 empty
    add_row(definition, doc, "live_broadcasts")  # a contractor named, no quantity yet
    assert fired(definition, doc, "D08") == []


# ---------------------------------------------------------------- R04: 「未承担…的任务指标」 against filled tables


def test_r04_fires_when_the_drafted_no_tasks_sentence_meets_filled_tables():
    definition, doc = load_demo()
    assert NO_CLOUD_TASKS in doc.reports["cloud_report"]["results"][0].text  # as 生成初稿 wrote it
    add_row(definition, doc, "live_broadcasts", assigned=Decimal(3), completed=Decimal(3))
    doc.assigned["live_broadcasts"] = Decimal(3)
    finding = the_one(definition, doc, "R04")
    assert finding.severity == WARNING
    assert finding.ref == CellRef("cloud_report", (), "results")
    assert finding.message == (f"{CLOUD_RESULTS}：文中写“{NO_CLOUD_TASKS}”，而附件3、附件4中已填写了任务指标，"
                               "请改写或重新「生成初稿」")


def test_r04_names_only_the_tables_with_figures():
    definition, doc = load_demo()
    doc.assigned["live_broadcasts"] = Decimal(3)
    assert "而附件3中已填写了任务指标" in the_one(definition, doc, "R04").message
    definition, doc = load_demo()
    add_row(definition, doc, "mass_activities", assigned=Decimal(2))
    assert "而附件4中已填写了任务指标" in the_one(definition, doc, "R04").message


def test_r04_finds_the_sentence_anywhere_in_any_section_across_line_breaks():
    definition, doc = load_demo()
    doc.assigned["live_broadcasts"] = Decimal(3)
    doc.reports["cloud_report"]["results"] = [TextSegment("（一）取得的成效。良好。")]
    doc.reports["cloud_report"]["measures"] = [TextSegment("（一）加强组织领导。本年度本单位未承担公共文化云\n建设项目的任务指标")]
    assert the_one(definition, doc, "R04").ref == CellRef("cloud_report", (), "measures")


def test_r04_is_silent_once_the_report_is_drafted_again():
    definition, doc = load_demo()
    add_row(definition, doc, "live_broadcasts", subproject="云上直录播", assigned=Decimal(3), completed=Decimal(3))
    doc.assigned["live_broadcasts"] = Decimal(3)
    assert fired(definition, doc, "R04")
    redraft(definition, doc)
    assert fired(definition, doc, "R04") == []


@pytest.mark.parametrize("change", ["nothing", "zero_assigned", "cloud_funding", "library_sentence_only"])
def test_r04_is_silent_while_the_programme_has_no_task_figures(change):
    definition, doc = load_demo()
    if change == "zero_assigned":
        doc.assigned["live_broadcasts"] = Decimal(0)  # what a unit without the task writes
    elif change == "cloud_funding":
        doc.funding["cloud"] = Funding(Decimal(10), Decimal(9))  # 附件5 holds money, not tasks
    elif change == "library_sentence_only":  # the library report says the cloud sentence of no library task
        doc.reports["library_report"]["problems"] = [TextSegment(NO_CLOUD_TASKS)]
    assert fired(definition, doc, "R04") == []


def test_r04_is_silent_when_the_unit_does_not_take_part_in_the_programme():
    definition, doc = load_demo()
    doc.assigned["live_broadcasts"] = Decimal(3)
    doc.programmes = ["library"]
    assert fired(definition, doc, "R04") == []


def forms_with(tmp_path, name: str, old: str, new: str):
    """A copy of the 2024 forms in which `old`, found once in `name`, reads `new`."""
    folder = tmp_path / "2024"
    shutil.copytree(forms_root() / "2024", folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_r04_takes_the_sentence_from_the_definition(tmp_path):
    from hbaccept_gui.core.draft import nothing_assigned_sentence  # what R04 looks for

    folder = forms_with(tmp_path, "reports.toml", 'nothing_assigned = "本年度本单位未承担{项目}的任务指标。"',
                        'nothing_assigned = "今年没有{项目}的任务。"')
    definition = load_definition_folder(folder)
    assert nothing_assigned_sentence(definition, "cloud") == "今年没有公共文化云建设项目的任务。"
    _definition, doc = load_demo()  # its cloud report holds the old wording
    doc.assigned["live_broadcasts"] = Decimal(3)
    assert fired(definition, doc, "R04") == []
    redraft(definition, new := new_document(definition))
    new.assigned["live_broadcasts"] = Decimal(3)
    assert "文中写“今年没有公共文化云建设项目的任务。”" in the_one(definition, new, "R04").message


# ---------------------------------------------------------------- the rules as data


def test_p01_and_p05_share_one_check_told_apart_by_a_parameter(definition):
    rules = {r.id: r for r in definition.rules}
    assert rules["P01"].check == rules["P05"].check == "executed_over_budget"
    assert (rules["P01"].severity, rules["P01"].params) == (ERROR, {"note": "blank"})
    assert (rules["P05"].severity, rules["P05"].params) == (WARNING, {"note": "filled"})
    assert (rules["D08"].severity, rules["R04"].severity) == (WARNING, WARNING)


def test_the_loader_refuses_p05_without_its_note_parameter(tmp_path):
    folder = forms_with(tmp_path, "rules.toml", 'params = { note = "filled" }\n', "")
    with pytest.raises(DefinitionError) as refused:
        load_definition_folder(folder)
    assert "rule P05: check executed_over_budget needs params ['note']" in str(refused.value)


def test_the_new_rules_are_silent_on_the_demo(definition, demo):
    assert [f for f in check_document(definition, demo, today=TODAY) if f.rule in ("D08", "P05", "R04")] == []


# ---------------------------------------------------------------- the changed year


def test_the_new_rules_fire_in_the_changed_year(with_2025, unit_doc):
    definition = with_2025
    doc = new_document(definition)
    redraft(definition, doc)  # both reports: 「本年度本单位未承担…的任务指标。」
    add_row(definition, doc, "audio_books", assigned=Decimal(3))  # the new indicator, 下达任务量 blank
    add_row(definition, doc, "live_broadcasts", assigned=Decimal(4))
    doc.assigned["live_broadcasts"] = Decimal(4)
    doc.funding["library"] = Funding(Decimal(20), Decimal(25))
    doc.other_notes = "超支部分由地方财政资金补足。"

    d08 = the_one(definition, doc, "D08")
    assert d08.ref == CellRef("lib_targets", ("assigned",), "audio_books")
    assert "附件1 下达任务量「有声资源建设时长（小时）」：下达任务量未填写，而附件2各承建单位年度承担任务指标量合计为 3 小时" \
        in d08.message.replace("\n", "")
    p05 = the_one(definition, doc, "P05")
    assert p05.ref == CellRef("self_assessment", ("funding", "library"), "executed")
    assert fired(definition, doc, "P01") == []
    r04 = {f.ref: f.message for f in fired(definition, doc, "R04")}
    assert set(r04) == {CellRef("library_report", (), "results"), CellRef("cloud_report", (), "results")}
    assert "关于2025年度公共文化云建设项目有关情况的报告" in r04[CellRef("cloud_report", (), "results")]
    assert "而附件3、附件4中已填写了任务指标" in r04[CellRef("cloud_report", (), "results")]
    assert "而附件2中已填写了任务指标" in r04[CellRef("library_report", (), "results")]


def test_the_new_rules_are_silent_on_a_good_unit_of_the_changed_year(with_2025, unit_doc):
    doc = unit_doc(3, of=with_2025)
    redraft(with_2025, doc)
    assert [f for f in check_document(with_2025, doc, today=TODAY) if f.rule in ("D08", "P05", "R04")] == []
