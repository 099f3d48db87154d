"""The 概览 完成率 bar looks the same under every style Qt ships for Windows: green when the target
is met, red when missed, with its 「102.74%」 on it. Under the default Windows style (windowsvista)
the style's own progress bar was blue and had no text, and the classic windows style draws blocks.

The delegate is rendered in a real table under each style and its pixels are checked. Linux has
fusion and windows; the Windows lane (scripts/windows/lane.sh) runs this file under Wine with the
Windows build's Qt, where windowsvista and windows11 are there too (and must be)."""

from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from hbaccept_gui.ui.app import make_application
from hbaccept_gui.ui.overview import BAR_TEXT, BAR_TEXT_ON_COLOUR, BAR_TROUGH, MET, MISSED, RateBarDelegate
from hbaccept_gui.ui.qt import QAbstractTableModel, QApplication, QModelIndex, QStyleFactory, QTableView, Qt

#: Every style Qt ships on Windows (Qt 6.7+: windows11 and windowsvista come from the
#: qmodernwindowsstyle plugin; windows and fusion are built in).
WINDOWS_STYLES = ("windowsvista", "windows11", "windows", "fusion")
AVAILABLE = {key.lower() for key in QStyleFactory.keys()}

#: (text, rate, target met?) of the rows drawn: met above 100 %, missed, no target, nothing assigned.
ROWS = [("102.74%", Decimal("102.74"), True), ("40.00%", Decimal("40"), False),
        ("75.50%", Decimal("75.5"), None), ("未下达任务", None, None)]


class RatesModel(QAbstractTableModel):
    """What the delegate asks of OverviewModel: rate(row), met(row) and the display text."""

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ROWS)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1

    def data(self, index, role=Qt.DisplayRole):
        return ROWS[index.row()][0] if role == Qt.DisplayRole and index.isValid() else None

    def rate(self, row: int):
        return ROWS[row][1]

    def met(self, row: int):
        return ROWS[row][2]


@pytest.fixture
def render():
    """render(style) → (image of the table's viewport, the bar rectangle of each row)."""
    app = make_application()
    original = app.style().name()
    views = []

    def draw(style: str):
        app.setStyle(QStyleFactory.create(style))
        model = RatesModel()
        view = QTableView()
        view.setModel(model)
        view.setItemDelegateForColumn(0, RateBarDelegate(view))
        view.horizontalHeader().hide()
        view.verticalHeader().hide()
        view.setColumnWidth(0, 220)
        for row in range(len(ROWS)):
            view.setRowHeight(row, 30)
        view.resize(260, 160)
        view.show()
        views.append((view, model))
        QApplication.processEvents()
        image = view.viewport().grab().toImage()
        bars = [view.visualRect(model.index(row, 0)).adjusted(4, 5, -4, -5) for row in range(len(ROWS))]
        return image, bars

    yield draw
    for view, _model in views:
        view.close()
    app.setStyle(original)


def colours(image, bar, x_from: float, x_to: float) -> dict[str, int]:
    """How many pixels of each kind lie in a vertical band of a bar (fractions of its width), inside
    its border: the flat colours of the bar exactly, and text — antialiased, so counted as pixels
    near the text colours (light on the colour, dark on the trough)."""
    counts = {"met": 0, "missed": 0, "trough": 0, "light": 0, "dark": 0}
    flat = {MET.rgb() & 0xFFFFFF: "met", MISSED.rgb() & 0xFFFFFF: "missed", BAR_TROUGH.rgb() & 0xFFFFFF: "trough"}
    left = bar.left() + 1 + int((bar.width() - 2) * x_from)
    right = bar.left() + 1 + int((bar.width() - 2) * x_to)
    for x in range(left, right):
        for y in range(bar.top() + 1, bar.bottom()):
            pixel = image.pixel(x, y) & 0xFFFFFF
            if pixel in flat:
                counts[flat[pixel]] += 1
                continue
            channels = (pixel >> 16 & 0xFF, pixel >> 8 & 0xFF, pixel & 0xFF)
            if min(channels) >= min(BAR_TEXT_ON_COLOUR.red(), 200):
                counts["light"] += 1
            elif max(channels) <= max(BAR_TEXT.red(), 90):
                counts["dark"] += 1
    return counts


@pytest.mark.parametrize("style", WINDOWS_STYLES)
def test_the_bar_is_green_or_red_with_its_text_under_every_style(style, render):
    if style not in AVAILABLE:
        pytest.skip(f"Qt has no {style} style on this platform ({', '.join(sorted(AVAILABLE))})")
    image, bars = render(style)

    # 102.74 %, met: green from end to end, the text in white on it.
    full = colours(image, bars[0], 0, 1)
    assert full["missed"] == 0 and full["trough"] == 0, full
    assert colours(image, bars[0], 0, 0.2)["met"] > 0.9 * colours_area(bars[0], 0.2)
    assert colours(image, bars[0], 0.8, 1)["met"] > 0.9 * colours_area(bars[0], 0.2)
    assert full["light"] > 15, "no 102.74% on the green bar"

    # 40 %, missed: red on the left, the trough on the right, no green; the text is there.
    missed = colours(image, bars[1], 0, 1)
    assert missed["met"] == 0, missed
    assert colours(image, bars[1], 0, 0.3)["missed"] > 0.9 * colours_area(bars[1], 0.3)
    assert colours(image, bars[1], 0.7, 1)["trough"] > 0.9 * colours_area(bars[1], 0.3)
    assert missed["light"] + missed["dark"] > 15, "no 40.00% on the red bar"

    # No target to compare with: green, three quarters long, with its text.
    no_target = colours(image, bars[2], 0, 1)
    assert no_target["missed"] == 0 and no_target["met"] > 0 and no_target["trough"] > 0
    assert colours(image, bars[2], 0.6, 0.7)["met"] > 0.5 * colours_area(bars[2], 0.1)
    assert colours(image, bars[2], 0.8, 0.9)["trough"] > 0.9 * colours_area(bars[2], 0.1)
    assert no_target["light"] > 15

    # Nothing assigned: no bar, the cell's text as any other cell.
    empty = colours(image, bars[3], 0, 1)
    assert empty["met"] == empty["missed"] == 0 and empty["trough"] < 10, empty  # a few text edges are #eeeeee
    assert empty["dark"] > 15, "未下达任务 is missing"


def colours_area(bar, fraction: float) -> int:
    return int((bar.width() - 2) * fraction) * (bar.height() - 2)


@pytest.mark.skipif(sys.platform != "win32", reason="the Windows build's styles")
def test_every_windows_style_is_there_on_windows():
    """So that, under Wine, the test above really ran under each of them."""
    make_application()
    assert set(WINDOWS_STYLES) <= AVAILABLE, AVAILABLE
