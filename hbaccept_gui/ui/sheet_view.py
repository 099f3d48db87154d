"""A table view that types like Excel/WPS: Enter commits and moves down, Tab moves right, typing
replaces, F2 edits, Delete clears, Ctrl+C / Ctrl+V copy and paste rectangular blocks as
tab-separated text. A refused entry keeps the editor open and says why, in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from hbaccept_gui.core.definition import one_line
from hbaccept_gui.core.edits import CellError, EditGroup, format_block, kept_unparsed
from hbaccept_gui.core.paste_source import pasted_cells
from hbaccept_gui.core.text import NO_LINE_END, NO_LINE_START
from hbaccept_gui.ui.qt import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QColor,
    QEvent,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPersistentModelIndex,
    QPlainTextEdit,
    QRect,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QTableView,
    QTimer,
    QToolTip,
    QWidget,
    Qt,
)
from hbaccept_gui.ui.sheet_model import HINT_ROLE, SheetModel
from hbaccept_gui.ui.to_correct import CellsToCorrect

#: No maximum height (QWIDGETSIZE_MAX in Qt's C++ headers).
QWIDGETSIZE_MAX = (1 << 24) - 1
HINT_COLOUR = QColor("#8c8c8c")
MOVES_AFTER_EDIT = {
    QAbstractItemDelegate.EditNextItem: (0, 1),
    QAbstractItemDelegate.EditPreviousItem: (0, -1),
    QAbstractItemDelegate.SubmitModelCache: (1, 0),
}


class SheetDelegate(QStyledItemDelegate):
    """Paints the notice's guidance in grey in empty cells; edits long text in a multi-line box
    (Alt+Enter for a new line, as in Excel); refuses a bad value before the editor closes."""

    def __init__(self, view: SheetView, multiline_columns: set[int] | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.multiline_columns = multiline_columns or set()

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        hint = index.data(HINT_ROLE)
        if hint and not index.data(Qt.DisplayRole):
            painter.save()
            painter.setPen(HINT_COLOUR)
            font = painter.font()
            font.setItalic(True)
            painter.setFont(font)
            rect = option.rect.adjusted(4, 2, -4, -2)
            shown = painter.fontMetrics().elidedText(hint, Qt.ElideRight, rect.width())
            painter.drawText(rect, int(Qt.AlignLeft | Qt.AlignVCenter), shown)
            painter.restore()

    def createEditor(self, parent, option, index):
        if index.column() in self.multiline_columns:
            editor = QPlainTextEdit(parent)
            editor.setTabChangesFocus(True)
        else:
            editor = QLineEdit(parent)
            editor.setFrame(False)
        editor.setProperty("sheetIndex", QPersistentModelIndex(index))
        return editor

    def setEditorData(self, editor, index) -> None:
        text = index.data(Qt.EditRole) or ""
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            editor.selectAll()
        else:
            editor.setText(text)

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, editor_text(editor), Qt.EditRole)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            rect = QRect(rect.x(), rect.y(), max(rect.width(), 320), max(rect.height(), 120))
        editor.setGeometry(rect)

    def eventFilter(self, editor, event) -> bool:
        if event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Tab, Qt.Key_Backtab):
            if isinstance(editor, QPlainTextEdit) and event.key() in (Qt.Key_Return, Qt.Key_Enter) and (
                event.modifiers() & (Qt.AltModifier | Qt.ShiftModifier)
            ):
                editor.insertPlainText("\n")
                return True
            if not self._accepts(editor):
                return True
            hint = {Qt.Key_Tab: QAbstractItemDelegate.EditNextItem,
                    Qt.Key_Backtab: QAbstractItemDelegate.EditPreviousItem}.get(event.key(),
                                                                              QAbstractItemDelegate.SubmitModelCache)
            self.commitData.emit(editor)
            if self.view.state() == QAbstractItemView.EditingState:
                self.closeEditor.emit(editor, hint)
            else:  # the commit reshaped the table (a placeholder became a row): the view let the editor go
                self.view.move_after_edit(hint)
            return True
        return super().eventFilter(editor, event)

    def _accepts(self, editor) -> bool:
        index = editor.property("sheetIndex")
        model = self.view.model()
        message = model.check(model.index(index.row(), index.column()), editor_text(editor))
        if message:
            QToolTip.showText(editor.mapToGlobal(editor.rect().bottomLeft()), message, editor)
            model.session.refused.emit(message)
            return False
        return True


def editor_text(editor) -> str:
    return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()


def take_clipboard_keys(view, event) -> bool:
    """Delete/Backspace clears, Ctrl+C copies, Ctrl+V pastes: what every table of the window does
    with these keys while no editor is open (SheetView and the 材料清单's table). `view` has
    clear_selection, copy_selection and paste. True when the key was one of them."""
    if view.state() == QAbstractItemView.EditingState:
        return False
    if event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
        view.clear_selection()
    elif event.matches(QKeySequence.Copy):
        view.copy_selection()
    elif event.matches(QKeySequence.Paste):
        view.paste()
    else:
        return False
    return True


class SheetView(QTableView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.ContiguousSelection)
        self.setEditTriggers(QAbstractItemView.AnyKeyPressed | QAbstractItemView.EditKeyPressed
                             | QAbstractItemView.DoubleClicked)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setHorizontalHeader(SheetHeader(self))
        self.verticalHeader().setDefaultAlignment(Qt.AlignCenter)
        self.delegate = SheetDelegate(self)
        self.setItemDelegate(self.delegate)
        #: (at least, preferably, blank rows counted): see keep_rows_in_sight.
        self.rows_in_sight: tuple[int, int | None, bool] | None = None
        self._heights: tuple[int, int, int] | None = None  # (minimum, wanted, maximum) last told the layout
        self._refit_timer = QTimer(self, singleShot=True, interval=0)
        self._refit_timer.timeout.connect(self._refit)

    def keep_rows_in_sight(self, least: int, preferred: int | None, *, blank_rows: bool = True) -> None:
        """A table asks its layout for room to show `preferred` rows (None: all its rows), and
        never fewer than `least`, however small the window: a table's default size hint knows
        nothing of rows, and 附件2's works list, where the clerk types one work per row, ended up
        showing two. With `blank_rows` the rows not there yet count too (room to type the next
        work); without, the table is never taller than its rows (附件2's contractor table left
        blank space under its two rows), and grows and shrinks as rows are added, removed or
        wrap onto more lines."""
        self.rows_in_sight = (least, preferred, blank_rows)
        for signal in (self.verticalHeader().sectionResized, self.horizontalHeader().sectionResized,
                       self.horizontalHeader().geometriesChanged):
            signal.connect(lambda *_args: self._refit_timer.start())  # not start(msec=the section)
        self._refit()

    def updateGeometries(self) -> None:
        """Also after rows are added or removed and after a resize (a horizontal scroll bar comes
        or goes): the heights asked of the layout follow."""
        super().updateGeometries()
        corner = getattr(self, "_corner", None)
        if corner is not None:
            corner.setGeometry(self.frameWidth(), self.frameWidth(), self.verticalHeader().width(),
                               self.horizontalHeader().height())
        if self.rows_in_sight is not None:
            self._refit_timer.start()

    def _refit(self) -> None:
        """Tell the layout when the heights for the rows in sight changed, and only then: telling it
        every time would lay the page out after every keystroke."""
        least, preferred, blank_rows = self.rows_in_sight
        heights = (self._height_for_rows(least), self._height_for_rows(preferred),
                   self._height_for_rows(None) if not blank_rows else QWIDGETSIZE_MAX)
        if heights != self._heights:
            self._heights = heights
            self.setMaximumHeight(max(heights))
            self.updateGeometry()

    def _height_for_rows(self, rows: int | None) -> int:
        """Header, frame, a horizontal scroll bar if the columns need one, and the first `rows` rows
        (None: all) at their own heights; with blank rows counted, missing rows at the default."""
        count = self.model().rowCount() if self.model() is not None else 0
        shown = count if rows is None else min(rows, count)
        body = sum(self.rowHeight(r) for r in range(shown))
        if rows is not None and self.rows_in_sight[2]:
            body += (rows - shown) * self.verticalHeader().defaultSectionSize()
        return self.horizontalHeader().sizeHint().height() + body + self._scroll_bar_height() + 2 * self.frameWidth()

    def _scroll_bar_height(self) -> int:
        policy = self.horizontalScrollBarPolicy()
        needed = policy == Qt.ScrollBarAlwaysOn or (
            policy == Qt.ScrollBarAsNeeded and self.horizontalHeader().length() > self.viewport().width())
        return self.horizontalScrollBar().sizeHint().height() if needed else 0

    def sizeHint(self):
        size = super().sizeHint()
        if self._heights is not None:
            size.setHeight(self._heights[1])
        return size

    def minimumSizeHint(self):
        size = super().minimumSizeHint()
        if self._heights is not None:
            size.setHeight(self._heights[0])
        return size

    def set_corner_label(self, text: str) -> None:
        """The paper form's top-left heading (项目名称) in the corner above the row labels."""
        self.setCornerButtonEnabled(False)
        self._corner = QLabel(text, self)
        self._corner.setAlignment(Qt.AlignCenter)
        self._corner.setObjectName("cornerLabel")
        self._corner.setStyleSheet("font-weight: bold;")

    def setModel(self, model: SheetModel) -> None:
        super().setModel(model)
        model.modelReset.connect(self.apply_spans)
        model.modelAboutToBeReset.connect(self._remember_place)
        model.modelReset.connect(self._restore_place)
        self.apply_spans()

    def _remember_place(self) -> None:
        """A model reset (rows added or removed by any edit, undo or paste) drops the view's current
        cell and open editor, and Qt hands the focus on to the next widget — the header's 单位名称,
        where the clerk's next keys would land. Remember where the clerk was, to stay there."""
        current = self.currentIndex()
        focus = QApplication.focusWidget()
        self._place = (current.row(), current.column()) if current.isValid() else None
        self._had_focus = focus is not None and (focus is self or self.isAncestorOf(focus))

    def _restore_place(self) -> None:
        place, self._place = getattr(self, "_place", None), None
        if place is None or not self.model().rowCount() or not self.model().columnCount():
            return
        row = min(place[0], self.model().rowCount() - 1)
        column = min(place[1], self.model().columnCount() - 1)
        self.setCurrentIndex(self.model().index(row, column))
        if self._had_focus:
            self.setFocus()

    def apply_spans(self) -> None:
        self.clearSpans()
        for row, column, rows, columns in self.model().spans:
            self.setSpan(row, column, rows, columns)

    # ------------------------------------------------------------ moving like a spreadsheet

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.NoHint)
        self.move_after_edit(hint)

    def move_after_edit(self, hint) -> None:
        """Enter moves down, Tab right, Shift+Tab left, as in Excel; never out of the table (Ctrl+Tab
        leaves it: keyPressEvent)."""
        if hint in MOVES_AFTER_EDIT:
            self.move_current(*MOVES_AFTER_EDIT[hint])

    def move_current(self, rows: int, columns: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        row = min(max(current.row() + rows, 0), self.model().rowCount() - 1)
        column = min(max(current.column() + columns, 0), self.model().columnCount() - 1)
        target = self.model().index(row, column)
        self.setCurrentIndex(target)
        self.scrollTo(target)

    def keyPressEvent(self, event) -> None:
        if self.state() != QAbstractItemView.EditingState:
            if event.key() in (Qt.Key_Tab, Qt.Key_Backtab) and event.modifiers() & Qt.ControlModifier:
                # Tab moves between cells, as in Excel; Ctrl+Tab (Ctrl+Shift+Tab) leaves the table
                # for the next (previous) control, the keyboard's only way out.
                forward = event.key() == Qt.Key_Tab and not event.modifiers() & Qt.ShiftModifier
                QWidget.focusNextPrevChild(self, forward)
                return
            if event.key() in (Qt.Key_Return, Qt.Key_Enter):
                self.move_current(-1 if event.modifiers() & Qt.ShiftModifier else 1, 0)
                return
            if event.key() == Qt.Key_Tab:
                self.move_current(0, 1)
                return
            if event.key() == Qt.Key_Backtab:
                self.move_current(0, -1)
                return
        if not take_clipboard_keys(self, event):
            super().keyPressEvent(event)

    # ------------------------------------------------------------ clipboard

    def selected_block(self) -> list[list[str]]:
        indexes = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return []
        rows = range(min(i.row() for i in indexes), max(i.row() for i in indexes) + 1)
        columns = range(min(i.column() for i in indexes), max(i.column() for i in indexes) + 1)
        model = self.model()
        return [[model.index(r, c).data(Qt.EditRole) or "" for c in columns] for r in rows]

    def copy_selection(self) -> None:
        block = self.selected_block()
        if block:
            QApplication.clipboard().setText(format_block(block))

    def paste(self) -> None:
        """A block copied from a spreadsheet fills a block; a paragraph from Word or WPS Writer, tabs
        and all, goes into the current cell (core.paste_source tells them apart by format)."""
        mime = QApplication.clipboard().mimeData()
        if mime is None or not mime.hasText():
            return
        block = pasted_cells(mime.text(), mime.formats(), mime.html() if mime.hasHtml() else "")
        current = self.currentIndex()
        if not block or not current.isValid():
            return
        model = self.model()
        selected = self.selectionModel().selectedIndexes()
        try:
            if len(block) == 1 and len(block[0]) == 1 and len(selected) > 1:
                edit = self._fill(selected, block[0][0])
            else:
                edit = model.plan_paste(current.row(), current.column(), block)
        except CellError as error:
            model.session.refused.emit(f"粘贴未完成：{error.message}")
            return
        if edit is not None:
            model.session.push(edit)
            self._tell_unparsed(edit)

    def _tell_unparsed(self, edit) -> None:
        """A paste stores everything; cells kept as pasted because they are not numbers or dates
        (tinted red, listed in 审核结果) are counted in a message the clerk cannot miss."""
        kept = kept_unparsed(edit)
        if kept:
            self.model().session.attention.emit(CellsToCorrect(tuple(kept)))

    def _fill(self, indexes, text: str):
        """One value pasted onto a selection fills every typed cell of it, as in Excel."""
        model = self.model()
        edits = [model.plan_paste(i.row(), i.column(), [[text]]) for i in indexes]
        return EditGroup([e for e in edits if e is not None], label="粘贴")

    def clear_selection(self) -> None:
        model = self.model()
        edit = model.plan_clear(self.selectionModel().selectedIndexes())
        if edit is not None:
            model.session.push(edit)


#: A heading too long for its column is broken onto more lines (and the header grows), never clipped.
#: The header breaks it itself (`heading_lines`); the word wrap is only a safety net for a line that
#: would not fit after all (a highlighted section's heading is painted bold by the style).
HEADING_ALIGNMENT = Qt.AlignCenter | Qt.TextWordWrap


def heading_lines(text: str, room: float, width: Callable[[str], float]) -> list[str]:
    """`text` in the lines a column heading is painted in, `room` wide as measured by `width`. Each
    line of `text` (the unit in brackets stands on its own) that fits stays whole; a longer one is
    broken into the fewest lines that fit, as even as they go and the longer first, none of them a
    single character or a lone 「长）」 (「年度承担任务指标／量」 reads badly). The rule of the
    exporters' headings (docx_table.label_lines, pdf._balanced), measured with the header's font."""
    return [line for paragraph in text.split("\n") for line in paragraph_lines(paragraph, room, width)]


def paragraph_lines(paragraph: str, room: float, width: Callable[[str], float]) -> list[str]:
    """One line of a heading, broken as `heading_lines` says; in a column too narrow for that, with
    lone characters allowed, and at the very narrowest as Qt wraps (`_greedy`)."""
    if len(paragraph) < 2 or width(paragraph) <= room:
        return [paragraph]
    measured = cache(width)
    for strict in (True, False):
        lines = _balanced(paragraph, lambda line: _fits(line, room, measured, strict), measured)
        if lines:
            return lines
    return _greedy(paragraph, room, measured)


def _greedy(paragraph: str, room: float, width: Callable[[str], float]) -> list[str]:
    """As many characters a line as fit, a line running over where it may not break (「（A）」 in a
    column narrower than it): what Qt's word wrap does, for a column too narrow for anything else."""
    lines, line = [], ""
    for ch in paragraph:
        if line and width(line + ch) > room and ch not in NO_LINE_START and line[-1] not in NO_LINE_END:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line]


