"""Reading scans, the page code and `hbaccept scans` import no Qt: proved with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKED = r"""
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError("Qt is blocked in this test: " + name)
sys.meta_path.insert(0, Block())
import hbaccept_gui.scans as scans
for module in pkgutil.walk_packages(scans.__path__, "hbaccept_gui.scans."):
    importlib.import_module(module.name)
import hbaccept_gui.exporters.page_code, hbaccept_gui.cli_scans
print(sorted(m for m in sys.modules if m.startswith("hbaccept_gui.scans.")))
"""


def test_scans_import_with_qt_blocked():
    done = subprocess.run([sys.executable, "-c", BLOCKED], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "hbaccept_gui.scans.sorting" in done.stdout


def test_the_cli_module_loads_no_scan_libraries_until_it_runs():
    probe = "import sys, hbaccept_gui.cli_scans; print('zxingcpp' in sys.modules, 'PIL' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "False"], done.stderr
