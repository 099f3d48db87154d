"""The `hbaccept` command: the same core pipeline as the window, for batch use and for tests.

Exit codes of `validate`: 0 clean, 1 the content has errors, 2 the file cannot be read. Every
message is Chinese; stdout is made safe for consoles that cannot show every character."""

from __future__ import annotations

import argparse
import gc
import json
import sys
from contextlib import contextmanager
from pathlib import Path

from hbaccept_gui import APP_NAME, __version__, cli_carry, cli_merge, cli_scans, cli_zh
from hbaccept_gui.cli_common import EXIT_CONTENT_ERRORS, EXIT_OK, EXIT_UNREADABLE, print_error, taken
from hbaccept_gui.core.cells import describe
from hbaccept_gui.core.draft import plan_draft
from hbaccept_gui.core.errors import DefinitionError, StorageError
from hbaccept_gui.core.findings import has_errors
from hbaccept_gui.core.participation import programme_names, taking_part
from hbaccept_gui.core.pipeline import Evaluation, evaluate_file, load_demo
from hbaccept_gui.core.storage import FILE_SUFFIX, save_document



COMMANDS = ("demo", "validate", "show", "export", "draft", "merge", "carry", "scans")
GUI_USAGE = ("不带命令时打开程序窗口：\n"
             "  hbaccept            打开上次的文档（没有则新建）\n"
             "  hbaccept 文件        打开指定的保存文件\n"
             "  hbaccept --demo     打开内置的保定市图书馆示例\n"
             "  hbaccept --selftest 检查本程序是否完整可用（自检），报告同时保存为文件")