def _fits(line: str, room: float, width: Callable[[str], float], strict: bool) -> bool:
    """Whether `line` may be a line of a broken heading: it fits, starts with no closing bracket or
    punctuation, ends with no opening one, and (`strict`) has two characters besides brackets."""
    if line[0] in NO_LINE_START or line[-1] in NO_LINE_END:
        return False
    if strict and sum(ch not in NO_LINE_START + NO_LINE_END for ch in line) < 2:
        return False
    return width(line) <= room


def _balanced(paragraph: str, allowed: Callable[[str], bool], width: Callable[[str], float]) -> list[str] | None:
    """`paragraph` in the fewest `allowed` lines, the widest of them as narrow as can be, each line
    as long as the lines after it allow (the longer line first); None if no split is allowed."""
    pieces = {paragraph[a:b] for a in range(len(paragraph)) for b in range(a + 1, len(paragraph) + 1)}
    widths = sorted({width(piece) for piece in pieces if allowed(piece)})
    count = next((c for c in range(1, len(paragraph) + 1) if _longest_first(paragraph, allowed, c)), None)
    if count is None:
        return None
    low, high = 0, len(widths) - 1  # the narrowest widest line that still gives `count` lines
    while low < high:
        middle = (low + high) // 2
        if _longest_first(paragraph, lambda line: allowed(line) and width(line) <= widths[middle], count):
            high = middle
        else:
            low = middle + 1
    return _longest_first(paragraph, lambda line: allowed(line) and width(line) <= widths[low], count)


