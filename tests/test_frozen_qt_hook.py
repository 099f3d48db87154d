"""The frozen build's Qt start-up: PyInstaller's PySide6 runtime hook imported QtCore in every
process (0.07 s of each command-line `hbaccept export`); build_exe.spec replaces it with
build_hooks/pyi_rth_qt_paths.py, which only sets Qt's paths, and hbaccept_gui/ui/qt.py registers
the qt.conf when Qt is first imported. The build itself runs under CI's self-test and the Windows
lane; these tests keep the pieces in agreement."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import PyInstaller

from hbaccept_gui.ui import qt

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "build_hooks" / "pyi_rth_qt_paths.py"
PYINSTALLER = Path(PyInstaller.__file__).parent
SPEC = (ROOT / "build_exe.spec").read_text(encoding="utf-8")


def test_the_spec_drops_the_hook_pyinstaller_registers_for_pyside6_and_adds_ours():
    """If PyInstaller renamed its hook, the spec's filter would silently keep it: fail here instead."""
    registered = (PYINSTALLER / "hooks" / "rthooks.dat").read_text(encoding="utf-8")
    assert "'PySide6':    ['pyi_rth_pyside6.py']" in registered
    assert 'QT_IMPORTING_HOOK = "pyi_rth_pyside6"' in SPEC
    assert "a.scripts = [entry for entry in a.scripts if entry[0] != QT_IMPORTING_HOOK]" in SPEC
    assert 'runtime_hooks=[str(ROOT / "build_hooks" / "pyi_rth_qt_paths.py")]' in SPEC


PROBE = """
import json, os, runpy, sys
sys.path.insert(0, sys.argv[1])  # PyInstaller's fake-modules: _pyi_rth_utils, as in the build
sys._MEIPASS = sys.argv[2]
runpy.run_path(sys.argv[3])
print(json.dumps({"plugins": os.environ["QT_PLUGIN_PATH"], "qml": os.environ["QML2_IMPORT_PATH"],
                  "qt_loaded": sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))}))
"""


def test_our_hook_sets_the_paths_pyinstallers_set_without_loading_qt(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH")}
    done = subprocess.run([sys.executable, "-c", PROBE, str(PYINSTALLER / "fake-modules"), str(tmp_path), str(HOOK)],
                          env=env, capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    prefix = tmp_path / "PySide6" / "Qt"  # Linux; Windows has no Qt level, as PyInstaller's hook
    assert seen == {"plugins": str(prefix / "plugins"), "qml": str(prefix / "qml"), "qt_loaded": []}


def test_the_first_import_of_qt_registers_the_qt_conf_in_the_build_only(monkeypatch, tmp_path):
    calls = []
    fake = type(sys)("_pyi_rth_utils.qt")
    fake.create_embedded_qt_conf = lambda bindings, prefix: calls.append((bindings, prefix))
    package = type(sys)("_pyi_rth_utils")
    package.qt = fake
    monkeypatch.setitem(sys.modules, "_pyi_rth_utils", package)
    monkeypatch.setitem(sys.modules, "_pyi_rth_utils.qt", fake)
    monkeypatch.setenv("QT_PLUGIN_PATH", str(tmp_path / "PySide6" / "Qt" / "plugins"))
    qt.relocate_frozen_qt()
    assert calls == []  # not frozen: Qt of the venv finds itself
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    qt.relocate_frozen_qt()
    assert calls == [("PySide6", str(tmp_path / "PySide6" / "Qt"))]
