"""What a QA session in the real window found (xvfb, 1024×700 and 1366×768): long column headings
clipped at both ends with no way to read them; the paste banner staying after its cells were
fixed; a refusal staying in the status bar after the next entry was accepted; the 附件2 works
list squeezed to two rows, and then the contractor table squeezed to one."""

from __future__ import annotations

import pytest

from hbaccept_gui.ui.qt import (
    QApplication,
    QEvent,
    QFontMetrics,
    QHelpEvent,
    QLabel,
    QRect,
    QStyle,
    QToolButton,
    QToolTip,
    Qt,
)
from hbaccept_gui.ui.sheet_view import SheetView

from test_contractor_rows import row_of
from test_editing import focus_cell, focus_works, key_with_text, type_into
from test_paste_keeps_everything import banner, excel_block


def laid_out(qtbot, window, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width and window.height() == height, timeout=2000)
    qtbot.wait(150)  # the views lay their columns out and their headers follow


# ---------------------------------------------------------------- 1. headings wrap, tooltips tell all


def header_texts(view: SheetView):
    model = view.model()
    for section in range(model.columnCount()):
        yield section, model.headerData(section, Qt.Horizontal, Qt.DisplayRole) or ""


def label_room(header, section: int) -> QRect:
    """The part of a heading's section its label is drawn in (below 附件3's group band)."""
    margin = header.style().pixelMetric(QStyle.PM_HeaderMargin, None, header)
    band = header.band_height() if getattr(header, "groups", None) and header._group(section) else 0
    return QRect(0, 0, header.sectionSize(section) - 2 * margin, header.height() - band - 2)


def assert_headings_fit(view: SheetView) -> None:
    header = view.horizontalHeader()
    metrics = QFontMetrics(header.font())
    for section, text in header_texts(view):
        if header.isSectionHidden(section) or not text:
            continue
        room = label_room(header, section)
        flags = int(header.defaultAlignment())  # as the header draws its headings: wrapped, or not
        needed = metrics.boundingRect(room, flags, text)
        assert needed.width() <= room.width() and needed.height() <= room.height(), (
            f"「{text}」 needs {needed.width()}×{needed.height()}, its section has {room.width()}×{room.height()}")


def tooltip_of(qtbot, header, section: int) -> str:
    QToolTip.hideText()
    position = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    point = header.viewport().rect().center()
    point.setX(position)
    QApplication.sendEvent(header.viewport(), QHelpEvent(QEvent.ToolTip, point, header.viewport().mapToGlobal(point)))
    return QToolTip.text()


def test_annex3_headings_wrap_at_1024_and_their_tooltips_hold_the_full_text(qtbot, open_window):
    window = open_window(demo=True)
    laid_out(qtbot, window, 1024, 700)
    view = window.show_page("annex3").views[0]
    qtbot.wait(150)
    assert_headings_fit(view)
    header = view.horizontalHeader()
    for section, text in header_texts(view):
        assert text.replace("\n", "") in tooltip_of(qtbot, header, section)


def test_every_table_view_wraps_its_headings_at_1024(qtbot, open_window):
    window = open_window(demo=True)
    laid_out(qtbot, window, 1024, 700)
    for _table_id, view in table_views(qtbot, window):
        assert_headings_fit(view)


def table_views(qtbot, window):
    """(page id, view) of every visible table view of the window, each page shown in turn."""
    for lazy in window.pages:
        if lazy.table_id == "checklist" or not window.tabs.isTabVisible(window.tabs.indexOf(lazy)):
            continue
        page = window.show_page(lazy.table_id)
        qtbot.wait(100)
        for view in page.findChildren(SheetView):
            if view.isVisible():
                yield lazy.table_id, view


# ---------------------------------------------------------------- 2. the banner follows its cells


def paste_works(qtbot, window, rows):
    works = focus_works(window, 0, 0)
    QApplication.clipboard().setMimeData(excel_block(rows))
    qtbot.keyClick(works, Qt.Key_V, Qt.ControlModifier)
    return works


def test_the_banner_goes_once_its_cell_is_fixed(qtbot, open_window):
    window = open_window(demo=True)
    works = paste_works(qtbot, window, [["《甲》", "十二"], ["《乙》", "5"]])
    assert banner(window).isVisible() and "“十二”" in banner(window).label.text()
    focus_works(window, 0, 1)
    type_into(qtbot, works, "12")
    assert not banner(window).isVisible(), "no cell left to fix: the banner has done its job"
    window.show_page("annex4")
    assert not banner(window).isVisible()


