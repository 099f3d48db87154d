"""#13 item 9 in the real window: a contractor row of 建设或优化艺术普及数字资源 typed in TB (「2TB」,
full-width from an IME too) is kept in TB, 附件3 shows hours and TB apart (「10小时、2TB」) with a
完成率 that says it counts hours only, Ctrl+Z takes it back, and two units in one cell are refused
with the editor left open."""

from __future__ import annotations

import json
from decimal import Decimal

from hbaccept_gui.core.cells import CellRef
from hbaccept_gui.core.numbers import Quantity
from hbaccept_gui.core.pipeline import demo_path
from hbaccept_gui.ui.qt import QApplication, Qt
from hbaccept_gui.ui.sheet_model import HINT_ROLE

from conftest import page_of
from test_editing import focus_cell, type_into

TASK = "art_resources"


def art_file(folder):
    """The demo with 20 小时 assigned and two contractors: 10 小时 done, and one with nothing yet."""
    raw = json.loads(demo_path().read_text(encoding="utf-8"))
    raw["document"]["assigned"][TASK] = "20"
    raw["document"]["details"][TASK] = [
        {"contractor": name, "subproject": "", "assigned": None, "description": "建设艺术普及数字资源。",
         "url": "https://www.hebeiwhy.cn/res", "remarks": "", "completed": done}
        for name, done in (("石家庄市群众艺术馆", "10"), ("赞皇县文化馆", None))]
    path = folder / "石家庄.hbaccept"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def second_row_completed(window):
    """(view, row, column) of 实际完成量 of the second contractor of the task."""
    page = page_of(window, "annex4")
    model = page.view.model()
    row = next(r for r, s in enumerate(model.slots) if s.kind == "contractor" and s.task.id == TASK and s.index == 1)
    column = [c.id for c in model.table.columns].index("completed")
    return page, row, column


def annex3(window):
    model = window.show_page("annex3").views[0].model()
    return (model.index_of(CellRef("annex3", ("completed",), TASK)),
            model.index_of(CellRef("annex3", ("rate",), TASK)))


def stored(window):
    return window.session.document.details[TASK][1].values["completed"]


def test_tb_typed_in_a_row_is_kept_apart_and_annex3_shows_both(qtbot, open_window, tmp_path):
    window = open_window(file=str(art_file(tmp_path)))
    page, row, column = second_row_completed(window)
    model = page.view.model()
    assert "2TB" in model.index(row, column).data(HINT_ROLE), "the empty cell says TB is understood"
    focus_cell(window, page, page.view, row, column)
    type_into(qtbot, page.view, "２ＴＢ")  # full-width, as a Chinese IME gives it
    assert stored(window) == Quantity(Decimal(2), "TB")
    assert model.index(row, column).data(Qt.DisplayRole) == "2 TB"
    assert model.index(row, column).data(Qt.EditRole) == "2TB", "F2 opens on what can be typed back"
    completed, rate = annex3(window)
    assert completed.data(Qt.DisplayRole) == "10小时、2TB"
    assert rate.data(Qt.DisplayRole) == "50.00%"
    assert "完成率只按下达任务量的单位（小时）计算，按2TB统计的部分不计入" in rate.data(Qt.ToolTipRole)
    assert "另按TB统计 2 TB：赞皇县文化馆 2" in completed.data(Qt.ToolTipRole)


def test_ctrl_z_takes_the_tb_back_like_any_edit(qtbot, open_window, tmp_path):
    window = open_window(file=str(art_file(tmp_path)))
    page, row, column = second_row_completed(window)
    focus_cell(window, page, page.view, row, column)
    type_into(qtbot, page.view, "2tb")
    assert stored(window) == Quantity(Decimal(2), "TB")
    focus_cell(window, page, page.view, row, column)
    qtbot.keyClick(page.view, Qt.Key_Z, Qt.ControlModifier)
    assert stored(window) is None
    assert annex3(window)[0].data(Qt.DisplayRole) == "10"
    window.show_page("annex4")
    qtbot.keyClick(page.view, Qt.Key_Y, Qt.ControlModifier)
    assert stored(window) == Quantity(Decimal(2), "TB")


def test_hours_and_tb_in_one_cell_are_refused_with_the_editor_left_open(qtbot, open_window, tmp_path):
    window = open_window(file=str(art_file(tmp_path)))
    page, row, column = second_row_completed(window)
    focus_cell(window, page, page.view, row, column)
    editor = type_into(qtbot, page.view, "15小时、2TB")
    assert QApplication.focusWidget() is editor, "refused: the editor stays open"
    assert "一格只能填一个数量，单位为“小时”或“TB”" in window.statusBar().currentMessage()
    assert stored(window) is None
