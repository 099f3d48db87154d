"""User settings: typed options declared once, stored as JSON in the platformdirs config folder.

Preferences and window state are kept apart from documents; a settings file that cannot be read
is set aside (renamed .broken) and the program starts with defaults, saying so once."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from hbaccept_gui.core.storage import atomic_write

APP_DIR_NAME = "hbaccept"
#: Tests and portable installs point everything (settings, autosave) at one folder with this.
HOME_ENV = "HBACCEPT_HOME"
MAX_RECENT = 8


def config_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    return Path(override) / "config" if override else Path(platformdirs.user_config_dir(APP_DIR_NAME, False))


def data_dir() -> Path:
    override = os.environ.get(HOME_ENV)
    return Path(override) / "data" if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, False))


def crash_dir() -> Path:
    """The crash logs (crash_log.py): in the data folder, where 帮助 → 诊断信息 finds them."""
    return data_dir() / "crash"


@dataclass
class Settings:
    recent_files: list[str] = field(default_factory=list)
    last_folder: str = ""
    export_folder: str = ""
    window_geometry: str = ""  # base64 of QMainWindow.saveGeometry()
    settings_version: int = 1

    def add_recent(self, path: Path | str) -> None:
        path = str(Path(path).resolve())
        self.recent_files = [path] + [p for p in self.recent_files if p != path][: MAX_RECENT - 1]
        self.last_folder = str(Path(path).parent)


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> tuple[Settings, str | None]:
    """The settings, and a Chinese notice if the file was unreadable and defaults are used."""
    path = settings_path()
    if not path.exists():
        return Settings(), None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name: f.type for f in fields(Settings)}
        values = {k: v for k, v in raw.items() if k in known}
        settings = Settings(**values)
        if not isinstance(settings.recent_files, list) or not all(isinstance(p, str) for p in settings.recent_files):
            raise ValueError("recent_files")
        return settings, None
    except (OSError, ValueError, TypeError, AttributeError):
        try:
            path.replace(path.with_name("settings.json.broken"))
        except OSError:
            pass
        return Settings(), "设置文件已损坏，已改用默认设置（原文件已另存为 settings.json.broken）。"


def save_settings(settings: Settings) -> None:
    """Best effort: failing to remember a recent file must never interrupt the user."""
    try:
        config_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(settings_path(), json.dumps(asdict(settings), ensure_ascii=False, indent=1).encode("utf-8"))
    except Exception:  # noqa: BLE001 - settings are a convenience, never a reason to fail
        pass