def build_parser() -> argparse.ArgumentParser:
    cli_zh.install()
    parser = argparse.ArgumentParser(
        prog="hbaccept",
        description=f"{APP_NAME}：填写、审核并导出智慧图书馆和公共文化云项目的验收材料。",
        epilog=GUI_USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="{" + ",".join(COMMANDS) + "}")

    demo = commands.add_parser("demo", help="写出内置的保定市图书馆示例文档", description="写出内置的保定市图书馆示例文档。")
    demo.add_argument("--out", required=True, metavar="文件", help=f"保存到哪个文件（建议扩展名 {FILE_SUFFIX}）")
    demo.add_argument("--force", action="store_true", help="文件已存在时覆盖（旧文件保留为 .bak）")

    validate = commands.add_parser("validate", help="审核文档：列出计算结果和发现的问题",
                                   description="读取文档，重新计算所有合计和完成率，列出发现的问题。"
                                               "退出码：0 没有错误，1 内容有错误，2 文件无法读取。")
    validate.add_argument("file", metavar="文件", help="要审核的保存文件")
    validate.add_argument("--json", action="store_true", help="以 JSON 输出（供其他程序读取）")

    export = commands.add_parser("export", help="一键导出：Word、PDF、Excel、zip 和邮件草稿",
                                 description="把文档导出为可盖章打印的 Word 和 PDF、Excel 工作簿，并打包为 zip、"
                                             "生成发往省厅邮箱的邮件草稿（.eml）。已有的导出不会被覆盖。")
    export.add_argument("file", metavar="文件", help="要导出的保存文件")
    export.add_argument("--out", required=True, metavar="文件夹", help="导出到哪个文件夹（其中会新建一个子文件夹）")
    export.add_argument("--format", default="docx,pdf,xlsx", metavar="格式",
                        help="要导出的格式，用逗号分隔（docx,pdf,xlsx），默认全部")

    draft = commands.add_parser("draft", help="生成初稿：根据表格写出两份总结报告的初稿",
                                description="根据表格数据写出两份总结报告的初稿（表格中的数字以引用方式写入，随表格自动更新），"
                                            "并保存回原文件（旧文件保留为 .bak）。已经填写的部分默认保留不动。")
    draft.add_argument("file", metavar="文件", help="要写初稿的保存文件")
    draft.add_argument("--force", action="store_true", help="已填写的部分也用初稿覆盖")

    show = commands.add_parser("show", help="在终端中显示文档的各张表", description="在终端中按纸质表格的顺序显示文档。")
    show.add_argument("file", metavar="文件", help="要显示的保存文件")
    cli_merge.add_parser(commands)
    cli_carry.add_parser(commands)
    cli_scans.add_parser(commands)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    cli_zh.install()
    parser = argparse.ArgumentParser(prog="hbaccept", description=GUI_USAGE,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", metavar="文件", help="要打开的保存文件")
    parser.add_argument("--demo", action="store_true", help="打开内置的保定市图书馆示例")
    parser.add_argument("--selftest", action="store_true", help="自检：加载、计算、导出并检查字体和翻译，有失败时退出码为 1")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = bool(argv[:1]) and (argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"))
    _make_output_safe(attach_console=command)
    if command:
        with _without_cycle_collection():
            return _run_command(argv)
    args = build_gui_parser().parse_args(argv)
    if args.selftest:
        from hbaccept_gui.selftest import run_selftest

        return run_selftest()
    from hbaccept_gui.ui.app import run_gui  # Qt is loaded only when a window is wanted

    return run_gui(args.file, args.demo)


def _run_command(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"demo": _demo, "validate": _validate, "show": _show, "export": _export, "draft": _draft,
                "merge": cli_merge.run, "carry": cli_carry.run, "scans": cli_scans.run}
    try:
        return handlers[args.command](args)
    except DefinitionError as error:  # the shipped forms are broken: say so, no traceback
        print_error(error.user_message)
        return EXIT_UNREADABLE


@contextmanager
def _without_cycle_collection():
    """A command is one short task in a process that then ends: Python's cyclic garbage collector,
    which walks every object the imports of reportlab, openpyxl and python-docx made each time it
    runs, costs about a tenth of a cold `hbaccept export`'s CPU and frees little (reference counting
    frees nearly everything). Off while a command runs (a 2,000-work export peaks 23 MB higher,
    170 MB); on again after, for callers in a longer-lived process (tests, the self-test). The
    window never runs through here."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _make_output_safe(attach_console: bool = False) -> None:
    """Chinese output whatever the console's code page, and never a traceback for a character a
    stream cannot take (玊 in GBK). On Windows a console is written through the wide-character
    console API (Python's console I/O, WriteConsoleW), so chcp 437 or 936 does not matter; the
    windowed exe has no console of its own, so a command started from one writes to that one
    (attach_console). Output redirected to a file or a pipe is UTF-8 there: the exe ignores
    PYTHONIOENCODING, and the ANSI code page of a non-Chinese Windows (cp1252) would write "?"."""
    if sys.platform == "win32" and attach_console and sys.stdout is None and sys.stderr is None:
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
            sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
            sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        if not hasattr(stream, "reconfigure"):
            continue
        console = type(getattr(getattr(stream, "buffer", None), "raw", None)).__name__ == "_WindowsConsoleIO"
        if sys.platform == "win32" and not console:
            stream.reconfigure(encoding="utf-8", errors="replace")
        else:
            stream.reconfigure(errors="replace")



def _note_fault(what: str, error: BaseException) -> None:
    from hbaccept_gui.crash_log import note_fault
    from hbaccept_gui.ui.settings import crash_dir  # no Qt: the data folder's path only

    log = note_fault(crash_dir(), what, error)
    if log is not None:
        print(f"错误详情已保存到：{log}（请发给技术支持）", file=sys.stderr)


def _demo(args: argparse.Namespace) -> int:
    target = Path(args.out)
    if taken(target, args.force):
        return EXIT_UNREADABLE
    try:
        _definition, document = load_demo()
        save_document(document, target)
    except StorageError as error:
        print_error(error.message)
        return EXIT_UNREADABLE
    print(f"已写出示例文档：{target}")
    return EXIT_OK


def _load(path: str) -> Evaluation | None:
    try:
        return evaluate_file(path)
    except StorageError as error:
        print_error(error.message)
        return None


def _validate(args: argparse.Namespace) -> int:
    evaluation = _load(args.file)
    if evaluation is None:
        if args.json:
            print(json.dumps({"file": args.file, "readable": False}, ensure_ascii=False))
        return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(validation_json(args.file, evaluation), ensure_ascii=False, indent=1))
    else:
        print(validation_text(args.file, evaluation))
    return EXIT_CONTENT_ERRORS if has_errors(evaluation.findings) else EXIT_OK


def validation_json(file: str, evaluation: Evaluation) -> dict:
    return {
        "file": file,
        "readable": True,
        "definition": evaluation.definition.id,
        "programmes": list(taking_part(evaluation.definition, evaluation.document)),
        "clean": evaluation.clean,
        "derived": {
            key: {"label": d.label, "value": d.text or None, "unit": d.unit, "formula": d.formula}
            for key, d in evaluation.results.items()
        },
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "severity_label": f.severity_label,
                "table": f.ref.table,
                "row": list(f.ref.row),
                "column": f.ref.column,
                "message": f.message,
            }
            for f in evaluation.findings
        ],
    }


def validation_text(file: str, evaluation: Evaluation) -> str:
    definition = evaluation.definition
    lines = [f"文件：{file}", f"表格定义：{definition.title}",
             f"参与项目：{programme_names(definition, evaluation.document.programmes, '、')}", "", "计算结果："]
    for derived in evaluation.results.values():
        lines.append(f"  {derived.label} = {derived.text_with_unit}    〔{derived.formula}〕")
    errors = sum(f.severity == "error" for f in evaluation.findings)
    warnings = len(evaluation.findings) - errors
    lines.append("")
    if not evaluation.findings:
        lines.append("审核结果：没有发现问题。")
    else:
        lines.append(f"审核结果：{errors} 个错误，{warnings} 个提示。")
        lines += [f"  [{f.severity_label}] {f.rule} {f.message}" for f in evaluation.findings]
    return "\n".join(lines)


def _export(args: argparse.Namespace) -> int:
    """一键导出. A failure of any kind is said in Chinese (ExportError: the cause, and that nothing
    half-written was left), never as a traceback."""
    from hbaccept_gui.exporters.bundle import FORMATS, ExportError, export_all

    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        print_error(f"不认识的格式：{'、'.join(unknown) or '（空）'}。可选：{','.join(FORMATS)}")
        return EXIT_UNREADABLE
    evaluation = _load(args.file)
    if evaluation is None:
        return EXIT_UNREADABLE
    try:
        result = export_all(evaluation, Path(args.out), formats=formats,
                            progress=lambda n, total, message: print(f"[{n}/{total}] {message}"))
    except ExportError as error:
        print_error(error.message)
        if error.internal:  # a fault of the program: its trace for support, as the window keeps it
            _note_fault("hbaccept export", error)
        return EXIT_UNREADABLE
    for warning in result.warnings:
        print(f"注意：{warning}")
    if result.draft:
        print("注意：文档中还有错误，PDF 已加“草稿”水印。请先运行 hbaccept validate 查看并改正。")
    print(f"已导出 {len(result.files)} 个文件到：{result.folder}")
    print(f"压缩包：{result.archive}")
    print(f"邮件草稿：{result.email}")
    return EXIT_OK


def _draft(args: argparse.Namespace) -> int:
    evaluation = _load(args.file)
    if evaluation is None:
        return EXIT_UNREADABLE
    definition, document = evaluation.definition, evaluation.document
    plan = plan_draft(definition, document, evaluation.results, overwrite=args.force)
    for edit in plan.edits:
        edit.apply(document)
    if plan.edits:
        try:
            save_document(document, Path(args.file))
        except StorageError as error:
            print_error(error.message)
            return EXIT_UNREADABLE
    for edit in plan.edits:
        print(f"已写初稿：{describe(definition, edit.ref).location}")
    for ref in plan.kept:
        print(f"已保留（已有内容）：{describe(definition, ref).location}")
    if plan.kept:
        print("如要用初稿覆盖已填写的部分，请加 --force（旧文件会保留为 .bak）。")
    if not plan.edits and not plan.kept:
        print("初稿与现有内容相同，文件未改动。")
    return EXIT_OK


def _show(args: argparse.Namespace) -> int:
    from hbaccept_gui.cli_show import render

    evaluation = _load(args.file)
    if evaluation is None:
        return EXIT_UNREADABLE
    print(render(evaluation))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
