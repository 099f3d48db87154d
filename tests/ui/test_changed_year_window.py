"""#18 in the real window: a file of the changed-year fixture (renamed table ids, a second itemised
task counted in minutes) opens with its own definition, every tab is built from it, and each
itemised task has its works list, the one in sight following the selected row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hbaccept_gui.core.document import ContractorRow, ItemRow
from hbaccept_gui.core.storage import save_document
from hbaccept_gui.ui.qt import QLabel, Qt

from test_editing import type_into


@pytest.fixture
def file_2025(with_2025, unit_doc, tmp_path):
    doc = unit_doc(3, of=with_2025)
    doc.assigned["audio_books"] = Decimal(3)
    row = ContractorRow({"contractor": "某有声读物公司", "description": "已完成"})
    row.items = [ItemRow("《三国演义》有声版", Decimal(90)), ItemRow("《红楼梦》有声版", Decimal(60))]
    doc.details["audio_books"] = [row]
    path = tmp_path / "unit-2025.hbaccept"
    save_document(doc, path)
    return path


def test_every_tab_of_the_new_year_is_built_from_its_definition(qtbot, open_window, file_2025, with_2025):
    window = open_window(file=str(file_2025))
    assert window.session.definition.id == "hebei-2025"
    assert window.windowTitle() == "unit-2025.hbaccept — 2025年度 — 验收材料填报助手"
    for table in with_2025.tables:
        page = window.show_page(table.id)
        qtbot.waitUntil(page.isVisible)
        titles = [label.text() for label in page.findChildren(QLabel)]
        assert any(table.title in text for text in titles), table.id
    texts = [window.tabs.tabText(n) for n in range(window.tabs.count())]
    assert "附件5 绩效自评表" in texts


def test_each_itemised_task_has_its_works_list_following_the_selected_row(qtbot, open_window, file_2025):
    window = open_window(file=str(file_2025))
    page = window.show_page("lib_details")
    assert list(page.works_panels) == ["digital_resources", "audio_books"]
    model = page.model
    audio_row = next(r for r in range(model.rowCount()) if model.slot(r).task and model.slot(r).task.id == "audio_books"
                     and model.slot(r).kind == "contractor")
    page.view.setFocus()
    page.view.setCurrentIndex(model.index(audio_row, 2))
    assert page.works.task_id == "audio_books"
    assert page.works.title() == "有声读物清单"
    notes = [label.text() for label in page.works.findChildren(QLabel)]
    assert any("复制“书名、时长（分钟）”两列" in text for text in notes)
    assert "150 分钟 ÷ 60" in page.works.total.text()
    works = page.works.view
    works.setFocus()
    works.setCurrentIndex(works.model().index(2, 0))  # the ＋ row: typing there adds a work
    type_into(qtbot, works, "《水浒传》有声版", key=Qt.Key_Tab)
    type_into(qtbot, works, "30")
    assert window.session.results.value("lib_targets.completed.audio_books") == 3
    stack = window.session.undo_stack
    assert stack.text(stack.count() - 2) == "添加有声读物"  # then the minutes typed into it
    digital_row = next(r for r in range(model.rowCount()) if model.slot(r).task
                       and model.slot(r).task.id == "digital_resources" and model.slot(r).kind == "contractor")
    page.view.setFocus()
    page.view.setCurrentIndex(model.index(digital_row, 2))
    assert page.works.task_id == "digital_resources" and page.works.title() == "数字化古籍清单"


def test_carry_last_years_file_from_the_file_menu(qtbot, open_window, with_2025, tmp_path, monkeypatch, dialogs):
    """文件 → 从上一年度文件新建…: the demo (2024) becomes an unsaved 2025 document with its unit and
    contractors, and the clerk is told what came over and which text names 2024."""
    from hbaccept_gui.core.pipeline import load_demo
    from hbaccept_gui.ui.qt import QFileDialog

    _definition, demo = load_demo()
    old = tmp_path / "保定-2024.hbaccept"
    save_document(demo, old)
    window = open_window()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(old), ""))
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text().startswith("从上一年度文件新建"))
    action.trigger()
    session = window.session
    assert session.definition.year == 2025 and session.dirty and session.path is None
    assert session.document.header["unit_name"] == "保定市图书馆"
    assert session.document.rows("digital_resources")[0].values["contractor"] == "保定市图书馆"
    assert "2025年度" in window.windowTitle()
    kind, text = dialogs.asked[-1]
    assert kind == "information" and "已从“保定-2024.hbaccept”（2024年度）新建2025年度的验收材料" in text
    assert "1个承建单位" in text


def test_carrying_needs_a_newer_year_installed(qtbot, open_window, tmp_path, dialogs):
    from hbaccept_gui.core.pipeline import load_demo

    _definition, demo = load_demo()
    old = tmp_path / "保定.hbaccept"
    save_document(demo, old)
    window = open_window(demo=True)
    assert window.carry_from_last_year(old) is False
    assert window.session.definition.year == 2024
    assert "请安装新版本" in dialogs.asked[-1][1]


def test_the_detail_pages_name_the_renamed_tables_they_feed(qtbot, open_window, file_2025):
    from hbaccept_gui.ui.qt import Qt as QtNS

    window = open_window(file=str(file_2025))
    page = window.show_page("cloud_details")
    notes = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "自动汇总到附件3的“实际完成任务量”" in notes
    column = [c.id for c in page.table.columns].index("completed")
    assert "汇总出附件3的" in page.model.headerData(column, QtNS.Horizontal, QtNS.ToolTipRole)
