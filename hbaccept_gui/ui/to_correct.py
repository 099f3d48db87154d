"""The cells a paste kept as pasted because they are not valid numbers or dates: what the banner
above the tabs asks the clerk to correct, for as long as any of them still needs it."""

from __future__ import annotations

from dataclasses import dataclass

from hbaccept_gui.core.cells import describe, get_value
from hbaccept_gui.core.edits import SetValue


@dataclass(frozen=True)
class CellsToCorrect:
    kept: tuple[SetValue, ...]  # the paste's edits that stored an Unparsed value

    def __bool__(self) -> bool:
        return bool(self.kept)

    def left_in(self, document) -> CellsToCorrect:
        """Those still holding what the paste left there: a cell typed over, a paste undone, a
        row deleted (its cell gone, or another row's in its place) needs nothing more."""
        return CellsToCorrect(tuple(k for k in self.kept if _holds(document, k)))

    def message(self, definition) -> str:
        """「粘贴完成，有 3 个单元格需要修改…」, naming the first."""
        first = self.kept[0]
        where = describe(definition, first.ref).location
        return (f"粘贴完成，有 {len(self.kept)} 个单元格需要修改：内容不是有效的数字或日期，已按原样保留并标为红色"
                f"（第一个：{where}，{first.new.reason}）。“审核结果”中逐个列出。")


def _holds(document, kept: SetValue) -> bool:
    try:
        return get_value(document, kept.ref) == kept.new
    except (LookupError, AttributeError, TypeError):  # the row is gone
        return False
