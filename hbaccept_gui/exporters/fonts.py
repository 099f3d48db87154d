"""The CJK fonts the PDF exporter embeds, and which of them can print which character.

reportlab embeds only TrueType outlines (.ttf/.ttc), and a PDF that merely names a font prints as
tofu wherever that font is absent, so every face here is a file we embed. On Windows the clerk's
own faces come first (the official 方正小标宋/仿宋_GB2312/楷体_GB2312 where installed, else
黑体/仿宋/楷体/宋体, plus SimSun-ExtB for CJK Ext-B); the bundled WenQuanYi Zen Hei (GBK) closes
every chain, so the same code works on Linux, in CI and in a frozen build.

The GB2312 official faces lack many GBK characters (玊, U+738A, is one), so text is drawn per
character: a character missing from the role's face comes from the first face in its chain that
has it. A character no face has is reported by `missing_characters` before export, never dropped
or replaced."""

from __future__ import annotations

import os
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from hbaccept_gui.exporters import font_cache
from hbaccept_gui.resources import resource_path

ROLES = ("title", "body", "heading", "kai", "number")

#: (label, file names tried in the Windows font folders, index in a .ttc). File names of the
#: official faces vary between vendors' installers: the common ones are listed.
_XIAOBIAOSONG = ("方正小标宋简体", ("FZXBSJW.TTF", "方正小标宋简体.ttf", "FZXBSK.TTF", "方正小标宋_GBK.ttf"), 0)
_FANGSONG_GB = ("仿宋_GB2312", ("FS_GB2312.ttf", "仿宋_GB2312.ttf", "SIMFANG_GB2312.ttf"), 0)
_KAITI_GB = ("楷体_GB2312", ("KT_GB2312.ttf", "楷体_GB2312.ttf", "SIMKAI_GB2312.ttf"), 0)
_HEITI = ("黑体", ("simhei.ttf",), 0)
_FANGSONG = ("仿宋", ("simfang.ttf",), 0)
_KAITI = ("楷体", ("simkai.ttf",), 0)
_SONGTI = ("宋体", ("simsun.ttc",), 0)
_EXT_B = ("SimSun-ExtB", ("simsunb.ttf",), 0)

_PREFERRED = {
    "title": (_XIAOBIAOSONG, _HEITI),
    "body": (_FANGSONG_GB, _FANGSONG),
    "heading": (_HEITI,),
    "kai": (_KAITI_GB, _KAITI),
    "number": (_SONGTI,),
}
#: Every chain ends with the GBK-complete Windows faces, Ext-B, then the bundled font.
_TAIL = (_SONGTI, _HEITI, _EXT_B)

BUNDLED = ("文泉驿正黑", "wqy-zenhei.ttc", 0)


@dataclass(frozen=True)
class Face:
    name: str  # the name registered with reportlab (ASCII, unique per file and index)
    label: str  # what a clerk calls it: 仿宋, 文泉驿正黑 …
    path: Path
    index: int

    def has(self, ch: str) -> bool:
        return ord(ch) in _cmap(self.name)


def font_dirs() -> list[Path]:
    """Windows system fonts and the per-user folder (fonts installed "for me only" land there)."""
    if sys.platform != "win32":
        return []
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _find(files: tuple[str, ...]) -> Path | None:
    for folder in font_dirs():
        for name in files:
            if (folder / name).is_file():
                return folder / name
    return None


@cache
def _register(label: str, path: Path, index: int) -> Face | None:
    """Register one face; None if reportlab refuses it (CFF outlines, no embedding permission, a
    damaged file). The name is ASCII and unique per file, whatever the file is called. The face is
    parsed once per machine (font_cache), not once per process."""
    stem = "".join(ch for ch in path.stem if ch.isascii() and ch.isalnum()) or "font"
    name = f"hb-{stem}-{index}-{zlib.crc32(str(path).encode()):08x}"
    try:
        pdfmetrics.registerFont(font_cache.load_font(name, path, index))
    except Exception:  # noqa: BLE001 - a bad font on the PC must not stop the export
        return None
    return Face(name, label, path, index)


