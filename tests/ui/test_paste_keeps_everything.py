"""A 60-row block pasted from Excel with a bad cell is pasted whole (issue 20, item 6): what does not
parse stays in its cell as pasted, tinted and listed in 审核结果, a banner says how many cells need
attention, and only rows with a title and a count are counted as 种."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.document import Unparsed
from hbaccept_gui.ui.qt import QApplication, QFrame, QMimeData, Qt, QToolButton
from hbaccept_gui.ui.sheet_model import REFUSED_BACKGROUND

from test_audit import findings_rows
from test_editing import focus_works

BAD_ROW, EMPTY_ROW = 17, 40


def excel_block(rows: list[list[str]]) -> QMimeData:
    """A block as Excel puts it on the clipboard: tab-separated text and an HTML table."""
    mime = QMimeData()
    mime.setText("".join("\t".join(row) + "\r\n" for row in rows))
    mime.setHtml("<table>" + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in rows)
                 + "</table>")
    return mime


def sixty_books() -> list[list[str]]:
    rows = [[f"《测试古籍{n + 1}》", str(100 + n)] for n in range(60)]
    rows[BAD_ROW][1] = "约三百"
    rows[EMPTY_ROW][1] = ""
    return rows


def banner(window):
    """The strip above the tabs that says what a paste left to correct."""
    found = window.findChild(QFrame, "attentionBanner")
    assert found is not None, "the window has no banner for pasted cells to correct"
    return found


def count_ref(item: int) -> CellRef:
    return CellRef("annex2", ("digital_resources", 0, item), "count")


def test_a_sixty_row_paste_with_a_bad_cell_is_pasted_whole(qtbot, open_window):
    window = open_window(demo=True)
    works = focus_works(window, 0, 0)
    QApplication.clipboard().setMimeData(excel_block(sixty_books()))
    qtbot.keyClick(works, Qt.Key_V, Qt.ControlModifier)

    items = window.session.document.details["digital_resources"][0].items
    assert len(items) == 60, "every row is pasted"
    assert items[BAD_ROW].count == Unparsed("约三百", "“约三百”请改用阿拉伯数字填写")
    assert items[EMPTY_ROW].count is None and items[59].count == Decimal(159)
    assert works.model().index(BAD_ROW, 1).data(Qt.DisplayRole) == "约三百", "the refused text stays in its cell"
    assert works.model().index(BAD_ROW, 1).data(Qt.BackgroundRole) == REFUSED_BACKGROUND

    assert banner(window).isVisible(), "a visible message, not only the status bar"
    assert "1 个单元格需要修改" in banner(window).label.text()
    assert f"数字化古籍清单第{BAD_ROW + 1}行「筒子叶数（叶）」" in banner(window).label.text()

    window.session.run_checks()
    n01 = [f for f in window.session.findings if f.rule == "N01"]
    assert [f.ref for f in n01] == [count_ref(BAD_ROW)]
    assert any(row[0] == "错误" and row[2] == "N01" and "约三百" in row[3] for row in findings_rows(window))

    assert window.session.results["annex2.digital_resources.items"].value == Decimal(58), (
        "a row without a count is not a 种: 60 lines, one empty and one unreadable count")
    assert "Σ 58 种古籍" in window.session.results["annex2.digital_resources.0.completed"].formula

    window.act_undo.trigger()  # the paste is one step
    assert [i.title for i in window.session.document.details["digital_resources"][0].items][0] == "《续吴先贤讃》"
    assert len(window.session.document.details["digital_resources"][0].items) == 9


def test_the_banner_closes_and_shows_the_findings(qtbot, open_window):
    window = open_window(demo=True)
    works = focus_works(window, 0, 1)
    QApplication.clipboard().setMimeData(excel_block([["三百"], ["x"]]))
    qtbot.keyClick(works, Qt.Key_V, Qt.ControlModifier)
    assert "2 个单元格需要修改" in banner(window).label.text()
    window.findings_panel.hide()
    qtbot.mouseClick(banner(window).findings_button, Qt.LeftButton)
    assert window.findings_panel.isVisible()
    assert works.hasFocus(), "the banner never takes the keyboard from the table"
    close = next(b for b in banner(window).findChildren(QToolButton) if b.text() == "关闭")
    qtbot.mouseClick(close, Qt.LeftButton)
    assert not banner(window).isVisible()


def test_a_paste_into_annex1_keeps_a_bad_number_too(qtbot, open_window):
    window = open_window(demo=True)
    view = window.show_page("annex1").views[0]
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    QApplication.clipboard().setMimeData(excel_block([["一万", "2"]]))
    qtbot.keyClick(view, Qt.Key_V, Qt.ControlModifier)
    assigned = window.session.document.assigned
    assert isinstance(assigned["digital_resources"], Unparsed) and assigned["digital_resources"].text == "一万"
    assert banner(window).isVisible() and "1 个单元格需要修改" in banner(window).label.text()
