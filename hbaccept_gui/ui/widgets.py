"""Small widgets the pages share: the title block of a form, a text box bound to one cell of the
document (with undo), and the header fields entered once per document."""

from __future__ import annotations

from datetime import date
from time import monotonic

from hbaccept_gui.core.cells import CellRef, display_value, get_value
from hbaccept_gui.core.dates import EARLIEST_YEAR, LATEST_YEAR
from hbaccept_gui.core.edits import CellError, plan_set
from hbaccept_gui.ui.qt import (
    QAction,
    QCalendarWidget,
    QDate,
    QEvent,
    QFont,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimer,
    QToolButton,
    QVBoxLayout,
    QWidget,
    Qt,
)
from hbaccept_gui.ui.session import DocumentSession

TYPING_PAUSE_MS = 400


def title_block(annex: str, title: str) -> QWidget:
    """「附件N」 top left, the title centred and bold, as the notice prints them."""
    block = QWidget()
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 4)
    number = QLabel(annex)
    heading = QLabel(title)
    heading.setAlignment(Qt.AlignCenter)
    font = QFont(heading.font())
    font.setPointSizeF(font.pointSizeF() * 1.35)
    font.setBold(True)
    heading.setFont(font)
    heading.setWordWrap(True)
    layout.addWidget(number)
    layout.addWidget(heading)
    return block


def contact_text(definition) -> str:
    """The notice's contact for questions (李双秋 and the phones), as the year's definition gives
    it (notice.toml): next year's notice brings its own, so it is never written into the code."""
    who = " ".join(definition.contact.split())
    return f"{who}，电话 {'、'.join(definition.contact_phones)}"


def contact_message(definition) -> str:
    """帮助 → 咨询联系人: who to ask, and where the materials go."""
    return (f"对{definition.year}年度验收工作有疑问，可咨询：\n{contact_text(definition)}\n\n"
            f"材料报送邮箱：{definition.mailbox}\n（见{definition.issuer}《{definition.title}》）")


class AttentionBanner(QFrame):
    """A quiet strip above the tabs for what the clerk must not miss but need not answer now
    (pasted cells to correct): unlike the status bar it stays while any of those cells still needs
    correcting, and says how many are left; unlike a dialog it blocks nothing (a paste is followed
    by more work, not by a question). It goes by itself once none is left (typed over, the paste
    undone, the rows deleted), or when closed."""

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.cells = None  # to_correct.CellsToCorrect of the last paste that left any, until closed
        self.setObjectName("attentionBanner")
        self.setStyleSheet("#attentionBanner { background: #fff7e0; border: 1px solid #f0c36d; border-radius: 3px; }")
        self.label = QLabel()
        self.label.setObjectName("attentionText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.findings_button = QPushButton("查看审核结果")
        self.findings_button.setFocusPolicy(Qt.NoFocus)  # the keyboard stays in the table
        close = QToolButton()
        close.setText("关闭")
        close.setAutoRaise(True)
        close.setFocusPolicy(Qt.NoFocus)
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 4, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.findings_button)
        layout.addWidget(close)
        self.hide()
        session.attention.connect(self.show_cells)
        session.changed.connect(self.follow_edits)

    def show_cells(self, cells) -> None:
        self.cells = cells
        self.follow_edits()

    def follow_edits(self, _summary=None) -> None:
        """After every edit, undo and redo: the cells still to correct, or nothing to show."""
        if self.cells is None:
            return
        left = self.cells.left_in(self.session.document)
        if left:
            self.label.setText(left.message(self.session.definition))
        self.setVisible(bool(left))

    def dismiss(self) -> None:
        """关闭: the clerk has seen it; only the next paste that leaves cells to correct shows it again."""
        self.cells = None
        self.hide()


def note_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


#: A pause in typing longer than this ends an undo step: what is typed next is a step of its own.
BURST_PAUSE_S = 2.0
#: Typing one of these ends a sentence or a paragraph, and with it an undo step.
SENTENCE_ENDS = frozenset("。！？；!?;\r\n\u2029")