def bundled_face() -> Face:
    label, file, index = BUNDLED
    face = _register(label, resource_path("fonts", file), index)
    if face is None:
        raise RuntimeError(f"bundled font missing or unreadable: {resource_path('fonts', file)}")
    return face


@cache
def chain(role: str) -> tuple[Face, ...]:
    """The faces for `role`, preferred first, the bundled font last; never empty."""
    faces: list[Face] = []
    for label, files, index in _PREFERRED[role] + _TAIL:
        path = _find(files)
        face = _register(label, path, index) if path else None
        if face and face not in faces:
            faces.append(face)
    faces.append(bundled_face())
    return tuple(faces)


def primary(role: str) -> str:
    """The registered name of the role's main face (for styles and `initialFontName`)."""
    return chain(role)[0].name


@cache
def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def _all_faces() -> tuple[Face, ...]:
    seen: dict[str, Face] = {}
    for role in ROLES:
        for face in chain(role):
            seen.setdefault(face.name, face)
    return tuple(seen.values())


def printable(text: str) -> str:
    """`text` without control and format characters (zero-width spaces, BOMs pasted from web pages):
    they print as nothing in Word and as a box in a PDF. Newlines and tabs stay."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))


def face_for(ch: str, role: str) -> Face:
    """The first face in the role's chain that has `ch`; the role's face if none has it."""
    faces = chain(role)
    return next((face for face in faces if face.has(ch)), faces[0])


def runs(text: str, role: str) -> list[tuple[str, str]]:
    """`text` cut into (font name, piece) runs, each piece printable by its font. Pieces are joined
    once (adding a character at a time to a run was quadratic in the run's length)."""
    primary_name = chain(role)[0].name
    named = [(primary_name if ch in "\n\t " else face_for(ch, role).name, ch) for ch in printable(text)]
    return [(name, "".join(ch for _name, ch in group))
            for name, group in groupby(named, key=lambda pair: pair[0])]


def markup(text: str, role: str, base: str | None = None) -> str:
    """Paragraph markup for `text`: XML-escaped, newlines as <br/>, every run not in `base` (the
    paragraph style's font, by default the role's face) wrapped in <font name=…>."""
    base = base or primary(role)
    parts = []
    for name, piece in runs(text, role):
        piece = escape(piece).replace("\n", "<br/>")
        parts.append(piece if name == base else f'<font name="{name}">{piece}</font>')
    return "".join(parts)


def string_width(text: str, role: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in runs(text, role))


def draw_string(canvas, x: float, y: float, text: str, role: str, size: float, anchor: str = "left") -> float:
    """Draw one line on a canvas with per-character fallback; `anchor` left/center/right. Returns
    the width drawn."""
    width = string_width(text, role, size)
    x -= {"left": 0, "center": width / 2, "right": width}[anchor]
    for name, piece in runs(text, role):
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)
    return width


def has_glyph(ch: str) -> bool:
    return _in_any(ch, _all_faces())


def _in_any(ch: str, faces: tuple[Face, ...]) -> bool:
    return any(face.has(ch) for face in faces)


def missing_characters(texts) -> dict[str, list[str]]:
    """Characters no registered face can print, each with (up to three) texts it occurs in, in code
    point order: the caller shows them to the clerk before exporting (the PDF would show .notdef).
    The faces are gathered once and each character looked up once (`has_glyph` gathers them on
    every call, which was most of this check's time before every export)."""
    faces = _all_faces()
    printed: dict[str, bool] = {}
    found: dict[str, list[str]] = {}
    for text in texts:
        for ch in set(printable(text or "")):
            if ch in "\n\t":
                continue
            if ch not in printed:
                printed[ch] = _in_any(ch, faces)
            if printed[ch]:
                continue
            where = found.setdefault(ch, [])
            if len(where) < 3 and text not in where:
                where.append(text)
    return dict(sorted(found.items(), key=lambda item: ord(item[0])))
