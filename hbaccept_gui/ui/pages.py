"""One page per tab, generated from the definition: 附件1–5 and the two reports.

Each page knows which view is "current" so that the Edit menu (copy, paste, insert row, delete row)
acts where the clerk is."""

from __future__ import annotations

from functools import partial

from hbaccept_gui.core import participation
from hbaccept_gui.core.calc import contractor_name
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.definition import DetailTable, IndicatorTable, PerformanceTable
from hbaccept_gui.core.edits import plan_insert_contractor, plan_insert_item, plan_remove_contractor, plan_remove_item
from hbaccept_gui.ui.detail_model import DetailModel
from hbaccept_gui.ui.indicator_model import IndicatorModel
from hbaccept_gui.ui.items_model import ItemsModel
from hbaccept_gui.ui.performance_models import FundingModel, PerfIndicatorModel
from hbaccept_gui.ui.qt import (
    QAbstractItemView,
    QEvent,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPoint,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
    Qt,
    Signal,
)
from hbaccept_gui.ui.session import DocumentSession
from hbaccept_gui.ui.sheet_view import GroupedHeader, SheetView
from hbaccept_gui.ui.widgets import BoundTextEdit, note_label, title_block

MAX_ROW_HEIGHT = 120
#: Rows of a works list always in sight, and wanted when the window has room: the clerk types one
#: work per row and checks the ones above. It gets the rest of the page too (ListSplitter).
WORKS_IN_SIGHT = (3, 4)
#: Rows of the contractor table always in sight and, room allowing, shown whole: more scroll inside
#: it, so that the works list keeps its rows.
CONTRACTORS_IN_SIGHT = (2, 4)
COLUMN_WIDTHS = {"serial": 44, "task": 150, "text": 130, "url": 170, "longtext": 330, "quantity": 120}


class Page(QWidget):
    """Base: a page has a tab title, the table it shows and the views the Edit menu acts on."""

    tab_title = ""
    table_id = ""

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.views: list[SheetView] = []

    def current_view(self) -> SheetView | None:
        for view in self.views:
            if view.hasFocus():
                return view
        return self.views[0] if self.views else None

    def insert_row(self) -> None:
        self.session.refused.emit("这张表的行是固定的，不能插入行。")

    def remove_row(self) -> None:
        self.session.refused.emit("这张表的行是固定的，不能删除行。")

    def focus_ref(self, ref: CellRef) -> bool:
        """Select the cell `ref` if this page shows it (the findings list jumps here)."""
        for view in self.views:
            index = view.model().index_of(ref)
            if index.isValid():
                view.setCurrentIndex(index)
                view.scrollTo(index)
                view.setFocus()
                return True
        return False

    def add_view(self, model, view: SheetView | None = None) -> SheetView:
        view = view or SheetView()
        view.setModel(model)
        self.views.append(view)
        return view


