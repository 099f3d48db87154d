"""Files in the window: save/open round trip, the unsaved-changes prompt, drag and drop, errors
shown as Chinese dialogs, recent files, and starting with a corrupt settings file."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.ui.app import install_translations
from hbaccept_gui.ui.qt import QApplication, QCoreApplication, QDragEnterEvent, QDropEvent, QPoint, QMessageBox, QMimeData, QPointF, Qt, QUrl
from hbaccept_gui.ui.settings import load_settings, settings_path


def edit_unit(window, name="保定市图书馆（改）"):
    window.session.set_text(CellRef("header", (), "unit_name"), name)


def test_save_and_open_round_trip(open_window, tmp_path):
    window = open_window(demo=True)
    edit_unit(window)
    window.session.set_text(CellRef("annex2", ("digital_resources", 0, 3), "count"), "500")
    path = tmp_path / "保定.hbaccept"
    assert window._save_to(path)
    assert window.windowTitle() == "保定.hbaccept — 2024年度 — 验收材料填报助手"
    window.new_document()
    assert window.session.document.header["unit_name"] == ""
    assert window.open_path(path)
    assert window.session.document.header["unit_name"] == "保定市图书馆（改）"
    assert window.session.results["annex2.digital_resources.count"].text == "10277"
    assert window.session.document.details["digital_resources"][0].items[3].title == "《海琼玊蟾先生文集》"
    settings, _notice = load_settings()
    assert settings.recent_files[0] == str(path.resolve())


def test_close_with_unsaved_changes_asks_and_cancel_keeps_the_window(open_window, dialogs):
    window = open_window(demo=True)
    edit_unit(window)
    dialogs.answer = QMessageBox.Cancel
    assert window.close() is False
    assert window.isVisible()
    assert "尚未保存的修改" in dialogs.asked[-1][1]
    dialogs.answer = QMessageBox.Discard
    assert window.close() is True


def test_new_document_with_unsaved_changes_asks_first(open_window, dialogs):
    window = open_window(demo=True)
    edit_unit(window)
    dialogs.answer = QMessageBox.Cancel
    window.new_document()
    assert window.session.document.header["unit_name"] == "保定市图书馆（改）"


def test_a_failed_save_keeps_the_document_and_says_why(open_window, dialogs, tmp_path):
    window = open_window(demo=True)
    edit_unit(window)
    assert not window._save_to(tmp_path / "missing-folder" / "a.hbaccept")
    kind, text = dialogs.asked[-1]
    assert kind == "critical" and "文件夹" in text and "您的数据仍在程序中" in text
    assert window.session.dirty
    assert window.session.document.header["unit_name"] == "保定市图书馆（改）"


def test_opening_a_corrupt_file_shows_a_chinese_message(open_window, dialogs, tmp_path):
    window = open_window(demo=True)
    broken = tmp_path / "broken.hbaccept"
    broken.write_bytes(b'{"format": "hbaccept-document", "format_ver')
    assert not window.open_path(broken)
    kind, text = dialogs.asked[-1]
    assert kind == "warning" and "已损坏或不完整" in text
    assert window.session.document.header["unit_name"] == "保定市图书馆"


def test_a_file_dropped_on_the_window_is_opened(open_window, qtbot, tmp_path):
    window = open_window(demo=True)
    edit_unit(window, "拖放的单位")
    path = tmp_path / "dropped.hbaccept"
    window._save_to(path)
    window.new_document()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)  # as a real drag: through Qt's dispatch and the window's filter
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(QPointF(10, 10), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    qtbot.waitUntil(lambda: window.session.document.header["unit_name"] == "拖放的单位", timeout=3000)


def test_start_opens_a_file_given_on_the_command_line(open_window, tmp_path):
    window = open_window(demo=True)
    path = tmp_path / "given.hbaccept"
    window._save_to(path)
    second = open_window(file=str(path))
    assert second.session.path == path
    assert second.session.results["annex1.completed.digital_resources"].text == "1.0274"


def test_start_without_arguments_reopens_the_last_document(open_window, tmp_path):
    first = open_window(demo=True)
    path = tmp_path / "last.hbaccept"
    first._save_to(path)
    again = open_window()
    assert again.session.path == path.resolve()


def test_start_survives_a_corrupt_settings_file(open_window, home):
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{ this is not json", encoding="utf-8")
    window = open_window()
    assert "设置文件已损坏" in window.statusBar().currentMessage()
    assert window.session is not None
    assert settings_path().with_name("settings.json.broken").exists()


def test_qt_dialogs_speak_chinese(open_window):
    open_window()
    assert install_translations(QApplication.instance())
    assert QCoreApplication.translate("QPlatformTheme", "Save") == "保存"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_window_title_shows_file_and_dirty_marker(open_window, tmp_path):
    window = open_window(demo=True)
    assert window.windowTitle() == "未命名 — 2024年度 — 验收材料填报助手"
    edit_unit(window)
    assert window.windowTitle() == "未命名* — 2024年度 — 验收材料填报助手"
    window.session.undo_stack.undo()
    assert window.windowTitle() == "未命名 — 2024年度 — 验收材料填报助手"


def test_menus_are_in_chinese_with_standard_shortcuts(open_window):
    window = open_window()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "查看(&V)", "帮助(&H)"]
    assert window.act_save.shortcut().toString() == "Ctrl+S"
    assert window.act_undo.shortcut().toString() == "Ctrl+Z"
    assert window.act_redo.shortcut().toString() == "Ctrl+Y"
    assert window.act_open.shortcut().toString() == "Ctrl+O"
    assert window.act_new.shortcut().toString() == "Ctrl+N"


def test_edits_in_one_tab_show_in_the_overview(open_window):
    window = open_window(demo=True)
    window.session.set_text(CellRef("annex1", ("assigned",), "digital_resources"), "2")
    overview = window.tabs.widget(0)
    assert overview.model.index(0, 4).data(Qt.DisplayRole) == "51.37%"
    assert overview.model.met(0) is False
    assert window.session.document.assigned["digital_resources"] == Decimal(2)


def test_a_recent_file_that_is_gone_is_not_opened_and_may_be_taken_off_the_list(open_window, dialogs, tmp_path):
    """最近打开 after the file was moved or deleted: no save prompt, no half-open state; the clerk
    is told and chooses whether the entry goes (it stays for a USB stick not plugged in)."""
    from hbaccept_gui.ui.settings import save_settings

    kept = tmp_path / "在.hbaccept"
    window = open_window(demo=True)
    assert window._save_to(kept)
    gone = tmp_path / "已删除.hbaccept"
    window.settings.recent_files = [str(gone), str(kept)]
    save_settings(window.settings)
    window._update_recent_menu()
    edit_unit(window)
    before = window.session
    dialogs.answer = QMessageBox.No
    window.recent_menu.actions()[0].trigger()
    assert window.session is before and window.session.document.header["unit_name"] == "保定市图书馆（改）"
    assert "找不到文件" in dialogs.asked[-1][1] and "U 盘" in dialogs.asked[-1][1]
    assert [a.text() for a in window.recent_menu.actions()] == [str(gone), str(kept)]
    dialogs.answer = QMessageBox.Yes
    window.recent_menu.actions()[0].trigger()
    assert [a.text() for a in window.recent_menu.actions()] == [str(kept)]
    assert load_settings()[0].recent_files == [str(kept)]


def test_every_menu_command_has_its_alt_key_and_no_two_in_a_menu_share_one(open_window):
    """Keyboard-only use: Alt+F, then a letter, reaches every command of every menu."""
    window = open_window(demo=True)
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert "&" in menu_action.text(), menu_action.text()
        keys = []
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is window.recent_menu or menu is window.recent_menu:
                continue  # 最近打开's entries are paths
            text = action.text()
            assert "(&" in text, f"{menu_action.text()} → {text}"
            keys.append(text[text.index("(&") + 2].upper())
        assert len(keys) == len(set(keys)), f"{menu_action.text()}: {keys}"
