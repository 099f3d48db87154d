"""The 指标值 of 附件5 as printed (≥90%, ≥80%, ≥5%, 比上一年度增加, 长期), parsed into something a
rule can compare a 完成量 with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from hbaccept_gui.core.errors import DefinitionError
from hbaccept_gui.core.numbers import normalise

_NUMERIC = re.compile(r"(≥|>=|≤|<=|>|<|=)?\s*(\d+(?:\.\d+)?)\s*(%)?")
_OPERATORS = {">=": "≥", "<=": "≤"}
#: Targets the notice words rather than numbers: comparable only by a person.
QUALITATIVE = {"比上一年度增加": "increase", "长期": "long_term"}


@dataclass(frozen=True)
class Target:
    text: str
    kind: str  # "numeric", "increase" or "long_term"
    op: str = ""
    value: Decimal | None = None
    percent: bool = False

    def is_met(self, achieved: Decimal) -> bool | None:
        """Whether a numeric 完成量 meets the target; None where no number can tell."""
        if self.kind != "numeric" or self.value is None:
            return None
        checks = {
            "≥": achieved >= self.value,
            "≤": achieved <= self.value,
            ">": achieved > self.value,
            "<": achieved < self.value,
            "=": achieved == self.value,
            "": achieved >= self.value,
        }
        return checks[self.op]


def parse_target(text: str) -> Target:
    cleaned = normalise(text)
    if cleaned in QUALITATIVE:
        return Target(text=text, kind=QUALITATIVE[cleaned])
    match = _NUMERIC.fullmatch(cleaned)
    if match is None:
        raise DefinitionError(f"unknown target {text!r}: add it to targets.QUALITATIVE or write it as ≥N%")
    op, number, percent = match.groups()
    op = _OPERATORS.get(op or "", op or "")
    return Target(text=text, kind="numeric", op=op, value=Decimal(number), percent=bool(percent))
