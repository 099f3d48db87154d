"""The header fields (单位名称, 日期, 项目联系人, 联系电话) typed into as a clerk does (issue #13, items 2
and 3): the date is typed in any usual form or picked in a calendar that opens at today, Tab moves
on, and Ctrl+Z / Ctrl+Y in a field are the document's one undo stack."""

from __future__ import annotations

from datetime import date

import pytest

from hbaccept_gui.ui.qt import QApplication, QCalendarWidget, QDate, QToolButton, Qt

from conftest import page_of
from test_editing import focus_cell, ime_commit, key_with_text, retype_header, type_into

DEMO_DATE = date(2025, 6, 5)
DEMO_CONTACT = "王晓梅（示例）"


def tab_into_date(qtbot, window):
    """Click 单位名称, then Tab: the clerk arrives in 日期 with its text selected."""
    unit = window.header_bar.editors["unit_name"]
    unit.setFocus(Qt.MouseFocusReason)
    qtbot.keyClick(unit, Qt.Key_Tab)
    editor = window.header_bar.editors["date"]
    assert QApplication.focusWidget() is editor, "Tab from 单位名称 goes to 日期"
    return editor


@pytest.mark.parametrize("typed", ["2025-06-10", "2025/6/10", "2025.6.10", "20250610"])
def test_a_date_typed_on_the_keyboard_is_stored_and_tab_moves_on(qtbot, open_window, typed):
    window = open_window()
    editor = tab_into_date(qtbot, window)
    qtbot.keyClicks(editor, typed)
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert window.session.document.header["date"] == date(2025, 6, 10)
    assert editor.text() == "2025年06月10日", "the field shows the date as the forms print it"
    assert QApplication.focusWidget() is window.header_bar.editors["contact"], "Tab moves on to 项目联系人"


@pytest.mark.parametrize("typed", ["2025年6月10日", "２０２５－０６－１０", "２０２５年６月１０日"])
def test_a_date_from_a_chinese_ime_is_stored(qtbot, open_window, typed):
    window = open_window()
    editor = tab_into_date(qtbot, window)
    key_with_text(editor, typed[0])  # the first key, then the IME's commit string
    ime_commit(editor, typed[1:])
    qtbot.keyClick(editor, Qt.Key_Return)
    assert window.session.document.header["date"] == date(2025, 6, 10)
    assert editor.text() == "2025年06月10日"


@pytest.mark.parametrize(("typed", "reason"), [("2025-13-45", "这一天不存在"), ("下周一", "不是日期"),
                                               ("6月10日", "不是日期")])
def test_a_date_that_is_not_one_is_refused_and_the_field_keeps_it(qtbot, open_window, typed, reason):
    window = open_window(demo=True)
    editor = tab_into_date(qtbot, window)
    key_with_text(editor, typed[0])
    ime_commit(editor, typed[1:])
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert reason in window.statusBar().currentMessage()
    assert QApplication.focusWidget() is editor, "a refused date keeps the field, like a refused cell"
    assert editor.text() == typed, "what the clerk typed stays, to be corrected"
    assert window.session.document.header["date"] == DEMO_DATE
    qtbot.keyClick(editor, Qt.Key_Escape)  # gives up: the stored date comes back
    assert editor.text() == "2025年06月05日"


def test_the_calendar_opens_at_today_and_picks_a_day_with_the_keyboard(qtbot, open_window):
    window = open_window()  # a new document: no date yet
    editor = tab_into_date(qtbot, window)
    qtbot.keyClick(editor, Qt.Key_Down, Qt.AltModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=2000)
    popup = QApplication.activePopupWidget()
    calendar = popup.findChild(QCalendarWidget)
    today = date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month), "not December 1999"
    assert calendar.selectedDate() == QDate(today.year, today.month, today.day)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert not popup.isVisible()
    assert window.session.document.header["date"] == today
    assert QApplication.focusWidget() is editor


def test_the_calendar_button_opens_at_the_date_already_filled_in(qtbot, open_window):
    window = open_window(demo=True)
    button = window.header_bar.findChild(QToolButton, "headerCalendarButton")
    assert button is not None, "a calendar button beside 日期"
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=2000)
    calendar = QApplication.activePopupWidget().findChild(QCalendarWidget)
    assert (calendar.yearShown(), calendar.monthShown()) == (2025, 6)
    calendar.clicked.emit(QDate(2025, 6, 12))  # a click on the 12th
    assert window.session.document.header["date"] == date(2025, 6, 12)
    assert window.header_bar.editors["date"].text() == "2025年06月12日"


