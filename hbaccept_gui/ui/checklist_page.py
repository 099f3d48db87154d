"""The 材料清单 tab: each material the notice asks for, its deadline and the days left, what the
program generates for it, a tick and a note. Rows come from core.checklist; ticks and notes are
edits of the document like any other (undo, autosave, save file)."""

from __future__ import annotations

from datetime import date

from hbaccept_gui.core.cells import CHECKLIST, CellRef
from hbaccept_gui.core.charset import rare_characters
from hbaccept_gui.core.checklist import checklist_rows
from hbaccept_gui.core.dates import format_date
from hbaccept_gui.core.edits import CellError, EditGroup, SetValue, format_block, plan_set
from hbaccept_gui.core.participation import exports_charset
from hbaccept_gui.core.paste_source import pasted_cells
from hbaccept_gui.ui.pages import Page
from hbaccept_gui.ui.qt import (
    QAbstractItemView,
    QApplication,
    QColor,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    Qt,
)
from hbaccept_gui.ui.session import DocumentSession
from hbaccept_gui.ui.sheet_view import take_clipboard_keys
from hbaccept_gui.ui.widgets import contact_text, note_label, title_block

COLUMNS = ("完成", "材料", "截止日期", "剩余时间", "本程序能否生成", "备注")
NOTE_COLUMN = 5
OVERDUE = QColor("#b91c1c")
SOON = QColor("#b45309")
SOON_DAYS = 3


