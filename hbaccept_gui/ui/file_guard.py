"""Two instances on one file: saying so when a file is opened that another running instance has
open, and asking before saving over a file that changed on disk since it was opened or saved
(另存为 / 覆盖 / 取消). Neither version is ever lost: 另存为 leaves the file on disk alone, 覆盖
first keeps it under a name of its own beside it. The checks are the core's (journal,
file_stamp); this module only asks and tells."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.file_stamp import keep_other_version
from hbaccept_gui.core.journal import open_elsewhere
from hbaccept_gui.ui.qt import QMessageBox

SAVE_AS, OVERWRITE, CANCEL = "save_as", "overwrite", "cancel"


def warn_if_open_elsewhere(window, path: Path) -> bool:
    """Tell the clerk if another running instance has `path` open; True if it has."""
    from hbaccept_gui.ui.main_window import autosave_dir

    own = window.journal.folder if window.journal else None
    if not open_elsewhere(autosave_dir(), path, own):
        return False
    QMessageBox.warning(window, "文件已在别处打开",
                        f"“{path.name}”已在本机另一个窗口中打开。\n\n"
                        "请只在一个窗口中修改它：两个窗口都保存时，后保存的一方会被询问是另存为还是覆盖。")
    return True


def settle_changed_file(window, path: Path) -> str:
    """`path` changed on disk since this window read or saved it: ask what to do. Returns
    SAVE_AS, OVERWRITE (the other version is then kept beside it, and the clerk told where) or
    CANCEL."""
    choice = ask_changed_file(window, path)
    if choice != OVERWRITE:
        return choice
    try:
        kept = keep_other_version(path)
    except StorageError as error:
        QMessageBox.critical(window, "保存失败", f"无法保留磁盘上的另一个版本，没有覆盖：{error.message}")
        return CANCEL
    QMessageBox.information(window, "已保留另一个版本", f"磁盘上被覆盖的版本已另存为：\n{kept}")
    return OVERWRITE


def ask_changed_file(window, path: Path) -> str:
    box = QMessageBox(QMessageBox.Warning, "文件已被修改",
                      f"“{path.name}”在您打开之后已被修改（可能是在另一个窗口或另一台电脑上保存的）。\n\n"
                      "另存为：把您的修改保存为另一个文件，磁盘上的文件保持不变。\n"
                      "覆盖：用您的修改覆盖它，磁盘上的版本先另存一份放在同一文件夹中。\n"
                      "取消：暂不保存。", parent=window)
    save_as = box.addButton("另存为(&A)…", QMessageBox.AcceptRole)
    overwrite = box.addButton("覆盖(&O)", QMessageBox.DestructiveRole)
    cancel = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(save_as)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked == save_as:
        return SAVE_AS
    return OVERWRITE if clicked == overwrite else CANCEL