def test_tab_goes_through_every_header_field_and_stores_each(qtbot, open_window):
    """What the issue saw: after the date, contact and phone typed next landed in the date field."""
    window = open_window()
    editor = tab_into_date(qtbot, window)
    qtbot.keyClicks(editor, "2025-06-10")
    qtbot.keyClick(editor, Qt.Key_Tab)
    contact = QApplication.focusWidget()
    ime_commit(contact, "李四")
    qtbot.keyClick(contact, Qt.Key_Tab)
    phone = QApplication.focusWidget()
    assert phone is window.header_bar.editors["phone"]
    qtbot.keyClicks(phone, "0312-1234567")
    qtbot.keyClick(phone, Qt.Key_Return)
    header = window.session.document.header
    assert (header["date"], header["contact"], header["phone"]) == (date(2025, 6, 10), "李四", "0312-1234567")


# ------------------------------------------------------------------ item 3: one undo stack


def test_ctrl_z_in_a_header_field_undoes_the_typed_value_as_one_document_step(qtbot, open_window):
    window = open_window(demo=True)
    editor = retype_header(window, "contact", "李双秋")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert window.session.document.header["contact"] == "李双秋"
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.document.header["contact"] == DEMO_CONTACT
    assert editor.text() == DEMO_CONTACT, "the field shows the restored value"
    assert QApplication.focusWidget() is editor
    qtbot.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert window.session.document.header["contact"] == "李双秋"
    assert editor.text() == "李双秋"
    qtbot.keyClick(editor, Qt.Key_Return)  # nothing of the field's own history is stored later
    assert window.session.document.header["contact"] == "李双秋"


def test_ctrl_z_before_enter_takes_back_the_typing_and_redo_brings_it_again(qtbot, open_window):
    window = open_window(demo=True)
    editor = retype_header(window, "unit_name", "定州市图书馆")
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert editor.text() == "保定市图书馆"
    assert window.session.document.header["unit_name"] == "保定市图书馆"
    qtbot.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert editor.text() == "定州市图书馆"
    assert window.session.document.header["unit_name"] == "定州市图书馆"
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    editor.clearFocus()  # leaving the field stores nothing of its own history
    assert window.session.document.header["unit_name"] == "保定市图书馆"


def test_ctrl_z_in_a_header_field_undoes_the_last_table_edit_too(qtbot, open_window):
    """One stack: the step before is a table cell, and Ctrl+Z in 联系电话 takes it back."""
    window = open_window(demo=True)
    page = page_of(window, "annex1")
    focus_cell(window, page, page.views[0], 0, 0)
    type_into(qtbot, page.views[0], "3")
    phone = window.header_bar.editors["phone"]
    phone.setFocus()
    qtbot.keyClick(phone, Qt.Key_Z, Qt.ControlModifier)
    assert str(window.session.document.assigned["digital_resources"]) == "1"
    assert phone.text() == "0312-1234567"


def test_a_typed_date_is_one_undo_step_and_undo_shows_the_old_date(qtbot, open_window):
    window = open_window(demo=True)
    editor = tab_into_date(qtbot, window)
    qtbot.keyClicks(editor, "2025-06-10")
    qtbot.keyClick(editor, Qt.Key_Tab)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.document.header["date"] == DEMO_DATE
    assert editor.text() == "2025年06月05日"
    assert not window.session.undo_stack.canUndo()


def test_the_edit_menu_undo_stores_the_typing_in_a_header_field_first(qtbot, open_window):
    window = open_window(demo=True)
    phone = window.header_bar.editors["phone"]
    phone.setFocus()
    phone.selectAll()
    qtbot.keyClicks(phone, "0312-7654321")
    qtbot.keyClick(phone, Qt.Key_Return)  # an earlier step: 撤销 is enabled
    editor = retype_header(window, "contact", "李四")
    window.act_undo.trigger()  # 编辑 → 撤销 while the typing is not yet stored
    assert editor.text() == DEMO_CONTACT
    assert window.session.document.header["contact"] == DEMO_CONTACT
    assert window.session.document.header["phone"] == "0312-7654321", "one step: the typing, not the phone"
    window.act_redo.trigger()
    assert window.session.document.header["contact"] == "李四"
    assert editor.text() == "李四"


def test_ctrl_z_after_a_refused_date_takes_back_only_the_typing(qtbot, open_window):
    window = open_window(demo=True)
    phone = window.header_bar.editors["phone"]
    phone.setFocus()
    phone.selectAll()
    qtbot.keyClicks(phone, "0312-7654321")
    qtbot.keyClick(phone, Qt.Key_Return)
    editor = tab_into_date(qtbot, window)
    ime_commit(editor, "明天")
    qtbot.keyClick(editor, Qt.Key_Tab)  # refused: the field keeps 明天
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert editor.text() == "2025年06月05日"
    assert window.session.document.header["phone"] == "0312-7654321", "the phone step is still there"
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert window.session.document.header["phone"] == "0312-1234567"
