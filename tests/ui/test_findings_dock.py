"""The 审核结果 panel at 1366×768 (issue #13, item 12): it starts with a few rows, collapses to its
summary line and back with a click, and keeps its height, collapsed state and visibility across
restarts."""

from __future__ import annotations

from hbaccept_gui.ui.qt import QApplication, QPoint, QToolButton, Qt

SCREEN = (1366, 768)


def at_small_screen(qtbot, window):
    window.setGeometry(0, 0, *SCREEN)
    qtbot.waitUntil(lambda: window.height() == SCREEN[1], timeout=2000)
    QApplication.processEvents()
    return window.findings_panel


def drag_top_edge(qtbot, window, panel, by):
    """Drag the splitter between the tabs and the panel up by `by` pixels, as the clerk does
    with the mouse (through the window system, where QMainWindow handles its separators)."""
    handle = window.windowHandle()
    edge = QPoint(window.width() // 2, (window.centralWidget().geometry().bottom() + panel.geometry().top()) // 2)
    qtbot.mouseMove(handle, edge)
    qtbot.mousePress(handle, Qt.LeftButton, Qt.NoModifier, edge)
    qtbot.mouseMove(handle, edge - QPoint(0, by // 2))
    qtbot.mouseMove(handle, edge - QPoint(0, by))
    qtbot.mouseRelease(handle, Qt.LeftButton, Qt.NoModifier, edge - QPoint(0, by))


def test_the_panel_starts_with_a_few_rows_at_1366x768(qtbot, open_window):
    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    assert panel.isVisible()
    assert panel.height() <= SCREEN[1] // 6, "a few rows, not a third or half of the screen"
    rows = panel.tree.sizeHintForRow(0)
    assert panel.tree.viewport().height() >= 3 * rows - 2, "at least three findings are in sight"
    annex4 = window.show_page("annex4")
    assert annex4.view.height() > 300, "附件4 shows its rows, not three of them"


def test_a_click_on_the_summary_line_collapses_the_panel_to_it_and_back(qtbot, open_window):
    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    expanded = panel.height()
    tabs = window.tabs.height()
    qtbot.mouseClick(panel.summary, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.height() <= panel.summary.height() + 8, timeout=2000)
    assert not panel.tree.isVisible()
    assert window.tabs.height() > tabs, "the forms get the room"
    assert "0 个错误，6 个提示" in panel.summary.text() and "点击展开" in panel.summary.text()
    qtbot.mouseClick(panel.summary, Qt.LeftButton)
    qtbot.waitUntil(lambda: panel.tree.isVisible() and abs(panel.height() - expanded) <= 2, timeout=2000)
    assert "点击一条可跳到对应的格子" in panel.summary.text()


def test_the_collapsed_line_still_counts_the_findings(qtbot, open_window):
    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    qtbot.mouseClick(panel.summary, Qt.LeftButton)
    contact = window.header_bar.editors["contact"]
    contact.setFocus()
    contact.selectAll()
    qtbot.keyClick(contact, Qt.Key_Delete)
    qtbot.keyClick(contact, Qt.Key_Return)  # 项目联系人 left empty: an error
    window.session.run_checks()
    assert panel.summary.text().startswith("审核结果：1 个错误")


def test_height_collapse_and_visibility_are_kept_across_restarts(qtbot, open_window):
    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    start = panel.height()
    drag_top_edge(qtbot, window, panel, 90)
    qtbot.waitUntil(lambda: panel.height() >= start + 80, timeout=2000)
    dragged = panel.height()
    window.close()

    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    assert abs(panel.height() - dragged) <= 2, "the height the clerk dragged it to"
    qtbot.mouseClick(panel.summary, Qt.LeftButton)
    window.close()

    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    assert panel.collapsed and not panel.tree.isVisible()
    qtbot.mouseClick(panel.summary, Qt.LeftButton)  # expands to the height it had, not the default
    qtbot.waitUntil(lambda: abs(panel.height() - dragged) <= 2, timeout=2000)
    qtbot.keyClick(window, Qt.Key_F8)  # 查看 → 审核结果: hidden
    assert panel.isHidden()
    window.close()

    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    assert panel.isHidden() and not window.act_findings.isChecked()
    qtbot.keyClick(window, Qt.Key_F8)
    assert panel.isVisible() and window.act_findings.isChecked()
    assert abs(panel.height() - dragged) <= 2


def test_the_close_button_of_the_panel_hides_it_and_f8_brings_it_back(qtbot, open_window):
    window = open_window(demo=True)
    panel = at_small_screen(qtbot, window)
    qtbot.mouseClick(panel.titleBarWidget().findChild(QToolButton, "findingsClose"), Qt.LeftButton)
    assert panel.isHidden() and not window.act_findings.isChecked()
    qtbot.keyClick(window, Qt.Key_F8)
    assert panel.isVisible()