def scroll_into(page: QWidget, content: QWidget) -> None:
    """Put a tall page into a scroll area: the screens of the clerks' PCs are often 1366×768."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(content)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)


def fit_rows(view: SheetView) -> None:
    view.resizeRowsToContents()
    fit_height(view)


def fit_height(view: SheetView) -> None:
    """A table shown whole, without a scroll bar: as tall as its header and rows."""
    height = view.horizontalHeader().sizeHint().height() + 4
    height += sum(view.rowHeight(r) for r in range(view.model().rowCount()))
    view.setFixedHeight(height + view.frameWidth() * 2)


def keep_fitted(view: SheetView, fit) -> None:
    """Fit `view` again (`fit(view)`) whenever its columns are resized: the headings wrap at the
    width of their columns, so the header grows and shrinks with the window."""
    timer = QTimer(view, singleShot=True, interval=0)
    timer.timeout.connect(lambda: fit(view))
    view.horizontalHeader().sectionResized.connect(lambda *_args: timer.start())


class IndicatorPage(Page):
    def __init__(self, session: DocumentSession, table: IndicatorTable, parent=None) -> None:
        super().__init__(session, parent)
        self.table = table
        self.table_id = table.id
        model = IndicatorModel(session, table, self)
        view = SheetView()
        header = GroupedHeader(model.groups())
        view.setHorizontalHeader(header)
        self.add_view(model, view)
        view.set_corner_label(table.corner_label)
        header.setSectionResizeMode(QHeaderView.Stretch)
        view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        view.verticalHeader().setDefaultSectionSize(34)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.addWidget(title_block(f"附件{table.number}", table.title))
        layout.addWidget(view)
        fit_height(view)
        keep_fitted(view, fit_height)
        layout.addWidget(note_label(session.definition.note))
        layout.addWidget(note_label("“实际完成任务量”和“完成率”由明细表自动汇总计算（浅蓝色），不能手工修改；"
                                    "把鼠标停在格子上可以看到计算过程。"))
        layout.addStretch(1)


class DetailPage(Page):
    def __init__(self, session: DocumentSession, table: DetailTable, parent=None, settings=None) -> None:
        super().__init__(session, parent)
        self.table = table
        self.table_id = table.id
        self.model = DetailModel(session, table, self)
        self.view = self.add_view(self.model)
        self.view.delegate.multiline_columns = {n for n, c in enumerate(table.columns) if c.kind == "longtext"}
        for n, column in enumerate(table.columns):
            self.view.setColumnWidth(n, COLUMN_WIDTHS.get(column.kind, 120))
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.verticalHeader().hide()
        self.model.modelReset.connect(self._fit_all_rows)
        session.changed.connect(self._fit_rows)

        self.add_button = QPushButton("添加承建单位…")
        self.add_button.setObjectName("addContractor")
        self.add_button.setToolTip("选择要在哪个项目任务下添加承建单位")
        self.add_button.clicked.connect(self.choose_task)
        self.remove_button = QPushButton("删除承建单位…")
        self.remove_button.setObjectName("removeContractor")
        self.remove_button.setToolTip("删除选中行的承建单位（先确认）")
        self.remove_button.clicked.connect(self.confirm_remove)
        self.task_menu = QMenu(self)
        self.task_menu.setObjectName("taskChooser")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(title_block(f"附件{table.number}", table.title))
        main_layout.addLayout(buttons)
        main_layout.addWidget(self.view, 1)
        self.view.keep_rows_in_sight(*CONTRACTORS_IN_SIGHT, blank_rows=False)
        main_layout.addWidget(note_label(session.definition.note))
        summary_table = "、".join(f"附件{t.number}" for t in session.definition.tables_fed_by(table))
        main_layout.addWidget(note_label(f"灰色斜体字是通知中的填写要求（鼠标停在格子上可看全文）；最后一栏“实际完成量”"
                                         f"不打印，用于自动汇总到{summary_table}的“实际完成任务量”。"))
        main_layout.addStretch(0)  # room beyond the table's rows: below the notes, not between them

        layout = QVBoxLayout(self)
        #: A works list for every itemised task; the one shown follows the task of the selected row.
        self.works_panels = {t.id: WorksPanel(session, table, t.id, self) for t in table.tasks if t.items is not None}
        self.works_stack = QStackedWidget()
        for panel in self.works_panels.values():
            self.works_stack.addWidget(panel)
            self.views.append(panel.view)
        if self.works_panels:
            layout.addWidget(split_above_list(main, self.works_stack, self.view, settings))
            self.view.selectionModel().currentChanged.connect(self._follow_selection)
        else:
            layout.addWidget(main)
        self._fit_all_rows()

    @property
    def works(self) -> WorksPanel | None:
        """The works list in sight (None on a table without itemised tasks)."""
        return self.works_stack.currentWidget()

    def _fit_rows(self, summary) -> None:
        """Long completion texts wrap: fit the height of the rows typed into, not of every row
        (computed figures never change a row's height)."""
        for ref in summary.refs:
            index = self.model.index_of(ref) if ref.table == self.table.id else None
            if index is not None and index.isValid():
                self._fit_row(index.row())

    def _fit_row(self, row: int) -> None:
        """Fit a row to its text, but never taller than MAX_ROW_HEIGHT: the full text is in the
        editor and the tooltip, and the other tasks stay in sight."""
        self.view.resizeRowToContents(row)
        if self.view.rowHeight(row) > MAX_ROW_HEIGHT:
            self.view.setRowHeight(row, MAX_ROW_HEIGHT)

    def _fit_all_rows(self) -> None:
        for row in range(self.model.rowCount()):
            self._fit_row(row)

    def _current_slot(self):
        index = self.view.currentIndex()
        return self.model.slot(index.row()) if index.isValid() else None

    def _follow_selection(self, current, _previous) -> None:
        slot = self.model.slot(current.row()) if current.isValid() else None
        panel = self.works_panels.get(slot.task.id) if slot and slot.task else None
        if panel is None:
            return
        self.works_stack.setCurrentWidget(panel)
        if slot.kind == "contractor":
            panel.show_row(slot.index)

    # ------------------------------------------------------------ adding contractors

    def insert_row(self) -> None:
        """编辑 → 插入行: in the works list a work; on a row of a task a contractor of that task;
        anywhere else the clerk is asked which task, never given the first one."""
        if self.works and self.works.view.hasFocus():
            self.works.insert_item()
            return
        slot = self._current_slot()
        if slot is not None and slot.task is not None:
            self.add_contractor(slot.task.id)
        else:
            self.choose_task()

    def choose_task(self) -> None:
        """The chooser under 添加承建单位: every task of the table by number and name, the task of
        the selected row first and marked, so the clerk always sees where the row goes."""
        menu = self.task_menu
        menu.clear()
        slot = self._current_slot()
        current = slot.task if slot is not None else None
        if current is not None:
            first = self._task_action(current, f"{task_name(current)}（选中行所在的任务）")
            menu.addSeparator()
        for section in [None, *self.table.sections]:
            if section is not None:
                menu.addAction(section.label).setEnabled(False)  # a heading: its tasks are numbered anew
            for task in self.table.tasks_in(section.id if section else None):
                self._task_action(task, task_name(task))
        menu.popup(self.add_button.mapToGlobal(self.add_button.rect().bottomLeft()))
        if current is not None:
            menu.setActiveAction(first)

    def _task_action(self, task, text: str):
        action = self.task_menu.addAction(text)
        action.setData(task.id)
        action.triggered.connect(lambda _checked=False, t=task.id: self.add_contractor(t))
        return action

    def add_contractor(self, task_id: str) -> None:
        """Add a contractor row to `task_id` (after the selected one if it is of that task), put the
        cursor on its 承建单位 and say where it went."""
        task = self.session.definition.task(task_id)[1]
        slot = self._current_slot()
        rows = self.session.document.rows(task_id)
        index = slot.index + 1 if slot and slot.kind == "contractor" and slot.task.id == task_id else len(rows)
        self.session.push(plan_insert_contractor(self.session.definition, self.session.document, task_id, index))
        cell = self.model.index_of(CellRef(self.table.id, (task_id, index), "contractor"))
        if cell.isValid():
            self.view.setCurrentIndex(cell)
            self.view.scrollTo(cell)
            self.view.setFocus()
        self._tell(f"已在“{task_name(task)}”下添加{self._contractor_label(task_id, index)}，请填写承建单位名称。")

    # ------------------------------------------------------------ removing contractors

    def confirm_remove(self) -> None:
        """删除承建单位 (the button): the selected row may have been chosen long ago, so the
        question names the task and the contractor before anything is deleted."""
        slot = self._removable_slot()
        if slot is None:
            return
        question = (f"删除“{task_name(slot.task)}”下的{self._contractor_label(slot.task.id, slot.index)}？\n"
                    f"这一行填写的内容{self._works_note(slot)}将一并删除（可用“撤销”恢复）。")
        answer = QMessageBox.question(self, "删除承建单位", question, QMessageBox.Yes | QMessageBox.No,
                                      QMessageBox.No)
        if answer == QMessageBox.Yes:
            self._remove(slot)

    def remove_row(self) -> None:
        """编辑 → 删除行 (Ctrl+-): the row under the cursor, named in the status bar; undo brings it back."""
        if self.works and self.works.view.hasFocus():
            self.works.remove_item()
            return
        slot = self._removable_slot()
        if slot is not None:
            self._remove(slot)

    def _removable_slot(self):
        slot = self._current_slot()
        if not slot or slot.kind != "contractor":
            self.session.refused.emit("请先选中要删除的承建单位所在的行。")
            return None
        return slot

    def _remove(self, slot) -> None:
        label = self._contractor_label(slot.task.id, slot.index)
        self.session.push(plan_remove_contractor(self.session.document, slot.task.id, slot.index))
        self._tell(f"已删除“{task_name(slot.task)}”下的{label}（可按 Ctrl+Z 撤销）。")

    def _contractor_label(self, task_id: str, index: int) -> str:
        """承建单位2“正定县文化馆”, or 承建单位2（未填名称）: as the clerk can find it in the table."""
        name = self.session.document.rows(task_id)[index].text("contractor")
        number = self.table.contractor_placeholder.format(n=index + 1)
        return f"{number}“{name}”" if name else f"{number}（未填名称）"

    def _works_note(self, slot) -> str:
        items = self.session.document.rows(slot.task.id)[slot.index].items
        return f"和{len(items)}{slot.task.items.noun}的清单" if slot.task.items is not None and items else ""

    def _tell(self, message: str) -> None:
        """In the status bar until the clerk's next entry is accepted (MainWindow.show_until_accepted)."""
        self.session.prompted.emit(message)


class ListSplitter(QSplitter):
    """A page over a list the clerk types into row by row (附件2: the contractor table over the
    works list), split so the clerk can drag the line between them. The upper part scrolls, so
    that neither part is ever squeezed: a table keeps the rows its keep_rows_in_sight asks for.

    Until the clerk drags the line, the height is shared out in this order (_list_height): the
    list its least rows; the upper part down to the bottom of `key` (the table the clerk types
    into, at its least rows); the list its wanted rows; the upper part its whole content; the list
    all the rest. At 1366×768 the upper part shows the contractor table whole, no taller than its
    rows, and its notes; in a smaller window it scrolls, and scrolls `key` into sight. Shared out
    once, it was either the upper part's blank space or the list's two rows."""

    def __init__(self, upper: QWidget, lower: QWidget, key: QWidget, parent=None) -> None:
        super().__init__(Qt.Vertical, parent)
        #: The list's share of the height as the clerk dragged it (or as remember_split found it
        #: remembered), kept when the window is resized; None: shared out as above.
        self.share: float | None = None
        self.key = key
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setWidget(upper)
        self.setChildrenCollapsible(False)
        self.addWidget(self.scroll)
        self.addWidget(lower)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.splitterMoved.connect(self._dragged)
        #: Both parts ask for other heights when rows are added, removed or wrap, or a banner
        #: narrows the window: shared out again, once the layouts have settled.
        self._share_timer = QTimer(self, singleShot=True, interval=0)
        self._share_timer.timeout.connect(self.share_out)
        for part in (upper, lower):
            part.installEventFilter(self)
        self._sight_timer = QTimer(self, singleShot=True, interval=0)  # once the content has moved
        self._sight_timer.timeout.connect(self._key_in_sight)
        self.scroll.verticalScrollBar().rangeChanged.connect(lambda *_range: self._sight_timer.start())

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.LayoutRequest:
            self._share_timer.start()
        return super().eventFilter(watched, event)

    def _dragged(self, _position: int, _index: int) -> None:
        sizes = self.sizes()
        if sum(sizes) > 0:
            self.share = sizes[1] / sum(sizes)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.share_out()

    def share_out(self) -> None:
        total = sum(self.sizes())
        if total <= 0:
            return
        height = round(total * self.share) if self.share is not None else self._list_height(total)
        sizes = [total - height, height]
        if sizes != self.sizes():
            self.setSizes(sizes)  # within both parts' minimum heights

    def _list_height(self, total: int) -> int:
        lower = self.widget(1)
        least, wanted = lower.minimumSizeHint().height(), wanted_height(lower, lower.width())
        content = self.scroll.widget()
        whole = wanted_height(content, self.scroll.viewport().width())
        key_bottom = min(self.key.mapTo(content, QPoint(0, 0)).y() + self.key.minimumSizeHint().height(), whole)
        upper = min(max(total - wanted, key_bottom), whole)  # the list's wanted rows before the notes
        return max(total - upper, least)

    def _key_in_sight(self) -> None:
        """An upper part that has come to scroll (a smaller window, more rows) shows its table whole,
        scrolled no further than that, and to the top of a line of the page (the buttons, say),
        never halfway through the title."""
        content = self.scroll.widget()
        top = self.key.mapTo(content, QPoint(0, 0)).y()
        needed = top + self.key.height() - self.scroll.viewport().height()
        layout = content.layout()
        lines = [layout.itemAt(i).geometry().top() for i in range(layout.count())]
        self.scroll.verticalScrollBar().setValue(min([t for t in lines if needed <= t <= top] or [top]) if needed > 0 else 0)


def wanted_height(widget: QWidget, width: int) -> int:
    """The height `widget` asks for at `width`: its notes wrap, and its size hint guesses a width."""
    height = widget.heightForWidth(width) if widget.hasHeightForWidth() else -1
    return height if height >= 0 else widget.sizeHint().height()


def split_above_list(upper: QWidget, lower: QWidget, key: QWidget, settings=None) -> QSplitter:
    splitter = ListSplitter(upper, lower, key)
    if settings is not None:
        remember_split(splitter, settings)
    return splitter


def remember_split(splitter: ListSplitter, settings) -> None:
    """The works list's share of the page, as the clerk last dragged it (Settings.works_split):
    kept for 新建, 打开 and the next start, which all build the page anew. Saved with the settings
    when the window closes."""
    share = settings.works_split
    if 0.0 < share < 1.0:
        splitter.share = share
    splitter.splitterMoved.connect(lambda _position, _index: _store_split(splitter, settings))


def _store_split(splitter: QSplitter, settings) -> None:
    sizes = splitter.sizes()
    if sum(sizes) > 0:  # a part dragged shut is kept as nearly shut: 0 means "as built"
        settings.works_split = min(max(sizes[1] / sum(sizes), 0.01), 0.99)


def task_name(task) -> str:
    return f"{task.number}. {task.label}"


class WorksPanel(QGroupBox):
    """The itemised works of the chosen contractor, with a live Σ 叶 ÷ 10000 = 万筒子叶 line."""

    def __init__(self, session: DocumentSession, table: DetailTable, task_id: str, parent=None) -> None:
        self.task = session.definition.task(task_id)[1]
        super().__init__(self.task.items.label, parent)
        self.session = session
        self.table = table
        self.task_id = task_id
        self.model = ItemsModel(session, table.id, task_id, self)
        self.view = SheetView()
        self.view.setModel(self.model)
        self.view.setObjectName("worksView")
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.view.setColumnWidth(1, 140)
        self.view.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the title column takes the width
        self.view.keep_rows_in_sight(*WORKS_IN_SIGHT)
        self.total = QLabel()
        self.total.setObjectName("worksTotal")
        font = self.total.font()
        font.setBold(True)
        self.total.setFont(font)
        buttons = QHBoxLayout()
        for text, slot in (("插入一行", self.insert_item), ("删除选中行", self.remove_item)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        items = self.task.items
        buttons.addWidget(note_label(f"可从 Excel/WPS 复制“{items.title_label}、{items.count_label}”两列，"
                                     "选中第一格后按 Ctrl+V 粘贴，行数不够会自动添加。"), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.total)
        session.changed.connect(lambda _s: self.update_total())
        self.show_row(0 if session.document.rows(task_id) else None)

    def show_row(self, row_index: int | None) -> None:
        self.model.show_row(row_index)
        self.update_total()

    def update_total(self) -> None:
        rows = self.session.document.rows(self.task_id)
        index = self.model.row_index
        if index is None or index >= len(rows):
            self.total.setText(f"请先在上表为“{self.task.label}”添加承建单位，再填写{self.task.items.label}。")
            return
        contractor = contractor_name(self.table, index, rows[index])
        derived = self.session.results[f"{self.table.id}.{self.task_id}.{index}.completed"]
        self.total.setText(f"{contractor}：{derived.formula}")
        self.total.setToolTip(derived.formula)

    def insert_item(self) -> None:
        if self.model.row_index is None:
            return
        current = self.view.currentIndex()
        position = current.row() if current.isValid() else len(self.model.items())
        self.session.push(plan_insert_item(self.session.definition, self.session.document, self.task_id, self.model.row_index, position))

    def remove_item(self) -> None:
        current = self.view.currentIndex()
        if self.model.row_index is None or not current.isValid() or current.row() >= len(self.model.items()):
            self.session.refused.emit(f"请先选中要删除的{self.task.items.item}所在的行。")
            return
        self.session.push(plan_remove_item(self.session.definition, self.session.document, self.task_id, self.model.row_index, current.row()))


class PerformancePage(Page):
    def __init__(self, session: DocumentSession, table: PerformanceTable, parent=None) -> None:
        super().__init__(session, parent)
        self.table = table
        self.table_id = table.id
        funding = self.add_view(FundingModel(session, table, self))
        funding.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        funding.verticalHeader().setMinimumWidth(220)
        indicators = self.add_view(PerfIndicatorModel(session, table, self))
        for column, width in enumerate((90, 280, 170, 110, 110)):
            indicators.setColumnWidth(column, width)
        indicators.horizontalHeader().setStretchLastSection(True)
        indicators.verticalHeader().hide()
        indicators.delegate.multiline_columns = {5}
        self.indicators = indicators

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title_block(f"附件{table.number}", table.title))
        layout.addWidget(QLabel(f"{table.label('funding_label')}（金额单位：{table.amount_unit}）"))
        layout.addWidget(funding)
        layout.addWidget(QLabel(table.label("local_funds_label")))
        self.local_funds = BoundTextEdit(session, CellRef(table.id, ("local_funds",), "text"), "没有地方资金可不填")
        self.local_funds.setFixedHeight(56)
        layout.addWidget(self.local_funds)
        layout.addWidget(QLabel(table.label("indicators_label")))
        layout.addWidget(indicators)
        layout.addWidget(QLabel(table.label("other_label")))
        self.other = BoundTextEdit(session, CellRef(table.id, ("other",), "text"))
        self.other.setFixedHeight(70)
        layout.addWidget(self.other)
        fit_rows(funding)
        keep_fitted(funding, fit_rows)  # its headings wrap at the window's width, not at build time's
        fit_rows(indicators)
        # A long reason (未完成原因) wraps and its row grows, after typing and when the columns
        # are laid out at the window's width: rows fitted once at build time cut it off with ….
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self._fit_indicators)
        session.changed.connect(self._fit_timer.start)
        indicators.horizontalHeader().sectionResized.connect(self._fit_timer.start)
        scroll_into(self, content)

    def _fit_indicators(self) -> None:
        fit_rows(self.indicators)


