"""Column headings broken by the header itself (sheet_view.heading_lines): Qt's word wrap left one
character alone on a heading's last line (附件2's 「年度承担任务指标／量」, 附件3's 「建设或优化艺术普及
数字资源时／长」), which the printed exports already refuse. Checked on every heading of every table
view at the two window sizes of the QA sessions, on the text the style is handed to paint."""

from __future__ import annotations

import pytest

from hbaccept_gui.ui.qt import QFontMetrics, QFontMetricsF, QRect, QStyle, QStyleOptionHeader, Qt
from hbaccept_gui.ui.sheet_view import HEADING_ALIGNMENT, NO_LINE_START, heading_lines

from test_qa_small_window import laid_out, table_views, tooltip_of

SIZES = [(1366, 768), (1024, 700)]


def painted_lines(header, section: int) -> list[str]:
    """The lines the style paints the heading of `section` in (QHeaderView.paintSection's option)."""
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    header.initStyleOptionForIndex(option, section)
    return option.text.split("\n")


def label_width(header, section: int) -> int:
    margin = header.style().pixelMetric(QStyle.PM_HeaderMargin, None, header)
    return header.sectionSize(section) - 2 * margin


def line_problems(header, section: int) -> list[str]:
    """What is wrong with the painted lines of one heading, in words for the failure message."""
    text = header.heading(section)
    lines = painted_lines(header, section)
    metrics = QFontMetricsF(header.font())
    room = label_width(header, section)
    problems = []
    if "".join(lines) != text.replace("\n", ""):
        problems.append(f"lines {lines} do not make 「{text}」")
    if not paragraph_ends(text) <= paragraph_ends("\n".join(lines)):
        problems.append(f"a line break of 「{text}」 (the unit on its own line) is lost in {lines}")
    if len(text.replace("\n", "")) > 1:
        problems += [f"「{line}」 alone on a line of 「{text}」" for line in lines if len(line) == 1]
    problems += [f"「{line}」 starts with a closing mark" for line in lines[1:] if line[:1] in NO_LINE_START]
    problems += [f"「{line}」 is {metrics.horizontalAdvance(line):.1f} px wide in a {room} px section"
                 for line in lines if metrics.horizontalAdvance(line) > room]
    return problems


def paragraph_ends(text: str) -> set[int]:
    """Where, in `text` without its line breaks, its lines end."""
    ends, position = set(), 0
    for line in text.split("\n"):
        position += len(line)
        ends.add(position)
    return ends


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_heading_leaves_a_character_alone_and_every_line_fits(qtbot, open_window, size):
    window = open_window(demo=True)
    laid_out(qtbot, window, *size)
    problems, seen = [], 0
    for page_id, view in table_views(qtbot, window):
        header = view.horizontalHeader()
        for section in range(header.count()):
            if header.isSectionHidden(section) or not header.heading(section):
                continue
            seen += 1
            problems += [f"{page_id} column {section}: {p}" for p in line_problems(header, section)]
    assert seen > 30, "every annex's table views were looked at"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_style_paints_the_lines_as_broken_and_the_header_has_room_for_them(qtbot, open_window, size):
    """The word wrap kept as a safety net breaks none of the lines again, and the header is as tall
    as the lines need (below 附件3's group band)."""
    window = open_window(demo=True)
    laid_out(qtbot, window, *size)
    for page_id, view in table_views(qtbot, window):
        header = view.horizontalHeader()
        metrics = QFontMetrics(header.font())
        for section in range(header.count()):
            text = "\n".join(painted_lines(header, section))
            if header.isSectionHidden(section) or not text:
                continue
            room = QRect(0, 0, label_width(header, section), 10000)
            wrapped = metrics.boundingRect(room, int(HEADING_ALIGNMENT), text).height()
            assert wrapped == metrics.boundingRect(room, int(Qt.AlignCenter), text).height(), (
                f"{page_id}: Qt breaks 「{text}」 again")
            band = header.band_height() if getattr(header, "groups", None) and header._group(section) else 0
            assert wrapped <= header.height() - band, f"{page_id}: 「{text}」 is cut off"


def test_the_reported_headings_break_without_a_lone_character(qtbot, open_window):
    window = open_window(demo=True)
    laid_out(qtbot, window, 1366, 768)
    views = dict((page_id, view) for page_id, view in table_views(qtbot, window) if page_id in ("annex2", "annex3"))
    annex2 = views["annex2"].horizontalHeader()
    column = next(s for s in range(annex2.count()) if annex2.heading(s) == "年度承担任务指标量")
    lines = painted_lines(annex2, column)
    assert len(lines) == 2 and "量" not in lines and "".join(lines) == "年度承担任务指标量"
    assert "年度承担任务指标量" in tooltip_of(qtbot, annex2, column)
    annex3 = views["annex3"].horizontalHeader()
    column = next(s for s in range(annex3.count()) if annex3.heading(s).startswith("建设或优化"))
    lines = painted_lines(annex3, column)
    assert "长" not in lines and lines[-1] == "（小时）"
    assert "建设或优化艺术普及数字资源时长（小时）" in tooltip_of(qtbot, annex3, column)


# ---------------------------------------------------------------- the rule, with a made-up font


def em(text: str) -> float:
    """A font 10 px a Chinese character, 5 px a digit or letter."""
    return sum(5.0 if ch.isascii() else 10.0 for ch in text)


def test_a_heading_that_fits_stays_on_one_line():
    assert heading_lines("年度承担任务指标量", 90, em) == ["年度承担任务指标量"]
    assert heading_lines("执行率（B/A）", 200, em) == ["执行率（B/A）"]


def test_a_heading_that_would_leave_one_character_balances_its_lines():
    assert heading_lines("年度承担任务指标量", 80, em) == ["年度承担任", "务指标量"]
    assert heading_lines("建设或优化艺术普及数字资源时长\n（小时）", 70, em) == [
        "建设或优化", "艺术普及数", "字资源时长", "（小时）"]


def test_the_unit_keeps_its_line_and_no_line_starts_with_a_closing_bracket():
    assert heading_lines("培训人员数量\n（人次）", 50, em) == ["培训人", "员数量", "（人次）"]
    lines = heading_lines("全年预算数（万元）", 60, em)
    assert all(line[0] not in "）" for line in lines) and "".join(lines) == "全年预算数（万元）"
    assert not any(line.endswith("（") for line in lines)


def test_a_closing_bracket_does_not_leave_one_character_with_it():
    lines = heading_lines("数字资源时长）", 60, em)
    assert "长）" not in lines and "".join(lines) == "数字资源时长）"


def test_a_column_too_narrow_for_the_rule_still_shows_every_character():
    assert heading_lines("题名", 10, em) == ["题", "名"]
    lines = heading_lines("执行率（B/A）", 20, em)
    assert "".join(lines) == "执行率（B/A）" and not any(line[0] == "）" or line[-1] == "（" for line in lines)
    assert heading_lines("（A）", 10, em) == ["（A）"], "too wide, but no line may break it: it runs over, as in Qt"
    assert "".join(heading_lines("基础数字资源项目建设数量", 15, em)) == "基础数字资源项目建设数量"
