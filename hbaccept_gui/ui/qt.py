"""Every Qt import of the application goes through this module, so the rest of the UI code says
`from hbaccept_gui.ui.qt import QTableView` and the core can be proved Qt-free.

Names are looked up on first use (PEP 562) rather than star-imported: materialising every Qt class
up front costs about 130 ms of start-up. QtPrintSupport is loaded only when printing is wanted."""

import importlib
import os
import sys

from PySide6 import QtCore, QtGui, QtWidgets


def relocate_frozen_qt() -> None:
    """In the frozen build, tell Qt where its own files are (an embedded qt.conf naming the prefix
    from which QLibraryInfo finds the translations), as PyInstaller's PySide6 runtime hook does at
    the start of every process; our hook (build_hooks/pyi_rth_qt_paths.py) leaves it to here, the
    first import of Qt, so that commands without a window never load Qt. No-op outside the build."""
    if not getattr(sys, "frozen", False):
        return
    from _pyi_rth_utils import qt as qt_rth_utils  # PyInstaller's helper, in the build

    qt_rth_utils.create_embedded_qt_conf("PySide6", os.path.dirname(os.environ["QT_PLUGIN_PATH"]))


relocate_frozen_qt()
_MODULES = [QtCore, QtGui, QtWidgets]
_ON_DEMAND = ("PySide6.QtPrintSupport",)


def __getattr__(name: str):
    for module in _MODULES:
        value = getattr(module, name, None)
        if value is not None:
            globals()[name] = value
            return value
    if _ON_DEMAND[len(_MODULES) - 3:]:
        _MODULES.append(importlib.import_module(_ON_DEMAND[len(_MODULES) - 3]))
        return __getattr__(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
