"""Document properties (title, subject, author…) of the exported Word, Excel and PDF files.

They carry the unit's name, which can be as long as a clerk types it. python-docx refuses a core
property over 255 characters (`ValueError: exceeded 255 char limit for property`), which stopped
the whole export; Office's own property fields are no longer either. The text in the documents is
never shortened, only these labels. No Qt."""

from __future__ import annotations

import unicodedata

from hbaccept_gui.core.text import xml_safe

MAX_LENGTH = 255
ELLIPSIS = "…"
_JOINERS = {"\u200d", "\u200c"}  # zero-width joiner and non-joiner bind the characters either side


def property_text(value: object, limit: int = MAX_LENGTH) -> str:
    """`value` as a document property: XML-safe, on one line, at most `limit` characters. A longer
    one ends in 「…」, cut before a whole character: never between a base and its combining mark or
    variation selector, nor next to a joiner."""
    text = " ".join(xml_safe(value).split("\n"))
    if len(text) <= limit:
        return text
    cut = limit - len(ELLIPSIS)
    while cut > 0 and (_binds_to_previous(text[cut]) or text[cut - 1] in _JOINERS):
        cut -= 1
    return text[:cut] + ELLIPSIS


def _binds_to_previous(ch: str) -> bool:
    """A combining mark, a variation selector (both category Mn) or a joiner: part of the
    character before it."""
    return unicodedata.category(ch) in ("Mn", "Me") or ch in _JOINERS
