"""Details a clerk noticed (issue 20, items 8 and 9): 插入数据项 lists the tables in notice order and
names contractors; 概览 prints 「0 个错误」 in no colour at all; a long 附件5 reason wraps instead of
ending in …; the 附件2 splitter stays where the clerk dragged it, after 新建 and after a restart."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.ui.qt import QApplication, QPoint, QSplitter, Qt

from test_editing import ime_commit, key_with_text

LONG_REASON = ("受疫情后场馆改造影响，上半年直录播活动暂停三个月，下半年虽加大场次安排，"
               "但全年实际完成场次仍低于下达任务量，明年将提前制定计划并与承建单位签订进度协议，确保按期完成。")


# ------------------------------------------------------------------ item 8: 插入数据项


def test_the_field_menu_lists_the_tables_in_notice_order_and_names_contractors(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("library_report")
    page._fill_field_menu()
    groups = [a.text() for a in page.field_menu.actions()]
    assert groups == sorted(groups, key=lambda g: int(g.removeprefix("附件"))), groups
    assert groups[:2] == ["附件1", "附件2"]
    annex2 = next(a.menu() for a in page.field_menu.actions() if a.text() == "附件2")
    texts = [a.text() for a in annex2.actions()]
    assert any("保定市图书馆" in t and "筒子叶数合计（10274 叶）" in t for t in texts), texts
    assert not any("第1个承建单位" in t for t in texts)


def test_an_unnamed_contractor_is_offered_as_the_table_shows_it(qtbot, open_window):
    window = open_window(demo=True)
    window.session.set_text(CellRef("annex2", ("digital_resources", 0), "contractor"), "")
    page = window.show_page("library_report")
    page._fill_field_menu()
    annex2 = next(a.menu() for a in page.field_menu.actions() if a.text() == "附件2")
    assert any(a.text().startswith("基础数字资源项目 承建单位1 ") for a in annex2.actions())


# ------------------------------------------------------------------ item 9: 概览


def test_overview_prints_no_red_zero_errors(qtbot, open_window):
    window = open_window(demo=True)  # the demo has 提示 (outline prompts) and no 错误
    window.tabs.setCurrentIndex(0)
    text = window.tabs.widget(0).findings.text()
    assert "0 个错误" not in text
    assert "个提示" in text
    window.session.set_text(CellRef("annex2", ("digital_resources", 0), "contractor"), "")
    window.session.run_checks()
    text = window.tabs.widget(0).findings.text()
    assert "<span style='color:#c62828'>1 个错误</span>" in text


# ------------------------------------------------------------------ item 9: the 附件5 reason wraps


def test_a_long_reason_in_annex5_wraps_and_its_row_grows(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("annex5")
    view = page.views[1]  # the indicators (the first view is the funding grid)
    row = 0
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 5))
    key_with_text(view, LONG_REASON[0])
    editor = QApplication.focusWidget()
    ime_commit(editor, LONG_REASON[1:])
    qtbot.keyClick(editor, Qt.Key_Return)
    assert window.session.document.performance[window.session.definition.performance.indicators[row].id].reason \
        == LONG_REASON
    qtbot.waitUntil(lambda: view.rowHeight(row) >= view.sizeHintForRow(row), timeout=2000)
    assert view.rowHeight(row) > 2 * view.fontMetrics().height(), "the text wraps over several lines"
    assert view.height() >= sum(view.rowHeight(r) for r in range(view.model().rowCount())), "no row is hidden"


def test_the_reason_rows_fit_the_width_the_window_gives_them(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("annex5")
    view = page.views[1]
    indicator = window.session.definition.performance.indicators[1].id
    window.session.set_text(CellRef("annex5", ("perf", indicator), "reason"), LONG_REASON)
    window.resize(900, 700)
    qtbot.waitUntil(lambda: all(view.rowHeight(r) >= view.sizeHintForRow(r) for r in range(view.model().rowCount())),
                    timeout=2000)


# ------------------------------------------------------------------ item 9: the splitter is remembered


def drag_splitter(qtbot, splitter: QSplitter, by: int) -> None:
    handle = splitter.handle(1)
    centre = handle.rect().center()
    qtbot.mousePress(handle, Qt.LeftButton, Qt.NoModifier, centre)
    qtbot.mouseMove(handle, centre + QPoint(0, by // 2))
    qtbot.mouseMove(handle, centre + QPoint(0, by))
    qtbot.mouseRelease(handle, Qt.LeftButton, Qt.NoModifier, centre + QPoint(0, by))


def works_share(qtbot, window) -> float:
    """The works list's share of the 附件2 page, once the page is laid out in the window."""
    splitter = window.show_page("annex2").findChild(QSplitter)
    qtbot.waitUntil(lambda: splitter.height() > 300, timeout=2000)
    qtbot.wait(100)
    sizes = splitter.sizes()
    return sizes[1] / sum(sizes)


def test_the_works_splitter_stays_after_new_and_a_restart(qtbot, open_window):
    window = open_window(demo=True)
    window.resize(1366, 1000)  # room to drag beyond both parts' minimum heights
    splitter = window.show_page("annex2").findChild(QSplitter)
    start = works_share(qtbot, window)
    drag_splitter(qtbot, splitter, 120)  # the clerk gives the contractor table more room
    dragged = works_share(qtbot, window)
    assert dragged < start - 0.08, (start, dragged, splitter.sizes())
    window.new_document()
    assert abs(works_share(qtbot, window) - dragged) < 0.03, "新建 keeps the layout"
    window.close()
    window = open_window()
    window.resize(1366, 1000)
    assert abs(works_share(qtbot, window) - dragged) < 0.03, "and so does the next start"


def test_the_findings_panel_keeps_its_height_after_new(qtbot, open_window):
    """The window's other splitter, between the tabs and 审核结果: 新建 rebuilds the panel, which
    grew from 111 to 211 px at 1366×768 as if the clerk had never sized it."""
    window = open_window(demo=True)
    panel = window.findings_panel
    qtbot.waitUntil(lambda: panel.height() > 0, timeout=2000)
    height = panel.height()
    window.new_document()
    qtbot.waitUntil(lambda: abs(window.findings_panel.height() - height) <= 2, timeout=2000)
