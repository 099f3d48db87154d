"""Edits as values: each is planned first (everything parsed, nothing touched), then applied and
reverted as often as undo/redo asks.

Planning raises ParseError before the document changes, so a refused entry or paste leaves the
document exactly as it was. The GUI wraps each edit in one QUndoCommand; the CLI and the tests
call `apply` directly."""

from __future__ import annotations

from dataclasses import dataclass, field

from hbaccept_gui.core import messages
from hbaccept_gui.core.cells import CellRef, describe, get_value, parse_cell, put_value
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import ContractorRow, Document, ItemRow, Segment, Unparsed, Value, new_contractor_row
from hbaccept_gui.core.errors import ParseError
from hbaccept_gui.core.text import clean_text


class Edit:
    """Something that can be applied to a document and reverted; `structural` edits add or remove
    rows (views must re-lay out), the others only change values."""

    structural = False
    label = "编辑"
    notice = ""  # what the clerk is told although nothing was refused (characters removed)

    def apply(self, doc: Document) -> None:
        raise NotImplementedError

    def revert(self, doc: Document) -> None:
        raise NotImplementedError

    def refs(self) -> list[CellRef]:
        """The cells whose typed value this edit changes."""
        return []


@dataclass
class SetValue(Edit):
    ref: CellRef
    old: Value | list[Segment]
    new: Value | list[Segment]
    label: str = "修改单元格"
    merge: bool = False  # typing in a text box: consecutive edits of one box undo as one step
    notice: str = ""

    def apply(self, doc: Document) -> None:
        put_value(doc, self.ref, self.new)

    def revert(self, doc: Document) -> None:
        put_value(doc, self.ref, self.old)

    def refs(self) -> list[CellRef]:
        return [self.ref]


@dataclass
class InsertRow(Edit):
    """Insert a contractor row (path = (task_id,)) or a work (path = (task_id, row_index))."""

    path: tuple
    index: int
    row: ContractorRow | ItemRow
    label: str = "插入行"
    structural = True

    def apply(self, doc: Document) -> None:
        _rows(doc, self.path).insert(self.index, self.row)

    def revert(self, doc: Document) -> None:
        del _rows(doc, self.path)[self.index]


@dataclass
class RemoveRow(InsertRow):
    """The inverse of InsertRow: `row` is kept so that undo puts back the very same row."""

    label: str = "删除行"

    def apply(self, doc: Document) -> None:
        InsertRow.revert(self, doc)

    def revert(self, doc: Document) -> None:
        InsertRow.apply(self, doc)


@dataclass
class EditGroup(Edit):
    """Several edits that undo as one step (a paste, a block cleared with Delete)."""

    edits: list[Edit] = field(default_factory=list)
    label: str = "粘贴"

    @property
    def structural(self) -> bool:  # type: ignore[override]
        return any(e.structural for e in self.edits)

    def apply(self, doc: Document) -> None:
        for edit in self.edits:
            edit.apply(doc)

    def revert(self, doc: Document) -> None:
        for edit in reversed(self.edits):
            edit.revert(doc)

    def refs(self) -> list[CellRef]:
        return [ref for edit in self.edits for ref in edit.refs()]

    @property
    def notice(self) -> str:  # type: ignore[override]
        """The first cell's notice, and how many cells had one: a paste says so once."""
        notices = [e.notice for e in self.edits if e.notice]
        if len(notices) > 1:
            return f"{notices[0]}（共 {len(notices)} 个单元格）"
        return notices[0] if notices else ""


def _rows(doc: Document, path: tuple) -> list:
    if len(path) == 1:
        return doc.rows(path[0])
    return doc.rows(path[0])[path[1]].items


class CellError(ParseError):
    """A refused cell, with its location prefixed to the reason ({表}{行}{列}：why)."""

    def __init__(self, location: str, error: ParseError) -> None:
        super().__init__(error.code, **error.params)
        self.location = location
        self.message = f"{location}：{error.reason}"
        self.args = (self.message,)


def parse_at(definition: Definition, ref: CellRef, raw: str) -> Value | list[Segment]:
    """What typing `raw` into the cell `ref` would store; CellError (with the location) if refused."""
    info = describe(definition, ref)
    try:
        return parse_cell(info, raw)
    except ParseError as error:
        raise CellError(info.location, error) from None


def plan_value(definition: Definition, ref: CellRef, old: Value | list[Segment], raw: str) -> SetValue:
    """The edit that stores `raw` in `ref`, with a notice if characters had to be removed."""
    new = parse_at(definition, ref, raw)
    return SetValue(ref, old, new, notice=cleaning_notice(definition, ref, raw))


