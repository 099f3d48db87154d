"""The main window: the header fields, one tab per annex and report plus 概览, menus, files, the
autosave journal. File formats are the core's business: this window only asks the session and
the core to load and save, and shows their Chinese messages."""

from __future__ import annotations

import html
from pathlib import Path

from hbaccept_gui import APP_NAME, __version__
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.definition_loader import latest_definition
from hbaccept_gui.core.document import new_document
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.filenames import safe_name
from hbaccept_gui.core.journal import Journal
from hbaccept_gui.core.participation import plan_set_programmes, programme_names
from hbaccept_gui.core.pipeline import load_demo
from hbaccept_gui.core.storage import load_document
from hbaccept_gui.ui import file_guard, warm_up
from hbaccept_gui.ui.file_drops import SCAN_SUFFIXES, FileDropFilter
from hbaccept_gui.ui.findings_panel import FindingsPanel
from hbaccept_gui.ui.overview import OverviewPage
from hbaccept_gui.ui.pages import LazyPage, focus_stops, follow_participation, lazy_pages
from hbaccept_gui.ui.programmes_dialog import ask_programmes, participation_hint
from hbaccept_gui.ui.qt import (
    QAction,
    QByteArray,
    QDesktopServices,
    QFileDialog,
    QKeySequence,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QTimer,
    QUrl,
    QVBoxLayout,
    QWidget,
    Qt,
)
from hbaccept_gui.ui.save_file_dialogs import FILE_FILTER, ask_save_path
from hbaccept_gui.ui.session import DocumentSession
from hbaccept_gui.ui.settings import Settings, data_dir, save_settings
from hbaccept_gui.ui.widgets import AttentionBanner, HeaderBar, contact_message, contact_text

AUTOSAVE_DELAY_MS = 1000  # the journal is written at most this long after an edit (goal: within 2 s)


