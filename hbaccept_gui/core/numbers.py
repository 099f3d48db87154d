"""Tolerant parsing and exact formatting of the quantities and amounts a clerk types.

Everything is `decimal.Decimal`. Input may come from a Chinese IME (full-width digits and
punctuation), from Excel/WPS (thousands separators, stray spaces, tabs) or from habit (a trailing
unit such as 1万筒子叶 or 317叶, a percent sign). Anything else is refused with the reason in
Chinese, never guessed at and never silently changed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from hbaccept_gui.core.errors import ParseError

#: The arithmetic of the whole program: enough digits for any sum a form can hold, half-up
#: rounding as taught in school and used in the notice's tables, and traps instead of NaN.
DECIMAL_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)

MAX_INPUT_LENGTH = 40

# Full-width ASCII (U+FF01…U+FF5E) to ASCII, the ideographic space, and the look-alikes an IME or
# a web page produces for minus and the decimal point.
_NORMALISE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NORMALISE.update(
    {
        0x3000: " ",  # ideographic space
        0x00A0: " ",  # no-break space (Excel, web pages)
        0x2009: " ",
        0x202F: " ",
        0x200B: None,  # zero-width space
        0xFEFF: None,  # byte-order mark pasted from a file
        0x2212: "-",  # minus sign
        0x3002: ".",  # 。 typed as a decimal point in Chinese punctuation mode
    }
)

# ASCII digits only: Arabic-Indic or other scripts' digits are not what a clerk meant to type.
_PLAIN = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?", re.ASCII)
_HEAD_AND_TAIL = re.compile(r"([+\-]?[\d.,]*)(.*)", re.DOTALL | re.ASCII)
_SCIENTIFIC = re.compile(r"[eE][+\-]?\d+", re.ASCII)
_CHINESE_NUMERALS = set("零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟")


@dataclass(frozen=True)
class Quantity:
    """An amount in an alternative unit of its cell (2 TB where 附件3 counts 小时): the notice lets
    some resources be counted 「按时长或TB量」, and the two cannot be converted into each other, so
    the unit travels with the amount and every total keeps the units apart. An amount in the cell's
    own unit stays a plain Decimal, as everywhere else."""

    value: Decimal
    unit: str

    @property
    def text(self) -> str:
        """As the forms print it, with no space before the unit: 2TB."""
        return f"{format_number(self.value)}{self.unit}"


@dataclass(frozen=True)
class NumberSpec:
    """What one kind of cell accepts: its unit (accepted as a suffix), decimal places, bounds.
    `alternatives` are other units the cell may be counted in (TB besides 小时); an amount typed
    with one of them is a `Quantity`, with the same places and bounds."""

    unit: str = ""
    aliases: tuple[str, ...] = ()
    places: int = 0
    max: Decimal = Decimal("1000000000000")
    percent: bool = False
    negative: bool = False
    shown_places: int = 0  # decimals always shown (万元: 50.00), more when the value has them
    alternatives: tuple[str, ...] = ()

    def units_text(self) -> str:
        """「小时」, or 「小时”或“TB」 inside the quotes of a refusal, naming every unit accepted."""
        return "”或“".join((self.unit, *self.alternatives))

    def alternative(self, tail: str) -> str | None:
        """The alternative unit `tail` names, whatever its case (2tb, 2 Tb): None if none."""
        folded = tail.strip().casefold()
        return next((u for u in self.alternatives if u.casefold() == folded), None) if folded else None

    def suffixes(self) -> tuple[str, ...]:
        found = [s for s in (self.unit, *self.aliases) if s]
        if self.percent:
            found.append("%")
        return tuple(sorted(found, key=len, reverse=True))

    def format(self, value: Decimal) -> str:
        """A stored value as this kind of cell shows it (money in 万元 with its two decimals)."""
        return format_number(value, self.shown_places)


def normalise(text: str) -> str:
    """Full-width and look-alike characters to their ASCII forms; surrounding space removed."""
    return text.translate(_NORMALISE).strip()


def parse_number(text: str | None, spec: NumberSpec) -> Decimal | Quantity | None:
    """The exact value of `text`, or None for an empty cell. Raises ParseError with the reason.
    Only a spec with `alternatives` gives a `Quantity`: an amount followed by one of them (2TB,
    ２ｔｂ, 2 TB); without a unit, or with the cell's own (15小时), it is a Decimal in that unit."""
    if text is None:
        return None
    raw = str(text)
    cleaned = normalise(raw)
    if not cleaned:
        return None
    shown = raw.strip()
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise ParseError("too_long", 长度=len(cleaned))
    head, tail = _HEAD_AND_TAIL.fullmatch(cleaned).groups()
    other_unit = spec.alternative(tail) if head.strip("+-") else None
    if other_unit is None:
        _check_tail(shown, head, tail.strip(), spec)
    sign, digits = (head[0], head[1:]) if head[:1] in "+-" else ("", head)
    digits = _remove_grouping(shown, digits)
    if not _PLAIN.fullmatch(digits):
        raise ParseError("not_number", 原文=shown)
    value = _check_bounds(shown, Decimal(sign + digits if sign == "-" else digits), spec)
    return Quantity(value, other_unit) if other_unit else value


