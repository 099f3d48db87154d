"""Checks on free text. Text is kept exactly as typed (rare characters such as 玊 included); only
what cannot be printed or stored in a Word file is refused: control characters, broken UTF-16
halves, and absurd lengths."""

from __future__ import annotations

import re

from hbaccept_gui.core.errors import ParseError

MAX_TEXT_LENGTH = 20000
_ALLOWED_CONTROLS = {"\n", "\t"}
# What XML 1.0 cannot hold (Word and Excel files are XML), lone UTF-16 halves, the two non-characters.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def first_bad_character(text: str) -> tuple[str, str] | None:
    """(reason code, code point) of the first character that must not be stored, if any."""
    for ch in text:
        code = ord(ch)
        if ch in _ALLOWED_CONTROLS:
            continue
        if code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF):
            return "control_char", f"U+{code:04X}"
        if 0xD800 <= code <= 0xDFFF:
            return "bad_unicode", f"U+{code:04X}"
    return None


def check_text(text: str) -> str:
    """`text` unchanged, or ParseError when it cannot be stored; line ends normalised to \\n."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_LENGTH:
        raise ParseError("text_too_long", 长度=len(text), 上限=MAX_TEXT_LENGTH)
    bad = first_bad_character(text)
    if bad:
        code, point = bad
        raise ParseError(code, 码位=point)
    return text


def xml_safe(text: object) -> str:
    """Text an exported Word or Excel file can hold: what XML cannot carry removed, line ends made
    \\n. The core refuses such characters when typed; exporters call this as the last guard."""
    value = "" if text is None else str(text)
    return _NOT_IN_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
