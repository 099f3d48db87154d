"""#20 items 4 and 5 in the real window: the works list of 附件2 is printed under the clerk's
项目任务完成情况, which the audit no longer demands of a row with works; and the drafted report binds
the list, so an edited leaf count reaches the report editor and the exported report."""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn

from hbaccept_gui.ui.export_dialog import run_export
from hbaccept_gui.ui.qt import QApplication, QFontMetricsF, QPlainTextEdit, Qt, QTextCursor
from hbaccept_gui.ui.report_editor import FIELD_KEY, FIELD_OBJECT

from conftest import page_of
from test_audit import findings_rows
from test_editing import focus_cell, focus_works, ime_commit, type_into

DESCRIPTION_COLUMN = 5  # of 附件2
WORK = "《海琼玊蟾先生文集》"  # the 4th work of the demo, 497 叶
LIST_LINES = ["累计共完成9种古籍10274叶。", "1、《续吴先贤讃》 317叶", f"4、{WORK} 497叶", "9、《畿辅七名家诗钞》 796叶"]


def docx_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).element.body.iter(qn("w:p")))


def pdf_text(path) -> str:
    """pdftotext's text with its line breaks and spaces taken out (the PDF wraps wherever it must)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


def exported(result, stem_start: str, suffix: str):
    [path] = [p for p in result.files if p.name.startswith(stem_start) and p.suffix == suffix]
    return path


def edit_description(qtbot, window, text: str) -> None:
    """F2 on the Baoding row's 项目任务完成情况, select all, type `text`, Tab."""
    page = page_of(window, "annex2")
    focus_cell(window, page, page.view, 0, DESCRIPTION_COLUMN)
    qtbot.keyClick(page.view, Qt.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit)
    editor.selectAll()
    ime_commit(editor, text)
    qtbot.keyClick(editor, Qt.Key_Tab)


# ---------------------------------------------------------------- item 4


def test_an_empty_description_beside_works_is_no_error_and_exports_clean(qtbot, open_window, tmp_path):
    window = open_window(demo=True)
    page = page_of(window, "annex2")
    focus_cell(window, page, page.view, 0, DESCRIPTION_COLUMN)
    qtbot.keyClick(page.view, Qt.Key_Delete)
    assert window.session.document.details["digital_resources"][0].text("description") == ""
    window.session.run_checks()
    assert "D04" not in {row[2] for row in findings_rows(window)}, "the works list answers 项目任务完成情况"
    result = run_export(window, parent_folder=tmp_path, ask=False)
    assert result is not None and not result.draft, "no error left: the PDFs carry no 草稿 mark"
    printed = docx_text(exported(result, "附件2", ".docx"))
    assert all(line in printed for line in LIST_LINES)
    assert "草稿" not in pdf_text(exported(result, "附件2", ".pdf"))


def test_the_clerks_description_and_the_works_list_are_both_printed(qtbot, open_window, tmp_path):
    window = open_window(demo=True)
    edit_description(qtbot, window, "馆藏古籍数字化已全部完成并通过验收。")
    focus_works(window, 3, 1)
    type_into(qtbot, window.page("annex2").works.view, "551")
    result = run_export(window, parent_folder=tmp_path, ask=False)
    word = "".join(docx_text(exported(result, "附件2", ".docx")).split())
    for text in (word, pdf_text(exported(result, "附件2", ".pdf"))):
        assert "馆藏古籍数字化已全部完成并通过验收。累计共完成9种古籍10328叶。" in text, "the text, then the list"
        assert f"4、{WORK}551叶" in text and f"{WORK}497叶" not in text, "the list follows the edited count"


# ---------------------------------------------------------------- item 5


def test_an_edited_leaf_count_reaches_the_report_editor_and_the_exported_report(qtbot, open_window, tmp_path):
    window = open_window(demo=True)
    window.resize(1000, 700)
    editor = window.show_page("library_report").editors["results"]
    assert f"包括：《续吴先贤讃》317叶、《周易传义》609叶、《甲子会纪》270叶、{WORK}497叶、" in editor.rendered_text()
    focus_works(window, 3, 1)
    type_into(qtbot, window.page("annex2").works.view, "551")
    assert window.session.results["annex2.digital_resources.count"].text == "10328"
    window.show_page("library_report")
    assert f"{WORK}551叶" in editor.rendered_text() and f"{WORK}497叶" not in editor.rendered_text()
    assert "共完成9种古籍、10328叶的数字化" in editor.rendered_text()
    result = run_export(window, parent_folder=tmp_path, ask=False)
    stem = "关于2024年度全国智慧图书馆体系建设项目"
    for text in (docx_text(exported(result, stem, ".docx")), pdf_text(exported(result, stem, ".pdf"))):
        assert f"{WORK}551叶" in text and f"{WORK}497叶" not in text
        assert "共完成9种古籍、10328叶的数字化" in text
    window.act_undo.trigger()
    assert f"{WORK}497叶" in editor.rendered_text()


def test_the_bound_list_wraps_inside_the_editor_instead_of_running_off_it(qtbot, open_window):
    """A list is one object character: as a one-line chip, nine works ran 360 pixels past a 1000-pixel
    window. Its chip is now as wide as the text and wraps the list inside."""
    window = open_window(demo=True)
    window.resize(1000, 700)
    editor = window.show_page("library_report").editors["results"]
    qtbot.waitUntil(lambda: editor.viewport().width() > 900)  # the page takes the window's width
    qtbot.wait(300)  # and lays its text out in the background
    document = editor.document()
    [position] = [n for n, segment in enumerate(_characters(editor)) if segment == "annex2.digital_resources.works"]
    cursor = QTextCursor(document)
    cursor.setPosition(position + 1)
    size = editor.fields.intrinsicSize(document, position, cursor.charFormat())
    line = QFontMetricsF(document.defaultFont()).height()
    assert size.width() <= editor.viewport().width() and size.height() >= 2 * line
    assert editor.horizontalScrollBar().maximum() == 0


def _characters(editor) -> list[str | None]:
    """Per character of the editor: the key of the figure it is, or None for text."""
    keys = []
    cursor = QTextCursor(editor.document())
    for position in range(editor.document().characterCount() - 1):
        cursor.setPosition(position + 1)
        fmt = cursor.charFormat()
        keys.append(fmt.property(FIELD_KEY) if fmt.objectType() == FIELD_OBJECT else None)
    return keys
