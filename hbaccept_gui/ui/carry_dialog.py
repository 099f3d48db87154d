"""文件 → 从上一年度文件新建…: pick last year's file, start this year's document from it (the core's
carry_over, as `hbaccept carry` does), and tell the clerk what came over, what stayed behind and
which texts still name the old year. The new document is unsaved until the clerk saves it."""

from __future__ import annotations

from pathlib import Path

from hbaccept_gui.core.carry_over import CarryOver, carry_over
from hbaccept_gui.core.definition_loader import latest_definition
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.storage import load_document
from hbaccept_gui.ui.qt import QFileDialog, QMessageBox
from hbaccept_gui.ui.save_file_dialogs import FILE_FILTER
from hbaccept_gui.ui.session import DocumentSession

TITLE = "从上一年度文件新建"


def carried_session(window, path: Path | None = None) -> tuple[DocumentSession, str] | None:
    """The new, unsaved session and what to tell the clerk about it; None when there is none
    (cancelled, unreadable, or no newer year installed: the clerk has been told why)."""
    if path is None:
        name, _filter = QFileDialog.getOpenFileName(window, "选择上一年度的验收材料文件", window.settings.last_folder,
                                                    FILE_FILTER)
        if not name:
            return None
        path = Path(name)
    try:
        old_definition, old = load_document(path)
    except StorageError as error:
        QMessageBox.warning(window, TITLE, error.message)
        return None
    new_definition = latest_definition()
    if old_definition.year >= new_definition.year:
        QMessageBox.information(window, TITLE, f"“{path.name}”已是{old_definition.year}年度的文件，本程序最新的表格也是"
                                f"{new_definition.year}年度。新年度的表格随新版本发布：请安装新版本后再从上一年度文件新建。")
        return None
    carried = carry_over(old_definition, old, new_definition)
    session = DocumentSession(new_definition, carried.document)
    return session, summary(path, old_definition.year, new_definition.year, carried)


def summary(path: Path, old_year: int, new_year: int, carried: CarryOver) -> str:
    doc = carried.document
    rows = sum(len(rows) for rows in doc.details.values())
    sections = sum(1 for report in doc.reports.values() for segments in report.values() if segments)
    lines = [f"已从“{path.name}”（{old_year}年度）新建{new_year}年度的验收材料，尚未保存。",
             f"带过来的：单位名称和联系人、参与的项目、{rows}个承建单位（名称、子项目、访问地址）、"
             f"{sections}部分报告文字。数字、清单、完成情况和日期需按{new_year}年度重新填写。"]
    if carried.left_behind:
        lines += ["", f"{new_year}年度表格中没有、未带过来的："] + [f"· {line}" for line in carried.left_behind]
    if carried.old_year_texts:
        lines += ["", f"以下文字提到{old_year}年，请核对（审核结果中也会提示）："]
        lines += [f"· {place}" for place in carried.old_year_texts]
    return "\n".join(lines)
