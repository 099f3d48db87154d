"""Units that take part in one project only, in the real window (#13 item 11): 新建 asks which projects,
文件 → 单位信息 changes it as an undoable edit with a suggestion from what is filled in, and the tabs,
the 概览, the audit, 插入数据项, the 材料清单, 一键导出 and printing follow it. 附件5 stays."""

from __future__ import annotations

import json

from hbaccept_gui.core.document import ContractorRow, new_document
from hbaccept_gui.core.storage import document_bytes
from hbaccept_gui.ui.app import after_start
from hbaccept_gui.ui.export_dialog import pdfs_for_printing, run_export
from hbaccept_gui.ui.programmes_dialog import ProgrammesDialog
from hbaccept_gui.ui.qt import QApplication, QDialogButtonBox, QTimer, Qt
from hbaccept_gui.ui.report_page import field_choices

LIBRARY_TABS = ("annex1", "annex2", "library_report")
ALWAYS = ("annex3", "annex4", "annex5", "cloud_report", "checklist")


def on_dialog(qtbot, clerk, tries=200):
    """Let `clerk(dialog)` act in the projects dialog once it is up: it is modal, so the test's
    next line runs only after it closes."""

    def look():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ProgrammesDialog):
            clerk(dialog)
        elif look.tries > 0:
            look.tries -= 1
            QTimer.singleShot(10, look)

    look.tries = tries
    QTimer.singleShot(0, look)


def tab_shown(window, table_id) -> bool:
    page = next(p for p in window.pages if p.table_id == table_id)
    return window.tabs.isTabVisible(window.tabs.indexOf(page))


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.Ok)


def test_new_asks_which_projects_and_a_cloud_only_unit_sees_no_library_tab(qtbot, open_window, programmes_dialog):
    programmes_dialog.real = True
    window = open_window(demo=True)
    seen = {}

    def clerk(dialog):
        seen["title"] = dialog.windowTitle()
        seen["ok_at_first"] = ok_button(dialog).isEnabled()  # nothing ticked: the clerk must choose
        seen["problem"] = dialog.problem.text()
        box = dialog.boxes["cloud"]
        box.setFocus()
        qtbot.keyClick(box, Qt.Key_Space)
        qtbot.keyClick(box, Qt.Key_Return)

    on_dialog(qtbot, clerk)
    qtbot.keyClick(window, Qt.Key_N, Qt.ControlModifier)  # 新建
    assert seen == {"title": "新建验收材料", "ok_at_first": False, "problem": "请至少勾选一个项目。"}
    session = window.session
    assert session.document.programmes == ["cloud"] and session.document.header["unit_name"] == ""
    assert not any(tab_shown(window, t) for t in LIBRARY_TABS)
    assert all(tab_shown(window, t) for t in ALWAYS)
    overview = window.tabs.widget(0)
    assert {table.id for table, _indicator in overview.model.rows} == {"annex3"}
    assert "本单位参与：公共文化云建设项目" in overview.programmes.text()
    assert "附件1" not in overview.findings.text() and "附件3" in overview.findings.text()
    session.run_checks()
    assert not {f.ref.table for f in session.findings} & set(LIBRARY_TABS)
    checklist = window.show_page("checklist")
    labels = [checklist.table.item(r, 1).text() for r in range(checklist.table.rowCount())]
    assert "全国智慧图书馆体系建设项目总结报告" not in labels and "元数据" not in labels
    assert "任务指标完成情况表（附件3）" in labels and not checklist.rare.isVisibleTo(checklist)
    assert not session.dirty  # a new document, not an edit


def test_new_cancelled_keeps_the_document_and_ok_needs_a_project(qtbot, open_window, programmes_dialog):
    programmes_dialog.real = True
    window = open_window(demo=True)
    seen = []

    def clerk(dialog):
        qtbot.keyClick(dialog, Qt.Key_Return)  # nothing ticked: Enter does not close it
        seen.append(dialog.isVisible())
        qtbot.keyClick(dialog, Qt.Key_Escape)

    on_dialog(qtbot, clerk)
    window.act_new.trigger()
    assert seen == [True]
    assert window.session.document.header["unit_name"] == "保定市图书馆"
    assert all(tab_shown(window, t) for t in LIBRARY_TABS + ALWAYS)


