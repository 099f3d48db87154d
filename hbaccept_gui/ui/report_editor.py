"""The editor of one report section: typed text with figures bound to the tables.

A bound figure (FieldSegment) sits in the text as one object character (U+FFFC) whose format
carries the derived-value key; `FieldObject` draws it with the current value, so the clerk sees
「1.0274 万筒子叶」 on a light-blue chip that cannot be half-deleted or typed into, and that changes
as soon as the tables change. The editor reads its segments back from the text document and
stores them through the session; undo and redo are the document's (widgets.TypingSteps): a typed
sentence or burst, a paste and an inserted figure are one step each."""

from __future__ import annotations

from hbaccept_gui.core import messages
from hbaccept_gui.core.cells import CellRef, get_value
from hbaccept_gui.core.document import FieldSegment, Segment, TextSegment
from hbaccept_gui.core.draft import join_paragraphs
from hbaccept_gui.core.edits import SetValue
from hbaccept_gui.core.report_text import render_field, render_segments
from hbaccept_gui.core.text import clean_text, xml_safe
from hbaccept_gui.ui.qt import (
    QColor,
    QFontMetricsF,
    QMimeData,
    QPyTextObject,
    QRectF,
    QSizeF,
    QTextCharFormat,
    QTextCursor,
    QTextEdit,
    QTextFormat,
    QTimer,
    Qt,
)
from hbaccept_gui.ui.session import DocumentSession
from hbaccept_gui.ui.widgets import TypedInSteps, TypingSteps

FIELD_OBJECT = QTextFormat.UserObject + 1
FIELD_KEY = QTextFormat.UserProperty + 1
OBJECT_CHAR = "\ufffc"
TYPING_PAUSE_MS = 400
CHIP_PADDING = 3.0
CHIP_COLOUR = QColor("#dbeafe")
CHIP_BORDER = QColor("#93c5fd")
WRAPPED = Qt.AlignLeft | Qt.AlignVCenter | Qt.TextWordWrap


