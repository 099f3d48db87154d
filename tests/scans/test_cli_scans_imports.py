"""`hbaccept scans` loads the scan libraries only when it runs (that the scans reader imports no Qt
is proved with the core's, in tests/core/test_core_has_no_qt.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_cli_module_loads_no_scan_libraries_until_it_runs():
    probe = "import sys, hbaccept_gui.cli_scans; print('zxingcpp' in sys.modules, 'PIL' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "False"], done.stderr
