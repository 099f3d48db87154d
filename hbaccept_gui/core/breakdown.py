"""Who contributed what to a merged (汇总) document, as lines to show or print.

Each line pairs a target with what was done: 下达任务量 and 实际完成任务量 for an indicator of
附件1/附件3, 全年预算数 and 全年执行数 for a programme of 附件5. The window, the CLI and the
exported 汇总附表 all read these lines, so they list the same figures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from hbaccept_gui.core.definition import Definition, IndicatorTable, one_line
from hbaccept_gui.core.document import Document, SourceUnit


@dataclass(frozen=True)
class ShareLine:
    table: str  # 附件1
    label: str  # 基础数字资源项目建设数量（万筒子叶）
    planned: Decimal | None  # 下达任务量, or 全年预算数（A）
    done: Decimal | None  # 实际完成任务量, or 全年执行数（B）
    shown_places: int = 0  # decimals always shown (money in 万元: 2)


@dataclass(frozen=True)
class UnitShare:
    unit: str
    file: str
    rows: int
    lines: tuple[ShareLine, ...]


def _numbers(*values) -> tuple[Decimal | None, ...]:
    return tuple(v if isinstance(v, Decimal) else None for v in values)


def _all_lines(definition: Definition, share: SourceUnit) -> list[ShareLine]:
    lines = []
    for table in definition.tables_of(IndicatorTable):
        for indicator in table.indicators:
            planned, done = _numbers(share.assigned.get(indicator.id), share.completed.get(indicator.id))
            lines.append(ShareLine(f"附件{table.number}", one_line(indicator.label), planned, done))
            for unit in indicator.alternative_units:  # TB beside 小时, on a line of its own: never added
                _none, other = _numbers(None, share.completed.get(f"{indicator.id}.{unit}"))
                lines.append(ShareLine(f"附件{table.number}", f"{indicator.name}（{unit}）", None, other))
    performance = definition.performance
    for row in performance.funding:
        funding = share.funding.get(row.programme)
        planned, done = _numbers(funding.budget, funding.executed) if funding else (None, None)
        lines.append(ShareLine(f"附件{performance.number}", f"{row.label}资金（{performance.amount_unit}）", planned, done,
                               performance.amount_shown_places))
    return lines


def _has_figures(line: ShareLine) -> bool:
    return line.planned is not None or line.done is not None


def unit_shares(definition: Definition, doc: Document) -> list[UnitShare]:
    """Every unit of `doc.merged_from`, with the lines it has figures for."""
    return [UnitShare(s.unit, s.file, s.rows, tuple(filter(_has_figures, _all_lines(definition, s))))
            for s in doc.merged_from]


def total_lines(definition: Definition, doc: Document) -> list[ShareLine]:
    """The sums over the units, line by line: the merged tables held the same when they were made."""
    per_unit = [_all_lines(definition, s) for s in doc.merged_from]
    if not per_unit:
        return []
    totals = []
    for column in zip(*per_unit):
        planned = [line.planned for line in column if line.planned is not None]
        done = [line.done for line in column if line.done is not None]
        totals.append(replace(column[0], planned=sum(planned, Decimal(0)) if planned else None,
                              done=sum(done, Decimal(0)) if done else None))
    return list(filter(_has_figures, totals))
