"""Keyboard-only use of the real window: Tab from the header's last field (联系电话) goes to the tab
bar, then into the page in sight, through its controls, on to the 审核结果 panel and back to the
header; Shift+Tab walks back. No invisible stop on the way (a scroll area, a hidden page's widget),
also for a page built after the window (pages are built lazily), after the findings panel has been
docked anew (dragged out and back: Qt puts it at the end of the focus chain) and after opening
another document. A table keeps Tab to move between its cells (SheetView), so the walks through a
table stop at it."""

from __future__ import annotations

import pytest

from hbaccept_gui.ui.qt import QAbstractScrollArea, QApplication, QScrollArea, Qt

FINDINGS = ("findingsSummaryLine", "findingsClose", "findingsList")
TABS = ("library_report", "annex1", "annex2", "annex5")


def press(qtbot, key, modifier=Qt.NoModifier):
    widget = QApplication.focusWidget()
    qtbot.keyClick(widget, key, modifier)
    return QApplication.focusWidget()


def walk(qtbot, key, presses: int, until=None) -> list:
    """The widgets the focus visits, one per key press (`until`: stop once it returns True)."""
    seen = []
    for _ in range(presses):
        seen.append(press(qtbot, key))
        if until is not None and until(seen[-1]):
            break
    return seen


def start_at_phone(qtbot, window):
    phone = window.header_bar.editors["phone"]
    phone.setFocus()
    qtbot.waitUntil(phone.hasFocus, timeout=2000)
    return phone


def assert_plain_stops(window, widgets) -> None:
    """Every stop is a control the clerk sees: no scroll area nor a widget out of sight."""
    for widget in widgets:
        assert not isinstance(widget, QScrollArea), "Tab stopped on an invisible scroll area"
        assert not (isinstance(widget, QAbstractScrollArea) and widget.objectName() == "qt_scrollarea_viewport")
        assert widget.isVisible() and widget.isVisibleTo(window), f"Tab stopped on hidden {widget!r}"


def first_control(page):
    """The page's first control in reading order."""
    return {"library_report": lambda: page.draft_button,
            "annex2": lambda: page.add_button}.get(page.table_id, lambda: page.views[0])()


def check_tab_walk(qtbot, window, table_id: str) -> None:
    page = window.show_page(table_id)
    qtbot.wait(20)
    start_at_phone(qtbot, window)
    assert press(qtbot, Qt.Key_Tab) is window.tabs.tabBar()
    first = press(qtbot, Qt.Key_Tab)
    assert first is first_control(page), f"{table_id}: Tab from the tab bar went to {first!r}"
    # Forward through the page (a table keeps Tab inside: it ends the walk), then on to the findings
    # panel and back to the header.
    seen = [first, *walk(qtbot, Qt.Key_Tab, 40, until=lambda w: w is window.header_bar.editors["phone"])]
    assert_plain_stops(window, seen)
    if not any(isinstance(w, QAbstractScrollArea) and w in page.views for w in seen):
        names = [w.objectName() for w in seen]
        assert [n for n in names if n in FINDINGS] == list(FINDINGS), f"{table_id}: {names}"
        assert seen[-1] is window.header_bar.editors["phone"]
        page_part = [w for w in seen if page.isAncestorOf(w)]
        assert seen[:len(page_part)] == page_part, f"{table_id}: the page's controls are not together"
    # Backwards: the tab bar, the header, the findings panel and the page's last control.
    start_at_phone(qtbot, window)
    press(qtbot, Qt.Key_Tab)
    back = walk(qtbot, Qt.Key_Backtab, 9)
    assert_plain_stops(window, back)
    editors = window.header_bar.editors
    assert back[:4] == [editors["phone"], editors["contact"], editors["date"], editors["unit_name"]]
    assert [w.objectName() for w in back[4:7]] == list(reversed(FINDINGS))
    assert page.isAncestorOf(back[7]), f"{table_id}: Shift+Tab from the findings panel went to {back[7]!r}"


@pytest.mark.parametrize("table_id", TABS)
def test_tab_enters_the_page_in_sight(qtbot, open_window, table_id):
    window = open_window(demo=True)
    check_tab_walk(qtbot, window, table_id)


def test_tab_order_after_switching_tabs_and_docking_the_findings_anew(qtbot, open_window):
    window = open_window(demo=True)
    window.show_page("annex1")
    qtbot.wait(20)
    window.findings_panel.setFloating(True)  # the clerk drags the panel out and back in
    qtbot.wait(20)
    window.findings_panel.setFloating(False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    for table_id in (*TABS, "annex1"):  # built after the panel was docked anew, and built before
        check_tab_walk(qtbot, window, table_id)


def test_tab_order_after_opening_another_document(qtbot, open_window):
    window = open_window(demo=True)
    window.show_page("library_report")
    qtbot.wait(20)
    window.open_demo()  # set_session: every page and the findings panel built anew
    qtbot.wait(20)
    for table_id in TABS:
        check_tab_walk(qtbot, window, table_id)


def test_tab_leaves_a_report_section_for_the_next(qtbot, open_window):
    """A report section is a text box: Tab goes on to the next section, as in every form field,
    never a tab character into the report."""
    window = open_window(demo=True)
    page = window.show_page("library_report")
    qtbot.wait(20)
    editors = list(page.editors.values())
    text = editors[0].toPlainText()
    editors[0].setFocus()
    qtbot.waitUntil(editors[0].hasFocus, timeout=2000)
    assert press(qtbot, Qt.Key_Tab) is editors[1]
    assert press(qtbot, Qt.Key_Backtab) is editors[0]
    assert editors[0].toPlainText() == text


def test_ctrl_tab_leaves_a_table_and_plain_tab_stays_in_it(qtbot, open_window):
    """Inside a table Tab moves between cells, as in Excel; Ctrl+Tab is the keyboard's way out, to
    the next control (the 审核结果 panel after 附件1's table), Ctrl+Shift+Tab back to the one before."""
    window = open_window(demo=True)
    page = window.show_page("annex1")
    view = page.views[0]
    qtbot.waitUntil(view.isVisible, timeout=2000)  # a view not yet shown lets Qt take Tab elsewhere
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    assert press(qtbot, Qt.Key_Tab) is view and view.currentIndex().column() == 1
    after = press(qtbot, Qt.Key_Tab, Qt.ControlModifier)
    assert after is not view and after.objectName() in FINDINGS
    assert view.currentIndex().column() == 1  # leaving moved no cell
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    before = press(qtbot, Qt.Key_Backtab, Qt.ControlModifier | Qt.ShiftModifier)
    assert before is not view and before is not None and before.isVisibleTo(window)