class TypingSteps:
    """How typing in a text box becomes undo steps of the document, shared by BoundTextEdit and
    report_editor.ReportEditor. The box stores what is typed after a short pause (`commit`, with
    merge=True); the stores of one burst merge into one step until the step is ended here: at the
    end of a sentence, after a longer pause, when the clerk leaves the box, around a paste or an
    inserted figure. Ctrl+Z / Ctrl+Y and the context menu's 撤销/重做 go to the session's one stack
    (which stores pending typing first): the box's own history is switched off, because its undo
    knew nothing of the document and was then stored as a new step, so redo never came back."""

    def __init__(self, box, session: DocumentSession, ref: CellRef, commit) -> None:
        self.box = box
        self.session = session
        self.ref = ref
        self.commit = commit
        self._last_key = 0.0
        box.setUndoRedoEnabled(False)
        session.settle.connect(commit)  # typing not yet stored is stored before an undo or redo

    def override(self, event) -> bool:
        """For the box's event(): claim Ctrl+Z / Ctrl+Y, so they reach `key` and not a shortcut."""
        if event.type() == QEvent.ShortcutOverride and (_is_undo(event) or _is_redo(event)):
            event.accept()
            return True
        return False

    def key(self, event) -> bool:
        """For the box's keyPressEvent: True when the key was undo or redo, done on the document."""
        if _is_undo(event):
            self.session.undo()
            return True
        if _is_redo(event):
            self.session.redo()
            return True
        return False

    def before_typing(self) -> None:
        if monotonic() - self._last_key > BURST_PAUSE_S:
            self.end()

    def after_typing(self, text: str) -> None:
        self._last_key = monotonic()
        if text and text[-1] in SENTENCE_ENDS:
            self.end()

    def end(self) -> None:
        """Store what is typed and close its step."""
        self.commit()
        self.session.end_typing(self.ref)

    def as_own_step(self, change) -> None:
        """A paste or an inserted figure: one step, apart from the typing before and after it."""
        self.end()
        change()
        self.end()

    def context_menu(self, menu) -> None:
        replace_undo_actions(menu, self.session, self.session.undo, self.session.redo)


def replace_undo_actions(menu, session: DocumentSession, undo, redo) -> None:
    """Put the document's 撤销/重做 where a standard context menu has the widget's own."""
    for action in menu.actions():
        if action.objectName() in ("edit-undo", "edit-redo"):
            is_undo = action.objectName() == "edit-undo"
            replacement = QAction("撤销" if is_undo else "重做", menu)
            replacement.setEnabled(session.undo_stack.canUndo() if is_undo else session.undo_stack.canRedo())
            replacement.triggered.connect(lambda _c=False, u=is_undo: undo() if u else redo())
            menu.insertAction(action, replacement)
            menu.removeAction(action)


class TypedInSteps:
    """The event routing of a text box whose typing is document edits (`self.steps`, a
    TypingSteps): mixed in before the Qt class by BoundTextEdit and ReportEditor, so both boxes
    route keys, input methods and the context menu the same way. `_before_typed` runs right
    before a keystroke or input-method text reaches the box (ReportEditor: type as text, never as
    part of a figure)."""

    def _before_typed(self) -> None:
        pass

    def event(self, event) -> bool:
        steps = getattr(self, "steps", None)  # Qt sends events while the box is being built
        return (steps is not None and steps.override(event)) or super().event(event)

    def keyPressEvent(self, event) -> None:
        if self.steps.key(event):
            return
        self.steps.before_typing()
        self._before_typed()
        super().keyPressEvent(event)
        self.steps.after_typing(event.text())

    def inputMethodEvent(self, event) -> None:
        self.steps.before_typing()
        self._before_typed()
        super().inputMethodEvent(event)
        self.steps.after_typing(event.commitString())

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu()
        self.steps.context_menu(menu)
        menu.exec(event.globalPos())
        menu.deleteLater()


class BoundTextEdit(TypedInSteps, QPlainTextEdit):
    """A multi-line box for one text cell (地方资金说明, 其他说明). Typing is stored after a short
    pause; a burst or a sentence of typing, and a paste, is one undo step of the document
    (TypingSteps). (Report sections, which may hold bound figures, have their own editor:
    report_editor.ReportEditor.)"""

    def __init__(self, session: DocumentSession, ref: CellRef, placeholder: str = "", parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.ref = ref
        self.setPlaceholderText(placeholder)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._typed)
        session.changed.connect(self._on_changed)
        self.steps = TypingSteps(self, session, ref, self.commit)
        self.refresh()

    def _stored_text(self) -> str:
        return display_value(get_value(self.session.document, self.ref))

    def refresh(self) -> None:
        text = self._stored_text()
        if text != self.toPlainText():
            self.blockSignals(True)
            cursor = self.textCursor().position()
            self.setPlainText(text)
            moved = self.textCursor()
            moved.setPosition(min(cursor, len(text)))
            self.setTextCursor(moved)
            self.blockSignals(False)

    def _typed(self) -> None:
        self._timer.start()

    def commit(self) -> None:
        self._timer.stop()
        if self.toPlainText() != self._stored_text() and self.session.set_text(self.ref, self.toPlainText(), merge=True):
            self.refresh()

    def insertFromMimeData(self, source) -> None:
        self.steps.as_own_step(lambda: super(BoundTextEdit, self).insertFromMimeData(source))

    def focusOutEvent(self, event) -> None:
        self.steps.end()
        super().focusOutEvent(event)

    def _on_changed(self, summary) -> None:
        if self.ref in summary.refs or summary.structural:
            if not self._timer.isActive():
                self.refresh()