def _longest_first(paragraph: str, allowed: Callable[[str], bool], count: int) -> list[str] | None:
    """`paragraph` in exactly `count` allowed lines, each as long as the lines after it allow."""
    n = len(paragraph)

    @cache
    def possible(start: int, lines: int) -> bool:
        if lines == 0 or start == n:
            return lines == 0 and start == n
        return any(allowed(paragraph[start:end]) and possible(end, lines - 1) for end in range(start + 1, n + 1))

    if not possible(0, count):
        return None
    lines, start = [], 0
    for left in range(count, 0, -1):
        end = max(e for e in range(start + 1, n + 1) if allowed(paragraph[start:e]) and possible(e, left - 1))
        lines.append(paragraph[start:end])
        start = end
    return lines


class SheetHeader(QHeaderView):
    """The column headings of every table of the window. A heading too long for its column is
    broken onto lines by `heading_lines` (balanced, never a character alone on a line) and the
    header grows as tall as its longest heading needs, at any window size: at 1024×700 附件3's
    headings lost characters at both ends, and Qt's own wrapping left 「量」 or 「长」 alone. The
    tooltip holds the whole heading (and what the model adds to it), to read it in one line."""

    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Horizontal, parent)
        self.setDefaultAlignment(HEADING_ALIGNMENT)
        self.setTextElideMode(Qt.ElideNone)  # eliding would cut a broken heading instead of breaking it
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self._lines: dict[tuple[str, int, str], list[str]] = {}  # (heading, room, font) -> lines

    def heading(self, logical: int) -> str:
        model = self.model()
        return (model.headerData(logical, self.orientation(), Qt.DisplayRole) or "") if model is not None else ""

    def label_room(self, logical: int) -> int:
        """The width a heading is painted in: its section less the header's margins."""
        margin = self.style().pixelMetric(QStyle.PM_HeaderMargin, None, self)
        return max(self.sectionSize(logical) - 2 * margin, 1)

    def heading_lines(self, logical: int, font: QFont | None = None) -> list[str]:
        """The lines the heading of `logical` is painted in (with `font`, the header's by default),
        remembered per heading, width and font: the header asks on every paint and resize."""
        font = font or self.font()
        key = (self.heading(logical), self.label_room(logical), font.key())
        if key not in self._lines:
            if len(self._lines) > 2000:
                self._lines.clear()
            self._lines[key] = heading_lines(key[0], key[1], QFontMetricsF(font).horizontalAdvance)
        return self._lines[key]

    def heading_height(self, logical: int) -> int:
        """The height the heading of `logical` needs, in the lines `heading_lines` breaks it into,
        highlighted (bold) or not."""
        margin = self.style().pixelMetric(QStyle.PM_HeaderMargin, None, self)
        room = QRect(0, 0, self.label_room(logical), 10000)
        lines = 0
        for bold in (False, True):
            font = QFont(self.font())
            font.setBold(bold)
            text = "\n".join(self.heading_lines(logical, font))
            if text:
                lines = max(lines, QFontMetrics(font).boundingRect(room, int(HEADING_ALIGNMENT), text).height())
        return lines + 2 * margin + 4

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical: int) -> None:
        """The heading painted in its lines; in bold, the style's look of a highlighted section,
        broken with the bold font's widths."""
        super().initStyleOptionForIndex(option, logical)
        font = QFont(self.font())
        font.setBold(bool(option.state & QStyle.State_On))
        option.text = "\n".join(self.heading_lines(logical, font))

    def sizeHint(self) -> QSize:
        """Recomputed on every call (QHeaderView caches its hint until the headings change, not
        when the columns are resized): the table view asks after every resize of a column."""
        size = super().sizeHint()
        if self.model() is None:
            return size
        needed = [self.heading_height(s) for s in range(self.count()) if not self.isSectionHidden(s)]
        size.setHeight(max([size.height(), *needed]))
        return size

    def heading_tooltip(self, logical: int) -> str:
        model = self.model()
        extra = model.headerData(logical, self.orientation(), Qt.ToolTipRole) if model is not None else None
        return "\n".join(t for t in (one_line(self.heading(logical)), extra) if t)

    def tooltip_at(self, position) -> str:
        logical = self.logicalIndexAt(position)
        return self.heading_tooltip(logical) if logical >= 0 else ""

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)


