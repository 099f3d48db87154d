"""The 字符集外字表 as a printable form, rendered by the Word and Excel form writers like the annexes.

One row per place a character occurs; the character's own columns (序号, 字, 码位, the three flags)
span its rows, so the list reads like the notice's detail tables. Whether the export fonts can print
a character is decided here, in the exporter layer, with `exporters.fonts`: the core's list knows
only the character sets. No Qt and no file format here."""

from __future__ import annotations

from decimal import Decimal

from hbaccept_gui.core.charset import RareCharacter
from hbaccept_gui.core.pipeline import Evaluation
from hbaccept_gui.exporters.fonts import has_glyph
from hbaccept_gui.exporters.layout import Cell, FormLayout, Table, _fields, _header_value

TITLE = "字符集外字表"
HEADINGS = ("序号", "字", "码位", "超出GB 2312", "超出GBK", "导出字体缺字", "出现位置", "上下文")
WIDTHS = (0.65, 0.65, 0.8, 1.0, 0.8, 1.1, 3.1, 2.5)  # 字 holds a 20 pt character
CHAR_COLUMN = HEADINGS.index("字")
NOTE = ("说明：本表列出填报内容中超出 GB 2312 字符集的字及其出现位置。“超出GBK”的字在部分旧版软件中可能显示为方框；"
        "“导出字体缺字”的字在导出的 PDF 中无法显示，请造字或另附说明。")


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _rows(number: int, rare: RareCharacter) -> list[tuple[Cell, ...]]:
    span = len(rare.occurrences)
    lead = (Cell(str(number), row_span=span, value=Decimal(number), repeat=True),
            Cell(rare.char, row_span=span, large=True, repeat=True),
            Cell(rare.code_point, row_span=span), Cell(_yes(rare.outside_gb2312), row_span=span),
            Cell(_yes(rare.outside_gbk), row_span=span), Cell(_yes(not has_glyph(rare.char)), row_span=span))
    return [(lead if n == 0 else ()) + (Cell(o.location, align="left"), Cell(o.excerpt, align="left"))
            for n, o in enumerate(rare.occurrences)]


def charset_form(evaluation: Evaluation, rare: list[RareCharacter]) -> FormLayout:
    """「<单位名称> 字符集外字表」: landscape, the heading repeated on every page, the unit's date and
    contact below, as on the annexes."""
    unit = _header_value(evaluation.document, "unit_name").strip()
    body = [row for number, item in enumerate(rare, 1) for row in _rows(number, item)]
    heading = tuple(Cell(text, header=True) for text in HEADINGS)
    return FormLayout(key="charset", file_stem=TITLE, annex_label="", title=f"{unit} {TITLE}".strip(),
                      landscape=True, header_fields=(), table=Table(WIDTHS, (heading,), tuple(body)),
                      notes=(NOTE,), footer_fields=_fields(evaluation, ("date", "contact", "phone")),
                      sheet_name=TITLE)