REFUSED_STYLE = "QLineEdit { border: 1px solid #b91c1c; }"
DATE_PLACEHOLDER = "如 2025-06-10 或 2025年6月10日"


def _is_undo(event) -> bool:
    return event.matches(QKeySequence.Undo)


def _is_redo(event) -> bool:
    """Ctrl+Y as on Windows (and the menu's shortcut), Ctrl+Shift+Z as elsewhere."""
    ctrl_y = event.key() == Qt.Key_Y and event.modifiers() == Qt.ControlModifier
    return ctrl_y or event.matches(QKeySequence.Redo)


class HeaderLineEdit(QLineEdit):
    """A header field. Its value is a document cell, so its undo is the document's: Ctrl+Z, Ctrl+Y
    and the context menu's 撤销/重做 go to the session's one stack, never to the line edit's own
    history (which knew nothing of the document and restored wrong values). Tab leaves only once
    what was typed is stored; a refused entry keeps the field, like a refused table cell."""

    def __init__(self, bar: HeaderBar, field_id: str) -> None:
        super().__init__()
        self.bar = bar
        self.field_id = field_id

    def event(self, event) -> bool:
        if event.type() == QEvent.ShortcutOverride and (_is_undo(event) or _is_redo(event)):
            event.accept()  # the key comes to keyPressEvent, not to the line edit's undo
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if _is_undo(event):
            self.bar.undo(self.field_id)
        elif _is_redo(event):
            self.bar.redo()
        elif event.key() == Qt.Key_Escape and self.text() != self.bar.stored_text(self.field_id):
            self.bar.show_stored(self.field_id)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next_child: bool) -> bool:
        if self.bar.commit(self.field_id) is not None:
            return True  # refused: the field keeps the focus and the entry, the status bar says why
        return super().focusNextPrevChild(next_child)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu()
        replace_undo_actions(menu, self.bar.session, lambda: self.bar.undo(self.field_id), self.bar.redo)
        menu.exec(event.globalPos())
        menu.deleteLater()


class DateLineEdit(HeaderLineEdit):
    """日期 typed as the clerk writes it (core.dates reads 2025-06-10, 2025/6/10, 2025年6月10日,
    20250610, full-width digits); Alt+↓ or F4 opens the calendar, as in a date box."""

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_F4 or (event.key() == Qt.Key_Down and event.modifiers() & Qt.AltModifier):
            self.bar.open_calendar()
            return
        super().keyPressEvent(event)


