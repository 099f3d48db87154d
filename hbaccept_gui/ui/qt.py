"""Every Qt import of the application goes through this module, so the rest of the UI code says
`from hbaccept_gui.ui.qt import QTableView` and the core can be proved Qt-free.

Names are looked up on first use (PEP 562) rather than star-imported: materialising every Qt class
up front costs about 130 ms of start-up. QtPrintSupport is loaded only when printing is wanted."""

import importlib

from PySide6 import QtCore, QtGui, QtWidgets

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
