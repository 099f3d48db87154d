"""Small widgets the pages share: the title block of a form, a text box bound to one cell of the
document (with undo), and the header fields entered once per document."""

from __future__ import annotations

from datetime import date

from hbaccept_gui.core.cells import CellRef, display_value, get_value
from hbaccept_gui.ui.qt import (
    QDate,
    QDateEdit,
    QFont,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimer,
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


def note_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class BoundTextEdit(QPlainTextEdit):
    """A multi-line box for one text cell (地方资金说明, 其他说明). Typing is stored after a short
    pause; a burst of typing in one box is one undo step. (Report sections, which may hold bound
    figures, have their own editor: report_editor.ReportEditor.)"""

    def __init__(self, session: DocumentSession, ref: CellRef, placeholder: str = "", parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.ref = ref
        self.setPlaceholderText(placeholder)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._typed)
        session.changed.connect(self._on_changed)
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

    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)

    def _on_changed(self, summary) -> None:
        if self.ref in summary.refs or summary.structural:
            if not self._timer.isActive():
                self.refresh()


class HeaderBar(QWidget):
    """单位名称, 日期 (with a calendar), 项目联系人, 联系电话: entered once, printed on every form."""

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.editors: dict[str, QWidget] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        for header_field in session.definition.header_fields:
            form = QFormLayout()
            form.setContentsMargins(0, 0, 0, 0)
            editor = self._date_editor() if header_field.kind == "date" else QLineEdit()
            if isinstance(editor, QLineEdit):
                editor.setPlaceholderText(header_field.hint.strip() or header_field.label)
                editor.editingFinished.connect(lambda f=header_field.id: self._commit(f))
            editor.setObjectName(f"header_{header_field.id}")
            self.editors[header_field.id] = editor
            form.addRow(f"{header_field.label}：", editor)
            layout.addLayout(form, 3 if header_field.id == "unit_name" else 2)
        session.changed.connect(lambda _summary: self.refresh())
        self.refresh()

    def _date_editor(self) -> QDateEdit:
        editor = QDateEdit()
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy年MM月dd日")
        editor.setMinimumDate(QDate(1999, 12, 31))
        editor.setSpecialValueText("未填写")
        editor.dateChanged.connect(lambda _d: self._commit("date"))
        return editor

    def _commit(self, field_id: str) -> None:
        editor = self.editors[field_id]
        ref = CellRef("header", (), field_id)
        if isinstance(editor, QDateEdit):
            chosen = editor.date()
            raw = "" if chosen == editor.minimumDate() else chosen.toString("yyyy-MM-dd")
        else:
            raw = editor.text()
        if self.session.set_text(ref, raw):
            self.refresh()

    def refresh(self) -> None:
        for field_id, editor in self.editors.items():
            value = self.session.document.header.get(field_id)
            editor.blockSignals(True)
            if isinstance(editor, QDateEdit):
                editor.setDate(QDate(value.year, value.month, value.day) if isinstance(value, date)
                               else editor.minimumDate())
            elif editor.text() != display_value(value):
                editor.setText(display_value(value))
            editor.blockSignals(False)
