"""#13 in the real window: text from Word with its manual line breaks (item 5), money with its two
decimals (item 7), a falling 增长率 (item 8), and the formula of a computed 实际完成 (item 13)."""

from __future__ import annotations

import json
from decimal import Decimal

from hbaccept_gui.core.cells import CellRef, get_value
from hbaccept_gui.core.document import segments_text
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.ui.clipboard import hand_clipboard_to_qt
from hbaccept_gui.ui.qt import QApplication, QPlainTextEdit, Qt

from conftest import page_of
from test_editing import clipboard_from, focus_cell, type_into

DESCRIPTION_COLUMN, COPYRIGHT_COLUMN = 5, 6  # of 附件2
LIVE = [("石家庄市群众艺术馆", "6"), ("正定县文化馆", "4"), ("赞皇县文化馆", "3")]


def status(window) -> str:
    return window.statusBar().currentMessage()


def annex2_row(window):
    return window.session.document.details["digital_resources"][0]


# ---------------------------------------------------------------- item 5: text from Word


def test_word_line_breaks_pasted_into_a_cell_editor_become_line_breaks(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    focus_cell(window, page, page.view, 0, DESCRIPTION_COLUMN)
    qtbot.keyClick(page.view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit)
    QApplication.clipboard().setText("完成古籍数字化。\x0b共9种。\u2028见附表\x07")  # Shift+Enter in Word, a stray bell
    qtbot.keyClick(editor, Qt.Key_V, Qt.ControlModifier)
    qtbot.keyClick(editor, Qt.Key_Tab)
    assert annex2_row(window).text("description") == "完成古籍数字化。\n共9种。\n见附表"
    assert QApplication.focusWidget() is page.view, "accepted: the editor closed and Tab moved on"
    assert "「项目任务完成情况」：已删除不可见的控制字符（U+0007）" in status(window)
    assert "请删除后再填" not in status(window)


def test_a_block_with_word_line_breaks_and_control_characters_pastes_whole(qtbot, open_window):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    focus_cell(window, page, page.view, 0, COPYRIGHT_COLUMN)
    QApplication.clipboard().setText("自有版权\x0b（馆藏）\t备\x01注\r\n")  # one row of 版权情况 and 备注
    qtbot.keyClick(page.view, Qt.Key_V, Qt.ControlModifier)
    row = annex2_row(window)
    assert (row.text("copyright"), row.text("remarks")) == ("自有版权\n（馆藏）", "备注")
    assert "粘贴未完成" not in status(window)
    assert "「备注」：已删除不可见的控制字符（U+0001）" in status(window)
    window.act_undo.trigger()  # still one step
    assert (annex2_row(window).text("copyright"), annex2_row(window).text("remarks")) == ("", "")


def test_word_line_breaks_pasted_into_a_report_become_paragraphs(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("library_report")
    editor = page.editors["problems"]
    editor.setFocus()
    editor.selectAll()
    clipboard_from({"text/plain": "（一）存在的困难。\x0b资金到位晚。\x0c",
                    "text/html": "<p class=MsoNormal>（一）存在的困难。<br>资金到位晚。</p>"})
    qtbot.keyClick(editor, Qt.Key_V, Qt.ControlModifier)
    editor.commit()
    hand_clipboard_to_qt()  # as the app does on quitting: Python-made clipboard data crashes the exit
    stored = segments_text(get_value(window.session.document, editor.ref))
    assert stored == "（一）存在的困难。\n资金到位晚。"
    assert "已删除不可见的控制字符（U+000C）" in status(window)


# ---------------------------------------------------------------- item 7: 万元 with two decimals


def funding_view(window):
    return window.show_page("annex5").views[0]


def test_money_shows_two_decimals_and_keeps_them_when_typed(qtbot, open_window):
    window = open_window(demo=True)
    view = funding_view(window)
    model = view.model()
    assert [model.index(0, c).data(Qt.DisplayRole) for c in range(3)] == ["20.00", "19.60", "98.00%"]
    focus_cell(window, page_of(window, "annex5"), view, 0, 0)
    type_into(qtbot, view, "50.00", key=Qt.Key_Tab)
    type_into(qtbot, view, "52.3")
    assert window.session.document.funding["library"].executed == Decimal("52.3")
    assert [model.index(0, c).data(Qt.DisplayRole) for c in range(3)] == ["50.00", "52.30", "104.60%"]
    assert model.index(0, 1).data(Qt.EditRole) == "52.30", "the editor opens on what the cell shows"


# ---------------------------------------------------------------- item 8: a falling 增长率


def perf_view(window):
    return window.show_page("annex5").views[1]


def perf_row(window, indicator_id: str) -> int:
    return [i.id for i in window.session.definition.performance.indicators].index(indicator_id)


def test_a_negative_growth_rate_is_accepted_and_asks_for_a_reason(qtbot, open_window):
    window = open_window(demo=True)
    view = perf_view(window)
    row = perf_row(window, "library_visits_growth")
    focus_cell(window, page_of(window, "annex5"), view, row, 4)
    type_into(qtbot, view, "-3.5")
    assert window.session.document.performance["library_visits_growth"].achieved == Decimal("-3.5")
    assert view.model().index(row, 4).data(Qt.DisplayRole) == "-3.5%"
    window.session.run_checks()
    assert any(f.rule == "P03" and f.ref.row == ("perf", "library_visits_growth") for f in window.session.findings)


def test_other_quantities_still_refuse_a_negative(qtbot, open_window):
    window = open_window(demo=True)
    view = perf_view(window)
    row = perf_row(window, "library_satisfaction")
    focus_cell(window, page_of(window, "annex5"), view, row, 4)
    editor = type_into(qtbot, view, "-96")
    assert QApplication.focusWidget() is editor, "refused: the editor stays open"
    assert "“-96”是负数，本栏不能为负" in status(window)
    assert window.session.document.performance["library_satisfaction"].achieved == Decimal("96")


# ---------------------------------------------------------------- item 13: the sum behind 实际完成


def test_the_computed_completed_cell_shows_the_sum_and_who_did_it(qtbot, open_window, tmp_path):
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["document"]["assigned"]["live_broadcasts"] = "12"
    raw["document"]["details"]["live_broadcasts"] = [
        {"contractor": name, "subproject": "", "assigned": "4", "description": "已完成。", "url": "", "remarks": "",
         "completed": done, "items": []} for name, done in LIVE]
    path = tmp_path / "石家庄.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = open_window(file=str(path))
    model = window.show_page("annex3").views[0].model()
    tip = model.index_of(CellRef("annex3", ("completed",), "live_broadcasts")).data(Qt.ToolTipRole)
    assert "6 + 4 + 3 = 13 场：石家庄市群众艺术馆 6、正定县文化馆 4、赞皇县文化馆 3" in tip
    assert "13 = 13 场" not in tip