class GroupedHeader(SheetHeader):
    """A horizontal header with a second level: 附件3's 统筹推动脱贫县（团场）… spans its six
    sub-indicators, as on the paper form."""

    def __init__(self, groups: list[tuple[int, int, str]], parent=None) -> None:
        super().__init__(parent)
        self.groups = groups

    def band_height(self) -> int:
        return self.fontMetrics().height() * 2 + 10

    def _group(self, logical: int):
        return next(((f, n, label) for f, n, label in self.groups if f <= logical < f + n), None)

    def heading_height(self, logical: int) -> int:
        band = self.band_height() if self._group(logical) else 0
        return super().heading_height(logical) + band

    def tooltip_at(self, position) -> str:
        group = self._group(self.logicalIndexAt(position))
        if group is not None and position.y() < self.band_height():
            return group[2]
        return super().tooltip_at(position)

    def paintSection(self, painter, rect, logical: int) -> None:
        group = self._group(logical)
        band = self.band_height() if self.groups else 0
        if group is None:
            super().paintSection(painter, rect, logical)
            return
        painter.save()
        super().paintSection(painter, rect.adjusted(0, band, 0, 0), logical)
        painter.restore()
        first, count, label = group
        left = self.sectionViewportPosition(first)
        right = self.sectionViewportPosition(first + count - 1) + self.sectionSize(first + count - 1)
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = QRect(left, rect.y(), right - left, band)
        option.text = label
        option.textAlignment = HEADING_ALIGNMENT
        option.section = logical
        painter.save()
        self.style().drawControl(QStyle.CE_Header, option, painter, self)
        painter.restore()