def plan_pasted(definition: Definition, ref: CellRef, old: Value | list[Segment], raw: str) -> SetValue:
    """What pasting `raw` into `ref` stores: what typing would, except that a number or a date
    that does not parse is kept as the pasted text (Unparsed, with its reason), tinted and reported
    by the checks (N01) for the clerk to correct, so that one bad cell never rejects a pasted block
    of sixty rows. Text that cannot be stored at all (lone UTF-16 halves, over 20,000 characters)
    still raises CellError: there is nothing to keep."""
    try:
        return plan_value(definition, ref, old, raw)
    except CellError as error:
        if describe(definition, ref).kind not in ("number", "date"):
            raise
        return SetValue(ref, old, Unparsed(clean_text(raw).text.strip(), error.reason))


def kept_unparsed(edit: Edit) -> list[SetValue]:
    """The cells an edit (a paste) leaves holding text that is not a valid number or date."""
    if isinstance(edit, EditGroup):
        return [kept for e in edit.edits for kept in kept_unparsed(e)]
    return [edit] if isinstance(edit, SetValue) and isinstance(edit.new, Unparsed) else []


def cleaning_notice(definition: Definition, ref: CellRef, raw: str) -> str:
    """「<cell>：已删除不可见的控制字符（U+0007）」 when typed text lost invisible characters."""
    info = describe(definition, ref)
    if info.kind in ("number", "date") or not isinstance(raw, str):
        return ""
    removed = clean_text(raw).removed
    return f"{info.location}：{messages.reason('control_chars_removed', 码位='、'.join(removed))}" if removed else ""


def plan_set(definition: Definition, doc: Document, ref: CellRef, raw: str) -> SetValue:
    return plan_value(definition, ref, get_value(doc, ref), raw)


def plan_insert_contractor(definition: Definition, doc: Document, task_id: str, index: int) -> InsertRow:
    table, _task = definition.task(task_id)
    index = max(0, min(index, len(doc.rows(task_id))))
    return InsertRow((task_id,), index, new_contractor_row(table), label="添加承建单位")


def _position(rows: list, index: int) -> int:
    """A list position (negative indexes count from the end) that insert() puts back exactly."""
    return index + len(rows) if index < 0 else index


def plan_remove_contractor(doc: Document, task_id: str, index: int) -> RemoveRow:
    rows = doc.rows(task_id)
    return RemoveRow((task_id,), _position(rows, index), rows[index], label="删除承建单位")


def plan_insert_item(definition: Definition, doc: Document, task_id: str, row_index: int, index: int) -> InsertRow:
    items = doc.rows(task_id)[row_index].items
    return InsertRow((task_id, row_index), max(0, min(index, len(items))), ItemRow(),
                     label=f"插入{definition.task(task_id)[1].items.item}")


def plan_remove_item(definition: Definition, doc: Document, task_id: str, row_index: int, index: int) -> RemoveRow:
    items = doc.rows(task_id)[row_index].items
    return RemoveRow((task_id, row_index), _position(items, index), items[index],
                     label=f"删除{definition.task(task_id)[1].items.item}")


def plan_paste_items(definition: Definition, doc: Document, task_id: str, row_index: int, start: int,
                     first_column: int, block: list[list[str]]) -> EditGroup:
    """Paste a block copied from Excel/WPS into a works list, adding works as needed.
    Columns are 0 = 题名, 1 = 叶数; text beyond the second column is ignored. A count that does not
    parse is kept as pasted (plan_pasted), never a reason to refuse the rest."""
    columns = ("title", "count")
    items = doc.rows(task_id)[row_index].items
    group = EditGroup(label="粘贴")
    for offset in range(max(0, start + len(block) - len(items))):
        group.edits.append(InsertRow((task_id, row_index), len(items) + offset, ItemRow()))
    blank = ItemRow()
    table_id = definition.task(task_id)[0].id
    for r, values in enumerate(block):
        for c, raw in enumerate(values[: len(columns) - first_column]):
            ref = CellRef(table_id, (task_id, row_index, start + r), columns[first_column + c])
            old = get_value(doc, ref) if start + r < len(items) else getattr(blank, ref.column)
            group.edits.append(plan_pasted(definition, ref, old, raw))
    return group


def plan_paste_cells(definition: Definition, doc: Document, targets: list[tuple[CellRef, str]]) -> EditGroup:
    """Paste into existing cells (any table); what does not parse is kept as pasted (plan_pasted)."""
    return EditGroup([plan_pasted(definition, ref, get_value(doc, ref), raw) for ref, raw in targets], label="粘贴")


def parse_block(text: str) -> list[list[str]]:
    """Tab-separated text as Excel and WPS put it on the clipboard: rows by line, cells by tab,
    quoted cells may hold line breaks and doubled quotes."""
    rows, row, cell, quoted, i = [], [], [], False, 0
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1: i + 2] == '"':
                cell.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and not cell:
            quoted = True
        elif ch == "\t":
            row.append("".join(cell))
            cell = []
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows


def format_block(rows: list[list[str]]) -> str:
    """The inverse of parse_block: cells with tabs, line breaks or quotes are quoted."""

    def quote(cell: str) -> str:
        if any(ch in cell for ch in '\t\n"'):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "\n".join("\t".join(quote(c) for c in row) for row in rows) + "\n"