def test_the_banner_lists_only_the_cells_left_and_goes_with_an_undo(qtbot, open_window):
    window = open_window(demo=True)
    works = paste_works(qtbot, window, [["《甲》", "十二"], ["《乙》", "五"], ["《丙》", "三"]])
    assert "3 个单元格需要修改" in banner(window).label.text()
    focus_works(window, 0, 1)
    type_into(qtbot, works, "12")
    text = banner(window).label.text()
    assert banner(window).isVisible() and "2 个单元格需要修改" in text and "“十二”" not in text, text
    assert "数字化古籍清单第2行" in text and "“五”" in text
    window.act_undo.trigger()  # the 12
    assert "3 个单元格需要修改" in banner(window).label.text(), "the cell needs fixing again"
    window.act_undo.trigger()  # the paste
    assert not banner(window).isVisible()


def test_the_banner_goes_when_its_rows_are_deleted(qtbot, open_window):
    window = open_window(demo=True)
    works = paste_works(qtbot, window, [["《甲》", "十二"]])
    assert banner(window).isVisible()
    focus_works(window, 0, 0)
    window.act_remove.trigger()  # 删除行 on the works list
    assert window.session.document.details["digital_resources"][0].items[0].title != "《甲》"
    assert not banner(window).isVisible()


def test_a_banner_closed_by_hand_stays_closed(qtbot, open_window):
    window = open_window(demo=True)
    works = paste_works(qtbot, window, [["《甲》", "十二"], ["《乙》", "五"]])
    close = next(b for b in banner(window).findChildren(QToolButton) if b.text() == "关闭")
    qtbot.mouseClick(close, Qt.LeftButton)
    focus_works(window, 0, 1)
    type_into(qtbot, works, "12")
    assert not banner(window).isVisible()


# ---------------------------------------------------------------- 3. a refusal goes with the next entry


def status(window) -> str:
    return window.statusBar().currentMessage()


def test_a_refusal_leaves_the_status_bar_once_an_entry_is_accepted(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("annex1")
    view = page.views[0]
    focus_cell(window, page, view, 0, 0)
    key_with_text(view, "1")
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, ".00001")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert "小数位太多" in status(window)
    qtbot.keyClick(editor, Qt.Key_Escape)
    type_into(qtbot, view, "1")  # the value it already had: accepted, nothing changes
    assert "小数位太多" not in status(window)
    window.show_page("annex2")
    assert "小数位太多" not in status(window)


