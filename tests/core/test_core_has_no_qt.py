"""The core, the scans reader, the CLI and the crash log import no Qt: proved by importing them with
PySide6 blocked."""

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
import hbaccept_gui.core as core, hbaccept_gui.scans as scans
for package in (core, scans):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
import hbaccept_gui.cli, hbaccept_gui.cli_show, hbaccept_gui.cli_scans, hbaccept_gui.crash_log
import hbaccept_gui.exporters.page_code
from hbaccept_gui.core.pipeline import load_demo, evaluate
print(evaluate(*load_demo()).results["annex1.completed.digital_resources"].text)
"""


def test_core_imports_and_computes_with_qt_blocked():
    done = subprocess.run([sys.executable, "-c", BLOCKED], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1.0274"
