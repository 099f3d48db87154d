"""`hbaccept scans`: stamped scans back in, on the command line, over the same functions as the
window's 导入盖章扫描件… dialog: read every page's code, list per document what is there, missing,
doubled, foreign, printed before the figures changed or not stamped, and write the stamped PDF of
every complete document. The exported PDFs themselves, given by mistake instead of the scans, are
refused as the window refuses them (an 错误, exit code 1, nothing stamped written from them).

Exit codes: 0 every document complete; 1 something missing or wrong (an 错误 in the list);
2 the save file or a scan cannot be read, or the stamped files cannot be written. The scan
libraries are imported only when the command runs, so the other verbs stay quick."""

from __future__ import annotations

import argparse
from pathlib import Path

from hbaccept_gui.cli_common import EXIT_CONTENT_ERRORS, EXIT_OK, EXIT_UNREADABLE, print_error

DEFAULT_LIMIT_MB = 20


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "scans", help="导入盖章扫描件：按页码二维码整理、检查并合成盖章版 PDF",
        description="读取盖章后扫描或拍照的页面（扫描仪 PDF、JPEG/PNG 照片、多页 TIFF，顺序不限），"
                    "按每页的页码二维码归入各份文件，列出缺页、重复页、其他单位或年度的页、打印后数据已修改的页、"
                    "未识别页码的页和未见红色公章的页，并为齐全的文件写出“<文件名>（盖章版）.pdf”。"
                    "导出的 PDF 文件本身（未打印、未盖章）不是扫描件，不计入。"
                    "退出码：0 全部齐全，1 有缺失或错误，2 有文件无法读取或无法写出。")
    parser.add_argument("file", metavar="文件", help="保存文件（扫描件须与它当前的内容一致）")
    parser.add_argument("scans", nargs="+", metavar="扫描件", help="扫描或拍照得到的文件")
    parser.add_argument("--out", required=True, metavar="文件夹", help="盖章版 PDF 写到哪个文件夹")
    parser.add_argument("--limit-mb", type=float, default=DEFAULT_LIMIT_MB, metavar="MB",
                        help=f"盖章版 PDF 合计不超过多少 MB（默认 {DEFAULT_LIMIT_MB}，邮箱附件的常见上限）")



def run(args: argparse.Namespace) -> int:
    from hbaccept_gui.core.errors import StorageError
    from hbaccept_gui.core.pipeline import evaluate_file
    from hbaccept_gui.exporters.layout import build_export_set
    from hbaccept_gui.scans import check_scans, write_stamped
    from hbaccept_gui.scans.assemble import TooLarge

    out = Path(args.out)
    if not out.is_dir():
        print_error(f"文件夹“{out}”不存在。")
        return EXIT_UNREADABLE
    try:
        evaluation = evaluate_file(args.file)
    except StorageError as error:
        print_error(error.message)
        return EXIT_UNREADABLE
    result = check_scans(build_export_set(evaluation), [Path(p) for p in args.scans])
    for problem in result.unreadable:
        print_error(problem.message)
    print(f"共读取 {len(result.pages)} 页。")
    for line in result.lines()[: len(result.documents)]:
        print(line)
    for finding in result.findings:
        print(f"{finding.severity}：{finding.message}")
    if any(doc.complete for doc in result.documents):
        try:
            written = write_stamped(result, out, limit=int(args.limit_mb * 1024 * 1024))
        except (TooLarge, StorageError) as error:
            print_error(error.message)
            return EXIT_UNREADABLE
        print(f"已写出 {len(written.paths)} 份盖章版 PDF（合计 {written.total_bytes / 1048576:.1f} MB）到：{out}")
        for path in written.paths:
            print(f"  {path.name}")
    else:
        print("没有齐全的文件，未写出盖章版 PDF。")
    return result.exit_code
