"""The 字符集外字表: every character of the document outside GB 2312, with where it occurs.

The notice asks each unit to declare the characters its resources use beyond GB 2312 (the set the
official 仿宋_GB2312/楷体_GB2312 faces and older receiving systems hold), so the province can map or
create them. GB 2312 decides what is listed; GBK is flagged as well, because a GBK character (玊 in
《海琼玊蟾先生文集》) still shows in common Windows software while one outside GBK (䶮, 𠀀) may
become a box. Whether the export fonts have a glyph is the exporters' business (`exporters.fonts`).

No Qt and no exporters here: the GUI, the CLI and the exporters all read this one list."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from hbaccept_gui.core.cells import all_refs, describe, get_value
from hbaccept_gui.core.definition import Definition
from hbaccept_gui.core.document import Document, Unparsed, segments_text

#: An excerpt shows this many characters either side of the rare one …
EXCERPT_RADIUS = 10
#: … unless the whole cell is this short (a title, a name): then it is shown whole.
WHOLE_CELL = 30
ELLIPSIS = "…"


@dataclass(frozen=True)
class Occurrence:
    location: str  # as `describe` names the cell: 附件2 … 数字化古籍清单第4行「题名」
    excerpt: str  # the cell, or the words around the character in a long text


@dataclass(frozen=True)
class RareCharacter:
    char: str
    code_point: str  # U+738A
    outside_gb2312: bool
    outside_gbk: bool
    occurrences: tuple[Occurrence, ...]


@cache
def in_charset(ch: str, codec: str) -> bool:
    """Whether `codec` (gb2312, gbk) can encode `ch`; cached, as a document repeats its characters."""
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@cache
def in_gb2312(ch: str) -> bool:
    """Whether `ch` has a GB 2312 code. Python's gb2312 codec keeps the standard's old mapping of two
    codes that Windows (GBK) maps elsewhere: A1AA is ― (U+2015) there but the — (U+2014) of every
    「——」 typed on Windows, A1A4 is ・ (U+30FB) there but · (U+00B7). So a character whose GBK code
    is a GB 2312 code counts as in GB 2312, whatever the codec calls it."""
    if in_charset(ch, "gb2312"):
        return True
    try:
        ch.encode("gbk").decode("gb2312")
    except UnicodeError:
        return False
    return True


def code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def rare_characters(definition: Definition, doc: Document) -> list[RareCharacter]:
    """Every character outside GB 2312 in the typed text of `doc`, in order of first occurrence
    (the order of the paper forms), each with one occurrence per cell it appears in."""
    found: dict[str, list[Occurrence]] = {}
    for ref in all_refs(definition, doc):
        text = cell_text(get_value(doc, ref))
        rare = _rare_in(text)
        if not rare:
            continue
        location = describe(definition, ref).location
        for position, ch in rare:
            found.setdefault(ch, []).append(Occurrence(location, excerpt(text, position)))
    return [RareCharacter(ch, code_point(ch), True, not in_charset(ch, "gbk"), tuple(places))
            for ch, places in found.items()]


def cell_text(value) -> str:
    """The typed text of a cell: report sections without their bound figures, refused numbers and
    dates as typed; numbers and dates themselves are digits and 年月日."""
    if isinstance(value, list):
        return segments_text(value)
    if isinstance(value, Unparsed):
        return value.text
    return value if isinstance(value, str) else ""


def _rare_in(text: str) -> list[tuple[int, str]]:
    """(first position, character) of each listed character of `text`, in text order. Most cells
    encode whole, so the per-character (cached) work is done only for the few that do not."""
    if text.isascii():
        return []
    try:
        text.encode("gb2312")
        return []
    except UnicodeEncodeError:
        pass
    return sorted((text.index(ch), ch) for ch in set(text) if _listed(ch))


def _listed(ch: str) -> bool:
    """Outside GB 2312 and a character one could declare: not a space (NBSP), a control or an
    invisible format character (zero-width space, BOM pasted from web pages)."""
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
        return False
    return not in_gb2312(ch)


def excerpt(text: str, position: int) -> str:
    """The whole cell when short, else the text around `position`, on one line, cut ends marked …."""
    line = text.replace("\n", " ").replace("\t", " ")
    if len(line) <= WHOLE_CELL:
        return line.strip()
    start, end = max(0, position - EXCERPT_RADIUS), position + EXCERPT_RADIUS + 1
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(line) else ""
    return f"{head}{line[start:end].strip()}{tail}"
