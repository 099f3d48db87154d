"""Checks on free text. Text is kept exactly as typed (rare characters such as 玊 included); what
cannot be printed or stored in a Word file is dealt with here.

Text pasted from Word and WPS carries their line breaks: U+000B for Shift+Enter (a manual line
break), U+2028/U+2029 from some web pages and Unicode-aware editors, \\r\\n from Windows. These
become line breaks (\\n). Any other control character (a bell, an escape, a form feed from a page
break) is invisible and meaningless in a form: it is removed and the clerk told which, never a
reason to refuse the entry or a whole pasted block. Only broken UTF-16 halves and absurd lengths
are refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hbaccept_gui.core.errors import ParseError

MAX_TEXT_LENGTH = 20000
#: Line breaking of Chinese text (GB/T 15834), for every place that breaks lines itself: the PDF
#: exporter (exporters._reportlab_cjk) and the window's table headings (ui.sheet_view). No line
#: starts with these, closing punctuation and their half-width forms …
NO_LINE_START = "，。、；：？！）》」』】〕〉”’…—·％‰℃,.;:?!)]}%"
#: … and none ends with these, the opening brackets and quotes.
NO_LINE_END = "（《「『【〔〈“‘([{"
_ALLOWED_CONTROLS = {"\n", "\t"}
#: What a text processor means as a line break: Windows line ends, Word's manual line break (U+000B,
#: Shift+Enter), the Unicode line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\u2028\u2029]")
# What XML 1.0 cannot hold (Word and Excel files are XML), lone UTF-16 halves, the two non-characters.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class CleanText:
    """Text as it is stored, and the code points (U+0007 …) removed from it on the way."""

    text: str
    removed: tuple[str, ...] = ()


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return ch not in _ALLOWED_CONTROLS and (code < 0x20 or 0x7F <= code <= 0x9F or code in (0xFFFE, 0xFFFF))


def clean_text(text: str) -> CleanText:
    """Line breaks of every origin made \\n; other control characters removed and named."""
    text = _LINE_BREAKS.sub("\n", text)
    removed = dict.fromkeys(f"U+{ord(ch):04X}" for ch in text if _is_control(ch))
    if removed:
        text = "".join(ch for ch in text if not _is_control(ch))
    return CleanText(text, tuple(removed))


def first_bad_character(text: str) -> tuple[str, str] | None:
    """(reason code, code point) of the first character that must not be stored, if any: what a
    file brought in (typed and pasted text is cleaned first; see `clean_text`)."""
    for ch in text:
        code = ord(ch)
        if _is_control(ch):
            return "control_char", f"U+{code:04X}"
        if 0xD800 <= code <= 0xDFFF:
            return "bad_unicode", f"U+{code:04X}"
    return None


def check_text(text: str) -> str:
    """`text` as it is stored (see `clean_text`), or ParseError when it cannot be stored."""
    text = clean_text(text).text
    if len(text) > MAX_TEXT_LENGTH:
        raise ParseError("text_too_long", 长度=len(text), 上限=MAX_TEXT_LENGTH)
    bad = first_bad_character(text)
    if bad:
        code, point = bad
        raise ParseError(code, 码位=point)
    return text


def xml_safe(text: object) -> str:
    """Text an exported Word or Excel file can hold: what XML cannot carry removed, line ends made
    \\n. Typed and pasted text is cleaned on entry; exporters call this as the last guard."""
    value = "" if text is None else str(text)
    return _NOT_IN_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
