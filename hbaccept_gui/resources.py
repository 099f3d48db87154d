"""The one place that knows where the shipped resources live.

In a source checkout they sit in `resources/` beside the package; in a PyInstaller build the spec
(`build_exe.spec`) copies that folder to `BUNDLE_DIR` under `sys._MEIPASS`. Nothing else builds
paths to `resources/` by hand: the spec reads the names below too, so the two cannot drift apart.
Qt's own catalogues are not ours: Qt finds them (`QLibraryInfo`), in a checkout and in a build."""

from __future__ import annotations

import sys
from pathlib import Path

#: The folder name of the resources, in the checkout and inside a frozen build.
BUNDLE_DIR = "resources"
#: The application icon (every size from 16 to 256 px; drawn by scripts/make_icons.py).
APP_ICON = ("icons", "hbaccept.ico")
#: Qt's Chinese catalogues that the window loads; the frozen build ships only these.
QT_TRANSLATIONS = ("qtbase_zh_CN", "qt_zh_CN")


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False) and getattr(sys, "_MEIPASS", None))


def resources_root() -> Path:
    if is_frozen():
        return Path(sys._MEIPASS) / BUNDLE_DIR
    return Path(__file__).resolve().parent.parent / BUNDLE_DIR


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