class CalendarPopup(QFrame):
    """The calendar under 日期, opened at the date in the field or today (never at 1999)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, Qt.Popup)
        self.setFrameShape(QFrame.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("headerCalendar")
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.Monday)
        self.calendar.setMinimumDate(QDate(EARLIEST_YEAR, 1, 1))
        self.calendar.setMaximumDate(QDate(LATEST_YEAR, 12, 31))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)

    def open_at(self, shown: date, below: QWidget) -> None:
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.setCurrentPage(shown.year, shown.month)
        self.move(below.mapToGlobal(below.rect().bottomLeft()))
        self.show()
        self.calendar.setFocus()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


class HeaderBar(QWidget):
    """单位名称, 日期 (typed, or picked in a calendar), 项目联系人, 联系电话: entered once, printed on every
    form. Each is a document cell: a typed value is stored (one undo step) when the clerk presses
    Enter or Tab or leaves the field, and refused with the usual message if it is not valid."""

    def __init__(self, session: DocumentSession, parent=None, today=date.today) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.editors: dict[str, HeaderLineEdit] = {}
        self.calendar_button: QToolButton | None = None
        self.calendar_popup: CalendarPopup | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        for header_field in session.definition.header_fields:
            form = QFormLayout()
            form.setContentsMargins(0, 0, 0, 0)
            form.addRow(f"{header_field.label}：", self._field(header_field))
            layout.addLayout(form, 3 if header_field.id == "unit_name" else 2)
        session.changed.connect(self._on_changed)
        session.settle.connect(self.commit_all)
        self.refresh()

    def _field(self, header_field) -> QWidget:
        if header_field.kind != "date":
            editor = HeaderLineEdit(self, header_field.id)
            editor.setPlaceholderText(header_field.hint.strip() or header_field.label)
            return self._register(editor, header_field.id)
        editor = self._register(DateLineEdit(self, header_field.id), header_field.id)
        editor.setPlaceholderText(DATE_PLACEHOLDER)
        self.calendar_button = QToolButton()
        self.calendar_button.setObjectName("headerCalendarButton")
        self.calendar_button.setArrowType(Qt.DownArrow)
        self.calendar_button.setFocusPolicy(Qt.NoFocus)  # Tab goes from 日期 straight to 项目联系人
        self.calendar_button.setToolTip("从日历中选择日期（也可在日期栏中按 Alt+↓）")
        self.calendar_button.clicked.connect(self.open_calendar)
        self.calendar_popup = CalendarPopup(self)
        self.calendar_popup.calendar.activated.connect(self._picked)
        self.calendar_popup.calendar.clicked.connect(self._picked)
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(editor, 1)
        row.addWidget(self.calendar_button)
        return box

    def _register(self, editor: HeaderLineEdit, field_id: str) -> HeaderLineEdit:
        editor.setObjectName(f"header_{field_id}")
        editor.editingFinished.connect(lambda f=field_id: self.commit(f))
        self.editors[field_id] = editor
        return editor

    @staticmethod
    def ref(field_id: str) -> CellRef:
        return CellRef("header", (), field_id)

    def stored_text(self, field_id: str) -> str:
        return display_value(self.session.document.header.get(field_id))

    # ------------------------------------------------------------ storing

    def commit(self, field_id: str) -> str | None:
        """Store what the field shows. None when stored (or unchanged), else the refusal, which the
        session has already put in the status bar; the field then keeps the entry and says why."""
        editor = self.editors[field_id]
        if editor.text() == self.stored_text(field_id):
            self._mark(editor, None)
            return None
        refusal = self.session.set_text(self.ref(field_id), editor.text())
        self._mark(editor, refusal)
        if refusal is None:
            self.show_stored(field_id)  # as stored: 2025/6/10 reads 2025年06月10日
        return refusal

    def _refusal(self, field_id: str) -> str | None:
        """Why what the field shows would be refused (None if it would be stored), asked quietly."""
        try:
            plan_set(self.session.definition, self.session.document, self.ref(field_id), self.editors[field_id].text())
        except CellError as error:
            return error.message
        return None

    def _pending(self, field_id: str) -> bool:
        return self.editors[field_id].text() != self.stored_text(field_id)

    def commit_all(self) -> None:
        """Before an undo or redo: what is typed but not yet stored becomes a step of its own, so
        that undo takes back exactly that; an entry that would be refused is dropped instead."""
        for field_id in self.editors:
            if self._pending(field_id):
                self.show_stored(field_id) if self._refusal(field_id) else self.commit(field_id)

    def undo(self, field_id: str) -> None:
        """Ctrl+Z in a field: a refused entry still in it is taken back first (it never was a
        step of the document); otherwise the document's last step, whichever cell it was in."""
        if self._pending(field_id) and self._refusal(field_id):
            self.show_stored(field_id)
            return
        self.session.undo()
        self.editors[field_id].selectAll()

    def redo(self) -> None:
        self.session.redo()

    # ------------------------------------------------------------ the calendar

    def open_calendar(self) -> None:
        value = self.session.document.header.get("date")
        shown = value if isinstance(value, date) else self.today()
        self.calendar_popup.open_at(shown, self.editors["date"])

    def _picked(self, chosen: QDate) -> None:
        self.calendar_popup.hide()
        editor = self.editors["date"]
        editor.setText(chosen.toString("yyyy-MM-dd"))
        self.commit("date")
        editor.setFocus(Qt.PopupFocusReason)

    # ------------------------------------------------------------ showing

    def _mark(self, editor: HeaderLineEdit, refusal: str | None) -> None:
        editor.setStyleSheet(REFUSED_STYLE if refusal else "")
        editor.setToolTip(refusal or "")

    def show_stored(self, field_id: str) -> None:
        editor = self.editors[field_id]
        self._mark(editor, None)
        if editor.text() != self.stored_text(field_id):
            editor.setText(self.stored_text(field_id))

    def _on_changed(self, summary) -> None:
        """Only the fields an edit (or its undo) changed: a refused entry waiting in another field
        stays where the clerk can correct it."""
        for field_id in self.editors:
            if self.ref(field_id) in summary.refs:
                self.show_stored(field_id)

    def refresh(self) -> None:
        for field_id in self.editors:
            self.show_stored(field_id)
