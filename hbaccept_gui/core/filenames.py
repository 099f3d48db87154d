"""The one rule that turns a 单位名称 (or any typed text) into a file or folder name, for 一键导出's
folder and files and for the name 另存为 proposes: one function, so a name export accepts is the
name saving proposes.

A typed name must not say where the file goes (`../../escaped`), must be a name Windows accepts
(no `<>:"/\\|?*`, no control characters, no trailing dot or space, no device names such as `CON`
or `LPT1`, which Windows refuses even with a suffix), and must read as what it shows: bidi controls
(which can make `exe.txt` display as `txt.exe`) and zero-width characters are dropped."""

from __future__ import annotations

import os
import re
from pathlib import Path

#: Longest name kept from the text, in characters: room for the suffixes export adds, within
#: Windows' 255 per name and its 260 per path in older programs.
MAX_NAME_CHARS = 60

_RESERVED_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
#: Bidi marks, embeddings, overrides and isolates; zero-width spaces, joiners and the BOM; soft
#: hyphen, word joiner, invisible operators and the Mongolian vowel separator, all invisible in a
#: file manager.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_DEVICE_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}


def strip_invisible(text: str) -> str:
    """`text` without bidi controls and zero-width characters."""
    return _INVISIBLE.sub("", text)


def safe_name(text: str, fallback: str = "未填写单位") -> str:
    """A file or folder name Windows (and every other system) accepts, shown as it reads; the
    `fallback` when nothing is left. Leading dots go too: no hidden files, no `..`."""
    cleaned = _RESERVED_CHARS.sub("", strip_invisible(str(text)))
    cleaned = cleaned.strip().lstrip(".").strip()[:MAX_NAME_CHARS].rstrip(". ")
    if not cleaned:
        return fallback
    stem, dot, rest = cleaned.partition(".")
    if stem.strip().upper() in _DEVICE_NAMES:
        return f"{stem.rstrip()}_{dot}{rest}"
    return cleaned


def distinct_names(paths: list[Path]) -> list[str]:
    """How to name each of `paths` in a message so that no two read alike: the file name, with as
    many of its folders in front as it takes to tell it from another file of the same name
    (县A/u004.hbaccept and 县B/u004.hbaccept, not "u004 与 u004"). Invisible characters are dropped
    from what is shown. The same file given twice keeps one name."""
    resolved = [_absolute(path) for path in paths]
    depth = {key: 1 for key in resolved}
    while True:
        shown = {key: _tail(key, depth[key]) for key in depth}
        clashes = _clashing(shown)
        deeper = [key for key in clashes if depth[key] < len(key.parts)]
        if not deeper:
            return [strip_invisible(shown[key]) for key in resolved]
        for key in deeper:
            depth[key] += 1


def _absolute(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()


def _tail(path: Path, depth: int) -> str:
    return os.sep.join(path.parts[-depth:]) if depth > 1 else path.name


def _clashing(shown: dict[Path, str]) -> list[Path]:
    by_name: dict[str, list[Path]] = {}
    for key, name in shown.items():
        by_name.setdefault(name, []).append(key)
    return [key for keys in by_name.values() if len(keys) > 1 for key in keys]
