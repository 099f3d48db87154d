"""Keys typed in a table stay in that table, even when an edit reshapes it (a placeholder row that
becomes a contractor row, a row added or removed by undo): the trap where Tab from a new
contractor's name jumped to 单位名称 and the next keys replaced the unit name."""

from __future__ import annotations

from hbaccept_gui.ui.qt import QApplication, QLineEdit, Qt

from conftest import page_of
from test_editing import ime_commit, key_with_text


def placeholder_cell(model, column: int = 2):
    """The first grey 「承建单位n」 row of a task with no contractor yet."""
    row = next(r for r in range(model.rowCount()) if model.cell(model.index(r, column)).placeholder_task)
    return model.index(row, column)


def no_stray_editor_warnings(qtlog) -> bool:
    return not [m for m in qtlog.records if "does not belong to this view" in m.message]


def test_tab_from_a_new_contractor_row_stays_in_the_table(qtbot, qtlog, open_window):
    window = open_window(demo=True)
    unit = window.session.document.header["unit_name"]
    view = window.show_page("annex4").view
    index = placeholder_cell(view.model())
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    ime_commit(editor, "石家庄数字文化公司")
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert view.hasFocus(), f"the focus went to {type(QApplication.focusWidget()).__name__}"
    assert (view.currentIndex().row(), view.currentIndex().column()) == (index.row(), index.column() + 1)
    assert view.model().index(index.row(), index.column()).data(Qt.DisplayRole) == "石家庄数字文化公司"
    qtbot.keyClick(view, Qt.Key_Tab)
    key_with_text(view, "1")  # what the trap typed into 单位名称
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert window.session.document.header["unit_name"] == unit
    assert no_stray_editor_warnings(qtlog)


def test_enter_from_a_new_contractor_row_moves_down_in_the_table(qtbot, qtlog, open_window):
    window = open_window(demo=True)
    view = window.show_page("annex4").view
    index = placeholder_cell(view.model())
    view.setFocus()
    view.setCurrentIndex(index)
    key_with_text(view, "甲")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)
    assert view.hasFocus()
    assert (view.currentIndex().row(), view.currentIndex().column()) == (index.row() + 1, index.column())
    assert no_stray_editor_warnings(qtlog)


def test_undoing_a_row_keeps_the_clerk_in_the_table(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    window.show_page("annex2")
    view = page.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 2))  # the Baoding library's row
    rows = view.model().rowCount()
    window.act_insert.trigger()
    assert view.model().rowCount() == rows + 1
    window.act_undo.trigger()
    assert view.model().rowCount() == rows
    assert view.hasFocus() and view.currentIndex().isValid()
