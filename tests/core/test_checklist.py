"""材料清单: items and deadlines from the definition, days left from a fixed day."""

from __future__ import annotations

from datetime import date

import pytest

from hbaccept_gui.core.checklist import checklist_rows, days_left_text
from hbaccept_gui.core.pipeline import load_demo


@pytest.mark.parametrize("days, text", [(5, "还剩 5 天"), (1, "还剩 1 天"), (0, "今天截止"), (-1, "已逾期 1 天"),
                                         (-530, "已逾期 530 天")])
def test_days_left_reads_plainly(days, text):
    assert days_left_text(days) == text


def test_rows_follow_the_notice_deadlines_counted_from_a_fixed_day():
    definition, doc = load_demo()
    rows = {row.item.id: row for row in checklist_rows(definition, doc, date(2025, 6, 10))}
    assert rows["library_report"].deadline.date == date(2025, 6, 15)
    assert rows["library_report"].days_text == "还剩 5 天"
    assert rows["hd_resources"].deadline.date == date(2025, 6, 20)
    assert rows["hd_resources"].days_text == "还剩 10 天"
    assert not rows["hd_resources"].overdue
    late = {row.item.id: row for row in checklist_rows(definition, doc, date(2025, 6, 16))}
    assert late["performance"].overdue and late["performance"].days_text == "已逾期 1 天"


def test_every_material_the_notice_names_is_listed_with_what_the_app_generates():
    definition, doc = load_demo()
    rows = {row.item.label: row for row in checklist_rows(definition, doc, date(2025, 6, 1))}
    for label in ("元数据", "对象数据（服务级和保存级）", "文献整理登记表", "字符集外字表", "数据提交说明表",
                  "原始高清资源成果", "公共文化云项目跟踪管理系统填报成果详情"):
        assert rows[label].deadline.id == "resources"
    assert rows["任务指标完成情况表（附件1、附件3）"].generated == "一键导出：附件1、附件3（Word、PDF、Excel）"
    assert rows["全国智慧图书馆体系建设项目总结报告"].generated == "一键导出：总结报告（Word、PDF）"
    assert rows["元数据"].generated == "需另行准备"


def test_a_ticked_item_is_never_overdue():
    definition, doc = load_demo()
    doc.checklist["performance"].done = True
    rows = {row.item.id: row for row in checklist_rows(definition, doc, date(2026, 1, 1))}
    assert rows["performance"].done and not rows["performance"].overdue


def test_stamped_scans_tick_complete_materials_and_name_what_is_missing(definition, demo):
    """#16 item 6: a material is ticked only when all its stamped documents are complete; a note the
    clerk wrote is kept; an item of documents not exported is left alone."""
    from hbaccept_gui.core.checklist import plan_stamped

    demo.checklist["cloud_report"].note = "已交纸质版"
    exported = {"annex1", "annex2", "annex3", "annex4", "annex5", "library_report", "cloud_report"}
    edits = plan_stamped(definition, demo, exported, exported - {"annex3", "cloud_report"})
    for edit in edits:
        edit.apply(demo)
    entries = demo.checklist
    assert entries["library_report"].done and entries["library_report"].note == "盖章扫描件已齐"
    assert not entries["completion_tables"].done and entries["completion_tables"].note == "盖章扫描件缺：附件3"
    assert entries["cloud_report"].note == "已交纸质版" and not entries["cloud_report"].done
    assert not entries["metadata"].done and entries["metadata"].note == ""
    assert plan_stamped(definition, demo, exported, exported - {"annex3", "cloud_report"}) == []  # nothing new
