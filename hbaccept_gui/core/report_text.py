"""The text of a report section with its bound figures filled in from the current tables.

A bound figure is stored as a reference (FieldSegment) and rendered here each time, so a report
can never state a number the tables no longer hold. A works list (calc.DerivedText) is bound and
rendered the same way: it is the list as the tables hold it now, every count included."""

from __future__ import annotations

from hbaccept_gui.core.calc import Results
from hbaccept_gui.core.document import FieldSegment, Segment, TextSegment


def render_field(results: Results, key: str) -> str:
    """A bound figure as the report prints it: running text, so no space before the unit (12场); a
    bound list as its words (《周易本义》551叶、…), or what it says while it is empty."""
    derived = results.get(key)
    return derived.text_in_prose if derived else f"〔未知数据项 {key}〕"


def render_segments(results: Results, segments: list[Segment]) -> str:
    parts = []
    for segment in segments:
        if isinstance(segment, TextSegment):
            parts.append(segment.text)
        elif isinstance(segment, FieldSegment):
            parts.append(render_field(results, segment.key))
    return "".join(parts)


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 99 → 九十九: how the headings of a report count."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return head + (_DIGITS[ones] if ones else "")
