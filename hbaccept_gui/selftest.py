"""`hbaccept --selftest`: after installing, prove that this copy of the program has everything it
needs, by doing what a clerk does — load the forms and the demo, compute, export every format with
embedded fonts, show Qt in Chinese, render a page for printing — and print a Chinese report.

It runs the real code paths (the pipeline, `export_all`, `make_application`, the print preview's
renderer), so a file the PyInstaller spec forgot fails here, in CI and on the clerk's PC, rather
than in front of a deadline. A windowed Windows build has no console: the report is therefore also
written to `自检报告.txt` in the data folder, and shown in a window when there is nowhere to print."""

from __future__ import annotations

import ctypes
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hbaccept_gui import APP_NAME, __version__
from hbaccept_gui.core.definition_loader import available_definitions, forms_root, load_definition
from hbaccept_gui.core.errors import StorageError
from hbaccept_gui.core.pipeline import Evaluation, evaluate, load_demo
from hbaccept_gui.exporters.bundle import FORMATS, ExportResult, export_all
from hbaccept_gui.resources import APP_ICON, is_frozen, resource_path
from hbaccept_gui.ui.settings import data_dir

REPORT_NAME = "自检报告.txt"
#: The Baoding sample of the notice: 10274 leaves → 1.0274 万筒子叶 (a known answer to check).
DEMO_CHECK = ("annex1.completed.digital_resources", "1.0274")


class CheckFailed(Exception):
    """A check found something wrong; the message is Chinese and goes into the report."""


@dataclass
class Outcome:
    label: str
    ok: bool
    detail: str

    @property
    def line(self) -> str:
        return f"[{'通过' if self.ok else '失败'}] {self.label}：{self.detail}"


class SelfTest:
    """The checks, in the order a clerk's work depends on them; later ones use what earlier found."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.loaded = None
        self.evaluation: Evaluation | None = None
        self.export: ExportResult | None = None
        self.app = None

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("表格定义", self.definitions),
            ("示例文档", self.demo),
            ("计算", self.compute),
            ("导出 Word、PDF、Excel", self.export_files),
            ("PDF 字体嵌入", self.fonts_embedded),
            ("盖章页码", self.page_code),
            ("Qt 中文翻译", self.translations),
            ("程序窗口", self.window),
            ("程序图标", self.icon),
            ("打印预览", self.print_preview),
        ]

    def definitions(self) -> str:
        found = available_definitions()
        if not found:
            raise CheckFailed(f"没有找到任何年度的表格定义（{forms_root()}）")
        years = "、".join(f"{load_definition(i).year} 年度" for i in found)
        return f"{len(found)} 套（{years}），已读取并核对"

    def demo(self) -> str:
        self.loaded = load_demo()
        return f"已读取内置示例（{self.loaded[1].header.get('unit_name')}）"

    def compute(self) -> str:
        self.evaluation = evaluate(*_need(self.loaded, "示例文档"))
        key, expected = DEMO_CHECK
        derived = self.evaluation.results[key]
        if derived.text != expected:
            raise CheckFailed(f"{derived.label} 应为 {expected}，算得 {derived.text}")
        if not self.evaluation.clean:
            raise CheckFailed(f"示例文档审核出 {len(self.evaluation.findings)} 个问题")
        return f"{derived.label} = {derived.text_with_unit}，审核没有错误"

    def export_files(self) -> str:
        self.export = export_all(_need(self.evaluation, "计算"), self.folder)
        counts = {f: sum(p.suffix == f".{f}" and p.stat().st_size > 0 for p in self.export.files) for f in FORMATS}
        absent = [f for f, n in counts.items() if not n]
        extras = [p for p in (self.export.archive, self.export.email) if not (p and p.is_file() and p.stat().st_size)]
        if absent or extras:
            raise CheckFailed(f"没有写出：{'、'.join(absent + [p.name for p in extras if p])}")
        return f"Word {counts['docx']} 个、PDF {counts['pdf']} 个、Excel {counts['xlsx']} 个，以及 zip 和邮件草稿"

    def fonts_embedded(self) -> str:
        pdfs = [p for p in _need(self.export, "导出").files if p.suffix == ".pdf"]
        fonts: dict[str, bool] = {}
        for path in pdfs:
            fonts.update(pdf_fonts(path))
        missing = sorted(name for name, embedded in fonts.items() if not embedded)
        if not fonts or missing:
            raise CheckFailed(f"未嵌入的字体：{'、'.join(missing) or '（PDF 中没有文字）'}")
        return f"{len(pdfs)} 个 PDF 的字体全部嵌入（{'、'.join(sorted(fonts))}）"

    def page_code(self) -> str:
        """The QR page code printed on a PDF page is read back, as 导入盖章扫描件 reads a scan: the
        PDF renderer, the image library and the decoder are all in this installation."""
        import pypdfium2

        from hbaccept_gui.scans.reader import read_page

        pdf = next(p for p in _need(self.export, "导出").files if p.suffix == ".pdf")
        document = pypdfium2.PdfDocument(pdf)
        try:
            image = document[0].render(scale=150 / 72).to_pil()
        finally:
            document.close()
        code = read_page(image).code
        if code is None:
            raise CheckFailed(f"无法读出 {pdf.name} 第一页的页码二维码")
        return f"已读出 {pdf.name} 第一页的页码（第 {code.page}/{code.pages} 页）"

    def translations(self) -> str:
        from hbaccept_gui.ui.app import make_application
        from hbaccept_gui.ui.qt import QCoreApplication

        self.app = make_application([sys.argv[0]])
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        if cancel != "取消":
            raise CheckFailed(f"没有加载 Qt 的中文翻译（“Cancel”显示为“{cancel}”）")
        return "Qt 自带的按钮和对话框显示为中文（Cancel → 取消）"

    def window(self) -> str:
        """The main window on the demo, built but never shown: every GUI module loads. No journal is
        opened and nothing is saved, so the clerk's settings and autosave folder stay untouched."""
        from hbaccept_gui.ui.main_window import MainWindow
        from hbaccept_gui.ui.session import DocumentSession
        from hbaccept_gui.ui.settings import Settings

        _need(self.app, "Qt 中文翻译")
        window = MainWindow(Settings())
        try:
            window.set_session(DocumentSession(*_need(self.loaded, "示例文档")))
            return f"已在示例文档上建立窗口（{window.tabs.count()} 个标签页）"
        finally:
            window.deleteLater()

    def icon(self) -> str:
        sizes = _need(self.app, "Qt 中文翻译").windowIcon().availableSizes()
        if not sizes:
            raise CheckFailed(f"无法读取程序图标 {resource_path(*APP_ICON)}（文件或 Qt 图像格式插件缺失）")
        return f"{len(sizes)} 种尺寸，最大 {max(s.width() for s in sizes)} 像素"

    def print_preview(self) -> str:
        from hbaccept_gui.ui.print_preview import page_images

        _need(self.app, "Qt 中文翻译")
        pdf = next(p for p in _need(self.export, "导出").files if p.suffix == ".pdf")
        image, _landscape = next(page_images([pdf], dpi=50))
        if image.isNull():
            raise CheckFailed(f"无法绘制 {pdf.name} 的第一页")
        return f"已绘制 {pdf.name} 的第一页（{image.width()}×{image.height()}）"


