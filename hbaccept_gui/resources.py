"""The one place that knows where the shipped resources live.

In a source checkout they sit in `resources/` beside the package; in a PyInstaller build they are
unpacked under `sys._MEIPASS`. Nothing else builds paths to `resources/` by hand."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
