"""The audit in the window: the findings panel and its jumps, marked cells, report editors with
bound figures, 生成初稿, and the 材料清单 tab."""

from __future__ import annotations

import json
from datetime import date

from hbaccept_gui.core.cells import CHECKLIST, CellRef, get_value
from hbaccept_gui.core.document import FieldSegment, TextSegment
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.ui.checklist_page import SOON, ChecklistPage
from hbaccept_gui.ui.qt import QApplication, QMessageBox, Qt
from hbaccept_gui.ui.sheet_model import ERROR_BACKGROUND, WARNING_BACKGROUND

from conftest import page_of
from test_editing import ime_commit

CONTRACTOR = CellRef("annex2", ("digital_resources", 0), "contractor")
SUBPROJECT = CellRef("annex2", ("digital_resources", 0), "subproject")
COMPLETED = CellRef("annex1", ("completed",), "digital_resources")
WORK_497 = CellRef("annex2", ("digital_resources", 0, 3), "count")


def findings_rows(window):
    tree = window.findings_panel.tree
    return [[tree.topLevelItem(r).text(c) for c in range(4)] for r in range(tree.topLevelItemCount())]


def test_findings_panel_lists_rule_ids_errors_first(qtbot, open_window):
    window = open_window(demo=True)
    assert window.findings_panel.isVisible()
    assert {row[2] for row in findings_rows(window)} == {"R02"}  # the demo: outline prompts only
    window.session.set_text(CONTRACTOR, "")
    window.session.run_checks()
    rows = findings_rows(window)
    assert rows[0][:3] == ["错误", "附件2 完成情况明细", "D04"]
    assert "「承建单位」：必须填写" in rows[0][3]
    assert "1 个错误" in window.findings_panel.summary.text()


def test_clicking_a_finding_shows_and_selects_its_cell(qtbot, open_window):
    window = open_window(demo=True)
    window.session.set_text(CONTRACTOR, "")
    window.session.run_checks()
    panel = window.findings_panel
    assert panel.ref_at(0) == CONTRACTOR
    panel.tree.itemClicked.emit(panel.tree.topLevelItem(0), 0)
    page = page_of(window, "annex2")
    assert window.current_page() is page
    assert page.view.currentIndex() == page.model.index_of(CONTRACTOR)


def test_a_finding_on_a_work_selects_it_in_the_works_list(qtbot, open_window):
    window = open_window(demo=True)
    window.session.set_text(CellRef("annex2", ("digital_resources", 0, 3), "title"), "")
    window.session.run_checks()
    d05 = next(r for r in range(len(findings_rows(window))) if findings_rows(window)[r][2] == "D05")
    assert window.jump_to(window.findings_panel.ref_at(d05))
    works = page_of(window, "annex2").works.view
    assert works.currentIndex() == works.model().index_of(window.findings_panel.ref_at(d05))


def test_a_header_finding_focuses_the_header_field(qtbot, open_window):
    window = open_window(demo=True)
    window.session.set_text(CellRef("header", (), "phone"), "12345")
    window.session.run_checks()
    assert any(row[2] == "H03" for row in findings_rows(window))
    assert window.jump_to(CellRef("header", (), "phone"))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.header_bar.editors["phone"], timeout=2000)


