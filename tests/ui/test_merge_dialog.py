"""文件 → 汇总… in the window: twelve unit files merged, each unit's share shown, the merged file
saved and opened; unreadable files skipped only when the clerk agrees; refusals shown, not saved."""

from __future__ import annotations

from pathlib import Path

import pytest

from hbaccept_gui.ui.merge_dialog import MergeDialog
from hbaccept_gui.ui.qt import QFileDialog, QMessageBox, Qt

CITY = "石家庄市文化广电和旅游局"


@pytest.fixture
def units(unit_files, tmp_path):
    return unit_files(tmp_path / "units")


@pytest.fixture
def dialog(open_window, qtbot):
    window = open_window(demo=True)
    dialog = MergeDialog(window)
    qtbot.addWidget(dialog)
    return dialog


def column_texts(table, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount()) if table.item(r, column)]


def save_to(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_the_file_menu_opens_the_merge_dialog(open_window, monkeypatch):
    window = open_window(demo=True)
    opened = []
    monkeypatch.setattr(MergeDialog, "exec", lambda self: opened.append(self) or 0)
    file_menu = window.menuBar().actions()[0].menu()
    assert "汇总(&M)…" in [a.text() for a in file_menu.actions()]
    window.act_merge.trigger()
    assert len(opened) == 1


def test_merging_twelve_units_shows_each_units_share_and_the_sums(dialog, units):
    dialog.add_paths(units)
    dialog.unit.setText(CITY)
    result = dialog.run_merge()
    assert result.ok and dialog.save_button.isEnabled()
    assert column_texts(dialog.breakdown, 1)[:12] == [f"{Path(p).stem}图书馆" for p in units]
    assert "合计" in column_texts(dialog.breakdown, 0)
    total = column_texts(dialog.breakdown, 0).index("合计")
    rows = {dialog.breakdown.item(r, 5).text(): dialog.breakdown.item(r, 7).text()
            for r in range(total, dialog.breakdown.rowCount())}
    assert rows["基础数字资源项目建设数量（万筒子叶）"] == "7.8"
    assert rows["全民艺术普及相关直录播数量（场）"] == "702"
    assert dialog.breakdown.rowSpan(0, 1) == 5  # 井陉县图书馆 spans its five lines
    assert "已汇总 12 个单位" in dialog.messages.toPlainText()


def test_the_merged_file_is_saved_and_opened_with_its_row_sources(dialog, units, tmp_path, monkeypatch):
    dialog.add_paths(units)
    dialog.unit.setText(CITY)
    dialog.run_merge()
    target = tmp_path / "石家庄市"
    save_to(monkeypatch, target)
    assert dialog.save_and_open()
    window = dialog.main_window
    assert window.session.path == tmp_path / "石家庄市.hbaccept"
    assert window.session.document.header["unit_name"] == CITY
    assert len(window.session.document.merged_from) == 12
    model = window.page("annex2").model
    contractor = model.table.columns.index(model.table.column("contractor"))
    tooltip = model.data(model.index(0, contractor), Qt.ToolTipRole)
    assert tooltip.startswith("来源单位：井陉县图书馆")


def test_a_merged_document_shows_its_breakdown_when_the_dialog_opens(dialog, units, tmp_path, monkeypatch, qtbot):
    dialog.add_paths(units[:3])
    dialog.unit.setText(CITY)
    dialog.run_merge()
    save_to(monkeypatch, tmp_path / "市.hbaccept")
    dialog.save_and_open()
    again = MergeDialog(dialog.main_window)
    qtbot.addWidget(again)
    assert "当前文档是 3 个单位的汇总" in again.breakdown_title.text()
    assert column_texts(again.breakdown, 1)[:3] == ["井陉县图书馆", "正定县图书馆", "行唐县图书馆"]


def test_unreadable_files_are_skipped_only_if_the_clerk_agrees(dialog, units, tmp_path, dialogs):
    broken = tmp_path / "坏.hbaccept"
    broken.write_text("{", encoding="utf-8")
    dialog.add_paths([units[0], broken, units[1]])
    dialogs.answer = QMessageBox.No
    assert dialog.run_merge() is None
    kind, text = dialogs.asked[-1]
    assert kind == "question" and "“坏.hbaccept”已损坏或不完整" in text and "其余 2 个文件" in text
    assert "没有汇总" in dialog.messages.toPlainText() and not dialog.save_button.isEnabled()
    dialogs.answer = QMessageBox.Yes
    result = dialog.run_merge()
    assert result.ok and len(result.document.merged_from) == 2
    lines = dialog.messages.toPlainText().splitlines()
    assert lines[0] == "已汇总 2 个单位，可以保存。"  # a skipped file the clerk agreed to is no 错误
    assert lines[1].startswith("已跳过（按您的选择）：“坏.hbaccept”已损坏或不完整")
    assert not any(line.startswith("错误") for line in lines)


def test_refused_files_are_listed_and_nothing_can_be_saved(dialog, units, unit_doc):
    from hbaccept_gui.core.storage import save_document

    bad = unit_doc(2)
    bad.header["contact"] = ""
    save_document(bad, units[1])
    dialog.add_paths(units[:3])
    assert dialog.run_merge() is None
    text = dialog.messages.toPlainText()
    assert "“正定县.hbaccept”（正定县图书馆）审核有 1 个错误" in text and "表头「项目联系人」：必须填写" in text
    assert "没有汇总" in text and not dialog.save_button.isEnabled()


def test_adding_the_same_path_twice_lists_it_once_and_removing_forgets_the_result(dialog, units):
    dialog.add_paths([units[0], units[1], units[0]])
    assert [p.name for p in dialog.paths()] == ["井陉县.hbaccept", "正定县.hbaccept"]
    dialog.run_merge()
    assert dialog.save_button.isEnabled()
    dialog.files.item(0).setSelected(True)
    dialog.files.remove_selected()
    assert [p.name for p in dialog.paths()] == ["正定县.hbaccept"] and not dialog.save_button.isEnabled()