def _check_tail(shown: str, head: str, tail: str, spec: NumberSpec) -> None:
    if not tail or tail in spec.suffixes():
        if head.strip("+-"):
            return
        raise ParseError("not_number", 原文=shown)
    if _SCIENTIFIC.fullmatch(tail) and head.strip("+-"):
        raise ParseError("scientific", 原文=shown)
    if tail == "%":
        raise ParseError("not_percent_field", 原文=shown)
    if head.strip("+-") and spec.alternatives and _names_a_unit(tail, spec) and any(ch.isdigit() for ch in tail):
        raise ParseError("one_unit", 原文=shown, 单位=spec.units_text())
    if head.strip("+-") and (spec.unit or spec.percent) and not any(ch.isdigit() for ch in tail):
        raise ParseError("wrong_unit", 原文=shown, 单位="%" if spec.percent else spec.units_text())
    if any(ch in _CHINESE_NUMERALS for ch in shown):
        raise ParseError("chinese_numeral", 原文=shown)
    raise ParseError("not_number", 原文=shown)


def _names_a_unit(tail: str, spec: NumberSpec) -> bool:
    """Whether `tail` holds one of the units of a spec with alternatives: 「15小时、2TB」 is two
    quantities in one cell, which deserves its own refusal rather than 「不是数字」."""
    folded = tail.casefold()
    return any(unit.casefold() in folded for unit in (spec.unit, *spec.alternatives) if unit)


def _remove_grouping(shown: str, digits: str) -> str:
    if "," not in digits:
        return digits
    if _GROUPED.fullmatch(digits):
        return digits.replace(",", "")
    raise ParseError("bad_grouping", 原文=shown)


def _check_bounds(shown: str, value: Decimal, spec: NumberSpec) -> Decimal:
    if value < 0 and not spec.negative:
        raise ParseError("negative", 原文=shown)
    if value == 0:
        return Decimal(0)
    if abs(value) > spec.max:
        raise ParseError("too_big", 原文=shown, 上限=format_number(spec.max))
    step = Decimal(1).scaleb(-spec.places)
    if value.quantize(step, context=DECIMAL_CONTEXT) != value:
        if spec.places == 0:
            raise ParseError("not_integer", 原文=shown)
        raise ParseError("too_many_places", 原文=shown, 位数=spec.places)
    return value


#: Beyond this many digits before or after the point a value is shown with an exponent: no form
#: holds such a number (the parser refuses it), and writing out 1E+1000000 would take a megabyte.
MAX_PLAIN_DIGITS = 60


def format_number(value: Decimal, min_places: int = 0) -> str:
    """The canonical text of an exact value: no exponent, no trailing zeros (1.0274, 10274, 0),
    but at least `min_places` decimals (50.00 万元). Never raises: the text is cut out of the exact
    digits instead of normalising in a 40-digit context, which overflows on Decimal('1e1000000'),
    and values no form can hold (huge, tiny, NaN) come back in scientific notation."""
    value = value if isinstance(value, Decimal) else Decimal(value)
    if not value.is_finite():
        return str(value)
    if value.is_zero():
        return format(Decimal(0), f".{min_places}f") if min_places else "0"
    if abs(value.adjusted()) > MAX_PLAIN_DIGITS:
        return _scientific(value)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return _pad_places(text, min_places)


def _scientific(value: Decimal) -> str:
    mantissa, _, exponent = format(value, "E").partition("E")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E{exponent}"


def _pad_places(text: str, places: int) -> str:
    whole, _, fraction = text.partition(".")
    fraction = fraction.ljust(places, "0")
    return f"{whole}.{fraction}" if fraction else whole


def round_half_up(value: Decimal, places: int) -> Decimal:
    try:
        return value.quantize(Decimal(1).scaleb(-places), context=DECIMAL_CONTEXT)
    except InvalidOperation:  # pragma: no cover - bounded inputs never get here
        return value


def format_fixed(value: Decimal, places: int) -> str:
    """A value with exactly `places` decimals, rounded half up (percentages: 102.74, 100.00).
    A value no form can hold is shown as format_number shows it, rather than raising."""
    if not value.is_finite() or (not value.is_zero() and abs(value.adjusted()) > MAX_PLAIN_DIGITS):
        return format_number(value)
    return format(round_half_up(value, places), "f")


def format_grouped(value: Decimal) -> str:
    """Canonical text with thousands separators, as Excel shows it (10,274)."""
    text = format_number(value)
    if not text.lstrip("-").replace(".", "").isdigit():  # NaN, or an exponent: nothing to group
        return text
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}"
    return sign + grouped + ("." + fraction if fraction else "")
