"""添加承建单位 / 删除承建单位 (issue #13, item 4): the clerk says which task a contractor is added
to, and is told which contractor a deletion removes; nothing acts on a row the clerk did not choose."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.ui.qt import QApplication, QMenu, QMessageBox, QPushButton, Qt

from conftest import page_of
from test_editing import focus_cell


def button(page, text):
    """A button of the page by its words, as the clerk finds it."""
    return next(b for b in page.findChildren(QPushButton) if b.text().startswith(text))


def open_chooser(qtbot, page):
    qtbot.mouseClick(button(page, "添加承建单位"), Qt.LeftButton)
    menu = page.findChild(QMenu, "taskChooser")
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    return menu


def task_actions(menu):
    return [a for a in menu.actions() if a.data()]


def click_action(qtbot, menu, action):
    qtbot.mouseClick(menu, Qt.LeftButton, pos=menu.actionGeometry(action).center())


def row_of(page, task_id, index=0, column="contractor"):
    return page.model.index_of(CellRef(page.table.id, (task_id, index), column))


def test_the_button_names_every_task_and_adds_only_to_the_one_clicked(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex4")
    focus_cell(window, page, page.view, 4, 3)  # a cell of 5. 赶大集专区建设（文创部分）
    menu = open_chooser(qtbot, page)
    names = [a.text() for a in task_actions(menu)]
    assert names[0] == "5. 赶大集专区建设（文创部分）（选中行所在的任务）", "the selected row's task first, marked"
    assert {a.data() for a in task_actions(menu)} == {t.id for t in page.table.tasks}, "every task is offered"
    assert "7. 建设或优化艺术普及数字资源" in names and "1. 活动直录播" in names
    headings = [a.text() for a in menu.actions() if not a.isEnabled()]
    assert headings == ["统筹推动脱贫县（团场）全民艺术普及高质量发展任务"], "section tasks under their heading"
    art = next(a for a in task_actions(menu) if a.text() == "7. 建设或优化艺术普及数字资源")
    click_action(qtbot, menu, art)
    document = window.session.document
    assert len(document.rows("art_resources")) == 1
    assert document.rows("market_zones_creative") == [], "not the task of the selected row"
    assert page.view.currentIndex() == row_of(page, "art_resources"), "the cursor is on the new 承建单位"
    assert "7. 建设或优化艺术普及数字资源" in window.statusBar().currentMessage()


def test_enter_in_the_chooser_takes_the_marked_task_and_escape_adds_nothing(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex4")
    focus_cell(window, page, page.view, 1, 4)  # 2. 区域和地方性群众文化活动
    menu = open_chooser(qtbot, page)
    qtbot.keyClick(menu, Qt.Key_Escape)
    assert not menu.isVisible()
    assert all(window.session.document.rows(t.id) == [] for t in page.table.tasks), "Escape: nothing added"
    menu = open_chooser(qtbot, page)
    qtbot.keyClick(menu, Qt.Key_Return)
    assert len(window.session.document.rows("mass_activities")) == 1
    assert window.session.document.rows("live_broadcasts") == []


def test_with_no_row_selected_the_button_asks_and_never_picks_the_first_task(qtbot, open_window):
    """What the issue saw: the button acted on whatever row (or the first task) it found."""
    window = open_window(demo=True)
    page = window.show_page("annex4")
    page.view.setCurrentIndex(page.model.index(-1, -1))
    qtbot.mouseClick(button(page, "添加承建单位"), Qt.LeftButton)
    assert all(window.session.document.rows(t.id) == [] for t in page.table.tasks), "nothing before a choice"
    menu = page.findChild(QMenu, "taskChooser")
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    assert "选中行" not in " ".join(a.text() for a in menu.actions())
    qtbot.keyClick(menu, Qt.Key_Escape)
    assert not window.session.undo_stack.canUndo()


def test_insert_row_on_a_section_heading_asks_which_task(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex4")
    heading = next(r for r in range(page.model.rowCount()) if page.model.slot(r).kind == "section")
    focus_cell(window, page, page.view, heading, 2)
    qtbot.keyClick(page.view, Qt.Key_Equal, Qt.ControlModifier | Qt.ShiftModifier)  # 编辑 → 插入行
    assert not window.session.undo_stack.canUndo(), "nothing added before the clerk chooses"
    menu = page.findChild(QMenu, "taskChooser")
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    courses = next(a for a in task_actions(menu) if a.data() == "pc_courses")
    click_action(qtbot, menu, courses)
    assert len(window.session.document.rows("pc_courses")) == 1


def test_insert_row_on_a_row_of_a_task_adds_to_that_task_after_the_row(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    cell = row_of(page, "digital_resources")
    focus_cell(window, page, page.view, cell.row(), 3)
    qtbot.keyClick(page.view, Qt.Key_Equal, Qt.ControlModifier | Qt.ShiftModifier)
    rows = window.session.document.rows("digital_resources")
    assert len(rows) == 2 and rows[0].text("contractor") == "保定市图书馆"
    assert not any(menu.isVisible() for menu in page.findChildren(QMenu))
    assert page.view.currentIndex() == row_of(page, "digital_resources", 1)


def test_delete_names_the_contractor_and_deletes_only_when_confirmed(qtbot, open_window, dialogs):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    cell = row_of(page, "digital_resources", column="description")
    focus_cell(window, page, page.view, cell.row(), cell.column())
    qtbot.mouseClick(button(page, "删除承建单位"), Qt.LeftButton)
    assert len(window.session.document.rows("digital_resources")) == 1, "nothing deleted before the answer"
    kind, text = dialogs.asked[-1]
    assert kind == "question"
    assert "1. 基础数字资源项目" in text and "承建单位1“保定市图书馆”" in text and "9种古籍" in text
    assert len(window.session.document.rows("digital_resources")) == 1, "不删: nothing deleted"
    dialogs.answer = QMessageBox.Yes
    qtbot.mouseClick(button(page, "删除承建单位"), Qt.LeftButton)
    assert window.session.document.rows("digital_resources") == []
    assert "承建单位1“保定市图书馆”" in window.statusBar().currentMessage()
    window.act_undo.trigger()
    assert window.session.results["annex2.digital_resources.count"].text == "10274"


def test_delete_on_a_task_without_contractors_asks_nothing(qtbot, open_window, dialogs):
    window = open_window(demo=True)
    page = page_of(window, "annex4")
    focus_cell(window, page, page.view, 0, 3)  # the empty row of 1. 全民艺术普及相关直录播
    qtbot.mouseClick(button(page, "删除承建单位"), Qt.LeftButton)
    assert dialogs.asked == []
    assert "请先选中要删除的承建单位所在的行" in window.statusBar().currentMessage()


def test_ctrl_minus_deletes_the_row_under_the_cursor_and_names_it(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex4")
    focus_cell(window, page, page.view, 2, 3)  # 3. 学才艺培训
    window.act_insert.trigger()
    view = QApplication.focusWidget()
    assert view is page.view
    qtbot.keyClick(view, Qt.Key_Minus, Qt.ControlModifier)
    assert window.session.document.rows("talent_training") == []
    assert "3. 学才艺培训" in window.statusBar().currentMessage()
    assert "承建单位1（未填名称）" in window.statusBar().currentMessage()
