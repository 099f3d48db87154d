"""One open document in the window: the core document, its derived values, its undo stack.

Every change goes through `push(edit)`: the edit is wrapped in a QUndoCommand, applied, the
derived values are recomputed (about a millisecond for 2,000 works), and `changed` tells the
views what to redraw. Checks run a moment later (they are slower and nobody reads them while
typing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hbaccept_gui.core.calc import Results, recompute
from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.checks import check_document
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document
from hbaccept_gui.core.edits import CellError, Edit, EditGroup, SetValue, plan_set
from hbaccept_gui.core.file_stamp import FileStamp, changed_since, file_stamp
from hbaccept_gui.core.findings import Finding
from hbaccept_gui.core.storage import save_document
from hbaccept_gui.ui.qt import QObject, QTimer, QUndoCommand, QUndoStack, Signal

CHECK_DELAY_MS = 250


@dataclass(frozen=True)
class ChangeSummary:
    structural: bool
    refs: tuple[CellRef, ...]


class EditCommand(QUndoCommand):
    """A thin wrapper: the core edit does the work, the session is told afterwards.

    Typing in a text box (a SetValue with merge=True) is stored every few hundred milliseconds
    but undone as the clerk thinks of it: the stores of one burst merge into one step while the
    step is `open`. The box closes it (`DocumentSession.end_typing`) at the end of a sentence, after
    a pause, when the clerk leaves the box, pastes or inserts a figure; an undo closes it too.
    Without that, every SetValue of one box merged forever and 撤销 took back a whole section."""

    MERGE_ID = 4711

    def __init__(self, session: DocumentSession, edit: Edit) -> None:
        super().__init__(edit.label)
        self.session = session
        self.edit = edit
        self.open = isinstance(edit, SetValue) and edit.merge  # later typing in the same box joins this step

    def redo(self) -> None:
        self.edit.apply(self.session.document)
        self.session.after_edit(self.edit)

    def undo(self) -> None:
        self.open = False  # typing after an undo is a new step, and redo stays possible until then
        self.edit.revert(self.session.document)
        self.session.after_edit(self.edit)

    def id(self) -> int:
        edit = self.edit
        return self.MERGE_ID if isinstance(edit, SetValue) and edit.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (self.open and isinstance(other, EditCommand) and other.edit.ref == self.edit.ref):
            return False
        self.edit = SetValue(self.edit.ref, self.edit.old, other.edit.new, label=self.edit.label, merge=True)
        return True


class DocumentSession(QObject):
    changed = Signal(object)  # ChangeSummary
    findingsChanged = Signal()
    dirtyChanged = Signal(bool)
    pathChanged = Signal()
    refused = Signal(str)  # a Chinese message: an entry was refused
    noticed = Signal(str)  # a Chinese message: an entry was stored, changed (control characters removed)
    settle = Signal()  # before an undo or redo: editors store what is typed but not yet stored
    attention = Signal(object)  # to_correct.CellsToCorrect: what a paste left to correct (the banner)
    accepted = Signal()  # an entry or edit was accepted (stored, or the value the cell already held)
    prompted = Signal(str)  # a Chinese message about the step just done, stale once the next entry is accepted

    def __init__(self, definition: Definition, document: Document, path: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.document = document
        self.path = path
        self.results: Results = recompute(definition, document)
        self.findings: list[Finding] = check_document(definition, document, self.results)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_checks)
        self.edit_count = 0  # grows with every applied edit: the autosave journal watches it
        #: The file as this session last read or wrote it (core.file_stamp): saving over a file
        #: that has changed since (another instance saved it) must ask first.
        self.disk_stamp: FileStamp | None = file_stamp(path) if path else None

    # ------------------------------------------------------------ editing

    def _clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def push(self, edit: Edit) -> None:
        self.undo_stack.push(EditCommand(self, edit))
        self.accepted.emit()
        if edit.notice:
            self.noticed.emit(edit.notice)

    def set_text(self, ref: CellRef, raw: str, merge: bool = False) -> str | None:
        """Type `raw` into a cell. Returns None when stored, else the Chinese reason it was refused
        (also emitted as `refused`); nothing changes then."""
        try:
            edit = plan_set(self.definition, self.document, ref, raw)
        except CellError as error:
            self.refused.emit(error.message)
            return error.message
        if edit.old == edit.new:
            self.accepted.emit()
            return None
        edit.merge = merge
        self.push(edit)
        return None

    def undo(self) -> None:
        """One undo stack for the whole window: typing still in an editor is stored first (a header
        field's as a step of its own, a text box's with the burst it belongs to), so Ctrl+Z takes
        back what the clerk sees, wherever the focus is."""
        self.settle.emit()
        self.end_typing()
        self.undo_stack.undo()
        self.end_typing()  # the step now on top was left long ago: typing starts a new one

    def redo(self) -> None:
        self.settle.emit()
        self.end_typing()
        self.undo_stack.redo()

    def end_typing(self, ref: CellRef | None = None) -> None:
        """Close the typing step on top of the stack (only if it is of `ref`, when given): what is
        typed next, there or anywhere, is a step of its own."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, EditCommand) and (ref is None or getattr(top.edit, "ref", None) == ref):
            top.open = False

    def push_group(self, edits: list[Edit], label: str) -> None:
        if edits:
            self.push(EditGroup(list(edits), label=label))

    def after_edit(self, edit: Edit) -> None:
        self.edit_count += 1
        self.results = recompute(self.definition, self.document)
        self.changed.emit(ChangeSummary(edit.structural, tuple(edit.refs())))
        self._check_timer.start()

    def run_checks(self) -> None:
        self._check_timer.stop()
        self.findings = check_document(self.definition, self.document, self.results)
        self.findingsChanged.emit()

    # ------------------------------------------------------------ files

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "未命名"

    def changed_on_disk(self, path: Path | None = None) -> bool:
        """Whether saving to `path` (default: the document's file) would overwrite a version of
        the document's own file that this session has not seen. Another file is not checked:
        the save dialog asked about replacing it."""
        target = Path(path or self.path) if (path or self.path) else None
        if target is None or self.path is None or not same_file(target, self.path):
            return False
        return changed_since(target, self.disk_stamp)

    def save(self, path: Path | None = None) -> None:
        """Raises StorageError (with the Chinese message); the document stays as it is."""
        target = Path(path or self.path)
        save_document(self.document, target)
        self.path = target
        self.disk_stamp = file_stamp(target)
        self.undo_stack.setClean()
        self.pathChanged.emit()


def same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except (OSError, RuntimeError):
        return first.absolute() == second.absolute()
