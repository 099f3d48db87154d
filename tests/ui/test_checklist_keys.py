"""材料清单 behaves like every other table (issue 20, item 7): a single click on a row and Ctrl+V
fills its 备注 (no double-click first), Delete clears it, each one undo step."""

from __future__ import annotations

from hbaccept_gui.ui.checklist_page import NOTE_COLUMN
from hbaccept_gui.ui.qt import QApplication, QMimeData, Qt

NOTE = "6月10日已发邮件"


def click_note(qtbot, window, row: int):
    table = window.show_page("checklist").table
    table.scrollToItem(table.item(row, NOTE_COLUMN))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, Qt.NoModifier,
                     table.visualItemRect(table.item(row, NOTE_COLUMN)).center())
    return table


def note_of(window, table, row: int) -> str:
    return window.session.document.checklist[table.item(row, 0).data(Qt.UserRole)].note


def test_a_click_and_ctrl_v_pastes_into_the_note(qtbot, open_window):
    window = open_window(demo=True)
    table = click_note(qtbot, window, 1)
    assert table.state() != table.State.EditingState, "a single click does not open an editor"
    mime = QMimeData()
    mime.setText(NOTE)
    QApplication.clipboard().setMimeData(mime)
    qtbot.keyClick(table, Qt.Key_V, Qt.ControlModifier)
    assert note_of(window, table, 1) == NOTE
    assert table.item(1, NOTE_COLUMN).text() == NOTE
    window.act_undo.trigger()
    assert note_of(window, table, 1) == ""


def test_a_column_copied_from_excel_fills_the_notes_below(qtbot, open_window):
    window = open_window(demo=True)
    table = click_note(qtbot, window, 0)
    mime = QMimeData()
    mime.setText("已盖章\r\n已发送\r\n")
    mime.setHtml("<table><tr><td>已盖章</td></tr><tr><td>已发送</td></tr></table>")
    QApplication.clipboard().setMimeData(mime)
    qtbot.keyClick(table, Qt.Key_V, Qt.ControlModifier)
    assert [note_of(window, table, r) for r in (0, 1)] == ["已盖章", "已发送"]


def test_delete_clears_the_note_of_the_clicked_row(qtbot, open_window):
    window = open_window(demo=True)
    table = click_note(qtbot, window, 2)
    QApplication.clipboard().setText(NOTE)
    qtbot.keyClick(table, Qt.Key_V, Qt.ControlModifier)
    assert note_of(window, table, 2) == NOTE
    qtbot.keyClick(table, Qt.Key_Delete)
    assert note_of(window, table, 2) == ""
