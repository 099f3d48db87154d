"""Export all (一键导出): a folder `<单位名称>_2024年度验收材料_<yyyymmdd>` with every form and report as
Word and PDF, the Excel workbook, the 字符集外字表 (Word and Excel) when the text has characters
outside GB 2312, a zip of the folder and an email draft to the province.

The GUI and the CLI both call `export_all`; it never overwrites an earlier export (a new folder
gets a number instead) and reports, before writing anything, the characters that no export font
can print or that fall outside GBK (older mail and office software at the receiving end)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hbaccept_gui.core.charset import in_charset, rare_characters
from hbaccept_gui.core.pipeline import Evaluation
from hbaccept_gui.exporters.eml import build_message, write_eml
from hbaccept_gui.exporters.layout import ExportSet, build_export_set
from hbaccept_gui.exporters.settings import ExportSettings

FORMATS = ("docx", "pdf", "xlsx")
#: Files whose content is deflated already (Word and Excel files are zip packages, our PDFs' streams
#: are Flate-compressed): deflating them again in the .zip saved about 6 % of its size and took
#: seven times as long as storing them.
_COMPRESSED = (".docx", ".xlsx", ".pdf")
_UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

Progress = Callable[[int, int, str], None]


@dataclass
class ExportResult:
    folder: Path
    files: list[Path] = field(default_factory=list)
    archive: Path | None = None
    email: Path | None = None
    warnings: list[str] = field(default_factory=list)
    draft: bool = False


def safe_name(text: str, fallback: str = "未填写单位") -> str:
    """A file or folder name Windows accepts: no reserved characters, no trailing dots or spaces."""
    cleaned = _UNSAFE_IN_NAMES.sub("", text).strip().rstrip(". ")
    return cleaned[:60] or fallback


def folder_name(export_set: ExportSet, today: date) -> str:
    return f"{unit_stem(export_set, '验收材料')}_{today:%Y%m%d}"


def unit_stem(export_set: ExportSet, what: str) -> str:
    """`<单位名称>_2024年度<what>`: the name of a file that is the unit's own, not one of the notice's
    annexes (the workbook, the 字符集外字表)."""
    return f"{safe_name(export_set.unit)}_{export_set.year}年度{what}"


def free_folder(parent: Path, name: str) -> Path:
    """`parent/name`, or `name_2`, `name_3`… if an earlier export is there: never overwritten."""
    candidate, number = parent / name, 2
    while candidate.exists():
        candidate, number = parent / f"{name}_{number}", number + 1
    return candidate


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
        yield from (value for _label, value in form.header_fields + form.footer_fields)
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
    export_set = build_export_set(evaluation)
    folder = free_folder(parent, folder_name(export_set, today or date.today()))
    steps = _plan(export_set, folder, settings, formats)
    emailed = len(steps)  # the forms and reports; the 字符集外字表 (see `_charset_plan`) stays out of the email
    steps += _charset_plan(evaluation, export_set, folder, settings, formats)
    total = len(steps) + 2
    result = ExportResult(folder, warnings=character_warnings(export_set), draft=export_set.draft)
    folder.mkdir(parents=True)
    for number, (message, write) in enumerate(steps, 1):
        if progress:
            progress(number, total, message)
        result.files.append(write())
    if progress:
        progress(total - 1, total, "正在打包 zip")
    result.archive = write_zip(folder, result.files)
    if progress:
        progress(total, total, "正在生成邮件草稿")
    result.email = write_email(evaluation, export_set, folder, result.files[:emailed])
    return result


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
        from hbaccept_gui.exporters import pdf

        for form in export_set.forms:
            steps.append((f"PDF：{form.annex_label}", _bind(pdf.write_form_pdf, form, folder / f"{form.file_stem}.pdf", settings,
                                                            draft=export_set.draft)))
        for report in export_set.reports:
            steps.append((f"PDF：{report.title}", _bind(pdf.write_report_pdf, report, folder / f"{report.file_stem}.pdf", settings,
                                                         draft=export_set.draft)))
    if "xlsx" in formats:
        from hbaccept_gui.exporters import xlsx

        workbook = folder / f"{unit_stem(export_set, '验收材料')}.xlsx"
        steps.append(("Excel 工作簿", _bind(xlsx.write_workbook, export_set, workbook)))
    return steps


def _charset_plan(evaluation: Evaluation, export_set: ExportSet, folder: Path, settings: ExportSettings,
                  formats: tuple[str, ...]):
    """The 字符集外字表 as Word and/or Excel, as chosen, when there are characters to list. It goes
    with the resources the library hands in later (材料清单, deadline 「resources」), not with the
    stamped reports and forms the email sends to 省厅公共服务处: it is in the folder and the zip only."""
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
    programmes = "和".join(p.name for p in definition.programmes)
    subject = f"{unit}{definition.year}年度{programmes}验收材料"
    body = (f"省厅公共服务处：\n\n"
            f"    现报送{unit}{definition.year}年度{programmes}验收材料，包括总结报告、任务指标完成情况表、"
            f"完成情况明细表和绩效自评表（盖章扫描件及 Word 版），请审阅。\n\n"
            f"{unit}\n联系人：{_header(evaluation, 'contact')}  联系电话：{_header(evaluation, 'phone')}\n")
    attachments = [p for p in files if p.suffix in (".docx", ".pdf")]
    message = build_message(definition.mailbox, subject, body, attachments)
    return write_eml(message, folder.with_name(folder.name + ".eml"))


def _header(evaluation: Evaluation, field_id: str) -> str:
    value = evaluation.document.header.get(field_id)
    return value if isinstance(value, str) else ""
