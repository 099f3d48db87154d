"""Every Qt import of the application goes through this module, so the rest of the UI code says
`from hbaccept_gui.ui.qt import QTableView` and the core can be proved Qt-free."""

from PySide6.QtCore import *  # noqa: F401,F403
from PySide6.QtGui import *  # noqa: F401,F403
from PySide6.QtWidgets import *  # noqa: F401,F403
