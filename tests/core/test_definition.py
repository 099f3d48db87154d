"""The 2024 definition holds every table of the notice, with its labels verbatim."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hbaccept_gui.core.definition import DetailTable, IndicatorTable, PerformanceTable, one_line
from hbaccept_gui.core.definition_loader import available_definitions, latest_definition, load_definition_folder
from hbaccept_gui.core.errors import DefinitionError

NOTE = "注：下达任务指标中无相关指标任务量的表格，可不用填写。"


def test_the_2024_notice_is_shipped_and_is_the_latest(definition):
    assert "hebei-2024" in available_definitions()
    assert latest_definition().id == "hebei-2024"
    assert definition.year == 2024
    assert definition.mailbox == "whtswc@163.com"
    assert definition.note == NOTE


def test_the_five_annexes_in_order_with_their_titles(definition):
    assert [(t.number, t.title) for t in definition.tables] == [
        (1, "2024年度全国智慧图书馆体系建设项目任务指标完成情况表"),
        (2, "2024年度全国智慧图书馆体系建设项目完成情况明细表"),
        (3, "2024年度公共文化云建设项目任务指标完成情况表"),
        (4, "2024年度公共文化云建设项目完成情况明细表"),
        (5, "2024年度中央转移支付资金项目绩效自评表"),
    ]


def test_header_fields_are_those_printed_on_every_form(definition):
    fields = {f.id: f for f in definition.header_fields}
    assert [f.label for f in definition.header_fields] == ["单位名称", "日期", "项目联系人", "联系电话"]
    assert fields["unit_name"].hint == "（加盖公章）"
    assert fields["date"].kind == "date"
    assert all(f.required for f in definition.header_fields)


def test_annex1_has_the_two_library_indicators_with_units(definition):
    annex1 = definition.table("annex1")
    assert isinstance(annex1, IndicatorTable)
    assert [(one_line(i.label), i.unit, i.places) for i in annex1.indicators] == [
        ("基础数字资源项目建设数量（万筒子叶）", "万筒子叶", 4),
        ("基础支撑平台项目建设数量（个）", "个", 0),
    ]
    assert one_line(annex1.assigned_label) == "下达任务量"
    assert one_line(annex1.completed_label) == "实际完成任务量"
    assert annex1.corner_label == "项目名称"
    assert annex1.footer_fields == ("contact", "phone")


def test_annex2_has_both_tasks_and_the_notice_columns(definition):
    annex2 = definition.table("annex2")
    assert isinstance(annex2, DetailTable)
    printed = [one_line(c.label) for c in annex2.columns if c.printed]
    assert printed == ["序号", "项目任务", "承建单位", "子项目名称", "年度承担任务指标量", "项目任务完成情况", "版权情况", "备注"]
    assert [(t.number, t.label) for t in annex2.tasks] == [("1", "基础数字资源项目"), ("2", "基础支撑平台项目")]


def test_digital_resources_are_itemised_works_divided_by_ten_thousand(definition):
    _table, task = definition.task("digital_resources")
    assert task.completion == "items"
    assert task.indicator == "digital_resources"
    assert task.items.divisor == Decimal(10000)
    assert task.items.count_unit == "叶"
    assert task.items.title_label == "题名"


def test_annex3_has_seven_indicators_the_seventh_a_group_of_six(definition):
    annex3 = definition.table("annex3")
    top = [one_line(i.label) for i in annex3.indicators if i.group is None]
    grouped = [one_line(i.label) for i in annex3.indicators if i.group == "poverty_counties"]
    assert top == [
        "全民艺术普及相关直录播数量（场）",
        "区域和地方性群众文化活动数量（场）",
        "学才艺培训数量（场）",
        "采集场馆及其活动信息数量（条）",
        "赶大集专区建设数量（个）",
        "建设或优化艺术普及数字资源时长（小时）",
    ]
    assert one_line(annex3.group("poverty_counties").label) == "统筹推动脱贫县（团场）全民艺术普及高质量发展任务量"
    assert grouped == [
        "活动直录播场次（场）",
        "在线场馆及活动更新与推送条数（条）",
        "全民艺术普及课程线上服务及预订课程门数（节）",
        "基层文创非遗等产品线上展示维护个数（个）",
        "新媒体宣传与服务推广活动场次（场）",
        "培训人员数量（人次）",
    ]


def test_annex4_has_seven_tasks_and_six_sub_tasks_in_their_own_section(definition):
    annex4 = definition.table("annex4")
    assert [t.label for t in annex4.tasks_in(None)] == [
        "全民艺术普及相关直录播",
        "区域和地方性群众文化活动",
        "学才艺培训",
        "采集场馆及其活动信息",
        "赶大集专区建设（文创部分）",
        "赶大集专区建设（文采会部分）",
        "建设或优化艺术普及数字资源",
    ]
    assert [t.label for t in annex4.tasks_in("poverty_counties")] == [
        "活动直录播",
        "在线场馆及活动更新与推送",
        "全民艺术普及课程线上服务及预订课程",
        "基层文创非遗等产品线上展示维护",
        "新媒体宣传与服务推广活动",
        "业务培训",
    ]
    section = annex4.sections[0]
    assert section.label == "统筹推动脱贫县（团场）全民艺术普及高质量发展任务"
    assert section.repeat_header
    printed = [one_line(c.label) for c in annex4.columns if c.printed]
    assert printed == ["序号", "项目任务", "承建单位", "子项目名称", "年度承担任务指标量", "项目任务完成情况", "访问地址", "备注"]


def test_both_market_zone_rows_feed_the_one_annex3_indicator(definition):
    assert [t.label for t in definition.tasks_feeding("market_zones")] == [
        "赶大集专区建设（文创部分）",
        "赶大集专区建设（文采会部分）",
    ]


def test_business_training_feeds_trainee_count(definition):
    assert [t.label for t in definition.tasks_feeding("pc_trainees")] == ["业务培训"]
    assert definition.indicator("pc_trainees").unit == "人次"


def test_every_indicator_is_fed_by_a_detail_task(definition):
    for table in definition.tables_of(IndicatorTable):
        for indicator in table.indicators:
            assert definition.tasks_feeding(indicator.id), indicator.id


def test_annex4_guidance_texts_verbatim_with_task_overrides(definition):
    annex4 = definition.table("annex4")
    _t, live = definition.task("live_broadcasts")
    _t, venue = definition.task("venue_info")
    _t, art = definition.task("art_resources")
    _t, updates = definition.task("pc_venue_updates")
    assert annex4.hint(live, "description") == (
        "（要求详细介绍项目建设内容、建设成果、取得的服务成效，要求具体、量化，注明项目名称。下同。）"
    )
    assert annex4.hint(live, "url") == (
        "[要求填写省内平台的访问地址（直录播被选入国家云平台的可填写国家云地址），如建设成果未发布请予以说明。下同]"
    )
    assert annex4.hint(venue, "url") == "(采集场馆及其活动信息的地址不需在此处填写。按要求填写至公共文化云项目跟踪管理系统。)"
    assert annex4.hint(art, "description") == "(提供的资源量按时长或TB量统计)"
    assert annex4.hint(updates, "url").startswith("(在线场馆及活动更新与推送信息的地址不需在此处填写")
    assert annex4.hint(venue, "description") == annex4.hint(live, "description")  # 下同


def test_annex5_funding_and_nine_indicators_as_printed(definition):
    annex5 = definition.performance
    assert isinstance(annex5, PerformanceTable)
    assert [annex5.label(k) for k in ("budget_label", "executed_label", "rate_label")] == [
        "全年预算数（A）", "全年执行数（B）", "执行率（B/A）"]
    assert annex5.label("funding_label") == "年度资金总额"
    assert annex5.label("local_funds_label") == "如有地方资金，请说明："
    assert [f.label for f in annex5.funding] == ["全国智慧图书馆体系建设项目", "公共文化云建设项目"]
    rows = [(i.level2, i.label, i.programme_label, i.target.text) for i in annex5.indicators]
    assert rows == [
        ("质量指标", "全国智慧图书馆体系建设项目建设完成率", "全国智慧图书馆体系建设", "≥90%"),
        ("质量指标", "全国智慧图书馆体系建设项目验收合格率", "全国智慧图书馆体系建设", "≥80%"),
        ("质量指标", "公共文化云建设项目年度任务完成率", "公共文化云建设", "≥90%"),
        ("效益指标", "智慧图书馆服务人次增长率", "全国智慧图书馆体系建设", "≥5%"),
        ("效益指标", "云上艺术普及服务人次增长率", "公共文化云建设", "≥5%"),
        ("效益指标", "社会参与艺术普及服务渠道", "公共文化云建设", "比上一年度增加"),
        ("效益指标", "提升基层群众艺术普及素养", "公共文化云建设", "长期"),
        ("满意度指标", "智慧图书馆数字资源服务读者满意率", "全国智慧图书馆体系建设", "≥90%"),
        ("满意度指标", "全民艺术普及服务群众满意率", "公共文化云建设", "≥90%"),
    ]
    assert [annex5.label(k) for k in ("level2_label", "level3_label", "programme_label", "target_label",
                                      "achieved_label", "reason_label", "other_label")] == [
        "二级指标", "三级指标", "涉及项目", "指标值", "完成量", "未完成绩效目标原因和改进措施", "其他说明"]


def test_annex5_targets_are_parsed_into_comparable_rules(definition):
    targets = {i.id: i.target for i in definition.performance.indicators}
    assert targets["library_completion_rate"].value == Decimal(90)
    assert targets["library_acceptance_rate"].value == Decimal(80)
    assert targets["cloud_visits_growth"].value == Decimal(5)
    assert targets["cloud_channels"].kind == "increase"
    assert targets["cloud_literacy"].kind == "long_term"
    assert targets["library_completion_rate"].is_met(Decimal("89.99")) is False


def test_completion_rate_indicators_are_proposed_from_their_table(definition):
    proposals = {i.id: i.propose for i in definition.performance.indicators if i.propose}
    assert {k: p.table for k, p in proposals.items()} == {
        "library_completion_rate": "annex1",
        "cloud_completion_rate": "annex3",
    }


def test_two_reports_each_with_exactly_the_three_mandated_sections(definition):
    assert [r.programme for r in definition.reports] == ["library", "cloud"]
    for report in definition.reports:
        assert [s.heading for s in report.sections] == [
            "1.组织推进项目建设的具体措施",
            "2.项目任务总体完成情况及取得的成效",
            "3.项目建设存在的困难以及意见建议",
        ]


def test_deadlines_come_from_the_definition(definition):
    assert [(d.id, d.date.isoformat()) for d in definition.deadlines] == [
        ("reports", "2025-06-15"),
        ("resources", "2025-06-20"),
    ]


def test_a_broken_definition_fails_loudly(tmp_path, definition):
    source = available_definitions()["hebei-2024"]
    for path in source.iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    annex4 = tmp_path / "annex4.toml"
    annex4.write_text(annex4.read_text(encoding="utf-8").replace('indicator = "pc_trainees"', 'indicator = "nope"'),
                      encoding="utf-8")
    with pytest.raises(DefinitionError, match="pc_trainees"):
        load_definition_folder(tmp_path)


def copy_of_2024(tmp_path):
    """A copy of the shipped definition's folder that a test may change."""
    for path in available_definitions()["hebei-2024"].iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_growth_rates_may_be_negative_because_annex5_toml_says_so(definition, tmp_path):
    """#13 item 8: a property of the data, not a special case of the code."""
    allowed = {i.id for i in definition.performance.indicators if i.spec.negative}
    assert allowed == {"library_visits_growth", "cloud_visits_growth"}
    folder = copy_of_2024(tmp_path)
    annex5 = folder / "annex5.toml"
    annex5.write_text(annex5.read_text(encoding="utf-8").replace("may_be_negative = true\n", ""), encoding="utf-8")
    assert not any(i.spec.negative for i in load_definition_folder(folder).performance.indicators)


def test_money_shows_the_decimals_annex5_toml_asks_for(definition, tmp_path):
    spec = definition.performance.amount_spec
    assert (spec.places, spec.shown_places) == (4, 2)
    assert [spec.format(Decimal(v)) for v in ("50", "52.3", "19.6", "12.3456", "0")] == [
        "50.00", "52.30", "19.60", "12.3456", "0.00"]
    folder = copy_of_2024(tmp_path)
    annex5 = folder / "annex5.toml"
    annex5.write_text(annex5.read_text(encoding="utf-8").replace("amount_shown_places = 2", "amount_shown_places = 5"),
                      encoding="utf-8")
    with pytest.raises(DefinitionError, match="amount_shown_places"):
        load_definition_folder(folder)


def test_only_a_numeric_target_may_be_negative(tmp_path):
    folder = copy_of_2024(tmp_path)
    annex5 = folder / "annex5.toml"
    text = annex5.read_text(encoding="utf-8")
    annex5.write_text(text.replace('target = "长期"', 'target = "长期"\nmay_be_negative = true'), encoding="utf-8")
    with pytest.raises(DefinitionError, match="cloud_literacy: may_be_negative"):
        load_definition_folder(folder)