def test_unit_info_suggests_from_the_tables_and_changes_the_projects_as_one_undo_step(qtbot, open_window,
                                                                                     programmes_dialog):
    programmes_dialog.real = True
    window = open_window(demo=True)
    assert {"附件1", "附件2"} <= set(field_choices(window.session))
    seen = {}

    def clerk(dialog):
        seen["title"] = dialog.windowTitle()
        seen["suggestion"] = dialog.suggestion.text()
        library = dialog.boxes["library"]
        library.setFocus()
        qtbot.keyClick(library, Qt.Key_Space)  # untick: only the cloud project is left
        seen["hidden"] = dialog.hidden.text()
        qtbot.mouseClick(ok_button(dialog), Qt.LeftButton)

    on_dialog(qtbot, clerk)
    window.act_unit_info.trigger()  # 文件 → 单位信息…
    assert seen["title"] == "单位信息"
    assert seen["suggestion"].startswith("根据已填写的内容，建议勾选：全国智慧图书馆体系建设项目（")
    assert "附件1、附件2、附件5已填写" in seen["suggestion"]
    assert seen["hidden"].startswith("未勾选的项目中已填写的内容（附件1、附件2）仍保存在文件中")
    session = window.session
    assert session.document.programmes == ["cloud"] and session.dirty
    assert not any(tab_shown(window, t) for t in LIBRARY_TABS)
    assert not set(field_choices(session)) & {"附件1", "附件2"}  # 插入数据项 offers no library figure
    assert window.statusBar().currentMessage() == "本单位参与：公共文化云建设项目"
    assert session.undo_stack.undoText() == "修改参与的项目"
    window.activateWindow()  # as the window is again once the dialog has closed
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window, Qt.Key_Z, Qt.ControlModifier)  # 撤销
    assert session.document.programmes == ["library", "cloud"]
    assert all(tab_shown(window, t) for t in LIBRARY_TABS)
    assert len(window.tabs.widget(0).model.rows) == 14  # every indicator of 附件1 and 附件3 again


def test_suggestion_button_ticks_what_the_tables_point_to(qtbot, open_window, programmes_dialog):
    programmes_dialog.real = True
    window = open_window(demo=True)

    def clerk(dialog):
        qtbot.mouseClick(dialog.suggest_button, Qt.LeftButton)
        assert dialog.chosen() == ("library",) and not dialog.suggest_button.isEnabled()
        qtbot.mouseClick(ok_button(dialog), Qt.LeftButton)

    on_dialog(qtbot, clerk)
    window.act_unit_info.trigger()
    assert window.session.document.programmes == ["library"]
    assert not tab_shown(window, "annex3") and not tab_shown(window, "cloud_report") and tab_shown(window, "annex5")


def test_a_cloud_only_unit_exports_and_prints_only_its_forms(open_window, tmp_path):
    window = open_window(demo=True)
    window.session.document.programmes = ["cloud"]
    result = run_export(window, parent_folder=tmp_path, ask=False)
    names = [p.name for p in result.files]
    assert len(names) == 2 * (3 + 1) + 1  # 附件3–5 and the cloud report, Word and PDF; the workbook
    assert not [n for n in names if n.startswith(("附件1", "附件2")) or "智慧图书馆" in n]
    assert len(pdfs_for_printing(window, None)) == 4  # 打印预览 from 概览


def test_opening_an_older_file_with_one_project_filled_in_suggests_changing_it(open_window, definition, tmp_path):
    doc = new_document(definition)
    doc.header["unit_name"] = "邢台市群众艺术馆"
    doc.details["live_broadcasts"] = [ContractorRow({"contractor": "邢台市群众艺术馆"})]
    raw = json.loads(document_bytes(doc))
    raw["format_version"] = 3
    del raw["document"]["programmes"]
    path = tmp_path / "邢台.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    window = open_window(demo=True)
    assert window.open_path(path)
    assert window.session.document.programmes == ["library", "cloud"]  # nothing hidden by the upgrade
    assert "本文件只填写了公共文化云建设项目的表格" in window.statusBar().currentMessage()
    assert "文件 → 单位信息" in window.statusBar().currentMessage()


def test_a_start_without_a_document_asks_once_the_window_is_up(open_window, programmes_dialog):
    window = open_window()
    assert window.session.path is None and window.unasked_blank
    programmes_dialog.choice = ("cloud",)
    after_start(window, [])
    assert programmes_dialog.asked == ["新建验收材料"]
    assert window.session.document.programmes == ["cloud"] and not window.unasked_blank
    after_start(window, [])  # asked once
    assert programmes_dialog.asked == ["新建验收材料"]