def test_a_wrong_unit_leaves_the_status_bar_once_the_quantity_is_accepted(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("annex2")
    cell = row_of(page, "digital_resources", 0, "assigned")
    focus_cell(window, page, page.view, cell.row(), cell.column())
    key_with_text(page.view, "1")
    editor = QApplication.focusWidget()
    editor.setText("12吨")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert "单位不对" in status(window)
    editor.setText("2")
    qtbot.keyClick(editor, Qt.Key_Return)
    assert "单位不对" not in status(window)


def test_the_prompt_for_a_contractor_name_goes_once_the_name_is_typed(qtbot, open_window):
    window = open_window(demo=True)
    page = window.show_page("annex4")
    task = window.session.definition.tables[3].tasks[0].id
    page.add_contractor(task)
    assert "请填写承建单位名称" in status(window)
    type_into(qtbot, page.view, "正定县文化馆")
    assert "请填写承建单位名称" not in status(window)


def test_an_accepted_entry_leaves_other_messages_alone(qtbot, open_window, tmp_path):
    window = open_window(demo=True)
    window._save_to(tmp_path / "保定.hbaccept")
    assert status(window).startswith("已保存到")
    page = window.show_page("annex1")
    focus_cell(window, page, page.views[0], 0, 0)
    type_into(qtbot, page.views[0], "2")
    assert status(window).startswith("已保存到")


# ---------------------------------------------------------------- 4. the contractor table over the works list


def visible_rows(view) -> int:
    height = view.viewport().height()
    model = view.model()
    return sum(1 for r in range(model.rowCount())
               if view.rowViewportPosition(r) >= 0 and view.rowViewportPosition(r) + view.rowHeight(r) <= height)


def in_sight(widget, rect: QRect) -> bool:
    """`rect` (in `widget`'s coordinates) lies within `widget` and within every widget it is drawn
    in, up to the window: not cut off by a scroll area that holds it."""
    while True:
        if not widget.rect().contains(rect):
            return False
        if widget.isWindow():
            return True
        rect = rect.translated(widget.pos())
        widget = widget.parentWidget()


def rows_in_sight(view) -> int:
    """Rows the clerk can see whole, on the screen (visible_rows counts those in the table's
    viewport, even where a scroll area has moved the table out of sight)."""
    viewport = view.viewport()
    return sum(1 for r in range(view.model().rowCount())
               if in_sight(viewport, QRect(0, view.rowViewportPosition(r), 1, view.rowHeight(r))))


def notes_of(page):
    return [label for label in page.findChildren(QLabel)
            if label.text() == page.session.definition.note or label.text().startswith("灰色斜体字")]


def contractor_rows(page) -> int:
    return page.model.rowCount()


def assert_contractors_fit(page, shown: int) -> None:
    """The contractor table shows `shown` rows (at least two of them in sight), as tall as they
    are: no blank space under its rows, and the rest scroll inside it."""
    view = page.view
    assert visible_rows(view) == shown, (visible_rows(view), contractor_rows(page), view.height())
    assert rows_in_sight(view) >= min(shown, 2), rows_in_sight(view)
    rows_height = sum(view.rowHeight(r) for r in range(shown))
    assert abs(view.viewport().height() - rows_height) <= 1, (
        f"the table shows {view.viewport().height()} px for {rows_height} px of rows")
    if contractor_rows(page) > shown:
        assert view.verticalScrollBar().maximum() > 0, "the other rows scroll inside the table"


def test_the_contractor_table_its_notes_and_four_works_at_1366_with_and_without_the_banner(qtbot, open_window):
    window = open_window(demo=True)
    laid_out(qtbot, window, 1366, 768)
    page = window.show_page("annex2")
    qtbot.wait(150)
    assert contractor_rows(page) == 2
    assert_contractors_fit(page, 2)
    assert rows_in_sight(page.view) == 2
    assert all(in_sight(note, note.rect()) for note in notes_of(page)) and len(notes_of(page)) == 2
    assert rows_in_sight(page.works.view) >= 4, (rows_in_sight(page.works.view), page.works.view.height())
    works = paste_works(qtbot, window, [["《甲》", "十二"]])
    qtbot.wait(150)
    assert banner(window).isVisible()
    assert_contractors_fit(page, 2)
    assert rows_in_sight(page.view) == 2
    assert rows_in_sight(works) >= 4, (rows_in_sight(works), works.height())


def test_at_1024_with_the_banner_the_upper_part_scrolls_and_both_tables_keep_their_rows(qtbot, open_window):
    window = open_window(demo=True)
    laid_out(qtbot, window, 1024, 700)
    works = paste_works(qtbot, window, [["《甲》", "十二"]])
    qtbot.wait(150)
    assert banner(window).isVisible()
    page = window.show_page("annex2")
    assert rows_in_sight(works) >= 3, (rows_in_sight(works), works.height())
    assert_contractors_fit(page, 2)
    assert rows_in_sight(page.view) >= 2, "the contractor table is scrolled into sight, not squeezed"


def add_contractors(page, count: int) -> None:
    task = page.table.tasks[0].id
    for _ in range(count):
        page.add_contractor(task)


def test_six_contractor_rows_show_four_and_scroll_and_follow_adds_and_undos(qtbot, open_window, tmp_path):
    window = open_window(demo=True)
    laid_out(qtbot, window, 1366, 768)
    page = window.show_page("annex2")
    for rows in (3, 4, 5, 6):
        add_contractors(page, 1)
        qtbot.waitUntil(lambda: contractor_rows(page) == rows, timeout=2000)
        qtbot.wait(100)
        assert_contractors_fit(page, min(rows, 4))
    window._save_to(tmp_path / "六家承建单位.hbaccept")
    assert window.open_path(tmp_path / "六家承建单位.hbaccept", ask=False)
    page = window.show_page("annex2")
    qtbot.wait(150)
    assert contractor_rows(page) == 6
    assert_contractors_fit(page, 4)
    assert rows_in_sight(page.view) == 4
    page.view.scrollTo(page.model.index(5, 2))
    qtbot.wait(50)
    assert visible_rows(page.view) == 4 and page.view.rowViewportPosition(5) + page.view.rowHeight(5) <= page.view.viewport().height()
    assert rows_in_sight(page.works.view) >= 4, "the works list keeps its rows"
    for rows in (5, 4, 3, 2):
        page.view.setCurrentIndex(row_of(page, page.table.tasks[0].id, 1))
        page.remove_row()
        qtbot.waitUntil(lambda: contractor_rows(page) == rows, timeout=2000)
        qtbot.wait(100)
        assert_contractors_fit(page, min(rows, 4))
    for rows in (3, 4):
        window.act_undo.trigger()
        qtbot.waitUntil(lambda: contractor_rows(page) == rows, timeout=2000)
        qtbot.wait(100)
        assert_contractors_fit(page, rows)


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_annex5s_funding_table_is_as_tall_as_its_rows_at_the_windows_width(qtbot, open_window, size):
    """Fitted once while the page was built (its columns a few pixels wide, every heading wrapped
    to many lines), the 资金 table kept a block of blank space under its two rows."""
    window = open_window(demo=True)
    page = window.show_page("annex5")
    laid_out(qtbot, window, *size)
    funding = page.views[0]
    header = funding.horizontalHeader()
    needed = header.sizeHint().height() + sum(funding.rowHeight(r) for r in range(funding.model().rowCount()))
    qtbot.waitUntil(lambda: funding.height() - 2 * funding.frameWidth() - needed <= 6, timeout=2000)
