"""Runtime hook of the frozen build (build_exe.spec), in place of PyInstaller's pyi_rth_pyside6.

PyInstaller's hook imports PySide6.QtCore at the start of every process to register an embedded
qt.conf: 0.07 s of CPU in each `hbaccept export` or `hbaccept validate` that never opens a window.
This one only sets what Qt reads from the environment when it starts (where its plugins are, and on
Windows where its DLLs are), as that hook does, importing nothing of Qt; hbaccept_gui/ui/qt.py, the
one module through which the program imports Qt, registers the qt.conf when Qt is first wanted
(`relocate_frozen_qt`)."""


def _pyi_rthook():
    import os
    import sys

    from _pyi_rth_utils import qt as qt_rth_utils  # PyInstaller's helper (pure Python, no Qt)

    qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
    windows = sys.platform.startswith("win")
    prefix = os.path.join(sys._MEIPASS, "PySide6") if windows else os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(prefix, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(prefix, "qml")
    if windows:  # the Qt plugins find the Qt DLLs beside the program
        os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")


_pyi_rthook()
del _pyi_rthook