class ChecklistPage(Page):
    table_id = CHECKLIST

    def __init__(self, session: DocumentSession, today=date.today, parent=None) -> None:
        super().__init__(session, parent)
        self.today = today
        definition = session.definition
        layout = QVBoxLayout(self)
        layout.addWidget(title_block("材料清单", f"{definition.year}年度验收需提交的材料"))
        layout.addWidget(note_label(f"按通知“三、时间安排”。报告和表格加盖公章并附 word 版发送至 {definition.mailbox}；"
                                    "打勾表示已完成，备注可记录提交方式和日期。"))
        self.contact = note_label(f"对验收工作有疑问，可咨询：{contact_text(definition)}")
        self.contact.setObjectName("noticeContact")
        self.contact.setTextInteractionFlags(Qt.TextSelectableByMouse)  # the phone can be copied
        layout.addWidget(self.contact)
        self.status = QLabel()
        self.status.setObjectName("checklistStatus")
        layout.addWidget(self.status)
        self.table = ChecklistTable(session)
        self.table.setObjectName("checklistTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(NOTE_COLUMN, QHeaderView.Stretch)
        for column, width in ((0, 48), (2, 120), (3, 110), (4, 330)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.rare = note_label("")
        self.rare.setObjectName("rareCharacters")
        layout.addWidget(self.rare)
        self._filling = False
        self.table.itemChanged.connect(self._item_changed)
        session.changed.connect(self._on_changed)
        session.findingsChanged.connect(self.refresh_rare)  # after a pause in typing, like the audit
        self.refresh()
        self.refresh_rare()

    def current_view(self) -> ChecklistTable:
        """编辑 → 复制/粘贴 (and their shortcuts) act on the checklist as on any table."""
        return self.table

    def _on_changed(self, summary) -> None:
        if summary.structural or any(ref.table == CHECKLIST for ref in summary.refs):
            self.refresh()
        if summary.structural:
            self.refresh_rare()  # 单位信息 may have added or left out the project that asks for it

    def rows(self):
        return checklist_rows(self.session.definition, self.session.document, self.today())

    def refresh(self) -> None:
        rows = self.rows()
        self._filling = True
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            tick.setCheckState(Qt.Checked if row.done else Qt.Unchecked)
            tick.setData(Qt.UserRole, row.item.id)
            cells = [tick, _fixed(row.item.label, row.item.note), _fixed(format_date(row.deadline.date),
                                                                         row.deadline.label),
                     _fixed("已完成" if row.done else row.days_text), _fixed(row.generated, row.generated)]
            note = QTableWidgetItem(row.note)
            note.setToolTip("直接输入或粘贴（Ctrl+V）以填写备注")
            for column, item in enumerate([*cells, note]):
                self.table.setItem(number, column, item)
            if not row.done:
                colour = OVERDUE if row.days_left < 0 else SOON if row.days_left <= SOON_DAYS else None
                if colour is not None:
                    cells[3].setForeground(colour)
        self._filling = False
        self.status.setText(self.status_text(rows))

    def refresh_rare(self) -> None:
        wanted = exports_charset(self.session.definition, self.session.document)
        self.rare.setVisible(wanted)  # only the projects that ask for it (材料清单) get the 字符集外字表
        if not wanted:
            return
        rare = rare_characters(self.session.definition, self.session.document)
        if not rare:
            self.rare.setText("字符集外字表：本文档没有超出 GB 2312 的字，不需要此表。")
            return
        shown = "、".join(f"{r.char}（{r.code_point}）" for r in rare)
        self.rare.setText(f"字符集外字表：本文档有 {len(rare)} 个字超出 GB 2312，一键导出时生成此表：{shown}")

    def status_text(self, rows) -> str:
        done = sum(r.done for r in rows)
        overdue = sum(r.overdue for r in rows)
        text = f"已完成 {done}/{len(rows)} 项"
        return text + (f"，{overdue} 项已过截止日期" if overdue else "")

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        item_id = self.table.item(item.row(), 0).data(Qt.UserRole)
        if item.column() == 0:
            ref = CellRef(CHECKLIST, (item_id,), "done")
            done = item.checkState() == Qt.Checked
            entry = self.session.document.checklist[item_id]
            if done != entry.done:
                self.session.push(SetValue(ref, entry.done, done, label="勾选材料清单"))
        elif item.column() == NOTE_COLUMN:
            if self.session.set_text(CellRef(CHECKLIST, (item_id,), "note"), item.text()):
                self.refresh()


class ChecklistTable(QTableWidget):
    """The checklist grid with the keys of every other table: with a row selected by a single
    click, Ctrl+V pastes into its 备注 (several rows of a block into the notes below, one value into
    every selected row), Delete clears the notes, Ctrl+C copies the rows. A plain QTableWidget
    pastes only into an open editor, so a click and Ctrl+V did nothing. Each is one undo step."""

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(0, len(COLUMNS))
        self.session = session

    def keyPressEvent(self, event) -> None:
        if not take_clipboard_keys(self, event):
            super().keyPressEvent(event)

    def note_ref(self, row: int) -> CellRef:
        return CellRef(CHECKLIST, (self.item(row, 0).data(Qt.UserRole),), "note")

    def selected_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.selectedIndexes()})
        current = self.currentRow()
        return rows or ([current] if current >= 0 else [])

    def copy_selection(self) -> None:
        rows = self.selected_rows()
        if rows:
            block = [[self.item(r, c).text() for c in range(1, self.columnCount())] for r in rows]
            QApplication.clipboard().setText(format_block(block))

    def paste(self) -> None:
        mime = QApplication.clipboard().mimeData()
        rows = self.selected_rows()
        if mime is None or not mime.hasText() or not rows:
            return
        block = pasted_cells(mime.text(), mime.formats(), mime.html() if mime.hasHtml() else "")
        if len(block) == 1 and len(block[0]) == 1:
            notes = [(row, block[0][0]) for row in rows]  # one value fills every selected row, as in Excel
        else:
            notes = [(rows[0] + n, cells[0] if cells else "") for n, cells in enumerate(block)
                     if rows[0] + n < self.rowCount()]
        self._store(notes, "粘贴")

    def clear_selection(self) -> None:
        self._store([(row, "") for row in self.selected_rows()], "清除")

    def _store(self, notes: list[tuple[int, str]], label: str) -> None:
        definition, document = self.session.definition, self.session.document
        try:
            edits = [plan_set(definition, document, self.note_ref(row), text) for row, text in notes]
        except CellError as error:
            self.session.refused.emit(error.message)
            return
        changed = [edit for edit in edits if edit.old != edit.new]
        if changed:
            self.session.push(EditGroup(changed, label=label))


def _fixed(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable)
    if tooltip:
        item.setToolTip(tooltip)
    return item
