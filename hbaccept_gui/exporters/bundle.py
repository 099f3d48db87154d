"""Export all (一键导出): a folder `<单位名称>_2024年度验收材料_<yyyymmdd>` with every form and report as
Word and PDF, the Excel workbook, the 字符集外字表 (Word and Excel) when the text has characters
outside GB 2312, a zip of the folder and an email draft to the province.

The GUI and the CLI both call `export_all`; it never overwrites an earlier export (a new folder
gets a number instead) and reports, before writing anything, the characters that no export font
can print or that fall outside GBK (older mail and office software at the receiving end).

All or nothing: everything is written into a hidden folder beside its place, read back (`readback`)
and only then moved into place (`staging`); a failure, whatever it is, leaves nothing but what was
there before and is raised as ExportError with a Chinese message."""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hbaccept_gui.core.charset import in_charset, rare_characters
from hbaccept_gui.core.filenames import safe_name
from hbaccept_gui.core.os_errors import explain
from hbaccept_gui.core.participation import exports_charset, programme_names
from hbaccept_gui.core.pipeline import Evaluation
from hbaccept_gui.exporters.eml import STAMPED_SUFFIX, build_message, submission_body, write_eml
from hbaccept_gui.exporters.layout import ExportSet, build_export_set
from hbaccept_gui.exporters.readback import Incomplete, check_file
from hbaccept_gui.exporters.settings import ExportSettings
from hbaccept_gui.exporters.staging import Staging, remove_leftovers

FORMATS = ("docx", "pdf", "xlsx")
#: Files whose content is deflated already (Word and Excel files are zip packages, our PDFs' streams
#: are Flate-compressed): deflating them again in the .zip saved about 6 % of its size and took
#: seven times as long as storing them.
_COMPRESSED = (".docx", ".xlsx", ".pdf")

Progress = Callable[[int, int, str], None]


@dataclass
class ExportResult:
    folder: Path
    files: list[Path] = field(default_factory=list)
    archive: Path | None = None
    email: Path | None = None
    warnings: list[str] = field(default_factory=list)
    draft: bool = False


def folder_name(export_set: ExportSet, today: date) -> str:
    return f"{unit_stem(export_set, '验收材料')}_{today:%Y%m%d}"


def unit_stem(export_set: ExportSet, what: str) -> str:
    """`<单位名称>_2024年度<what>`: the name of a file that is the unit's own, not one of the notice's
    annexes (the workbook, the 字符集外字表)."""
    return f"{safe_name(export_set.unit)}_{export_set.year}年度{what}"


class ExportError(Exception):
    """一键导出 failed and left nothing behind. `message` is complete, in Chinese, for the clerk;
    `internal` marks a fault of the program rather than of the disk: its traceback (`__cause__`)
    belongs in a log, not in front of the clerk."""

    def __init__(self, message: str, internal: bool = False) -> None:
        super().__init__(message)
        self.message, self.internal = message, internal


def free_folder(parent: Path, name: str) -> Path:
    """`parent/name`, or `name_2`, `name_3`… if an earlier export is there: never overwritten. The
    zip and the email draft beside a folder count as its own."""
    candidate, number = parent / name, 2
    while any(p.exists() or p.is_symlink() for p in _outputs(candidate)):
        candidate, number = parent / f"{name}_{number}", number + 1
    return candidate


def _outputs(folder: Path) -> tuple[Path, Path, Path]:
    return folder, folder.with_name(folder.name + ".zip"), folder.with_name(folder.name + ".eml")


def character_warnings(export_set: ExportSet) -> list[str]:
    """Characters to know about before printing: missing from every export font, or outside GBK."""
    from hbaccept_gui.exporters.fonts import missing_characters

    texts = list(_all_texts(export_set))
    warnings = []
    missing = missing_characters(texts)
    if missing:
        shown = "、".join(f"{ch}（U+{ord(ch):04X}）" for ch in missing)
        warnings.append(f"以下字符在导出字体中没有字形，PDF 中无法显示，请改用常用字或造字说明：{shown}")
    outside = sorted({ch for text in texts for ch in text if ch not in "\n\t" and not in_charset(ch, "gbk")})
    if outside:
        shown = "、".join(f"{ch}（U+{ord(ch):04X}）" for ch in outside)
        warnings.append(f"以下字符不在 GBK 字符集内，对方的旧版软件可能显示为方框：{shown}")
    return warnings


def _all_texts(export_set: ExportSet):
    for form in export_set.forms:
        yield form.title
        yield from (field.value for field in form.header_fields + form.footer_fields)
        yield from form.notes
        for row in form.table.header_rows + form.table.body_rows:
            yield from (cell.text for cell in row)
    for report in export_set.reports:
        yield report.title
        yield report.unit
        for section in report.sections:
            yield section.heading
            yield from section.paragraphs


