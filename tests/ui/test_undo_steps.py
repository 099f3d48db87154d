"""Undo and redo in the report editors and the 附件5 text boxes (issue 20, item 2): one undo stack
for the window, steps as a clerk thinks of them (a paste, a typed sentence or burst, an inserted
figure), and redo always possible right after undo."""

from __future__ import annotations

import pytest

from hbaccept_gui.core.cells import get_value
from hbaccept_gui.core.document import FieldSegment, segments_text
from hbaccept_gui.ui import widgets
from hbaccept_gui.ui.qt import QApplication, QContextMenuEvent, QMimeData, QPoint, QTextCursor, QTimer, Qt

from test_editing import ime_commit

PARAGRAPH = "本年度共组织培训三次，参训人员一百二十人。"


def put_on_clipboard(text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    QApplication.clipboard().setMimeData(mime)


def report_editor(window, section="measures"):
    editor = window.show_page("library_report").editors[section]
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.End)
    editor.setTextCursor(cursor)
    return editor


def stored_text(window, editor) -> str:
    return segments_text(get_value(window.session.document, editor.ref))


def test_a_pasted_paragraph_comes_back_with_ctrl_y_after_ctrl_z(qtbot, open_window):
    window = open_window(demo=True)
    editor = report_editor(window)
    before = stored_text(window, editor)
    put_on_clipboard(PARAGRAPH)
    qtbot.keyClick(editor, Qt.Key_V, Qt.ControlModifier)
    qtbot.wait(1000)  # the clerk waits a second
    assert stored_text(window, editor) == before + PARAGRAPH
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert stored_text(window, editor) == before, "the paste goes, and only the paste"
    assert PARAGRAPH not in editor.toPlainText()
    assert window.act_redo.isEnabled(), "重做 is offered right after the undo"
    qtbot.wait(600)  # nothing the editor does on its own may use up the redo
    assert window.session.undo_stack.canRedo()
    qtbot.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert stored_text(window, editor) == before + PARAGRAPH
    assert editor.toPlainText().endswith(PARAGRAPH)


def test_each_typed_sentence_is_one_step(qtbot, open_window):
    window = open_window(demo=True)
    editor = report_editor(window, "problems")
    before = stored_text(window, editor)
    ime_commit(editor, "第一句话。")
    ime_commit(editor, "第二句")
    ime_commit(editor, "话。")
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert stored_text(window, editor) == before + "第一句话。"
    assert editor.toPlainText().endswith("第一句话。")
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert stored_text(window, editor) == before, "the drafted text before stays"
    qtbot.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    qtbot.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert stored_text(window, editor) == before + "第一句话。第二句话。"


def test_the_toolbar_undo_takes_back_one_burst_not_the_section(qtbot, open_window, monkeypatch):
    monkeypatch.setattr(widgets, "BURST_PAUSE_S", 0.3, raising=False)
    window = open_window(demo=True)
    editor = report_editor(window, "problems")
    before = stored_text(window, editor)
    qtbot.keyClicks(editor, "abc")
    qtbot.wait(700)  # a pause: the next keys are a new step
    qtbot.keyClicks(editor, "def")
    window.act_undo.trigger()  # typing not yet stored is stored first, then undone
    assert stored_text(window, editor) == before + "abc"
    assert editor.toPlainText().endswith("abc")
    window.act_undo.trigger()
    assert stored_text(window, editor) == before
    window.act_redo.trigger()
    assert stored_text(window, editor) == before + "abc"


def test_an_inserted_figure_is_its_own_step(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("library_report")
    editor = report_editor(window, "problems")
    before = get_value(window.session.document, editor.ref)
    qtbot.keyClicks(editor, "rate ")
    page.target = editor
    page.insert_field("annex1.rate.digital_resources")
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    after = get_value(window.session.document, editor.ref)
    assert not any(isinstance(s, FieldSegment) for s in after[len(before) - 1:]), "the figure goes"
    assert segments_text(after).endswith("rate "), "the typing before it stays"
    qtbot.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert get_value(window.session.document, editor.ref)[-1] == FieldSegment("annex1.rate.digital_resources")


def test_undo_in_a_report_reaches_a_table_edit_before_it(qtbot, open_window):
    """One stack: with nothing typed in the report, Ctrl+Z there takes back the last table edit."""
    window = open_window(demo=True)
    window.session.set_text(window.page("annex1").views[0].model().cell(
        window.page("annex1").views[0].model().index(0, 0)).ref, "3")
    editor = report_editor(window)
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert str(window.session.document.assigned["digital_resources"]) == "1"


@pytest.mark.parametrize("box", ["other", "local_funds"])
def test_annex5_text_boxes_undo_and_redo_on_the_document(qtbot, open_window, box):
    window = open_window(demo=True)
    page = window.show_page("annex5")
    editor = getattr(page, box)
    editor.setFocus()
    editor.moveCursor(QTextCursor.End)
    before = editor.toPlainText()
    ime_commit(editor, "资金已全部拨付。")
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert editor.toPlainText() == before
    assert get_value(window.session.document, editor.ref) == before
    assert window.act_redo.isEnabled()
    qtbot.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert editor.toPlainText() == before + "资金已全部拨付。"
    assert get_value(window.session.document, editor.ref) == before + "资金已全部拨付。"
    put_on_clipboard("另附说明。")
    qtbot.keyClick(editor, Qt.Key_V, Qt.ControlModifier)
    qtbot.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert get_value(window.session.document, editor.ref) == before + "资金已全部拨付。", "a paste is one step"


def choose_in_context_menu(widget, text: str) -> list[bool]:
    """Open the widget's context menu as a right click does and choose `text`; returns whether the
    action was enabled."""
    enabled: list[bool] = []

    def choose():
        menu = QApplication.activePopupWidget()
        if menu is None:
            return
        action = next(a for a in menu.actions() if a.text().startswith(text))
        enabled.append(action.isEnabled())
        menu.close()
        action.trigger()

    QTimer.singleShot(100, choose)
    QApplication.sendEvent(widget.viewport(), QContextMenuEvent(QContextMenuEvent.Mouse, QPoint(5, 5), widget.viewport().mapToGlobal(QPoint(5, 5))))
    return enabled


def test_the_context_menu_undo_is_the_documents(qtbot, open_window):
    window = open_window(demo=True)
    editor = report_editor(window, "problems")
    before = stored_text(window, editor)
    ime_commit(editor, "补充一句。")
    assert choose_in_context_menu(editor, "撤销") == [True]
    assert stored_text(window, editor) == before
    qtbot.wait(600)
    assert window.act_redo.isEnabled(), "the undo was a step of the document: it can be redone"
    assert choose_in_context_menu(editor, "重做") == [True]
    assert stored_text(window, editor) == before + "补充一句。"