def field_format(key: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setObjectType(FIELD_OBJECT)
    fmt.setProperty(FIELD_KEY, key)
    fmt.setVerticalAlignment(QTextCharFormat.AlignMiddle)  # centred on the line, not sat on the baseline
    return fmt


class FieldObject(QPyTextObject):
    """Draws a bound figure with its current value (Qt asks for size and painting). A value wider
    than the page (a bound works list of 85 books) cannot break across lines as text does, being
    one character: its chip takes the page's width and wraps the value inside, so the whole list
    shows without scrolling sideways."""

    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session

    def text(self, fmt: QTextFormat) -> str:
        return render_field(self.session.results, fmt.property(FIELD_KEY))

    def intrinsicSize(self, doc, _position, fmt) -> QSizeF:
        metrics = QFontMetricsF(doc.defaultFont())
        text = self.text(fmt)
        width = metrics.horizontalAdvance(text) + 2 * CHIP_PADDING
        room = page_width(doc)
        if room is None or width <= room:
            return QSizeF(width, metrics.height())
        inside = QRectF(0, 0, room - 2 * CHIP_PADDING, metrics.height() * len(text))
        return QSizeF(room, metrics.boundingRect(inside, WRAPPED, text).height())

    def drawObject(self, painter, rect, doc, _position, fmt) -> None:
        text = self.text(fmt)
        wraps = rect.width() < QFontMetricsF(doc.defaultFont()).horizontalAdvance(text) + 2 * CHIP_PADDING
        painter.save()
        painter.setPen(CHIP_BORDER)
        painter.setBrush(CHIP_COLOUR)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.setPen(QColor("#1e3a8a"))
        painter.setFont(doc.defaultFont())
        if wraps:
            painter.drawText(QRectF(rect).adjusted(CHIP_PADDING, 0, -CHIP_PADDING, 0), WRAPPED, text)
        else:
            painter.drawText(QRectF(rect), Qt.AlignCenter, text)
        painter.restore()


def page_width(doc) -> float | None:
    """The width a line of the editor's text has (None while the text is not wrapped), less a pixel
    of slack so that a chip of this width fits a line of its own."""
    if doc.textWidth() <= 0:
        return None
    return doc.textWidth() - 2 * doc.documentMargin() - 1


class ReportEditor(TypedInSteps, QTextEdit):
    def __init__(self, session: DocumentSession, ref: CellRef, placeholder: str = "", parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.ref = ref
        self.setAcceptRichText(False)
        self.setPlaceholderText(placeholder)
        self.fields = FieldObject(session, self)
        self.document().documentLayout().registerHandler(FIELD_OBJECT, self.fields)
        self._timer = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.commit)
        self.textChanged.connect(self._timer.start)
        session.changed.connect(self._on_changed)
        self.steps = TypingSteps(self, session, ref, self.commit)
        self.refresh()

    # ------------------------------------------------------------ document ⇄ segments

    def stored(self) -> list[Segment]:
        return get_value(self.session.document, self.ref)

    def segments(self) -> list[Segment]:
        """What the editor holds, as the core stores it."""
        paragraphs = []
        block = self.document().begin()
        while block.isValid():
            paragraph: list[Segment] = []
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                paragraph += _fragment_segments(fragment.text(), fragment.charFormat())
                iterator += 1
            paragraphs.append(paragraph)
            block = block.next()
        segments = join_paragraphs(paragraphs)
        return [] if segments == [TextSegment("")] else segments

    def load(self, segments: list[Segment]) -> None:
        self.blockSignals(True)
        position = self.textCursor().position()
        self.clear()
        cursor = QTextCursor(self.document())
        for segment in segments:
            if isinstance(segment, FieldSegment):
                cursor.insertText(OBJECT_CHAR, field_format(segment.key))
            else:
                cursor.insertText(segment.text, QTextCharFormat())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        self.setTextCursor(cursor)
        self.blockSignals(False)

    def refresh(self) -> None:
        if self.segments() != self.stored():
            self.load(self.stored())
        else:
            self.redraw_fields()

    def redraw_fields(self) -> None:
        """Lay the text out again: the bound figures may have new values, hence new widths."""
        self.document().markContentsDirty(0, self.document().characterCount())
        self.viewport().update()

    def rendered_text(self) -> str:
        """The section as it will be printed (bound figures with their current values)."""
        return render_segments(self.session.results, self.segments())

    # ------------------------------------------------------------ editing

    def commit(self) -> None:
        self._timer.stop()
        old, new = self.stored(), self.segments()
        if new != old:
            self.session.push(SetValue(self.ref, old, new, label="修改报告", merge=True))

    def insert_field(self, key: str) -> None:
        """An inserted figure is one undo step, apart from the typing around it."""
        self.steps.as_own_step(lambda: self._insert_object(key))

    def _insert_object(self, key: str) -> None:
        self.textCursor().insertText(OBJECT_CHAR, field_format(key))
        self.setCurrentCharFormat(QTextCharFormat())

    def _before_typed(self) -> None:
        """What is typed next to a figure is text, not part of the figure. Only without a
        selection: Qt applies setCurrentCharFormat to a selection, and Shift+arrows or Ctrl+C over
        a figure turned it into a bare object character, deleting it."""
        if not self.textCursor().hasSelection():
            self.setCurrentCharFormat(QTextCharFormat())

    def insertFromMimeData(self, source) -> None:
        """Paste as plain text, without what a Word file cannot hold: Word's manual line breaks
        become line breaks, other control characters are removed and the clerk told. A paste is
        one undo step."""
        cleaned = clean_text(source.text())
        self.steps.as_own_step(lambda: self.textCursor().insertText(xml_safe(cleaned.text), QTextCharFormat()))
        if cleaned.removed:
            self.session.noticed.emit(messages.reason("control_chars_removed", 码位="、".join(cleaned.removed)))

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy bound figures as the values they show."""
        selection = self.textCursor().selection()
        text = selection.toPlainText()
        keys = iter(self._selected_keys())
        data = QMimeData()
        data.setText("".join(render_field(self.session.results, next(keys, "")) if ch == OBJECT_CHAR else ch
                             for ch in text))
        return data

    def _selected_keys(self) -> list[str]:
        cursor = self.textCursor()
        keys = []
        for position in range(cursor.selectionStart(), cursor.selectionEnd()):
            probe = QTextCursor(self.document())
            probe.setPosition(position + 1)
            fmt = probe.charFormat()
            if fmt.objectType() == FIELD_OBJECT:
                keys.append(fmt.property(FIELD_KEY))
        return keys

    def focusOutEvent(self, event) -> None:
        self.steps.end()
        super().focusOutEvent(event)

    def _on_changed(self, summary) -> None:
        """Reload after an edit of this section (undo, 生成初稿); after any other edit only the
        bound figures can have changed. Typing not yet stored is never overwritten."""
        if self._timer.isActive():
            return
        if self.ref in summary.refs or summary.structural:
            self.refresh()
        elif any(isinstance(s, FieldSegment) for s in self.stored()):
            self.redraw_fields()


def _fragment_segments(text: str, fmt: QTextCharFormat) -> list[Segment]:
    """A fragment is text, or one or more bound figures sharing one format. Characters typed
    into a figure's format that are not the object character stay text."""
    if fmt.objectType() != FIELD_OBJECT:
        return [TextSegment(text.replace("\u2029", "\n").replace("\u2028", "\n"))]
    key = fmt.property(FIELD_KEY)
    return [FieldSegment(key) if ch == OBJECT_CHAR else TextSegment(ch) for ch in text]