def export_all(evaluation: Evaluation, parent: Path, settings: ExportSettings = ExportSettings(),
               formats: tuple[str, ...] = FORMATS, progress: Progress | None = None,
               today: date | None = None) -> ExportResult:
    """Every file, the zip and the email draft in a new folder in `parent`, or ExportError and
    nothing written (see the module's docstring). Leftovers of killed runs are removed first."""
    step = _Step(progress)
    try:
        export_set = build_export_set(evaluation)
        parent = Path(parent)
        parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(parent)
        target = free_folder(parent, folder_name(export_set, today or date.today()))
        with Staging(parent) as staging:
            result = _write_all(evaluation, export_set, staging.path / target.name, settings, formats, step)
            step.doing = "正在把导出的文件移到所选文件夹"
            staging.commit([(result.archive, parent / result.archive.name), (result.email, parent / result.email.name),
                            (result.folder, target)])  # the folder last: under its name, it is whole
        return _moved(result, target)
    except Incomplete as error:
        raise ExportError(f"导出失败：读回检查时发现“{error.name}”{error.problem}，可能是磁盘空间不足或磁盘出错。"
                          f"{step.left()}") from error
    except OSError as error:
        reason, advice = explain(error)
        raise ExportError(f"导出失败：{reason}（{step.doing}）。{advice}{step.left()}") from error
    except Exception as error:  # noqa: BLE001 - a bug must not leave a half folder or reach the clerk as a traceback
        raise ExportError(f"导出失败：程序出错（{step.doing}）。{step.left()}如再次出现，请联系技术支持。",
                          internal=True) from error


