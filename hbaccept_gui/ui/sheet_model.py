"""The base of every table model: a grid of `ViewCell`s laid out once from the definition and the
document, read and written through the session.

A subclass only says what sits where (`build_layout`) and what the headers read; showing values,
marking derived and refused cells, tooltips with formulas, editing, refusing and redrawing after
an edit are done here once."""

from __future__ import annotations

from dataclasses import dataclass

from hbaccept_gui.core.cells import CellRef, cell_text, get_value
from hbaccept_gui.core.document import Unparsed
from hbaccept_gui.core.edits import CellError, Edit, EditGroup, SetValue, parse_at, plan_pasted
from hbaccept_gui.core.findings import ERROR, Finding
from hbaccept_gui.core.numbers import Quantity, format_number
from hbaccept_gui.ui.qt import QAbstractTableModel, QColor, QModelIndex, Qt
from hbaccept_gui.ui.session import ChangeSummary, DocumentSession

HINT_ROLE = Qt.UserRole + 1

DERIVED_BACKGROUND = QColor("#e8f0fa")
DERIVED_FOREGROUND = QColor("#0b3d91")
LABEL_BACKGROUND = QColor("#f3f3f3")
REFUSED_BACKGROUND = QColor("#fde2e1")
ERROR_BACKGROUND = QColor("#fde2e2")
WARNING_BACKGROUND = QColor("#fff1d6")


@dataclass(frozen=True)
class ViewCell:
    ref: CellRef | None = None  # a typed value
    derived: CellRef | None = None  # a computed value (read-only)
    text: str = ""  # a fixed label
    hint: str = ""  # grey guidance shown while the cell is empty
    unit: str = ""  # shown after a number, as on the paper form (1 万筒子叶)
    number: bool = False
    percent: bool = False
    placeholder_task: str | None = None  # typing here first adds a contractor row to this task

    @property
    def kind(self) -> str:
        if self.ref is not None or self.placeholder_task:
            return "input"
        return "derived" if self.derived is not None else "label"


