"""一键导出 and printing from the window."""

from __future__ import annotations

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.ui.export_dialog import pdfs_for_printing, run_export
from hbaccept_gui.ui.print_preview import paint_pages
from hbaccept_gui.ui.qt import QMessageBox, QPrinter


def test_one_click_export_writes_everything(open_window, tmp_path):
    window = open_window(demo=True)
    result = run_export(window, parent_folder=tmp_path, ask=False)
    assert result.folder.parent == tmp_path
    # forms and reports as Word and PDF, the workbook, the 字符集外字表 as Word and Excel (玊, 讃)
    assert len(result.files) == 2 * (5 + 2) + 1 + 2 and result.archive.exists() and result.email.exists()
    assert window.settings.export_folder == str(tmp_path)


def test_errors_are_announced_before_exporting_and_no_cancels(open_window, tmp_path, dialogs):
    window = open_window(demo=True)
    window.session.set_text(CellRef("header", (), "contact"), "")
    dialogs.answer = QMessageBox.No
    out = tmp_path / "out"
    out.mkdir()
    assert run_export(window, parent_folder=out) is None
    kind, text = dialogs.asked[-1]
    assert kind == "question" and "草稿" in text and "项目联系人" in text
    assert not any(out.iterdir())


def test_printing_paints_every_page_of_the_current_form(open_window, tmp_path):
    window = open_window(demo=True)
    paths = pdfs_for_printing(window, "annex2")
    assert len(paths) == 1
    printer = QPrinter(QPrinter.HighResolution)
    printer.setOutputFormat(QPrinter.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert paint_pages(printer, paths) >= 1
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000


def test_printing_from_the_overview_covers_all_forms_and_reports(open_window):
    window = open_window(demo=True)
    assert len(pdfs_for_printing(window, None)) == 7


def test_the_done_box_says_what_comes_next_for_the_stamped_scans(open_window, tmp_path, monkeypatch):
    """#16 item 5: the draft attaches unstamped PDFs until scans are read in; the clerk is told."""
    from hbaccept_gui.ui import export_dialog

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = open_window(demo=True)
    result = run_export(window, parent_folder=tmp_path, ask=False)
    export_dialog._done(window, result)
    assert shown and "导入盖章扫描件" in shown[0] and "盖章版 PDF" in shown[0]