class _Step:
    """What the export is doing, for the progress dialog and for the message if it fails there."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress, self.doing, self.writing = progress, "正在准备导出", False

    def __call__(self, number: int, total: int, message: str) -> None:
        self.doing = message if message.startswith("正在") else f"正在写出 {message}"
        self.writing = True
        if self.progress:
            self.progress(number, total, message)

    def left(self) -> str:
        """What the failure left: nothing, in either case, but the clerk may have seen files begin."""
        return "已写出的部分已删除，没有留下不完整的文件。" if self.writing else "没有写出任何文件。"


def _write_all(evaluation: Evaluation, export_set: ExportSet, folder: Path, settings: ExportSettings,
               formats: tuple[str, ...], step: _Step) -> ExportResult:
    """Everything into `folder` (in the staging folder), the zip and the email draft beside it, each
    read back."""
    steps = _plan(export_set, folder, settings, formats)
    emailed = len(steps)  # the forms and reports; the 字符集外字表 (see `_charset_plan`) stays out of the email
    steps += _charset_plan(evaluation, export_set, folder, settings, formats)
    total = len(steps) + 3
    result = ExportResult(folder, warnings=character_warnings(export_set), draft=export_set.draft)
    folder.mkdir()
    for number, (message, write) in enumerate(steps, 1):
        step(number, total, message)
        result.files.append(write())
    step(total - 2, total, "正在打包 zip")
    result.archive = write_zip(folder, result.files)
    step(total - 1, total, "正在生成邮件草稿")
    result.email = write_email(evaluation, export_set, folder, result.files[:emailed])
    step(total, total, "正在检查导出的文件")
    read_back(result)
    return result


def read_back(result: ExportResult) -> None:
    """Every file, the zip (with every file in it) and the email draft whole, or Incomplete."""
    for path in result.files + [result.email]:
        check_file(path)
    check_file(result.archive, [f"{result.folder.name}/{path.name}" for path in result.files])


def _moved(result: ExportResult, target: Path) -> ExportResult:
    """`result` with the paths its files have after the move into place."""
    parent = target.parent
    return ExportResult(target, [target / path.name for path in result.files], parent / result.archive.name,
                        parent / result.email.name, result.warnings, result.draft)


def _plan(export_set: ExportSet, folder: Path, settings: ExportSettings, formats: tuple[str, ...]):
    """(message, writer) for every form and report file, in the order a clerk reads them."""
    steps = []
    if "docx" in formats:
        from hbaccept_gui.exporters import docx

        for form in export_set.forms:
            steps.append((f"Word：{form.annex_label}", _bind(docx.write_form_docx, form, folder / f"{form.file_stem}.docx", settings)))
        for report in export_set.reports:
            steps.append((f"Word：{report.title}", _bind(docx.write_report_docx, report, folder / f"{report.file_stem}.docx", settings)))
    if "pdf" in formats:
        from hbaccept_gui.exporters import page_code, pdf

        for form in export_set.forms:
            steps.append((f"PDF：{form.annex_label}", _bind(pdf.write_form_pdf, form, folder / f"{form.file_stem}.pdf", settings,
                                                            draft=export_set.draft,
                                                            code=page_code.document_code(export_set, form))))
        for report in export_set.reports:
            steps.append((f"PDF：{report.title}", _bind(pdf.write_report_pdf, report, folder / f"{report.file_stem}.pdf", settings,
                                                         draft=export_set.draft,
                                                         code=page_code.document_code(export_set, report))))
    if "xlsx" in formats:
        from hbaccept_gui.exporters import xlsx

        workbook = folder / f"{unit_stem(export_set, '验收材料')}.xlsx"
        steps.append(("Excel 工作簿", _bind(xlsx.write_workbook, export_set, workbook)))
    return steps


def _charset_plan(evaluation: Evaluation, export_set: ExportSet, folder: Path, settings: ExportSettings,
                  formats: tuple[str, ...]):
    """The 字符集外字表 as Word and/or Excel, as chosen, when there are characters to list. It goes
    with the resources the library hands in later (材料清单, deadline 「resources」), not with the
    stamped reports and forms the email sends to 省厅公共服务处: it is in the folder and the zip only,
    and only for a unit whose projects ask for it (core/participation)."""
    if not exports_charset(evaluation.definition, evaluation.document):
        return []  # not a material of the unit's projects (材料清单)
    rare = rare_characters(evaluation.definition, evaluation.document)
    if not rare:
        return []
    from hbaccept_gui.exporters.charset_layout import charset_form

    form = charset_form(evaluation, rare)
    stem = unit_stem(export_set, form.file_stem)
    steps = []
    if "docx" in formats:
        from hbaccept_gui.exporters.charset_docx import write_charset_docx

        steps.append((f"Word：{form.file_stem}", _bind(write_charset_docx, form, folder / f"{stem}.docx", settings)))
    if "xlsx" in formats:
        from hbaccept_gui.exporters.charset_xlsx import write_charset_xlsx

        steps.append((f"Excel：{form.file_stem}", _bind(write_charset_xlsx, form, folder / f"{stem}.xlsx",
                                                        draft=export_set.draft)))
    return steps


def _bind(function, *args, **kwargs):
    return lambda: function(*args, **kwargs)


def write_zip(folder: Path, files: list[Path]) -> Path:
    """The folder as one .zip beside it (UTF-8 names, which Windows 10/11 Explorer reads); files
    compressed already are stored as they are."""
    archive = folder.with_name(folder.name + ".zip")
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        for path in files:
            stored = path.suffix.lower() in _COMPRESSED
            handle.write(path, f"{folder.name}/{path.name}", compress_type=zipfile.ZIP_STORED if stored else None)
    return archive


def write_email(evaluation: Evaluation, export_set: ExportSet, folder: Path, files: list[Path]) -> Path:
    definition = evaluation.definition
    unit = export_set.unit or "（单位名称）"
    programmes = programme_names(definition, evaluation.document.programmes)  # only those taken part in
    subject = f"{unit}{definition.year}年度{programmes}验收材料"
    attachments = [p for p in files if p.suffix in (".docx", ".pdf")]
    body = submission_body(unit, definition.year, programmes, _header(evaluation, "contact"),
                           _header(evaluation, "phone"), attachments)
    message = build_message(definition.mailbox, subject, body, attachments)
    return write_eml(message, folder.with_name(folder.name + ".eml"))


def stamped_submission(evaluation: Evaluation, folder: Path) -> Path | None:
    """After 导入盖章扫描件 wrote 「…（盖章版）.pdf」 into an export folder: the email draft again, now
    carrying what the notice asks for (the stamped PDFs and the Word files, not the unstamped PDFs),
    and the folder's zip again with the stamped files in it. None when `folder` holds no Word file
    and no stamped PDF of this document's forms and reports (not an export folder of it)."""
    export_set = build_export_set(evaluation)
    stems = [x.file_stem for x in export_set.forms + export_set.reports]
    words = [folder / f"{stem}.docx" for stem in stems if (folder / f"{stem}.docx").is_file()]
    stamped = [folder / f"{stem}{STAMPED_SUFFIX}" for stem in stems if (folder / f"{stem}{STAMPED_SUFFIX}").is_file()]
    if not words or not stamped:
        return None
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=".hbaccept-zip-") as scratch:
        os.replace(write_zip(Path(scratch) / folder.name, files), folder.with_name(folder.name + ".zip"))
    return write_email(evaluation, export_set, folder, words + stamped)


def _header(evaluation: Evaluation, field_id: str) -> str:
    value = evaluation.document.header.get(field_id)
    return value if isinstance(value, str) else ""
