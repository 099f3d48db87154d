"""The report editor never loses a bound figure or a keystroke (issue [Reports]): selecting and
copying change nothing, and a file dropped on a report opens instead of typing its path."""

from __future__ import annotations

from hbaccept_gui.core.cells import get_value
from hbaccept_gui.core.document import FieldSegment
from hbaccept_gui.core.storage import save_document
from hbaccept_gui.ui.qt import (QApplication, QDragEnterEvent, QDragMoveEvent, QDropEvent, QMimeData, QPointF, Qt,
                                QRectF, QTextCursor, QUrl)
from hbaccept_gui.ui.report_editor import OBJECT_CHAR


def figure_positions(editor) -> list[int]:
    return [i for i, ch in enumerate(editor.toPlainText()) if ch == OBJECT_CHAR]


def test_copying_any_range_around_each_figure_changes_nothing(qtbot, open_window):
    window = open_window(demo=True)
    editor = window.show_page("library_report").editors["results"]
    before = get_value(window.session.document, editor.ref)
    figures = figure_positions(editor)
    assert len(figures) >= 3, "the drafted demo section binds its figures"
    length = len(editor.toPlainText())
    for figure in figures:
        around = [p for p in range(figure - 2, figure + 4) if 0 <= p <= length]
        for start in around:
            for end in around:
                if start == end:
                    continue
                cursor = editor.textCursor()
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.KeepAnchor)
                editor.setTextCursor(cursor)
                qtbot.keyClick(editor, Qt.Key_C, Qt.ControlModifier)
                assert editor.segments() == before, f"copying {start}–{end} changed the section"
    editor.commit()
    assert get_value(window.session.document, editor.ref) == before
    assert "〔" not in QApplication.clipboard().text()


def test_selecting_across_a_figure_with_shift_and_arrows_keeps_it(qtbot, open_window):
    window = open_window(demo=True)
    editor = window.show_page("library_report").editors["results"]
    before = editor.segments()
    figure = figure_positions(editor)[0]
    cursor = editor.textCursor()
    cursor.setPosition(figure - 3)
    editor.setTextCursor(cursor)
    editor.setFocus()
    for _ in range(6):
        qtbot.keyClick(editor, Qt.Key_Right, Qt.ShiftModifier)
    qtbot.keyClick(editor, Qt.Key_C, Qt.ControlModifier)
    assert editor.segments() == before
    assert any(isinstance(s, FieldSegment) for s in editor.segments())
    assert "万筒子叶" in QApplication.clipboard().text()


def drop_file(widget, path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = QPointF(widget.rect().center())
    for event_type in (QDragEnterEvent, QDragMoveEvent):
        QApplication.sendEvent(widget, event_type(centre.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    QApplication.sendEvent(widget, QDropEvent(centre, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))


def test_a_file_dropped_on_a_report_opens_it(qtbot, open_window, demo, tmp_path):
    demo.header["unit_name"] = "拖进来的单位"
    path = tmp_path / "拖进来的.hbaccept"
    save_document(demo, path)
    window = open_window(demo=True)
    editor = window.show_page("library_report").editors["measures"]
    drop_file(editor.viewport(), path)
    qtbot.waitUntil(lambda: window.session.path == path, timeout=3000)
    assert window.session.document.header["unit_name"] == "拖进来的单位"
    text = window.show_page("library_report").editors["measures"].toPlainText()
    assert "file:" not in text and "hbaccept" not in text


def test_a_file_dropped_on_a_header_field_opens_it_too(qtbot, open_window, demo, tmp_path):
    path = tmp_path / "另一个.hbaccept"
    save_document(demo, path)
    window = open_window(demo=True)
    field = window.header_bar.editors["contact"]
    drop_file(field, path)
    qtbot.waitUntil(lambda: window.session.path == path, timeout=3000)
    assert "hbaccept" not in window.session.document.header["contact"]


def test_scans_dropped_on_the_window_go_to_the_scans_import(qtbot, open_window, tmp_path, monkeypatch):
    """#16: a scanner PDF and a phone photo dropped anywhere open 导入盖章扫描件 with both; a save file
    dropped with them is left alone (scans are what the clerk is handing in)."""
    from hbaccept_gui.ui import scans_dialog

    seen = []
    monkeypatch.setattr(scans_dialog, "run_scans", lambda window, paths=(): seen.append(list(paths)))
    window = open_window(demo=True)
    scan, photo = tmp_path / "扫描.PDF", tmp_path / "照片.jpg"
    drop_file(window.show_page("library_report").editors["results"], scan)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [[scan]]
    window.open_dropped([photo, tmp_path / "x.hbaccept"])
    assert seen[-1] == [photo]


def test_the_window_knows_every_kind_of_scan_the_reader_reads():
    from hbaccept_gui.scans.sources import PHOTO_SUFFIXES
    from hbaccept_gui.ui.file_drops import SCAN_SUFFIXES

    assert set(SCAN_SUFFIXES) == {".pdf", *PHOTO_SUFFIXES}


def test_the_file_menu_offers_the_scans_import(qtbot, open_window, monkeypatch):
    from hbaccept_gui.ui import scans_dialog

    seen = []
    monkeypatch.setattr(scans_dialog, "run_scans", lambda window, paths=(): seen.append(list(paths)))
    window = open_window(demo=True)
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if a.text().startswith("导入盖章扫描件")).trigger()
    assert seen == [[]]


def test_a_bound_figure_sits_centred_on_its_line_of_text(qtbot, open_window, monkeypatch):
    """A chip the height of a line, set on the baseline as Qt sets inline objects, rose above the
    characters around it (QA: 「下达任务量[1万筒子叶]」 read as raised): it is centred on them."""
    from hbaccept_gui.ui.qt import QFontMetricsF
    from hbaccept_gui.ui.report_editor import FieldObject

    drawn = []
    real = FieldObject.drawObject
    monkeypatch.setattr(FieldObject, "drawObject",
                        lambda self, painter, rect, *args: drawn.append(QRectF(rect)) or real(self, painter, rect, *args))
    window = open_window(demo=True)
    editor = window.show_page("library_report").editors["results"]
    editor.viewport().repaint()
    qtbot.waitUntil(lambda: bool(drawn))
    document = editor.document()
    block = document.findBlock(figure_positions(editor)[0])
    line = block.layout().lineForTextPosition(figure_positions(editor)[0] - block.position())
    baseline = document.documentLayout().blockBoundingRect(block).top() + line.y() + line.ascent()
    metrics = QFontMetricsF(document.defaultFont())
    glyphs_middle = baseline - (metrics.ascent() - metrics.descent()) / 2
    chip = min(drawn, key=lambda rect: abs(rect.center().y() - glyphs_middle))
    assert abs(chip.center().y() - glyphs_middle) <= 1.5, (chip.center().y(), glyphs_middle)
