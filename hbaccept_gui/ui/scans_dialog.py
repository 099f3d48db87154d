"""文件 → 导入盖章扫描件…: the stamped scans back in. The clerk adds scanner PDFs, photos and TIFFs
(or drops them on the dialog), 检查 reads every page's code and sorts the pages into today's
documents, the list says per document what is there and what is wrong, a page without a readable
code is assigned by hand (with its thumbnail), and 写出盖章版 PDF writes the stamped files.

Reading, sorting and writing are `hbaccept_gui.scans`; the dialog only shows them. Reading takes a
few seconds for a whole submission, so it runs with a progress dialog that keeps the window
painting (the reading is split into pages, not into threads: Pillow and zxing hold the GIL little,
but one progress bar is what a clerk needs)."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.core.checklist import STAMPED_LABEL, plan_stamped
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.os_errors import explain
from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.exporters.bundle import stamped_submission
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.scans import expected_documents, write_stamped
from hbaccept_gui.scans.assemble import DEFAULT_LIMIT, TooLarge
from hbaccept_gui.scans.sorting import ERROR, ScanResult, ScannedPage, read_scans, sort_pages
from hbaccept_gui.ui.file_drops import SCAN_SUFFIXES
from hbaccept_gui.ui.file_list import FileList
from hbaccept_gui.ui.qt import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QIcon,
    QLabel,
    QMessageBox,
    QPixmap,
    QProgressDialog,
    QPushButton,
    QSize,
    QSpinBox,
    QTimer,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    Qt,
)

SCAN_FILTER = f"扫描件 ({' '.join('*' + suffix for suffix in SCAN_SUFFIXES)});;所有文件 (*)"
THUMB = QSize(72, 100)


def page_icon(page: ScannedPage) -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(page.thumbnail, "JPEG")
    return QIcon(pixmap)


class AssignDialog(QDialog):
    """Which document and page a page without a readable code is: its thumbnail, large, beside the
    two choices."""

    def __init__(self, parent, page: ScannedPage, documents: list[tuple[str, str, int]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"指定页码：{page.name}")
        picture = QLabel()
        pixmap = QPixmap()
        pixmap.loadFromData(page.thumbnail, "JPEG")
        picture.setPixmap(pixmap)
        self.document = QComboBox()
        for key, name, pages in documents:
            self.document.addItem(name, key)
        self.page = QSpinBox(minimum=1, maximum=999)
        form = QFormLayout()
        form.addRow("属于文件：", self.document)
        form.addRow("第几页：", self.page)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addStretch(1)
        side.addWidget(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(picture)
        layout.addLayout(side)

    def choice(self) -> tuple[str, int]:
        return self.document.currentData(), self.page.value()


class ScansDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.main_window = window
        session = window.session
        self.export_set = build_export_set(evaluate(session.definition, session.document))
        self.expected = expected_documents(self.export_set)
        self.result: ScanResult | None = None
        self.assigned: dict[int, tuple[str, int]] = {}
        self.setWindowTitle("导入盖章扫描件")
        self.resize(1000, 720)
        self.setAcceptDrops(True)
        self.files = FileList("选择盖章扫描件", SCAN_FILTER, lambda: window.settings.last_folder)
        self.files.changed.connect(self._forget)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["文件／页", "情况"])
        self.tree.setIconSize(THUMB)
        self.tree.setColumnWidth(0, 520)
        self.tree.itemDoubleClicked.connect(self._item_double_clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        remembered = window.settings.stamped_limit_mb
        self.limit = QDoubleSpinBox(minimum=1, maximum=200, value=remembered if 1 <= remembered <= 200
                                    else DEFAULT_LIMIT / 1048576, suffix=" MB")
        self.limit.valueChanged.connect(self._remember_limit)
        self.check_button = QPushButton("检查(&C)")
        self.check_button.clicked.connect(self.run_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        self.write_button = self.buttons.addButton("写出盖章版 PDF(&W)…", QDialogButtonBox.AcceptRole)
        self.write_button.setEnabled(False)
        self.write_button.clicked.connect(self.write_files)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        file_buttons = self.files.button_row("添加扫描件(&A)…", self.check_button)
        file_buttons.addWidget(QLabel("盖章版合计不超过："))
        file_buttons.addWidget(self.limit)
        intro = QLabel("添加盖章后扫描或拍照的文件（扫描仪 PDF、JPEG/PNG 照片、多页 TIFF，顺序不限，也可以拖到这里）。"
                       "程序按每页左下角的二维码把页面归入各份文件，检查缺页、重复、打印后数据已修改和是否盖章。"
                       "未能识别页码的页，双击后手工指定。")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.files, 1)
        layout.addLayout(file_buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ files

    def paths(self) -> list[Path]:
        return self.files.paths()

    def add_paths(self, paths) -> None:
        self.files.add_paths(paths)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self.add_paths(url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile())
        event.acceptProposedAction()

    def _forget(self) -> None:
        self.result = None
        self.assigned = {}
        self.write_button.setEnabled(False)

    # ------------------------------------------------------------ checking

    def run_check(self) -> ScanResult | None:
        paths = self.paths()
        if not paths:
            self.summary.setText("请先添加扫描件。")
            return None
        progress = QProgressDialog("正在读取扫描件……", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(300)

        def step(count: int, name: str) -> None:
            progress.setLabelText(f"正在读取第 {count} 页：{name}")
            QApplication.processEvents()

        try:
            pages, unreadable = read_scans(paths, step)
        finally:
            progress.close()
        self.assigned = {}
        self._show(sort_pages(self.expected, pages, unreadable))
        return self.result

    def _resort(self) -> None:
        if self.result is not None:
            self._show(sort_pages(self.expected, self.result.pages, self.result.unreadable, self.assigned))

    def _show(self, result: ScanResult) -> None:
        self.result = result
        self.tree.clear()
        for doc in result.documents:
            state = result.lines()[result.documents.index(doc)].split("：", 1)[1]
            top = QTreeWidgetItem([doc.expected.name, state])
            top.setForeground(1, Qt.darkGreen if doc.complete else Qt.red)
            for number, page in sorted(doc.pages.items()):
                child = QTreeWidgetItem([f"第 {number} 页　{page.name}", self._stamp_text(page)])
                child.setIcon(0, page_icon(page))
                top.addChild(child)
            messages = [_message(f"{f.severity}：{f.message}") for f in result.findings if f.document == doc.expected.key]
            top.addChildren(messages)
            self.tree.addTopLevelItem(top)
            _span(messages)
            top.setExpanded(not doc.complete or any(f.document == doc.expected.key for f in result.findings))
        others = [f for f in result.findings if not f.document]
        if others or result.unreadable:
            top = QTreeWidgetItem(["其他页和文件", ""])
            by_number = {p.number: p for p in result.pages}
            for finding in others:
                child = QTreeWidgetItem([f"{finding.severity}：{finding.message}", ""])
                if finding.pages and finding.pages[0] in by_number:
                    page = by_number[finding.pages[0]]
                    child.setIcon(0, page_icon(page))
                    if page in result.unassigned:
                        child.setData(0, Qt.UserRole, page.number)
                        child.setText(1, "双击指定页码")
                top.addChild(child)
            messages = [_message(f"错误：{problem.message}") for problem in result.unreadable]
            top.addChildren(messages)
            self.tree.addTopLevelItem(top)
            _span(messages)
            top.setExpanded(True)
        complete = sum(d.complete for d in result.documents)
        errors = sum(f.severity == ERROR for f in result.findings) + len(result.unreadable)
        self.summary.setText(f"共读取 {len(result.pages)} 页；{len(result.documents)} 份文件中 {complete} 份齐全"
                             + (f"，{errors} 个问题需要处理。" if errors else "，可以写出盖章版 PDF。"))
        self.write_button.setEnabled(complete > 0)

    @staticmethod
    def _stamp_text(page: ScannedPage) -> str:
        from hbaccept_gui.scans.seal import Stamp

        return {Stamp.RED: "已见红色公章", Stamp.NONE: "未见红色公章", Stamp.GREY: "黑白扫描，无法检查公章",
                None: ""}[page.stamp]

    def _item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        number = item.data(0, Qt.UserRole)
        if number is not None:
            self.assign(number)

    def assign(self, number: int, choice: tuple[str, int] | None = None) -> None:
        """Place page `number` by hand (asking, unless `choice` is given), then sort again."""
        page = next(p for p in self.result.pages if p.number == number)
        if choice is None:
            documents = [(d.expected.key, d.expected.name, d.pages_total) for d in self.result.documents]
            dialog = AssignDialog(self, page, documents)
            if not dialog.exec():
                return
            choice = dialog.choice()
        self.assigned[number] = choice
        self._resort()

    def _remember_limit(self, value: float) -> None:
        """The clerk's mailbox limit is kept for the next time (saved with the settings on exit)."""
        self.main_window.settings.stamped_limit_mb = value

    # ------------------------------------------------------------ writing

    def write_files(self) -> list[Path]:
        if self.result is None:
            return []
        start = self.main_window.settings.export_folder or self.main_window.settings.last_folder
        folder = QFileDialog.getExistingDirectory(self, "盖章版 PDF 保存到（通常是导出文件夹）", start)
        if not folder:
            return []
        try:
            written = write_stamped(self.result, Path(folder), limit=int(self.limit.value() * 1048576))
        except (TooLarge, StorageError) as error:
            QMessageBox.warning(self, "未能写出盖章版 PDF", error.message)
            return []
        names = "\n".join(f"• {p.name}" for p in written.paths)
        QMessageBox.information(self, "已写出盖章版 PDF",
                                f"已写出 {len(written.paths)} 份（合计 {written.total_bytes / 1048576:.1f} MB）到：\n"
                                f"{folder}\n\n{names}{self._after_writing(Path(folder))}")
        return written.paths

    def _after_writing(self, folder: Path) -> str:
        """The 材料清单 ticks what is now stamped (one undoable step), and an export folder gets its
        email draft and zip again with the stamped PDFs. Returns what to add to the message."""
        session = self.main_window.session
        evaluation = evaluate(session.definition, session.document)
        exported = {d.expected.key for d in self.result.documents}
        complete = {d.expected.key for d in self.result.documents if d.complete}
        edits = plan_stamped(session.definition, session.document, exported, complete)
        if edits:
            session.push_group(edits, STAMPED_LABEL)
        try:
            email = stamped_submission(evaluation, folder)
        except (OSError, StorageError) as error:
            return f"\n\n未能重写邮件草稿：{getattr(error, 'message', None) or explain(error)[0]}"
        lines = ["\n\n材料清单已按盖章扫描件更新（可撤销）。" if edits else ""]
        if email is not None:
            lines.append(f"\n邮件草稿和压缩包已改为附盖章版 PDF 和 Word 版：{email.name}")
        return "".join(lines)



def _message(text: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text, ""])
    item.setToolTip(0, text)
    return item


def _span(items: list[QTreeWidgetItem]) -> None:
    """A finding reads across the whole width (it has no 情况 of its own); only an item in the tree
    can span its columns."""
    for item in items:
        item.setFirstColumnSpanned(True)


def run_scans(window, paths=()) -> None:
    """The dialog on the window's document; `paths` (files dropped on the window) are added and
    checked at once."""
    if window.session is None:
        return
    dialog = ScansDialog(window)
    if paths:
        dialog.add_paths(paths)
        QTimer.singleShot(0, dialog.run_check)
    dialog.exec()