def test_cells_with_findings_are_marked_by_severity(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("annex2")
    window.session.set_text(CONTRACTOR, "")
    window.session.set_text(SUBPROJECT, "")
    window.session.set_text(CellRef("annex1", ("assigned",), "digital_resources"), "2")
    window.session.run_checks()
    index = page.model.index_of(CONTRACTOR)
    assert page.model.data(index, Qt.BackgroundRole) == ERROR_BACKGROUND
    assert "[错误]" in page.model.data(index, Qt.ToolTipRole)
    blank_subproject = page.model.index_of(SUBPROJECT)  # the notice's own example leaves it blank: a hint
    assert page.model.data(blank_subproject, Qt.BackgroundRole) == WARNING_BACKGROUND
    assert "[提示] 附件2 基础数字资源项目 第1个承建单位「子项目名称」：未填写" in page.model.data(
        blank_subproject, Qt.ToolTipRole)
    annex1 = window.show_page("annex1")
    computed = annex1.views[0].model().index_of(COMPLETED)
    assert annex1.views[0].model().data(computed, Qt.BackgroundRole) == WARNING_BACKGROUND  # D02 on a computed cell
    assert "低于下达任务量 2 万筒子叶" in annex1.views[0].model().data(computed, Qt.ToolTipRole)


# ---------------------------------------------------------------- report editors


def test_drafted_demo_report_shows_bound_figures_that_follow_the_tables(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("library_report")
    editor = page.editors["results"]
    assert "10274叶" in editor.rendered_text() and "102.74%" in editor.rendered_text()
    segments_before = editor.segments()
    assert FieldSegment("annex2.digital_resources.count") in segments_before
    window.session.set_text(WORK_497, "500")
    assert "10277叶" in editor.rendered_text() and "102.77%" in editor.rendered_text()
    assert editor.segments() == segments_before == get_value(window.session.document, editor.ref)


def test_a_leaf_count_edited_in_the_save_file_shows_in_the_report_editor(qtbot, open_window, tmp_path):
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["document"]["details"]["digital_resources"][0]["items"][3]["count"] = "500"
    path = tmp_path / "改过.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = open_window(file=str(path))
    text = window.show_page("library_report").editors["results"].rendered_text()
    assert "实际完成1.0277万筒子叶，完成率102.77%" in text and "10277叶" in text


def test_insert_field_binds_a_figure_and_typing_after_it_is_text(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("library_report")
    editor = page.editors["problems"]
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key_Delete)
    qtbot.keyClicks(editor, "rate ")
    page.target = editor
    page.insert_field("annex1.rate.digital_resources")
    qtbot.keyClicks(editor, " ok")
    editor.commit()
    assert get_value(window.session.document, editor.ref) == [
        TextSegment("rate "), FieldSegment("annex1.rate.digital_resources"), TextSegment(" ok")]
    assert editor.rendered_text() == "rate 102.74% ok"


def test_field_menu_offers_the_figures_with_their_values(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("library_report")
    page._fill_field_menu()
    groups = {a.text(): a.menu() for a in page.field_menu.actions()}
    texts = [a.text() for a in groups["附件1"].actions()]
    assert "完成率 基础数字资源项目建设数量（102.74%）" in texts


def test_pasting_a_figure_pastes_its_value_as_text(qtbot, open_window):
    window = open_window(demo=True)
    editor = window.show_page("library_report").editors["results"]
    editor.selectAll()
    editor.copy()
    assert "10274叶" in QApplication.clipboard().text()
    assert "\ufffc" not in QApplication.clipboard().text()


def test_draft_fills_empty_sections_and_asks_before_replacing_text(qtbot, open_window, dialogs):
    window = open_window(demo=True)
    page = window.show_page("library_report")
    session = window.session
    measures, results = page.editors["measures"], page.editors["results"]
    drafted_results = get_value(session.document, results.ref)
    for editor, text in ((measures, "我们写的措施"), (results, "")):
        editor.selectAll()
        qtbot.keyClick(editor, Qt.Key_Delete)
        if text:
            ime_commit(editor, text)
        editor.commit()
    dialogs.answer = QMessageBox.No  # keep what the clerk wrote, fill the empty section
    page.draft_button.click()
    assert "已有内容" in dialogs.asked[-1][1]
    assert get_value(session.document, measures.ref) == [TextSegment("我们写的措施")]
    assert get_value(session.document, results.ref) == drafted_results
    dialogs.answer = QMessageBox.Yes
    page.draft_button.click()
    assert "加强组织领导" in measures.rendered_text()
    window.act_undo.trigger()  # one draft, one undo step
    assert get_value(session.document, measures.ref) == [TextSegment("我们写的措施")]


def test_draft_cancel_changes_nothing(qtbot, open_window, dialogs):
    window = open_window(demo=True)
    page = window.show_page("cloud_report")
    editor = page.editors["problems"]
    editor.selectAll()
    ime_commit(editor, "已写")
    editor.commit()
    before = get_value(window.session.document, editor.ref)
    dialogs.answer = QMessageBox.Cancel
    page.draft_button.click()
    assert get_value(window.session.document, editor.ref) == before


# ---------------------------------------------------------------- 材料清单


def checklist(window, today):
    page = ChecklistPage(window.session, today=lambda: today)
    return page, [[page.table.item(r, c).text() for c in range(6)] for r in range(page.table.rowCount())]


def test_checklist_lists_the_notice_materials_with_days_left(qtbot, open_window):
    window = open_window(demo=True)
    page, rows = checklist(window, date(2025, 6, 12))
    by_label = {row[1]: row for row in rows}
    assert by_label["全国智慧图书馆体系建设项目总结报告"][2:4] == ["2025年06月15日", "还剩 3 天"]
    assert by_label["字符集外字表"][2:5] == ["2025年06月20日", "还剩 8 天", "一键导出：字符集外字表（Excel、Word）"]
    assert by_label["元数据"][4] == "需另行准备"
    assert "公共文化云项目跟踪管理系统填报成果详情" in by_label
    assert page.table.item(0, 3).foreground().color() == SOON
    _page, late = checklist(window, date(2025, 6, 16))
    assert {row[1]: row for row in late}["绩效自评表（附件5）"][3] == "已逾期 1 天"


def test_ticking_and_noting_a_material_is_an_undoable_edit(qtbot, open_window):
    window = open_window(demo=True)
    page, _rows = checklist(window, date(2025, 6, 12))
    row = next(r for r in range(page.table.rowCount()) if page.table.item(r, 1).text() == "元数据")
    page.table.item(row, 0).setCheckState(Qt.Checked)
    assert window.session.document.checklist["metadata"].done
    assert page.table.item(row, 3).text() == "已完成"
    assert "已完成 1/12 项" in page.status.text()
    page.table.item(row, 5).setText("  6月18日交省图书馆  ")
    assert window.session.document.checklist["metadata"].note == "6月18日交省图书馆"
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert not window.session.document.checklist["metadata"].done
    assert window.session.dirty is False


def test_checklist_is_a_tab_of_the_window(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page(CHECKLIST)
    assert isinstance(page, ChecklistPage)
    assert page.table.rowCount() == len(window.session.definition.checklist)


def test_checklist_names_the_characters_the_charset_list_will_hold(qtbot, open_window):
    window = open_window(demo=True)
    page, _rows = checklist(window, date(2025, 6, 12))
    assert "2 个字超出 GB 2312" in page.rare.text() and "玊（U+738A）" in page.rare.text()
    window.session.set_text(CellRef("annex2", ("digital_resources", 0, 1), "title"), "《刘䶮传》")  # for 《周易传义》
    window.session.run_checks()
    assert "3 个字超出 GB 2312" in page.rare.text() and "䶮（U+4DAE）" in page.rare.text()


def test_field_menu_offers_the_works_lists_and_binds_the_chosen_one(qtbot, open_window):
    """The works list is bound like a figure (生成初稿 does it): 插入数据项 offers it too, cut short
    in the menu, and choosing it binds the list itself."""
    window = open_window(demo=True)
    page = window.show_page("library_report")
    page.target = page.editors["measures"]
    page._fill_field_menu()
    groups = {a.text(): a.menu() for a in page.field_menu.actions()}
    works = [a for a in groups["附件2"].actions() if "数字化古籍清单（《续吴先贤讃》317叶" in a.text()]
    assert len(works) == 2  # the contractor's list and the task's
    assert all(a.text().endswith("…）") and len(a.text()) < 60 for a in works)  # nine titles: cut short
    works[-1].trigger()
    segments = get_value(window.session.document, page.editors["measures"].ref)
    assert FieldSegment("annex2.digital_resources.works") in segments
