"""The window must never die of a reference-counting bug in the Qt binding (issue [Stability]).

PySide6-Essentials 6.12.0 on Python 3.11 dropped one reference to None for every
`QModelIndex.data()` that returned None; the delegate asks twice per painted cell, so after some
minutes of repainting None was freed and the interpreter aborted. These tests repaint and query
the real window far more than a clerk's session does and fail fast (before the process could
die) as soon as a shared singleton loses references. Since Python 3.12 those objects are
immortal and their counts cannot move, so the tests only mean something on 3.11, the Python CI
and the Windows build use."""

from __future__ import annotations

import sys

import pytest

from hbaccept_gui.ui.qt import QAbstractItemModel, QModelIndex, Qt
from hbaccept_gui.ui.sheet_model import HINT_ROLE

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12),
                                reason="None, True, False and small ints are immortal from Python 3.12 on")

#: The objects every Qt call that converts "no value" or a flag back to Python hands out.
SINGLETONS = {"None": None, "True": True, "False": False, "0": 0, "1": 1}
#: Counts move a little with what Python allocates and frees; the 6.12.0 bug lost thousands per round.
TOLERANCE = 200
PAINT_ROUNDS = 60
CALLS_PER_MODEL = 5000
#: Every role a view, its delegate, the tooltips and accessibility ask a model for, and ours.
ROLES = [role for role in Qt.ItemDataRole] + [HINT_ROLE, Qt.UserRole]


def counts() -> dict[str, int]:
    return {name: sys.getrefcount(value) for name, value in SINGLETONS.items()}


def fallen(before: dict[str, int]) -> dict[str, int]:
    """The singletons whose count fell by more than the tolerance since `before`, and by how much."""
    now = counts()
    return {name: before[name] - now[name] for name in before if before[name] - now[name] > TOLERANCE}


def paint_every_tab(window) -> None:
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        window.grab()


def every_model(window) -> list[QAbstractItemModel]:
    paint_every_tab(window)  # tabs build their pages when first shown
    models = window.findChildren(QAbstractItemModel)
    assert len(models) >= 10, "every form's table models and the lists of the window"
    return models


def test_painting_every_tab_60_times_keeps_none_alive(open_window):
    window = open_window(demo=True)
    paint_every_tab(window)  # first paint builds caches: not part of the measure
    before = counts()
    for round_ in range(1, PAINT_ROUNDS + 1):
        paint_every_tab(window)
        lost = fallen(before)
        assert not lost, f"after {round_} rounds of painting every tab, references lost: {lost}"


def test_every_model_answers_every_role_without_losing_references(open_window):
    window = open_window(demo=True)
    models = every_model(window)
    before = counts()
    for model in models:
        indexes = [model.index(row, column) for row in range(min(model.rowCount(), 40))
                   for column in range(model.columnCount())] or [QModelIndex()]
        asked = 0
        while asked < CALLS_PER_MODEL:
            for index in indexes:
                for role in ROLES:
                    index.data(role)
                asked += len(indexes) * len(ROLES)
        lost = fallen(before)
        assert not lost, f"{model.metaObject().className()}: after {asked} data() calls, references lost: {lost}"
