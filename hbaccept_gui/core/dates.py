"""Dates as a clerk writes them (2025年6月5日, 2025-06-05, 2025/6/5, 2025.6.5, 20250605), stored as
`datetime.date` and printed the way the notice prints them (2025年06月05日)."""

from __future__ import annotations

import re
from datetime import date

from hbaccept_gui.core.errors import ParseError
from hbaccept_gui.core.numbers import normalise

EARLIEST_YEAR = 2000
LATEST_YEAR = 2099

_SEPARATED = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?", re.ASCII)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)


def parse_date(text: str | None) -> date | None:
    if text is None:
        return None
    shown = str(text).strip()
    cleaned = normalise(shown)
    if not cleaned:
        return None
    match = _SEPARATED.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned)
    if match is None:
        raise ParseError("not_date", 原文=shown)
    year, month, day = (int(part) for part in match.groups())
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ParseError("date_out_of_range", 原文=shown, 最早=EARLIEST_YEAR, 最晚=LATEST_YEAR)
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError("no_such_day", 原文=shown) from None


def format_date(value: date) -> str:
    """As printed on the forms: 2025年06月05日."""
    return f"{value.year}年{value.month:02d}月{value.day:02d}日"
