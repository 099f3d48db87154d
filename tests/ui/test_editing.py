"""Driving the real window with the keyboard and the clipboard, as a clerk would."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.document import Unparsed
from hbaccept_gui.ui.qt import (
    QApplication,
    QEvent,
    QFrame,
    QInputMethodEvent,
    QItemSelection,
    QItemSelectionModel,
    QKeyEvent,
    QLabel,
    QLineEdit,
    Qt,
)
from hbaccept_gui.ui.sheet_model import HINT_ROLE

from conftest import page_of

BAODING = [("《续吴先贤讃》", 317), ("《周易传义》", 609), ("《甲子会纪》", 270), ("《海琼玊蟾先生文集》", 497),
           ("《三朝北盟会编》", 3865), ("《大明一统志》", 2993), ("《东洲初稿》", 621), ("《可泉辛巳集》", 306),
           ("《畿辅七名家诗钞》", 796)]


def focus_cell(window, page, view, row, column):
    window.show_page(page.table_id)
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))


def focus_works(window, row, column):
    """The works list of 附件2, its cell (row, column) current and the keyboard in it."""
    works = window.show_page("annex2").works.view
    works.setFocus()
    works.setCurrentIndex(works.model().index(row, column))
    return works


def ime_commit(widget, text):
    """What a Chinese IME sends when the clerk picks the characters: a commit string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def key_with_text(widget, text):
    """A key press that produces `text`, as a full-width IME mode or a keyboard does."""
    QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyPress, Qt.Key_unknown, Qt.NoModifier, text))
    QApplication.sendEvent(widget, QKeyEvent(QEvent.KeyRelease, Qt.Key_unknown, Qt.NoModifier, text))


def retype_header(window, field_id: str, text: str):
    """Select all of a header field and type `text` over it as a Chinese IME commits it (not yet
    stored: Enter, Tab or leaving the field stores it). Returns the field."""
    editor = window.header_bar.editors[field_id]
    editor.setFocus()
    editor.selectAll()
    ime_commit(editor, text)
    return editor


def type_into(qtbot, view, text, key=Qt.Key_Return):
    """Type like a clerk: typing opens the editor (replacing the content), Enter (or Tab) commits."""
    key_with_text(view, text[0])
    editor = QApplication.focusWidget()
    if len(text) > 1:
        ime_commit(editor, text[1:])
    assert isinstance(editor, QLineEdit), "typing into a cell should open an editor"
    assert editor.text() == text, "typing replaces what the cell held"
    qtbot.keyClick(editor, key)
    return editor


