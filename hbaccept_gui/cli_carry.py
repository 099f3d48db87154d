"""`hbaccept carry`: 从上一年度文件新建 on the command line, over the same core function as the window
(core/carry_over.py). Exit codes: 0 written; 2 the file cannot be read, the year is not installed,
or the new file cannot be written."""

from __future__ import annotations

import argparse
from pathlib import Path

from hbaccept_gui.cli_common import EXIT_OK, EXIT_UNREADABLE, print_error, taken
from hbaccept_gui.core.carry_over import carry_over
from hbaccept_gui.core.definition_loader import definitions_by_year, load_definition, years_installed_text
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.storage import FILE_SUFFIX, load_document, save_document



def add_parser(commands) -> None:
    parser = commands.add_parser(
        "carry", help="从上一年度文件新建：带过单位、联系人、承建单位和报告中与当年数字无关的部分",
        description="用上一年度的保存文件新建另一年度的文件：单位名称、联系人、参与的项目、承建单位及其访问地址、"
                    "报告中与当年数字无关的部分带过来；数字、清单、完成情况和材料清单的勾选不带。"
                    "新年度表格中已没有的行会列出来。退出码：0 已新建，2 文件无法读取、没有该年度的表格或无法保存。")
    parser.add_argument("file", metavar="文件", help="上一年度的保存文件")
    parser.add_argument("--year", required=True, type=int, metavar="年度", help="新文件的年度，如 2025")
    parser.add_argument("--out", required=True, metavar="文件", help=f"新文件保存到哪里（建议扩展名 {FILE_SUFFIX}）")
    parser.add_argument("--force", action="store_true", help="新文件已存在时覆盖（旧文件保留为 .bak）")



def run(args: argparse.Namespace) -> int:
    target = Path(args.out)
    if taken(target, args.force):
        return EXIT_UNREADABLE
    years = definitions_by_year()
    if args.year not in years:
        print_error(f"本程序没有{args.year}年度的表格（有：{years_installed_text()}），请安装含有该年度表格的新版本。")
        return EXIT_UNREADABLE
    try:
        old_definition, old = load_document(args.file)
        carried = carry_over(old_definition, old, load_definition(years[args.year]))
        save_document(carried.document, target)
    except StorageError as error:
        print_error(error.message)
        return EXIT_UNREADABLE
    print(f"已从“{Path(args.file).name}”（{old_definition.year}年度）新建“{target.name}”（{args.year}年度）。")
    for line in carried.left_behind:
        print(f"未带过来：{line}")
    for place in carried.old_year_texts:
        print(f"请核对：{place}提到{old_definition.year}年")
    return EXIT_OK