def autosave_dir() -> Path:
    return data_dir() / "autosave"


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.session: DocumentSession | None = None
        self.pages = []
        self.journal: Journal | None = None
        self.findings_panel: FindingsPanel | None = None
        self.unasked_blank = False  # a blank document made at the start, before asking about its projects
        self._stale_after_entry: str | None = None  # the status bar's message that the next entry clears
        self._journal_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._journal_timer.timeout.connect(self.write_journal)
        self.setAcceptDrops(True)
        self.file_drops = FileDropFilter(self, self.open_dropped)  # wherever on the window a file lands
        self.resize(1366, 740)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self._build_actions()
        self._build_menus()
        if settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(settings.window_geometry.encode("ascii")))

    # ------------------------------------------------------------ menus

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        return action

    def _build_actions(self) -> None:
        self.act_new = self._action("新建(&N)", lambda: self.new_document(), QKeySequence.New,  # not `checked` as `ask`
                                    "新建一份空白的验收材料，先选择本单位参与的项目")
        self.act_open = self._action("打开(&O)…", self.open_dialog, QKeySequence.Open)
        self.act_save = self._action("保存(&S)", self.save, QKeySequence.Save)
        self.act_save_as = self._action("另存为(&A)…", self.save_as, QKeySequence.SaveAs)
        self.act_demo = self._action("打开示例（保定市图书馆）(&D)", self.open_demo)
        self.act_carry = self._action("从上一年度文件新建(&Y)…", lambda: self.carry_from_last_year(),
                                      tip="用上一年度的文件新建：带过单位、联系人、承建单位和报告中与当年数字无关的部分")
        self.act_export = self._action("一键导出(&E)…", self.export_all, "Ctrl+E",
                                       "导出 Word、PDF、Excel，打包 zip 并生成发往省厅邮箱的邮件草稿")
        self.act_print = self._action("打印预览(&P)…", self.print_preview, QKeySequence.Print,
                                      "预览并打印当前表格或报告（在“概览”中为全部材料）")
        self.act_scans = self._action("导入盖章扫描件(&G)…", lambda: self.import_scans(),
                                      tip="读取盖章后的扫描件或照片，按页码整理、检查并合成盖章版 PDF")
        self.act_merge = self._action("汇总(&M)…", self.merge_files, tip="把各单位的验收材料文件汇总为一份市级或省级文件")
        self.act_unit_info = self._action("单位信息(&I)…", self.edit_unit_info,
                                          tip="本单位参与哪些项目：只显示、审核和导出所参与项目的表格和报告")
        self.act_quit = self._action("退出(&X)", self.close, QKeySequence.Quit)
        self.act_undo = self._action("撤销(&U)", lambda: self.session and self.session.undo(), QKeySequence.Undo)
        self.act_redo = self._action("重做(&R)", lambda: self.session and self.session.redo(), "Ctrl+Y")
        self.act_copy = self._action("复制(&C)", lambda: self._with_view("copy_selection"), QKeySequence.Copy)
        self.act_paste = self._action("粘贴(&P)", lambda: self._with_view("paste"), QKeySequence.Paste)
        self.act_insert = self._action("插入行(&I)", lambda: self._with_page("insert_row"), "Ctrl+Shift+=")
        self.act_remove = self._action("删除行(&D)", lambda: self._with_page("remove_row"), "Ctrl+-")
        self.act_about = self._action("关于(&A)", self.about)
        self.act_contact = self._action("咨询联系人(&C)…", self.show_contact, tip="通知中验收工作的咨询联系人和电话")
        self.act_autosave = self._action("自动保存文件夹(&S)…", self.show_autosave_folder)
        self.act_diagnostics = self._action("诊断信息(&D)…", self.show_diagnostics,
                                            tip="查看版本和最近一次意外关闭的记录，可复制后发给技术支持")
        self.act_findings = self._action("审核结果(&V)", self._toggle_findings, "F8", "显示或隐藏审核结果列表")
        self.act_findings.setCheckable(True)

    def _build_menus(self) -> None:
        files = self.menuBar().addMenu("文件(&F)")
        for action in (self.act_new, self.act_carry, self.act_open):
            files.addAction(action)
        self.recent_menu = files.addMenu("最近打开(&R)")
        files.addAction(self.act_demo)
        files.addSeparator()
        for action in (self.act_save, self.act_save_as):
            files.addAction(action)
        files.addSeparator()
        for action in (self.act_export, self.act_print, self.act_scans):
            files.addAction(action)
        files.addAction(self.act_merge)
        files.addAction(self.act_unit_info)
        files.addSeparator()
        files.addAction(self.act_quit)
        edit = self.menuBar().addMenu("编辑(&E)")
        for action in (self.act_undo, self.act_redo):
            edit.addAction(action)
        edit.addSeparator()
        for action in (self.act_copy, self.act_paste):
            edit.addAction(action)
        edit.addSeparator()
        for action in (self.act_insert, self.act_remove):
            edit.addAction(action)
        view = self.menuBar().addMenu("查看(&V)")
        view.addAction(self.act_findings)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction(self.act_contact)
        help_menu.addAction(self.act_about)
        help_menu.addAction(self.act_autosave)
        help_menu.addAction(self.act_diagnostics)
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for action in (self.act_new, self.act_open, self.act_save, None, self.act_undo, self.act_redo, None,
                       self.act_insert, self.act_remove, None, self.act_export, self.act_print):
            toolbar.addSeparator() if action is None else toolbar.addAction(action)
        self._update_recent_menu()

    def _findings_visibility(self, visible: bool) -> None:
        """A bound method, not a lambda: Qt drops it with the window, so closing at exit cannot call
        into a deleted window."""
        if not self.isMinimized():
            self.act_findings.setChecked(visible)

    def _toggle_findings(self, visible: bool) -> None:
        if self.findings_panel is not None:
            self.findings_panel.setVisible(visible)

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_recent(Path(p)))
        self.recent_menu.setEnabled(bool(self.settings.recent_files))

    def open_recent(self, path: Path) -> bool:
        """A file of 最近打开. One that is no longer there is not opened (nor is saving asked first):
        the clerk is told and may take it off the list, or keep it (a USB stick not plugged in)."""
        if path.exists():
            return self.open_path(path)
        answer = QMessageBox.question(
            self, "找不到文件", f"找不到文件“{path}”：可能已被移动、改名或删除，或所在的 U 盘没有插入。\n\n"
                               "要把它从“最近打开”中移除吗？", QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer == QMessageBox.Yes:
            self.settings.recent_files = [p for p in self.settings.recent_files if Path(p) != path]
            save_settings(self.settings)
            self._update_recent_menu()
        return False

    def current_page(self):
        widget = self.tabs.currentWidget()
        return widget.page if isinstance(widget, LazyPage) else widget

    def page(self, table_id: str):
        """The page showing `table_id` (built now if it was not yet shown)."""
        return next(p.page for p in self.pages if p.table_id == table_id)

    def show_page(self, table_id: str):
        """Bring the tab of `table_id` to the front and return its page."""
        tab = next(p for p in self.pages if p.table_id == table_id)
        self.tabs.setCurrentWidget(tab)
        return tab.page

    def _with_page(self, method: str) -> None:
        page = self.current_page()
        if page is not None and hasattr(page, method):
            getattr(page, method)()

    def _with_view(self, method: str) -> None:
        page = self.current_page()
        view = page.current_view() if page is not None and hasattr(page, "current_view") else None
        if view is not None:
            getattr(view, method)()

    # ------------------------------------------------------------ the document

    def set_session(self, session: DocumentSession) -> None:
        old_index = self.tabs.currentIndex()
        if self.session is not None:
            self.session.deleteLater()
        self.session = session
        session.setParent(self)
        self.pages = lazy_pages(session, self.settings)
        tab_names = {"header": "表头"} | {p.table_id: p.tab_title for p in self.pages}
        overview = OverviewPage(session, tab_names)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(overview, overview.tab_title)
        for page in self.pages:
            self.tabs.addTab(page, page.tab_title)
            page.built.connect(self._order_focus_chain_soon)
        follow_participation(self.tabs, self.pages, session)  # only the tabs of the unit's projects
        self.unasked_blank = False
        self.header_bar = HeaderBar(session)
        self._install_findings_panel(session, tab_names)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addWidget(self.header_bar)
        layout.addWidget(self._attention_banner(session))
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        if 0 <= old_index < self.tabs.count():
            self.tabs.setCurrentIndex(old_index)
        session.dirtyChanged.connect(lambda _d: self.update_title())
        session.pathChanged.connect(self.update_title)
        session.refused.connect(self.show_until_accepted)
        session.prompted.connect(self.show_until_accepted)
        session.accepted.connect(self._clear_stale_message)
        session.noticed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        session.changed.connect(lambda _s: self._journal_timer.start())
        session.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
        session.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.order_focus_chain()
        self.update_title()

    def _order_focus_chain_soon(self, *_why) -> None:
        """Now, and again once the new page is laid out: reading order is read off the layout."""
        self.order_focus_chain()
        QTimer.singleShot(0, self, self.order_focus_chain)

    def order_focus_chain(self) -> None:
        """The Tab order of the window as the clerk reads it: the header fields, the tab bar, the
        pages' controls, the 审核结果 panel, and round again. Qt chains a widget where it joined the
        window, at the end: a page built lazily (LazyPage) and the panel docked anew (dragged out
        and back) would land after or before the wrong neighbours, so that Tab from the tab bar
        went to the panel and back to the header, never into the page. Done again whenever a page
        is built or the panel is docked or floated; a floating panel is a window of its own."""
        if getattr(self, "header_bar", None) is None or self.findings_panel is None or self.tabs.window() is not self:
            return
        stops = [self.tabs.tabBar()]  # the header and the tab bar keep their place, at the start
        for index in range(self.tabs.count()):
            stops += focus_stops(self.tabs.widget(index))
        if not self.findings_panel.isFloating():
            stops += focus_stops(self.findings_panel)  # last: Tab goes on round to the header
        for first, second in zip(stops, stops[1:]):
            QWidget.setTabOrder(first, second)

    def _attention_banner(self, session: DocumentSession) -> AttentionBanner:
        """Above the tabs: what a paste left for the clerk to correct, while any of it is left."""
        self.banner = AttentionBanner(session)
        self.banner.findings_button.clicked.connect(self._show_findings)
        session.attention.connect(lambda cells: self.show_until_accepted(cells.message(session.definition)))
        return self.banner

    def show_until_accepted(self, message: str) -> None:
        """A refusal (or a prompt such as 「请填写承建单位名称」) in the status bar, for 10 s or until
        the clerk's next entry is accepted: a refusal left standing beside a value that was then
        accepted reads as if that value had been refused too."""
        self._stale_after_entry = message
        self.statusBar().showMessage(message, 10000)

    def _clear_stale_message(self) -> None:
        """Only the message shown by show_until_accepted: 「已保存到 …」 and the like stay."""
        message, self._stale_after_entry = self._stale_after_entry, None
        if message is not None and self.statusBar().currentMessage() == message:
            self.statusBar().clearMessage()

    def _show_findings(self) -> None:
        if self.findings_panel is not None:
            self.findings_panel.show()

    def _install_findings_panel(self, session: DocumentSession, tab_names: dict[str, str]) -> None:
        if self.findings_panel is not None:
            self.findings_panel.remember(self.settings)
            self.removeDockWidget(self.findings_panel)
            self.findings_panel.deleteLater()
        self.findings_panel = FindingsPanel(session, tab_names, self)
        self.findings_panel.jump.connect(self.jump_to)
        self.findings_panel.visibilityChanged.connect(self._findings_visibility)
        self.findings_panel.topLevelChanged.connect(self._order_focus_chain_soon)
        self.addDockWidget(Qt.BottomDockWidgetArea, self.findings_panel)
        self.findings_panel.restore(self.settings)  # compact at first, then as the clerk left it
        self.act_findings.setChecked(not self.findings_panel.isHidden())
        if self.isVisible():  # 新建, 打开: a dock just added to a shown window ignores its first
            QTimer.singleShot(0, self, self._restore_findings_height)  # size (111 px became 211)

    def _restore_findings_height(self) -> None:
        if self.findings_panel is not None:
            self.findings_panel.restore(self.settings)

    def jump_to(self, ref: CellRef) -> bool:
        """Show the cell a finding is about and select it."""
        if ref.table == "header":
            editor = self.header_bar.editors[ref.column]
            editor.setFocus()
            return True
        return self.show_page(ref.table).focus_ref(ref)

    def update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            return
        marker = "*" if self.session.dirty else ""
        year = f"{self.session.definition.year}年度"  # which notice's forms: a file keeps its own year
        self.setWindowTitle(f"{self.session.display_name}{marker} — {year} — {APP_NAME}")

    def new_document(self, ask: bool = True) -> None:
        """新建 asks which projects the unit takes part in (cancel: nothing changes). A start without
        a document makes one without asking, before the window is up, and asks once it is
        (`unasked_blank`, see app.after_start)."""
        if not self.maybe_save():
            return
        definition = latest_definition()
        programmes = ask_programmes(self, definition) if ask else None
        if ask and programmes is None:
            return
        document = new_document(definition)
        document.programmes = list(programmes or document.programmes)
        self.set_session(DocumentSession(definition, document))
        self._reset_journal()
        self.unasked_blank = not ask

    def carry_from_last_year(self, path: Path | None = None) -> bool:
        """文件 → 从上一年度文件新建…: this year's document started from last year's file."""
        from hbaccept_gui.ui.carry_dialog import TITLE, carried_session

        if not self.maybe_save():
            return False
        carried = carried_session(self, path)
        if carried is None:
            return False
        session, summary = carried
        self.set_session(session)
        session.undo_stack.resetClean()  # a new document: unsaved until the clerk saves it
        self._reset_journal()
        QMessageBox.information(self, TITLE, summary)
        return True

    def edit_unit_info(self) -> None:
        """文件 → 单位信息…: the projects taken part in, changed as one undoable edit."""
        if self.session is None:
            return
        session = self.session
        programmes = ask_programmes(self, session.definition, session.document)
        edit = plan_set_programmes(session.definition, session.document, programmes) if programmes else None
        if edit is not None:
            session.push(edit)
            self.statusBar().showMessage(f"本单位参与：{programme_names(session.definition, edit.new, '、')}", 10000)

    def open_demo(self) -> None:
        if not self.maybe_save():
            return
        definition, document = load_demo()
        self.set_session(DocumentSession(definition, document))
        self._reset_journal()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        name, _filter = QFileDialog.getOpenFileName(self, "打开验收材料", self.settings.last_folder, FILE_FILTER)
        if name:
            self.open_path(Path(name), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        if ask and not self.maybe_save():
            return False
        try:
            definition, document = load_document(path)
        except StorageError as error:
            QMessageBox.warning(self, "无法打开", error.message)
            return False
        self.set_session(DocumentSession(definition, document, path))
        if hint := participation_hint(definition, document):
            self.statusBar().showMessage(hint, 15000)
        self.settings.add_recent(path)
        save_settings(self.settings)
        self._update_recent_menu()
        self._reset_journal()
        file_guard.warn_if_open_elsewhere(self, path)
        return True

    def save(self) -> bool:
        if self.session is None:
            return False
        if self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        if self.session is None:
            return False
        unit = safe_name(str(self.session.document.header.get("unit_name") or ""), "验收材料")
        path = ask_save_path(self, "另存为", self.settings.last_folder, unit)
        return path is not None and self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        decision = file_guard.settle_changed_file(self, path) if self.session.changed_on_disk(path) else None
        if decision == file_guard.SAVE_AS:
            return self.save_as()
        if decision == file_guard.CANCEL:
            return False
        try:
            self.session.save(path)
        except StorageError as error:
            QMessageBox.critical(self, "保存失败", error.message)
            return False
        self.settings.add_recent(path)
        save_settings(self.settings)
        self._update_recent_menu()
        if self.journal:
            self.journal.clear()
            self.journal.note_open(path)
        self.statusBar().showMessage(f"已保存到 {path}", 5000)
        return True

    def maybe_save(self) -> bool:
        """Ask before unsaved changes are dropped. False: the user cancelled."""
        if self.session is None or not self.session.dirty:
            return True
        answer = QMessageBox.question(
            self, APP_NAME, f"“{self.session.display_name}”有尚未保存的修改，是否保存？",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    # ------------------------------------------------------------ export and print

    def export_all(self):
        warm_up.settle()  # the background warm-up (ui/warm_up.py) finishes first, never alongside
        from hbaccept_gui.ui.export_dialog import run_export

        result = run_export(self)
        save_settings(self.settings)
        return result

    def print_preview(self) -> None:
        warm_up.settle()
        from hbaccept_gui.ui.export_dialog import run_print_preview

        run_print_preview(self)

    def import_scans(self, paths=()) -> None:
        """文件 → 导入盖章扫描件…: stamped scans back in, checked against today's export (ui/scans_dialog)."""
        from hbaccept_gui.ui.scans_dialog import run_scans

        run_scans(self, paths)

    def open_dropped(self, paths: list[Path]) -> None:
        """Files dropped on the window: scans (PDF, photos) go to 导入盖章扫描件, else the first opens."""
        scans = [p for p in paths if p.suffix.lower() in SCAN_SUFFIXES]
        if scans:
            self.import_scans(scans)
        else:
            self.open_path(paths[0])

    def merge_files(self) -> None:
        from hbaccept_gui.ui.merge_dialog import run_merge

        run_merge(self)

    # ------------------------------------------------------------ autosave

    def _reset_journal(self) -> None:
        if self.journal is None:
            try:
                self.journal = Journal(autosave_dir())
            except OSError:
                self.statusBar().showMessage("无法创建自动保存文件夹，本次不会自动保存。", 10000)
                return
        self.journal.clear()
        self.journal.note_open(self.session.path if self.session else None)

    def write_journal(self) -> None:
        if self.journal is None or self.session is None or not self.session.dirty:
            return
        try:
            self.journal.write(self.session.document, self.session.path)
        except (StorageError, OSError):
            self.statusBar().showMessage("自动保存失败（磁盘已满或没有权限），请尽快手动保存。", 10000)

    def show_autosave_folder(self) -> None:
        folder = autosave_dir()
        folder.mkdir(parents=True, exist_ok=True)
        box = QMessageBox(self)
        box.setWindowTitle("自动保存文件夹")
        box.setText(f"程序每次修改后都会自动保存一份草稿，意外关闭后下次启动时可以恢复。\n\n自动保存文件夹：\n{folder}")
        open_button = box.addButton("打开文件夹", QMessageBox.ActionRole)
        box.addButton(QMessageBox.Close)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_diagnostics(self) -> None:
        from hbaccept_gui.ui.diagnostics_dialog import show_diagnostics

        show_diagnostics(self)

    def _definition(self):
        return self.session.definition if self.session is not None else latest_definition()

    def show_contact(self) -> None:
        QMessageBox.information(self, "咨询联系人", contact_message(self._definition()))

    def about(self) -> None:
        QMessageBox.about(self, f"关于{APP_NAME}", f"<b>{APP_NAME}</b> {__version__}<br><br>"
                          "填写、审核并导出全国智慧图书馆体系建设项目和公共文化云建设项目的年度验收材料。<br>"
                          "全部数据保存在本机，不需要联网。<br><br>"
                          f"验收工作咨询：{html.escape(contact_text(self._definition()))}")

    # ------------------------------------------------------------ window events

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        if self.findings_panel is not None:
            self.findings_panel.remember(self.settings)
        save_settings(self.settings)
        if self.journal:
            self.journal.close()
            self.journal = None
        event.accept()


