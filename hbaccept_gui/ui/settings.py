"""User settings: typed options declared once, stored as JSON in the platformdirs config folder.

Preferences and window state are kept apart from documents; a settings file that cannot be read
is set aside (renamed .broken) and the program starts with defaults, saying so once."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from hbaccept_gui.core.cache_folder import APP_DIR_NAME, HOME_ENV  # HOME_ENV: everything under one folder
from hbaccept_gui.core.storage import atomic_write

MAX_RECENT = 8
#: A settings file is a few hundred bytes; anything much bigger is not one.
MAX_SETTINGS_BYTES = 1024 * 1024
#: Longest text a setting may hold (a path, the window geometry in base64).
MAX_SETTING_CHARS = 32 * 1024


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
    findings_height: int = 0  # the 审核结果 panel's height in pixels when expanded; 0: compact
    findings_collapsed: bool = False  # the panel shows only its summary line
    findings_visible: bool = True
    works_split: float = 0.0  # the works list's share of the 附件2 page's height; 0: as built (half)
    stamped_limit_mb: float = 20.0  # 导入盖章扫描件: all stamped PDFs together at most this (the email's limit)
    settings_version: int = 1

    def add_recent(self, path: Path | str) -> None:
        path = str(Path(path).resolve())
        self.recent_files = [path] + [p for p in self.recent_files if p != path][: MAX_RECENT - 1]
        self.last_folder = str(Path(path).parent)


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings() -> tuple[Settings, str | None]:
    """The settings, and a Chinese notice if the file was set aside. Each setting is checked on
    its own against the type of its default: a wrong one (a number for the window geometry, a
    text for the recent files) falls back to its default and the others are kept; a file that
    cannot be read at all (truncated, nested 100,000 deep, not a regular file, too big) gives all
    defaults. Either way the file is kept as settings.json.broken, and the notice says so once."""
    path = settings_path()
    if not os.path.lexists(path):
        return Settings(), None
    try:
        raw = _read_settings_file(path)
    except (OSError, ValueError, RecursionError):
        _set_aside(path)
        return Settings(), "设置文件已损坏，已改用默认设置（原文件已另存为 settings.json.broken）。"
    values, bad = _checked_values(raw)
    if bad:
        _set_aside(path)
        return Settings(**values), "设置文件中有无效的设置，已改用默认值（原文件已另存为 settings.json.broken）。"
    return Settings(**values), None


def _read_settings_file(path: Path) -> dict:
    """Raises OSError or ValueError for anything but a small regular file holding a JSON object."""
    if not path.is_file():
        raise ValueError("not a regular file")  # a FIFO would block the start forever
    if path.stat().st_size > MAX_SETTINGS_BYTES:
        raise ValueError("too large")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError("not an object")
    return raw


def _checked_values(raw: dict) -> tuple[dict, list[str]]:
    """The valid settings of `raw` by name, and the names of those refused."""
    values, bad, defaults = {}, [], Settings()
    for setting in fields(Settings):
        if setting.name not in raw:
            continue
        if _valid(raw[setting.name], getattr(defaults, setting.name), setting.name):
            values[setting.name] = raw[setting.name][:MAX_RECENT] if setting.name == "recent_files" else raw[setting.name]
        else:
            bad.append(setting.name)
    return values, bad


def _valid(value: object, default: object, name: str) -> bool:
    """Same type as the default (a bool is not a number here, a whole number may stand for a
    fraction), text that can be written back and used as a path, lists of such texts."""
    if isinstance(default, bool) or isinstance(value, bool):
        return type(value) is type(default)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and value == value and abs(value) != float("inf")
    if isinstance(default, str):
        return _valid_text(value) and (name != "window_geometry" or value.isascii())
    if isinstance(default, list):
        return isinstance(value, list) and all(_valid_text(item) for item in value)
    return type(value) is type(default)


def _valid_text(value: object) -> bool:
    if not isinstance(value, str) or len(value) > MAX_SETTING_CHARS or "\x00" in value:
        return False
    try:
        value.encode("utf-8")  # a lone surrogate (\ud800) cannot be shown, saved or used as a path
    except UnicodeEncodeError:
        return False
    return True


def _set_aside(path: Path) -> None:
    try:
        path.replace(path.with_name("settings.json.broken"))
    except OSError:
        pass


def save_settings(settings: Settings) -> None:
    """Best effort: failing to remember a recent file must never interrupt the user."""
    try:
        config_dir().mkdir(parents=True, exist_ok=True)
        atomic_write(settings_path(), json.dumps(asdict(settings), ensure_ascii=False, indent=1).encode("utf-8"))
    except Exception:  # noqa: BLE001 - settings are a convenience, never a reason to fail
        pass
