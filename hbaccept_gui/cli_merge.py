"""`hbaccept merge`: 汇总 on the command line, over the same core functions as the window.

Exit codes: 0 merged and saved; 1 the files cannot be merged as they are (another year, the same
unit twice, audit errors, a sum too big); 2 a file cannot be read (unless --skip-unreadable) or
the merged file cannot be written."""

from __future__ import annotations

import argparse
from pathlib import Path

from hbaccept_gui.cli_common import EXIT_CONTENT_ERRORS, EXIT_OK, EXIT_UNREADABLE, print_error, taken
from hbaccept_gui.cli_show import table_lines
from hbaccept_gui.core.breakdown import total_lines, unit_shares
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.merge import MergeProblem, MergeResult, merge, read_sources
from hbaccept_gui.core.numbers import format_number
from hbaccept_gui.core.storage import FILE_SUFFIX, save_document



def add_parser(commands) -> None:
    parser = commands.add_parser(
        "merge", help="汇总：把各单位的保存文件合成一份市级或省级文件",
        description="读取各单位的保存文件：下达任务量、年度资金相加，明细表各行依次排列并注明来源单位，"
                    "重新计算全部合计和完成率，并记录各单位的数据（导出时附“汇总附表”）。"
                    "年度不同、同一单位重复或审核有错误的文件不能汇总。"
                    "退出码：0 已汇总，1 文件有问题未汇总，2 有文件无法读取或汇总文件无法保存。")
    parser.add_argument("files", nargs="+", metavar="文件", help="各单位的保存文件")
    parser.add_argument("--out", required=True, metavar="文件", help=f"汇总文件保存到哪里（建议扩展名 {FILE_SUFFIX}）")
    parser.add_argument("--unit", default="", metavar="单位名称", help="汇总文件的单位名称，如“石家庄市文化广电和旅游局”")
    parser.add_argument("--skip-unreadable", action="store_true", help="跳过无法读取的文件，只汇总其余文件")
    parser.add_argument("--force", action="store_true", help="汇总文件已存在时覆盖（旧文件保留为 .bak）")



def _print_problem(problem: MergeProblem) -> None:
    print(f"{'错误' if problem.blocking else '提示'}：{problem.message}")
    for detail in problem.details:
        print(f"    {detail}")


def run(args: argparse.Namespace) -> int:
    target = Path(args.out)
    if taken(target, args.force):
        return EXIT_UNREADABLE
    sources, unreadable = read_sources(args.files)
    for problem in unreadable:
        print_error(problem.message)
    if unreadable and not args.skip_unreadable:
        print_error(f"有 {len(unreadable)} 个文件无法读取，没有汇总。如要跳过它们、只汇总其余文件，请加 --skip-unreadable。")
        return EXIT_UNREADABLE
    result = merge(sources, args.unit)
    for problem in result.problems:
        _print_problem(problem)
    if not result.ok:
        print("以上文件有问题，没有写出汇总文件。请处理后重新汇总。")
        return EXIT_CONTENT_ERRORS
    try:
        save_document(result.document, target)
    except StorageError as error:
        print_error(error.message)
        return EXIT_UNREADABLE
    print(summary(result, target))
    return EXIT_OK


def _figure(value, places: int) -> str:
    """A summed figure as the 汇总附表 prints it (money with its two decimals)."""
    return "" if value is None else format_number(value, places)


def summary(result: MergeResult, target: Path) -> str:
    """Which units went in, and the sums, as the 汇总附表 lists them."""
    definition, doc = result.definition, result.document
    shares = unit_shares(definition, doc)
    units = [["序号", "单位名称", "来源文件", "明细行数"]]
    units += [[str(n), s.unit, s.file, str(s.rows)] for n, s in enumerate(shares, 1)]
    totals = [["表格", "项目", "下达任务量／全年预算数", "实际完成任务量／全年执行数"]]
    totals += [[line.table, line.label, _figure(line.planned, line.shown_places), _figure(line.done, line.shown_places)]
               for line in total_lines(definition, doc)]
    lines = [f"已汇总 {len(shares)} 个单位的文件到：{target}", "", "各单位："]
    lines += [f"  {line}" for line in table_lines(units)]
    lines += ["", "合计："] + [f"  {line}" for line in table_lines(totals)]
    lines += ["", "各单位的分项数据见导出的“汇总附表”（hbaccept export）。"]
    return "\n".join(lines)
