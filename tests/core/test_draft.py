"""生成初稿: the first draft of each summary report, written from the tables with bound figures,
the outline of reports.toml for the other sections, and the clerk's own text left alone."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from decimal import Decimal

import pytest

from hbaccept_gui.cli import main
from hbaccept_gui.core.calc import recompute
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.draft import DRAFT_LABEL, draft_report, fill, plan_draft
from hbaccept_gui.core.document import (
    FieldSegment,
    ItemRow,
    TextSegment,
    Unparsed,
    new_contractor_row,
    segments_text,
)
from hbaccept_gui.core.pipeline import demo_path, load_demo
from hbaccept_gui.core.report_text import chinese_numeral, render_segments
from hbaccept_gui.core.storage import load_document
from hbaccept_gui.resources import resource_path

BOUND_KEYS = {
    "annex1.assigned.digital_resources",
    "annex1.completed.digital_resources",
    "annex1.rate.digital_resources",
    "annex2.digital_resources.items",
    "annex2.digital_resources.count",
    "annex2.digital_resources.works",
}
CLERK_TEXT = "（一）加强组织领导。馆长任组长，成立了古籍数字化工作专班。"


# ---------------------------------------------------------------- helpers


def drafted(definition, doc, report_id: str) -> dict:
    """Section id → drafted segments of one report."""
    return draft_report(definition, doc, recompute(definition, doc), definition.report(report_id))


def rendered(definition, doc, report_id: str, section_id: str = "results") -> str:
    results = recompute(definition, doc)
    return render_segments(results, drafted(definition, doc, report_id)[section_id])


def field_keys(segments) -> list[str]:
    return [s.key for s in segments if isinstance(s, FieldSegment)]


def outline_of_reports_toml() -> dict[tuple[str, str], list[str]]:
    """(report id, section id) → the 「heading + prompt」 lines, read straight from reports.toml."""
    with resource_path("forms", "2024", "reports.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {(report["id"], section["id"]): [o["heading"] + o["prompt"] for o in section["outline"]]
            for report in data["reports"] for section in report["sections"] if "outline" in section}


def empty_reports(definition, doc) -> None:
    for report in definition.reports:
        for section in report.sections:
            doc.reports[report.id][section.id] = []


def apply(plan, doc) -> None:
    for edit in plan.edits:
        edit.apply(doc)


# ---------------------------------------------------------------- what the draft says


def test_the_results_draft_states_the_figures_of_the_tables(definition, demo):
    text = rendered(definition, demo, "library_report")
    assert "10274" in text and "102.74%" in text
    assert "（一）基础数字资源项目建设数量。下达任务量1万筒子叶，实际完成1.0274万筒子叶，完成率102.74%。" in text
    assert "共完成9种古籍、10274叶的数字化" in text


def test_the_results_draft_names_the_contractor_and_the_works(definition, demo):
    text = rendered(definition, demo, "library_report")
    assert "基础数字资源项目由保定市图书馆（保定市图书馆馆藏古籍数字化〔示例〕）承建。" in text
    assert "《海琼玊蟾先生文集》497叶" in text
    for item in demo.rows("digital_resources")[0].items:
        assert f"{item.title}{item.count}叶" in text
    assert text.endswith("（二）取得的成效。【请填写：项目建成后的服务情况、社会效益和典型经验】")


def test_the_results_draft_binds_the_figures_instead_of_typing_them(definition, demo):
    segments = drafted(definition, demo, "library_report")["results"]
    assert set(field_keys(segments)) == BOUND_KEYS
    typed = segments_text(segments)
    assert "10274" not in typed and "102.74" not in typed and "1.0274" not in typed
    assert "《" not in typed and "497叶" not in typed  # the works list is bound too (#20 item 5)


def test_the_cloud_report_says_no_cloud_task_was_assigned(definition, demo):
    segments = drafted(definition, demo, "cloud_report")["results"]
    assert field_keys(segments) == []
    assert render_segments(recompute(definition, demo), segments).split("\n") == [
        "本年度本单位未承担公共文化云建设项目的任务指标。",
        "（一）取得的成效。【请填写：项目建成后的服务情况、社会效益和典型经验】",
    ]


@pytest.mark.parametrize("report_id", ["library_report", "cloud_report"])
@pytest.mark.parametrize("section_id", ["measures", "problems"])
def test_sections_1_and_3_carry_the_outline_of_reports_toml(definition, demo, report_id, section_id):
    lines = rendered(definition, demo, report_id, section_id).split("\n")
    assert lines == outline_of_reports_toml()[(report_id, section_id)]
    assert lines[0].startswith("（一）") and lines[0].endswith("】")


def test_the_outline_headings_are_those_of_the_notice(definition, demo):
    assert rendered(definition, demo, "library_report", "measures").split("\n") == [
        "（一）加强组织领导。【请填写：成立工作专班、明确责任分工、制定实施方案等情况】",
        "（二）规范项目管理。【请填写：承建单位确定、项目实施、质量把控、验收组织等情况】",
        "（三）强化资金保障。【请填写：中央转移支付资金使用、地方资金配套和资金监管等情况】",
    ]
    assert rendered(definition, demo, "cloud_report", "problems").split("\n") == [
        "（一）存在的困难。【请填写：项目实施中遇到的困难和问题】",
        "（二）意见建议。【请填写：对今后项目建设的意见和建议】",
    ]


def test_the_draft_depends_only_on_the_tables(definition, demo):
    before = {r.id: drafted(definition, demo, r.id) for r in definition.reports}
    empty_reports(definition, demo)
    demo.reports["library_report"]["measures"] = [TextSegment(CLERK_TEXT)]
    assert {r.id: drafted(definition, demo, r.id) for r in definition.reports} == before


def test_a_work_without_a_count_is_listed_by_title_and_a_blank_one_is_left_out(definition, demo):
    items = demo.rows("digital_resources")[0].items
    items += [ItemRow("《新刊古籍》", None), ItemRow("", None)]
    text = rendered(definition, demo, "library_report")
    assert "《畿辅七名家诗钞》796叶、《新刊古籍》。" in text


def test_a_contractor_without_a_name_is_called_by_its_placeholder(definition, demo):
    table, _task = definition.task("live_broadcasts")
    row = new_contractor_row(table)
    row.values.update(subproject="云上直录播", assigned=Decimal(3), completed=Decimal(3))
    demo.rows("live_broadcasts").append(row)
    demo.assigned["live_broadcasts"] = Decimal(3)
    text = rendered(definition, demo, "cloud_report")
    assert "（一）全民艺术普及相关直录播数量。下达任务量3场，实际完成3场，完成率100.00%。" in text
    assert "全民艺术普及相关直录播由承建单位1（云上直录播）承建。" in text
    assert "未承担" not in text
    assert "（二）取得的成效。" in text


def test_an_assigned_task_without_contractors_says_so(definition, demo):
    demo.assigned["support_platform"] = Decimal(1)
    text = rendered(definition, demo, "library_report")
    assert "（二）基础支撑平台项目建设数量。下达任务量1个，实际完成0个，完成率0.00%。" in text
    assert "基础支撑平台项目尚未填写承建单位。" in text
    assert "（三）取得的成效。" in text


# ---------------------------------------------------------------- numbering


def test_thirteen_headings_are_numbered_up_to_shisan(definition, demo):
    annex3 = definition.table("annex3")
    assert len(annex3.indicators) == 12
    for indicator in annex3.indicators:
        demo.assigned[indicator.id] = Decimal(1)
    lines = rendered(definition, demo, "cloud_report").split("\n")
    headings = [line for line in lines if line.startswith("（")]
    numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"]
    assert [re.match(r"（(.+?)）", h).group(1) for h in headings] == numerals
    for number, indicator in enumerate(annex3.indicators):
        assert headings[number].startswith(f"（{numerals[number]}）{indicator.name}。")
    assert headings[-1] == "（十三）取得的成效。【请填写：项目建成后的服务情况、社会效益和典型经验】"
    assert "（十一）新媒体宣传与服务推广活动场次。" in headings[10]


@pytest.mark.parametrize(("n", "numeral"), [
    (1, "一"), (2, "二"), (9, "九"), (10, "十"), (11, "十一"), (13, "十三"), (19, "十九"), (20, "二十"),
    (21, "二十一"), (30, "三十"), (99, "九十九"),
])
def test_chinese_numeral(n, numeral):
    assert chinese_numeral(n) == numeral


@pytest.mark.parametrize("n", [0, 100, -1, 101])
def test_chinese_numeral_refuses_what_a_heading_cannot_count(n):
    with pytest.raises(ValueError):
        chinese_numeral(n)


def test_fill_binds_fields_and_writes_texts():
    segments = fill("{序号}{指标}。下达任务量{下达}。", {"下达": "annex1.assigned.digital_resources"},
                    {"序号": "（一）", "指标": "基础数字资源项目建设数量"})
    assert segments == [TextSegment("（一）"), TextSegment("基础数字资源项目建设数量"), TextSegment("。下达任务量"),
                        FieldSegment("annex1.assigned.digital_resources"), TextSegment("。")]


# ---------------------------------------------------------------- plan_draft


def test_plan_on_the_drafted_demo_changes_nothing(definition, demo):
    plan = plan_draft(definition, demo, recompute(definition, demo))
    assert plan.edits == [] and plan.kept == []
    plan = plan_draft(definition, demo, recompute(definition, demo), overwrite=True)
    assert plan.edits == []


def test_plan_fills_empty_sections_and_is_then_done(definition, demo):
    expected = {r.id: drafted(definition, demo, r.id) for r in definition.reports}
    empty_reports(definition, demo)
    plan = plan_draft(definition, demo, recompute(definition, demo))
    assert plan.kept == []
    assert [(e.ref.table, e.ref.column) for e in plan.edits] == [
        (r.id, s.id) for r in definition.reports for s in r.sections]
    assert all(e.label == DRAFT_LABEL and e.old == [] for e in plan.edits)
    apply(plan, demo)
    assert demo.reports == expected
    again = plan_draft(definition, demo, recompute(definition, demo))
    assert again.edits == [] and again.kept == []


def test_plan_keeps_the_clerks_text_unless_asked_to_overwrite(definition, demo):
    demo.reports["library_report"]["measures"] = [TextSegment(CLERK_TEXT)]
    demo.reports["cloud_report"]["problems"] = []
    ref = CellRef("library_report", (), "measures")

    plan = plan_draft(definition, demo, recompute(definition, demo))
    assert plan.kept == [ref]
    assert [e.ref for e in plan.edits] == [CellRef("cloud_report", (), "problems")]
    apply(plan, demo)
    assert demo.reports["library_report"]["measures"] == [TextSegment(CLERK_TEXT)]

    plan = plan_draft(definition, demo, recompute(definition, demo), overwrite=True)
    assert plan.kept == []
    [edit] = plan.edits
    assert edit.ref == ref and edit.old == [TextSegment(CLERK_TEXT)]
    assert edit.new == drafted(definition, demo, "library_report")["measures"]
    edit.revert(demo)
    assert demo.reports["library_report"]["measures"] == [TextSegment(CLERK_TEXT)]


def test_a_section_holding_only_a_bound_figure_counts_as_written(definition, demo):
    demo.reports["library_report"]["results"] = [FieldSegment("annex1.rate.digital_resources")]
    plan = plan_draft(definition, demo, recompute(definition, demo))
    assert plan.kept == [CellRef("library_report", (), "results")] and plan.edits == []


# ---------------------------------------------------------------- bound figures follow the tables


def test_changing_a_leaf_count_changes_the_bound_figures_without_redrafting(definition, demo):
    section = demo.reports["library_report"]["results"]  # as shipped, drafted
    assert "10274叶" in render_segments(recompute(definition, demo), section)
    work = demo.rows("digital_resources")[0].items[3]
    assert (work.title, work.count) == ("《海琼玊蟾先生文集》", Decimal(497))
    work.count = Decimal(500)
    text = render_segments(recompute(definition, demo), demo.reports["library_report"]["results"])
    assert demo.reports["library_report"]["results"] == section  # nothing re-drafted
    assert "共完成9种古籍、10277叶的数字化" in text
    assert "实际完成1.0277万筒子叶，完成率102.77%" in text
    assert "10274" not in text
    assert "《海琼玊蟾先生文集》500叶" in text and "497叶" not in text  # the bound list too (#20 item 5)


def test_the_bound_list_follows_added_removed_and_emptied_works(definition, demo):
    section = demo.reports["library_report"]["results"]  # as shipped, drafted
    row = demo.rows("digital_resources")[0]
    second = new_contractor_row(definition.task("digital_resources")[0])
    second.items = [ItemRow("《新刊古籍》", Decimal(12))]
    demo.rows("digital_resources").append(second)
    text = render_segments(recompute(definition, demo), section)
    assert "《畿辅七名家诗钞》796叶、《新刊古籍》12叶。" in text and "共完成10种古籍、10286叶" in text
    del row.items[1:]
    demo.rows("digital_resources").pop()
    assert "包括：《续吴先贤讃》317叶。" in render_segments(recompute(definition, demo), section)
    row.items.clear()
    assert "包括：（清单未填写）。" in render_segments(recompute(definition, demo), section)


# ---------------------------------------------------------------- hbaccept draft


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_copy(tmp_path):
    path = tmp_path / "保定.hbaccept"
    shutil.copyfile(demo_path(), path)
    return path


def edit_file(path, change) -> bytes:
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw["document"]["reports"])
    data = json.dumps(raw, ensure_ascii=False, indent=1).encode("utf-8")
    path.write_bytes(data)
    return data


def clerk_and_empty(reports) -> None:
    reports["library_report"]["measures"] = [{"text": CLERK_TEXT}]
    reports["cloud_report"]["problems"] = []


def test_cli_draft_fills_the_empty_section_and_keeps_written_ones(demo_copy, capsys):
    before = edit_file(demo_copy, clerk_and_empty)
    code, out, _err = run(capsys, "draft", str(demo_copy))
    assert code == 0
    assert "已写初稿：关于2024年度公共文化云建设项目有关情况的报告「3.项目建设存在的困难以及意见建议」" in out
    assert "已保留（已有内容）：关于2024年度全国智慧图书馆体系建设项目有关情况的报告「1.组织推进项目建设的具体措施」" in out
    assert "--force" in out
    definition, doc = load_document(demo_copy)
    assert doc.reports["library_report"]["measures"] == [TextSegment(CLERK_TEXT)]
    assert doc.reports["cloud_report"]["problems"] == drafted(definition, doc, "cloud_report")["problems"]
    assert demo_copy.with_name(demo_copy.name + ".bak").read_bytes() == before


def test_cli_draft_force_overwrites_written_text(demo_copy, capsys):
    edit_file(demo_copy, clerk_and_empty)
    code, out, _err = run(capsys, "draft", str(demo_copy), "--force")
    assert code == 0 and "已保留" not in out
    assert out.count("已写初稿：") == 2
    definition, doc = load_document(demo_copy)
    assert doc.reports["library_report"]["measures"] == drafted(definition, doc, "library_report")["measures"]
    assert CLERK_TEXT not in demo_copy.read_text(encoding="utf-8")
    assert CLERK_TEXT in demo_copy.with_name(demo_copy.name + ".bak").read_text(encoding="utf-8")


def test_cli_draft_on_the_drafted_demo_leaves_the_file_alone(demo_copy, capsys):
    before = demo_copy.read_bytes()
    code, out, _err = run(capsys, "draft", str(demo_copy))
    assert code == 0 and "初稿与现有内容相同，文件未改动。" in out
    assert demo_copy.read_bytes() == before
    assert not demo_copy.with_name(demo_copy.name + ".bak").exists()


@pytest.mark.parametrize("content", [None, b"", b"{not json"])
def test_cli_draft_on_an_unreadable_file_exits_2_in_chinese(tmp_path, capsys, content):
    path = tmp_path / "坏.hbaccept"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "draft", str(path))
    assert code == 2
    assert err.startswith("错误：") and re.search(r"[\u4e00-\u9fff]", err[3:])
    assert "Traceback" not in err and out == ""
    if content is not None:
        assert path.read_bytes() == content


def test_a_count_that_could_not_be_read_does_not_stop_the_draft():
    definition, doc = load_demo()
    doc.details["digital_resources"][0].items[3].count = Unparsed("四百九十七", "请改用阿拉伯数字填写")
    results = recompute(definition, doc)
    drafted = draft_report(definition, doc, results, definition.report("library_report"))
    text = render_segments(results, drafted["results"])
    assert "《海琼玊蟾先生文集》、" in text and "9777叶" in text