def _need(value, step: str):
    if value is None:
        raise CheckFailed(f"需要先通过“{step}”")
    return value


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Font name → embedded?, for every font that draws text in the PDF (as a printer sees it)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    fonts = {}
    document = pdfium.PdfDocument(str(path))
    try:
        for page in document:
            for text in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
                font = raw.FPDFTextObj_GetFont(text.raw)
                size = raw.FPDFFont_GetBaseFontName(font, None, 0)
                name = ctypes.create_string_buffer(size)
                raw.FPDFFont_GetBaseFontName(font, name, size)
                fonts[name.value.decode("latin-1")] = bool(raw.FPDFFont_GetIsEmbedded(font))
    finally:
        document.close()
    return fonts


def run_checks(selftest: SelfTest, emit: Callable[[Outcome], None]) -> list[Outcome]:
    outcomes = []
    for label, check in selftest.checks():
        try:
            outcome = Outcome(label, True, check())
        except CheckFailed as failure:
            outcome = Outcome(label, False, str(failure))
        except StorageError as error:
            outcome = Outcome(label, False, error.message)
        except Exception as error:  # noqa: BLE001 - every fault is reported, the next check still runs
            outcome = Outcome(label, False, f"程序出错：{type(error).__name__}: {error}")
        outcomes.append(outcome)
        emit(outcome)
    return outcomes


def heading() -> str:
    where = "安装版" if is_frozen() else "源代码"
    return (f"{APP_NAME} {__version__} 自检（{datetime.now():%Y-%m-%d %H:%M}）\n"
            f"程序位置：{Path(sys.executable).parent}（{where}）")


def summary(outcomes: list[Outcome]) -> str:
    failed = sum(not o.ok for o in outcomes)
    if not failed:
        return f"结果：全部 {len(outcomes)} 项通过，程序可以正常使用。"
    return f"结果：{failed} 项失败（共 {len(outcomes)} 项）。请重新安装；如仍失败，请把本报告发给技术支持。"


def report_path() -> Path:
    return data_dir() / REPORT_NAME


def run_selftest() -> int:
    """The whole self-test: 0 if every check passed, 1 otherwise. The report goes to stdout when
    there is one, always to `report_path()`, and into a window when there is no console."""
    lines = [heading()]
    _say(lines[0])
    with tempfile.TemporaryDirectory(prefix="hbaccept-selftest-") as folder:
        selftest = SelfTest(Path(folder))
        outcomes = run_checks(selftest, lambda outcome: (lines.append(outcome.line), _say(outcome.line)))
    lines.append(summary(outcomes))
    _say(lines[-1])
    saved = _save("\n".join(lines))
    _say(saved)
    lines.append(saved)
    if sys.stdout is None:
        _show("\n".join(lines), all(o.ok for o in outcomes))
    return 0 if all(o.ok for o in outcomes) else 1


def _say(line: str) -> None:
    if sys.stdout is not None:  # None in a windowed Windows build
        print(line, flush=True)


def _save(text: str) -> str:
    path = report_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8-sig")  # with a BOM, so every Notepad reads it as UTF-8
    except OSError as error:
        return f"报告无法保存到 {path}：{error.strerror or error}"
    return f"报告已保存到：{path}"


def _show(text: str, ok: bool) -> None:
    """The report in a window, for the windowed build started from a shortcut or a console."""
    from hbaccept_gui.ui.app import make_application
    from hbaccept_gui.ui.qt import QMessageBox

    make_application([sys.argv[0]])
    (QMessageBox.information if ok else QMessageBox.critical)(None, f"{APP_NAME} 自检", text)
