"""Where the program keeps what it can always make again (parsed font tables, the note that a
year's definition files passed their schema): the platformdirs cache folder
(%LOCALAPPDATA%\\hbaccept\\Cache on Windows, ~/.cache/hbaccept on Linux), or DIR/cache under
HBACCEPT_HOME (tests, portable use). Deleting it is always safe. No Qt."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "hbaccept"
HOME_ENV = "HBACCEPT_HOME"  # as ui/settings.py: tests and portable installs keep every folder under it


def cache_folder(name: str) -> Path:
    """The cache's sub-folder `name` (not created here)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "cache" / name
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, False)) / name
