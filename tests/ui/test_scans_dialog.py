"""文件 → 导入盖章扫描件… in the window: scans of the demo's pages added, checked, a page without a
code assigned by hand, and the stamped PDFs written where the clerk chooses."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scans"))

import fake_scans as fs  # noqa: E402
from hbaccept_gui.ui.qt import QFileDialog, QMessageBox, Qt  # noqa: E402
from hbaccept_gui.core.pipeline import evaluate  # noqa: E402
from hbaccept_gui.ui.scans_dialog import ScansDialog  # noqa: E402

DPI = 150


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    """Every page of the demo's export, stamped; 附件5's first page with its code cut off."""
    base = tmp_path_factory.mktemp("scans_dialog")
    paths = fs.write_coded_pdfs(fs.demo_export_set(), base / "export")
    pages = []
    for key, path in paths.items():
        for number, page in enumerate(fs.render_pages(path, DPI), 1):
            page = fs.sealed(page)
            cut = key == "annex5" and number == 1
            pages.append(page.crop((0, 0, page.width, int(page.height * 0.75))) if cut else page)
    return fs.save_pdf(pages, base / "扫描.pdf", DPI), len(pages)


@pytest.fixture
def dialog(open_window, qtbot):
    window = open_window(demo=True)
    dialog = ScansDialog(window)
    qtbot.addWidget(dialog)
    return dialog


def test_checking_assigning_and_writing(dialog, scans, tmp_path, monkeypatch):
    path, count = scans
    dialog.add_paths([path])
    result = dialog.run_check()
    assert len(result.pages) == count and len(result.unassigned) == 1
    assert dialog.write_button.isEnabled()  # the complete documents can be written already
    assert "7 份文件中 6 份齐全，2 个问题需要处理。" in dialog.summary.text()  # 附件5 p. 1 missing, one page unplaced
    other = dialog.tree.topLevelItem(dialog.tree.topLevelItemCount() - 1)
    assert other.text(0) == "其他页和文件"
    unassigned = [other.child(i) for i in range(other.childCount()) if other.child(i).data(0, Qt.UserRole)]
    assert len(unassigned) == 1 and unassigned[0].text(1) == "双击指定页码"
    dialog.assign(unassigned[0].data(0, Qt.UserRole), ("annex5", 1))
    assert all(d.complete for d in dialog.result.documents)
    assert "7 份文件中 7 份齐全" in dialog.summary.text()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    written = dialog.write_files()
    assert len(written) == 7 and all(p.parent == tmp_path for p in written)
    assert any(p.name.startswith("附件5_") and p.name.endswith("（盖章版）.pdf") for p in written)


def test_files_dropped_on_the_window_are_checked_at_once(open_window, scans, monkeypatch, qtbot):
    from hbaccept_gui.ui import scans_dialog

    window = open_window(demo=True)
    seen = []
    monkeypatch.setattr(scans_dialog.ScansDialog, "exec",
                        lambda self: qtbot.waitUntil(lambda: self.result is not None, timeout=20000) or seen.append(self))
    scans_dialog.run_scans(window, [scans[0]])
    assert len(seen[0].result.pages) == scans[1]


def test_stamped_pdfs_written_into_the_export_folder_redraft_the_email_and_tick_the_checklist(
        dialog, scans, tmp_path, monkeypatch):
    """#16 items 4–6: the draft then carries the stamped PDFs and the Word files (not the unstamped
    PDFs) and no longer says the scans are to follow; the zip holds them; the 材料清单 ticks the
    materials whose scans are complete and names what is still missing (one undoable step)."""
    import email
    import zipfile

    from hbaccept_gui.exporters.bundle import export_all

    window = dialog.main_window
    result = export_all(evaluate(window.session.definition, window.session.document), tmp_path)
    path, _count = scans
    dialog.add_paths([path])
    dialog.run_check()  # 附件5's first page has no readable code: 附件5 stays incomplete
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(result.folder))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: told.append(text) or QMessageBox.Ok)
    written = dialog.write_files()
    assert len(written) == 6 and "邮件草稿和压缩包已改为附盖章版 PDF 和 Word 版" in told[-1]
    message = email.message_from_bytes(result.email.read_bytes())
    names = [part.get_filename() for part in message.walk() if part.get_filename()]
    assert sorted(n for n in names if n.endswith("（盖章版）.pdf")) == sorted(p.name for p in written)
    assert not [n for n in names if n.endswith(".pdf") and not n.endswith("（盖章版）.pdf")]
    assert sum(n.endswith(".docx") for n in names) == 7
    body = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    assert "待盖章后另行报送" not in body.decode("utf-8")
    with zipfile.ZipFile(result.archive) as bundle:
        assert {f"{result.folder.name}/{p.name}" for p in written} <= set(bundle.namelist())
    checklist = window.session.document.checklist
    assert checklist["library_report"].done and checklist["library_report"].note == "盖章扫描件已齐"
    assert not checklist["performance"].done and checklist["performance"].note.startswith("盖章扫描件缺：附件5")
    window.session.undo()
    assert not checklist["library_report"].done


def test_the_size_limit_is_remembered(open_window, qtbot):
    window = open_window(demo=True)
    first = ScansDialog(window)
    qtbot.addWidget(first)
    assert first.limit.value() == 20
    first.limit.setValue(10)
    second = ScansDialog(window)
    qtbot.addWidget(second)
    assert second.limit.value() == 10 and window.settings.stamped_limit_mb == 10