class SheetModel(QAbstractTableModel):
    def __init__(self, session: DocumentSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.cells: list[list[ViewCell]] = []
        self.spans: list[tuple[int, int, int, int]] = []
        self._positions: dict[CellRef, tuple[int, int]] = {}
        self._derived_positions: list[tuple[int, int]] = []
        self._findings: dict[CellRef, Finding] = {}
        self.relayout()
        session.changed.connect(self.on_changed)
        session.findingsChanged.connect(self.on_findings)
        self.on_findings()

    # ------------------------------------------------------------ layout (subclasses)

    def build_layout(self) -> list[list[ViewCell]]:
        raise NotImplementedError

    def column_labels(self) -> list[str]:
        raise NotImplementedError

    def row_labels(self) -> list[str] | None:
        return None

    def relayout(self) -> None:
        self.beginResetModel()
        self.cells = self.build_layout()
        self._positions = {}
        self._derived_positions = []
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                if cell.ref is not None:
                    self._positions[cell.ref] = (r, c)
                if cell.derived is not None:
                    self._positions[cell.derived] = (r, c)
                    self._derived_positions.append((r, c))
        self.endResetModel()

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.column_labels())

    def cell(self, index: QModelIndex) -> ViewCell:
        return self.cells[index.row()][index.column()]

    def value_text(self, cell: ViewCell) -> str:
        if cell.ref is not None:
            return cell_text(self.session.definition, self.session.document, cell.ref)
        if cell.derived is not None:
            derived = self.session.results.at(cell.derived)
            return derived.text if derived else ""
        return cell.text

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        cell = self.cell(index)
        if role == Qt.EditRole:
            return self.value_text(cell)
        if role == Qt.DisplayRole:
            return self._display(cell)
        if role == Qt.ToolTipRole:
            return self._tooltip(cell)
        if role == Qt.BackgroundRole:
            return self._background(cell)
        if role == Qt.ForegroundRole and cell.kind == "derived":
            return DERIVED_FOREGROUND
        if role == Qt.TextAlignmentRole:
            horizontal = Qt.AlignRight if cell.number else Qt.AlignLeft
            return int(horizontal | Qt.AlignVCenter)
        if role == HINT_ROLE:
            return cell.hint
        return None

    def _display(self, cell: ViewCell) -> str:
        text = self.value_text(cell)
        if not text:
            return ""
        if cell.percent:
            return f"{text}%"
        raw = self._raw(cell)
        if isinstance(raw, Quantity):  # counted in an alternative unit: its own unit, not the column's
            return f"{format_number(raw.value)} {raw.unit}"
        if cell.unit and cell.number and not isinstance(self._raw(cell), Unparsed):
            return f"{text} {cell.unit}"
        return text

    def _raw(self, cell: ViewCell):
        return get_value(self.session.document, cell.ref) if cell.ref is not None else None

    def _finding(self, cell: ViewCell) -> Finding | None:
        """The finding shown on a cell (an error before a warning); computed cells can have one too."""
        ref = cell.ref if cell.ref is not None else cell.derived
        return self._findings.get(ref) if ref is not None else None

    def _tooltip(self, cell: ViewCell) -> str | None:
        parts = []
        if cell.derived is not None:
            derived = self.session.results.at(cell.derived)
            if derived:
                parts.append(f"自动计算：{derived.formula}")
        raw = self._raw(cell)
        if isinstance(raw, Unparsed):
            parts.append(f"无法识别：{raw.reason}")
        finding = self._finding(cell)
        if finding is not None:
            parts.append(f"[{finding.severity_label}] {finding.message}")
        if cell.hint and not self.value_text(cell):
            parts.append(cell.hint)
        elif cell.ref is not None and "\n" in self.value_text(cell):
            parts.append(self.value_text(cell))  # a long text shown cut off: all of it on hover
        return "\n".join(parts) or None

    def _background(self, cell: ViewCell):
        if isinstance(self._raw(cell), Unparsed):
            return REFUSED_BACKGROUND
        finding = self._finding(cell)
        if finding is not None:
            return ERROR_BACKGROUND if finding.severity == ERROR else WARNING_BACKGROUND
        if cell.kind == "derived":
            return DERIVED_BACKGROUND
        if cell.kind == "label":
            return LABEL_BACKGROUND
        return None

    def headerData(self, section: int, orientation, role=Qt.DisplayRole):
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            labels = self.column_labels()
        else:
            labels = self.row_labels()
            if labels is None:
                return str(section + 1)
        return labels[section] if section < len(labels) else None

    def flags(self, index: QModelIndex):
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if index.isValid() and self.cell(index).kind == "input":
            return base | Qt.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value, role=Qt.EditRole) -> bool:
        if role != Qt.EditRole or not index.isValid():
            return False
        message = self.check(index, str(value))
        if message:
            self.session.refused.emit(message)
            return False
        cell = self.cell(index)
        if cell.ref is None:
            edit = self.plan_placeholder(index, str(value))
            if edit is not None:
                self.session.push(edit)
            return True
        return self.session.set_text(cell.ref, str(value)) is None

    def check(self, index: QModelIndex, raw: str) -> str | None:
        """The refusal message for typing `raw` here, or None: lets the editor stay open."""
        ref = self.edit_ref(index)
        if ref is None:
            return None
        try:
            parse_at(self.session.definition, ref, raw)
        except CellError as error:
            return error.message
        return None

    def edit_ref(self, index: QModelIndex) -> CellRef | None:
        """The cell a value typed here is parsed for (for placeholder rows: the row it creates)."""
        return self.cell(index).ref

    def plan_placeholder(self, index: QModelIndex, raw: str) -> Edit | None:
        return None

    # ------------------------------------------------------------ edits from the view

    def plan_clear(self, indexes: list[QModelIndex]) -> Edit | None:
        edits = []
        for index in indexes:
            ref = self.cell(index).ref
            if ref is not None and self.value_text(self.cell(index)):
                edits.append(SetValue(ref, get_value(self.session.document, ref),
                                      parse_at(self.session.definition, ref, "")))
        return EditGroup(edits, label="清除") if edits else None

    def plan_paste(self, row: int, column: int, block: list[list[str]]) -> Edit | None:
        """Paste into the cells at and right/below (row, column); labels and computed cells are
        skipped. A number or date that does not parse is kept as pasted (core.edits.plan_pasted);
        only text that cannot be stored at all raises CellError (nothing changes)."""
        edits = []
        for r, values in enumerate(block):
            for c, raw in enumerate(values):
                if row + r >= self.rowCount() or column + c >= self.columnCount():
                    continue
                ref = self.cells[row + r][column + c].ref
                if ref is not None:
                    edits.append(plan_pasted(self.session.definition, ref, get_value(self.session.document, ref), raw))
        return EditGroup(edits, label="粘贴") if edits else None

    # ------------------------------------------------------------ redraw after edits

    def on_changed(self, summary: ChangeSummary) -> None:
        if summary.structural:
            self.relayout()
            return
        positions = [self._positions[r] for r in summary.refs if r in self._positions]
        positions += self._derived_positions
        if positions:
            rows = [p[0] for p in positions]
            columns = [p[1] for p in positions]
            self.dataChanged.emit(self.index(min(rows), min(columns)), self.index(max(rows), max(columns)))

    def on_findings(self) -> None:
        self._findings = {}
        for finding in sorted(self.session.findings, key=lambda f: f.severity != ERROR):  # an error wins
            if finding.ref in self._positions:
                self._findings.setdefault(finding.ref, finding)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def index_of(self, ref: CellRef) -> QModelIndex:
        position = self._positions.get(ref)
        return self.index(*position) if position else QModelIndex()