class LazyPage(QWidget):
    """A tab whose page is built the first time it is shown: start-up builds only what is seen.
    `built` tells the window, which puts the new page's controls in their place in the Tab order
    (MainWindow.order_focus_chain): Qt chains a widget where it joined the window, at the end."""

    built = Signal(object)  # the page

    def __init__(self, table_id: str, tab_title: str, factory, parent=None) -> None:
        super().__init__(parent)
        self.table_id = table_id
        self.tab_title = tab_title
        self._factory = factory
        self._page: Page | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def page(self) -> Page:
        if self._page is None:
            self._page = self._factory()
            self._page.tab_title = self.tab_title
            self._layout.addWidget(self._page)
            stop_only_at_controls(self._page)
            self.built.emit(self._page)
        return self._page

    def showEvent(self, event) -> None:
        self.page  # noqa: B018 - building is the point
        super().showEvent(event)


def stop_only_at_controls(page: QWidget) -> None:
    """Tab stops only at what the clerk sees and types into. A scroll area holding a page is a Tab
    stop of its own that shows nothing, so it is taken out (its content stays in the chain, and
    Tab still scrolls the control it reaches into sight); a text box passes Tab on to the next
    control, as a form field does, instead of typing a tab character into the report."""
    for area in page.findChildren(QScrollArea):
        area.setFocusPolicy(Qt.NoFocus)
    for box in [*page.findChildren(QTextEdit), *page.findChildren(QPlainTextEdit)]:
        box.setTabChangesFocus(True)