def test_typing_replaces_and_enter_moves_down(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex1")
    view = page.views[0]
    focus_cell(window, page, view, 0, 0)
    type_into(qtbot, view, "２")  # full-width digit from a Chinese IME
    session = window.session
    assert session.document.assigned["digital_resources"] == Decimal(2)
    assert session.results["annex1.rate.digital_resources"].text == "51.37"
    assert view.currentIndex().row() == 1 and view.currentIndex().column() == 0
    assert view.model().index(1, 0).data(Qt.DisplayRole) == "1.0274"
    assert window.windowTitle() == "未命名* — 2024年度 — 验收材料填报助手"


def test_tab_moves_right_like_excel(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex1")
    view = page.views[0]
    focus_cell(window, page, view, 0, 0)
    type_into(qtbot, view, "3", key=Qt.Key_Tab)
    assert window.session.document.assigned["digital_resources"] == Decimal(3)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 1)
    qtbot.keyClick(view, Qt.Key_Tab)  # not editing: Tab still moves, never leaves the table
    assert view.hasFocus()


def test_invalid_entry_is_refused_in_place_with_its_message(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex1")
    view = page.views[0]
    focus_cell(window, page, view, 0, 0)
    editor = type_into(qtbot, view, "abc")
    assert QApplication.focusWidget() is editor, "the editor stays open on a refused value"
    message = window.statusBar().currentMessage()
    assert "附件1 下达任务量「基础数字资源项目建设数量（万筒子叶）」" in message and "不是数字" in message
    assert window.session.document.assigned["digital_resources"] == Decimal(1)
    qtbot.keyClick(editor, Qt.Key_Escape)
    assert window.session.document.assigned["digital_resources"] == Decimal(1)


def test_derived_cells_are_read_only_and_explain_their_formula(open_window):
    window = open_window(demo=True)
    model = page_of(window, "annex2").views[0].model()
    index = model.index_of(CellRef("annex2", ("digital_resources", 0), "completed"))
    assert not (model.flags(index) & Qt.ItemIsEditable)
    assert "Σ 9 种古籍 10274 叶 ÷ 10000 = 1.0274 万筒子叶" in index.data(Qt.ToolTipRole)
    assert index.data(Qt.DisplayRole) == "1.0274 万筒子叶"


def test_guidance_of_annex4_shows_as_placeholder_hints(open_window):
    window = open_window(demo=True)
    model = page_of(window, "annex4").views[0].model()
    hints = {model.index(0, c).data(HINT_ROLE) for c in range(model.columnCount())}
    assert "（要求详细介绍项目建设内容、建设成果、取得的服务成效，要求具体、量化，注明项目名称。下同。）" in hints
    assert "承建单位1" in hints


def test_pasting_nine_works_gives_10274_leaves_and_one_undo_restores(qtbot, open_window):
    window = open_window()  # a new, empty document
    session = window.session
    page = page_of(window, "annex2")
    view = page.views[0]
    focus_cell(window, page, view, 0, 2)  # 基础数字资源项目, 承建单位 (the empty placeholder row)
    type_into(qtbot, view, "保定市图书馆")
    assert session.document.details["digital_resources"][0].text("contractor") == "保定市图书馆"
    works = focus_works(window, 0, 0)
    QApplication.clipboard().setText("".join(f"{t}\t{n}\r\n" for t, n in BAODING))  # as Excel copies
    qtbot.keyClick(works, Qt.Key_V, Qt.ControlModifier)
    assert session.results["annex2.digital_resources.count"].text == "10274"
    assert works.model().rowCount() == 10  # nine works and the empty row to append
    annex1 = page_of(window, "annex1")
    focus_cell(window, annex1, annex1.views[0], 0, 0)
    type_into(qtbot, annex1.views[0], "1")
    assert session.results["annex1.completed.digital_resources"].text == "1.0274"
    assert session.results["annex1.rate.digital_resources"].text == "102.74"
    assert "10274 叶 ÷ 10000 = 1.0274 万筒子叶" in page.works.total.text()
    window.act_undo.trigger()  # the 下达 entry
    window.act_undo.trigger()  # the paste: one step
    assert session.document.details["digital_resources"][0].items == []
    assert session.results["annex2.digital_resources.count"].text == "0"
    window.act_redo.trigger()
    assert session.results["annex2.digital_resources.count"].text == "10274"


def test_a_paste_keeps_a_count_that_is_not_a_number_as_pasted_and_says_so(qtbot, open_window):
    """Issue 20 item 6 (this paste used to be refused whole, named only in the status bar)."""
    window = open_window(demo=True)
    works = focus_works(window, 0, 1)
    QApplication.clipboard().setText("317\n约六百\n")
    qtbot.keyClick(works, Qt.Key_V, Qt.ControlModifier)
    counts = [item.count for item in window.session.document.details["digital_resources"][0].items[:2]]
    assert counts == [Decimal(317), Unparsed("约六百", "“约六百”请改用阿拉伯数字填写")]
    assert window.session.results["annex2.digital_resources.count"].text == str(10274 - 609)
    banner = window.findChild(QFrame, "attentionBanner")
    assert banner is not None and banner.isVisible() and "1 个单元格需要修改" in banner.label.text()
    assert "数字化古籍清单第2行" in banner.label.text()


def test_copy_gives_tab_separated_text(qtbot, open_window):
    window = open_window(demo=True)
    works = focus_works(window, 0, 0)
    model = works.model()
    works.selectionModel().select(QItemSelection(model.index(0, 0), model.index(1, 1)),
                                  QItemSelectionModel.ClearAndSelect)
    qtbot.keyClick(works, Qt.Key_C, Qt.ControlModifier)
    assert QApplication.clipboard().text() == "《续吴先贤讃》\t317\n《周易传义》\t609\n"


def test_delete_clears_and_undo_brings_back(qtbot, open_window):
    window = open_window(demo=True)
    works = focus_works(window, 3, 1)
    qtbot.keyClick(works, Qt.Key_Delete)
    assert window.session.results["annex2.digital_resources.count"].text == str(10274 - 497)
    window.act_undo.trigger()
    assert window.session.results["annex2.digital_resources.count"].text == "10274"


def test_insert_and_remove_contractor_rows_with_undo(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex4")
    window.show_page(page.table_id)
    view = page.views[0]
    view.setFocus()
    view.setCurrentIndex(view.model().index(4, 2))  # 赶大集专区建设（文创部分）
    window.act_insert.trigger()
    rows = window.session.document.details["market_zones_creative"]
    assert len(rows) == 1
    focus_cell(window, page, view, 4, 8)  # 实际完成量
    type_into(qtbot, view, "3")
    assert window.session.results["annex3.completed.market_zones"].text == "3"
    focus_cell(window, page, view, 4, 2)
    window.act_remove.trigger()
    assert window.session.document.details["market_zones_creative"] == []
    window.act_undo.trigger()
    assert window.session.results["annex3.completed.market_zones"].text == "3"


def test_header_fields_are_entered_once_for_every_form(qtbot, open_window):
    window = open_window(demo=True)
    editor = retype_header(window, "contact", "李双秋")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert window.session.document.header["contact"] == "李双秋"
    window.act_undo.trigger()
    assert window.session.document.header["contact"] == "王晓梅（示例）"
    assert editor.text() == "王晓梅（示例）"


def test_report_typing_is_stored_and_undone_as_one_step(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "library_report")
    window.show_page(page.table_id)
    editor = page.editors["measures"]
    ref = CellRef("library_report", (), "measures")
    from hbaccept_gui.core.cells import get_value
    from hbaccept_gui.core.document import segments_text

    drafted = get_value(window.session.document, ref)
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key_Delete)
    ime_commit(editor, "成立领导小组")
    editor.commit()
    ime_commit(editor, "，制定方案")
    editor.commit()
    assert segments_text(get_value(window.session.document, ref)) == "成立领导小组，制定方案"
    window.act_undo.trigger()
    assert get_value(window.session.document, ref) == drafted
    assert editor.toPlainText() == segments_text(drafted)


def test_indicator_tables_read_like_the_paper_form(open_window):
    window = open_window(demo=True)
    view = window.show_page("annex3").views[0]
    assert view.findChild(QLabel, "cornerLabel").text() == "项目名称"
    model = view.model()
    assert [model.headerData(r, Qt.Vertical) for r in range(3)] == ["下达任务量", "实际完成任务量", "完成率"]
    assert model.groups() == [(6, 6, "统筹推动脱贫县（团场）全民艺术普及高质量发展任务量")]


def clipboard_from(formats: dict[str, bytes | str]):
    """Put on the clipboard what a program offers: each format with its data."""
    from hbaccept_gui.ui.qt import QMimeData

    mime = QMimeData()
    for name, data in formats.items():
        if name == "text/plain":
            mime.setText(data)
        elif name == "text/html":
            mime.setHtml(data)
        else:
            mime.setData(name, data if isinstance(data, bytes) else data.encode("utf-8"))
    QApplication.clipboard().setMimeData(mime)


def test_a_word_paragraph_with_tabs_pastes_into_one_cell(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    focus_cell(window, page, page.view, 0, 5)  # 项目任务完成情况 of the Baoding row
    clipboard_from({"text/plain": "完成古籍数字化\t共9种\r\n见附表\r\n",
                    "text/html": "<p class=MsoNormal>完成古籍数字化<span style='mso-tab-count:1'> </span>共9种</p>",
                    'application/x-qt-windows-mime;value="Rich Text Format"': b"{\\rtf1 ...}"})
    qtbot.keyClick(page.view, Qt.Key_V, Qt.ControlModifier)
    row = window.session.document.details["digital_resources"][0]
    assert row.text("description") == "完成古籍数字化\t共9种\n见附表"
    assert row.text("copyright") == "" and row.text("remarks") == "", "nothing spilled into the next columns"


def test_an_excel_block_fills_the_cells_right_and_below(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    focus_cell(window, page, page.view, 0, 6)  # 版权 of the Baoding row
    clipboard_from({"text/plain": "自有版权\t示例备注\r\n",
                    "text/html": "<table><tr><td>自有版权</td><td>示例备注</td></tr></table>",
                    'application/x-qt-windows-mime;value="Biff12"': b"\x00\x01",
                    'application/x-qt-windows-mime;value="XML Spreadsheet"': "<Workbook/>"})
    qtbot.keyClick(page.view, Qt.Key_V, Qt.ControlModifier)
    row = window.session.document.details["digital_resources"][0]
    assert (row.text("copyright"), row.text("remarks")) == ("自有版权", "示例备注")
