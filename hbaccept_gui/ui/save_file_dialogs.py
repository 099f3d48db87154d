"""Asking where a save file goes, and saving a copy there: one filter, one rule for the folder
proposed and the suffix added, one Chinese message when saving fails — for 另存为, the saving
of recovered work and the 汇总 file alike."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.core.document import Document
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.storage import FILE_SUFFIX, save_document
from hbaccept_gui.ui.qt import QFileDialog, QMessageBox

FILE_FILTER = f"验收材料文件 (*{FILE_SUFFIX});;所有文件 (*)"


def existing_folder(folder: str | Path | None) -> Path:
    """The folder last used if it still exists, else the home folder: never a dialog at a folder that is gone."""
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def ask_save_path(parent, title: str, folder: str | Path | None, stem: str) -> Path | None:
    """Where the clerk wants `stem` saved (the suffix added if left off); None if cancelled."""
    suggested = str(existing_folder(folder) / f"{stem}{FILE_SUFFIX}")
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested, FILE_FILTER)
    if not name:
        return None
    return Path(name) if Path(name).suffix else Path(name).with_suffix(FILE_SUFFIX)


def save_copy(parent, document: Document, path: Path) -> bool:
    """Save `document` to `path`; on failure say why and keep everything as it was."""
    try:
        save_document(document, path)
    except StorageError as error:
        QMessageBox.critical(parent, "保存失败", error.message)
        return False
    return True