def focus_stops(container: QWidget) -> list[QWidget]:
    """The Tab stops inside `container` in reading order: the widgets of each level top to bottom,
    left to right, as their parent's layout placed them (not yet placed: as built). Only the
    outer widget of a compound one (a tab bar's arrows, an editor open in a table stay with it);
    hidden ones too, since Tab skips them until they are shown."""
    stops: list[QWidget] = []
    children = [c for c in container.children() if isinstance(c, QWidget) and not c.isWindow()]
    for child in sorted(children, key=lambda c: (c.y(), c.x())):
        if child.focusPolicy() & Qt.TabFocus and child.focusProxy() is None:
            stops.append(child)
        else:
            stops += focus_stops(child)
    return stops


def lazy_pages(session: DocumentSession, settings=None) -> list[LazyPage]:
    """One tab per annex and report, in the order of the notice. `settings` (the window's) give
    the pages the layout the clerk left them in."""
    definition = session.definition
    pages = []
    for table in definition.tables:
        if isinstance(table, IndicatorTable):
            title, build = f"附件{table.number} 任务指标完成情况", IndicatorPage
        elif isinstance(table, DetailTable):
            title, build = f"附件{table.number} 完成情况明细", partial(DetailPage, settings=settings)
        else:
            title, build = f"附件{table.number} 绩效自评表", PerformancePage
        pages.append(LazyPage(table.id, title, lambda b=build, t=table: b(session, t)))
    for report in definition.reports:
        name = definition.programme(report.programme).name.replace("建设项目", "")
        pages.append(LazyPage(report.id, f"总结报告（{name}）", lambda r=report: _report_page(session, r)))
    pages.append(LazyPage("checklist", "材料清单", lambda: _checklist_page(session)))
    return pages


def follow_participation(tabs, pages: list[LazyPage], session: DocumentSession) -> None:
    """Show only the tabs of the projects the unit takes part in (附件5 and 材料清单 always), now
    and whenever 单位信息 changes them (an edit, undone like any other). A hidden tab keeps what
    was typed into it; it is not built until it is shown."""

    following = []  # the participation the tabs show

    def show_tabs(_summary=None) -> None:
        chosen = participation.taking_part(session.definition, session.document)
        if following == [chosen]:
            return  # a row added or removed: the tabs stay
        following[:] = [chosen]
        for page in pages:
            shown = participation.applies(session.definition, session.document, page.table_id)
            tabs.setTabVisible(tabs.indexOf(page), shown)

    show_tabs()
    session.changed.connect(lambda summary: summary.structural and show_tabs())



# The report and checklist pages build on this module's Page, hence the imports on first use.
def _report_page(session: DocumentSession, report):
    from hbaccept_gui.ui.report_page import ReportPage

    return ReportPage(session, report)


def _checklist_page(session: DocumentSession):
    from hbaccept_gui.ui.checklist_page import ChecklistPage

    return ChecklistPage(session)
