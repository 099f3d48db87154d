"""JSON numbers of a save file that the program's exact arithmetic cannot hold.

A save file written by this program stores numbers as strings; a JSON number comes from another
program or a hand edit, and is read exactly as `Decimal`. Some such numbers cannot be: `1e1000000`
overflows the arithmetic's exponent range (decimal.Overflow as soon as it is printed), `1e-2000000`
underflows it (silently 0), and a number with more significant digits than the arithmetic keeps is
silently rounded. Such a file is refused on loading, with the cell named, instead of crashing the
program or changing the clerk's figure: no real form holds such a number."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core.cells import CellRef, describe
from hbaccept_gui.core.definition import Definition, IndicatorTable
from hbaccept_gui.core.numbers import DECIMAL_CONTEXT

#: Significant digits the arithmetic keeps (numbers.DECIMAL_CONTEXT).
MAX_DIGITS = DECIMAL_CONTEXT.prec
#: The largest decimal exponent accepted either way: 1e100 and 1e-100 load (and are then refused
#: by the cell's own rules, as typed text would be); 1e101 and 1e-101 refuse the file.
MAX_EXPONENT = 100
SHOWN_CHARS = 30


def representable(value: Decimal) -> bool:
    """Whether `value` is held exactly: at most MAX_DIGITS significant digits and a magnitude
    within 10^±MAX_EXPONENT. Integer arithmetic on the digits only: no decimal context, so it
    cannot overflow itself."""
    if not value.is_finite():
        return False
    if value.is_zero():
        return True
    _sign, digits, exponent = value.as_tuple()
    significant = len("".join(map(str, digits)).rstrip("0"))
    adjusted = exponent + len(digits) - 1
    return significant <= MAX_DIGITS and -MAX_EXPONENT <= adjusted <= MAX_EXPONENT


def find_unrepresentable(data: object) -> tuple[tuple, Decimal] | None:
    """The path (keys and indexes) and value of the first JSON number in `data` that is not
    `representable`, in document order; None if there is none."""
    stack: list[tuple[tuple, object]] = [((), data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, Decimal):
            if not representable(item):
                return path, item
        elif isinstance(item, dict):
            stack.extend((path + (key,), value) for key, value in reversed(list(item.items())))
        elif isinstance(item, list):
            stack.extend((path + (index,), value) for index, value in reversed(list(enumerate(item))))
    return None


def shown_number(value: Decimal) -> str:
    """The number as the file wrote it, cut to a readable length."""
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def location(definition: Definition, path: tuple) -> str:
    """Where `path` (inside `document`) is on the paper forms (附件1 下达任务量「…」), or the JSON
    path where the forms have no such cell."""
    try:
        ref_path, prefix = (path[2:], f"汇总来源第{path[1] + 1}个单位的") if path[:1] == ("merged_from",) else (path, "")
        ref = _ref(definition, ref_path)
        if ref is not None:
            return prefix + describe(definition, ref).location
    except (KeyError, IndexError, StopIteration, TypeError, ValueError, AttributeError):
        pass
    return "“document/" + "/".join(str(part) for part in path) + "”处"


def _ref(definition: Definition, path: tuple) -> CellRef | None:
    match path:
        case ("header", column):
            return CellRef("header", (), column)
        case ("assigned" | "completed" as row, indicator):
            return CellRef(_indicator_table(definition, indicator), (row,), indicator)
        case ("details", task, int(index), "items", int(item), "count"):
            return CellRef(definition.task(task)[0].id, (task, index, item), "count")
        case ("details", task, int(index), column):
            table = definition.task(task)[0]
            table.column(column)  # a column the definition does not know: named by its path
            return CellRef(table.id, (task, index), column)
        case ("funding", programme, "budget" | "executed" as column):
            return CellRef(definition.performance.id, ("funding", programme), column)
        case ("performance", indicator, "achieved"):
            return CellRef(definition.performance.id, ("perf", indicator), "achieved")
    return None


def _indicator_table(definition: Definition, indicator: str) -> str:
    return next(t.id for t in definition.tables_of(IndicatorTable) if any(i.id == indicator for i in t.indicators))
