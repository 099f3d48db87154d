"""一键导出 and 打印 from the window: choose a folder, hear about problems first, watch the progress,
open the folder at the end. The work itself is `exporters.bundle.export_all`, as for the CLI."""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path

from hbaccept_gui.core.pipeline import evaluate
from hbaccept_gui.crash_log import note_fault
from hbaccept_gui.exporters.bundle import ExportError, character_warnings, export_all
from hbaccept_gui.exporters.layout import build_export_set
from hbaccept_gui.ui.qt import (
    QApplication,
    QDesktopServices,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QStandardPaths,
    Qt,
    QUrl,
)
from hbaccept_gui.ui.settings import crash_dir

MAX_LISTED = 8


def confirm_problems(parent, evaluation, export_set) -> bool:
    """Errors (the PDFs will say 草稿) and unprintable characters are said before anything is written."""
    lines = []
    errors = [f.message for f in evaluation.findings if f.severity == "error"]
    if errors:
        lines.append(f"文档中还有 {len(errors)} 个错误，导出的 PDF 会带“草稿”水印：")
        lines += [f"  • {message}" for message in errors[:MAX_LISTED]]
    lines += character_warnings(export_set)
    if not lines:
        return True
    text = "\n".join(lines) + "\n\n仍然导出吗？"
    return QMessageBox.question(parent, "导出前请注意", text, QMessageBox.Yes | QMessageBox.No) == QMessageBox.Yes


def default_folder(settings) -> str:
    """The folder the export dialog proposes, always one that exists (a missing one greys out
    选择 in Qt's dialog): the last export's, else the last document's, else Documents, else home."""
    documents = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
    for folder in (settings.export_folder, settings.last_folder, documents):
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def run_export(window, parent_folder: Path | None = None, ask: bool = True):
    """Export everything; returns the ExportResult, or None if the clerk cancelled or it failed.
    Whatever fails is said in Chinese, and the document stays as it is in the window (nothing here
    changes it); a fault of the program also goes as a traceback to stderr, for the session log
    and support, never to the clerk."""
    try:
        result = _exported(window, parent_folder, ask)
    except ExportError as error:
        _failed(window, error.message, error if error.internal else None)
        return None
    except Exception as error:  # noqa: BLE001 - an export must never take the window and the clerk's work down
        _failed(window, "导出失败：程序出错，没有导出任何文件。如再次出现，请联系技术支持。", error)
        return None
    if result is not None:
        window.settings.export_folder = str(result.folder.parent)
        if ask:
            _done(window, result)
    return result


def _failed(window, message: str, fault: BaseException | None) -> None:
    """The message to the clerk; the traceback of a fault of the program kept in the diagnostics
    folder (帮助 → 诊断信息: a windowed build has no console) and printed to stderr where there is one."""
    if fault is not None:
        note_fault(crash_dir(), "一键导出", fault)
    if fault is not None and sys.stderr is not None:
        try:
            traceback.print_exception(fault, file=sys.stderr)
        except (OSError, ValueError):
            pass  # a closed or broken stderr must not turn one error into two
    QMessageBox.critical(window, "导出失败", f"{message}\n文档没有受影响，填写的内容仍在程序中。")


def _exported(window, parent_folder: Path | None, ask: bool):
    """The ExportResult, or None if the clerk cancelled."""
    session = window.session
    session.run_checks()
    evaluation = evaluate(session.definition, session.document)
    export_set = build_export_set(evaluation)
    if ask and not confirm_problems(window, evaluation, export_set):
        return None
    if parent_folder is None:
        chosen = QFileDialog.getExistingDirectory(window, "导出到哪个文件夹", default_folder(window.settings))
        if not chosen:
            return None
        parent_folder = Path(chosen)
    progress = QProgressDialog("正在导出…", "", 0, 1, window)
    progress.setWindowTitle("一键导出")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModal)
    progress.setMinimumDuration(0)

    def report(number: int, total: int, message: str) -> None:
        progress.setMaximum(total)
        progress.setValue(number)
        progress.setLabelText(message)
        QApplication.processEvents()

    try:
        return export_all(evaluation, parent_folder, progress=report)
    finally:
        progress.close()


#: The draft attaches unstamped PDFs until the stamped scans are read in: say what comes next.
STAMPING_NEXT = ("下一步：打印 PDF（每页左下角有页码二维码），盖章后扫描或拍照，用“文件 → 导入盖章扫描件”读入，"
                 "邮件草稿随之改为附盖章版 PDF 和 Word 版。")


def _done(window, result) -> None:
    box = QMessageBox(window)
    box.setWindowTitle("导出完成")
    draft = "\n（文档中还有错误，PDF 带“草稿”水印。）" if result.draft else ""
    box.setText(f"已导出 {len(result.files)} 个文件到：\n{result.folder}\n\n压缩包：{result.archive.name}\n"
                f"邮件草稿：{result.email.name}（双击用 Outlook/Foxmail 打开，发往省厅邮箱）{draft}\n\n{STAMPING_NEXT}")
    open_button = box.addButton("打开文件夹", QMessageBox.AcceptRole)
    box.addButton(QMessageBox.Close)
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.folder)))


def pdfs_for_printing(window, table_id: str | None) -> list[Path]:
    """PDFs of the current form or report (all of them from 概览) in a temporary folder."""
    from hbaccept_gui.exporters import page_code, pdf

    session = window.session
    evaluation = evaluate(session.definition, session.document)
    export_set = build_export_set(evaluation)
    folder = Path(tempfile.mkdtemp(prefix="hbaccept-print-"))
    paths = []
    for form in export_set.forms:
        if table_id in (None, form.key):
            paths.append(pdf.write_form_pdf(form, folder / f"{form.key}.pdf", draft=export_set.draft,
                                            code=page_code.document_code(export_set, form)))
    for report in export_set.reports:
        if table_id in (None, report.key):
            paths.append(pdf.write_report_pdf(report, folder / f"{report.key}.pdf", draft=export_set.draft,
                                              code=page_code.document_code(export_set, report)))
    return paths


def run_print_preview(window) -> None:
    from hbaccept_gui.ui.print_preview import preview

    page = window.current_page()
    table_id = getattr(page, "table_id", None)
    paths = pdfs_for_printing(window, None if table_id in (None, "overview") else table_id)
    preview(window, paths)
